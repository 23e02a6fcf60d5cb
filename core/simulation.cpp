// SPDX-License-Identifier: GPL-3.0-or-later
#include "simulation.hpp"

#include <cmath>
#include <cstdio>

#include "circuit/finite_check.hpp"
#include "params/registry.hpp"

namespace flocculus {
namespace {
bool has_eyeblink_trials(const std::vector<TrialPlan>& schedule) {
    for (const auto& t : schedule)
        if (t.eyeblink) return true;
    return false;
}
}  // namespace

Simulation::Simulation(const Parameters& p, std::vector<TrialPlan> schedule, std::uint64_t seed,
                       const Lesions& lesions, int threads)
    : p_(p),
      lesions_(lesions),
      schedule_(std::move(schedule)),
      seed_(seed),
      eye_(p.sim_dt_ms),
      cb_(std::make_unique<Cerebellum>(p, seed, threads, has_eyeblink_trials(schedule_))),
      eb_(cb_->eyeblink()),
      timing_(cb_->granule().count()) {
    // Warm-up: fixation (the target at rest) before the first trial, without learning.
    const TrialPlan fixation{};
    const auto warmup_steps = static_cast<long>(std::llround(kWarmupMs / p_.sim_dt_ms));
    for (long k = 0; k < warmup_steps; ++k) {
        advance(kTrialEndMs, fixation, 0.0);  // as in the inter-trial fixation
        ++step_index_;
    }
    initial_weights_ = InitialWeights::capture(cb_->synapses());
    begin_trial();
}

std::optional<std::string> Simulation::set_parameter(std::string_view name, double value) {
    const ParamSpec* s = find_parameter(name);
    if (s && s->structural && get_parameter(p_, *s) != value)
        return "parameter " + std::string(name) + " changes the network's structure and "
               "takes effect only on reset";
    return flocculus::set_parameter(p_, name, value);
}

const TrialPlan& Simulation::current_plan() const {
    static const TrialPlan kNone{};
    return finished() ? (schedule_.empty() ? kNone : schedule_.back()) : schedule_[trial_];
}

double Simulation::time_in_trial_ms() const {
    return kTrialStartMs + static_cast<double>(step_in_trial_) * p_.sim_dt_ms;
}

void Simulation::begin_trial() {
    step_in_trial_ = 0;
    next_sample_ms_ = kTrialStartMs;
    rec_ = TrialRecord{};
    vor_probe_.clear();
    if (finished()) return;
    rec_.plan = schedule_[trial_];
    for (const auto& l : timed_lesions_)
        if (l.from_trial == rec_.plan.number) lesions_[l.lesion] = l.fraction;
    if (rec_.plan.is_rest()) return;  // nothing is recorded during a rest
    if (eb_ && rec_.plan.eyeblink) {
        next_eyelid_ms_ = kTrialStartMs;
        auto& e = rec_.eyeblink;
        const double end = eyeblink_trace_end_ms(p_);
        e.eyelid.reserve(static_cast<std::size_t>(end - kTrialStartMs) + 1);
        e.nuclear_hz.reserve(e.eyelid.capacity());
        e.granule_cells = static_cast<int>(eb_->granule_count());
        e.clock_bins = static_cast<int>(std::ceil(end / kClockBinMs));
        e.purkinje_hz.reserve(e.eyelid.capacity());
        e.golgi.reserve(e.eyelid.capacity());
        e.interneurons.reserve(e.eyelid.capacity());
        e.granule_rates_hz.assign(static_cast<std::size_t>(e.clock_bins) * eb_->granule_count(), 0.0f);
        rec_.eyeblink_cells = static_cast<int>(eb_->purkinje_count());
        rec_.spikes.reserve(8192);
        return;
    }
    rec_.cells_per_zone = static_cast<int>(cb_->purkinje().per_zone());
    rec_.spikes.reserve(8192);
    rec_.trace.reserve(static_cast<std::size_t>(kRecordedBins));
    eye_.recentre();
}

void Simulation::record_sample(double t_ms) {
    // Samples on the 1 ms grid, whatever the time step.
    if (t_ms < next_sample_ms_ || t_ms >= kTrialEndMs) return;
    const Vec2 ev = eye_.eye_velocity(), ep = eye_.eye_position();
    TraceSample s{};
    s.t_ms = static_cast<float>(next_sample_ms_);
    s.target_x_deg = static_cast<float>(target_.position_deg.x);
    s.target_y_deg = static_cast<float>(target_.position_deg.y);
    s.target_vx_deg_s = static_cast<float>(target_.velocity_deg_s.x);
    s.target_vy_deg_s = static_cast<float>(target_.velocity_deg_s.y);
    s.eye_x_deg = static_cast<float>(ep.x);
    s.eye_y_deg = static_cast<float>(ep.y);
    s.eye_vx_deg_s = static_cast<float>(ev.x);
    s.eye_vy_deg_s = static_cast<float>(ev.y);
    s.cerebellar_vx_deg_s = static_cast<float>(cb_->command().x);
    s.cerebellar_vy_deg_s = static_cast<float>(cb_->command().y);
    const Vec2 nuclear = cb_->nuclei().nuclear_learned_command();
    s.nuclear_vx_deg_s = static_cast<float>(nuclear.x);
    s.nuclear_vy_deg_s = static_cast<float>(nuclear.y);
    s.head_x_deg = static_cast<float>(head_.position_deg().x);
    s.head_vx_deg_s = static_cast<float>(head_.velocity_deg_s().x);
    rec_.trace.push_back(s);
    next_sample_ms_ += 1.0;
}

void Simulation::advance_vor(double t_ms, const VorPlan& plan, double plasticity) {
    head_.step(vor_head_freq_hz(plan, p_), p_.task_head_velocity_deg_s, p_.sim_dt_ms);
    const double lens = vor_lens_gain(plan, p_);
    const Vec2 head = head_.velocity_deg_s();
    // The world's image relative to the head, through the spectacles (nothing in the dark:
    // the probes, and training with task.vor_light dark).
    const bool dark = vor_in_dark(plan, p_);
    const Vec2 world = dark ? Vec2{} : world_velocity_deg_s(lens, head);
    target_.velocity_deg_s = world;
    target_.position_deg = dark ? Vec2{} : (-lens) * head_.position_deg();
    CircuitInput in;
    in.mossy.t_ms = t_ms;
    in.mossy.in_trial = false;  // no onset to time from: the head turns on and on
    in.mossy.seen_onset_ms = p_.eye_visual_delay_ms;
    in.mossy.target_estimate = eye_.target_estimate();
    in.mossy.eye_efference = eye_.efference_copy();
    in.mossy.head_velocity = head;
    in.delayed_slip = eye_.delayed_slip();
    cb_->step(p_, lesions_, in, step_index_, plasticity);
    eye_.step_vor(p_, world, head, !dark, cb_->command());
}

void Simulation::advance_eyeblink(double t_ms, const TrialPlan& plan, double plasticity) {
    // Only the eyeblink zone is driven: the floccular zones rest, unstepped.
    CircuitInput in;
    in.floccular = false;
    EyeblinkInput& eb = in.eyeblink.emplace();
    eb.cs_on = eyeblink_cs_on(p_, plan, t_ms);
    // The olive hears the puff at its first step.
    eb.us_now = eyeblink_puff(p_, plan, t_ms) && t_ms < p_.task_isi_ms + p_.sim_dt_ms - 1e-9;
    if (plan.shutdown) {
        Lesions blocked = lesions_;
        blocked[Lesion::Purkinje] = 1.0;
        cb_->step(p_, blocked, in, step_index_, plasticity);
    } else {
        cb_->step(p_, lesions_, in, step_index_, plasticity);
    }
    eyelid_.step(p_, eb_->nuclear_output_hz(), eyeblink_puff(p_, plan, t_ms));
}

void Simulation::record_eyeblink(double t_ms) {
    auto& e = rec_.eyeblink;
    if (t_ms >= eyeblink_trace_end_ms(p_)) return;
    // The zone's Purkinje spikes, as the floccular zones' are recorded (complex first).
    const auto ft = static_cast<float>(t_ms);
    constexpr auto zone = static_cast<std::uint16_t>(kEyeblinkMicrozone);
    for (const std::uint32_t c : eb_->complex_spikes())
        rec_.spikes.push_back({ft, zone, static_cast<std::uint16_t>(c), SpikeKind::Complex});
    for (const std::uint32_t c : eb_->simple_spikes())
        rec_.spikes.push_back({ft, zone, static_cast<std::uint16_t>(c), SpikeKind::Simple});
    if (t_ms >= 0) {
        const auto bin = static_cast<std::size_t>(t_ms / kClockBinMs);
        float* mean = &e.granule_rates_hz[bin * eb_->granule_count()];
        const auto share = static_cast<float>(p_.sim_dt_ms / kClockBinMs);
        const auto rates = eb_->granule_rates_hz();
        for (std::size_t g = 0; g < rates.size(); ++g) mean[g] += share * rates[g];
    }
    if (t_ms < next_eyelid_ms_) return;
    e.eyelid.push_back(static_cast<float>(eyelid_.closure()));
    e.nuclear_hz.push_back(static_cast<float>(eb_->nuclear_output_hz()));
    e.purkinje_hz.push_back(static_cast<float>(eb_->purkinje_rate_hz()));
    e.golgi.push_back(static_cast<float>(eb_->mean_golgi_activity()));
    e.interneurons.push_back(static_cast<float>(eb_->interneuron_drive()));
    next_eyelid_ms_ += 1.0;
}

void Simulation::advance(double t_ms, const TrialPlan& plan, double plasticity) {
    if (eb_) return advance_eyeblink(t_ms, plan, plasticity);
    if (plan.vor.active) return advance_vor(t_ms, plan.vor, plasticity);
    target_ = target_at(p_, plan, t_ms);
    CircuitInput in;
    in.mossy.t_ms = t_ms;
    in.mossy.in_trial = t_ms < kTrialEndMs;
    in.mossy.seen_onset_ms = p_.eye_visual_delay_ms;
    in.mossy.target_estimate = eye_.target_estimate();
    in.mossy.eye_efference = eye_.efference_copy();
    in.delayed_slip = eye_.delayed_slip();
    if (plan.shutdown) {
        // Shutdown probe: Purkinje output blocked for the trial (as by a local anaesthetic
        // in the flocculus), whatever else is lesioned.
        Lesions blocked = lesions_;
        blocked[Lesion::Purkinje] = 1.0;
        cb_->step(p_, blocked, in, step_index_, plasticity);
    } else {
        cb_->step(p_, lesions_, in, step_index_, plasticity);
    }
    eye_.step(p_, target_.velocity_deg_s, cb_->command());
}

bool Simulation::found_nonfinite(double t_ms) {
    // The NaN guard: this step's state of every population (cheap); once something is
    // found, the weights too, to name where it started.
    const bool eyeblink_bad = eb_ && !(std::isfinite(eb_->nuclear_output_hz()) &&
                                       std::isfinite(eyelid_.state().sum()));
    if (!eyeblink_bad &&
        !nonfinite_population(*cb_, eye_.eye_position(), eye_.eye_velocity(), false))
        return false;
    const auto where = eyeblink_bad
                           ? std::optional<std::string_view>("eyeblink zone or eyelid")
                           : nonfinite_population(*cb_, eye_.eye_position(), eye_.eye_velocity(), true);
    char when[96];
    if (rec_.plan.is_rest())
        std::snprintf(when, sizeof when, " during the rest (row %zu of %zu)", trial_ + 1,
                      schedule_.size());
    else
        std::snprintf(when, sizeof when, " during trial %zu of %zu at t = %.0f ms", trial_ + 1,
                      schedule_.size(), t_ms);
    fault_ = "the simulation produced a value that is not finite (NaN or infinity) in the " +
             std::string(where.value_or("circuit")) + when +
             "; the run was stopped (are parameters at the edge of their range?)";
    return true;
}

void Simulation::step_rest() {
    // Fixation as between trials; learning goes on at task.rest_plasticity_scale times its
    // rates, so that one simulated second stands for that many.
    advance(kTrialEndMs, rec_.plan, p_.task_rest_plasticity_scale);
    if (found_nonfinite(kTrialEndMs)) return;
    ++step_index_;
    ++step_in_trial_;
    sim_time_s_ += p_.sim_dt_ms * 1e-3;
    if (static_cast<double>(step_in_trial_) * p_.sim_dt_ms >= rec_.plan.rest_s * 1000.0 - 1e-9)
        end_trial();
}

void Simulation::step() {
    if (finished() || fault_) return;
    if (rec_.plan.is_rest()) return step_rest();
    const double t = time_in_trial_ms();
    advance(t, rec_.plan, 1.0);
    if (found_nonfinite(t)) return;

    if (eb_) {
        if (rec_.plan.eyeblink) record_eyeblink(t);
    } else if (t < kTrialEndMs) {
        timing_.record(cb_->granule().spikes(), t);
        const auto& pc = cb_->purkinje();
        const auto per_zone = pc.per_zone();
        const auto ft = static_cast<float>(t);
        for (const std::uint32_t c : pc.complex_spikes())
            rec_.spikes.push_back({ft, static_cast<std::uint16_t>(c / per_zone),
                                   static_cast<std::uint16_t>(c % per_zone), SpikeKind::Complex});
        for (const std::uint32_t c : pc.simple_spikes())
            rec_.spikes.push_back({ft, static_cast<std::uint16_t>(c / per_zone),
                                   static_cast<std::uint16_t>(c % per_zone), SpikeKind::Simple});
    }
    if (!eb_) record_sample(t);
    if (rec_.plan.vor.dark && t >= kVorFitStartMs)
        vor_probe_.add(head_.phase_rad(), eye_.eye_velocity().x);
    ++step_index_;

    ++step_in_trial_;
    sim_time_s_ += p_.sim_dt_ms * 1e-3;
    if (time_in_trial_ms() >= kTrialEndMs + p_.task_iti_ms + rec_.plan.vor.extra_ms - 1e-9)
        end_trial();
}

void Simulation::end_trial() {
    TrialMetrics m = compute_trial_metrics(p_, rec_);
    if (rec_.plan.vor.dark) {
        const VorResponse r = vor_probe_.result(p_.task_head_velocity_deg_s);
        m.vor_gain_dark = r.gain;
        m.vor_phase_deg = r.phase_deg;
    }
    metrics_.push_back(m);
    for (const auto& cb : trial_callbacks_) cb(rec_, m);
    ++trial_;
    begin_trial();
}

WeightMap Simulation::weight_map() const {
    return build_weight_map(timing_, cb_->synapses(), initial_weights_,
                            static_cast<int>(cb_->purkinje().per_zone()), p_.pf_w_max,
                            static_cast<int>(metrics_.size()));
}

void Simulation::run_trial() {
    const std::size_t t = trial_;
    while (!finished() && trial_ == t) step();
}

}  // namespace flocculus
