// SPDX-License-Identifier: GPL-3.0-or-later
// Sweeps (DESIGN §4.1) in-process: the jobs.tsv parser on good and bad text, `sweep` writing
// a folder, `run --jobs` and `collect`, and bad input refused with one line, nothing written.
#include <QtTest>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.hpp"
#include "cli_test_util.hpp"
#include "sweep/jobs.hpp"

namespace fs = std::filesystem;
using namespace flocculus;

namespace {
using flocculus::test::read;
using flocculus::test::write;
flocculus::test::CliResult run_cli(std::vector<std::string> args) {
    return flocculus::test::cli(std::move(args));
}
std::string error_of(std::string_view text) {
    auto r = sweep::parse_jobs(text);
    auto* e = std::get_if<std::string>(&r);
    return e ? *e : std::string();
}
const std::string kGood =
    "#flocculus-sweep\t1\n#options\t--protocol\tstep-ramp\t--trials\t1\n"
    "index\tseed\tpf.ltd_rate\teye.visual_delay_ms\n"
    "0\t1\t0.001\t80\n1\t2\t0.002\t120\n";
}  // namespace

class TestSweep : public QObject {
    Q_OBJECT
    fs::path tmp_;
  private slots:
    void init() {
        tmp_ = fs::temp_directory_path() / ("flocculus-sweep-test-" + std::to_string(::getpid()));
        fs::remove_all(tmp_);
        fs::create_directories(tmp_);
        ::setenv("FLOCCULUS_CLI", "/usr/bin/false", 1);  // written into the scripts only
    }
    void cleanup() { fs::remove_all(tmp_); }

    void parsesAGoodFile() {
        auto r = sweep::parse_jobs(kGood);
        QVERIFY(std::holds_alternative<sweep::JobsFile>(r));
        const auto& f = std::get<sweep::JobsFile>(r);
        QCOMPARE(f.grid.size(), std::size_t{2});
        QCOMPARE(f.jobs.size(), std::size_t{2});
        QCOMPARE(f.jobs[1].seed, std::uint64_t{2});
        QCOMPARE(f.jobs[1].values[1], std::string("120"));
        QCOMPARE(sweep::format_jobs(f), kGood);  // written back byte for byte
        const auto args = sweep::job_arguments(f, f.jobs[1]);
        const std::vector<std::string> expected = {"--protocol", "step-ramp",
                                                   "--trials",   "1",
                                                   "--set",      "pf.ltd_rate=0.002",
                                                   "--set",      "eye.visual_delay_ms=120",
                                                   "--seed",     "2"};
        QCOMPARE(args, expected);
        QCOMPARE(sweep::job_name(f, f.jobs[0]),
                 std::string("job 0 (pf.ltd_rate=0.001, eye.visual_delay_ms=80, seed 1)"));
    }

