// SPDX-License-Identifier: GPL-3.0-or-later
// The arrow the scenes draw (the instruction on the pursuit screen, retinal slip in the VOR
// scene).
#pragma once

#include <QColor>
#include <QPainter>
#include <QPainterPath>
#include <QPointF>
#include <cmath>

namespace flocculus::ui {

// An arrow from `from` to `to` in `colour`: a shaft `width` pixels wide and a filled head
// `head` pixels long (nothing but the shaft when the arrow has no length).
inline void draw_arrow(QPainter& p, QPointF from, QPointF to, const QColor& colour, double width,
                       double head) {
    p.setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(from, to);
    const QPointF d = to - from;
    const double len = std::hypot(d.x(), d.y());
    if (len < 1e-6) return;
    const QPointF u = d / len, n(-u.y(), u.x());
    const double half = 0.64 * head;
    QPainterPath tip;
    tip.moveTo(to + 2.0 * u);
    tip.lineTo(to - head * u + half * n);
    tip.lineTo(to - head * u - half * n);
    tip.closeSubpath();
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawPath(tip);
}

}  // namespace flocculus::ui
