// SPDX-License-Identifier: GPL-3.0-or-later
// Each rule of the circuit in isolation (DESIGN §1.3-§1.7), and each lesion changing what
// it names.
#include <QtTest>

#include <algorithm>
#include <cmath>

#include "circuit/cerebellum.hpp"
#include "params/presets.hpp"
#include "params/registry.hpp"
#include "plasticity/mf_dcn.hpp"
#include "plasticity/nuclear_synapses.hpp"
#include "simulation.hpp"

using namespace flocculus;

namespace {
Parameters small() {
    Parameters p = default_parameters();
    for (auto [n, v] : {std::pair{"network.granule_cells", 3000.0}, {"mf.count", 300.0},
                        {"dcn.mf_inputs", 50.0}, {"golgi.count", 10.0}})
        if (auto e = set_parameter(p, n, v)) qFatal("%s", e->c_str());
    return p;
}

// The weight of one synapse of a nuclear store that starts at w and learns for `steps` steps of
// 1 ms while its fibre fires at mf_hz and its Purkinje input is pc_hz, under the rule's levels
// for a zone whose running mean is reference_hz.
float one_synapse_learns(const Parameters& p, float w, double mf_hz, double pc_hz,
                         double reference_hz, double ltp, double ltd, int steps = 1) {
    NuclearSynapses s(1, 1, w);
    for (int t = 0; t < steps; ++t)
        s.learn(p, 0, [&](std::size_t) { return mf_hz; }, pc_hz,
                NuclearSynapses::levels(p, reference_hz), ltp, ltd, 1.0);
    return s.weights(0)[0];
}

// Steps a circuit for `ms` with motion (so that mossy fibres are busy) and counts spikes.
struct Counts {
    long gc = 0, ss = 0, cs = 0;
    std::vector<long> ss_per_cell;
};
Counts drive(Cerebellum& cb, const Parameters& p, const Lesions& l, double ms, Vec2 slip = {},
             std::int64_t* step = nullptr) {
    Counts c;
    c.ss_per_cell.assign(cb.purkinje().count(), 0);
    std::int64_t k = step ? *step : 0;
    for (double t = 0; t < ms; t += p.sim_dt_ms, ++k) {
        CircuitInput in;
        in.mossy.t_ms = t;
        in.mossy.in_trial = true;
        in.mossy.seen_onset_ms = 0;
        in.mossy.target_estimate = {20, 0};
        in.mossy.eye_efference = {18, 0};
        in.delayed_slip = slip;
        cb.step(p, l, in, k);
        c.gc += static_cast<long>(cb.granule().spikes().size());
        c.ss += static_cast<long>(cb.purkinje().simple_spikes().size());
        c.cs += static_cast<long>(cb.purkinje().complex_spikes().size());
        for (auto s : cb.purkinje().simple_spikes()) ++c.ss_per_cell[s];
    }
    if (step) *step = k;
    return c;
}

// The summed change of the nuclei's mossy-fibre weights from their initial value.
double nuclear_weight_change(const Cerebellum& cb, const Parameters& p) {
    double sum = 0;
    for (float w : cb.nuclei().mf_weights()) sum += w - p.dcn_mf_weight_init;
    return sum;
}

// The same parameters with the nuclear rule silent: no new change, while the labile phase of
// what was learned goes on.
Parameters without_nuclear_learning(Parameters p) {
    p.dcn_ltp_rate = p.dcn_ltd_rate = 0;
    return p;
}

// The small circuit with the olive feeling nucleo-olivary firing at once (no delay, no slow
// release).
Parameters prompt_olive() {
    Parameters p = small();
    for (auto n : {"io.nucleo_olivary_delay_ms", "io.nucleo_olivary_tau_ms"})
        if (auto e = set_parameter(p, n, 0.0)) qFatal("%s", e->c_str());
    return p;
}

// Every Purkinje cell removed: the nuclei are released at once and stay released.
Lesions nuclei_released() {
    Lesions l;
    l[Lesion::Purkinje] = 1.0;
    return l;
}

// Runs a circuit with its nuclei released for `ms` more and returns the nucleo-olivary
// inhibition the first zone's olive feels then.
double released_olive_hz(Cerebellum& cb, const Parameters& p, double ms, std::int64_t& step) {
    drive(cb, p, nuclei_released(), ms, {}, &step);
    return cb.nuclei().zone_nucleo_olivary_hz(0);
}
}  // namespace

