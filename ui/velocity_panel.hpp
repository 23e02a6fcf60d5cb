// SPDX-License-Identifier: GPL-3.0-or-later
// Eye velocity against time from motion onset: the current trial in full colour over the
// previous trials in lighter shades, with the target's velocity dashed.
#pragma once

#include <QColor>
#include <QVector>
#include <QWidget>
#include <cstdint>
#include <memory>
#include <vector>

#include "exportable.hpp"
#include "runner.hpp"

class QCustomPlot;
class QCPGraph;
class QCPItemRect;
class QCPItemText;
class QCPItemStraightLine;
class QCPLayer;

namespace flocculus::ui {

class EarlierTraces;

class VelocityPanel : public QWidget, public Exportable {
    Q_OBJECT

public:
    explicit VelocityPanel(QWidget* parent = nullptr);

    void show_snapshot(const Snapshot& s);
    // Shades the instruction window (the protocol gives the instruction on some trials).
    void set_protocol_instructs(bool instructs);

    // Exportable: the traces drawn, earlier trials first, then the current one so far.
    QString export_name() const override { return QStringLiteral("velocity"); }
    QString export_title() const override { return tr("Eye and target velocity"); }
    QWidget* export_widget() const override;
    PlotTable export_table() const override;

    // For tests and screenshots.
    QCustomPlot* plot() const { return plot_; }
    int graph_count() const;
    int graphs_with_data() const;
    std::size_t current_samples() const;  // samples of the current trial drawn
    std::size_t history_trials() const { return history_shown_; }
    bool instruction_window_visible() const;
    std::uint64_t shown_sequence() const { return shown_sequence_; }
    // Whole-plot redraws and redraws of the current trial's layer only.
    int full_replots() const { return full_replots_; }
    int live_replots() const { return live_replots_; }
    // Earlier trials' traces drawn into images so far (two per trial while the axes stay as
    // they are; all again when they change).
    int traces_rendered() const;

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    struct Component {
        QCPGraph* eye = nullptr;
        QCPGraph* target = nullptr;
        std::vector<QCPGraph*> history;  // oldest first
        QColor colour;
    };
    // Whether the earlier trials drawn changed.
    bool update_history(const Snapshot& s);
    void update_current(const Snapshot& s);
    // Whether the target drawn changed.
    bool update_target(const Snapshot& s);
    // Whether the instruction band changed (the time line moves on the live layer).
    bool update_decorations(const Snapshot& s);
    // Sets the y range to fit what is drawn, unless the user has zoomed; whether it changed.
    bool update_range();

    QCustomPlot* plot_ = nullptr;
    Component horizontal_, vertical_;
    QCPItemRect* instruction_rect_ = nullptr;
    QCPItemText* instruction_label_ = nullptr;
    QCPItemStraightLine* now_line_ = nullptr;
    // The earlier trials are drawn into a layer of their own, kept as an image between
    // trials; the current trial's eye traces and the time line into another, the only one
    // redrawn on most frames.
    QCPLayer* history_layer_ = nullptr;
    EarlierTraces* earlier_ = nullptr;  // draws the earlier trials (history_) on that layer
    QCPLayer* live_layer_ = nullptr;
    QCPLayer* main_layer_ = nullptr;                       // the target's traces
    QVector<double> target_keys_, target_xs_, target_ys_;  // as drawn
    bool decorated_instructed_ = false;
    int full_replots_ = 0, live_replots_ = 0;
    bool stale_ = false;  // changed while hidden

    bool protocol_instructs_ = false;
    std::shared_ptr<const TrialRecord> newest_shown_;  // the newest earlier trial drawn
    std::vector<std::shared_ptr<const TrialRecord>> history_;  // the earlier trials drawn
    Parameters params_ = default_parameters();  // of the current trial, for its target
    TrialPlan plan_;
    std::size_t history_shown_ = 0;
    // Extent of the velocities drawn (deg/s), for the y range.
    double history_low_ = 0, history_high_ = 0;
    double target_low_ = 0, target_high_ = 0;
    std::uint64_t shown_sequence_ = 0;
};

}  // namespace flocculus::ui
