// SPDX-License-Identifier: GPL-3.0-or-later
// Export: every registered plot writes a valid PNG, SVG, PDF and CSV; files are replaced
// atomically; the recording of a run is written in the command line's files, byte for byte
// what `flocculus-cli run --out` writes for the same trials; the status bar shows redraws
// per second and the speed.
#include <QtTest>

#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QStatusBar>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <memory>
#include <unistd.h>

#include "batch.hpp"
#include "exportable.hpp"
#include "exporter.hpp"
#include "file_helpers.hpp"
#include "main_window.hpp"
#include "params/registry.hpp"
#include "record/run_writer.hpp"
#include "scene_widget.hpp"
#include "window_menus.hpp"

using namespace flocculus;
using namespace flocculus::ui;
using flocculus::test::read_all;

namespace {

constexpr int kTimeoutMs = 30000;
constexpr std::size_t kTrials = 3;

RunConfig small_run() {
    RunConfig c;
    c.protocol = Protocol::DirectionLearning;
    c.trials = 8;
    c.seed = 5;
    if (set_parameter(c.params, "network.granule_cells", 5000.0)) qFatal("bad size");
    c.lesions[Lesion::NucleoOlivary] = 0.5;
    return c;
}

QList<QByteArray> lines(const QString& path) {
    QList<QByteArray> l = read_all(path).split('\n');
    if (!l.isEmpty() && l.back().isEmpty()) l.removeLast();
    return l;
}

// A plot registered after the window was built, as a later panel would.
class LatePlot : public Exportable {
public:
    explicit LatePlot(QWidget* w) : widget_(w) {}
    QString export_name() const override { return QStringLiteral("late"); }
    QString export_title() const override { return QStringLiteral("A later plot"); }
    QWidget* export_widget() const override { return widget_; }
    PlotTable export_table() const override {
        return {{QStringLiteral("a"), QStringLiteral("b, with comma")},
                {{QStringLiteral("1"), QStringLiteral("say \"hi\"")}}};
    }

private:
    QWidget* widget_;
};

}  // namespace