class TestCircuitRules : public QObject {
    Q_OBJECT
private slots:
    void ltdDepressesFibresActiveAboutOneHundredMsBefore() {
        Parameters p = small();
        Rng rng(1);
        PfPcSynapses syn(p, 4, 2, rng);
        std::vector<float> drive(2, 0.0f);
        const float w0 = syn.weight(0, 0);
        const std::uint32_t early[] = {1}, late[] = {0};
        syn.transmit(p, early, 0, 0.0f, 0.0, drive);    // fibre 1 fires 400 ms before the CS
        syn.transmit(p, late, 300, 0.0f, 0.0, drive);   // fibre 0 fires 100 ms before the CS
        syn.depress(p, 0, 400, 1.0);
        QVERIFY(syn.weight(0, 0) < w0);                 // depressed
        QCOMPARE(syn.weight(1, 0), w0);                 // outside the window: untouched
        QCOMPARE(syn.weight(0, 1), w0);                 // another cell's synapse: untouched
        QCOMPARE(syn.weight(2, 0), w0);                 // a silent fibre: untouched
        // The kernel peaks at pf.ltd_kernel_peak_ms and is zero at 400 ms.
        QVERIFY(syn.kernel(p, 100) > syn.kernel(p, 50));
        QVERIFY(syn.kernel(p, 100) > syn.kernel(p, 200));
        QCOMPARE(syn.kernel(p, 400), 0.0);
        QCOMPARE(syn.kernel(p, 0), 0.0);
    }

    void ltpWithoutClimbingFibreAndWeightBounds() {
        Parameters p = small();
        p.pf_weight_dependence = 0;  // hard bounds: every step the same size up to the bound
        Rng rng(1);
        PfPcSynapses syn(p, 2, 1, rng);
        std::vector<float> drive(1, 0.0f);
        const std::uint32_t g[] = {0};
        const float w0 = syn.weight(0, 0);
        syn.transmit(p, g, 0, 0.0f, 1.0, drive);
        QCOMPARE(syn.weight(0, 0), static_cast<float>(w0 + p.pf_ltp_rate));
        for (int k = 1; k < 2000; ++k) syn.transmit(p, g, k, 0.0f, 1.0, drive);
        QCOMPARE(syn.weight(0, 0), static_cast<float>(p.pf_w_max));
        for (int k = 2000; k < 3000; k += 5) {
            syn.transmit(p, g, k, 0.0f, 0.0, drive);
            syn.depress(p, 0, k + 100, 1.0);
        }
        QCOMPARE(syn.weight(0, 0), 0.0f);
    }

    void balancedAtTheBaselineComplexSpikeRate() {
        // Expected LTD at 1 Hz of complex spikes equals LTP: the kernel integrates to 1 s.
        const Parameters p = small();
        Rng rng(1);
        PfPcSynapses syn(p, 1, 1, rng);
        double integral = 0;
        for (double d = 0; d <= 400; d += 0.5) integral += syn.kernel(p, d) * 0.5e-3;
        QVERIFY2(std::abs(integral - 1.0) < 0.01, qPrintable(QString::number(integral)));
        QCOMPARE(p.pf_ltp_rate, p.pf_ltd_rate * p.io_baseline_rate_hz);
    }

