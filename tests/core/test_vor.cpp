// SPDX-License-Identifier: GPL-3.0-or-later
// The VOR task's parts on their own: the head's rotation, the vestibular mossy fibres, the
// retinal slip the eye loop reports in the light and in the dark, the sinusoid fit that
// measures gain and phase, and the schedule of the protocols.
#include <QtTest>

#include <cmath>
#include <numbers>

#include "circuit/mossy.hpp"
#include "eye/pursuit.hpp"
#include "params/registry.hpp"
#include "task/vor.hpp"
#include "util/rng.hpp"

using namespace flocculus;

namespace {
constexpr double kPi = std::numbers::pi;

std::vector<TrialPlan> schedule_of(std::variant<std::vector<TrialPlan>, std::string> s) {
    if (const auto* e = std::get_if<std::string>(&s)) qFatal("%s", e->c_str());
    return std::get<std::vector<TrialPlan>>(std::move(s));
}
}  // namespace

class TestVor : public QObject {
    Q_OBJECT
  private slots:
    void headRotationIsASineWithContinuousPhase() {
        HeadRotation h;
        double peak = 0, pos_min = 0, pos_max = 0;
        for (int k = 0; k < 4000; ++k) {  // two cycles at 0.5 Hz
            const double before = h.velocity_deg_s().x;
            h.step(0.5, 30.0, 1.0);
            QVERIFY(std::abs(h.velocity_deg_s().x - before) < 0.1);  // no jumps
            peak = std::max(peak, std::abs(h.velocity_deg_s().x));
            pos_min = std::min(pos_min, h.position_deg().x);
            pos_max = std::max(pos_max, h.position_deg().x);
        }
        QVERIFY(std::abs(peak - 30.0) < 0.01);
        // Position amplitude A / (2 pi f) = 9.55 deg each way from straight ahead.
        QVERIFY(std::abs((pos_max - pos_min) - 2 * 30.0 / (2 * kPi * 0.5)) < 0.05);
        QVERIFY(std::abs(pos_max + pos_min) < 0.05);
        // A change of frequency keeps the velocity continuous.
        const double v = h.velocity_deg_s().x;
        h.step(2.0, 30.0, 1.0);
        QVERIFY(std::abs(h.velocity_deg_s().x - v) < 0.5);
    }

    void worldMovesAgainstTheHeadMagnifiedByTheLens() {
        const Vec2 head{20, 0};
        QCOMPARE(world_velocity_deg_s(2.0, head).x, -40.0);
        QCOMPARE(world_velocity_deg_s(0.5, head).x, -10.0);
        QCOMPARE(world_velocity_deg_s(1.0, head).x, -20.0);
    }

    void vestibularFibresFollowHeadVelocityAndRestAtBackground() {
        Parameters p = default_parameters();
        Rng build(7), draws(8);
        MossyFibres mf(p, build);
        Lesions none{};
        MossyInput still;
        mf.step(p, none, still, draws);
        std::vector<double> rest(mf.rates_hz().begin(), mf.rates_hz().end());
        MossyInput right = still;
        right.head_velocity = {30, 0};
        mf.step(p, none, right, draws);
        int vestibular = 0;
        for (std::size_t i = 0; i < mf.count(); ++i) {
            const double r = mf.rates_hz()[i];
            if (mf.kind(i) != MossyKind::Background) {
                // Only the vestibular (background) fibres sense the head.
                QCOMPARE(r, rest[i]);
                continue;
            }
            ++vestibular;
            QCOMPARE(rest[i], p.mf_background_rate_hz);  // exactly the background at rest
            const double along = mf.preferred(i).x;
            const double expected = p.mf_background_rate_hz +
                                    p.mf_vestibular_gain_hz_per_deg_s * std::max(0.0, 30.0 * along);
            QVERIFY(std::abs(r - expected) < 1e-4);
        }
        QVERIFY(vestibular > 100);
    }

    void slipIsWorldMinusEyeAfterTheVisualDelayAndNoneInTheDark() {
        Parameters p = default_parameters();
        p.eye_vestibular_gain = 0.0;  // the eye stays still: slip is the world's motion
        p.eye_brainstem_gain = 0.0;
        PursuitLoop eye(p.sim_dt_ms);
        const Vec2 world{-12, 0};
        for (int k = 0; k < 79; ++k) eye.step_vor(p, world, {6, 0}, true, {});
        QCOMPARE(eye.delayed_slip().x, 0.0);  // not yet seen (80 ms delay)
        eye.step_vor(p, world, {6, 0}, true, {});
        eye.step_vor(p, world, {6, 0}, true, {});
        QCOMPARE(eye.delayed_slip().x, -12.0);
        // In the dark the retina reports nothing, once the delay has passed.
        for (int k = 0; k < 100; ++k) eye.step_vor(p, world, {6, 0}, false, {});
        QCOMPARE(eye.delayed_slip().x, 0.0);
        QCOMPARE(eye.eye_velocity().x, 0.0);
    }

    void directPathwayAloneGivesACompensatoryReflexInTheDark() {
        Parameters p = default_parameters();
        PursuitLoop eye(p.sim_dt_ms);
        HeadRotation head;
        VorProbe probe;
        for (int k = 0; k < 6000; ++k) {
            head.step(0.5, 30.0, 1.0);
            eye.step_vor(p, {}, head.velocity_deg_s(), false, {});
            if (k >= 2000) probe.add(head.phase_rad(), eye.eye_velocity().x);
        }
        const VorResponse r = probe.result(30.0);
        // The plant's lag (15 ms) costs 2.7 deg of phase at 0.5 Hz and almost no gain.
        QVERIFY2(std::abs(r.gain - p.eye_vestibular_gain) < 0.01,
                 qPrintable(QString::number(r.gain)));
        QVERIFY2(r.phase_deg < 0 && r.phase_deg > -5, qPrintable(QString::number(r.phase_deg)));
    }

