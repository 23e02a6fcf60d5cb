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
#include "saved_runs.hpp"
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

std::optional<QString> read_lesions_at(const QJsonObject& o, RunConfig& c) {
    const QJsonValue v = o.value(QStringLiteral("lesions_at"));
    if (v.isUndefined()) return std::nullopt;
    if (!v.isArray())
        return QStringLiteral("\"lesions_at\" must be a list of \"K:lesion[:fraction]\" texts");
    for (const QJsonValue& item : v.toArray()) {
        if (!item.isString())
            return QStringLiteral(
                       "\"lesions_at\" must be a list of \"K:lesion[:fraction]\" "
                       "texts, got %1")
                .arg(QString::fromStdString(typed_text(item)));
        auto t = parse_timed_lesion(item.toString().toStdString(), "lesions_at");
        if (auto* e = std::get_if<std::string>(&t)) return qstr(*e);
        c.lesions_at.push_back(std::get<TimedLesion>(t));
    }
    // The trials must be in the run (read after the protocol, its length and parameters; a
    // schedule that cannot be made is reported by prepare_run).
    const auto schedule = make_schedule(c.protocol, c.params, c.trials);
    if (const auto* plans = std::get_if<std::vector<TrialPlan>>(&schedule))
        if (auto e = check_timed_lesions(c.lesions_at, plans->size(), "lesions_at")) return qstr(*e);
    return std::nullopt;
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

static std::variant<SessionData, QString> parse_session_lines(const QByteArray& bytes);

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
    if (!c.lesions_at.empty()) {
        QJsonArray at;
        for (const TimedLesion& l : c.lesions_at) at.append(qstr(l.describe()));
        o.insert(QStringLiteral("lesions_at"), at);
    }
    return o;
}

std::variant<RunConfig, QString> config_from_json(const QJsonObject& o) {
    RunConfig c;
    using Reader = std::optional<QString> (*)(const QJsonObject&, RunConfig&);
    for (Reader read : {read_protocol, read_seed, read_trials, read_preset, read_parameters,
                        read_lesions, read_lesions_at})
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
    SessionData d;
    d.config = c;
    return session_bytes(d);
}

namespace {

QStringList run_config_keys() {
    return config_keys() << QStringLiteral("lesions_at");
}

QJsonObject current_run_json(const SavedCurrentRun& r) {
    QJsonObject o;
    o.insert(QStringLiteral("config"), config_to_json(r.config));
    QJsonArray changes;
    for (const RunChange& c : r.changes) {
        QJsonObject x;
        x.insert(QStringLiteral("step"), static_cast<double>(c.step));
        if (c.lesion) {
            x.insert(QStringLiteral("lesion"), qstr(c.name));
            x.insert(QStringLiteral("fraction"), c.value);
        } else {
            x.insert(QStringLiteral("parameter"), qstr(c.name));
            x.insert(QStringLiteral("value"), c.value);
        }
        changes.append(x);
    }
    o.insert(QStringLiteral("changes"), changes);
    o.insert(QStringLiteral("step"), static_cast<double>(r.step));
    o.insert(QStringLiteral("trials_done"), static_cast<double>(r.trials_done));
    if (!r.name.isEmpty()) o.insert(QStringLiteral("name"), r.name);
    o.insert(QStringLiteral("named"), r.named);
    o.insert(QStringLiteral("kept"), r.kept);
    o.insert(QStringLiteral("visible"), r.visible);
    return o;
}

QJsonObject kept_run_json(const RunRecord& r) {
    QJsonObject o;
    o.insert(QStringLiteral("name"), r.name);
    o.insert(QStringLiteral("named"), r.named);
    o.insert(QStringLiteral("visible"), r.visible);
    o.insert(QStringLiteral("config"), config_to_json(r.config));
    o.insert(QStringLiteral("initial"), config_to_json(r.initial));
    o.insert(QStringLiteral("results"), QString::fromLatin1(saved_run_bytes(r).toBase64()));
    return o;
}

// A configuration in o[key], checked as a session's.
std::optional<QString> read_config(const QJsonObject& o, const char* key, RunConfig& out) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isObject())
        return QStringLiteral("\"%1\" must be an object of settings").arg(QLatin1String(key));
    const QString keys = check_keys(v.toObject(), run_config_keys());
    if (!keys.isEmpty()) return QStringLiteral("in \"%1\": %2").arg(QLatin1String(key), keys);
    auto c = config_from_json(v.toObject());
    if (auto* e = std::get_if<QString>(&c))
        return QStringLiteral("in \"%1\": %2").arg(QLatin1String(key), *e);
    out = std::get<RunConfig>(c);
    return std::nullopt;
}