    void oliveRespectsRefractorinessAndItsCeiling() {
        Parameters p = small();
        PurkinjeLayer pcs(p);
        InferiorOlive io(pcs.count());
        Rng rng(3);
        const double slip[kZoneCount] = {200, 0, 0, 0}, nuclear[kZoneCount] = {}, gaze[kZoneCount] = {};
        std::vector<std::int64_t> last(pcs.count(), -100000);
        long spikes = 0;
        const auto refractory = static_cast<std::int64_t>(p.io_refractory_ms / p.sim_dt_ms);
        for (std::int64_t k = 0; k < 20000; ++k) {
            io.step(p, {}, pcs, slip, nuclear, gaze, k, rng);
            for (auto c : io.spikes()) {
                QVERIFY(k - last[c] >= refractory);
                last[c] = k;
                if (pcs.zone_of(c) == 0) ++spikes;
            }
        }
        const double rate = static_cast<double>(spikes) / (static_cast<double>(pcs.per_zone()) * 20.0);
        QVERIFY2(rate <= p.io_max_rate_hz * 1.1, qPrintable(QString::number(rate)));
        QVERIFY(rate >= p.io_max_rate_hz * 0.8);
        QCOMPARE(io.zone_rate_hz(0), p.io_max_rate_hz);
        QCOMPARE(io.zone_rate_hz(1), p.io_baseline_rate_hz);
    }

    void complexSpikeIsFollowedByASimpleSpikePause() {
        Parameters p = small();
        PurkinjeLayer pcs(p);
        Rng rng(5);
        std::vector<float> drive(pcs.count(), 0.0f);
        for (std::int64_t k = 0; k < 200; ++k) pcs.step(p, {}, drive, {}, k, rng);
        const std::uint32_t cf[] = {0};
        pcs.step(p, {}, drive, cf, 200, rng);
        QCOMPARE(pcs.complex_spikes().size(), std::size_t{1});
        const auto pause = static_cast<std::int64_t>(p.pc_cs_pause_ms / p.sim_dt_ms);
        std::int64_t first_ss = -1;
        for (std::int64_t k = 201; k < 300 && first_ss < 0; ++k) {
            pcs.step(p, {}, drive, {}, k, rng);
            for (auto s : pcs.simple_spikes())
                if (s == 0) first_ss = k;
        }
        QVERIFY(first_ss - 200 >= pause);
    }

    void purkinjeCellsFireAtTheirBaselineRate() {
        Parameters p = small();
        PurkinjeLayer pcs(p);
        Rng rng(7);
        std::vector<float> drive(pcs.count(), 0.0f);
        long n = 0;
        for (std::int64_t k = 0; k < 10000; ++k) {
            pcs.step(p, {}, drive, {}, k, rng);
            n += static_cast<long>(pcs.simple_spikes().size());
        }
        const double rate = static_cast<double>(n) / (static_cast<double>(pcs.count()) * 10.0);
        QVERIFY2(std::abs(rate - p.pc_baseline_rate_hz) < 2.0, qPrintable(QString::number(rate)));
    }

    void golgiCellsKeepGranuleActivitySparse() {
        const Parameters p = small();
        Cerebellum a(p, 1), b(p, 1);
        Lesions golgi;
        golgi[Lesion::Golgi] = 1.0;
        const long with = drive(a, p, {}, 1000).gc;
        const long without = drive(b, p, golgi, 1000).gc;
        QVERIFY2(without > 2 * with, qPrintable(QString("%1 vs %2").arg(without).arg(with)));
    }

    void mossyContextLesionSilencesContextFibres() {
        const Parameters p = small();
        Cerebellum cb(p, 1);
        Lesions l;
        l[Lesion::MossyContext] = 1.0;
        drive(cb, p, l, 300);
        for (std::size_t i = 0; i < cb.mossy().count(); ++i) {
            if (cb.mossy().is_context(i)) QCOMPARE(cb.mossy().rates_hz()[i], 0.0f);
            else QVERIFY(cb.mossy().rates_hz()[i] > 0.0f);
        }
    }

