// SPDX-License-Identifier: GPL-3.0-or-later
#include "learning_panel_eyeblink.hpp"

#include <qcustomplot.h>

#include <QHash>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "palette.hpp"
#include "plot_style.hpp"
#include "task/eyeblink.hpp"

namespace flocculus::ui {
namespace {

void style_rect(QCPAxisRect* r, const QFont& base) {
    r->axis(QCPAxis::atTop)->setVisible(false);
    r->axis(QCPAxis::atRight)->setVisible(false);
    for (QCPAxis* a : {r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft)}) {
        a->setLabelFont(base);
        a->setTickLabelFont(scaled_font(base, 0.92));
        a->grid()->setPen(QPen(QColor(0xE3, 0xE5, 0xE8), 1.0));
        a->grid()->setZeroLinePen(Qt::NoPen);
        a->grid()->setSubGridVisible(false);
    }
}

QCPItemStraightLine* vertical_line(QCustomPlot* plot, QCPAxisRect* r, double x, const QPen& pen) {
    auto* line = new QCPItemStraightLine(plot);
    line->setClipAxisRect(r);
    line->setLayer(QStringLiteral("grid"));
    line->setPen(pen);
    for (QCPItemPosition* p : {line->point1, line->point2})
        p->setAxes(r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft));
    line->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
    line->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
    line->point1->setAxisRect(r);
    line->point2->setAxisRect(r);
    line->point1->setCoords(x, 0.0);
    line->point2->setCoords(x, 1.0);
    return line;
}

QCPItemText* rect_label(QCustomPlot* plot, QCPAxisRect* r, double x, double y_ratio,
                        const QString& text) {
    auto* label = new QCPItemText(plot);
    label->setClipAxisRect(r);
    label->setClipToAxisRect(true);
    label->position->setAxes(r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft));
    label->position->setAxisRect(r);
    label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(x, y_ratio);
    label->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
    label->setText(text);
    return label;
}

}  // namespace

EyeblinkLearning::EyeblinkLearning(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    const QFont base = font();
    plot_->setBackground(palette().color(QPalette::Base));
    plot_->setAutoAddPlottableToLegend(false);
    add_title_and_bottom_legend(plot_, tr("Learning curves · eyeblink"), 4);
    rate_rect_ = plot_->axisRect();
    timing_rect_ = new QCPAxisRect(plot_);
    plot_->plotLayout()->insertRow(2);
    plot_->plotLayout()->addElement(2, 0, timing_rect_);
    plot_->plotLayout()->setRowStretchFactors({0.001, 1.0, 1.0, 0.001});
    auto* margins = new QCPMarginGroup(plot_);
    for (QCPAxisRect* r : {rate_rect_, timing_rect_}) {
        style_rect(r, base);
        r->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        r->setMinimumMargins(QMargins(0, 4, 16, 0));
    }
    rate_rect_->axis(QCPAxis::atBottom)->setLabel(tr("trial"));
    rate_rect_->axis(QCPAxis::atLeft)
        ->setLabel(tr("CR % per block of %1").arg(kEyeblinkBlock));
    timing_rect_->axis(QCPAxis::atBottom)->setLabel(tr("trial"));
    timing_rect_->axis(QCPAxis::atLeft)->setLabel(tr("ms after tone onset"));
    rate_rect_->axis(QCPAxis::atLeft)->setRange(0, 105);
    auto percent = QSharedPointer<QCPAxisTickerFixed>::create();
    percent->setTickStep(25);
    percent->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    rate_rect_->axis(QCPAxis::atLeft)->setTicker(percent);

    rate_ = plot_->addGraph(rate_rect_->axis(QCPAxis::atBottom), rate_rect_->axis(QCPAxis::atLeft));
    rate_->setPen(QPen(palette::bluish_green(), 2.2));
    rate_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
    rate_->setName(tr("CR rate"));
    QCPAxis* tx = timing_rect_->axis(QCPAxis::atBottom);
    QCPAxis* ty = timing_rect_->axis(QCPAxis::atLeft);
    isi_ = plot_->addGraph(tx, ty);
    isi_->setPen(QPen(palette::sky_blue().darker(125), 1.6, Qt::DashLine));
    isi_->setName(tr("puff (ISI)"));
    onset_ = plot_->addGraph(tx, ty);
    onset_->setPen(QPen(palette::orange(), 1.6));
    onset_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle,
                                            QPen(palette::orange(), 1.6), Qt::white, 7));
    onset_->setName(tr("CR onset"));
    peak_ = plot_->addGraph(tx, ty);
    peak_->setPen(QPen(palette::blue(), 2.0));
    peak_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
    peak_->setName(tr("CR peak"));
    for (QCPGraph* g : {rate_, onset_, peak_, isi_}) g->addToLegend();
    set_ranges();
    enable_navigation(plot_, [this] { set_ranges(); });
}

