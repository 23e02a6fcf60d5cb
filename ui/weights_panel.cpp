// SPDX-License-Identifier: GPL-3.0-or-later
#include "weights_panel.hpp"

#include <qcustomplot.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QRadioButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

#include "circuit/purkinje.hpp"
#include "palette.hpp"
#include "plot_style.hpp"
#include "task/metrics.hpp"
#include "view_model.hpp"

namespace flocculus::ui {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QCPColorGradient gradient(const QGradientStops& stops) {
    QCPColorGradient g;
    g.clearColorStops();
    for (const auto& [position, colour] : stops) g.setColorStopAt(position, colour);
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    g.setNanHandling(QCPColorGradient::nhNanColor);
    g.setNanColor(palette::no_data());
    return g;
}

QColor instructed_colour() { return palette::instruction().darker(115); }
QColor others_colour() { return {0x8A, 0x90, 0x99}; }
QColor cs_colour() { return palette::vermillion(); }

// The smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k) not below v.
double nice_ceiling(double v) {
    if (!(v > 0)) return 0;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (const double m : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0})
        if (m * p >= v * (1 - 1e-9)) return m * p;
    return 10 * p;
}

QString zone_label(int z) {
    static const char* const kArrows[kZoneCount] = {"→", "←", "↑", "↓"};
    return QStringLiteral("%1 %2").arg(QString::fromUtf8(kArrows[z]), QString::fromUtf8(kZoneNames[z]));
}

QString number(double v) { return std::isnan(v) ? QString() : QString::number(v, 'g', 6); }

// A position in plot coordinates along x and in axis-rect fractions along y.
void attach(QCPItemPosition* p, QCPAxisRect* r) {
    p->setAxisRect(r);
    p->setAxes(r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft));
    p->setTypeX(QCPItemPosition::ptPlotCoords);
    p->setTypeY(QCPItemPosition::ptAxisRectRatio);
}

QCPItemText* label(QCustomPlot* plot, QCPAxisRect* r, const QFont& font, const QColor& colour) {
    auto* t = new QCPItemText(plot);
    t->setClipAxisRect(r);
    attach(t->position, r);
    t->setFont(font);
    t->setColor(colour);
    t->setPadding(QMargins(3, 1, 3, 1));
    QColor fill = plot->palette().color(QPalette::Base);
    fill.setAlphaF(0.85f);
    t->setBrush(fill);
    t->setVisible(false);
    return t;
}

}  // namespace

