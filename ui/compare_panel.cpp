// SPDX-License-Identifier: GPL-3.0-or-later
#include "compare_panel.hpp"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QShowEvent>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "circuit/purkinje.hpp"
#include "palette.hpp"
#include "plot_style.hpp"
#include "task/eyeblink_display.hpp"
#include "task/metrics.hpp"
#include "task/vor.hpp"
#include "vor_gain_curve.hpp"

namespace flocculus::ui {
namespace {

constexpr int kMeanTrials = 5;
constexpr double kRateBinMs = 20.0;

QColor colour_at(int i) {
    static const QColor colours[] = {palette::blue(),           palette::vermillion(),
                                     palette::bluish_green(),   palette::orange(),
                                     palette::reddish_purple(), palette::sky_blue(),
                                     QColor(0x4A, 0x4F, 0x57)};
    return colours[static_cast<std::size_t>(i) % std::size(colours)];
}

// A run's learning curve is its task's measure of learning: the learned eye velocity in
// pursuit, the dark VOR gain of the probe trials in the VOR protocols, the CR rate in
// eyeblink conditioning. Curves of different tasks share no axis.
CurveKind kind_of(const RunRecord& r) {
    if (is_vor_protocol(r.config.protocol)) return CurveKind::Vor;
    if (is_eyeblink_protocol(r.config.protocol)) return CurveKind::Eyeblink;
    return CurveKind::Pursuit;
}

void learning_curve(const std::vector<TrialMetrics>& m, CurveKind kind, QVector<double>& keys,
                    QVector<double>& values) {
    switch (kind) {
        case CurveKind::Pursuit:  // running mean over the last kMeanTrials trials with a value
            for (std::size_t i = 0; i < m.size(); ++i) {
                double sum = 0;
                int n = 0;
                for (std::size_t j = i + 1 >= kMeanTrials ? i + 1 - kMeanTrials : 0; j <= i; ++j)
                    if (std::isfinite(m[j].learned_velocity_deg_s)) {
                        sum += m[j].learned_velocity_deg_s;
                        ++n;
                    }
                if (n == 0) continue;
                keys.push_back(m[i].trial);
                values.push_back(sum / n);
            }
            break;
        case CurveKind::Vor:  // the learning panel's and the VOR scene's points
            for (const VorGainPoint& x : vor_gain_points(m)) {
                keys.push_back(x.trial);
                values.push_back(x.gain);
            }
            break;
        case CurveKind::Eyeblink:  // CR % per block, at the block's last trial
            for (const CrBlock& b : cr_blocks(m)) {
                keys.push_back(b.last_trial);
                values.push_back(100.0 * b.cr_rate);
            }
            break;
    }
}

// Simple-spike rate of the instructed microzone over a run's last kept trials.
bool rate_curve(const RunRecord& r, QVector<double>& keys, QVector<double>& values) {
    if (!r.trials || r.trials->empty()) return false;
    const int zone = instructed_zone(r.config.params);
    const std::size_t n = r.trials->size();
    const std::size_t k = std::min<std::size_t>(n, ComparePanel::kRateTrials);
    const int bins = static_cast<int>(std::lround((kTrialEndMs - kTrialStartMs) / kRateBinMs));
    std::vector<double> counts(static_cast<std::size_t>(bins), 0.0);
    int cells = 1;
    for (std::size_t i = n - k; i < n; ++i) {
        const TrialRecord& t = *(*r.trials)[i];
        cells = std::max(t.cells_per_zone, 1);
        for (const PurkinjeSpike& sp : t.spikes) {
            if (sp.microzone != zone || sp.kind != SpikeKind::Simple) continue;
            const int b = static_cast<int>((double{sp.t_ms} - kTrialStartMs) / kRateBinMs);
            if (b >= 0 && b < bins) counts[static_cast<std::size_t>(b)] += 1.0;
        }
    }
    const double norm = static_cast<double>(k) * cells * (kRateBinMs / 1000.0);
    for (int b = 0; b < bins; ++b) {
        keys.push_back(kTrialStartMs + (b + 0.5) * kRateBinMs);
        values.push_back(counts[static_cast<std::size_t>(b)] / norm);
    }
    return true;
}

QCPGraph* add_graph(QCustomPlot* plot, QCPAxisRect* r, const QPen& pen) {
    QCPGraph* g = plot->addGraph(r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft));
    g->setPen(pen);
    return g;
}

}  // namespace

