// SPDX-License-Identifier: GPL-3.0-or-later
#include "circuit/eyeblink_zone.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace flocculus {
namespace {
// Random streams of the eyeblink module, apart from the floccular circuit's (1-4).
enum Stream : std::uint64_t { kBuild = 101, kMossy, kGranule, kPurkinje, kOlive };

// The mossy rate that a granule cell's or Golgi cell's input is measured against (Hz).
constexpr double kMossyReferenceHz = 100.0;
// The granule rate that a Golgi cell's input is measured against (Hz).
constexpr double kGranuleReferenceHz = 50.0;

// Draws `n` distinct indices below `of` (or with repeats when n > of).
void draw_distinct(Rng& rng, std::uint32_t of, std::size_t n, std::uint32_t* out) {
    for (std::size_t k = 0; k < n; ++k) {
        std::uint32_t m;
        do {
            m = rng.below(of);
        } while (n <= of && std::find(out, out + k, m) != out + k);
        out[k] = m;
    }
}
}  // namespace

PfPcRule EyeblinkZone::pf_pc_rule(const Parameters& p) {
    PfPcRule r = PfPcRule::floccular(p);
    r.ltd_rate = p.eb_ltd_rate;
    r.ltp_rate = p.eb_ltp_rate;
    r.kernel_peak_ms = p.eb_ltd_kernel_peak_ms;
    return r;
}

EyeblinkZone::EyeblinkZone(const Parameters& p, std::uint64_t seed)
    : build_rng_(Rng::stream(seed, kBuild)),
      mf_rng_(Rng::stream(seed, kMossy)),
      gc_rng_(Rng::stream(seed, kGranule)),
      pc_rng_(Rng::stream(seed, kPurkinje)),
      io_rng_(Rng::stream(seed, kOlive)),
      pf_(p, static_cast<std::size_t>(p.eb_granule_cells),
          static_cast<std::size_t>(p.eb_purkinje_cells), build_rng_, &pf_pc_rule) {
    Rng& rng = build_rng_;
    const auto n_mf = static_cast<std::uint32_t>(p.eb_mossy_fibres);
    const auto n_gc = static_cast<std::uint32_t>(p.eb_granule_cells);
    const auto n_go = static_cast<std::uint32_t>(p.eb_golgi_cells);
    const auto n_pc = static_cast<std::size_t>(p.eb_purkinje_cells);
    const auto n_dcn = static_cast<std::size_t>(p.dcn_cells_per_microzone);

    // The tone's fibres: a random subset of the given fraction (at least one).
    is_cs_.assign(n_mf, 0);
    const auto n_cs = std::clamp<std::uint32_t>(
        static_cast<std::uint32_t>(std::lround(p.eb_cs_fraction * n_mf)), 1, n_mf);
    std::vector<std::uint32_t> order(n_mf);
    std::iota(order.begin(), order.end(), 0u);
    for (std::uint32_t i = 0; i < n_cs; ++i) {
        const std::uint32_t j = i + rng.below(n_mf - i);
        std::swap(order[i], order[j]);
        is_cs_[order[i]] = 1;
    }

    gc_mf_n_ = static_cast<std::size_t>(p.gc_mf_inputs);
    gc_go_n_ = static_cast<std::size_t>(p.eb_gc_golgi_inputs);
    go_gc_n_ = static_cast<std::size_t>(p.eb_golgi_gc_inputs);
    gc_mf_.resize(n_gc * gc_mf_n_);
    gc_go_.resize(n_gc * gc_go_n_);
    for (std::uint32_t g = 0; g < n_gc; ++g) {
        draw_distinct(rng, n_mf, gc_mf_n_, &gc_mf_[g * gc_mf_n_]);
        draw_distinct(rng, n_go, gc_go_n_, &gc_go_[g * gc_go_n_]);
    }
    go_gc_.resize(n_go * go_gc_n_);
    go_mf_.resize(n_go * gc_mf_n_);
    go_decay_.resize(n_go);
    const double lo = std::log(p.eb_golgi_tau_min_ms);
    const double hi = std::log(std::max(p.eb_golgi_tau_max_ms, p.eb_golgi_tau_min_ms));
    for (std::uint32_t j = 0; j < n_go; ++j) {
        draw_distinct(rng, n_gc, go_gc_n_, &go_gc_[j * go_gc_n_]);
        draw_distinct(rng, n_mf, gc_mf_n_, &go_mf_[j * gc_mf_n_]);
        go_decay_[j] = static_cast<float>(std::exp(rng.uniform(lo, hi)));
    }
    dcn_mf_n_ = static_cast<std::size_t>(p.eb_dcn_mf_inputs);
    dcn_mf_.resize(n_dcn * dcn_mf_n_);
    for (std::size_t c = 0; c < n_dcn; ++c)
        draw_distinct(rng, n_mf, dcn_mf_n_, &dcn_mf_[c * dcn_mf_n_]);

    mf_hz_.assign(n_mf, static_cast<float>(p.eb_mf_background_hz));
    gc_rate_hz_.assign(n_gc, 0.0f);
    gc_spiked_.assign(n_gc, 0);
    golgi_.assign(n_go, 0.0f);
    step_drive_.assign(n_pc, 0.0f);
    pf_drive_.assign(n_pc, 0.0);
    pc_rate_hz_.assign(n_pc, static_cast<float>(p.pc_baseline_rate_hz));
    pc_pause_steps_.assign(n_pc, 0);
    io_refractory_steps_.assign(n_pc, 0);
    pc_mean_hz_ = pc_ref_hz_ = p.pc_baseline_rate_hz;
    dcn_syn_ = NuclearSynapses(n_dcn, dcn_mf_n_, p.dcn_mf_weight_init);
    dcn_rate_.assign(n_dcn, p.dcn_baseline_rate_hz);
}

