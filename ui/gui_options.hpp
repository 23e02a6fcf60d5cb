// SPDX-License-Identifier: GPL-3.0-or-later
// The command line of the desktop app (`flocculus`), read and checked before any window
// opens: a bad value, an unreadable session file or an unknown lesson is a one-line error.
#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <optional>

#include "lessons.hpp"
#include "runner.hpp"

namespace flocculus::ui {

struct GuiOptions {
    RunConfig config;               // from --protocol/--seed, --load or --lesson
    std::optional<Lesson> lesson;   // --lesson: applied when the window opens
    QString session_file;           // --load
    std::optional<int> demo_trials; // --demo-trials
    QString screenshot;             // --screenshot
    std::optional<int> tab;         // --tab, 0-based
};

class GuiCommandLine {
public:
    GuiCommandLine();

    // Parses the arguments (the first is the program). Returns a one-line error, or empty.
    // `tabs` are the window's tab keys (for lessons), `lesson_folders` where lessons are.
    QString parse(const QStringList& arguments, const QStringList& tabs,
                  const QStringList& lesson_folders = flocculus::ui::lesson_folders());

    bool help_requested() const;
    bool version_requested() const;
    QCommandLineParser& parser() { return parser_; }
    const GuiOptions& options() const { return options_; }

private:
    QString read(const QStringList& tabs, const QStringList& lesson_folders);

    QCommandLineParser parser_;
    QCommandLineOption protocol_, seed_, demo_, screenshot_, tab_, load_, lesson_;
    GuiOptions options_;
};

}  // namespace flocculus::ui
