// SPDX-License-Identifier: GPL-3.0-or-later
// Session files: a run's whole configuration (protocol, seed, trials, every parameter by its
// registry name, lesions) as JSON, tagged with a format name and version. Reading checks
// everything through the core registry and prepare_run before a configuration is returned,
// so nothing is applied from a file that is broken, foreign, too new or out of range.
// The settings part is shared with lesson files (lessons.hpp).
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <variant>

#include "runner.hpp"

namespace flocculus::ui {

inline constexpr char kSessionFormat[] = "flocculus-session";
inline constexpr int kSessionVersion = 1;
// Larger files are refused unread: no session or lesson comes near this.
inline constexpr qint64 kMaxSettingsFileBytes = 4 << 20;

// The keys of a configuration in a JSON object (sessions and lessons).
QStringList config_keys();

// The configuration as JSON: protocol, seed, trials (when set), every parameter, every
// lesion's fraction.
QJsonObject config_to_json(const RunConfig& c);

// Builds a configuration from the defaults and the object's config_keys(): an optional
// preset first, then parameters and lesions over it (as the command line does). Missing
// parameters keep their defaults. Returns the configuration, checked by prepare_run, or a
// one-line error naming what is wrong and the valid range.
std::variant<RunConfig, QString> config_from_json(const QJsonObject& o);

// Parses a JSON document that must be an object tagged `format` with a version no newer than
// `version`; `what` names the kind of file in messages ("session file").
std::variant<QJsonObject, QString> parse_tagged_json(const QByteArray& bytes, const char* format,
                                                     int version, const QString& what);

// The first key of `o` not in `allowed`, as a one-line error, or empty.
QString check_keys(const QJsonObject& o, const QStringList& allowed);

// A whole session file.
QByteArray session_bytes(const RunConfig& c);
std::variant<RunConfig, QString> parse_session(const QByteArray& bytes);

// Reads a file of at most kMaxSettingsFileBytes. Returns its bytes or a one-line error.
std::variant<QByteArray, QString> read_settings_file(const QString& path);

// An error message as one line: control characters quoted (\n, \t, \x1b...).
QString one_line(const QString& error);

// "<file name>: <error>".
QString file_error(const QString& path, const QString& error);

// Reads and checks a session file. Errors start with the file's name.
std::variant<RunConfig, QString> read_session_file(const QString& path);
// Writes a session file atomically (an existing file is replaced only when the new one is
// complete). Returns an error, or empty on success.
QString write_session_file(const QString& path, const RunConfig& c);

}  // namespace flocculus::ui