ComparePanel::ComparePanel(RunHistory* history, QWidget* parent)
    : QWidget(parent), history_(history) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    layout->addWidget(splitter);

    // The history.
    auto* side = new QWidget(splitter);
    auto* side_layout = new QVBoxLayout(side);
    side_layout->setContentsMargins(6, 6, 2, 6);
    auto* title = new QLabel(tr("<b>Runs</b>"), side);
    side_layout->addWidget(title);
    list_ = new QListWidget(side);
    list_->setToolTip(tr("Tick a run to show it; double-click to name it (a named run is kept)"));
    list_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    list_->setWordWrap(true);
    side_layout->addWidget(list_, 1);
    keep_ = new QPushButton(tr("Keep current run"), side);
    keep_->setToolTip(
        tr("Keep the run under way in the history, so that a reset, a lesson or a "
           "session does not replace it"));
    delete_ = new QPushButton(tr("Delete"), side);
    export_ = new QPushButton(tr("Export…"), side);
    export_->setToolTip(
        tr("Write the chosen run's recording (the command line's files) to a "
           "folder"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(delete_);
    buttons->addWidget(export_);
    side_layout->addWidget(keep_);
    side_layout->addLayout(buttons);
    first_trial_ = new QCheckBox(tr("Velocity: trial 1 too"), side);
    first_trial_->setToolTip(tr("Beside each run's latest trial, draw its first trial (dotted)"));
    side_layout->addWidget(first_trial_);
    hint_ = new QLabel(side);
    hint_->setWordWrap(true);
    hint_->setForegroundRole(QPalette::PlaceholderText);
    side_layout->addWidget(hint_);
    side->setMinimumWidth(200);

    // The overlays.
    pages_ = new QTabWidget(splitter);
    pages_->setDocumentMode(true);
    plot_ = new QCustomPlot(pages_);
    plot_->setBackground(palette().color(QPalette::Base));
    plot_->setAutoAddPlottableToLegend(false);
    plot_->plotLayout()->clear();
    curve_rect_ =
        add_trial_time_rect(plot_, 0, tr("Learned eye velocity, %1-trial mean").arg(kMeanTrials));
    rate_rect_ = add_trial_time_rect(plot_, 2,
                                     tr("Simple-spike rate of the instructed microzone, "
                                        "last %1 trials")
                                         .arg(kRateTrials));
    trace_rect_ = add_trial_time_rect(plot_, 4,
                                      tr("Eye velocity, latest trial (horizontal "
                                         "solid, vertical dashed)"));
    QCPAxis* cx = curve_rect_->axis(QCPAxis::atBottom);
    auto ticker = QSharedPointer<QCPAxisTicker>::create();
    cx->setTicker(ticker);
    cx->setLabel(tr("trial"));
    curve_rect_->axis(QCPAxis::atLeft)->setLabel(tr("deg/s"));
    rate_rect_->axis(QCPAxis::atLeft)->setLabel(tr("Hz"));
    trace_rect_->axis(QCPAxis::atLeft)->setLabel(tr("deg/s"));
    trace_rect_->axis(QCPAxis::atBottom)->setLabel(tr("time from motion onset (ms)"));
    auto* legend = new QCPLegend;
    plot_->plotLayout()->addElement(6, 0, legend);
    legend->setFillOrder(QCPLegend::foColumnsFirst);
    legend->setWrap(1);  // one run a line: names can be long
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setIconSize(28, 12);
    legend->setFont(scaled_font(font(), 0.92));
    legend->setLayer(QStringLiteral("legend"));
    plot_->legend = legend;
    plot_->plotLayout()->setRowStretchFactors({0.001, 3.0, 0.001, 2.4, 0.001, 2.4, 0.001});
    auto* group = new QCPMarginGroup(plot_);
    for (QCPAxisRect* r : {curve_rect_, rate_rect_, trace_rect_})
        r->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    pages_->addTab(plot_, tr("Curves"));

    auto* difference_page = new QWidget(pages_);
    auto* dl = new QVBoxLayout(difference_page);
    dl->setContentsMargins(6, 4, 6, 0);
    auto* choose = new QHBoxLayout;
    diff_a_ = new QComboBox(difference_page);
    diff_b_ = new QComboBox(difference_page);
    choose->addWidget(new QLabel(tr("Change of weights in"), difference_page));
    choose->addWidget(diff_a_, 1);
    choose->addWidget(new QLabel(tr("minus"), difference_page));
    choose->addWidget(diff_b_, 1);
    dl->addLayout(choose);
    difference_info_ = new QLabel(difference_page);
    difference_info_->setWordWrap(true);
    dl->addWidget(difference_info_);
    difference_plot_ = new QCustomPlot(difference_page);
    difference_plot_->setBackground(palette().color(QPalette::Base));
    difference_plot_->plotLayout()->clear();
    QCPAxisRect* dr =
        add_trial_time_rect(difference_plot_, 0, tr("Weight change, first run minus second"));
    dr->axis(QCPAxis::atBottom)->setLabel(tr("granule cells' firing time in the trial (ms)"));
    dr->axis(QCPAxis::atLeft)->setLabel(tr("Purkinje cell"));
    dr->axis(QCPAxis::atLeft)->setRangeReversed(true);
    difference_map_ = new QCPColorMap(dr->axis(QCPAxis::atBottom), dr->axis(QCPAxis::atLeft));
    auto* scale = new QCPColorScale(difference_plot_);
    difference_plot_->plotLayout()->addElement(1, 1, scale);
    scale->setLabel(tr("difference"));
    difference_map_->setColorScale(scale);
    QCPColorGradient gradient;
    gradient.clearColorStops();
    gradient.setColorStopAt(0.0, palette::blue());
    gradient.setColorStopAt(0.5, Qt::white);
    gradient.setColorStopAt(1.0, palette::vermillion());
    gradient.setNanHandling(QCPColorGradient::nhTransparent);
    difference_map_->setGradient(gradient);
    dl->addWidget(difference_plot_, 1);
    pages_->addTab(difference_page, tr("Weight difference"));

    splitter->addWidget(side);
    splitter->addWidget(pages_);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 4);
    setMinimumSize(320, 240);

    enable_navigation(plot_, [this] { draw(); });
    enable_navigation(difference_plot_, [this] { draw_difference(); });

    connect(history_, &RunHistory::changed, this, &ComparePanel::rebuild);
    connect(list_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (filling_) return;
        const int id = item->data(Qt::UserRole).toInt();
        history_->set_visible(id, item->checkState() == Qt::Checked);
        const RunRecord* r = history_->find(id);
        if (r && item->text() != r->name) history_->rename(id, item->text());
    });
    connect(list_, &QListWidget::currentRowChanged, this, [this] { fill_list(); });
    connect(keep_, &QPushButton::clicked, history_, &RunHistory::keep_current);
    connect(delete_, &QPushButton::clicked, this, [this] {
        if (const int id = selected_id(); id > 0) history_->remove(id);
    });
    connect(export_, &QPushButton::clicked, this, [this] {
        const RunRecord* r = history_->find(selected_id());
        if (r && on_export) on_export(*r);
    });
    connect(first_trial_, &QCheckBox::toggled, this, [this] { draw(); });
    connect(diff_a_, &QComboBox::currentIndexChanged, this, [this] { draw_difference(); });
    connect(diff_b_, &QComboBox::currentIndexChanged, this, [this] { draw_difference(); });
    rebuild();
}

