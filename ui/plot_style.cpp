// SPDX-License-Identifier: GPL-3.0-or-later
#include "plot_style.hpp"

#include <qcustomplot.h>

#include "task/protocol.hpp"

namespace flocculus::ui {

QCPAxisRect* add_trial_time_rect(QCustomPlot* plot, int row, const QString& title) {
    const QFont base = plot->font();
    auto* heading = new QCPTextElement(plot, title, scaled_font(base, 0.95, true));
    heading->setTextColor(plot->palette().color(QPalette::WindowText));
    heading->setMargins(QMargins(0, row == 0 ? 2 : 6, 0, 0));
    plot->plotLayout()->addElement(row, 0, heading);
    auto* r = new QCPAxisRect(plot);
    plot->plotLayout()->addElement(row + 1, 0, r);
    r->setupFullAxesBox(false);
    r->axis(QCPAxis::atTop)->setVisible(false);
    r->axis(QCPAxis::atRight)->setVisible(false);
    r->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msBottom);
    r->setMargins(QMargins(0, 4, 0, 0));
    r->setMinimumMargins(QMargins(0, 4, 12, 0));
    QCPAxis* x = r->axis(QCPAxis::atBottom);
    QCPAxis* y = r->axis(QCPAxis::atLeft);
    for (QCPAxis* a : {x, y}) {
        a->setLabelFont(scaled_font(base, 0.95));
        a->setTickLabelFont(scaled_font(base, 0.85));
        a->grid()->setPen(QPen(QColor(0xE8, 0xEA, 0xED), 1.0));
        a->grid()->setZeroLinePen(Qt::NoPen);
        a->grid()->setSubGridVisible(false);
    }
    y->grid()->setVisible(false);
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(100.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    x->setTicker(ticker);
    x->setRange(kTrialStartMs, kTrialEndMs);
    return r;
}

}  // namespace flocculus::ui
