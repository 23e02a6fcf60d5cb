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

// The earlier trials' eye velocity traces, oldest lightest. Each trace is drawn once, when
// its trial arrives, into an image of its own in the trace's colour (cropped to the band it
// covers); a redraw of the layer then only lays the images down, each at the opacity of its
// age (the same shade as the colour lightened towards the background). The images are drawn
// again only when the axes' ranges, the plot's size or its pixel ratio change. Exports
// (vector or scaled) draw the traces as lines.
class EarlierTraces : public QCPLayerable {
  public:
    EarlierTraces(QCustomPlot* plot, QCPLayer* layer, std::size_t capacity)
        : QCPLayerable(plot), capacity_(std::max<std::size_t>(capacity, 1)) {
        setLayer(layer);
        setAntialiased(true);
    }

    struct Style {
        QColor horizontal, vertical;
        double width = 1.2;
    };
    // The traces to draw, oldest first (at most the capacity their shades spread over).
    void set_traces(const std::vector<std::shared_ptr<const TrialRecord>>& records,
                    const Style& style) {
        style_ = style;
        std::vector<Entry> kept;
        kept.reserve(records.size());
        for (const auto& r : records) {
            const auto found = std::find_if(entries_.begin(), entries_.end(),
                                            [&r](const Entry& e) { return e.record == r; });
            kept.push_back(found != entries_.end() ? std::move(*found) : Entry{r, {}, {}});
        }
        entries_ = std::move(kept);
    }
    int rendered() const { return rendered_; }

    // Lightening of the trace i of n (oldest first) towards the background: from 45% (the
    // newest) to 85% (the oldest a full history holds).
    double lightening(std::size_t i, std::size_t n) const {
        const double age = static_cast<double>(n - 1 - i) / static_cast<double>(capacity_);
        return 0.45 + 0.40 * age;
    }

  protected:
    QRect clipRect() const override { return parentPlot()->axisRect()->rect(); }
    void applyDefaultAntialiasingHint(QCPPainter* painter) const override {
        applyAntialiasingHint(painter, mAntialiased, QCP::aePlottables);
    }

    void draw(QCPPainter* painter) override {
        const std::size_t n = entries_.size();
        if (painter->modes().testFlag(QCPPainter::pmVectorized) ||
            painter->modes().testFlag(QCPPainter::pmNoCaching)) {
            // An export: lines, in the lightened colours, as exact as the painter allows.
            for (std::size_t i = 0; i < n; ++i) {
                const double amount = lightening(i, n);
                for (bool vertical : {false, true}) {
                    painter->setPen(QPen(palette::lightened(colour(vertical), amount), style_.width,
                                         Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin));
                    painter->drawPolyline(polyline(*entries_[i].record, vertical));
                }
            }
            return;
        }
        const Geometry g = geometry(painter);
        if (!(g == geometry_)) {
            geometry_ = g;
            for (Entry& e : entries_) e.images[0] = e.images[1] = {};
        }
        const double old_opacity = painter->opacity();
        for (std::size_t i = 0; i < n; ++i) {
            Entry& e = entries_[i];
            painter->setOpacity(1.0 - lightening(i, n));
            for (int c = 0; c < 2; ++c) {
                if (e.images[c].isNull()) render(e, c);
                if (!e.images[c].isNull()) painter->drawImage(e.at[c], e.images[c]);
            }
        }
        painter->setOpacity(old_opacity);
    }

  private:
    struct Entry {
        std::shared_ptr<const TrialRecord> record;
        QImage images[2];  // horizontal, vertical
        QPointF at[2];     // where each image goes (logical pixels)
    };
    struct Geometry {
        QRect rect;
        QCPRange x, y;
        qreal ratio = 1;
        bool operator==(const Geometry& o) const {
            return rect == o.rect && x == o.x && y == o.y && ratio == o.ratio;
        }
    };

    const QColor& colour(bool vertical) const {
        return vertical ? style_.vertical : style_.horizontal;
    }
    Geometry geometry(const QCPPainter* painter) const {
        const QCPAxisRect* r = parentPlot()->axisRect();
        const QPaintDevice* device = painter->device();
        return {r->rect(), r->axis(QCPAxis::atBottom)->range(), r->axis(QCPAxis::atLeft)->range(),
                device ? device->devicePixelRatioF() : 1.0};
    }
    QPolygonF polyline(const TrialRecord& r, bool vertical) const {
        const QCPAxisRect* rect = parentPlot()->axisRect();
        const QCPAxis* x = rect->axis(QCPAxis::atBottom);
        const QCPAxis* y = rect->axis(QCPAxis::atLeft);
        QPolygonF line;
        line.reserve(static_cast<qsizetype>(r.trace.size()));
        for (const TraceSample& s : r.trace)
            line.append(QPointF(
                x->coordToPixel(double{s.t_ms}),
                y->coordToPixel(vertical ? double{s.eye_vy_deg_s} : double{s.eye_vx_deg_s})));
        return line;
    }
    // Draws one trace, in full colour, into an image of the part of the axes it covers.
    void render(Entry& e, int c) {
        ++rendered_;
        const QPolygonF line = polyline(*e.record, c == 1);
        const QRectF clip = QRectF(geometry_.rect);
        const double margin = style_.width + 2;
        const QRectF band = line.boundingRect().adjusted(-margin, -margin, margin, margin) & clip;
        if (line.size() < 2 || band.isEmpty()) return;
        const QRect pixels = band.toAlignedRect();
        QImage image(pixels.size() * geometry_.ratio, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(geometry_.ratio);
        image.fill(Qt::transparent);
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing, antialiased());
        p.translate(-pixels.topLeft());
        p.setClipRect(clip);
        p.setPen(QPen(colour(c == 1), style_.width, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin));
        p.drawPolyline(line);
        p.end();
        e.images[c] = std::move(image);
        e.at[c] = pixels.topLeft();
    }

