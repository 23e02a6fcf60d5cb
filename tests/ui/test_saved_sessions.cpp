// SPDX-License-Identifier: GPL-3.0-or-later
// Sessions saved with their runs: two kept runs and a trained run under way (changed during
// the run, paused within a trial) are saved, reopened in a fresh window, and come back
// equal: the Runs tab overlays both kept runs with the same data, and the run under way
// goes on exactly as the one that was never saved. Broken run data is refused with one line
// naming what is wrong, and nothing changes.
#include <QtTest>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtEndian>
#include <memory>

#include "compare_panel.hpp"
#include "file_helpers.hpp"
#include "main_window.hpp"
#include "params/registry.hpp"
#include "run_history.hpp"
#include "saved_runs.hpp"
#include "session.hpp"
#include "window_helpers.hpp"
#include "window_menus.hpp"

using namespace flocculus;
using namespace flocculus::ui;
using flocculus::test::caught_up;
using flocculus::test::read_all;
using flocculus::test::run_more_trials;
using flocculus::test::refusal_problem;
using flocculus::test::write_all;

namespace {

constexpr int kTimeoutMs = 120000;

RunConfig small_run(std::uint64_t seed) {
    RunConfig c;
    c.protocol = Protocol::DirectionLearning;
    c.seed = seed;
    if (set_parameter(c.params, "network.granule_cells", 5000)) qFatal("bad size");
    return c;
}

// Sends a command and waits until the window shows its effect.
void apply_now(MainWindow& w, Command c) {
    const std::uint64_t id = w.runner()->send(std::move(c));
    QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->commands_applied >= id && caught_up(w), kTimeoutMs);
}

void reset_to(MainWindow& w, const RunConfig& c) {
    const std::uint64_t run = w.snapshot()->run_id;
    QVERIFY(w.apply_config(c));
    QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->run_id > run && caught_up(w), kTimeoutMs);
}

bool same_metrics(const TrialMetrics& a, const TrialMetrics& b) {
    const auto same = [](double x, double y) {  // NaN stands for "no value"
        return x == y || (std::isnan(x) && std::isnan(y));
    };
    return a.trial == b.trial && a.phase == b.phase && a.instructed == b.instructed &&
           a.probe == b.probe && same(a.learned_velocity_deg_s, b.learned_velocity_deg_s) &&
           same(a.cerebellar_learned_deg_s, b.cerebellar_learned_deg_s) &&
           same(a.nuclear_learned_deg_s, b.nuclear_learned_deg_s) &&
           same(a.latency_ms, b.latency_ms) && same(a.gain, b.gain) &&
           same(a.cs_rate_instr_hz, b.cs_rate_instr_hz) &&
           same(a.cs_rate_base_hz, b.cs_rate_base_hz) && same(a.ss_learned_hz, b.ss_learned_hz) &&
           same(a.ss_late_hz, b.ss_late_hz) &&
           same(a.oscillation_p2p_deg_s, b.oscillation_p2p_deg_s) &&
           a.ss_pursuit_hz == b.ss_pursuit_hz && a.ss_fixation_hz == b.ss_fixation_hz &&
           a.cell_cs_in_instr == b.cell_cs_in_instr && a.cell_ss_learned_hz == b.cell_ss_learned_hz;
}

bool same_metrics(const std::vector<TrialMetrics>& a, const std::vector<TrialMetrics>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same_metrics(a[i], b[i])) return false;
    return true;
}

bool same_trace(const TrialRecord& a, const TrialRecord& b) {
    if (a.plan.number != b.plan.number || a.trace.size() != b.trace.size() ||
        a.spikes.size() != b.spikes.size() || a.cells_per_zone != b.cells_per_zone)
        return false;
    for (std::size_t i = 0; i < a.trace.size(); ++i)
        if (std::memcmp(&a.trace[i], &b.trace[i], sizeof(TraceSample)) != 0) return false;
    for (std::size_t i = 0; i < a.spikes.size(); ++i)
        if (a.spikes[i].t_ms != b.spikes[i].t_ms ||
            a.spikes[i].microzone != b.spikes[i].microzone ||
            a.spikes[i].cell != b.spikes[i].cell || a.spikes[i].kind != b.spikes[i].kind)
            return false;
    return true;
}

bool same_floats(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

bool same_weights(const WeightMap& a, const WeightMap& b) {
    return a.trial == b.trial && a.purkinje_count == b.purkinje_count &&
           a.cells_per_zone == b.cells_per_zone && a.w_max == b.w_max &&
           same_floats(a.weight, b.weight) && same_floats(a.change, b.change) &&
           a.granule_cells == b.granule_cells && a.silent_granule_cells == b.silent_granule_cells;
}

bool same_marks(const std::vector<RunMark>& a, const std::vector<RunMark>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].trial != b[i].trial || a[i].t_ms != b[i].t_ms || a[i].label != b[i].label)
            return false;
    return true;
}

