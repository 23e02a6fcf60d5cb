// SPDX-License-Identifier: GPL-3.0-or-later
#include "vor_scene.hpp"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "arrow.hpp"
#include "palette.hpp"
#include "task/vor.hpp"
#include "vor_gain_curve.hpp"

namespace flocculus::ui {
namespace {

constexpr double kSlipPixelsPerDegS = 3.0;
constexpr int kLandmarks = 24;

QColor with_alpha(QColor c, double alpha) {
    c.setAlphaF(static_cast<float>(std::clamp(alpha, 0.0, 1.0)));
    return c;
}

// A point at `deg` clockwise from straight ahead (up on the screen), `radius` from `c`.
QPointF polar(QPointF c, double radius, double deg) {
    const double r = deg * std::numbers::pi / 180.0;
    return {c.x() + radius * std::sin(r), c.y() - radius * std::cos(r)};
}

// The trace to show: the current trial so far, or before it starts the one just completed.
const std::vector<TraceSample>& shown_trace(const Snapshot& s) {
    if (s.current_trace.empty() && !s.recent_trials.empty()) return s.recent_trials.back()->trace;
    return s.current_trace;
}

// The last dark probe's gain, if any.
double last_dark_gain(const Snapshot& s) {
    if (!s.metrics) return NAN;
    for (auto it = s.metrics->rbegin(); it != s.metrics->rend(); ++it)
        if (std::isfinite(it->vor_gain_dark)) return it->vor_gain_dark;
    return NAN;
}

}  // namespace

VorSceneWidget::VorSceneWidget(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setToolTip(
        tr("The head seen from above, turning; the eye (blue) turns against it. The world "
           "moves as the spectacles show it; the red arrow is the retinal slip. In the dark "
           "(the probes, and training with task.vor_light dark) nothing is seen and nothing "
           "slips. Below: eye velocity against the head's, in this trial, and the dark VOR "
           "gain of every probe."));
}

void VorSceneWidget::show_snapshot(std::shared_ptr<const Snapshot> s) {
    snapshot_ = std::move(s);
    update();
}

PlotTable VorSceneWidget::export_table() const {
    PlotTable t;
    t.columns = {QStringLiteral("trial"), QStringLiteral("t_ms"), QStringLiteral("head_vx_deg_s"),
                 QStringLiteral("world_vx_deg_s"), QStringLiteral("eye_vx_deg_s")};
    if (!snapshot_) return t;
    const QString trial = QString::number(snapshot_->plan.number);
    for (const TraceSample& x : shown_trace(*snapshot_))
        t.rows.push_back(
            {trial, table_number(double{x.t_ms}, 1), table_number(double{x.head_vx_deg_s}, 4),
             table_number(double{x.target_vx_deg_s}, 4), table_number(double{x.eye_vx_deg_s}, 4)});
    return t;
}

void VorSceneWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette::screen_background());
    const double h = height(), w = width();
    const QRectF top(0, 0, w, h * 0.46), middle(0, h * 0.46, w, h * 0.32),
        bottom(0, h * 0.78, w, h * 0.22);
    paint_top_view(p, top);
    paint_velocities(p, middle);
    paint_gain_curve(p, bottom);
    if (snapshot_) painted_sequence_ = snapshot_->sequence;
}

