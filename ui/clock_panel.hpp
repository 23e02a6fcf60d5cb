// SPDX-License-Identifier: GPL-3.0-or-later
// The granular-layer clock, large (the Clock tab, shown during the eyeblink protocols): the
// similarity of the granule cells' population vectors between every two times in the tone
// (the measure of the eyeblink scene's small map, core/task/eyeblink_display.hpp), on a
// perceptual colour scale, and its mean against the time between them, with a line of
// explanation for students.
#pragma once

#include <QWidget>
#include <memory>

#include "exportable.hpp"
#include "runner.hpp"

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPGraph;
class QLabel;

namespace flocculus::ui {

class ClockPanel : public QWidget {
    Q_OBJECT

  public:
    explicit ClockPanel(QWidget* parent = nullptr);

    // Redraws when a trial has been completed since the last snapshot shown.
    void show_snapshot(const Snapshot& s);

    // The map and the curve: one exportable each (the picture is the whole figure).
    const std::vector<Exportable*>& exportables() const { return exportables_; }
    QCustomPlot* plot() const { return plot_; }
    QLabel* caption() const { return caption_; }

    // For tests: what is drawn.
    int bins_shown() const { return clock_.bins; }
    int trials_averaged() const { return clock_.trials; }
    int lag_points() const;
    double similarity_at(int i, int j) const;  // as mapped (NaN outside)

  private:
    PlotTable matrix_table() const;
    PlotTable lag_table() const;

    QCustomPlot* plot_;
    QCPColorMap* map_ = nullptr;
    QCPColorScale* scale_ = nullptr;
    QCPGraph* lag_ = nullptr;
    QLabel* caption_;
    GranularClock clock_;
    std::size_t shown_trials_ = static_cast<std::size_t>(-1);
    std::uint64_t shown_run_ = 0;
    std::vector<std::unique_ptr<Exportable>> owned_;
    std::vector<Exportable*> exportables_;
};

}  // namespace flocculus::ui