WeightsPanel::WeightsPanel(QWidget* parent)
    : QWidget(parent),
      weight_button_(new QRadioButton(tr("Weight"), this)),
      change_button_(new QRadioButton(tr("Change since start"), this)),
      info_(new QLabel(this)),
      plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(2);
    auto* controls = new QHBoxLayout;
    controls->setContentsMargins(8, 0, 8, 0);
    auto* show_label = new QLabel(tr("Colour shows"), this);
    weight_button_->setToolTip(tr("The mean parallel-fibre → Purkinje cell weight"));
    change_button_->setToolTip(tr("How much the weights have changed since the run began: "
                                  "blue where they fell (LTD), orange where they rose (LTP)"));
    change_button_->setChecked(true);
    info_->setForegroundRole(QPalette::PlaceholderText);
    info_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    info_->setMinimumWidth(10);
    controls->addWidget(show_label);
    controls->addWidget(weight_button_);
    controls->addWidget(change_button_);
    controls->addSpacing(12);
    controls->addWidget(info_, 1);
    layout->addLayout(controls);
    layout->addWidget(plot_, 1);
    setMinimumSize(320, 360);

    const QFont base = font();
    plot_->setBackground(palette().color(QPalette::Base));
    plot_->setAutoAddPlottableToLegend(false);
    plot_->setMouseTracking(true);
    plot_->plotLayout()->clear();
    plot_->plotLayout()->setRowSpacing(0);
    plot_->plotLayout()->setColumnSpacing(4);
    map_rect_ = add_trial_time_rect(plot_, 0,
                                    tr("PF→PC weights by when the granule cells fire"));
    profile_rect_ = add_trial_time_rect(plot_, 2, tr("Mean weight change per time bin"));
    plot_->plotLayout()->setRowStretchFactors({0.001, 6.0, 0.001, 3.0});

    // Heat map: bins along x, Purkinje cells down y (cell 0 of the first zone on top).
    QCPAxis* mx = map_rect_->axis(QCPAxis::atBottom);
    QCPAxis* my = map_rect_->axis(QCPAxis::atLeft);
    mx->setTickLabels(false);
    my->setRangeReversed(true);
    my->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    my->setTickLength(0, 0);
    my->setSubTickLength(0, 0);
    my->setLabel(tr("Purkinje cells by microzone"));
    map_ = new QCPColorMap(mx, my);
    map_->setInterpolate(false);
    map_->setTightBoundary(false);
    scale_ = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(1, 1, scale_);
    scale_->setType(QCPAxis::atRight);
    scale_->setBarWidth(12);
    scale_->axis()->setLabelFont(scaled_font(base, 0.95));
    scale_->axis()->setTickLabelFont(scaled_font(base, 0.85));
    scale_->axis()->setNumberFormat(QStringLiteral("gb"));
    scale_->setRangeDrag(false);
    scale_->setRangeZoom(false);
    map_->setColorScale(scale_);
    auto* vertical = new QCPMarginGroup(plot_);
    map_rect_->setMarginGroup(QCP::msTop | QCP::msBottom, vertical);
    scale_->setMarginGroup(QCP::msTop | QCP::msBottom, vertical);

    for (int z = 1; z < kZoneCount; ++z) {
        auto* line = new QCPItemStraightLine(plot_);
        line->setClipAxisRect(map_rect_);
        for (QCPItemPosition* p : {line->point1, line->point2}) {
            p->setAxisRect(map_rect_);
            p->setAxes(mx, my);
        }
        line->setPen(QPen(palette().color(QPalette::Base), 3.0));
        zone_lines_.push_back(line);
    }
    instructed_outline_ = new QCPItemRect(plot_);
    instructed_outline_->setClipAxisRect(map_rect_);
    for (QCPItemPosition* p : {instructed_outline_->topLeft, instructed_outline_->bottomRight}) {
        p->setAxisRect(map_rect_);
        p->setAxes(mx, my);
        p->setTypeX(QCPItemPosition::ptAxisRectRatio);
        p->setTypeY(QCPItemPosition::ptPlotCoords);
    }
    instructed_outline_->setPen(QPen(instructed_colour(), 2.5));
    instructed_outline_->setBrush(Qt::NoBrush);
    instructed_outline_->setVisible(false);

    // Profile beneath.
    QCPAxis* px = profile_rect_->axis(QCPAxis::atBottom);
    QCPAxis* py = profile_rect_->axis(QCPAxis::atLeft);
    px->setLabel(tr("time in the trial at which the granule cells fire most (ms from motion onset)"));
    py->setLabel(tr("weight change"));
    py->setNumberFormat(QStringLiteral("gb"));
    auto py_ticker = QSharedPointer<QCPAxisTicker>::create();
    py_ticker->setTickCount(4);
    py->setTicker(py_ticker);
    py->grid()->setVisible(true);
    py->grid()->setZeroLinePen(QPen(QColor(0x70, 0x76, 0x80), 1.0, Qt::DashLine));
    auto* horizontal = new QCPMarginGroup(plot_);
    for (QCPAxisRect* r : {map_rect_, profile_rect_}) r->setMarginGroup(QCP::msLeft | QCP::msRight, horizontal);
    others_ = plot_->addGraph(px, py);
    others_->setLineStyle(QCPGraph::lsStepLeft);
    others_->setPen(QPen(others_colour(), 2.0));
    others_->setName(tr("other zones"));
    instructed_ = plot_->addGraph(px, py);
    instructed_->setLineStyle(QCPGraph::lsStepLeft);
    instructed_->setPen(QPen(instructed_colour(), 2.5));
    // The legend shares the profile's heading row.
    auto* legend = new QCPLegend;
    auto* heading_row = new QCPLayoutGrid;
    QCPLayoutElement* heading = plot_->plotLayout()->takeAt(plot_->plotLayout()->rowColToIndex(2, 0));
    plot_->plotLayout()->addElement(2, 0, heading_row);
    heading_row->addElement(0, 0, heading);
    heading_row->addElement(0, 1, legend);
    heading_row->setColumnStretchFactors({1.0, 0.001});
    legend->setLayer(QStringLiteral("legend"));
    legend->setFont(scaled_font(base, 0.88));
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setIconSize(22, 10);
    legend->setMargins(QMargins(4, 8, 4, 0));
    legend->setFillOrder(QCPLegend::foColumnsFirst);
    instructed_->addToLegend(legend);
    others_->addToLegend(legend);

    // The instruction: its onset and end across both plots; in the profile, when complex
    // spikes report it and where the learned change is expected.
    for (QCPAxisRect* r : {map_rect_, profile_rect_})
        for (int i = 0; i < 2; ++i) {
            auto* line = new QCPItemStraightLine(plot_);
            line->setClipAxisRect(r);
            for (QCPItemPosition* p : {line->point1, line->point2}) attach(p, r);
            line->setPen(QPen(palette::instruction().darker(i == 0 ? 110 : 100), i == 0 ? 2.0 : 1.5,
                              i == 0 ? Qt::SolidLine : Qt::DashLine));
            line->setVisible(false);
            onset_lines_.push_back(line);
        }
    learned_band_ = new QCPItemRect(plot_);
    learned_band_->setLayer(QStringLiteral("grid"));
    learned_band_->setClipAxisRect(profile_rect_);
    for (QCPItemPosition* p : {learned_band_->topLeft, learned_band_->bottomRight}) attach(p, profile_rect_);
    learned_band_->setPen(Qt::NoPen);
    QColor band = palette::instruction();
    band.setAlphaF(0.16f);
    learned_band_->setBrush(band);
    learned_band_->setVisible(false);
    cs_bar_ = new QCPItemRect(plot_);
    cs_bar_->setClipAxisRect(profile_rect_);
    for (QCPItemPosition* p : {cs_bar_->topLeft, cs_bar_->bottomRight}) attach(p, profile_rect_);
    cs_bar_->setPen(Qt::NoPen);
    cs_bar_->setBrush(cs_colour());
    cs_bar_->setVisible(false);
    const QFont small_bold = scaled_font(base, 0.85, true);
    onset_label_ = label(plot_, map_rect_, small_bold, palette::instruction().darker(150));
    onset_label_->setText(tr("instruction"));
    onset_label_->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
    learned_label_ = label(plot_, profile_rect_, small_bold, palette::instruction().darker(150));
    learned_label_->setText(tr("learned window"));
    learned_label_->setPositionAlignment(Qt::AlignTop | Qt::AlignRight);
    cs_label_ = label(plot_, profile_rect_, small_bold, cs_colour().darker(115));
    cs_label_->setText(tr("complex spikes"));
    cs_label_->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
    empty_label_ = label(plot_, map_rect_, scaled_font(base, 1.0), palette().color(QPalette::PlaceholderText));
    empty_label_->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    empty_label_->position->setCoords(0.5, 0.5);
    empty_label_->setPositionAlignment(Qt::AlignCenter);
    empty_label_->setText(tr("The weights appear here when the first trial is complete."));

    connect(weight_button_, &QRadioButton::toggled, this,
            [this](bool on) { set_mode(on ? Mode::Weight : Mode::Change); });
    connect(plot_, &QCustomPlot::mouseMove, this, &WeightsPanel::hover);
    enable_navigation(plot_, [this] {
        for (QCPAxisRect* r : {map_rect_, profile_rect_})
            r->axis(QCPAxis::atBottom)->setRange(kTrialStartMs, kTrialEndMs);
        redraw();
    });
    redraw();
}

