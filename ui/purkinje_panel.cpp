// SPDX-License-Identifier: GPL-3.0-or-later
#include "purkinje_panel.hpp"

#include <qcustomplot.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QShowEvent>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "circuit/purkinje.hpp"
#include "palette.hpp"
#include "plot_style.hpp"
#include "task/eyeblink.hpp"
#include "task/metrics.hpp"
#include "view_model.hpp"

namespace flocculus::ui {
namespace {

QColor simple_colour() { return {0x2B, 0x2F, 0x36}; }
QColor complex_colour() { return palette::vermillion(); }
QColor first_colour() { return {0x9A, 0xA0, 0xA8}; }
QColor latest_colour() { return palette::blue(); }

// A vertical tick, `height` pixels tall, as a small image: a raster of thousands of spikes
// is drawn as fast as images can be copied.
QCPScatterStyle tick(const QColor& c, double height, double width) {
    const int w = std::max(1, static_cast<int>(std::lround(width)));
    const int h = std::max(1, static_cast<int>(std::lround(height)));
    QPixmap image(w, h);
    image.fill(c);
    return QCPScatterStyle(image);
}

QCPScatterStyle complex_mark() {
    return QCPScatterStyle(QCPScatterStyle::ssDisc, complex_colour(), complex_colour(), 6.5);
}

// Whether two configurations describe the same run (live, non-structural parameter changes
// keep the run).
bool same_run(const RunConfig& a, const RunConfig& b) {
    if (a.protocol != b.protocol || a.trials != b.trials || a.seed != b.seed) return false;
    for (const ParamSpec& spec : parameter_specs())
        if (spec.structural && get_parameter(a.params, spec) != get_parameter(b.params, spec))
            return false;
    return true;
}

void set_columns(QCPGraph* g, const QVector<double>& keys, const QVector<double>& values) {
    g->setData(keys, values);  // sorts by key
}

}  // namespace

PurkinjePanel::PurkinjePanel(QWidget* parent)
    : QWidget(parent),
      zone_box_(new QComboBox(this)),
      cell_box_(new QSpinBox(this)),
      info_(new QLabel(this)),
      plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(2);
    auto* controls = new QHBoxLayout;
    controls->setContentsMargins(8, 0, 8, 0);
    auto* zone_label = new QLabel(tr("Microzone"), this);
    zone_label->setBuddy(zone_box_);
    for (const char* name : kZoneNames) zone_box_->addItem(QString::fromUtf8(name));
    // The eyeblink zone (microzone kEyeblinkMicrozone): its cells fire in eyeblink runs.
    zone_box_->addItem(QString::fromUtf8(kEyeblinkZoneName));
    zone_box_->setToolTip(tr("Microzone: Purkinje cells whose simple spikes pull the eye "
                             "in this direction"));
    auto* cell_label = new QLabel(tr("Cell"), this);
    cell_label->setBuddy(cell_box_);
    cell_box_->setRange(0, 0);
    cell_box_->setToolTip(tr("Purkinje cell within the microzone, shown in the raster"));
    info_->setForegroundRole(QPalette::PlaceholderText);
    auto* key = new QLabel(this);
    key->setTextFormat(Qt::RichText);
    key->setText(tr("<span style='color:%1'><b>|</b></span> simple spike&nbsp;&nbsp; "
                    "<span style='color:%2'>&#9679;</span> complex spike")
                     .arg(simple_colour().name(), complex_colour().name()));
    controls->addWidget(zone_label);
    controls->addWidget(zone_box_);
    controls->addSpacing(12);
    controls->addWidget(cell_label);
    controls->addWidget(cell_box_);
    controls->addSpacing(18);
    controls->addWidget(key);
    controls->addStretch(1);
    controls->addWidget(info_);
    layout->addLayout(controls);
    layout->addWidget(plot_, 1);
    setMinimumSize(320, 360);