    void refusesBadText_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("mentions");
        const QString head =
            "#flocculus-sweep\t1\n#options\t--protocol\tstep-ramp\nindex\tseed\tpf.ltd_rate\n";
        QTest::newRow("empty") << ""
                               << "empty";
        QTest::newRow("no newline at end") << head + "0\t1\t0.001"
                                           << "newline";
        QTest::newRow("not a sweep") << "hello\n"
                                     << "not a flocculus sweep";
        QTest::newRow("other version") << "#flocculus-sweep\t2\n#options\nindex\tseed\n0\t1\n"
                                       << "format version 2";
        QTest::newRow("no jobs") << head << "no jobs";
        QTest::newRow("unknown grid parameter")
            << "#flocculus-sweep\t1\n#options\nindex\tseed\tpf.nonsense\n0\t1\t1\n"
            << "pf.nonsense";
        QTest::newRow("repeated grid parameter")
            << "#flocculus-sweep\t1\n#options\nindex\tseed\tpf.ltd_rate\tpf.ltd_rate\n0\t1\t1\t1\n"
            << "twice";
        QTest::newRow("out of range") << head + "0\t1\t7\n"
                                      << "[0, 1]";
        QTest::newRow("not a number") << head + "0\t1\tabc\n"
                                      << "pf.ltd_rate";
        QTest::newRow("too few fields") << head + "0\t1\n"
                                        << "line 4: malformed";
        QTest::newRow("too many fields") << head + "0\t1\t0.1\t3\n"
                                         << "line 4: malformed";
        QTest::newRow("index out of order") << head + "1\t1\t0.1\n"
                                            << "expected 0";
        QTest::newRow("negative seed") << head + "0\t-1\t0.1\n"
                                       << "seed";
        QTest::newRow("empty value") << head + "0\t1\t\n"
                                     << "empty value";
        QTest::newRow("empty line") << head + "0\t1\t0.1\n\n"
                                    << "line 5: malformed";
        QTest::newRow("bad header") << "#flocculus-sweep\t1\n#options\nseed\tindex\n0\t1\n"
                                    << "header";
        QTest::newRow("no options line") << "#flocculus-sweep\t1\nindex\tseed\n0\t1\n"
                                         << "#options";
        QTest::newRow("control character")
            << "#flocculus-sweep\t1\n#options\t--a\x01\nindex\tseed\n0\t1\n"
            << "unprintable";
    }
    void refusesBadText() {
        QFETCH(QString, text);
        QFETCH(QString, mentions);
        const std::string e = error_of(text.toStdString());
        QVERIFY2(!e.empty(), "accepted");
        QVERIFY2(e.find(mentions.toStdString()) != std::string::npos, e.c_str());
        QVERIFY2(e.find('\n') == std::string::npos, e.c_str());
    }

    void refusesTooLargeText() {
        const std::string big(sweep::kMaxJobsBytes + 1, '#');
        QVERIFY(error_of(big).find("larger than") != std::string::npos);
    }

    void sweepRunCollect() {
        const fs::path dir = tmp_ / "s";
        auto r = run_cli({"sweep", "--protocol", "step-ramp", "--trials", "1", "--set",
                          "network.granule_cells=2000", "--grid", "eye.visual_delay_ms=80,120",
                          "--seeds", "3-4", "--out", dir.string()});
        QVERIFY2(r.code == 0, r.err.c_str());
        for (const char* f : {"jobs.tsv", "run-parallel.sh", "sweep.sbatch"})
            QVERIFY(fs::exists(dir / f));
        QVERIFY(read(dir / "sweep.sbatch").find("#SBATCH --array=0-3\n") != std::string::npos);
        QVERIFY(read(dir / "run-parallel.sh").find("seq 0 3 | parallel") != std::string::npos);
        QVERIFY(!fs::exists(dir / "runs" / "0"));  // runs nothing
        // The same sweep again is accepted (nothing changes); another one is refused.
        const std::string jobs = read(dir / "jobs.tsv");
        QCOMPARE(run_cli({"sweep", "--protocol", "step-ramp", "--trials", "1", "--set",
                          "network.granule_cells=2000", "--grid", "eye.visual_delay_ms=80,120",
                          "--seeds", "3-4", "--out", dir.string()})
                     .code,
                 0);
        r = run_cli({"sweep", "--protocol", "step-ramp", "--grid", "eye.visual_delay_ms=90",
                     "--seeds", "1", "--out", dir.string()});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.find("another sweep") != std::string::npos);
        QCOMPARE(read(dir / "jobs.tsv"), jobs);

        // Run two of the four jobs; collect names the others as missing.
        for (const char* k : {"0", "3"}) {
            r = run_cli({"run", "--jobs", (dir / "jobs.tsv").string(), "--index", k, "--quiet"});
            QVERIFY2(r.code == 0, r.err.c_str());
        }
        QVERIFY(fs::exists(dir / "runs" / "3" / "summary.json"));
        r = run_cli({"run", "--jobs", (dir / "jobs.tsv").string(), "--index", "3"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.err.find("already finished") != std::string::npos);
        r = run_cli({"collect", dir.string()});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.find("missing: job 1 (eye.visual_delay_ms=80, seed 4)\n") !=
                std::string::npos);
        QVERIFY(r.err.find("missing: job 2 (eye.visual_delay_ms=120, seed 3)\n") !=
                std::string::npos);
        const std::string csv = read(dir / "sweep.csv");
        QVERIFY(csv.rfind("index,eye.visual_delay_ms,seed,lesions,protocol,trials,latency_ms,",
                          0) == 0);
        QVERIFY(csv.find("\n0,80,3,,step-ramp,1,") != std::string::npos);
        QVERIFY(csv.find("\n1,80,4,") != std::string::npos);
        QVERIFY(csv.find(",missing\n") != std::string::npos);
        QVERIFY(csv.find(",ok\n") != std::string::npos);
        // A job with the same values as a plain run gives the same output_hash.
        const fs::path plain = tmp_ / "plain";
        QCOMPARE(run_cli({"run", "--protocol", "step-ramp", "--trials", "1", "--quiet", "--set",
                          "network.granule_cells=2000", "--set", "eye.visual_delay_ms=120",
                          "--seed", "4", "--out", plain.string()})
                     .code,
                 0);
        auto hash = [&](const fs::path& d) {
            const std::string j = read(d / "summary.json");
            return j.substr(j.find("\"output_hash\""), 40);
        };
        QCOMPARE(hash(dir / "runs" / "3"), hash(plain));
    }

    void badSweepInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        const QStringList base = {"sweep", "--protocol", "step-ramp", "--seeds", "1-2"};
        QTest::newRow("unknown grid parameter")
            << base + QStringList{"--grid", "pf.nonsense=1,2"} << "pf.nonsense";
        QTest::newRow("out of range")
            << base + QStringList{"--grid", "sim.dt_ms=0.5,5"} << "[0.1, 1]";
        QTest::newRow("empty grid") << base + QStringList{"--grid", "sim.dt_ms="} << "empty grid";
        QTest::newRow("no grid") << base << "empty grid";
        QTest::newRow("empty value")
            << base + QStringList{"--grid", "sim.dt_ms=0.5,,1"} << "empty value";
        QTest::newRow("repeated value")
            << base + QStringList{"--grid", "sim.dt_ms=0.5,0.5"} << "twice";
        QTest::newRow("no seeds") << QStringList{"sweep", "--protocol", "step-ramp", "--grid",
                                                 "sim.dt_ms=1"}
                                  << "--seeds";
        QTest::newRow("bad seeds")
            << QStringList{"sweep",       "--protocol", "step-ramp", "--grid",
                           "sim.dt_ms=1", "--seeds",    "5-2"}
            << "A <= B";
        QTest::newRow("bad run option")
            << base + QStringList{"--grid", "sim.dt_ms=1", "--trials", "0"} << "--trials";
        QTest::newRow("unknown protocol")
            << QStringList{"sweep", "--protocol", "nope", "--grid", "sim.dt_ms=1", "--seeds", "1"}
            << "unknown protocol";
        QTest::newRow("seed option")
            << base + QStringList{"--grid", "sim.dt_ms=1", "--seed", "3"} << "--seeds A-B";
        QTest::newRow("set of a grid parameter")
            << base + QStringList{"--grid", "sim.dt_ms=1", "--set", "sim.dt_ms=0.5"} << "conflicts";
        QTest::newRow("too many jobs")
            << QStringList{"sweep",           "--protocol", "step-ramp", "--grid",
                           "sim.dt_ms=0.5,1", "--seeds",    "0-99999"}
            << "more than";
    }
    void badSweepInput() {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        std::vector<std::string> a;
        for (const auto& s : args) a.push_back(s.toStdString());
        const fs::path dir = tmp_ / "bad";
        a.insert(a.end(), {"--out", dir.string()});
        const auto r = run_cli(a);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.find(mentions.toStdString()) != std::string::npos, r.err.c_str());
        QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), 1L);
        QVERIFY(!fs::exists(dir));
    }

    void badJobsInput() {
        const fs::path dir = tmp_ / "j";
        QCOMPARE(run_cli({"sweep", "--protocol", "step-ramp", "--trials", "1", "--grid",
                          "eye.visual_delay_ms=80", "--seeds", "1", "--out", dir.string()})
                     .code,
                 0);
        const std::string jobs = (dir / "jobs.tsv").string();
        auto refused = [&](std::vector<std::string> args, const std::string& mentions) {
            const auto r = run_cli(args);
            if (r.code != 2 || r.err.find(mentions) == std::string::npos ||
                std::count(r.err.begin(), r.err.end(), '\n') != 1)
                qFatal("expected a one-line error with '%s', got %d: %s", mentions.c_str(), r.code,
                       r.err.c_str());
        };
        refused({"run", "--jobs", jobs, "--index", "1"}, "out of range: ");
        refused({"run", "--jobs", jobs, "--index", "-1"}, "0 to 0");
        refused({"run", "--jobs", jobs, "--index", "x"}, "out of range");
        refused({"run", "--jobs", jobs}, "needs --index");
        refused({"run", "--jobs", jobs, "--index", "0", "--seed", "3"}, "only --index");
        refused({"run", "--jobs", dir.string(), "--index", "0"}, "not a regular file");
        refused({"run", "--jobs", (tmp_ / "none.tsv").string(), "--index", "0"}, "does not exist");
        refused({"collect", (tmp_ / "none").string()}, "does not exist");
        refused({"collect"}, "one sweep folder");
        // A sweep folder of another version.
        std::string text = read(dir / "jobs.tsv");
        write(dir / "jobs.tsv", "#flocculus-sweep\t9" + text.substr(text.find('\n')));
        refused({"run", "--jobs", jobs, "--index", "0"}, "format version 9");
        refused({"collect", dir.string()}, "format version 9");
        QVERIFY(!fs::exists(dir / "runs" / "0"));
        QVERIFY(!fs::exists(dir / "sweep.csv"));
        // Options that fail only when the job runs: the job is reported as failed, with why.
        write(dir / "jobs.tsv",
              "#flocculus-sweep\t1\n#options\t--protocol\tstep-ramp\t--trials\t0\n" +
                  text.substr(text.find("index\t")));
        auto r = run_cli({"run", "--jobs", jobs, "--index", "0"});
        QCOMPARE(r.code, 2);
        QVERIFY(!fs::exists(dir / "runs" / "0" / "summary.json"));
        r = run_cli({"collect", dir.string()});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err ==
                     "failed: job 0 (eye.visual_delay_ms=80, seed 1): flocculus-cli: --trials must "
                     "be a whole number in [1, 100000], got '0'\n",
                 r.err.c_str());
        QVERIFY(read(dir / "sweep.csv").find(",failed\n") != std::string::npos);
        fs::remove_all(dir / "runs" / "0");
        fs::remove(dir / "sweep.csv");
        // A malformed line.
        write(dir / "jobs.tsv", text + "1\t1\n");
        refused({"run", "--jobs", jobs, "--index", "0"}, "line 5: malformed");
        QVERIFY(!fs::exists(dir / "runs" / "0"));
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "test_sweep.moc"