    void lesionsRemoveWhatTheyName() {
        const Parameters p = small();
        const Vec2 slip{0, 30};  // drives the "up" olive
        {   // io: no complex spikes at all, simple spikes go on
            Cerebellum cb(p, 1);
            Lesions l;
            l[Lesion::Io] = 1.0;
            const auto c = drive(cb, p, l, 1000, slip);
            QCOMPARE(c.cs, 0L);
            QVERIFY(c.ss > 0);
        }
        {   // purkinje:0.5 silences half of each zone, and only those
            Cerebellum cb(p, 1);
            Lesions l;
            l[Lesion::Purkinje] = 0.5;
            const auto c = drive(cb, p, l, 500);
            int silent = 0;
            for (std::size_t i = 0; i < c.ss_per_cell.size(); ++i) {
                QCOMPARE(c.ss_per_cell[i] == 0, !cb.purkinje().present(l, i));
                silent += c.ss_per_cell[i] == 0;
            }
            QCOMPARE(silent, static_cast<int>(c.ss_per_cell.size() / 2));
        }
        {   // dcn: no cerebellar command
            Cerebellum cb(p, 1);
            Lesions l;
            l[Lesion::Dcn] = 1.0;
            drive(cb, p, l, 300, slip);
            QCOMPARE(cb.command(), Vec2{});
        }
        {   // ltd / ltp: weights move only the other way
            for (Lesion which : {Lesion::Ltd, Lesion::Ltp}) {
                Cerebellum cb(p, 1);
                Lesions l;
                l[which] = 1.0;
                const auto start = cb.synapses().weights();
                const std::vector<float> w0(start.begin(), start.end());
                drive(cb, p, l, 1000, slip);
                const auto w = cb.synapses().weights();
                int moved = 0;
                for (std::size_t i = 0; i < w.size(); ++i) {
                    if (which == Lesion::Ltd) QVERIFY(w[i] >= w0[i]);
                    else QVERIFY(w[i] <= w0[i]);
                    moved += w[i] != w0[i];
                }
                QVERIFY(moved > 0);
            }
        }
        {   // dcn-plasticity: mossy-to-nucleus weights frozen
            Cerebellum cb(p, 1);
            Lesions l;
            l[Lesion::DcnPlasticity] = 1.0;
            drive(cb, p, l, 1000, slip);
            for (float w : cb.nuclei().mf_weights()) QCOMPARE(w, static_cast<float>(p.dcn_mf_weight_init));
        }
        {   // nucleo-olivary: the olive ignores nuclear output
            Parameters q = p;
            QVERIFY(!set_parameter(q, "io.nucleo_olivary_gain", 2.0));
            PurkinjeLayer pcs(q);
            InferiorOlive io(pcs.count());
            Rng rng(1);
            const double s[kZoneCount] = {}, nuclear[kZoneCount] = {0.4, 0, 0, 0}, gaze[kZoneCount] = {};
            Lesions l;
            io.step(q, l, pcs, s, nuclear, gaze, 0, rng);
            QVERIFY(io.zone_rate_hz(0) < io.zone_rate_hz(1));
            l[Lesion::NucleoOlivary] = 1.0;
            io.step(q, l, pcs, s, nuclear, gaze, 1, rng);
            QCOMPARE(io.zone_rate_hz(0), io.zone_rate_hz(1));
        }
    }

    void nuclearPlasticityFollowsPurkinjePauses() {
        // Potentiation while Purkinje cells pause with the fibre active, depression while
        // they fire above their average, nothing without mossy activity; weights stay below
        // dcn.w_max. One synapse of the nuclei's store under the pause rule, whose average
        // (the zone's running mean) is 70 Hz, over 1 ms.
        Parameters p = default_parameters();
        p.dcn_w_max = 0.1;
        auto learned = [&](float w, double mf_hz, double pc_hz, double ltp, double ltd) {
            return one_synapse_learns(p, w, mf_hz, pc_hz, 70, ltp, ltd);
        };
        QVERIFY(learned(0.01f, 100, 50, 1e-5, 1e-5) > 0.01f);
        QVERIFY(learned(0.01f, 100, 90, 1e-5, 1e-5) < 0.01f);
        QCOMPARE(learned(0.01f, 0, 50, 1e-5, 1e-5), 0.01f);
        QCOMPARE(learned(0.0999f, 1e6, 0, 1e-3, 0), 0.1f);
    }