QWidget* ComparePanel::export_widget() const {
    return plot_;
}

QColor ComparePanel::run_colour(int id) const {
    const auto& runs = history_->runs();
    for (std::size_t i = 0; i < runs.size(); ++i)
        if (runs[i].id == id) return colour_at(static_cast<int>(i));
    return colour_at(0);
}

int ComparePanel::selected_id() const {
    const QListWidgetItem* item = list_->currentItem();
    return item ? item->data(Qt::UserRole).toInt() : 0;
}

QStringList ComparePanel::legend_names() const {
    QStringList names;
    for (int i = 0; i < plot_->legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot_->legend->item(i)))
            names << item->plottable()->name();
    return names;
}

void ComparePanel::rebuild() {
    fill_list();
    if (!isVisible()) {
        stale_ = true;  // drawn when shown
        return;
    }
    stale_ = false;
    draw();
    draw_difference();
}

void ComparePanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (stale_) rebuild();
}

void ComparePanel::fill_list() {
    const int selected = selected_id();
    filling_ = true;
    const auto& runs = history_->runs();
    const RunRecord* current = history_->current();
    // The list is rebuilt only when its runs changed; otherwise the texts are refreshed.
    bool same = list_->count() == static_cast<int>(runs.size());
    for (int i = 0; same && i < list_->count(); ++i)
        same = list_->item(i)->data(Qt::UserRole).toInt() == runs[static_cast<std::size_t>(i)].id;
    if (!same) list_->clear();
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const RunRecord& r = runs[i];
        QListWidgetItem* item =
            same ? list_->item(static_cast<int>(i)) : new QListWidgetItem(list_);
        item->setData(Qt::UserRole, r.id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable |
                       Qt::ItemIsEditable);
        item->setCheckState(r.visible ? Qt::Checked : Qt::Unchecked);
        if (list_->currentItem() != item || !list_->isPersistentEditorOpen(item))
            item->setText(r.name);
        const bool is_current = current && current->id == r.id;
        item->setToolTip(tr("%1\n%2 of %3 trials%4%5")
                             .arg(r.name)
                             .arg(r.completed())
                             .arg(r.trial_count)
                             .arg(is_current ? tr(" · the run under way") : QString())
                             .arg(r.kept ? tr(" · kept") : tr(" · not kept")));
        QPixmap swatch(12, 12);
        swatch.fill(colour_at(static_cast<int>(i)));
        item->setIcon(QIcon(swatch));
        QFont f = list_->font();
        f.setItalic(!r.kept);
        item->setFont(f);
        if (r.id == selected) list_->setCurrentItem(item);
    }
    filling_ = false;
    keep_->setEnabled(history_->current_unkept());
    delete_->setEnabled(selected_id() > 0);
    export_->setEnabled(selected_id() > 0);
    hint_->setText(runs.empty()
                       ? tr("No runs yet: completed trials of the run under way appear here.")
                       : tr("Italic: not kept (replaced by the next run unless kept)."));

    // The difference view's choices: runs with a weight map.
    for (QComboBox* box : {diff_a_, diff_b_}) {
        const QSignalBlocker block(box);
        const int was = box->currentData().toInt();
        box->clear();
        for (const RunRecord& r : runs)
            if (r.weights) box->addItem(r.name, r.id);
        const int found = box->findData(was);
        if (found >= 0) box->setCurrentIndex(found);
    }
    if (diff_a_->count() >= 2 && diff_a_->currentIndex() == diff_b_->currentIndex()) {
        const QSignalBlocker block(diff_b_);
        diff_a_->setCurrentIndex(diff_a_->count() - 1);  // the newest against the one before
        diff_b_->setCurrentIndex(diff_a_->count() - 2);
    }
}

