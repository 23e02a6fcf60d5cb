// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli.hpp"
#include "cli/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

#include "batch.hpp"
#include "cli/interrupt.hpp"
#include "bench.hpp"
#include "params/lesions.hpp"
#include "params/presets.hpp"
#include "params/registry.hpp"
#include "record/h5_writer.hpp"
#include "record/run_writer.hpp"
#include "task/protocol.hpp"
#include "util/one_line.hpp"

namespace flocculus::cli {
namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  flocculus-cli run --protocol P [--trials N] [--seed S] [--set name=value]...\n"
    "                    [--lesion L[:fraction]]... [--lesion-at K:L[:fraction]]...\n"
    "                    [--preset NAME] [--out DIR] [--json] [--threads K] [--quiet]\n"
    "  flocculus-cli bench [--granule-cells N] [--purkinje-cells M] [--seconds T]\n"
    "                      [--threads K] [--profile] [--json]\n"
    "  flocculus-cli sweep --protocol P --grid NAME=v1,v2,... [--grid ...] --seeds A-B\n"
    "                      [run options] --out DIR\n"
    "  flocculus-cli run --jobs DIR/jobs.tsv --index K [--threads K] [--quiet]\n"
    "  flocculus-cli collect DIR\n"
    "  flocculus-cli list protocols|lesions|params|presets\n"
    "  flocculus-cli --help | --version\n"
    "\n"
    "run      simulate a protocol; with --out, write summary.json, trials.csv,\n"
    "         purkinje_spikes.csv and traces.csv into DIR (created if missing)\n"
    "bench    time the full circuit with plasticity and the eye loop (defaults: 100000\n"
    "         granule cells, 64 Purkinje cells, 10 s); --profile adds a per-stage breakdown\n"
    "sweep    write DIR/jobs.tsv (grid x seeds, one run a line), DIR/run-parallel.sh (GNU\n"
    "         parallel) and DIR/sweep.sbatch (a Slurm job array); runs nothing\n"
    "run --jobs  run line K of jobs.tsv into DIR/runs/K/ (skipped if already finished)\n"
    "collect  gather DIR/runs/*/summary.json into DIR/sweep.csv; names missing or failed jobs\n"
    "list     show the protocols, lesions or presets, or every parameter with unit,\n"
    "         default, range and meaning\n"
    "\n"
    "options of run:\n"
    "  --protocol P      one of 'flocculus-cli list protocols'\n"
    "  --trials N        number of trials (protocols with a single phase)\n"
    "  --seed S          random seed, a whole number >= 0 (default 1)\n"
    "  --set name=value  set a parameter (see 'flocculus-cli list params'); repeatable\n"
    "  --lesion L[:f]    lesion part of the circuit (see 'flocculus-cli list lesions'),\n"
    "                    completely or a fraction f in [0, 1]; repeatable\n"
    "  --lesion-at K:L[:f]  the same lesion from trial K on (a lesion after training);\n"
    "                    repeatable\n"
    "  --preset NAME     start from a preset (see 'flocculus-cli list presets'); --set and\n"
    "                    --lesion apply on top of it\n"
    "  --out DIR         write the recordings into DIR\n"
    "  --json            print summary.json to standard output\n"
    "  --format F        csv (default), hdf5 (recording.h5 instead of the CSV files) or both\n"
    "  --quiet           no progress on standard error\n"
    "\n"
    "--threads K (run and bench): threads computing the circuit, default the number of\n"
    "cores; results are identical for any K (on a machine busy with other work, 1 can be\n"
    "faster)\n";

struct Failure {
    std::string message;
};

std::optional<long long> parse_whole(const std::string& s) {
    const auto v = parse_number(s);
    if (!v || *v != std::floor(*v) || std::fabs(*v) > 9.0e15) return std::nullopt;
    return static_cast<long long>(*v);
}

// The value of --threads (checked as every RunConfig is).
int parse_threads(const std::string& v) {
    const auto n = parse_whole(v);
    if (!n) throw Failure{"--threads needs a whole number, got '" + v + "'"};
    const auto k = static_cast<int>(std::clamp<long long>(*n, -1000000, 1000000));
    if (auto e = validate_threads(k)) throw Failure{*e};
    return k;
}

int list(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.size() != 2) {
        err << "flocculus-cli: 'list' needs one of: protocols, lesions, params, presets\n";
        return 2;
    }
    const std::string& what = args[1];
    if (what == "protocols") {
        for (const auto& p : protocols())
            out << std::left << std::setw(20) << p.name << p.description << "\n";
        return 0;
    }
    if (what == "lesions") {
        for (const auto& l : lesion_infos())
            out << std::left << std::setw(20) << l.name << l.description << "\n";
        return 0;
    }
    if (what == "presets") {
        for (const auto& p : presets())
            out << std::left << std::setw(24) << p.name << p.description << "\n";
        return 0;
    }
    if (what == "params") {
        std::size_t wn = 0, wd = 0, wr = 0;
        for (const auto& s : parameter_specs()) {
            wn = std::max(wn, s.name.size());
            wd = std::max(wd, s.format_value(s.default_value).size());
            wr = std::max(wr, s.range_text().size());
        }
        for (const auto& s : parameter_specs()) {
            out << std::left << std::setw(static_cast<int>(wn + 2)) << s.name
                << std::setw(static_cast<int>(wd + 2)) << s.format_value(s.default_value)
                << std::setw(static_cast<int>(wr + 2)) << s.range_text() << s.description
                << (s.structural ? " (applies on reset)" : "") << "\n";
        }
        return 0;
    }
    err << "flocculus-cli: unknown list '" << what << "' (valid: protocols, lesions, params, presets)\n";
    return 2;
}