double EyeblinkZone::mean_golgi_activity() const {
    double sum = 0;
    for (const float g : golgi_) sum += g;
    return golgi_.empty() ? 0.0 : sum / static_cast<double>(golgi_.size());
}

double EyeblinkZone::mean_pf_weight() const {
    const auto w = pf_.weights();
    if (w.empty()) return 0;
    return std::accumulate(w.begin(), w.end(), 0.0) / static_cast<double>(w.size());
}

double EyeblinkZone::mean_cs_dcn_weight_change() const {
    double sum = 0;
    std::size_t n = 0;
    const auto w = dcn_syn_.weights();
    for (std::size_t i = 0; i < w.size(); ++i)
        if (is_cs_[dcn_mf_[i]]) {
            sum += w[i] - dcn_syn_.initial_weight();
            ++n;
        }
    return n ? sum / static_cast<double>(n) : 0.0;
}

void EyeblinkZone::step(const Parameters& p, const Lesions& lesions, const EyeblinkInput& in,
                        std::int64_t step_index, double plasticity, ThreadPool* pool) {
    const double dt = p.sim_dt_ms;
    const double spike_hz = 1000.0 / dt;

    // Mossy fibres: background, and the tone's fibres at task.cs_rate_hz while it is on
    // (silenced in the lesioned fraction of context fibres: the tone is their context).
    const double a_mf = std::min(1.0, dt / p.gc_tau_ms);
    const double cs_kept = lesions.kept(Lesion::MossyContext);
    mf_spikes_.clear();
    const std::size_t n_mf = is_cs_.size();
    const auto n_cs_kept =
        static_cast<std::size_t>(std::lround(cs_kept * static_cast<double>(n_mf)));
    for (std::size_t m = 0; m < n_mf; ++m) {
        double rate = p.eb_mf_background_hz;
        if (is_cs_[m] && in.cs_on && m < n_cs_kept) rate = p.task_cs_rate_hz;
        const bool spike = mf_rng_.uniform() < rate * dt * 1e-3;
        mf_hz_[m] += static_cast<float>(a_mf * ((spike ? spike_hz : 0.0) - mf_hz_[m]));
        if (spike) mf_spikes_.push_back(static_cast<std::uint32_t>(m));
    }

    // Granule cells: rate from mossy excitation less Golgi inhibition; Bernoulli spikes.
    const double golgi_kept = lesions.kept(Lesion::Golgi);
    const std::size_t n_gc = gc_rate_hz_.size();
    const double inv_mf = 1.0 / (kMossyReferenceHz * static_cast<double>(gc_mf_n_));
    const double inv_go = 1.0 / static_cast<double>(gc_go_n_);
    gc_spikes_.clear();
    for (std::size_t g = 0; g < n_gc; ++g) {
        double e = 0, inh = 0;
        for (std::size_t k = 0; k < gc_mf_n_; ++k) e += mf_hz_[gc_mf_[g * gc_mf_n_ + k]];
        for (std::size_t k = 0; k < gc_go_n_; ++k) inh += golgi_[gc_go_[g * gc_go_n_ + k]];
        const double x =
            e * inv_mf - golgi_kept * p.eb_golgi_gain * inh * inv_go - p.eb_gc_threshold;
        const double rate = p.eb_gc_max_rate_hz * std::clamp(x, 0.0, 1.0);
        gc_rate_hz_[g] = static_cast<float>(rate);
        const bool spike = rate > 0 && gc_rng_.uniform() < rate * dt * 1e-3;
        gc_spiked_[g] = spike ? 1 : 0;
        if (spike) gc_spikes_.push_back(static_cast<std::uint32_t>(g));
    }

    // Golgi cells: slow integration of their granule cells' spikes and of their mossy fibres.
    const double gc_norm = spike_hz / (kGranuleReferenceHz * static_cast<double>(go_gc_n_));
    const double mf_norm =
        p.eb_golgi_mf_weight / (kMossyReferenceHz * static_cast<double>(gc_mf_n_));
    for (std::size_t j = 0; j < golgi_.size(); ++j) {
        int spikes = 0;
        for (std::size_t k = 0; k < go_gc_n_; ++k) spikes += gc_spiked_[go_gc_[j * go_gc_n_ + k]];
        double mf = 0;
        for (std::size_t k = 0; k < gc_mf_n_; ++k) mf += mf_hz_[go_mf_[j * gc_mf_n_ + k]];
        const double input = spikes * gc_norm + mf * mf_norm;
        golgi_[j] += static_cast<float>(std::min(1.0, dt / go_decay_[j]) * (input - golgi_[j]));
    }

    // Parallel fibres -> Purkinje cells, balanced by interneurons at the initial weight
    // (the circuit's synapses: transmission with LTP at each parallel-fibre spike).
    const std::size_t n_pc = pc_rate_hz_.size();
    const double a_syn = std::min(1.0, dt / p.pc_syn_tau_ms);
    const PfPcRule rule = pf_pc_rule(p);
    std::fill(step_drive_.begin(), step_drive_.end(), 0.0f);
    pf_.transmit(p, gc_spikes_, step_index, static_cast<float>(rule.w_init),
                 plasticity * lesions.kept(Lesion::Ltp), step_drive_, pool);
    std::vector<double>& pf = pf_drive_;  // net of the interneurons' share
    for (std::size_t c = 0; c < n_pc; ++c) pf[c] += a_syn * (step_drive_[c] - pf[c]);
    mli_drive_ += a_syn * (rule.w_init * static_cast<double>(gc_spikes_.size()) - mli_drive_);

    // Climbing fibres: spontaneous firing and the puff, less nucleo-olivary inhibition.
    const double olive_kept = lesions.kept(Lesion::Io);
    const double no_inhibition = lesions.kept(Lesion::NucleoOlivary) * p.eb_nucleo_olivary_gain *
                                 std::max(0.0, nuclear_out_hz_);
    const double olive_drive = std::max(0.0, 1.0 - no_inhibition);
    const auto refractory = static_cast<int>(std::ceil(p.io_refractory_ms / dt));
    const auto pause = static_cast<int>(std::lround(p.pc_cs_pause_ms / dt));
    const auto removed_pc = static_cast<std::size_t>(
        std::lround(lesions[Lesion::Purkinje] * static_cast<double>(n_pc)));
    ss_.clear();
    cs_.clear();
    for (std::size_t c = 0; c < n_pc; ++c) {
        if (io_refractory_steps_[c] > 0) --io_refractory_steps_[c];
        if (pc_pause_steps_[c] > 0) --pc_pause_steps_[c];
        const bool cell_has_cf =
            static_cast<double>(c) >= std::round((1.0 - olive_kept) * static_cast<double>(n_pc));
        double p_cf = p.io_baseline_rate_hz * dt * 1e-3 * olive_drive;
        if (in.us_now) p_cf = std::max(p_cf, std::min(1.0, p.task_us_strength) * olive_drive);
        const double u = io_rng_.uniform();
        const bool cf = cell_has_cf && io_refractory_steps_[c] == 0 && u < p_cf;
        if (cf) {
            io_refractory_steps_[c] = refractory;
            pc_pause_steps_[c] = pause;
        }
        double rate = p.pc_baseline_rate_hz;
        if (mli_drive_ > 1e-9) rate += p.eb_pc_gain_hz * (pf[c] / mli_drive_);
        rate = std::clamp(rate, 0.0, 400.0);
        if (pc_pause_steps_[c] > 0) rate = 0;
        if (c < removed_pc) rate = 0;  // removed cells fire nothing
        pc_rate_hz_[c] = static_cast<float>(rate);
        const double v = pc_rng_.uniform();
        if (c >= removed_pc && v < rate * dt * 1e-3) ss_.push_back(static_cast<std::uint32_t>(c));
        if (cf && c >= removed_pc) cs_.push_back(static_cast<std::uint32_t>(c));
    }

    // LTD at each complex spike (the circuit's synapses).
    const double ltd = plasticity * lesions.kept(Lesion::Ltd);
    if (ltd > 0 && !cs_.empty()) pf_.depress(p, cs_, step_index, ltd);

    // Nucleus.
    const double a_dcn = std::min(1.0, dt / p.dcn_tau_ms);
    const double a_ref = std::min(1.0, dt / p.dcn_pause_reference_ms);
    pc_mean_hz_ += a_dcn * (static_cast<double>(ss_.size()) * spike_hz / static_cast<double>(n_pc) -
                            pc_mean_hz_);
    pc_ref_hz_ += a_ref * (pc_mean_hz_ - pc_ref_hz_);
    const std::size_t n_dcn = dcn_rate_.size();
    const auto removed_dcn =
        static_cast<std::size_t>(std::lround(lesions[Lesion::Dcn] * static_cast<double>(n_dcn)));
    const double bias = p.dcn_baseline_rate_hz + p.dcn_pc_gain * p.pc_baseline_rate_hz;
    const double learn = plasticity * lesions.kept(Lesion::DcnPlasticity);
    // The circuit's MF->DCN rule on the relative pause: the rates hold at the baseline
    // Purkinje rate and scale with it over the running mean (docs/model.md §11 says why).
    const double relative =
        pc_ref_hz_ > 1e-9 ? p.pc_baseline_rate_hz / pc_ref_hz_ : 0.0;
    const double dcn_ltp = learn * relative * p.eb_dcn_ltp_rate;
    const double dcn_ltd = learn * relative * p.eb_dcn_ltd_rate;
    const auto levels = NuclearSynapses::levels(p, pc_ref_hz_);
    const double w0 = dcn_syn_.initial_weight();
    const double expressed = NuclearSynapses::expressed_share(p, pc_mean_hz_);
    double out = 0, learned_out = 0;
    for (std::size_t c = 0; c < n_dcn; ++c) {
        double learned = 0;
        const float* wc = dcn_syn_.weights(c);
        const std::uint32_t* mc = &dcn_mf_[c * dcn_mf_n_];
        for (std::size_t k = 0; k < dcn_mf_n_; ++k)
            learned += (wc[k] - w0) * mf_hz_[mc[k]];
        const double target = bias + learned * expressed - p.dcn_pc_gain * pc_mean_hz_;
        dcn_rate_[c] += a_dcn * (std::max(0.0, target) - dcn_rate_[c]);
        if (learn > 0 && c >= removed_dcn)
            // Activity above the fibre's spontaneous rate.
            dcn_syn_.learn(
                p, c, [&](std::size_t k) { return std::max(0.0, mf_hz_[mc[k]] - p.eb_mf_background_hz); },
                pc_mean_hz_, levels, dcn_ltp, dcn_ltd, dt);
        if (plasticity > 0) dcn_syn_.consolidate(p, c, dt * plasticity);
        if (c >= removed_dcn) {
            out += dcn_rate_[c] - p.dcn_baseline_rate_hz;
            learned_out += learned;
        }
    }
    // A removed cell sends nothing: the output is the surviving cells' share of the zone's.
    nuclear_out_hz_ = n_dcn ? out / static_cast<double>(n_dcn) : 0.0;
    nuclear_learned_hz_ = n_dcn ? learned_out / static_cast<double>(n_dcn) : 0.0;
}

}  // namespace flocculus
