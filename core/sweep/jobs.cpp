// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweep/jobs.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <system_error>

#include "params/registry.hpp"

namespace flocculus::sweep {
namespace {

constexpr std::string_view kFormatTag = "#flocculus-sweep";
constexpr std::string_view kOptionsTag = "#options";

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t p = s.find(sep, start);
        out.push_back(
            s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
        if (p == std::string_view::npos) return out;
        start = p + 1;
    }
}

// A whole number made of digits only (no sign, no spaces), below 2^63.
std::optional<std::uint64_t> parse_count(std::string_view s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::uint64_t v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc{} || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

// Text that fits in one field of the file: printable, no tab.
bool plain_field(std::string_view s) {
    return !s.empty() && std::none_of(s.begin(), s.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
}

// Checks one value of grid parameter `name`. A one-line error or nothing.
std::optional<std::string> check_value(std::string_view name, std::string_view value) {
    Parameters p = default_parameters();
    return set_parameter_text(p, name, value);
}

std::string shown(std::string_view s, std::size_t max = 40) {
    std::string o;
    for (char c : s.substr(0, max)) o += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    return "'" + o + (s.size() > max ? "...'" : "'");
}

}  // namespace

std::variant<GridAxis, std::string> parse_grid_axis(std::string_view text) {
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return "--grid needs NAME=v1,v2,..., got " + shown(text);
    GridAxis axis;
    axis.name = std::string(text.substr(0, eq));
    if (!find_parameter(axis.name))
        return "unknown grid parameter '" + axis.name + "' (see 'flocculus-cli list params')";
    const std::string_view list = text.substr(eq + 1);
    if (list.empty()) return "empty grid for " + axis.name + ": give at least one value";
    for (std::string_view v : split(list, ',')) {
        if (v.empty()) return "empty value in the grid of " + axis.name + " (" + shown(list) + ")";
        if (auto e = check_value(axis.name, v)) return "--grid: " + *e;
        if (std::find(axis.values.begin(), axis.values.end(), v) != axis.values.end())
            return "value " + std::string(v) + " is given twice in the grid of " + axis.name;
        axis.values.emplace_back(v);
    }
    return axis;
}

std::variant<std::vector<std::uint64_t>, std::string> parse_seed_range(std::string_view text) {
    const std::size_t dash = text.find('-');
    const auto a = parse_count(text.substr(0, dash));
    const auto b = dash == std::string_view::npos ? a : parse_count(text.substr(dash + 1));
    if (!a || !b || *b < *a)
        return "--seeds needs A-B (whole numbers >= 0, A <= B) or A, got " + shown(text);
    if (*b - *a >= kMaxJobs)
        return "--seeds " + std::string(text) + " gives more than " + std::to_string(kMaxJobs) +
               " seeds";
    std::vector<std::uint64_t> seeds;
    for (std::uint64_t s = *a; s <= *b; ++s) seeds.push_back(s);
    return seeds;
}

std::variant<JobsFile, std::string> expand_sweep(std::vector<std::string> options,
                                                 const std::vector<GridAxis>& axes,
                                                 const std::vector<std::uint64_t>& seeds) {
    if (axes.size() > kMaxGridParameters)
        return "at most " + std::to_string(kMaxGridParameters) + " grid parameters";
    std::size_t count = seeds.size();
    for (const auto& a : axes) {
        if (a.values.empty()) return "empty grid for " + a.name + ": give at least one value";
        for (const auto& b : axes)
            if (&a != &b && a.name == b.name) return "grid parameter " + a.name + " is given twice";
        if (count > kMaxJobs / a.values.size() + 1)
            count = kMaxJobs + 1;
        else
            count *= a.values.size();
    }
    if (count == 0) return "empty sweep: no seeds";
    if (count > kMaxJobs)
        return "the sweep has more than " + std::to_string(kMaxJobs) + " jobs; split it";
    for (const auto& o : options)
        if (!plain_field(o)) return "run option " + shown(o) + " cannot be written to jobs.tsv";
    JobsFile f;
    f.options = std::move(options);
    for (const auto& a : axes) f.grid.push_back(a.name);
    std::vector<std::size_t> at(axes.size(), 0);
    for (std::size_t k = 0; k < count; k += seeds.size()) {
        std::vector<std::string> values;
        for (std::size_t i = 0; i < axes.size(); ++i) values.push_back(axes[i].values[at[i]]);
        for (std::uint64_t s : seeds) f.jobs.push_back(Job{f.jobs.size(), s, values});
        for (std::size_t i = axes.size(); i-- > 0;) {
            if (++at[i] < axes[i].values.size()) break;
            at[i] = 0;
        }
    }
    return f;
}

std::string format_jobs(const JobsFile& f) {
    std::string t = std::string(kFormatTag) + "\t" + std::to_string(kJobsFormatVersion) + "\n";
    t += kOptionsTag;
    for (const auto& o : f.options) t += "\t" + o;
    t += "\nindex\tseed";
    for (const auto& g : f.grid) t += "\t" + g;
    t += "\n";
    for (const auto& j : f.jobs) {
        t += std::to_string(j.index) + "\t" + std::to_string(j.seed);
        for (const auto& v : j.values) t += "\t" + v;
        t += "\n";
    }
    return t;
}

std::variant<JobsFile, std::string> parse_jobs(std::string_view text) {
    if (text.size() > kMaxJobsBytes)
        return "jobs.tsv is larger than " + std::to_string(kMaxJobsBytes) + " bytes";
    if (text.empty()) return "jobs.tsv is empty";
    if (text.back() != '\n') return "jobs.tsv does not end with a newline (cut short?)";
    std::vector<std::string_view> lines = split(text.substr(0, text.size() - 1), '\n');
    auto at = [](std::size_t i) { return "jobs.tsv line " + std::to_string(i + 1) + ": "; };

    // Format and version.
    const auto head = split(lines[0], '\t');
    if (head[0] != kFormatTag || head.size() != 2)
        return at(0) + "not a flocculus sweep (expected '#flocculus-sweep<TAB>" +
               std::to_string(kJobsFormatVersion) + "')";
    const auto version = parse_count(head[1]);
    if (!version) return at(0) + "malformed format version " + shown(head[1]);
    if (*version != kJobsFormatVersion)
        return "jobs.tsv is a sweep of format version " + std::to_string(*version) +
               "; this flocculus-cli reads version " + std::to_string(kJobsFormatVersion) +
               " (make the sweep again)";
    if (lines.size() < 3) return "jobs.tsv has no header line";

    JobsFile f;
    const auto opts = split(lines[1], '\t');
    if (opts[0] != kOptionsTag) return at(1) + "expected the '#options' line";
    for (std::size_t i = 1; i < opts.size(); ++i) {
        if (!plain_field(opts[i])) return at(1) + "empty or unprintable option " + shown(opts[i]);
        f.options.emplace_back(opts[i]);
    }

    const auto cols = split(lines[2], '\t');
    if (cols.size() < 2 || cols[0] != "index" || cols[1] != "seed")
        return at(2) + "the header must start with 'index<TAB>seed'";
    if (cols.size() - 2 > kMaxGridParameters)
        return at(2) + "more than " + std::to_string(kMaxGridParameters) + " grid parameters";
    for (std::size_t i = 2; i < cols.size(); ++i) {
        if (!find_parameter(cols[i]))
            return at(2) + "unknown grid parameter " + shown(cols[i]) +
                   " (see 'flocculus-cli list params')";
        if (std::find(f.grid.begin(), f.grid.end(), cols[i]) != f.grid.end())
            return at(2) + "grid parameter " + std::string(cols[i]) + " appears twice";
        f.grid.emplace_back(cols[i]);
    }

    if (lines.size() == 3) return "jobs.tsv has no jobs";
    if (lines.size() - 3 > kMaxJobs)
        return "jobs.tsv has more than " + std::to_string(kMaxJobs) + " jobs";
    for (std::size_t n = 3; n < lines.size(); ++n) {
        const auto fields = split(lines[n], '\t');
        if (fields.size() != cols.size())
            return at(n) + "malformed: " + std::to_string(fields.size()) + " fields, expected " +
                   std::to_string(cols.size());
        Job j;
        const auto index = parse_count(fields[0]);
        if (!index || *index != f.jobs.size())
            return at(n) + "index " + shown(fields[0]) + ", expected " +
                   std::to_string(f.jobs.size());
        j.index = static_cast<std::size_t>(*index);
        const auto seed = parse_count(fields[1]);
        if (!seed) return at(n) + "seed must be a whole number >= 0, got " + shown(fields[1]);
        j.seed = *seed;
        for (std::size_t i = 2; i < fields.size(); ++i) {
            if (fields[i].empty()) return at(n) + "empty value for " + f.grid[i - 2];
            if (auto e = check_value(f.grid[i - 2], fields[i])) return at(n) + *e;
            j.values.emplace_back(fields[i]);
        }
        f.jobs.push_back(std::move(j));
    }
    return f;
}

std::variant<JobsFile, std::string> read_jobs_file(const std::filesystem::path& file) {
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (ec || !std::filesystem::exists(status)) return file.string() + " does not exist";
    if (!std::filesystem::is_regular_file(status)) return file.string() + " is not a regular file";
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) return "cannot read " + file.string() + ": " + ec.message();
    if (size > kMaxJobsBytes)
        return file.string() + " is larger than " + std::to_string(kMaxJobsBytes) + " bytes";
    std::ifstream in(file, std::ios::binary);
    std::string text(static_cast<std::size_t>(size), '\0');
    if (!in || !in.read(text.data(), static_cast<std::streamsize>(size)))
        return "cannot read " + file.string();
    return parse_jobs(text);
}

std::vector<std::string> job_arguments(const JobsFile& f, const Job& job) {
    std::vector<std::string> args = f.options;
    for (std::size_t i = 0; i < f.grid.size(); ++i) {
        args.emplace_back("--set");
        args.push_back(f.grid[i] + "=" + job.values[i]);
    }
    args.emplace_back("--seed");
    args.push_back(std::to_string(job.seed));
    return args;
}

std::string job_name(const JobsFile& f, const Job& job) {
    std::string s = "job " + std::to_string(job.index) + " (";
    for (std::size_t i = 0; i < f.grid.size(); ++i) s += f.grid[i] + "=" + job.values[i] + ", ";
    return s + "seed " + std::to_string(job.seed) + ")";
}

}  // namespace flocculus::sweep
