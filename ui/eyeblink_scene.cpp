// SPDX-License-Identifier: GPL-3.0-or-later
#include "eyeblink_scene.hpp"

#include <qcustomplot.h>
#include <QGridLayout>
#include <QPainter>
#include <QPainterPath>
#include <cmath>
#include <limits>

#include "palette.hpp"
#include "plot_style.hpp"
#include "task/eyeblink.hpp"
#include "task/eyeblink_display.hpp"

namespace flocculus::ui {

// The eye: a white sclera and iris in an almond opening; the upper lid comes down over it
// with the closure (0 open, 1 shut). The tone and the puff are drawn beside it while on.
class EyeView : public QWidget {
  public:
    explicit EyeView(QWidget* parent) : QWidget(parent) { setMinimumSize(200, 150); }
    void set_state(double closure, bool tone, bool puff, const QString& caption) {
        closure_ = std::clamp(closure, 0.0, 1.0);
        tone_ = tone;
        puff_ = puff;
        caption_ = caption;
        update();
    }

  protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        p.fillRect(rect(), palette::screen_background());
        const QRectF r = rect();
        const double w = std::min(r.width() * 0.62, r.height() * 1.3);
        const double h = w * 0.5;
        const QPointF c(r.center().x() - r.width() * 0.06, r.center().y() + 6);
        const QRectF box(c.x() - w / 2, c.y() - h / 2, w, h);
        QPainterPath opening;
        opening.moveTo(box.left(), c.y());
        opening.quadTo(c.x(), box.top() - h * 0.45, box.right(), c.y());
        opening.quadTo(c.x(), box.bottom() + h * 0.45, box.left(), c.y());
        // Skin around, the eye inside the opening.
        p.fillRect(r, QColor(0xC8, 0x9F, 0x82).darker(170));
        p.fillPath(opening, QColor(0xF4, 0xF1, 0xEA));
        p.save();
        p.setClipPath(opening);
        p.setBrush(palette::blue().darker(120));
        p.setPen(Qt::NoPen);
        p.drawEllipse(c, h * 0.42, h * 0.42);
        p.setBrush(Qt::black);
        p.drawEllipse(c, h * 0.18, h * 0.18);
        // The upper lid: skin from the top of the opening down to the closure's level.
        const double top = box.top() - h * 0.25, bottom = box.bottom() + h * 0.25;
        const double edge = top + closure_ * (bottom - top);
        p.fillRect(QRectF(box.left() - 2, top - 2, w + 4, edge - top + 2),
                   QColor(0xC8, 0x9F, 0x82));
        p.setPen(QPen(QColor(0x5A, 0x3E, 0x2E), 3));
        p.drawLine(QPointF(box.left(), edge), QPointF(box.right(), edge));
        p.restore();
        p.setPen(QPen(QColor(0x5A, 0x3E, 0x2E), 2));
        p.setBrush(Qt::NoBrush);
        p.drawPath(opening);

        QFont f = font();
        f.setBold(true);
        p.setFont(f);
        if (tone_) {
            p.setPen(palette::orange());
            const QRectF t(r.left() + 8, r.top() + 8, r.width() * 0.4, 22);
            p.drawText(t, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("♪ tone (CS)"));
        }
        if (puff_) {
            p.setPen(QPen(palette::sky_blue(), 2.5));
            const double x0 = box.right() + 8, y0 = c.y();
            for (int k = -1; k <= 1; ++k)
                p.drawLine(QPointF(x0 + 40, y0 + k * 12), QPointF(x0 + 6, y0 + k * 4));
            p.drawText(QRectF(x0, y0 + 20, 90, 20), Qt::AlignLeft, QStringLiteral("puff (US)"));
        }
        p.setPen(palette::screen_text());
        p.setFont(font());
        p.drawText(QRectF(r.left() + 8, r.bottom() - 44, r.width() - 16, 40),
                   Qt::AlignLeft | Qt::AlignBottom, caption_);
    }

  private:
    double closure_ = 0;
    bool tone_ = false, puff_ = false;
    QString caption_;
};

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void style_axes(QCustomPlot* plot, const QString& title, const QString& x, const QString& y) {
    plot->setBackground(plot->palette().color(QPalette::Base));
    plot->plotLayout()->insertRow(0);
    auto* heading = new QCPTextElement(plot, title, scaled_font(plot->font(), 1.0, true));
    plot->plotLayout()->addElement(0, 0, heading);
    plot->xAxis->setLabel(x);
    plot->yAxis->setLabel(y);
    for (QCPAxis* a : {plot->xAxis, plot->yAxis}) {
        a->setTickLabelFont(scaled_font(plot->font(), 0.9));
        a->grid()->setPen(QPen(QColor(0xE3, 0xE5, 0xE8), 1.0));
    }
}
}  // namespace

