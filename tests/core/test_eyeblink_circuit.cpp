// SPDX-License-Identifier: GPL-3.0-or-later
// The eyeblink zone as a module of the circuit: built by the Cerebellum for eyeblink
// schedules and stepped through its input, learning with the circuit's own PF->PC synapses,
// and reached by every lesion.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <vector>

#include "circuit/cerebellum.hpp"
#include "circuit/eyeblink_zone.hpp"
#include "params/registry.hpp"
#include "simulation.hpp"

using namespace flocculus;

namespace {

Parameters small() {
    Parameters p = default_parameters();
    p.eb_granule_cells = 400;
    p.eb_golgi_cells = 40;
    p.network_granule_cells = 2000;
    return p;
}

// Paired trials of 400 steps: the tone from step 50 to 300, the puff at step 300.
EyeblinkInput paired(int k) {
    const int t = k % 400;
    return {t >= 50 && t <= 300, t == 300};
}

// What a lesion changes, summed over a run of the zone.
struct ZoneRun {
    double granule_spikes_in_tone = 0;
    double simple_spikes = 0, complex_spikes = 0, complex_at_puff = 0;
    double nuclear_hz = 0;  // mean output
    float w_min = 1e9f, w_max = -1e9f;
    double dcn_change = 0;
};

ZoneRun run_zone(const Parameters& p, const Lesions& l, int steps = 4000) {
    EyeblinkZone z(p, 7);
    ZoneRun r;
    for (int k = 0; k < steps; ++k) {
        const EyeblinkInput in = paired(k);
        z.step(p, l, in, k, 1.0);
        if (in.cs_on) r.granule_spikes_in_tone += static_cast<double>(z.granule_spikes().size());
        r.simple_spikes += static_cast<double>(z.simple_spikes().size());
        r.complex_spikes += static_cast<double>(z.complex_spikes().size());
        if (in.us_now) r.complex_at_puff += static_cast<double>(z.complex_spikes().size());
        r.nuclear_hz += z.nuclear_output_hz() / steps;
    }
    const auto w = z.pf_weights();
    r.w_min = *std::min_element(w.begin(), w.end());
    r.w_max = *std::max_element(w.begin(), w.end());
    r.dcn_change = z.mean_cs_dcn_weight_change();
    return r;
}

QString describe(const ZoneRun& a, const ZoneRun& b) {
    return QString("intact gc %1 ss %2 cs %3 puff-cs %4 out %5 w [%6, %7] dcn %8; lesioned gc %9 "
                   "ss %10 cs %11 puff-cs %12 out %13 w [%14, %15] dcn %16")
        .arg(a.granule_spikes_in_tone).arg(a.simple_spikes).arg(a.complex_spikes)
        .arg(a.complex_at_puff).arg(a.nuclear_hz).arg(a.w_min).arg(a.w_max).arg(a.dcn_change)
        .arg(b.granule_spikes_in_tone).arg(b.simple_spikes).arg(b.complex_spikes)
        .arg(b.complex_at_puff).arg(b.nuclear_hz).arg(b.w_min).arg(b.w_max).arg(b.dcn_change);
}

}  // namespace

class TestEyeblinkCircuit : public QObject {
    Q_OBJECT

  private slots:
    void zoneIsAModuleOfTheCircuit() {
        const Parameters p = small();
        const Cerebellum pursuit(p, 7);
        QVERIFY(pursuit.eyeblink() == nullptr);
        Cerebellum cb(p, 7, 1, true);
        QVERIFY(cb.eyeblink() != nullptr);
        // Driven through the circuit's input, the zone computes what a zone of its own would;
        // the floccular zones, not driven, stay unstepped.
        EyeblinkZone alone(p, 7);
        for (int k = 0; k < 800; ++k) {
            CircuitInput in;
            in.floccular = false;
            in.eyeblink = paired(k);
            cb.step(p, {}, in, k, 1.0);
            alone.step(p, {}, paired(k), k, 1.0);
            const EyeblinkZone& z = *cb.eyeblink();
            QVERIFY(std::equal(z.simple_spikes().begin(), z.simple_spikes().end(),
                               alone.simple_spikes().begin(), alone.simple_spikes().end()));
            QCOMPARE(z.nuclear_output_hz(), alone.nuclear_output_hz());
        }
        QCOMPARE(cb.granule_spike_count(), std::uint64_t{0});
        QCOMPARE(cb.simple_spike_count(), std::uint64_t{0});
        // Driven with the floccular zones, both run.
        CircuitInput both;
        both.eyeblink = EyeblinkInput{true, false};
        for (int k = 800; k < 900; ++k) cb.step(p, {}, both, k, 1.0);
        QVERIFY(cb.simple_spike_count() > 0);
        // The simulation's zone is its circuit's.
        auto schedule = make_schedule(Protocol::Eyeblink, p, 2);
        const Simulation sim(p, std::get<std::vector<TrialPlan>>(schedule), 7);
        QVERIFY(sim.eyeblink_zone() != nullptr);
        QCOMPARE(sim.eyeblink_zone(), sim.cerebellum().eyeblink());
        auto pursuit_schedule = make_schedule(Protocol::StepRamp, p, 2);
        const Simulation none(p, std::get<std::vector<TrialPlan>>(pursuit_schedule), 7);
        QVERIFY(none.eyeblink_zone() == nullptr);
    }