    void nuclearThresholdRuleJudgesFixedRates() {
        // The threshold rule compares the zone's Purkinje rate with fixed levels: below the
        // potentiation threshold active synapses grow, above the depression threshold they
        // shrink, in between (however the rate has moved) nothing changes.
        QVERIFY(mf_dcn_change(100, 50, 60, 80, 1e-5, 1e-5, 1) > 0);
        QVERIFY(mf_dcn_change(100, 90, 60, 80, 1e-5, 1e-5, 1) < 0);
        QCOMPARE(mf_dcn_change(100, 70, 60, 80, 1e-5, 1e-5, 1), 0.0);
        QCOMPARE(mf_dcn_change(0, 10, 60, 80, 1e-5, 1e-5, 1), 0.0);
        // Twice as far below the threshold, twice the change.
        QCOMPARE(mf_dcn_change(100, 40, 60, 80, 1e-5, 1e-5, 1),
                 2 * mf_dcn_change(100, 50, 60, 80, 1e-5, 1e-5, 1));
        Parameters p = default_parameters();
        QVERIFY(!set_parameter(p, "dcn.ltp_threshold_hz", 70.0));
        QVERIFY(validate_parameters(p) == std::nullopt);
        QVERIFY(!set_parameter(p, "dcn.ltp_threshold_hz", 90.0));
        const auto why = validate_parameters(p);
        QVERIFY(why && why->find("dcn.ltp_threshold_hz") != std::string::npos);
    }

    void labileNuclearChangeDecaysUnlessConsolidated() {
        // Without Purkinje cells the nuclei are released and, under the threshold rule, every
        // active mossy synapse potentiates. Its change is labile: after learning stops it
        // decays away unless consolidated; consolidation keeps part of it; and a scarce
        // resource (used up by consolidating, recovering slowly) keeps less.
        Parameters p = small();
        for (auto [n, v] : {std::pair{"dcn.rule", 1.0}, {"dcn.ltp_rate", 1e-5},
                            {"dcn.labile_tau_s", 0.3}, {"dcn.resource_recovery_s", 5.0}})
            QVERIFY(!set_parameter(p, n, v));
        Lesions l;
        l[Lesion::Purkinje] = 1.0;
        struct Change { double learned = 0, left = 0, labile_left = 0; };
        auto learn = [&](double consolidation_per_s, double resource_use) {
            Parameters q = p;
            q.dcn_consolidation_per_s = consolidation_per_s;
            q.dcn_resource_use = resource_use;
            Cerebellum cb(q, 1);
            Change c;
            std::int64_t k = 0;
            drive(cb, q, l, 500, {}, &k);
            c.learned = nuclear_weight_change(cb, q);
            drive(cb, without_nuclear_learning(q), l, 3000, {}, &k);
            c.left = nuclear_weight_change(cb, q);
            for (float x : cb.nuclei().labile_weights()) c.labile_left += std::abs(x);
            return c;
        };
        const Change none = learn(0, 0);
        QVERIFY2(none.learned > 0.1, qPrintable(QString::number(none.learned)));
        QVERIFY2(std::abs(none.left) < 1e-3 * none.learned, qPrintable(QString::number(none.left)));
        const Change kept = learn(2.0, 0);
        QVERIFY2(kept.left > 0.2 * kept.learned, qPrintable(QString::number(kept.left / kept.learned)));
        QVERIFY2(kept.labile_left < 1e-3 * kept.left, qPrintable(QString::number(kept.labile_left)));
        const Change scarce = learn(2.0, 50.0);
        QVERIFY2(scarce.left > 0 && scarce.left < 0.8 * kept.left,
                 qPrintable(QString("%1 vs %2").arg(scarce.left).arg(kept.left)));
        // A synapse holds only so much unconsolidated change: the same learning keeps more
        // when a pause lets consolidation make room in the middle of it (spaced) than when it
        // comes in one go (massed), the final rest being equal.
        auto lasting = [&](bool spaced) {
            Parameters q = p;
            q.dcn_consolidation_per_s = 1.0;
            q.dcn_labile_tau_s = 2.0;
            q.dcn_labile_max = 2e-5;
            const Parameters rest = without_nuclear_learning(q);
            Cerebellum cb(q, 1);
            std::int64_t k = 0;
            if (spaced) {
                drive(cb, q, l, 500, {}, &k);
                drive(cb, rest, l, 2000, {}, &k);
                drive(cb, q, l, 500, {}, &k);
            } else {
                drive(cb, q, l, 1000, {}, &k);
            }
            drive(cb, rest, l, 8000, {}, &k);
            return nuclear_weight_change(cb, q);
        };
        const double massed = lasting(false), spaced = lasting(true);
        QVERIFY2(massed > 0 && spaced > 1.2 * massed,
                 qPrintable(QString("spaced %1, massed %2").arg(spaced).arg(massed)));
        // Without a labile phase a change is lasting at once and nothing is labile.
        Parameters off = small();
        off.dcn_labile_tau_s = 0;
        Cerebellum cb(off, 1);
        drive(cb, off, l, 200);
        for (float x : cb.nuclei().labile_weights()) QCOMPARE(x, 0.0f);
    }

