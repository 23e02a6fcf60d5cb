// SPDX-License-Identifier: GPL-3.0-or-later
// The synaptic-weights tab: it draws the map a snapshot carries, switches between weight
// and change, marks the instruction, reads out the cell under the pointer, and exports.
#include <QtTest>

#include <QAction>
#include <QRadioButton>
#include <QTabWidget>
#include <cmath>
#include <memory>
#include <qcustomplot.h>

#include "circuit/purkinje.hpp"
#include "main_window.hpp"
#include "params/registry.hpp"
#include "transport_bar.hpp"
#include "weights_panel.hpp"

using namespace flocculus;
using namespace flocculus::ui;

namespace {

constexpr int kTimeoutMs = 60000;
constexpr int kPerZone = 3;
constexpr int kCells = kZoneCount * kPerZone;

// A map with known values: weight = 0.5 + change, change = -0.01 x (cell + 1) in bin 12
// (and +0.002 x bin elsewhere); bin 40 has no granule cells.
std::shared_ptr<const WeightMap> fake_map(int trial) {
    auto m = std::make_shared<WeightMap>();
    m->trial = trial;
    m->purkinje_count = kCells;
    m->cells_per_zone = kPerZone;
    m->w_max = 1.0;
    m->granule_cells.assign(static_cast<std::size_t>(m->bins), 10);
    m->granule_cells[40] = 0;
    m->silent_granule_cells = 7;
    for (int c = 0; c < kCells; ++c)
        for (int b = 0; b < m->bins; ++b) {
            float change = b == 12 ? -0.01f * static_cast<float>(c + 1) : 0.002f * static_cast<float>(b);
            if (b == 40) change = NAN;
            m->change.push_back(change);
            m->weight.push_back(0.5f + change);
        }
    return m;
}

Snapshot snapshot_with(std::shared_ptr<const WeightMap> m) {
    Snapshot s;
    s.config.protocol = Protocol::DirectionLearning;
    s.weights = std::move(m);
    return s;
}

double cell_value(const WeightsPanel& p, int bin, int row) {
    return p.color_map()->data()->cell(bin, row);
}

}  // namespace

class TestWeightsPanel : public QObject {
    Q_OBJECT

private slots:
    void startsEmpty() {
        WeightsPanel p;
        QVERIFY(!p.shown_map());
        QCOMPARE(p.mode(), WeightsPanel::Mode::Change);
        QVERIFY(p.change_button()->isChecked());
        QCOMPARE(p.export_table().columns,
                 (QStringList{"zone", "cell", "bin_start_ms", "bin_end_ms", "weight", "change"}));
        QVERIFY(p.export_table().rows.empty());
        QCOMPARE(p.instructed_graph()->dataCount(), 0);
    }

    void drawsTheSnapshotsMap() {
        WeightsPanel p;
        const auto map = fake_map(5);
        p.show_snapshot(snapshot_with(map));
        QCOMPARE(p.shown_map(), map.get());
        QCPColorMapData* d = p.color_map()->data();
        QCOMPARE(d->keySize(), map->bins);
        QCOMPARE(d->valueSize(), kCells);
        // The map spans the recorded trial, a column per bin.
        QCOMPARE(d->keyRange().lower, kTrialStartMs + 0.5 * kWeightMapBinMs);
        QCOMPARE(d->keyRange().upper, kTrialEndMs - 0.5 * kWeightMapBinMs);
        for (int c = 0; c < kCells; ++c) {
            QVERIFY(std::abs(cell_value(p, 12, c) - map->change_at(c, 12)) < 1e-7);
            QVERIFY(std::isnan(cell_value(p, 40, c)));
        }
        // Change: a diverging scale symmetric about zero, covering the data.
        const QCPRange r = p.color_map()->dataRange();
        QCOMPARE(r.lower, -r.upper);
        QVERIFY(r.upper >= 0.01 * kCells);
        // Rows are labelled with the microzones.
        const auto ticker = qSharedPointerCast<QCPAxisTickerText>(
            p.color_map()->valueAxis()->ticker());
        QCOMPARE(ticker->ticks().size(), kZoneCount);
        QVERIFY(ticker->ticks().last().contains(QStringLiteral("down")));
        QVERIFY(p.color_map()->valueAxis()->rangeReversed());  // first zone on top

        // Redraws only for a new map.
        const int redraws = p.redraw_count();
        p.show_snapshot(snapshot_with(map));
        QCOMPARE(p.redraw_count(), redraws);
        p.show_snapshot(snapshot_with(fake_map(6)));
        QCOMPARE(p.redraw_count(), redraws + 1);
        QCOMPARE(p.shown_map()->trial, 6);
    }

