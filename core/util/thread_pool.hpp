// SPDX-License-Identifier: GPL-3.0-or-later
// A fixed pool of worker threads for the stages of one simulation step (DESIGN §6).
//  - The threads are created once, with the pool, and reused for every step; a step makes
//    no threads.
//  - run(chunks, f) calls f(k) once for every chunk k in [0, chunks) and returns when all
//    have finished. The calling thread takes chunks too. Chunks go to whichever thread is
//    free first, so a chunk's work must not depend on which thread runs it: callers split
//    their work into a number of chunks fixed by the problem (never by the thread count)
//    and combine partial results in chunk order, so that results are identical for any
//    number of threads.
//  - Waiting is cheap for steps of a millisecond or less: idle workers spin briefly for the
//    next job, then sleep on a condition variable until there is one.
//  - The pool backs off when the workers do not pay: on a machine whose other cores are
//    busy, a worker that spins or waits for a core only slows the calling thread down. So
//    the pool times itself: every so often it runs blocks of jobs alternately with its
//    workers and on the calling thread alone (alternating, so that work growing or shrinking
//    over the comparison weighs on both ways alike), and keeps to the faster way until the
//    next comparison (the workers sleep meanwhile). Which way a job runs never changes its
//    result.
// The thread count is how a run is executed, not part of the model.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace flocculus {

// A split of the items [0, items) into chunks of consecutive items, fixed by the sizes alone
// (never by the thread count).
struct Chunking {
    std::size_t items = 0, per_chunk = 1, count = 0;

    // Chunks of at least `min_per_chunk` items (one chunk if there are fewer), at most
    // `max_chunks` of them.
    static Chunking of(std::size_t items, std::size_t min_per_chunk, std::size_t max_chunks) {
        Chunking c;
        c.items = items;
        const std::size_t wanted = std::clamp<std::size_t>(items / std::max<std::size_t>(min_per_chunk, 1), 1,
                                                           std::max<std::size_t>(max_chunks, 1));
        c.per_chunk = std::max<std::size_t>((items + wanted - 1) / wanted, 1);
        c.count = (items + c.per_chunk - 1) / c.per_chunk;
        return c;
    }
    std::size_t begin(std::size_t k) const { return std::min(items, k * per_chunk); }
    std::size_t end(std::size_t k) const { return std::min(items, (k + 1) * per_chunk); }
    std::size_t chunk_of(std::size_t i) const { return i / per_chunk; }
};

class ThreadPool {
public:
    static constexpr int kMaxThreads = 256;
    static constexpr std::size_t kMaxChunks = 0xffff;

    // `threads` in [1, kMaxThreads] counts the calling thread: 1 makes no workers.
    explicit ThreadPool(int threads = 1);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int threads() const { return static_cast<int>(workers_.size()) + 1; }

    // How jobs are run: Adaptive (the default) compares the two ways as described above;
    // Parallel always hands chunks to the workers; Solo runs them on the calling thread.
    enum class Policy { Adaptive, Parallel, Solo };
    void set_policy(Policy p) { policy_ = p; }
    Policy policy() const { return policy_; }
    // Jobs run so far (of more than one chunk) with the workers and on the calling thread
    // alone; and the comparisons made, and how many of them the workers won.
    struct Stats {
        std::uint64_t parallel_jobs = 0, solo_jobs = 0, comparisons = 0, parallel_wins = 0;
    };
    const Stats& stats() const { return stats_; }
    // A comparison: kBlocks blocks of kBlockJobs jobs each, the first with the workers, then
    // alternately; then the faster way for kKeepJobs jobs or keep_seconds() (whichever ends
    // first: the load of the machine changes in seconds, and large jobs are slow).
    static constexpr std::uint32_t kBlockJobs = 128;
    static constexpr std::uint32_t kBlocks = 8;
    static constexpr std::uint32_t kCompareJobs = kBlocks * kBlockJobs;
    static constexpr std::uint32_t kKeepJobs = 32 * kCompareJobs;
    void set_keep_seconds(double s) { keep_seconds_ = s; }
    double keep_seconds() const { return keep_seconds_; }
    // The machine's hardware threads (at least 1).
    static int hardware_threads();

    // Calls f(k) for k in [0, chunks) and waits for all of them. `f` must not throw and must
    // not call run() of the same pool. chunks <= kMaxChunks.
    template <class F>
    void run(std::size_t chunks, F&& f) {
        using Fn = std::remove_reference_t<F>;
        if (chunks == 0) return;
        if (workers_.empty() || chunks == 1) {
            for (std::size_t k = 0; k < chunks; ++k) f(k);
            return;
        }
        const bool parallel = begin_job();
        if (parallel) {
            dispatch(chunks, [](void* ctx, std::size_t k) { (*static_cast<Fn*>(ctx))(k); },
                     const_cast<void*>(static_cast<const void*>(&f)));
        } else {
            for (std::size_t k = 0; k < chunks; ++k) f(k);
        }
        end_job(parallel);
    }

private:
    using Call = void (*)(void*, std::size_t);
    // Whether the next job goes to the workers (and starts its clock when comparing), and the
    // bookkeeping after it.
    bool begin_job();
    void end_job(bool parallel);
    void dispatch(std::size_t chunks, Call call, void* ctx);
    void worker_main();
    // Claims and runs chunks of job `gen` until none are left.
    void work_on(std::uint32_t gen);

    // The current job, published through job_: generation (high 32 bits), chunk count
    // (next 16) and next unclaimed chunk (low 16).
    std::atomic<std::uint64_t> job_{0};
    std::atomic<std::size_t> done_{0};  // chunks finished in the current job
    Call call_ = nullptr;               // written only between jobs
    void* ctx_ = nullptr;

    std::mutex mu_;
    std::condition_variable job_cv_, done_cv_;
    std::atomic<int> sleeping_workers_{0};
    std::atomic<bool> caller_sleeping_{false};
    std::atomic<bool> stop_{false};
    std::vector<std::thread> workers_;

    // Self-timing (calling thread only).
    Policy policy_ = Policy::Adaptive;
    Stats stats_;
    bool comparing_ = true;
    bool keep_parallel_ = true;
    std::uint32_t block_ = 0;       // block of the comparison
    std::uint32_t phase_jobs_ = 0;  // jobs in this block, or kept so far
    double parallel_seconds_ = 0, solo_seconds_ = 0;
    double keep_seconds_ = 2.0;
    std::chrono::steady_clock::time_point keep_start_{};
    std::chrono::steady_clock::time_point job_start_{};
};

// Runs f(k) for every chunk on `pool`, or on this thread in order when there is no pool.
template <class F>
void for_each_chunk(ThreadPool* pool, std::size_t chunks, F&& f) {
    if (pool) {
        pool->run(chunks, f);
    } else {
        for (std::size_t k = 0; k < chunks; ++k) f(k);
    }
}

}  // namespace flocculus
