// SPDX-License-Identifier: GPL-3.0-or-later
// Session files, lessons and the app's command line: what is saved comes back exactly; every
// kind of bad file is refused with a message naming the problem, and nothing changes; the
// shipped lessons are valid; a teacher's broken lesson is reported, not applied.
#include <QtTest>

#include <QDockWidget>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <memory>
#include <unistd.h>

#include "file_helpers.hpp"
#include "gui_options.hpp"
#include "lessons.hpp"
#include "main_window.hpp"
#include "params/registry.hpp"
#include "session.hpp"
#include "transport_bar.hpp"
#include "window_menus.hpp"

using namespace flocculus;
using namespace flocculus::ui;
using flocculus::test::read_all;
using flocculus::test::refusal_problem;
using flocculus::test::write_all;

namespace {

constexpr int kTimeoutMs = 20000;

// A small network, so that windows build quickly.
RunConfig small_config() {
    RunConfig c;
    c.protocol = Protocol::StepRamp;
    c.trials = 4;
    c.seed = 3;
    if (set_parameter(c.params, "network.granule_cells", 5000.0)) qFatal("bad size");
    return c;
}

// Every parameter away from its default (choices on their second label), within its range
// and the constraints between parameters.
RunConfig everything_changed() {
    RunConfig c;
    c.protocol = Protocol::DirectionLearning;
    c.trials = 500;
    c.seed = (std::uint64_t{1} << 60) + 7;  // beyond a JSON number's exact range
    for (const ParamSpec& spec : parameter_specs()) {
        double v = spec.default_value;
        for (double f : {0.3, 0.6, 1.0}) {
            if (v != spec.default_value) break;
            v = spec.min_value + f * (spec.max_value - spec.min_value);
            if (spec.kind != ParamKind::Real) v = std::round(v);
        }
        if (spec.kind == ParamKind::Choice) v = 1.0;
        if (v == spec.default_value) qFatal("%s: no other value", spec.name.data());
        if (auto e = set_parameter(c.params, spec.name, v)) qFatal("%s", e->c_str());
    }
    c.lesions[Lesion::Io] = 0.25;
    c.lesions[Lesion::Golgi] = 1.0;
    c.lesions[Lesion::Purkinje] = 0.5;
    return c;
}

void compare_configs(const RunConfig& a, const RunConfig& b) {
    QCOMPARE(a.protocol, b.protocol);
    QCOMPARE(a.seed, b.seed);
    QCOMPARE(a.trials, b.trials);
    for (const ParamSpec& spec : parameter_specs())
        QVERIFY2(get_parameter(a.params, spec) == get_parameter(b.params, spec),
                 spec.name.data());
    QVERIFY(a.lesions == b.lesions);
}

// A valid session with one setting replaced (or removed, for an undefined value).
QByteArray edited_session(const QString& key, const QJsonValue& value,
                          const QString& parameter = {}) {
    QJsonObject o = QJsonDocument::fromJson(session_bytes(small_config())).object();
    if (parameter.isEmpty()) {
        if (value.isUndefined())
            o.remove(key);
        else
            o.insert(key, value);
    } else {
        QJsonObject inner = o.value(key).toObject();
        inner.insert(parameter, value);
        o.insert(key, inner);
    }
    return QJsonDocument(o).toJson();
}

QByteArray lesson_file(const QString& settings, const QString& text = QStringLiteral("# Text\n")) {
    return (QStringLiteral("---\n") + settings + QStringLiteral("\n---\n") + text).toUtf8();
}

// Whether the window has applied every command sent so far and shows it.
bool settled(const MainWindow& w, std::uint64_t applied) {
    return w.snapshot()->commands_applied >= applied && w.shown_sequence() == w.snapshot()->sequence;
}

}  // namespace

