// SPDX-License-Identifier: GPL-3.0-or-later
// What the main window offers beyond its panels: the File menu (open and save sessions),
// the Lessons menu with the lesson panel, the Export menu (every registered plot as a
// picture or a table, and the whole recording as the command line writes it), and the
// status bar's readout of redraws per second and speed.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>
#include <optional>
#include <vector>

#include "lessons.hpp"
#include "run_history.hpp"
#include "runner.hpp"

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QTextBrowser;

namespace flocculus::ui {

class Exportable;
class MainWindow;

class WindowMenus : public QObject {
    Q_OBJECT

public:
    static constexpr int kPerformanceIntervalMs = 1000;
    static constexpr int kRecentSessions = 6;
    // From this window width on the lesson panel opens on the left; in a narrower window,
    // as a tab beside the controls.
    static constexpr int kLessonBesideWidth = 1700;

    explicit WindowMenus(MainWindow* window);

    // Reads and checks a session file, then applies it; on error nothing changes. Returns
    // the error, or empty.
    QString open_session(const QString& path);
    // Saves the configuration the next reset would build (every change made so far).
    QString save_session(const QString& path);

    // Applies a lesson: its configuration, tab and speed, and shows its text.
    void apply_lesson(const Lesson& lesson);
    // Shows the lesson's text, tab and speed without building a new run.
    void show_lesson(const Lesson& lesson);
    const LessonLibrary& lessons() const { return lessons_; }
    void reload_lessons();
    QDockWidget* lesson_dock() const { return dock_; }
    QString lesson_text_shown() const;
    // Whether the lesson shown has had its settings changed (its panel says "modified").
    bool lesson_modified() const { return lesson_modified_; }
    // Follows the run: marks the lesson panel "modified" once its settings are changed.
    void show_snapshot(const Snapshot& s);

    // The registered plots that belong to the current tab (Ctrl+E exports these).
    std::vector<Exportable*> current_exportables() const;
    // Writes the run's recording so far into `dir` (see exporter.hpp).
    QString export_recording(const QString& dir, QString* note = nullptr);
    // The same on a thread of its own, from the latest snapshot; the window stays live and
    // recording_written reports the outcome (an error, or empty).
    void write_recording_in_background(const QString& dir,
                                       std::shared_ptr<const Snapshot> snapshot = nullptr);
    // Asks for a folder and writes a run of the history there, as the recording.
    void export_run(const RunRecord& run);

    // "58 fps · 12.3× real time", updated about once a second.
    QString performance_text() const;
    void update_performance();

    QMenu* file_menu() const { return file_menu_; }
    QMenu* lessons_menu() const { return lessons_menu_; }
    QMenu* export_menu() const { return export_menu_; }

signals:
    void recording_written(const QString& error);

private:
    void build_file_menu();
    void build_lessons_menu();
    void build_export_menu();
    void rebuild_recent();
    void remember_session(const QString& path);
    QString dialog_folder() const;
    void remember_folder(const QString& path);
    void report(const QString& error, const QString& done);

    void open_session_dialog();
    void save_session_dialog();
    void export_dialog(Exportable* e);
    void export_current_dialog();
    void export_recording_dialog();
    void show_lesson_problems();

    MainWindow* window_;
    QMenu* file_menu_ = nullptr;
    QMenu* recent_menu_ = nullptr;
    QMenu* lessons_menu_ = nullptr;
    QMenu* export_menu_ = nullptr;
    QAction* problems_action_ = nullptr;
    QAction* recording_action_ = nullptr;
    QDockWidget* dock_ = nullptr;
    QTextBrowser* lesson_view_ = nullptr;
    QLabel* performance_ = nullptr;
    QTimer performance_timer_;
    QElapsedTimer performance_clock_;
    int performance_redraws_ = 0;
    LessonLibrary lessons_;
    std::optional<Lesson> lesson_;  // shown in the panel
    bool lesson_settled_ = false;   // the run has been built from it
    bool lesson_modified_ = false;
};

}  // namespace flocculus::ui
