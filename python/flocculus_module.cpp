// SPDX-License-Identifier: GPL-3.0-or-later
// The Python module `flocculus` (DESIGN §4.1): runs over the core with the same options,
// checks and results as `flocculus-cli run`, and the registry's parameters, protocols and
// lesions. The circuit runs without the GIL; Ctrl+C stops a run between trials.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "batch.hpp"
#include "cli/cli.hpp"
#include "params/lesions.hpp"
#include "params/presets.hpp"
#include "params/registry.hpp"
#include "record/run_tables.hpp"
#include "record/run_writer.hpp"
#include "task/protocol.hpp"

namespace py = pybind11;
using namespace flocculus;
using namespace pybind11::literals;

namespace {

// Thrown from the trial observer when Python has a pending signal (Ctrl+C).
struct Interrupted {};

template <typename T>
py::array_t<T> column(const std::vector<T>& v) {
    return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
}

py::array text_column(const std::vector<std::string>& v) {
    py::list items;
    for (const auto& s : v) items.append(py::str(s));
    return py::module_::import("numpy").attr("array")(items, "dtype"_a = "U");
}

// A value of `set` as the text `--set name=value` would carry.
std::string value_text(const std::string& name, const py::handle& v) {
    if (py::isinstance<py::str>(v)) return v.cast<std::string>();
    if (py::isinstance<py::bool_>(v))
        throw py::value_error("set: the value of " + name +
                              " must be a number or a label, got a bool");
    if (py::isinstance<py::int_>(v)) return py::str(v).cast<std::string>();
    try {
        // The shortest text that reads back as the same double.
        return py::repr(py::float_(py::reinterpret_borrow<py::object>(v))).cast<std::string>();
    } catch (const py::error_already_set&) {
        throw py::value_error("set: the value of " + name + " must be a number or a label");
    }
}

py::dict run(const std::string& protocol, std::optional<long long> trials, long long seed,
             std::optional<py::dict> set, std::optional<std::vector<std::string>> lesions,
             std::optional<std::string> preset, std::optional<long long> threads,
             std::optional<std::vector<std::string>> lesions_at) {
    // The same arguments `flocculus-cli run` would get: the same checks and messages.
    std::vector<std::string> args = {"run", "--protocol", protocol, "--seed", std::to_string(seed)};
    if (trials) args.insert(args.end(), {"--trials", std::to_string(*trials)});
    if (preset) args.insert(args.end(), {"--preset", *preset});
    if (set)
        for (const auto& [k, v] : *set) {
            const std::string name = py::str(k).cast<std::string>();
            args.insert(args.end(), {"--set", name + "=" + value_text(name, v)});
        }
    if (lesions)
        for (const auto& l : *lesions) args.insert(args.end(), {"--lesion", l});
    if (lesions_at)
        for (const auto& l : *lesions_at) args.insert(args.end(), {"--lesion-at", l});
    if (threads) args.insert(args.end(), {"--threads", std::to_string(*threads)});
    auto parsed = cli::parse_run_config(args);
    if (auto* e = std::get_if<std::string>(&parsed)) throw py::value_error(*e);
    const RunConfig config = std::get<RunConfig>(std::move(parsed));

    const int cells = config.params.record_purkinje;
    RunTables tables;
    Fnv1a hash;
    std::variant<BatchResult, std::string> result;
    bool interrupted = false;
    {
        py::gil_scoped_release nogil;
        try {
            result = run_batch(
                config, [&](const TrialRecord& r, const TrialMetrics& m, std::size_t, std::size_t) {
                    tables.add_trial(r, m, cells);
                    add_trial_rows(r, cells, hash);
                    py::gil_scoped_acquire gil;
                    if (PyErr_CheckSignals() != 0) throw Interrupted{};
                });
        } catch (const Interrupted&) {
            interrupted = true;
        }
    }
    if (interrupted) throw py::error_already_set();  // the KeyboardInterrupt raised above
    if (auto* e = std::get_if<std::string>(&result)) throw py::value_error(*e);
    const BatchResult& b = std::get<BatchResult>(result);

    SummaryInfo info;
    info.protocol = std::string(protocol_info(config.protocol).name);
    info.seed = config.seed;
    info.trials = static_cast<int>(b.trials.size());
    info.parameters = config.params;
    info.lesions = config.lesions.describe();
    for (const auto& l : config.lesions_at) info.lesions_at.push_back(l.describe());
    info.metrics = b.summary;
    info.wall_s = b.wall_s;
    info.realtime_factor = b.realtime_factor();
    info.output_hash = hash.hex();

    py::dict out;
    out["summary"] = py::module_::import("json").attr("loads")(summary_json(info));
    py::dict t;
    t["trial"] = column(tables.trials.trial);
    t["phase"] = text_column(tables.trials.phase);
    t["instructed"] = column(tables.trials.instructed);
    for (const auto& [name, member] : kTrialMeasureColumns) t[name] = column(tables.trials.*member);
    out["trials"] = t;
    py::dict s;
    s["trial"] = column(tables.spikes.trial);
    s["microzone"] = column(tables.spikes.microzone);
    s["cell"] = column(tables.spikes.cell);
    s["t_ms"] = column(tables.spikes.t_ms);
    py::object kind = column(tables.spikes.kind);
    s["kind"] = py::module_::import("numpy").attr("where")(kind.attr("__eq__")(0), "ss", "cs");
    out["spikes"] = s;
    py::dict x;
    x["trial"] = column(tables.traces.trial);
    x["t_ms"] = column(tables.traces.t_ms);
    x["target_vx"] = column(tables.traces.target_vx);
    x["target_vy"] = column(tables.traces.target_vy);
    x["eye_vx"] = column(tables.traces.eye_vx);
    x["eye_vy"] = column(tables.traces.eye_vy);
    out["traces"] = x;
    return out;
}

py::dict parameters() {
    py::dict d;
    for (const auto& s : parameter_specs()) {
        py::dict p;
        p["unit"] = std::string(s.unit);
        p["default"] = s.kind == ParamKind::Choice
                           ? py::object(py::str(s.format_value(s.default_value)))
                           : py::object(py::float_(s.default_value));
        p["min"] = s.min_value;
        p["max"] = s.max_value;
        p["range"] = s.range_text();
        p["description"] = std::string(s.description);
        p["kind"] = s.kind == ParamKind::Real      ? "real"
                    : s.kind == ParamKind::Integer ? "integer"
                                                   : "choice";
        p["structural"] = s.structural;
        py::list choices;
        for (const auto& c : s.choices) choices.append(std::string(c));
        p["choices"] = choices;
        d[py::str(std::string(s.name))] = p;
    }
    return d;
}

}  // namespace

