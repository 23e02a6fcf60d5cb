// SPDX-License-Identifier: GPL-3.0-or-later
#include "circuit/cerebellum.hpp"

#include <algorithm>
#include <chrono>

namespace flocculus {
namespace {
enum Stream : std::uint64_t { kBuild = 1, kMossy, kPurkinje, kOlive };

// Adds the time since the last mark to `into` when profiling.
class StageClock {
public:
    explicit StageClock(bool on) : on_(on) {
        if (on_) last_ = std::chrono::steady_clock::now();
    }
    void mark(double& into) {
        if (!on_) return;
        const auto now = std::chrono::steady_clock::now();
        into += std::chrono::duration<double>(now - last_).count();
        last_ = now;
    }

private:
    bool on_;
    std::chrono::steady_clock::time_point last_{};
};
}

Cerebellum::Cerebellum(const Parameters& p, std::uint64_t seed, int threads, bool with_eyeblink)
    : build_rng_(Rng::stream(seed, kBuild)),
      mf_(p, build_rng_),
      gc_(p, mf_.count(), build_rng_),
      pc_(p),
      pf_(p, gc_.count(), pc_.count(), build_rng_),
      io_(pc_.count()),
      dcn_(p, mf_, build_rng_),
      gaze_(p),
      eb_(with_eyeblink ? std::make_unique<EyeblinkZone>(p, seed) : nullptr),
      mf_rng_(Rng::stream(seed, kMossy)),
      pc_rng_(Rng::stream(seed, kPurkinje)),
      io_rng_(Rng::stream(seed, kOlive)),
      pool_(threads > 1 ? std::make_unique<ThreadPool>(threads) : nullptr),
      drive_(pc_.count(), 0.0f) {
    tune_to_gaze(p);
}

void Cerebellum::find_gaze_directions() {
    // g, per granule cell: the mean preferred direction of its target-motion mossy inputs (the
    // brainstem's estimate of target velocity: visual slip plus the efference copy of eye
    // velocity); 0 for a cell without any, or with inputs that cancel. Fibres that report the
    // eye's own velocity are left out: learning changes the eye's movement, and a cortex tuned
    // to it would report the learned movement back at every later time (docs/model.md §4).
    // Found when a tuning first needs it (both are off by default).
    if (!gaze_direction_.empty()) return;
    gaze_direction_.assign(gc_.count(), {0.0F, 0.0F});
    for (std::size_t g = 0; g < gc_.count(); ++g) {
        Vec2 sum{};
        int tuned = 0;
        for (const std::uint32_t m : gc_.inputs_of(g)) {
            if (mf_.kind(m) != MossyKind::TargetMotion) continue;
            sum += mf_.preferred(m);
            ++tuned;
        }
        if (tuned == 0) continue;
        gaze_direction_[g] = {static_cast<float>(sum.x / tuned), static_cast<float>(sum.y / tuned)};
    }
}

double Cerebellum::gaze_along(std::size_t g, int zone) const {
    const auto [x, y] = gaze_direction_[g];
    return Vec2{x, y}.dot(kZoneDirections[zone]);
}

void Cerebellum::tune_to_gaze(const Parameters& p) {
    // The adult flocculus's gaze-velocity Purkinje cells (Stone & Lisberger 1990): a zone's
    // synapses from granule cells whose target-motion inputs prefer motion in the zone's
    // direction are weaker, those from cells preferring the opposite direction stronger, so
    // that pursuit in a zone's direction lowers its simple spiking and raises that of the
    // opposite zone.
    if (p.pf_gaze_tuning <= 0) return;
    find_gaze_directions();
    for (std::size_t g = 0; g < gc_.count(); ++g) {
        if (gaze_direction_[g] == std::array{0.0F, 0.0F}) continue;
        for (std::size_t c = 0; c < pc_.count(); ++c) {
            const double w = p.pf_w_init * (1.0 - p.pf_gaze_tuning * gaze_along(g, pc_.zone_of(c)));
            pf_.set_weight(g, c, static_cast<float>(std::clamp(w, 0.0, p.pf_w_max)));
        }
    }
}

void Cerebellum::inhibit_by_gaze(const Parameters& p) {
    // The same tuning carried by the stellate and basket cells instead of the learned weights
    // (mli.gaze_tuning = k): a zone's interneurons take (1 + k g.d_z)+ times the untuned
    // share of inhibition from each granule spike, so pursuit in the zone's direction inhibits
    // its Purkinje cells more and pursuit the other way less. These synapses do not learn, so
    // neither the soft bounds' pull towards pf.w_init nor the olive's teaching wears the tuning
    // away. The untuned share (mli.gain * pf.w_init per spike) is already in the drive; this
    // adds the difference, scaled by the share of fibres that contact a cell.
    if (p.mli_gaze_tuning <= 0 || p.mli_gain <= 0) return;
    find_gaze_directions();
    double extra[kZoneCount]{};
    for (const std::uint32_t g : gc_.spikes()) {
        if (gaze_direction_[g] == std::array{0.0F, 0.0F}) continue;
        for (int z = 0; z < kZoneCount; ++z)
            extra[z] += std::max(0.0, 1.0 + p.mli_gaze_tuning * gaze_along(g, z)) - 1.0;
    }
    const double per_spike = p.mli_gain * p.pf_w_init * p.network_pf_pc_connectivity;
    for (std::size_t c = 0; c < pc_.count(); ++c)
        drive_[c] -= static_cast<float>(per_spike * extra[pc_.zone_of(c)]);
}

Cerebellum::~Cerebellum() = default;

void Cerebellum::step(const Parameters& p, const Lesions& lesions, const CircuitInput& in,
                      std::int64_t step_index, double plasticity) {
    if (in.floccular) step_floccular(p, lesions, in, step_index, plasticity);
    if (eb_ && in.eyeblink)
        eb_->step(p, lesions, *in.eyeblink, step_index, plasticity, pool_.get());
}

void Cerebellum::step_floccular(const Parameters& p, const Lesions& lesions,
                                const CircuitInput& in, std::int64_t step_index,
                                double plasticity) {
    StageClock clock(profiling_);
    mf_.step(p, lesions, in.mossy, mf_rng_);
    clock.mark(times_.mossy);
    gc_.step(p, lesions, mf_.spikes(), step_index, pool_.get());
    gc_spike_count_ += gc_.spikes().size();
    clock.mark(times_.granule);

    // Parallel fibres -> Purkinje cells, with feedforward interneuron inhibition that
    // balances the excitation of fibres at their initial weight (mli.gain = 1).
    // Normalised so that granule activity at the Golgi target with weights at pf.w_max and
    // no inhibition gives a drive of 1 (times pc.pf_gain).
    const double expected_spikes = static_cast<double>(gc_.count()) * p.golgi_target_activity *
                                   p.sim_dt_ms / 10.0;
    const double norm = 1.0 / (p.pf_w_max * std::max(expected_spikes, 1e-9));
    std::fill(drive_.begin(), drive_.end(), 0.0f);
    const auto mli = static_cast<float>(p.mli_gain * p.pf_w_init);
    const double ltp = plasticity * lesions.kept(Lesion::Ltp);
    pf_.transmit(p, gc_.spikes(), step_index, mli, ltp, drive_, pool_.get());
    inhibit_by_gaze(p);
    for (auto& d : drive_) d = static_cast<float>(d * norm);
    clock.mark(times_.pf_pc);

    // The olive sees delayed slip along each zone's direction, less nucleo-olivary inhibition,
    // and the prepositus's gaze signal through its slow synapses (io.gaze_gain).
    double slip[kZoneCount], nuclear[kZoneCount], gaze[kZoneCount];
    const Vec2 gaze_velocity = in.mossy.eye_efference + in.mossy.head_velocity;
    for (int z = 0; z < kZoneCount; ++z) {
        slip[z] = in.delayed_slip.dot(kZoneDirections[z]);
        nuclear[z] = dcn_.zone_nucleo_olivary_hz(z);
        gaze[z] = gaze_velocity.dot(kZoneDirections[z]);
    }
    gaze_.push(p, gaze);
    for (int z = 0; z < kZoneCount; ++z) gaze[z] = gaze_.felt(z);
    io_.step(p, lesions, pc_, slip, nuclear, gaze, step_index, io_rng_);
    pc_.step(p, lesions, drive_, io_.spikes(), step_index, pc_rng_);
    ss_spike_count_ += pc_.simple_spikes().size();
    clock.mark(times_.olive_purkinje);

    // LTD at each complex spike.
    const double ltd = plasticity * lesions.kept(Lesion::Ltd);
    if (ltd > 0 && !pc_.complex_spikes().empty())
        pf_.depress(p, pc_.complex_spikes(), step_index, ltd);
    clock.mark(times_.ltd);

    dcn_.step(p, lesions, mf_, pc_, plasticity);
    clock.mark(times_.nuclei);
}

}  // namespace flocculus
