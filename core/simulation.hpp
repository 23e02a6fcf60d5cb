// SPDX-License-Identifier: GPL-3.0-or-later
// One model: the parameters (constant during a step), the changing state, and the trial
// schedule. Deterministic: the same parameters, schedule and seed give the same run.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "circuit/cerebellum.hpp"
#include "eye/eyelid.hpp"
#include "eye/pursuit.hpp"
#include "params/lesions.hpp"
#include "params/parameters.hpp"
#include "record/trial_record.hpp"
#include "record/weight_map.hpp"
#include "task/metrics.hpp"
#include "task/protocol.hpp"
#include "task/vor.hpp"
#include "util/rng.hpp"

namespace flocculus {

class Simulation {
public:
    using TrialCallback = std::function<void(const TrialRecord&, const TrialMetrics&)>;

    // Fixation before the first trial, with the circuit running and learning off, so that
    // Golgi homeostasis and filters settle before anything is recorded.
    static constexpr double kWarmupMs = 2000.0;

    // `threads` is how the circuit is computed (see Cerebellum), not part of the model: the
    // results are the same for any number.
    Simulation(const Parameters& p, std::vector<TrialPlan> schedule, std::uint64_t seed,
               const Lesions& lesions = {}, int threads = 1);

    const Parameters& parameters() const { return p_; }
    const Lesions& lesions() const { return lesions_; }
    void set_lesions(const Lesions& l) { lesions_ = l; }
    // Lesions that take effect when the trial of their number begins (lesions after
    // training); they add to, and from then on replace, the fraction set for that part.
    void schedule_lesions(std::vector<TimedLesion> l) { timed_lesions_ = std::move(l); }
    // Changes a parameter between steps. Structural parameters (sizes, the time step) are
    // refused here: they take effect only when a new Simulation is built.
    std::optional<std::string> set_parameter(std::string_view name, double value);

    // One step. Does nothing once fault() is set.
    void step();
    // Set when the NaN guard found a value that is not finite (NaN or infinity) in the
    // circuit or the eye: one line naming the population, the trial and the time. The run
    // cannot go on (step() does nothing); nothing of the faulty trial is reported.
    const std::optional<std::string>& fault() const { return fault_; }
    // Steps until the current trial (including its inter-trial interval) is complete.
    void run_trial();
    bool finished() const { return trial_ >= schedule_.size(); }

    std::size_t trial_index() const { return trial_; }  // 0-based into the schedule
    std::size_t trial_count() const { return schedule_.size(); }
    const std::vector<TrialPlan>& schedule() const { return schedule_; }
    const TrialPlan& current_plan() const;
    double time_in_trial_ms() const;
    double sim_time_s() const { return sim_time_s_; }
    std::uint64_t seed() const { return seed_; }

    const TrialRecord& current_record() const { return rec_; }
    const std::vector<TrialMetrics>& metrics() const { return metrics_; }
    void on_trial_end(TrialCallback cb) { trial_callbacks_.push_back(std::move(cb)); }

    TargetState target() const { return target_; }
    // The VOR task's head (still in every other task).
    const HeadRotation& head() const { return head_; }
    const PursuitLoop& eye() const { return eye_; }
    const Cerebellum& cerebellum() const { return *cb_; }
    Cerebellum& cerebellum() { return *cb_; }
    std::int64_t step_index() const { return step_index_; }
    // The eyeblink zone (the circuit's module) and the eyelid: built only when the schedule
    // has eyeblink trials (then the floccular zones and the eye rest, unstepped, for the
    // whole run).
    const EyeblinkZone* eyeblink_zone() const { return eb_; }
    const Eyelid& eyelid() const { return eyelid_; }

    // When each granule cell fires in the trial (updated on its spikes in the recorded
    // window), and the PF->PC weights at the start of the run (after warm-up).
    const GranuleTiming& granule_timing() const { return timing_; }
    const InitialWeights& initial_weights() const { return initial_weights_; }
    // The downsampled weight map after the trials completed so far: one pass over the
    // weights (see record/weight_map.hpp), so build it at trial ends, not every step.
    WeightMap weight_map() const;

private:
    void begin_trial();
    void end_trial();
    void record_sample(double t_ms);
    // Moves target, circuit and eye one step at time t_ms of a trial planned as `plan`.
    void advance(double t_ms, const TrialPlan& plan, double plasticity);
    // The same for a trial of the VOR task (task/vor.hpp): the head turns, the world moves
    // through the spectacles or is dark, and the eye is driven by the vestibular reflex.
    void advance_vor(double t_ms, const VorPlan& plan, double plasticity);
    // Rest blocks: fixation with the circuit running and nothing recorded.
    void step_rest();
    // Checks this step's state for values that are not finite; on finding one, records the
    // fault naming the population and returns true.
    bool found_nonfinite(double t_ms);
    // Eyeblink protocols: one step of the eyeblink zone and the eyelid, and its recording.
    void advance_eyeblink(double t_ms, const TrialPlan& plan, double plasticity);
    void record_eyeblink(double t_ms);

    Parameters p_;
    Lesions lesions_;
    std::vector<TimedLesion> timed_lesions_;
    std::vector<TrialPlan> schedule_;
    std::uint64_t seed_;
    PursuitLoop eye_;
    std::unique_ptr<Cerebellum> cb_;
    const EyeblinkZone* eb_ = nullptr;  // cb_'s eyeblink zone, if built
    Eyelid eyelid_;
    double next_eyelid_ms_ = kTrialStartMs;
    GranuleTiming timing_;
    InitialWeights initial_weights_;
    TargetState target_{};
    HeadRotation head_;
    VorProbe vor_probe_;  // samples of the current dark probe
    std::int64_t step_index_ = 0;

    std::size_t trial_ = 0;
    long step_in_trial_ = 0;
    double next_sample_ms_ = kTrialStartMs;
    double sim_time_s_ = 0;
    TrialRecord rec_;
    std::vector<TrialMetrics> metrics_;
    std::vector<TrialCallback> trial_callbacks_;
    std::optional<std::string> fault_;
};

}  // namespace flocculus
