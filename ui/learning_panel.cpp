// SPDX-License-Identifier: GPL-3.0-or-later
#include "learning_panel.hpp"

#include <qcustomplot.h>

#include <QHash>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

#include "learning_panel_eyeblink.hpp"
#include "palette.hpp"
#include "plot_style.hpp"
#include "task/vor.hpp"

namespace flocculus::ui {
namespace {

constexpr int kLegendColumns = 3;

QColor velocity_colour() { return palette::blue(); }
QColor cs_colour() { return palette::vermillion(); }

QString phase_label(Phase p) {
    const std::string_view n = phase_name(p);
    return QString::fromUtf8(n.data(), static_cast<qsizetype>(n.size()));
}

// Snaps a range outwards to round numbers, keeping 0 inside.
QCPRange nice_range(double low, double high, double min_high) {
    low = std::min(low, 0.0);
    high = std::max(high, min_high);
    const double span = high - low;
    const double step = span <= 8 ? 1.0 : span <= 20 ? 2.0 : span <= 50 ? 5.0 : 10.0;
    const double pad = 0.06 * span;
    return {step * std::floor((low - (low < 0 ? pad : 0)) / step),
            step * std::ceil((high + pad) / step)};
}

}  // namespace

LearningPanel::LearningPanel(QWidget* parent)
    : QWidget(parent),
      stack_(new QStackedWidget(this)),
      plot_(new QCustomPlot(stack_)),
      eyeblink_(new EyeblinkLearning(stack_)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(stack_);
    stack_->addWidget(plot_);
    stack_->addWidget(eyeblink_);
    setMinimumSize(320, 240);

    const QFont base = font();
    plot_->setBackground(palette().color(QPalette::Base));
    plot_->setAutoAddPlottableToLegend(false);
    add_title_and_bottom_legend(plot_, tr("Learning curves"), kLegendColumns);

    QCPAxis* x = plot_->xAxis;
    QCPAxis* y = plot_->yAxis;
    QCPAxis* y2 = plot_->yAxis2;
    y2->setVisible(true);
    x->setLabel(tr("trial"));
    y->setLabel(tr("learned eye velocity (deg/s)"));
    y2->setLabel(tr("complex spikes in instruction window (Hz)"));
    for (QCPAxis* a : {x, y, y2}) {
        a->setLabelFont(base);
        a->setTickLabelFont(scaled_font(base, 0.92));
        a->grid()->setPen(QPen(QColor(0xE3, 0xE5, 0xE8), 1.0));
        a->grid()->setZeroLinePen(QPen(QColor(0x8E, 0x94, 0x9C), 1.0));
        a->grid()->setSubGridVisible(false);
    }
    y2->grid()->setVisible(false);
    for (QCPAxis* a : {y, y2}) {
        const QColor c = a == y ? velocity_colour() : cs_colour();
        a->setLabelColor(c.darker(115));
        a->setTickLabelColor(c.darker(115));
        a->setBasePen(QPen(c, 1.2));
        a->setTickPen(QPen(c, 1.2));
        a->setSubTickPen(QPen(c, 1.0));
    }
    x->setRange(0.5, 10.5);
    y->setRange(-1, 5);
    y2->setRange(0, 5);

    cs_rate_ = plot_->addGraph(x, y2);
    cs_rate_->setLineStyle(QCPGraph::lsNone);
    cs_rate_->setScatterStyle(QCPScatterStyle(
        QCPScatterStyle::ssCircle, QPen(palette::lightened(cs_colour(), 0.25), 1.1), Qt::white,
        4.5));
    cs_rate_->setName(tr("complex-spike rate (right axis)"));
    cs_mean_ = plot_->addGraph(x, y2);
    cs_mean_->setPen(QPen(cs_colour(), 2.0, Qt::DashLine));
    cs_mean_->setName(tr("complex spikes, %1-trial mean").arg(kRunningMeanTrials));
    velocity_ = plot_->addGraph(x, y);
    velocity_->setLineStyle(QCPGraph::lsNone);
    velocity_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc,
                                               palette::lightened(velocity_colour(), 0.35),
                                               palette::lightened(velocity_colour(), 0.35), 5));
    velocity_->setName(tr("learned velocity"));
    probe_ = plot_->addGraph(x, y);
    probe_->setLineStyle(QCPGraph::lsNone);
    probe_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle,
                                            QPen(QColor(0x2B, 0x2F, 0x36), 1.5), Qt::white, 8));
    probe_->setName(tr("probe trial (no instruction)"));
    mean_ = plot_->addGraph(x, y);
    mean_->setPen(QPen(velocity_colour(), 2.4));
    mean_->setName(tr("%1-trial running mean").arg(kRunningMeanTrials));
    // Where the learned command comes from: the cortex (Purkinje cells pausing or firing
    // more) and the memory in the nuclei's mossy-fibre synapses.
    cortex_ = plot_->addGraph(x, y);
    cortex_->setPen(QPen(palette::bluish_green(), 1.8));
    cortex_->setName(tr("from the cortex, %1-trial mean").arg(kRunningMeanTrials));
    nuclei_ = plot_->addGraph(x, y);
    nuclei_->setPen(QPen(QColor(0x4A, 0x4F, 0x57), 1.8, Qt::DashDotLine));
    nuclei_->setName(tr("from nuclear memory, %1-trial mean").arg(kRunningMeanTrials));
    for (QCPGraph* g : {velocity_, mean_, probe_, cortex_, cs_rate_, nuclei_, cs_mean_})
        g->addToLegend();
    add_vor_graphs();
    enable_navigation(plot_, [this] { set_ranges(); });
}

