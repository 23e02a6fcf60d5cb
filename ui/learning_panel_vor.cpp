// SPDX-License-Identifier: GPL-3.0-or-later
// The learning panel during the VOR protocols: the dark VOR gain of every probe trial against
// the trial (the VOR scene's curve, vor_gain_curve.hpp) in place of the pursuit curves,
// which measure nothing there. Phases and changes made during the run are marked as for
// pursuit.
#include <qcustomplot.h>

#include <QHash>

#include "learning_panel.hpp"
#include "palette.hpp"
#include "task/vor.hpp"
#include "vor_gain_curve.hpp"

namespace flocculus::ui {

void LearningPanel::add_vor_graphs() {
    const QColor colour = palette::blue();
    vor_line_ = plot_->addGraph(plot_->xAxis, plot_->yAxis);
    vor_line_->setPen(QPen(colour, 2.0));
    vor_line_->setName(tr("dark VOR gain"));
    vor_probes_ = plot_->addGraph(plot_->xAxis, plot_->yAxis);
    vor_probes_->setLineStyle(QCPGraph::lsNone);
    vor_probes_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle,
                                                 QPen(QColor(0x2B, 0x2F, 0x36), 1.5), Qt::white,
                                                 8));
    vor_probes_->setName(vor_gain_legend());
    for (QCPGraph* g : {vor_line_, vor_probes_}) g->setVisible(false);
}

int LearningPanel::vor_gain_points() const { return vor_probes_->data()->size(); }

bool LearningPanel::pursuit_curves_visible() const {
    if (plot_->yAxis2->visible()) return true;
    for (const QCPGraph* g : {velocity_, probe_, mean_, cs_rate_, cs_mean_, cortex_, nuclei_})
        if (g->visible()) return true;
    return false;
}

void LearningPanel::set_vor_mode(bool vor) {
    if (vor == vor_mode_) return;
    vor_mode_ = vor;
    auto* title = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0));
    if (vor) {  // kept for the way back
        pursuit_y_label_ = plot_->yAxis->label();
        if (title) pursuit_title_ = title->text();
    }
    // The legend lists the curves shown, in their order.
    plot_->legend->clearItems();
    for (QCPGraph* g : {velocity_, mean_, probe_, cortex_, cs_rate_, nuclei_, cs_mean_}) {
        g->setVisible(!vor);
        if (!vor) g->addToLegend();
    }
    for (QCPGraph* g : {vor_line_, vor_probes_}) {
        g->setVisible(vor);
        if (vor)
            g->addToLegend();
        else
            g->data()->clear();
    }
    plot_->yAxis2->setVisible(!vor);
    plot_->yAxis->setLabel(vor ? vor_gain_axis_label() : pursuit_y_label_);
    if (title) title->setText(vor ? tr("Learning curves: VOR gain in the dark") : pursuit_title_);
    fit_legend();
}

void LearningPanel::redraw_vor(const std::vector<TrialMetrics>& m) {
    const auto points = ui::vor_gain_points(m);
    set_vor_gain_graphs(vor_line_, vor_probes_, points);
    const VorGainRange r = vor_gain_range(points);
    vor_low_ = r.low;
    vor_high_ = r.high;
}

PlotTable LearningPanel::vor_export_table() const {
    PlotTable t;
    t.columns = {QStringLiteral("trial"),         QStringLiteral("phase"),
                 QStringLiteral("probe"),         QStringLiteral("vor_gain_dark"),
                 QStringLiteral("vor_phase_deg"), QStringLiteral("changes")};
    if (!metrics_) return t;
    QHash<int, QStringList> changes;
    if (marks_)
        for (const RunMark& mark : *marks_)
            changes[static_cast<int>(mark.trial)] << QString::fromStdString(mark.label);
    for (const TrialMetrics& m : *metrics_) {
        const std::string_view phase = phase_name(m.phase);
        t.rows.push_back({QString::number(m.trial),
                          QString::fromUtf8(phase.data(), static_cast<qsizetype>(phase.size())),
                          m.probe ? QStringLiteral("1") : QStringLiteral("0"),
                          table_number(m.vor_gain_dark, 4), table_number(m.vor_phase_deg, 3),
                          changes.value(m.trial).join(QStringLiteral("; "))});
    }
    return t;
}

}  // namespace flocculus::ui
