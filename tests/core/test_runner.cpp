// SPDX-License-Identifier: GPL-3.0-or-later
// The simulation thread: starts, obeys commands between steps, publishes immutable
// snapshots, and stops cleanly. Also run under ThreadSanitizer (scripts/test.sh).
#include <QtTest>

#include <chrono>
#include <cstring>
#include <thread>

#include "runner.hpp"

using namespace flocculus;
using namespace std::chrono_literals;

namespace {
// Polls snapshots until `pred` holds or the timeout passes.
template <typename Pred>
bool wait_for(const Runner& r, Pred pred, std::chrono::milliseconds timeout = 20s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
        if (pred(*r.snapshot())) return true;
        std::this_thread::sleep_for(2ms);
    }
    return pred(*r.snapshot());
}

// A small network without cerebellar output: these tests are about the thread, and the
// pursuit loop alone makes the expected latency exact.
RunConfig short_config(int trials = 4) {
    RunConfig c;
    c.trials = trials;
    if (set_parameter(c.params, "network.granule_cells", 5000.0)) qFatal("bad size");
    c.lesions[Lesion::Dcn] = 1.0;
    return c;
}
}  // namespace

class TestRunner : public QObject {
    Q_OBJECT
private slots:
    void startsPausedAndStopsCleanly() {
        auto r = std::make_unique<Runner>(short_config());
        const auto s = r->snapshot();
        QVERIFY(s);
        QVERIFY(!s->playing);
        QCOMPARE(s->trial_index, std::size_t{0});
        QCOMPARE(s->trial_count, std::size_t{4});
        std::this_thread::sleep_for(50ms);
        QCOMPARE(r->snapshot()->sim_time_s, 0.0);  // nothing runs until asked
        r.reset();  // joins the thread
    }

    void playRunsToTheEndAtMaxSpeed() {
        Runner r(short_config());
        r.set_speed(0);
        r.play();
        QVERIFY(wait_for(r, [](const Snapshot& s) { return s.finished; }));
        const auto s = r.snapshot();
        QVERIFY(!s->playing);
        QCOMPARE(s->trial_index, std::size_t{4});
        QVERIFY(s->metrics);
        QCOMPARE(s->metrics->size(), std::size_t{4});
        QCOMPARE(s->recent_trials.size(), std::size_t{4});
        QCOMPARE(static_cast<int>(s->recent_trials.back()->trace.size()), kRecordedBins);
        // Every completed trial is kept for export, in order, the recent ones shared.
        QVERIFY(s->trials);
        QCOMPARE(s->trials->size(), std::size_t{4});
        for (std::size_t i = 0; i < s->trials->size(); ++i)
            QCOMPARE((*s->trials)[i]->plan.number, static_cast<int>(i) + 1);
        QCOMPARE(s->trials->back(), s->recent_trials.back());
    }

    void stepTrialRunsExactlyOneTrial() {
        Runner r(short_config());
        r.step_trial();
        QVERIFY(wait_for(r, [](const Snapshot& s) { return s.trial_index == 1 && !s.playing; }));
        std::this_thread::sleep_for(50ms);
        QCOMPARE(r.snapshot()->trial_index, std::size_t{1});
        QCOMPARE(r.snapshot()->t_ms, -100.0);
    }

    void pauseStopsTheClock() {
        Runner r(short_config(1000));
        r.set_speed(1.0);
        r.play();
        QVERIFY(wait_for(r, [](const Snapshot& s) { return s.sim_time_s > 0.05; }));
        r.pause();
        QVERIFY(wait_for(r, [](const Snapshot& s) { return !s.playing; }));
        const double t = r.snapshot()->sim_time_s;
        std::this_thread::sleep_for(100ms);
        QCOMPARE(r.snapshot()->sim_time_s, t);
    }

    void pacedRunFollowsTheWallClock() {
        Runner r(short_config(1000));
        r.set_speed(2.0);
        const auto start = std::chrono::steady_clock::now();
        r.play();
        std::this_thread::sleep_for(400ms);
        const double sim = r.snapshot()->sim_time_s;
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        // Never ahead of twice real time (a frame of slack); sanitizers may make it slower.
        QVERIFY2(sim <= 2.0 * wall + 0.05, qPrintable(QString("%1 vs %2").arg(sim).arg(wall)));
        QVERIFY(sim > 0.0);
    }

