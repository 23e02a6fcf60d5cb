// SPDX-License-Identifier: GPL-3.0-or-later
// Learning curves: per completed trial, the learned eye velocity along the instruction and
// the instructed microzone's complex-spike rate in the instruction window, with the
// protocol's phases marked. The eyeblink protocols show their own curves instead
// (learning_panel_eyeblink.hpp): CR rate and CR timing per block. During the VOR protocols
// the panel shows the dark VOR gain against the trial with the probe trials marked (the VOR
// scene's curve, see vor_gain_curve.hpp; learning_panel_vor.cpp), and hides the pursuit
// curves.
#pragma once

#include <QStringList>
#include <QWidget>
#include <cstdint>
#include <memory>
#include <vector>

#include "exportable.hpp"
#include "runner.hpp"

class QCustomPlot;
class QCPAbstractItem;
class QCPGraph;
class QCPItemText;
class QStackedWidget;

namespace flocculus::ui {

class EyeblinkLearning;

class LearningPanel : public QWidget, public Exportable {
    Q_OBJECT

public:
    static constexpr int kRunningMeanTrials = 5;

    explicit LearningPanel(QWidget* parent = nullptr);

    // Redraws when the snapshot holds a different set of trial measures.
    void show_snapshot(const Snapshot& s);

    // Exportable: one row per completed trial, with the running means drawn.
    QString export_name() const override { return QStringLiteral("learning-curves"); }
    QString export_title() const override { return tr("Learning curves"); }
    QWidget* export_widget() const override;
    PlotTable export_table() const override;

    // For tests and screenshots.
    QCustomPlot* plot() const { return plot_; }
    // The eyeblink protocols' curves, shown in place of the plot above during them.
    EyeblinkLearning* eyeblink() const { return eyeblink_; }
    bool shows_eyeblink() const;
    // The VOR gain curve: shown during the VOR protocols, in place of the pursuit curves.
    bool showing_vor() const { return vor_mode_; }
    int vor_gain_points() const;
    bool pursuit_curves_visible() const;  // any of the pursuit curves or the right axis
    int velocity_points() const;  // learned-velocity points, probes included
    int probe_points() const;
    int running_mean_points() const;
    QCPGraph* cortex_graph() const { return cortex_; }
    QCPGraph* nuclei_graph() const { return nuclei_; }
    int cs_rate_points() const;
    int phase_boundaries() const { return static_cast<int>(boundaries_); }
    // Changes made during the run, each a vertical line with a label.
    int marks_drawn() const { return static_cast<int>(marks_drawn_); }
    QStringList mark_labels() const;
    // The x range the panel chose (the user's zoom aside): the trials run so far.
    double auto_last_trial() const { return auto_last_; }
    int redraw_count() const { return redraws_; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fit_legend();
    void redraw(const Snapshot& s);
    void clear_phase_items();
    void set_ranges();
    // learning_panel_vor.cpp
    void add_vor_graphs();
    void set_vor_mode(bool vor);
    void redraw_vor(const std::vector<TrialMetrics>& m);
    PlotTable vor_export_table() const;

    QStackedWidget* stack_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    EyeblinkLearning* eyeblink_ = nullptr;
    QCPGraph* velocity_ = nullptr;  // trials other than probes
    QCPGraph* probe_ = nullptr;
    QCPGraph* mean_ = nullptr;
    QCPGraph* cs_rate_ = nullptr;
    QCPGraph* cs_mean_ = nullptr;
    QCPGraph* cortex_ = nullptr;  // cerebellar command less the nuclear memory (running mean)
    QCPGraph* nuclei_ = nullptr;  // command carried by learned MF->DCN weights (running mean)
    QCPGraph* vor_line_ = nullptr;    // dark VOR gain, the probes joined
    QCPGraph* vor_probes_ = nullptr;  // a marker at each dark probe
    bool vor_mode_ = false;
    QString pursuit_title_, pursuit_y_label_;
    double vor_low_ = 0.8, vor_high_ = 1.2;
    std::vector<QCPAbstractItem*> phase_items_;
    std::size_t boundaries_ = 0;
    std::size_t marks_drawn_ = 0;
    std::vector<QCPItemText*> mark_labels_;
    std::shared_ptr<const std::vector<RunMark>> marks_;
    double auto_last_ = 10.0;
    double auto_low_ = -1, auto_high_ = 5, auto_cs_high_ = 5;

    std::shared_ptr<const std::vector<TrialMetrics>> metrics_;  // drawn
    Protocol shown_protocol_ = Protocol::StepRamp;
    std::size_t shown_size_ = 0;
    std::size_t shown_count_ = 0;  // trial_count drawn
    std::size_t shown_marks_ = 0;
    int redraws_ = 0;
};

}  // namespace flocculus::ui
