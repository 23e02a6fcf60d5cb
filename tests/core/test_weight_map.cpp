// SPDX-License-Identifier: GPL-3.0-or-later
// The weight map: granule cells grouped by the time they fire most, mean PF->PC weights
// and their change per group, and the map a runner publishes at each trial end.
#include <QtTest>

#include <chrono>
#include <cmath>
#include <thread>

#include "params/registry.hpp"
#include "plasticity/pf_pc.hpp"
#include "record/weight_map.hpp"
#include "runner.hpp"

using namespace flocculus;
using namespace std::chrono_literals;

namespace {
// Small synapse arrays: `gcs` granule cells onto `pcs` Purkinje cells.
PfPcSynapses synapses(std::size_t gcs, std::size_t pcs, double connectivity = 1.0) {
    Parameters p = default_parameters();
    if (set_parameter(p, "network.pf_pc_connectivity", connectivity)) qFatal("connectivity");
    Rng rng(7);
    return PfPcSynapses(p, gcs, pcs, rng);
}

// Makes granule cell g fire `n` times at time t_ms of a trial.
void fire(GranuleTiming& timing, std::uint32_t g, double t_ms, int n = 1) {
    const std::uint32_t spikes[] = {g};
    for (int i = 0; i < n; ++i) timing.record(spikes, t_ms);
}

// A time in the middle of bin b.
double mid(int b) { return kTrialStartMs + (b + 0.5) * kWeightMapBinMs; }

template <typename Pred>
bool wait_for(const Runner& r, Pred pred, std::chrono::milliseconds timeout = 60s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
        if (pred(*r.snapshot())) return true;
        std::this_thread::sleep_for(5ms);
    }
    return pred(*r.snapshot());
}
}  // namespace

class TestWeightMap : public QObject {
    Q_OBJECT
private slots:
    void binsCoverTheRecordedTrialWindow() {
        QCOMPARE(kWeightMapBins, 50);
        QCOMPARE(weight_map_bin(kTrialStartMs), 0);
        QCOMPARE(weight_map_bin(-80.0), 1);
        QCOMPARE(weight_map_bin(-80.01), 0);
        QCOMPARE(weight_map_bin(899.9), kWeightMapBins - 1);
        QCOMPARE(weight_map_bin(kTrialEndMs), -1);   // inter-trial fixation
        QCOMPARE(weight_map_bin(-100.5), -1);
        QCOMPARE(weight_map_bin(NAN), -1);
    }

    void peakBinFollowsTheMostSpikes() {
        GranuleTiming t(4);
        fire(t, 0, mid(5), 3);
        fire(t, 0, mid(20), 5);
        fire(t, 0, mid(30), 4);
        QCOMPARE(int{t.peak_bin(0)}, 20);
        QCOMPARE(int{t.count(0, 5)}, 3);
        QCOMPARE(int{t.count(0, 20)}, 5);
        // Of tied bins, the one that got there first.
        fire(t, 2, mid(30));
        fire(t, 2, mid(10));
        QCOMPARE(int{t.peak_bin(2)}, 30);
        fire(t, 2, mid(10));
        QCOMPARE(int{t.peak_bin(2)}, 10);
        // Spikes outside the recorded window are not counted.
        fire(t, 3, kTrialEndMs + 100.0, 10);
        QCOMPARE(t.peak_bin(3), GranuleTiming::kSilent);
        QCOMPARE(t.peak_bin(1), GranuleTiming::kSilent);
        // One byte per bin and one for the peak, per granule cell.
        QCOMPARE(t.memory_bytes(), std::size_t{4 * (kWeightMapBins + 1)});
    }

    void fullHistogramsAreHalvedKeepingTheirShape() {
        GranuleTiming t(1);
        fire(t, 0, mid(3), 100);
        fire(t, 0, mid(7), 300);
        QCOMPARE(int{t.peak_bin(0)}, 7);
        QVERIFY(t.count(0, 7) < 255);
        QVERIFY(t.count(0, 7) >= 127);
        // 100 : 300 before halving stays about 1 : 3.
        const double ratio = static_cast<double>(t.count(0, 3)) / t.count(0, 7);
        QVERIFY2(ratio > 0.2 && ratio < 0.45, qPrintable(QString::number(ratio)));
    }

