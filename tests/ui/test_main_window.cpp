// SPDX-License-Identifier: GPL-3.0-or-later
#include <QtTest>

#include <QAction>
#include <QComboBox>
#include <QSlider>
#include <memory>
#include <qcustomplot.h>

#include <QMenuBar>
#include <QTextBrowser>

#include "help_menu.hpp"
#include "learning_panel.hpp"
#include "main_window.hpp"
#include "scene_widget.hpp"
#include "transport_bar.hpp"
#include "velocity_panel.hpp"
#include "view_model.hpp"
#include "window_helpers.hpp"

using namespace flocculus;
using namespace flocculus::ui;

namespace {

constexpr int kTimeoutMs = 20000;

RunConfig short_run(Protocol p = Protocol::StepRamp, int trials = 5) {
    RunConfig c;
    c.protocol = p;
    if (protocol_info(p).default_trials > 0) c.trials = trials;
    c.seed = 7;
    return c;
}

std::unique_ptr<MainWindow> shown_window(const RunConfig& c) {
    auto w = std::make_unique<MainWindow>(c);
    w->set_replace_asker(nullptr);
    w->show();
    return w;
}

// Saves a picture of `w` as `name` in $FLOCCULUS_TEST_SHOTS, when set (for looking at).
void keep_picture(QWidget* w, const QString& name) {
    const QString dir = qEnvironmentVariable("FLOCCULUS_TEST_SHOTS");
    if (!dir.isEmpty()) w->grab().save(dir + QLatin1Char('/') + name);
}

// Whether the window shows the runner's latest snapshot (controls follow it then).
bool caught_up(const MainWindow& w) { return w.shown_sequence() == w.snapshot()->sequence; }

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void constructsOffscreen() {
        auto w = shown_window(short_run());
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY(w->windowTitle().startsWith(QStringLiteral("Flocculus")));
        QVERIFY(w->runner() != nullptr);
        const auto s = w->snapshot();
        QVERIFY(s);
        QVERIFY(!s->playing);
        QCOMPARE(s->trial_index, std::size_t{0});
        QCOMPARE(s->trial_count, std::size_t{5});
        QTRY_VERIFY(caught_up(*w));
        QTRY_VERIFY(w->scene()->paint_count() > 0);
        QCOMPARE(w->transport_bar()->trial_readout(), QStringLiteral("Trial 1 / 5"));
        QCOMPARE(w->transport_bar()->protocol_box()->currentText(), QStringLiteral("step-ramp"));
        // Fits a 1366×768 screen.
        QVERIFY(w->width() <= 1366);
        QVERIFY(w->height() <= 768);
    }

    void playAtMaxSpeedDrawsTrials() {
        auto w = shown_window(short_run(Protocol::StepRamp, 6));
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        const int paints_before = w->scene()->paint_count();
        w->transport_bar()->set_speed(0.0);
        w->transport_bar()->play_action()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->trial_index >= 3, kTimeoutMs);
        w->transport_bar()->play_action()->trigger();  // pause (or already finished)
        QTRY_VERIFY_WITH_TIMEOUT(!w->snapshot()->playing, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(caught_up(*w), kTimeoutMs);

        const VelocityPanel* v = w->velocity_panel();
        QVERIFY(v->history_trials() >= 3);
        // Two target graphs plus two per earlier trial at least.
        QVERIFY2(v->graphs_with_data() >= 2 + 2 * 3,
                 qPrintable(QString::number(v->graphs_with_data())));
        QVERIFY(v->graph_count() > v->graphs_with_data());  // spare history slots, legend
        // The y range covers the target's speed.
        const QCPRange y = v->plot()->yAxis->range();
        QVERIFY(y.lower <= 0.0);
        QVERIFY(y.upper >= w->snapshot()->config.params.task_speed_deg_s);
        QCOMPARE(v->plot()->xAxis->range().lower, kTrialStartMs);
        QCOMPARE(v->plot()->xAxis->range().upper, kTrialEndMs);

        QTRY_VERIFY(w->scene()->paint_count() > paints_before);
        QTRY_COMPARE(w->scene()->painted_sequence(), w->snapshot()->sequence);
    }

