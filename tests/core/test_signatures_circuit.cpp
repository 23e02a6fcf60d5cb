// SPDX-License-Identifier: GPL-3.0-or-later
// Signatures S9, S12 and S13: removing the cerebellar cortex or nuclei, the tremor of a
// mismatched visual delay, and determinism.
#include "signature_runs.hpp"

using namespace flocculus;
using namespace flocculus::test;

class TestSignaturesCircuit : public QObject {
    Q_OBJECT
private slots:
    void s9_flocculectomyLeavesPursuitButNoLearning_data() {
        QTest::addColumn<QString>("lesion");
        QTest::newRow("purkinje") << "purkinje";
        QTest::newRow("dcn") << "dcn";
    }
    void s9_flocculectomyLeavesPursuitButNoLearning() {
        QFETCH(QString, lesion);
        const std::string l = lesion.toStdString();
        const auto r = run(config(Protocol::DirectionLearning, 60, {l.c_str()}));
        QVERIFY2(std::abs(r.summary.learned_velocity_last10_deg_s) < 0.2,
                 qPrintable(num(r.summary.learned_velocity_last10_deg_s)));
        const auto ramp = run(config(Protocol::StepRamp, 5, {l.c_str()}));
        QVERIFY2(ramp.summary.steady_state_gain >= 0.5, qPrintable(num(ramp.summary.steady_state_gain)));
    }

    void s11_washoutErasesTheLearnedResponse() {
        const QString failure = washout_failure(run(config(Protocol::Washout)));
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void s12_longVisualDelayMakesTremor() {
        RunConfig c = config(Protocol::StepRamp, 3);
        QVERIFY(!set_parameter(c.params, "eye.visual_delay_ms", 250.0));
        const auto slow = run(c);
        QVERIFY2(slow.summary.oscillation_p2p_deg_s >= 10.0, qPrintable(num(slow.summary.oscillation_p2p_deg_s)));
        const auto normal = run(config(Protocol::StepRamp, 3));
        QVERIFY2(normal.summary.oscillation_p2p_deg_s < 10.0, qPrintable(num(normal.summary.oscillation_p2p_deg_s)));
    }

    void s13_sameSeedSameRunAnotherSeedDiffers() {
        const RunConfig c = config(Protocol::DirectionLearning, 6);
        auto trace = [](const RunConfig& cfg) {
            std::vector<float> v;
            std::vector<PurkinjeSpike> spikes;
            auto r = run_batch(cfg, [&](const TrialRecord& rec, const TrialMetrics&, std::size_t, std::size_t) {
                for (const auto& s : rec.trace) v.push_back(s.eye_vy_deg_s);
                spikes.insert(spikes.end(), rec.spikes.begin(), rec.spikes.end());
            });
            (void)r;
            return std::make_pair(v, spikes.size());
        };
        const auto a = trace(c), b = trace(c);
        QVERIFY(a.first == b.first);
        QCOMPARE(a.second, b.second);
        RunConfig other = c;
        other.seed = 2;
        QVERIFY(trace(other).first != a.first);
    }
};

QTEST_APPLESS_MAIN(TestSignaturesCircuit)
#include "test_signatures_circuit.moc"
