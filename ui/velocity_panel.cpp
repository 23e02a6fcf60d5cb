// SPDX-License-Identifier: GPL-3.0-or-later
#include "velocity_panel.hpp"

#include <qcustomplot.h>

#include <QShowEvent>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "palette.hpp"
#include "plot_style.hpp"
#include "view_model.hpp"

namespace flocculus::ui {
namespace {

constexpr double kGridStepMs = 100.0;
constexpr double kRangeStep = 5.0;  // the y range snaps to multiples of this, deg/s

QPen pen(const QColor& c, double width, Qt::PenStyle style = Qt::SolidLine) {
    QPen p(c, width, style, Qt::FlatCap, Qt::RoundJoin);
    return p;
}

// Fills keys and the two components of a trace.
template <typename X, typename Y>
void trace_columns(const std::vector<TraceSample>& trace, X x_of, Y y_of, QVector<double>& keys,
                   QVector<double>& xs, QVector<double>& ys) {
    const auto n = static_cast<qsizetype>(trace.size());
    keys.resize(n);
    xs.resize(n);
    ys.resize(n);
    for (qsizetype i = 0; i < n; ++i) {
        const TraceSample& s = trace[static_cast<std::size_t>(i)];
        keys[i] = double{s.t_ms};
        xs[i] = x_of(s);
        ys[i] = y_of(s);
    }
}

void extend(double& low, double& high, const QVector<double>& v) {
    for (double x : v) {
        low = std::min(low, x);
        high = std::max(high, x);
    }
}

}  // namespace

VelocityPanel::VelocityPanel(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    setMinimumSize(320, 240);

    const QFont base = font();
    plot_->setBackground(palette().color(QPalette::Base));

    // Title above the axes, legend below them.
    add_title_and_bottom_legend(plot_, tr("Eye and target velocity"), 3);

    QCPAxis* x = plot_->xAxis;
    QCPAxis* y = plot_->yAxis;
    x->setLabel(tr("time from motion onset (ms)"));
    y->setLabel(tr("velocity (deg/s)"));
    for (QCPAxis* a : {x, y}) {
        a->setLabelFont(base);
        a->setTickLabelFont(scaled_font(base, 0.92));
        a->grid()->setPen(pen(QColor(0xE3, 0xE5, 0xE8), 1.0));
        a->grid()->setZeroLinePen(pen(QColor(0x8E, 0x94, 0x9C), 1.0));
        a->grid()->setSubGridVisible(false);
    }
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(kGridStepMs);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    x->setTicker(ticker);
    x->setRange(kTrialStartMs, kTrialEndMs);
    y->setRange(-kRangeStep, 4 * kRangeStep);

    // Instruction window: a light band across the axes, below the traces.
    instruction_rect_ = new QCPItemRect(plot_);
    instruction_rect_->setLayer(QStringLiteral("grid"));
    instruction_rect_->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
    instruction_rect_->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    instruction_rect_->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
    instruction_rect_->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    instruction_rect_->setPen(Qt::NoPen);
    instruction_rect_->setVisible(false);
    instruction_label_ = new QCPItemText(plot_);
    instruction_label_->position->setTypeX(QCPItemPosition::ptPlotCoords);
    instruction_label_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    instruction_label_->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
    instruction_label_->setPadding(QMargins(2, 4, 2, 2));
    instruction_label_->setFont(scaled_font(base, 0.92, true));
    instruction_label_->setColor(palette::instruction().darker(140));
    instruction_label_->setText(tr("instruction"));
    instruction_label_->setVisible(false);

    plot_->addLayer(QStringLiteral("history"), plot_->layer(QStringLiteral("grid")),
                    QCustomPlot::limAbove);
    plot_->addLayer(QStringLiteral("live"), plot_->layer(QStringLiteral("main")),
                    QCustomPlot::limAbove);
    history_layer_ = plot_->layer(QStringLiteral("history"));
    live_layer_ = plot_->layer(QStringLiteral("live"));
    history_layer_->setMode(QCPLayer::lmBuffered);
    live_layer_->setMode(QCPLayer::lmBuffered);
    // The layer above the live one gets a buffer of its own too, so that a live redraw
    // leaves the axes and legend as they are.
    plot_->layer(QStringLiteral("axes"))->setMode(QCPLayer::lmBuffered);

    now_line_ = new QCPItemStraightLine(plot_);
    now_line_->setLayer(live_layer_);
    now_line_->setPen(pen(QColor(0x9A, 0xA0, 0xA8), 1.0, Qt::DotLine));
    now_line_->setVisible(false);

    // Graphs in drawing order: earlier trials, the target, the current eye.
    plot_->setAutoAddPlottableToLegend(false);
    const auto add = [&](const QColor& colour, double width, Qt::PenStyle style,
                         const QString& name) {
        QCPGraph* g = plot_->addGraph();
        g->setPen(pen(colour, width, style));
        g->setName(name);
        return g;
    };
    for (Component* c : {&horizontal_, &vertical_}) {
        c->colour = c == &horizontal_ ? palette::horizontal() : palette::vertical();
        for (std::size_t i = 0; i < Runner::kRecentTrials; ++i) {
            c->history.push_back(add(palette::lightened(c->colour, 0.6), 1.2, Qt::SolidLine, {}));
            c->history.back()->setLayer(history_layer_);
        }
    }
    horizontal_.target = add(palette::horizontal(), 1.6, Qt::DashLine, tr("target horizontal"));
    vertical_.target = add(palette::vertical(), 1.6, Qt::DashLine, tr("target vertical"));
    horizontal_.eye = add(palette::horizontal(), 2.2, Qt::SolidLine, tr("eye horizontal"));
    vertical_.eye = add(palette::vertical(), 2.2, Qt::SolidLine, tr("eye vertical"));
    horizontal_.eye->setLayer(live_layer_);
    vertical_.eye->setLayer(live_layer_);
    // A legend entry only; it holds no data.
    QCPGraph* earlier =
        add(QColor(0xB4, 0xBA, 0xC2), 1.4, Qt::SolidLine, tr("earlier trials"));
    for (QCPGraph* g : {horizontal_.eye, vertical_.eye, earlier, horizontal_.target,
                        vertical_.target})
        g->addToLegend();

    enable_navigation(plot_, [this] {
        plot_->xAxis->setRange(kTrialStartMs, kTrialEndMs);
        update_range();
    });
}

int VelocityPanel::graph_count() const { return plot_->graphCount(); }

int VelocityPanel::graphs_with_data() const {
    int n = 0;
    for (int i = 0; i < plot_->graphCount(); ++i)
        if (!plot_->graph(i)->data()->isEmpty()) ++n;
    return n;
}

std::size_t VelocityPanel::current_samples() const {
    return static_cast<std::size_t>(horizontal_.eye->data()->size());
}

bool VelocityPanel::instruction_window_visible() const { return instruction_rect_->visible(); }

void VelocityPanel::set_protocol_instructs(bool instructs) {
    if (instructs != protocol_instructs_) stale_ = true;  // the next frame redraws all
    protocol_instructs_ = instructs;
}

QWidget* VelocityPanel::export_widget() const { return plot_; }

PlotTable VelocityPanel::export_table() const {
    PlotTable t;
    t.columns = {QStringLiteral("trial"),           QStringLiteral("t_ms"),
                 QStringLiteral("target_vx_deg_s"), QStringLiteral("target_vy_deg_s"),
                 QStringLiteral("eye_vx_deg_s"),    QStringLiteral("eye_vy_deg_s")};
    const auto row = [&t](int trial, double t_ms, Vec2 target, double eye_x, double eye_y) {
        t.rows.push_back({QString::number(trial), table_number(t_ms, 1),
                          table_number(target.x, 4), table_number(target.y, 4),
                          table_number(eye_x, 4), table_number(eye_y, 4)});
    };
    for (const auto& r : history_)
        for (const TraceSample& x : r->trace)
            row(r->plan.number, double{x.t_ms}, {double{x.target_vx_deg_s}, double{x.target_vy_deg_s}},
                double{x.eye_vx_deg_s}, double{x.eye_vy_deg_s});
    // The current trial, as drawn: the eye so far, the target where the eye has been.
    const auto hx = horizontal_.eye->data();
    const auto vy = vertical_.eye->data();
    for (int i = 0; i < hx->size() && i < vy->size(); ++i) {
        const double t_ms = hx->at(i)->key;
        row(plan_.number, t_ms, target_at(params_, plan_, t_ms).velocity_deg_s, hx->at(i)->value,
            vy->at(i)->value);
    }
    return t;
}

void VelocityPanel::show_snapshot(const Snapshot& s) {
    // Only the current trial's eye traces and the time line change within a trial; the
    // rest is redrawn when a trial ends, the run or its parameters change, or the range
    // grows.
    const bool same_trial = plan_.number == s.plan.number &&
                            plan_.instructed == s.plan.instructed && plan_.probe == s.plan.probe &&
                            same_parameters(params_, s.config.params);
    params_ = s.config.params;
    plan_ = s.plan;
    bool whole = update_history(s);
    update_current(s);
    if (!same_trial || full_replots_ == 0) {
        update_target(s);
        whole = true;
    }
    update_decorations(s);
    whole = update_range() || whole;
    shown_sequence_ = s.sequence;
    if (!isVisible()) {
        stale_ = true;  // drawn when shown
        return;
    }
    if (whole || stale_) {
        stale_ = false;
        ++full_replots_;
        plot_->replot(QCustomPlot::rpQueuedReplot);
    } else {
        ++live_replots_;
        live_layer_->replot();
    }
}

void VelocityPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (stale_) {
        stale_ = false;
        ++full_replots_;
        plot_->replot(QCustomPlot::rpQueuedReplot);
    }
}

