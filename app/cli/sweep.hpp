// SPDX-License-Identifier: GPL-3.0-or-later
// The sweep commands of flocculus-cli (DESIGN §4.1): `sweep` writes a sweep folder,
// `run --jobs F --index K` runs one of its jobs, `collect` gathers the results. No scheduler
// of our own: the folder holds a GNU parallel script and a Slurm job-array script.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace flocculus::cli {

// Whether `run` was given --jobs (then run_job_command handles it).
bool has_jobs_option(const std::vector<std::string>& args);

int sweep_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_job_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int collect_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace flocculus::cli
