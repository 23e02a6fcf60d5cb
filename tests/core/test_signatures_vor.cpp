// SPDX-License-Identifier: GPL-3.0-or-later
// Signatures of the VOR task at the default network size (DESIGN §2): the reflex itself in
// the dark, gain adaptation up and down with spectacles (S18), and the isolated failure to
// adapt with the climbing fibres or the Purkinje cells lesioned (S19), and that training in
// the dark, without slip, does not adapt.
#include <future>
#include <map>

#include "signature_runs.hpp"

using namespace flocculus;
using namespace flocculus::test;

class TestSignaturesVor : public QObject {
    Q_OBJECT
    BatchResult up_, down_, light_, dark_;
    std::map<QString, BatchResult> lesioned_;  // vor-gain-up, 100 trials, by lesion

    static double before(const BatchResult& r) { return r.summary.vor_gain_before.value_or(NAN); }
    static double change(const BatchResult& r) { return r.summary.vor_gain_change.value_or(NAN); }

  private slots:
    void initTestCase() {
        // Six runs on two threads of equal work: the two default protocols (1000 trials
        // each), and 100 trials of gain-up training in the light, in the dark, and with the
        // climbing fibres or the Purkinje cells lesioned.
        auto dark = config(Protocol::VorGainUp, 100);
        if (auto e = set_parameter_text(dark.params, "task.vor_light", "dark"))
            qFatal("%s", e->c_str());
        // 100 trials: the intact circuit changes its gain by more than twice S19's 0.03 in as
        // many (light_, checked below), so a smaller change is a failure to adapt, not too
        // short a run.
        auto other = std::async(std::launch::async, [&] {
            down_ = run(config(Protocol::VorGainDown));
            dark_ = run(dark);
            lesioned_["io"] = run(config(Protocol::VorGainUp, 100, {"io"}));
        });
        up_ = run(config(Protocol::VorGainUp));
        light_ = run(config(Protocol::VorGainUp, 100));
        auto purkinje = run(config(Protocol::VorGainUp, 100, {"purkinje"}));
        other.get();
        lesioned_["purkinje"] = std::move(purkinje);
    }

    void reflexWorksInTheDarkBeforeTraining() {
        // The direct vestibular pathway with the untrained flocculus: gain near 1, the eye
        // moving against the head (phase within 10 deg of perfect compensation).
        for (const auto* r : {&up_, &down_}) {
            const double g = before(*r);
            const double ph = r->summary.vor_phase_before_deg.value_or(NAN);
            QVERIFY2(g >= 0.9 && g <= 1.1, qPrintable("gain " + num(g)));
            QVERIFY2(std::abs(ph) <= 10.0, qPrintable("phase " + num(ph)));
        }
    }

    void s18_gainUpWithMagnifyingSpectacles() {
        const double d = change(up_);
        QVERIFY2(d >= 0.1, qPrintable(num(before(up_)) + " -> " +
                                      num(up_.summary.vor_gain_after.value_or(NAN))));
    }

    void s18_gainDownWithReducingSpectacles() {
        // Slower than gain-up (the slip left to learn from is half as large with x0.5
        // spectacles, docs/model.md §10), but past 0.1 over the default protocol.
        const double d = change(down_);
        QVERIFY2(d <= -0.1, qPrintable(num(before(down_)) + " -> " +
                                       num(down_.summary.vor_gain_after.value_or(NAN))));
    }

    // Slip is the teacher: trained in the dark (the head turns, no world is seen), no slip
    // reaches the climbing fibres and the dark gain stays where it was, while over as many
    // trials in the light it has clearly risen (seed 1: +0.006 against +0.077).
    void trainingInTheDarkDoesNotAdapt() {
        const double light = change(light_), dark = change(dark_);
        const QString said = "light " + num(light) + ", dark " + num(dark);
        QVERIFY2(light >= 0.03, qPrintable(said));
        QVERIFY2(std::abs(dark) <= 0.02, qPrintable(said));
    }

    void s19_noAdaptationWithoutClimbingFibresOrPurkinjeCells_data() {
        QTest::addColumn<QString>("lesion");
        QTest::newRow("io") << "io";
        QTest::newRow("purkinje") << "purkinje";
    }
    void s19_noAdaptationWithoutClimbingFibresOrPurkinjeCells() {
        QFETCH(QString, lesion);
        const BatchResult& r = lesioned_.at(lesion);
        QVERIFY2(change(light_) >= 0.06, qPrintable("intact " + num(change(light_))));
        // The reflex works ...
        QVERIFY2(std::abs(before(r) - before(up_)) <= 0.15,
                 qPrintable(num(before(r)) + " vs intact " + num(before(up_))));
        // ... but does not adapt.
        QVERIFY2(std::abs(change(r)) < 0.03, qPrintable(num(change(r))));
    }
};

QTEST_APPLESS_MAIN(TestSignaturesVor)
#include "test_signatures_vor.moc"
