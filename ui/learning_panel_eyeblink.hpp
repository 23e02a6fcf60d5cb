// SPDX-License-Identifier: GPL-3.0-or-later
// The learning curves of the eyeblink protocols (shown by LearningPanel in place of the
// pursuit curves): the CR rate per block of trials (core/task/eyeblink_display.hpp), and below
// it the mean CR onset and peak times per block, in ms after tone onset, with the puff's time
// (the ISI) marked. Phases and changes made during the run (scheduled lesions included) are
// vertical lines with short labels. Everything comes from the snapshot's trial measures.
#pragma once

#include <QStringList>
#include <QWidget>
#include <memory>
#include <vector>

#include "exportable.hpp"
#include "runner.hpp"

class QCustomPlot;
class QCPAbstractItem;
class QCPAxisRect;
class QCPGraph;
class QCPItemText;

namespace flocculus::ui {

class EyeblinkLearning : public QWidget {
    Q_OBJECT

  public:
    explicit EyeblinkLearning(QWidget* parent = nullptr);

    void show_snapshot(const Snapshot& s);

    QCustomPlot* plot() const { return plot_; }
    PlotTable export_table() const;

    // For tests and screenshots.
    int cr_points() const;
    int onset_points() const;
    int peak_points() const;
    double isi_drawn_ms() const { return isi_ms_; }
    int marks_drawn() const { return static_cast<int>(mark_labels_.size()); }
    QStringList mark_labels() const;  // changes of one trial: one a line
    // The labels' boxes in the plot's pixels (for checking that none is clipped).
    std::vector<QRectF> mark_label_rects() const;
    QCPAxisRect* rate_rect() const { return rate_rect_; }
    QCPAxisRect* timing_rect() const { return timing_rect_; }

  private:
    void set_ranges();

    QCustomPlot* plot_;
    QCPAxisRect* rate_rect_ = nullptr;
    QCPAxisRect* timing_rect_ = nullptr;
    QCPGraph* rate_ = nullptr;
    QCPGraph* onset_ = nullptr;
    QCPGraph* peak_ = nullptr;
    QCPGraph* isi_ = nullptr;
    std::vector<QCPAbstractItem*> items_;  // phase and mark lines and labels
    std::vector<QCPItemText*> mark_labels_;
    std::vector<CrBlock> blocks_;
    std::shared_ptr<const std::vector<RunMark>> marks_;
    double isi_ms_ = 0;
    double auto_last_ = 10, auto_time_high_ = 300;
};

}  // namespace flocculus::ui
