// SPDX-License-Identifier: GPL-3.0-or-later
// Writes what the plots offer (exportable.hpp) to files: a picture as PNG (twice the
// on-screen resolution), SVG or PDF (vector graphics), or the data as CSV. Also writes the
// whole recording of a run so far exactly as `flocculus-cli run --out` does. Every file is
// written to a temporary name and renamed into place only when complete.
#pragma once

#include <QByteArray>
#include <QSize>
#include <QString>
#include <optional>
#include <span>

#include "exportable.hpp"
#include "runner.hpp"

namespace flocculus::ui {

enum class ExportFormat { Png, Svg, Pdf, Csv };

struct ExportFormatInfo {
    ExportFormat format;
    const char* suffix;  // "png"
    const char* filter;  // for file dialogs: "PNG image (*.png)"
};

inline constexpr double kPngScale = 2.0;       // pixels per on-screen pixel
inline constexpr QSize kFallbackExportSize{900, 600};  // for a widget never laid out

std::span<const ExportFormatInfo> export_formats();
const ExportFormatInfo& export_format_info(ExportFormat f);
// The format a file name asks for by its suffix, if any.
std::optional<ExportFormat> export_format_for(const QString& path);
// "PNG image (*.png);;SVG drawing (*.svg);;..." for file dialogs.
QString export_filters();

// The size (on-screen pixels) the picture of `e` is drawn at.
QSize export_size(const Exportable& e);

// The table as CSV: a header of the columns, then one line per row; cells with commas,
// quotes or line breaks are quoted.
QByteArray csv_bytes(const PlotTable& table);

// Writes `e` to `path` in `format`. Returns an error message, or empty on success.
QString export_plot(const Exportable& e, const QString& path, ExportFormat format);

// The recording of the run so far, for export_recording.
struct RecordingInfo {
    std::size_t completed = 0;  // trials completed
    std::size_t kept = 0;       // of which the records are kept (the first ones)
};
RecordingInfo recording_info(const Snapshot& s);

// Writes summary.json, trials.csv, purkinje_spikes.csv and traces.csv of the snapshot's
// completed trials into `dir` (created if missing), in the command line's columns, and
// changes.csv when changes were made during the run (Snapshot::marks). Returns
// an error, or empty on success; `note` receives a remark for the user (trials not kept).
QString export_recording(const Snapshot& s, const QString& dir, QString* note = nullptr);
// The file names export_recording writes for every run (changes.csv aside).
QStringList recording_files();

}  // namespace flocculus::ui