void WeightsPanel::set_mode(Mode m) {
    if (m == mode_) return;
    mode_ = m;
    {
        const QSignalBlocker a(weight_button_), b(change_button_);
        weight_button_->setChecked(m == Mode::Weight);
        change_button_->setChecked(m == Mode::Change);
    }
    redraw();
}

void WeightsPanel::set_protocol_instructs(bool instructs) {
    if (instructs == protocol_instructs_) return;
    protocol_instructs_ = instructs;
    redraw();
}

bool WeightsPanel::instruction_marked() const { return onset_lines_.front()->visible(); }

void WeightsPanel::show_snapshot(const Snapshot& s) {
    const Parameters& p = s.config.params;
    const bool new_params = !have_params_ ||
                            p.task_instruction_onset_ms != params_.task_instruction_onset_ms ||
                            p.task_instruction_duration_ms != params_.task_instruction_duration_ms ||
                            p.task_instruction_direction != params_.task_instruction_direction ||
                            p.pf_ltd_kernel_peak_ms != params_.pf_ltd_kernel_peak_ms;
    if (!new_params && s.weights == shown_) return;
    params_ = p;
    have_params_ = true;
    shown_ = s.weights;
    redraw();
}

void WeightsPanel::redraw() {
    draw_map();
    draw_profile();
    draw_marks();
    update_info();
    plot_->replot(QCustomPlot::rpQueuedReplot);
    ++redraws_;
}