    void setParameterReachesTheSimulation() {
        Runner r(short_config());
        r.set_parameter("eye.visual_delay_ms", 120.0);
        QVERIFY(wait_for(r, [](const Snapshot& s) { return s.config.params.eye_visual_delay_ms == 120.0; }));
        r.set_parameter("eye.visual_delay_ms", 9999.0);  // refused, reported, nothing changes
        QVERIFY(wait_for(r, [](const Snapshot& s) { return !s.error.empty(); }));
        QCOMPARE(r.snapshot()->config.params.eye_visual_delay_ms, 120.0);
        QVERIFY(r.snapshot()->error.find("eye.visual_delay_ms") != std::string::npos);
        r.step_trial();
        QVERIFY(wait_for(r, [](const Snapshot& s) { return s.metrics && s.metrics->size() == 1; }));
        QCOMPARE(r.snapshot()->metrics->front().latency_ms, 142.0);  // 102 ms + 40 ms more delay
    }

    void changesDuringARunAreMarked() {
        Runner r(short_config());
        // Before the run starts, changes are its settings: no mark.
        r.set_lesion(Lesion::Io, 0.25);
        r.set_parameter("eye.visual_delay_ms", 110.0);
        QVERIFY(wait_for(r, [](const Snapshot& s) { return s.commands_applied >= 2; }));
        QVERIFY(r.snapshot()->marks && r.snapshot()->marks->empty());
        r.step_trial();
        QVERIFY(wait_for(r, [](const Snapshot& s) { return s.trial_index == 1 && !s.playing; }));
        // After trial 1: each change is marked at trial 2; a value dragged through several
        // steps leaves one mark with the last value; an unchanged value leaves none.
        r.set_lesion(Lesion::Purkinje, 0.5);
        r.set_parameter("eye.visual_delay_ms", 115.0);
        r.set_parameter("eye.visual_delay_ms", 120.0);
        r.set_lesion(Lesion::Io, 0.25);
        const std::uint64_t last = r.send(cmd::SetParameter{"sim.dt_ms", 0.5});  // structural
        QVERIFY(wait_for(r, [last](const Snapshot& s) { return s.commands_applied >= last; }));
        const auto marks = r.snapshot()->marks;
        QCOMPARE(marks->size(), std::size_t{2});
        QCOMPARE((*marks)[0].trial, std::size_t{2});
        QCOMPARE((*marks)[0].label, std::string("purkinje lesion 50 %"));
        QCOMPARE((*marks)[1].label, std::string("eye.visual_delay_ms = 120"));
        // A reset starts a new run without marks.
        r.reset();
        QVERIFY(
            wait_for(r, [](const Snapshot& s) { return s.trial_index == 0 && s.marks->empty(); }));
    }

