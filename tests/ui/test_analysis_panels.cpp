// SPDX-License-Identifier: GPL-3.0-or-later
// The Purkinje-cell and learning-curve tabs of the main window.
#include <QtTest>

#include <QAction>
#include <QComboBox>
#include <QSpinBox>
#include <QTabWidget>
#include <memory>
#include <qcustomplot.h>

#include "learning_panel.hpp"
#include "main_window.hpp"
#include "window_helpers.hpp"
#include "params/registry.hpp"
#include "plot_style.hpp"
#include "purkinje_panel.hpp"
#include "simulation.hpp"
#include "transport_bar.hpp"
#include "velocity_panel.hpp"
#include "weights_panel.hpp"

using namespace flocculus;
using namespace flocculus::ui;

using flocculus::test::caught_up;
using flocculus::test::run_more_trials;

namespace {

constexpr int kTimeoutMs = 60000;
constexpr std::size_t kTrials = 4;

// Direction learning with a small network, so that trials are quick.
RunConfig small_direction_learning() {
    RunConfig c;
    c.protocol = Protocol::DirectionLearning;
    c.seed = 3;
    const auto error = set_parameter(c.params, "network.granule_cells", 5000);
    if (error) qFatal("%s", error->c_str());
    return c;
}

// Steps `n` trials at maximum speed, one at a time (so that exactly `n` are complete).
void run_trials(MainWindow& w, std::size_t n) {
    w.transport_bar()->set_speed(0.0);
    for (std::size_t i = 1; i <= n; ++i) {
        w.transport_bar()->step_action()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->trial_index == i && !w.snapshot()->playing,
                                 kTimeoutMs);
    }
    QTRY_VERIFY_WITH_TIMEOUT(caught_up(w), kTimeoutMs);
}

// Spikes of one kind in `r` for a zone (and a cell, unless negative).
int count_spikes(const TrialRecord& r, int zone, int cell, SpikeKind kind) {
    int n = 0;
    for (const PurkinjeSpike& s : r.spikes)
        if (s.microzone == zone && (cell < 0 || s.cell == cell) && s.kind == kind) ++n;
    return n;
}

std::shared_ptr<TrialRecord> fake_trial(int number) {
    auto r = std::make_shared<TrialRecord>();
    r->plan.number = number;
    r->cells_per_zone = 2;
    r->spikes.push_back({100.0f, 0, 1, SpikeKind::Simple});
    r->spikes.push_back({300.0f, 0, 1, SpikeKind::Complex});
    return r;
}

}  // namespace

class TestAnalysisPanels : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> window_;