bool VelocityPanel::update_history(const Snapshot& s) {
    const auto& recent = s.recent_trials;
    const std::shared_ptr<const TrialRecord> newest = recent.empty() ? nullptr : recent.back();
    if (newest == newest_shown_ && recent.size() == history_shown_) return false;
    newest_shown_ = newest;
    history_shown_ = recent.size();
    history_.clear();
    history_low_ = history_high_ = 0;

    const std::size_t capacity = Runner::kRecentTrials;
    const std::size_t shown = std::min(recent.size(), capacity);
    const std::size_t skip = recent.size() - shown;
    QVector<double> keys, xs, ys;
    for (std::size_t i = 0; i < capacity; ++i) {
        QCPGraph* gh = horizontal_.history[i];
        QCPGraph* gv = vertical_.history[i];
        if (i >= shown) {
            gh->data()->clear();
            gv->data()->clear();
            continue;
        }
        const TrialRecord& r = *recent[skip + i];
        history_.push_back(recent[skip + i]);
        trace_columns(
            r.trace, [](const TraceSample& t) { return double{t.eye_vx_deg_s}; },
            [](const TraceSample& t) { return double{t.eye_vy_deg_s}; }, keys, xs, ys);
        gh->setData(keys, xs, true);
        gv->setData(keys, ys, true);
        extend(history_low_, history_high_, xs);
        extend(history_low_, history_high_, ys);
        // Older trials are lighter: from 45% towards white (newest) to 85% (oldest).
        const double age = static_cast<double>(shown - 1 - i) / static_cast<double>(capacity);
        const double amount = 0.45 + 0.40 * age;
        gh->setPen(pen(palette::lightened(horizontal_.colour, amount), 1.2));
        gv->setPen(pen(palette::lightened(vertical_.colour, amount), 1.2));
    }
    return true;
}

