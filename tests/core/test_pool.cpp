// SPDX-License-Identifier: GPL-3.0-or-later
// The worker pool of a simulation step (DESIGN §6): every chunk runs exactly once, the same
// threads serve every step, idle workers wake for new work, and a circuit computed on 1, 2
// or 3 threads gives identical results. Also run under ThreadSanitizer (scripts/test.sh).
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "params/registry.hpp"
#include "runner.hpp"
#include "simulation.hpp"
#include "util/thread_pool.hpp"

using namespace flocculus;
using namespace std::chrono_literals;

namespace {
// Everything a run leaves behind, to compare runs exactly.
struct RunTrace {
    std::vector<PurkinjeSpike> spikes;
    std::vector<TraceSample> trace;
    std::vector<float> weights;
    std::vector<std::uint32_t> last_granule_spikes;
    std::uint64_t granule_spikes = 0;
};

// Bit for bit (for vectors of values without padding).
bool same_bytes(const auto& a, const auto& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(a[0])) == 0);
}
bool same_spikes(const std::vector<PurkinjeSpike>& a, const std::vector<PurkinjeSpike>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
        return std::memcmp(&x.t_ms, &y.t_ms, sizeof x.t_ms) == 0 && x.microzone == y.microzone &&
               x.cell == y.cell && x.kind == y.kind;
    });
}

// A network large enough to be split into several chunks of granule cells and several
// groups of Purkinje cells.
Parameters split_network() {
    Parameters p = default_parameters();
    for (auto [n, v] : {std::pair{"network.granule_cells", 60000.0},
                        {"network.purkinje_per_microzone", 8.0}})
        if (auto e = set_parameter(p, n, v)) qFatal("%s", e->c_str());
    return p;
}

// Two direction-learning trials of that network.
RunTrace run_on(int threads) {
    const Parameters p = split_network();
    auto schedule = make_schedule(Protocol::DirectionLearning, p, 2);
    if (auto* e = std::get_if<std::string>(&schedule)) qFatal("%s", e->c_str());
    Simulation sim(p, std::get<0>(schedule), 1, {}, threads);
    RunTrace r;
    sim.on_trial_end([&](const TrialRecord& rec, const TrialMetrics&) {
        r.spikes.insert(r.spikes.end(), rec.spikes.begin(), rec.spikes.end());
        r.trace.insert(r.trace.end(), rec.trace.begin(), rec.trace.end());
    });
    while (!sim.finished()) sim.step();
    const auto w = sim.cerebellum().synapses().weights();
    r.weights.assign(w.begin(), w.end());
    const auto g = sim.cerebellum().granule().spikes();
    r.last_granule_spikes.assign(g.begin(), g.end());
    r.granule_spikes = sim.cerebellum().granule_spike_count();
    return r;
}
}  // namespace

