// SPDX-License-Identifier: GPL-3.0-or-later
// The eyeblink task in the main window beyond its scene: the learning curves show the CR
// rate and CR timing per block, the Clock tab (there only during the eyeblink protocols)
// draws the granular clock, scheduled lesions show in the Lesions panel when their trial
// begins and on the curves, and the circuit diagram draws the eyeblink module.
#include <QtTest>

#include <QCheckBox>
#include <QLabel>
#include <QDockWidget>
#include <QTabWidget>
#include <cmath>

#include <qcustomplot.h>

#include "circuit_diagram.hpp"
#include "clock_panel.hpp"
#include "eyeblink_scene.hpp"
#include "learning_panel.hpp"
#include "learning_panel_eyeblink.hpp"
#include "lesion_panel.hpp"
#include "main_window.hpp"
#include "palette.hpp"
#include "task/eyeblink.hpp"
#include "window_helpers.hpp"

using namespace flocculus;
using namespace flocculus::test;
using Node = ui::CircuitDiagram::Node;

namespace {

// The eyeblink task with the floccular zones small (they rest during it).
RunConfig eyeblink_config(int trials) {
    RunConfig c;
    c.protocol = Protocol::Eyeblink;
    c.trials = trials;
    c.params.network_granule_cells = 2000;
    c.params.task_probe_every = 5;
    return c;
}

}  // namespace

class TestEyeblinkApp : public QObject {
    Q_OBJECT

