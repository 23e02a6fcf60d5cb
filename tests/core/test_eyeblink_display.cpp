// SPDX-License-Identifier: GPL-3.0-or-later
// What the displays show of an eyeblink run (task/eyeblink_display.hpp), from hand-made
// trial measures and records: CR blocks, the granular clock of the last trials, and the
// eyeblink module's activity over the last 100 ms of a trial's recording.
#include <QtTest>

#include <cmath>

#include "params/registry.hpp"
#include "task/eyeblink_display.hpp"

using namespace flocculus;

namespace {

TrialMetrics trial(int n, Phase phase, bool cr, double onset = 0, double peak = 0) {
    TrialMetrics m;
    m.trial = n;
    m.phase = phase;
    m.eyeblink = true;
    m.cr.cr = cr;
    m.cr.onset_ms = cr ? onset : std::nan("");
    m.cr.peak_ms = cr ? peak : std::nan("");
    return m;
}

// A record whose granule cell g fires at `rate(bin, g)` in each clock bin.
std::shared_ptr<const TrialRecord> record(const Parameters& p, bool cs_alone, int cells,
                                          double (*rate)(int, int)) {
    auto r = std::make_shared<TrialRecord>();
    r->plan.eyeblink = true;
    r->plan.cs_alone = cs_alone;
    r->eyeblink.granule_cells = cells;
    r->eyeblink.clock_bins = static_cast<int>(std::ceil(eyeblink_trace_end_ms(p) / kClockBinMs));
    for (int b = 0; b < r->eyeblink.clock_bins; ++b)
        for (int g = 0; g < cells; ++g)
            r->eyeblink.granule_rates_hz.push_back(static_cast<float>(rate(b, g)));
    return r;
}

}  // namespace

class TestEyeblinkDisplay : public QObject {
    Q_OBJECT

  private slots:
    void crBlocks_ofTenTrialsWithinAPhase() {
        std::vector<TrialMetrics> m;
        for (int k = 1; k <= 10; ++k)  // 3 CRs: onsets 100, 120, 140; peaks 200, 220, 240
            m.push_back(k <= 3 ? trial(k, Phase::Acquire, true, 80 + 20 * k, 180 + 20 * k)
                               : trial(k, Phase::Acquire, false));
        for (int k = 11; k <= 15; ++k) m.push_back(trial(k, Phase::Acquire, true, 50, 60));
        // A phase change leaves the unfinished block out; a full one of no CRs follows.
        for (int k = 16; k <= 25; ++k) m.push_back(trial(k, Phase::Extinction, false));
        TrialMetrics pursuit;  // not an eyeblink trial: ignored
        pursuit.trial = 26;
        m.push_back(pursuit);
        const std::vector<CrBlock> b = cr_blocks(m);
        QCOMPARE(b.size(), std::size_t{2});
        QCOMPARE(b[0].first_trial, 1);
        QCOMPARE(b[0].last_trial, 10);
        QCOMPARE(b[0].trials, kEyeblinkBlock);
        QCOMPARE(b[0].cr_rate, 0.3);
        QCOMPARE(b[0].onset_ms, 120.0);
        QCOMPARE(b[0].peak_ms, 220.0);
        QCOMPARE(b[1].first_trial, 16);
        QCOMPARE(b[1].phase, Phase::Extinction);
        QCOMPARE(b[1].cr_rate, 0.0);
        QVERIFY(std::isnan(b[1].onset_ms) && std::isnan(b[1].peak_ms));
        QVERIFY(cr_blocks({}).empty());
    }

    void granularClock_overTheToneOfTheLastTrials() {
        const Parameters p = default_parameters();  // ISI 250 ms: 13 bins of 20 ms
        std::vector<std::shared_ptr<const TrialRecord>> recent;
        QCOMPARE(granular_clock(p, recent).bins, 0);
        // A code that moves on (cell g active near bin g / 3), in more trials than are used.
        const auto moving = [](int b, int g) { return std::exp(-std::pow(b - g / 3.0, 2) / 4.0); };
        for (int k = 0; k < kClockTrials + 2; ++k) recent.push_back(record(p, false, 60, moving));
        recent.push_back(std::make_shared<TrialRecord>());  // a pursuit trial: skipped
        const GranularClock c = granular_clock(p, recent);
        QCOMPARE(c.trials, kClockTrials);
        QCOMPARE(c.bins, 13);
        QCOMPARE(c.similarity.rows(), 13);
        QCOMPARE(c.by_lag.size(), 13);
        QVERIFY(std::abs(c.similarity(4, 4) - 1.0) < 1e-9);
        QVERIFY(c.at_lag_ms(20) < c.at_lag_ms(0));
        QVERIFY(c.at_lag_ms(100) < c.at_lag_ms(20));
        QCOMPARE(c.at_lag_ms(100), c.by_lag(5));
        QVERIFY(std::isnan(c.at_lag_ms(400)));  // no two bins of the tone that far apart
        // The same measure as the task's (population_similarity of the mean activity).
        std::vector<const EyeblinkRecord*> last;
        for (int k = 0; k < kClockTrials; ++k) last.push_back(&recent[static_cast<std::size_t>(k)]->eyeblink);
        const Eigen::MatrixXd direct = population_similarity(granule_activity(last).topRows(13));
        QVERIFY((direct - c.similarity).cwiseAbs().maxCoeff() < 1e-12);
    }

