// SPDX-License-Identifier: GPL-3.0-or-later
// A reset gives the old run's memory back to the system: after the window has kept the
// records of many trials and the run is reset, the process's resident memory falls by most
// of what those records took, rather than staying with the allocator for a run that does not
// use it (it used to stay: 300 MB and more after a long run).
#include <QtTest>

#include <chrono>
#include <string>
#include <thread>

#include "main_window.hpp"
#include "transport_bar.hpp"
#include "util/resident_memory.hpp"

using namespace flocculus;
using namespace std::chrono_literals;

namespace {


// Lets the window run (its timers draw the snapshots) until `pred` holds for the latest
// snapshot or the timeout passes.
template <typename Pred>
bool wait_for(const ui::MainWindow& w, Pred pred, std::chrono::seconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
        if (pred(*w.snapshot())) return true;
        QTest::qWait(20);
    }
    return pred(*w.snapshot());
}

// The bytes the runner counts for the records it keeps (as Runner::on_trial_end does).
double kept_mb(const Snapshot& s) {
    double bytes = 0;
    for (const auto& r : *s.trials)
        bytes += static_cast<double>(sizeof(TrialRecord) + r->trace.size() * sizeof(TraceSample) +
                                     r->spikes.size() * sizeof(PurkinjeSpike));
    return bytes / (1024.0 * 1024.0);
}

}  // namespace

class TestResetMemory : public QObject {
    Q_OBJECT
private slots:
    void resetReturnsTheRecordsMemory() {
        // Many Purkinje cells make big records, so that a few hundred trials keep tens of MB.
        RunConfig c;
        c.protocol = Protocol::DirectionLearning;
        c.trials = 100000;
        QVERIFY(!set_parameter(c.params, "network.granule_cells", 2000.0));
        QVERIFY(!set_parameter(c.params, "network.purkinje_per_microzone", 64.0));
        QVERIFY(!set_parameter(c.params, "task.iti_ms", 0.0));
        ui::MainWindow w(c);
        w.set_replace_asker(nullptr);  // a reset never stops to ask about the unkept run
        w.resize(1000, 700);
        w.show();
        w.transport_bar()->set_speed(0.0);
        w.transport_bar()->play_action()->trigger();
        constexpr double kTargetMb = 64;
        QVERIFY(wait_for(w, [](const Snapshot& s) { return kept_mb(s) >= kTargetMb; }, 240s));
        w.transport_bar()->play_action()->trigger();  // pause
        QVERIFY(wait_for(w, [](const Snapshot& s) { return !s.playing; }, 10s));
        const double kept = kept_mb(*w.snapshot());
        const double before = resident_memory_mb();
        w.transport_bar()->reset_action()->trigger();
        QVERIFY(wait_for(w, [](const Snapshot& s) { return s.trials->empty(); }, 30s));
        // The window drops the old snapshots at its next redraw; give it a moment.
        QTest::qWait(1500);
        const double after = resident_memory_mb();
        qInfo("kept %.1f MB of records; resident %.1f MB before the reset, %.1f MB after", kept,
              before, after);
        QVERIFY2(before - after >= 0.75 * kept,
                 qPrintable(QStringLiteral("resident memory fell by %1 MB after a reset that freed "
                                           "%2 MB of records")
                                .arg(before - after, 0, 'f', 1)
                                .arg(kept, 0, 'f', 1)));
    }
};

QTEST_MAIN(TestResetMemory)
#include "test_reset_memory.moc"