EyeblinkScene::EyeblinkScene(QWidget* parent)
    : QWidget(parent),
      eye_(new EyeView(this)),
      lid_plot_(new QCustomPlot(this)),
      cr_plot_(new QCustomPlot(this)),
      clock_plot_(new QCustomPlot(this)),
      clock_near_(kNaN),
      clock_far_(kNaN) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    grid->addWidget(eye_, 0, 0);
    grid->addWidget(lid_plot_, 0, 1);
    grid->addWidget(cr_plot_, 1, 0);
    grid->addWidget(clock_plot_, 1, 1);
    for (QCustomPlot* p : {lid_plot_, cr_plot_, clock_plot_}) p->setMinimumSize(160, 140);

    style_axes(lid_plot_, tr("Eyelid closure"), tr("ms from tone onset"),
               tr("closure"));
    lid_plot_->yAxis->setRange(-0.02, 1.02);
    lid_plot_->xAxis->setRange(kTrialStartMs, 500);
    auto ticks = QSharedPointer<QCPAxisTickerFixed>::create();
    ticks->setTickStep(200);
    ticks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    lid_plot_->xAxis->setTicker(ticks);
    clock_plot_->xAxis->setTicker(ticks);
    clock_plot_->yAxis->setTicker(ticks);
    threshold_ = lid_plot_->addGraph();
    threshold_->setPen(QPen(QColor(0x8E, 0x94, 0x9C), 1, Qt::DashLine));
    current_ = lid_plot_->addGraph();
    current_->setPen(QPen(palette::blue(), 2));
    cs_line_ = new QCPItemStraightLine(lid_plot_);
    us_line_ = new QCPItemStraightLine(lid_plot_);
    cs_line_->setPen(QPen(palette::orange(), 1.5));
    us_line_->setPen(QPen(palette::sky_blue().darker(120), 1.5));

    style_axes(cr_plot_, tr("Conditioned responses"), tr("trial"), tr("CR % per block of 10"));
    cr_plot_->yAxis->setRange(0, 105);
    cr_plot_->xAxis->setRange(0, 100);
    cr_rate_ = cr_plot_->addGraph();
    cr_rate_->setPen(QPen(palette::bluish_green(), 2));
    cr_rate_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));

    style_axes(clock_plot_, tr("Granular clock"), tr("ms in tone"), tr("ms in tone"));
    clock_map_ = new QCPColorMap(clock_plot_->xAxis, clock_plot_->yAxis);
    QCPColorGradient g;
    g.clearColorStops();
    for (const auto& [at, colour] : palette::sequential_stops()) g.setColorStopAt(at, colour);
    clock_map_->setGradient(g);
    clock_map_->setDataRange(QCPRange(0.4, 1.0));
    clock_map_->setInterpolate(false);
    auto* scale = new QCPColorScale(clock_plot_);
    clock_plot_->plotLayout()->addElement(1, 1, scale);
    scale->setDataRange(QCPRange(0.4, 1.0));
    scale->setGradient(g);
    scale->axis()->setLabel(tr("similarity"));
    clock_map_->setColorScale(scale);
    setToolTip(
        tr("Eyeblink conditioning: the lid closes with the eyeblink zone's nuclear output; "
           "the clock shows how alike the granule cells' activity is between two times "
           "in the tone (1 = the same cells at the same rates)"));
}

void EyeblinkScene::show_snapshot(std::shared_ptr<const Snapshot> s) {
    if (!s) return;
    const Parameters& p = s->config.params;
    closure_ = s->current_eyelid.empty() ? 0.0 : s->current_eyelid.back();
    tone_ = eyeblink_cs_on(p, s->plan, s->t_ms);
    puff_ = eyeblink_puff(p, s->plan, s->t_ms);
    QString caption = tr("trial %1 of %2")
                          .arg(std::min(s->trial_index + 1, s->trial_count))
                          .arg(s->trial_count);
    if (s->plan.eyeblink) {
        // Two short lines: the scene's column is narrow on small screens.
        caption += s->plan.cs_alone ? tr(" · tone alone") : tr(" · tone + puff");
        caption += QLatin1Char('\n');
        if (!s->plan.cs_alone) caption += tr("puff at %1 ms · ").arg(p.task_isi_ms);
        caption += tr("t = %1 ms").arg(s->t_ms, 0, 'f', 0);
    }
    eye_->set_state(closure_, tone_, puff_, caption);
    const std::size_t done = s->metrics ? s->metrics->size() : 0;
    const bool new_trial = !shown_ || done != recent_key_ || s->run_id != shown_->run_id;
    update_lid_plot(*s, new_trial);
    if (new_trial) {
        update_cr_plot(*s);
        update_clock(*s);
        recent_key_ = done;
    }
    shown_ = std::move(s);
}

