// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop window under a long, random workout, for scripts/soak.sh. It opens the real
// main window (on whatever Qt platform is set, offscreen in the script), runs at full speed
// and, several times a second, does what a restless user would: toggles and grades lesions,
// moves the sliders of parameters, switches tabs, and now and then resets (once the records
// have reached their cap, so that the plateau is seen first). Once a second it
// prints one line: elapsed seconds, trials completed, trials whose records are kept, whether
// the runner has stopped keeping records (the record cap), resets so far, the resident
// memory and how late the event loop was; the script reads these lines.
//
//   flocculus-soak --seconds S [--seed N] [--granule-cells N] [--purkinje-per-microzone N]
//                  [--reset-every S] [--actions-per-second A]
#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QSlider>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <random>
#include <string>

#include "lesion_panel.hpp"
#include "main_window.hpp"
#include "parameter_panel.hpp"
#include "params/registry.hpp"
#include "transport_bar.hpp"
#include "util/resident_memory.hpp"

namespace {

using flocculus::ui::MainWindow;


struct Options {
    double seconds = 120;
    unsigned seed = 1;
    int granule_cells = 0;          // 0: the default network
    int purkinje_per_microzone = 0; // 0: the default
    double reset_every_s = 300;     // mean interval between resets
    double actions_per_second = 4;
    double reset_at_s = -1;         // one reset at this time (besides the random ones)
    bool quiet = false;             // no random actions: only play (and --reset-at)
};

class Workout : public QObject {
public:
    Workout(MainWindow& window, const Options& o)
        : window_(window), o_(o), rng_(o.seed) {
        clock_.start();
        connect(&act_, &QTimer::timeout, this, [this] { act(); });
        act_.start(static_cast<int>(1000.0 / o_.actions_per_second));
        connect(&report_, &QTimer::timeout, this, [this] { report(); });
        report_.start(1000);
        last_report_ms_ = 0;
        window_.transport_bar()->set_speed(0.0);
        window_.transport_bar()->play_action()->trigger();
        for (const auto& spec : flocculus::parameter_specs())
            if (!spec.structural && window_.parameter_panel()->slider(spec.name))
                sliders_.push_back(window_.parameter_panel()->slider(spec.name));
        toggles_ = window_.lesion_panel()->findChildren<QCheckBox*>();
        for (QSlider* s : window_.lesion_panel()->findChildren<QSlider*>()) fractions_.push_back(s);
    }

private:
    double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_); }
    template <typename T>
    T* pick(const QList<T*>& list) {
        if (list.isEmpty()) return nullptr;
        return list[static_cast<qsizetype>(uniform() * static_cast<double>(list.size())) %
                    list.size()];
    }

    void act() {
        if (clock_.elapsed() >= static_cast<qint64>(o_.seconds * 1000)) {
            report();
            QCoreApplication::exit(0);
            return;
        }
        ++actions_;
        const auto s = window_.snapshot();
        if (o_.reset_at_s >= 0 && clock_.elapsed() >= static_cast<qint64>(o_.reset_at_s * 1000)) {
            o_.reset_at_s = -1;
            reset();
            return;
        }
        // Keep it running: a finished protocol or a run stopped by a refused value is reset.
        if (s && s->finished) {
            reset();
            return;
        }
        if (s && !s->playing && !s->error.empty()) {  // stopped by the NaN guard
            std::printf("soak note: run stopped: %s\n", s->error.c_str());
            reset();
            return;
        }
        if (s && s->trials && s->metrics && s->trials->size() < s->metrics->size()) capped_once_ = true;
        if (s && !s->playing && !window_.transport_bar()->play_action()->isChecked()) {
            window_.transport_bar()->play_action()->trigger();
            return;
        }
        if (o_.quiet) return;
        const double reset_chance = 1.0 / (o_.reset_every_s * o_.actions_per_second);
        const double r = uniform();
        // Random resets only once the record cap has been reached: the plateau is measured
        // first (--reset-at adds one reset at a set time).
        if (r < reset_chance && capped_once_) {
            reset();
        } else if (r < 0.25) {
            if (QCheckBox* c = pick(toggles_)) c->click();
        } else if (r < 0.4) {
            if (QSlider* f = pick(fractions_); f && f->isEnabled())
                f->setValue(f->minimum() + static_cast<int>(uniform() * (f->maximum() - f->minimum())));
        } else if (r < 0.8) {
            if (QSlider* f = pick(sliders_))
                f->setValue(f->minimum() + static_cast<int>(uniform() * (f->maximum() - f->minimum())));
        } else {
            QTabWidget* tabs = window_.tabs();
            tabs->setCurrentIndex(static_cast<int>(uniform() * tabs->count()) % tabs->count());
        }
    }

    void reset() {
        ++resets_;
        window_.transport_bar()->reset_action()->trigger();
        QTimer::singleShot(200, this, [this] {
            if (!window_.transport_bar()->play_action()->isChecked())
                window_.transport_bar()->play_action()->trigger();
        });
    }

    void report() {
        const qint64 now = clock_.elapsed();
        const qint64 late = now - last_report_ms_ - 1000;
        last_report_ms_ = now;
        const auto s = window_.snapshot();
        const std::size_t done = s && s->metrics ? s->metrics->size() : 0;
        const std::size_t kept = s && s->trials ? s->trials->size() : 0;
        std::printf("soak t_s=%.1f trials=%zu kept=%zu capped=%d resets=%d actions=%ld "
                    "rss_kib=%ld late_ms=%lld redraws=%d\n",
                    static_cast<double>(now) / 1000.0, done, kept, kept < done ? 1 : 0, resets_,
                    actions_, flocculus::resident_memory_kib(), static_cast<long long>(late < 0 ? 0 : late),
                    window_.redraw_count());
        std::fflush(stdout);
    }

    MainWindow& window_;
    Options o_;
    std::mt19937_64 rng_;
    QElapsedTimer clock_;
    QTimer act_, report_;
    qint64 last_report_ms_ = 0;
    QList<QSlider*> sliders_, fractions_;
    QList<QCheckBox*> toggles_;
    long actions_ = 0;
    bool capped_once_ = false;
    int resets_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption seconds("seconds", "How long to run.", "S", "120");
    const QCommandLineOption seed("seed", "Seed of the random actions.", "N", "1");
    const QCommandLineOption gc("granule-cells", "Granule cells (default: the registry's).", "N", "0");
    const QCommandLineOption pc("purkinje-per-microzone", "Purkinje cells per zone.", "N", "0");
    const QCommandLineOption reset("reset-every", "Mean seconds between resets.", "S", "300");
    const QCommandLineOption rate("actions-per-second", "Random actions a second.", "A", "4");
    const QCommandLineOption reset_at("reset-at", "Reset once at this time.", "S", "-1");
    const QCommandLineOption quiet("no-actions", "Only play (and --reset-at): no random actions.");
    parser.addOptions({seconds, seed, gc, pc, reset, rate, reset_at, quiet});
    parser.process(app);
    Options o;
    o.seconds = parser.value(seconds).toDouble();
    o.seed = parser.value(seed).toUInt();
    o.granule_cells = parser.value(gc).toInt();
    o.purkinje_per_microzone = parser.value(pc).toInt();
    o.reset_every_s = std::max(1.0, parser.value(reset).toDouble());
    o.reset_at_s = parser.value(reset_at).toDouble();
    o.quiet = parser.isSet(quiet);
    o.actions_per_second = std::clamp(parser.value(rate).toDouble(), 0.1, 100.0);

    flocculus::RunConfig config;
    config.protocol = flocculus::Protocol::DirectionLearning;
    config.trials = 100000;
    config.threads = flocculus::ThreadPool::hardware_threads();
    if (o.granule_cells > 0)
        if (auto e = flocculus::set_parameter(config.params, "network.granule_cells", o.granule_cells)) {
            std::fprintf(stderr, "flocculus-soak: %s\n", e->c_str());
            return 2;
        }
    if (o.purkinje_per_microzone > 0)
        if (auto e = flocculus::set_parameter(config.params, "network.purkinje_per_microzone",
                                              o.purkinje_per_microzone)) {
            std::fprintf(stderr, "flocculus-soak: %s\n", e->c_str());
            return 2;
        }
    MainWindow window(config);
    window.set_replace_asker(nullptr);  // resets and new runs never stop to ask
    window.resize(1280, 720);
    window.show();
    Workout workout(window, o);
    return QApplication::exec();
}
