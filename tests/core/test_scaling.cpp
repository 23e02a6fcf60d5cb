// SPDX-License-Identifier: GPL-3.0-or-later
// The network size is a parameter that needs no retuning: the model scales what must scale
// with the number of granule cells (parallel-fibre drive, Golgi regions, LTD balance)
// inside itself. Direction learning must appear at sizes other than the default too.
#include "signature_runs.hpp"

using namespace flocculus;
using namespace flocculus::test;

class TestScaling : public QObject {
    Q_OBJECT

private slots:
    void directionLearningAtOtherSizes_data() {
        QTest::addColumn<int>("granule_cells");
        QTest::newRow("10k") << 10000;
        QTest::newRow("300k") << 300000;
    }

    void directionLearningAtOtherSizes() {
        QFETCH(int, granule_cells);
        auto c = config(Protocol::DirectionLearning, 120);
        const auto e = set_parameter(c.params, "network.granule_cells", granule_cells);
        QVERIFY2(!e, e ? e->c_str() : "");
        const auto s = run(c).summary;

        // Pursuit itself does not depend on the size (S1, S2).
        QVERIFY2(s.latency_ms >= 80 && s.latency_ms <= 130, qPrintable(num(s.latency_ms)));
        QVERIFY2(s.steady_state_gain >= 0.85 && s.steady_state_gain <= 1.05,
                 qPrintable(num(s.steady_state_gain)));
        // Learning: nothing at first, several deg/s by the end, rising over trials (S3).
        QVERIFY2(std::abs(s.learned_velocity_first5_deg_s) <= 0.5,
                 qPrintable(num(s.learned_velocity_first5_deg_s)));
        QVERIFY2(s.learned_velocity_last10_deg_s >= 2.0,
                 qPrintable(num(s.learned_velocity_last10_deg_s)));
        QVERIFY2(s.learning_spearman_rho >= 0.4, qPrintable(num(s.learning_spearman_rho)));
        // The instruction drives complex spikes, and simple spikes fall at the learned time
        // (S4, S5).
        QVERIFY2(s.cs_ratio_first10 >= 2.0, qPrintable(num(s.cs_ratio_first10)));
        QVERIFY2(s.ss_learned_last10_hz <= 0.95 * s.ss_learned_first10_hz,
                 qPrintable(num(s.ss_learned_first10_hz) + " -> " + num(s.ss_learned_last10_hz)));
    }
};

QTEST_APPLESS_MAIN(TestScaling)
#include "test_scaling.moc"
