// SPDX-License-Identifier: GPL-3.0-or-later
#include "clock_panel.hpp"

#include <qcustomplot.h>

#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

#include "palette.hpp"
#include "plot_style.hpp"
#include "task/eyeblink.hpp"

namespace flocculus::ui {
namespace {

constexpr double kLowestShown = 0.4;  // the colour scale's low end unless the data go lower

void style_axis(QCPAxis* a, const QFont& base) {
    a->setLabelFont(base);
    a->setTickLabelFont(scaled_font(base, 0.92));
    a->grid()->setPen(QPen(QColor(0xE3, 0xE5, 0xE8), 1.0));
    a->grid()->setSubGridVisible(false);
}

// Ticks at a round step that gives a few of them over `span_ms`.
QSharedPointer<QCPAxisTickerFixed> ms_ticker(double span_ms) {
    auto t = QSharedPointer<QCPAxisTickerFixed>::create();
    t->setTickStep(span_ms <= 300 ? 50 : span_ms <= 600 ? 100 : 200);
    t->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    return t;
}

}  // namespace

ClockPanel::ClockPanel(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), caption_(new QLabel(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 4);
    layout->setSpacing(2);
    layout->addWidget(plot_, 1);
    layout->addWidget(caption_);
    caption_->setWordWrap(true);
    caption_->setContentsMargins(8, 0, 8, 0);
    caption_->setText(tr("Bright: the same granule cells are active at both times. The pattern "
                         "drifts during the tone, so it can tell the time since tone onset."));
    setMinimumSize(320, 300);

    const QFont base = font();
    plot_->setBackground(palette().color(QPalette::Base));
    plot_->plotLayout()->clear();
    auto* title = new QCPTextElement(plot_, tr("Granular-layer clock"), scaled_font(base, 1.05, true));
    title->setTextColor(palette().color(QPalette::WindowText));
    title->setMargins(QMargins(0, 6, 0, 0));
    plot_->plotLayout()->addElement(0, 0, title);

    // The map with its colour scale beside it.
    auto* top = new QCPLayoutGrid;
    plot_->plotLayout()->addElement(1, 0, top);
    auto* map_rect = new QCPAxisRect(plot_);
    top->addElement(0, 0, map_rect);
    scale_ = new QCPColorScale(plot_);
    top->addElement(0, 1, scale_);
    top->setColumnStretchFactors({1.0, 0.001});
    map_rect->axis(QCPAxis::atTop)->setVisible(false);
    map_rect->axis(QCPAxis::atRight)->setVisible(false);
    QCPAxis* mx = map_rect->axis(QCPAxis::atBottom);
    QCPAxis* my = map_rect->axis(QCPAxis::atLeft);
    mx->setLabel(tr("time in the tone (ms)"));
    my->setLabel(tr("time in the tone (ms)"));
    for (QCPAxis* a : {mx, my}) style_axis(a, base);
    map_ = new QCPColorMap(mx, my);
    QCPColorGradient g;
    g.clearColorStops();
    for (const auto& [at, colour] : palette::sequential_stops()) g.setColorStopAt(at, colour);
    map_->setGradient(g);
    map_->setInterpolate(false);
    map_->setColorScale(scale_);
    scale_->setGradient(g);
    scale_->setType(QCPAxis::atRight);
    scale_->setBarWidth(14);
    scale_->axis()->setLabel(tr("similarity"));
    scale_->axis()->setLabelFont(base);
    scale_->axis()->setTickLabelFont(scaled_font(base, 0.92));
    scale_->setDataRange(QCPRange(kLowestShown, 1.0));
    scale_->setRangeDrag(false);
    scale_->setRangeZoom(false);
    // The colour scale's bar spans the map's height.
    auto* margins = new QCPMarginGroup(plot_);
    map_rect->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    scale_->setMarginGroup(QCP::msTop | QCP::msBottom, margins);

    // Mean similarity by the time between two times.
    auto* lag_rect = new QCPAxisRect(plot_);
    plot_->plotLayout()->addElement(2, 0, lag_rect);
    lag_rect->axis(QCPAxis::atTop)->setVisible(false);
    lag_rect->axis(QCPAxis::atRight)->setVisible(false);
    QCPAxis* lx = lag_rect->axis(QCPAxis::atBottom);
    QCPAxis* ly = lag_rect->axis(QCPAxis::atLeft);
    lx->setLabel(tr("time between the two times (ms)"));
    ly->setLabel(tr("mean similarity"));
    for (QCPAxis* a : {lx, ly}) style_axis(a, base);
    lag_ = plot_->addGraph(lx, ly);
    lag_->setPen(QPen(palette::blue(), 2.0));
    lag_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
    ly->setRange(0, 1.02);
    // Left margins aligned; the lower plot keeps the colour scale's room on the right.
    auto* left = new QCPMarginGroup(plot_);
    map_rect->setMarginGroup(QCP::msLeft, left);
    lag_rect->setMarginGroup(QCP::msLeft, left);
    lag_rect->setMinimumMargins(QMargins(0, 8, 24, 0));
    map_rect->setMinimumMargins(QMargins(0, 4, 8, 0));
    plot_->plotLayout()->setRowStretchFactors({0.001, 1.7, 1.0});

    owned_.push_back(std::make_unique<ExportableView>(
        QStringLiteral("granular-clock"), tr("Granular clock: similarity matrix"), plot_,
        [this] { return matrix_table(); }));
    owned_.push_back(std::make_unique<ExportableView>(
        QStringLiteral("granular-clock-by-lag"), tr("Granular clock: similarity by time apart"),
        plot_, [this] { return lag_table(); }));
    for (const auto& e : owned_) exportables_.push_back(e.get());
    setToolTip(tr("The granule cells' population vectors compared between two times in the "
                  "tone (cosine similarity, mean of the last %1 eyeblink trials)")
                   .arg(kClockTrials));
}

int ClockPanel::lag_points() const { return lag_->data()->size(); }

double ClockPanel::similarity_at(int i, int j) const {
    if (i < 0 || j < 0 || i >= clock_.bins || j >= clock_.bins)
        return std::numeric_limits<double>::quiet_NaN();
    return map_->data()->cell(i, j);
}

void ClockPanel::show_snapshot(const Snapshot& s) {
    const std::size_t done = s.metrics ? s.metrics->size() : 0;
    if (done == shown_trials_ && s.run_id == shown_run_) return;
    shown_trials_ = done;
    shown_run_ = s.run_id;
    clock_ = granular_clock(s.config.params, s.recent_trials, kClockTrials);
    const int bins = clock_.bins;
    const double span = std::max(1, bins) * kClockBinMs;
    QCPAxis* mx = map_->keyAxis();
    QCPAxis* my = map_->valueAxis();
    if (bins == 0) {
        map_->data()->clear();
        lag_->data()->clear();
    } else {
        map_->data()->setSize(bins, bins);
        map_->data()->setRange(QCPRange(kClockBinMs / 2, span - kClockBinMs / 2),
                               QCPRange(kClockBinMs / 2, span - kClockBinMs / 2));
        double low = kLowestShown;
        for (int i = 0; i < bins; ++i)
            for (int j = 0; j < bins; ++j) {
                map_->data()->setCell(i, j, clock_.similarity(i, j));
                low = std::min(low, clock_.similarity(i, j));
            }
        scale_->setDataRange(QCPRange(std::floor(low * 10.0) / 10.0, 1.0));
        QVector<double> k, v;
        for (Eigen::Index d = 0; d < clock_.by_lag.size(); ++d) {
            k << static_cast<double>(d) * kClockBinMs;
            v << clock_.by_lag(d);
        }
        lag_->setData(k, v, true);
        QCPAxis* ly = lag_->valueAxis();
        ly->setRange(std::min(0.0, std::floor(clock_.by_lag.minCoeff() * 10.0) / 10.0), 1.02);
    }
    for (QCPAxis* a : {mx, my}) {
        a->setTicker(ms_ticker(span));
        a->setRange(0, span);
    }
    QCPAxis* lx = lag_->keyAxis();
    lx->setTicker(ms_ticker(span));
    lx->setRange(-kClockBinMs / 2, span - kClockBinMs / 2);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

PlotTable ClockPanel::matrix_table() const {
    PlotTable t;
    t.columns = {QStringLiteral("time_a_ms"), QStringLiteral("time_b_ms"),
                 QStringLiteral("similarity")};
    for (int i = 0; i < clock_.bins; ++i)
        for (int j = 0; j < clock_.bins; ++j)
            t.rows.push_back({QString::number((i + 0.5) * kClockBinMs),
                              QString::number((j + 0.5) * kClockBinMs),
                              table_number(clock_.similarity(i, j), 4)});
    return t;
}

PlotTable ClockPanel::lag_table() const {
    PlotTable t;
    t.columns = {QStringLiteral("time_apart_ms"), QStringLiteral("mean_similarity")};
    for (Eigen::Index d = 0; d < clock_.by_lag.size(); ++d)
        t.rows.push_back({QString::number(static_cast<double>(d) * kClockBinMs),
                          table_number(clock_.by_lag(d), 4)});
    return t;
}

}  // namespace flocculus::ui
