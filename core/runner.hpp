// SPDX-License-Identifier: GPL-3.0-or-later
// The simulation thread (DESIGN §5). It owns the Simulation; other threads talk to it only
// through a command queue and read immutable snapshots it publishes at most ~60 times a
// second and at each trial end. Nothing mutable is shared.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "circuit/activity.hpp"
#include "params/lesions.hpp"
#include "params/parameters.hpp"
#include "params/registry.hpp"
#include "record/trial_record.hpp"
#include "record/weight_map.hpp"
#include "task/eyeblink_display.hpp"
#include "task/metrics.hpp"
#include "task/protocol.hpp"
#include "util/thread_pool.hpp"

namespace flocculus {

class Simulation;

// Everything needed to build a simulation from scratch.
struct RunConfig {
    Parameters params = default_parameters();
    Protocol protocol = Protocol::StepRamp;
    std::optional<int> trials;  // protocols with one length only
    std::uint64_t seed = 1;
    Lesions lesions{};
    std::vector<TimedLesion> lesions_at;  // lesions from a given trial on (--lesion-at)
    // How the run is executed, not part of the model (no result depends on it): threads
    // computing the circuit, counting the simulation thread, in [1, ThreadPool::kMaxThreads].
    int threads = 1;
};

// Checks a thread count (RunConfig::threads); a one-line error or nothing.
std::optional<std::string> validate_threads(int threads);

// Checks a configuration (thread count, parameter constraints and the protocol's schedule).
// Returns the schedule, or a one-line error.
std::variant<std::vector<TrialPlan>, std::string> prepare_run(const RunConfig& c);

// A change made while a run was under way (a lesion, or a parameter that takes effect at
// once), for marking it on the learning curves and in exported tables.
struct RunMark {
    std::size_t trial = 0;  // 1-based: the first trial run with the change
    double t_ms = 0;        // time within that trial at which it was applied
    std::string label;      // short: "purkinje lesion 50 %", "pf_pc.ltd_rate = 0.002"
    bool scheduled = false; // a lesion of RunConfig::lesions_at, not a change by hand
};

// A command that changed the run after it was built (a parameter's value or a lesion's
// fraction), with the step at which it was applied. The configuration a run was built from
// and its changes in order replay it exactly (cmd::Restore): the model is deterministic, so
// the same steps with the same changes at the same places give the same state.
struct RunChange {
    std::int64_t step = 0;  // Simulation::step_index() when applied (warm-up included)
    bool lesion = false;    // a lesion's fraction; otherwise a parameter's value
    std::string name;       // the parameter's registry name or the lesion's name
    double value = 0;
    friend bool operator==(const RunChange&, const RunChange&) = default;
};

// What the GUI may see: an immutable picture of the run at one moment.
struct Snapshot {
    std::uint64_t sequence = 0;
    std::uint64_t commands_applied = 0;    // commands applied so far (see Runner::send)
    std::uint64_t run_id = 0;              // counts the runs built (each reset is a new run)
    RunConfig config;                      // in effect
    RunConfig pending_config;              // what the next reset will build
    std::vector<std::string> pending;      // structural parameters waiting for a reset
    std::string error;                     // last refused command, if any
    bool playing = false;
    bool finished = false;
    double speed = 1.0;                    // multiple of real time; 0 = as fast as possible
    double realtime_factor = 0.0;          // measured simulated s per wall s
    double sim_time_s = 0.0;
    std::size_t trial_index = 0;           // 0-based
    std::size_t trial_count = 0;
    TrialPlan plan;
    double t_ms = kTrialStartMs;           // time within the current trial
    TargetState target;
    Vec2 eye_position_deg, eye_velocity_deg_s;
    Vec2 head_position_deg, head_velocity_deg_s;  // VOR task (the head is still otherwise)
    std::vector<TraceSample> current_trace;  // the current trial so far
    std::vector<float> current_eyelid;       // eyeblink trials: the lid's closure so far (1 ms)
    // The last completed trials, oldest first (shared, never modified after publishing).
    std::vector<std::shared_ptr<const TrialRecord>> recent_trials;
    // Per-trial measures of every completed trial (learning curves).
    std::shared_ptr<const std::vector<TrialMetrics>> metrics;
    // Population rates over the last ~100 ms of simulated time (circuit diagram).
    CircuitActivity activity;
    // Eyeblink trials: the eyeblink module's activity, from the current trial's recording.
    EyeblinkActivity eyeblink_activity;
    // The lesions in force now: config.lesions as set during the run, and the lesions of
    // config.lesions_at from their trials on.
    Lesions lesions_in_force;
    // Every completed trial since the last reset, oldest first, for exporting the whole
    // recording; the runner stops keeping records after Runner::kKeptRecordBytes, so
    // trials->size() < metrics->size() tells that the later ones were not kept.
    std::shared_ptr<const std::vector<std::shared_ptr<const TrialRecord>>> trials;
    // PF->PC weights by granule-cell firing time, rebuilt at each trial end (null before
    // the first trial of the run ends).
    std::shared_ptr<const WeightMap> weights;
    // Changes made during the run, in order (never null).
    std::shared_ptr<const std::vector<RunMark>> marks;
    // What rebuilds this run exactly: the configuration it was built from, every change
    // applied since (never null), and the steps run so far (Simulation::step_index()).
    RunConfig start_config;
    std::shared_ptr<const std::vector<RunChange>> changes;
    std::int64_t step_index = 0;
    // A run rebuilt by cmd::Restore; `restoring` while it is still replaying, up to step
    // restore_to_step.
    bool restored = false;
    bool restoring = false;
    std::int64_t restore_to_step = 0;
};

namespace cmd {
struct Play {};
struct Pause {};
struct StepTrial {};
struct Reset { std::optional<RunConfig> config; };  // empty: same config, pending applied
struct SetSpeed { double speed; };                   // 0 = as fast as possible
struct SetParameter { std::string name; double value; };
struct SetLesion { Lesion lesion; double fraction; };  // applied between steps
// Builds a run from `config` and replays it at full speed, applying `changes` (in the order
// of their steps) as they were, until step `to_step` (or the end of the schedule), then
// pauses: the run as it was when its snapshot was taken, trained state and results included.
// Commands sent meanwhile wait until it is done, except a reset or another restore.
struct Restore {
    RunConfig config;
    std::vector<RunChange> changes;
    std::int64_t to_step = 0;
};
}  // namespace cmd
using Command = std::variant<cmd::Play, cmd::Pause, cmd::StepTrial, cmd::Reset, cmd::SetSpeed,
                             cmd::SetParameter, cmd::SetLesion, cmd::Restore>;

class Runner {
public:
    static constexpr std::size_t kRecentTrials = 12;
    // Memory the records of completed trials (Snapshot::trials) may take, about 2500
    // trials of the default network.
    static constexpr std::size_t kKeptRecordBytes = std::size_t{256} << 20;