    plot_->setBackground(palette().color(QPalette::Base));
    plot_->setAutoAddPlottableToLegend(false);
    plot_->plotLayout()->clear();
    plot_->plotLayout()->setRowSpacing(0);
    raster_rect_ = add_rect(0, tr("trial"), tr("One cell across trials"));
    zone_rect_ = add_rect(2, tr("cell"), tr("All cells of the microzone, latest trial"));
    psth_rect_ = add_rect(4, tr("simple spikes (Hz)"), tr("Simple-spike rate of the microzone"));
    psth_rect_->axis(QCPAxis::atBottom)->setLabel(tr("time from motion onset (ms)"));
    auto rate_ticker = QSharedPointer<QCPAxisTicker>::create();
    rate_ticker->setTickCount(4);
    psth_rect_->axis(QCPAxis::atLeft)->setTicker(rate_ticker);
    plot_->plotLayout()->setRowStretchFactors({0.001, 4.2, 0.001, 2.4, 0.001, 3.0});
    auto* group = new QCPMarginGroup(plot_);
    for (QCPAxisRect* r : {raster_rect_, zone_rect_, psth_rect_})
        r->setMarginGroup(QCP::msLeft | QCP::msRight, group);

    // Newest trial at the bottom, cell 0 on top.
    for (QCPAxisRect* r : {raster_rect_, zone_rect_}) r->axis(QCPAxis::atLeft)->setRangeReversed(true);
    raster_rect_->axis(QCPAxis::atLeft)->setRange(0.5, 10.5);
    zone_rect_->axis(QCPAxis::atLeft)->setRange(-0.5, 15.5);
    psth_rect_->axis(QCPAxis::atLeft)->setRange(0, 100);

    const auto add_graph = [this](QCPAxisRect* r, const QCPScatterStyle& style) {
        QCPGraph* g = plot_->addGraph(r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft));
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(style);
        g->setAdaptiveSampling(false);
        return g;
    };
    raster_simple_ = add_graph(raster_rect_, tick(simple_colour(), 4.0, 1.0));
    raster_complex_ = add_graph(raster_rect_, complex_mark());
    zone_simple_ = add_graph(zone_rect_, tick(simple_colour(), 7.0, 1.0));
    zone_complex_ = add_graph(zone_rect_, complex_mark());

    QCPAxis* px = psth_rect_->axis(QCPAxis::atBottom);
    QCPAxis* py = psth_rect_->axis(QCPAxis::atLeft);
    psth_first_ = plot_->addGraph(px, py);
    psth_first_->setLineStyle(QCPGraph::lsStepLeft);
    psth_first_->setPen(QPen(first_colour(), 2.0));
    psth_first_->setName(tr("first 10 trials"));
    psth_latest_ = plot_->addGraph(px, py);
    psth_latest_->setLineStyle(QCPGraph::lsStepLeft);
    psth_latest_->setPen(QPen(latest_colour(), 2.0));
    psth_latest_->setName(tr("latest 10 trials"));

    // The legend sits inside the histogram, top right.
    auto* legend = new QCPLegend;
    psth_rect_->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignRight);
    legend->setLayer(QStringLiteral("legend"));
    legend->setFont(scaled_font(font(), 0.9));
    legend->setBorderPen(Qt::NoPen);
    QColor legend_fill = palette().color(QPalette::Base);
    legend_fill.setAlphaF(0.85f);
    legend->setBrush(legend_fill);
    legend->setIconSize(22, 10);
    legend->setRowSpacing(0);
    legend->setFillOrder(QCPLegend::foColumnsFirst);
    psth_first_->addToLegend(legend);
    psth_latest_->addToLegend(legend);

    // Instruction window: a light band in each axis rect, below the data.
    for (QCPAxisRect* r : {raster_rect_, zone_rect_, psth_rect_}) {
        auto* rect = new QCPItemRect(plot_);
        rect->setLayer(QStringLiteral("grid"));
        rect->setClipAxisRect(r);
        for (QCPItemPosition* p : {rect->topLeft, rect->bottomRight}) {
            p->setAxisRect(r);
            p->setAxes(r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft));
            p->setTypeX(QCPItemPosition::ptPlotCoords);
            p->setTypeY(QCPItemPosition::ptAxisRectRatio);
        }
        rect->setPen(Qt::NoPen);
        QColor fill = palette::instruction();
        fill.setAlphaF(0.13f);
        rect->setBrush(fill);
        rect->setVisible(false);
        instruction_rects_.push_back(rect);
    }
    instruction_label_ = new QCPItemText(plot_);
    instruction_label_->setClipAxisRect(psth_rect_);
    instruction_label_->position->setAxisRect(psth_rect_);
    instruction_label_->position->setAxes(psth_rect_->axis(QCPAxis::atBottom),
                                          psth_rect_->axis(QCPAxis::atLeft));
    instruction_label_->position->setTypeX(QCPItemPosition::ptPlotCoords);
    instruction_label_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    instruction_label_->setPositionAlignment(Qt::AlignBottom | Qt::AlignHCenter);
    instruction_label_->setPadding(QMargins(2, 2, 2, 4));
    instruction_label_->setFont(scaled_font(font(), 0.88, true));
    instruction_label_->setColor(palette::instruction().darker(140));
    instruction_label_->setText(tr("instruction window"));
    instruction_label_->setVisible(false);
    cell_highlight_ = new QCPItemRect(plot_);
    cell_highlight_->setLayer(QStringLiteral("grid"));
    cell_highlight_->setClipAxisRect(zone_rect_);
    for (QCPItemPosition* p : {cell_highlight_->topLeft, cell_highlight_->bottomRight}) {
        p->setAxisRect(zone_rect_);
        p->setAxes(zone_rect_->axis(QCPAxis::atBottom), zone_rect_->axis(QCPAxis::atLeft));
        p->setTypeX(QCPItemPosition::ptAxisRectRatio);
        p->setTypeY(QCPItemPosition::ptPlotCoords);
    }
    cell_highlight_->setPen(Qt::NoPen);
    cell_highlight_->setBrush(palette::lightened(palette::sky_blue(), 0.7));

    views_.push_back(std::make_unique<ExportableView>(
        QStringLiteral("purkinje-raster"), tr("Purkinje cells: one cell across trials"), plot_,
        [this] { return raster_table(); }));
    views_.push_back(std::make_unique<ExportableView>(
        QStringLiteral("microzone-raster"), tr("Purkinje cells: microzone, latest trial"), plot_,
        [this] { return zone_table(); }));
    views_.push_back(std::make_unique<ExportableView>(
        QStringLiteral("simple-spike-rate"), tr("Purkinje cells: simple-spike rate"), plot_,
        [this] { return psth_table(); }));

    enable_navigation(plot_, [this] { redraw(); });
    connect(zone_box_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(cell_box_, &QSpinBox::valueChanged, this, [this] { redraw(); });
}

