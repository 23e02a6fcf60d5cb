// SPDX-License-Identifier: GPL-3.0-or-later
#include "batch.hpp"

#include <chrono>

#include "simulation.hpp"

namespace flocculus {

std::variant<BatchResult, std::string> run_batch(const RunConfig& config,
                                                 const TrialObserver& observer,
                                                 const std::function<bool()>& stop) {
    auto schedule = prepare_run(config);
    if (auto* e = std::get_if<std::string>(&schedule)) return *e;
    const auto start = std::chrono::steady_clock::now();
    Simulation sim(config.params, std::move(std::get<0>(schedule)), config.seed,
                   config.lesions, config.threads);
    sim.schedule_lesions(config.lesions_at);
    if (observer)
        sim.on_trial_end([&](const TrialRecord& r, const TrialMetrics& m) {
            observer(r, m, sim.trial_index() + 1, sim.trial_count());
        });
    BatchResult res;
    while (!sim.finished()) {
        if (stop && stop()) {
            res.stopped = true;
            break;
        }
        sim.step();
        if (sim.fault()) return *sim.fault();
    }
    res.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    res.sim_s = sim.sim_time_s();
    res.trials = sim.metrics();
    res.summary = summarize(config.protocol, res.trials);
    return res;
}

}  // namespace flocculus
