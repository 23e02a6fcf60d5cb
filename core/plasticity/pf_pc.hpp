// SPDX-License-Identifier: GPL-3.0-or-later
// Parallel fibre -> Purkinje cell synapses and their plasticity (DESIGN §1.5). The numbers
// below are named as the floccular zones' parameters (pf.*); a zone may give its own rates and
// kernel peak through a PfPcRule (the eyeblink zone does), the code being the same.
//  - Weights are stored granule-major: the weights of one parallel fibre onto every
//    Purkinje cell are one contiguous row, so a granule spike touches one row.
//  - LTP: every parallel-fibre spike raises that fibre's weights by pf.ltp_rate.
//  - LTD: at a complex spike, each weight of that cell falls by pf.ltd_rate times the
//    fibre's eligibility: its recent spikes weighted by a kernel that peaks
//    pf.ltd_kernel_peak_ms before the complex spike (bridging the climbing fibre's delay).
//    For each of the fibre's spikes in the window, in order of increasing delay, the weight
//    becomes max(0, w - rate x kernel(delay)) (skipped where that step is not positive).
//  - The kernel is normalised so that a fibre firing at r Hz has an expected eligibility of
//    r x 1 s: LTD and LTP then balance when complex spikes come at pf.ltp_rate / pf.ltd_rate
//    Hz, which the defaults set to the olive's 1 Hz baseline.
//  - Weight dependence (pf.weight_dependence = s, 0 by default): each LTD step is scaled by
//    (1 - s) + s w / pf.w_init and each LTP step by (1 - s) + s (w_max - w) / (w_max - w_init)
//    (soft bounds; van Rossum, Bi & Turrigiano 2000). At w_init both equal the hard-bounded
//    steps, so the balance at the olive's baseline holds; away from it they pull the weight
//    back, so a memory decays under spontaneous activity.
//
// Deferred LTD. A complex spike depresses the rows of every fibre that fired in the window
// before it (hundreds of thousands at a million granule cells), each row a cache miss. So
// depress() only logs the complex spikes, and each row is depressed later, by the same float
// operations in the same order: the results are identical to depressing every row at once.
// Why this is exact:
//  - Between two spikes of a fibre, its row changes only by LTD, and the size of each
//    depression depends only on the fibre's spikes before the complex spike (kept per
//    fibre, see below), the complex spike's step and cell and the rate at the time (logged).
//  - A row is brought up to date ("caught up": every logged complex spike it has not seen
//    applied, oldest first, each over the fibre's spikes in order of increasing delay) before
//    anything reads or writes it: before the fibre's next spike is transmitted (complex
//    spikes of a step act after its transmission, so they are in the log only by then) and
//    before any accessor reads a weight.
//  - A logged complex spike is forgotten only after every row has been caught up past it, in
//    sweeps over the fibres in their order (so that the rows are read one after another): a
//    gradual sweep, a slice of the fibres at every step and a pass every two windows, which
//    bounds the log; and whole sweeps when all weights are read or the kernel changes
//    (logged complex spikes depress with the kernel of their time).
//  - A fibre's spikes are kept as long as a complex spike not yet applied, or one to come,
//    can see them.
// A fibre's record holds the steps of its latest spikes; in a burst, spikes pushed out of it
// while a complex spike may still see them go to a list per chunk of fibres, linked per fibre.
// Which recent spikes a complex spike sees follows a ring of one slot per step whose length
// only grows: when a longer kernel lengthens it, a spike stays visible only if its slot is
// unchanged (so a spike hidden by one lengthening can reappear after another; such spikes are
// set aside until then).
// This holds for calls in the circuit's order: transmit at steps >= 0 that increase by one,
// and depress at steps that never decrease and are not before the last transmitted step
// (without kernel changes, transmit steps need only increase).
//
// Execution: transmission splits the Purkinje cells into groups of columns, one per thread
// (each column's sum runs over the spikes in their given order, however the columns are
// grouped); catching up and the gradual sweep split the parallel fibres into the granule
// layer's fixed chunks (each row is caught up in one place, by the rules above). So the
// results are the same for any number of threads.
// The accessors catch up on the calling thread; they must not run during transmit().
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <limits>
#include <span>
#include <vector>

#include "params/parameters.hpp"
#include "util/memory.hpp"
#include "util/rng.hpp"
#include "util/thread_pool.hpp"