void VorSceneWidget::paint_top_view(QPainter& p, const QRectF& r) {
    const QPointF c = r.center() + QPointF(0, 10);
    const double radius = 0.42 * std::min(r.width(), r.height() - 20);
    const Snapshot* s = snapshot_.get();
    const bool vor = s && s->plan.vor.active;
    // Dark: a probe, or training with task.vor_light dark.
    const bool dark = vor && vor_in_dark(s->plan.vor, s->config.params);
    const bool probe = vor && s->plan.vor.dark;
    const double lens = vor ? vor_lens_gain(s->plan.vor, s->config.params) : 1.0;
    const double head_yaw = s ? s->head_position_deg.x : 0.0;
    const double eye_in_head = s ? s->eye_position_deg.x : 0.0;
    // Slip: the world's image velocity relative to the head, less the eye's (none in the dark).
    const double slip = vor && !dark ? s->target.velocity_deg_s.x - s->eye_velocity_deg_s.x : 0.0;
    painted_dark_ = dark;
    painted_slip_ = slip;

    // The world: landmarks around the head, where the spectacles show them. Through a lens
    // of magnification g the image of a fixed world turns by (1 - g) times the head's turn.
    const double world_turn = (1.0 - lens) * head_yaw;
    for (int k = 0; k < kLandmarks; ++k) {
        const double a = k * 360.0 / kLandmarks + world_turn;
        const QPointF at = polar(c, radius, a);
        p.setPen(Qt::NoPen);
        const QColor colour = k % 2 ? palette::bluish_green() : palette::screen_text();
        p.setBrush(dark ? with_alpha(colour, 0.08) : with_alpha(colour, 0.85));
        p.drawEllipse(at, k % 2 ? 5.0 : 3.5, k % 2 ? 5.0 : 3.5);
    }

    // The head: a circle with a nose and ears, turned by its yaw (clockwise = rightward).
    const double head_r = radius * 0.38;
    p.save();
    p.translate(c);
    p.rotate(head_yaw);
    p.setPen(QPen(palette::screen_text(), 2.0));
    p.setBrush(QColor(0x3A, 0x40, 0x4A));
    QPainterPath nose;
    nose.moveTo(-0.22 * head_r, -0.92 * head_r);
    nose.lineTo(0, -1.28 * head_r);
    nose.lineTo(0.22 * head_r, -0.92 * head_r);
    p.drawPath(nose);
    p.drawEllipse(QPointF(-head_r, 0), 0.16 * head_r, 0.3 * head_r);
    p.drawEllipse(QPointF(head_r, 0), 0.16 * head_r, 0.3 * head_r);
    p.drawEllipse(QPointF(0, 0), head_r, head_r);
    // The spectacles, in the light.
    if (!dark && vor) {
        p.setPen(QPen(with_alpha(palette::orange(), 0.9), 2.0));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(-0.55 * head_r, -0.98 * head_r, 1.1 * head_r, 0.26 * head_r), 4,
                          4);
    }
    p.restore();

    // The eye and its line of sight: head yaw plus the eye's angle in the head.
    const QPointF eye_at = polar(c, 0.62 * head_r, head_yaw);
    const double gaze = head_yaw + eye_in_head;
    p.setPen(QPen(with_alpha(palette::eye_on_dark(), 0.7), 1.5, Qt::DashLine));
    p.drawLine(eye_at, polar(c, radius - 10, gaze));
    p.setPen(QPen(palette::eye_on_dark(), 2.0));
    p.setBrush(palette::screen_background());
    p.drawEllipse(eye_at, 7.0, 7.0);
    p.setBrush(palette::eye_on_dark());
    p.drawEllipse(polar(eye_at, 3.5, gaze), 3.0, 3.0);

    // Retinal slip as an arrow where the gaze meets the world (rightward = clockwise).
    if (vor && !dark && std::abs(slip) > 0.2) {
        const QPointF at = polar(c, radius + 16, gaze);
        const double len = std::clamp(slip * kSlipPixelsPerDegS, -0.45 * radius, 0.45 * radius);
        draw_arrow(p, at, at + QPointF(len, 0), palette::error(), 2.5, 8.0);
    }

    // Words.
    p.setPen(palette::screen_text());
    QFont f = font();
    p.setFont(f);
    const QRectF text = r.adjusted(10, 6, -10, 0);
    QString what;
    if (!vor)
        what = tr("VOR: the head turns once a VOR protocol runs");
    else if (probe)
        what = tr("DARK probe: the reflex alone");
    else if (dark)
        what = tr("DARK training: no slip to learn from");
    else
        what = tr("Light, spectacles ×%1").arg(lens, 0, 'f', 2);
    p.drawText(text, Qt::AlignLeft | Qt::AlignTop, what);
    painted_label_ = what;
    const double g = s ? last_dark_gain(*s) : NAN;
    QString right = std::isfinite(g) ? tr("dark VOR gain %1").arg(g, 0, 'f', 3) : QString();
    if (vor && !dark)
        right += (right.isEmpty() ? QString() : QStringLiteral("\n")) +
                 tr("retinal slip %1 deg/s").arg(slip, 0, 'f', 1);
    p.drawText(text, Qt::AlignRight | Qt::AlignTop, right);
    if (dark) {
        QFont big = f;
        big.setPointSizeF(f.pointSizeF() * 1.4);
        big.setBold(true);
        p.setFont(big);
        p.setPen(with_alpha(palette::screen_text(), 0.5));
        p.drawText(QRectF(c.x() - radius, c.y() + 0.45 * radius, 2 * radius, 30), Qt::AlignCenter,
                   tr("lights off"));
        p.setFont(f);
    }
}