void ComparePanel::draw() {
    plot_->clearGraphs();
    plot_->legend->clearItems();
    curves_ = rates_ = traces_ = 0;
    double last_trial = 10, rate_high = 20, v_low = -5, v_high = 5;
    const auto& runs = history_->runs();
    // The curves are of the newest shown run's task; runs of other tasks are left out of them.
    curve_kind_ = CurveKind::Pursuit;
    for (auto it = runs.rbegin(); it != runs.rend(); ++it)
        if (it->visible && it->metrics) {
            curve_kind_ = kind_of(*it);
            break;
        }
    other_task_runs_ = 0;
    double low = 0, high = 4;  // deg/s
    if (curve_kind_ == CurveKind::Vor) {
        low = VorGainRange{}.low;  // the gain axis's least extent, as in the learning panel
        high = VorGainRange{}.high;
    } else if (curve_kind_ == CurveKind::Eyeblink) {
        high = 100;
    }
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const RunRecord& r = runs[i];
        if (!r.visible || !r.metrics) continue;
        const QColor c = colour_at(static_cast<int>(i));
        QVector<double> k, v;
        const bool same_task = kind_of(r) == curve_kind_;
        if (same_task)
            learning_curve(*r.metrics, curve_kind_, k, v);
        else
            ++other_task_runs_;
        QCPGraph* curve = add_graph(plot_, curve_rect_, QPen(c, 2.2));
        curve->setData(k, v, true);
        curve->setName(r.name);
        plot_->legend->addItem(new QCPPlottableLegendItem(plot_->legend, curve));
        if (same_task) {
            ++curves_;
            last_trial = std::max(last_trial, static_cast<double>(r.completed()));
        }
        for (double x : v) {
            low = std::min(low, x);
            high = std::max(high, x);
        }
        // Changes made during the run, as ticks on its curve.
        if (r.marks && same_task)
            for (const RunMark& m : *r.marks) {
                QCPGraph* tick = add_graph(plot_, curve_rect_, QPen(c, 1.2, Qt::DotLine));
                const double x = static_cast<double>(m.trial) - 0.5;
                tick->setData({x, x}, {-1000.0, 1000.0});
            }
        QVector<double> rk, rv;
        if (rate_curve(r, rk, rv)) {
            QCPGraph* rate = add_graph(plot_, rate_rect_, QPen(c, 2.0));
            rate->setLineStyle(QCPGraph::lsLine);
            rate->setData(rk, rv, true);
            ++rates_;
            for (double x : rv) rate_high = std::max(rate_high, x);
        }
        const auto trace = [&](const TrialRecord& t, Qt::PenStyle style_h, Qt::PenStyle style_v,
                               double width) {
            QVector<double> tk, h, vv;
            for (const TraceSample& s : t.trace) {
                tk.push_back(double{s.t_ms});
                h.push_back(double{s.eye_vx_deg_s});
                vv.push_back(double{s.eye_vy_deg_s});
                v_low = std::min({v_low, h.back(), vv.back()});
                v_high = std::max({v_high, h.back(), vv.back()});
            }
            add_graph(plot_, trace_rect_, QPen(c, width, style_h))->setData(tk, h, true);
            add_graph(plot_, trace_rect_, QPen(c, width, style_v))->setData(tk, vv, true);
            traces_ += 2;
        };
        if (r.last) trace(*r.last, Qt::SolidLine, Qt::DashLine, 1.8);
        if (first_trial_->isChecked())
            if (auto first = r.first(); first && first != r.last)
                trace(*first, Qt::DotLine, Qt::DotLine, 1.2);
    }
    show_curve_kind();
    if (!user_view(plot_)) {
        curve_rect_->axis(QCPAxis::atBottom)->setRange(0.5, last_trial + 0.5);
        const double pad = 0.08 * (high - low);
        curve_rect_->axis(QCPAxis::atLeft)->setRange(low - pad, high + pad);
        rate_rect_->axis(QCPAxis::atLeft)->setRange(0, rate_high * 1.1);
        trace_rect_->axis(QCPAxis::atLeft)->setRange(v_low - 2, v_high + 2);
        for (QCPAxisRect* r : {rate_rect_, trace_rect_})
            r->axis(QCPAxis::atBottom)->setRange(kTrialStartMs, kTrialEndMs);
    }
    plot_->legend->setVisible(curves_ > 0);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ComparePanel::draw_difference() {
    const RunRecord* a = history_->find(diff_a_->currentData().toInt());
    const RunRecord* b = history_->find(diff_b_->currentData().toInt());
    difference_extent_ = 0;
    if (!a || !b || a == b || !a->weights || !b->weights ||
        a->weights->purkinje_count != b->weights->purkinje_count ||
        a->weights->bins != b->weights->bins) {
        difference_map_->setVisible(false);
        difference_info_->setText(
            a && b && a != b && a->weights && b->weights
                ? tr("These two runs have networks of different sizes: no cell-by-cell difference.")
                : tr("Keep two runs (of the same network size) to see how their learning "
                     "differs."));
        difference_plot_->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const WeightMap& ma = *a->weights;
    const WeightMap& mb = *b->weights;
    QCPColorMapData* cells = difference_map_->data();
    cells->setSize(ma.bins, ma.purkinje_count);
    cells->setRange(QCPRange(ma.bin_begin_ms(0) + 0.5 * ma.bin_ms,
                             ma.bin_begin_ms(ma.bins - 1) + 0.5 * ma.bin_ms),
                    QCPRange(0, ma.purkinje_count - 1));
    for (int c = 0; c < ma.purkinje_count; ++c)
        for (int bin = 0; bin < ma.bins; ++bin) {
            const double d = double{ma.change_at(c, bin)} - double{mb.change_at(c, bin)};
            cells->setCell(bin, c, d);
            if (std::isfinite(d)) difference_extent_ = std::max(difference_extent_, std::abs(d));
        }
    const double e = std::max(difference_extent_, 1e-6);
    difference_map_->setDataRange(QCPRange(-e, e));
    difference_map_->setVisible(true);
    if (!user_view(difference_plot_)) {
        difference_map_->keyAxis()->setRange(kTrialStartMs, kTrialEndMs);
        difference_map_->valueAxis()->setRange(-0.5, ma.purkinje_count - 0.5);
    }
    difference_info_->setText(tr("Red: the weight grew more (or fell less) in \"%1\" than in "
                                 "\"%2\"; blue: the reverse. Largest difference %3.")
                                  .arg(a->name, b->name)
                                  .arg(difference_extent_, 0, 'g', 3));
    difference_plot_->replot(QCustomPlot::rpQueuedReplot);
}

QString ComparePanel::curve_title() const {
    QString title;
    switch (curve_kind_) {
        case CurveKind::Pursuit: title = tr("Learned eye velocity, %1-trial mean").arg(kMeanTrials); break;
        case CurveKind::Vor: title = tr("Dark VOR gain on the probe trials"); break;
        case CurveKind::Eyeblink: title = tr("CR rate per block of %1 trials").arg(kEyeblinkBlock); break;
    }
    if (other_task_runs_ > 0)
        title += tr(" (%n shown run(s) of another task left out)", "", other_task_runs_);
    return title;
}

QString ComparePanel::curve_column() const {
    switch (curve_kind_) {
        case CurveKind::Pursuit: return QStringLiteral("learned_velocity_mean%1_deg_s").arg(kMeanTrials);
        case CurveKind::Vor: return QStringLiteral("vor_gain_dark");
        case CurveKind::Eyeblink: return QStringLiteral("cr_rate_block%1_percent").arg(kEyeblinkBlock);
    }
    return {};
}

void ComparePanel::show_curve_kind() {
    if (auto* heading = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0)))
        heading->setText(curve_title());
    curve_rect_->axis(QCPAxis::atLeft)
        ->setLabel(curve_kind_ == CurveKind::Vor        ? vor_gain_axis_label()
                   : curve_kind_ == CurveKind::Eyeblink ? tr("% of trials")
                                                        : tr("deg/s"));
}

PlotTable ComparePanel::export_table() const {
    PlotTable t;
    t.columns = {QStringLiteral("trial")};
    std::vector<std::pair<QVector<double>, QVector<double>>> curves;
    std::size_t longest = 0;
    for (const RunRecord& r : history_->runs()) {
        if (!r.visible || !r.metrics || kind_of(r) != curve_kind_) continue;
        t.columns << QStringLiteral("%1: %2").arg(r.name, curve_column());
        curves.emplace_back();
        learning_curve(*r.metrics, curve_kind_, curves.back().first, curves.back().second);
        longest = std::max(longest, r.completed());
    }
    for (std::size_t trial = 1; trial <= longest; ++trial) {
        QStringList row{QString::number(trial)};
        for (const auto& [keys, values] : curves) {
            const auto it = std::find(keys.begin(), keys.end(), static_cast<double>(trial));
            row << (it == keys.end() ? QString() : table_number(values[it - keys.begin()], 4));
        }
        t.rows.push_back(row);
    }
    return t;
}

}  // namespace flocculus::ui
