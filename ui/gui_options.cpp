// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui_options.hpp"

#include <QFileInfo>

#include "session.hpp"

namespace flocculus::ui {
namespace {

QString protocol_names() {
    QStringList names;
    for (const auto& info : protocols())
        names << QString::fromUtf8(info.name.data(), static_cast<qsizetype>(info.name.size()));
    return names.join(QStringLiteral(", "));
}

}  // namespace

GuiCommandLine::GuiCommandLine()
    : protocol_(QStringLiteral("protocol"),
                QStringLiteral("Protocol to load: %1 (default step-ramp).").arg(protocol_names()),
                QStringLiteral("name"), QStringLiteral("step-ramp")),
      seed_(QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."),
            QStringLiteral("S"), QStringLiteral("1")),
      demo_(QStringLiteral("demo-trials"),
            QStringLiteral("Run N trials as fast as possible, then pause."), QStringLiteral("N")),
      screenshot_(QStringLiteral("screenshot"),
                  QStringLiteral("Save a picture of the window to FILE (after --demo-trials) "
                                 "and exit."),
                  QStringLiteral("FILE")),
      tab_(QStringLiteral("tab"),
           QStringLiteral("Show tab N beside the scene, by number or name: 1 velocity, 2 "
                          "purkinje, 3 learning, 4 weights (default 1, or the lesson's)."),
           QStringLiteral("N")),
      load_(QStringLiteral("load"), QStringLiteral("Open the session FILE (saved from File > "
                                                   "Save session)."),
            QStringLiteral("FILE")),
      lesson_(QStringLiteral("lesson"),
              QStringLiteral("Open the lesson NAME (see the Lessons menu and docs/lessons.md), "
                             "or a lesson file."),
              QStringLiteral("NAME")) {
    parser_.setApplicationDescription(
        QStringLiteral("A spiking cerebellum model that learns smooth eye pursuit."));
    parser_.addHelpOption();
    parser_.addVersionOption();
    parser_.addOptions({protocol_, seed_, load_, lesson_, demo_, screenshot_, tab_});
}

bool GuiCommandLine::help_requested() const {
    return parser_.isSet(QStringLiteral("help")) || parser_.isSet(QStringLiteral("help-all"));
}

bool GuiCommandLine::version_requested() const { return parser_.isSet(QStringLiteral("version")); }

QString GuiCommandLine::parse(const QStringList& arguments, const QStringList& tabs,
                              const QStringList& lesson_folders) {
    options_ = GuiOptions{};
    if (!parser_.parse(arguments)) return parser_.errorText();
    if (help_requested() || version_requested()) return {};
    return read(tabs, lesson_folders);
}

QString GuiCommandLine::read(const QStringList& tabs, const QStringList& lesson_folders) {
    if (!parser_.positionalArguments().isEmpty())
        return QStringLiteral("unexpected argument '%1'")
            .arg(parser_.positionalArguments().constFirst());
    const bool load = parser_.isSet(load_), lesson = parser_.isSet(lesson_);
    if (load && lesson) return QStringLiteral("--load and --lesson cannot be used together");
    if ((load || lesson) && (parser_.isSet(protocol_) || parser_.isSet(seed_)))
        return QStringLiteral("--protocol and --seed cannot be combined with --%1 (the %2 "
                              "sets them)")
            .arg(load ? QStringLiteral("load") : QStringLiteral("lesson"),
                 load ? QStringLiteral("session file") : QStringLiteral("lesson"));

    RunConfig& config = options_.config;
    const QString protocol_name = parser_.value(protocol_);
    const auto protocol = find_protocol(protocol_name.toStdString());
    if (!protocol)
        return QStringLiteral("unknown protocol '%1' (valid: %2)").arg(protocol_name, protocol_names());
    config.protocol = *protocol;
    bool ok = false;
    config.seed = parser_.value(seed_).toULongLong(&ok);
    if (!ok)
        return QStringLiteral("--seed must be a whole number >= 0, got '%1'").arg(parser_.value(seed_));

    if (load) {
        options_.session_file = parser_.value(load_);
        auto session = read_session_file(options_.session_file);
        if (auto* e = std::get_if<QString>(&session)) return *e;
        config = std::get<RunConfig>(session);
    }
    if (lesson) {
        const QString name = parser_.value(lesson_);
        const LessonLibrary library = load_lessons(tabs, lesson_folders);
        if (const Lesson* found = find_lesson(library, name)) {
            options_.lesson = *found;
        } else if (QFileInfo(name).isFile()) {
            auto file = read_lesson_file(name, tabs);
            if (auto* e = std::get_if<QString>(&file)) return *e;
            options_.lesson = std::get<Lesson>(file);
        } else {
            QString message = QStringLiteral("unknown lesson '%1' (valid: %2)")
                                  .arg(name, lesson_names(library).join(QStringLiteral(", ")));
            if (!library.problems.isEmpty())
                message += QStringLiteral("; %1 lesson file(s) could not be read, e.g. %2")
                               .arg(library.problems.size())
                               .arg(library.problems.constFirst());
            return message;
        }
        config = options_.lesson->config;
    }

    if (parser_.isSet(demo_)) {
        const int n = parser_.value(demo_).toInt(&ok);
        if (!ok || n < 0)
            return QStringLiteral("--demo-trials must be a whole number >= 0, got '%1'")
                .arg(parser_.value(demo_));
        options_.demo_trials = n;
    }
    options_.screenshot = parser_.value(screenshot_);
    if (parser_.isSet(screenshot_) && options_.screenshot.isEmpty())
        return QStringLiteral("--screenshot needs a file name");
    if (parser_.isSet(tab_)) {
        const QString v = parser_.value(tab_);
        const int n = v.toInt(&ok);
        if (ok && n >= 1 && n <= tabs.size())
            options_.tab = n - 1;
        else if (tabs.contains(v))
            options_.tab = static_cast<int>(tabs.indexOf(v));
        else
            return QStringLiteral("--tab must be a number from 1 to %1 or one of %2, got '%3'")
                .arg(tabs.size())
                .arg(tabs.join(QStringLiteral(", ")), v);
    }
    return {};
}

}  // namespace flocculus::ui
