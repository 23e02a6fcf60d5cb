// SPDX-License-Identifier: GPL-3.0-or-later
// The look shared by the plot panels.
#pragma once

#include <QFont>
#include <QString>
#include <QStringList>
#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

#include "runner.hpp"

class QCustomPlot;
class QCPAxis;
class QCPAxisRect;
class QCPItemText;

namespace flocculus::ui {

// `base` scaled by `factor`, optionally bold.
inline QFont scaled_font(const QFont& base, double factor, bool bold = false) {
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * factor);
    f.setBold(bold);
    return f;
}

// Adds a bold heading at (row, 0) of the plot's layout and beneath it, at (row + 1, 0), an
// axis rect in the panels' style: axes left and bottom only, a light vertical grid, and
// time from motion onset along x over the recorded trial, a tick every 100 ms.
QCPAxisRect* add_trial_time_rect(QCustomPlot* plot, int row, const QString& title);

// Gives a single-axis-rect plot a bold title above it and its legend centred below it, laid
// out in `columns` columns filled row by row.
void add_title_and_bottom_legend(QCustomPlot* plot, const QString& title, int columns);

// Aligns the label of a change drawn as a vertical line at `x` (plot coordinates of
// `x_axis`): to the right of the line, or to its left where it would run past the axis
// rect's right edge and fits there. Call it after the axis's range is set.
void place_mark_label(QCPItemText* label, const QCPAxis* x_axis, double x);

// Lets the user zoom (mouse wheel) and pan (drag) every axis rect of the plot. Once the
// user has done so the panel keeps its hands off the ranges (user_view() is true) until a
// double-click, which clears it and calls `reset` to let the panel set its ranges again.
void enable_navigation(QCustomPlot* plot, std::function<void()> reset);
// Whether the user has zoomed or panned the plot since the last double-click.
bool user_view(const QCustomPlot* plot);
// Restores the panel's own ranges, as a double-click does.
void reset_view(QCustomPlot* plot);

// The changes made during a run, grouped by the trial they took effect on (in their order):
// the learning plots draw one mark a trial, labelled with all of its changes.
std::vector<std::pair<std::size_t, QStringList>> marks_by_trial(const std::vector<RunMark>& marks);

}  // namespace flocculus::ui