namespace flocculus {

// The numbers of the rule above that a zone may choose: the floccular zones take them from
// pf.*; another zone (the eyeblink zone) may give its own rates and kernel peak, with the
// same code.
struct PfPcRule {
    double ltd_rate = 0, ltp_rate = 0;
    double kernel_peak_ms = 100, kernel_sharpness = 4;
    double weight_dependence = 0;
    double w_init = 0.5, w_max = 1;
    // The floccular zones' rule: pf.ltd_rate, pf.ltp_rate, pf.ltd_kernel_peak_ms,
    // pf.ltd_kernel_sharpness, pf.weight_dependence, pf.w_init, pf.w_max.
    static PfPcRule floccular(const Parameters& p);
};
// How a set of synapses reads its rule from the parameters (at every step, so that a
// parameter changed between steps takes effect).
using PfPcRuleOf = PfPcRule (*)(const Parameters&);

class PfPcSynapses {
public:
    PfPcSynapses(const Parameters& p, std::size_t granule_count, std::size_t purkinje_count,
                 Rng& build_rng, PfPcRuleOf rule_of = &PfPcRule::floccular);
    // Not copied: the log points into its own tables.
    PfPcSynapses(const PfPcSynapses&) = delete;
    PfPcSynapses& operator=(const PfPcSynapses&) = delete;
    PfPcSynapses(PfPcSynapses&&) = default;
    PfPcSynapses& operator=(PfPcSynapses&&) = default;

    // Adds the parallel-fibre drive of this step's granule spikes to `drive` (one entry per
    // Purkinje cell; net of the feedforward inhibition `mli_per_spike` that each spike
    // also brings) and applies LTP scaled by `ltp_scale`. Runs on `pool` when one is given.
    void transmit(const Parameters& p, std::span<const std::uint32_t> gc_spikes,
                  std::int64_t step_index, float mli_per_spike, double ltp_scale,
                  std::span<float> drive, ThreadPool* pool = nullptr);
    // LTD at complex spikes of the Purkinje cells `pcs` (distinct) at `step_index`.
    void depress(const Parameters& p, std::span<const std::uint32_t> pcs, std::int64_t step_index,
                 double ltd_scale);
    void depress(const Parameters& p, std::size_t pc, std::int64_t step_index, double ltd_scale) {
        const auto cell = static_cast<std::uint32_t>(pc);
        depress(p, std::span(&cell, 1), step_index, ltd_scale);
    }

    // The LTD kernel at a delay (ms) between parallel-fibre spike and complex spike,
    // normalised as above (units: per second of integration, so its integral is 1000 ms).
    double kernel(const Parameters& p, double delay_ms) const;
    // The rule these synapses follow with the parameters `p`.
    PfPcRule rule(const Parameters& p) const { return rule_of_(p); }

    std::size_t granule_count() const { return n_gc_; }
    std::size_t purkinje_count() const { return n_pc_; }
    // The weights as they are with every depression so far applied.
    float weight(std::size_t gc, std::size_t pc) const {
        catch_up(static_cast<std::uint32_t>(gc));
        return w_[gc * n_pc_ + pc];
    }
    void set_weight(std::size_t gc, std::size_t pc, float w) {
        catch_up(static_cast<std::uint32_t>(gc));
        w_[gc * n_pc_ + pc] = w;
    }
    bool connected(std::size_t gc, std::size_t pc) const;
    bool fully_connected() const { return mask_.empty(); }  // every pair exists
    std::span<const float> weights() const {
        sweep();
        return w_;
    }

private:
    // One complex spike as logged, and the depression it brings by the delay of a
    // parallel-fibre spike: pf.ltd_rate x ltd_scale (at its step) x kernel, as a float (0 at
    // delay 0, which is outside the window). Complex spikes of one step share a table.
    // With pf.weight_dependence > 0 the table holds a second part from `soft` on: the
    // depression per unit weight, added times the weight at the time it is applied.
    struct LoggedComplexSpike {
        std::int64_t step;
        std::uint32_t cell;
        std::uint32_t soft;  // 0: none
        const float* dw;
    };
    // Per parallel fibre (32 bytes, so that catching up reads one cache line besides the row):
    // how far its row is caught up, and its latest spikes.
    static constexpr std::size_t kEarlierSpikes = 10;  // in the record, besides the latest
    static constexpr std::int32_t kNoSpike = std::numeric_limits<std::int32_t>::min();
    static constexpr std::uint16_t kNoEarlier = std::numeric_limits<std::uint16_t>::max();
    struct Fibre {
        std::uint32_t applied = 0;       // log number of the first complex spike not applied
        std::uint32_t burst = 0;         // count of its latest spike in the burst list, if held
        std::int32_t latest = kNoSpike;  // step of the latest spike
        // Steps from the latest back to the earlier spikes, latest first (kNoEarlier: none;
        // more steps than any window, which is at most 3 x 300 ms in steps of 0.1 ms).
        std::array<std::uint16_t, kEarlierSpikes> earlier{};
    };
    static_assert(sizeof(Fibre) == 32);
    // A spike of a burst, pushed out of its fibre's record.
    struct BurstSpike {
        std::uint32_t fibre;
        std::int32_t step;
        std::uint32_t back;  // places back in the list to the fibre's previous one; 0: none
    };
    // One chunk's burst spikes, oldest first: a ring buffer addressed by a running count of
    // the chunk's burst spikes (modulo 2^32), holding the counts [head, tail).
    struct alignas(kCacheLine) BurstList {
        std::vector<BurstSpike> entries = std::vector<BurstSpike>(64);  // a power of two of them
        std::uint32_t head = 0, tail = 0;
        bool holds(std::uint32_t i) const { return i - head < tail - head; }
        BurstSpike& at(std::uint32_t i) { return entries[i & (entries.size() - 1)]; }
        const BurstSpike& at(std::uint32_t i) const { return entries[i & (entries.size() - 1)]; }
        void append(const BurstSpike& s);
    };
    // A spike with the slot of the ring it was stored in.
    struct SlottedSpike {
        std::uint32_t fibre;
        std::int32_t step;
        std::size_t slot;
    };

