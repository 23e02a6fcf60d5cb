// SPDX-License-Identifier: GPL-3.0-or-later
#include "session.hpp"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>
#include <QSet>
#include <cmath>

#include "params/lesions.hpp"
#include "params/presets.hpp"
#include "params/registry.hpp"
#include "util/one_line.hpp"
#include "util/read_file.hpp"

namespace flocculus::ui {
namespace {

constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53: larger seeds go as text
constexpr int kMaxTrials = 100000;

QString qstr(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}
QString qstr(const std::string& s) { return QString::fromStdString(s); }

// A JSON value as it would appear in a message.
QString value_text(const QJsonValue& v) {
    switch (v.type()) {
        case QJsonValue::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Double: return QString::number(v.toDouble(), 'g', 17);
        case QJsonValue::String: return v.toString();
        case QJsonValue::Array: return QStringLiteral("a list");
        case QJsonValue::Object: return QStringLiteral("an object");
        default: return QStringLiteral("null");
    }
}

// How a JSON value of the wrong type is shown: `the text "0.5"`, `the number 1`, `true`.
std::string typed_text(const QJsonValue& v) {
    if (v.isString()) return "the text \"" + v.toString().toStdString() + "\"";
    if (v.isDouble()) return "the number " + value_text(v).toStdString();
    return value_text(v).toStdString();
}

// A whole number in [low, high] from a JSON number, or nothing.
std::optional<double> whole(const QJsonValue& v, double low, double high) {
    if (!v.isDouble()) return std::nullopt;
    const double x = v.toDouble();
    if (!std::isfinite(x) || x != std::floor(x) || x < low || x > high) return std::nullopt;
    return x;
}

std::optional<QString> read_protocol(const QJsonObject& o, RunConfig& c) {
    const QJsonValue v = o.value(QStringLiteral("protocol"));
    if (v.isUndefined()) return QStringLiteral("no \"protocol\" given");
    const auto p = v.isString() ? find_protocol(v.toString().toStdString()) : std::nullopt;
    if (!p) {
        QStringList names;
        for (const auto& info : protocols()) names << qstr(info.name);
        return QStringLiteral("unknown protocol '%1' (valid: %2)")
            .arg(value_text(v), names.join(QStringLiteral(", ")));
    }
    c.protocol = *p;
    return std::nullopt;
}

std::optional<QString> read_seed(const QJsonObject& o, RunConfig& c) {
    const QJsonValue v = o.value(QStringLiteral("seed"));
    if (v.isUndefined()) return std::nullopt;
    bool ok = false;
    std::uint64_t seed = 0;
    if (const auto x = whole(v, 0.0, kMaxExactInteger)) {
        seed = static_cast<std::uint64_t>(*x);
        ok = true;
    } else if (v.isString()) {
        const QString s = v.toString();
        seed = s.toULongLong(&ok);
        ok = ok && !s.isEmpty() && s.front().isDigit();
    }
    if (!ok)
        return QStringLiteral("seed must be a whole number >= 0, got %1").arg(value_text(v));
    c.seed = seed;
    return std::nullopt;
}

std::optional<QString> read_trials(const QJsonObject& o, RunConfig& c) {
    const QJsonValue v = o.value(QStringLiteral("trials"));
    if (v.isUndefined() || v.isNull()) {
        c.trials.reset();
        return std::nullopt;
    }
    const auto x = whole(v, 1.0, kMaxTrials);
    if (!x)
        return QStringLiteral("trials must be a whole number in [1, %1], got %2")
            .arg(kMaxTrials)
            .arg(value_text(v));
    c.trials = static_cast<int>(*x);
    return std::nullopt;
}

std::optional<QString> read_preset(const QJsonObject& o, RunConfig& c) {
    const QJsonValue v = o.value(QStringLiteral("preset"));
    if (v.isUndefined()) return std::nullopt;
    if (!v.isString())
        return QStringLiteral("\"preset\" must be a preset's name, got %1")
            .arg(QString::fromStdString(typed_text(v)));
    if (auto e = apply_preset(value_text(v).toStdString(), c.params, c.lesions)) return qstr(*e);
    return std::nullopt;
}

// Applies each name: value pair of the object o[key]; stops at the first error.
template <typename Apply>
std::optional<QString> read_pairs(const QJsonObject& o, const char* key, const char* what,
                                  Apply apply) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined()) return std::nullopt;
    if (!v.isObject())
        return QStringLiteral("\"%1\" must be an object of name: %2 pairs")
            .arg(QLatin1String(key), QLatin1String(what));
    const QJsonObject pairs = v.toObject();
    for (auto it = pairs.begin(); it != pairs.end(); ++it)
        if (const std::optional<std::string> e = apply(it.key(), it.value())) return qstr(*e);
    return std::nullopt;
}

