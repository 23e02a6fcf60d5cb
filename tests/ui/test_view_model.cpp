// SPDX-License-Identifier: GPL-3.0-or-later
#include <QtTest>

#include "view_model.hpp"

using namespace flocculus;
using namespace flocculus::ui;

class TestViewModel : public QObject {
    Q_OBJECT
private slots:
    void speedStepsEndWithMax() {
        const auto steps = speed_steps();
        QCOMPARE(steps.size(), std::size_t{8});
        QCOMPARE(steps.front(), 0.25);
        QCOMPARE(steps.back(), 0.0);
        QCOMPARE(speed_text(0.0), QStringLiteral("max"));
        QCOMPARE(speed_text(0.25), QStringLiteral("0.25×"));
        QCOMPARE(speed_text(25.0), QStringLiteral("25×"));
    }

    void speedStepIndexFindsNearest() {
        QCOMPARE(speed_step_index(1.0), 2);
        QCOMPARE(speed_step_index(0.0), 7);
        QCOMPARE(speed_step_index(-3.0), 7);
        QCOMPARE(speed_step_index(4.0), 4);     // nearer 5 than 2 on a log scale
        QCOMPARE(speed_step_index(1000.0), 6);  // the fastest paced step
        for (int i = 0; i < static_cast<int>(speed_steps().size()); ++i)
            QCOMPARE(speed_step_index(speed_steps()[static_cast<std::size_t>(i)]), i);
    }

    void protocolsThatInstruct() {
        RunConfig c;
        c.protocol = Protocol::StepRamp;
        QVERIFY(!protocol_instructs(c));
        c.protocol = Protocol::SinePursuit;
        QVERIFY(!protocol_instructs(c));
        for (Protocol p : {Protocol::DirectionLearning, Protocol::Washout, Protocol::Savings,
                           Protocol::SingleTrial}) {
            c.protocol = p;
            QVERIFY(protocol_instructs(c));
        }
    }

    void instructionIsActiveOnlyInItsWindow() {
        Snapshot s;
        s.plan.instructed = true;
        const auto w = instruction_window(s.config.params);
        QVERIFY(w.end_ms > w.onset_ms);
        s.t_ms = w.onset_ms - 1;
        QVERIFY(!instruction_active(s));
        s.t_ms = w.onset_ms;
        QVERIFY(instruction_active(s));
        s.t_ms = w.end_ms;
        QVERIFY(!instruction_active(s));
        s.t_ms = w.onset_ms + 1;
        s.plan.instructed = false;
        QVERIFY(!instruction_active(s));
    }

    void readouts() {
        Snapshot s;
        s.trial_index = 2;
        s.trial_count = 20;
        QCOMPARE(trial_text(s), QStringLiteral("Trial 3 / 20"));
        s.trial_index = 20;  // finished
        QCOMPARE(trial_text(s), QStringLiteral("Trial 20 / 20"));

        s.plan.phase = Phase::Acquire;
        s.plan.instructed = true;
        QCOMPARE(phase_text(s), QStringLiteral("acquire · instructed"));
        s.plan.instructed = false;
        s.plan.probe = true;
        QCOMPARE(phase_text(s), QStringLiteral("acquire · probe"));

        QCOMPARE(realtime_text(s), QStringLiteral("paused"));
        s.playing = true;
        s.realtime_factor = 2.345;
        QCOMPARE(realtime_text(s), QStringLiteral("2.3× real time"));
        s.realtime_factor = 123.4;
        QCOMPARE(realtime_text(s), QStringLiteral("123× real time"));
    }
};

QTEST_APPLESS_MAIN(TestViewModel)
#include "test_view_model.moc"