    void activity_overTheLastHundredMilliseconds() {
        const Parameters p = default_parameters();
        TrialPlan plan;
        plan.eyeblink = true;
        EyeblinkRecord now;
        EyeblinkActivity none = eyeblink_activity(p, plan, -100, now, nullptr);
        QVERIFY(!none.measured);
        QVERIFY(std::isnan(none.granule.rate_hz));
        // Recorded from -100 ms to 160 ms (the tone on from 0): Purkinje cells at 40 Hz, the
        // nucleus 6 Hz above its rest, the lid at 0.3; granule cells at 5 Hz in each bin.
        for (int k = 0; k < 260; ++k) {
            now.eyelid.push_back(0.3f);
            now.purkinje_hz.push_back(40.0f);
            now.nuclear_hz.push_back(6.0f);
            now.golgi.push_back(k < 100 ? 0.5f : 0.75f);  // before the tone, then in it
            now.interneurons.push_back(k < 100 ? 2.0f : 1.0f);
        }
        now.granule_cells = 4;
        now.clock_bins = 20;
        now.granule_rates_hz.assign(80, 5.0f);
        // The last trial: granule cells at 2 Hz after its tone (rest), 9 Hz during it.
        const auto last = record(p, false, 4, [](int b, int) { return b < 13 ? 9.0 : 2.0; });
        const EyeblinkActivity a = eyeblink_activity(p, plan, 160, now, last.get());
        QVERIFY(a.measured);
        QCOMPARE(a.window_ms, 100.0);
        QVERIFY(a.tone);
        QVERIFY(!a.puff);
        QCOMPARE(a.cs_mossy.rate_hz, p.task_cs_rate_hz);
        QCOMPARE(a.cs_mossy.baseline_hz, p.eb_mf_background_hz);
        QCOMPARE(a.purkinje.rate_hz, 40.0);
        QCOMPARE(a.purkinje.baseline_hz, p.pc_baseline_rate_hz);
        QCOMPARE(a.nucleus.rate_hz, p.dcn_baseline_rate_hz + 6.0);
        QCOMPARE(a.nucleus.baseline_hz, p.dcn_baseline_rate_hz);
        QCOMPARE(a.granule.rate_hz, 5.0);
        QCOMPARE(a.granule.baseline_hz, 2.0);
        QCOMPARE(a.eyelid, static_cast<double>(0.3f));
        // Golgi cells and interneurons against their level before the tone.
        QCOMPARE(a.golgi.rate_hz, 0.75);
        QCOMPARE(a.golgi.baseline_hz, 0.5);
        QCOMPARE(a.interneurons.rate_hz, 1.0);
        QCOMPARE(a.interneurons.baseline_hz, 2.0);
        // Half the window before the tone: the fibres' mean rate is half-way.
        now.eyelid.resize(150);
        now.purkinje_hz.resize(150);
        now.nuclear_hz.resize(150);
        const EyeblinkActivity half = eyeblink_activity(p, plan, 50, now, nullptr);
        QVERIFY(std::isnan(half.golgi.rate_hz));  // not recorded for the whole trace
        QCOMPARE(half.cs_mossy.rate_hz, 0.5 * (p.task_cs_rate_hz + p.eb_mf_background_hz));
        QCOMPARE(half.granule.baseline_hz, 0.0);  // no completed trial yet
        // Through the puff: the olive is driven.
        now.eyelid.resize(static_cast<std::size_t>(p.task_isi_ms + 130));
        now.purkinje_hz.resize(now.eyelid.size());
        now.nuclear_hz.resize(now.eyelid.size());
        QVERIFY(eyeblink_activity(p, plan, p.task_isi_ms + 30, now, nullptr).puff);
        plan.cs_alone = true;
        QVERIFY(!eyeblink_activity(p, plan, p.task_isi_ms + 30, now, nullptr).puff);
    }
};

QTEST_GUILESS_MAIN(TestEyeblinkDisplay)
#include "test_eyeblink_display.moc"
