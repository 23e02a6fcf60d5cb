// SPDX-License-Identifier: GPL-3.0-or-later
// Measures the window's frame rate per tab, as the status bar counts it (redraws of the
// window per second), with a long run stored: first N trials at full speed, then for each
// tab a few seconds at 1x real time and a few at full speed. Not a test (the figures depend
// on the machine); the numbers go into docs/performance.md.
//
// usage: fps_probe [TRIALS [SECONDS [TAB]]]   (defaults 200, 5 and every tab; TAB is a key
//        of --tab: velocity, purkinje, learning, weights, runs; run in a real X11 window,
//        e.g. under xvfb-run, or with QT_QPA_PLATFORM=offscreen)
#include <QApplication>
#include <QElapsedTimer>
#include <QTabWidget>
#include <QThread>
#include <cstdio>

#include "main_window.hpp"
#include "runner.hpp"
#include "transport_bar.hpp"
#include "velocity_panel.hpp"

using namespace flocculus;
using namespace flocculus::ui;

namespace {

void wait_ms(int ms) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        QApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::msleep(1);
    }
}

double measure(MainWindow& w, int seconds) {
    wait_ms(1000);  // settle
    const int before = w.redraw_count();
    QElapsedTimer t;
    t.start();
    wait_ms(seconds * 1000);
    return (w.redraw_count() - before) / (static_cast<double>(t.elapsed()) / 1000.0);
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    const int trials = argc > 1 ? std::atoi(argv[1]) : 200;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 5;
    const int only =
        argc > 3 ? static_cast<int>(MainWindow::tab_keys().indexOf(QString::fromLocal8Bit(argv[3])))
                 : -1;
    if (argc > 3 && only < 0) {
        std::fprintf(stderr, "fps_probe: unknown tab '%s' (valid: %s)\n", argv[3],
                     qPrintable(MainWindow::tab_keys().join(QStringLiteral(", "))));
        return 2;
    }
    RunConfig c;
    c.protocol = Protocol::DirectionLearning;
    c.trials = 5000;  // room to go on at full speed while measuring
    MainWindow w(c);
    w.set_replace_asker(nullptr);
    w.resize(1366, 768);
    w.show();
    // The stored trials, at full speed.
    w.transport_bar()->set_speed(0.0);
    w.show_tab(MainWindow::LearningTab);
    w.runner()->play();
    QElapsedTimer t;
    t.start();
    while (w.snapshot()->trial_index < static_cast<std::size_t>(trials) && !w.snapshot()->finished)
        wait_ms(50);
    std::printf("%d trials stored in %.0f s (%s)\n", trials,
                static_cast<double>(t.elapsed()) / 1000.0,
                qPrintable(QApplication::platformName()));
    std::printf("%-18s %10s %10s %12s\n", "tab", "1x fps", "max fps", "max speed");
    for (int tab = 0; tab < MainWindow::kTabCount; ++tab) {
        if (only >= 0 && tab != only) continue;
        w.show_tab(static_cast<MainWindow::Tab>(tab));
        w.transport_bar()->set_speed(1.0);
        const double real_time = measure(w, seconds);
        w.transport_bar()->set_speed(0.0);
        const double full = measure(w, seconds);
        const double rt = w.snapshot()->realtime_factor;
        if (tab == MainWindow::VelocityTab)
            std::printf("(velocity plot so far: %d whole redraws, %d of the current trial only)\n",
                        w.velocity_panel()->full_replots(), w.velocity_panel()->live_replots());
        std::printf("%-18s %10.0f %10.0f %10.1fx\n", qPrintable(w.tabs()->tabText(tab)), real_time,
                    full, rt);
        std::fflush(stdout);
    }
    w.runner()->pause();
    return 0;
}