QStringList LearningPanel::mark_labels() const {
    QStringList labels;
    for (const QCPItemText* t : mark_labels_) labels << t->text();
    return labels;
}

void LearningPanel::set_ranges() {
    if (user_view(plot_)) return;
    plot_->xAxis->setRange(0.5, auto_last_ + 0.5);
    if (vor_mode_)
        plot_->yAxis->setRange(vor_low_, vor_high_);
    else
        plot_->yAxis->setRange(nice_range(auto_low_, auto_high_, 4.0));
    plot_->yAxis2->setRange(nice_range(0, auto_cs_high_, 2.0));
}

void LearningPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fit_legend();
}

// As many legend columns (up to three) as fit the panel's width.
void LearningPanel::fit_legend() {
    QCPLegend* legend = plot_->legend;
    const int before = legend->wrap();
    const auto arrange = [legend](int columns) {
        legend->setWrap(columns);
        legend->setFillOrder(legend->fillOrder(), true);  // re-arranges the items
    };
    for (int columns = kLegendColumns; columns >= 1; --columns) {
        arrange(columns);
        if (legend->minimumOuterSizeHint().width() <= width()) break;
    }
    if (legend->wrap() != before) plot_->replot(QCustomPlot::rpQueuedReplot);
}

int LearningPanel::velocity_points() const {
    return velocity_->data()->size() + probe_->data()->size();
}
int LearningPanel::probe_points() const { return probe_->data()->size(); }
int LearningPanel::running_mean_points() const { return mean_->data()->size(); }
int LearningPanel::cs_rate_points() const { return cs_rate_->data()->size(); }

bool LearningPanel::shows_eyeblink() const { return stack_->currentWidget() == eyeblink_; }

QWidget* LearningPanel::export_widget() const {
    return shows_eyeblink() ? static_cast<QWidget*>(eyeblink_->plot()) : plot_;
}

