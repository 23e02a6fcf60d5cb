// SPDX-License-Identifier: GPL-3.0-or-later
// The VOR task's scene: the head seen from above turning to and fro, the eye counter-
// rotating in it, the world around it as seen through the spectacles (or nothing, in the
// dark), the retinal slip as an arrow; below, eye and head velocity in the current trial,
// and the learning curve of the dark VOR gain with the probe trials marked.
#pragma once

#include <QWidget>
#include <cstdint>
#include <memory>

#include "exportable.hpp"
#include "runner.hpp"
#include "task_scene.hpp"

namespace flocculus::ui {

class VorSceneWidget : public QWidget, public TaskScene, public Exportable {
    Q_OBJECT

  public:
    explicit VorSceneWidget(QWidget* parent = nullptr);

    void show_snapshot(std::shared_ptr<const Snapshot> s) override;

    // For tests: what the last paint showed.
    std::uint64_t painted_sequence() const { return painted_sequence_; }
    bool painted_dark() const { return painted_dark_; }
    double painted_slip_deg_s() const { return painted_slip_; }
    int painted_probes() const { return painted_probes_; }
    QString painted_label() const { return painted_label_; }  // what the trial is, top left

    QString export_name() const override { return QStringLiteral("vor-scene"); }
    QString export_title() const override { return tr("VOR scene (head, eye and world)"); }
    QWidget* export_widget() const override { return const_cast<VorSceneWidget*>(this); }
    PlotTable export_table() const override;

    QSize sizeHint() const override { return {520, 520}; }
    QSize minimumSizeHint() const override { return {240, 240}; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    void paint_top_view(QPainter& p, const QRectF& r);
    void paint_velocities(QPainter& p, const QRectF& r) const;
    void paint_gain_curve(QPainter& p, const QRectF& r) const;

    std::shared_ptr<const Snapshot> snapshot_;
    std::uint64_t painted_sequence_ = 0;
    bool painted_dark_ = false;
    double painted_slip_ = 0;
    QString painted_label_;
    mutable int painted_probes_ = 0;
};

}  // namespace flocculus::ui
