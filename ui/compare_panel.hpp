// SPDX-License-Identifier: GPL-3.0-or-later
// The run history and the comparison of runs: a list of the current and the kept runs
// (keep, name, show or hide, delete, export), and beside it their learning curves,
// simple-spike rates and velocity traces overlaid in distinct colours with a legend; a
// second page shows the difference of two runs' weight maps.
#pragma once

#include <QWidget>
#include <functional>

#include "exportable.hpp"
#include "run_history.hpp"

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QCPAxisRect;
class QCPColorMap;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QTabWidget;

namespace flocculus::ui {

// What the runs' learning curves show: each task's own measure of learning.
enum class CurveKind { Pursuit, Vor, Eyeblink };

class ComparePanel : public QWidget, public Exportable {
    Q_OBJECT

  public:
    static constexpr int kRateTrials = 10;  // trials in each run's simple-spike rate

    ComparePanel(RunHistory* history, QWidget* parent = nullptr);

    // Exportable: the overlaid learning curves, one column of running means per run.
    QString export_name() const override { return QStringLiteral("compare-runs"); }
    QString export_title() const override { return tr("Compared runs"); }
    QWidget* export_widget() const override;
    PlotTable export_table() const override;

    // Writes a run's recording (as Export > Recording does) into a folder.
    std::function<void(const RunRecord&)> on_export;

    // For tests and screenshots.
    QListWidget* list() const { return list_; }
    QPushButton* keep_button() const { return keep_; }
    QPushButton* delete_button() const { return delete_; }
    QPushButton* export_button() const { return export_; }
    QCheckBox* first_trial_box() const { return first_trial_; }
    QCustomPlot* plot() const { return plot_; }
    QCustomPlot* difference_plot() const { return difference_plot_; }
    QComboBox* difference_a() const { return diff_a_; }
    QComboBox* difference_b() const { return diff_b_; }
    QTabWidget* pages() const { return pages_; }
    int curves_drawn() const { return curves_; }  // learning curves overlaid
    CurveKind curve_kind() const { return curve_kind_; }
    QString curve_title() const;
    int runs_of_other_tasks() const { return other_task_runs_; }  // shown, not in the curves
    int rate_curves_drawn() const { return rates_; }
    int traces_drawn() const { return traces_; }  // velocity traces (two per trial)
    QStringList legend_names() const;
    // Largest |A - B| of the weight change in the difference view (0 when not drawn).
    double difference_extent() const { return difference_extent_; }
    QColor run_colour(int id) const;

  public slots:
    void rebuild();

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    void fill_list();
    void draw();
    void show_curve_kind();      // the curves' title and unit
    QString curve_column() const;  // the exported column of a curve, after the run's name
    void draw_difference();
    int selected_id() const;

    RunHistory* history_;
    QListWidget* list_ = nullptr;
    QPushButton* keep_ = nullptr;
    QPushButton* delete_ = nullptr;
    QPushButton* export_ = nullptr;
    QCheckBox* first_trial_ = nullptr;
    QLabel* hint_ = nullptr;
    QTabWidget* pages_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPAxisRect* curve_rect_ = nullptr;
    QCPAxisRect* rate_rect_ = nullptr;
    QCPAxisRect* trace_rect_ = nullptr;
    QCustomPlot* difference_plot_ = nullptr;
    QCPColorMap* difference_map_ = nullptr;
    QComboBox* diff_a_ = nullptr;
    QComboBox* diff_b_ = nullptr;
    QLabel* difference_info_ = nullptr;
    bool filling_ = false;
    bool stale_ = false;
    int curves_ = 0, rates_ = 0, traces_ = 0;
    CurveKind curve_kind_ = CurveKind::Pursuit;
    int other_task_runs_ = 0;
    double difference_extent_ = 0;
};

}  // namespace flocculus::ui