PlotTable LearningPanel::export_table() const {
    if (shows_eyeblink()) return eyeblink_->export_table();
    if (vor_mode_) return vor_export_table();
    PlotTable t;
    const QString mean = QString::number(kRunningMeanTrials);
    t.columns = {QStringLiteral("trial"),
                 QStringLiteral("phase"),
                 QStringLiteral("instructed"),
                 QStringLiteral("probe"),
                 QStringLiteral("learned_velocity_deg_s"),
                 QStringLiteral("learned_velocity_mean%1_deg_s").arg(mean),
                 QStringLiteral("cs_rate_instr_hz"),
                 QStringLiteral("cs_rate_instr_mean%1_hz").arg(mean),
                 QStringLiteral("cerebellar_learned_deg_s"),
                 QStringLiteral("nuclear_learned_deg_s"),
                 QStringLiteral("changes")};
    if (!metrics_) return t;
    // The changes made during the run, by the first trial run with them.
    QHash<int, QStringList> changes;
    if (marks_)
        for (const RunMark& mark : *marks_)
            changes[static_cast<int>(mark.trial)] << QString::fromStdString(mark.label);
    // The running means as drawn, by trial.
    const auto by_trial = [](const QCPGraph* g) {
        QHash<int, double> values;
        for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
            values.insert(static_cast<int>(std::lround(it->key)), it->value);
        return values;
    };
    const QHash<int, double> velocity_mean = by_trial(mean_), cs_mean = by_trial(cs_mean_);
    const double undefined = std::numeric_limits<double>::quiet_NaN();
    for (const TrialMetrics& m : *metrics_)
        t.rows.push_back({QString::number(m.trial), phase_label(m.phase),
                          m.instructed ? QStringLiteral("1") : QStringLiteral("0"),
                          m.probe ? QStringLiteral("1") : QStringLiteral("0"),
                          table_number(m.learned_velocity_deg_s, 4),
                          table_number(velocity_mean.value(m.trial, undefined), 4),
                          table_number(m.cs_rate_instr_hz, 4),
                          table_number(cs_mean.value(m.trial, undefined), 4),
                          table_number(m.cerebellar_learned_deg_s, 4),
                          table_number(m.nuclear_learned_deg_s, 4),
                          changes.value(m.trial).join(QStringLiteral("; "))});
    return t;
}

void LearningPanel::show_snapshot(const Snapshot& s) {
    const std::size_t size = s.metrics ? s.metrics->size() : 0;
    const std::size_t marks = s.marks ? s.marks->size() : 0;
    if (redraws_ > 0 && size == shown_size_ && s.trial_count == shown_count_ &&
        s.config.protocol == shown_protocol_ && marks == shown_marks_ && s.marks == marks_)
        return;
    shown_marks_ = marks;
    shown_protocol_ = s.config.protocol;
    shown_size_ = size;
    shown_count_ = s.trial_count;
    // The pursuit curves mean nothing in the eyeblink task: its own curves take their place.
    const bool eyeblink = is_eyeblink_protocol(s.config.protocol);
    stack_->setCurrentWidget(eyeblink ? static_cast<QWidget*>(eyeblink_) : plot_);
    if (eyeblink) {
        metrics_ = s.metrics;
        marks_ = s.marks;
        eyeblink_->show_snapshot(s);
        ++redraws_;
        return;
    }
    redraw(s);
}

void LearningPanel::clear_phase_items() {
    for (QCPAbstractItem* item : phase_items_) plot_->removeItem(item);
    phase_items_.clear();
    mark_labels_.clear();
    boundaries_ = 0;
    marks_drawn_ = 0;
}

