// SPDX-License-Identifier: GPL-3.0-or-later
// The extra-cerebellar pursuit loop on its own: latency and gain of step-ramp pursuit, the
// tremor that a mismatched internal delay produces, determinism.
#include <QtTest>

#include "batch.hpp"
#include "eye/pursuit.hpp"
#include "params/registry.hpp"
#include "simulation.hpp"

using namespace flocculus;

namespace {
// The pursuit loop alone: the nuclei lesioned, so nothing cerebellar reaches the eye (and a
// small network, since only the loop is under test).
Lesions no_cerebellum() {
    Lesions l;
    l[Lesion::Dcn] = 1.0;
    return l;
}
Parameters small(Parameters p = default_parameters()) {
    if (set_parameter(p, "network.granule_cells", 5000.0)) qFatal("bad size");
    return p;
}
TrialRecord one_trial(Parameters p, TrialPlan plan = {}) {
    p = small(p);
    Simulation sim(p, {plan}, 1, no_cerebellum());
    TrialRecord out;
    sim.on_trial_end([&](const TrialRecord& r, const TrialMetrics&) { out = r; });
    sim.run_trial();
    return out;
}
}  // namespace

class TestPursuit : public QObject {
    Q_OBJECT
private slots:
    void stepRampReachesSteadyStateWithoutCerebellum() {
        const Parameters p = default_parameters();
        const TrialRecord r = one_trial(p);
        QCOMPARE(static_cast<int>(r.trace.size()), kRecordedBins);
        const TrialMetrics m = compute_trial_metrics(p, r);
        QVERIFY2(m.latency_ms >= 80 && m.latency_ms <= 130, qPrintable(QString::number(m.latency_ms)));
        QVERIFY2(m.gain >= 0.85 && m.gain <= 1.05, qPrintable(QString::number(m.gain)));
        QVERIFY(m.oscillation_p2p_deg_s < 1.0);
        // Nothing moves the eye before the visual delay has passed.
        for (const auto& s : r.trace)
            if (s.t_ms < p.eye_visual_delay_ms) QVERIFY(std::abs(s.eye_vx_deg_s) < 1e-9);
    }

    void latencyFollowsTheVisualDelay() {
        Parameters p = default_parameters();
        const double base = compute_trial_metrics(p, one_trial(p)).latency_ms;
        QVERIFY(!set_parameter(p, "eye.visual_delay_ms", 120.0));
        QVERIFY(!set_parameter(p, "eye.internal_delay_ms", 120.0));
        const double later = compute_trial_metrics(p, one_trial(p)).latency_ms;
        QCOMPARE(later - base, 40.0);
    }

    void directionIsFollowed() {
        Parameters p = default_parameters();
        QVERIFY(!set_parameter(p, "task.direction_deg", 90.0));
        const TrialRecord r = one_trial(p);
        const auto& s = r.trace[700];  // t = 600 ms
        QVERIFY(std::abs(s.eye_vx_deg_s) < 1e-3);
        QVERIFY(s.eye_vy_deg_s > 15.0);
    }

    void mismatchedDelayMakesTremor() {
        // A visual delay the brain's internal model does not expect: the efference-copy
        // loop no longer cancels the delayed feedback, and the eye oscillates.
        Parameters p = default_parameters();
        QVERIFY(!set_parameter(p, "eye.visual_delay_ms", 250.0));
        const TrialMetrics m = compute_trial_metrics(p, one_trial(p));
        QVERIFY2(m.oscillation_p2p_deg_s >= 10.0, qPrintable(QString::number(m.oscillation_p2p_deg_s)));
    }

    void finerTimeStepGivesTheSameBehaviour() {
        Parameters p = default_parameters();
        QVERIFY(!set_parameter(p, "sim.dt_ms", 0.25));
        const TrialRecord r = one_trial(p);
        QCOMPARE(static_cast<int>(r.trace.size()), kRecordedBins);
        const TrialMetrics m = compute_trial_metrics(p, r);
        QVERIFY(m.latency_ms >= 80 && m.latency_ms <= 130);
        QVERIFY(std::abs(m.gain - p.eye_brainstem_gain) < 0.01);
    }

    void instructionMovesTheTargetOrthogonally() {
        const Parameters p = default_parameters();
        TrialPlan plan;
        plan.instructed = true;
        const TrialRecord r = one_trial(p, plan);
        const auto at = [&](int t) { return r.trace[static_cast<std::size_t>(t + 100)]; };
        QCOMPARE(at(249).target_vy_deg_s, 0.0f);
        QCOMPARE(at(250).target_vy_deg_s, 30.0f);
        QCOMPARE(at(649).target_vy_deg_s, 30.0f);
        QCOMPARE(at(650).target_vy_deg_s, 0.0f);
        // Without a cerebellum the eye can only react after the visual delay.
        QVERIFY(std::abs(at(320).eye_vy_deg_s) < 1e-6);
        QVERIFY(at(500).eye_vy_deg_s > 20.0f);
    }

