// SPDX-License-Identifier: GPL-3.0-or-later
// Signatures S20-S23 (DESIGN §2) of delay eyeblink conditioning at the default size, and the
// granular-layer clock in the circuit. The runs are shared between the tests. A signature the
// model does not meet yet is marked with QEXPECT_FAIL and its measured value is printed: the
// test then fails as soon as the model meets it, so that the mark is removed.
#include "signature_runs.hpp"
#include "task/eyeblink.hpp"

using namespace flocculus;
using namespace flocculus::test;

namespace {

RunConfig eyeblink_config(double isi_ms, std::initializer_list<const char*> lesions_at = {}) {
    RunConfig c = config(Protocol::Eyeblink, 200);
    c.params.task_isi_ms = isi_ms;
    c.params.task_probe_every = 10;
    for (const char* l : lesions_at) {
        auto t = parse_timed_lesion(l);
        if (auto* e = std::get_if<std::string>(&t)) qFatal("%s", e->c_str());
        c.lesions_at.push_back(std::get<TimedLesion>(t));
    }
    return c;
}

// CR rate of trials [from, to) (1-based trial numbers).
double cr_rate(const BatchResult& r, int from, int to) {
    int n = 0, crs = 0;
    for (const auto& m : r.trials)
        if (m.trial >= from && m.trial < to) {
            ++n;
            crs += m.cr.cr ? 1 : 0;
        }
    return n ? static_cast<double>(crs) / n : NAN;
}

// Mean CR onset / peak (ms from CS onset) over the CRs of trials [from, to); tone-alone
// probes only when `probes`.
double mean_cr(const BatchResult& r, int from, int to, double CrResult::*what, bool probes) {
    double s = 0;
    int n = 0;
    for (const auto& m : r.trials)
        if (m.trial >= from && m.trial < to && m.cr.cr && (!probes || m.cs_alone)) {
            s += m.cr.*what;
            ++n;
        }
    return n ? s / n : NAN;
}

}  // namespace

class TestSignaturesEyeblink : public QObject {
    Q_OBJECT
    BatchResult isi250_, isi500_;
    Eigen::VectorXd clock_lag_;  // similarity by lag within the tone of ISI-500 probes

  private slots:
    void initTestCase() {
        isi250_ = run(eyeblink_config(250));
        std::vector<EyeblinkRecord> probes;
        auto r = run_batch(eyeblink_config(500), [&](const TrialRecord& rec, const TrialMetrics& m,
                                                     std::size_t, std::size_t) {
            if (m.cs_alone && m.trial > 150) probes.push_back(rec.eyeblink);
        });
        if (auto* e = std::get_if<std::string>(&r)) qFatal("%s", e->c_str());
        isi500_ = std::get<BatchResult>(std::move(r));
        std::vector<const EyeblinkRecord*> v;
        for (const auto& p : probes) v.push_back(&p);
        // The tone of a probe lasts task.isi_ms + task.probe_cs_extension_ms = 700 ms.
        const Eigen::MatrixXd a = granule_activity(v).topRows(700 / static_cast<int>(kClockBinMs));
        clock_lag_ = similarity_by_lag(population_similarity(a));
        QString lag;
        for (Eigen::Index d = 0; d < clock_lag_.size(); d += 5)
            lag += QString(" %1ms:%2").arg(d * kClockBinMs).arg(clock_lag_(d), 0, 'f', 2);
        qInfo("granule population similarity by lag within the tone:%s", qPrintable(lag));
    }

    void s20_acquisition() {
        const auto& s = *isi250_.summary.eyeblink;
        qInfo("CR rate first block %.2f, last block %.2f", s.cr_rate_first_block,
              s.cr_rate_last_block);
        QVERIFY2(s.cr_rate_first_block <= 0.2, qPrintable(num(s.cr_rate_first_block)));
        QVERIFY2(s.cr_rate_last_block >= 0.7, qPrintable(num(s.cr_rate_last_block)));
    }

    void s21_timingFollowsTheIsi() {
        // On tone-alone probes of the last 50 trials (no blink to the puff hides the peak).
        const double p250 = mean_cr(isi250_, 151, 201, &CrResult::peak_ms, true);
        const double p500 = mean_cr(isi500_, 151, 201, &CrResult::peak_ms, true);
        qInfo("CR peak on probes: ISI 250 -> %.0f ms, ISI 500 -> %.0f ms", p250, p500);
        QVERIFY2(std::abs(p250 - 250) <= 0.15 * 250, qPrintable(num(p250)));
        QEXPECT_FAIL("",
                     "the CR peaks too early at ISI 500: the granule code barely changes "
                     "within the tone (see docs/model.md, eyeblink)",
                     Continue);
        QVERIFY2(std::abs(p500 - 500) <= 0.15 * 500, qPrintable(num(p500)));
        QVERIFY2(p500 > p250, qPrintable(num(p250) + " vs " + num(p500)));
    }

    void clock_similarityFallsWithTimeDifference() {
        // Population vectors 100 ms apart are more alike than 400 ms apart, clearly.
        const double near = clock_lag_(100 / static_cast<int>(kClockBinMs));
        const double far = clock_lag_(400 / static_cast<int>(kClockBinMs));
        qInfo("similarity at 100 ms %.3f, at 400 ms %.3f", near, far);
        QEXPECT_FAIL("", "the granule-Golgi network's code is nearly steady during the tone",
                     Continue);
        QVERIFY2(near - far >= 0.1, qPrintable(num(near) + " vs " + num(far)));
    }

    void s22_extinctionAndSavings() {
        const auto r = run(config(Protocol::EyeblinkExtinction));
        const auto& s = *r.summary.eyeblink;
        qInfo("extinction last block %.2f, savings ratio %.2f", *s.cr_rate_extinction_last_block,
              *s.eyeblink_savings_ratio);
        QVERIFY2(*s.cr_rate_extinction_last_block < 0.3,
                 qPrintable(num(*s.cr_rate_extinction_last_block)));
        QVERIFY2(*s.eyeblink_savings_ratio >= 2.0, qPrintable(num(*s.eyeblink_savings_ratio)));
    }

    void s23_cortexLesionAfterTraining() {
        const auto pc = run(eyeblink_config(250, {"151:purkinje"}));
        const auto dcn = run(eyeblink_config(250, {"151:dcn"}));
        const double rate = cr_rate(pc, 151, 201);
        const double before = mean_cr(isi250_, 151, 201, &CrResult::onset_ms, false);
        const double after = mean_cr(pc, 151, 201, &CrResult::onset_ms, false);
        const double dcn_rate = cr_rate(dcn, 151, 201);
        qInfo("purkinje lesion: CR rate %.2f, onset %.0f -> %.0f ms; dcn lesion: CR rate %.2f",
              rate, before, after, dcn_rate);
        QVERIFY2(rate >= 0.3, qPrintable(num(rate)));
        QVERIFY2(after <= 0.7 * before, qPrintable(num(before) + " -> " + num(after)));
        QVERIFY2(dcn_rate < 0.05, qPrintable(num(dcn_rate)));
    }
};

QTEST_GUILESS_MAIN(TestSignaturesEyeblink)
#include "test_signatures_eyeblink.moc"
