// SPDX-License-Identifier: GPL-3.0-or-later
// Signatures S1-S8 at the default network size: pursuit, direction learning, complex and
// simple spikes during learning, and the olive and LTD lesions.
#include "signature_runs.hpp"

using namespace flocculus;
using namespace flocculus::test;

class TestSignaturesLearning : public QObject {
    Q_OBJECT
    BatchResult intact_;

private slots:
    void initTestCase() { intact_ = run(config(Protocol::DirectionLearning, 120)); }

    void s1_latency() {
        const double v = intact_.summary.latency_ms;
        QVERIFY2(v >= 80 && v <= 130, qPrintable(num(v)));
    }

    void s2_steadyStateGain() {
        const double v = intact_.summary.steady_state_gain;
        QVERIFY2(v >= 0.85 && v <= 1.05, qPrintable(num(v)));
    }

    void s3_directionLearning() {
        const auto& s = intact_.summary;
        QVERIFY2(std::abs(s.learned_velocity_first5_deg_s) <= 0.5, qPrintable(num(s.learned_velocity_first5_deg_s)));
        QVERIFY2(s.learned_velocity_last10_deg_s >= 2.0, qPrintable(num(s.learned_velocity_last10_deg_s)));
        QVERIFY2(s.learning_spearman_rho >= 0.5, qPrintable(num(s.learning_spearman_rho)));
    }

    void s4_complexSpikesReportTheErrorAndFadeWithLearning() {
        const auto& s = intact_.summary;
        QVERIFY2(s.cs_ratio_first10 >= 2.0, qPrintable(num(s.cs_ratio_first10)));
        QVERIFY2(s.cs_ratio_last10 <= 0.85 * s.cs_ratio_first10,
                 qPrintable(num(s.cs_ratio_first10) + " -> " + num(s.cs_ratio_last10)));
    }

    void s5_simpleSpikesFallAtTheLearnedTimeOnly() {
        const auto& s = intact_.summary;
        const double learned = s.ss_learned_last10_hz - s.ss_learned_first10_hz;
        const double late = s.ss_late_last10_hz - s.ss_late_first10_hz;
        QVERIFY2(learned <= -0.05 * s.ss_learned_first10_hz,
                 qPrintable(num(s.ss_learned_first10_hz) + " -> " + num(s.ss_learned_last10_hz)));
        QVERIFY2(std::abs(late) < std::abs(learned) / 3.0,
                 qPrintable("late " + num(late) + " vs learned " + num(learned)));
    }

    void s6_trialOverTrialDepressionAfterAComplexSpike() {
        const double v = intact_.summary.ss_after_cs_minus_no_cs_hz;
        QVERIFY2(v < 0, qPrintable(num(v)));
    }

    void s7_noClimbingFibresNoLearning() {
        const auto io = run(config(Protocol::DirectionLearning, 120, {"io"}));
        const double intact = intact_.summary.learned_velocity_last10_deg_s;
        QVERIFY2(std::abs(io.summary.learned_velocity_last10_deg_s) < 0.1 * intact,
                 qPrintable(num(io.summary.learned_velocity_last10_deg_s)));
        // Without complex spikes LTP is unopposed and simple spiking rises.
        QVERIFY2(io.summary.ss_late_last10_hz > io.summary.ss_late_first10_hz + 5.0,
                 qPrintable(num(io.summary.ss_late_first10_hz) + " -> " + num(io.summary.ss_late_last10_hz)));
        QVERIFY2(io.summary.ss_learned_last10_hz > intact_.summary.ss_learned_last10_hz,
                 qPrintable(num(io.summary.ss_learned_last10_hz)));
    }

    void s8_ltdBlockImpairsLearning() {
        const auto ltd = run(config(Protocol::DirectionLearning, 120, {"ltd"}));
        const double intact = intact_.summary.learned_velocity_last10_deg_s;
        QVERIFY2(ltd.summary.learned_velocity_last10_deg_s < 0.3 * intact,
                 qPrintable(num(ltd.summary.learned_velocity_last10_deg_s)));
    }
};

QTEST_APPLESS_MAIN(TestSignaturesLearning)
#include "test_signatures_learning.moc"