    void switchesBetweenWeightAndChange() {
        WeightsPanel p;
        const auto map = fake_map(3);
        p.show_snapshot(snapshot_with(map));
        const QColor change_low = p.color_map()->gradient().color(0.0, QCPRange(0, 1));
        p.weight_button()->click();
        QCOMPARE(p.mode(), WeightsPanel::Mode::Weight);
        QVERIFY(!p.change_button()->isChecked());
        for (int c = 0; c < kCells; ++c)
            QVERIFY(std::abs(cell_value(p, 12, c) - map->weight_at(c, 12)) < 1e-7);
        // Weight: a sequential scale within the weights' bounds.
        const QCPRange r = p.color_map()->dataRange();
        QVERIFY(r.lower >= 0 && r.upper <= map->w_max && r.lower < r.upper);
        QVERIFY(r.lower <= 0.5 - 0.01 * kCells && r.upper >= 0.5 + 0.002 * 49);
        QVERIFY(p.color_map()->gradient().color(0.0, QCPRange(0, 1)) != change_low);
        QVERIFY(p.color_scale()->axis()->label().contains(QStringLiteral("weight")));
        p.change_button()->click();
        QCOMPARE(p.mode(), WeightsPanel::Mode::Change);
        QVERIFY(std::abs(cell_value(p, 12, 0) - map->change_at(0, 12)) < 1e-7);
        QVERIFY(p.color_scale()->axis()->label().contains(QStringLiteral("change")));
    }

    void profileComparesTheInstructedZoneWithTheOthers() {
        WeightsPanel p;
        Snapshot s = snapshot_with(fake_map(2));
        p.show_snapshot(s);
        const int up = instructed_zone(s.config.params);
        QVERIFY(p.instructed_graph()->name().contains(QString::fromUtf8(kZoneNames[up])));
        // Bin 12: the instructed zone's cells have changes -0.01 x (cell + 1).
        const auto at = [](const QCPGraph* g, double key) {
            const auto it = g->data()->findBegin(key, false);
            return it->value;
        };
        const double key = kTrialStartMs + 12 * kWeightMapBinMs;
        double expected_up = 0, expected_others = 0;
        for (int c = 0; c < kPerZone; ++c) expected_up += -0.01 * (up * kPerZone + c + 1) / kPerZone;
        for (int z = 0; z < kZoneCount; ++z)
            if (z != up)
                for (int c = 0; c < kPerZone; ++c)
                    expected_others += -0.01 * (z * kPerZone + c + 1) / kPerZone / (kZoneCount - 1);
        QVERIFY(std::abs(at(p.instructed_graph(), key) - expected_up) < 1e-6);
        QVERIFY(std::abs(at(p.others_graph(), key) - expected_others) < 1e-6);
        // One point per bin and one closing the last step.
        QCOMPARE(p.instructed_graph()->dataCount(), kWeightMapBins + 1);
    }

    void marksTheInstructionWhenTheProtocolGivesIt() {
        WeightsPanel p;
        p.show_snapshot(snapshot_with(fake_map(1)));
        QVERIFY(!p.instruction_marked());
        QVERIFY(!p.instructed_graph()->name().contains(QStringLiteral("instructed")));
        p.set_protocol_instructs(true);
        QVERIFY(p.instruction_marked());
        QVERIFY(p.instructed_graph()->name().contains(QStringLiteral("instructed")));
        p.set_protocol_instructs(false);
        QVERIFY(!p.instruction_marked());
    }

