// SPDX-License-Identifier: GPL-3.0-or-later
// The screen as the subject sees it: the target and the gaze on a degree grid, each with
// a short fading trail taken from the current trial's trace.
#pragma once

#include <QPointF>
#include <QWidget>
#include <cstdint>
#include <memory>

#include "exportable.hpp"
#include "runner.hpp"

namespace flocculus::ui {

class SceneWidget : public QWidget, public Exportable {
    Q_OBJECT

public:
    static constexpr double kHalfWidthDeg = 20.0;  // the screen spans ±20 deg
    static constexpr double kTrailMs = 300.0;

    explicit SceneWidget(QWidget* parent = nullptr);

    // Shows this snapshot at the next paint.
    void show_snapshot(std::shared_ptr<const Snapshot> s);
    // Adds "instruction" to the legend (the protocol gives one on some trials).
    void set_protocol_instructs(bool instructs);

    // For tests: the sequence of the snapshot last painted, and the number of paints.
    std::uint64_t painted_sequence() const { return painted_sequence_; }
    int paint_count() const { return paint_count_; }

    // Exportable: the screen, and the positions in the current trial so far (before it
    // starts, in the trial just completed). The picture is drawn by a hidden copy of this
    // widget sized to the screen alone, without the space the window may leave around it.
    static constexpr int kExportSide = 520;
    QString export_name() const override { return QStringLiteral("scene"); }
    QString export_title() const override { return tr("Screen (target and eye)"); }
    QWidget* export_widget() const override;
    PlotTable export_table() const override;

    QSize sizeHint() const override { return {520, 520}; }
    QSize minimumSizeHint() const override { return {240, 240}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QRectF screen_rect() const;
    QPointF to_pixels(double x_deg, double y_deg) const;
    void paint_grid(QPainter& p) const;
    void paint_trails(QPainter& p) const;
    void paint_markers(QPainter& p) const;
    void paint_readout(QPainter& p) const;
    void paint_legend(QPainter& p) const;

    std::shared_ptr<const Snapshot> snapshot_;
    bool protocol_instructs_ = false;
    mutable std::unique_ptr<SceneWidget> export_view_;  // created on the first export
    std::uint64_t painted_sequence_ = 0;
    int paint_count_ = 0;
};

}  // namespace flocculus::ui
