// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/thread_pool.hpp"

#include <chrono>
#include <stdexcept>
#include <string>

namespace flocculus {
namespace {
using Clock = std::chrono::steady_clock;
// How long an idle thread waits actively before it sleeps: longer than the serial stretches
// between the parallel stages of a step, so that a running simulation never sleeps between
// them, and short enough to cost little when the simulation stops. The spin neither yields
// nor executes PAUSE: a yield hands the processor to any other program for a whole time
// slice (milliseconds, many steps), and under a hypervisor pause loops make the host take
// the virtual processor away (pause-loop exiting), with the same effect.
constexpr auto kSpinTime = std::chrono::microseconds(100);
constexpr int kSpinsPerClockRead = 64;

constexpr std::uint32_t generation_of(std::uint64_t job) { return static_cast<std::uint32_t>(job >> 32); }
constexpr std::size_t chunks_of(std::uint64_t job) { return (job >> 16) & 0xffff; }
constexpr std::size_t next_of(std::uint64_t job) { return job & 0xffff; }
constexpr std::uint64_t make_job(std::uint32_t generation, std::size_t chunks) {
    return (std::uint64_t{generation} << 32) | (std::uint64_t{chunks} << 16);
}

// Spins until `ready()` or until kSpinTime has passed; returns whether it became ready.
template <class Ready>
bool spin_until(Ready ready) {
    const auto start = Clock::now();
    for (int i = 1;; ++i) {
        if (ready()) return true;
        if (i % kSpinsPerClockRead == 0 && Clock::now() - start > kSpinTime) return ready();
    }
}
}  // namespace

ThreadPool::ThreadPool(int threads) {
    if (threads < 1 || threads > kMaxThreads)
        throw std::invalid_argument("thread count must be in [1, " + std::to_string(kMaxThreads) +
                                    "], got " + std::to_string(threads));
    workers_.reserve(static_cast<std::size_t>(threads - 1));
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { worker_main(); });
}

ThreadPool::~ThreadPool() {
    stop_.store(true);
    {
        std::lock_guard lk(mu_);
    }
    job_cv_.notify_all();
    for (auto& t : workers_) t.join();
}

int ThreadPool::hardware_threads() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(std::min<unsigned>(n, kMaxThreads));
}

bool ThreadPool::begin_job() {
    switch (policy_) {
        case Policy::Parallel: return true;
        case Policy::Solo: return false;
        case Policy::Adaptive: break;
    }
    if (!comparing_) return keep_parallel_;
    job_start_ = Clock::now();
    return block_ % 2 == 0;
}

void ThreadPool::end_job(bool parallel) {
    ++(parallel ? stats_.parallel_jobs : stats_.solo_jobs);
    if (policy_ != Policy::Adaptive) return;
    if (!comparing_) {
        // The clock is read every so often: a job can be short.
        if (++phase_jobs_ < kKeepJobs &&
            (phase_jobs_ % kBlockJobs != 0 ||
             std::chrono::duration<double>(Clock::now() - keep_start_).count() < keep_seconds_))
            return;
        comparing_ = true;
        block_ = phase_jobs_ = 0;
        parallel_seconds_ = solo_seconds_ = 0;
        return;
    }
    (parallel ? parallel_seconds_ : solo_seconds_) += std::chrono::duration<double>(Clock::now() - job_start_).count();
    if (++phase_jobs_ < kBlockJobs) return;
    phase_jobs_ = 0;
    if (++block_ < kBlocks) return;
    // The workers must win clearly: a second thread that gains little still takes a core
    // from everything else on the machine.
    keep_parallel_ = parallel_seconds_ < 0.9 * solo_seconds_;
    ++stats_.comparisons;
    if (keep_parallel_) ++stats_.parallel_wins;
    comparing_ = false;
    keep_start_ = Clock::now();
}

void ThreadPool::dispatch(std::size_t chunks, Call call, void* ctx) {
    if (chunks > kMaxChunks)
        throw std::invalid_argument("ThreadPool::run: at most " + std::to_string(kMaxChunks) +
                                    " chunks, got " + std::to_string(chunks));
    // Only this thread writes the job; workers read it after claiming a chunk of it, and the
    // previous job's chunks have all finished.
    call_ = call;
    ctx_ = ctx;
    done_.store(0, std::memory_order_relaxed);
    const std::uint32_t gen = generation_of(job_.load(std::memory_order_relaxed)) + 1;
    job_.store(make_job(gen, chunks));  // publishes call_, ctx_ and done_
    if (sleeping_workers_.load() > 0) {
        { std::lock_guard lk(mu_); }
        job_cv_.notify_all();
    }
    work_on(gen);
    auto finished = [&] { return done_.load() == chunks; };
    if (spin_until(finished)) return;
    std::unique_lock lk(mu_);
    caller_sleeping_.store(true);
    done_cv_.wait(lk, finished);
    caller_sleeping_.store(false);
}

void ThreadPool::work_on(std::uint32_t gen) {
    std::uint64_t job = job_.load(std::memory_order_acquire);
    for (;;) {
        if (generation_of(job) != gen || next_of(job) >= chunks_of(job)) return;
        if (!job_.compare_exchange_weak(job, job + 1, std::memory_order_acq_rel,
                                        std::memory_order_acquire))
            continue;
        call_(ctx_, next_of(job));
        // The last chunk wakes the caller if it went to sleep waiting.
        if (done_.fetch_add(1) + 1 == chunks_of(job) && caller_sleeping_.load()) {
            { std::lock_guard lk(mu_); }
            done_cv_.notify_one();
        }
        job = job_.load(std::memory_order_acquire);
    }
}

void ThreadPool::worker_main() {
    std::uint32_t seen = 0;  // the generation before the first job
    for (;;) {
        auto news = [&] {
            return stop_.load(std::memory_order_relaxed) ||
                   generation_of(job_.load(std::memory_order_acquire)) != seen;
        };
        if (!spin_until(news)) {
            std::unique_lock lk(mu_);
            sleeping_workers_.fetch_add(1);
            job_cv_.wait(lk, [&] { return stop_.load() || generation_of(job_.load()) != seen; });
            sleeping_workers_.fetch_sub(1);
        }
        if (stop_.load()) return;
        seen = generation_of(job_.load(std::memory_order_acquire));
        work_on(seen);
    }
}

}  // namespace flocculus
