// SPDX-License-Identifier: GPL-3.0-or-later
// Session files: a run's whole configuration (protocol, seed, trials, every parameter by its
// registry name, lesions) as JSON, tagged with a format name and version. Reading checks
// everything through the core registry and prepare_run before a configuration is returned,
// so nothing is applied from a file that is broken, foreign, too new or out of range.
// The settings part is shared with lesson files (lessons.hpp).
//
// From version 2 a session may also hold runs: the kept runs of the Runs tab with their
// results (saved_runs.hpp), and the run under way as what rebuilds it exactly: the
// configuration it was built from, every change made since with the step it was made at,
// and the step reached. Opening it replays that run at full speed (the model is
// deterministic), which gives back its trained state (weights and every other plastic or
// changing state) and its results, as if it had never been closed. Version 1 files (settings
// only) are still read.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>
#include <variant>
#include <vector>

#include "run_history.hpp"
#include "runner.hpp"

namespace flocculus::ui {

inline constexpr char kSessionFormat[] = "flocculus-session";
inline constexpr int kSessionVersion = 2;
// Larger files are refused unread: no lesson comes near this.
inline constexpr qint64 kMaxSettingsFileBytes = 4 << 20;
// Sessions may hold runs' results; larger ones are refused unread.
inline constexpr qint64 kMaxSessionFileBytes = qint64{256} << 20;

// The run under way, as saved: what rebuilds it (cmd::Restore) and how it is listed.
struct SavedCurrentRun {
    RunConfig config;                // as the run was built
    std::vector<RunChange> changes;  // made during it, in order
    std::int64_t step = 0;           // Simulation::step_index() reached
    std::size_t trials_done = 0;     // completed trials at that step
    QString name;
    bool named = false, kept = false, visible = true;
};

// A whole session: the settings (what the next reset builds), and from version 2 the run
// under way and the kept runs (RunRecord with its results; id and run_id are not saved).
struct SessionData {
    RunConfig config;
    std::optional<SavedCurrentRun> current;
    std::vector<RunRecord> runs;  // oldest first
};

// The session of a window: its settings, the run under way in `s`, and the kept runs of
// `history` (the current one, kept or not, is saved as the run under way).
SessionData session_of(const Snapshot& s, const RunHistory& history);

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

// A whole session file: settings only, or with runs.
QByteArray session_bytes(const RunConfig& c);
QByteArray session_bytes(const SessionData& d);
// The settings of a session file (its runs are checked too, and left aside).
std::variant<RunConfig, QString> parse_session(const QByteArray& bytes);
std::variant<SessionData, QString> parse_session_data(const QByteArray& bytes);

// Reads a file of at most `max_bytes`. Returns its bytes or a one-line error.
std::variant<QByteArray, QString> read_settings_file(const QString& path,
                                                     qint64 max_bytes = kMaxSettingsFileBytes);

// An error message as one line: control characters quoted (\n, \t, \x1b...).
QString one_line(const QString& error);

// "<file name>: <error>".
QString file_error(const QString& path, const QString& error);

// Reads and checks a session file. Errors start with the file's name.
std::variant<RunConfig, QString> read_session_file(const QString& path);
std::variant<SessionData, QString> read_session_data_file(const QString& path);
// Writes a session file atomically (an existing file is replaced only when the new one is
// complete). Returns an error, or empty on success.
QString write_session_file(const QString& path, const RunConfig& c);
QString write_session_file(const QString& path, const SessionData& d);

}  // namespace flocculus::ui