struct RunOptions {
    RunConfig config;
    std::optional<std::filesystem::path> out;
    bool json = false;
    bool quiet = false;
    OutputFormat format = OutputFormat::Csv;
};

RunOptions parse_run(const std::vector<std::string>& args) {
    RunOptions o;
    o.config.threads = ThreadPool::hardware_threads();
    std::optional<Protocol> protocol;
    // A preset is the starting point: find it first, then let --set and --lesion override.
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] != "--preset") continue;
        if (i + 1 >= args.size()) throw Failure{"--preset needs a value"};
        if (auto e = apply_preset(args[i + 1], o.config.params, o.config.lesions)) throw Failure{*e};
    }
    auto value = [&](std::size_t& i) -> const std::string& {
        if (i + 1 >= args.size()) throw Failure{args[i] + " needs a value"};
        return args[++i];
    };
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--protocol") {
            const auto& v = value(i);
            protocol = find_protocol(v);
            if (!protocol) {
                std::string names;
                for (const auto& p : protocols()) names += (names.empty() ? "" : ", ") + std::string(p.name);
                throw Failure{"unknown protocol '" + v + "' (valid: " + names + ")"};
            }
        } else if (a == "--trials") {
            const auto& v = value(i);
            const auto n = parse_whole(v);
            if (!n || *n < 1 || *n > 100000)
                throw Failure{"--trials must be a whole number in [1, 100000], got '" + v + "'"};
            o.config.trials = static_cast<int>(*n);
        } else if (a == "--seed") {
            const auto& v = value(i);
            const auto n = parse_whole(v);
            if (!n || *n < 0)
                throw Failure{"--seed must be a whole number >= 0, got '" + v + "'"};
            o.config.seed = static_cast<std::uint64_t>(*n);
        } else if (a == "--set") {
            const auto& v = value(i);
            const auto eq = v.find('=');
            if (eq == std::string::npos || eq == 0)
                throw Failure{"--set needs name=value, got '" + v + "'"};
            if (auto e = set_parameter_text(o.config.params, v.substr(0, eq), v.substr(eq + 1)))
                throw Failure{*e};
        } else if (a == "--lesion") {
            if (auto e = apply_lesion_text(o.config.lesions, value(i))) throw Failure{*e};
        } else if (a == "--lesion-at") {
            auto t = parse_timed_lesion(value(i));
            if (auto* e = std::get_if<std::string>(&t)) throw Failure{*e};
            o.config.lesions_at.push_back(std::get<TimedLesion>(t));
        } else if (a == "--preset") {
            value(i);  // applied above
        } else if (a == "--out") {
            const auto& v = value(i);
            if (v.empty()) throw Failure{"--out needs a directory"};
            o.out = v;
        } else if (a == "--format") {
            const auto& v = value(i);
            const auto f = parse_output_format(v);
            if (!f) throw Failure{"--format must be csv, hdf5 or both, got '" + v + "'"};
            if (*f != OutputFormat::Csv && !hdf5_available())
                throw Failure{"--format " + v + " needs HDF5, which this build lacks (install libhdf5-dev and rebuild)"};
            o.format = *f;
        } else if (a == "--json") {
            o.json = true;
        } else if (a == "--threads") {
            o.config.threads = parse_threads(value(i));
        } else if (a == "--quiet") {
            o.quiet = true;
        } else {
            throw Failure{"unknown option '" + a + "' for run (see --help)"};
        }
    }
    if (!protocol) throw Failure{"run needs --protocol (see 'flocculus-cli list protocols')"};
    o.config.protocol = *protocol;
    return o;
}

