// SPDX-License-Identifier: GPL-3.0-or-later
// The sweep view: a real sweep folder (2 values x 2 seeds, tiny runs, one missing) opened,
// a measure plotted against a grid parameter with the mean and SD over seeds, exported.
#include <QtTest>

#include <qcustomplot.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.hpp"
#include "exporter.hpp"
#include "sweep_panel.hpp"

namespace fs = std::filesystem;
using namespace flocculus;

namespace {
int run_cli(std::vector<std::string> args) {
    std::ostringstream o, e;
    const int code = flocculus::cli::run(args, o, e);
    if (code != 0 && code != 1) qWarning("%s", e.str().c_str());
    return code;
}
double summary_value(const fs::path& file, const std::string& key) {
    std::ifstream f(file);
    const std::string s{std::istreambuf_iterator<char>(f), {}};
    const auto at = s.find("\"" + key + "\": ");
    return std::stod(s.substr(at + key.size() + 4));
}
}  // namespace

class TestSweepPanel : public QObject {
    Q_OBJECT
    fs::path dir_;
  private slots:
    void initTestCase() {
        dir_ = fs::temp_directory_path() / ("flocculus-sweep-panel-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        ::setenv("FLOCCULUS_CLI", "/usr/bin/false", 1);
        QCOMPARE(run_cli({"sweep", "--protocol", "step-ramp", "--trials", "1", "--set",
                          "network.granule_cells=2000", "--grid", "eye.visual_delay_ms=60,140",
                          "--grid", "task.instruction_direction=up,down", "--seeds", "1-2", "--out",
                          dir_.string()}),
                 0);
        // Every job but the last (eye.visual_delay_ms=140, down, seed 2).
        for (int k = 0; k < 7; ++k)
            QCOMPARE(run_cli({"run", "--jobs", (dir_ / "jobs.tsv").string(), "--index",
                              std::to_string(k), "--quiet", "--threads", "1"}),
                     0);
    }
    void cleanupTestCase() { fs::remove_all(dir_); }

    void plotsMeanAndSpreadOverSeeds() {
        ui::SweepPanel panel;
        panel.resize(820, 600);
        QCOMPARE(panel.open(QString::fromStdString(dir_.string())), QString());
        QCOMPARE(panel.parameters(),
                 QStringList({"eye.visual_delay_ms", "task.instruction_direction"}));
        QVERIFY(panel.measures().contains("latency_ms"));
        QVERIFY(panel.measures().contains("steady_state_gain"));
        QVERIFY(!panel.measures().contains("output_hash"));
        QVERIFY(panel.status_text().contains("7 of 8 runs finished; 1 missing"));

        panel.set_measure("steady_state_gain");
        panel.set_parameter("eye.visual_delay_ms");
        const ui::PlotTable t = panel.export_table();
        QCOMPARE(t.columns, QStringList({"eye.visual_delay_ms", "other_grid", "seeds",
                                         "steady_state_gain_mean", "steady_state_gain_sd"}));
        QCOMPARE(t.rows.size(), std::size_t{4});  // 2 delays x 2 directions
        // Delay 60, direction up: jobs 0 and 1 (seeds 1 and 2).
        QCOMPARE(t.rows[0][0], QString("60"));
        QCOMPARE(t.rows[0][1], QString("task.instruction_direction=up"));
        QCOMPARE(t.rows[0][2], QString("2"));
        const double a = summary_value(dir_ / "runs/0/summary.json", "steady_state_gain");
        const double b = summary_value(dir_ / "runs/1/summary.json", "steady_state_gain");
        QVERIFY(std::fabs(t.rows[0][3].toDouble() - (a + b) / 2) < 1e-6);
        QVERIFY(std::fabs(t.rows[0][4].toDouble() - std::fabs(a - b) / std::sqrt(2.0)) < 1e-6);
        // Delay 140, down: one seed left.
        QCOMPARE(t.rows[3][1], QString("task.instruction_direction=down"));
        QCOMPARE(t.rows[3][2], QString("1"));
        // Two lines (one per direction), each with its points, error bars and seed dots.
        QCOMPARE(panel.plot()->graphCount(), 4);
        QCOMPARE(panel.plot()->graph(0)->dataCount(), 2);
        QCOMPARE(panel.plot()->graph(1)->dataCount(), 4);
        QCOMPARE(panel.plot()->xAxis->label(), QString("eye.visual_delay_ms"));

        // A label parameter on x.
        panel.set_parameter("task.instruction_direction");
        QCOMPARE(panel.export_table().rows.size(), std::size_t{4});
        QCOMPARE(panel.export_table().rows[0][0], QString("up"));
        QCOMPARE(panel.export_table().rows[0][1], QString("eye.visual_delay_ms=60"));

        // Exportable like every plot.
        panel.set_parameter("eye.visual_delay_ms");
        panel.set_measure("latency_ms");
        const QString png = QString::fromStdString((dir_ / "sweep.png").string());
        const QString csv = QString::fromStdString((dir_ / "sweep-plot.csv").string());
        QCOMPARE(ui::export_plot(panel, png, ui::ExportFormat::Png), QString());
        QCOMPARE(ui::export_plot(panel, csv, ui::ExportFormat::Csv), QString());
        QVERIFY(QImage(png).width() > 800);
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readLine().startsWith(
            "eye.visual_delay_ms,other_grid,seeds,latency_ms_mean,latency_ms_sd"));
        if (const char* shot = std::getenv("FLOCCULUS_SWEEP_SCREENSHOT")) panel.grab().save(shot);
    }

    void refusesAFolderThatIsNotASweep() {
        ui::SweepPanel panel;
        const QString e = panel.open(QString::fromStdString((dir_ / "runs").string()));
        QVERIFY(e.contains("jobs.tsv does not exist"));
        QVERIFY(!e.contains('\n'));
        QCOMPARE(panel.folder(), QString());
    }
};

QTEST_MAIN(TestSweepPanel)
#include "test_sweep_panel.moc"
