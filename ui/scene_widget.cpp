// SPDX-License-Identifier: GPL-3.0-or-later
#include "scene_widget.hpp"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

#include "arrow.hpp"
#include "palette.hpp"
#include "view_model.hpp"

namespace flocculus::ui {
namespace {

constexpr double kMarginLeft = 40;
constexpr double kMarginRight = 14;
constexpr double kMarginTop = 30;
constexpr double kMarginBottom = 26;

QColor with_alpha(QColor c, double alpha) {
    c.setAlphaF(static_cast<float>(std::clamp(alpha, 0.0, 1.0)));
    return c;
}

QFont scaled_font(const QFont& base, double factor, bool bold = false) {
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * factor);
    f.setBold(bold);
    return f;
}

void draw_target_symbol(QPainter& p, QPointF c, double scale = 1.0) {
    p.setPen(QPen(with_alpha(palette::target(), 0.6), 1.5 * scale));
    p.setBrush(Qt::NoBrush);
    p.drawEllipse(c, 9 * scale, 9 * scale);
    p.setPen(Qt::NoPen);
    p.setBrush(palette::target());
    p.drawEllipse(c, 4.5 * scale, 4.5 * scale);
}

void draw_eye_symbol(QPainter& p, QPointF c, double scale = 1.0) {
    p.setPen(QPen(palette::eye_on_dark(), 2.0 * scale));
    p.setBrush(Qt::NoBrush);
    p.drawEllipse(c, 8 * scale, 8 * scale);
    p.setPen(QPen(palette::eye_on_dark(), 1.5 * scale));
    const double in = 3 * scale, out = 14 * scale;
    p.drawLine(QPointF(c.x() - out, c.y()), QPointF(c.x() - in, c.y()));
    p.drawLine(QPointF(c.x() + in, c.y()), QPointF(c.x() + out, c.y()));
    p.drawLine(QPointF(c.x(), c.y() - out), QPointF(c.x(), c.y() - in));
    p.drawLine(QPointF(c.x(), c.y() + in), QPointF(c.x(), c.y() + out));
}

QString degrees_label(int v) {
    return (v < 0 ? QStringLiteral("−") : QString()) + QString::number(std::abs(v)) +
           QStringLiteral("°");
}

}  // namespace

SceneWidget::SceneWidget(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setToolTip(tr("The screen: target (orange) and gaze (blue), with the last %1 ms of each")
                   .arg(kTrailMs));
}

QWidget* SceneWidget::export_widget() const {
    if (!export_view_) {
        export_view_ = std::make_unique<SceneWidget>();
        export_view_->setAttribute(Qt::WA_DontShowOnScreen);
    }
    const int side = std::max(std::min(width(), height()), kExportSide);
    // The margins around the square screen are a little taller than wide.
    export_view_->resize(side, side + static_cast<int>(kMarginTop + kMarginBottom - kMarginLeft -
                                                       kMarginRight));
    export_view_->setFont(font());
    export_view_->protocol_instructs_ = protocol_instructs_;
    export_view_->snapshot_ = snapshot_;
    return export_view_.get();
}

PlotTable SceneWidget::export_table() const {
    PlotTable t;
    t.columns = {QStringLiteral("trial"), QStringLiteral("t_ms"), QStringLiteral("target_x_deg"),
                 QStringLiteral("target_y_deg"), QStringLiteral("eye_x_deg"),
                 QStringLiteral("eye_y_deg")};
    if (!snapshot_) return t;
    // The current trial so far; before it has started, the trial just completed.
    const std::vector<TraceSample>* trace = &snapshot_->current_trace;
    int number = snapshot_->plan.number;
    if (trace->empty() && !snapshot_->recent_trials.empty()) {
        trace = &snapshot_->recent_trials.back()->trace;
        number = snapshot_->recent_trials.back()->plan.number;
    }
    const QString trial = QString::number(number);
    for (const TraceSample& x : *trace)
        t.rows.push_back({trial, table_number(double{x.t_ms}, 1),
                          table_number(double{x.target_x_deg}, 4),
                          table_number(double{x.target_y_deg}, 4),
                          table_number(double{x.eye_x_deg}, 4), table_number(double{x.eye_y_deg}, 4)});
    return t;
}

void SceneWidget::show_snapshot(std::shared_ptr<const Snapshot> s) {
    snapshot_ = std::move(s);
    update();
}