int EyeblinkLearning::cr_points() const { return rate_->data()->size(); }
int EyeblinkLearning::onset_points() const { return onset_->data()->size(); }
int EyeblinkLearning::peak_points() const { return peak_->data()->size(); }

QStringList EyeblinkLearning::mark_labels() const {
    QStringList labels;
    for (const QCPItemText* t : mark_labels_) labels << t->text();
    return labels;
}

std::vector<QRectF> EyeblinkLearning::mark_label_rects() const {
    std::vector<QRectF> rects;
    for (QCPItemText* t : mark_labels_) {
        const QFontMetricsF fm(t->font());
        const QStringList lines = t->text().split(QLatin1Char('\n'));
        double widest = 0;
        for (const QString& line : lines) widest = std::max(widest, fm.horizontalAdvance(line));
        const QSizeF size(widest + t->padding().left() + t->padding().right(),
                          fm.height() * static_cast<double>(lines.size()) + t->padding().top() + t->padding().bottom());
        const QPointF at = t->position->pixelPosition();
        const double left =
            t->positionAlignment() & Qt::AlignRight ? at.x() - size.width() : at.x();
        rects.emplace_back(QPointF(left, at.y()), size);
    }
    return rects;
}

void EyeblinkLearning::set_ranges() {
    if (user_view(plot_)) return;
    for (QCPAxisRect* r : {rate_rect_, timing_rect_})
        r->axis(QCPAxis::atBottom)->setRange(0.5, auto_last_ + 0.5);
    rate_rect_->axis(QCPAxis::atLeft)->setRange(0, 105);
    timing_rect_->axis(QCPAxis::atLeft)->setRange(0, auto_time_high_);
}

PlotTable EyeblinkLearning::export_table() const {
    PlotTable t;
    t.columns = {QStringLiteral("first_trial"), QStringLiteral("last_trial"),
                 QStringLiteral("phase"),       QStringLiteral("trials"),
                 QStringLiteral("cr_percent"),  QStringLiteral("cr_onset_ms"),
                 QStringLiteral("cr_peak_ms"),  QStringLiteral("isi_ms"),
                 QStringLiteral("changes")};
    QHash<int, QStringList> changes;
    if (marks_)
        for (const RunMark& m : *marks_)
            changes[static_cast<int>(m.trial)] << QString::fromStdString(m.label);
    for (const CrBlock& b : blocks_) {
        QStringList in_block;
        for (int k = b.first_trial; k <= b.last_trial; ++k) in_block << changes.value(k);
        const std::string_view phase = phase_name(b.phase);
        t.rows.push_back({QString::number(b.first_trial), QString::number(b.last_trial),
                          QString::fromUtf8(phase.data(), static_cast<qsizetype>(phase.size())),
                          QString::number(b.trials), table_number(100.0 * b.cr_rate, 1),
                          table_number(b.onset_ms, 1), table_number(b.peak_ms, 1),
                          table_number(isi_ms_, 0), in_block.join(QStringLiteral("; "))});
    }
    return t;
}