    explicit Runner(RunConfig config);
    ~Runner();  // stops and joins the thread
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    // Queues a command. Returns its number: once a snapshot's commands_applied reaches it,
    // the snapshot shows the command's effect.
    std::uint64_t send(Command c);
    void play() { send(cmd::Play{}); }
    void pause() { send(cmd::Pause{}); }
    void step_trial() { send(cmd::StepTrial{}); }
    void reset(std::optional<RunConfig> c = std::nullopt) { send(cmd::Reset{std::move(c)}); }
    void set_speed(double speed) { send(cmd::SetSpeed{speed}); }
    void set_parameter(std::string name, double value) {
        send(cmd::SetParameter{std::move(name), value});
    }
    void set_lesion(Lesion l, double fraction) { send(cmd::SetLesion{l, fraction}); }

    // The latest snapshot; never null.
    std::shared_ptr<const Snapshot> snapshot() const;

private:
    void thread_main();
    void apply(const Command& c);
    bool rebuild(const RunConfig& c);
    void on_trial_end(const TrialRecord& r, const TrialMetrics& m);
    // Records a change made after the run started (RunMark).
    void mark(std::string label, bool scheduled = false);
    // Marks the lesions of config_.lesions_at that the trial just begun applies.
    void mark_scheduled_lesions();
    // Records a change applied to the run (RunChange) for replaying it.
    void log_change(bool lesion, std::string_view name, double value);
    // One frame's worth of a restore's replay.
    void replay_frame();
    void publish();

    // Shared between threads (guarded by mu_).
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Command> queue_;
    std::uint64_t sent_ = 0;
    bool stop_ = false;
    std::shared_ptr<const Snapshot> latest_;

    // Owned by the simulation thread only.
    RunConfig config_;
    RunConfig pending_config_;
    std::unique_ptr<Simulation> sim_;
    bool playing_ = false;
    bool stepping_ = false;
    std::size_t step_until_trial_ = 0;
    bool finished_ = false;
    double speed_ = 1.0;
    double measured_rt_ = 0.0;
    std::string error_;
    std::uint64_t sequence_ = 0;
    std::uint64_t applied_ = 0;
    std::uint64_t run_id_ = 0;
    std::shared_ptr<const std::vector<RunMark>> marks_;
    RunConfig start_config_;
    std::shared_ptr<const std::vector<RunChange>> changes_;
    bool restored_ = false, restoring_ = false;
    std::vector<RunChange> replay_;  // a restore's changes still to apply, in order
    std::size_t replay_next_ = 0;
    std::int64_t replay_to_ = 0;
    std::deque<std::shared_ptr<const TrialRecord>> recent_;
    std::shared_ptr<const std::vector<TrialMetrics>> metrics_;
    ActivityMeter activity_;
    std::shared_ptr<const std::vector<std::shared_ptr<const TrialRecord>>> kept_;
    std::size_t kept_bytes_ = 0;
    std::shared_ptr<const WeightMap> weights_;
    int trims_left_ = 0;  // releases of free memory still due after a reset
    std::chrono::steady_clock::time_point next_trim_{};

    std::thread thread_;  // last: started when everything above exists
};

}  // namespace flocculus
