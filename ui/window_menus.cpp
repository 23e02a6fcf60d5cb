// SPDX-License-Identifier: GPL-3.0-or-later
#include "window_menus.hpp"

#include <QAction>
#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <algorithm>
#include <QThread>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QUrl>
#include <memory>

#include "exportable.hpp"
#include "exporter.hpp"
#include "main_window.hpp"
#include "run_history.hpp"
#include "session.hpp"
#include "sweep_panel.hpp"
#include "transport_bar.hpp"
#include "view_model.hpp"

namespace flocculus::ui {
namespace {

constexpr int kMessageMs = 8000;
constexpr int kLessonDockWidth = 310;
constexpr char kLessonLinkScheme[] = "lesson";
const char* const kPlotProperty = "flocculus_plot_action";

QString settings_key(const char* key) { return QString::fromLatin1(key); }

// Markdown headings come out very large; a narrow panel reads better with modest ones.
void scale_headings(QTextDocument& doc) {
    const double base = doc.defaultFont().pointSizeF();
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        const int level = b.blockFormat().headingLevel();
        if (level <= 0) continue;
        QTextCharFormat f;
        f.setProperty(QTextFormat::FontSizeAdjustment, 0);
        f.setFontPointSize(base * (level == 1 ? 1.6 : level == 2 ? 1.25 : 1.1));
        f.setFontWeight(QFont::Bold);
        QTextCursor c(b);
        c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        c.mergeCharFormat(f);
    }
}

QString session_filter() { return QObject::tr("Flocculus session (*.json);;All files (*)"); }

}  // namespace

WindowMenus::WindowMenus(MainWindow* window) : QObject(window), window_(window) {
    dock_ = new QDockWidget(tr("Lesson"), window_);
    dock_->setObjectName(QStringLiteral("lesson-dock"));
    lesson_view_ = new QTextBrowser(dock_);
    // Links "lesson:NAME" open another lesson; other links open in the web browser.
    lesson_view_->setOpenLinks(false);
    connect(lesson_view_, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() != QLatin1String(kLessonLinkScheme)) {
            QDesktopServices::openUrl(url);
            return;
        }
        if (const Lesson* l = find_lesson(lessons_, url.path()))
            apply_lesson(*l);
        else
            report(tr("There is no lesson \"%1\" (see the Lessons menu)").arg(url.path()), {});
    });
    lesson_view_->document()->setDocumentMargin(10);
    dock_->setWidget(lesson_view_);
    dock_->setMinimumWidth(260);
    window_->addDockWidget(Qt::RightDockWidgetArea, dock_);
    dock_->hide();
    dock_->toggleViewAction()->setText(tr("Show lesson text"));

    build_file_menu();
    build_lessons_menu();
    build_export_menu();

    performance_ = new QLabel(window_);
    performance_->setToolTip(tr("Redraws per second of the window, and the simulation's speed "
                                "as a multiple of real time"));
    performance_->setContentsMargins(8, 0, 8, 0);
    window_->statusBar()->addPermanentWidget(performance_);
    performance_clock_.start();
    performance_redraws_ = window_->redraw_count();
    performance_timer_.setInterval(kPerformanceIntervalMs);
    connect(&performance_timer_, &QTimer::timeout, this, &WindowMenus::update_performance);
    performance_timer_.start();
    update_performance();

}

// --- sessions --------------------------------------------------------------------------

