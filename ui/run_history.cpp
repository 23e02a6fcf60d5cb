// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_history.hpp"

#include "session.hpp"

#include <algorithm>
#include <cmath>

namespace flocculus::ui {

std::shared_ptr<const TrialRecord> RunRecord::first() const {
    if (trials && !trials->empty() && trials->front()->plan.number == 1) return trials->front();
    return nullptr;
}

Snapshot RunRecord::as_snapshot() const {
    Snapshot s;
    s.config = s.pending_config = config;
    s.trial_count = trial_count;
    s.trial_index = completed();
    s.finished = completed() >= trial_count;
    s.metrics = metrics ? metrics : std::make_shared<const std::vector<TrialMetrics>>();
    s.trials = trials;
    s.weights = weights;
    s.marks = marks ? marks : std::make_shared<const std::vector<RunMark>>();
    if (last) s.recent_trials.push_back(last);
    return s;
}

QString default_run_name(int id, const RunConfig& c) {
    const std::string_view protocol = protocol_info(c.protocol).name;
    QString name = QStringLiteral("%1 · ").arg(id) +
                   QString::fromUtf8(protocol.data(), static_cast<qsizetype>(protocol.size())) +
                   QStringLiteral(" · seed %1").arg(c.seed);
    for (std::size_t i = 0; i < c.lesions.fraction.size(); ++i) {
        const double f = c.lesions.fraction[i];
        if (f <= 0) continue;
        const std::string_view lesion = lesion_name(static_cast<Lesion>(i));
        name += QStringLiteral(" · %1 lesion %2 %")
                    .arg(QString::fromUtf8(lesion.data(), static_cast<qsizetype>(lesion.size())))
                    .arg(std::lround(100 * f));
    }
    for (const TimedLesion& l : c.lesions_at) {
        const std::string_view lesion = lesion_name(l.lesion);
        name += QStringLiteral(" · %1 lesion %2 % from trial %3")
                    .arg(QString::fromUtf8(lesion.data(), static_cast<qsizetype>(lesion.size())))
                    .arg(std::lround(100 * l.fraction))
                    .arg(l.from_trial);
    }
    return name;
}

RunHistory::RunHistory(QObject* parent) : QObject(parent) {}

const RunRecord* RunHistory::find(int id) const {
    for (const RunRecord& r : runs_)
        if (r.id == id) return &r;
    return nullptr;
}

RunRecord* RunHistory::current_mutable() {
    for (RunRecord& r : runs_)
        if (r.run_id == current_run_ && current_run_ != 0) return &r;
    return nullptr;
}

const RunRecord* RunHistory::current() const {
    return const_cast<RunHistory*>(this)->current_mutable();
}

bool RunHistory::current_unkept() const {
    const RunRecord* r = current();
    return r && !r->kept && r->completed() > 0;
}

void RunHistory::follow(const Snapshot& s) {
    bool changed_list = false;
    if (s.run_id != current_run_) {
        // A new run: the previous one goes unless kept.
        const auto gone = std::remove_if(runs_.begin(), runs_.end(), [this](const RunRecord& r) {
            return r.run_id == current_run_ && !r.kept;
        });
        changed_list = gone != runs_.end();
        runs_.erase(gone, runs_.end());
        current_run_ = s.run_id;
        if (!s.restored) expected_.reset();  // replaced before it was restored
    }
    const std::size_t completed = s.metrics ? s.metrics->size() : 0;
    RunRecord* r = current_mutable();
    if (!r) {
        if (completed == 0) {
            if (changed_list) emit changed();
            return;
        }
        RunRecord fresh;
        fresh.id = next_id_++;
        fresh.run_id = s.run_id;
        fresh.initial = s.config;
        if (s.restored && expected_) {
            fresh.name = expected_->name;
            fresh.named = expected_->named && !fresh.name.isEmpty();
            fresh.kept = expected_->kept;
            fresh.visible = expected_->visible;
            expected_.reset();
        }
        runs_.push_back(std::move(fresh));
        r = &runs_.back();
        changed_list = true;
    }
    if (r->metrics != s.metrics || r->marks != s.marks || r->weights != s.weights) {
        // A new trial or a change: the results so far.
        if (r->completed() != completed) changed_list = true;
        r->config = s.config;
        r->trial_count = s.trial_count;
        r->metrics = s.metrics;
        r->trials = s.trials;
        r->weights = s.weights;
        r->marks = s.marks;
        if (!s.recent_trials.empty()) r->last = s.recent_trials.back();
        if (!r->named) {
            const QString name = default_run_name(r->id, r->config);
            if (name != r->name) changed_list = true;
            r->name = name;
        }
    }
    if (changed_list) emit changed();
}

void RunHistory::keep_current() {
    if (RunRecord* r = current_mutable(); r && !r->kept) {
        r->kept = true;
        emit changed();
    }
}

int RunHistory::add_saved(RunRecord r) {
    r.id = next_id_++;
    r.run_id = 0;
    r.kept = true;
    if (!r.named || r.name.isEmpty()) {
        r.named = false;
        r.name = default_run_name(r.id, r.config);
    }
    // Kept runs first, oldest first; the current run stays last.
    const auto at = std::find_if(runs_.begin(), runs_.end(), [this](const RunRecord& x) {
        return current_run_ != 0 && x.run_id == current_run_;
    });
    runs_.insert(at, std::move(r));
    emit changed();
    return next_id_ - 1;
}

void RunHistory::expect_restored(const QString& name, bool named, bool kept, bool visible) {
    expected_ = Expected{name, named, kept, visible};
}

SessionData session_of(const Snapshot& s, const RunHistory& history) {
    SessionData d;
    d.config = s.pending_config;
    SavedCurrentRun c;
    c.config = s.start_config;
    if (s.changes) c.changes = *s.changes;
    c.step = s.step_index;
    c.trials_done = s.metrics ? s.metrics->size() : 0;
    const RunRecord* current = history.current();
    if (current && current->run_id != s.run_id) current = nullptr;  // not followed yet
    if (current) {
        c.name = current->name;
        c.named = current->named;
        c.kept = current->kept;
        c.visible = current->visible;
    }
    d.current = std::move(c);
    for (const RunRecord& r : history.runs())
        if (r.kept && &r != current) d.runs.push_back(r);
    return d;
}

bool RunHistory::rename(int id, const QString& name) {
    for (RunRecord& r : runs_)
        if (r.id == id) {
            if (name.trimmed().isEmpty() || r.name == name.trimmed()) return false;
            r.name = name.trimmed();
            r.named = true;
            r.kept = true;  // a named run is one the user wants
            emit changed();
            return true;
        }
    return false;
}

bool RunHistory::set_visible(int id, bool visible) {
    for (RunRecord& r : runs_)
        if (r.id == id && r.visible != visible) {
            r.visible = visible;
            emit changed();
            return true;
        }
    return false;
}

bool RunHistory::remove(int id) {
    const auto gone =
        std::remove_if(runs_.begin(), runs_.end(), [id](const RunRecord& r) { return r.id == id; });
    if (gone == runs_.end()) return false;
    runs_.erase(gone, runs_.end());
    emit changed();
    return true;
}

}  // namespace flocculus::ui
