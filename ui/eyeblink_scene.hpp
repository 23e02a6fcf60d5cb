// SPDX-License-Identifier: GPL-3.0-or-later
// The eyeblink protocols' scene (DESIGN §5.1): the eye, whose lid closes with the model's
// eyelid signal, with the tone and the puff shown as they happen; the lid's closure in the
// current trial over the last ones, CS onset and US marked; the CR rate per block of 10
// trials; and the granular-layer clock, the similarity of granule population vectors between
// times in the tone (mean of the last trials).
#pragma once

#include <QWidget>
#include <memory>

#include "runner.hpp"
#include "task/eyeblink_display.hpp"

class QCustomPlot;
class QCPGraph;
class QCPColorMap;
class QCPItemStraightLine;

namespace flocculus::ui {

class EyeView;

class EyeblinkScene : public QWidget {
    Q_OBJECT

  public:
    // Trials whose lid traces are drawn behind the current one, and over which the clock is
    // averaged.
    static constexpr int kShownTrials = 10;
    static constexpr int kClockTrials = flocculus::kClockTrials;

    explicit EyeblinkScene(QWidget* parent = nullptr);

    void show_snapshot(std::shared_ptr<const Snapshot> s);

    // For tests and displays: what is shown.
    double lid_closure() const { return closure_; }
    bool tone_on() const { return tone_; }
    bool puff_on() const { return puff_; }
    int traces_shown() const { return traces_shown_; }
    int cr_blocks_shown() const { return cr_blocks_; }
    int clock_bins_shown() const { return clock_bins_; }
    // Similarity of the clock's population vectors 100 ms and 400 ms apart (NaN before any).
    double clock_similarity_100_ms() const { return clock_near_; }
    double clock_similarity_400_ms() const { return clock_far_; }

    QSize sizeHint() const override { return {560, 520}; }
    QSize minimumSizeHint() const override { return {320, 300}; }

  private:
    void update_lid_plot(const Snapshot& s, bool new_trial);
    void update_cr_plot(const Snapshot& s);
    void update_clock(const Snapshot& s);

    EyeView* eye_;
    QCustomPlot* lid_plot_;
    QCustomPlot* cr_plot_;
    QCustomPlot* clock_plot_;
    QCPGraph* current_ = nullptr;
    QCPGraph* threshold_ = nullptr;
    QCPItemStraightLine* cs_line_ = nullptr;
    QCPItemStraightLine* us_line_ = nullptr;
    QCPGraph* cr_rate_ = nullptr;
    QCPColorMap* clock_map_ = nullptr;
    std::shared_ptr<const Snapshot> shown_;
    std::size_t recent_key_ = 0;  // metrics count when the recent trials were last drawn
    double closure_ = 0;
    bool tone_ = false, puff_ = false;
    int traces_shown_ = 0, cr_blocks_ = 0, clock_bins_ = 0;
    double clock_near_, clock_far_;
};

}  // namespace flocculus::ui
