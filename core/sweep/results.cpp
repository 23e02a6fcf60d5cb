// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweep/results.hpp"

#include <algorithm>
#include <fstream>
#include <system_error>

#include "record/run_writer.hpp"

namespace flocculus::sweep {
namespace fs = std::filesystem;
namespace {

std::string scalar_text(const nlohmann::ordered_json& v) {
    if (v.is_null()) return {};
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
}

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string o = "\"";
    for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
    return o + "\"";
}

}  // namespace

std::variant<SweepResults, std::string> load_sweep(const fs::path& dir) {
    auto parsed = read_jobs_file(dir / "jobs.tsv");
    if (auto* e = std::get_if<std::string>(&parsed)) return *e;
    SweepResults res;
    res.jobs = std::get<JobsFile>(std::move(parsed));
    auto add_key = [&](const std::string& k) {
        if (std::find(res.keys.begin(), res.keys.end(), k) == res.keys.end()) res.keys.push_back(k);
    };
    for (const auto& job : res.jobs.jobs) {
        RunResult row;
        const fs::path run_dir = dir / "runs" / std::to_string(job.index);
        auto summary = read_summary_json(run_dir / "summary.json");
        std::error_code ec;
        if (auto* j = std::get_if<nlohmann::ordered_json>(&summary)) {
            row.status = "ok";
            for (auto it = j->begin(); it != j->end(); ++it) {
                const std::string& key = it.key();
                if (key == "parameters" || key == "seed") continue;
                if (key == "lesions" && it->is_array()) {
                    for (const auto& l : *it)
                        row.lesions += (row.lesions.empty() ? "" : ";") + scalar_text(l);
                } else if (it->is_object()) {
                    for (auto sub = it->begin(); sub != it->end(); ++sub)
                        if (!sub->is_structured()) {
                            add_key(key + "." + sub.key());
                            row.values[key + "." + sub.key()] = scalar_text(*sub);
                        }
                } else if (!it->is_structured()) {
                    add_key(key);
                    row.values[key] = scalar_text(*it);
                }
            }
        } else if (fs::exists(run_dir / "failed.txt", ec)) {
            row.status = "failed";
            std::ifstream in(run_dir / "failed.txt");
            std::getline(in, row.reason);
            row.reason = row.reason.substr(0, 300);
        } else if (fs::exists(run_dir / "summary.json", ec)) {
            row.status = "failed";
            row.reason = std::get<std::string>(summary);
        } else {
            row.status = "missing";
        }
        res.runs.push_back(std::move(row));
    }
    return res;
}

std::string sweep_csv(const SweepResults& res) {
    std::string text = "index";
    for (const auto& g : res.jobs.grid) text += "," + csv_field(g);
    text += ",seed,lesions";
    for (const auto& k : res.keys) text += "," + csv_field(k);
    text += ",status\n";
    for (std::size_t i = 0; i < res.runs.size(); ++i) {
        const auto& job = res.jobs.jobs[i];
        const RunResult& row = res.runs[i];
        text += std::to_string(job.index);
        for (const auto& v : job.values) text += "," + csv_field(v);
        text += "," + std::to_string(job.seed) + "," + csv_field(row.lesions);
        for (const auto& k : res.keys) {
            const auto it = row.values.find(k);
            text += "," + (it == row.values.end() ? std::string() : csv_field(it->second));
        }
        text += "," + row.status + "\n";
    }
    return text;
}

}  // namespace flocculus::sweep