    void earlierTrialsAreDrawnOnceEach() {
        // Each earlier trial's traces go into images once; a trial end adds the new ones
        // and lays the others down again at their new shade, without drawing them anew.
        auto w = shown_window(short_run(Protocol::StepRamp, 8));
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        const VelocityPanel* v = w->velocity_panel();
        flocculus::test::run_more_trials(*w, 3);
        QTRY_VERIFY(v->traces_rendered() >= 2 * 3);
        for (int i = 0; i < 3; ++i) {
            const QCPRange y = v->plot()->yAxis->range();
            const int rendered = v->traces_rendered();
            flocculus::test::run_more_trials(*w, 1);
            QTRY_VERIFY(v->history_trials() == static_cast<std::size_t>(4 + i));
            QVERIFY(v->plot()->yAxis->range() == y);           // the axes as they were
            QTRY_COMPARE(v->traces_rendered(), rendered + 2);  // the new trial's two traces
            QTest::qWait(50);
            QCOMPARE(v->traces_rendered(), rendered + 2);
        }
    }

    void stepRunsOneTrialAndPauses() {
        auto w = shown_window(short_run());
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        w->transport_bar()->step_action()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->trial_index == 1 && !w->snapshot()->playing,
                                 kTimeoutMs);
        QCOMPARE(w->snapshot()->recent_trials.size(), std::size_t{1});
        QTRY_COMPARE(w->transport_bar()->trial_readout(), QStringLiteral("Trial 2 / 5"));
        QTRY_VERIFY(!w->transport_bar()->play_action()->isChecked());
        QTRY_COMPARE(w->velocity_panel()->history_trials(), std::size_t{1});
    }

    void playAndPauseReachTheRunner() {
        auto w = shown_window(short_run());
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QAction* play = w->transport_bar()->play_action();
        QCOMPARE(w->transport_bar()->chosen_speed(), 1.0);
        play->trigger();
        QVERIFY(play->isChecked());
        QCOMPARE(play->text(), QStringLiteral("Pause"));
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->playing, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->t_ms > kTrialStartMs + 50, kTimeoutMs);
        QTRY_VERIFY(w->velocity_panel()->current_samples() > 0);
        play->trigger();
        QVERIFY(!play->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(!w->snapshot()->playing, kTimeoutMs);
        // Paused: time stands still.
        const double t = w->snapshot()->t_ms;
        const std::size_t trial = w->snapshot()->trial_index;
        QTest::qWait(100);
        QCOMPARE(w->snapshot()->t_ms, t);
        QCOMPARE(w->snapshot()->trial_index, trial);
        QCOMPARE(play->text(), QStringLiteral("Play"));
    }

    void speedSliderSetsRunnerSpeed() {
        auto w = shown_window(short_run());
        QSlider* slider = w->transport_bar()->speed_slider();
        QCOMPARE(slider->maximum() + 1, static_cast<int>(speed_steps().size()));
        slider->setValue(speed_step_index(5.0));
        QTRY_COMPARE_WITH_TIMEOUT(w->snapshot()->speed, 5.0, kTimeoutMs);
        slider->setValue(slider->maximum());
        QTRY_COMPARE_WITH_TIMEOUT(w->snapshot()->speed, 0.0, kTimeoutMs);
        QCOMPARE(w->transport_bar()->chosen_speed(), 0.0);
    }

    void resetStartsAgain() {
        auto w = shown_window(short_run());
        w->transport_bar()->step_action()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->trial_index == 1 && !w->snapshot()->playing,
                                 kTimeoutMs);
        w->transport_bar()->reset_action()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->trial_index == 0 &&
                                     w->snapshot()->recent_trials.empty(),
                                 kTimeoutMs);
        QTRY_COMPARE(w->velocity_panel()->history_trials(), std::size_t{0});
    }

    void protocolChangeResetsToThatProtocol() {
        auto w = shown_window(short_run());
        w->transport_bar()->step_action()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->trial_index == 1 && !w->snapshot()->playing,
                                 kTimeoutMs);
        QVERIFY(!w->velocity_panel()->instruction_window_visible());

        QComboBox* box = w->transport_bar()->protocol_box();
        const int index = box->findText(QStringLiteral("direction-learning"));
        QVERIFY(index >= 0);
        box->setCurrentIndex(index);
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->config.protocol == Protocol::DirectionLearning,
                                 kTimeoutMs);
        const auto s = w->snapshot();
        QCOMPARE(s->trial_index, std::size_t{0});
        QVERIFY(s->recent_trials.empty());
        QCOMPARE(s->trial_count,
                 static_cast<std::size_t>(protocol_info(Protocol::DirectionLearning).default_trials));
        QCOMPARE(s->config.seed, std::uint64_t{7});
        QTRY_VERIFY(w->velocity_panel()->instruction_window_visible());
        QCOMPARE(box->currentText(), QStringLiteral("direction-learning"));
    }

    void keyboardShortcuts() {
        auto w = shown_window(short_run());
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        QTest::keyClick(w.get(), Qt::Key_N);
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->trial_index == 1 && !w->snapshot()->playing,
                                 kTimeoutMs);
        // Space toggles the play button as shown, so let it show the step's end first.
        QTRY_VERIFY_WITH_TIMEOUT(caught_up(*w), kTimeoutMs);
        QTest::keyClick(w.get(), Qt::Key_Space);
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->playing, kTimeoutMs);
        QTest::keyClick(w.get(), Qt::Key_Space);
        QTRY_VERIFY_WITH_TIMEOUT(!w->snapshot()->playing, kTimeoutMs);
        QTest::keyClick(w.get(), Qt::Key_R, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->trial_index == 0 &&
                                     w->snapshot()->current_trace.empty(),
                                 kTimeoutMs);
        // + and - step the speed, and the runner follows.
        w->transport_bar()->set_speed(1.0);
        QTest::keyClick(w.get(), Qt::Key_Plus);
        const double faster = w->transport_bar()->chosen_speed();
        QVERIFY2(faster > 1.0 || faster == 0.0, qPrintable(QString::number(faster)));
        QTRY_COMPARE_WITH_TIMEOUT(w->snapshot()->speed, faster, kTimeoutMs);
        QTest::keyClick(w.get(), Qt::Key_Minus);
        QTest::keyClick(w.get(), Qt::Key_Minus);
        const double slower = w->transport_bar()->chosen_speed();
        QVERIFY2(slower > 0.0 && slower < 1.0, qPrintable(QString::number(slower)));
        QTRY_COMPARE_WITH_TIMEOUT(w->snapshot()->speed, slower, kTimeoutMs);
    }

    void helpMenuShowsShortcutsGuideAndAbout() {
        auto w = shown_window(short_run());
        HelpMenu* help = w->help();
        QVERIFY(help);
        QCOMPARE(w->menuBar()->actions().last()->menu(), help->menu());
        QCOMPARE(help->menu()->actions().size(), 4);  // guide, shortcuts, separator, about
        const QStringList lines = help->shortcut_lines();
        const auto has = [&lines](const QString& start) {
            for (const QString& l : lines)
                if (l.startsWith(start)) return true;
            return false;
        };
        QVERIFY2(has(QStringLiteral("Space — Play")), qPrintable(lines.join('\n')));
        QVERIFY(has(QStringLiteral("F11 — Full screen")));
        QVERIFY(has(QStringLiteral("Ctrl+R — Reset")));
        QVERIFY(has(QStringLiteral("Ctrl+= or Ctrl++ — Larger text")));
        QVERIFY(has(QStringLiteral("+ — Faster")));
        QTextBrowser* guide = help->show_guide();
        QVERIFY(guide);
        QVERIFY(guide->toPlainText().contains(QStringLiteral("Flocculus user guide")));
        QVERIFY(guide->toPlainText().contains(QStringLiteral("Running an experiment")));
        // Its pictures are built in.
        QVERIFY(!QImage(QStringLiteral(":/docs/screenshots/main-window.png")).isNull());
        guide->window()->resize(800, 700);
        keep_picture(guide->window(), QStringLiteral("guide.png"));
        guide->window()->close();
        const QString about = help->about_text();
        QVERIFY(about.contains(QStringLiteral(FLOCCULUS_VERSION)));
        QVERIFY(about.contains(QStringLiteral("GNU General Public License")));
    }

    void presenterModeScalesEveryText() {
        auto w = shown_window(short_run());
        HelpMenu* help = w->help();
        QCustomPlot* plot = w->velocity_panel()->plot();
        const double axis = plot->xAxis->labelFont().pointSizeF();
        const double app = QApplication::font().pointSizeF();
        const QString readout = w->transport_bar()->trial_readout();
        QVERIFY(!readout.isEmpty());
        help->larger_action()->trigger();
        help->larger_action()->trigger();
        const double scale = HelpMenu::kTextScaleStep * HelpMenu::kTextScaleStep;
        QCOMPARE(help->text_scale(), scale);
        QVERIFY(std::abs(plot->xAxis->labelFont().pointSizeF() - axis * scale) < 0.01);
        QVERIFY(std::abs(QApplication::font().pointSizeF() - app * scale) < 0.01);
        QVERIFY(std::abs(w->learning_panel()->plot()->legend->font().pointSizeF() -
                         w->learning_panel()->plot()->legend->font().pointSizeF()) < 0.01);
        w->resize(1366, 768);
        w->transport_bar()->step_action()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->trial_index == 1 && caught_up(*w), kTimeoutMs);
        QTest::qWait(100);
        keep_picture(w.get(), QStringLiteral("presenter-1366.png"));
        for (int i = 0; i < 20; ++i) help->larger_action()->trigger();
        QCOMPARE(help->text_scale(), HelpMenu::kMaxTextScale);
        help->set_text_scale(1.0);
        QVERIFY(std::abs(plot->xAxis->labelFont().pointSizeF() - axis) < 0.01);
        QVERIFY(std::abs(QApplication::font().pointSizeF() - app) < 0.01);
        // F11 is full screen and back.
        QVERIFY(help->full_screen_action()->shortcut() == QKeySequence(Qt::Key_F11));
        help->full_screen_action()->trigger();
        QTRY_VERIFY(w->windowState() & Qt::WindowFullScreen);
        help->full_screen_action()->trigger();
        QTRY_VERIFY(!(w->windowState() & Qt::WindowFullScreen));
    }

    void finishedProtocolIsReported() {
        auto w = shown_window(short_run(Protocol::StepRamp, 2));
        w->transport_bar()->set_speed(0.0);
        w->transport_bar()->play_action()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->finished, kTimeoutMs);
        QTRY_VERIFY(!w->transport_bar()->play_action()->isEnabled());
        QTRY_VERIFY(w->statusBar()->currentMessage().contains(QStringLiteral("finished")));
        QCOMPARE(w->transport_bar()->trial_readout(), QStringLiteral("Trial 2 / 2"));
    }

    void runnerErrorIsReported() {
        auto w = shown_window(short_run());
        w->runner()->set_parameter("no.such.parameter", 1.0);
        QTRY_VERIFY_WITH_TIMEOUT(!w->snapshot()->error.empty(), kTimeoutMs);
        QTRY_VERIFY(w->statusBar()->currentMessage().contains(QStringLiteral("no.such.parameter")));
    }

    void closingStopsTheRunner() {
        auto w = shown_window(short_run());
        w->transport_bar()->play_action()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->playing, kTimeoutMs);
        QVERIFY(w->close());
        QVERIFY(w->runner() == nullptr);
        QVERIFY(!w->snapshot());
        w->poll();  // harmless without a runner
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
