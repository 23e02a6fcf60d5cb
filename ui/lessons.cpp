// SPDX-License-Identifier: GPL-3.0-or-later
#include "lessons.hpp"

#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <algorithm>
#include <cmath>

#include "session.hpp"
#include "view_model.hpp"

// The built-in lessons are compiled into this static library; referencing their resource
// initialiser keeps the linker from dropping them.
static void init_lesson_resources() {
    static const bool done = [] {
        Q_INIT_RESOURCE(lessons);
        return true;
    }();
    (void)done;
}

namespace flocculus::ui {
namespace {

constexpr char kFence[] = "---";

QStringList lesson_keys() {
    return QStringList{QStringLiteral("format"), QStringLiteral("version"),
                       QStringLiteral("name"),   QStringLiteral("title"),
                       QStringLiteral("tab"),    QStringLiteral("speed"),
                       QStringLiteral("lesions_at")} +
           config_keys();
}

// Splits "---\n{json}\n---\ntext" into the JSON and the text.
std::optional<std::pair<QString, QString>> split_front_matter(QString all) {
    all.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    if (all.startsWith(QChar(0xFEFF))) all.remove(0, 1);
    const QString fence = QString::fromLatin1(kFence);
    if (!all.startsWith(fence + QLatin1Char('\n'))) return std::nullopt;
    const qsizetype start = fence.size() + 1;
    for (qsizetype at = all.indexOf(QLatin1Char('\n') + fence, start - 1); at >= 0;
         at = all.indexOf(QLatin1Char('\n') + fence, at + 1)) {
        const qsizetype after = at + 1 + fence.size();
        if (after == all.size() || all.at(after) == QLatin1Char('\n'))
            return std::pair{all.mid(start, at - start), all.mid(after + 1)};
    }
    return std::nullopt;
}

std::optional<QString> read_speed(const QJsonObject& o, Lesson& lesson) {
    const QJsonValue v = o.value(QStringLiteral("speed"));
    if (v.isUndefined()) return std::nullopt;
    const auto steps = speed_steps();
    double low = INFINITY, high = 0;
    for (double s : steps)
        if (s > 0) {
            low = std::min(low, s);
            high = std::max(high, s);
        }
    if (v.toString() == QLatin1String("max")) {
        lesson.speed = 0.0;
        return std::nullopt;
    }
    if (!v.isDouble() || !(v.toDouble() >= low && v.toDouble() <= high))
        return QStringLiteral("speed must be \"max\" or a number in [%1, %2] (times real time), "
                              "got %3")
            .arg(low)
            .arg(high)
            .arg(v.isDouble() ? QString::number(v.toDouble()) : v.toVariant().toString());
    lesson.speed = v.toDouble();
    return std::nullopt;
}

}  // namespace

namespace {
std::variant<Lesson, QString> parse_lesson_lines(const QByteArray& bytes, const QStringList& tabs,
                                                 bool html);
}  // namespace

std::variant<Lesson, QString> parse_lesson(const QByteArray& bytes, const QStringList& tabs,
                                           bool html) {
    auto r = parse_lesson_lines(bytes, tabs, html);
    if (auto* e = std::get_if<QString>(&r)) return one_line(*e);
    return r;
}

namespace {
std::variant<Lesson, QString> parse_lesson_lines(const QByteArray& bytes, const QStringList& tabs,
                                                 bool html) {
    const auto parts = split_front_matter(QString::fromUtf8(bytes));
    if (!parts)
        return QStringLiteral("not a Flocculus lesson: it must start with a line \"---\", its "
                              "JSON settings, and another line \"---\"");
    auto doc = parse_tagged_json(parts->first.toUtf8(), kLessonFormat, kLessonVersion,
                                 QStringLiteral("Flocculus lesson"));
    if (auto* e = std::get_if<QString>(&doc)) return QStringLiteral("settings ") + *e;
    const QJsonObject& o = std::get<QJsonObject>(doc);
    if (QString e = check_keys(o, lesson_keys()); !e.isEmpty()) return e;

    Lesson lesson;
    static const QRegularExpression kName(QStringLiteral("^[a-z0-9][a-z0-9-]{0,63}$"));
    const QJsonValue name = o.value(QStringLiteral("name"));
    lesson.name = name.toString();
    if (!name.isString() || !kName.match(lesson.name).hasMatch())
        return QStringLiteral("\"name\" must be 1-64 lower-case letters, digits and hyphens, "
                              "got \"%1\"")
            .arg(name.toVariant().toString());
    lesson.title = o.value(QStringLiteral("title")).toString().trimmed();
    if (lesson.title.isEmpty()) return QStringLiteral("\"title\" must be a non-empty text");
    const QJsonValue tab = o.value(QStringLiteral("tab"));
    if (!tab.isUndefined()) {
        lesson.tab = tab.toString();
        if (!tabs.contains(lesson.tab))
            return QStringLiteral("unknown tab \"%1\" (valid: %2)")
                .arg(tab.toVariant().toString(), tabs.join(QStringLiteral(", ")));
    }
    if (auto e = read_speed(o, lesson)) return *e;
    auto config = config_from_json(o);
    if (auto* e = std::get_if<QString>(&config)) return *e;
    lesson.config = std::get<RunConfig>(config);
    lesson.text = parts->second.trimmed();
    if (lesson.text.isEmpty()) return QStringLiteral("no text after the settings");
    lesson.html = html;
    return lesson;
}
}  // namespace

std::variant<Lesson, QString> read_lesson_file(const QString& path, const QStringList& tabs) {
    const QString where = one_line(QDir::toNativeSeparators(path)) + QStringLiteral(": ");
    auto bytes = read_settings_file(path);
    if (auto* e = std::get_if<QString>(&bytes)) return where + *e;
    const QString suffix = QFileInfo(path).suffix().toLower();
    const bool html = suffix == QLatin1String("html") || suffix == QLatin1String("htm");
    auto result = parse_lesson(std::get<QByteArray>(bytes), tabs, html);
    if (auto* e = std::get_if<QString>(&result)) return where + *e;
    std::get<Lesson>(result).source = path;
    return result;
}

QString user_lessons_folder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/lessons");
}

