// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop laboratory. Without options it opens paused; --load and --lesson open a saved
// session or a lesson; --demo-trials and --screenshot run a few trials unattended and save
// a picture of the window (for documentation).
#include <QAction>
#include <QApplication>
#include <QCursor>
#include <QImageWriter>
#include <QPixmap>
#include <QStringList>
#include <QTimer>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>

#include "gui_options.hpp"
#include "main_window.hpp"
#include "transport_bar.hpp"
#include "window_menus.hpp"

namespace {

constexpr QSize kScreenshotSize(1280, 720);

int usage_error(const QString& message) {
    std::fprintf(stderr, "flocculus: %s\n", qPrintable(message));
    return 2;
}

// Runs `trials` trials as fast as possible (one step command after another, so that it
// stops exactly there), lets the panels catch up, then saves the window to `file` (if
// given) and quits.
void run_demo(flocculus::ui::MainWindow& window, int trials, const QString& file) {
    constexpr int kCheckMs = 10;
    constexpr int kSettleMs = 300;  // time for the panels to draw the final snapshot
    auto* timer = new QTimer(&window);
    timer->setInterval(kCheckMs);
    window.transport_bar()->set_speed(0.0);
    // The snapshot seen when the last step was sent: wait for a newer one.
    auto sent_at = std::make_shared<std::uint64_t>(0);
    QObject::connect(timer, &QTimer::timeout, &window, [&window, timer, trials, file, sent_at] {
        const auto s = window.snapshot();
        if (!s || s->playing || s->sequence == *sent_at) return;
        if (!s->finished && s->trial_index < static_cast<std::size_t>(trials)) {
            *sent_at = s->sequence;
            window.transport_bar()->step_action()->trigger();
            return;
        }
        if (window.shown_sequence() != s->sequence) return;
        timer->stop();
        if (file.isEmpty()) return;
        QTimer::singleShot(kSettleMs, &window, [&window, file] {
            QImageWriter writer(file);
            if (!writer.write(window.grab().toImage())) {
                std::fprintf(stderr, "flocculus: cannot write %s: %s\n", qPrintable(file),
                             qPrintable(writer.errorString()));
                QCoreApplication::exit(1);
                return;
            }
            QCoreApplication::exit(0);
        });
    });
    timer->start();
}

}  // namespace

int main(int argc, char** argv) {
    // --help and --version need no display: answer them before the GUI starts (without a
    // display, QApplication would abort).
    {
        QStringList arguments;
        for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
        flocculus::ui::GuiCommandLine early;
        if (early.parser().parse(arguments) && (early.help_requested() || early.version_requested())) {
            QCoreApplication core(argc, argv);
            QCoreApplication::setApplicationName(QStringLiteral("flocculus"));
            QCoreApplication::setApplicationVersion(QStringLiteral(FLOCCULUS_VERSION));
            if (early.help_requested()) early.parser().showHelp(0);
            early.parser().showVersion();
        }
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("flocculus"));
    QApplication::setApplicationVersion(QStringLiteral(FLOCCULUS_VERSION));

    using flocculus::ui::MainWindow;
    flocculus::ui::GuiCommandLine command_line;
    const QString error = command_line.parse(QApplication::arguments(), MainWindow::tab_keys());
    if (command_line.help_requested()) command_line.parser().showHelp(0);
    if (command_line.version_requested()) command_line.parser().showVersion();
    if (!error.isEmpty()) return usage_error(error);
    const flocculus::ui::GuiOptions& options = command_line.options();

    MainWindow window(options.config);
    // A session's runs as well: its kept runs, and its run under way in its trained state.
    if (!options.session_file.isEmpty()) {
        const QString e = window.menus()->open_session(options.session_file);
        if (!e.isEmpty()) return usage_error(e);
    }
    if (options.lesson) window.menus()->show_lesson(*options.lesson);
    if (options.tab) window.show_tab(static_cast<MainWindow::Tab>(*options.tab));
    const QString& screenshot = options.screenshot;
    if (!screenshot.isEmpty()) {
        window.resize(kScreenshotSize);  // the same on every screen
        // Keep the pointer off the controls, so that none is drawn highlighted.
        QCursor::setPos(kScreenshotSize.width() / 3, kScreenshotSize.height() / 2);
    }
    window.show();
    if (options.demo_trials || !screenshot.isEmpty())
        run_demo(window, options.demo_trials.value_or(0), screenshot);
    return QApplication::exec();
}
