// SPDX-License-Identifier: GPL-3.0-or-later
// The population activity published for the circuit diagram: rates measured from the
// circuit's own spikes over the last 100 ms, each with its resting baseline.
#include <QtTest>

#include <variant>

#include "circuit/activity.hpp"
#include "runner.hpp"
#include "simulation.hpp"

using namespace flocculus;

namespace {

RunConfig small_config() {
    RunConfig c;
    c.trials = 2;
    if (set_parameter(c.params, "network.granule_cells", 5000.0)) qFatal("bad size");
    return c;
}

Simulation make_simulation(const RunConfig& c) {
    auto schedule = prepare_run(c);
    if (!std::holds_alternative<std::vector<TrialPlan>>(schedule)) qFatal("bad schedule");
    return Simulation(c.params, std::get<std::vector<TrialPlan>>(schedule), c.seed, c.lesions);
}

// Steps `sim` for `ms` of simulated time, observing every step.
void run(Simulation& sim, ActivityMeter& meter, double ms) {
    const auto steps = static_cast<int>(ms / sim.parameters().sim_dt_ms);
    for (int i = 0; i < steps; ++i) {
        sim.step();
        meter.observe(sim.cerebellum(), sim.parameters(), sim.lesions());
    }
}

}  // namespace

class TestActivity : public QObject {
    Q_OBJECT
private slots:
    void emptyBeforeTheFirstStep() {
        const ActivityMeter meter;
        const Parameters p = default_parameters();
        const CircuitActivity a = meter.activity(p, Lesions{});
        QCOMPARE(a.window_ms, 0.0);
        QCOMPARE(a.purkinje[0].rate_hz, 0.0);
        // Baselines come from the parameters even before anything ran.
        QCOMPARE(a.purkinje[2].baseline_hz, p.pc_baseline_rate_hz);
        QCOMPARE(a.olive[1].baseline_hz, p.io_baseline_rate_hz);
        QCOMPARE(a.nuclei[3].baseline_hz, p.dcn_baseline_rate_hz);
        QCOMPARE(a.mossy.baseline_hz, p.mf_background_rate_hz);
        QCOMPARE(a.granule.baseline_hz, p.golgi_target_activity * 100.0);
    }

    void windowIsTheLastHundredMilliseconds() {
        const RunConfig c = small_config();
        Simulation sim = make_simulation(c);
        ActivityMeter meter;
        run(sim, meter, 35.0);
        QCOMPARE(meter.activity(sim.parameters(), sim.lesions()).window_ms, 35.0);
        run(sim, meter, 500.0);
        const double w = meter.activity(sim.parameters(), sim.lesions()).window_ms;
        QVERIFY2(w >= 100.0 && w < 100.0 + ActivityMeter::kBinMs, qPrintable(QString::number(w)));
    }

    void restingRatesAreNearTheirBaselines() {
        const RunConfig c = small_config();
        Simulation sim = make_simulation(c);
        ActivityMeter meter;
        run(sim, meter, 100.0);  // fixation before motion onset
        const CircuitActivity a = meter.activity(sim.parameters(), sim.lesions());
        for (int z = 0; z < kZoneCount; ++z) {
            QVERIFY2(a.purkinje[z].rate_hz > 0.6 * a.purkinje[z].baseline_hz &&
                         a.purkinje[z].rate_hz < 1.4 * a.purkinje[z].baseline_hz,
                     qPrintable(QString::number(a.purkinje[z].rate_hz)));
            QVERIFY2(std::abs(a.nuclei[z].rate_hz - a.nuclei[z].baseline_hz) < 15.0,
                     qPrintable(QString::number(a.nuclei[z].rate_hz)));
            QVERIFY(a.olive[z].rate_hz < 20.0);
        }
        QVERIFY2(std::abs(a.mossy.rate_hz - a.mossy.baseline_hz) < 0.5 * a.mossy.baseline_hz,
                 qPrintable(QString::number(a.mossy.rate_hz)));
        QVERIFY2(a.granule.rate_hz > 0.2 * a.granule.baseline_hz &&
                     a.granule.rate_hz < 5.0 * a.granule.baseline_hz,
                 qPrintable(QString::number(a.granule.rate_hz)));
        QCOMPARE(a.golgi.rate_hz, a.granule.rate_hz);
        QCOMPARE(a.interneurons.rate_hz, a.granule.rate_hz * sim.parameters().mli_gain);
        const PopulationRate pc = zone_mean(a.purkinje);
        QCOMPARE(pc.baseline_hz, sim.parameters().pc_baseline_rate_hz);
    }

    void lesionsSilenceTheirPopulations() {
        RunConfig c = small_config();
        c.lesions[Lesion::Io] = 1.0;
        c.lesions[Lesion::Purkinje] = 1.0;
        c.lesions[Lesion::Golgi] = 1.0;
        c.lesions[Lesion::Dcn] = 1.0;
        Simulation sim = make_simulation(c);
        ActivityMeter meter;
        run(sim, meter, 300.0);
        const CircuitActivity a = meter.activity(sim.parameters(), sim.lesions());
        for (int z = 0; z < kZoneCount; ++z) {
            QCOMPARE(a.olive[z].rate_hz, 0.0);
            QCOMPARE(a.purkinje[z].rate_hz, 0.0);
            QCOMPARE(a.nuclei[z].rate_hz, 0.0);
        }
        QCOMPARE(a.golgi.rate_hz, 0.0);
        QVERIFY(a.granule.rate_hz > 0.0);
    }

    void golgiLesionMakesGranuleActivityDenser() {
        const RunConfig intact = small_config();
        RunConfig lesioned = intact;
        lesioned.lesions[Lesion::Golgi] = 1.0;
        const auto granule_rate = [](const RunConfig& c) {
            Simulation sim = make_simulation(c);
            ActivityMeter meter;
            run(sim, meter, 300.0);
            return meter.activity(sim.parameters(), sim.lesions()).granule.rate_hz;
        };
        const double rate[2] = {granule_rate(intact), granule_rate(lesioned)};
        QVERIFY2(rate[1] > 1.5 * rate[0],
                 qPrintable(QStringLiteral("%1 vs %2").arg(rate[1]).arg(rate[0])));
    }

    void runnerPublishesActivity() {
        Runner r(small_config());
        QCOMPARE(r.snapshot()->activity.window_ms, 0.0);
        r.step_trial();
        for (int i = 0; i < 2000 && r.snapshot()->trial_index < 1; ++i) QTest::qWait(5);
        const auto s = r.snapshot();
        QCOMPARE(s->trial_index, std::size_t{1});
        QVERIFY(s->activity.window_ms >= 100.0);
        QVERIFY(zone_mean(s->activity.purkinje).rate_hz > 0.0);
        // A reset starts the window again.
        r.reset();
        for (int i = 0; i < 2000 && r.snapshot()->trial_index != 0; ++i) QTest::qWait(5);
        QCOMPARE(r.snapshot()->activity.window_ms, 0.0);
    }
};

QTEST_MAIN(TestActivity)
#include "test_activity.moc"
