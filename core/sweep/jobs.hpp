// SPDX-License-Identifier: GPL-3.0-or-later
// Parameter sweeps (DESIGN §4.1): a grid of parameter values times a range of seeds, one run
// a line in DIR/jobs.tsv. The file is plain tab-separated text:
//
//   #flocculus-sweep<TAB>1                       format and its version
//   #options<TAB>--protocol<TAB>P<TAB>...        run options shared by every job
//   index<TAB>seed<TAB>NAME1<TAB>NAME2...        one column per grid parameter
//   0<TAB>1<TAB>0.5<TAB>...                      one job a line, indices 0, 1, 2, ... in order
//
// Job K runs `run OPTIONS --set NAME1=v1 ... --seed S` into DIR/runs/K/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace flocculus::sweep {

inline constexpr int kJobsFormatVersion = 1;
inline constexpr std::size_t kMaxJobsBytes = std::size_t{16} << 20;  // 16 MiB
inline constexpr std::size_t kMaxJobs = 100000;
inline constexpr std::size_t kMaxGridParameters = 16;

struct Job {
    std::size_t index = 0;
    std::uint64_t seed = 1;
    std::vector<std::string> values;  // one per grid parameter, as written
};

struct JobsFile {
    std::vector<std::string> options;  // shared run options, one token each
    std::vector<std::string> grid;     // parameter names, in column order
    std::vector<Job> jobs;
};

// One axis of a grid as given on the command line: NAME=v1,v2,...
struct GridAxis {
    std::string name;
    std::vector<std::string> values;
};

// Parses `NAME=v1,v2,...`: the name must be a registered parameter and every value in its
// range. Returns the axis or a one-line error.
std::variant<GridAxis, std::string> parse_grid_axis(std::string_view text);

// Parses `A-B` or `A` (whole numbers, A <= B, at most kMaxJobs seeds).
std::variant<std::vector<std::uint64_t>, std::string> parse_seed_range(std::string_view text);

// Every combination of the axes' values (the first axis varies slowest) times every seed
// (fastest). A one-line error when there would be no job or more than kMaxJobs.
std::variant<JobsFile, std::string> expand_sweep(std::vector<std::string> options,
                                                 const std::vector<GridAxis>& axes,
                                                 const std::vector<std::uint64_t>& seeds);

// The text of jobs.tsv.
std::string format_jobs(const JobsFile& jobs);

// Parses the text of jobs.tsv, strictly: the format line and its version, the options line,
// the header (known parameters, no repeats), then every job line (as many columns as the
// header, indices in order from 0, seeds whole and >= 0, every value in its parameter's
// range). A pure function of the text; returns the jobs or one line naming what is wrong
// (with its line number).
std::variant<JobsFile, std::string> parse_jobs(std::string_view text);

// Reads and parses a jobs file: a regular file of at most kMaxJobsBytes.
std::variant<JobsFile, std::string> read_jobs_file(const std::filesystem::path& file);

// The run arguments of one job (without `run` and without --out), e.g. for flocculus-cli.
std::vector<std::string> job_arguments(const JobsFile& jobs, const Job& job);

// A job's name for reports: "job 3 (pf.ltd_rate=0.002, seed 2)".
std::string job_name(const JobsFile& jobs, const Job& job);

}  // namespace flocculus::sweep