private slots:
    // One run shared by the tests that only read it.
    void initTestCase() {
        window_ = std::make_unique<MainWindow>(small_direction_learning());
        window_->set_replace_asker(nullptr);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        run_trials(*window_, kTrials);
    }

    void cleanupTestCase() { window_.reset(); }

    void tabsAreThere() {
        QTabWidget* tabs = window_->tabs();
        QCOMPARE(tabs->count(), int{MainWindow::kTabCount});
        QCOMPARE(tabs->widget(MainWindow::VelocityTab),
                 static_cast<QWidget*>(window_->velocity_panel()));
        QCOMPARE(tabs->widget(MainWindow::PurkinjeTab),
                 static_cast<QWidget*>(window_->purkinje_panel()));
        QCOMPARE(tabs->widget(MainWindow::LearningTab),
                 static_cast<QWidget*>(window_->learning_panel()));
        QVERIFY(window_->width() <= 1366);
        QVERIFY(window_->height() <= 768);
    }

    void rasterStoresCompletedTrials() {
        const auto s = window_->snapshot();
        const PurkinjePanel* p = window_->purkinje_panel();
        QCOMPARE(s->trial_index, kTrials);
        QCOMPARE(p->stored_trials(), s->trial_index);
        QCOMPARE(p->first_stored_trial(), 1);
        QCOMPARE(p->last_stored_trial(), static_cast<int>(s->trial_index));
        QVERIFY(p->cells_per_zone() > 0);
        QCOMPARE(p->cell_box()->maximum(), p->cells_per_zone() - 1);
        // Defaults to the microzone the instruction drives.
        QCOMPARE(p->zone(), instructed_zone(s->config.params));
        QVERIFY(p->raster_simple_points() > 0);
        QVERIFY(p->zone_simple_points() > 0);
        QVERIFY(p->zone_complex_points() > 0);
        QVERIFY(p->instruction_window_visible());
    }

    void selectionChangesWhatIsShown() {
        PurkinjePanel* p = window_->purkinje_panel();
        const auto s = window_->snapshot();
        const TrialRecord& latest = *s->recent_trials.back();
        // Some cell of the instructed zone fired a complex spike in these trials.
        int complex_in_raster = 0;
        for (int cell = 0; cell < p->cells_per_zone(); ++cell) {
            p->cell_box()->setValue(cell);
            QCOMPARE(p->cell(), cell);
            int simple = 0, complex = 0;
            for (const auto& r : s->recent_trials) {
                simple += count_spikes(*r, p->zone(), cell, SpikeKind::Simple);
                complex += count_spikes(*r, p->zone(), cell, SpikeKind::Complex);
            }
            QCOMPARE(p->raster_simple_points(), simple);
            QCOMPARE(p->raster_complex_points(), complex);
            complex_in_raster += complex;
        }
        QVERIFY(complex_in_raster > 0);

        for (int zone = 0; zone < kMicrozones; ++zone) {
            p->zone_box()->setCurrentIndex(zone);
            QCOMPARE(p->zone(), zone);
            QCOMPARE(p->zone_simple_points(), count_spikes(latest, zone, -1, SpikeKind::Simple));
            QCOMPARE(p->zone_complex_points(),
                     count_spikes(latest, zone, -1, SpikeKind::Complex));
        }
        p->zone_box()->setCurrentIndex(instructed_zone(s->config.params));
        p->cell_box()->setValue(0);
    }

    void histogramHasTwoGraphs() {
        const PurkinjePanel* p = window_->purkinje_panel();
        const int bins = static_cast<int>((kTrialEndMs - kTrialStartMs) / PurkinjePanel::kPsthBinMs);
        for (QCPGraph* g : {p->psth_first(), p->psth_latest()}) {
            QCOMPARE(g->data()->size(), bins + 1);
            bool found = false;
            const QCPRange r = g->data()->valueRange(found);
            QVERIFY(found);
            QVERIFY(r.upper > 0.0);
        }
        // Named by the trials they hold (four so far: the same four in both).
        QCOMPARE(p->psth_first()->name(), QStringLiteral("trials 1–%1").arg(kTrials));
        QCOMPARE(p->psth_latest()->name(), QStringLiteral("trials 1–%1").arg(kTrials));
    }

    void learningPanelHasOnePointPerTrial() {
        const auto s = window_->snapshot();
        const LearningPanel* l = window_->learning_panel();
        QVERIFY(s->metrics);
        const int n = static_cast<int>(s->metrics->size());
        QCOMPARE(n, static_cast<int>(s->trial_index));
        QCOMPARE(l->velocity_points(), n);
        QCOMPARE(l->running_mean_points(), n);
        QCOMPARE(l->cs_rate_points(), n);
        // The cerebellar command split into cortex and nuclear memory: they add up to the
        // whole command of each trial.
        QCOMPARE(l->cortex_graph()->data()->size(), n);
        QCOMPARE(l->nuclei_graph()->data()->size(), n);
        for (const TrialMetrics& m : *s->metrics) {
            QVERIFY(std::isfinite(m.cerebellar_learned_deg_s));
            QVERIFY(std::isfinite(m.nuclear_learned_deg_s));
        }
        const auto last = std::prev(l->cortex_graph()->data()->constEnd());
        const auto last_nuclear = std::prev(l->nuclei_graph()->data()->constEnd());
        double whole = 0;
        const auto k = std::min<std::size_t>(LearningPanel::kRunningMeanTrials, s->metrics->size());
        for (std::size_t j = s->metrics->size() - k; j < s->metrics->size(); ++j)
            whole += (*s->metrics)[j].cerebellar_learned_deg_s;
        QVERIFY(std::abs(last->value + last_nuclear->value - whole / static_cast<double>(k)) < 1e-9);
        int probes = 0;
        for (const TrialMetrics& m : *s->metrics) probes += m.probe ? 1 : 0;
        QCOMPARE(l->probe_points(), probes);
        // The axis follows the trials run, not the planned count.
        const QCPRange x = l->plot()->xAxis->range();
        QVERIFY(x.lower < 1.0);
        QVERIFY(x.upper > static_cast<double>(n));
        QVERIFY(x.upper <= 10.5);
        QVERIFY(s->trial_count > 10);
    }

    void redrawsOnlyForNewTrials() {
        PurkinjePanel* p = window_->purkinje_panel();
        LearningPanel* l = window_->learning_panel();
        const int purkinje = p->redraw_count();
        const int learning = l->redraw_count();
        const auto s = window_->snapshot();
        p->show_snapshot(*s);
        l->show_snapshot(*s);
        QCOMPARE(p->redraw_count(), purkinje);
        QCOMPARE(l->redraw_count(), learning);
    }

    void keyboardSwitchesTabs() {
        window_->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window_.get()));
        QTest::keyClick(window_.get(), Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(window_->tabs()->currentIndex(), int{MainWindow::PurkinjeTab});
        QTest::keyClick(window_.get(), Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(window_->tabs()->currentIndex(), int{MainWindow::LearningTab});
        QTest::keyClick(window_.get(), Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(window_->tabs()->currentIndex(), int{MainWindow::VelocityTab});
    }

    // Last: it clears the shared run.
    void resetClearsTheStore() {
        window_->transport_bar()->reset_action()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window_->snapshot()->trial_index == 0 &&
                                     window_->snapshot()->recent_trials.empty(),
                                 kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(caught_up(*window_), kTimeoutMs);
        const PurkinjePanel* p = window_->purkinje_panel();
        QCOMPARE(p->stored_trials(), std::size_t{0});
        QCOMPARE(p->raster_simple_points(), 0);
        QCOMPARE(p->zone_simple_points(), 0);
        QVERIFY(p->psth_latest()->data()->isEmpty());
        QCOMPARE(window_->learning_panel()->velocity_points(), 0);
        // Trials after the reset are stored again from trial 1.
        window_->transport_bar()->step_action()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window_->snapshot()->trial_index == 1 &&
                                     !window_->snapshot()->playing,
                                 kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(p->stored_trials(), std::size_t{1}, kTimeoutMs);
        QCOMPARE(p->first_stored_trial(), 1);
    }

    // Zoom and pan leave the panel's ranges to the user until a double-click.
    void plotsZoomAndResetOnDoubleClick() {
        window_->show_tab(MainWindow::LearningTab);
        LearningPanel* l = window_->learning_panel();
        QCustomPlot* plot = l->plot();
        QTRY_VERIFY(plot->isVisible());
        const QCPRange before = plot->xAxis->range();
        QVERIFY(plot->interactions().testFlag(QCP::iRangeZoom));
        QVERIFY(plot->interactions().testFlag(QCP::iRangeDrag));
        const QPoint centre = plot->axisRect()->rect().center();
        QWheelEvent wheel(QPointF(centre), plot->mapToGlobal(QPointF(centre)), QPoint(),
                          QPoint(0, 240), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(plot, &wheel);
        const QCPRange zoomed = plot->xAxis->range();
        QVERIFY(zoomed.size() < before.size());
        QVERIFY(user_view(plot));
        // A new trial does not undo the zoom.
        run_more_trials(*window_, 1);
        QCOMPARE(plot->xAxis->range().size(), zoomed.size());
        QTest::mouseDClick(plot, Qt::LeftButton, Qt::NoModifier, centre);
        QVERIFY(!user_view(plot));
        QCOMPARE(plot->xAxis->range().lower, 0.5);
        QCOMPARE(plot->xAxis->range().upper, l->auto_last_trial() + 0.5);
        // Every plot can be zoomed.
        for (QCustomPlot* p : {window_->velocity_panel()->plot(), window_->purkinje_panel()->plot(),
                               window_->weights_panel()->plot()})
            QVERIFY(p->interactions().testFlag(QCP::iRangeZoom));
        window_->show_tab(MainWindow::VelocityTab);
    }

    // Changes made during the run are marked on the learning curves and in the export.
    void changesAreMarkedOnTheCurves() {
        MainWindow w(small_direction_learning());
        w.set_replace_asker(nullptr);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        run_trials(w, 2);
        w.runner()->set_lesion(Lesion::Ltd, 1.0);
        run_more_trials(w, 1);
        const LearningPanel* l = w.learning_panel();
        QCOMPARE(l->marks_drawn(), 1);
        QCOMPARE(l->mark_labels(), QStringList{QStringLiteral("ltd lesion 100 %")});
        const PlotTable t = l->export_table();
        QCOMPARE(t.columns.back(), QStringLiteral("changes"));
        QCOMPARE(t.rows.size(), 3);
        QCOMPARE(t.rows[0].back(), QString());
        QCOMPARE(t.rows[1].back(), QString());
        QCOMPARE(t.rows[2].back(), QStringLiteral("ltd lesion 100 %"));
    }

    // The "first 10 trials" stay the run's first, however long the run.
    void firstTrialsKeptApartFromTheStore() {
        PurkinjePanel p;
        Snapshot s;
        const int total = static_cast<int>(PurkinjePanel::kMaxTrials) + 40;
        for (int n = 1; n <= total; ++n) {
            s.recent_trials.push_back(fake_trial(n));
            if (s.recent_trials.size() > Runner::kRecentTrials)
                s.recent_trials.erase(s.recent_trials.begin());
            s.trial_index = static_cast<std::size_t>(n);
            ++s.sequence;
            p.show_snapshot(s);
        }
        QCOMPARE(p.first_stored_trial(), total - static_cast<int>(PurkinjePanel::kMaxTrials) + 1);
        QCOMPARE(p.first_trials_kept(), std::size_t{PurkinjePanel::kPsthTrials});
        QCOMPARE(p.psth_first()->name(), QStringLiteral("trials 1–10"));
        QCOMPARE(p.psth_latest()->name(), QStringLiteral("trials %1–%2").arg(total - 9).arg(total));
    }

    // An eyeblink run's trials carry the eyeblink zone's spikes (microzone 4), and the panel
    // shows them: the zone is chosen, its cells fill the raster; a later pursuit run goes
    // back to a floccular zone.
    void eyeblinkZoneShownInEyeblinkRuns() {
        const Parameters params = default_parameters();
        auto schedule = make_schedule(Protocol::Eyeblink, params, 2);
        QVERIFY(std::holds_alternative<std::vector<TrialPlan>>(schedule));
        Snapshot s;
        s.config.protocol = Protocol::Eyeblink;
        PurkinjePanel p;
        Simulation sim(params, std::get<std::vector<TrialPlan>>(schedule), 5);
        sim.on_trial_end([&](const TrialRecord& r, const TrialMetrics&) {
            s.recent_trials.push_back(std::make_shared<TrialRecord>(r));
            s.trial_index = s.recent_trials.size();
            ++s.sequence;
        });
        sim.run_trial();
        sim.run_trial();
        QCOMPARE(s.recent_trials.size(), std::size_t{2});
        const TrialRecord& last = *s.recent_trials.back();
        QCOMPARE(last.eyeblink_cells, params.eb_purkinje_cells);
        const int simple = count_spikes(last, kEyeblinkMicrozone, -1, SpikeKind::Simple);
        QVERIFY(simple > 0);
        p.show_snapshot(s);
        QCOMPARE(p.zone(), kEyeblinkMicrozone);
        QCOMPARE(p.zone_box()->currentText(), QStringLiteral("eyeblink"));
        QCOMPARE(p.cells_per_zone(), params.eb_purkinje_cells);
        QCOMPARE(p.zone_simple_points(), simple);
        // A new pursuit run: a floccular zone again.
        Snapshot pursuit;
        pursuit.config = small_direction_learning();
        pursuit.sequence = s.sequence + 1;
        pursuit.recent_trials.push_back(fake_trial(1));
        pursuit.trial_index = 1;
        p.show_snapshot(pursuit);
        QVERIFY(p.zone() < kMicrozones);
        QCOMPARE(p.cells_per_zone(), 2);
    }

    // The store keeps the newest trials only.
    void storeKeepsAtMostMaxTrials() {
        PurkinjePanel p;
        Snapshot s;
        const int total = static_cast<int>(PurkinjePanel::kMaxTrials) + 30;
        for (int n = 1; n <= total; ++n) {
            s.recent_trials.push_back(fake_trial(n));
            if (s.recent_trials.size() > Runner::kRecentTrials)
                s.recent_trials.erase(s.recent_trials.begin());
            s.trial_index = static_cast<std::size_t>(n);
            ++s.sequence;
            if (n % 5 == 0 || n == total) p.show_snapshot(s);  // polls miss some snapshots
        }
        QCOMPARE(p.stored_trials(), PurkinjePanel::kMaxTrials);
        QCOMPARE(p.last_stored_trial(), total);
        QCOMPARE(p.first_stored_trial(), total - static_cast<int>(PurkinjePanel::kMaxTrials) + 1);
        p.zone_box()->setCurrentIndex(0);
        p.cell_box()->setValue(1);
        QCOMPARE(p.raster_simple_points(), static_cast<int>(PurkinjePanel::kMaxTrials));
        QCOMPARE(p.raster_complex_points(), static_cast<int>(PurkinjePanel::kMaxTrials));
        // A drop in the trial index (a reset) clears it.
        Snapshot after;
        after.sequence = s.sequence + 1;
        p.show_snapshot(after);
        QCOMPARE(p.stored_trials(), std::size_t{0});
    }
};

QTEST_MAIN(TestAnalysisPanels)
#include "test_analysis_panels.moc"