    void readsOutTheCellUnderThePointer() {
        WeightsPanel p;
        p.resize(700, 560);
        p.show();
        QVERIFY(QTest::qWaitForWindowExposed(&p));
        p.show_snapshot(snapshot_with(fake_map(4)));
        p.plot()->replot();
        const QCPAxis* x = p.color_map()->keyAxis();
        const QCPAxis* y = p.color_map()->valueAxis();
        // Bin 12 (140-160 ms), row of zone "up" cell 1.
        const int row = 2 * kPerZone + 1;
        const QPoint at(static_cast<int>(x->coordToPixel(150.0)), static_cast<int>(y->coordToPixel(row)));
        QTest::mouseMove(p.plot(), at);
        QTRY_VERIFY(!p.hover_text().isEmpty());
        QVERIFY2(p.hover_text().contains(QStringLiteral("up zone, cell 1")), qPrintable(p.hover_text()));
        QVERIFY2(p.hover_text().contains(QStringLiteral("140–160 ms")), qPrintable(p.hover_text()));
        QVERIFY2(p.hover_text().contains(QStringLiteral("change -0.080")),
                 qPrintable(p.hover_text()));
        QTest::mouseMove(p.plot(), QPoint(2, 2));
        QTRY_VERIFY(p.hover_text().isEmpty());
    }

    void exportsEveryCellAndBin() {
        WeightsPanel p;
        const auto map = fake_map(9);
        p.show_snapshot(snapshot_with(map));
        QCOMPARE(p.export_name(), QStringLiteral("synaptic-weights"));
        QVERIFY(!p.export_title().isEmpty());
        QCOMPARE(p.export_widget(), static_cast<QWidget*>(p.plot()));
        const PlotTable t = p.export_table();
        QCOMPARE(t.rows.size(), std::size_t(kCells * kWeightMapBins));
        for (const QStringList& row : t.rows) QCOMPARE(row.size(), t.columns.size());
        // Zone "up", cell 2, bin 12.
        const QStringList& r = t.rows[std::size_t((2 * kPerZone + 2) * kWeightMapBins + 12)];
        QCOMPARE(r[0], QStringLiteral("up"));
        QCOMPARE(r[1], QStringLiteral("2"));
        QCOMPARE(r[2], QStringLiteral("140"));
        QCOMPARE(r[3], QStringLiteral("160"));
        QVERIFY(std::abs(r[4].toDouble() - map->weight_at(2 * kPerZone + 2, 12)) < 1e-6);
        QVERIFY(std::abs(r[5].toDouble() - map->change_at(2 * kPerZone + 2, 12)) < 1e-6);
        // Bins without granule cells stay empty rather than inventing a value.
        const QStringList& empty = t.rows[40];
        QVERIFY(empty[4].isEmpty() && empty[5].isEmpty());
        // The same table in either mode.
        p.set_mode(WeightsPanel::Mode::Weight);
        QCOMPARE(p.export_table().rows[40 + 1], t.rows[40 + 1]);
    }

    void theMainWindowShowsTheRunnersMap() {
        RunConfig c;
        c.protocol = Protocol::DirectionLearning;
        if (const auto e = set_parameter(c.params, "network.granule_cells", 5000)) qFatal("%s", e->c_str());
        MainWindow w(c);
        w.set_replace_asker(nullptr);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.tabs()->widget(MainWindow::WeightsTab), static_cast<QWidget*>(w.weights_panel()));
        w.show_tab(MainWindow::WeightsTab);
        QCOMPARE(w.tabs()->currentIndex(), int{MainWindow::WeightsTab});
        QVERIFY(!w.weights_panel()->shown_map());
        QVERIFY(w.weights_panel()->instruction_marked());
        w.transport_bar()->set_speed(0.0);
        for (std::size_t i = 1; i <= 2; ++i) {
            w.transport_bar()->step_action()->trigger();
            QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->trial_index == i && !w.snapshot()->playing, kTimeoutMs);
        }
        QTRY_VERIFY_WITH_TIMEOUT(w.shown_sequence() == w.snapshot()->sequence, kTimeoutMs);
        const WeightMap* m = w.weights_panel()->shown_map();
        QVERIFY(m);
        QCOMPARE(m, w.snapshot()->weights.get());
        QCOMPARE(m->trial, 2);
        QCOMPARE(w.weights_panel()->color_map()->data()->valueSize(), m->purkinje_count);
        // A reset clears it until the next trial ends.
        w.runner()->reset();
        QTRY_VERIFY_WITH_TIMEOUT(!w.weights_panel()->shown_map(), kTimeoutMs);
    }
};

QTEST_MAIN(TestWeightsPanel)
#include "test_weights_panel.moc"