    void eachPurkinjeCellAveragesTheWeightsOfEachTimeBin() {
        PfPcSynapses s = synapses(6, 8);
        GranuleTiming t(6);
        fire(t, 0, mid(5), 2);
        fire(t, 1, mid(5));
        fire(t, 1, mid(9));
        fire(t, 2, mid(10), 3);
        // Granule cells 3-5 stay silent.
        for (std::size_t c = 0; c < 8; ++c) {
            s.set_weight(0, c, 0.1f * static_cast<float>(c));
            s.set_weight(1, c, 0.3f);
            s.set_weight(2, c, 0.9f);
            s.set_weight(3, c, 5.0f);  // silent: belongs to no bin
        }
        const InitialWeights w0 = InitialWeights::capture(synapses(6, 8));
        QVERIFY(w0.uniform());
        const double w_init = default_parameters().pf_w_init;
        const WeightMap m = build_weight_map(t, s, w0, 2, 1.0, 3);
        QCOMPARE(m.trial, 3);
        QCOMPARE(m.purkinje_count, 8);
        QCOMPARE(m.cells_per_zone, 2);
        QCOMPARE(m.bins, kWeightMapBins);
        QCOMPARE(m.weight.size(), std::size_t{8 * kWeightMapBins});
        QCOMPARE(m.silent_granule_cells, 3u);
        QCOMPARE(m.granule_cells[5], 2u);
        QCOMPARE(m.granule_cells[10], 1u);
        QCOMPARE(m.granule_cells[9], 0u);
        for (int c = 0; c < 8; ++c) {
            const double bin5 = (0.1 * c + 0.3) / 2;
            QVERIFY(std::abs(m.weight_at(c, 5) - bin5) < 1e-6);
            QVERIFY(std::abs(m.change_at(c, 5) - (bin5 - w_init)) < 1e-6);
            QVERIFY(std::abs(m.weight_at(c, 10) - 0.9) < 1e-6);
            QVERIFY(std::abs(m.change_at(c, 10) - (0.9 - w_init)) < 1e-6);
            QVERIFY(std::isnan(m.weight_at(c, 9)));   // no granule cell peaks there
            QVERIFY(std::isnan(m.change_at(c, 0)));
        }
        QCOMPARE(m.bin_begin_ms(5), 0.0);
        QCOMPARE(m.bin_end_ms(5), 20.0);
        // Zone 1 holds cells 2 and 3.
        const double zone1 = ((0.1 * 2 + 0.3) / 2 + (0.1 * 3 + 0.3) / 2) / 2 - w_init;
        QVERIFY(std::abs(m.zone_change(1, 5) - zone1) < 1e-6);
        QVERIFY(std::isnan(m.zone_change(1, 9)));
    }

    void changeIsZeroBeforeLearning() {
        PfPcSynapses s = synapses(50, 8);
        GranuleTiming t(50);
        for (std::uint32_t g = 0; g < 40; ++g) fire(t, g, mid(static_cast<int>(g % 13) * 3));
        const WeightMap m = build_weight_map(t, s, InitialWeights::capture(s), 2, 1.0, 1);
        int filled = 0;
        for (int c = 0; c < 8; ++c)
            for (int b = 0; b < kWeightMapBins; ++b) {
                if (std::isnan(m.weight_at(c, b))) continue;
                ++filled;
                QCOMPARE(m.change_at(c, b), 0.0f);
                QCOMPARE(m.weight_at(c, b), static_cast<float>(default_parameters().pf_w_init));
            }
        QCOMPARE(filled, 8 * 13);
        QCOMPARE(m.silent_granule_cells, 10u);
    }