void LearningPanel::redraw(const Snapshot& s) {
    static const std::vector<TrialMetrics> kNone;
    metrics_ = s.metrics;
    marks_ = s.marks;
    const std::vector<TrialMetrics>& m = s.metrics ? *s.metrics : kNone;
    set_vor_mode(is_vor_protocol(s.config.protocol));
    if (vor_mode_) redraw_vor(m);

    QVector<double> vk, vv, pk, pv, mk, mv, ck, cv, cmk, cmv, xk, xv, nk, nv;
    double low = 0, high = 0, cs_high = 0;
    for (std::size_t i = 0; i < m.size(); ++i) {
        const TrialMetrics& t = m[i];
        const auto trial = static_cast<double>(t.trial);
        const double v = t.learned_velocity_deg_s;
        if (std::isfinite(v)) {
            (t.probe ? pk : vk).push_back(trial);
            (t.probe ? pv : vv).push_back(v);
            low = std::min(low, v);
            high = std::max(high, v);
        }
        // Trailing means over the last few trials with a value.
        const auto trailing_mean = [&](auto value, QVector<double>& keys,
                                       QVector<double>& values) {
            double sum = 0;
            int n = 0;
            const auto k = static_cast<std::size_t>(kRunningMeanTrials);
            for (std::size_t j = i + 1 >= k ? i + 1 - k : 0; j <= i; ++j)
                if (const double x = value(m[j]); std::isfinite(x)) {
                    sum += x;
                    ++n;
                }
            if (n == 0) return;
            keys.push_back(trial);
            values.push_back(sum / n);
        };
        trailing_mean([](const TrialMetrics& a) { return a.learned_velocity_deg_s; }, mk, mv);
        trailing_mean([](const TrialMetrics& a) { return a.cs_rate_instr_hz; }, cmk, cmv);
        trailing_mean([](const TrialMetrics& a) {
            return a.cerebellar_learned_deg_s - a.nuclear_learned_deg_s;
        }, xk, xv);
        trailing_mean([](const TrialMetrics& a) { return a.nuclear_learned_deg_s; }, nk, nv);
        if (std::isfinite(t.cs_rate_instr_hz)) {
            ck.push_back(trial);
            cv.push_back(t.cs_rate_instr_hz);
            cs_high = std::max(cs_high, t.cs_rate_instr_hz);
        }
    }
    velocity_->setData(vk, vv, true);
    probe_->setData(pk, pv, true);
    mean_->setData(mk, mv, true);
    cs_rate_->setData(ck, cv, true);
    cs_mean_->setData(cmk, cmv, true);
    cortex_->setData(xk, xv, true);
    nuclei_->setData(nk, nv, true);
    for (const QVector<double>* series : {&xv, &nv})
        for (const double v : *series) {
            low = std::min(low, v);
            high = std::max(high, v);
        }

    // The axis follows the trials run (a long run is not a sliver of its planned length),
    // with a little room ahead, in steps of 10 trials.
    const double run = static_cast<double>(m.size());
    auto_last_ = std::max(10.0, 10.0 * std::ceil((run * 1.08 + 1.0) / 10.0));
    if (s.trial_count > 0)
        auto_last_ = std::min(auto_last_, std::max(10.0, static_cast<double>(s.trial_count)));
    auto_low_ = low;
    auto_high_ = high;
    auto_cs_high_ = cs_high;
    set_ranges();

    // Phase boundaries and labels, from the schedule when it can be rebuilt, else from the
    // completed trials.
    clear_phase_items();
    std::vector<std::pair<int, Phase>> starts;  // first trial of each phase
    const auto schedule = make_schedule(s.config.protocol, s.config.params, s.config.trials);
    if (const auto* plans = std::get_if<std::vector<TrialPlan>>(&schedule)) {
        for (const TrialPlan& p : *plans)
            if (starts.empty() || starts.back().second != p.phase)
                starts.emplace_back(p.number, p.phase);
    } else {
        for (const TrialMetrics& t : m)
            if (starts.empty() || starts.back().second != t.phase)
                starts.emplace_back(t.trial, t.phase);
    }
    const QFont label_font = scaled_font(font(), 0.9, true);
    // Rests and shutdown probes are single rows between sessions: a rest is a shaded band,
    // a shutdown probe a solid line, each with a short label; the phases around them keep
    // their boundaries and labels.
    const QFont event_font = scaled_font(font(), 0.8);
    const QColor event_colour(0x4A, 0x50, 0x58);
    auto event_label = [&](double x, double y, const QString& text) {
        auto* label = new QCPItemText(plot_);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(x, y);
        label->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
        label->setFont(event_font);
        label->setColor(event_colour);
        label->setClipToAxisRect(true);
        label->setText(text);
        phase_items_.push_back(label);
    };
    Phase previous = Phase::Baseline;
    bool have_previous = false;
    for (std::size_t i = 0; i < starts.size(); ++i) {
        const Phase phase = starts[i].second;
        const double x = starts[i].first - 0.5;
        if (phase == Phase::Rest) {
            auto* band = new QCPItemRect(plot_);
            band->setLayer(QStringLiteral("grid"));
            band->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
            band->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
            band->topLeft->setCoords(x, 0.0);
            band->bottomRight->setCoords(x + 1.0, 1.0);
            band->setPen(Qt::NoPen);
            band->setBrush(QColor(0x6B, 0x72, 0x7C, 60));
            phase_items_.push_back(band);
            event_label(x + 0.5, 0.06, QStringLiteral("rest"));
            continue;
        }
        if (phase == Phase::ShutdownProbe) {
            auto* line = new QCPItemStraightLine(plot_);
            line->setLayer(QStringLiteral("grid"));
            line->setPen(QPen(event_colour, 1.6));
            line->point1->setCoords(x + 0.5, 0.0);
            line->point2->setCoords(x + 0.5, 1.0);
            phase_items_.push_back(line);
            event_label(x + 0.5, 0.12, QStringLiteral("off"));
            continue;
        }
        const bool after_event = have_previous && previous == phase;
        previous = phase;
        have_previous = true;
        if (after_event) continue;  // the same phase resumes after a rest or probe
        if (i > 0) {
            auto* line = new QCPItemStraightLine(plot_);
            line->setLayer(QStringLiteral("grid"));
            line->setPen(QPen(QColor(0x6B, 0x72, 0x7C), 1.2, Qt::DashLine));
            line->point1->setCoords(x, 0.0);
            line->point2->setCoords(x, 1.0);
            phase_items_.push_back(line);
            ++boundaries_;
        }
        // The VOR protocols start with a single dark probe: a phase too narrow on the axis for
        // its name is left unnamed there (its boundary still shows it).
        if (vor_mode_ && i + 1 < starts.size()) {
            const QCPAxis* axis = plot_->xAxis;
            const double width = axis->coordToPixel(starts[i + 1].first - 0.5) -
                                 axis->coordToPixel(x);
            if (width < QFontMetricsF(label_font).horizontalAdvance(phase_label(phase)) + 12)
                continue;
        }
        auto* label = new QCPItemText(plot_);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(x, 0.0);
        label->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
        label->setPadding(QMargins(5, 4, 4, 2));
        label->setFont(label_font);
        label->setColor(QColor(0x4A, 0x50, 0x58));
        label->setText(phase_label(phase));
        phase_items_.push_back(label);
    }
    // Changes made during the run: a dotted line just before the first trial run with the
    // change, labelled at the top (several on one trial share a label).
    if (s.marks) {
        const auto by_trial = marks_by_trial(*s.marks);
        const QColor mark_colour = palette::vermillion().darker(125);
        const QFont mark_font = scaled_font(font(), 0.85);
        for (std::size_t i = 0; i < by_trial.size(); ++i) {
            // A change within a trial sits inside it; one between trials on the boundary.
            const double x = static_cast<double>(by_trial[i].first) - 0.5;
            auto* line = new QCPItemStraightLine(plot_);
            line->setLayer(QStringLiteral("grid"));
            line->setPen(QPen(mark_colour, 1.4, Qt::DotLine));
            line->point1->setCoords(x, 0.0);
            line->point2->setCoords(x, 1.0);
            phase_items_.push_back(line);
            auto* label = new QCPItemText(plot_);
            label->position->setTypeX(QCPItemPosition::ptPlotCoords);
            label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
            // Staggered so that neighbouring labels do not overlap.
            label->position->setCoords(x, 0.10 + 0.07 * static_cast<double>(i % 3));
            label->setPadding(QMargins(3, 1, 3, 1));
            label->setFont(mark_font);
            label->setColor(mark_colour);
            QColor fill = palette().color(QPalette::Base);
            fill.setAlphaF(0.8f);
            label->setBrush(fill);
            label->setClipToAxisRect(true);
            label->setText(by_trial[i].second.join(QStringLiteral(", ")));
            place_mark_label(label, plot_->xAxis, x);
            phase_items_.push_back(label);
            mark_labels_.push_back(label);
            ++marks_drawn_;
        }
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
    ++redraws_;
}

}  // namespace flocculus::ui