void VelocityPanel::update_current(const Snapshot& s) {
    QVector<double> keys, xs, ys;
    trace_columns(
        s.current_trace, [](const TraceSample& t) { return double{t.eye_vx_deg_s}; },
        [](const TraceSample& t) { return double{t.eye_vy_deg_s}; }, keys, xs, ys);
    horizontal_.eye->setData(keys, xs, true);
    vertical_.eye->setData(keys, ys, true);
}

void VelocityPanel::update_target(const Snapshot& s) {
    // The whole trial's target motion is known in advance: draw it all.
    const auto n = static_cast<qsizetype>(kRecordedBins);
    QVector<double> keys(n), xs(n), ys(n);
    TrialPlan with_instruction = s.plan;
    with_instruction.instructed = with_instruction.instructed || protocol_instructs_;
    target_low_ = target_high_ = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const double t = kTrialStartMs + static_cast<double>(i);
        const TargetState ts = target_at(s.config.params, s.plan, t);
        keys[i] = t;
        xs[i] = ts.velocity_deg_s.x;
        ys[i] = ts.velocity_deg_s.y;
        // The range also covers instructed trials, so that it does not jump between them.
        const Vec2 v = target_at(s.config.params, with_instruction, t).velocity_deg_s;
        target_low_ = std::min({target_low_, v.x, v.y, xs[i], ys[i]});
        target_high_ = std::max({target_high_, v.x, v.y, xs[i], ys[i]});
    }
    horizontal_.target->setData(keys, xs, true);
    vertical_.target->setData(keys, ys, true);
}