    void nucleoOlivaryInhibitionIsDelayedAndSlow() {
        // Removing the Purkinje cells releases the nuclei at once. Without a delay the olive's
        // inhibition follows their firing immediately; with a delay and a time constant it
        // stays at zero for the delay and then builds up over the time constant towards the
        // same level.
        const Parameters p = prompt_olive();
        Parameters slow = p;
        QVERIFY(!set_parameter(slow, "io.nucleo_olivary_delay_ms", 50.0));
        QVERIFY(!set_parameter(slow, "io.nucleo_olivary_tau_ms", 200.0));
        Cerebellum fast_cb(p, 1), slow_cb(slow, 1);
        std::int64_t kf = 0, ks = 0;
        const double f40 = released_olive_hz(fast_cb, p, 40, kf), s40 = released_olive_hz(slow_cb, slow, 40, ks);
        QVERIFY2(f40 > 1.0, qPrintable(QString::number(f40)));
        QCOMPARE(s40, 0.0);  // nothing has arrived yet
        const double f250 = released_olive_hz(fast_cb, p, 210, kf), s250 = released_olive_hz(slow_cb, slow, 210, ks);
        // One time constant after the delay: about 1 - 1/e of the way (the release itself
        // takes dcn.tau_ms to rise, so a little less).
        QVERIFY2(s250 > 0.4 * f250 && s250 < 0.7 * f250, qPrintable(QString::number(s250 / f250)));
        const double f2000 = released_olive_hz(fast_cb, p, 1750, kf), s2000 = released_olive_hz(slow_cb, slow, 1750, ks);
        QVERIFY2(std::abs(s2000 - f2000) < 0.05 * f2000, qPrintable(QString::number(s2000 / f2000)));
    }