std::optional<QString> read_parameters(const QJsonObject& o, RunConfig& c) {
    // Strict types: a number for a number (not the text of one), a choice by its name.
    return read_pairs(o, "parameters", "value",
                      [&c](const QString& key, const QJsonValue& value) -> std::optional<std::string> {
                          const std::string name = key.toStdString();
                          const ParamSpec* spec = find_parameter(name);
                          if (!spec) return set_parameter(c.params, name, 0.0);  // names the valid ones
                          if (spec->kind == ParamKind::Choice) {
                              if (!value.isString())
                                  return "parameter " + name + " must be one of " + spec->range_text() +
                                         " given by name, got " + typed_text(value);
                              return set_parameter_text(c.params, name, value.toString().toStdString());
                          }
                          if (!value.isDouble())
                              return "parameter " + name + " must be a number in " + spec->range_text() +
                                     ", got " + typed_text(value);
                          return set_parameter(c.params, name, value.toDouble());
                      });
}

std::optional<QString> read_lesions(const QJsonObject& o, RunConfig& c) {
    // The core parses "name:fraction" and names the lesion or the range on bad input.
    return read_pairs(o, "lesions", "fraction",
                      [&c](const QString& key, const QJsonValue& value) -> std::optional<std::string> {
                          if (!find_lesion(key.toStdString()) || value.isDouble())
                              return apply_lesion_text(
                                  c.lesions, (key + QLatin1Char(':') + value_text(value)).toStdString());
                          return "lesion " + key.toStdString() +
                                 " fraction must be a number in [0, 1], got " + typed_text(value);
                      });
}

// Decodes the JSON string starting at bytes[i] (the opening quote); leaves i after its
// closing quote. The text is valid JSON (checked before).
QString json_string(const QByteArray& bytes, qsizetype& i) {
    QString out;
    qsizetype run = ++i;  // start of a stretch without escapes
    while (i < bytes.size() && bytes[i] != '"') {
        if (bytes[i] != '\\') {
            ++i;
            continue;
        }
        out += QString::fromUtf8(bytes.constData() + run, i - run);
        const char e = i + 1 < bytes.size() ? bytes[i + 1] : '\0';
        i += 2;
        switch (e) {
            case 'b': out += QLatin1Char('\b'); break;
            case 'f': out += QLatin1Char('\f'); break;
            case 'n': out += QLatin1Char('\n'); break;
            case 'r': out += QLatin1Char('\r'); break;
            case 't': out += QLatin1Char('\t'); break;
            case 'u': {
                bool ok = false;
                const ushort unit = QByteArray(bytes.constData() + std::min(i, bytes.size()),
                                               std::min<qsizetype>(4, bytes.size() - std::min(i, bytes.size())))
                                        .toUShort(&ok, 16);
                out += QChar(ok ? unit : ushort{0xFFFD});
                i += 4;
                break;
            }
            default: out += QLatin1Char(e); break;
        }
        run = i;
    }
    if (i > bytes.size()) i = bytes.size();
    out += QString::fromUtf8(bytes.constData() + run, i - run);
    ++i;  // the closing quote
    return out;
}

