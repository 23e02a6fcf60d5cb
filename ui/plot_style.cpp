// SPDX-License-Identifier: GPL-3.0-or-later
#include "plot_style.hpp"

#include <qcustomplot.h>

#include <QPointer>
#include <algorithm>

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

void add_title_and_bottom_legend(QCustomPlot* plot, const QString& title, int columns) {
    const QFont base = plot->font();
    plot->plotLayout()->insertRow(0);
    auto* heading = new QCPTextElement(plot, title, scaled_font(base, 1.05, true));
    heading->setTextColor(plot->palette().color(QPalette::WindowText));
    heading->setMargins(QMargins(0, 6, 0, 0));
    plot->plotLayout()->addElement(0, 0, heading);
    // The legend is centred below the axes: a row of [space, legend, space].
    plot->axisRect()->insetLayout()->take(plot->legend);
    auto* legend_row = new QCPLayoutGrid;
    plot->plotLayout()->addElement(2, 0, legend_row);
    legend_row->addElement(0, 0, new QCPLayoutElement(plot));
    legend_row->addElement(0, 1, plot->legend);
    legend_row->addElement(0, 2, new QCPLayoutElement(plot));
    legend_row->setColumnStretchFactors({1.0, 0.001, 1.0});
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    plot->plotLayout()->setRowStretchFactor(2, 0.001);
    QCPLegend* legend = plot->legend;
    legend->setVisible(true);
    legend->setFillOrder(QCPLegend::foColumnsFirst);
    legend->setWrap(columns);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setFont(scaled_font(base, 0.95));
    legend->setIconSize(28, 12);
    legend->setMargins(QMargins(4, 2, 4, 6));
    legend->setRowSpacing(0);
    legend->setColumnSpacing(14);
}

void place_mark_label(QCPItemText* label, const QCPAxis* x_axis, double x) {
    const QFontMetricsF fm(label->font());
    double width = 0;
    for (const QString& line : label->text().split(QLatin1Char('\n')))
        width = std::max(width, fm.horizontalAdvance(line));
    width += label->padding().left() + label->padding().right();
    const QRect rect = x_axis->axisRect()->rect();
    const QCPRange range = x_axis->range();
    bool left_of_line = x - range.lower > 0.6 * range.size();
    if (rect.width() > 0) {  // laid out: the side where it fits, else the roomier one
        const double at = x_axis->coordToPixel(x);
        const bool fits_right = at + width <= rect.right() - 2;
        const bool fits_left = at - width >= rect.left() + 2;
        left_of_line = !fits_right && (fits_left || at - rect.left() > rect.right() - at);
    }
    label->setPositionAlignment(Qt::AlignTop | (left_of_line ? Qt::AlignRight : Qt::AlignLeft));
}

namespace {
constexpr const char* kUserView = "flocculusUserView";
constexpr const char* kNavigationName = "flocculusNavigation";

// Holds the reset function for a plot; a child of the plot, so it goes with it.
class Navigation : public QObject {
  public:
    Navigation(QCustomPlot* plot, std::function<void()> reset)
        : QObject(plot), reset_(std::move(reset)) {
        setObjectName(QLatin1String(kNavigationName));
    }
    void reset() {
        if (reset_) reset_();
    }

  private:
    std::function<void()> reset_;
};
}  // namespace

void enable_navigation(QCustomPlot* plot, std::function<void()> reset) {
    plot->setInteractions(plot->interactions() | QCP::iRangeDrag | QCP::iRangeZoom);
    for (QCPAxisRect* r : plot->axisRects()) {
        if (r->rangeDrag() == Qt::Orientations()) continue;  // fixed on purpose (colour scales)
        QList<QCPAxis*> axes;
        for (QCPAxis* a : r->axes())
            if (a->visible()) axes << a;
        r->setRangeDragAxes(axes);
        r->setRangeZoomAxes(axes);
        r->setRangeDrag(Qt::Horizontal | Qt::Vertical);
        r->setRangeZoom(Qt::Horizontal | Qt::Vertical);
    }
    auto* nav = new Navigation(plot, std::move(reset));
    QPointer<QCustomPlot> p(plot);
    const auto mark = [p] {
        if (p) p->setProperty(kUserView, true);
    };
    QObject::connect(plot, &QCustomPlot::mouseWheel, nav, mark);
    QObject::connect(plot, &QCustomPlot::mouseMove, nav, [mark](QMouseEvent* e) {
        if (e->buttons() & Qt::LeftButton) mark();
    });
    QObject::connect(plot, &QCustomPlot::mouseDoubleClick, nav, [plot] { reset_view(plot); });
}

bool user_view(const QCustomPlot* plot) {
    return plot->property(kUserView).toBool();
}

void reset_view(QCustomPlot* plot) {
    plot->setProperty(kUserView, false);
    // Only enable_navigation() makes children of this name.
    if (auto* nav =
            plot->findChild<QObject*>(QLatin1String(kNavigationName), Qt::FindDirectChildrenOnly))
        static_cast<Navigation*>(nav)->reset();
    plot->replot(QCustomPlot::rpQueuedReplot);
}

std::vector<std::pair<std::size_t, QStringList>> marks_by_trial(const std::vector<RunMark>& marks) {
    std::vector<std::pair<std::size_t, QStringList>> by_trial;
    for (const RunMark& mark : marks) {
        if (by_trial.empty() || by_trial.back().first != mark.trial)
            by_trial.emplace_back(mark.trial, QStringList{});
        by_trial.back().second << QString::fromStdString(mark.label);
    }
    return by_trial;
}

}  // namespace flocculus::ui
