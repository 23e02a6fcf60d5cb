// SPDX-License-Identifier: GPL-3.0-or-later
// Lessons: a ready-made experiment with a text for students. A lesson file is Markdown (or
// HTML) that starts with its settings as JSON between two lines of three dashes:
//
//   ---
//   {"format": "flocculus-lesson", "version": 1, "name": "baseline-pursuit",
//    "title": "Baseline pursuit", "protocol": "step-ramp", "trials": 10, "tab": "velocity"}
//   ---
//   # What to look at ...
//
// The settings are checked exactly as session files are (session.hpp). Lessons ship inside
// the program (resources/lessons) and are also read from the user's lessons folder and any
// folders listed in the FLOCCULUS_LESSONS environment variable; see docs/lessons.md.
#pragma once

#include <QString>
#include <QStringList>
#include <optional>
#include <variant>
#include <vector>

#include "runner.hpp"

namespace flocculus::ui {

inline constexpr char kLessonFormat[] = "flocculus-lesson";
inline constexpr int kLessonVersion = 1;
inline constexpr char kLessonsEnvironment[] = "FLOCCULUS_LESSONS";
inline constexpr char kBuiltInLessons[] = ":/lessons";

struct Lesson {
    QString name;    // for --lesson: lower-case letters, digits and hyphens
    QString title;   // for menus and the lesson panel
    RunConfig config;
    QString tab;                   // tab to show (a key of the window's tabs), or empty
    std::optional<double> speed;   // multiple of real time to run at, 0 = as fast as possible
    QString text;                  // what students should look at and questions
    bool html = false;             // text is HTML (else Markdown)
    QString source;                // the file it came from
};

// Parses a lesson file's contents. `tabs` are the valid values of "tab"; `html` says
// whether the text is HTML. Returns the lesson or a one-line error (without the file name).
std::variant<Lesson, QString> parse_lesson(const QByteArray& bytes, const QStringList& tabs,
                                           bool html);
// Reads a lesson file (.md or .html). Errors start with the file's path.
std::variant<Lesson, QString> read_lesson_file(const QString& path, const QStringList& tabs);

// Where lessons are looked for, in order: the built-in ones, the user's lessons folder
// (QStandardPaths::AppDataLocation + "/lessons"), then each folder of FLOCCULUS_LESSONS
// (separated like PATH).
QString user_lessons_folder();
QStringList lesson_folders();

struct LessonLibrary {
    std::vector<Lesson> lessons;  // by folder, then file name; later folders replace by name
    QStringList problems;         // one line per file that could not be used
};

// Reads every *.md and *.html file of the folders (missing folders are skipped).
LessonLibrary load_lessons(const QStringList& tabs, const QStringList& folders = lesson_folders());
const Lesson* find_lesson(const LessonLibrary& library, const QString& name);
// The names of every lesson, for messages.
QStringList lesson_names(const LessonLibrary& library);

}  // namespace flocculus::ui
