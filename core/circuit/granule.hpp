// SPDX-License-Identifier: GPL-3.0-or-later
// Granule layer (DESIGN §1.3): integrate-and-fire granule cells, each with gc.mf_inputs
// random mossy fibres, and Golgi cells that pool the activity of a region of granule cells
// and raise their threshold, keeping the code sparse. Updates are event-driven: a granule
// cell's membrane is brought up to date only when one of its mossy fibres spikes (exact for
// a leaky integrator without constant drive), so the work is proportional to spikes.
//
// Execution: the cells are split into fixed chunks of consecutive cells (granule_chunking,
// by the layer's size only); each chunk has its own lists of targets per mossy fibre and can
// be updated on any thread. A cell sees its inputs in the same order whatever the split, and
// the chunks' spikes are merged back into the order of a single pass over the mossy spikes,
// so the results do not depend on the chunks or on the number of threads.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "params/lesions.hpp"
#include "params/parameters.hpp"
#include "util/rng.hpp"
#include "util/thread_pool.hpp"

namespace flocculus {

// The fixed split of a granule layer (and of the parallel fibres' rows) into chunks of work.
inline Chunking granule_chunking(std::size_t granule_cells) {
    return Chunking::of(granule_cells, 25000, 64);
}

class GranuleLayer {
public:
    GranuleLayer(const Parameters& p, std::size_t mossy_count, Rng& build_rng);

    // One step; the chunks run on `pool` when one is given.
    void step(const Parameters& p, const Lesions& lesions, std::span<const std::uint32_t> mf_spikes,
              std::int64_t step_index, ThreadPool* pool = nullptr);

    std::size_t count() const { return cells_.size(); }
    std::span<const std::uint32_t> spikes() const { return spikes_; }  // this step
    std::size_t golgi_count() const { return golgi_fast_.size(); }
    // Population activity: fraction of granule cells firing per 10 ms (filtered).
    double activity() const { return population_activity_; }
    // Golgi inhibition of region r: the rise of the granule threshold.
    double golgi_inhibition(std::size_t r) const { return inhibition_[r]; }
    // The mossy fibres of granule cell g.
    std::span<const std::uint32_t> inputs_of(std::size_t g) const;

private:
    // What every update of a granule cell reads and writes, together in 8 bytes so that an
    // update touches one cache line (the time of the last spike, needed only when the cell
    // reaches threshold, is kept apart).
    struct Cell {
        float v;                  // membrane, threshold 1 (plus Golgi inhibition)
        std::int32_t last_update; // step of the last membrane update
    };
    // A spike found by one chunk: which mossy spike of the step (its index in the step's
    // list) made granule cell `gc` fire.
    struct ChunkSpike {
        std::uint32_t mf_order;
        std::uint32_t gc;
    };
    void rebuild_decay(double tau_ms, double dt_ms);
    void update_chunk(std::size_t k, std::span<const std::uint32_t> mf_spikes, std::int32_t now,
                      std::int32_t refractory, float weight, float lowest_threshold);

    // Structure.
    Chunking chunks_;
    // Per chunk, CSR from mossy fibre to the chunk's granule cells (ascending):
    // the targets of fibre m in chunk k are mf_targets_[mf_offsets_[k * (mossy + 1) + m] ..
    // mf_offsets_[k * (mossy + 1) + m + 1]).
    std::size_t mossy_count_ = 0;
    std::vector<std::uint32_t> mf_offsets_, mf_targets_;
    std::vector<std::uint32_t> gc_inputs_;                // granule cell -> its mossy fibres
    std::uint32_t inputs_per_gc_ = 0;
    std::uint32_t region_size_ = 1;
    // State.
    std::vector<Cell> cells_;
    std::vector<std::int32_t> last_spike_;  // step of each cell's last spike
    // Per chunk (one cache line each: chunks run on different threads), this step's spikes
    // and, for each mossy spike, the range of its targets in the chunk's lists.
    struct alignas(64) ChunkSpikes {
        std::vector<ChunkSpike> list;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
    };
    std::vector<ChunkSpikes> chunk_spikes_;  // per chunk, this step
    std::vector<std::size_t> merge_cursor_;
    std::vector<std::uint32_t> region_spikes_;
    std::vector<float> golgi_fast_;         // filtered regional activity (per 10 ms)
    std::vector<float> golgi_slow_;         // homeostatic threshold component
    std::vector<float> inhibition_;         // total threshold raise per region
    std::vector<std::uint32_t> spikes_;
    double population_activity_ = 0;
    std::vector<float> decay_;              // decay_[k] = exp(-k dt / tau)
    double decay_tau_ = -1, decay_dt_ = -1;
};

}  // namespace flocculus
