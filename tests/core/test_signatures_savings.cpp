// SPDX-License-Identifier: GPL-3.0-or-later
// Signature S10: savings. After acquisition and washout, the response is learned again
// faster than the first time, because the mossy-fibre synapses of the nuclei keep what the
// cortex taught them; without nuclear plasticity reacquisition is no faster.
#include "signature_runs.hpp"

using namespace flocculus;
using namespace flocculus::test;

class TestSignaturesSavings : public QObject {
    Q_OBJECT
private slots:
    void s10_relearningIsFasterThanksToTheNuclei() {
        const auto intact = run(config(Protocol::Savings));
        // Savings must not come from an unfinished washout: the response was gone below half
        // of its peak before reacquisition started.
        const QString failure = washout_failure(intact);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        const double saved = intact.summary.savings_ratio.value_or(NAN);
        QVERIFY2(saved >= 1.5, qPrintable("savings ratio " + num(saved)));

        const auto no_nuclear = run(config(Protocol::Savings, std::nullopt, {"dcn-plasticity"}));
        const double control = no_nuclear.summary.savings_ratio.value_or(NAN);
        QVERIFY2(control <= 1.2, qPrintable("savings ratio without nuclear plasticity " + num(control)));
    }
};

QTEST_APPLESS_MAIN(TestSignaturesSavings)
#include "test_signatures_savings.moc"