QCPAxisRect* PurkinjePanel::add_rect(int row, const QString& y_label, const QString& title) {
    QCPAxisRect* r = add_trial_time_rect(plot_, row, title);
    QCPAxis* y = r->axis(QCPAxis::atLeft);
    y->setLabel(y_label);
    auto yticker = QSharedPointer<QCPAxisTickerFixed>::create();
    yticker->setTickStep(1.0);
    yticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);  // whole trials and cells
    y->setTicker(yticker);
    return r;
}

std::vector<Exportable*> PurkinjePanel::exportables() const {
    std::vector<Exportable*> v;
    for (const auto& view : views_) v.push_back(view.get());
    return v;
}

namespace {
QString zone_name(int microzone) {
    return QString::fromUtf8(microzone == kEyeblinkMicrozone ? kEyeblinkZoneName
                                                             : kZoneNames[microzone]);
}
// Spikes as purkinje_spikes.csv has them: trial, microzone, cell, t_ms, kind.
PlotTable spike_table() {
    return {{QStringLiteral("trial"), QStringLiteral("microzone"), QStringLiteral("cell"),
             QStringLiteral("t_ms"), QStringLiteral("kind")},
            {}};
}
void add_spike(PlotTable& t, int trial, const PurkinjeSpike& sp) {
    t.rows.push_back({QString::number(trial), zone_name(sp.microzone),
                      QString::number(sp.cell), table_number(double{sp.t_ms}, 1),
                      sp.kind == SpikeKind::Simple ? QStringLiteral("ss") : QStringLiteral("cs")});
}
}  // namespace

PlotTable PurkinjePanel::raster_table() const {
    PlotTable t = spike_table();
    const auto z = static_cast<std::uint16_t>(zone());
    const auto c = static_cast<std::uint16_t>(cell());
    for (const auto& r : store_)
        for (const PurkinjeSpike& sp : r->spikes)
            if (sp.microzone == z && sp.cell == c) add_spike(t, r->plan.number, sp);
    return t;
}

PlotTable PurkinjePanel::zone_table() const {
    PlotTable t = spike_table();
    if (store_.empty()) return t;
    const auto z = static_cast<std::uint16_t>(zone());
    for (const PurkinjeSpike& sp : store_.back()->spikes)
        if (sp.microzone == z) add_spike(t, store_.back()->plan.number, sp);
    return t;
}