class TestSessions : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::unique_ptr<MainWindow> window_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        qunsetenv(kLessonsEnvironment);
        QVERIFY(dir_.isValid());
        window_ = std::make_unique<MainWindow>(small_config());
        window_->set_replace_asker(nullptr);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }
    void cleanupTestCase() { window_.reset(); }

    // --- sessions ---------------------------------------------------------------------

    void roundTripKeepsEverything() {
        const RunConfig c = everything_changed();
        QVERIFY(std::holds_alternative<std::vector<TrialPlan>>(prepare_run(c)));
        const QString file = path(QStringLiteral("everything.json"));
        QCOMPARE(write_session_file(file, c), QString());
        const auto back = read_session_file(file);
        QVERIFY2(std::holds_alternative<RunConfig>(back),
                 qPrintable(std::get_if<QString>(&back) ? *std::get_if<QString>(&back) : QString()));
        compare_configs(std::get<RunConfig>(back), c);

        // The file names every parameter of the registry, tagged with format and version.
        const QJsonObject o = QJsonDocument::fromJson(read_all(file)).object();
        QCOMPARE(o.value(QStringLiteral("format")).toString(), QString::fromLatin1(kSessionFormat));
        QCOMPARE(o.value(QStringLiteral("version")).toInt(), kSessionVersion);
        QCOMPARE(o.value(QStringLiteral("parameters")).toObject().size(),
                 static_cast<qsizetype>(parameter_specs().size()));
        QCOMPARE(o.value(QStringLiteral("parameters")).toObject().value(
                     QStringLiteral("task.instruction_direction")).toString(),
                 QStringLiteral("down"));
        QCOMPARE(o.value(QStringLiteral("lesions")).toObject().value(QStringLiteral("io")).toDouble(),
                 0.25);
    }

    void windowSavesAndLoadsTheRunItShows() {
        MainWindow& w = *window_;
        RunConfig c = small_config();
        c.protocol = Protocol::DirectionLearning;
        c.trials = 9;
        c.seed = 42;
        for (const auto& [name, value] :
             {std::pair{"eye.visual_delay_ms", 120.0}, {"pf.ltd_rate", 0.003},
              {"task.instruction_direction", 1.0}, {"io.slip_gain", 0.4}})
            QVERIFY(!set_parameter(c.params, name, value));
        c.lesions[Lesion::Ltp] = 0.5;
        c.lesions[Lesion::NucleoOlivary] = 1.0;
        const QString file = path(QStringLiteral("window.json"));
        QVERIFY(write_session_file(file, c).isEmpty());

        QCOMPARE(w.menus()->open_session(file), QString());
        QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->trial_count == 9, kTimeoutMs);
        compare_configs(w.snapshot()->config, c);

        // Saved from the window, it comes back the same; so does a change made in the window.
        w.runner()->set_parameter("dcn.output_gain", 0.5);
        QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->config.params.dcn_output_gain == 0.5, kTimeoutMs);
        c.params.dcn_output_gain = 0.5;
        const QString saved = path(QStringLiteral("saved.json"));
        QCOMPARE(w.menus()->save_session(saved), QString());
        const auto back = read_session_file(saved);
        QVERIFY2(
            std::holds_alternative<RunConfig>(back),
            qPrintable(std::get_if<QString>(&back) ? *std::get_if<QString>(&back) : QString()));
        compare_configs(std::get<RunConfig>(back), c);
        w.apply_config(small_config());
        QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->trial_count == 4, kTimeoutMs);
    }

    void badFilesAreRefused_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const QByteArray good = session_bytes(small_config());
        QTest::newRow("empty") << QByteArray() << "empty";
        QTest::newRow("truncated") << good.left(good.size() / 2) << "not valid JSON";
        QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0", 10) << "not valid JSON";
        QTest::newRow("array") << QByteArray("[1, 2]") << "not a JSON object";
        QTest::newRow("foreign") << QByteArray(R"({"name": "something else"})")
                                 << "not a Flocculus session file (its \"format\" is missing";
        QTest::newRow("other format")
            << edited_session(QStringLiteral("format"), QStringLiteral("flocculus-lesson"))
            << "its \"format\" is \"flocculus-lesson\", expected \"flocculus-session\"";
        QTest::newRow("newer") << edited_session(QStringLiteral("version"), kSessionVersion + 1)
                               << QStringLiteral(
                                      "written by a newer Flocculus (Flocculus session "
                                      "file version %1")
                                      .arg(kSessionVersion + 1);
        QTest::newRow("no version") << edited_session(QStringLiteral("version"), QJsonValue())
                                    << "no valid \"version\"";
        QTest::newRow("unknown parameter")
            << edited_session(QStringLiteral("parameters"), 1.0, QStringLiteral("pf.bogus"))
            << "unknown parameter 'pf.bogus'";
        QTest::newRow("out of range")
            << edited_session(QStringLiteral("parameters"), 900.0, QStringLiteral("eye.visual_delay_ms"))
            << "parameter eye.visual_delay_ms must be in [0, 400] ms, got 900";
        QTest::newRow("NaN")
            << edited_session(QStringLiteral("parameters"), QStringLiteral("NaN"),
                              QStringLiteral("eye.visual_delay_ms"))
            << "parameter eye.visual_delay_ms must be a number in [0, 400] ms, got the text \"NaN\"";
        QTest::newRow("number as text")
            << edited_session(QStringLiteral("parameters"), QStringLiteral("0.5"),
                              QStringLiteral("pf.ltd_rate"))
            << "parameter pf.ltd_rate must be a number in [0, 1], got the text \"0.5\"";
        QTest::newRow("choice as number")
            << edited_session(QStringLiteral("parameters"), 1.0,
                              QStringLiteral("task.instruction_direction"))
            << "parameter task.instruction_direction must be one of {up, down} given by name, got "
               "the number 1";
        QTest::newRow("number as true")
            << edited_session(QStringLiteral("parameters"), true, QStringLiteral("pc.noise"))
            << "parameter pc.noise must be a number in [0, 1], got true";
        QTest::newRow("lesion as text")
            << edited_session(QStringLiteral("lesions"), QStringLiteral("0.5"), QStringLiteral("io"))
            << "lesion io fraction must be a number in [0, 1], got the text \"0.5\"";
        QTest::newRow("preset as number") << edited_session(QStringLiteral("preset"), 1.0)
                                          << "\"preset\" must be a preset's name, got the number 1";
        QTest::newRow("duplicate parameter")
            << QByteArray(good).replace("\"pf.ltd_rate\": 0.002",
                                        "\"pf.ltd_rate\": 0.002, \"pf.ltd_rate\": 0.5")
            << "duplicate key \"pf.ltd_rate\" in \"parameters\"";
        QTest::newRow("duplicate setting")
            << QByteArray(good).replace("\"seed\": 3", "\"seed\": 3, \"se\\u0065d\": 2")
            << "duplicate key \"seed\"";
        QTest::newRow("infinite")
            << QByteArray(good).replace("\"eye.visual_delay_ms\": 80", "\"eye.visual_delay_ms\": 1e999")
            << "not valid JSON (illegal number";
        QTest::newRow("fractional count")
            << edited_session(QStringLiteral("parameters"), 5000.5, QStringLiteral("network.granule_cells"))
            << "parameter network.granule_cells must be in [1000, 2000000] (whole number) cells";
        QTest::newRow("bad choice")
            << edited_session(QStringLiteral("parameters"), QStringLiteral("sideways"),
                              QStringLiteral("task.instruction_direction"))
            << "parameter task.instruction_direction must be one of {up, down}, got 'sideways'";
        QTest::newRow("constraint")
            << edited_session(QStringLiteral("parameters"), 2.0, QStringLiteral("pf.w_init"))
            << "pf.w_init must be at most pf.w_max";
        QTest::newRow("unknown lesion")
            << edited_session(QStringLiteral("lesions"), 1.0, QStringLiteral("cortex"))
            << "unknown lesion 'cortex'";
        QTest::newRow("lesion fraction")
            << edited_session(QStringLiteral("lesions"), 1.5, QStringLiteral("io"))
            << "lesion io fraction must be a number in [0, 1], got '1.5'";
        QTest::newRow("unknown protocol")
            << edited_session(QStringLiteral("protocol"), QStringLiteral("juggling"))
            << "unknown protocol 'juggling' (valid: step-ramp,";
        QTest::newRow("bad seed") << edited_session(QStringLiteral("seed"), -1)
                                  << "seed must be a whole number >= 0, got -1";
        QTest::newRow("bad trials") << edited_session(QStringLiteral("trials"), 0)
                                    << "trials must be a whole number in [1, 100000], got 0";
        QTest::newRow("line break in a value")
            << edited_session(QStringLiteral("protocol"), QStringLiteral("step\nramp"))
            << "unknown protocol 'step\\nramp'";
        QTest::newRow("unknown setting")
            << edited_session(QStringLiteral("paramters"), QJsonObject())
            << "unknown setting \"paramters\"";
    }

    void badFilesAreRefused() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        MainWindow& w = *window_;
        QTRY_VERIFY_WITH_TIMEOUT(settled(w, 0), kTimeoutMs);
        const auto before = w.snapshot();
        const QByteArray session_before = session_bytes(before->pending_config);

        const QString problem =
            refusal_problem(path(QStringLiteral("bad.json")), bytes, expected,
                            [&](const QString& f) { return w.menus()->open_session(f); });
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        // Nothing was sent to the runner, and the run is what it was.
        QTest::qWait(50);
        const auto after = w.snapshot();
        QCOMPARE(after->commands_applied, before->commands_applied);
        QCOMPARE(session_bytes(after->pending_config), session_before);
        QCOMPARE(session_bytes(after->config), session_bytes(before->config));
    }

    void missingAndHugeFiles() {
        QString error = window_->menus()->open_session(path(QStringLiteral("nowhere.json")));
        QVERIFY2(error.startsWith(QStringLiteral("nowhere.json: cannot be read")), qPrintable(error));
        const QString huge = path(QStringLiteral("huge.json"));
        {
            QFile f(huge);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(kMaxSessionFileBytes + 1));  // sparse: no disk used
        }
        error = window_->menus()->open_session(huge);
        QVERIFY2(error.contains(QStringLiteral("too large")), qPrintable(error));
    }

    void savingOverAFileIsAtomic() {
        const QString file = path(QStringLiteral("atomic.json"));
        const QString link = path(QStringLiteral("atomic-old.json"));
        const QByteArray old_bytes("an older file that must stay whole\n");
        QVERIFY(write_all(file, old_bytes));
        // A second name for the old file: a save that rewrote the file in place would show
        // through it; one that writes a new file and renames it over the name does not.
        QCOMPARE(::link(QFile::encodeName(file).constData(), QFile::encodeName(link).constData()), 0);
        QCOMPARE(window_->menus()->save_session(file), QString());
        QCOMPARE(read_all(link), old_bytes);
        QVERIFY(std::holds_alternative<RunConfig>(read_session_file(file)));
        // No temporary file is left behind.
        const QStringList left = QDir(dir_.path()).entryList({QStringLiteral("atomic*")}, QDir::Files);
        QCOMPARE(left, (QStringList{QStringLiteral("atomic-old.json"), QStringLiteral("atomic.json")}));

        // A save that cannot be made leaves what is there.
        QVERIFY(QDir(dir_.path()).mkdir(QStringLiteral("taken.json")));
        QVERIFY(!window_->menus()->save_session(path(QStringLiteral("taken.json"))).isEmpty());
        QVERIFY(QFileInfo(path(QStringLiteral("taken.json"))).isDir());
        QVERIFY(!window_->menus()->save_session(path(QStringLiteral("no/such/folder.json"))).isEmpty());
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("no"))));
    }

    // --- lessons ---------------------------------------------------------------------------

    void shippedLessonsAreValid() {
        const LessonLibrary library =
            load_lessons(MainWindow::tab_keys(), {QString::fromLatin1(kBuiltInLessons)});
        QVERIFY2(library.problems.isEmpty(), qPrintable(library.problems.join(QLatin1Char('\n'))));
        QVERIFY(library.lessons.size() >= 7);
        QStringList names;
        for (const Lesson& l : library.lessons) {
            QVERIFY2(!names.contains(l.name), qPrintable(l.name));
            names << l.name;
            QVERIFY(!l.title.isEmpty());
            QVERIFY(MainWindow::tab_keys().contains(l.tab));
            QVERIFY(std::holds_alternative<std::vector<TrialPlan>>(prepare_run(l.config)));
            QVERIFY2(l.text.contains(QStringLiteral("## Questions")) ||
                         l.text.contains(QStringLiteral("## Experiments")),
                     qPrintable(l.name));
        }
        // Every link to another lesson leads somewhere.
        static const QRegularExpression kLink(QStringLiteral("\\(lesson:([a-z0-9-]+)\\)"));
        for (const Lesson& l : library.lessons)
            for (const auto& m : kLink.globalMatch(l.text))
                QVERIFY2(names.contains(m.captured(1)), qPrintable(l.name + " -> " + m.captured(1)));

        // The settings match what the texts teach.
        const auto lesson = [&](const char* name) { return find_lesson(library, QString::fromLatin1(name)); };
        for (const char* n : {"baseline-pursuit", "direction-learning", "climbing-fibre-teacher",
                              "ltd-block", "fragile-x", "savings", "delay-tremor", "golgi-timing"})
            QVERIFY2(lesson(n), n);
        QCOMPARE(lesson("baseline-pursuit")->config.protocol, Protocol::StepRamp);
        QCOMPARE(lesson("direction-learning")->config.protocol, Protocol::DirectionLearning);
        QVERIFY(!lesson("direction-learning")->config.lesions.any());
        QCOMPARE(lesson("climbing-fibre-teacher")->config.lesions[Lesion::Io], 1.0);
        QCOMPARE(lesson("ltd-block")->config.lesions[Lesion::Ltd], 1.0);
        QCOMPARE(lesson("fragile-x")->config.params.pf_ltd_rate, 2 * default_parameters().pf_ltd_rate);
        QCOMPARE(lesson("savings")->config.protocol, Protocol::Savings);
        QCOMPARE(lesson("delay-tremor")->config.params.eye_visual_delay_ms, 250.0);
        QCOMPARE(lesson("delay-tremor")->config.params.eye_internal_delay_ms, 80.0);
        QCOMPARE(lesson("golgi-timing")->config.lesions[Lesion::Golgi], 1.0);
        QCOMPARE(lesson("new-glasses")->config.protocol, Protocol::VorGainUp);
        QVERIFY(!lesson("new-glasses")->config.lesions.any());
        QCOMPARE(lesson("where-is-the-lesion")->config.protocol, Protocol::VorGainUp);
        QCOMPARE(lesson("where-is-the-lesion")->config.lesions[Lesion::Io], 1.0);
        // The lesions after training are scheduled, and the text says when.
        const Lesson* cortex = lesson("cortex-or-nuclei");
        QVERIFY(cortex);
        QCOMPARE(cortex->config.trials, std::optional<int>(250));
        QCOMPARE(cortex->config.lesions_at.size(), std::size_t{2});
        QCOMPARE(cortex->config.lesions_at[0], (TimedLesion{151, Lesion::Purkinje, 1.0}));
        QCOMPARE(cortex->config.lesions_at[1], (TimedLesion{201, Lesion::Dcn, 1.0}));
        QVERIFY(!cortex->config.lesions.any());
        QVERIFY(cortex->text.contains(QStringLiteral("from trial 151")));
        QVERIFY(cortex->text.contains(QStringLiteral("from trial 201")));
    }

    void windowAppliesALesson() {
        MainWindow& w = *window_;
        Lesson lesson;
        lesson.name = QStringLiteral("small");
        lesson.title = QStringLiteral("A small lesson");
        lesson.config = small_config();
        lesson.config.protocol = Protocol::SingleTrial;
        lesson.config.trials = 12;
        lesson.config.lesions[Lesion::Ltd] = 1.0;
        lesson.tab = QStringLiteral("purkinje");
        lesson.speed = 5.0;
        lesson.text = QStringLiteral("# Watch this\n\nThe **Purkinje** cells.");
        w.menus()->apply_lesson(lesson);
        QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->trial_count == 12, kTimeoutMs);
        compare_configs(w.snapshot()->config, lesson.config);
        QCOMPARE(w.tabs()->currentIndex(), static_cast<int>(MainWindow::PurkinjeTab));
        QCOMPARE(w.transport_bar()->chosen_speed(), 5.0);
        QVERIFY(w.menus()->lesson_dock()->isVisible());
        QVERIFY(w.menus()->lesson_dock()->toolTip().contains(lesson.title));
        QVERIFY(w.menus()->lesson_text_shown().contains(QStringLiteral("The Purkinje cells.")));

        // A link to another lesson opens it.
        auto* view = qobject_cast<QTextBrowser*>(w.menus()->lesson_dock()->widget());
        QVERIFY(view);
        emit view->anchorClicked(QUrl(QStringLiteral("lesson:delay-tremor")));
        QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->config.params.eye_visual_delay_ms == 250.0, kTimeoutMs);
        QCOMPARE(w.tabs()->currentIndex(), static_cast<int>(MainWindow::VelocityTab));
        QVERIFY(w.menus()->lesson_text_shown().contains(QStringLiteral("Delay and tremor")));
        w.apply_config(small_config());
        QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->trial_count == 4, kTimeoutMs);
    }

    void teachersLessonsAreReadAndBrokenOnesReported() {
        QTemporaryDir teacher;
        QVERIFY(teacher.isValid());
        const QString good = QStringLiteral(
            R"({"format": "flocculus-lesson", "version": 1, "name": "my-lesson",
                "title": "My lesson", "protocol": "step-ramp", "trials": 3,
                "parameters": {"task.speed_deg_s": 10}, "tab": "velocity"})");
        QVERIFY(write_all(teacher.filePath(QStringLiteral("good.md")), lesson_file(good)));
        // Replaces the shipped lesson of the same name.
        const QString own = QStringLiteral(
            R"({"format": "flocculus-lesson", "version": 1, "name": "baseline-pursuit",
                "title": "Our baseline", "protocol": "step-ramp"})");
        QVERIFY(write_all(teacher.filePath(QStringLiteral("own.html")),
                          lesson_file(own, QStringLiteral("<p>Hello</p>"))));
        const QString broken = QStringLiteral(
            R"({"format": "flocculus-lesson", "version": 1, "name": "broken",
                "title": "Broken", "protocol": "step-ramp",
                "parameters": {"pc.baseline_rate_hz": 500}})");
        QVERIFY(write_all(teacher.filePath(QStringLiteral("broken.md")), lesson_file(broken)));
        QVERIFY(write_all(teacher.filePath(QStringLiteral("notes.md")), "# Just notes\n"));
        const QString bad_tab = QStringLiteral(
            R"({"format": "flocculus-lesson", "version": 1, "name": "bad-tab",
                "title": "Bad tab", "protocol": "step-ramp", "tab": "weights-of-doom"})");
        QVERIFY(write_all(teacher.filePath(QStringLiteral("tab.md")), lesson_file(bad_tab)));
        qputenv(kLessonsEnvironment, teacher.path().toLocal8Bit());

        const LessonLibrary library = load_lessons(MainWindow::tab_keys());
        qunsetenv(kLessonsEnvironment);
        QVERIFY(find_lesson(library, QStringLiteral("my-lesson")));
        QCOMPARE(find_lesson(library, QStringLiteral("my-lesson"))->config.params.task_speed_deg_s, 10.0);
        const Lesson* replaced = find_lesson(library, QStringLiteral("baseline-pursuit"));
        QVERIFY(replaced);
        QCOMPARE(replaced->title, QStringLiteral("Our baseline"));
        QVERIFY(replaced->html);
        QVERIFY(!find_lesson(library, QStringLiteral("broken")));
        QVERIFY(!find_lesson(library, QStringLiteral("bad-tab")));
        const QString problems = library.problems.join(QLatin1Char('\n'));
        QCOMPARE(library.problems.size(), 3);
        QVERIFY2(problems.contains(QStringLiteral("broken.md: parameter pc.baseline_rate_hz must be "
                                                  "in [10, 150] Hz, got 500")),
                 qPrintable(problems));
        QVERIFY2(problems.contains(QStringLiteral("notes.md: not a Flocculus lesson")),
                 qPrintable(problems));
        QVERIFY2(problems.contains(QStringLiteral("tab.md: unknown tab \"weights-of-doom\"")),
                 qPrintable(problems));

        // The window lists the good ones and reports the rest; the run is not touched.
        MainWindow& w = *window_;
        QTRY_VERIFY_WITH_TIMEOUT(settled(w, 0), kTimeoutMs);
        const std::uint64_t applied = w.snapshot()->commands_applied;
        qputenv(kLessonsEnvironment, teacher.path().toLocal8Bit());
        w.menus()->reload_lessons();
        qunsetenv(kLessonsEnvironment);
        QVERIFY(find_lesson(w.menus()->lessons(), QStringLiteral("my-lesson")));
        QCOMPARE(w.menus()->lessons().problems.size(), 3);
        QTest::qWait(50);
        QCOMPARE(w.snapshot()->commands_applied, applied);
        w.menus()->reload_lessons();
        QVERIFY(!find_lesson(w.menus()->lessons(), QStringLiteral("my-lesson")));
    }

    void lessonSettingsAreChecked_data() {
        QTest::addColumn<QString>("settings");
        QTest::addColumn<QString>("expected");
        const QString head = QStringLiteral(R"("format": "flocculus-lesson", "version": 1, )");
        QTest::newRow("no name") << head + R"("title": "T", "protocol": "step-ramp")"
                                 << "\"name\" must be 1-64 lower-case letters";
        QTest::newRow("bad name") << head + R"("name": "Big Name", "title": "T", "protocol": "step-ramp")"
                                  << "got \"Big Name\"";
        QTest::newRow("no title") << head + R"("name": "n", "protocol": "step-ramp")"
                                  << "\"title\" must be a non-empty text";
        QTest::newRow("no protocol") << head + R"("name": "n", "title": "T")"
                                     << "no \"protocol\" given";
        QTest::newRow("speed") << head + R"("name": "n", "title": "T", "protocol": "step-ramp", "speed": 1000)"
                               << "speed must be \"max\" or a number in [0.25, 25]";
        QTest::newRow("preset") << head + R"("name": "n", "title": "T", "protocol": "step-ramp", "preset": "zombie")"
                                << "unknown preset 'zombie'";
        // Scheduled lesions: the command line's K:NAME[:f], each entry checked.
        const QString eyeblink = head + R"("name": "n", "title": "T", "protocol": "eyeblink", "trials": 50, )";
        QTest::newRow("lesions_at not a list") << eyeblink + R"("lesions_at": "151:purkinje")"
                                               << "\"lesions_at\" must be a list of \"K:lesion[:fraction]\" texts";
        QTest::newRow("lesions_at number") << eyeblink + R"("lesions_at": [151])"
                                           << "\"lesions_at\" must be a list of \"K:lesion[:fraction]\" texts, got the number 151";
        QTest::newRow("lesions_at no trial") << eyeblink + R"("lesions_at": ["purkinje"])"
                                             << "lesions_at needs K:NAME[:fraction] with K a whole number >= 1";
        QTest::newRow("lesions_at trial zero") << eyeblink + R"("lesions_at": ["0:dcn"])"
                                               << "lesions_at needs K:NAME[:fraction] with K a whole number >= 1 (the trial from which the lesion applies), got '0:dcn'";
        QTest::newRow("lesions_at unknown") << eyeblink + R"("lesions_at": ["20:purkinje", "30:cortex"])"
                                            << "lesions_at 30:cortex: unknown lesion 'cortex' (valid: io, purkinje, dcn,";
        QTest::newRow("lesions_at fraction") << eyeblink + R"("lesions_at": ["30:dcn:2"])"
                                             << "lesions_at 30:dcn:2: lesion dcn fraction must be a number in [0, 1], got '2'";
        QTest::newRow("lesions_at past the end") << eyeblink + R"("lesions_at": ["51:dcn"])"
                                                 << "lesions_at 51:dcn: the trial must be in [1, 50] (this run's length)";
        QTest::newRow("session") << R"("format": "flocculus-session", "version": 1)"
                                 << "settings not a Flocculus lesson";
        QTest::newRow("newer") << R"("format": "flocculus-lesson", "version": 7)"
                               << "settings written by a newer Flocculus";
    }

    void lessonSettingsAreChecked() {
        QFETCH(QString, settings);
        QFETCH(QString, expected);
        const auto result = parse_lesson(lesson_file(QLatin1Char('{') + settings + QLatin1Char('}')),
                                         MainWindow::tab_keys(), false);
        QVERIFY(std::holds_alternative<QString>(result));
        QVERIFY2(std::get<QString>(result).contains(expected), qPrintable(std::get<QString>(result)));
    }

    // --- the app's command line -----------------------------------------------------------------

    void commandLineOpensSessionsAndLessons() {
        const QStringList tabs = MainWindow::tab_keys();
        const QStringList builtin{QString::fromLatin1(kBuiltInLessons)};
        const QString app = QStringLiteral("flocculus");
        GuiCommandLine cl;

        QCOMPARE(cl.parse({app, QStringLiteral("--lesson"), QStringLiteral("delay-tremor"),
                           QStringLiteral("--demo-trials"), QStringLiteral("3"),
                           QStringLiteral("--screenshot"), path(QStringLiteral("x.png"))},
                          tabs, builtin),
                 QString());
        QVERIFY(cl.options().lesson);
        QCOMPARE(cl.options().lesson->name, QStringLiteral("delay-tremor"));
        QCOMPARE(cl.options().config.params.eye_visual_delay_ms, 250.0);
        QCOMPARE(cl.options().demo_trials, std::optional<int>(3));
        QCOMPARE(cl.options().screenshot, path(QStringLiteral("x.png")));

        const RunConfig saved = everything_changed();
        const QString file = path(QStringLiteral("cli.json"));
        QVERIFY(write_session_file(file, saved).isEmpty());
        QCOMPARE(cl.parse({app, QStringLiteral("--load"), file, QStringLiteral("--tab"),
                           QStringLiteral("learning")},
                          tabs, builtin),
                 QString());
        compare_configs(cl.options().config, saved);
        QCOMPARE(cl.options().tab, std::optional<int>(MainWindow::LearningTab));
        QVERIFY(!cl.options().lesson);

        // A lesson given as a file.
        const QString lesson = path(QStringLiteral("mine.md"));
        QVERIFY(write_all(lesson, lesson_file(QStringLiteral(
                                      R"({"format": "flocculus-lesson", "version": 1, "name": "mine",
                                          "title": "Mine", "protocol": "sine-pursuit"})"))));
        QCOMPARE(cl.parse({app, QStringLiteral("--lesson"), lesson}, tabs, builtin), QString());
        QCOMPARE(cl.options().config.protocol, Protocol::SinePursuit);
    }

    void commandLineErrors_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        const QString bad = dir_.filePath(QStringLiteral("cli-bad.json"));
        write_all(bad, edited_session(QStringLiteral("parameters"), -5.0, QStringLiteral("pc.tau_ms")));
        QTest::newRow("missing file") << QStringList{QStringLiteral("--load"), dir_.filePath(QStringLiteral("gone.json"))}
                                      << "gone.json: cannot be read";
        QTest::newRow("bad file") << QStringList{QStringLiteral("--load"), bad}
                                  << "cli-bad.json: parameter pc.tau_ms must be in [2, 50] ms, got -5";
        QTest::newRow("unknown lesson") << QStringList{QStringLiteral("--lesson"), QStringLiteral("nope")}
                                        << "unknown lesson 'nope' (valid: baseline-pursuit,";
        QTest::newRow("both") << QStringList{QStringLiteral("--lesson"), QStringLiteral("savings"),
                                             QStringLiteral("--load"), bad}
                              << "--load and --lesson cannot be used together";
        QTest::newRow("lesson and protocol")
            << QStringList{QStringLiteral("--lesson"), QStringLiteral("savings"),
                           QStringLiteral("--protocol"), QStringLiteral("step-ramp")}
            << "--protocol and --seed cannot be combined with --lesson";
        QTest::newRow("no value") << QStringList{QStringLiteral("--load")} << "Missing value after '--load'";
        QTest::newRow("tab") << QStringList{QStringLiteral("--tab"), QStringLiteral("9")}
                             << QStringLiteral("--tab must be a number from 1 to %1 or one of %2")
                                    .arg(MainWindow::tab_keys().size())
                                    .arg(MainWindow::tab_keys().join(QStringLiteral(", ")));
        QTest::newRow("protocol") << QStringList{QStringLiteral("--protocol"), QStringLiteral("x")}
                                  << "unknown protocol 'x'";
        QTest::newRow("seed") << QStringList{QStringLiteral("--seed"), QStringLiteral("-3")}
                              << "--seed must be a whole number >= 0";
    }

    void commandLineErrors() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        GuiCommandLine cl;
        const QString error = cl.parse(QStringList{QStringLiteral("flocculus")} + arguments,
                                       MainWindow::tab_keys(), {QString::fromLatin1(kBuiltInLessons)});
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
    }
};

QTEST_MAIN(TestSessions)
#include "test_sessions.moc"