void SceneWidget::set_protocol_instructs(bool instructs) {
    if (instructs == protocol_instructs_) return;
    protocol_instructs_ = instructs;
    update();
}

QRectF SceneWidget::screen_rect() const {
    const double w = width() - kMarginLeft - kMarginRight;
    const double h = height() - kMarginTop - kMarginBottom;
    const double side = std::max(10.0, std::min(w, h));
    return {kMarginLeft + (w - side) / 2, kMarginTop, side, side};
}

QPointF SceneWidget::to_pixels(double x_deg, double y_deg) const {
    const QRectF r = screen_rect();
    const double scale = r.width() / (2 * kHalfWidthDeg);
    return {r.center().x() + x_deg * scale, r.center().y() - y_deg * scale};
}

void SceneWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette::screen_background().darker(130));

    p.setPen(palette::screen_text());
    p.setFont(scaled_font(font(), 1.05, true));
    p.drawText(QRectF(kMarginLeft, 0, width() - kMarginLeft, kMarginTop),
               Qt::AlignLeft | Qt::AlignVCenter, tr("Screen"));

    paint_grid(p);
    if (snapshot_) {
        p.save();
        p.setClipRect(screen_rect());
        paint_trails(p);
        paint_markers(p);
        p.restore();
        paint_readout(p);
        painted_sequence_ = snapshot_->sequence;
    }
    paint_legend(p);
    ++paint_count_;
}

void SceneWidget::paint_grid(QPainter& p) const {
    const QRectF r = screen_rect();
    p.fillRect(r, palette::screen_background());
    const int half = static_cast<int>(kHalfWidthDeg);
    for (int v = -half; v <= half; v += 5) {
        const QColor c = v == 0           ? palette::screen_axis()
                         : v % 10 == 0    ? palette::screen_grid_major()
                                          : palette::screen_grid_minor();
        p.setPen(QPen(c, 1.0));
        const QPointF x0 = to_pixels(v, -kHalfWidthDeg), x1 = to_pixels(v, kHalfWidthDeg);
        const QPointF y0 = to_pixels(-kHalfWidthDeg, v), y1 = to_pixels(kHalfWidthDeg, v);
        p.drawLine(x0, x1);
        p.drawLine(y0, y1);
    }
    p.setPen(QPen(palette::screen_axis(), 1.0));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r);

    p.setFont(scaled_font(font(), 0.9));
    p.setPen(palette::screen_text());
    for (int v = -half; v <= half; v += 10) {
        const QPointF bx = to_pixels(v, -kHalfWidthDeg);
        p.drawText(QRectF(bx.x() - 30, r.bottom() + 3, 60, kMarginBottom - 4),
                   Qt::AlignHCenter | Qt::AlignTop, degrees_label(v));
        const QPointF ly = to_pixels(-kHalfWidthDeg, v);
        p.drawText(QRectF(0, ly.y() - 10, r.left() - 5, 20), Qt::AlignRight | Qt::AlignVCenter,
                   degrees_label(v));
    }
}

void SceneWidget::paint_trails(QPainter& p) const {
    const auto& trace = snapshot_->current_trace;
    if (trace.size() < 2) return;
    const double now = snapshot_->t_ms;
    // Walk back from the newest sample while it is recent enough.
    std::size_t first = trace.size() - 1;
    while (first > 0 && trace[first - 1].t_ms >= now - kTrailMs) --first;
    if (trace.back().t_ms < now - kTrailMs) return;

    const auto draw = [&](const QColor& colour, auto x_of, auto y_of) {
        for (std::size_t i = first + 1; i < trace.size(); ++i) {
            const double age = now - trace[i].t_ms;
            const double fade = 1.0 - age / kTrailMs;
            p.setPen(QPen(with_alpha(colour, 0.85 * fade), 2.5, Qt::SolidLine, Qt::RoundCap));
            p.drawLine(to_pixels(x_of(trace[i - 1]), y_of(trace[i - 1])),
                       to_pixels(x_of(trace[i]), y_of(trace[i])));
        }
    };
    draw(palette::target(), [](const TraceSample& s) { return double{s.target_x_deg}; },
         [](const TraceSample& s) { return double{s.target_y_deg}; });
    draw(palette::eye_on_dark(), [](const TraceSample& s) { return double{s.eye_x_deg}; },
         [](const TraceSample& s) { return double{s.eye_y_deg}; });
}