std::string fmt(double v, int prec = 2) {
    if (!std::isfinite(v)) return "n/a";
    std::ostringstream s;
    s << std::fixed << std::setprecision(prec) << v;
    return s.str();
}

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    RunOptions o = parse_run(args);
    // Validate the whole configuration before anything is created or run.
    auto schedule = prepare_run(o.config);
    if (auto* e = std::get_if<std::string>(&schedule)) throw Failure{*e};
    const InterruptGuard interrupt;  // SIGINT/SIGTERM/SIGHUP end the run between steps
    std::unique_ptr<RunWriter> writer;
    if (o.out) {
        if (auto e = prepare_output_dir(*o.out); !e.empty()) throw Failure{e};
        writer = std::make_unique<RunWriter>(*o.out, o.config.params.record_purkinje, o.format,
                                             "flocculus-cli run");
        if (!writer->ok()) throw Failure{writer->error()};
    }
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    std::size_t last_reported = 0;
    auto observer = [&](const TrialRecord& r, const TrialMetrics& m, std::size_t done,
                        std::size_t count) {
        if (writer) writer->add_trial(r, m);
        if (o.quiet) return;
        const bool every = tty || count <= 20 || done == count ||
                           done * 10 / count != last_reported * 10 / count;
        if (!every) return;
        last_reported = done;
        err << (tty ? "\r" : "") << "trial " << done << "/" << count << "  "
            << phase_name(m.phase) << (m.instructed ? " instructed" : "")
            << "  learned " << fmt(m.learned_velocity_deg_s) << " deg/s"
            << "  latency " << fmt(m.latency_ms, 0) << " ms  gain " << fmt(m.gain)
            << (tty ? "   " : "\n") << std::flush;
    };
    // Stop between steps on a signal, or as soon as a file cannot be written.
    auto stop = [&] { return InterruptGuard::received() != 0 || (writer && !writer->ok()); };
    auto result = run_batch(o.config, observer, stop);
    if (auto* e = std::get_if<std::string>(&result)) throw Failure{*e};
    const BatchResult& b = std::get<BatchResult>(result);
    if (tty && !o.quiet) err << "\n";
    if (b.stopped) {
        const std::string kept =
            o.out ? "nothing written (the files in " + o.out->string() + " are unchanged)"
                  : "nothing written";
        const std::string error = writer && !writer->ok() ? writer->error() : std::string();
        writer.reset();  // removes the temporary files
        if (!error.empty()) throw std::runtime_error(error + "; " + kept);
        const int sig = InterruptGuard::received();
        err << "flocculus-cli: interrupted by " << signal_name(sig) << " during trial "
            << b.trials.size() + 1 << " of " << std::get<std::vector<TrialPlan>>(schedule).size()
            << "; " << kept << "\n";
        return 128 + sig;
    }

    SummaryInfo info;
    info.protocol = std::string(protocol_info(o.config.protocol).name);
    info.seed = o.config.seed;
    info.trials = static_cast<int>(b.trials.size());
    info.parameters = o.config.params;
    info.lesions = o.config.lesions.describe();
    for (const auto& l : o.config.lesions_at) info.lesions_at.push_back(l.describe());
    info.metrics = b.summary;
    info.wall_s = b.wall_s;
    info.realtime_factor = b.realtime_factor();
    if (writer) {
        if (auto e = writer->finish(info); !e.empty()) throw std::runtime_error(e);
        info.output_hash = writer->hash();
    }
    if (o.json) {
        out << summary_json(info);
    } else {
        const RunSummary& s = b.summary;
        out << info.protocol << ", " << info.trials << " trials, seed " << info.seed << "\n"
            << "  latency            " << fmt(s.latency_ms, 1) << " ms\n"
            << "  steady-state gain  " << fmt(s.steady_state_gain, 3) << "\n"
            << "  learned velocity   first 5: " << fmt(s.learned_velocity_first5_deg_s)
            << " deg/s, last 10: " << fmt(s.learned_velocity_last10_deg_s) << " deg/s\n"
            << "  oscillation (p2p)  " << fmt(s.oscillation_p2p_deg_s) << " deg/s\n"
            << "  speed              " << fmt(info.realtime_factor, 1) << "x real time ("
            << fmt(info.wall_s, 1) << " s)\n";
        if (o.out) out << "  written to         " << o.out->string() << "\n";
    }
    return 0;
}

