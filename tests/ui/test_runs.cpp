// SPDX-License-Identifier: GPL-3.0-or-later
// Runs as objects: the history keeps runs, asks before one that is not kept is replaced,
// and the Runs tab overlays kept runs and shows the difference of their weights.
#include <QtTest>

#include <qcustomplot.h>
#include <QCheckBox>
#include <QComboBox>
#include <QListWidget>
#include <QPushButton>
#include <QTemporaryDir>
#include <limits>
#include <memory>

#include "compare_panel.hpp"
#include "exporter.hpp"
#include "main_window.hpp"
#include "window_helpers.hpp"
#include "params/registry.hpp"
#include "run_history.hpp"
#include "transport_bar.hpp"

using namespace flocculus;
using namespace flocculus::ui;

using flocculus::test::caught_up;
using flocculus::test::run_more_trials;

namespace {

constexpr int kTimeoutMs = 60000;

RunConfig small_run(std::uint64_t seed = 3) {
    RunConfig c;
    c.protocol = Protocol::DirectionLearning;
    c.seed = seed;
    if (set_parameter(c.params, "network.granule_cells", 5000)) qFatal("bad size");
    return c;
}

// Waits for the run built by a reset to be shown.
void wait_new_run(MainWindow& w, std::uint64_t before) {
    QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->run_id > before && caught_up(w), kTimeoutMs);
}

}  // namespace

class TestRuns : public QObject {
    Q_OBJECT

  private slots:
    void historyAsksBeforeReplacingAnUnkeptRun() {
        MainWindow w(small_run());
        int asked = 0;
        MainWindow::Replace answer = MainWindow::Replace::Cancel;
        w.set_replace_asker([&] {
            ++asked;
            return answer;
        });
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        RunHistory* h = w.history();
        QVERIFY(h->runs().empty());
        // Nothing to lose yet: no question.
        QVERIFY(w.may_replace_run());
        QCOMPARE(asked, 0);
        run_more_trials(w, 2);
        QCOMPARE(h->runs().size(), std::size_t{1});
        QCOMPARE(h->current()->completed(), std::size_t{2});
        QVERIFY(!h->current()->kept);
        QVERIFY(h->current_unkept());
        // Cancel: the run stays as it is.
        const std::uint64_t run = w.snapshot()->run_id;
        w.transport_bar()->reset_action()->trigger();
        QCOMPARE(asked, 1);
        QTest::qWait(50);
        QCOMPARE(w.snapshot()->run_id, run);
        QCOMPARE(w.snapshot()->trial_index, std::size_t{2});
        // Keep: the run goes into the history and the new one starts.
        answer = MainWindow::Replace::Keep;
        w.transport_bar()->reset_action()->trigger();
        QCOMPARE(asked, 2);
        wait_new_run(w, run);
        QCOMPARE(h->runs().size(), std::size_t{1});
        QVERIFY(h->runs().front().kept);
        QCOMPARE(h->runs().front().completed(), std::size_t{2});
        run_more_trials(w, 1);
        QCOMPARE(h->runs().size(), std::size_t{2});
        // Discard: the unkept run goes, the kept one stays.
        answer = MainWindow::Replace::Discard;
        const std::uint64_t second = w.snapshot()->run_id;
        QVERIFY(w.apply_config(small_run(9)));
        wait_new_run(w, second);
        QCOMPARE(asked, 3);
        QCOMPARE(h->runs().size(), std::size_t{1});
        QCOMPARE(h->runs().front().completed(), std::size_t{2});
    }

