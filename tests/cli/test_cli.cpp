// SPDX-License-Identifier: GPL-3.0-or-later
// flocculus-cli in-process: listings, a run's output files, and bad input refused with a
// one-line message before anything is created.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.hpp"
#include "cli_test_util.hpp"

namespace fs = std::filesystem;

namespace {
using flocculus::test::cli;
using flocculus::test::read;
using flocculus::test::write;
std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }
}  // namespace

class TestCli : public QObject {
    Q_OBJECT
    fs::path tmp_;
private slots:
    void init() {
        tmp_ = fs::temp_directory_path() / ("flocculus-cli-test-" + std::to_string(::getpid()));
        fs::remove_all(tmp_);
        fs::create_directories(tmp_);
    }
    void cleanup() { fs::remove_all(tmp_); }

    void help() {
        const auto r = cli({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.find("flocculus-cli run --protocol") != std::string::npos);
    }

    void listParams() {
        const auto r = cli({"list", "params"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.find("eye.visual_delay_ms") != std::string::npos);
        QVERIFY(r.out.find("[0, 400] ms") != std::string::npos);
        QVERIFY(cli({"list", "protocols"}).out.find("direction-learning") != std::string::npos);
    }

    void runWritesTheOutputFiles() {
        const fs::path out = tmp_ / "run";
        const auto r = cli({"run", "--protocol", "step-ramp", "--trials", "3", "--quiet", "--lesion", "dcn",
                            "--set", "network.granule_cells=5000", "--out", out.string()});
        QCOMPARE(r.code, 0);
        for (const char* f : {"summary.json", "trials.csv", "purkinje_spikes.csv", "traces.csv"})
            QVERIFY2(fs::exists(out / f), f);
        // The columns of DESIGN §4 first; the tasks of §4.1 add theirs after them.
        QVERIFY(first_line(read(out / "trials.csv"))
                    .starts_with("trial,phase,instructed,learned_velocity_deg_s,latency_ms,gain,"
                                 "cs_rate_instr_hz,cs_rate_base_hz,ss_learned_hz,ss_late_hz"));
        QCOMPARE(first_line(read(out / "traces.csv")),
                 std::string("trial,t_ms,target_vx,target_vy,eye_vx,eye_vy"));
        QCOMPARE(first_line(read(out / "purkinje_spikes.csv")), std::string("trial,microzone,cell,t_ms,kind"));
        const std::string traces = read(out / "traces.csv");
        QCOMPARE(std::count(traces.begin(), traces.end(), '\n'), 1 + 3 * 1000L);
        const std::string json = read(out / "summary.json");
        for (const char* k : {"\"protocol\": \"step-ramp\"", "\"seed\": 1", "\"trials\": 3",
                              "\"parameters\"", "\"eye.visual_delay_ms\": 80", "\"latency_ms\": 102",
                              "\"lesions\": [\"dcn\"]",
                              "\"steady_state_gain\"", "\"output_hash\""})
            QVERIFY2(json.find(k) != std::string::npos, k);
        // Every key of the contract (DESIGN §4) is there.
        for (const char* k : {"protocol", "seed", "trials", "parameters", "lesions", "latency_ms",
                              "steady_state_gain", "learned_velocity_first5_deg_s",
                              "learned_velocity_last10_deg_s", "learned_velocity_peak_deg_s",
                              "learning_spearman_rho", "cs_ratio_first10", "cs_ratio_last10",
                              "ss_learned_first10_hz", "ss_learned_last10_hz", "ss_late_first10_hz",
                              "ss_late_last10_hz", "ss_after_cs_minus_no_cs_hz",
                              "oscillation_p2p_deg_s", "wall_s", "realtime_factor", "output_hash"}) {
            std::string key = "\"";
            key.append(k).append("\":");
            QVERIFY2(json.find(key) != std::string::npos, k);
        }
        // No temporary files are left behind.
        for (const auto& e : fs::directory_iterator(out)) QVERIFY(e.path().filename().string()[0] != '.');
    }

    void jsonGoesToStdout() {
        const auto r = cli({"run", "--protocol", "step-ramp", "--trials", "1", "--quiet", "--json",
                             "--set", "network.granule_cells=5000"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.rfind("{", 0) == 0);
        QVERIFY(r.out.find("\"realtime_factor\"") != std::string::npos);
    }

    void sameSeedSameBytes() {
        const fs::path a = tmp_ / "a", b = tmp_ / "b";
        const fs::path c = tmp_ / "c";
        auto go = [&](const fs::path& out, const char* seed) {
            return cli({"run", "--protocol", "direction-learning", "--trials", "2", "--quiet", "--seed", seed,
                        "--set", "network.granule_cells=5000", "--out", out.string()}).code;
        };
        QCOMPARE(go(a, "1"), 0);
        QCOMPARE(go(b, "1"), 0);
        QCOMPARE(go(c, "2"), 0);
        for (const char* f : {"trials.csv", "purkinje_spikes.csv", "traces.csv"})
            QVERIFY2(read(a / f) == read(b / f), f);
        auto hash = [&](const fs::path& d) {
            const std::string j = read(d / "summary.json");
            const auto k = j.find("\"output_hash\"");
            return j.substr(k, 40);
        };
        QCOMPARE(hash(a), hash(b));
        QVERIFY(read(a / "purkinje_spikes.csv") != read(c / "purkinje_spikes.csv"));
        QVERIFY(hash(a) != hash(c));
    }

    void threadCountChangesNoOutput() {
        // Large enough to be split into several chunks of granule cells and Purkinje cells.
        auto go = [&](const char* threads) {
            const fs::path out = tmp_ / (std::string("t") + threads);
            const auto r = cli({"run", "--protocol", "direction-learning", "--trials", "1", "--quiet",
                                "--threads", threads, "--set", "network.granule_cells=60000",
                                "--set", "network.purkinje_per_microzone=8", "--out", out.string()});
            if (r.code != 0) qFatal("%s", r.err.c_str());
            return out;
        };
        const fs::path one = go("1");
        for (const char* threads : {"2", "3"}) {
            const fs::path other = go(threads);
            for (const char* f : {"trials.csv", "purkinje_spikes.csv", "traces.csv"})
                QVERIFY2(read(one / f) == read(other / f), f);
            auto hash = [&](const fs::path& d) {
                const std::string j = read(d / "summary.json");
                return j.substr(j.find("\"output_hash\""), 40);
            };
            QCOMPARE(hash(other), hash(one));
        }
    }

    void badInputIsRefusedAndNothingIsWritten_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown parameter") << QStringList{"--set", "pf.nonsense=1"} << "pf.nonsense";
        QTest::newRow("out of range") << QStringList{"--set", "sim.dt_ms=5"} << "[0.1, 1]";
        QTest::newRow("nan") << QStringList{"--set", "eye.visual_delay_ms=nan"} << "eye.visual_delay_ms";
        QTest::newRow("not a number") << QStringList{"--set", "eye.visual_delay_ms=abc"} << "[0, 400]";
        QTest::newRow("no equals") << QStringList{"--set", "eye.visual_delay_ms"} << "name=value";
        QTest::newRow("trials not numeric") << QStringList{"--trials", "ten"} << "--trials";
        QTest::newRow("trials zero") << QStringList{"--trials", "0"} << "[1, 100000]";
        QTest::newRow("seed negative") << QStringList{"--seed", "-3"} << "--seed";
        QTest::newRow("threads zero") << QStringList{"--threads", "0"} << "--threads";
        QTest::newRow("unknown option") << QStringList{"--frobnicate"} << "--frobnicate";
        QTest::newRow("missing value") << QStringList{"--trials"} << "needs a value";
        QTest::newRow("unknown lesion") << QStringList{"--lesion", "cortex"} << "cortex";
        QTest::newRow("lesion fraction") << QStringList{"--lesion", "purkinje:1.5"} << "[0, 1]";
        QTest::newRow("inconsistent") << QStringList{"--set", "pf.w_init=2"} << "pf.w_max";
        QTest::newRow("lesion-at no trial") << QStringList{"--lesion-at", "purkinje"} << "K:NAME";
        QTest::newRow("lesion-at trial zero") << QStringList{"--lesion-at", "0:purkinje"} << ">= 1";
        QTest::newRow("lesion-at unknown") << QStringList{"--lesion-at", "3:cortex"} << "cortex";
        QTest::newRow("lesion-at fraction") << QStringList{"--lesion-at", "3:io:2"} << "[0, 1]";
        QTest::newRow("lesion-at past the end") << QStringList{"--trials", "5", "--lesion-at", "6:dcn"}
                                                << "[1, 5]";
    }
    void badInputIsRefusedAndNothingIsWritten() {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        std::vector<std::string> extra;
        for (const auto& s : args) extra.push_back(s.toStdString());
        const std::string problem = flocculus::test::refusal_problem("step-ramp", extra, mentions.toStdString(), tmp_ / "bad");
        QVERIFY2(problem.empty(), problem.c_str());
    }

    void lesionAtIsRecordedAndActs() {
        const fs::path out = tmp_ / "late";
        const auto r = cli({"run", "--protocol", "step-ramp", "--trials", "3", "--quiet", "--set",
                            "network.granule_cells=3000", "--lesion-at", "3:purkinje", "--out",
                            out.string()});
        QCOMPARE(r.code, 0);
        std::ifstream js(out / "summary.json");
        const std::string summary((std::istreambuf_iterator<char>(js)), {});
        QVERIFY2(summary.find("\"lesions_at\": [\"3:purkinje\"]") != std::string::npos, summary.c_str());
        // Simple spikes until trial 2, none from trial 3 on.
        std::ifstream sp(out / "purkinje_spikes.csv");
        std::string line;
        std::getline(sp, line);
        int per_trial[4] = {};
        while (std::getline(sp, line))
            if (line.find(",ss") != std::string::npos) ++per_trial[std::stoi(line)];
        QVERIFY(per_trial[1] > 1000 && per_trial[2] > 1000);
        QCOMPARE(per_trial[3], 0);
    }

    void unknownProtocolAndCommand() {
        auto r = cli({"run", "--protocol", "juggling"});
        QVERIFY(r.code != 0);
        QVERIFY(r.err.find("juggling") != std::string::npos);
        QVERIFY(r.err.find("step-ramp") != std::string::npos);
        r = cli({"fly"});
        QVERIFY(r.code != 0);
        QVERIFY(r.err.find("fly") != std::string::npos);
        QVERIFY(cli({"run"}).code != 0);
        QVERIFY(cli({"run", "--protocol", "washout", "--trials", "5"}).err.find("task.acquire_trials") != std::string::npos);
    }

    void benchReportsItsMeasures() {
        const auto r = cli({"bench", "--granule-cells", "5000", "--seconds", "0.2", "--json", "--profile"});
        QCOMPARE(r.code, 0);
        for (const char* k : {"\"realtime_factor\":", "\"ms_per_step\":", "\"gc_rate_hz\":",
                              "\"pc_rate_hz\":", "\"memory_mb\":", "\"profile_s\":", "\"granule_golgi\":",
                              "\"weight_map\":"})
            QVERIFY2(r.out.find(k) != std::string::npos, k);
        QVERIFY(r.out.rfind("{", 0) == 0);
    }

    void benchRefusesBadInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("purkinje not /4") << QStringList{"--purkinje-cells", "10"} << "multiple of 4";
        QTest::newRow("too few granule") << QStringList{"--granule-cells", "10"} << "[1000, 2000000]";
        QTest::newRow("seconds nan") << QStringList{"--seconds", "nan"} << "--seconds";
        QTest::newRow("threads 0") << QStringList{"--threads", "0"} << "[1, 256]";
        QTest::newRow("threads text") << QStringList{"--threads", "two"} << "--threads";
        QTest::newRow("unknown") << QStringList{"--fast"} << "--fast";
    }
    void benchRefusesBadInput() {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        std::vector<std::string> a{"bench"};
        for (const auto& s : args) a.push_back(s.toStdString());
        const auto r = cli(a);
        QVERIFY(r.code != 0);
        QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), 1L);
        QVERIFY2(r.err.find(mentions.toStdString()) != std::string::npos, r.err.c_str());
    }

    void outOnAnExistingFileIsRefused() {
        const fs::path f = tmp_ / "precious.txt";
        { std::ofstream(f) << "keep me\n"; }
        const auto r = cli({"run", "--protocol", "step-ramp", "--trials", "1", "--quiet", "--out", f.string()});
        QVERIFY(r.code != 0);
        QVERIFY(r.err.find("not a directory") != std::string::npos);
        QCOMPARE(read(f), std::string("keep me\n"));
    }

    void unrelatedFilesInTheOutputDirSurvive() {
        const fs::path out = tmp_ / "shared";
        fs::create_directories(out);
        { std::ofstream(out / "notes.txt") << "mine\n"; }
        QCOMPARE(cli({"run", "--protocol", "step-ramp", "--trials", "1", "--quiet", "--set",
                      "network.granule_cells=5000", "--out", out.string()}).code, 0);
        QCOMPARE(read(out / "notes.txt"), std::string("mine\n"));
    }
};

QTEST_APPLESS_MAIN(TestCli)
#include "test_cli.moc"
