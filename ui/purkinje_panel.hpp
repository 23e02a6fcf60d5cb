// SPDX-License-Identifier: GPL-3.0-or-later
// Purkinje cell activity: a raster of one cell across trials, every cell of one microzone in
// the latest trial, and the microzone's simple-spike rate early and late in the run. The
// panel keeps its own store of completed trials, since the snapshot holds only the last few.
#pragma once

#include <QWidget>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "exportable.hpp"
#include "runner.hpp"

class QComboBox;
class QLabel;
class QSpinBox;
class QCustomPlot;
class QCPAxisRect;
class QCPGraph;
class QCPItemRect;
class QCPItemText;

namespace flocculus::ui {

class PurkinjePanel : public QWidget {
    Q_OBJECT

public:
    static constexpr std::size_t kMaxTrials = 200;  // trials kept for the raster
    static constexpr int kPsthTrials = 10;          // trials in each histogram
    static constexpr double kPsthBinMs = 20.0;

    explicit PurkinjePanel(QWidget* parent = nullptr);

    // Stores the snapshot's newly completed trials; redraws only when there are any.
    void show_snapshot(const Snapshot& s);
    // Shades the instruction window (the protocol gives the instruction on some trials).
    void set_protocol_instructs(bool instructs);

    // The three views for export: each draws the whole figure and offers its own table
    // (one cell across trials, the microzone in the latest trial, the histograms).
    std::vector<Exportable*> exportables() const;

    // For tests and screenshots.
    QCustomPlot* plot() const { return plot_; }
    QComboBox* zone_box() const { return zone_box_; }
    QSpinBox* cell_box() const { return cell_box_; }
    int zone() const;
    int cell() const;
    std::size_t stored_trials() const { return store_.size(); }
    // The run's first trials, kept apart from the rolling store (the "first" histogram).
    std::size_t first_trials_kept() const { return first_.size(); }
    int first_stored_trial() const;  // 0 when none
    int last_stored_trial() const;   // 0 when none
    int cells_per_zone() const { return cells_per_zone_; }
    int raster_simple_points() const;
    int raster_complex_points() const;
    int zone_simple_points() const;
    int zone_complex_points() const;
    QCPGraph* psth_first() const { return psth_first_; }
    QCPGraph* psth_latest() const { return psth_latest_; }
    bool instruction_window_visible() const;
    int redraw_count() const { return redraws_; }

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    void clear_store();
    void redraw();
    void draw_raster();
    void draw_zone();
    void draw_psth();
    void draw_instruction();
    QCPAxisRect* add_rect(int row, const QString& y_label, const QString& title);
    PlotTable raster_table() const;
    PlotTable zone_table() const;
    PlotTable psth_table() const;

    QComboBox* zone_box_ = nullptr;
    QSpinBox* cell_box_ = nullptr;
    QLabel* info_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPAxisRect* raster_rect_ = nullptr;
    QCPAxisRect* zone_rect_ = nullptr;
    QCPAxisRect* psth_rect_ = nullptr;
    QCPGraph* raster_simple_ = nullptr;
    QCPGraph* raster_complex_ = nullptr;
    QCPGraph* zone_simple_ = nullptr;
    QCPGraph* zone_complex_ = nullptr;
    QCPGraph* psth_first_ = nullptr;
    QCPGraph* psth_latest_ = nullptr;
    std::vector<QCPItemRect*> instruction_rects_;  // one per axis rect
    QCPItemText* instruction_label_ = nullptr;
    QCPItemRect* cell_highlight_ = nullptr;         // the chosen cell's row in the zone plot

    // Completed trials by ascending plan.number.
    std::deque<std::shared_ptr<const TrialRecord>> store_;
    // The run's first kPsthTrials trials, whatever the store has dropped since.
    std::vector<std::shared_ptr<const TrialRecord>> first_;
    bool stale_ = false;  // redrawn while hidden: replot when shown
    std::size_t last_trial_index_ = 0;
    bool have_config_ = false;
    RunConfig config_;  // the run the store belongs to
    int cells_per_zone_ = 0;
    int default_zone_ = -1;
    bool protocol_instructs_ = false;
    double instr_onset_ms_ = 0, instr_end_ms_ = 0;
    int redraws_ = 0;
    std::vector<std::unique_ptr<ExportableView>> views_;
};

}  // namespace flocculus::ui