    void oliveAdaptsToSustainedNucleoOlivaryInhibition() {
        // With io.nucleo_olivary_adapt_ms the olive feels the changes of its inhibition, not
        // what is sustained: after the nuclei are released for good, the inhibition it feels
        // rises at once and then fades with the adaptation's time constant, while without
        // adaptation it stays.
        const Parameters p = prompt_olive();
        Parameters adapting = p;
        QVERIFY(!set_parameter(adapting, "io.nucleo_olivary_adapt_ms", 200.0));
        Cerebellum steady_cb(p, 1), adapting_cb(adapting, 1);
        std::int64_t ks = 0, ka = 0;
        const double steady60 = released_olive_hz(steady_cb, p, 60, ks);
        const double adapting60 = released_olive_hz(adapting_cb, adapting, 60, ka);
        QVERIFY2(steady60 > 1.0 && adapting60 > 0.5 * steady60,
                 qPrintable(QString("%1 %2").arg(steady60).arg(adapting60)));
        const double steady = released_olive_hz(steady_cb, p, 1500, ks);
        const double adapted = released_olive_hz(adapting_cb, adapting, 1500, ka);
        QVERIFY2(steady > steady60, qPrintable(QString::number(steady)));
        QVERIFY2(std::abs(adapted) < 0.05 * steady, qPrintable(QString::number(adapted)));
    }

    void oliveFeelsGazeAlongItsZone() {
        // io.gaze_gain: the prepositus's push-pull inhibition of the olive falls as gaze moves
        // a zone's way and rises as it moves the other way, through the olive's slow synapses.
        // Gaze is eye plus head velocity, so an eye that exactly cancels the head's turn (a
        // perfect reflex) moves no olive. Nucleo-olivary inhibition is off here.
        Parameters p = small();
        for (auto [n, v] : {std::pair{"io.gaze_gain", 0.1}, {"io.nucleo_olivary_gain", 0.0},
                            {"io.nucleo_olivary_delay_ms", 20.0}, {"io.nucleo_olivary_tau_ms", 100.0}})
            QVERIFY(!set_parameter(p, n, v));
        auto rates = [&](Vec2 eye, Vec2 head, double ms) {
            Cerebellum cb(p, 1);
            std::int64_t k = 0;
            for (double t = 0; t < ms; t += p.sim_dt_ms, ++k) {
                CircuitInput in;
                in.mossy.t_ms = t;
                in.mossy.in_trial = true;
                in.mossy.eye_efference = eye;
                in.mossy.head_velocity = head;
                cb.step(p, {}, in, k);
            }
            std::array<double, kZoneCount> r{};
            for (int z = 0; z < kZoneCount; ++z) r[z] = cb.olive().zone_rate_hz(z);
            return r;
        };
        const double base = p.io_baseline_rate_hz;
        // Rightward gaze of 10 deg/s, felt after the delay and the slow release.
        const auto soon = rates({10, 0}, {}, 15), later = rates({10, 0}, {}, 1000);
        QCOMPARE(soon[0], base);
        QVERIFY2(std::abs(later[0] - (base + 1.0)) < 1e-3, qPrintable(QString::number(later[0])));
        QVERIFY2(std::abs(later[1] - std::max(0.0, base - 1.0)) < 1e-3, qPrintable(QString::number(later[1])));
        QCOMPARE(later[2], base);
        // The eye turning against the head: no gaze, no change.
        const auto reflex = rates({-30, 0}, {30, 0}, 1000);
        for (int z = 0; z < kZoneCount; ++z) QCOMPARE(reflex[z], base);
    }

    void nucleoOlivaryCellsShareTheChosenSourcesLearning() {
        // The nucleo-olivary cells share the learned drive of every mossy input
        // (io.nucleo_olivary_sources = all) or only of the context fibres (context). With the
        // Purkinje cells removed the nuclei learn from every active fibre, direction fibres
        // included, so the olive is inhibited most when the cells share all of it, less when
        // they share the context fibres' part, and least when they share none.
        Parameters p = small();
        for (auto [n, v] : {std::pair{"io.nucleo_olivary_learned_fraction", 1.0},
                            {"dcn.ltp_rate", 1e-4}, {"dcn.ltd_rate", 1e-4}})
            QVERIFY(!set_parameter(p, n, v));
        Parameters context = p, none = p;
        QVERIFY(!set_parameter(context, "io.nucleo_olivary_sources", 1.0));
        QVERIFY(!set_parameter(none, "io.nucleo_olivary_learned_fraction", 0.0));
        auto inhibition = [&](const Parameters& q) {
            Cerebellum cb(q, 1);
            drive(cb, q, nuclei_released(), 1000);
            double sum = 0;
            for (int z = 0; z < kZoneCount; ++z) sum += cb.nuclei().zone_nucleo_olivary_hz(z);
            return sum;
        };
        const double all_hz = inhibition(p), context_hz = inhibition(context), none_hz = inhibition(none);
        // Each kind of fibre carries a real share of what was learned.
        const double learned = all_hz - none_hz;
        QVERIFY2(all_hz - context_hz > 0.1 * learned && context_hz - none_hz > 0.1 * learned,
                 qPrintable(QString("%1 %2 %3").arg(all_hz).arg(context_hz).arg(none_hz)));
    }

