// SPDX-License-Identifier: GPL-3.0-or-later
// Runs as objects: the run under way and the runs kept from before, each with its settings,
// the changes made during it, and its results (per-trial measures, trial records, weights).
// A run stays in the history once kept; the current run is replaced by the next unless it
// is kept. Everything held is an immutable piece of a runner snapshot, shared, not copied.
#pragma once

#include <QObject>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

#include "runner.hpp"

namespace flocculus::ui {

struct RunRecord {
    int id = 0;                // unique in the history
    std::uint64_t run_id = 0;  // Snapshot::run_id it came from
    QString name;
    bool kept = false;
    bool visible = true;
    bool named = false;  // by the user
    RunConfig config;    // as it ended (lesions and live parameters included)
    RunConfig initial;   // as it began
    std::size_t trial_count = 0;
    std::shared_ptr<const std::vector<TrialMetrics>> metrics;
    std::shared_ptr<const std::vector<std::shared_ptr<const TrialRecord>>> trials;
    std::shared_ptr<const TrialRecord> last;  // the latest completed trial
    std::shared_ptr<const WeightMap> weights;
    std::shared_ptr<const std::vector<RunMark>> marks;

    std::size_t completed() const { return metrics ? metrics->size() : 0; }
    std::shared_ptr<const TrialRecord> first() const;  // trial 1, when its record is kept
    // A snapshot holding the run's results, for the exporter.
    Snapshot as_snapshot() const;
};

// "3 · direction-learning · seed 1 · ltd lesion 100 %": the run's number in the history,
// protocol, seed and lesions.
QString default_run_name(int id, const RunConfig& c);

class RunHistory : public QObject {
    Q_OBJECT

  public:
    explicit RunHistory(QObject* parent = nullptr);

    // Follows the runner: updates the current run, and when a new run begins drops the
    // previous one unless it was kept.
    void follow(const Snapshot& s);

    // Kept runs, oldest first, then the current run (if it has completed trials).
    const std::vector<RunRecord>& runs() const { return runs_; }
    const RunRecord* find(int id) const;
    const RunRecord* current() const;
    // Whether replacing the current run would lose results the user has not kept.
    bool current_unkept() const;

    void keep_current();
    // Adds a kept run read from a session file, before the current run; returns its id.
    int add_saved(RunRecord r);
    // The next run rebuilt by cmd::Restore (Snapshot::restored) is listed with this name,
    // and kept and shown as given.
    void expect_restored(const QString& name, bool named, bool kept, bool visible);
    bool rename(int id, const QString& name);
    bool set_visible(int id, bool visible);
    bool remove(int id);

  signals:
    void changed();

  private:
    RunRecord* current_mutable();

    std::vector<RunRecord> runs_;
    std::uint64_t current_run_ = 0;  // Snapshot::run_id of the current run
    struct Expected {
        QString name;
        bool named = false, kept = false, visible = true;
    };
    std::optional<Expected> expected_;  // how to list the run being restored
    int next_id_ = 1;
};

}  // namespace flocculus::ui