void VelocityPanel::update_decorations(const Snapshot& s) {
    const bool show_window = protocol_instructs_;
    instruction_rect_->setVisible(show_window);
    instruction_label_->setVisible(show_window);
    if (show_window) {
        const auto w = instruction_window(s.config.params);
        instruction_rect_->topLeft->setCoords(w.onset_ms, 0.0);
        instruction_rect_->bottomRight->setCoords(w.end_ms, 1.0);
        // Stronger on the trials that carry the instruction.
        QColor fill = palette::instruction();
        fill.setAlphaF(s.plan.instructed ? 0.20f : 0.08f);
        instruction_rect_->setBrush(fill);
        instruction_label_->position->setCoords((w.onset_ms + w.end_ms) / 2, 0.0);
        instruction_label_->setText(s.plan.instructed ? tr("instruction")
                                                      : tr("instruction window (not this trial)"));
    }
    const bool in_trial = !s.finished && s.t_ms > kTrialStartMs && s.t_ms < kTrialEndMs;
    now_line_->setVisible(in_trial);
    now_line_->point1->setCoords(s.t_ms, 0.0);
    now_line_->point2->setCoords(s.t_ms, 1.0);
}

bool VelocityPanel::update_range() {
    if (user_view(plot_)) return false;
    double low = std::min(target_low_, history_low_);
    double high = std::max(target_high_, history_high_);
    if (!horizontal_.eye->data()->isEmpty()) {
        bool found = false;
        const QCPRange rx = horizontal_.eye->data()->valueRange(found);
        if (found) {
            low = std::min(low, rx.lower);
            high = std::max(high, rx.upper);
        }
        const QCPRange ry = vertical_.eye->data()->valueRange(found);
        if (found) {
            low = std::min(low, ry.lower);
            high = std::max(high, ry.upper);
        }
    }
    const double pad = 0.06 * std::max(high - low, 10.0);
    low = kRangeStep * std::floor((low - pad) / kRangeStep);
    high = kRangeStep * std::ceil((high + pad) / kRangeStep);
    const QCPRange r = plot_->yAxis->range();
    if (r.lower == low && r.upper == high) return false;
    plot_->yAxis->setRange(low, high);
    return true;
}

}  // namespace flocculus::ui
