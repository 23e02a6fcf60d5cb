// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench.hpp"

#include <chrono>
#include <ctime>
#include <memory>
#include <string>

#include "params/registry.hpp"
#include "runner.hpp"
#include "simulation.hpp"
#include "util/resident_memory.hpp"

namespace flocculus {

std::optional<std::string> validate_bench(const BenchConfig& c) {
    if (c.purkinje_cells % 4 != 0 || c.purkinje_cells < 4 || c.purkinje_cells > 256)
        return "--purkinje-cells must be a multiple of 4 (four microzones) in [4, 256], got " +
               std::to_string(c.purkinje_cells);
    if (!(c.seconds >= 0.1 && c.seconds <= 3600))
        return "--seconds must be in [0.1, 3600], got " + std::to_string(c.seconds);
    return validate_threads(c.threads);
}

std::variant<BenchResult, std::string> run_bench(const BenchConfig& c) {
    if (auto e = validate_bench(c)) return *e;
    RunConfig rc;
    rc.protocol = Protocol::DirectionLearning;
    rc.threads = c.threads;
    if (auto e = set_parameter(rc.params, "network.granule_cells", c.granule_cells)) return *e;
    if (auto e = set_parameter(rc.params, "network.purkinje_per_microzone", c.purkinje_cells / 4))
        return "--purkinje-cells must be in [4, 256] (a multiple of 4)";
    const double trial_s = (kTrialEndMs - kTrialStartMs + rc.params.task_iti_ms) * 1e-3;
    rc.trials = static_cast<int>(c.seconds / trial_s) + 2;
    auto schedule = prepare_run(rc);
    if (auto* e = std::get_if<std::string>(&schedule)) return *e;

    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    Simulation sim(rc.params, std::move(std::get<0>(schedule)), rc.seed, rc.lesions, rc.threads);
    BenchResult r;
    r.build_s = std::chrono::duration<double>(Clock::now() - t0).count();
    r.memory_mb = resident_memory_mb();
    sim.cerebellum().set_profiling(c.profile);
    sim.on_trial_end([&sim, &r](const TrialRecord&, const TrialMetrics&) {
        const auto start = Clock::now();
        const auto map = std::make_shared<const WeightMap>(sim.weight_map());
        r.weight_map_s += std::chrono::duration<double>(Clock::now() - start).count();
    });

    const auto steps = static_cast<long>(c.seconds * 1000.0 / rc.params.sim_dt_ms);
    const auto gc0 = sim.cerebellum().granule_spike_count();
    const auto ss0 = sim.cerebellum().simple_spike_count();
    const ThreadPool* pool = sim.cerebellum().pool();
    const ThreadPool::Stats pool0 = pool ? pool->stats() : ThreadPool::Stats{};
    const auto t1 = Clock::now();
    const std::clock_t c1 = std::clock();
    for (long k = 0; k < steps && !sim.finished(); ++k) sim.step();
    r.cpu_s = static_cast<double>(std::clock() - c1) / CLOCKS_PER_SEC;
    r.wall_s = std::chrono::duration<double>(Clock::now() - t1).count();
    r.sim_s = static_cast<double>(steps) * rc.params.sim_dt_ms * 1e-3;
    r.realtime_factor = r.sim_s / r.wall_s;
    r.ms_per_step = r.wall_s * 1000.0 / static_cast<double>(steps);
    r.gc_rate_hz = static_cast<double>(sim.cerebellum().granule_spike_count() - gc0) /
                   (c.granule_cells * r.sim_s);
    r.pc_rate_hz = static_cast<double>(sim.cerebellum().simple_spike_count() - ss0) /
                   (c.purkinje_cells * r.sim_s);
    r.stages = sim.cerebellum().stage_times();
    if (pool) {
        const auto par = pool->stats().parallel_jobs - pool0.parallel_jobs;
        const auto solo = pool->stats().solo_jobs - pool0.solo_jobs;
        r.parallel_share = par + solo ? static_cast<double>(par) / static_cast<double>(par + solo) : 0.0;
    }
    r.other_s = c.profile ? r.wall_s - r.stages.total() - r.weight_map_s : 0.0;
    return r;
}

}  // namespace flocculus
