// SPDX-License-Identifier: GPL-3.0-or-later
#include "circuit/nuclei.hpp"

#include <algorithm>
#include <cmath>

#include "params/registry.hpp"
#include "plasticity/mf_dcn.hpp"

namespace flocculus {

DeepNuclei::DeepNuclei(const Parameters& p, const MossyFibres& mf, Rng& rng)
    : per_zone_(static_cast<std::size_t>(p.dcn_cells_per_microzone)),
      inputs_(static_cast<std::size_t>(p.dcn_mf_inputs)),
      initial_weight_(p.dcn_mf_weight_init) {
    const std::size_t cells = per_zone_ * kZoneCount;
    mf_index_.resize(cells * inputs_);
    for (auto& m : mf_index_) m = rng.below(static_cast<std::uint32_t>(mf.count()));
    context_.resize(mf_index_.size());
    for (std::size_t i = 0; i < mf_index_.size(); ++i) {
        const MossyKind k = mf.kind(mf_index_[i]);
        context_[i] = k == MossyKind::Phasic || k == MossyKind::Tonic || k == MossyKind::Ramp;
    }
    w_.assign(cells * inputs_, static_cast<float>(p.dcn_mf_weight_init));
    labile_.assign(cells * inputs_, 0.0F);
    resource_.assign(cells, 1.0);
    mf_trace_hz_.resize(mf.count());
    for (std::size_t i = 0; i < mf.count(); ++i)
        mf_trace_hz_[i] = static_cast<float>(mf.resting_rate_hz(p, i));
    for (int z = 0; z < kZoneCount; ++z) pc_fast_[z] = pc_slow_[z] = p.pc_baseline_rate_hz;
    rate_.assign(cells, p.dcn_baseline_rate_hz);
    // The olive has seen baseline nucleo-olivary firing (0 above baseline) until now.
    const double longest = find_parameter("io.nucleo_olivary_delay_ms")->max_value;
    const auto steps = static_cast<std::size_t>(std::ceil(longest / p.sim_dt_ms)) + 1;
    olive_history_.fill(DelayLine<double>(steps, 0.0));
}

bool DeepNuclei::present(const Lesions& l, std::size_t cell) const {
    return static_cast<double>(cell % per_zone_) >=
           std::round(l[Lesion::Dcn] * static_cast<double>(per_zone_));
}

void DeepNuclei::step(const Parameters& p, const Lesions& lesions, const MossyFibres& mf,
                      const PurkinjeLayer& pcs, double plasticity) {
    const double dt = p.sim_dt_ms;
    const double a = std::min(1.0, dt / p.dcn_tau_ms);
    const double a_ref = std::min(1.0, dt / p.dcn_pause_reference_ms);

    // Mossy collaterals: filtered spike trains (Hz).
    const double spike_hz = 1000.0 / dt;
    for (auto& x : mf_trace_hz_) x -= static_cast<float>(a * x);
    for (const std::uint32_t m : mf.spikes()) mf_trace_hz_[m] += static_cast<float>(a * spike_hz);

    // Purkinje input per zone: simple spikes per cell slot (a removed cell inhibits nothing).
    double ss[kZoneCount]{};
    for (const std::uint32_t c : pcs.simple_spikes()) ss[pcs.zone_of(c)] += 1.0;
    const double slots = static_cast<double>(pcs.per_zone());
    for (int z = 0; z < kZoneCount; ++z) {
        pc_fast_[z] += a * (ss[z] * spike_hz / slots - pc_fast_[z]);
        pc_slow_[z] += a_ref * (pc_fast_[z] - pc_slow_[z]);
    }

    // The tonic drive that puts a cell at its baseline rate when the Purkinje cells fire at
    // theirs and the mossy weights are at their initial values.
    const double bias = p.dcn_baseline_rate_hz + p.dcn_pc_gain * p.pc_baseline_rate_hz;
    const double olive_share = p.io_nucleo_olivary_learned_fraction;
    const bool context_only = p.io_nucleo_olivary_sources == 1;
    const double learn = plasticity * lesions.kept(Lesion::DcnPlasticity);
    const bool fixed = p.dcn_rule == 1;
    const bool labile = p.dcn_labile_tau_s > 0;
    command_ = {};
    learned_command_ = {};
    double olive_now[kZoneCount]{};
    for (int z = 0; z < kZoneCount; ++z) {
        double sum = 0, learned = 0, olive = 0;
        int kept = 0;
        const double inhibition = p.dcn_pc_gain * pc_fast_[z];
        const double unlearned = std::max(0.0, bias - inhibition);  // a cell's rate at initial weights
        // The Purkinje rates below which the zone's inhibition counts as dropped and above
        // which it counts as strong (dcn.rule).
        const double ltp_below = fixed ? p.dcn_ltp_threshold_hz : pc_slow_[z];
        const double ltd_above = fixed ? p.dcn_ltd_threshold_hz : pc_slow_[z];
        for (std::size_t k = 0; k < per_zone_; ++k) {
            const std::size_t c = static_cast<std::size_t>(z) * per_zone_ + k;
            double drive = 0;          // from the learned weights' change
            double context_drive = 0;  // the part of it from context fibres
            // (.data(): with dcn.mf_inputs = 0 the tables are empty, and indexing them is UB.)
            float* w = w_.data() + c * inputs_;
            const std::uint32_t* idx = mf_index_.data() + c * inputs_;
            const std::uint8_t* context = context_.data() + c * inputs_;
            for (std::size_t i = 0; i < inputs_; ++i) {
                const double x = mf_trace_hz_[idx[i]];
                const double learned_drive = (w[i] - initial_weight_) * x;
                drive += learned_drive;
                if (context_only && context[i]) context_drive += learned_drive;
                if (learn > 0) {
                    const double dw = mf_dcn_change(x, pc_fast_[z], ltp_below, ltd_above,
                                                    learn * p.dcn_ltp_rate,
                                                    learn * p.dcn_ltd_rate, dt);
                    const float before = w[i];
                    if (labile) {
                        // An early-phase change is bounded: a synapse holds at most
                        // dcn.labile_max of change until part of it is consolidated.
                        float& l = labile_[c * inputs_ + i];
                        const double stored = std::clamp(l + dw, -p.dcn_labile_max, p.dcn_labile_max);
                        w[i] = static_cast<float>(std::clamp(w[i] + (stored - l), 0.0, p.dcn_w_max));
                        l += w[i] - before;
                    } else {
                        w[i] = static_cast<float>(std::clamp(w[i] + dw, 0.0, p.dcn_w_max));
                    }
                }
            }
            if (labile && plasticity > 0) consolidate(p, c, dt * plasticity);
            rate_[c] = std::max(0.0, bias + drive - inhibition);
            if (!present(lesions, c)) continue;
            sum += rate_[c] - p.dcn_baseline_rate_hz;
            const double seen = context_only ? context_drive : drive;
            olive += std::max(0.0, bias + olive_share * seen - inhibition) - p.dcn_baseline_rate_hz;
            // What the learned weights add to the rate (none while the cell is silenced).
            learned += rate_[c] - unlearned;
            ++kept;
        }
        // Output is carried by the surviving cells; a lesioned cell contributes nothing.
        zone_output_[z] = kept ? sum / kept : 0.0;
        olive_now[z] = kept ? olive / kept : 0.0;
        const double share = static_cast<double>(kept) / static_cast<double>(per_zone_);
        command_ += (p.dcn_output_gain * share * zone_output_[z]) * kZoneDirections[z];
        learned_command_ += (p.dcn_output_gain * share * (kept ? learned / kept : 0.0)) *
                            kZoneDirections[z];
    }
    inhibit_olive(p, olive_now);
}

void DeepNuclei::consolidate(const Parameters& p, std::size_t cell, double dt_ms) {
    // Early and late phases of synaptic change: a change is first labile and decays; while
    // the cell's plasticity resource (protein synthesis, Okamoto et al. 2011) is available a
    // share of it becomes lasting and uses up resource, which recovers slowly. Activity decides
    // what changes; this decides how much of it lasts.
    const double dt_s = dt_ms * 1e-3;
    const double decay = std::min(1.0, dt_s / p.dcn_labile_tau_s);
    const double convert = std::min(1.0, dt_s * p.dcn_consolidation_per_s * resource_[cell]);
    float* w = w_.data() + cell * inputs_;
    float* l = labile_.data() + cell * inputs_;
    double used = 0;
    for (std::size_t i = 0; i < inputs_; ++i) {
        const double lost = decay * l[i];
        w[i] = static_cast<float>(std::clamp(static_cast<double>(w[i]) - lost, 0.0, p.dcn_w_max));
        const double kept = convert * (l[i] - lost);
        l[i] = static_cast<float>(l[i] - lost - kept);
        used += std::abs(kept);
    }
    double& r = resource_[cell];
    r += dt_s * (1.0 - r) / p.dcn_resource_recovery_s - p.dcn_resource_use * used;
    r = std::clamp(r, 0.0, 1.0);
}

void DeepNuclei::inhibit_olive(const Parameters& p, const double (&firing_hz)[kZoneCount]) {
    // The nucleo-olivary synapse releases GABA slowly and asynchronously (Best & Regehr
    // 2009): the olive feels the cells' firing after io.nucleo_olivary_delay_ms, integrated
    // over io.nucleo_olivary_tau_ms. With both 0 it follows their firing at once.
    const double dt = p.sim_dt_ms;
    const double delay_steps = p.io_nucleo_olivary_delay_ms / dt;
    const bool integrate = p.io_nucleo_olivary_tau_ms > dt;
    const double a = integrate ? dt / p.io_nucleo_olivary_tau_ms : 1.0;
    for (int z = 0; z < kZoneCount; ++z) {
        olive_history_[z].push(firing_hz[z]);
        const double seen = olive_history_[z].at(delay_steps);
        zone_olive_[z] = integrate ? zone_olive_[z] + a * (seen - zone_olive_[z]) : seen;
        // The olive may adapt to what is sustained (io.nucleo_olivary_adapt_ms).
        olive_adapted_[z] = p.io_nucleo_olivary_adapt_ms > 0
                                ? olive_adapted_[z] + std::min(1.0, dt / p.io_nucleo_olivary_adapt_ms) *
                                                          (zone_olive_[z] - olive_adapted_[z])
                                : 0.0;
    }
}

}  // namespace flocculus