  private slots:
    void learningCurvesShowCrBlocks() {
        ui::MainWindow w(eyeblink_config(30));
        w.set_replace_asker(nullptr);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(caught_up(w), kWindowTimeoutMs);
        w.show_tab(ui::MainWindow::LearningTab);
        ui::LearningPanel* panel = w.learning_panel();
        ui::EyeblinkLearning* curves = panel->eyeblink();
        // The pursuit curves are hidden; the eyeblink ones take their place.
        QVERIFY(panel->shows_eyeblink());
        QVERIFY(!panel->plot()->isVisible());
        QVERIFY(curves->isVisible());
        QCOMPARE(curves->cr_points(), 0);

        run_more_trials(w, 12);
        const auto s = w.snapshot();
        // One complete block of kEyeblinkBlock trials: one point, its rate the block's.
        QCOMPARE(curves->cr_points(), 1);
        int crs = 0;
        for (std::size_t k = 0; k < kEyeblinkBlock; ++k) crs += (*s->metrics)[k].cr.cr ? 1 : 0;
        const ui::PlotTable t = panel->export_table();
        QCOMPARE(t.rows.size(), std::size_t{1});
        QCOMPARE(t.rows[0][t.columns.indexOf(QStringLiteral("first_trial"))], QStringLiteral("1"));
        QCOMPARE(t.rows[0][t.columns.indexOf(QStringLiteral("last_trial"))], QStringLiteral("10"));
        QCOMPARE(t.rows[0][t.columns.indexOf(QStringLiteral("cr_percent"))],
                 QString::number(100.0 * crs / kEyeblinkBlock, 'f', 1));
        QCOMPARE(curves->onset_points(), crs > 0 ? 1 : 0);
        QCOMPARE(curves->peak_points(), crs > 0 ? 1 : 0);
        QCOMPARE(curves->isi_drawn_ms(), s->config.params.task_isi_ms);
        QCOMPARE(panel->export_widget(), static_cast<QWidget*>(curves->plot()));

        // Another protocol brings the pursuit curves back.
        RunConfig pursuit;
        pursuit.params.network_granule_cells = 2000;
        w.apply_config(pursuit);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->shows_eyeblink(), kWindowTimeoutMs);
        QVERIFY(panel->plot()->isVisible());
    }

    void clockTabOnlyDuringEyeblink() {
        RunConfig pursuit;
        pursuit.params.network_granule_cells = 2000;
        ui::MainWindow w(pursuit);
        w.set_replace_asker(nullptr);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(caught_up(w), kWindowTimeoutMs);
        QTabWidget* tabs = w.tabs();
        QCOMPARE(tabs->widget(ui::MainWindow::ClockTab), static_cast<QWidget*>(w.clock_panel()));
        QCOMPARE(tabs->tabText(ui::MainWindow::ClockTab), QStringLiteral("Clock"));
        QVERIFY(!tabs->isTabVisible(ui::MainWindow::ClockTab));
        QCOMPARE(ui::MainWindow::tab_keys().value(ui::MainWindow::ClockTab), QStringLiteral("clock"));
        // Ctrl+6 (like show_tab) does nothing without the tab.
        w.show_tab(ui::MainWindow::VelocityTab);
        QTest::keyClick(&w, Qt::Key_6, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), static_cast<int>(ui::MainWindow::VelocityTab));

        const RunConfig c = eyeblink_config(30);
        w.apply_config(c);
        QTRY_VERIFY_WITH_TIMEOUT(tabs->isTabVisible(ui::MainWindow::ClockTab), kWindowTimeoutMs);
        QTest::keyClick(&w, Qt::Key_6, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), static_cast<int>(ui::MainWindow::ClockTab));
        ui::ClockPanel* clock = w.clock_panel();
        QCOMPARE(clock->bins_shown(), 0);
        run_more_trials(w, 6);
        // The tone of a paired trial in 20 ms bins, from the last kClockTrials trials.
        const int bins = static_cast<int>(std::ceil(c.params.task_isi_ms / kClockBinMs));
        QCOMPARE(clock->bins_shown(), bins);
        QCOMPARE(clock->trials_averaged(), kClockTrials);
        QCOMPARE(clock->lag_points(), bins);
        // Filled: each time is itself (1), and patterns far apart are less alike than near.
        for (int i = 0; i < bins; ++i) QVERIFY(std::abs(clock->similarity_at(i, i) - 1.0) < 1e-6);
        QVERIFY(clock->similarity_at(0, bins - 1) < clock->similarity_at(0, 1));
        QVERIFY(clock->similarity_at(3, 5) == clock->similarity_at(5, 3));
        // The same measure as the scene's small map.
        QCOMPARE(clock->bins_shown(), w.eyeblink_scene()->clock_bins_shown());
        QVERIFY(!clock->caption()->text().isEmpty());
        QVERIFY(clock->caption()->isVisible());
        // Its two tables: the matrix and the curve.
        QCOMPARE(clock->exportables().size(), std::size_t{2});
        QCOMPARE(clock->exportables()[0]->export_table().rows.size(),
                 static_cast<std::size_t>(bins * bins));
        QCOMPARE(clock->exportables()[1]->export_table().rows.size(),
                 static_cast<std::size_t>(bins));
        if (const QByteArray dir = qgetenv("FLOCCULUS_TEST_SHOTS"); !dir.isEmpty())
            clock->grab().save(QString::fromLocal8Bit(dir) + "/clock-tab.png");

        // Back to pursuit: the tab goes, and the window shows another.
        RunConfig back;
        back.params.network_granule_cells = 2000;
        w.apply_config(back);
        QTRY_VERIFY_WITH_TIMEOUT(!tabs->isTabVisible(ui::MainWindow::ClockTab), kWindowTimeoutMs);
        QVERIFY(tabs->currentIndex() != static_cast<int>(ui::MainWindow::ClockTab));
    }

    void scheduledLesionShowsWhenItTakesEffect() {
        RunConfig c = eyeblink_config(20);
        c.lesions_at.push_back({4, Lesion::Purkinje, 1.0});
        c.lesions_at.push_back({15, Lesion::Dcn, 0.5});
        ui::MainWindow w(c);
        w.set_replace_asker(nullptr);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(caught_up(w), kWindowTimeoutMs);
        ui::LesionPanel* panel = w.lesion_panel();
        QCheckBox* purkinje = panel->toggle(Lesion::Purkinje);
        QVERIFY(!purkinje->isChecked());
        QVERIFY(!panel->schedule_label()->isHidden());
        QCOMPARE(panel->schedule_lines(),
                 (QStringList{QStringLiteral("trial 4: purkinje 100 % (upcoming)"),
                              QStringLiteral("trial 15: dcn 50 % (upcoming)")}));
        QVERIFY(!w.circuit_diagram()->shows_lesioned(Node::Purkinje));

        run_more_trials(w, 2);  // trial 3 under way
        QVERIFY(!purkinje->isChecked());
        QCOMPARE(w.snapshot()->lesions_in_force[Lesion::Purkinje], 0.0);
        run_more_trials(w, 1);  // trial 4 begins: the lesion is in force
        QCOMPARE(w.snapshot()->lesions_in_force[Lesion::Purkinje], 1.0);
        QVERIFY(purkinje->isChecked());
        QCOMPARE(panel->shown()[Lesion::Purkinje], 1.0);
        QCOMPARE(panel->schedule_lines().value(0), QStringLiteral("trial 4: purkinje 100 % (in force)"));
        QCOMPARE(panel->schedule_lines().value(1), QStringLiteral("trial 15: dcn 50 % (upcoming)"));
        QVERIFY(!panel->toggle(Lesion::Dcn)->isChecked());
        QVERIFY(w.circuit_diagram()->shows_lesioned(Node::Purkinje));
        if (const QByteArray dir = qgetenv("FLOCCULUS_TEST_SHOTS"); !dir.isEmpty()) {
            w.controls_tabs()->setCurrentIndex(1);
            QTest::qWait(50);
            w.controls_dock()->grab().save(QString::fromLocal8Bit(dir) + "/lesions-scheduled.png");
        }
        // The run's own settings are untouched (a reset schedules it again).
        QCOMPARE(w.snapshot()->config.lesions[Lesion::Purkinje], 0.0);
        // A lesion set by hand keeps the scheduled one in force.
        w.lesion_panel()->toggle(Lesion::Golgi)->click();
        QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->lesions_in_force[Lesion::Golgi] == 1.0,
                                 kWindowTimeoutMs);
        QCOMPARE(w.snapshot()->lesions_in_force[Lesion::Purkinje], 1.0);

        // On the learning curves: a line and a label from trial 4, drawn whole in the plot.
        run_more_trials(w, 8);
        w.show_tab(ui::MainWindow::LearningTab);
        QTest::qWait(50);
        ui::EyeblinkLearning* curves = w.learning_panel()->eyeblink();
        curves->plot()->replot();
        const QString labels = curves->mark_labels().join(QStringLiteral(" | "));
        QVERIFY2(labels.contains(QStringLiteral("purkinje lesion 100 %")), qPrintable(labels));
        const QRect inside = curves->rate_rect()->rect();
        for (const QRectF& r : curves->mark_label_rects())
            QVERIFY2(r.left() >= inside.left() - 1 && r.right() <= inside.right() + 1,
                     qPrintable(QStringLiteral("%1..%2 outside %3..%4")
                                    .arg(r.left()).arg(r.right()).arg(inside.left()).arg(inside.right())));
    }

    void diagramShowsTheEyeblinkModule() {
        ui::MainWindow w(eyeblink_config(20));
        w.set_replace_asker(nullptr);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(caught_up(w), kWindowTimeoutMs);
        ui::CircuitDiagram* d = w.circuit_diagram();
        QVERIFY(d->shows_eyeblink());
        QCOMPARE(d->node_title(Node::Purkinje), QStringLiteral("Eyeblink Purkinje cells"));
        QCOMPARE(d->node_title(Node::Eye), QStringLiteral("Eyelid"));
        QCOMPARE(d->node_title(Node::Mossy), QStringLiteral("Tone mossy fibres"));
        run_more_trials(w, 1);

        // Into a trial, during the tone (at a quarter of real time, so that the pause lands in
        // it even on a busy host): lit by the recorded activity.
        pace_slowly(w);
        w.runner()->send(cmd::Play{});
        QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->plan.eyeblink && w.snapshot()->t_ms > 120 &&
                                     w.snapshot()->t_ms < 180,
                                 kWindowTimeoutMs);
        w.runner()->send(cmd::Pause{});
        QTRY_VERIFY_WITH_TIMEOUT(!w.snapshot()->playing && caught_up(w), kWindowTimeoutMs);
        const auto s = w.snapshot();
        const EyeblinkActivity& a = s->eyeblink_activity;
        QVERIFY(a.measured);
        QCOMPARE(a.tone, eyeblink_cs_on(s->config.params, s->plan, s->t_ms));
        QVERIFY2(s->t_ms > 100 && s->t_ms < s->config.params.task_isi_ms,
                 qPrintable(QString::number(s->t_ms)));
        QVERIFY(a.tone);
        QCOMPARE(a.window_ms, 100.0);
        QCOMPARE(a.cs_mossy.rate_hz, s->config.params.task_cs_rate_hz);  // the tone all along
        QVERIFY(std::isfinite(a.granule.rate_hz) && a.granule.rate_hz > 0);
        QVERIFY(a.granule.baseline_hz > 0);  // from the first trial's end
        QVERIFY(a.purkinje.rate_hz > 0);
        QCOMPARE(a.purkinje.baseline_hz, s->config.params.pc_baseline_rate_hz);
        QCOMPARE(a.eyelid, static_cast<double>(s->current_eyelid.back()));
        QCOMPARE(d->node_activity(Node::Purkinje)->rate_hz, a.purkinje.rate_hz);
        QCOMPARE(d->node_activity(Node::Mossy)->rate_hz, a.cs_mossy.rate_hz);
        QCOMPARE(d->node_activity(Node::Nuclei)->rate_hz, a.nucleus.rate_hz);
        // The Golgi cells, driven by the tone's fibres and the granule cells, above their
        // level before the tone.
        QVERIFY2(a.golgi.baseline_hz > 0 && a.golgi.rate_hz > a.golgi.baseline_hz,
                 qPrintable(QString::number(a.golgi.rate_hz) + " vs " +
                            QString::number(a.golgi.baseline_hz)));
        QCOMPARE(d->node_activity(Node::Golgi)->rate_hz, a.golgi.rate_hz);
        QVERIFY(a.interneurons.baseline_hz > 0);
        QCOMPARE(d->node_activity(Node::Interneurons)->rate_hz, a.interneurons.rate_hz);
        // The tone's fibres and the Golgi cells are above rest: lit, not the rest colour.
        QVERIFY(d->node_fill(Node::Mossy) != ui::palette::activity_rest());
        QVERIFY(d->node_fill(Node::Golgi) != ui::palette::activity_rest());
        QImage img(d->size(), QImage::Format_ARGB32);
        d->render(&img);
        if (const QByteArray dir = qgetenv("FLOCCULUS_TEST_SHOTS"); !dir.isEmpty())
            img.save(QString::fromLocal8Bit(dir) + "/eyeblink-diagram.png");

        // The pursuit protocols keep the floccular circuit.
        RunConfig pursuit;
        pursuit.params.network_granule_cells = 2000;
        w.apply_config(pursuit);
        QTRY_VERIFY_WITH_TIMEOUT(!d->shows_eyeblink(), kWindowTimeoutMs);
        QCOMPARE(d->node_title(Node::Purkinje), QStringLiteral("Purkinje cells"));
    }
};

QTEST_MAIN(TestEyeblinkApp)
#include "test_eyeblink_app.moc"