    void ensure_kernel(const Parameters& p);
    static std::size_t window_steps(const PfPcRule& r, double dt_ms);
    void transmit_columns(std::size_t first, std::size_t last, std::span<const std::uint32_t> gc_spikes,
                          float mli_per_spike, float ltp, float wmax, float ltp_per_room, float* drive);

    // Deferred LTD.
    std::int64_t window() const { return static_cast<std::int64_t>(kernel_.size()) - 1; }
    std::size_t slot_of(std::int64_t step) const { return static_cast<std::size_t>(step) % ring_steps_.size(); }
    bool ring_holds(std::int64_t step) const { return ring_steps_[slot_of(step)] == step; }
    // Steps of a pass of the gradual sweep, and how long a burst spike is kept after its step.
    std::int64_t pass_steps() const { return 2 * static_cast<std::int64_t>(ring_steps_.size()); }
    std::int64_t burst_keep() const { return 2 * pass_steps() + static_cast<std::int64_t>(ring_steps_.size()); }
    std::uint32_t log_end() const { return log_first_ + static_cast<std::uint32_t>(log_.size()); }
    void lengthen_ring(std::size_t length);
    void group_by_chunk(std::span<const std::uint32_t> gc_spikes);
    std::span<const std::uint32_t> chunk_spikes(std::size_t k, std::span<const std::uint32_t> gc_spikes) const;
    void keep_spikes(std::size_t k, std::span<const std::uint32_t> spikes, std::int32_t step);
    // Catches up chunk k's share of this step's slice of the gradual sweep.
    void sweep_slice(std::size_t k);
    void push_spike(std::uint32_t g, std::int32_t step);
    void forget_bursts(std::size_t k, std::int32_t step);
    // Whether a logged complex spike not applied to row g is in the window of the fibre's
    // latest spike (cheap: its record and the log).
    bool behind(std::uint32_t g) const;
    void catch_up(std::uint32_t g) const;
    // Depresses weight w over the fibre's spikes before those in its record.
    void depress_burst(std::uint32_t g, const LoggedComplexSpike& cs, float& w) const;
    // Catches up rows [first, last), in order.
    void catch_up_rows(std::size_t first, std::size_t last) const;
    // Catches up every row and empties the log.
    void sweep() const;
    // Forgets the complex spikes logged before the current pass, once it is complete.
    void end_pass();
    void prefetch_row(std::uint32_t g) const;

    PfPcRuleOf rule_of_;
    std::size_t n_gc_, n_pc_;
    Chunking chunks_;  // of the parallel fibres, for catching up
    // Structure: which pairs exist (empty = all), one bit per pair.
    std::vector<std::uint64_t> mask_;
    std::size_t mask_words_ = 0;
    // State. The weights and the bookkeeping of deferred LTD change when a read catches up
    // (the weights read are those already decided), hence mutable.
    mutable AlignedVector<float> w_;  // [granule][purkinje]
    mutable AlignedVector<Fibre> fibres_;
    // The logged complex spikes not yet forgotten, in the order of depress() (so of steps),
    // numbered from log_first_ (modulo 2^32), and their tables (with how many of the log's
    // complex spikes use each).
    struct DepressionTable {
        std::size_t uses;
        std::vector<float> dw;
    };
    mutable std::vector<LoggedComplexSpike> log_;
    mutable std::uint32_t log_first_ = 0;
    mutable std::deque<DepressionTable> tables_;
    // The gradual sweep: the log number when the current pass started, and its steps so far.
    mutable std::uint32_t pass_start_ = 0;
    mutable std::int64_t pass_step_ = 0;
    std::vector<BurstList> bursts_;  // per chunk
    std::vector<SlottedSpike> hidden_;
    std::vector<std::int64_t> ring_steps_;  // the step each slot of the ring holds (-1: none)
    std::vector<std::uint32_t> grouped_, group_start_, cursor_;  // this step's spikes by chunk
    std::vector<float> kernel_;  // per step of delay
    double kernel_peak_ = -1, kernel_dt_ = -1, kernel_sharpness_ = -1;
};

}  // namespace flocculus
