// SPDX-License-Identifier: GPL-3.0-or-later
// Synaptic weights: the parallel-fibre -> Purkinje cell weights as a heat map, Purkinje
// cells (grouped by microzone) against the time in the trial at which their granule cells
// fire most, showing either the weight or its change since the start of the run; beneath
// it, the mean change of the instructed microzone against the others, with the instruction,
// its complex spikes and the learned window marked. It redraws when the runner publishes a
// new map (at trial ends).
#pragma once

#include <QWidget>
#include <memory>

#include "exportable.hpp"
#include "runner.hpp"

class QLabel;
class QRadioButton;
class QCustomPlot;
class QCPAxisRect;
class QCPColorMap;
class QCPColorScale;
class QCPColorGradient;
class QCPGraph;
class QCPItemRect;
class QCPItemStraightLine;
class QCPItemText;
class QMouseEvent;

namespace flocculus::ui {

class WeightsPanel : public QWidget, public Exportable {
    Q_OBJECT

public:
    enum class Mode { Weight, Change };

    explicit WeightsPanel(QWidget* parent = nullptr);

    // Redraws when the snapshot carries a different map or another run's parameters.
    void show_snapshot(const Snapshot& s);
    // Marks the instruction (the protocol gives it on some trials).
    void set_protocol_instructs(bool instructs);

    Mode mode() const { return mode_; }
    void set_mode(Mode m);

    // Exportable.
    QString export_name() const override;
    QString export_title() const override;
    QWidget* export_widget() const override;
    PlotTable export_table() const override;

    // For tests and screenshots.
    QCustomPlot* plot() const { return plot_; }
    QCPColorMap* color_map() const { return map_; }
    QCPColorScale* color_scale() const { return scale_; }
    QCPGraph* instructed_graph() const { return instructed_; }
    QCPGraph* others_graph() const { return others_; }
    QRadioButton* weight_button() const { return weight_button_; }
    QRadioButton* change_button() const { return change_button_; }
    const WeightMap* shown_map() const { return shown_.get(); }
    bool instruction_marked() const;
    int redraw_count() const { return redraws_; }
    // What the pointer is over in the heat map, as its tool tip shows it (empty when not
    // over a cell).
    QString hover_text() const { return hover_text_; }

private:
    void redraw();
    void draw_map();
    void draw_profile();
    void draw_marks();
    void update_info();
    void hover(QMouseEvent* event);

    QRadioButton* weight_button_ = nullptr;
    QRadioButton* change_button_ = nullptr;
    QLabel* info_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPAxisRect* map_rect_ = nullptr;
    QCPAxisRect* profile_rect_ = nullptr;
    QCPColorMap* map_ = nullptr;
    QCPColorScale* scale_ = nullptr;
    QCPGraph* instructed_ = nullptr;
    QCPGraph* others_ = nullptr;
    std::vector<QCPItemStraightLine*> zone_lines_;   // between microzones
    QCPItemRect* instructed_outline_ = nullptr;      // the instructed zone's rows
    std::vector<QCPItemStraightLine*> onset_lines_;  // instruction onset, end (map and profile)
    QCPItemText* onset_label_ = nullptr;
    QCPItemRect* learned_band_ = nullptr;
    QCPItemRect* cs_bar_ = nullptr;
    QCPItemText* learned_label_ = nullptr;
    QCPItemText* cs_label_ = nullptr;
    QCPItemText* empty_label_ = nullptr;

    std::shared_ptr<const WeightMap> shown_;
    Parameters params_{};
    bool have_params_ = false;
    bool protocol_instructs_ = false;
    Mode mode_ = Mode::Change;
    QString hover_text_;
    int redraws_ = 0;
};

}  // namespace flocculus::ui