int bench_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    BenchConfig c;
    bool json = false;
    auto whole = [&](std::size_t& i, long long lo, long long hi) {
        if (i + 1 >= args.size()) throw Failure{args[i] + " needs a value"};
        const std::string& v = args[++i];
        const auto n = parse_whole(v);
        if (!n || *n < lo || *n > hi)
            throw Failure{args[i - 1] + " must be a whole number in [" + std::to_string(lo) + ", " +
                          std::to_string(hi) + "], got '" + v + "'"};
        return static_cast<int>(*n);
    };
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--granule-cells") c.granule_cells = whole(i, 1000, 2000000);
        else if (a == "--purkinje-cells") c.purkinje_cells = whole(i, 4, 256);
        else if (a == "--threads") {
            if (i + 1 >= args.size()) throw Failure{"--threads needs a value"};
            c.threads = parse_threads(args[++i]);
        }
        else if (a == "--seconds") {
            if (i + 1 >= args.size()) throw Failure{"--seconds needs a value"};
            const auto v = parse_number(args[++i]);
            if (!v || *v < 0.1 || *v > 3600)
                throw Failure{"--seconds must be a number in [0.1, 3600], got '" + args[i] + "'"};
            c.seconds = *v;
        } else if (a == "--profile") c.profile = true;
        else if (a == "--json") json = true;
        else throw Failure{"unknown option '" + a + "' for bench (see --help)"};
    }
    if (auto e = validate_bench(c)) throw Failure{*e};
    if (!json)
        err << "building " << c.granule_cells << " granule x " << c.purkinje_cells
            << " Purkinje cells, then " << c.seconds << " s of direction learning on "
            << c.threads << (c.threads == 1 ? " thread" : " threads") << "...\n";
    auto result = run_bench(c);
    if (auto* e = std::get_if<std::string>(&result)) throw Failure{*e};
    const BenchResult& r = std::get<BenchResult>(result);
    auto f = [](double v, int prec) { return fmt(v, prec); };
    const std::pair<const char*, double> stages[] = {
        {"mossy", r.stages.mossy}, {"granule_golgi", r.stages.granule}, {"pf_pc", r.stages.pf_pc},
        {"olive_purkinje", r.stages.olive_purkinje}, {"plasticity_ltd", r.stages.ltd},
        {"nuclei_dcn_plasticity", r.stages.nuclei}, {"weight_map", r.weight_map_s},
        {"eye_task_recording", r.other_s}};
    if (json) {
        out << "{\"granule_cells\": " << c.granule_cells << ", \"purkinje_cells\": " << c.purkinje_cells
            << ", \"threads\": " << c.threads << ", \"seconds\": " << f(r.sim_s, 3)
            << ", \"wall_s\": " << f(r.wall_s, 4) << ", \"cpu_s\": " << f(r.cpu_s, 4) << ", \"realtime_factor\": " << f(r.realtime_factor, 4)
            << ", \"ms_per_step\": " << f(r.ms_per_step, 5) << ", \"gc_rate_hz\": " << f(r.gc_rate_hz, 4)
            << ", \"pc_rate_hz\": " << f(r.pc_rate_hz, 3) << ", \"memory_mb\": " << f(r.memory_mb, 1)
            << ", \"build_s\": " << f(r.build_s, 3) << ", \"parallel_share\": " << f(r.parallel_share, 3);
        if (c.profile) {
            out << ", \"profile_s\": {";
            bool first = true;
            for (const auto& [name, secs] : stages) {
                out << (first ? "" : ", ") << "\"" << name << "\": " << f(secs, 4);
                first = false;
            }
            out << "}";
        }
        out << "}\n";
        return 0;
    }
    out << "threads          " << c.threads << "\n"
        << "realtime_factor  " << f(r.realtime_factor, 2) << "\n"
        << "ms_per_step      " << f(r.ms_per_step, 4) << "\n"
        << "cpu_s            " << f(r.cpu_s, 3) << " (processor time of all threads; wall "
        << f(r.wall_s, 3) << " s)\n"
        << "gc_rate_hz       " << f(r.gc_rate_hz, 3) << "\n"
        << "pc_rate_hz       " << f(r.pc_rate_hz, 2) << "\n"
        << "memory_mb        " << f(r.memory_mb, 1) << "\n"
        << "build_s          " << f(r.build_s, 2) << " (not timed)\n"
        << "parallel_share   " << f(r.parallel_share, 2)
        << " (share of split jobs run on several threads; the pool runs alone where that is faster)\n";
    if (c.profile) {
        out << "profile (share of wall time):\n";
        for (const auto& [name, secs] : stages)
            out << "  " << std::left << std::setw(24) << name << f(100.0 * secs / r.wall_s, 1) << " %\n";
    }
    return 0;
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    try {
        if (args.empty()) {
            err << kUsage;
            return 2;
        }
        const std::string& c = args[0];
        if (c == "--help" || c == "-h" || c == "help") {
            out << kUsage;
            return 0;
        }
        if (c == "--version") {
            out << "flocculus-cli " FLOCCULUS_VERSION "\n";
            return 0;
        }
        if (c == "list") return list(args, out, err);
        if (c == "run" && has_jobs_option(args)) return run_job_command(args, out, err);
        if (c == "run") return run_command(args, out, err);
        if (c == "sweep") return sweep_command(args, out, err);
        if (c == "collect") return collect_command(args, out, err);
        if (c == "bench") return bench_command(args, out, err);
        err << "flocculus-cli: unknown command '" << c << "' (valid: run, sweep, collect, bench, list; see --help)\n";
        return 2;
    } catch (const Failure& f) {
        err << "flocculus-cli: " << one_line(f.message) << "\n";
        return 2;
    } catch (const std::exception& e) {
        err << "flocculus-cli: " << one_line(e.what()) << "\n";
        return 1;
    }
}

std::variant<RunConfig, std::string> parse_run_config(const std::vector<std::string>& args) {
    try {
        RunOptions o = parse_run(args);
        auto schedule = prepare_run(o.config);
        if (auto* e = std::get_if<std::string>(&schedule)) return *e;
        return o.config;
    } catch (const Failure& f) {
        return f.message;
    }
}

}  // namespace flocculus::cli