class TestPool : public QObject {
    Q_OBJECT
private slots:
    void everyChunkRunsExactlyOnce() {
        for (int threads : {1, 2, 3, 4}) {
            ThreadPool pool(threads);
            QCOMPARE(pool.threads(), threads);
            for (std::size_t chunks : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{1000}}) {
                std::vector<std::atomic<int>> hits(chunks);
                for (int rep = 0; rep < 50; ++rep) pool.run(chunks, [&](std::size_t k) { ++hits[k]; });
                for (std::size_t k = 0; k < chunks; ++k) QCOMPARE(hits[k].load(), 50);
            }
        }
    }

    void chunkResultsCombineTheSameOnAnyThreadCount() {
        // Partial sums per chunk, added in chunk order: the same bits for any thread count.
        std::vector<double> x(100000);
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = 1.0 / static_cast<double>(i + 1);
        const Chunking split = Chunking::of(x.size(), 1000, 64);
        QCOMPARE(split.count, std::size_t{64});
        QCOMPARE(split.end(split.count - 1), x.size());
        auto sum_on = [&](int threads) {
            ThreadPool pool(threads);
            std::vector<double> partial(split.count, 0.0);
            pool.run(split.count, [&](std::size_t k) {
                for (std::size_t i = split.begin(k); i < split.end(k); ++i) partial[k] += x[i];
            });
            double total = 0;
            for (double s : partial) total += s;
            return total;
        };
        const double one = sum_on(1);
        for (int threads : {2, 3, 5}) QCOMPARE(sum_on(threads), one);
    }

    void theSameThreadsServeEveryStep() {
        ThreadPool pool(3);
        std::mutex mu;
        std::set<std::thread::id> seen;
        for (int step = 0; step < 2000; ++step)
            pool.run(16, [&](std::size_t) {
                std::lock_guard lk(mu);
                seen.insert(std::this_thread::get_id());
            });
        QVERIFY(seen.size() <= 3);  // no thread is made per step
        QVERIFY(seen.count(std::this_thread::get_id()) == 1);  // the caller takes chunks too
    }

    void sleepingWorkersWakeForNewWork() {
        ThreadPool pool(2);
        std::atomic<int> done{0};
        for (int rep = 0; rep < 5; ++rep) {
            std::this_thread::sleep_for(5ms);  // long enough for the worker to fall asleep
            pool.run(8, [&](std::size_t) {
                std::this_thread::sleep_for(1ms);
                ++done;
            });
        }
        QCOMPARE(done.load(), 40);
    }

    void runnerComputesOnSeveralThreads() {
        // The simulation thread drives its own workers; the trials come out as on one thread.
        auto metrics_on = [](int threads) {
            RunConfig c;
            c.params = split_network();
            c.protocol = Protocol::DirectionLearning;
            c.trials = 1;
            c.threads = threads;
            Runner r(c);
            r.set_speed(0);
            r.play();
            const auto until = std::chrono::steady_clock::now() + 120s;
            while (!r.snapshot()->finished && std::chrono::steady_clock::now() < until)
                std::this_thread::sleep_for(5ms);
            const auto s = r.snapshot();
            if (!s->finished || !s->metrics || s->metrics->size() != 1) qFatal("run did not finish");
            return s->metrics->front();
        };
        const TrialMetrics one = metrics_on(1), two = metrics_on(2);
        QCOMPARE(two.learned_velocity_deg_s, one.learned_velocity_deg_s);
        QCOMPARE(two.cs_rate_instr_hz, one.cs_rate_instr_hz);
        QCOMPARE(two.ss_learned_hz, one.ss_learned_hz);
        QCOMPARE(two.gain, one.gain);
        RunConfig bad;
        bad.threads = 0;
        QVERIFY(std::get<std::string>(prepare_run(bad)).find("--threads") != std::string::npos);
    }

    void policiesRunEveryChunkOnceWithTheSameResult() {
        std::vector<double> x(20000);
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(static_cast<double>(i));
        const Chunking split = Chunking::of(x.size(), 500, 40);
        auto sum_with = [&](ThreadPool::Policy policy) {
            ThreadPool pool(2);
            pool.set_policy(policy);
            std::vector<std::atomic<int>> hits(split.count);
            std::vector<double> partial(split.count, 0.0);
            for (int rep = 0; rep < 20; ++rep)
                pool.run(split.count, [&](std::size_t k) {
                    ++hits[k];
                    for (std::size_t i = split.begin(k); i < split.end(k); ++i) partial[k] += x[i];
                });
            for (auto& h : hits)
                if (h.load() != 20) qFatal("a chunk ran %d times", h.load());
            const auto& s = pool.stats();
            if (policy == ThreadPool::Policy::Solo && (s.solo_jobs != 20 || s.parallel_jobs != 0))
                qFatal("solo policy handed jobs to the workers");
            if (policy == ThreadPool::Policy::Parallel && (s.parallel_jobs != 20 || s.solo_jobs != 0))
                qFatal("parallel policy kept jobs to itself");
            double total = 0;
            for (double v : partial) total += v;
            return total;
        };
        const double solo = sum_with(ThreadPool::Policy::Solo);
        QCOMPARE(sum_with(ThreadPool::Policy::Parallel), solo);
        QCOMPARE(sum_with(ThreadPool::Policy::Adaptive), solo);
    }

    void adaptivePoolTimesBothWaysThenKeepsOne() {
        // The schedule of the comparison is fixed; which way wins depends on the machine.
        ThreadPool pool(2);
        QVERIFY(pool.policy() == ThreadPool::Policy::Adaptive);
        pool.set_keep_seconds(1e9);  // the keep then ends by its count of jobs alone
        std::atomic<long> work{0};
        auto job = [&] { pool.run(4, [&](std::size_t k) { work += static_cast<long>(k); }); };
        // Blocks alternate, the first with the workers.
        for (std::uint32_t b = 0; b < ThreadPool::kBlocks; ++b) {
            const ThreadPool::Stats before = pool.stats();
            for (std::uint32_t i = 0; i < ThreadPool::kBlockJobs; ++i) job();
            const bool workers = b % 2 == 0;
            QCOMPARE(pool.stats().parallel_jobs - before.parallel_jobs, workers ? ThreadPool::kBlockJobs : 0u);
            QCOMPARE(pool.stats().solo_jobs - before.solo_jobs, workers ? 0u : ThreadPool::kBlockJobs);
            QCOMPARE(pool.stats().comparisons, std::uint64_t{b + 1 == ThreadPool::kBlocks});
        }
        constexpr std::uint64_t half = ThreadPool::kCompareJobs / 2;
        const bool workers_won = pool.stats().parallel_wins == 1;
        for (std::uint32_t i = 0; i < ThreadPool::kKeepJobs; ++i) job();
        const ThreadPool::Stats s = pool.stats();
        QCOMPARE(s.parallel_jobs, half + (workers_won ? ThreadPool::kKeepJobs : 0));
        QCOMPARE(s.solo_jobs, half + (workers_won ? 0 : ThreadPool::kKeepJobs));
        job();  // the next comparison starts with the workers
        QCOMPARE(pool.stats().parallel_jobs, s.parallel_jobs + 1);
        QCOMPARE(work.load(), 6L * (ThreadPool::kCompareJobs + ThreadPool::kKeepJobs + 1));
        // A keep also ends after keep_seconds (the clock is read once a block).
        ThreadPool brief(2);
        brief.set_keep_seconds(0);
        auto brief_job = [&] { brief.run(4, [&](std::size_t k) { work += static_cast<long>(k); }); };
        for (std::uint32_t i = 0; i < ThreadPool::kCompareJobs + ThreadPool::kBlockJobs; ++i) brief_job();
        QCOMPARE(brief.stats().comparisons, std::uint64_t{1});
        for (std::uint32_t i = 0; i < ThreadPool::kCompareJobs; ++i) brief_job();
        QCOMPARE(brief.stats().comparisons, std::uint64_t{2});
        // One chunk, or no workers: never timed or counted.
        ThreadPool single(1);
        single.run(3, [](std::size_t) {});
        QCOMPARE(single.stats().solo_jobs + single.stats().parallel_jobs, std::uint64_t{0});
    }

    void refusesAnImpossibleThreadCount() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ThreadPool(0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ThreadPool(ThreadPool::kMaxThreads + 1));
        QVERIFY(ThreadPool::hardware_threads() >= 1);
    }

    void circuitIsTheSameOnAnyNumberOfThreads() {
        const RunTrace one = run_on(1);
        QVERIFY(one.granule_spikes > 1000);
        QVERIFY(!one.spikes.empty());
        QVERIFY(std::any_of(one.spikes.begin(), one.spikes.end(),
                            [](const PurkinjeSpike& s) { return s.kind == SpikeKind::Complex; }));
        // Learning happened, so plasticity's chunks were exercised.
        QVERIFY(std::any_of(one.weights.begin(), one.weights.end(), [&](float w) { return w != one.weights[0]; }));
        for (int threads : {2, 3}) {
            const RunTrace other = run_on(threads);
            QVERIFY2(same_spikes(one.spikes, other.spikes), "Purkinje spikes differ");
            QVERIFY2(same_bytes(one.trace, other.trace), "eye and target traces differ");
            QVERIFY2(same_bytes(one.weights, other.weights), "parallel-fibre weights differ");
            QVERIFY2(same_bytes(one.last_granule_spikes, other.last_granule_spikes),
                     "granule spikes (or their order) differ");
            QCOMPARE(other.granule_spikes, one.granule_spikes);
        }
    }
};

QTEST_APPLESS_MAIN(TestPool)
#include "test_pool.moc"