void WindowMenus::build_file_menu() {
    file_menu_ = window_->menuBar()->addMenu(tr("&File"));
    QAction* open = file_menu_->addAction(tr("&Open session…"), this,
                                          &WindowMenus::open_session_dialog);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(
        tr("Load protocol, seed, parameters, lesions and the saved runs (the run "
           "under way in its trained state) from a session file"));
    QAction* save = file_menu_->addAction(tr("&Save session…"), this,
                                          &WindowMenus::save_session_dialog);
    save->setShortcut(QKeySequence::Save);
    save->setToolTip(
        tr("Save protocol, seed, every parameter, the lesions, the kept runs and "
           "the run under way (to be reopened trained) to a file"));
    recent_menu_ = file_menu_->addMenu(tr("Recent sessions"));
    rebuild_recent();
    file_menu_->addSeparator();
    file_menu_->addAction(tr("Open s&weep folder…"), this, [this] { open_sweep_window(window_); })
        ->setToolTip(tr("Plot the results of a parameter sweep (flocculus-cli sweep)"));
    file_menu_->addSeparator();
    QAction* quit = file_menu_->addAction(tr("&Quit"), window_, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
}

QString WindowMenus::open_session(const QString& path) {
    auto result = read_session_data_file(path);
    if (auto* e = std::get_if<QString>(&result)) return *e;
    if (!window_->apply_session(std::get<SessionData>(result))) return {};
    remember_session(path);
    return {};
}

QString WindowMenus::save_session(const QString& path) {
    const auto s = window_->snapshot();
    if (!s) return tr("the simulation has stopped: nothing to save");
    if (s->restoring) return tr("the run is still being restored: save it once it is paused");
    const QString error = write_session_file(path, session_of(*s, *window_->history()));
    if (error.isEmpty()) remember_session(path);
    return error;
}

void WindowMenus::open_session_dialog() {
    const QString path = QFileDialog::getOpenFileName(window_, tr("Open session"),
                                                      dialog_folder(), session_filter());
    if (path.isEmpty()) return;
    remember_folder(path);
    report(open_session(path), tr("Opened session %1").arg(QFileInfo(path).fileName()));
}

void WindowMenus::save_session_dialog() {
    QString path = QFileDialog::getSaveFileName(window_, tr("Save session"),
                                                dialog_folder() + QStringLiteral("/session.json"),
                                                session_filter());
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".json");
    remember_folder(path);
    report(save_session(path), tr("Saved session %1").arg(QFileInfo(path).fileName()));
}

void WindowMenus::remember_session(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(settings_key("recentSessions")).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kRecentSessions) recent.removeLast();
    settings.setValue(settings_key("recentSessions"), recent);
    rebuild_recent();
}

void WindowMenus::rebuild_recent() {
    recent_menu_->clear();
    const QStringList recent = QSettings().value(settings_key("recentSessions")).toStringList();
    for (const QString& path : recent) {
        QAction* a = recent_menu_->addAction(QFileInfo(path).fileName());
        a->setToolTip(QDir::toNativeSeparators(path));
        connect(a, &QAction::triggered, this, [this, path] {
            report(open_session(path), tr("Opened session %1").arg(QFileInfo(path).fileName()));
        });
    }
    recent_menu_->setEnabled(!recent.isEmpty());
}

QString WindowMenus::dialog_folder() const {
    const QString last = QSettings().value(settings_key("lastFolder")).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir()) return last;
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

