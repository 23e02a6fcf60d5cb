// SPDX-License-Identifier: GPL-3.0-or-later
// flocculus-cli and the VOR protocols: the dark-probe column and summary keys, and bad
// VOR input refused with a one-line message naming the range before anything is written.
#include <algorithm>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli_test_util.hpp"

namespace fs = std::filesystem;

namespace {
using flocculus::test::cli;
using flocculus::test::read;

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream l(line);
        while (std::getline(l, cell, ',')) cells.push_back(cell);
        if (!line.empty() && line.back() == ',') cells.emplace_back();
        rows.push_back(cells);
    }
    return rows;
}
}  // namespace

class TestCliVor : public QObject {
    Q_OBJECT
    fs::path tmp_;
  private slots:
    void init() {
        tmp_ = fs::temp_directory_path() / ("flocculus-cli-vor-" + std::to_string(::getpid()));
        fs::remove_all(tmp_);
        fs::create_directories(tmp_);
    }
    void cleanup() { fs::remove_all(tmp_); }

    void listsTheVorProtocolsAndParameters() {
        const auto protocols = cli({"list", "protocols"}).out;
        QVERIFY(protocols.find("vor-gain-up") != std::string::npos);
        QVERIFY(protocols.find("vor-gain-down") != std::string::npos);
        const auto params = cli({"list", "params"}).out;
        for (const char* name :
             {"task.head_freq_hz", "task.head_velocity_deg_s", "task.lens_gain",
              "task.test_freq_hz", "task.vor_light", "eye.vestibular_gain", "mf.vestibular_gain_hz_per_deg_s"})
            QVERIFY2(params.find(name) != std::string::npos, name);
    }

    void darkProbesFillTheGainColumnAndTheSummary() {
        const fs::path out = tmp_ / "vor";
        const auto r = cli({"run", "--protocol", "vor-gain-up", "--trials", "5", "--quiet", "--set",
                            "network.granule_cells=5000", "--set", "task.probe_every=2", "--out",
                            out.string()});
        QCOMPARE(r.code, 0);
        const auto rows = csv_rows(read(out / "trials.csv"));
        QCOMPARE(rows.size(), std::size_t{6});
        const auto at = std::find(rows[0].begin(), rows[0].end(), std::string("vor_gain_dark"));
        QVERIFY(at != rows[0].end());
        const auto col = static_cast<std::size_t>(at - rows[0].begin());
        // Probes: the first, every second training trial, the last: trials 1, 3 and 5.
        for (std::size_t i = 1; i < rows.size(); ++i) {
            QCOMPARE(rows[i].size(), rows[0].size());
            const bool probe = i % 2 == 1;
            QCOMPARE(rows[i][col].empty(), !probe);
            if (probe) {
                const double g = std::stod(rows[i][col]);
                QVERIFY2(g > 0.7 && g < 1.3, rows[i][col].c_str());
            }
        }
        QCOMPARE(rows[1][1], std::string("baseline"));
        const auto j = nlohmann::json::parse(read(out / "summary.json"));
        for (const char* k : {"vor_gain_before", "vor_gain_after", "vor_gain_change"})
            QVERIFY2(j.contains(k) && j[k].is_number(), k);
        QVERIFY(std::abs(j["vor_gain_before"].get<double>() - std::stod(rows[1][col])) < 1e-4);
        QVERIFY(std::abs(j["vor_gain_change"].get<double>() -
                         (j["vor_gain_after"].get<double>() - j["vor_gain_before"].get<double>())) <
                1e-9);
        QCOMPARE(j["parameters"]["task.lens_gain"].get<double>(), 2.0);
        // Pursuit runs have no VOR keys, and an empty column.
        const fs::path ramp = tmp_ / "ramp";
        QCOMPARE(cli({"run", "--protocol", "step-ramp", "--trials", "1", "--quiet", "--set",
                      "network.granule_cells=5000", "--out", ramp.string()})
                     .code,
                 0);
        QVERIFY(!nlohmann::json::parse(read(ramp / "summary.json")).contains("vor_gain_change"));
        const auto ramp_rows = csv_rows(read(ramp / "trials.csv"));
        QVERIFY(ramp_rows[1].back().empty());
    }

    // Training in the dark is chosen on the command line and recorded with the run (that it
    // does not adapt is a signature: tests/core/test_signatures_vor.cpp).
    void trainingInTheDarkIsChosenOnTheCommandLine() {
        const fs::path out = tmp_ / "dark";
        const auto r = cli({"run", "--protocol", "vor-gain-up", "--trials", "3", "--seed", "1",
                            "--quiet", "--set", "network.granule_cells=2000", "--set",
                            "task.vor_light=dark", "--out", out.string()});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(read(out / "summary.json"));
        QCOMPARE(j["parameters"]["task.vor_light"].get<std::string>(), std::string("dark"));
        QVERIFY(j.contains("vor_gain_change"));
    }

    void badVorInputIsRefusedAndNothingIsWritten_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("lens zero") << QStringList{"--set", "task.lens_gain=0"} << "[0.1, 10]";
        QTest::newRow("lens negative") << QStringList{"--set", "task.lens_gain=-2"} << "[0.1, 10]";
        QTest::newRow("head frequency high")
            << QStringList{"--set", "task.head_freq_hz=50"} << "[0.1, 10] Hz";
        QTest::newRow("head frequency zero")
            << QStringList{"--set", "task.head_freq_hz=0"} << "[0.1, 10] Hz";
        QTest::newRow("test frequency high")
            << QStringList{"--set", "task.test_freq_hz=11"} << "[0, 10] Hz";
        QTest::newRow("test frequency too low")
            << QStringList{"--set", "task.test_freq_hz=0.01"} << "[0.1, 10] Hz";
        QTest::newRow("head velocity")
            << QStringList{"--set", "task.head_velocity_deg_s=0"} << "[1, 150] deg/s";
        QTest::newRow("light neither light nor dark")
            << QStringList{"--set", "task.vor_light=dim"} << "{light, dark}";
        QTest::newRow("too few trials") << QStringList{"--trials", "2"} << "at least 3";
    }
    void badVorInputIsRefusedAndNothingIsWritten() {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        std::vector<std::string> extra;
        for (const auto& s : args) extra.push_back(s.toStdString());
        const std::string problem = flocculus::test::refusal_problem("vor-gain-down", extra, mentions.toStdString(), tmp_ / "bad");
        QVERIFY2(problem.empty(), problem.c_str());
    }
};

QTEST_APPLESS_MAIN(TestCliVor)
#include "test_cli_vor.moc"
