// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the lesson reader (ui/lessons.cpp): front matter, settings and text. Any bytes give
// a lesson with a valid name, title, tab and configuration, or one line of error.
#include <QByteArray>
#include <QRegularExpression>
#include <cstdint>
#include <cstdlib>

#include "lessons.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const QStringList kTabs = {QStringLiteral("velocity"), QStringLiteral("purkinje"),
                                      QStringLiteral("learning"), QStringLiteral("weights")};
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const bool html = size > 0 && (data[0] & 1);
    const auto r = flocculus::ui::parse_lesson(bytes, kTabs, html);
    if (const auto* e = std::get_if<QString>(&r)) {
        if (e->isEmpty() || e->contains(QLatin1Char('\n'))) std::abort();
        return 0;
    }
    const auto& lesson = std::get<flocculus::ui::Lesson>(r);
    static const QRegularExpression kName(QStringLiteral("^[a-z0-9][a-z0-9-]{0,63}$"));
    if (!kName.match(lesson.name).hasMatch() || lesson.title.isEmpty() || lesson.text.isEmpty())
        std::abort();
    if (!lesson.tab.isEmpty() && !kTabs.contains(lesson.tab)) std::abort();
    if (!std::holds_alternative<std::vector<flocculus::TrialPlan>>(flocculus::prepare_run(lesson.config)))
        std::abort();
    return 0;
}