void SceneWidget::paint_markers(QPainter& p) const {
    const Snapshot& s = *snapshot_;
    const QPointF target = to_pixels(s.target.position_deg.x, s.target.position_deg.y);
    const QPointF eye = to_pixels(s.eye_position_deg.x, s.eye_position_deg.y);

    draw_target_symbol(p, target);
    draw_eye_symbol(p, eye);

    p.setFont(scaled_font(font(), 0.9));
    p.setPen(palette::target());
    p.drawText(target + QPointF(13, -9), tr("target"));
    p.setPen(palette::eye_on_dark());
    p.drawText(eye + QPointF(13, 20), tr("eye"));

    if (instruction_active(s)) {
        const Vec2 u = instruction_unit(s.config.params);
        const QPointF tip = target + QPointF(30 * u.x, -30 * u.y);
        draw_arrow(p, target + QPointF(11 * u.x, -11 * u.y), tip, palette::instruction(), 2.0, 7.0);
        p.setPen(palette::instruction());
        p.setFont(scaled_font(font(), 0.9, true));
        const QPointF at = u.y >= 0 ? tip + QPointF(8, -2) : tip + QPointF(8, 12);
        p.drawText(at, tr("instruction"));
    }
}

void SceneWidget::paint_readout(QPainter& p) const {
    const Snapshot& s = *snapshot_;
    const QRectF r = screen_rect().adjusted(10, 8, -10, -8);
    QString when;
    if (s.finished)
        when = tr("protocol finished");
    else if (s.t_ms < 0)
        when = tr("fixation   t = %1 ms").arg(QString::number(s.t_ms, 'f', 0).replace(QLatin1Char('-'), QChar(0x2212)));
    else if (s.t_ms < kTrialEndMs)
        when = tr("pursuit   t = %1 ms").arg(QString::number(s.t_ms, 'f', 0));
    else
        when = tr("inter-trial fixation");
    const QString speeds = tr("target %1 deg/s   eye %2 deg/s")
                               .arg(QString::number(s.target.velocity_deg_s.norm(), 'f', 1))
                               .arg(QString::number(s.eye_velocity_deg_s.norm(), 'f', 1));
    p.setPen(palette::screen_text());
    p.setFont(scaled_font(font(), 0.95));
    const int line = p.fontMetrics().height();
    p.drawText(QRectF(r.left(), r.top(), r.width(), line), Qt::AlignLeft | Qt::AlignTop, when);
    p.drawText(QRectF(r.left(), r.top() + line, r.width(), line), Qt::AlignLeft | Qt::AlignTop,
               speeds);
}

void SceneWidget::paint_legend(QPainter& p) const {
    p.setFont(scaled_font(font(), 0.9));
    const QFontMetrics fm = p.fontMetrics();
    const int rows = protocol_instructs_ ? 3 : 2;
    const double row_h = std::max(22, fm.height() + 6);
    const double w = 36 + fm.horizontalAdvance(tr("instruction")) + 12;
    const QRectF r = screen_rect();
    const QRectF box(r.left() + 8, r.bottom() - 8 - rows * row_h - 6, w, rows * row_h + 6);

    p.setPen(QPen(palette::screen_axis(), 1.0));
    p.setBrush(with_alpha(palette::screen_background().darker(140), 0.85));
    p.drawRoundedRect(box, 4, 4);

    double y = box.top() + 3 + row_h / 2;
    const double sx = box.left() + 18, tx = box.left() + 34;
    const auto label = [&](const QColor& c, const QString& text) {
        p.setPen(c);
        p.drawText(QRectF(tx, y - row_h / 2, w, row_h), Qt::AlignLeft | Qt::AlignVCenter, text);
        y += row_h;
    };
    draw_target_symbol(p, {sx, y}, 0.8);
    label(palette::target(), tr("target"));
    draw_eye_symbol(p, {sx, y}, 0.7);
    label(palette::eye_on_dark(), tr("eye"));
    if (protocol_instructs_) {
        draw_arrow(p, {sx - 8, y}, {sx + 8, y}, palette::instruction(), 2.0, 7.0);
        label(palette::instruction(), tr("instruction"));
    }
}

}  // namespace flocculus::ui