class TestExport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::unique_ptr<MainWindow> window_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
        window_ = std::make_unique<MainWindow>(small_run());
        window_->set_replace_asker(nullptr);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        MainWindow& w = *window_;
        w.runner()->set_speed(0);
        for (std::size_t i = 1; i <= kTrials; ++i) {
            w.runner()->step_trial();
            QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->trial_index == i && !w.snapshot()->playing,
                                     kTimeoutMs);
        }
        QTRY_VERIFY_WITH_TIMEOUT(w.shown_sequence() == w.snapshot()->sequence, kTimeoutMs);
    }
    void cleanupTestCase() { window_.reset(); }

    void everyPlotIsRegistered() {
        const auto& all = window_->exportables();
        // scene, velocity, 3 Purkinje, learning, weights, compared runs, circuit, and the
        // Clock tab's two (offered during the eyeblink protocols only)
        QCOMPARE(all.size(), std::size_t{11});
        int offered = 0;
        for (const Exportable* e : all) offered += window_->offers(e) ? 1 : 0;
        QCOMPARE(offered, 9);
        QStringList names;
        for (const Exportable* e : all) {
            QVERIFY(e->export_widget());
            QVERIFY(!names.contains(e->export_name()));
            names << e->export_name();
        }
        // Ctrl+E exports what belongs to the tab shown.
        QTabWidget* tabs = window_->tabs();
        tabs->setCurrentIndex(MainWindow::VelocityTab);
        QCOMPARE(window_->menus()->current_exportables().size(), std::size_t{1});
        QCOMPARE(window_->menus()->current_exportables().front()->export_name(), QStringLiteral("velocity"));
        tabs->setCurrentIndex(MainWindow::PurkinjeTab);
        QCOMPARE(window_->menus()->current_exportables().size(), std::size_t{3});
        tabs->setCurrentIndex(MainWindow::LearningTab);
        QCOMPARE(window_->menus()->current_exportables().front()->export_name(),
                 QStringLiteral("learning-curves"));
        bool shortcut = false;
        for (QAction* a : window_->menus()->export_menu()->actions())
            shortcut = shortcut || a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_E);
        QVERIFY(shortcut);
    }

    void everyPlotExportsEveryFormat() {
        for (Exportable* e : window_->exportables()) {
            if (!window_->offers(e)) continue;
            const QString stem = path(e->export_name());
            const QSize size = export_size(*e);
            QVERIFY(size.width() >= 100 && size.height() >= 100);

            const QString png = stem + QStringLiteral(".png");
            QCOMPARE(export_plot(*e, png, ExportFormat::Png), QString());
            const QImage image(png);
            QVERIFY2(!image.isNull(), qPrintable(png));
            QCOMPARE(image.size(), size * kPngScale);
            // Not a blank picture: some pixels differ from the first.
            bool varied = false;
            for (int y = 0; y < image.height() && !varied; y += 7)
                for (int x = 0; x < image.width() && !varied; x += 7)
                    varied = image.pixel(x, y) != image.pixel(0, 0);
            QVERIFY2(varied, qPrintable(png));

            const QString svg = stem + QStringLiteral(".svg");
            QCOMPARE(export_plot(*e, svg, ExportFormat::Svg), QString());
            QXmlStreamReader xml(read_all(svg));
            QString root;
            while (!xml.atEnd() && root.isEmpty())
                if (xml.readNext() == QXmlStreamReader::StartElement) root = xml.name().toString();
            QCOMPARE(root, QStringLiteral("svg"));
            while (!xml.atEnd()) xml.readNext();
            QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
            QVERIFY(QSvgRenderer(svg).isValid());

            const QString pdf = stem + QStringLiteral(".pdf");
            QCOMPARE(export_plot(*e, pdf, ExportFormat::Pdf), QString());
            const QByteArray pdf_bytes = read_all(pdf);
            QVERIFY(pdf_bytes.startsWith("%PDF-"));
            QVERIFY2(pdf_bytes.size() > 2000, qPrintable(QString::number(pdf_bytes.size())));
            QVERIFY(pdf_bytes.trimmed().endsWith("%%EOF"));

            const QString csv = stem + QStringLiteral(".csv");
            QCOMPARE(export_plot(*e, csv, ExportFormat::Csv), QString());
            const PlotTable table = e->export_table();
            const QList<QByteArray> rows = lines(csv);
            QVERIFY(!table.columns.isEmpty());
            QVERIFY2(!table.rows.empty(), qPrintable(e->export_name()));
            QCOMPARE(QString::fromUtf8(rows.front()), table.columns.join(QLatin1Char(',')));
            QCOMPARE(static_cast<std::size_t>(rows.size()), table.rows.size() + 1);
            for (const QByteArray& row : rows)
                QCOMPARE(row.count(',') + 1, table.columns.size());
        }
    }

    void tablesHoldWhatIsDrawn() {
        const auto find = [this](const char* name) -> Exportable* {
            for (Exportable* e : window_->exportables())
                if (e->export_name() == QLatin1String(name)) return e;
            return nullptr;
        };
        // Learning curves: one row per completed trial.
        QCOMPARE(find("learning-curves")->export_table().rows.size(), kTrials);
        // Velocity: the earlier trials drawn, 1000 samples each.
        const PlotTable v = find("velocity")->export_table();
        QCOMPARE(v.rows.size(), kTrials * static_cast<std::size_t>(kRecordedBins));
        QCOMPARE(v.rows.front().front(), QStringLiteral("1"));
        // The microzone raster: the latest trial's spikes of the zone shown.
        const PlotTable zone = find("microzone-raster")->export_table();
        for (const QStringList& row : zone.rows) QCOMPARE(row.front(), QString::number(kTrials));
        // The histograms: 20 ms bins over the 1000 ms trial.
        QCOMPARE(find("simple-spike-rate")->export_table().rows.size(), std::size_t{50});
    }

    void laterPanelsRegisterThemselves() {
        LatePlot late(window_->scene());
        window_->register_exportable(&late);
        QMenu* menu = window_->menus()->export_menu();
        emit menu->aboutToShow();
        QStringList titles;
        for (QAction* a : menu->actions()) titles << a->text();
        QVERIFY2(titles.contains(QStringLiteral("A later plot…")), qPrintable(titles.join(", ")));
        // Cells with commas and quotes are quoted.
        QCOMPARE(export_plot(late, path(QStringLiteral("late.csv")), ExportFormat::Csv), QString());
        QCOMPARE(read_all(path(QStringLiteral("late.csv"))),
                 QByteArray("a,\"b, with comma\"\n1,\"say \"\"hi\"\"\"\n"));
        QCOMPARE(csv_bytes(late.export_table()), read_all(path(QStringLiteral("late.csv"))));
    }

    void exportReplacesFilesAtomically() {
        Exportable* e = window_->exportables().front();
        for (const char* suffix : {"png", "csv"}) {
            const QString file = path(QStringLiteral("atomic.") + QLatin1String(suffix));
            const QString link = path(QStringLiteral("atomic-old.") + QLatin1String(suffix));
            {
                QFile f(file);
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.write("old contents");
            }
            QCOMPARE(::link(QFile::encodeName(file).constData(), QFile::encodeName(link).constData()), 0);
            QCOMPARE(export_plot(*e, file, *export_format_for(file)), QString());
            QCOMPARE(read_all(link), QByteArray("old contents"));
            QVERIFY(read_all(file) != QByteArray("old contents"));
        }
        const QString error = export_plot(*e, path(QStringLiteral("missing/x.png")), ExportFormat::Png);
        QVERIFY2(error.contains(QStringLiteral("cannot write")), qPrintable(error));
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("missing"))));
        QCOMPARE(export_format_for(QStringLiteral("a/b.SVG")), std::optional(ExportFormat::Svg));
        QVERIFY(!export_format_for(QStringLiteral("a/b.txt")));
    }

    void recordingMatchesTheCommandLine() {
        const QString out = path(QStringLiteral("recording"));
        QString note = QStringLiteral("stale");
        QCOMPARE(window_->menus()->export_recording(out, &note), QString());
        QVERIFY(note.isEmpty());
        const QDir gui(out);
        for (const QString& f : recording_files()) QVERIFY2(gui.exists(f), qPrintable(f));

        // The contract's columns (DESIGN §4).
        // (the tasks of §4.1 add their columns after these)
        QVERIFY(lines(gui.filePath(QStringLiteral("trials.csv")))
                    .front()
                    .startsWith("trial,phase,instructed,learned_velocity_deg_s,latency_ms,gain,"
                                "cs_rate_instr_hz,cs_rate_base_hz,ss_learned_hz,ss_late_hz"));
        QCOMPARE(lines(gui.filePath(QStringLiteral("purkinje_spikes.csv"))).front(),
                 QByteArray("trial,microzone,cell,t_ms,kind"));
        QCOMPARE(lines(gui.filePath(QStringLiteral("traces.csv"))).front(),
                 QByteArray("trial,t_ms,target_vx,target_vy,eye_vx,eye_vy"));
        QCOMPARE(lines(gui.filePath(QStringLiteral("trials.csv"))).size(), qsizetype(kTrials + 1));
        QCOMPARE(lines(gui.filePath(QStringLiteral("traces.csv"))).size(),
                 qsizetype(kTrials * kRecordedBins + 1));

        // The same trials run the command line's way give the same bytes.
        RunConfig c = small_run();
        c.trials = static_cast<int>(kTrials);
        const QString cli_out = path(QStringLiteral("cli"));
        QVERIFY(QDir().mkpath(cli_out));
        RunWriter writer(cli_out.toStdString(), c.params.record_purkinje);
        const auto result = run_batch(c, [&](const TrialRecord& r, const TrialMetrics& m,
                                             std::size_t, std::size_t) { writer.add_trial(r, m); });
        QVERIFY(std::holds_alternative<BatchResult>(result));
        SummaryInfo info;
        info.protocol = "direction-learning";
        info.seed = c.seed;
        info.trials = static_cast<int>(kTrials);
        info.parameters = c.params;
        info.lesions = c.lesions.describe();
        info.metrics = std::get<BatchResult>(result).summary;
        QVERIFY(writer.finish(info).empty());
        const QDir cli(cli_out);
        for (const char* f : {"trials.csv", "purkinje_spikes.csv", "traces.csv"})
            QVERIFY2(read_all(gui.filePath(QLatin1String(f))) == read_all(cli.filePath(QLatin1String(f))), f);

        // summary.json: the contract's keys, the same measures and hash.
        const QJsonObject g = QJsonDocument::fromJson(read_all(gui.filePath(QStringLiteral("summary.json")))).object();
        const QJsonObject k = QJsonDocument::fromJson(read_all(cli.filePath(QStringLiteral("summary.json")))).object();
        QCOMPARE(g.keys(), k.keys());
        for (const QString& key : g.keys())
            if (key != QLatin1String("wall_s") && key != QLatin1String("realtime_factor"))
                QVERIFY2(g.value(key) == k.value(key), qPrintable(key));
        QCOMPARE(g.value(QStringLiteral("trials")).toInt(), static_cast<int>(kTrials));
        QCOMPARE(g.value(QStringLiteral("lesions")).toArray().first().toString(), QStringLiteral("nucleo-olivary:0.5"));
        QCOMPARE(g.value(QStringLiteral("parameters")).toObject().size(),
                 static_cast<qsizetype>(parameter_specs().size()));
    }

    void recordingIsWrittenBesideTheWindow() {
        QSignalSpy done(window_->menus(), &WindowMenus::recording_written);
        const QString out = path(QStringLiteral("background"));
        window_->menus()->write_recording_in_background(out);
        QVERIFY(done.wait(kTimeoutMs));
        QCOMPARE(done.front().front().toString(), QString());
        QCOMPARE(read_all(QDir(out).filePath(QStringLiteral("traces.csv"))),
                 read_all(path(QStringLiteral("recording/traces.csv"))));
    }

    void recordingSaysWhichTrialsAreMissing() {
        // A run longer than the records kept: two more measured trials than records.
        Snapshot s = *window_->snapshot();
        auto metrics = std::make_shared<std::vector<TrialMetrics>>(*s.metrics);
        for (int i = 0; i < 2; ++i) {
            metrics->push_back(metrics->back());
            metrics->back().trial += 1;
        }
        s.metrics = metrics;
        QString note;
        const QString out = path(QStringLiteral("partial"));
        QCOMPARE(export_recording(s, out, &note), QString());
        QVERIFY2(note.contains(QStringLiteral("Trials 4-5 are not in the files")), qPrintable(note));
        QCOMPARE(lines(QDir(out).filePath(QStringLiteral("trials.csv"))).size(), qsizetype(kTrials + 1));

        Snapshot empty;
        const QString error = export_recording(empty, path(QStringLiteral("empty")));
        QVERIFY2(error.contains(QStringLiteral("no trial has been completed")), qPrintable(error));
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("empty"))));
        // A file where the folder should be.
        QFile blocker(path(QStringLiteral("blocker")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QVERIFY(!window_->menus()->export_recording(blocker.fileName()).isEmpty());
    }

    void statusBarShowsRedrawsAndSpeed() {
        MainWindow& w = *window_;
        WindowMenus* m = w.menus();
        m->update_performance();
        QVERIFY2(m->performance_text().contains(QStringLiteral("fps · paused")),
                 qPrintable(m->performance_text()));
        w.runner()->set_speed(1.0);
        w.runner()->play();
        // Updated by its own timer, about once a second.
        QTRY_VERIFY_WITH_TIMEOUT(m->performance_text().contains(QStringLiteral("× real time")) &&
                                     !m->performance_text().startsWith(QStringLiteral("0 fps")),
                                 kTimeoutMs);
        static const QRegularExpression kText(QStringLiteral("^\\d+ fps · [0-9.—]+× real time$"));
        QVERIFY2(kText.match(m->performance_text()).hasMatch(), qPrintable(m->performance_text()));
        w.runner()->pause();
        QTRY_VERIFY_WITH_TIMEOUT(m->performance_text().endsWith(QStringLiteral("paused")), kTimeoutMs);
        bool in_status_bar = false;
        for (QLabel* l : w.statusBar()->findChildren<QLabel*>())
            in_status_bar = in_status_bar || l->text() == m->performance_text();
        QVERIFY(in_status_bar);
    }
};

QTEST_MAIN(TestExport)
#include "test_export.moc"
