// SPDX-License-Identifier: GPL-3.0-or-later
// The eyeblink scene in the main window: it takes the screen's place for the eyeblink
// protocols, the lid follows the model's eyelid, tone and puff show while on, the last trials'
// lid traces, the CR rate per block and the granular clock are drawn from real trials.
#include <QtTest>

#include <cmath>

#include "eyeblink_scene.hpp"
#include "main_window.hpp"
#include "scene_widget.hpp"
#include "task/eyeblink.hpp"
#include "window_helpers.hpp"

using namespace flocculus;
using namespace flocculus::test;

class TestEyeblinkScene : public QObject {
    Q_OBJECT

  private slots:
    void sceneFollowsTheModel() {
        RunConfig c;
        c.protocol = Protocol::Eyeblink;
        c.trials = 40;
        c.params.network_granule_cells = 2000;  // the floccular zones rest; keep them small
        c.params.task_probe_every = 5;
        ui::MainWindow w(c);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(caught_up(w), kWindowTimeoutMs);
        ui::EyeblinkScene* scene = w.eyeblink_scene();
        QVERIFY(!scene->isHidden());
        QVERIFY(w.scene()->isHidden());

        run_more_trials(w, 12);
        const auto s = w.snapshot();
        QCOMPARE(scene->traces_shown(),
                 static_cast<int>(std::min<std::size_t>(s->recent_trials.size(),
                                                        ui::EyeblinkScene::kShownTrials)));
        QCOMPARE(scene->cr_blocks_shown(), 1);
        QCOMPARE(scene->clock_bins_shown(),
                 static_cast<int>(std::ceil(c.params.task_isi_ms / kClockBinMs)));
        // The clock spans the tone of a paired trial (250 ms): its patterns 100 ms apart are
        // measured and differ; there are no two times 400 ms apart in it.
        QVERIFY(std::isfinite(scene->clock_similarity_100_ms()));
        QVERIFY(std::isnan(scene->clock_similarity_400_ms()));
        QVERIFY(scene->clock_similarity_100_ms() < 0.99);

        // Step into a trial, past the puff: the lid follows the eyelid signal. Paced at a
        // quarter of real time, the window of the trial waited for lasts seconds, so the
        // pause lands in it however fast the host (at full speed the run could pass into the
        // next trial between seeing the window and pausing).
        pace_slowly(w);
        w.runner()->send(cmd::Play{});
        QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->plan.eyeblink && !w.snapshot()->plan.cs_alone &&
                                     w.snapshot()->t_ms > c.params.task_isi_ms + 30 &&
                                     w.snapshot()->t_ms < 900,
                                 kWindowTimeoutMs);
        w.runner()->send(cmd::Pause{});
        QTRY_VERIFY_WITH_TIMEOUT(!w.snapshot()->playing && caught_up(w), kWindowTimeoutMs);
        const auto now = w.snapshot();
        QVERIFY(!now->current_eyelid.empty());
        QCOMPARE(scene->lid_closure(), static_cast<double>(now->current_eyelid.back()));
        QCOMPARE(scene->tone_on(), eyeblink_cs_on(c.params, now->plan, now->t_ms));
        QCOMPARE(scene->puff_on(), eyeblink_puff(c.params, now->plan, now->t_ms));

        if (const QByteArray dir = qgetenv("FLOCCULUS_TEST_SHOTS"); !dir.isEmpty())
            scene->grab().save(QString::fromLocal8Bit(dir) + "/eyeblink-scene.png");
    }

    void otherProtocolsKeepTheScreen() {
        RunConfig c;
        c.protocol = Protocol::StepRamp;
        c.params.network_granule_cells = 2000;
        ui::MainWindow w(c);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(caught_up(w), kWindowTimeoutMs);
        QVERIFY(w.eyeblink_scene()->isHidden());
        QVERIFY(!w.scene()->isHidden());
    }
};

QTEST_MAIN(TestEyeblinkScene)
#include "test_eyeblink_scene.moc"