    void unequalStartingWeightsAreKeptInFull() {
        PfPcSynapses s = synapses(3, 4);
        for (std::size_t g = 0; g < 3; ++g)
            for (std::size_t c = 0; c < 4; ++c) s.set_weight(g, c, 0.2f + 0.1f * static_cast<float>(g + c));
        const InitialWeights w0 = InitialWeights::capture(s);
        QVERIFY(!w0.uniform());
        QCOMPARE(w0.memory_bytes(), sizeof(float) * 12);
        QCOMPARE(w0.at(2, 3), s.weight(2, 3));
        GranuleTiming t(3);
        fire(t, 0, mid(4));
        fire(t, 1, mid(4));
        fire(t, 2, mid(8));
        s.set_weight(0, 1, s.weight(0, 1) - 0.2f);  // LTD on one synapse
        const WeightMap m = build_weight_map(t, s, w0, 1, 1.0, 2);
        QVERIFY(std::abs(m.change_at(1, 4) - (-0.1)) < 1e-6);  // mean of -0.2 and 0
        QVERIFY(std::abs(m.change_at(0, 4)) < 1e-7);
        QVERIFY(std::abs(m.change_at(1, 8)) < 1e-7);
    }

    void missingSynapsesAreNotAveraged() {
        PfPcSynapses s = synapses(400, 4, 0.5);
        GranuleTiming t(400);
        for (std::uint32_t g = 0; g < 400; ++g) fire(t, g, mid(2));
        int missing = 0;
        for (std::size_t g = 0; g < 400; ++g)
            for (std::size_t c = 0; c < 4; ++c)
                if (!s.connected(g, c)) {
                    s.set_weight(g, c, 9.0f);  // never used by the circuit
                    ++missing;
                }
        QVERIFY(missing > 0);
        const WeightMap m = build_weight_map(t, s, InitialWeights::capture(synapses(400, 4, 0.5)), 1, 1.0, 1);
        for (int c = 0; c < 4; ++c) {
            QCOMPARE(m.weight_at(c, 2), static_cast<float>(default_parameters().pf_w_init));
            QCOMPARE(m.change_at(c, 2), 0.0f);
        }
    }

    void theSnapshotCarriesTheMapAfterEachTrial() {
        RunConfig c;
        c.protocol = Protocol::DirectionLearning;
        c.trials = 3;
        if (set_parameter(c.params, "network.granule_cells", 5000.0)) qFatal("size");
        Runner r(c);
        QVERIFY(!r.snapshot()->weights);  // no trial has ended yet
        r.set_speed(0);
        r.step_trial();
        QVERIFY(wait_for(r, [](const Snapshot& s) { return s.trial_index == 1 && !s.playing; }));
        const auto first = r.snapshot()->weights;
        QVERIFY(first);
        QCOMPARE(first->trial, 1);
        QCOMPARE(first->purkinje_count, 4 * c.params.network_purkinje_per_microzone);
        QCOMPARE(first->cells_per_zone, c.params.network_purkinje_per_microzone);
        std::uint64_t grouped = first->silent_granule_cells;
        for (const auto n : first->granule_cells) grouped += n;
        QCOMPARE(grouped, std::uint64_t{5000});
        QVERIFY(first->silent_granule_cells < 5000);  // granule cells fire in the trial
        // The snapshots of one trial share one map; the next trial brings a new one.
        QCOMPARE(r.snapshot()->weights, first);
        r.step_trial();
        QVERIFY(wait_for(r, [](const Snapshot& s) { return s.trial_index == 2 && !s.playing; }));
        const auto second = r.snapshot()->weights;
        QVERIFY(second && second != first);
        QCOMPARE(second->trial, 2);
        // A reset starts a new run: no map until its first trial ends.
        const auto id = r.send(cmd::Reset{});
        QVERIFY(wait_for(r, [id](const Snapshot& s) { return s.commands_applied >= id; }));
        QVERIFY(!r.snapshot()->weights);
    }
};

QTEST_GUILESS_MAIN(TestWeightMap)
#include "test_weight_map.moc"