std::optional<QString> read_flag(const QJsonObject& o, const char* key, bool& out) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined()) return std::nullopt;
    if (!v.isBool())
        return QStringLiteral("\"%1\" must be true or false, got %2")
            .arg(QLatin1String(key), QString::fromStdString(typed_text(v)));
    out = v.toBool();
    return std::nullopt;
}

std::optional<QString> read_name(const QJsonObject& o, QString& out) {
    const QJsonValue v = o.value(QStringLiteral("name"));
    if (v.isUndefined()) return std::nullopt;
    if (!v.isString() || v.toString().trimmed().isEmpty() || v.toString().size() > 1000)
        return QStringLiteral("\"name\" must be a text of 1 to 1000 characters");
    out = v.toString().trimmed();
    return std::nullopt;
}

std::optional<QString> read_current_run(const QJsonObject& o, SavedCurrentRun& r) {
    const QString keys =
        check_keys(o, {QStringLiteral("config"), QStringLiteral("changes"), QStringLiteral("step"),
                       QStringLiteral("trials_done"), QStringLiteral("name"),
                       QStringLiteral("named"), QStringLiteral("kept"), QStringLiteral("visible")});
    if (!keys.isEmpty()) return keys;
    if (auto e = read_config(o, "config", r.config)) return e;
    const auto step = whole(o.value(QStringLiteral("step")), 0.0, kMaxExactInteger);
    if (!step) return QStringLiteral("\"step\" must be a whole number >= 0");
    r.step = static_cast<std::int64_t>(*step);
    const auto done = whole(o.value(QStringLiteral("trials_done")), 0.0, kMaxTrials);
    if (!done)
        return QStringLiteral("\"trials_done\" must be a whole number in [0, %1]").arg(kMaxTrials);
    r.trials_done = static_cast<std::size_t>(*done);
    const QJsonValue changes = o.value(QStringLiteral("changes"));
    if (!changes.isUndefined() && !changes.isArray())
        return QStringLiteral("\"changes\" must be a list");
    std::int64_t previous = 0;
    Parameters scratch = r.config.params;
    for (const QJsonValue& item : changes.toArray()) {
        const QString where = QStringLiteral("change %1: ").arg(r.changes.size() + 1);
        if (!item.isObject()) return where + QStringLiteral("not an object");
        const QJsonObject x = item.toObject();
        RunChange c;
        const auto at = whole(x.value(QStringLiteral("step")), static_cast<double>(previous),
                              static_cast<double>(r.step));
        if (!at)
            return where + QStringLiteral(
                               "\"step\" must be a whole number in [%1, %2] "
                               "(changes in order, none after the run's step)")
                               .arg(previous)
                               .arg(r.step);
        c.step = previous = static_cast<std::int64_t>(*at);
        c.lesion = x.contains(QStringLiteral("lesion"));
        const char* name_key = c.lesion ? "lesion" : "parameter";
        const char* value_key = c.lesion ? "fraction" : "value";
        const QString k = check_keys(
            x, {QStringLiteral("step"), QLatin1String(name_key), QLatin1String(value_key)});
        if (!k.isEmpty()) return where + k;
        const QJsonValue name = x.value(QLatin1String(name_key));
        const QJsonValue value = x.value(QLatin1String(value_key));
        c.name = name.toString().toStdString();
        c.value = value.toDouble();
        if (c.lesion) {
            if (!name.isString() || !find_lesion(c.name)) {
                QStringList names;
                for (const LesionInfo& info : lesion_infos()) names << qstr(info.name);
                return where + QStringLiteral("unknown lesion %1 (valid: %2)")
                                   .arg(value_text(name), names.join(QStringLiteral(", ")));
            }
            if (!value.isDouble() || !(c.value >= 0.0 && c.value <= 1.0))
                return where +
                       QStringLiteral("lesion %1 fraction must be a number in [0, 1], got %2")
                           .arg(qstr(c.name), value_text(value));
        } else {
            const ParamSpec* spec = name.isString() ? find_parameter(c.name) : nullptr;
            if (!spec) return where + QStringLiteral("unknown parameter %1").arg(value_text(name));
            if (!value.isDouble())
                return where + QStringLiteral("parameter %1 must be a number in %2, got %3")
                                   .arg(qstr(c.name), qstr(spec->range_text()), value_text(value));
            // As the runner took it: on the settings with the changes before it.
            if (auto e = set_parameter(scratch, c.name, c.value)) return where + qstr(*e);
        }
        r.changes.push_back(std::move(c));
    }
    if (auto e = read_name(o, r.name)) return e;
    for (auto [key, flag] :
         {std::pair{"named", &r.named}, {"kept", &r.kept}, {"visible", &r.visible}})
        if (auto e = read_flag(o, key, *flag)) return e;
    return std::nullopt;
}