void EyeblinkScene::update_lid_plot(const Snapshot& s, bool new_trial) {
    const Parameters& p = s.config.params;
    const double end = eyeblink_trace_end_ms(p);
    if (new_trial) {
        // The last trials, oldest faintest, behind the current one.
        while (lid_plot_->graphCount() > 2) lid_plot_->removeGraph(lid_plot_->graphCount() - 1);
        traces_shown_ = 0;
        const auto& recent = s.recent_trials;
        const int n = static_cast<int>(recent.size());
        for (int k = std::max(0, n - kShownTrials); k < n; ++k) {
            const auto& lid = recent[static_cast<std::size_t>(k)]->eyeblink.eyelid;
            if (lid.empty()) continue;
            QVector<double> x(static_cast<int>(lid.size())), y(static_cast<int>(lid.size()));
            for (int i = 0; i < x.size(); ++i) {
                x[i] = kTrialStartMs + i;
                y[i] = lid[static_cast<std::size_t>(i)];
            }
            QCPGraph* g = lid_plot_->addGraph();
            const double age = static_cast<double>(n - 1 - k) / kShownTrials;
            g->setPen(
                QPen(palette::mixed(QColor(0x70, 0x76, 0x80), QColor(0xF0, 0xF1, 0xF3), age), 1));
            g->setData(x, y, true);
            ++traces_shown_;
        }
        current_->setLayer(lid_plot_->layer("main"));
        lid_plot_->xAxis->setRange(kTrialStartMs, end);
        threshold_->setData(QVector<double>{kTrialStartMs, end},
                            QVector<double>{p.task_cr_threshold, p.task_cr_threshold}, true);
        cs_line_->point1->setCoords(0, 0);
        cs_line_->point2->setCoords(0, 1);
        us_line_->point1->setCoords(p.task_isi_ms, 0);
        us_line_->point2->setCoords(p.task_isi_ms, 1);
    }
    const auto& lid = s.current_eyelid;
    QVector<double> x(static_cast<int>(lid.size())), y(static_cast<int>(lid.size()));
    for (int i = 0; i < x.size(); ++i) {
        x[i] = kTrialStartMs + i;
        y[i] = lid[static_cast<std::size_t>(i)];
    }
    current_->setData(x, y, true);
    // The current trace on top of the old ones.
    current_->setVisible(true);
    lid_plot_->replot(QCustomPlot::rpQueuedReplot);
}

void EyeblinkScene::update_cr_plot(const Snapshot& s) {
    QVector<double> x, y;
    if (s.metrics)
        for (const CrBlock& b : cr_blocks(*s.metrics)) {
            x.push_back(static_cast<double>(b.last_trial));
            y.push_back(100.0 * b.cr_rate);
        }
    cr_blocks_ = static_cast<int>(x.size());
    cr_rate_->setData(x, y, true);
    cr_plot_->xAxis->setRange(0, std::max<double>(static_cast<double>(s.trial_count), 10.0));
    cr_plot_->replot(QCustomPlot::rpQueuedReplot);
}

void EyeblinkScene::update_clock(const Snapshot& s) {
    // The same measure as the Clock tab's (core/task/eyeblink_display.hpp).
    const GranularClock clock = granular_clock(s.config.params, s.recent_trials, kClockTrials);
    clock_bins_ = clock.bins;
    clock_near_ = clock_far_ = kNaN;
    if (clock.bins == 0) {
        clock_map_->data()->clear();
        clock_plot_->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const int bins = clock.bins;
    clock_map_->data()->setSize(bins, bins);
    clock_map_->data()->setRange(QCPRange(kClockBinMs / 2, (bins - 0.5) * kClockBinMs),
                                 QCPRange(kClockBinMs / 2, (bins - 0.5) * kClockBinMs));
    for (int i = 0; i < bins; ++i)
        for (int j = 0; j < bins; ++j) clock_map_->data()->setCell(i, j, clock.similarity(i, j));
    clock_near_ = clock.at_lag_ms(100);
    clock_far_ = clock.at_lag_ms(400);
    clock_plot_->xAxis->setRange(0, bins * kClockBinMs);
    clock_plot_->yAxis->setRange(0, bins * kClockBinMs);
    clock_plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace flocculus::ui
