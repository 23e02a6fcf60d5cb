// SPDX-License-Identifier: GPL-3.0-or-later
// Signatures S20-S23 (DESIGN §2) of delay eyeblink conditioning at the default size, and the
// granular-layer clock in the circuit. The runs are shared between the tests; each test prints
// what it measured.
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

// Mean similarity of granule population vectors by lag, within the first 900 ms of a
// 1000 ms tone, over 5 trials of a fresh network (no learning matters here).
Eigen::VectorXd clock_by_lag(std::initializer_list<const char*> lesions, const char* label,
                             void (*tweak)(Parameters&) = nullptr) {
    RunConfig c = config(Protocol::Eyeblink, 5, lesions);
    c.params.task_isi_ms = 1000;
    if (tweak) tweak(c.params);
    std::vector<EyeblinkRecord> recs;
    auto r = run_batch(c, [&](const TrialRecord& rec, const TrialMetrics&, std::size_t,
                              std::size_t) { recs.push_back(rec.eyeblink); });
    if (auto* e = std::get_if<std::string>(&r)) qFatal("%s", e->c_str());
    std::vector<const EyeblinkRecord*> v;
    for (const auto& x : recs) v.push_back(&x);
    const Eigen::MatrixXd a = granule_activity(v).topRows(900 / static_cast<int>(kClockBinMs));
    const Eigen::VectorXd lag = similarity_by_lag(population_similarity(a));
    QString text;
    for (Eigen::Index d = 0; d < lag.size(); d += 5)
        text +=
            QString(" %1ms:%2").arg(static_cast<double>(d) * kClockBinMs).arg(lag(d), 0, 'f', 2);
    qInfo("granule population similarity by lag within the tone (%s):%s", label, qPrintable(text));
    return lag;
}

}  // namespace

class TestSignaturesEyeblink : public QObject {
    Q_OBJECT
    BatchResult isi250_, isi500_;

  private slots:
    void initTestCase() {
        isi250_ = run(eyeblink_config(250));
        isi500_ = run(eyeblink_config(500));
    }

    void s20_acquisition() {
        const auto& s = *isi250_.summary.eyeblink;
        qInfo("CR rate first block %.2f, last block %.2f", s.cr_rate_first_block,
              s.cr_rate_last_block);
        QVERIFY2(s.cr_rate_first_block <= 0.2, qPrintable(num(s.cr_rate_first_block)));
        QVERIFY2(s.cr_rate_last_block >= 0.7, qPrintable(num(s.cr_rate_last_block)));
    }

    void s21_timingFollowsTheIsi() {
        // CR peaks of the last 50 trials, in the CR window [CS + 50, US].
        const double p250 = mean_cr(isi250_, 151, 201, &CrResult::peak_ms, false);
        const double p500 = mean_cr(isi500_, 151, 201, &CrResult::peak_ms, false);
        qInfo(
            "CR peak: ISI 250 -> %.0f ms, ISI 500 -> %.0f ms; CR rate last 50 trials at ISI 500 "
            "%.2f",
            p250, p500, cr_rate(isi500_, 151, 201));
        QVERIFY2(std::abs(p250 - 250) <= 0.15 * 250, qPrintable(num(p250)));
        QVERIFY2(std::abs(p500 - 500) <= 0.15 * 500, qPrintable(num(p500)));
        QVERIFY2(p500 > p250, qPrintable(num(p250) + " vs " + num(p500)));
    }

    void clock_similarityFallsWithTimeDifference() {
        // The tone is tonic; the granule code changes with time since its onset through Golgi
        // feedback: population vectors 100 ms apart are more alike than 400 ms apart. Without
        // Golgi cells the code stays put.
        const int near = 100 / static_cast<int>(kClockBinMs),
                  far = 400 / static_cast<int>(kClockBinMs);
        const Eigen::VectorXd intact = clock_by_lag({}, "intact");
        const Eigen::VectorXd lesioned = clock_by_lag({"golgi"}, "golgi lesioned");
        // The first design (docs/model.md §10): each granule cell inhibited by four Golgi
        // cells pooling 50 granule cells each, time constants 20-400 ms, 30% of fibres in the
        // tone. Its code is steadier than the default's.
        const Eigen::VectorXd first = clock_by_lag({}, "first design", [](Parameters& p) {
            p.eb_cs_fraction = 0.3;
            p.eb_gc_golgi_inputs = 4;
            p.eb_golgi_gc_inputs = 50;
            p.eb_golgi_gain = 0.5;
            p.eb_golgi_mf_weight = 0.5;
            p.eb_golgi_tau_min_ms = 20;
            p.eb_golgi_tau_max_ms = 400;
        });
        QVERIFY2(first(near) - first(far) < intact(near) - intact(far),
                 qPrintable(num(first(near)) + " vs " + num(first(far))));
        QVERIFY2(intact(near) - intact(far) >= 0.05,
                 qPrintable(num(intact(near)) + " vs " + num(intact(far))));
        QVERIFY2(lesioned(near) - lesioned(far) < 0.03,
                 qPrintable(num(lesioned(near)) + " vs " + num(lesioned(far))));
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
