// SPDX-License-Identifier: GPL-3.0-or-later
// Population activity of the circuit over the last ~100 ms of simulated time, for the
// circuit diagram of the GUI (published in the runner's Snapshot). It is kept from what a
// step already produces (spike lists, nuclear rates): a few additions per step, nothing per
// granule cell. Each population comes with the rate it has at rest, so that a display can
// show activity relative to baseline.
#pragma once

#include <array>
#include <cstddef>

#include "circuit/purkinje.hpp"
#include "params/lesions.hpp"
#include "params/parameters.hpp"

namespace flocculus {

class Cerebellum;

// A population's mean firing rate and its rate at rest in the intact circuit.
struct PopulationRate {
    double rate_hz = 0;      // mean per cell over the window
    double baseline_hz = 0;  // at rest (fixation), from the parameters
};

struct CircuitActivity {
    double window_ms = 0;         // simulated time averaged over; 0 before the first step
    PopulationRate mossy;         // per mossy fibre; baseline mf.background_rate_hz
    PopulationRate granule;       // per granule cell (= per parallel fibre); baseline is
                                  // golgi.target_activity per 10 ms
    // Golgi and molecular-layer interneurons are rate units in the model, not spiking cells:
    // Golgi cells' activity is the granule activity they pool, times what is left of them
    // after a lesion; interneurons' is parallel-fibre activity times mli.gain. Both have the
    // granule baseline (at mli.gain = 1).
    PopulationRate golgi;
    PopulationRate interneurons;
    // Per microzone (right, left, up, down).
    std::array<PopulationRate, kZoneCount> purkinje{};  // simple spikes per cell (removed
                                                        // cells count as silent)
    std::array<PopulationRate, kZoneCount> olive{};     // complex spikes per cell
    std::array<PopulationRate, kZoneCount> nuclei{};    // mean of the surviving nuclear cells
};

// The mean over the four microzones of one of CircuitActivity's per-zone arrays.
PopulationRate zone_mean(const std::array<PopulationRate, kZoneCount>& zones);

// Sums each step's spikes into bins of kBinMs and reports the last kBins bins (plus the
// bin being filled).
class ActivityMeter {
public:
    static constexpr double kBinMs = 10.0;
    static constexpr int kBins = 10;  // a window of 100 ms

    // After each step of the circuit.
    void observe(const Cerebellum& cb, const Parameters& p, const Lesions& lesions);
    CircuitActivity activity(const Parameters& p, const Lesions& lesions) const;

private:
    struct Bin {
        double ms = 0;
        double mossy_spikes = 0, granule_spikes = 0;
        std::array<double, kZoneCount> simple{}, complex{};
        std::array<double, kZoneCount> nuclear_hz_ms{};  // mean nuclear rate × time
    };
    std::array<Bin, kBins + 1> bins_{};  // a ring: kBins complete bins and the one filling
    std::size_t current_ = 0;
    std::size_t complete_ = 0;           // complete bins held, up to kBins
    std::size_t mossy_count_ = 0, granule_count_ = 0, purkinje_per_zone_ = 0;
};

}  // namespace flocculus