// The first key that appears twice in one object of a valid JSON text, as a one-line
// error, or empty. (A JSON reader keeps only one of them, silently.)
QString duplicate_key(const QByteArray& bytes) {
    struct Level {
        bool object;
        QSet<QString> keys;
        QString name;  // the key this object or list is the value of
        bool key_next = false;
    };
    std::vector<Level> levels;
    QString last_key;
    for (qsizetype i = 0; i < bytes.size();) {
        const char c = bytes[i];
        if (c == '"') {
            QString text = json_string(bytes, i);
            if (!levels.empty() && levels.back().object && levels.back().key_next) {
                Level& l = levels.back();
                l.key_next = false;
                if (l.keys.contains(text))
                    return l.name.isEmpty()
                               ? QStringLiteral("duplicate key \"%1\"").arg(text)
                               : QStringLiteral("duplicate key \"%1\" in \"%2\"").arg(text, l.name);
                l.keys.insert(text);
                last_key = std::move(text);
            }
            continue;
        }
        if (c == '{' || c == '[') {
            const QString name = !levels.empty() && levels.back().object ? last_key : QString();
            levels.push_back(Level{c == '{', {}, name, c == '{'});
        } else if (c == '}' || c == ']') {
            if (!levels.empty()) levels.pop_back();
        } else if (c == ',' && !levels.empty() && levels.back().object) {
            levels.back().key_next = true;
        }
        ++i;
    }
    return {};
}

}  // namespace

static std::variant<RunConfig, QString> parse_session_lines(const QByteArray& bytes);

QStringList config_keys() {
    return {QStringLiteral("protocol"), QStringLiteral("seed"),       QStringLiteral("trials"),
            QStringLiteral("preset"),   QStringLiteral("parameters"), QStringLiteral("lesions")};
}

QJsonObject config_to_json(const RunConfig& c) {
    QJsonObject o;
    o.insert(QStringLiteral("protocol"), qstr(protocol_info(c.protocol).name));
    if (static_cast<double>(c.seed) <= kMaxExactInteger)
        o.insert(QStringLiteral("seed"), static_cast<double>(c.seed));
    else
        o.insert(QStringLiteral("seed"), QString::number(c.seed));
    if (c.trials) o.insert(QStringLiteral("trials"), *c.trials);
    QJsonObject params;
    for (const ParamSpec& spec : parameter_specs()) {
        const double v = get_parameter(c.params, spec);
        if (spec.kind == ParamKind::Choice)
            params.insert(qstr(spec.name), qstr(spec.format_value(v)));
        else
            params.insert(qstr(spec.name), v);
    }
    o.insert(QStringLiteral("parameters"), params);
    QJsonObject lesions;
    for (const LesionInfo& info : lesion_infos()) lesions.insert(qstr(info.name), c.lesions[info.lesion]);
    o.insert(QStringLiteral("lesions"), lesions);
    return o;
}

std::variant<RunConfig, QString> config_from_json(const QJsonObject& o) {
    RunConfig c;
    using Reader = std::optional<QString> (*)(const QJsonObject&, RunConfig&);
    for (Reader read : {read_protocol, read_seed, read_trials, read_preset, read_parameters,
                        read_lesions})
        if (auto e = read(o, c)) return *e;
    auto schedule = prepare_run(c);
    if (auto* e = std::get_if<std::string>(&schedule)) return qstr(*e);
    return c;
}

QString check_keys(const QJsonObject& o, const QStringList& allowed) {
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!allowed.contains(it.key()))
            return QStringLiteral("unknown setting \"%1\" (valid: %2)")
                .arg(it.key(), allowed.join(QStringLiteral(", ")));
    return {};
}