    void purkinjeInhibitionShuntsTheLearnedNuclearDrive() {
        // Off (dcn.expression_threshold_hz = 0) the learned drive always reaches the cells.
        Parameters p = small();
        for (const double pc_hz : {0.0, 40.0, 70.0, 150.0})
            QCOMPARE(NuclearSynapses::expressed_share(p, pc_hz), 1.0);
        // On: shunted at the resting rate, let through in a pause, wholly with the Purkinje
        // cells silent (a shutdown), half at the threshold, and falling with the rate.
        QVERIFY(!set_parameter(p, "dcn.expression_threshold_hz", 64.0));
        QVERIFY(!set_parameter(p, "dcn.expression_width_hz", 2.0));
        QVERIFY(NuclearSynapses::expressed_share(p, 70.0) < 0.05);
        QVERIFY(NuclearSynapses::expressed_share(p, 55.0) > 0.95);
        QVERIFY(NuclearSynapses::expressed_share(p, 0.0) > 0.999);
        QVERIFY(std::abs(NuclearSynapses::expressed_share(p, 64.0) - 0.5) < 1e-12);
        double last = 1.0;
        for (double pc_hz = 0; pc_hz <= 200; pc_hz += 1) {
            const double share = NuclearSynapses::expressed_share(p, pc_hz);
            QVERIFY(share >= 0.0 && share <= last);
            last = share;
        }
        // Potentiation is shunted by the same share; depression is not. At 70 Hz, judged
        // against a running mean of 80 Hz the cell's inhibition has dropped (potentiation),
        // against 60 Hz it is strong (depression).
        Parameters off = small();
        auto change = [](const Parameters& q, double reference_hz) {
            return static_cast<double>(
                       one_synapse_learns(q, 0.02f, 50.0, 70.0, reference_hz, 1e-4, 1e-4, 1000)) -
                   static_cast<double>(0.02f);
        };
        QVERIFY(change(off, 80.0) > 0);
        QVERIFY(std::abs(change(p, 80.0) / change(off, 80.0) -
                         NuclearSynapses::expressed_share(p, 70.0)) < 1e-3);
        QVERIFY(change(off, 60.0) < 0);
        QCOMPARE(change(p, 60.0), change(off, 60.0));
    }

    void presetsApplyAndUnknownIsRefused() {
        Parameters p = default_parameters();
        Lesions l;
        QVERIFY(!apply_preset("long-visual-delay", p, l));
        QCOMPARE(p.eye_visual_delay_ms, 250.0);
        QVERIFY(!apply_preset("no-climbing-fibres", p, l));
        QCOMPARE(l[Lesion::Io], 1.0);
        const auto e = apply_preset("nonsense", p, l);
        QVERIFY(e && e->find("fragile-x") != std::string::npos);
        for (const auto& pr : presets()) {
            Parameters q = default_parameters();
            Lesions m;
            QVERIFY2(!apply_preset(pr.name, q, m), std::string(pr.name).c_str());
        }
    }
};

QTEST_APPLESS_MAIN(TestCircuitRules)
#include "test_circuit_rules.moc"
