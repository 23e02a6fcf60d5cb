// SPDX-License-Identifier: GPL-3.0-or-later
// The eyeblink module (DESIGN §1.8, §5.1): a microzone of the same cerebellar logic as the
// floccular zones, built only for the eyeblink protocols, with its own mossy fibres, granule
// and Golgi cells, Purkinje cells, climbing fibres and nucleus, and its own random streams (so
// the pursuit zones draw and compute exactly what they did without it).
//
//  - Mossy fibres (eb.mossy_fibres) fire as Poisson trains at eb.mf_background_hz; a subset
//    (eb.cs_fraction) carries the tone: while the CS is on, they fire at task.cs_rate_hz. That
//    is all the CS is: a tonic rise, with nothing timed in it.
//  - Granule cells are rate units that fire Bernoulli spikes. Each has eb.gc_mf_inputs mossy
//    fibres (filtered spike trains) and eb.gc_golgi_inputs Golgi cells:
//      rate_i = eb.gc_max_rate_hz * clamp(e_i - eb.golgi_gain * mean_k G_k - eb.gc_threshold, 0, 1)
//    with e_i the mean of its mossy trains over eb.mf_reference_hz.
//  - Golgi cells integrate the spikes of eb.golgi_gc_inputs random granule cells (normalised
//    to a granule cell firing at eb.gc_reference_hz) and eb.golgi_mf_weight times their own
//    mossy fibres, each with its own slow time constant drawn log-uniformly between
//    eb.golgi_tau_min_ms and eb.golgi_tau_max_ms:
//      tau_j dG_j/dt = -G_j + granule input + mossy input
//    The random granule -> Golgi -> granule loop with slow inhibition (Yamazaki & Tanaka 2005)
//    turns the tonic CS into a population code that keeps changing with time since CS onset:
//    the granular-layer clock.
//  - Purkinje cells (eb.purkinje_cells) fire at pc.baseline_rate_hz plus eb.pc_gain_hz times
//    the relative change of their parallel-fibre drive from what it was at the initial weights
//    (molecular-layer interneurons balance the initial drive), paused pc.cs_pause_ms after a
//    complex spike.
//  - PF->PC plasticity is the circuit's own (PfPcSynapses, plasticity/pf_pc.hpp), with the
//    zone's rule (pf_pc_rule): LTD at each complex spike by the fibres' eligibility under the
//    circuit's kernel (pf.ltd_kernel_sharpness) peaking eb.ltd_kernel_peak_ms before it, at
//    eb.ltd_rate; LTP at each parallel-fibre spike by eb.ltp_rate; pf.w_init, pf.w_max and
//    pf.weight_dependence as in the floccular zones.
//  - Climbing fibres: io.baseline_rate_hz spontaneously, plus the US: at the puff each fires
//    with probability task.us_strength, less nucleo-olivary inhibition
//    (eb.nucleo_olivary_gain per Hz of nuclear output); io.refractory_ms.
//  - Nucleus (dcn.cells_per_microzone rate cells, as each floccular zone has): a tonic drive
//    that gives dcn.baseline_rate_hz at baseline Purkinje firing, plus plastic mossy
//    collaterals (counted from their initial weight), minus dcn.pc_gain times the Purkinje
//    rate. MF->DCN weights are the circuit's (NuclearSynapses, plasticity/nuclear_synapses.hpp):
//    they follow dcn.rule, comparing the Purkinje activity with its running mean
//    (dcn.pause_reference_ms, the default "pause") or with fixed rates ("threshold"), for
//    fibres firing above their spontaneous rate, at eb.dcn_ltp_rate and eb.dcn_ltd_rate times
//    pc.baseline_rate_hz over that mean (so on the relative pause); and with dcn.labile_tau_s
//    > 0 their change goes through the same labile store and consolidation as the floccular
//    nuclei's. Its output above baseline drives the eyelid (the red
//    nucleus and facial nucleus).
// The zone is a module of the Cerebellum (circuit/cerebellum.hpp), built when a schedule has
// eyeblink trials and stepped when the circuit's input drives it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "params/lesions.hpp"
#include "params/parameters.hpp"
#include "plasticity/nuclear_synapses.hpp"
#include "plasticity/pf_pc.hpp"
#include "util/rng.hpp"
#include "util/thread_pool.hpp"

namespace flocculus {

// What the eyeblink zone receives at one step.
struct EyeblinkInput {
    bool cs_on = false;   // the tone is on
    bool us_now = false;  // the puff reaches the olive at this step
};

class EyeblinkZone {
  public:
    EyeblinkZone(const Parameters& p, std::uint64_t seed);

