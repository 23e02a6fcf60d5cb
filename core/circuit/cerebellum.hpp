// SPDX-License-Identifier: GPL-3.0-or-later
// The floccular circuit assembled: mossy fibres -> granule cells (with Golgi cells) ->
// parallel fibres -> Purkinje cells (with interneurons) -> deep nuclei -> eye, and the
// inferior olive's climbing fibres as the teacher. One step advances every part in the
// order signals travel. Its modules: the four floccular microzones (right, left, up, down),
// and, when built for an eyeblink schedule, the eyeblink microzone (circuit/eyeblink_zone.hpp),
// which uses the same plasticity code (PfPcSynapses, NuclearSynapses) and the same lesions.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "circuit/eyeblink_zone.hpp"
#include "circuit/granule.hpp"
#include "circuit/mossy.hpp"
#include "circuit/nuclei.hpp"
#include "circuit/purkinje.hpp"
#include "params/lesions.hpp"
#include "params/parameters.hpp"
#include "plasticity/pf_pc.hpp"
#include "util/rng.hpp"
#include "util/thread_pool.hpp"
#include "util/vec2.hpp"

namespace flocculus {

// What the circuit receives from the rest of the brain at one moment.
// Which modules it drives: the floccular zones (stepped unless `floccular` is false) and the
// eyeblink zone (stepped when `eyeblink` is set: the tone and the puff of this step).
struct CircuitInput {
    MossyInput mossy;
    Vec2 delayed_slip;  // retinal slip as it reaches the olive (deg/s)
    bool floccular = true;
    std::optional<EyeblinkInput> eyeblink;
};

// Where the time of a step goes (seconds, accumulated while profiling is on).
struct StageTimes {
    double mossy = 0, granule = 0, pf_pc = 0, olive_purkinje = 0, ltd = 0, nuclei = 0;
    double total() const { return mossy + granule + pf_pc + olive_purkinje + ltd + nuclei; }
};

class Cerebellum {
public:
    // `threads` (>= 1, counting the caller) run the granule layer, the parallel fibres and
    // their plasticity; the results are the same for any number. `with_eyeblink` builds the
    // eyeblink zone (with random streams of its own, so the floccular zones are unchanged).
    Cerebellum(const Parameters& p, std::uint64_t seed, int threads = 1,
               bool with_eyeblink = false);
    ~Cerebellum();

    // Advances one step. `plasticity` scales every learning rate: 0 switches learning off
    // (warm-up), 1 is normal, more compresses time (task.rest_plasticity_scale during rests).
    void step(const Parameters& p, const Lesions& lesions, const CircuitInput& in,
              std::int64_t step_index, double plasticity = 1.0);

    Vec2 command() const { return dcn_.command(); }

    // Stage timing for benchmarks (off by default: it reads the clock between stages).
    void set_profiling(bool on) { profiling_ = on; }
    const StageTimes& stage_times() const { return times_; }
    int threads() const { return pool_ ? pool_->threads() : 1; }
    // The worker pool (none for one thread), for its statistics.
    const ThreadPool* pool() const { return pool_.get(); }
    // Spikes since construction (for measured rates).
    std::uint64_t granule_spike_count() const { return gc_spike_count_; }
    std::uint64_t simple_spike_count() const { return ss_spike_count_; }

    const MossyFibres& mossy() const { return mf_; }
    const GranuleLayer& granule() const { return gc_; }
    const PurkinjeLayer& purkinje() const { return pc_; }
    const InferiorOlive& olive() const { return io_; }
    const DeepNuclei& nuclei() const { return dcn_; }
    const PfPcSynapses& synapses() const { return pf_; }
    PfPcSynapses& synapses() { return pf_; }
    // The eyeblink zone (null unless built).
    const EyeblinkZone* eyeblink() const { return eb_.get(); }

private:
    void step_floccular(const Parameters& p, const Lesions& lesions, const CircuitInput& in,
                        std::int64_t step_index, double plasticity);
    // Each granule cell's gaze direction (gaze_direction_, found once, when a tuning first
    // needs it), and its component along a zone's.
    void find_gaze_directions();
    double gaze_along(std::size_t granule, int zone) const;
    // Sets the initial parallel-fibre weights' gaze-velocity tuning (pf.gaze_tuning).
    void tune_to_gaze(const Parameters& p);
    // The interneurons' gaze-tuned share of inhibition this step (mli.gaze_tuning), added to
    // the Purkinje drive.
    void inhibit_by_gaze(const Parameters& p);

    Rng build_rng_;
    MossyFibres mf_;
    GranuleLayer gc_;
    PurkinjeLayer pc_;
    PfPcSynapses pf_;
    InferiorOlive io_;
    DeepNuclei dcn_;
    // The prepositus's gaze signal on each zone's olive (io.gaze_gain).
    SlowOliveSynapse gaze_;
    std::unique_ptr<EyeblinkZone> eb_;
    Rng mf_rng_, pc_rng_, io_rng_;
    std::unique_ptr<ThreadPool> pool_;  // none for one thread
    std::vector<float> drive_;
    // Per granule cell, the mean preferred direction of its target-motion mossy inputs (0 for
    // a cell without any): what gaze-velocity tuning is tuned to. Empty until needed.
    std::vector<std::array<float, 2>> gaze_direction_;
    bool profiling_ = false;
    StageTimes times_;
    std::uint64_t gc_spike_count_ = 0, ss_spike_count_ = 0;
};

}  // namespace flocculus
