// SPDX-License-Identifier: GPL-3.0-or-later
// The VOR scene: the window shows it for the VOR protocols and the pursuit screen otherwise;
// it draws the light with the spectacles' slip, the dark probes without any, and the dark
// VOR gain of every probe of the run.
#include <QtTest>

#include <QAction>
#include <QStatusBar>
#include <memory>

#include "main_window.hpp"
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
