// SPDX-License-Identifier: GPL-3.0-or-later
// The VOR task's learning curve: the dark VOR gain measured on every probe trial of the run,
// against the trial, with the probe trials marked. The VOR scene paints it on its dark
// screen and the learning panel draws it in its plot; both take the points, the range, the
// marks and the words from here, so that the two always show the same curve.
#pragma once

#include <QColor>
#include <QRectF>
#include <QString>
#include <span>
#include <vector>

#include "task/metrics.hpp"

class QPainter;
class QCPGraph;

namespace flocculus::ui {

struct VorGainPoint {
    int trial = 0;
    double gain = 0;  // eye / head velocity amplitude on that dark probe
};

// The probe trials of the run that measured a dark gain, in trial order.
std::vector<VorGainPoint> vor_gain_points(const std::vector<TrialMetrics>& metrics);

// The gain axis: 0.8 to 1.2 at least, widened to keep every point 0.05 from the edge.
struct VorGainRange {
    double low = 0.8;
    double high = 1.2;
};
VorGainRange vor_gain_range(std::span<const VorGainPoint> points);

QString vor_gain_title();       // what the curve is, one line
QString vor_gain_axis_label();  // the gain axis
QString vor_gain_legend();      // the points: dark probe trials

// Paints the curve in `r` (title at the top, the plot below it): the gain axis's ends, the
// perfect reflex (gain 1) dashed, a tick on the trial axis at every probe, the points joined
// by a line. Trials 1 to `trials` span the width. Returns the number of points painted.
struct VorGainColours {
    QColor text, frame, grid, tick, curve;
};
int paint_vor_gain_curve(QPainter& p, const QRectF& r, std::span<const VorGainPoint> points,
                         double trials, const VorGainColours& colours);

// Gives the learning panel's graphs the same curve: `line` the points joined, `probes` a
// marker at each probe trial.
void set_vor_gain_graphs(QCPGraph* line, QCPGraph* probes, std::span<const VorGainPoint> points);

}  // namespace flocculus::ui