PlotTable PurkinjePanel::psth_table() const {
    PlotTable t;
    t.columns = {QStringLiteral("microzone"),   QStringLiteral("t_start_ms"),
                 QStringLiteral("t_end_ms"),    QStringLiteral("first_trials"),
                 QStringLiteral("first_ss_hz"), QStringLiteral("latest_trials"),
                 QStringLiteral("latest_ss_hz")};
    if (store_.empty()) return t;
    const std::size_t n = store_.size();
    const std::size_t k = std::min<std::size_t>(n, kPsthTrials);
    const auto span = [this](std::size_t first, std::size_t last) {
        return QStringLiteral("%1-%2").arg(store_[first]->plan.number).arg(store_[last]->plan.number);
    };
    const QString first_trials = first_.empty() ? span(0, k - 1)
                                                : QStringLiteral("%1-%2")
                                                      .arg(first_.front()->plan.number)
                                                      .arg(first_.back()->plan.number);
    const QString latest_trials = span(n - k, n - 1);
    const QString name = zone_name(zone());
    const auto first = psth_first_->data(), latest = psth_latest_->data();
    // Each histogram ends with a point that only closes the last step.
    for (int i = 0; i + 1 < first->size() && i + 1 < latest->size(); ++i) {
        const double start = first->at(i)->key;
        t.rows.push_back({name, table_number(start, 1), table_number(first->at(i + 1)->key, 1),
                          first_trials, table_number(first->at(i)->value, 3), latest_trials,
                          table_number(latest->at(i)->value, 3)});
    }
    return t;
}

int PurkinjePanel::zone() const { return std::max(zone_box_->currentIndex(), 0); }
int PurkinjePanel::cell() const { return cell_box_->value(); }

int PurkinjePanel::first_stored_trial() const {
    return store_.empty() ? 0 : store_.front()->plan.number;
}
int PurkinjePanel::last_stored_trial() const {
    return store_.empty() ? 0 : store_.back()->plan.number;
}
int PurkinjePanel::raster_simple_points() const { return raster_simple_->data()->size(); }
int PurkinjePanel::raster_complex_points() const { return raster_complex_->data()->size(); }
int PurkinjePanel::zone_simple_points() const { return zone_simple_->data()->size(); }
int PurkinjePanel::zone_complex_points() const { return zone_complex_->data()->size(); }

bool PurkinjePanel::instruction_window_visible() const {
    return instruction_rects_.front()->visible();
}