void WeightsPanel::draw_map() {
    const WeightMap* m = shown_.get();
    const bool weight = mode_ == Mode::Weight;
    map_->setGradient(gradient(weight ? palette::sequential_stops() : palette::diverging_stops()));
    scale_->axis()->setLabel(weight ? tr("weight") : tr("change since start"));
    empty_label_->setVisible(!m);
    QCPAxis* my = map_rect_->axis(QCPAxis::atLeft);
    if (!m || m->purkinje_count == 0 || m->bins == 0) {
        map_->data()->setSize(1, 1);
        map_->data()->fill(kNaN);
        map_->data()->setRange(QCPRange(kTrialStartMs, kTrialEndMs), QCPRange(0, 1));
        map_->setVisible(false);
        for (auto* l : zone_lines_) l->setVisible(false);
        instructed_outline_->setVisible(false);
        if (!user_view(plot_)) my->setRange(-0.5, 63.5);
        qSharedPointerCast<QCPAxisTickerText>(my->ticker())->clear();
        map_->setDataRange(weight ? QCPRange(0, 1) : QCPRange(-0.1, 0.1));
        return;
    }
    map_->setVisible(true);
    const int bins = m->bins, rows = m->purkinje_count;
    QCPColorMapData* cells = map_->data();
    cells->setSize(bins, rows);
    cells->setRange(QCPRange(m->bin_begin_ms(0) + 0.5 * m->bin_ms, m->bin_begin_ms(bins - 1) + 0.5 * m->bin_ms),
                   QCPRange(0, rows - 1));
    double lo = std::numeric_limits<double>::infinity(), hi = -lo, extent = 0;
    for (int c = 0; c < rows; ++c)
        for (int b = 0; b < bins; ++b) {
            const double v = weight ? m->weight_at(c, b) : m->change_at(c, b);
            cells->setCell(b, c, v);
            if (std::isnan(v)) continue;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            extent = std::max(extent, std::abs(v));
        }
    if (weight) {
        // Round numbers around the data, within the weights' bounds [0, w_max].
        const double step = 0.05;
        double a = lo <= hi ? std::floor(lo / step) * step : 0.0;
        double b = lo <= hi ? std::ceil(hi / step) * step : m->w_max;
        if (b - a < 2 * step) {
            a -= step;
            b += step;
        }
        map_->setDataRange(QCPRange(std::max(a, 0.0), std::min(b, std::max(m->w_max, step))));
    } else {
        // Symmetric about zero, so that white means unchanged.
        const double e = std::max(nice_ceiling(extent), 0.01);
        map_->setDataRange(QCPRange(-e, e));
    }

    const int per_zone = std::max(m->cells_per_zone, 1);
    if (!user_view(plot_)) my->setRange(-0.5, rows - 0.5);
    auto ticker = qSharedPointerCast<QCPAxisTickerText>(my->ticker());
    ticker->clear();
    for (int z = 0; z < kZoneCount && z * per_zone < rows; ++z)
        ticker->addTick(z * per_zone + 0.5 * (per_zone - 1), zone_label(z));
    for (int i = 0; i < static_cast<int>(zone_lines_.size()); ++i) {
        const double y = (i + 1) * per_zone - 0.5;
        zone_lines_[static_cast<std::size_t>(i)]->point1->setCoords(kTrialStartMs, y);
        zone_lines_[static_cast<std::size_t>(i)]->point2->setCoords(kTrialEndMs, y);
        zone_lines_[static_cast<std::size_t>(i)]->setVisible(y < rows - 0.5);
    }
}