std::variant<QJsonObject, QString> parse_tagged_json(const QByteArray& bytes, const char* format,
                                                     int version, const QString& what) {
    const QString expected = QString::fromLatin1(format);
    if (bytes.trimmed().isEmpty()) return QStringLiteral("empty, not a %1").arg(what);
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return QStringLiteral("not valid JSON (%1 at character %2): the file is broken or truncated")
            .arg(error.errorString())
            .arg(error.offset);
    if (!doc.isObject()) return QStringLiteral("not a %1 (not a JSON object)").arg(what);
    if (QString dup = duplicate_key(bytes); !dup.isEmpty()) return dup;
    const QJsonObject o = doc.object();
    const QJsonValue tag = o.value(QStringLiteral("format"));
    if (tag.toString() != expected)
        return QStringLiteral("not a %1 (its \"format\" is %2, expected \"%3\")")
            .arg(what,
                 tag.isUndefined() ? QStringLiteral("missing")
                                   : QLatin1Char('"') + value_text(tag) + QLatin1Char('"'),
                 expected);
    const QJsonValue v = o.value(QStringLiteral("version"));
    const auto n = whole(v, 1.0, 1e9);
    if (!n)
        return QStringLiteral("no valid \"version\" (a whole number >= 1), got %1")
            .arg(v.isUndefined() ? QStringLiteral("none") : value_text(v));
    if (*n > version)
        return QStringLiteral("written by a newer Flocculus (%1 version %2; this version "
                              "reads up to %3)")
            .arg(what)
            .arg(static_cast<qint64>(*n))
            .arg(version);
    return o;
}

QByteArray session_bytes(const RunConfig& c) {
    QJsonObject o = config_to_json(c);
    o.insert(QStringLiteral("format"), QString::fromLatin1(kSessionFormat));
    o.insert(QStringLiteral("version"), kSessionVersion);
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

// The error as one line (it may quote a value with a line break in it).
QString one_line(const QString& error) {
    return QString::fromStdString(flocculus::one_line(error.toStdString()));
}

std::variant<RunConfig, QString> parse_session(const QByteArray& bytes) {
    auto r = parse_session_lines(bytes);
    if (auto* e = std::get_if<QString>(&r)) return one_line(*e);
    return r;
}

static std::variant<RunConfig, QString> parse_session_lines(const QByteArray& bytes) {
    auto doc = parse_tagged_json(bytes, kSessionFormat, kSessionVersion,
                                 QStringLiteral("Flocculus session file"));
    if (auto* e = std::get_if<QString>(&doc)) return *e;
    const QJsonObject& o = std::get<QJsonObject>(doc);
    const QString keys = check_keys(
        o, QStringList{QStringLiteral("format"), QStringLiteral("version")} + config_keys());
    if (!keys.isEmpty()) return keys;
    return config_from_json(o);
}

std::variant<QByteArray, QString> read_settings_file(const QString& path) {
    if (path.startsWith(QLatin1Char(':'))) {  // built into the program (Qt resources)
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot be read (%1)").arg(f.errorString());
        QByteArray bytes = f.read(kMaxSettingsFileBytes + 1);
        if (bytes.size() > kMaxSettingsFileBytes)
            return QStringLiteral("too large (more than %1 bytes)").arg(kMaxSettingsFileBytes);
        return bytes;
    }
    const FileRead r = read_regular_file(QFile::encodeName(path).toStdString(),
                                         static_cast<std::size_t>(kMaxSettingsFileBytes));
    if (!r.error.empty()) return QString::fromStdString(r.error);
    return QByteArray(r.bytes.data(), static_cast<qsizetype>(r.bytes.size()));
}

std::variant<RunConfig, QString> read_session_file(const QString& path) {
    auto bytes = read_settings_file(path);
    if (auto* e = std::get_if<QString>(&bytes)) return file_error(path, *e);
    auto result = parse_session(std::get<QByteArray>(bytes));
    if (auto* e = std::get_if<QString>(&result)) return file_error(path, *e);
    return result;
}

QString file_error(const QString& path, const QString& error) {
    return one_line(QFileInfo(path).fileName() + QStringLiteral(": ") + error);
}

QString write_session_file(const QString& path, const RunConfig& c) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1 (%2)").arg(path, f.errorString());
    const QByteArray bytes = session_bytes(c);
    if (f.write(bytes) != bytes.size() || !f.commit())
        return QStringLiteral("cannot write %1 (%2)").arg(path, f.errorString());
    return {};
}

}  // namespace flocculus::ui
