// SPDX-License-Identifier: GPL-3.0-or-later
// What a run does to its output folder when things go wrong: a signal stops it cleanly, a
// killed run's leftovers are removed by the next one, one run at a time writes a folder,
// files change as a set, and a failed write says which file and why.
#include <QProcess>
#include <QtTest>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.hpp"
#include "cli_test_util.hpp"
#include "record/files.hpp"

namespace fs = std::filesystem;
using flocculus::AtomicFile;

namespace {
using flocculus::test::cli;
using flocculus::test::read;
using flocculus::test::write;

const std::vector<std::string> kSet = {"summary.json", "trials.csv", "purkinje_spikes.csv",
                                       "traces.csv"};

// The names of the hidden files a writer leaves (temporary files and the commit journal).
std::vector<std::string> hidden_leftovers(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string n = e.path().filename().string();
        if (n.starts_with(".") && n != flocculus::OutputLock::kFileName) names.push_back(n);
    }
    return names;
}

std::map<std::string, std::string> files_of(const fs::path& dir) {
    std::map<std::string, std::string> m;
    for (const auto& n : kSet) m[n] = read(dir / n);
    return m;
}

std::vector<std::string> small_run(const fs::path& out, int trials, int seed) {
    return {"run", "--protocol", "step-ramp", "--trials", std::to_string(trials), "--seed",
            std::to_string(seed), "--set", "network.granule_cells=2000", "--quiet",
            "--out", out.string()};
}

// Waits until the run writing `dir` as process `pid` has written some of its files.
bool wait_for_temporary_files(const fs::path& dir, qint64 pid) {
    const fs::path tmp = flocculus::temporary_path_for(dir / "traces.csv", static_cast<long>(pid));
    for (int i = 0; i < 3000; ++i) {
        std::error_code ec;
        if (fs::exists(tmp, ec) && fs::file_size(tmp, ec) > 0) return true;
        QTest::qWait(10);
    }
    return false;
}

QString last_line(const QByteArray& bytes) {
    const QList<QByteArray> lines = bytes.trimmed().split('\n');
    return QString::fromUtf8(lines.isEmpty() ? QByteArray() : lines.back());
}
}  // namespace

class TestCliFiles : public QObject {
    Q_OBJECT
    fs::path tmp_;

    // Starts flocculus-cli on a run long enough to be interrupted, writing into `out`.
    void start_long_run(QProcess& p, const fs::path& out) {
        QStringList args;
        for (const auto& a : small_run(out, 2000, 2)) args << QString::fromStdString(a);
        p.start(QStringLiteral(FLOCCULUS_CLI), args);
        QVERIFY(p.waitForStarted());
        QVERIFY2(wait_for_temporary_files(out, p.processId()), "the run wrote nothing");
    }

    void interrupted_by(int signal_number, int expected_code, const char* name) {
        const fs::path out = tmp_ / "out";
        QCOMPARE(cli(small_run(out, 2, 1)).code, 0);
        const auto old_set = files_of(out);
        QProcess p;
        start_long_run(p, out);
        ::kill(static_cast<pid_t>(p.processId()), signal_number);
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), expected_code);
        const QString line = last_line(p.readAllStandardError());
        QVERIFY2(QRegularExpression(QStringLiteral("^flocculus-cli: interrupted by %1 during trial "
                                                   "\\d+ of 2000; nothing written \\(the files in "
                                                   ".* are unchanged\\)$")
                                        .arg(QLatin1String(name)))
                     .match(line)
                     .hasMatch(),
                 qPrintable(line));
        QVERIFY(hidden_leftovers(out).empty());
        QVERIFY(files_of(out) == old_set);
    }

