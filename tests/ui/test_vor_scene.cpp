// SPDX-License-Identifier: GPL-3.0-or-later
// The VOR scene: the window shows it for the VOR protocols and the pursuit screen otherwise;
// it draws the light with the spectacles' slip, the dark probes and training in the dark
// without any, and the dark VOR gain of every probe of the run; the learning panel draws the
// same gain curve in place of the pursuit curves; the light/dark control is in the Controls.
#include <QtTest>

#include <QAction>
#include <QComboBox>
#include <QStatusBar>
#include <memory>

#include "learning_panel.hpp"
#include "main_window.hpp"
#include "parameter_panel.hpp"
#include "scene_widget.hpp"
#include "transport_bar.hpp"
#include "vor_scene.hpp"

using namespace flocculus;
using namespace flocculus::ui;

namespace {

constexpr int kTimeoutMs = 60000;

RunConfig small_vor_run(Protocol p, int trials) {
    RunConfig c;
    c.protocol = p;
    c.trials = trials;
    c.seed = 3;
    c.params.network_granule_cells = 5000;
    return c;
}

void keep_picture(QWidget* w, const QString& name) {
    const QString dir = qEnvironmentVariable("FLOCCULUS_TEST_SHOTS");
    if (!dir.isEmpty()) w->grab().save(dir + QLatin1Char('/') + name);
}

std::shared_ptr<Snapshot> vor_snapshot(bool dark) {
    auto s = std::make_shared<Snapshot>();
    s->sequence = dark ? 2 : 1;
    s->config.protocol = Protocol::VorGainUp;
    s->plan.motion = Motion::HeadRotation;
    s->plan.vor.active = true;
    s->plan.vor.dark = dark;
    s->head_position_deg = {8, 0};
    s->head_velocity_deg_s = {10, 0};
    s->target.velocity_deg_s = dark ? Vec2{} : Vec2{-20, 0};
    s->eye_velocity_deg_s = {-12, 0};
    s->eye_position_deg = {-6, 0};
    return s;
}

}  // namespace

class TestVorScene : public QObject {
    Q_OBJECT
  private slots:
    void lightShowsTheSlipAndDarkShowsNone() {
        VorSceneWidget scene;
        scene.resize(520, 560);
        scene.show_snapshot(vor_snapshot(false));
        const QImage light = scene.grab().toImage();
        QCOMPARE(scene.painted_sequence(), std::uint64_t{1});
        QVERIFY(!scene.painted_dark());
        // Slip = the world's image velocity less the eye's: -20 - (-12).
        QCOMPARE(scene.painted_slip_deg_s(), -8.0);
        scene.show_snapshot(vor_snapshot(true));
        const QImage dark = scene.grab().toImage();
        QVERIFY(scene.painted_dark());
        QCOMPARE(scene.painted_slip_deg_s(), 0.0);
        QVERIFY(light != dark);
        const auto table = scene.export_table();
        QCOMPARE(table.columns.size(), qsizetype(5));
    }

    void trainingInTheDarkIsShownDark() {
        VorSceneWidget scene;
        scene.resize(520, 560);
        auto light = vor_snapshot(false);
        scene.show_snapshot(light);
        scene.grab();
        QVERIFY(scene.painted_label().startsWith(QStringLiteral("Light")));
        auto unlit = vor_snapshot(false);
        unlit->sequence = 3;
        unlit->config.params.task_vor_light = 1;  // a training trial, not a probe
        unlit->target.velocity_deg_s = {};
        scene.show_snapshot(unlit);
        scene.grab();
        QVERIFY(scene.painted_dark());
        QCOMPARE(scene.painted_slip_deg_s(), 0.0);
        QVERIFY2(scene.painted_label().contains(QStringLiteral("DARK")) &&
                     !scene.painted_label().contains(QStringLiteral("probe")),
                 qPrintable(scene.painted_label()));
    }

    void learningPanelShowsTheGainCurveInsteadOfPursuitCurves() {
        RunConfig c = small_vor_run(Protocol::VorGainUp, 5);
        c.params.task_probe_every = 2;  // probes: trials 1, 3 and 5
        auto w = std::make_unique<MainWindow>(c);
        w->set_replace_asker(nullptr);
        w->resize(1300, 760);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        // The registry's light/dark choice is in the Controls dock.
        QComboBox* light = w->parameter_panel()->choice_box("task.vor_light");
        QVERIFY(light);
        QCOMPARE(light->count(), 2);
        QCOMPARE(light->itemText(0), QStringLiteral("light"));
        QCOMPARE(light->itemText(1), QStringLiteral("dark"));
        w->transport_bar()->set_speed(0.0);
        w->transport_bar()->play_action()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->finished, kTimeoutMs);
        QTRY_VERIFY(w->shown_sequence() == w->snapshot()->sequence);
        LearningPanel* l = w->learning_panel();
        QVERIFY(l->showing_vor());
        QCOMPARE(l->vor_gain_points(), 3);
        QVERIFY(!l->pursuit_curves_visible());
        QVERIFY(l->export_table().columns.contains(QStringLiteral("vor_gain_dark")));
        // The scene's own curve has the same points.
        w->vor_scene()->grab();
        QCOMPARE(w->vor_scene()->painted_probes(), 3);
        w->show_tab(MainWindow::LearningTab);
        keep_picture(l, QStringLiteral("vor-learning.png"));
        // Choosing dark reaches the core.
        light->setCurrentIndex(1);
        QTRY_COMPARE_WITH_TIMEOUT(w->snapshot()->config.params.task_vor_light, 1, kTimeoutMs);
        // A pursuit protocol brings the pursuit curves back.
        w->transport_bar()->set_protocol(Protocol::StepRamp);
        QTRY_VERIFY_WITH_TIMEOUT(!l->showing_vor(), kTimeoutMs);
        QVERIFY(l->pursuit_curves_visible());
        QCOMPARE(l->vor_gain_points(), 0);
    }

    void windowPicksTheSceneFromTheProtocolAndDrawsTheProbes() {
        auto w = std::make_unique<MainWindow>(small_vor_run(Protocol::VorGainUp, 4));
        w->set_replace_asker(nullptr);
        w->resize(1300, 760);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QTRY_VERIFY(w->shown_scene() == w->vor_scene());
        w->transport_bar()->set_speed(0.0);
        w->transport_bar()->play_action()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->finished, kTimeoutMs);
        QTRY_VERIFY(w->shown_sequence() == w->snapshot()->sequence);
        // Dark probes: the first and the last trial, each with a gain near 1.
        const auto m = w->snapshot()->metrics;
        QVERIFY(m && m->size() == 4);
        QVERIFY(std::isfinite(m->front().vor_gain_dark) && std::isfinite(m->back().vor_gain_dark));
        QVERIFY(std::abs(m->front().vor_gain_dark - 1.0) < 0.2);
        w->vor_scene()->grab();
        QCOMPARE(w->vor_scene()->painted_probes(), 2);
        keep_picture(w.get(), QStringLiteral("vor-window.png"));
        keep_picture(w->vor_scene(), QStringLiteral("vor-scene.png"));
        // A pursuit protocol brings the screen back.
        w->transport_bar()->set_protocol(Protocol::StepRamp);
        QTRY_VERIFY_WITH_TIMEOUT(w->shown_scene() == static_cast<QWidget*>(w->scene()), kTimeoutMs);
    }
};

QTEST_MAIN(TestVorScene)
#include "test_vor_scene.moc"
