// SPDX-License-Identifier: GPL-3.0-or-later
#include "runner.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "simulation.hpp"

namespace flocculus {
namespace {
using Clock = std::chrono::steady_clock;
constexpr auto kFrame = std::chrono::microseconds(16667);  // publish at most ~60 Hz
constexpr int kStepsPerCheck = 8;  // steps between clock reads

// Hands memory the allocator holds free back to the system. After a reset, the old run's
// records and buffers are freed in many pieces, on this thread and on the GUI's as it drops
// old snapshots; glibc would keep them in its arenas for a run that does not need them.
void release_free_memory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
}  // namespace

Runner::Runner(RunConfig config) : config_(config), pending_config_(config) {
    if (!rebuild(config_)) {
        // An unusable configuration: fall back to the defaults and say why.
        const std::string why = error_;
        config_ = pending_config_ = RunConfig{};
        rebuild(config_);
        error_ = why;
    }
    publish();
    thread_ = std::thread([this] { thread_main(); });
}

Runner::~Runner() {
    {
        std::lock_guard lk(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::uint64_t Runner::send(Command c) {
    std::uint64_t id;
    {
        std::lock_guard lk(mu_);
        queue_.push_back(std::move(c));
        id = ++sent_;
    }
    cv_.notify_all();
    return id;
}

std::shared_ptr<const Snapshot> Runner::snapshot() const {
    std::lock_guard lk(mu_);
    return latest_;
}

std::optional<std::string> validate_threads(int threads) {
    if (threads >= 1 && threads <= ThreadPool::kMaxThreads) return std::nullopt;
    return "--threads must be a whole number in [1, " + std::to_string(ThreadPool::kMaxThreads) +
           "], got " + std::to_string(threads);
}

std::variant<std::vector<TrialPlan>, std::string> prepare_run(const RunConfig& c) {
    if (auto e = validate_threads(c.threads)) return *e;
    if (auto e = validate_parameters(c.params)) return *e;
    auto schedule = make_schedule(c.protocol, c.params, c.trials);
    if (const auto* s = std::get_if<std::vector<TrialPlan>>(&schedule))
        if (auto e = check_timed_lesions(c.lesions_at, s->size())) return *e;
    return schedule;
}

bool Runner::rebuild(const RunConfig& c) {
    auto schedule = prepare_run(c);
    if (auto* e = std::get_if<std::string>(&schedule)) {
        error_ = *e;
        return false;
    }
    sim_ = std::make_unique<Simulation>(c.params, std::move(std::get<0>(schedule)), c.seed,
                                        c.lesions, c.threads);
    sim_->schedule_lesions(c.lesions_at);
    sim_->on_trial_end([this](const TrialRecord& r, const TrialMetrics& m) { on_trial_end(r, m); });
    config_ = c;
    pending_config_ = c;
    recent_.clear();
    metrics_ = std::make_shared<const std::vector<TrialMetrics>>();
    activity_ = ActivityMeter{};
    kept_ = std::make_shared<const std::vector<std::shared_ptr<const TrialRecord>>>();
    kept_bytes_ = 0;
    weights_.reset();
    marks_ = std::make_shared<const std::vector<RunMark>>();
    start_config_ = c;
    changes_ = std::make_shared<const std::vector<RunChange>>();
    restored_ = restoring_ = false;
    replay_.clear();
    replay_next_ = 0;
    ++run_id_;
    finished_ = false;
    playing_ = stepping_ = false;
    error_.clear();
    return true;
}

void Runner::apply(const Command& c) {
    std::visit(
        [this](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, cmd::Play>) {
                if (!finished_) playing_ = true;
            } else if constexpr (std::is_same_v<T, cmd::Pause>) {
                playing_ = stepping_ = false;
            } else if constexpr (std::is_same_v<T, cmd::StepTrial>) {
                if (!finished_) {
                    stepping_ = true;
                    step_until_trial_ = sim_->trial_index() + 1;
                }
            } else if constexpr (std::is_same_v<T, cmd::Reset>) {
                rebuild(x.config ? *x.config : pending_config_);
                // Once now (after the next snapshot replaces the old one) and once when the
                // GUI has had time to drop the snapshots it still holds.
                trims_left_ = 2;
                next_trim_ = Clock::now();
            } else if constexpr (std::is_same_v<T, cmd::Restore>) {
                if (!rebuild(x.config)) return;
                restored_ = restoring_ = true;
                replay_ = x.changes;
                std::stable_sort(
                    replay_.begin(), replay_.end(),
                    [](const RunChange& a, const RunChange& b) { return a.step < b.step; });
                replay_to_ = x.to_step;
                trims_left_ = 2;
                next_trim_ = Clock::now();
            } else if constexpr (std::is_same_v<T, cmd::SetSpeed>) {
                speed_ = std::isfinite(x.speed) && x.speed > 0 ? x.speed : 0.0;
            } else if constexpr (std::is_same_v<T, cmd::SetLesion>) {
                if (!(x.fraction >= 0.0 && x.fraction <= 1.0)) {
                    error_ = "lesion " + std::string(lesion_name(x.lesion)) +
                             " fraction must be in [0, 1]";
                    return;
                }
                log_change(true, lesion_name(x.lesion), x.fraction);
                // On top of the lesions in force: a scheduled lesion already applied stays
                // unless this one is the same part's.
                Lesions in_force = sim_->lesions();
                const bool changes = in_force[x.lesion] != x.fraction;
                in_force[x.lesion] = x.fraction;
                config_.lesions[x.lesion] = x.fraction;
                pending_config_.lesions[x.lesion] = x.fraction;
                sim_->set_lesions(in_force);
                error_.clear();
                if (changes) {
                    mark(std::string(lesion_name(x.lesion)) + " lesion " +
                         std::to_string(std::lround(100.0 * x.fraction)) + " %");
                }
            } else if constexpr (std::is_same_v<T, cmd::SetParameter>) {
                Parameters trial = pending_config_.params;
                if (auto e = flocculus::set_parameter(trial, x.name, x.value)) {
                    error_ = *e;
                    return;
                }
                pending_config_.params = trial;
                log_change(false, x.name, x.value);
                const ParamSpec* s = find_parameter(x.name);
                if (!s->structural) {
                    const double before = get_parameter(config_.params, *s);
                    sim_->set_parameter(x.name, x.value);
                    config_.params = sim_->parameters();
                    const double after = get_parameter(config_.params, *s);
                    if (after != before)
                        mark(std::string(s->name) + " = " + s->format_value(after));
                }
                error_.clear();
            }
        },
        c);
}

void Runner::on_trial_end(const TrialRecord& r, const TrialMetrics& m) {
    auto record = std::make_shared<const TrialRecord>(r);
    recent_.push_back(record);
    while (recent_.size() > kRecentTrials) recent_.pop_front();
    const std::size_t bytes = sizeof(TrialRecord) + r.trace.size() * sizeof(TraceSample) +
                              r.spikes.size() * sizeof(PurkinjeSpike);
    if (kept_->size() == metrics_->size() && kept_bytes_ + bytes <= kKeptRecordBytes) {
        auto kept = std::make_shared<std::vector<std::shared_ptr<const TrialRecord>>>(*kept_);
        kept->push_back(std::move(record));
        kept_ = std::move(kept);
        kept_bytes_ += bytes;
    }
    // A new copy each trial (snapshots share the old one). Its capacity is rounded up to a
    // power of two, so that the copies of many trials in a row are blocks of one size and
    // the allocator reuses the block just freed; blocks one trial larger each time left
    // holes behind and the resident memory grew after the record cap.
    auto all = std::make_shared<std::vector<TrialMetrics>>();
    all->reserve(std::bit_ceil(metrics_->size() + 1));
    all->assign(metrics_->begin(), metrics_->end());
    all->push_back(m);
    metrics_ = std::move(all);
    weights_ = std::make_shared<const WeightMap>(sim_->weight_map());
}

void Runner::mark(std::string label, bool scheduled) {
    // Changes before the first step are the run's settings, not changes during it.
    if (sim_->sim_time_s() <= 0.0) return;
    auto marks = std::make_shared<std::vector<RunMark>>(*marks_);
    const std::size_t trial = sim_->trial_index() + 1;
    // A slider dragged through many values within one trial leaves one mark, its last.
    const auto subject = [](const std::string& l) { return l.substr(0, l.find_first_of(" =")); };
    if (!marks->empty() && marks->back().trial == trial &&
        subject(marks->back().label) == subject(label))
        marks->pop_back();
    marks->push_back({trial, sim_->time_in_trial_ms(), std::move(label), scheduled});
    marks_ = std::move(marks);
}

void Runner::mark_scheduled_lesions() {
    if (sim_->finished()) return;
    const int trial = sim_->current_plan().number;
    for (const auto& l : config_.lesions_at)
        if (l.from_trial == trial)
            mark(std::string(lesion_name(l.lesion)) + " lesion " +
                     std::to_string(std::lround(100.0 * l.fraction)) + " %",
                 true);
}

void Runner::log_change(bool lesion, std::string_view name, double value) {
    auto changes = std::make_shared<std::vector<RunChange>>(*changes_);
    changes->push_back({sim_->step_index(), lesion, std::string(name), value});
    changes_ = std::move(changes);
}

void Runner::replay_frame() {
    const auto start = Clock::now();
    while (restoring_ && Clock::now() - start < kFrame) {
        for (int i = 0; i < kStepsPerCheck && restoring_; ++i) {
            // The changes made before this step, as they were made.
            while (replay_next_ < replay_.size() &&
                   replay_[replay_next_].step <= sim_->step_index()) {
                const RunChange& c = replay_[replay_next_++];
                if (c.lesion) {
                    if (const auto l = find_lesion(c.name)) apply(cmd::SetLesion{*l, c.value});
                } else {
                    apply(cmd::SetParameter{c.name, c.value});
                }
            }
            if (sim_->step_index() >= replay_to_ || sim_->finished() || sim_->fault()) {
                restoring_ = false;
                break;
            }
            const std::size_t before = sim_->trial_index();
            sim_->step();
            activity_.observe(sim_->cerebellum(), sim_->parameters(), sim_->lesions());
            if (sim_->trial_index() != before) mark_scheduled_lesions();
        }
    }
    if (restoring_) return;
    replay_.clear();
    replay_next_ = 0;
    finished_ = sim_->finished();
    playing_ = stepping_ = false;
    if (sim_->fault()) error_ = *sim_->fault();
}

void Runner::publish() {
    auto s = std::make_shared<Snapshot>();
    s->sequence = ++sequence_;
    s->commands_applied = applied_;
    s->run_id = run_id_;
    s->config = config_;
    s->pending_config = pending_config_;
    for (const auto& spec : parameter_specs())
        if (get_parameter(pending_config_.params, spec) != get_parameter(config_.params, spec))
            s->pending.emplace_back(spec.name);
    s->error = error_;
    s->playing = playing_ || stepping_;
    s->finished = finished_;
    s->speed = speed_;
    s->realtime_factor = measured_rt_;
    s->sim_time_s = sim_->sim_time_s();
    s->trial_index = sim_->trial_index();
    s->trial_count = sim_->trial_count();
    s->plan = sim_->current_plan();
    s->t_ms = sim_->time_in_trial_ms();
    s->target = sim_->target();
    s->eye_position_deg = sim_->eye().eye_position();
    s->eye_velocity_deg_s = sim_->eye().eye_velocity();
    s->head_position_deg = sim_->head().position_deg();
    s->head_velocity_deg_s = sim_->head().velocity_deg_s();
    s->current_trace = sim_->current_record().trace;
    s->current_eyelid = sim_->current_record().eyeblink.eyelid;
    s->recent_trials.assign(recent_.begin(), recent_.end());
    s->metrics = metrics_;
    s->marks = marks_;
    s->activity = activity_.activity(sim_->parameters(), sim_->lesions());
    s->lesions_in_force = sim_->lesions();
    if (s->plan.eyeblink)
        s->eyeblink_activity =
            eyeblink_activity(sim_->parameters(), s->plan, s->t_ms,
                              sim_->current_record().eyeblink,
                              recent_.empty() ? nullptr : recent_.back().get());
    s->trials = kept_;
    s->weights = weights_;
    s->start_config = start_config_;
    s->changes = changes_;
    s->step_index = sim_->step_index();
    s->restored = restored_;
    s->restoring = restoring_;
    s->restore_to_step = replay_to_;
    std::shared_ptr<const Snapshot> previous = std::move(s);
    {
        std::lock_guard lk(mu_);
        latest_.swap(previous);
    }
    previous.reset();  // freed outside the lock
    if (trims_left_ > 0 && Clock::now() >= next_trim_) {
        release_free_memory();
        --trims_left_;
        next_trim_ = Clock::now() + std::chrono::seconds(1);
    }
}

void Runner::thread_main() {
    auto last_publish = Clock::now();
    auto anchor_wall = Clock::now();
    double anchor_sim = 0;
    auto rt_wall = Clock::now();
    double rt_sim = 0;
    bool was_running = false;

    for (;;) {
        if (restoring_) {
            // Commands wait for the restored run, unless one replaces it.
            bool replaced = false;
            {
                std::lock_guard lk(mu_);
                if (stop_) return;
                for (const Command& c : queue_)
                    replaced = replaced || std::holds_alternative<cmd::Reset>(c) ||
                               std::holds_alternative<cmd::Restore>(c);
            }
            if (replaced) {
                restoring_ = false;
                replay_.clear();
                replay_next_ = 0;
            } else {
                replay_frame();
                publish();
                last_publish = Clock::now();
                continue;
            }
        }
        std::deque<Command> cmds;
        {
            std::unique_lock lk(mu_);
            const bool running = playing_ || stepping_;
            if (!running && queue_.empty()) {
                const auto woken = [&] { return stop_ || !queue_.empty(); };
                if (trims_left_ > 0)  // paused after a reset: still give memory back
                    cv_.wait_until(lk, next_trim_, woken);
                else
                    cv_.wait(lk, woken);
            }
            if (stop_) return;
            cmds.swap(queue_);
        }
        for (const auto& c : cmds) {
            apply(c);
            ++applied_;
        }
        const bool running = playing_ || stepping_;
        if (!running) {
            was_running = false;
            measured_rt_ = 0;
            publish();
            last_publish = Clock::now();
            continue;
        }
        if (!was_running) {  // (re)start pacing from here
            anchor_wall = rt_wall = Clock::now();
            anchor_sim = rt_sim = sim_->sim_time_s();
            was_running = true;
        }

        // Run one frame's worth of simulation.
        const auto frame_start = Clock::now();
        const bool paced = speed_ > 0 && !stepping_;
        const double sim_target =
            paced ? anchor_sim + speed_ * std::chrono::duration<double>(frame_start - anchor_wall).count()
                  : INFINITY;
        bool trial_ended = false;
        while (!sim_->finished() && !sim_->fault() && Clock::now() - frame_start < kFrame &&
               sim_->sim_time_s() < sim_target) {
            const std::size_t before = sim_->trial_index();
            for (int i = 0; i < kStepsPerCheck && sim_->trial_index() == before; ++i) {
                sim_->step();
                activity_.observe(sim_->cerebellum(), sim_->parameters(), sim_->lesions());
            }
            if (sim_->trial_index() != before) {
                trial_ended = true;
                mark_scheduled_lesions();
                if (stepping_ && sim_->trial_index() >= step_until_trial_) {
                    stepping_ = playing_ = false;
                    break;
                }
            }
        }
        if (sim_->finished()) {
            finished_ = true;
            playing_ = stepping_ = false;
        }
        if (sim_->fault()) {  // the NaN guard stopped the run: say why; a reset starts afresh
            error_ = *sim_->fault();
            playing_ = stepping_ = false;
        }
        // Running behind (the machine cannot keep up): do not try to catch up in a burst.
        if (paced && sim_target - sim_->sim_time_s() > 0.25) {
            anchor_wall = Clock::now();
            anchor_sim = sim_->sim_time_s();
        }

        const auto now = Clock::now();
        const double wall = std::chrono::duration<double>(now - rt_wall).count();
        if (wall >= 0.5) {
            const double rt = (sim_->sim_time_s() - rt_sim) / wall;
            measured_rt_ = measured_rt_ > 0 ? 0.5 * measured_rt_ + 0.5 * rt : rt;
            rt_wall = now;
            rt_sim = sim_->sim_time_s();
        }
        if (trial_ended || now - last_publish >= kFrame || !(playing_ || stepping_)) {
            publish();
            last_publish = now;
        }
        if (paced && (playing_ || stepping_) && sim_->sim_time_s() >= sim_target) {
            // Ahead of the clock: wait for the next frame or a command.
            std::unique_lock lk(mu_);
            cv_.wait_until(lk, frame_start + kFrame, [&] { return stop_ || !queue_.empty(); });
        }
    }
}

}  // namespace flocculus