    // The zone's PF->PC rule: the circuit's, with eb.ltd_rate, eb.ltp_rate and
    // eb.ltd_kernel_peak_ms (docs/model.md, the eyeblink section, says why).
    static PfPcRule pf_pc_rule(const Parameters& p);

    // One step at `step_index` (one more than the last); `plasticity` scales every learning
    // rate (0 = no learning). The parallel fibres run on `pool` when one is given.
    void step(const Parameters& p, const Lesions& lesions, const EyeblinkInput& in,
              std::int64_t step_index, double plasticity = 1.0, ThreadPool* pool = nullptr);

    std::size_t granule_count() const { return gc_rate_hz_.size(); }
    std::size_t golgi_count() const { return golgi_.size(); }
    std::size_t purkinje_count() const { return pc_rate_hz_.size(); }
    std::size_t mossy_count() const { return is_cs_.size(); }
    bool is_cs_fibre(std::size_t m) const { return is_cs_[m] != 0; }

    // This step's granule spikes (cell indices, ascending).
    std::span<const std::uint32_t> granule_spikes() const { return gc_spikes_; }
    // Each granule cell's firing rate this step (Hz; what its spikes are drawn from).
    std::span<const float> granule_rates_hz() const { return gc_rate_hz_; }
    std::span<const float> golgi_activity() const { return golgi_; }
    double mean_golgi_activity() const;  // over the Golgi cells, in their model units
    double interneuron_drive() const { return mli_drive_; }  // what the interneurons carry
    // Purkinje cells: this step's simple and complex spikes (cell indices).
    std::span<const std::uint32_t> simple_spikes() const { return ss_; }
    std::span<const std::uint32_t> complex_spikes() const { return cs_; }
    // Mean simple-spike rate of the surviving Purkinje cells (Hz, filtered).
    double purkinje_rate_hz() const { return pc_mean_hz_; }
    // Mean rate of the surviving nuclear cells above dcn.baseline_rate_hz (Hz; 0 with none).
    double nuclear_output_hz() const { return nuclear_out_hz_; }
    // The part of that output carried by the change of mossy->nuclear weights (Hz).
    double nuclear_learned_hz() const { return nuclear_learned_hz_; }
    // Mean PF->PC weight and mean MF->DCN weight change of CS fibres (for displays).
    double mean_pf_weight() const;
    double mean_cs_dcn_weight_change() const;
    std::span<const float> pf_weights() const { return pf_.weights(); }  // [granule][purkinje]
    const PfPcSynapses& synapses() const { return pf_; }

  private:
    Rng build_rng_;
    // Structure.
    std::vector<std::uint8_t> is_cs_;    // per mossy fibre
    std::vector<std::uint32_t> gc_mf_;   // [granule][gc_mf_inputs]
    std::vector<std::uint32_t> gc_go_;   // [granule][gc_golgi_inputs]
    std::vector<std::uint32_t> go_gc_;   // [golgi][golgi_gc_inputs]
    std::vector<std::uint32_t> go_mf_;   // [golgi][gc_mf_inputs]
    std::vector<float> go_decay_;        // per Golgi cell, its time constant (ms)
    std::vector<std::uint32_t> dcn_mf_;  // [dcn][dcn_mf_inputs]
    std::size_t gc_mf_n_ = 0, gc_go_n_ = 0, go_gc_n_ = 0, dcn_mf_n_ = 0;
    // Random streams of the module alone.
    Rng mf_rng_, gc_rng_, pc_rng_, io_rng_;
    // State.
    std::vector<float> mf_hz_;  // filtered mossy trains (Hz)
    std::vector<std::uint32_t> mf_spikes_;
    std::vector<float> gc_rate_hz_;
    std::vector<std::uint8_t> gc_spiked_;
    std::vector<std::uint32_t> gc_spikes_;
    std::vector<float> golgi_;
    PfPcSynapses pf_;
    std::vector<float> step_drive_;  // per Purkinje cell, this step's PF input net of interneurons
    std::vector<double> pf_drive_;   // the same, filtered
    double mli_drive_ = 0;           // filtered PF input at the initial weight
    std::vector<float> pc_rate_hz_;
    std::vector<int> pc_pause_steps_;
    std::vector<int> io_refractory_steps_;
    std::vector<std::uint32_t> ss_, cs_;
    double pc_mean_hz_ = 0, pc_ref_hz_ = 0;
    NuclearSynapses dcn_syn_;  // the nucleus's plastic mossy synapses, [dcn][input]
    std::vector<double> dcn_rate_;
    double nuclear_out_hz_ = 0, nuclear_learned_hz_ = 0;
};

}  // namespace flocculus
