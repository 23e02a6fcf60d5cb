// SPDX-License-Identifier: GPL-3.0-or-later
#include "vor_gain_curve.hpp"

#include <qcustomplot.h>

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace flocculus::ui {

std::vector<VorGainPoint> vor_gain_points(const std::vector<TrialMetrics>& metrics) {
    std::vector<VorGainPoint> points;
    for (const TrialMetrics& t : metrics)
        if (std::isfinite(t.vor_gain_dark)) points.push_back({t.trial, t.vor_gain_dark});
    return points;
}

VorGainRange vor_gain_range(std::span<const VorGainPoint> points) {
    VorGainRange r;
    for (const VorGainPoint& x : points) {
        r.low = std::min(r.low, x.gain - 0.05);
        r.high = std::max(r.high, x.gain + 0.05);
    }
    return r;
}

QString vor_gain_title() {
    return QCoreApplication::translate("VorGainCurve",
                                       "Dark VOR gain on the probe trials (ticks), over the run");
}

QString vor_gain_axis_label() {
    return QCoreApplication::translate("VorGainCurve", "dark VOR gain (eye ÷ head velocity)");
}

QString vor_gain_legend() {
    return QCoreApplication::translate("VorGainCurve", "dark probe trial: VOR gain");
}

int paint_vor_gain_curve(QPainter& p, const QRectF& r, std::span<const VorGainPoint> points,
                         double trials, const VorGainColours& c) {
    const QRectF plot = r.adjusted(48, 20, -14, -6);
    p.setPen(c.text);
    p.drawText(QRectF(r.left() + 10, r.top() + 2, r.width() - 20, 18), Qt::AlignLeft,
               vor_gain_title());
    p.setPen(QPen(c.frame, 1.0));
    p.setBrush(Qt::NoBrush);
    p.drawRect(plot);
    trials = std::max(2.0, trials);
    const VorGainRange range = vor_gain_range(points);
    auto to_px = [&](double trial, double g) {
        return QPointF(plot.left() + (trial - 1) / (trials - 1) * plot.width(),
                       plot.bottom() - (g - range.low) / (range.high - range.low) * plot.height());
    };
    p.setPen(c.text);
    p.drawText(QRectF(r.left(), plot.top() - 8, 44, 16), Qt::AlignRight | Qt::AlignVCenter,
               QString::number(range.high, 'f', 2));
    p.drawText(QRectF(r.left(), plot.bottom() - 8, 44, 16), Qt::AlignRight | Qt::AlignVCenter,
               QString::number(range.low, 'f', 2));
    p.setPen(QPen(c.grid, 1.0, Qt::DashLine));
    if (1.0 > range.low && 1.0 < range.high) p.drawLine(to_px(1, 1.0), to_px(trials, 1.0));
    QPainterPath path;
    for (const VorGainPoint& x : points) {
        const QPointF at = to_px(x.trial, x.gain);
        // The probe trial, marked on the trial axis.
        p.setPen(QPen(c.tick, 1.0));
        p.drawLine(QPointF(at.x(), plot.bottom()), QPointF(at.x(), plot.bottom() - 6));
        if (path.elementCount() == 0)
            path.moveTo(at);
        else
            path.lineTo(at);
    }
    p.setPen(QPen(c.curve, 1.5));
    p.drawPath(path);
    p.setBrush(c.curve);
    for (const VorGainPoint& x : points) p.drawEllipse(to_px(x.trial, x.gain), 3.5, 3.5);
    return static_cast<int>(points.size());
}

void set_vor_gain_graphs(QCPGraph* line, QCPGraph* probes, std::span<const VorGainPoint> points) {
    QVector<double> keys, values;
    for (const VorGainPoint& x : points) {
        keys.push_back(x.trial);
        values.push_back(x.gain);
    }
    line->setData(keys, values, true);
    probes->setData(keys, values, true);
}

}  // namespace flocculus::ui