    void lightAddsVisualFollowingThroughTheLens() {
        // In the light with x2 spectacles, the brainstem's visual following raises the eye's
        // response above the dark reflex, toward the lens: the visual-vestibular gain.
        Parameters p = default_parameters();
        PursuitLoop eye(p.sim_dt_ms);
        HeadRotation head;
        VorProbe probe;
        for (int k = 0; k < 8000; ++k) {
            head.step(0.5, 30.0, 1.0);
            eye.step_vor(p, world_velocity_deg_s(2.0, head.velocity_deg_s()), head.velocity_deg_s(),
                         true, {});
            if (k >= 4000) probe.add(head.phase_rad(), eye.eye_velocity().x);
        }
        const double g = probe.result(30.0).gain;
        QVERIFY2(g > 1.3 && g < 2.0, qPrintable(QString::number(g)));
    }

    void fitRecoversGainPhaseAndOffset() {
        std::vector<double> th, y;
        Rng noise(3);
        for (int k = 0; k < 3000; ++k) {
            const double t = 0.3 + k * 2 * kPi / 1500.0;
            th.push_back(std::fmod(t, 2 * kPi));
            y.push_back(-27.0 * std::sin(t + 0.2) + 1.5 + noise.uniform(-2.0, 2.0));
        }
        const VorResponse r = vor_response(fit_sinusoid(th, y), 30.0);
        QVERIFY(std::abs(r.gain - 0.9) < 0.01);
        QVERIFY(std::abs(r.phase_deg - 0.2 * 180 / kPi) < 0.5);
        QVERIFY(std::abs(fit_sinusoid(th, y).offset - 1.5) < 0.1);
        // Too little of a cycle cannot be fitted.
        const std::vector<double> few_th{0.1, 0.1, 0.1, 0.1}, few_y{1, 2, 3, 4};
        QVERIFY(std::isnan(fit_sinusoid(few_th, few_y).amplitude));
    }

    void scheduleHasDarkProbesAroundTraining() {
        Parameters p = default_parameters();
        p.task_probe_every = 10;
        const auto s = schedule_of(make_schedule(Protocol::VorGainUp, p, 31));
        QCOMPARE(s.size(), std::size_t{31});
        int probes = 0;
        for (const auto& t : s) {
            QVERIFY(t.vor.active);
            QCOMPARE(t.probe, t.vor.dark);
            if (!t.probe) QCOMPARE(vor_lens_gain(t.vor, p), 2.0);
            probes += t.probe;
        }
        QVERIFY(s.front().probe && s.back().probe);
        QCOMPARE(s.front().phase, Phase::Baseline);
        QCOMPARE(probes, 4);  // trials 1, 11, 21 and 31 (the last)
        // vor-gain-down wears the reducing lens of the same power.
        const auto d = schedule_of(make_schedule(Protocol::VorGainDown, p, 5));
        QCOMPARE(vor_lens_gain(d[2].vor, p), 0.5);
        QCOMPARE(vor_lens_gain(d[0].vor, p), 1.0);  // nothing is seen in the dark
        // task.lens_gain gives the power; the protocol, which way: 0.5 or 2 alike.
        Parameters half = p;
        half.task_lens_gain = 0.5;
        QCOMPARE(vor_lens_gain(d[2].vor, half), 0.5);
        const auto u = schedule_of(make_schedule(Protocol::VorGainUp, half, 5));
        QCOMPARE(vor_lens_gain(u[2].vor, half), 2.0);
        // Probes at another frequency last at least two of its cycles.
        p.task_test_freq_hz = 0.2;
        const auto slow = schedule_of(make_schedule(Protocol::VorGainUp, p, 3));
        QCOMPARE(vor_head_freq_hz(slow.front().vor, p), 0.2);
        QVERIFY(kTrialEndMs + p.task_iti_ms + slow.front().vor.extra_ms - kVorFitStartMs >=
                10000.0);
        QCOMPARE(vor_head_freq_hz(slow[1].vor, p), 0.5);
        // Training in the dark: the same schedule, but nothing is seen on any trial; the
        // training trials keep the training frequency and are not probes.
        Parameters unlit = default_parameters();
        QVERIFY(!set_parameter_text(unlit, "task.vor_light", "dark"));
        const auto t = schedule_of(make_schedule(Protocol::VorGainUp, unlit, 5));
        QVERIFY(!vor_in_dark(t[2].vor, p) && vor_in_dark(t[2].vor, unlit));
        QVERIFY(!t[2].probe && !t[2].vor.dark);
        QCOMPARE(vor_lens_gain(t[2].vor, unlit), 1.0);
        QCOMPARE(vor_head_freq_hz(t[2].vor, unlit), unlit.task_head_freq_hz);
        QVERIFY(vor_in_dark(t[0].vor, p));
    }

    void badScheduleInputIsRefused() {
        Parameters p = default_parameters();
        auto e = make_schedule(Protocol::VorGainUp, p, 2);
        QVERIFY(std::holds_alternative<std::string>(e));
        p.task_test_freq_hz = 0.01;
        e = make_schedule(Protocol::VorGainUp, p, 10);
        QVERIFY(std::holds_alternative<std::string>(e));
        QVERIFY(std::get<std::string>(e).find("[0.1, 10] Hz") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestVor)
#include "test_vor.moc"