void EyeblinkLearning::show_snapshot(const Snapshot& s) {
    static const std::vector<TrialMetrics> kNone;
    const std::vector<TrialMetrics>& m = s.metrics ? *s.metrics : kNone;
    blocks_ = cr_blocks(m);
    marks_ = s.marks;
    isi_ms_ = s.config.params.task_isi_ms;

    QVector<double> rk, rv, ok, ov, pk, pv;
    double high = isi_ms_;
    for (const CrBlock& b : blocks_) {
        const double x = 0.5 * (b.first_trial + b.last_trial);
        rk << x;
        rv << 100.0 * b.cr_rate;
        if (std::isfinite(b.onset_ms)) {
            ok << x;
            ov << b.onset_ms;
            high = std::max(high, b.onset_ms);
        }
        if (std::isfinite(b.peak_ms)) {
            pk << x;
            pv << b.peak_ms;
            high = std::max(high, b.peak_ms);
        }
    }
    rate_->setData(rk, rv, true);
    onset_->setData(ok, ov, true);
    peak_->setData(pk, pv, true);
    const double run = static_cast<double>(m.size());
    auto_last_ = std::max(10.0, 10.0 * std::ceil((run * 1.08 + 1.0) / 10.0));
    if (s.trial_count > 0)
        auto_last_ = std::min(auto_last_, std::max(10.0, static_cast<double>(s.trial_count)));
    // Across the whole schedule (a line far longer would be drawn without its dashes).
    const double end = std::max(auto_last_, static_cast<double>(s.trial_count)) + 1.0;
    isi_->setData(QVector<double>{0.0, end}, QVector<double>{isi_ms_, isi_ms_}, true);
    auto_time_high_ = 50.0 * std::ceil(high * 1.25 / 50.0);
    set_ranges();

    for (QCPAbstractItem* item : items_) plot_->removeItem(item);
    items_.clear();
    mark_labels_.clear();
    const QColor grey(0x6B, 0x72, 0x7C);
    // The puff's time on the timing plot, labelled at its left end (above the line).
    QCPItemText* isi_label = rect_label(plot_, timing_rect_, 0.0, 0.0,
                                        tr("puff at %1 ms").arg(isi_ms_, 0, 'f', 0));
    isi_label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    isi_label->position->setTypeY(QCPItemPosition::ptPlotCoords);
    isi_label->position->setCoords(0.01, isi_ms_);
    isi_label->setPositionAlignment(Qt::AlignBottom | Qt::AlignLeft);
    isi_label->setFont(scaled_font(font(), 0.85));
    isi_label->setColor(palette::sky_blue().darker(150));
    items_.push_back(isi_label);

    // Phase boundaries (eyeblink-extinction), from the schedule.
    const auto schedule = make_schedule(s.config.protocol, s.config.params, s.config.trials);
    if (const auto* plans = std::get_if<std::vector<TrialPlan>>(&schedule)) {
        const QFont phase_font = scaled_font(font(), 0.9, true);
        std::vector<std::pair<int, Phase>> starts;  // the first trial of each phase
        for (const TrialPlan& p : *plans)
            if (starts.empty() || starts.back().second != p.phase)
                starts.emplace_back(p.number, p.phase);
        if (starts.size() < 2) starts.clear();  // one phase: nothing to mark
        for (const auto& [first, phase] : starts) {
            const double x = first - 0.5;
            if (first > 1)
                for (QCPAxisRect* r : {rate_rect_, timing_rect_})
                    items_.push_back(vertical_line(plot_, r, x, QPen(grey, 1.2, Qt::DashLine)));
            const std::string_view n = phase_name(phase);
            QCPItemText* label = rect_label(
                plot_, rate_rect_, x, 0.0,
                QString::fromUtf8(n.data(), static_cast<qsizetype>(n.size())));
            label->setPadding(QMargins(5, 4, 4, 2));
            label->setFont(phase_font);
            label->setColor(QColor(0x4A, 0x50, 0x58));
            items_.push_back(label);
        }
    }
    // Changes made during the run (scheduled lesions among them): a dotted line before the
    // first trial run with them, on both plots, labelled on the upper one.
    if (s.marks) {
        const auto by_trial = marks_by_trial(*s.marks);
        const QColor colour = palette::vermillion().darker(125);
        const QFont mark_font = scaled_font(font(), 0.85);
        QColor fill = palette().color(QPalette::Base);
        fill.setAlphaF(0.85f);
        for (std::size_t i = 0; i < by_trial.size(); ++i) {
            const double x = static_cast<double>(by_trial[i].first) - 0.5;
            for (QCPAxisRect* r : {rate_rect_, timing_rect_})
                items_.push_back(vertical_line(plot_, r, x, QPen(colour, 1.4, Qt::DotLine)));
            QCPItemText* label =
                rect_label(plot_, rate_rect_, x, 0.12 + 0.09 * static_cast<double>(i % 3),
                           by_trial[i].second.join(QLatin1Char('\n')));  // one a line: narrow
            label->setPadding(QMargins(3, 1, 3, 1));
            label->setFont(mark_font);
            label->setColor(colour);
            label->setBrush(fill);
            place_mark_label(label, rate_rect_->axis(QCPAxis::atBottom), x);
            items_.push_back(label);
            mark_labels_.push_back(label);
        }
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace flocculus::ui
