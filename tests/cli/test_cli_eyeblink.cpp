// SPDX-License-Identifier: GPL-3.0-or-later
// flocculus-cli with the eyeblink protocols: the trials.csv columns and summary keys of
// DESIGN §4.1, and bad input refused with one line before anything is written.
#include <QtTest>

#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_test_util.hpp"

namespace fs = std::filesystem;
using flocculus::test::cli;
using flocculus::test::read;

namespace {
std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> v;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, sep)) v.push_back(cell);
    if (!line.empty() && line.back() == sep) v.emplace_back();
    return v;
}
const std::vector<std::string> kSmall = {"--set", "network.granule_cells=2000", "--set",
                                         "eb.granule_cells=300", "--quiet"};
}  // namespace

class TestCliEyeblink : public QObject {
    Q_OBJECT
    fs::path tmp_;

  private slots:
    void init() {
        tmp_ =
            fs::temp_directory_path() / ("flocculus-eyeblink-test-" + std::to_string(::getpid()));
        fs::remove_all(tmp_);
        fs::create_directories(tmp_);
    }
    void cleanup() { fs::remove_all(tmp_); }

    void columnsAndSummaryKeys() {
        const fs::path out = tmp_ / "run";
        std::vector<std::string> a{"run",   "--protocol",         "eyeblink", "--trials",  "12",
                                   "--set", "task.probe_every=4", "--out",    out.string()};
        a.insert(a.end(), kSmall.begin(), kSmall.end());
        const auto r = cli(a);
        QVERIFY2(r.code == 0, r.err.c_str());
        std::istringstream trials(read(out / "trials.csv"));
        std::string line;
        std::getline(trials, line);
        const auto head = split(line, ',');
        const std::vector<std::string> tail(head.end() - 5, head.end());
        QCOMPARE(tail, (std::vector<std::string>{"cs_alone", "cr", "cr_onset_ms", "cr_peak_ms",
                                                 "eyelid_peak"}));
        int rows = 0;
        while (std::getline(trials, line)) {
            const auto c = split(line, ',');
            QCOMPARE(c.size(), head.size());
            ++rows;
            const std::size_t n = c.size();
            QCOMPARE(c[n - 5], std::string(rows % 4 == 0 ? "1" : "0"));  // probes every 4th
            QVERIFY(c[n - 4] == "0" || c[n - 4] == "1");
            // Onset and peak are given exactly when there is a CR.
            QCOMPARE(c[n - 3].empty(), c[n - 4] == "0");
            QCOMPARE(c[n - 2].empty(), c[n - 4] == "0");
            QVERIFY(!c[n - 1].empty());
            QCOMPARE(c[1], std::string("acquire"));
        }
        QCOMPARE(rows, 12);
        const auto s = nlohmann::json::parse(read(out / "summary.json"));
        for (const char* k : {"cr_rate_first_block", "cr_rate_last_block", "cr_peak_ms_last_block",
                              "cr_onset_ms_last_block"})
            QVERIFY2(s.contains(k), k);
        QVERIFY(!s.contains("eyeblink_savings_ratio"));
        QCOMPARE(s["parameters"]["task.isi_ms"].get<double>(), 250.0);

        // Same seed, same bytes; the eyelid enters the hash.
        const fs::path again = tmp_ / "again";
        a[a.size() - kSmall.size() - 1] = again.string();
        QVERIFY(cli(a).code == 0);
        QCOMPARE(read(again / "trials.csv"), read(out / "trials.csv"));
        QCOMPARE(nlohmann::json::parse(read(again / "summary.json"))["output_hash"],
                 s["output_hash"]);
    }

    void extinctionPhasesAndKeys() {
        const fs::path out = tmp_ / "ext";
        std::vector<std::string> a{"run",
                                   "--protocol",
                                   "eyeblink-extinction",
                                   "--set",
                                   "task.acquire_trials=3",
                                   "--set",
                                   "task.extinction_trials=2",
                                   "--out",
                                   out.string()};
        a.insert(a.end(), kSmall.begin(), kSmall.end());
        const auto r = cli(a);
        QVERIFY2(r.code == 0, r.err.c_str());
        const std::string t = read(out / "trials.csv");
        QVERIFY(t.find(",extinction,") != std::string::npos);
        QVERIFY(t.find(",reacquire,") != std::string::npos);
        const auto s = nlohmann::json::parse(read(out / "summary.json"));
        QVERIFY(s.contains("cr_rate_extinction_last_block"));
        QVERIFY(s.contains("eyeblink_savings_ratio"));
    }

    void badInputIsRefused_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("isi too short") << QStringList{"--set", "task.isi_ms=50"} << "[100, 1000]";
        QTest::newRow("isi too long") << QStringList{"--set", "task.isi_ms=1500"} << "[100, 1000]";
        QTest::newRow("threshold negative") << QStringList{"--set", "task.cr_threshold=-0.2"}
                                            << "task.cr_threshold must be in [0, 1]";
        QTest::newRow("no room for the puff")
            << QStringList{"--set", "task.isi_ms=1000", "--set", "task.iti_ms=100"}
            << "task.iti_ms";
        QTest::newRow("trials for extinction")
            << QStringList{"--protocol", "eyeblink-extinction", "--trials", "5"}
            << "task.extinction_trials";
    }
    void badInputIsRefused() {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        std::vector<std::string> extra;
        for (const auto& s : args) extra.push_back(s.toStdString());
        const std::string problem = flocculus::test::refusal_problem("eyeblink", extra, mentions.toStdString(), tmp_ / "bad");
        QVERIFY2(problem.empty(), problem.c_str());
    }
};

QTEST_GUILESS_MAIN(TestCliEyeblink)
#include "test_cli_eyeblink.moc"
