// SPDX-License-Identifier: GPL-3.0-or-later
// What the weight map must make visible (DESIGN §1.5, §2): after direction learning at the
// default size, the parallel fibres of the instructed ("up") zone that fire ~100 ms before
// the instruction's complex spikes have lost weight, and more than the fibres of the late
// window and than the same fibres onto the other zones.
#include <QtTest>

#include <cmath>

#include "circuit/purkinje.hpp"
#include "runner.hpp"
#include "simulation.hpp"
#include "task/metrics.hpp"

using namespace flocculus;

namespace {
constexpr int kTrials = 40;

// Mean change of zone z over the bins that start in [from_ms, to_ms).
double window_change(const WeightMap& m, int zone, double from_ms, double to_ms) {
    double sum = 0;
    int n = 0;
    for (int b = 0; b < m.bins; ++b) {
        if (m.bin_begin_ms(b) < from_ms || m.bin_begin_ms(b) >= to_ms) continue;
        const double v = m.zone_change(zone, b);
        if (std::isnan(v)) continue;
        sum += v;
        ++n;
    }
    return n ? sum / n : NAN;
}

QString num(double v) { return QString::number(v, 'g', 4); }
}  // namespace

class TestWeightMapLearning : public QObject {
    Q_OBJECT
    WeightMap map_;
    Parameters p_;

private slots:
    void initTestCase() {
        RunConfig c;
        c.protocol = Protocol::DirectionLearning;
        c.trials = kTrials;
        auto schedule = prepare_run(c);
        if (auto* e = std::get_if<std::string>(&schedule)) qFatal("%s", e->c_str());
        Simulation sim(c.params, std::move(std::get<0>(schedule)), c.seed, c.lesions);
        while (!sim.finished()) sim.run_trial();
        map_ = sim.weight_map();
        p_ = c.params;
    }

    void theMapCoversTheRun() {
        QCOMPARE(map_.trial, kTrials);
        QCOMPARE(map_.purkinje_count, 4 * p_.network_purkinje_per_microzone);
        // Nearly every granule cell fires in a trial, in every part of it.
        QVERIFY(map_.silent_granule_cells < static_cast<std::uint32_t>(p_.network_granule_cells) / 20);
        for (int b = 0; b < map_.bins; ++b) QVERIFY2(map_.granule_cells[b] > 0, qPrintable(num(b)));
    }

    void fibresActiveBeforeTheInstructedComplexSpikesLoseWeight() {
        const int up = instructed_zone(p_);
        QCOMPARE(QString::fromUtf8(kZoneNames[up]), QStringLiteral("up"));
        // The LTD kernel peaks pf.ltd_kernel_peak_ms before the complex spikes.
        const TimeWindow cs = cs_instruction_window(p_);
        const double lead = p_.pf_ltd_kernel_peak_ms;
        const double before_cs = window_change(map_, up, cs.begin_ms - lead, cs.end_ms - lead);
        const double late = window_change(map_, up, 700, 900);
        QVERIFY2(before_cs < 0, qPrintable(num(before_cs)));
        QVERIFY2(before_cs < late - 0.02,
                 qPrintable("before complex spikes " + num(before_cs) + ", late " + num(late)));
        for (int z = 0; z < kZoneCount; ++z) {
            if (z == up) continue;
            const double other = window_change(map_, z, cs.begin_ms - lead, cs.end_ms - lead);
            QVERIFY2(before_cs < other - 0.02,
                     qPrintable(QString::fromUtf8(kZoneNames[z]) + " " + num(other) +
                                ", up " + num(before_cs)));
        }
    }

    void theDeepestDipIsAtTheLearnedTime() {
        const int up = instructed_zone(p_);
        int deepest = 0;
        for (int b = 1; b < map_.bins; ++b)
            if (map_.zone_change(up, b) < map_.zone_change(up, deepest)) deepest = b;
        // Within the learned window, give or take one bin.
        const TimeWindow learned = learned_window(p_);
        const double t = map_.bin_begin_ms(deepest);
        QVERIFY2(t >= learned.begin_ms - map_.bin_ms && t < learned.end_ms + map_.bin_ms,
                 qPrintable(num(t)));
    }
};

QTEST_GUILESS_MAIN(TestWeightMapLearning)
#include "test_weight_map_learning.moc"
