// SPDX-License-Identifier: GPL-3.0-or-later
// The eyeblink task's parts on their own: the eyelid plant, CR detection, the clock measure,
// the schedules and the eyeblink zone's basic behaviour.
#include <QtTest>

#include <cmath>

#include "circuit/eyeblink_zone.hpp"
#include "eye/eyelid.hpp"
#include "params/registry.hpp"
#include "task/eyeblink.hpp"

using namespace flocculus;

class TestEyeblink : public QObject {
    Q_OBJECT

  private slots:
    void eyelid_integratesNuclearDriveWithItsTimeConstant() {
        Parameters p = default_parameters();
        p.eyelid_adapt_tau_ms = 100000;  // adaptation out of the way
        Eyelid lid;
        const double drive = 40;
        for (int k = 0; k < static_cast<int>(p.eyelid_tau_ms); ++k) lid.step(p, drive, false);
        const double steady = p.eyelid_gain_per_hz * drive;
        // After one time constant, about 63% of the steady closure.
        QVERIFY2(std::abs(lid.closure() - 0.632 * steady) < 0.05 * steady,
                 qPrintable(QString::number(lid.closure())));
        for (int k = 0; k < 2000; ++k) lid.step(p, drive, false);
        QVERIFY(std::abs(lid.closure() - steady) < 0.03 * steady);
        // No drive: it opens again; a negative drive cannot open it past open.
        for (int k = 0; k < 2000; ++k) lid.step(p, -50, false);
        QCOMPARE(lid.closure(), 0.0);
        QCOMPARE(lid.conditioned(), 0.0);
    }

    void eyelid_adaptsToTonicDrive() {
        Parameters p = default_parameters();
        Eyelid lid;
        for (int k = 0; k < 10 * static_cast<int>(p.eyelid_adapt_tau_ms); ++k)
            lid.step(p, 80, false);
        QVERIFY2(lid.closure() < 0.02, qPrintable(QString::number(lid.closure())));
    }

    void eyelid_blinksToThePuff() {
        Parameters p = default_parameters();
        Eyelid lid;
        double peak = 0;
        int peak_at = 0;
        for (int k = 0; k < 300; ++k) {
            lid.step(p, 0, k < static_cast<int>(kPuffMs));
            if (lid.closure() > peak) {
                peak = lid.closure();
                peak_at = k;
            }
        }
        QVERIFY2(peak > 0.8 * p.eyelid_ur_amplitude, qPrintable(QString::number(peak)));
        QVERIFY2(peak_at > 10 && peak_at < 80, qPrintable(QString::number(peak_at)));
        QVERIFY(lid.closure() < 0.05);  // and opens again
        // The state-space matrices are those of the documented equations.
        QCOMPARE(Eyelid::system_a(p)(0, 0), -1.0 / p.eyelid_tau_ms);
        QCOMPARE(Eyelid::system_b(p)(3, 0), 1.0 / p.eyelid_adapt_tau_ms);
    }

    void cr_detectedOnlyInItsWindow() {
        // Samples from -100 ms; ISI 250.
        std::vector<float> lid(600, 0.0f);
        auto at = [&](int t_ms) -> float& { return lid[static_cast<std::size_t>(t_ms + 100)]; };
        // Closure before CS + 50 ms does not count, nor after the US.
        at(30) = 0.5f;
        at(260) = 0.9f;
        auto r = detect_cr(lid, -100, 250, 0.1, 250);
        QVERIFY(!r.cr);
        QVERIFY(std::isnan(r.onset_ms));
        // A ramp from 150 ms crossing 0.1 at 170 ms, largest at 240 ms.
        for (int t = 150; t < 250; ++t) at(t) = 0.005f * static_cast<float>(t - 150);
        r = detect_cr(lid, -100, 250, 0.1, 250);
        QVERIFY(r.cr);
        QCOMPARE(r.onset_ms, 171.0);
        QCOMPARE(r.peak_ms, 249.0);
        QVERIFY(std::abs(r.peak - 0.495) < 1e-6);
        // On a probe the peak may be sought past the US.
        at(300) = 0.95f;
        QCOMPARE(detect_cr(lid, -100, 250, 0.1, 350).peak_ms, 300.0);
        // Threshold above the peak: no CR.
        QVERIFY(!detect_cr(lid, -100, 250, 0.6, 250).cr);
    }

    void clockMeasure_similarityFallsWithLagForAMovingCode() {
        // A code that moves on: cell g is active in bins near g / 4.
        const int bins = 30, cells = 120;
        Eigen::MatrixXd moving = Eigen::MatrixXd::Zero(bins, cells);
        for (int b = 0; b < bins; ++b)
            for (int g = 0; g < cells; ++g)
                moving(b, g) = std::exp(-std::pow(b - g / 4.0, 2) / 8.0);
        const Eigen::MatrixXd s = population_similarity(moving);
        QVERIFY(std::abs(s(3, 3) - 1.0) < 1e-12);
        QVERIFY(std::abs(s(3, 7) - s(7, 3)) < 1e-12);
        const Eigen::VectorXd lag = similarity_by_lag(s);
        for (int d = 1; d < 10; ++d) QVERIFY2(lag(d) < lag(d - 1), qPrintable(QString::number(d)));
        QVERIFY(lag(10) < 0.1);
        // A steady code: similarity 1 at every lag; a silent bin: 0.
        Eigen::MatrixXd steady = Eigen::MatrixXd::Ones(bins, cells);
        steady.row(5).setZero();
        const Eigen::MatrixXd t = population_similarity(steady);
        QVERIFY(std::abs(t(0, 20) - 1.0) < 1e-12);
        QCOMPARE(t(5, 0), 0.0);
    }

