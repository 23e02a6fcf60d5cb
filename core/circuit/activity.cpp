// SPDX-License-Identifier: GPL-3.0-or-later
#include "circuit/activity.hpp"

#include "circuit/cerebellum.hpp"

namespace flocculus {

PopulationRate zone_mean(const std::array<PopulationRate, kZoneCount>& zones) {
    PopulationRate m;
    for (const auto& z : zones) {
        m.rate_hz += z.rate_hz / kZoneCount;
        m.baseline_hz += z.baseline_hz / kZoneCount;
    }
    return m;
}

void ActivityMeter::observe(const Cerebellum& cb, const Parameters& p, const Lesions& lesions) {
    mossy_count_ = cb.mossy().count();
    granule_count_ = cb.granule().count();
    const PurkinjeLayer& pcs = cb.purkinje();
    purkinje_per_zone_ = pcs.per_zone();

    Bin& b = bins_[current_];
    b.ms += p.sim_dt_ms;
    b.mossy_spikes += static_cast<double>(cb.mossy().spikes().size());
    b.granule_spikes += static_cast<double>(cb.granule().spikes().size());
    for (const std::uint32_t c : pcs.simple_spikes()) b.simple[pcs.zone_of(c)] += 1.0;
    for (const std::uint32_t c : cb.olive().spikes()) b.complex[pcs.zone_of(c)] += 1.0;
    const DeepNuclei& dcn = cb.nuclei();
    const std::size_t per_zone = dcn.cells_per_zone();
    for (int z = 0; z < kZoneCount; ++z) {
        double sum = 0;
        int kept = 0;
        for (std::size_t k = 0; k < per_zone; ++k) {
            const std::size_t cell = static_cast<std::size_t>(z) * per_zone + k;
            if (!dcn.present(lesions, cell)) continue;
            sum += dcn.cell_rate_hz(cell);
            ++kept;
        }
        if (kept > 0) b.nuclear_hz_ms[z] += sum / kept * p.sim_dt_ms;
    }

    if (b.ms >= kBinMs - 1e-9) {
        current_ = (current_ + 1) % bins_.size();
        bins_[current_] = Bin{};
        if (complete_ < kBins) ++complete_;
    }
}

CircuitActivity ActivityMeter::activity(const Parameters& p, const Lesions& lesions) const {
    // Sum the complete bins and the one being filled.
    Bin sum;
    for (std::size_t i = 0; i <= complete_; ++i) {
        const Bin& b = bins_[(current_ + bins_.size() - i) % bins_.size()];
        sum.ms += b.ms;
        sum.mossy_spikes += b.mossy_spikes;
        sum.granule_spikes += b.granule_spikes;
        for (int z = 0; z < kZoneCount; ++z) {
            sum.simple[z] += b.simple[z];
            sum.complex[z] += b.complex[z];
            sum.nuclear_hz_ms[z] += b.nuclear_hz_ms[z];
        }
    }

    CircuitActivity a;
    a.window_ms = sum.ms;
    const double granule_baseline_hz = p.golgi_target_activity * 1000.0 / 10.0;
    a.mossy.baseline_hz = p.mf_background_rate_hz;
    a.granule.baseline_hz = a.golgi.baseline_hz = a.interneurons.baseline_hz =
        granule_baseline_hz;
    for (int z = 0; z < kZoneCount; ++z) {
        a.purkinje[z].baseline_hz = p.pc_baseline_rate_hz;
        a.olive[z].baseline_hz = p.io_baseline_rate_hz;
        a.nuclei[z].baseline_hz = p.dcn_baseline_rate_hz;
    }
    if (sum.ms <= 0) return a;

    const double seconds = sum.ms * 1e-3;
    const auto per_cell_hz = [seconds](double spikes, std::size_t cells) {
        return cells > 0 ? spikes / (static_cast<double>(cells) * seconds) : 0.0;
    };
    a.mossy.rate_hz = per_cell_hz(sum.mossy_spikes, mossy_count_);
    a.granule.rate_hz = per_cell_hz(sum.granule_spikes, granule_count_);
    a.golgi.rate_hz = a.granule.rate_hz * lesions.kept(Lesion::Golgi);
    a.interneurons.rate_hz = a.granule.rate_hz * p.mli_gain;
    for (int z = 0; z < kZoneCount; ++z) {
        a.purkinje[z].rate_hz = per_cell_hz(sum.simple[z], purkinje_per_zone_);
        a.olive[z].rate_hz = per_cell_hz(sum.complex[z], purkinje_per_zone_);
        a.nuclei[z].rate_hz = sum.nuclear_hz_ms[z] / sum.ms;
    }
    return a;
}

}  // namespace flocculus