QStringList lesson_folders() {
    QStringList folders{QString::fromLatin1(kBuiltInLessons), user_lessons_folder()};
    const QString extra = qEnvironmentVariable(kLessonsEnvironment);
    for (const QString& f : extra.split(QDir::listSeparator(), Qt::SkipEmptyParts))
        folders << f;
    return folders;
}

LessonLibrary load_lessons(const QStringList& tabs, const QStringList& folders) {
    init_lesson_resources();
    const QString user = user_lessons_folder();
    const QString builtin = QString::fromLatin1(kBuiltInLessons);
    LessonLibrary library;
    std::vector<int> folder_of;  // index into `folders` of each lesson
    for (int fi = 0; fi < folders.size(); ++fi) {
        const QDir dir(folders[fi]);
        if (!dir.exists()) {
            if (folders[fi] != user && folders[fi] != builtin)
                library.problems << QStringLiteral("%1: lessons folder not found")
                                        .arg(QDir::toNativeSeparators(folders[fi]));
            continue;
        }
        const QStringList files =
            dir.entryList({QStringLiteral("*.md"), QStringLiteral("*.html"), QStringLiteral("*.htm")},
                          QDir::Files | QDir::Readable, QDir::Name);
        for (const QString& file : files) {
            auto result = read_lesson_file(dir.filePath(file), tabs);
            if (auto* e = std::get_if<QString>(&result)) {
                library.problems << *e;
                continue;
            }
            Lesson& lesson = std::get<Lesson>(result);
            auto same = std::find_if(library.lessons.begin(), library.lessons.end(),
                                     [&](const Lesson& l) { return l.name == lesson.name; });
            if (same == library.lessons.end()) {
                library.lessons.push_back(std::move(lesson));
                folder_of.push_back(fi);
                continue;
            }
            const auto index = static_cast<std::size_t>(same - library.lessons.begin());
            if (folder_of[index] == fi) {
                library.problems << QStringLiteral("%1: lesson name \"%2\" is also used by %3")
                                        .arg(QDir::toNativeSeparators(lesson.source), lesson.name,
                                             QDir::toNativeSeparators(same->source));
                continue;
            }
            *same = std::move(lesson);  // a teacher's own version replaces the earlier one
            folder_of[index] = fi;
        }
    }
    return library;
}

const Lesson* find_lesson(const LessonLibrary& library, const QString& name) {
    for (const Lesson& l : library.lessons)
        if (l.name == name) return &l;
    return nullptr;
}

QStringList lesson_names(const LessonLibrary& library) {
    QStringList names;
    for (const Lesson& l : library.lessons) names << l.name;
    return names;
}

}  // namespace flocculus::ui