    void schedules_probesExtinctionAndFit() {
        Parameters p = default_parameters();
        p.task_probe_every = 5;
        auto s = std::get<std::vector<TrialPlan>>(make_schedule(Protocol::Eyeblink, p, 20));
        QCOMPARE(s.size(), std::size_t{20});
        int probes = 0;
        for (const auto& t : s) {
            QVERIFY(t.eyeblink);
            probes += t.cs_alone ? 1 : 0;
        }
        QCOMPARE(probes, 4);
        QVERIFY(s[4].cs_alone && s[4].probe && !s[3].cs_alone);
        // The probe's tone lasts past the US; a paired trial's ends at it, with the puff.
        QVERIFY(eyeblink_cs_on(p, s[4], p.task_isi_ms + 10));
        QVERIFY(!eyeblink_cs_on(p, s[3], p.task_isi_ms));
        QVERIFY(eyeblink_puff(p, s[3], p.task_isi_ms) && !eyeblink_puff(p, s[4], p.task_isi_ms));
        QVERIFY(!eyeblink_cs_on(p, s[3], -1));

        p.task_acquire_trials = 7;
        p.task_extinction_trials = 4;
        s = std::get<std::vector<TrialPlan>>(make_schedule(Protocol::EyeblinkExtinction, p, {}));
        QCOMPARE(s.size(), std::size_t{18});
        QCOMPARE(s[7].phase, Phase::Extinction);
        QVERIFY(s[7].cs_alone && !s[7].probe);
        QCOMPARE(s[11].phase, Phase::Reacquire);
        QCOMPARE(phase_name(Phase::Extinction), std::string_view("extinction"));
        // --trials does not set the extinction protocol's length.
        QVERIFY(std::holds_alternative<std::string>(
            make_schedule(Protocol::EyeblinkExtinction, p, 10)));
        // A long ISI needs a long enough trial.
        p.task_isi_ms = 1000;
        p.task_iti_ms = 300;
        auto bad = make_schedule(Protocol::Eyeblink, p, 10);
        QVERIFY(std::holds_alternative<std::string>(bad));
        QVERIFY(std::get<std::string>(bad).find("task.iti_ms") != std::string::npos);
    }

    void registry_rangesOfTheTask() {
        Parameters p = default_parameters();
        auto e = set_parameter(p, "task.isi_ms", 50);
        QVERIFY(e && e->find("[100, 1000]") != std::string::npos);
        e = set_parameter(p, "task.cr_threshold", -0.1);
        QVERIFY(e && e->find("task.cr_threshold") != std::string::npos);
        QVERIFY(!set_parameter(p, "task.isi_ms", 500));
        QCOMPARE(p.task_isi_ms, 500.0);
        p.eb_golgi_tau_min_ms = 900;
        p.eb_golgi_tau_max_ms = 100;
        QVERIFY(validate_parameters(p).has_value());
    }

    void zone_toneDrivesGranuleCellsAndLesionsAct() {
        Parameters p = default_parameters();
        p.eb_granule_cells = 500;
        Lesions none;
        EyeblinkZone z(p, 3);
        std::int64_t step = 0;
        double quiet = 0, tone = 0;
        for (int k = 0; k < 300; ++k) {
            z.step(p, none, {false, false}, step++, 0.0);
            if (k >= 200) quiet += static_cast<double>(z.granule_spikes().size());
        }
        for (int k = 0; k < 100; ++k) {
            z.step(p, none, {true, false}, step++, 0.0);
            tone += static_cast<double>(z.granule_spikes().size());
        }
        QVERIFY2(tone > 5 * (quiet + 1), qPrintable(QString("%1 vs %2").arg(tone).arg(quiet)));
        // Without nucleo-olivary inhibition, the puff makes complex spikes in (nearly) every
        // Purkinje cell (some are refractory after a spontaneous one); not with the olive lesioned.
        Lesions open;
        open[Lesion::NucleoOlivary] = 1.0;
        z.step(p, open, {true, true}, step++, 0.0);
        QVERIFY2(z.complex_spikes().size() * 5 >= z.purkinje_count() * 4,
                 qPrintable(QString::number(z.complex_spikes().size())));
        EyeblinkZone y(p, 3);
        Lesions io;
        io[Lesion::Io] = 1.0;
        for (int k = 0; k < 200; ++k) y.step(p, io, {true, k == 100}, k, 0.0);
        QVERIFY(y.complex_spikes().empty());
        // Without nuclear cells there is no output.
        Lesions dcn;
        dcn[Lesion::Dcn] = 1.0;
        EyeblinkZone x(p, 3);
        for (int k = 0; k < 200; ++k) x.step(p, dcn, {true, false}, k, 1.0);
        QCOMPARE(x.nuclear_output_hz(), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestEyeblink)
#include "test_eyeblink.moc"
