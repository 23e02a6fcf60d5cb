// SPDX-License-Identifier: GPL-3.0-or-later
#include "circuit/nuclei.hpp"

#include <algorithm>
#include <cmath>

#include "params/registry.hpp"

namespace flocculus {

DeepNuclei::DeepNuclei(const Parameters& p, const MossyFibres& mf, Rng& rng)
    : per_zone_(static_cast<std::size_t>(p.dcn_cells_per_microzone)),
      inputs_(static_cast<std::size_t>(p.dcn_mf_inputs)),
      syn_(per_zone_ * kZoneCount, inputs_, p.dcn_mf_weight_init),
      olive_(p) {
    const std::size_t cells = per_zone_ * kZoneCount;
    mf_index_.resize(cells * inputs_);
    for (auto& m : mf_index_) m = rng.below(static_cast<std::uint32_t>(mf.count()));
    context_.resize(mf_index_.size());
    for (std::size_t i = 0; i < mf_index_.size(); ++i) {
        const MossyKind k = mf.kind(mf_index_[i]);
        context_[i] = k == MossyKind::Phasic || k == MossyKind::Tonic || k == MossyKind::Ramp;
    }
    mf_trace_hz_.resize(mf.count());
    for (std::size_t i = 0; i < mf.count(); ++i)
        mf_trace_hz_[i] = static_cast<float>(mf.resting_rate_hz(p, i));
    for (int z = 0; z < kZoneCount; ++z) pc_fast_[z] = pc_slow_[z] = p.pc_baseline_rate_hz;
    rate_.assign(cells, p.dcn_baseline_rate_hz);
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
    command_ = {};
    learned_command_ = {};
    double olive_now[kZoneCount]{};
    const double w0 = syn_.initial_weight();
    for (int z = 0; z < kZoneCount; ++z) {
        double sum = 0, learned = 0, olive = 0;
        int kept = 0;
        const double inhibition = p.dcn_pc_gain * pc_fast_[z];
        const double unlearned = std::max(0.0, bias - inhibition);  // a cell's rate at initial weights
        const auto levels = NuclearSynapses::levels(p, pc_slow_[z]);
        const double expressed = NuclearSynapses::expressed_share(p, pc_fast_[z]);
        for (std::size_t k = 0; k < per_zone_; ++k) {
            const std::size_t c = static_cast<std::size_t>(z) * per_zone_ + k;
            double drive = 0;          // from the learned weights' change
            double context_drive = 0;  // the part of it from context fibres
            // (.data(): with dcn.mf_inputs = 0 the tables are empty, and indexing them is UB.)
            const float* w = syn_.weights(c);
            const std::uint32_t* idx = mf_index_.data() + c * inputs_;
            const std::uint8_t* context = context_.data() + c * inputs_;
            for (std::size_t i = 0; i < inputs_; ++i) {
                const double learned_drive = (w[i] - w0) * mf_trace_hz_[idx[i]];
                drive += learned_drive;
                if (context_only && context[i]) context_drive += learned_drive;
            }
            if (learn > 0)
                syn_.learn(p, c, [&](std::size_t i) { return static_cast<double>(mf_trace_hz_[idx[i]]); },
                           pc_fast_[z], levels, learn * p.dcn_ltp_rate, learn * p.dcn_ltd_rate, dt);
            if (plasticity > 0) syn_.consolidate(p, c, dt * plasticity);
            drive *= expressed;
            context_drive *= expressed;
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
    olive_.push(p, olive_now);
}

}  // namespace flocculus