    void scheduledLesionsTakeEffectAtTheirTrial() {
        RunConfig c = short_config(6);
        c.lesions_at.push_back({3, Lesion::Purkinje, 0.5});
        Runner r(c);
        QCOMPARE(r.snapshot()->lesions_in_force[Lesion::Dcn], 1.0);  // the run's own lesion
        QCOMPARE(r.snapshot()->lesions_in_force[Lesion::Purkinje], 0.0);
        r.step_trial();
        QVERIFY(wait_for(r, [](const Snapshot& s) { return s.trial_index == 1 && !s.playing; }));
        QCOMPARE(r.snapshot()->lesions_in_force[Lesion::Purkinje], 0.0);
        QVERIFY(r.snapshot()->marks->empty());
        // Trial 3 begins when trial 2 ends: the lesion is in force, and marked as scheduled.
        r.step_trial();
        QVERIFY(wait_for(r, [](const Snapshot& s) { return s.trial_index == 2 && !s.playing; }));
        auto s = r.snapshot();
        QCOMPARE(s->lesions_in_force[Lesion::Purkinje], 0.5);
        QCOMPARE(s->config.lesions[Lesion::Purkinje], 0.0);  // a reset schedules it again
        QCOMPARE(s->marks->size(), std::size_t{1});
        QCOMPARE(s->marks->front().trial, std::size_t{3});
        QCOMPARE(s->marks->front().label, std::string("purkinje lesion 50 %"));
        QVERIFY(s->marks->front().scheduled);
        // Another lesion set by hand leaves it in force; the same part's replaces it.
        const std::uint64_t io = r.send(cmd::SetLesion{Lesion::Io, 1.0});
        QVERIFY(wait_for(r, [io](const Snapshot& x) { return x.commands_applied >= io; }));
        s = r.snapshot();
        QCOMPARE(s->lesions_in_force[Lesion::Io], 1.0);
        QCOMPARE(s->lesions_in_force[Lesion::Purkinje], 0.5);
        QVERIFY(!s->marks->back().scheduled);
        const std::uint64_t pc = r.send(cmd::SetLesion{Lesion::Purkinje, 0.0});
        QVERIFY(wait_for(r, [pc](const Snapshot& x) { return x.commands_applied >= pc; }));
        QCOMPARE(r.snapshot()->lesions_in_force[Lesion::Purkinje], 0.0);
        QCOMPARE(r.snapshot()->marks->back().label, std::string("purkinje lesion 0 %"));
    }

    void timedLesionErrorsNameWhereTheyCameFrom() {
        const auto bad = [](std::string_view text, std::string_view option) {
            const auto t = parse_timed_lesion(text, option);
            return std::holds_alternative<std::string>(t) ? std::get<std::string>(t) : std::string();
        };
        QCOMPARE(bad("0:dcn", "lesions_at"),
                 std::string("lesions_at needs K:NAME[:fraction] with K a whole number >= 1 "
                             "(the trial from which the lesion applies), got '0:dcn'"));
        QVERIFY(bad("3:cortex", "--lesion-at").starts_with("--lesion-at 3:cortex: unknown lesion "
                                                           "'cortex' (valid: io, purkinje,"));
        QCOMPARE(check_timed_lesions({{7, Lesion::Dcn, 1.0}}, 6, "lesions_at"),
                 std::optional<std::string>("lesions_at 7:dcn: the trial must be in [1, 6] "
                                            "(this run's length)"));
        QVERIFY(!check_timed_lesions({{6, Lesion::Dcn, 1.0}}, 6));
        RunConfig c = short_config(6);
        c.lesions_at.push_back({7, Lesion::Io, 1.0});
        const auto prepared = prepare_run(c);
        QCOMPARE(std::get<std::string>(prepared),
                 std::string("--lesion-at 7:io: the trial must be in [1, 6] (this run's length)"));
    }

    void structuralChangeWaitsForReset() {
        Runner r(short_config());
        r.set_parameter("sim.dt_ms", 0.5);
        QVERIFY(wait_for(r, [](const Snapshot& s) { return !s.pending.empty(); }));
        QCOMPARE(r.snapshot()->config.params.sim_dt_ms, 1.0);
        QCOMPARE(r.snapshot()->pending.front(), std::string("sim.dt_ms"));
        r.reset();
        QVERIFY(wait_for(r, [](const Snapshot& s) { return s.pending.empty(); }));
        QCOMPARE(r.snapshot()->config.params.sim_dt_ms, 0.5);
    }

    void resetStartsOver() {
        Runner r(short_config());
        r.set_speed(0);
        r.play();
        QVERIFY(wait_for(r, [](const Snapshot& s) { return s.trial_index >= 2; }));
        RunConfig c = short_config(7);
        c.protocol = Protocol::DirectionLearning;
        r.reset(c);
        QVERIFY(wait_for(r, [](const Snapshot& s) { return s.trial_count == 7; }));
        const auto s = r.snapshot();
        QCOMPARE(s->trial_index, std::size_t{0});
        QVERIFY(!s->playing);
        QCOMPARE(s->metrics->size(), std::size_t{0});
        QCOMPARE(s->trials->size(), std::size_t{0});
        QCOMPARE(s->config.protocol, Protocol::DirectionLearning);
    }