    std::vector<Entry> entries_;
    std::size_t capacity_;
    Style style_;
    Geometry geometry_;
    int rendered_ = 0;
};

int VelocityPanel::traces_rendered() const {
    return earlier_->rendered();
}

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
    main_layer_ = plot_->layer(QStringLiteral("main"));
    history_layer_->setMode(QCPLayer::lmBuffered);
    main_layer_->setMode(QCPLayer::lmBuffered);  // the target: redrawn when it changes
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
            // Hold the earlier trials' data; EarlierTraces draws them.
            c->history.push_back(add(palette::lightened(c->colour, 0.6), 1.2, Qt::SolidLine, {}));
            c->history.back()->setLayer(history_layer_);
            c->history.back()->setVisible(false);
        }
    }
    earlier_ = new EarlierTraces(plot_, history_layer_, Runner::kRecentTrials);
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
    // Only the current trial's eye traces and the time line change within a trial. At a
    // trial end the earlier trials change (their layer is redrawn from images made once per
    // trace, see EarlierTraces), and the target if the new trial's differs; the rest (grid,
    // instruction band, axes, legend) is redrawn only when it changes: the run or its
    // parameters, the instruction shown, or the range.
    const bool same_trial = plan_.number == s.plan.number &&
                            plan_.instructed == s.plan.instructed && plan_.probe == s.plan.probe &&
                            same_parameters(params_, s.config.params);
    const bool same_parameters_as_before = same_parameters(params_, s.config.params);
    params_ = s.config.params;
    plan_ = s.plan;
    const bool history = update_history(s);
    update_current(s);
    bool target = false;
    if (!same_trial || full_replots_ == 0) target = update_target(s);
    bool whole = update_decorations(s) || !same_parameters_as_before;
    whole = update_range() || whole;
    shown_sequence_ = s.sequence;
    if (!isVisible()) {
        stale_ = true;  // drawn when shown
        return;
    }
    if (whole || stale_ || full_replots_ == 0) {
        stale_ = false;
        ++full_replots_;
        plot_->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    if (history) history_layer_->replot();
    if (target) main_layer_->replot();
    ++live_replots_;
    live_layer_->replot();
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
        const double amount = earlier_->lightening(i, shown);
        gh->setPen(pen(palette::lightened(horizontal_.colour, amount), 1.2));
        gv->setPen(pen(palette::lightened(vertical_.colour, amount), 1.2));
    }
    earlier_->set_traces(history_, {horizontal_.colour, vertical_.colour, 1.2});
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

bool VelocityPanel::update_target(const Snapshot& s) {
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
    // Drawn through the points where the motion bends only: the same lines, without a
    // thousand short dashed segments to stroke.
    QVector<double> kept_keys, kept_xs, kept_ys;
    for (qsizetype i = 0; i < n; ++i) {
        const bool bend = i == 0 || i == n - 1 || xs[i + 1] - xs[i] != xs[i] - xs[i - 1] ||
                          ys[i + 1] - ys[i] != ys[i] - ys[i - 1];
        if (!bend) continue;
        kept_keys.push_back(keys[i]);
        kept_xs.push_back(xs[i]);
        kept_ys.push_back(ys[i]);
    }
    if (kept_keys == target_keys_ && kept_xs == target_xs_ && kept_ys == target_ys_) return false;
    target_keys_ = kept_keys;
    target_xs_ = kept_xs;
    target_ys_ = kept_ys;
    horizontal_.target->setData(kept_keys, kept_xs, true);
    vertical_.target->setData(kept_keys, kept_ys, true);
    return true;
}

bool VelocityPanel::update_decorations(const Snapshot& s) {
    const bool show_window = protocol_instructs_;
    const bool changed = show_window != instruction_rect_->visible() ||
                         (show_window && s.plan.instructed != decorated_instructed_);
    decorated_instructed_ = s.plan.instructed;
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
    return changed;
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