    void zoneUsesTheCircuitsPlasticity() {
        // The zone's rule is the circuit's with its own rates and kernel peak.
        const Parameters p = small();
        const PfPcRule r = EyeblinkZone::pf_pc_rule(p);
        const PfPcRule f = PfPcRule::floccular(p);
        QCOMPARE(r.ltd_rate, p.eb_ltd_rate);
        QCOMPARE(r.ltp_rate, p.eb_ltp_rate);
        QCOMPARE(r.kernel_peak_ms, p.eb_ltd_kernel_peak_ms);
        QCOMPARE(r.kernel_sharpness, f.kernel_sharpness);
        QCOMPARE(r.w_init, f.w_init);
        QCOMPARE(r.w_max, f.w_max);
        QCOMPARE(r.weight_dependence, f.weight_dependence);
        // A PfPcSynapses with that rule, fed the zone's granule and complex spikes, ends with
        // the zone's weights exactly; with the floccular rule it does not.
        EyeblinkZone z(p, 7);
        Rng rng = Rng::stream(1, 1);
        PfPcSynapses same(p, z.granule_count(), z.purkinje_count(), rng, &EyeblinkZone::pf_pc_rule);
        PfPcSynapses floccular(p, z.granule_count(), z.purkinje_count(), rng);
        std::vector<float> drive(z.purkinje_count());
        int complex = 0;
        for (int k = 0; k < 3000; ++k) {
            z.step(p, {}, paired(k), k, 1.0);
            for (PfPcSynapses* s : {&same, &floccular}) {
                s->transmit(p, z.granule_spikes(), k, static_cast<float>(p.pf_w_init), 1.0, drive);
                s->depress(p, z.complex_spikes(), k, 1.0);
            }
            complex += static_cast<int>(z.complex_spikes().size());
        }
        QVERIFY(complex > 0);
        const auto zw = z.pf_weights();
        const auto sw = same.weights();
        const auto fw = floccular.weights();
        QVERIFY(std::equal(zw.begin(), zw.end(), sw.begin(), sw.end()));
        QVERIFY(!std::equal(zw.begin(), zw.end(), fw.begin(), fw.end()));
        // And learning moved them (both ways).
        QVERIFY(*std::min_element(zw.begin(), zw.end()) < p.pf_w_init);
        QVERIFY(*std::max_element(zw.begin(), zw.end()) > p.pf_w_init);
    }

    void nucleusLearnsByTheCircuitsNuclearRule() {
        // dcn.rule reaches the zone's nucleus: with fixed thresholds that put every Purkinje
        // rate below the potentiation level the tone's fibres potentiate, with thresholds
        // below every rate they depress; the default (pause) rule moves them less than either.
        Parameters p = small();
        const ZoneRun pause = run_zone(p, {});
        p.dcn_rule = 1;
        p.dcn_ltp_threshold_hz = p.dcn_ltd_threshold_hz = 400;
        const ZoneRun up = run_zone(p, {});
        p.dcn_ltp_threshold_hz = p.dcn_ltd_threshold_hz = 0;
        const ZoneRun down = run_zone(p, {});
        const QString said = QString("pause %1, all below %2, all above %3")
                                 .arg(pause.dcn_change).arg(up.dcn_change).arg(down.dcn_change);
        QVERIFY2(up.dcn_change > 0 && down.dcn_change < 0, qPrintable(said));
        QVERIFY2(std::abs(pause.dcn_change) < std::min(up.dcn_change, -down.dcn_change),
                 qPrintable(said));
    }

    void nucleusKeepsItsChangeInTheCircuitsLabileStore() {
        // With a labile phase (dcn.labile_tau_s) the nucleus's change is held in the circuit's
        // store: at most dcn.labile_max of it per synapse until it is consolidated, so with no
        // consolidation the tone's fibres change by at most that; and a change that is not
        // consolidated decays.
        Parameters p = small();
        p.dcn_rule = 1;
        p.dcn_ltp_threshold_hz = p.dcn_ltd_threshold_hz = 400;  // steady potentiation
        const ZoneRun lasting = run_zone(p, {});
        p.dcn_labile_tau_s = 100000;
        p.dcn_consolidation_per_s = 0;
        p.dcn_labile_max = 1e-6;
        const ZoneRun capped = run_zone(p, {});
        p.dcn_labile_max = 10;
        p.dcn_labile_tau_s = 0.2;
        const ZoneRun decaying = run_zone(p, {});
        const QString said = QString("lasting %1, capped %2, decaying %3")
                                 .arg(lasting.dcn_change).arg(capped.dcn_change).arg(decaying.dcn_change);
        QVERIFY2(lasting.dcn_change > 1e-5, qPrintable(said));
        QVERIFY2(capped.dcn_change > 0 && capped.dcn_change <= 1e-6 * 1.0001, qPrintable(said));
        QVERIFY2(decaying.dcn_change > 0 && decaying.dcn_change < 0.5 * lasting.dcn_change,
                 qPrintable(said));
    }