private slots:
    void init() {
        tmp_ = fs::temp_directory_path() / ("flocculus-files-test-" + std::to_string(::getpid()));
        fs::remove_all(tmp_);
        fs::create_directories(tmp_);
    }
    void cleanup() { fs::remove_all(tmp_); }

    void sigtermStopsTheRunAndRemovesItsTemporaryFiles() { interrupted_by(SIGTERM, 143, "SIGTERM"); }
    void sigintStopsTheRunAndRemovesItsTemporaryFiles() { interrupted_by(SIGINT, 130, "SIGINT"); }

    void aKilledRunsLeftoversAreRemovedByTheNextRun() {
        const fs::path out = tmp_ / "out";
        QProcess p;
        start_long_run(p, out);
        p.kill();  // SIGKILL: nothing can be cleaned up
        QVERIFY(p.waitForFinished(30000));
        QVERIFY(!hidden_leftovers(out).empty());
        QCOMPARE(cli(small_run(out, 1, 1)).code, 0);
        QVERIFY(hidden_leftovers(out).empty());
        // A temporary file of a live process (this one) is not touched.
        const fs::path mine = flocculus::temporary_path_for(out / "notes.txt", ::getpid());
        write(mine, "in progress");
        QCOMPARE(cli(small_run(out, 1, 1)).code, 0);
        QVERIFY(fs::exists(mine));
    }

    void aSecondRunIntoTheFolderFailsAtOnceNamingTheFirst() {
        const fs::path out = tmp_ / "out";
        QCOMPARE(cli(small_run(out, 1, 1)).code, 0);
        const auto old_set = files_of(out);
        QProcess p;
        start_long_run(p, out);
        const auto r = cli(small_run(out, 1, 3));
        const qint64 first = p.processId();
        p.kill();
        p.waitForFinished(30000);
        QCOMPARE(r.code, 2);
        QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), 1);
        QVERIFY2(r.err.find("is being written by another run (pid " + std::to_string(first) +
                            ", started ") != std::string::npos,
                 r.err.c_str());
        QVERIFY2(r.err.find("flocculus-cli run") != std::string::npos, r.err.c_str());
        QVERIFY(files_of(out) == old_set);
    }

    void aStaleLockDoesNotBlock() {
        const fs::path out = tmp_ / "out";
        fs::create_directories(out);
        write(out / flocculus::OutputLock::kFileName, "pid 999999, started long ago: flocculus-cli run\n");
        const auto r = cli(small_run(out, 1, 1));
        QVERIFY2(r.code == 0, r.err.c_str());
        // Nor does a lock held and released in this process.
        {
            auto lock = flocculus::OutputLock::acquire(out, "test");
            QVERIFY(std::holds_alternative<flocculus::OutputLock>(lock));
            QCOMPARE(cli(small_run(out, 1, 1)).code, 2);
        }
        QCOMPARE(cli(small_run(out, 1, 1)).code, 0);
    }

    // A writer killed anywhere in a set commit leaves the old set or (once repaired by the
    // next writer) the new one, never a mix.
    void filesAreCommittedAsASet_data() {
        QTest::addColumn<int>("renames_before_death");
        for (int k = 0; k <= 4; ++k) QTest::addRow("killed after %d renames", k) << k;
        QTest::addRow("killed before the journal") << -1;
    }
    void filesAreCommittedAsASet() {
        QFETCH(int, renames_before_death);
        const fs::path out = tmp_ / "set";
        fs::create_directories(out);
        auto write_set = [&](const std::string& tag, int die_after) {
            std::vector<std::unique_ptr<AtomicFile>> files;
            std::vector<AtomicFile*> set;
            for (const auto& n : kSet) {
                files.push_back(std::make_unique<AtomicFile>(out / n));
                files.back()->write(tag + " " + n + "\n");
                set.push_back(files.back().get());
            }
            if (die_after < 0) ::_exit(0);  // the files written, nothing committed
            return flocculus::commit_file_set(out, set, [die_after](std::size_t done) {
                if (static_cast<int>(done) == die_after) ::_exit(0);
            });
        };
        QCOMPARE(QString::fromStdString(write_set("old", 99)), QString());
        const pid_t child = ::fork();
        if (child == 0) {
            write_set("new", renames_before_death == 0 ? 99 : renames_before_death);
            ::_exit(renames_before_death == 0 ? 0 : 1);
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        QCOMPARE(QString::fromStdString(flocculus::recover_output_dir(out)), QString());
        int olds = 0, news = 0;
        for (const auto& n : kSet) {
            const std::string text = read(out / n);
            olds += text == "old " + n + "\n";
            news += text == "new " + n + "\n";
        }
        QVERIFY(hidden_leftovers(out).empty());
        if (renames_before_death < 0) {
            QCOMPARE(olds, 4);
        } else {
            QCOMPARE(news, 4);
        }
    }

    void messagesStayOneLineWhenTheyQuoteALineBreak() {
        for (const auto& args : std::vector<std::vector<std::string>>{
                 {"run", "--protocol", "step\nramp"},
                 {"run", "--protocol", "step-ramp", "--set", "pf.ltd\n_rate=1"},
                 {"run", "--protocol", "step-ramp", "--lesion", "io:0.5\r\n"}}) {
            const auto r = cli(args);
            QCOMPARE(r.code, 2);
            QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), 1);
            QVERIFY2(r.err.find("\\n") != std::string::npos, r.err.c_str());
        }
    }

    void aFailedWriteNamesTheFileAndTheReason() {
        const fs::path out = tmp_ / "out";
        QCOMPARE(cli(small_run(out, 1, 1)).code, 0);
        const auto old_set = files_of(out);
        // Files may not grow beyond 150 kB (as on a full disk, writes fail; the reason given
        // is "File too large" rather than "No space left on device").
        rlimit before{};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &before), 0);
        rlimit small = before;
        small.rlim_cur = 150 * 1024;
        const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
        const auto r = cli(small_run(out, 20, 2));
        ::setrlimit(RLIMIT_FSIZE, &before);
        std::signal(SIGXFSZ, old_handler);
        QCOMPARE(r.code, 1);
        QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), 1);
        const std::string expected = "flocculus-cli: cannot write " + (out / "purkinje_spikes.csv").string() +
                                     ": File too large; nothing written (the files in " +
                                     out.string() + " are unchanged)\n";
        QCOMPARE(QString::fromStdString(r.err), QString::fromStdString(expected));
        QVERIFY(hidden_leftovers(out).empty());
        QVERIFY(files_of(out) == old_set);
    }
};

QTEST_GUILESS_MAIN(TestCliFiles)
#include "test_cli_files.moc"
