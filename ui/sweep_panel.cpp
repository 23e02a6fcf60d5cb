// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweep_panel.hpp"

#include <qcustomplot.h>

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "exporter.hpp"
#include "palette.hpp"
#include "params/registry.hpp"
#include "plot_style.hpp"
#include "sweep/results.hpp"

namespace flocculus::ui {
namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

std::optional<double> number(const std::map<std::string, std::string>& values,
                             const std::string& key) {
    const auto it = values.find(key);
    if (it == values.end() || it->second.empty()) return std::nullopt;
    return parse_number(it->second);
}

QColor series_colour(std::size_t i) {
    const QColor colours[] = {palette::blue(),   palette::vermillion(),     palette::bluish_green(),
                              palette::orange(), palette::reddish_purple(), palette::sky_blue()};
    return colours[i % std::size(colours)];
}

}  // namespace

SweepPanel::SweepPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    folder_label_ = new QLabel(tr("No sweep folder open"), this);
    folder_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(folder_label_);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Measure"), this));
    measure_ = new QComboBox(this);
    measure_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    row->addWidget(measure_);
    row->addWidget(new QLabel(tr("against"), this));
    parameter_ = new QComboBox(this);
    parameter_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    row->addWidget(parameter_);
    row->addStretch(1);
    auto* reload = new QPushButton(tr("Reload"), this);
    reload->setToolTip(tr("Read the folder again (runs finished since)"));
    row->addWidget(reload);
    auto* save = new QPushButton(tr("Export…"), this);
    save->setToolTip(tr("Save the plot as PNG, SVG or PDF, or its data as CSV"));
    row->addWidget(save);
    layout->addLayout(row);
    plot_ = new QCustomPlot(this);
    plot_->setBackground(palette().color(QPalette::Base));
    plot_->setAutoAddPlottableToLegend(false);
    add_title_and_bottom_legend(plot_, tr("Sweep"), 2);
    layout->addWidget(plot_, 1);
    status_ = new QLabel(this);
    layout->addWidget(status_);
    setMinimumSize(560, 420);

    connect(measure_, &QComboBox::currentTextChanged, this, [this] { redraw(); });
    connect(parameter_, &QComboBox::currentTextChanged, this, [this] { redraw(); });
    connect(reload, &QPushButton::clicked, this, [this] {
        if (folder_.isEmpty()) return;
        if (const QString e = open(folder_); !e.isEmpty())
            QMessageBox::warning(this, tr("Sweep"), e);
    });
    connect(save, &QPushButton::clicked, this, &SweepPanel::export_dialog);
}

SweepPanel::~SweepPanel() = default;

QString SweepPanel::open(const QString& dir) {
    auto loaded = sweep::load_sweep(dir.toStdString());
    if (auto* e = std::get_if<std::string>(&loaded)) return qs(*e);
    const QString measure = measure_->currentText(), parameter = parameter_->currentText();
    results_ =
        std::make_unique<sweep::SweepResults>(std::get<sweep::SweepResults>(std::move(loaded)));
    folder_ = dir;
    folder_label_->setText(tr("Sweep folder: %1").arg(QDir::toNativeSeparators(dir)));
    const QSignalBlocker b1(measure_), b2(parameter_);
    measure_->clear();
    measure_->addItems(measures());
    parameter_->clear();
    parameter_->addItems(parameters());
    const QString preferred =
        measures().contains(measure) ? measure : QStringLiteral("learned_velocity_last10_deg_s");
    if (measures().contains(preferred)) measure_->setCurrentText(preferred);
    if (parameters().contains(parameter)) parameter_->setCurrentText(parameter);
    std::size_t ok = 0, missing = 0, failed = 0;
    for (const auto& r : results_->runs)
        (r.status == "ok" ? ok : r.status == "missing" ? missing : failed) += 1;
    QString s = tr("%1 of %2 runs finished").arg(ok).arg(results_->runs.size());
    if (missing) s += tr("; %1 missing").arg(missing);
    if (failed) s += tr("; %1 failed").arg(failed);
    status_->setText(s);
    redraw();
    return {};
}

QStringList SweepPanel::measures() const {
    QStringList out;
    if (!results_) return out;
    for (const auto& k : results_->keys)
        for (const auto& r : results_->runs)
            if (r.status == "ok" && number(r.values, k)) {
                out << qs(k);
                break;
            }
    return out;
}

QStringList SweepPanel::parameters() const {
    QStringList out;
    if (results_)
        for (const auto& g : results_->jobs.grid) out << qs(g);
    return out;
}

void SweepPanel::set_measure(const QString& name) {
    measure_->setCurrentText(name);
}
void SweepPanel::set_parameter(const QString& name) {
    parameter_->setCurrentText(name);
}
QString SweepPanel::status_text() const {
    return status_->text();
}

QString SweepPanel::export_title() const {
    return tr("Sweep: %1 against %2").arg(measure_->currentText(), parameter_->currentText());
}

QWidget* SweepPanel::export_widget() const {
    return plot_;
}
PlotTable SweepPanel::export_table() const {
    return table_;
}

