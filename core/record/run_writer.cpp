// SPDX-License-Identifier: GPL-3.0-or-later
#include "record/run_writer.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <utility>

#include "circuit/purkinje.hpp"
#include "params/registry.hpp"
#include "record/h5_writer.hpp"

namespace flocculus {
namespace {

// A number for CSV: empty when undefined.
std::string csv_num(double v, const char* fmt = "%.4f") {
    if (!std::isfinite(v)) return {};
    char b[64];
    std::snprintf(b, sizeof b, fmt, v);
    return b;
}

// A number for summary.json, formatted by nlohmann-json: null when undefined, a whole
// number without a fraction, otherwise the value rounded to ten significant digits.
std::string json_num(double v) {
    if (!std::isfinite(v)) return nlohmann::json(nullptr).dump();
    if (v == std::floor(v) && std::fabs(v) < 1e15) return nlohmann::json(static_cast<long long>(v)).dump();
    char b[64];
    std::snprintf(b, sizeof b, "%.10g", v);
    return nlohmann::json(std::strtod(b, nullptr)).dump();
}

// A JSON string, escaped by nlohmann-json.
std::string json_str(std::string_view s) { return nlohmann::json(s).dump(); }

}  // namespace

std::string summary_json(const SummaryInfo& s) {
    std::string o = "{\n";
    auto kv = [&](std::string_view k, const std::string& v, bool last = false) {
        o += "  " + json_str(k) + ": " + v + (last ? "\n" : ",\n");
    };
    kv("protocol", json_str(s.protocol));
    kv("seed", std::to_string(s.seed));
    kv("trials", std::to_string(s.trials));
    std::string params = "{";
    bool first = true;
    for (const auto& spec : parameter_specs()) {
        params += first ? "\n" : ",\n";
        first = false;
        const double v = get_parameter(s.parameters, spec);
        params += "    " + json_str(spec.name) + ": " +
                  (spec.kind == ParamKind::Choice ? json_str(spec.format_value(v)) : json_num(v));
    }
    kv("parameters", params + "\n  }");
    auto list = [](const std::vector<std::string>& v) {
        std::string text = "[";
        for (std::size_t i = 0; i < v.size(); ++i) text += (i ? ", " : "") + json_str(v[i]);
        return text + "]";
    };
    kv("lesions", list(s.lesions));
    kv("lesions_at", list(s.lesions_at));
    const RunSummary& m = s.metrics;
    // The measures of DESIGN §4, in the order the contract lists them.
    static constexpr std::pair<const char*, double RunSummary::*> kMeasures[] = {
        {"latency_ms", &RunSummary::latency_ms},
        {"steady_state_gain", &RunSummary::steady_state_gain},
        {"learned_velocity_first5_deg_s", &RunSummary::learned_velocity_first5_deg_s},
        {"learned_velocity_last10_deg_s", &RunSummary::learned_velocity_last10_deg_s},
        {"learned_velocity_peak_deg_s", &RunSummary::learned_velocity_peak_deg_s},
        {"learning_spearman_rho", &RunSummary::learning_spearman_rho},
        {"cs_ratio_first10", &RunSummary::cs_ratio_first10},
        {"cs_ratio_last10", &RunSummary::cs_ratio_last10},
        {"ss_learned_first10_hz", &RunSummary::ss_learned_first10_hz},
        {"ss_learned_last10_hz", &RunSummary::ss_learned_last10_hz},
        {"ss_late_first10_hz", &RunSummary::ss_late_first10_hz},
        {"ss_late_last10_hz", &RunSummary::ss_late_last10_hz},
        {"ss_after_cs_minus_no_cs_hz", &RunSummary::ss_after_cs_minus_no_cs_hz},
    };
    for (const auto& [key, member] : kMeasures) kv(key, json_num(m.*member));
    if (m.savings_ratio) kv("savings_ratio", json_num(*m.savings_ratio));
    kv("oscillation_p2p_deg_s", json_num(m.oscillation_p2p_deg_s));
    std::string zones = "{";
    for (int z = 0; z < kMicrozones; ++z)
        zones += std::string(z ? ", " : "") + json_str(kZoneNames[z]) + ": " +
                 json_num(m.ss_pursuit_minus_fixation_hz[static_cast<std::size_t>(z)]);
    kv("ss_pursuit_minus_fixation_hz", zones + "}");
    static constexpr std::pair<const char*, std::optional<double> RunSummary::*> kOptional[] = {
        {"consolidation_shutdown_fraction_first", &RunSummary::consolidation_shutdown_fraction_first},
        {"consolidation_shutdown_fraction_last", &RunSummary::consolidation_shutdown_fraction_last},
        {"retained_after_final_rest_deg_s", &RunSummary::retained_after_final_rest_deg_s},
        {"vor_gain_before", &RunSummary::vor_gain_before},
        {"vor_gain_after", &RunSummary::vor_gain_after},
        {"vor_gain_change", &RunSummary::vor_gain_change},
        {"vor_phase_before_deg", &RunSummary::vor_phase_before_deg},
        {"vor_phase_after_deg", &RunSummary::vor_phase_after_deg},
    };
    for (const auto& [key, member] : kOptional)
        if (m.*member) kv(key, json_num(*(m.*member)));
    if (m.eyeblink) {
        const EyeblinkSummary& e = *m.eyeblink;
        kv("cr_rate_first_block", json_num(e.cr_rate_first_block));
        kv("cr_rate_last_block", json_num(e.cr_rate_last_block));
        kv("cr_peak_ms_last_block", json_num(e.cr_peak_ms_last_block));
        kv("cr_onset_ms_last_block", json_num(e.cr_onset_ms_last_block));
        if (e.cr_rate_extinction_last_block)
            kv("cr_rate_extinction_last_block", json_num(*e.cr_rate_extinction_last_block));
        if (e.eyeblink_savings_ratio)
            kv("eyeblink_savings_ratio", json_num(*e.eyeblink_savings_ratio));
    }
    kv("wall_s", json_num(s.wall_s));
    kv("realtime_factor", json_num(s.realtime_factor));
    kv("output_hash", json_str(s.output_hash), true);
    return o + "}\n";
}

nlohmann::ordered_json summary_object(const SummaryInfo& s) {
    return nlohmann::ordered_json::parse(summary_json(s));
}

std::variant<nlohmann::ordered_json, std::string> read_summary_json(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return file.string() + " is missing";
    const auto size = std::filesystem::file_size(file, ec);
    if (ec || size > kMaxSummaryBytes)
        return file.string() + " is larger than " + std::to_string(kMaxSummaryBytes) + " bytes";
    std::ifstream in(file, std::ios::binary);
    std::string text(static_cast<std::size_t>(size), '\0');
    if (!in.read(text.data(), static_cast<std::streamsize>(size)))
        return "cannot read " + file.string();
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return file.string() + " is not a JSON object";
    if (!j.contains("output_hash") || !j["output_hash"].is_string())
        return file.string() + " has no output_hash (not a finished run)";
    return j;
}

std::optional<OutputFormat> parse_output_format(std::string_view text) {
    if (text == "csv") return OutputFormat::Csv;
    if (text == "hdf5") return OutputFormat::Hdf5;
    if (text == "both") return OutputFormat::Both;
    return std::nullopt;
}

void add_trial_rows(const TrialRecord& r, int recorded_cells, Fnv1a& hash, AtomicFile* spikes,
                    AtomicFile* traces) {
    const int n = r.plan.number;
    char line[256];
    auto row = [&](int len, AtomicFile* file) {
        if (len < 0 || static_cast<std::size_t>(len) >= sizeof line) return;
        const std::string_view text(line, static_cast<std::size_t>(len));
        hash.add(text);
        if (file) file->write(text);
    };
    for (const auto& s : r.spikes) {
        if (s.cell >= recorded_cells) continue;
        row(std::snprintf(line, sizeof line, "%d,%u,%u,%.1f,%s\n", n, s.microzone, s.cell,
                          static_cast<double>(s.t_ms), s.kind == SpikeKind::Simple ? "ss" : "cs"),
            spikes);
    }
    for (const auto& x : r.trace)
        row(std::snprintf(line, sizeof line, "%d,%.0f,%.4f,%.4f,%.4f,%.4f\n", n,
                          static_cast<double>(x.t_ms), static_cast<double>(x.target_vx_deg_s),
                          static_cast<double>(x.target_vy_deg_s),
                          static_cast<double>(x.eye_vx_deg_s),
                          static_cast<double>(x.eye_vy_deg_s)),
            traces);
    // Eyeblink trials: the eyelid trace enters the hash (it is the task's behaviour).
    for (std::size_t k = 0; k < r.eyeblink.eyelid.size(); ++k)
        row(std::snprintf(line, sizeof line, "%d,%.0f,%.5f\n", n, kTrialStartMs + static_cast<double>(k),
                          static_cast<double>(r.eyeblink.eyelid[k])),
            nullptr);
}

RunWriter::RunWriter(const std::filesystem::path& dir, int recorded_cells_per_zone,
                     OutputFormat format, std::string_view holder)
    : dir_(dir), recorded_cells_(recorded_cells_per_zone) {
    auto lock = OutputLock::acquire(dir, holder);
    if (auto* e = std::get_if<std::string>(&lock)) {
        lock_error_ = *e;
        return;
    }
    lock_.emplace(std::move(std::get<OutputLock>(lock)));
    lock_error_ = recover_output_dir(dir);
    if (!lock_error_.empty()) return;
    if (format != OutputFormat::Csv) tables_ = std::make_unique<RunTables>();
    if (format == OutputFormat::Hdf5) return;
    trials_ = std::make_unique<AtomicFile>(dir / "trials.csv");
    spikes_ = std::make_unique<AtomicFile>(dir / "purkinje_spikes.csv");
    traces_ = std::make_unique<AtomicFile>(dir / "traces.csv");
    trials_->write(
        "trial,phase,instructed,learned_velocity_deg_s,latency_ms,gain,cs_rate_instr_hz,"
        "cs_rate_base_hz,ss_learned_hz,ss_late_hz"
        ",vor_gain_dark"
        ",cs_alone,cr,cr_onset_ms,cr_peak_ms,eyelid_peak"
        "\n");
    spikes_->write("trial,microzone,cell,t_ms,kind\n");
    traces_->write("trial,t_ms,target_vx,target_vy,eye_vx,eye_vy\n");
}

bool RunWriter::ok() const {
    return lock_error_.empty() && (!trials_ || (trials_->ok() && spikes_->ok() && traces_->ok()));
}

std::string RunWriter::error() const {
    if (!lock_error_.empty()) return lock_error_;
    for (const AtomicFile* f : {trials_.get(), spikes_.get(), traces_.get()})
        if (f && !f->error().empty()) return f->error();
    return {};
}

void RunWriter::add_trial(const TrialRecord& r, const TrialMetrics& m) {
    if (!lock_error_.empty()) return;
    if (tables_) tables_->add_trial(r, m, recorded_cells_);
    if (trials_) {
        const int n = r.plan.number;
        std::string row = std::to_string(n) + "," + std::string(phase_name(m.phase)) + "," +
                          (m.instructed ? "1" : "0") + "," + csv_num(m.learned_velocity_deg_s) +
                          "," + csv_num(m.latency_ms, "%.0f") + "," + csv_num(m.gain) + "," +
                          csv_num(m.cs_rate_instr_hz) + "," + csv_num(m.cs_rate_base_hz) + "," +
                          csv_num(m.ss_learned_hz) + "," + csv_num(m.ss_late_hz);
        row += "," + csv_num(m.vor_gain_dark);
        // Eyeblink columns (DESIGN §4.1), empty on pursuit and VOR trials.
        if (m.eyeblink)
            row += std::string(",") + (m.cs_alone ? "1" : "0") + "," + (m.cr.cr ? "1" : "0") + "," +
                   csv_num(m.cr.onset_ms, "%.0f") + "," + csv_num(m.cr.peak_ms, "%.0f") + "," +
                   csv_num(m.cr.peak) + "\n";
        else
            row += ",,,,,\n";
        trials_->write(row);
    }
    add_trial_rows(r, recorded_cells_, hash_, spikes_.get(), traces_.get());
}

std::string RunWriter::finish(SummaryInfo summary) {
    if (!lock_error_.empty()) return lock_error_;
    summary.output_hash = hash_.hex();
    AtomicFile js(dir_ / "summary.json");
    js.write(summary_json(summary));
    // Every file of the run, recording.h5 and summary.json included, committed as one set.
    std::vector<AtomicFile*> set;
    for (AtomicFile* f : {trials_.get(), spikes_.get(), traces_.get()})
        if (f) set.push_back(f);
    std::unique_ptr<AtomicFile> h5;
    if (tables_) {
        h5 = std::make_unique<AtomicFile>(dir_ / "recording.h5");
        if (auto e = h5->finish(); !e.empty()) return e;
        if (auto e = write_recording_h5(h5->temporary_path(), summary_object(summary), *tables_);
            !e.empty())
            return e;
        set.push_back(h5.get());
    }
    set.push_back(&js);
    return commit_file_set(dir_, set);
}

}  // namespace flocculus