void WeightsPanel::draw_profile() {
    const WeightMap* m = shown_.get();
    QVector<double> keys, mine, others;
    const int up = have_params_ ? instructed_zone(params_) : 2;
    const QString zone = QString::fromUtf8(kZoneNames[up]);
    instructed_->setName(protocol_instructs_ ? tr("instructed zone (%1)").arg(zone)
                                             : tr("%1 zone").arg(zone));
    double lo = 0, hi = 0;
    if (m) {
        for (int b = 0; b <= m->bins; ++b) {
            // The last point closes the last step at the end of the window.
            const int src = std::min(b, m->bins - 1);
            const double a = m->zone_change(up, src);
            double sum = 0;
            int n = 0;
            for (int z = 0; z < kZoneCount; ++z) {
                if (z == up) continue;
                const double v = m->zone_change(z, src);
                if (std::isnan(v)) continue;
                sum += v;
                ++n;
            }
            const double o = n ? sum / n : kNaN;
            keys.push_back(m->bin_begin_ms(b));
            mine.push_back(a);
            others.push_back(o);
            for (const double v : {a, o})
                if (!std::isnan(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
        }
    }
    instructed_->setData(keys, mine, true);
    others_->setData(keys, others, true);
    // Zero inside; headroom at the top for the markers.
    const double span = std::max(hi - lo, 0.01);
    if (!user_view(plot_))
        profile_rect_->axis(QCPAxis::atLeft)->setRange(lo - 0.08 * span, hi + 0.38 * span);
}

void WeightsPanel::draw_marks() {
    const bool on = protocol_instructs_ && have_params_;
    for (auto* l : onset_lines_) l->setVisible(on);
    for (QCPItemText* t : {onset_label_, learned_label_, cs_label_}) t->setVisible(on);
    learned_band_->setVisible(on);
    cs_bar_->setVisible(on);
    const WeightMap* m = shown_.get();
    instructed_outline_->setVisible(on && m && m->cells_per_zone > 0);
    if (!on) return;

    const InstructionWindow w = instruction_window(params_);
    for (std::size_t i = 0; i < onset_lines_.size(); ++i) {
        const double x = i % 2 == 0 ? w.onset_ms : w.end_ms;
        onset_lines_[i]->point1->setCoords(x, 0.0);
        onset_lines_[i]->point2->setCoords(x, 1.0);
    }
    onset_label_->position->setCoords(w.onset_ms, 0.0);
    const TimeWindow learned = learned_window(params_);
    learned_band_->topLeft->setCoords(learned.begin_ms, 0.0);
    learned_band_->bottomRight->setCoords(learned.end_ms, 1.0);
    learned_label_->position->setCoords(learned.end_ms, 0.12);
    const TimeWindow cs = cs_instruction_window(params_);
    cs_bar_->topLeft->setCoords(cs.begin_ms, 0.03);
    cs_bar_->bottomRight->setCoords(cs.end_ms, 0.07);
    cs_label_->position->setCoords(cs.end_ms + 6.0, 0.0);
    if (m && m->cells_per_zone > 0) {
        const int z = instructed_zone(params_);
        instructed_outline_->topLeft->setCoords(0.0, z * m->cells_per_zone - 0.5);
        instructed_outline_->bottomRight->setCoords(1.0, (z + 1) * m->cells_per_zone - 0.5);
    }
}

void WeightsPanel::update_info() {
    const WeightMap* m = shown_.get();
    if (!m) {
        info_->setText(tr("no completed trials yet"));
        return;
    }
    const QLocale locale;
    const QString silent = locale.toString(static_cast<qulonglong>(m->silent_granule_cells));
    info_->setText(tr("trial %1 · %2 ms bins · %3 silent").arg(m->trial).arg(m->bin_ms).arg(silent));
    info_->setToolTip(tr("Weights after trial %1; granule cells binned in %2 ms bins by the time "
                         "in the trial at which each fires most; %3 granule cells have not fired "
                         "in a trial yet and are in no bin")
                          .arg(m->trial)
                          .arg(m->bin_ms)
                          .arg(silent));
}

void WeightsPanel::hover(QMouseEvent* event) {
    QString text;
    const WeightMap* m = shown_.get();
    const QPointF pos = event->position();
    if (m && m->purkinje_count > 0 && map_rect_->rect().contains(pos.toPoint())) {
        const double key = map_rect_->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
        const double value = map_rect_->axis(QCPAxis::atLeft)->pixelToCoord(pos.y());
        const int b = static_cast<int>(std::floor((key - m->bin_start_ms) / m->bin_ms));
        const int row = static_cast<int>(std::lround(value));
        const int per_zone = std::max(m->cells_per_zone, 1);
        if (b >= 0 && b < m->bins && row >= 0 && row < m->purkinje_count) {
            const QLocale locale;
            const auto zone = QString::fromUtf8(kZoneNames[std::min(row / per_zone, kZoneCount - 1)]);
            text = tr("%1 zone, cell %2\n%3–%4 ms · %5 granule cells\nweight %6 · change %7")
                       .arg(zone)
                       .arg(row % per_zone)
                       .arg(m->bin_begin_ms(b))
                       .arg(m->bin_end_ms(b))
                       .arg(locale.toString(static_cast<qulonglong>(m->granule_cells[static_cast<std::size_t>(b)])))
                       .arg(locale.toString(double{m->weight_at(row, b)}, 'f', 3))
                       .arg(locale.toString(double{m->change_at(row, b)}, 'f', 3));
        }
    }
    if (text == hover_text_) return;
    hover_text_ = text;
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, plot_);
}

QString WeightsPanel::export_name() const { return QStringLiteral("synaptic-weights"); }

QString WeightsPanel::export_title() const { return tr("Synaptic weight map"); }

QWidget* WeightsPanel::export_widget() const { return plot_; }

PlotTable WeightsPanel::export_table() const {
    PlotTable t;
    t.columns = {QStringLiteral("zone"), QStringLiteral("cell"), QStringLiteral("bin_start_ms"),
                 QStringLiteral("bin_end_ms"), QStringLiteral("weight"), QStringLiteral("change")};
    const WeightMap* m = shown_.get();
    if (!m) return t;
    const int per_zone = std::max(m->cells_per_zone, 1);
    t.rows.reserve(static_cast<std::size_t>(m->purkinje_count * m->bins));
    for (int c = 0; c < m->purkinje_count; ++c)
        for (int b = 0; b < m->bins; ++b)
            t.rows.push_back({QString::fromUtf8(kZoneNames[std::min(c / per_zone, kZoneCount - 1)]),
                              QString::number(c % per_zone), number(m->bin_begin_ms(b)),
                              number(m->bin_end_ms(b)), number(m->weight_at(c, b)),
                              number(m->change_at(c, b))});
    return t;
}

}  // namespace flocculus::ui