void VorSceneWidget::paint_velocities(QPainter& p, const QRectF& r) const {
    const QRectF plot = r.adjusted(48, 20, -14, -20);
    p.setPen(QPen(palette::screen_grid_major(), 1.0));
    p.setBrush(Qt::NoBrush);
    p.drawRect(plot);
    p.setPen(palette::screen_text());
    p.drawText(QRectF(r.left() + 10, r.top() + 2, r.width() - 20, 18), Qt::AlignLeft,
               tr("Eye and head velocity, this trial (deg/s)"));
    if (!snapshot_) return;
    const auto& trace = shown_trace(*snapshot_);
    double top = 10;
    for (const auto& x : trace)
        top = std::max({top, std::abs(double{x.eye_vx_deg_s}), std::abs(double{x.head_vx_deg_s}),
                        std::abs(double{x.target_vx_deg_s})});
    top = std::ceil(top / 10.0) * 10.0;
    auto to_px = [&](double t_ms, double v) {
        return QPointF(
            plot.left() + (t_ms - kTrialStartMs) / (kTrialEndMs - kTrialStartMs) * plot.width(),
            plot.center().y() - v / top * plot.height() / 2);
    };
    p.setPen(QPen(palette::screen_grid_minor(), 1.0));
    p.drawLine(to_px(kTrialStartMs, 0), to_px(kTrialEndMs, 0));
    p.setPen(palette::screen_text());
    p.drawText(QRectF(r.left(), plot.top() - 8, 44, 16), Qt::AlignRight | Qt::AlignVCenter,
               QString::number(top, 'f', 0));
    p.drawText(QRectF(r.left(), plot.bottom() - 8, 44, 16), Qt::AlignRight | Qt::AlignVCenter,
               QString::number(-top, 'f', 0));
    auto line = [&](auto value, QPen pen) {
        QPainterPath path;
        bool first = true;
        for (const auto& x : trace) {
            const QPointF pt = to_px(x.t_ms, value(x));
            if (first)
                path.moveTo(pt);
            else
                path.lineTo(pt);
            first = false;
        }
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
    };
    // The world's line where the trial shown was in the light (a dark trial has none).
    const bool dark = std::none_of(trace.begin(), trace.end(),
                                   [](const TraceSample& x) { return x.target_vx_deg_s != 0.0f; });
    if (!dark)
        line([](const TraceSample& x) { return double{x.target_vx_deg_s}; },
             QPen(palette::target(), 1.5, Qt::DashLine));
    line([](const TraceSample& x) { return -double{x.head_vx_deg_s}; },
         QPen(palette::screen_text(), 1.5, Qt::DotLine));
    line([](const TraceSample& x) { return double{x.eye_vx_deg_s}; },
         QPen(palette::eye_on_dark(), 2.0));
    // Legend.
    const double y = r.bottom() - 17;
    double x = plot.left();
    auto key = [&](const QString& label, const QPen& pen) {
        p.setPen(pen);
        p.drawLine(QPointF(x, y + 8), QPointF(x + 22, y + 8));
        p.setPen(palette::screen_text());
        p.drawText(QRectF(x + 26, y, 160, 16), Qt::AlignLeft | Qt::AlignVCenter, label);
        x += 34 + p.fontMetrics().horizontalAdvance(label);
    };
    key(tr("eye"), QPen(palette::eye_on_dark(), 2.0));
    key(tr("−head (perfect reflex)"), QPen(palette::screen_text(), 1.5, Qt::DotLine));
    if (!dark) key(tr("world (lens)"), QPen(palette::target(), 1.5, Qt::DashLine));
}

void VorSceneWidget::paint_gain_curve(QPainter& p, const QRectF& r) const {
    const VorGainColours colours{palette::screen_text(), palette::screen_grid_major(),
                                 palette::screen_grid_minor(), palette::screen_axis(),
                                 palette::eye_on_dark()};
    if (!snapshot_ || !snapshot_->metrics) {
        painted_probes_ = paint_vor_gain_curve(p, r, {}, 2.0, colours);
        return;
    }
    const auto points = vor_gain_points(*snapshot_->metrics);
    painted_probes_ = paint_vor_gain_curve(p, r, points,
                                           static_cast<double>(snapshot_->trial_count), colours);
}

}  // namespace flocculus::ui