    void restoreReplaysTheRunExactly() {
        // A run changed during it, then rebuilt by cmd::Restore from its configuration and
        // changes: the same state at the same step, and the same next trial.
        RunConfig c = short_config(6);
        c.protocol = Protocol::DirectionLearning;
        c.lesions[Lesion::Dcn] = 0.0;  // learning shows in the eye
        Runner a(c);
        a.set_speed(0);
        a.step_trial();
        QVERIFY(wait_for(a, [](const Snapshot& s) { return s.trial_index == 1 && !s.playing; }));
        a.set_parameter("pf.ltd_rate", 0.004);
        a.set_lesion(Lesion::Golgi, 0.5);
        const std::uint64_t last = a.send(cmd::StepTrial{});
        QVERIFY(wait_for(a, [last](const Snapshot& s) {
            return s.commands_applied >= last && s.trial_index == 2 && !s.playing;
        }));
        const auto saved = a.snapshot();
        QCOMPARE(saved->changes->size(), std::size_t{2});
        QVERIFY(saved->changes->front().step > 0);
        QCOMPARE(saved->marks->size(), std::size_t{2});

        Runner b(short_config());
        b.send(cmd::Restore{saved->start_config, *saved->changes, saved->step_index});
        QVERIFY(wait_for(
            b, [](const Snapshot& s) { return s.restored && !s.restoring; }, 60s));
        const auto back = b.snapshot();
        QCOMPARE(back->step_index, saved->step_index);
        QCOMPARE(back->trial_index, std::size_t{2});
        QVERIFY(!back->playing);
        QVERIFY(*back->changes == *saved->changes);
        QCOMPARE(back->marks->size(), saved->marks->size());
        QCOMPARE(back->config.params.pf_ltd_rate, 0.004);
        QCOMPARE(back->metrics->size(), std::size_t{2});
        for (std::size_t i = 0; i < 2; ++i)
            QCOMPARE((*back->metrics)[i].learned_velocity_deg_s,
                     (*saved->metrics)[i].learned_velocity_deg_s);

        // Both go on by one trial: the same trial.
        a.step_trial();
        b.step_trial();
        const auto three = [](const Snapshot& s) { return s.trial_index == 3 && !s.playing; };
        QVERIFY(wait_for(a, three));
        QVERIFY(wait_for(b, three));
        const TrialRecord& ta = *a.snapshot()->recent_trials.back();
        const TrialRecord& tb = *b.snapshot()->recent_trials.back();
        QCOMPARE(tb.trace.size(), ta.trace.size());
        QCOMPARE(tb.spikes.size(), ta.spikes.size());
        QVERIFY(std::memcmp(ta.trace.data(), tb.trace.data(),
                            ta.trace.size() * sizeof(TraceSample)) == 0);
        QCOMPARE(b.snapshot()->metrics->back().gain, a.snapshot()->metrics->back().gain);

        // Commands sent while it restores wait for it; a reset ends it.
        b.send(cmd::Restore{saved->start_config, *saved->changes, saved->step_index});
        b.reset(short_config(3));
        QVERIFY(wait_for(b, [](const Snapshot& s) { return s.trial_count == 3 && !s.restored; }));
    }

    void snapshotsStayValidWhileRunning() {
        // Readers hold snapshots while the runner publishes new ones.
        Runner r(short_config(50));
        r.set_speed(0);
        r.play();
        std::vector<std::shared_ptr<const Snapshot>> held;
        for (int i = 0; i < 50; ++i) {
            held.push_back(r.snapshot());
            std::this_thread::sleep_for(1ms);
        }
        for (std::size_t i = 1; i < held.size(); ++i) QVERIFY(held[i]->sequence >= held[i - 1]->sequence);
        for (const auto& s : held)
            for (const auto& t : s->recent_trials) QCOMPARE(static_cast<int>(t->trace.size()), kRecordedBins);
    }
};

QTEST_APPLESS_MAIN(TestRunner)
#include "test_runner.moc"