void WindowMenus::remember_folder(const QString& path) {
    const QFileInfo info(path);
    QSettings().setValue(settings_key("lastFolder"),
                         info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

void WindowMenus::report(const QString& error, const QString& done) {
    if (!error.isEmpty()) {
        QMessageBox::warning(window_, tr("Flocculus"), error);
        return;
    }
    window_->statusBar()->showMessage(done, kMessageMs);
}

// --- lessons -----------------------------------------------------------------------------

void WindowMenus::build_lessons_menu() {
    lessons_menu_ = window_->menuBar()->addMenu(tr("&Lessons"));
    reload_lessons();
}

void WindowMenus::reload_lessons() {
    lessons_ = load_lessons(MainWindow::tab_keys());
    for (QAction* a : lessons_menu_->actions()) {
        lessons_menu_->removeAction(a);
        if (a->parent() == lessons_menu_) a->deleteLater();
    }
    lessons_menu_->addAction(dock_->toggleViewAction());
    lessons_menu_->addSeparator();
    for (const Lesson& lesson : lessons_.lessons) {
        QAction* a = lessons_menu_->addAction(lesson.title);
        a->setToolTip(tr("Lesson \"%1\" (%2)").arg(lesson.name, QDir::toNativeSeparators(lesson.source)));
        const QString name = lesson.name;
        connect(a, &QAction::triggered, this, [this, name] {
            if (const Lesson* l = find_lesson(lessons_, name)) apply_lesson(*l);
        });
    }
    lessons_menu_->addSeparator();
    lessons_menu_->addAction(tr("Reload lessons"), this, [this] {
        reload_lessons();
        window_->statusBar()->showMessage(
            tr("%n lesson(s) available", nullptr, static_cast<int>(lessons_.lessons.size())),
            kMessageMs);
    });
    lessons_menu_->addAction(tr("Open my lessons folder…"), this, [] {
        const QString folder = user_lessons_folder();
        QDir().mkpath(folder);
        QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
    });
    problems_action_ = lessons_menu_->addAction(
        lessons_.problems.isEmpty()
            ? tr("Problems with lesson files…")
            : tr("Problems with lesson files (%1)…").arg(lessons_.problems.size()),
        this, &WindowMenus::show_lesson_problems);
    problems_action_->setEnabled(!lessons_.problems.isEmpty());
}

void WindowMenus::show_lesson_problems() {
    QMessageBox box(QMessageBox::Warning, tr("Lesson files"),
                    tr("%n lesson file(s) could not be used:", nullptr,
                       static_cast<int>(lessons_.problems.size())),
                    QMessageBox::Ok, window_);
    box.setInformativeText(lessons_.problems.join(QStringLiteral("\n\n")));
    box.exec();
}

void WindowMenus::apply_lesson(const Lesson& lesson) {
    if (window_->apply_config(lesson.config)) show_lesson(lesson);
}

void WindowMenus::show_lesson(const Lesson& lesson) {
    const qsizetype tab = MainWindow::tab_keys().indexOf(lesson.tab);
    if (tab >= 0) window_->show_tab(static_cast<MainWindow::Tab>(tab));
    if (lesson.speed) window_->transport_bar()->set_speed(*lesson.speed);
    // A short title, so that it fits the dock's tab beside the controls; the lesson's own
    // title heads its text and the tool tip.
    dock_->setWindowTitle(tr("Lesson"));
    dock_->setToolTip(tr("Lesson: %1").arg(lesson.title));
    lesson_ = lesson;
    lesson_settled_ = false;
    lesson_modified_ = false;
    if (lesson.html)
        lesson_view_->setHtml(lesson.text);
    else
        lesson_view_->setMarkdown(lesson.text);
    scale_headings(*lesson_view_->document());
    if (!dock_->isVisible()) {
        // On a short screen (1366 × 768) the lesson shares the controls' place as a tab of
        // its own rather than squeezing them: both keep the full height.
        // A wide window has room for the lesson on the left; otherwise it shares the
        // controls' place as a tab of its own rather than squeezing them. Either way both
        // keep the full height.
        if (window_->width() >= kLessonBesideWidth) {
            window_->addDockWidget(Qt::LeftDockWidgetArea, dock_);
        } else if (!window_->controls_dock()->isHidden() &&
                   window_->tabifiedDockWidgets(dock_).isEmpty()) {
            window_->tabifyDockWidget(window_->controls_dock(), dock_);
        }
        dock_->show();
        window_->resizeDocks({dock_}, {kLessonDockWidth}, Qt::Horizontal);
    }
    dock_->raise();
    // A window not yet shown raises its tabs once laid out.
    QTimer::singleShot(0, dock_, [dock = dock_] { dock->raise(); });
    window_->statusBar()->showMessage(tr("Lesson: %1").arg(lesson.title), kMessageMs);
}

QString WindowMenus::lesson_text_shown() const { return lesson_view_->toPlainText(); }

void WindowMenus::show_snapshot(const Snapshot& s) {
    if (!lesson_ || lesson_modified_) return;
    // Until the run is built from the lesson, the snapshots show the previous run.
    // Changes by hand during the run modify it; the lesson's own scheduled lesions do not.
    const bool changed_by_hand =
        s.marks && std::any_of(s.marks->begin(), s.marks->end(),
                               [](const RunMark& m) { return !m.scheduled; });
    const bool same = same_settings(s.pending_config, lesson_->config) && !changed_by_hand;
    if (!lesson_settled_) {
        lesson_settled_ = same_settings(s.config, lesson_->config);
        return;
    }
    if (same) return;
    lesson_modified_ = true;
    dock_->setWindowTitle(tr("Lesson (modified)"));
    dock_->setToolTip(tr("Lesson: %1\nIts settings have been changed since it was opened; open "
                         "it again from the Lessons menu to restore them.")
                          .arg(lesson_->title));
}

// --- export ------------------------------------------------------------------------------

void WindowMenus::build_export_menu() {
    export_menu_ = window_->menuBar()->addMenu(tr("&Export"));
    QAction* plots_end = export_menu_->addSeparator();
    QAction* current = export_menu_->addAction(tr("Plot of the current tab…"), this,
                                               &WindowMenus::export_current_dialog);
    current->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    recording_action_ = export_menu_->addAction(tr("Recording as CSV…"), this,
                                                &WindowMenus::export_recording_dialog);
    recording_action_->setToolTip(tr("Every completed trial, in the command line's files: "
                             "summary.json, trials.csv, purkinje_spikes.csv, traces.csv"));
    // The plots are listed afresh each time, so that panels registered later appear.
    connect(export_menu_, &QMenu::aboutToShow, this, [this, plots_end] {
        for (QAction* a : export_menu_->actions())
            if (a->property(kPlotProperty).toBool()) {
                export_menu_->removeAction(a);
                a->deleteLater();
            }
        for (Exportable* e : window_->exportables()) {
            if (!window_->offers(e)) continue;  // a tab that is not there (Clock)
            auto* a = new QAction(e->export_title() + QStringLiteral("…"), export_menu_);
            a->setProperty(kPlotProperty, true);
            connect(a, &QAction::triggered, this, [this, e] { export_dialog(e); });
            export_menu_->insertAction(plots_end, a);
        }
    });
}

std::vector<Exportable*> WindowMenus::current_exportables() const {
    std::vector<Exportable*> found;
    const QWidget* tab = window_->tabs()->currentWidget();
    if (!tab) return found;
    for (Exportable* e : window_->exportables()) {
        const QWidget* w = e->export_widget();
        if (w && (w == tab || tab->isAncestorOf(w))) found.push_back(e);
    }
    return found;
}

void WindowMenus::export_current_dialog() {
    const std::vector<Exportable*> found = current_exportables();
    if (found.empty()) {
        window_->statusBar()->showMessage(tr("This tab has no plot to export"), kMessageMs);
        return;
    }
    if (found.size() == 1) {
        export_dialog(found.front());
        return;
    }
    // Several views of one figure: ask which table is meant.
    QMenu choose(window_);
    choose.setTitle(tr("Export"));
    for (Exportable* e : found)
        choose.addAction(e->export_title() + QStringLiteral("…"), this, [this, e] { export_dialog(e); });
    QWidget* tab = window_->tabs()->currentWidget();
    choose.exec(tab->mapToGlobal(QPoint(tab->width() / 3, tab->height() / 4)));
}

void WindowMenus::export_dialog(Exportable* e) {
    QSettings settings;
    const QString last_suffix =
        settings.value(settings_key("exportSuffix"), QStringLiteral("png")).toString();
    QString selected;
    for (const auto& info : export_formats())
        if (last_suffix == QLatin1String(info.suffix)) selected = QString::fromLatin1(info.filter);
    QString path = QFileDialog::getSaveFileName(
        window_, tr("Export %1").arg(e->export_title()),
        dialog_folder() + QLatin1Char('/') + e->export_name() + QLatin1Char('.') + last_suffix,
        export_filters(), &selected);
    if (path.isEmpty()) return;
    auto format = export_format_for(path);
    if (!format) {
        for (const auto& info : export_formats())
            if (selected == QLatin1String(info.filter)) format = info.format;
        if (!format) format = ExportFormat::Png;
        path += QLatin1Char('.') + QLatin1String(export_format_info(*format).suffix);
    }
    remember_folder(path);
    settings.setValue(settings_key("exportSuffix"), QLatin1String(export_format_info(*format).suffix));
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const QString error = export_plot(*e, path, *format);
    QApplication::restoreOverrideCursor();
    report(error, tr("Exported %1 to %2").arg(e->export_title(), QDir::toNativeSeparators(path)));
}

QString WindowMenus::export_recording(const QString& dir, QString* note) {
    const auto s = window_->snapshot();
    if (!s) return tr("the simulation has stopped: nothing to export");
    return ui::export_recording(*s, dir, note);
}

void WindowMenus::export_recording_dialog() {
    const QString dir = QFileDialog::getExistingDirectory(
        window_, tr("Export the recording into a folder"), dialog_folder());
    if (dir.isEmpty()) return;
    remember_folder(dir);
    QStringList existing;
    for (const QString& f : recording_files())
        if (QFileInfo::exists(QDir(dir).filePath(f))) existing << f;
    if (!existing.isEmpty() &&
        QMessageBox::question(window_, tr("Replace files?"),
                              tr("%1 already contains %2. Replace them?")
                                  .arg(QDir::toNativeSeparators(dir),
                                       existing.join(QStringLiteral(", ")))) != QMessageBox::Yes)
        return;
    write_recording_in_background(dir);
}

void WindowMenus::export_run(const RunRecord& run) {
    const QString dir = QFileDialog::getExistingDirectory(
        window_, tr("Export the run \"%1\" into a folder").arg(run.name), dialog_folder());
    if (dir.isEmpty()) return;
    remember_folder(dir);
    write_recording_in_background(dir, std::make_shared<const Snapshot>(run.as_snapshot()));
}

void WindowMenus::write_recording_in_background(const QString& dir,
                                                std::shared_ptr<const Snapshot> snapshot) {
    if (!snapshot) snapshot = window_->snapshot();
    if (!snapshot) return;
    // A long run takes a while to write: do it beside the window, from the immutable
    // snapshot, and report when done.
    struct Outcome {
        QString error, note;
    };
    auto outcome = std::make_shared<Outcome>();
    QThread* writer = QThread::create([snapshot, dir, outcome] {
        outcome->error = ui::export_recording(*snapshot, dir, &outcome->note);
    });
    recording_action_->setEnabled(false);
    window_->statusBar()->showMessage(
        tr("Writing the recording to %1…").arg(QDir::toNativeSeparators(dir)));
    connect(writer, &QThread::finished, writer, &QObject::deleteLater);
    connect(writer, &QThread::finished, this, [this, outcome, dir] {
        recording_action_->setEnabled(true);
        if (outcome->error.isEmpty() && !outcome->note.isEmpty())
            QMessageBox::information(window_, tr("Recording"), outcome->note);
        report(outcome->error, tr("Wrote the recording to %1").arg(QDir::toNativeSeparators(dir)));
        emit recording_written(outcome->error);
    });
    writer->start();
}

// --- status ------------------------------------------------------------------------------

QString WindowMenus::performance_text() const { return performance_->text(); }

void WindowMenus::update_performance() {
    const double seconds = static_cast<double>(performance_clock_.restart()) / 1000.0;
    const int redraws = window_->redraw_count();
    const double fps = seconds > 0 ? (redraws - performance_redraws_) / seconds : 0.0;
    performance_redraws_ = redraws;
    const auto s = window_->snapshot();
    performance_->setText(tr("%1 fps · %2")
                              .arg(qRound(fps))
                              .arg(s ? realtime_text(*s) : QStringLiteral("stopped")));
}

}  // namespace flocculus::ui
