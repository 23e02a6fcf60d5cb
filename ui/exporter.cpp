// SPDX-License-Identifier: GPL-3.0-or-later
#include "exporter.hpp"

#include <qcustomplot.h>

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <limits>

#include "record/files.hpp"
#include "record/run_writer.hpp"
#include "task/metrics.hpp"

namespace flocculus::ui {
namespace {

constexpr std::array<ExportFormatInfo, 4> kFormats{{
    {ExportFormat::Png, "png", "PNG image (*.png)"},
    {ExportFormat::Svg, "svg", "SVG drawing (*.svg)"},
    {ExportFormat::Pdf, "pdf", "PDF document (*.pdf)"},
    {ExportFormat::Csv, "csv", "CSV table (*.csv)"},
}};

constexpr QSize kMinimumPlotSize{160, 120};
constexpr double kInchesPerMetre = 39.3700787;

QString write_atomically(const QString& path, const QByteArray& bytes) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        return QStringLiteral("cannot write %1 (%2)")
            .arg(QDir::toNativeSeparators(path), f.errorString());
    return {};
}

QCustomPlot* as_plot(const Exportable& e) { return qobject_cast<QCustomPlot*>(e.export_widget()); }

int screen_dpi(const Exportable& e) {
    const QWidget* w = e.export_widget();
    return w && w->logicalDpiX() > 0 ? w->logicalDpiX() : 96;
}

// Paints the exportable onto an active painter, `size` on-screen pixels large.
void paint(const Exportable& e, QPainter& painter, QSize size, bool vector) {
    if (QCustomPlot* plot = as_plot(e)) {
        auto& p = static_cast<QCPPainter&>(painter);
        p.setMode(QCPPainter::pmVectorized, vector);
        p.setMode(QCPPainter::pmNoCaching, true);
        plot->toPainter(&p, size.width(), size.height());
        return;
    }
    QWidget* w = e.export_widget();
    w->render(&painter, QPoint(), QRegion(QRect(QPoint(), size)));
}

// Runs `draw` with a painter on `device`: a QCPPainter for plots, whose export functions need
// one, else a plain QPainter.
template <typename Draw>
bool with_painter(const Exportable& e, QPaintDevice* device, Draw draw) {
    if (as_plot(e)) {
        QCPPainter p;
        if (!p.begin(device)) return false;
        draw(static_cast<QPainter&>(p));
        return p.end();
    }
    QPainter p;
    if (!p.begin(device)) return false;
    draw(p);
    return p.end();
}

std::variant<QByteArray, QString> png_bytes(const Exportable& e, QSize size) {
    QImage image;
    if (QCustomPlot* plot = as_plot(e)) {
        image = plot->toPixmap(size.width(), size.height(), kPngScale).toImage();
    } else {
        image = QImage(size * kPngScale, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(kPngScale);
        image.fill(Qt::white);
        QPainter p(&image);
        paint(e, p, size, false);
    }
    const auto dpm = static_cast<int>(std::lround(screen_dpi(e) * kPngScale * kInchesPerMetre));
    image.setDotsPerMeterX(dpm);
    image.setDotsPerMeterY(dpm);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (image.isNull() || !image.save(&buffer, "PNG")) return QStringLiteral("cannot draw the picture");
    return bytes;
}

std::variant<QByteArray, QString> svg_bytes(const Exportable& e, QSize size) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(), size));
    svg.setResolution(screen_dpi(e));
    svg.setTitle(e.export_title());
    svg.setDescription(QStringLiteral("Flocculus"));
    if (!with_painter(e, &svg, [&](QPainter& p) { paint(e, p, size, true); }))
        return QStringLiteral("cannot draw the picture");
    return bytes;
}

std::variant<QByteArray, QString> pdf_bytes(const Exportable& e, QSize size) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    // One page exactly the picture's size, at screen resolution, so that text keeps its
    // on-screen proportions.
    const int dpi = screen_dpi(e);
    QPdfWriter pdf(&buffer);
    pdf.setResolution(dpi);
    pdf.setTitle(e.export_title());
    pdf.setCreator(QStringLiteral("Flocculus"));
    const QSizeF points(size.width() * 72.0 / dpi, size.height() * 72.0 / dpi);
    pdf.setPageLayout(QPageLayout(QPageSize(points, QPageSize::Point, QString(),
                                            QPageSize::ExactMatch),
                                  QPageLayout::Portrait, QMarginsF()));
    const bool ok = with_painter(e, &pdf, [&](QPainter& p) {
        p.setWindow(QRect(QPoint(), size));
        paint(e, p, size, true);
    });
    if (!ok) return QStringLiteral("cannot draw the picture");
    buffer.close();
    return bytes;
}

QString quoted_csv(const QString& cell) {
    static const QString kSpecial = QStringLiteral(",\"\n\r");
    if (std::none_of(cell.begin(), cell.end(), [](QChar c) { return kSpecial.contains(c); }))
        return cell;
    QString q = cell;
    q.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

QString csv_line(const QStringList& cells) {
    QStringList out;
    out.reserve(cells.size());
    for (const QString& c : cells) out << quoted_csv(c);
    return out.join(QLatin1Char(',')) + QLatin1Char('\n');
}

}  // namespace

std::span<const ExportFormatInfo> export_formats() { return kFormats; }

