// SPDX-License-Identifier: GPL-3.0-or-later
// A kept run's results as bytes, for session files: every trial's measures (the learning
// curves), the changes marked during the run, the weight map, and the records of the trials
// the comparison draws (trial 1 and the last kSavedRecentTrials kept, their velocity traces
// and Purkinje spikes). Little-endian, exact (floats and doubles bit for bit), compressed.
// Reading checks every count against the bytes left and every value that indexes something
// (phases, microzones, cells, the map's shape), so a broken file gives an error, never a
// record the panels cannot draw.
#pragma once

#include <QByteArray>
#include <QString>
#include <variant>

#include "run_history.hpp"

namespace flocculus::ui {

// Trial records kept at the end of a saved run (the comparison's simple-spike rates use
// the last ten).
inline constexpr int kSavedRecentTrials = 10;
// A run's results take at most this much once uncompressed.
inline constexpr qint64 kMaxSavedRunBytes = qint64{256} << 20;

// The results of `r` (metrics, marks, weights, records of trial 1 and of the last trials).
QByteArray saved_run_bytes(const RunRecord& r);

// Fills the results of `r` from bytes written by saved_run_bytes. Returns a one-line error
// (naming what is wrong) or empty; `r` is changed only on success.
QString read_saved_run(const QByteArray& bytes, RunRecord& r);

}  // namespace flocculus::ui