std::optional<QString> read_kept_run(const QJsonObject& o, RunRecord& r) {
    const QString keys = check_keys(
        o, {QStringLiteral("name"), QStringLiteral("named"), QStringLiteral("visible"),
            QStringLiteral("config"), QStringLiteral("initial"), QStringLiteral("results")});
    if (!keys.isEmpty()) return keys;
    if (auto e = read_config(o, "config", r.config)) return e;
    if (auto e = read_config(o, "initial", r.initial)) return e;
    if (auto e = read_name(o, r.name)) return e;
    if (auto e = read_flag(o, "named", r.named)) return e;
    if (auto e = read_flag(o, "visible", r.visible)) return e;
    const QJsonValue results = o.value(QStringLiteral("results"));
    if (!results.isString()) return QStringLiteral("no \"results\" (the run's data in base64)");
    const auto decoded = QByteArray::fromBase64Encoding(results.toString().toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) return QStringLiteral("\"results\" is not base64");
    if (QString e = read_saved_run(*decoded, r); !e.isEmpty())
        return QStringLiteral("results: ") + e;
    r.kept = true;
    return std::nullopt;
}

}  // namespace

QByteArray session_bytes(const SessionData& d) {
    QJsonObject o = config_to_json(d.config);
    o.insert(QStringLiteral("format"), QString::fromLatin1(kSessionFormat));
    o.insert(QStringLiteral("version"), kSessionVersion);
    if (d.current) o.insert(QStringLiteral("current_run"), current_run_json(*d.current));
    if (!d.runs.empty()) {
        QJsonArray runs;
        for (const RunRecord& r : d.runs) runs.append(kept_run_json(r));
        o.insert(QStringLiteral("runs"), runs);
    }
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

// The error as one line (it may quote a value with a line break in it).
QString one_line(const QString& error) {
    return QString::fromStdString(flocculus::one_line(error.toStdString()));
}

std::variant<SessionData, QString> parse_session_data(const QByteArray& bytes) {
    auto r = parse_session_lines(bytes);
    if (auto* e = std::get_if<QString>(&r)) return one_line(*e);
    return r;
}

std::variant<RunConfig, QString> parse_session(const QByteArray& bytes) {
    auto r = parse_session_data(bytes);
    if (auto* e = std::get_if<QString>(&r)) return *e;
    return std::get<SessionData>(r).config;
}

static std::variant<SessionData, QString> parse_session_lines(const QByteArray& bytes) {
    auto doc = parse_tagged_json(bytes, kSessionFormat, kSessionVersion,
                                 QStringLiteral("Flocculus session file"));
    if (auto* e = std::get_if<QString>(&doc)) return *e;
    const QJsonObject& o = std::get<QJsonObject>(doc);
    const QString keys =
        check_keys(o, QStringList{QStringLiteral("format"), QStringLiteral("version"),
                                  QStringLiteral("current_run"), QStringLiteral("runs")} +
                          run_config_keys());
    if (!keys.isEmpty()) return keys;
    SessionData d;
    auto config = config_from_json(o);
    if (auto* e = std::get_if<QString>(&config)) return *e;
    d.config = std::get<RunConfig>(config);
    const QJsonValue current = o.value(QStringLiteral("current_run"));
    if (!current.isUndefined()) {
        if (!current.isObject()) return QStringLiteral("\"current_run\" must be an object");
        SavedCurrentRun r;
        if (auto e = read_current_run(current.toObject(), r))
            return QStringLiteral("current_run: ") + *e;
        d.current = std::move(r);
    }
    const QJsonValue runs = o.value(QStringLiteral("runs"));
    if (!runs.isUndefined() && !runs.isArray()) return QStringLiteral("\"runs\" must be a list");
    for (const QJsonValue& item : runs.toArray()) {
        const QString where = QStringLiteral("run %1: ").arg(d.runs.size() + 1);
        if (!item.isObject()) return where + QStringLiteral("not an object");
        RunRecord r;
        if (auto e = read_kept_run(item.toObject(), r)) return where + *e;
        d.runs.push_back(std::move(r));
    }
    return d;
}

std::variant<QByteArray, QString> read_settings_file(const QString& path, qint64 max_bytes) {
    if (path.startsWith(QLatin1Char(':'))) {  // built into the program (Qt resources)
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot be read (%1)").arg(f.errorString());
        QByteArray bytes = f.read(max_bytes + 1);
        if (bytes.size() > max_bytes)
            return QStringLiteral("too large (more than %1 bytes)").arg(max_bytes);
        return bytes;
    }
    const FileRead r = read_regular_file(QFile::encodeName(path).toStdString(),
                                         static_cast<std::size_t>(max_bytes));
    if (!r.error.empty()) return QString::fromStdString(r.error);
    return QByteArray(r.bytes.data(), static_cast<qsizetype>(r.bytes.size()));
}

std::variant<SessionData, QString> read_session_data_file(const QString& path) {
    auto bytes = read_settings_file(path, kMaxSessionFileBytes);
    if (auto* e = std::get_if<QString>(&bytes)) return file_error(path, *e);
    auto result = parse_session_data(std::get<QByteArray>(bytes));
    if (auto* e = std::get_if<QString>(&result)) return file_error(path, *e);
    return result;
}

std::variant<RunConfig, QString> read_session_file(const QString& path) {
    auto result = read_session_data_file(path);
    if (auto* e = std::get_if<QString>(&result)) return *e;
    return std::get<SessionData>(result).config;
}

QString file_error(const QString& path, const QString& error) {
    return one_line(QFileInfo(path).fileName() + QStringLiteral(": ") + error);
}

QString write_session_file(const QString& path, const RunConfig& c) {
    SessionData d;
    d.config = c;
    return write_session_file(path, d);
}

QString write_session_file(const QString& path, const SessionData& d) {
    // QSaveFile writes a temporary file beside `path` and renames it over `path` on commit.
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1 (%2)").arg(path, f.errorString());
    const QByteArray bytes = session_bytes(d);
    if (f.write(bytes) != bytes.size() || !f.commit())
        return QStringLiteral("cannot write %1 (%2)").arg(path, f.errorString());
    return {};
}

}  // namespace flocculus::ui