const ExportFormatInfo& export_format_info(ExportFormat f) {
    for (const auto& info : kFormats)
        if (info.format == f) return info;
    return kFormats[0];
}

std::optional<ExportFormat> export_format_for(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    for (const auto& info : kFormats)
        if (suffix == QLatin1String(info.suffix)) return info.format;
    return std::nullopt;
}

QString export_filters() {
    QStringList filters;
    for (const auto& info : kFormats) filters << QString::fromLatin1(info.filter);
    return filters.join(QStringLiteral(";;"));
}

QSize export_size(const Exportable& e) {
    const QWidget* w = e.export_widget();
    if (!w) return kFallbackExportSize;
    const QSize size = w->size();
    if (as_plot(e) && (size.width() < kMinimumPlotSize.width() ||
                       size.height() < kMinimumPlotSize.height()))
        return kFallbackExportSize;  // a plot not laid out yet can be drawn at any size
    return size;
}

QByteArray csv_bytes(const PlotTable& table) {
    QString text = csv_line(table.columns);
    for (const QStringList& row : table.rows) text += csv_line(row);
    return text.toUtf8();
}

QString export_plot(const Exportable& e, const QString& path, ExportFormat format) {
    if (!e.export_widget()) return QStringLiteral("%1 has nothing to draw").arg(e.export_title());
    const QSize size = export_size(e);
    std::variant<QByteArray, QString> bytes;
    switch (format) {
        case ExportFormat::Png: bytes = png_bytes(e, size); break;
        case ExportFormat::Svg: bytes = svg_bytes(e, size); break;
        case ExportFormat::Pdf: bytes = pdf_bytes(e, size); break;
        case ExportFormat::Csv: {
            const PlotTable table = e.export_table();
            for (const QStringList& row : table.rows)
                if (row.size() != table.columns.size())
                    return QStringLiteral("%1: a row of the table has %2 cells for %3 columns")
                        .arg(e.export_title())
                        .arg(row.size())
                        .arg(table.columns.size());
            bytes = csv_bytes(table);
            break;
        }
    }
    if (auto* error = std::get_if<QString>(&bytes)) return *error;
    return write_atomically(path, std::get<QByteArray>(bytes));
}

RecordingInfo recording_info(const Snapshot& s) {
    RecordingInfo info;
    info.completed = s.metrics ? s.metrics->size() : 0;
    info.kept = s.trials ? std::min(s.trials->size(), info.completed) : 0;
    return info;
}

QStringList recording_files() {
    return {QStringLiteral("summary.json"), QStringLiteral("trials.csv"),
            QStringLiteral("purkinje_spikes.csv"), QStringLiteral("traces.csv")};
}

QString export_recording(const Snapshot& s, const QString& dir, QString* note) {
    const RecordingInfo info = recording_info(s);
    if (info.kept == 0) return QStringLiteral("no trial has been completed yet: nothing to export");
    const std::filesystem::path out = QDir::cleanPath(dir).toStdString();
    if (const std::string e = prepare_output_dir(out); !e.empty()) return QString::fromStdString(e);
    RunWriter writer(out, s.config.params.record_purkinje, OutputFormat::Csv, "flocculus export");
    if (!writer.ok()) return QString::fromStdString(writer.error());
    const auto kept = static_cast<std::ptrdiff_t>(info.kept);
    const std::vector<TrialMetrics> metrics(s.metrics->begin(), s.metrics->begin() + kept);
    for (std::size_t i = 0; i < info.kept; ++i) writer.add_trial(*(*s.trials)[i], metrics[i]);

    SummaryInfo summary;
    const std::string_view protocol = protocol_info(s.config.protocol).name;
    summary.protocol = std::string(protocol);
    summary.seed = s.config.seed;
    summary.trials = static_cast<int>(info.kept);
    summary.parameters = s.config.params;
    summary.lesions = s.config.lesions.describe();
    summary.metrics = summarize(s.config.protocol, metrics);
    // The GUI's pace is the user's choice, not a measure of the run: left undefined (null).
    summary.wall_s = std::numeric_limits<double>::quiet_NaN();
    summary.realtime_factor = std::numeric_limits<double>::quiet_NaN();
    if (const std::string e = writer.finish(summary); !e.empty()) return QString::fromStdString(e);
    // Changes made during the run (lesions, parameters), by the first trial run with them.
    if (s.marks && !s.marks->empty()) {
        PlotTable changes;
        changes.columns = {QStringLiteral("trial"), QStringLiteral("t_ms"),
                           QStringLiteral("change")};
        for (const RunMark& m : *s.marks)
            changes.rows.push_back({QString::number(m.trial), table_number(m.t_ms, 1),
                                    QString::fromStdString(m.label)});
        const QString path = QDir(dir).filePath(QStringLiteral("changes.csv"));
        if (QString e = write_atomically(path, csv_bytes(changes)); !e.isEmpty()) return e;
    }
    if (note) {
        note->clear();
        if (info.kept < info.completed)
            *note = QStringLiteral("Trials %1-%2 are not in the files: the run keeps the records "
                                   "of its first %3 trials only (memory). Use flocculus-cli run "
                                   "--out for the whole run.")
                        .arg(info.kept + 1)
                        .arg(info.completed)
                        .arg(info.kept);
    }
    return {};
}

}  // namespace flocculus::ui
