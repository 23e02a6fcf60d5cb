// SPDX-License-Identifier: GPL-3.0-or-later
// The floccular circuit as a diagram: mossy fibres -> granule cells -> parallel fibres ->
// Purkinje cells -> deep nuclei -> brainstem and eye, the inferior olive's climbing fibres
// to the Purkinje cells, Golgi cells (feedback on granule cells), molecular-layer
// interneurons (feedforward inhibition of Purkinje cells), mossy-fibre collaterals to the
// nuclei and nucleo-olivary inhibition of the olive. Each population is lit by its firing
// rate relative to baseline over the last 100 ms (Snapshot::activity). Clicking a part that
// can be lesioned requests the lesion (or its undoing); lesioned parts are crossed out.
// The four microzones inside the Purkinje cells can be clicked to choose the one shown by
// the Purkinje panel. During the eyeblink protocols the diagram shows the eyeblink module
// instead (circuit_diagram_eyeblink.cpp): the tone's mossy fibres, granule and Golgi cells,
// the eyeblink Purkinje cells, the nucleus and the eyelid, and the puff (US) to the olive,
// lit by the module's activity from the current trial's recording
// (Snapshot::eyeblink_activity).
#pragma once

#include <QRectF>
#include <QWidget>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "exportable.hpp"
#include "runner.hpp"

namespace flocculus::ui {

class CircuitDiagram : public QWidget, public Exportable {
    Q_OBJECT

public:
    enum class Node {
        Mossy,
        Granule,
        Golgi,
        Interneurons,
        Purkinje,
        Olive,
        Nuclei,
        NucleoOlivary,
        Eye,
        Ltd,                // the LTD of parallel-fibre synapses
        Ltp,                // their LTP
        NuclearPlasticity,  // plasticity of mossy-fibre synapses in the nuclei
        Count
    };
    static constexpr std::size_t kNodeCount = static_cast<std::size_t>(Node::Count);

    explicit CircuitDiagram(QWidget* parent = nullptr);

    // Shows the snapshot's activity, and its lesions unless a request of the user has not
    // been applied yet (hold_until).
    void show_snapshot(const Snapshot& s);
    // Snapshots that have not applied command number `command` keep the lesions as clicked.
    void hold_until(std::uint64_t command);
    // The microzone drawn as chosen (0 right, 1 left, 2 up, 3 down).
    void set_chosen_zone(int zone);
    // The nucleo-olivary inhibition's timing as drawn beside its path ("20 ms delay,
    // tau 500 ms"), empty when it acts at once (io.nucleo_olivary_delay_ms and
    // io.nucleo_olivary_tau_ms both 0).
    QString nucleo_olivary_timing() const;
    int chosen_zone() const { return chosen_zone_; }

    // The lesion a node stands for, if any.
    static std::optional<Lesion> lesion_of(Node n);
    // Where things are drawn now, in widget coordinates (for tests and tooltips).
    QPointF node_centre(Node n) const;
    QPointF zone_centre(int zone) const;
    // Whether a node is drawn crossed out (lesioned, wholly or in part).
    bool shows_lesioned(Node n) const;
    // The activity a node is lit by (rate and baseline, Hz), if it is a population.
    std::optional<PopulationRate> node_activity(Node n) const;
    // The colour a node is filled with now.
    QColor node_fill(Node n) const;
    int paint_count() const { return paint_count_; }
    // Whether the eyeblink module is drawn (eyeblink protocols).
    bool shows_eyeblink() const { return eyeblink_; }
    // The name a node is drawn with now (its title, whatever room there is).
    QString node_title(Node n) const;
    // Where the last paint put the partial lesions' shares ("46 %"), in widget pixels.
    const std::vector<QRectF>& lesion_tags() const { return last_tags_; }

    QString export_name() const override;
    QString export_title() const override;
    QWidget* export_widget() const override;
    PlotTable export_table() const override;

    QSize sizeHint() const override { return {520, 270}; }
    QSize minimumSizeHint() const override { return {340, 190}; }

signals:
    void requested(flocculus::Command command);
    void zone_chosen(int zone);

protected:
    bool event(QEvent* e) override;
    void paintEvent(QPaintEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void leaveEvent(QEvent* e) override;

private:
    // What is under a point: a node, or a microzone of the Purkinje cells.
    struct Hit {
        std::optional<Node> node;
        std::optional<int> zone;
    };
    Hit hit(QPointF p) const;
    QRectF node_rect(Node n) const;  // widget coordinates
    QRectF zone_rect(int zone) const;
    QPointF to_widget(QPointF v) const;  // from the layout's 100 × 100 units
    double unit() const;                 // a layout unit in pixels (the smaller scale)
    QString node_tooltip(Node n) const;
    QString zone_tooltip(int zone) const;
    double lesion_fraction(Node n) const;

    void paint_edges(QPainter& p) const;
    void paint_node(QPainter& p, Node n) const;
    void paint_lesion_tag(QPainter& p, Node n) const;
    void paint_purkinje(QPainter& p) const;
    void paint_legend(QPainter& p) const;
    // The eyeblink module (circuit_diagram_eyeblink.cpp).
    std::optional<PopulationRate> eyeblink_node_activity(Node n) const;
    QString eyeblink_role(Node n) const;
    QString eyeblink_name(Node n, bool abbreviated) const;  // empty: the node's own
    QString eyeblink_value_text(Node n) const;  // empty: the rate as usual
    std::optional<QColor> eyeblink_fill(Node n) const;
    void paint_eyeblink_extras(QPainter& p) const;
    bool measured() const;

    CircuitActivity activity_{};
    bool eyeblink_ = false;
    EyeblinkActivity eb_activity_{};
    Lesions lesions_{};
    double eye_speed_deg_s_ = 0;
    double no_delay_ms_ = 0, no_tau_ms_ = 0;  // of the run in effect
    std::uint64_t hold_until_ = 0;
    int chosen_zone_ = 2;  // "up": where the instruction teaches by default
    Hit hover_{};
    int paint_count_ = 0;
    mutable std::vector<QRectF> last_tags_;
};

}  // namespace flocculus::ui