PYBIND11_MODULE(flocculus, m) {
    m.doc() =
        "Flocculus: a spiking model of the floccular cerebellum learning smooth pursuit.\n"
        "run() simulates a protocol as `flocculus-cli run` does; parameters(), protocols()\n"
        "and lesions() read the registry.";
    m.attr("__version__") = FLOCCULUS_VERSION;
    m.def("run", &run, "protocol"_a, "trials"_a = py::none(), "seed"_a = 1, "set"_a = py::none(),
          "lesions"_a = py::none(), "preset"_a = py::none(), "threads"_a = py::none(),
          "lesions_at"_a = py::none(),
          "Runs a protocol to the end, as `flocculus-cli run` does with the same options, and\n"
          "returns a dict: 'summary' (summary.json as a dict, with the same output_hash as the\n"
          "command line), and 'trials', 'spikes' and 'traces' (dicts of numpy columns named as\n"
          "in trials.csv, purkinje_spikes.csv and traces.csv).\n\n"
          "protocol: a name of protocols(); trials: number of trials (protocols with one phase);\n"
          "seed: whole number >= 0; set: {parameter name: value} (see parameters()); lesions:\n"
          "['io', 'purkinje:0.5', ...] (see lesions()); preset: a preset name; threads: threads\n"
          "computing the circuit (default: every core; results do not depend on it); lesions_at:\n"
          "['61:purkinje', ...], a lesion from trial K on (--lesion-at).\n\n"
          "Bad input raises ValueError with the command line's one-line message. The GIL is\n"
          "released while the circuit runs; Ctrl+C (KeyboardInterrupt) stops it between trials.");
    m.def("parameters", &parameters,
          "Every parameter of the registry: {name: {unit, default, min, max, range, description,\n"
          "kind, structural, choices}}.");
    m.def(
        "protocols",
        [] {
            py::dict d;
            for (const auto& p : protocols())
                d[py::str(std::string(p.name))] = std::string(p.description);
            return d;
        },
        "The protocols: {name: description}.");
    m.def(
        "lesions",
        [] {
            py::dict d;
            for (const auto& l : lesion_infos())
                d[py::str(std::string(l.name))] = std::string(l.description);
            return d;
        },
        "The lesions: {name: description}; give them to run() as 'name' or 'name:fraction'.");
    m.def(
        "presets",
        [] {
            py::dict d;
            for (const auto& p : presets())
                d[py::str(std::string(p.name))] = std::string(p.description);
            return d;
        },
        "The presets: {name: description}.");
}