    void runsAreNamedShownHiddenDeletedAndCompared() {
        MainWindow w(small_run());
        w.set_replace_asker([] { return MainWindow::Replace::Keep; });
        w.resize(1366, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        // An intact run and a run with LTD blocked from its third trial.
        run_more_trials(w, 4);
        std::uint64_t run = w.snapshot()->run_id;
        w.transport_bar()->reset_action()->trigger();
        wait_new_run(w, run);
        run_more_trials(w, 2);
        w.runner()->set_lesion(Lesion::Ltd, 1.0);
        run_more_trials(w, 3);
        w.history()->keep_current();
        w.show_tab(MainWindow::CompareTab);
        ComparePanel* c = w.compare_panel();
        QTRY_VERIFY(c->isVisible());
        QCOMPARE(c->list()->count(), 2);
        QCOMPARE(c->curves_drawn(), 2);
        QCOMPARE(c->rate_curves_drawn(), 2);
        QCOMPARE(c->traces_drawn(), 4);  // the latest trial of each, two components
        QCOMPARE(c->legend_names().size(), 2);
        QVERIFY(c->legend_names().at(0) != c->legend_names().at(1));
        // Trial 1 against the latest.
        c->first_trial_box()->setChecked(true);
        QCOMPARE(c->traces_drawn(), 8);
        // The weight difference of the two runs.
        QCOMPARE(c->difference_a()->count(), 2);
        QVERIFY(c->difference_extent() > 0.0);
        const QString shots = qEnvironmentVariable("FLOCCULUS_TEST_SHOTS");
        if (!shots.isEmpty()) {
            QTest::qWait(100);
            w.grab().save(shots + QStringLiteral("/runs-1366.png"));
            c->pages()->setCurrentIndex(1);
            QTest::qWait(100);
            w.grab().save(shots + QStringLiteral("/runs-difference-1366.png"));
            c->pages()->setCurrentIndex(0);
        }
        // Naming keeps; hiding removes the curves; deleting removes the run.
        QListWidgetItem* first = c->list()->item(0);
        first->setText(QStringLiteral("intact"));
        QCOMPARE(w.history()->runs().front().name, QStringLiteral("intact"));
        QVERIFY(c->legend_names().contains(QStringLiteral("intact")));
        c->list()->item(1)->setCheckState(Qt::Unchecked);
        QCOMPARE(c->curves_drawn(), 1);
        QCOMPARE(c->legend_names(), QStringList{QStringLiteral("intact")});
        // The table of the overlaid curves.
        const PlotTable t = c->export_table();
        QCOMPARE(t.columns.size(), 2);
        QCOMPARE(t.rows.size(), 4);
        // A kept run exports as the command line's files, changes included.
        const RunRecord& lesioned = w.history()->runs().back();
        QCOMPARE(lesioned.marks->size(), std::size_t{1});
        QTemporaryDir dir;
        QVERIFY(export_recording(lesioned.as_snapshot(), dir.path()).isEmpty());
        QFile trials(dir.filePath(QStringLiteral("trials.csv")));
        QVERIFY(trials.open(QIODevice::ReadOnly));
        QCOMPARE(trials.readAll().count('\n'), 1 + 5);
        QFile changes(dir.filePath(QStringLiteral("changes.csv")));
        QVERIFY(changes.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(changes.readAll());
        QVERIFY2(text.contains(QStringLiteral("3,")) &&
                     text.contains(QStringLiteral("ltd lesion 100 %")),
                 qPrintable(text));
        c->list()->setCurrentRow(1);
        c->delete_button()->click();
        QCOMPARE(w.history()->runs().size(), std::size_t{1});
        QCOMPARE(c->list()->count(), 1);
    }

    void curvesShowEachTasksOwnMeasure() {
        RunHistory h;
        ComparePanel c(&h);
        c.resize(1000, 700);
        c.show();
        QVERIFY(QTest::qWaitForWindowExposed(&c));
        const auto record = [](Protocol p, std::vector<TrialMetrics> m) {
            RunRecord r;
            r.config.protocol = p;
            r.initial = r.config;
            r.kept = true;
            r.metrics = std::make_shared<const std::vector<TrialMetrics>>(std::move(m));
            return r;
        };
        const double none = std::numeric_limits<double>::quiet_NaN();
        std::vector<TrialMetrics> pursuit(6), vor(7), blink(20);
        for (int i = 0; i < 6; ++i) {
            pursuit[i].trial = i + 1;
            pursuit[i].learned_velocity_deg_s = i;
        }
        for (int i = 0; i < 7; ++i) {  // dark probes on trials 1, 4 and 7
            vor[i].trial = i + 1;
            vor[i].learned_velocity_deg_s = none;
            vor[i].vor_gain_dark = i % 3 == 0 ? 1.0 + 0.05 * i : none;
        }
        for (int i = 0; i < 20; ++i) {  // no CRs in the first block, all in the second
            blink[i].trial = i + 1;
            blink[i].eyeblink = true;
            blink[i].learned_velocity_deg_s = none;
            blink[i].cr.cr = i >= 10;
        }
        const int pursuit_id = h.add_saved(record(Protocol::DirectionLearning, pursuit));
        const int vor_id = h.add_saved(record(Protocol::VorGainUp, vor));
        // The newest shown run is a VOR run: its dark gains are the curve, the pursuit run
        // has no place on that axis.
        QCOMPARE(c.curve_kind(), CurveKind::Vor);
        QCOMPARE(c.curves_drawn(), 1);
        QCOMPARE(c.runs_of_other_tasks(), 1);
        QVERIFY2(c.curve_title().contains(QStringLiteral("VOR gain")), qPrintable(c.curve_title()));
        PlotTable t = c.export_table();
        QCOMPARE(t.columns.size(), 2);
        QVERIFY(t.columns.at(1).endsWith(QStringLiteral("vor_gain_dark")));
        QCOMPARE(t.rows.at(3).at(1).toDouble(), 1.15);   // trial 4
        QVERIFY(t.rows.at(1).at(1).isEmpty());           // trial 2: not a probe
        // Hiding it brings back the pursuit curve.
        h.set_visible(vor_id, false);
        QCOMPARE(c.curve_kind(), CurveKind::Pursuit);
        QCOMPARE(c.curves_drawn(), 1);
        QCOMPARE(c.runs_of_other_tasks(), 0);
        QVERIFY(c.export_table().columns.at(1).endsWith(QStringLiteral("deg_s")));
        // An eyeblink run: CR % per block of trials.
        h.set_visible(pursuit_id, false);
        h.add_saved(record(Protocol::Eyeblink, blink));
        QCOMPARE(c.curve_kind(), CurveKind::Eyeblink);
        t = c.export_table();
        QVERIFY(t.columns.at(1).endsWith(QStringLiteral("percent")));
        QCOMPARE(t.rows.at(9).at(1).toDouble(), 0.0);     // block 1-10
        QCOMPARE(t.rows.at(19).at(1).toDouble(), 100.0);  // block 11-20
    }
};

QTEST_MAIN(TestRuns)
#include "test_runs.moc"