    void removedParametersAreRefused() {
        // The zone takes its initial weight and nuclear size from the circuit's parameters.
        Parameters p = default_parameters();
        for (const char* name : {"eb.pf_w_init", "eb.dcn_cells"}) {
            const auto e = set_parameter(p, name, 1.0);
            QVERIFY(e && e->find("unknown parameter") != std::string::npos);
        }
        p.pf_w_init = 0.3;
        p.dcn_cells_per_microzone = 6;
        EyeblinkZone z(p, 7);
        const auto w = z.pf_weights();
        QVERIFY(std::all_of(w.begin(), w.end(), [](float x) { return x == 0.3f; }));
        // Three of six cells removed: the output is halved (the olive lesioned in both, so
        // that the nucleus's inhibition of it changes nothing upstream).
        Lesions intact, half;
        intact[Lesion::Io] = half[Lesion::Io] = 1.0;
        half[Lesion::Dcn] = 0.5;
        EyeblinkZone a(p, 7), b(p, 7);
        for (int k = 0; k < 200; ++k) {
            a.step(p, intact, {true, false}, k, 0.0);
            b.step(p, half, {true, false}, k, 0.0);
        }
        QVERIFY(std::abs(a.nuclear_output_hz()) > 1e-6);
        QVERIFY(std::abs(b.nuclear_output_hz() - a.nuclear_output_hz() / 2) < 1e-6);
    }

    void everyLesionActsOnTheZone() {
        const Parameters p = small();
        const ZoneRun intact = run_zone(p, {});
        QVERIFY(intact.complex_spikes > 0 && intact.simple_spikes > 0);
        for (const LesionInfo& info : lesion_infos()) {
            Lesions l;
            l[info.lesion] = 1.0;
            const ZoneRun r = run_zone(p, l);
            const QString what = QString::fromUtf8(info.name.data(), static_cast<int>(info.name.size())) +
                                 ": " + describe(intact, r);
            bool acts = false;
            switch (info.lesion) {
            case Lesion::Io:  // no climbing fibres
                acts = r.complex_spikes == 0;
                break;
            case Lesion::Purkinje:  // no Purkinje cells: nothing fires, the nucleus is released
                acts = r.simple_spikes == 0 && r.complex_spikes == 0 && r.nuclear_hz > intact.nuclear_hz + 10;
                break;
            case Lesion::Dcn:  // no output
                acts = r.nuclear_hz == 0 && intact.nuclear_hz != 0;
                break;
            case Lesion::Ltd:  // no weight falls
                acts = r.w_min >= static_cast<float>(p.pf_w_init) && intact.w_min < r.w_min;
                break;
            case Lesion::Ltp:  // no weight rises
                acts = r.w_max <= static_cast<float>(p.pf_w_init) && intact.w_max > r.w_max;
                break;
            case Lesion::DcnPlasticity:  // the nuclear weights stay
                acts = std::abs(r.dcn_change) < 1e-8 && std::abs(intact.dcn_change) > 1e-6;
                break;
            case Lesion::Golgi:  // granule cells uninhibited: more spikes in the tone
                acts = r.granule_spikes_in_tone > 1.2 * intact.granule_spikes_in_tone;
                break;
            case Lesion::MossyContext:  // the tone's fibres silenced: the tone drives nothing
                acts = r.granule_spikes_in_tone < 0.5 * intact.granule_spikes_in_tone;
                break;
            case Lesion::NucleoOlivary: {
                // With half the Purkinje cells gone the nucleus is released and inhibits the
                // olive, so the puff reaches fewer cells; cutting the pathway restores it.
                Lesions half;
                half[Lesion::Purkinje] = 0.5;
                Lesions cut = half;
                cut[Lesion::NucleoOlivary] = 1.0;
                const ZoneRun inhibited = run_zone(p, half), open = run_zone(p, cut);
                acts = open.complex_at_puff > 2 * inhibited.complex_at_puff + 5;
                break;
            }
            case Lesion::Count:
                break;
            }
            QVERIFY2(acts, qPrintable(what));
        }
    }
};

QTEST_GUILESS_MAIN(TestEyeblinkCircuit)
#include "test_eyeblink_circuit.moc"
