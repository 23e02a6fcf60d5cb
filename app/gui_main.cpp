// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop laboratory. Without options it opens paused; --demo-trials and --screenshot
// run a few trials unattended and save a picture of the window (for documentation).
#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QCursor>
#include <QPixmap>
#include <QTimer>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>

#include "main_window.hpp"
#include "transport_bar.hpp"

namespace {

constexpr QSize kScreenshotSize(1280, 720);

int usage_error(const QString& message) {
    std::fprintf(stderr, "flocculus: %s\n", qPrintable(message));
    return 2;
}

QString protocol_names() {
    QStringList names;
    for (const auto& info : flocculus::protocols())
        names << QString::fromUtf8(info.name.data(), static_cast<qsizetype>(info.name.size()));
    return names.join(QStringLiteral(", "));
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
            if (!window.grab().save(file)) {
                std::fprintf(stderr, "flocculus: cannot write %s\n", qPrintable(file));
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
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("flocculus"));
    QApplication::setApplicationVersion(QStringLiteral(FLOCCULUS_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("A spiking cerebellum model that learns smooth eye pursuit."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption protocol_opt(
        QStringLiteral("protocol"),
        QStringLiteral("Protocol to load: %1 (default step-ramp).").arg(protocol_names()),
        QStringLiteral("name"), QStringLiteral("step-ramp"));
    const QCommandLineOption seed_opt(QStringLiteral("seed"),
                                      QStringLiteral("Random seed (default 1)."),
                                      QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption demo_opt(
        QStringLiteral("demo-trials"),
        QStringLiteral("Run N trials as fast as possible, then pause."), QStringLiteral("N"));
    const QCommandLineOption screenshot_opt(
        QStringLiteral("screenshot"),
        QStringLiteral("Save a picture of the window to FILE (after --demo-trials) and exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption tab_opt(
        QStringLiteral("tab"),
        QStringLiteral("Show tab N beside the scene: 1 velocity, 2 Purkinje cells, 3 learning "
                       "curves (default 1)."),
        QStringLiteral("N"), QStringLiteral("1"));
    parser.addOptions({protocol_opt, seed_opt, demo_opt, screenshot_opt, tab_opt});

    if (!parser.parse(QApplication::arguments())) return usage_error(parser.errorText());
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version"))) parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        return usage_error(QStringLiteral("unexpected argument '%1'")
                               .arg(parser.positionalArguments().constFirst()));

    flocculus::RunConfig config;
    const QString protocol_name = parser.value(protocol_opt);
    const auto protocol = flocculus::find_protocol(protocol_name.toStdString());
    if (!protocol)
        return usage_error(QStringLiteral("unknown protocol '%1' (choose from %2)")
                               .arg(protocol_name, protocol_names()));
    config.protocol = *protocol;

    bool ok = false;
    config.seed = parser.value(seed_opt).toULongLong(&ok);
    if (!ok)
        return usage_error(QStringLiteral("--seed must be a non-negative integer, got '%1'")
                               .arg(parser.value(seed_opt)));

    std::optional<int> demo_trials;
    if (parser.isSet(demo_opt)) {
        const int n = parser.value(demo_opt).toInt(&ok);
        if (!ok || n < 0)
            return usage_error(QStringLiteral("--demo-trials must be a non-negative integer, "
                                              "got '%1'")
                                   .arg(parser.value(demo_opt)));
        demo_trials = n;
    }
    const QString screenshot = parser.value(screenshot_opt);
    if (parser.isSet(screenshot_opt) && screenshot.isEmpty())
        return usage_error(QStringLiteral("--screenshot needs a file name"));

    using flocculus::ui::MainWindow;
    const int tab = parser.value(tab_opt).toInt(&ok);
    if (!ok || tab < 1 || tab > MainWindow::kTabCount)
        return usage_error(QStringLiteral("--tab must be an integer from 1 to %1, got '%2'")
                               .arg(MainWindow::kTabCount)
                               .arg(parser.value(tab_opt)));

    MainWindow window(config);
    window.show_tab(static_cast<MainWindow::Tab>(tab - 1));
    if (!screenshot.isEmpty()) {
        window.resize(kScreenshotSize);  // the same on every screen
        // Keep the pointer off the controls, so that none is drawn highlighted.
        QCursor::setPos(kScreenshotSize.width() / 3, kScreenshotSize.height() / 2);
    }
    window.show();
    if (demo_trials || !screenshot.isEmpty()) run_demo(window, demo_trials.value_or(0), screenshot);
    return QApplication::exec();
}