// The kept run's data the Runs tab draws, equal in both.
void compare_kept(const RunRecord& a, const RunRecord& b) {
    QCOMPARE(b.name, a.name);
    QVERIFY(b.kept);
    QCOMPARE(b.visible, a.visible);
    QCOMPARE(b.trial_count, a.trial_count);
    QCOMPARE(b.config.seed, a.config.seed);
    QVERIFY(b.config.lesions == a.config.lesions);
    QVERIFY(same_metrics(*a.metrics, *b.metrics));
    QVERIFY(same_marks(*a.marks, *b.marks));
    QVERIFY(a.weights && b.weights && same_weights(*a.weights, *b.weights));
    QVERIFY(a.last && b.last && same_trace(*a.last, *b.last));
    QVERIFY(a.first() && b.first() && same_trace(*a.first(), *b.first()));
    QCOMPARE(b.trials->size(), a.trials->size());  // all kept: fewer than the saved number
    for (std::size_t i = 0; i < a.trials->size(); ++i)
        QVERIFY(same_trace(*(*a.trials)[i], *(*b.trials)[i]));
}

}  // namespace

class TestSavedSessions : public QObject {
    Q_OBJECT

  private:
    QTemporaryDir dir_;
    QString file_;  // the session saved by the first test

  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
        file_ = dir_.filePath(QStringLiteral("class.json"));
    }

    void runsComeBackTrained() {
        auto a = std::make_unique<MainWindow>(small_run(3));
        a->set_replace_asker(nullptr);
        a->show();
        QVERIFY(QTest::qWaitForWindowExposed(a.get()));
        RunHistory* ha = a->history();

        // An intact run, kept and named.
        run_more_trials(*a, 3);
        QVERIFY(ha->rename(ha->current()->id, QStringLiteral("intact")));
        // A lesioned one: lesion and a parameter changed during it, kept.
        reset_to(*a, small_run(4));
        run_more_trials(*a, 2);
        apply_now(*a, cmd::SetLesion{Lesion::Ltd, 0.75});
        apply_now(*a, cmd::SetParameter{"pf.ltp_rate", 0.0004});
        run_more_trials(*a, 2);
        ha->keep_current();
        QCOMPARE(ha->runs().size(), std::size_t{2});
        QVERIFY(!ha->runs()[1].marks->empty());

        // The run under way: changed during it, and paused within a trial.
        RunConfig third = small_run(5);
        third.lesions[Lesion::Golgi] = 0.25;
        reset_to(*a, third);
        run_more_trials(*a, 2);
        apply_now(*a, cmd::SetParameter{"pf.ltd_rate", 0.003});
        apply_now(*a, cmd::SetLesion{Lesion::Io, 0.5});
        run_more_trials(*a, 1);
        apply_now(*a, cmd::SetSpeed{0.1});  // slowly: paused early in the trial
        apply_now(*a, cmd::Play{});
        QTRY_VERIFY_WITH_TIMEOUT(!a->snapshot()->current_trace.empty(), kTimeoutMs);
        apply_now(*a, cmd::Pause{});
        apply_now(*a, cmd::SetParameter{"dcn.output_gain", 0.8});  // where it stopped
        const auto saved = a->snapshot();
        QCOMPARE(saved->trial_index, std::size_t{3});
        QVERIFY(!saved->current_trace.empty());  // within the trial
        QCOMPARE(saved->changes->size(), std::size_t{3});
        QCOMPARE(a->menus()->save_session(file_), QString());

        // The first window goes on by one more trial.
        run_more_trials(*a, 1);
        const auto next = a->snapshot();
        QCOMPARE(next->metrics->size(), std::size_t{4});

        // A fresh window opens the session.
        auto b = std::make_unique<MainWindow>(small_run(9));
        b->set_replace_asker(nullptr);
        b->show();
        QVERIFY(QTest::qWaitForWindowExposed(b.get()));
        QCOMPARE(b->menus()->open_session(file_), QString());
        QTRY_VERIFY_WITH_TIMEOUT(
            b->snapshot()->restored && !b->snapshot()->restoring && caught_up(*b), kTimeoutMs);
        const auto back = b->snapshot();
        QCOMPARE(back->error, std::string());
        QVERIFY(!back->playing);

        // The kept runs, with equal data, and the run under way where it was.
        RunHistory* hb = b->history();
        QCOMPARE(hb->runs().size(), std::size_t{3});
        compare_kept(ha->runs()[0], hb->runs()[0]);
        compare_kept(ha->runs()[1], hb->runs()[1]);
        QCOMPARE(hb->runs()[0].name, QStringLiteral("intact"));
        QCOMPARE(back->step_index, saved->step_index);
        QCOMPARE(back->trial_index, saved->trial_index);
        QCOMPARE(back->t_ms, saved->t_ms);
        QVERIFY(same_metrics(*back->metrics, *saved->metrics));
        QVERIFY(same_marks(*back->marks, *saved->marks));
        QVERIFY(*back->changes == *saved->changes);
        QVERIFY(back->config.lesions == saved->config.lesions);
        QCOMPARE(back->config.params.pf_ltd_rate, 0.003);
        QCOMPARE(back->config.params.dcn_output_gain, 0.8);
        QVERIFY(same_weights(*back->weights, *saved->weights));
        QCOMPARE(back->current_trace.size(), saved->current_trace.size());
        QCOMPARE(hb->current()->completed(), std::size_t{3});
        QVERIFY(!hb->current()->kept);

        // Its learned state: the next trial is the one the unsaved run gave.
        run_more_trials(*b, 1);
        const auto b_next = b->snapshot();
        QVERIFY(same_metrics(*b_next->metrics, *next->metrics));
        QVERIFY(same_trace(*b_next->recent_trials.back(), *next->recent_trials.back()));
        QVERIFY(same_weights(*b_next->weights, *next->weights));

        // The Runs tab overlays the kept runs and the current one at once.
        b->show_tab(MainWindow::CompareTab);
        b->compare_panel()->rebuild();
        QCOMPARE(b->compare_panel()->curves_drawn(), 3);
        if (const QString shots = qEnvironmentVariable("FLOCCULUS_TEST_SHOTS"); !shots.isEmpty()) {
            b->resize(1366, 768);
            QTest::qWait(200);
            QVERIFY(b->grab().save(shots + QStringLiteral("/reopened-session.png")));
        }
        QVERIFY(b->compare_panel()
                    ->legend_names()
                    .join(QLatin1Char('|'))
                    .contains(QStringLiteral("intact")));
    }

    void oldSessionFilesStillOpen() {
        // A version 1 file: settings only.
        RunConfig c = small_run(6);
        c.trials = 7;
        QJsonObject o = QJsonDocument::fromJson(session_bytes(c)).object();
        o.insert(QStringLiteral("version"), 1);
        const QString file = dir_.filePath(QStringLiteral("v1.json"));
        QVERIFY(write_all(file, QJsonDocument(o).toJson()));
        MainWindow w(small_run(9));
        w.set_replace_asker(nullptr);
        QCOMPARE(w.menus()->open_session(file), QString());
        QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->config.seed == 6 && w.snapshot()->trial_count == 7,
                                 kTimeoutMs);
        QVERIFY(!w.snapshot()->restored);
    }

    void brokenRunsAreRefused_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const QByteArray good = read_all(file_);
        QVERIFY(!good.isEmpty());
        const QJsonObject o = QJsonDocument::fromJson(good).object();
        QVERIFY(o.value(QStringLiteral("runs")).isArray());

        const auto with_run = [&](const std::function<void(QJsonObject&)>& edit) {
            QJsonObject copy = o;
            QJsonArray runs = copy.value(QStringLiteral("runs")).toArray();
            QJsonObject run = runs[1].toObject();
            edit(run);
            runs[1] = run;
            copy.insert(QStringLiteral("runs"), runs);
            return QJsonDocument(copy).toJson();
        };
        const auto with_current = [&](const std::function<void(QJsonObject&)>& edit) {
            QJsonObject copy = o;
            QJsonObject current = copy.value(QStringLiteral("current_run")).toObject();
            edit(current);
            copy.insert(QStringLiteral("current_run"), current);
            return QJsonDocument(copy).toJson();
        };
        // The run's data, uncompressed, changed, and packed again.
        const auto with_raw = [&](const std::function<void(QByteArray&)>& edit) {
            return with_run([&](QJsonObject& run) {
                QByteArray raw = qUncompress(QByteArray::fromBase64(
                    run.value(QStringLiteral("results")).toString().toLatin1()));
                edit(raw);
                run.insert(QStringLiteral("results"),
                           QString::fromLatin1(qCompress(raw).toBase64()));
            });
        };

        QTest::newRow("truncated file") << good.left(good.size() * 2 / 3) << "not valid JSON";
        QTest::newRow("results cut short") << with_run([](QJsonObject& run) {
            const QString r = run.value(QStringLiteral("results")).toString();
            run.insert(QStringLiteral("results"), r.left(r.size() / 2 / 4 * 4));
        }) << "run 2: results: the run's data is broken or truncated";
        QTest::newRow("results not base64") << with_run([](QJsonObject& run) {
            run.insert(QStringLiteral("results"), QStringLiteral("#!"));
        }) << "run 2: \"results\" is not base64";
        QTest::newRow("no results")
            << with_run([](QJsonObject& run) { run.remove(QStringLiteral("results")); })
            << "run 2: no \"results\"";
        QTest::newRow("huge claimed size") << with_run([](QJsonObject& run) {
            QByteArray bytes =
                QByteArray::fromBase64(run.value(QStringLiteral("results")).toString().toLatin1());
            qToBigEndian<quint32>(0xFFFFFFF0u, bytes.data());
            run.insert(QStringLiteral("results"), QString::fromLatin1(bytes.toBase64()));
        }) << "more than";
        QTest::newRow("foreign data") << with_raw([](QByteArray& raw) { raw[0] = 'X'; })
                                      << "run 2: results: the run's data is not a Flocculus run";
        QTest::newRow("data cut inside")
            << with_raw([](QByteArray& raw) { raw.chop(raw.size() / 3); }) << "run 2: results: ";
        QTest::newRow("trailing bytes") << with_raw([](QByteArray& raw) { raw.append("xyz"); })
                                        << "3 bytes after the run's data";
        QTest::newRow("bad run config") << with_run([](QJsonObject& run) {
            QJsonObject c = run.value(QStringLiteral("config")).toObject();
            c.insert(QStringLiteral("seed"), -4);
            run.insert(QStringLiteral("config"), c);
        }) << "run 2: in \"config\": seed must be a whole number >= 0, got -4";
        QTest::newRow("runs not a list") << [&] {
            QJsonObject copy = o;
            copy.insert(QStringLiteral("runs"), 3);
            return QJsonDocument(copy).toJson();
        }() << "\"runs\" must be a list";
        QTest::newRow("change after the step") << with_current([](QJsonObject& c) {
            QJsonArray changes = c.value(QStringLiteral("changes")).toArray();
            QJsonObject x = changes[0].toObject();
            x.insert(QStringLiteral("step"), c.value(QStringLiteral("step")).toDouble() + 1);
            changes[0] = x;
            c.insert(QStringLiteral("changes"), changes);
        }) << "current_run: change 1: \"step\" must be a whole number in [0,";
        QTest::newRow("unknown lesion") << with_current([](QJsonObject& c) {
            QJsonArray changes = c.value(QStringLiteral("changes")).toArray();
            QJsonObject x = changes[1].toObject();
            x.insert(QStringLiteral("lesion"), QStringLiteral("cortex"));
            changes[1] = x;
            c.insert(QStringLiteral("changes"), changes);
        }) << "current_run: change 2: unknown lesion cortex (valid: io,";
        QTest::newRow("parameter out of range") << with_current([](QJsonObject& c) {
            QJsonArray changes = c.value(QStringLiteral("changes")).toArray();
            QJsonObject x = changes[0].toObject();
            x.insert(QStringLiteral("value"), -1.0);
            changes[0] = x;
            c.insert(QStringLiteral("changes"), changes);
        }) << "current_run: change 1: parameter pf.ltd_rate must be in [0, 1], got -1";
        QTest::newRow("no step") << with_current([](QJsonObject& c) {
            c.remove(QStringLiteral("step"));
        }) << "current_run: \"step\" must be a whole number >= 0";
        QTest::newRow("flag as text") << with_current([](QJsonObject& c) {
            c.insert(QStringLiteral("kept"), QStringLiteral("yes"));
        }) << "current_run: \"kept\" must be true or false";
    }

    void brokenRunsAreRefused() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        MainWindow w(small_run(9));
        w.set_replace_asker(nullptr);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        run_more_trials(w, 1);
        const auto before = w.snapshot();
        const std::size_t runs = w.history()->runs().size();

        const QString problem =
            refusal_problem(dir_.filePath(QStringLiteral("bad.json")), bytes, expected,
                            [&](const QString& f) { return w.menus()->open_session(f); });
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // Nothing changed: no command sent, no run added.
        QTest::qWait(50);
        QCOMPARE(w.snapshot()->commands_applied, before->commands_applied);
        QCOMPARE(w.snapshot()->run_id, before->run_id);
        QCOMPARE(w.history()->runs().size(), runs);
    }
};

QTEST_MAIN(TestSavedSessions)
#include "test_saved_sessions.moc"