void PurkinjePanel::set_protocol_instructs(bool instructs) {
    if (instructs == protocol_instructs_) return;
    protocol_instructs_ = instructs;
    draw_instruction();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void PurkinjePanel::clear_store() {
    store_.clear();
    first_.clear();
    cells_per_zone_ = 0;
}

void PurkinjePanel::show_snapshot(const Snapshot& s) {
    bool changed = false;
    if (!have_config_ || s.trial_index < last_trial_index_ || !same_run(s.config, config_)) {
        changed = !store_.empty() || !have_config_;
        clear_store();
        config_ = s.config;
        have_config_ = true;
        const auto w = instruction_window(s.config.params);
        if (w.onset_ms != instr_onset_ms_ || w.end_ms != instr_end_ms_) {
            instr_onset_ms_ = w.onset_ms;
            instr_end_ms_ = w.end_ms;
            changed = true;
        }
        const int z = instructed_zone(s.config.params);
        if (default_zone_ == kEyeblinkMicrozone) {
            // A new run after an eyeblink run: back to a floccular zone until its trials say.
            default_zone_ = -1;
            const QSignalBlocker block(zone_box_);
            zone_box_->setCurrentIndex(z >= 0 && z < kMicrozones ? z : 0);
        }
        if (z != default_zone_ && z >= 0 && z < kMicrozones) {
            default_zone_ = z;
            const QSignalBlocker block(zone_box_);
            zone_box_->setCurrentIndex(z);
        }
    }
    last_trial_index_ = s.trial_index;

    const int last = last_stored_trial();
    for (const auto& r : s.recent_trials) {
        if (!r || r->plan.number <= last) continue;
        store_.push_back(r);
        changed = true;
    }
    // The first trials of the run: from the run's whole recording when the snapshot has it
    // (polls may have missed some), else as they arrive.
    if (first_.size() < static_cast<std::size_t>(kPsthTrials)) {
        const std::size_t before = first_.size();
        first_.clear();
        if (s.trials && !s.trials->empty() && s.trials->front()->plan.number == 1) {
            for (const auto& r : *s.trials) {
                if (first_.size() == static_cast<std::size_t>(kPsthTrials)) break;
                first_.push_back(r);
            }
        } else {
            for (const auto& r : store_) {
                if (first_.size() == static_cast<std::size_t>(kPsthTrials) ||
                    r->plan.number != static_cast<int>(first_.size()) + 1)
                    break;
                first_.push_back(r);
            }
        }
        changed = changed || first_.size() != before;
    }
    while (store_.size() > kMaxTrials) store_.pop_front();
    // An eyeblink run records only the eyeblink zone: shown from its first trial on.
    if (!store_.empty() && store_.back()->eyeblink_cells > 0 && zone() != kEyeblinkMicrozone &&
        default_zone_ != kEyeblinkMicrozone) {
        default_zone_ = kEyeblinkMicrozone;
        const QSignalBlocker block(zone_box_);
        zone_box_->setCurrentIndex(kEyeblinkMicrozone);
        changed = true;
    }
    const int cells = store_.empty() ? cells_per_zone_
                                     : std::max(store_.back()->cells_per_zone, store_.back()->eyeblink_cells);
    if (!store_.empty() && cells != cells_per_zone_) {
        cells_per_zone_ = cells;
        const QSignalBlocker block(cell_box_);
        cell_box_->setRange(0, std::max(cells_per_zone_ - 1, 0));
    }
    if (changed) redraw();
}

void PurkinjePanel::redraw() {
    draw_raster();
    draw_zone();
    draw_psth();
    draw_instruction();
    info_->setText(store_.empty()
                       ? tr("no completed trials yet")
                       : tr("%n trial(s) stored", nullptr, static_cast<int>(store_.size())));
    ++redraws_;
    if (!isVisible()) {
        stale_ = true;
        return;
    }
    stale_ = false;
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void PurkinjePanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (stale_) {
        stale_ = false;
        plot_->replot(QCustomPlot::rpQueuedReplot);
    }
}

void PurkinjePanel::draw_raster() {
    const auto z = static_cast<std::uint16_t>(zone());
    const auto c = static_cast<std::uint16_t>(cell());
    QVector<double> sk, sv, ck, cv;
    for (const auto& r : store_) {
        const auto y = static_cast<double>(r->plan.number);
        for (const PurkinjeSpike& sp : r->spikes) {
            if (sp.microzone != z || sp.cell != c) continue;
            if (sp.kind == SpikeKind::Simple) {
                sk.push_back(double{sp.t_ms});
                sv.push_back(y);
            } else {
                ck.push_back(double{sp.t_ms});
                cv.push_back(y);
            }
        }
    }
    set_columns(raster_simple_, sk, sv);
    set_columns(raster_complex_, ck, cv);
    QCPAxis* y = raster_rect_->axis(QCPAxis::atLeft);
    if (user_view(plot_)) {
    } else if (store_.empty()) {
        y->setRange(0.5, 10.5);
    } else {
        const double first = first_stored_trial();
        const double last = std::max<double>(last_stored_trial(), first + 9);
        y->setRange(first - 0.7, last + 0.7);
    }
    raster_rect_->axis(QCPAxis::atBottom)->setTickLabels(false);
}

void PurkinjePanel::draw_zone() {
    const auto z = static_cast<std::uint16_t>(zone());
    QVector<double> sk, sv, ck, cv;
    if (!store_.empty()) {
        for (const PurkinjeSpike& sp : store_.back()->spikes) {
            if (sp.microzone != z) continue;
            if (sp.kind == SpikeKind::Simple) {
                sk.push_back(double{sp.t_ms});
                sv.push_back(static_cast<double>(sp.cell));
            } else {
                ck.push_back(double{sp.t_ms});
                cv.push_back(static_cast<double>(sp.cell));
            }
        }
    }
    set_columns(zone_simple_, sk, sv);
    set_columns(zone_complex_, ck, cv);
    const int cells = std::max(cells_per_zone_, 1);
    if (!user_view(plot_)) {
        zone_rect_->axis(QCPAxis::atLeft)->setRange(-0.7, cells - 0.3);
        for (QCPAxisRect* r : {raster_rect_, zone_rect_, psth_rect_})
            r->axis(QCPAxis::atBottom)->setRange(kTrialStartMs, kTrialEndMs);
    }
    zone_rect_->axis(QCPAxis::atBottom)->setTickLabels(false);
    const double c = cell();
    cell_highlight_->topLeft->setCoords(0.0, c - 0.5);
    cell_highlight_->bottomRight->setCoords(1.0, c + 0.5);
    cell_highlight_->setVisible(cells_per_zone_ > 0);
}

void PurkinjePanel::draw_psth() {
    const auto z = static_cast<std::uint16_t>(zone());
    // Eyeblink trials record the eyeblink zone over the eyelid trace's window, from tone onset.
    const bool eyeblink = !store_.empty() && store_.back()->eyeblink_cells > 0;
    const double end_ms = eyeblink ? eyeblink_trace_end_ms(config_.params) : kTrialEndMs;
    psth_rect_->axis(QCPAxis::atBottom)
        ->setLabel(eyeblink ? tr("time from tone onset (ms)") : tr("time from motion onset (ms)"));
    const int bins = static_cast<int>(std::ceil((end_ms - kTrialStartMs) / kPsthBinMs - 1e-9));
    const auto rates = [&](const auto& records, std::size_t begin, std::size_t end) {
        std::vector<double> counts(static_cast<std::size_t>(bins), 0.0);
        for (std::size_t i = begin; i < end; ++i)
            for (const PurkinjeSpike& sp : records[i]->spikes) {
                if (sp.microzone != z || sp.kind != SpikeKind::Simple) continue;
                const int b = static_cast<int>((double{sp.t_ms} - kTrialStartMs) / kPsthBinMs);
                if (b >= 0 && b < bins) counts[static_cast<std::size_t>(b)] += 1.0;
            }
        const double norm = static_cast<double>(end - begin) *
                            static_cast<double>(std::max(cells_per_zone_, 1)) *
                            (kPsthBinMs / 1000.0);
        QVector<double> keys, values;
        for (int b = 0; b < bins; ++b) {
            keys.push_back(kTrialStartMs + b * kPsthBinMs);
            values.push_back(counts[static_cast<std::size_t>(b)] / norm);
        }
        // Closes the last step at the end of the window.
        keys.push_back(std::min(end_ms, kTrialStartMs + bins * kPsthBinMs));
        values.push_back(values.back());
        return std::pair{keys, values};
    };
    if (store_.empty()) {
        psth_first_->data()->clear();
        psth_latest_->data()->clear();
        psth_first_->setName(tr("first 10 trials"));
        psth_latest_->setName(tr("latest 10 trials"));
        if (!user_view(plot_)) psth_rect_->axis(QCPAxis::atLeft)->setRange(0, 100);
        return;
    }
    const std::size_t n = store_.size();
    const std::size_t k = std::min<std::size_t>(n, kPsthTrials);
    // The first trials of the run when they are known, else the oldest stored.
    const bool have_first = !first_.empty();
    auto [fk, fv] = have_first ? rates(first_, 0, first_.size()) : rates(store_, 0, k);
    auto [lk, lv] = rates(store_, n - k, n);
    const auto span = [](int a, int b) {
        return a == b ? tr("trial %1").arg(a) : tr("trials %1–%2").arg(a).arg(b);
    };
    psth_first_->setName(have_first
                             ? span(first_.front()->plan.number, first_.back()->plan.number)
                             : span(store_.front()->plan.number, store_[k - 1]->plan.number));
    psth_latest_->setName(span(store_[n - k]->plan.number, store_.back()->plan.number));
    psth_first_->setData(fk, fv, true);
    psth_latest_->setData(lk, lv, true);
    double high = 0;
    for (double v : fv) high = std::max(high, v);
    for (double v : lv) high = std::max(high, v);
    const double step = 20.0;
    if (!user_view(plot_))
        psth_rect_->axis(QCPAxis::atLeft)->setRange(0, step * std::ceil(high * 1.12 / step + 1e-9));
}

void PurkinjePanel::draw_instruction() {
    for (QCPItemRect* rect : instruction_rects_) {
        rect->setVisible(protocol_instructs_);
        rect->topLeft->setCoords(instr_onset_ms_, 0.0);
        rect->bottomRight->setCoords(instr_end_ms_, 1.0);
    }
    instruction_label_->setVisible(protocol_instructs_);
    instruction_label_->position->setCoords((instr_onset_ms_ + instr_end_ms_) / 2, 1.0);
}

}  // namespace flocculus::ui