void SweepPanel::redraw() {
    plot_->clearPlottables();
    plot_->legend->clearItems();
    table_ = {};
    const std::string measure = measure_->currentText().toStdString();
    const int p = parameter_->currentIndex();
    if (!results_ || p < 0 || measure.empty()) {
        plot_->replot();
        return;
    }
    const auto& jobs = results_->jobs;
    const auto param = static_cast<std::size_t>(p);

    // The x positions: numbers when every value is one, else the values in order as labels.
    std::vector<std::string> xs;
    for (const auto& j : jobs.jobs)
        if (std::find(xs.begin(), xs.end(), j.values[param]) == xs.end())
            xs.push_back(j.values[param]);
    const bool numeric = std::all_of(
        xs.begin(), xs.end(), [](const std::string& v) { return parse_number(v).has_value(); });
    if (numeric)
        std::sort(xs.begin(), xs.end(), [](const std::string& a, const std::string& b) {
            return *parse_number(a) < *parse_number(b);
        });
    auto x_of = [&](const std::string& v) {
        return numeric ? *parse_number(v)
                       : static_cast<double>(std::find(xs.begin(), xs.end(), v) - xs.begin());
    };

    // Values by the other grid parameters (a line each), then by x: one per seed.
    std::map<std::string, std::map<std::string, std::vector<double>>> groups;
    std::vector<std::string> group_order;
    for (std::size_t i = 0; i < jobs.jobs.size(); ++i) {
        const auto& j = jobs.jobs[i];
        std::string group;
        for (std::size_t g = 0; g < jobs.grid.size(); ++g)
            if (g != param) group += (group.empty() ? "" : ", ") + jobs.grid[g] + "=" + j.values[g];
        if (!groups.count(group)) group_order.push_back(group);
        auto& at = groups[group][j.values[param]];
        if (results_->runs[i].status != "ok") continue;
        if (const auto y = number(results_->runs[i].values, measure); y && std::isfinite(*y))
            at.push_back(*y);
    }

    table_.columns = {qs(jobs.grid[param]), QStringLiteral("other_grid"), QStringLiteral("seeds"),
                      qs(measure) + QStringLiteral("_mean"), qs(measure) + QStringLiteral("_sd")};
    double lo = INFINITY, hi = -INFINITY;
    for (std::size_t gi = 0; gi < group_order.size(); ++gi) {
        const QColor colour = series_colour(gi);
        auto* mean = plot_->addGraph();
        mean->setPen(QPen(colour, 2.0));
        mean->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colour, colour, 7));
        mean->setName(group_order[gi].empty() ? tr("mean ± SD over seeds")
                                              : qs(group_order[gi]) + tr(" (mean ± SD)"));
        plot_->legend->addItem(new QCPPlottableLegendItem(plot_->legend, mean));
        auto* seeds = plot_->addGraph();
        seeds->setLineStyle(QCPGraph::lsNone);
        QColor faint = colour;
        faint.setAlpha(110);
        seeds->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, faint, faint, 4));
        auto* bars = new QCPErrorBars(plot_->xAxis, plot_->yAxis);
        bars->setDataPlottable(mean);
        bars->setPen(QPen(colour, 1.4));
        QVector<double> mx, my, err, sx, sy;
        for (const auto& v : xs) {
            const auto& ys = groups[group_order[gi]][v];
            const double n = static_cast<double>(ys.size());
            double m = NAN, sd = NAN;
            if (!ys.empty()) {
                m = 0;
                for (double y : ys) m += y;
                m /= n;
                double ss = 0;
                for (double y : ys) ss += (y - m) * (y - m);
                sd = ys.size() > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
                mx << x_of(v);
                my << m;
                err << sd;
                for (double y : ys) {
                    sx << x_of(v);
                    sy << y;
                    lo = std::min(lo, y);
                    hi = std::max(hi, y);
                }
            }
            table_.rows.push_back({qs(v), qs(group_order[gi]), QString::number(ys.size()),
                                   table_number(m, 6), table_number(sd, 6)});
        }
        mean->setData(mx, my, true);
        bars->setData(err);
        seeds->setData(sx, sy, true);
    }

    plot_->xAxis->setLabel(qs(jobs.grid[param]));
    plot_->yAxis->setLabel(qs(measure));
    if (numeric) {
        plot_->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        const double a = *parse_number(xs.front()), b = *parse_number(xs.back());
        const double pad = a == b ? std::max(1.0, std::fabs(a) * 0.1) : 0.08 * (b - a);
        plot_->xAxis->setRange(a - pad, b + pad);
    } else {
        QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
        for (std::size_t i = 0; i < xs.size(); ++i)
            ticker->addTick(static_cast<double>(i), qs(xs[i]));
        plot_->xAxis->setTicker(ticker);
        plot_->xAxis->setRange(-0.5, static_cast<double>(xs.size()) - 0.5);
    }
    if (lo <= hi) {
        const double pad = lo == hi ? std::max(1.0, std::fabs(lo) * 0.1) : 0.1 * (hi - lo);
        plot_->yAxis->setRange(lo - pad, hi + pad);
    }
    if (auto* title = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0)))
        title->setText(tr("%1 against %2").arg(qs(measure), qs(jobs.grid[param])));
    plot_->replot();
}

void SweepPanel::export_dialog() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export the sweep plot"),
                                     export_name() + QStringLiteral(".png"), export_filters());
    if (path.isEmpty()) return;
    const ExportFormat format = export_format_for(path).value_or(ExportFormat::Png);
    if (const QString e = export_plot(*this, path, format); !e.isEmpty())
        QMessageBox::warning(this, tr("Export"), e);
}

void open_sweep_window(QWidget* parent) {
    const QString dir = QFileDialog::getExistingDirectory(
        parent, QObject::tr("Open a sweep folder (made by flocculus-cli sweep)"));
    if (dir.isEmpty()) return;
    auto* panel = new SweepPanel(parent);
    panel->setWindowFlag(Qt::Window);
    panel->setAttribute(Qt::WA_DeleteOnClose);
    if (const QString e = panel->open(dir); !e.isEmpty()) {
        QMessageBox::warning(parent, QObject::tr("Open sweep folder"), e);
        delete panel;
        return;
    }
    panel->setWindowTitle(QObject::tr("Sweep — %1").arg(QFileInfo(dir).fileName()));
    panel->resize(820, 600);
    panel->show();
}

}  // namespace flocculus::ui