    void seededRunsAreDeterministic() {
        RunConfig c;
        c.trials = 3;
        c.params = small();
        const auto a = std::get<BatchResult>(run_batch(c));
        const auto b = std::get<BatchResult>(run_batch(c));
        QCOMPARE(a.trials.size(), std::size_t{3});
        for (std::size_t i = 0; i < a.trials.size(); ++i) {
            QCOMPARE(a.trials[i].latency_ms, b.trials[i].latency_ms);
            QCOMPARE(a.trials[i].gain, b.trials[i].gain);
        }
    }

    void schedules() {
        Parameters p = default_parameters();
        auto s = std::get<0>(make_schedule(Protocol::Savings, p, std::nullopt));
        QCOMPARE(s.size(), std::size_t(p.task_acquire_trials * 2 + p.task_washout_trials));
        QCOMPARE(s.front().phase, Phase::Acquire);
        QCOMPARE(s.back().phase, Phase::Reacquire);
        QVERIFY(std::holds_alternative<std::string>(make_schedule(Protocol::Savings, p, 10)));
        QVERIFY(!set_parameter(p, "task.probe_every", 4.0));
        s = std::get<0>(make_schedule(Protocol::DirectionLearning, p, 8));
        QVERIFY(s[3].probe && !s[3].instructed && s[7].probe && s[2].instructed);
        auto single = std::get<0>(make_schedule(Protocol::SingleTrial, p, 12));
        int instructed = 0;
        for (const auto& t : single) instructed += t.instructed;
        QCOMPARE(instructed, 1);
        QVERIFY(single[9].instructed);
        QVERIFY(std::holds_alternative<std::string>(make_schedule(Protocol::SingleTrial, p, 5)));
    }

    void consolidationSchedule() {
        Parameters p = default_parameters();
        QVERIFY(!set_parameter(p, "task.sessions", 3));
        QVERIFY(!set_parameter(p, "task.acquire_trials", 4));
        QVERIFY(!set_parameter(p, "task.retention_trials", 2));
        const auto s = std::get<0>(make_schedule(Protocol::Consolidation, p, std::nullopt));
        // 3 x (4 acquire + shutdown probe), 2 rests between, a final rest, 2 retention trials.
        std::string phases;
        for (const auto& t : s) phases += std::string(phase_name(t.phase)).substr(0, 2) + " ";
        QCOMPARE(QString::fromStdString(phases),
                 QString("ac ac ac ac sh re ac ac ac ac sh re ac ac ac ac sh re re re "));
        for (std::size_t i = 0; i < s.size(); ++i) {
            QCOMPARE(s[i].number, static_cast<int>(i) + 1);
            QCOMPARE(s[i].shutdown, s[i].phase == Phase::ShutdownProbe);
            QCOMPARE(s[i].is_rest(), s[i].phase == Phase::Rest);
            QVERIFY(!s[i].instructed || s[i].phase == Phase::Acquire);
        }
        QCOMPARE(s[5].rest_s, p.task_rest_s);
        QCOMPARE(s[17].rest_s, p.task_final_rest_s);
        // Massed training: no rests between sessions.
        QVERIFY(!set_parameter(p, "task.rest_s", 0));
        const auto massed = std::get<0>(make_schedule(Protocol::Consolidation, p, std::nullopt));
        QCOMPARE(massed.size(), s.size() - 2);
        QVERIFY(std::holds_alternative<std::string>(make_schedule(Protocol::Consolidation, p, 10)));
    }

    void restIsSimulatedActivityWithoutRecording() {
        // A rest block runs the circuit for its whole length (simulated time advances, the
        // Purkinje cells go on firing and the weights go on changing) and records nothing.
        Parameters p = small();
        QVERIFY(!set_parameter(p, "task.rest_s", 3));
        QVERIFY(!set_parameter(p, "task.sessions", 2));
        QVERIFY(!set_parameter(p, "task.acquire_trials", 1));
        QVERIFY(!set_parameter(p, "task.final_rest_s", 0));
        QVERIFY(!set_parameter(p, "task.retention_trials", 1));
        const auto schedule = std::get<0>(make_schedule(Protocol::Consolidation, p, std::nullopt));
        Simulation sim(p, schedule, 1);
        std::vector<std::size_t> trace_sizes;
        sim.on_trial_end([&](const TrialRecord& r, const TrialMetrics&) { trace_sizes.push_back(r.trace.size()); });
        for (int k = 0; k < 2; ++k) sim.run_trial();  // session 1 and its shutdown probe
        const double before_s = sim.sim_time_s();
        const auto spikes_before = sim.cerebellum().simple_spike_count();
        const float w_before = sim.cerebellum().synapses().weight(0, 0);
        sim.run_trial();  // the rest
        QCOMPARE(trace_sizes.back(), std::size_t{0});
        QVERIFY(std::abs(sim.sim_time_s() - before_s - 3.0) < 1e-6);
        // ~70 Hz x 64 cells x 3 s of simple spikes.
        QVERIFY(sim.cerebellum().simple_spike_count() - spikes_before > 64 * 3 * 40);
        QVERIFY(sim.cerebellum().synapses().weight(0, 0) != w_before);
        QVERIFY(std::isnan(sim.metrics().back().learned_velocity_deg_s));
        while (!sim.finished()) sim.run_trial();
        QCOMPARE(trace_sizes.back(), static_cast<std::size_t>(kRecordedBins));
    }
};

QTEST_APPLESS_MAIN(TestPursuit)
#include "test_pursuit.moc"
