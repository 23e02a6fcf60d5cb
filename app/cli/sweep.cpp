// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/sweep.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <system_error>

#include "cli/cli.hpp"
#include "record/files.hpp"
#include "record/run_writer.hpp"
#include "sweep/jobs.hpp"
#include "sweep/results.hpp"

namespace flocculus::cli {
namespace fs = std::filesystem;
namespace {

using sweep::JobsFile;

// One line on stderr, as every command of flocculus-cli reports bad input.
int fail(std::ostream& err, const std::string& message, int code = 2) {
    err << "flocculus-cli: " << message << "\n";
    return code;
}

// The flocculus-cli the scripts call: $FLOCCULUS_CLI if set, else this program.
std::string cli_path() {
    if (const char* e = std::getenv("FLOCCULUS_CLI"); e && *e) return fs::absolute(e).string();
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("flocculus-cli") : self.string();
}

// Quotes text for a POSIX shell.
std::string sh(const std::string& s) {
    std::string o = "'";
    for (char c : s) o += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return o + "'";
}

std::string parallel_script(const fs::path& dir, std::size_t jobs) {
    const std::string d = fs::absolute(dir).string();
    return "#!/bin/sh\n"
           "# Runs every job of this sweep with GNU parallel, one job per core by default.\n"
           "# Arguments go to parallel: -j 4 for four at a time; -S host1,host2 to run over ssh\n"
           "# (this folder and flocculus-cli must then be at the same paths there).\n"
           "# A finished job is skipped, so running this again redoes only what is missing.\n"
           "# Afterwards: flocculus-cli collect " +
           sh(d) +
           "\n"
           "# FLOCCULUS_CLI overrides the program; FLOCCULUS_THREADS the threads per job (1).\n"
           "set -e\n"
           "cli=${FLOCCULUS_CLI:-}\n"
           "[ -n \"$cli\" ] || cli=" +
           sh(cli_path()) +
           "\n"
           "seq 0 " +
           std::to_string(jobs - 1) +
           " | parallel --will-cite --halt never \\\n"
           "    --joblog " +
           sh(d + "/logs/parallel.log") +
           " \"$@\" \\\n"
           "    \"$cli\" run --jobs " +
           sh(d + "/jobs.tsv") + " --index {} --threads \"${FLOCCULUS_THREADS:-1}\" --quiet\n";
}

std::string sbatch_script(const fs::path& dir, std::size_t jobs) {
    const std::string d = fs::absolute(dir).string();
    return "#!/bin/bash\n"
           "# A Slurm job array: one task per line of jobs.tsv. Submit with\n"
           "#   sbatch " +
           d +
           "/sweep.sbatch\n"
           "# Options given to sbatch override these, e.g. --array=0-" +
           std::to_string(jobs - 1) +
           "%8 to run at most\n"
           "# 8 at a time, or --partition=NAME. A finished job is skipped, so submitting again\n"
           "# redoes only what is missing. Afterwards: flocculus-cli collect " +
           d +
           "\n"
           "#SBATCH --job-name=flocculus-sweep\n"
           "#SBATCH --array=0-" +
           std::to_string(jobs - 1) +
           "\n"
           "#SBATCH --ntasks=1\n"
           "#SBATCH --cpus-per-task=1\n"
           "#SBATCH --output=" +
           d +
           "/logs/slurm-%A_%a.out\n"
           "cli=${FLOCCULUS_CLI:-}\n"
           "[ -n \"$cli\" ] || cli=" +
           sh(cli_path()) +
           "\n"
           "exec \"$cli\" run --jobs " +
           sh(d + "/jobs.tsv") +
           " --index \"$SLURM_ARRAY_TASK_ID\" --threads \"${SLURM_CPUS_PER_TASK:-1}\" --quiet\n";
}

std::string write_file(const fs::path& file, const std::string& text, bool executable) {
    AtomicFile f(file);
    f.write(text);
    if (auto e = f.commit(); !e.empty()) return e;
    if (executable) {
        std::error_code ec;
        fs::permissions(file,
                        fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                        fs::perm_options::add, ec);
    }
    return {};
}

// Copies what is written to two streams (a job's messages go to stderr and to failed.txt).
class Tee : public std::streambuf {
  public:
    Tee(std::ostream& a, std::ostream& b) : a_(a), b_(b) {}

  protected:
    int overflow(int c) override {
        if (c == traits_type::eof()) return traits_type::not_eof(c);
        a_.put(static_cast<char>(c));
        b_.put(static_cast<char>(c));
        return c;
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        a_.write(s, n);
        b_.write(s, n);
        return n;
    }
    int sync() override {
        a_.flush();
        return 0;
    }

  private:
    std::ostream& a_;
    std::ostream& b_;
};

}  // namespace

bool has_jobs_option(const std::vector<std::string>& args) {
    return std::find(args.begin(), args.end(), "--jobs") != args.end();
}

int sweep_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::vector<sweep::GridAxis> axes;
    std::optional<std::vector<std::uint64_t>> seeds;
    std::optional<fs::path> dir;
    std::vector<std::string> options;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        const bool takes_value = a == "--grid" || a == "--seeds" || a == "--out";
        if (takes_value && i + 1 >= args.size()) return fail(err, a + " needs a value");
        if (a == "--grid") {
            auto g = sweep::parse_grid_axis(args[++i]);
            if (auto* e = std::get_if<std::string>(&g)) return fail(err, *e);
            axes.push_back(std::get<sweep::GridAxis>(std::move(g)));
        } else if (a == "--seeds") {
            auto s = sweep::parse_seed_range(args[++i]);
            if (auto* e = std::get_if<std::string>(&s)) return fail(err, *e);
            seeds = std::get<0>(std::move(s));
        } else if (a == "--out") {
            if (args[++i].empty()) return fail(err, "--out needs a directory");
            dir = args[i];
        } else if (a == "--seed" || a == "--json" || a == "--jobs" || a == "--index") {
            return fail(err, a + " is not an option of sweep (seeds are given with --seeds A-B)");
        } else {
            options.push_back(a);
        }
    }
    if (axes.empty())
        return fail(err, "empty grid: sweep needs --grid NAME=v1,v2,... (see --help)");
    if (!seeds) return fail(err, "sweep needs --seeds A-B");
    if (!dir) return fail(err, "sweep needs --out DIR");
    for (std::size_t i = 0; i + 1 < options.size(); ++i)
        if (options[i] == "--set")
            for (const auto& a : axes)
                if (options[i + 1].rfind(a.name + "=", 0) == 0)
                    return fail(err,
                                "--set " + options[i + 1] + " conflicts with --grid " + a.name);
    auto expanded = sweep::expand_sweep(options, axes, *seeds);
    if (auto* e = std::get_if<std::string>(&expanded)) return fail(err, *e);
    const JobsFile& jobs = std::get<JobsFile>(expanded);
    // Every job must be a valid run before anything is written.
    for (const auto& job : jobs.jobs) {
        std::vector<std::string> run_args = {"run"};
        for (auto& a : sweep::job_arguments(jobs, job)) run_args.push_back(std::move(a));
        auto c = parse_run_config(run_args);
        if (auto* e = std::get_if<std::string>(&c)) return fail(err, *e);
    }
    const std::string text = sweep::format_jobs(jobs);
    const fs::path jobs_file = *dir / "jobs.tsv";
    std::error_code ec;
    if (fs::exists(jobs_file, ec)) {
        std::ifstream in(jobs_file, std::ios::binary);
        std::ostringstream old;
        old << in.rdbuf();
        if (old.str() != text)
            return fail(err, dir->string() +
                                 " already holds another sweep (its jobs.tsv differs);"
                                 " choose another --out");
    }
    if (auto e = prepare_output_dir(*dir); !e.empty()) return fail(err, e);
    for (const char* sub : {"runs", "logs"}) {
        fs::create_directories(*dir / sub, ec);
        if (ec) return fail(err, "cannot create " + (*dir / sub).string() + ": " + ec.message());
    }
    const std::size_t n = jobs.jobs.size();
    if (auto e = write_file(*dir / "run-parallel.sh", parallel_script(*dir, n), true); !e.empty())
        return fail(err, e, 1);
    if (auto e = write_file(*dir / "sweep.sbatch", sbatch_script(*dir, n), true); !e.empty())
        return fail(err, e, 1);
    if (auto e = write_file(jobs_file, text, false); !e.empty()) return fail(err, e, 1);
    out << n << (n == 1 ? " job" : " jobs") << " written to " << jobs_file.string() << "\n"
        << "  run them with  " << (*dir / "run-parallel.sh").string() << "   (GNU parallel)\n"
        << "            or   sbatch " << (*dir / "sweep.sbatch").string() << "   (Slurm)\n"
        << "  then           flocculus-cli collect " << dir->string() << "\n";
    return 0;
}

int run_job_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::optional<fs::path> file;
    std::optional<std::string> index_text;
    std::vector<std::string> exec_options;  // how to run, not what: --threads, --quiet
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if ((a == "--jobs" || a == "--index" || a == "--threads") && i + 1 >= args.size())
            return fail(err, a + " needs a value");
        if (a == "--jobs")
            file = args[++i];
        else if (a == "--index")
            index_text = args[++i];
        else if (a == "--threads")
            exec_options.insert(exec_options.end(), {a, args[++i]});
        else if (a == "--quiet")
            exec_options.push_back(a);
        else
            return fail(err,
                        "run --jobs takes only --index K, --threads K and --quiet (the rest"
                        " is in jobs.tsv), got '" +
                            a + "'");
    }
    if (!index_text) return fail(err, "run --jobs needs --index K");
    auto parsed = sweep::read_jobs_file(*file);
    if (auto* e = std::get_if<std::string>(&parsed)) return fail(err, *e);
    const JobsFile& jobs = std::get<JobsFile>(parsed);
    const std::size_t n = jobs.jobs.size();
    const auto k = parse_number(*index_text);
    if (!k || *k != static_cast<double>(static_cast<long long>(*k)) || *k < 0 ||
        *k >= static_cast<double>(n))
        return fail(err, "--index " + *index_text + " is out of range: " + file->string() +
                             " has " + std::to_string(n) + " jobs, 0 to " + std::to_string(n - 1));
    const sweep::Job& job = jobs.jobs[static_cast<std::size_t>(*k)];
    const fs::path dir = file->parent_path().empty() ? fs::path(".") : file->parent_path();
    const fs::path run_dir = dir / "runs" / std::to_string(job.index);
    if (std::holds_alternative<nlohmann::ordered_json>(
            read_summary_json(run_dir / "summary.json"))) {
        err << sweep::job_name(jobs, job) << " is already finished (" << run_dir.string()
            << "/summary.json); skipped\n";
        return 0;
    }
    std::error_code ec;
    fs::remove(run_dir / "failed.txt", ec);
    // Temporary files of an earlier attempt that was killed (named .NAME.tmpPID).
    for (const auto& e : fs::directory_iterator(run_dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.size() > 1 && name[0] == '.' && name.find(".tmp") != std::string::npos)
            fs::remove(e.path(), ec);
    }
    std::vector<std::string> run_args = {"run"};
    for (auto& a : sweep::job_arguments(jobs, job)) run_args.push_back(std::move(a));
    run_args.insert(run_args.end(), exec_options.begin(), exec_options.end());
    run_args.insert(run_args.end(), {"--out", run_dir.string()});
    std::ostringstream messages;
    Tee tee(err, messages);
    std::ostream both(&tee);
    const int code = run(run_args, out, both);
    both.flush();
    if (code != 0) {
        // collect reports the job as failed, with the reason.
        fs::create_directories(run_dir, ec);
        std::string text = messages.str();
        const auto last = text.rfind("flocculus-cli: ");
        if (last != std::string::npos) text = text.substr(last);
        write_file(run_dir / "failed.txt", text, false);
    }
    return code;
}

int collect_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.size() != 2 || args[1].empty() || args[1].rfind("--", 0) == 0)
        return fail(err, "collect needs one sweep folder: flocculus-cli collect DIR");
    const fs::path dir = args[1];
    auto loaded = sweep::load_sweep(dir);
    if (auto* e = std::get_if<std::string>(&loaded)) return fail(err, *e);
    const sweep::SweepResults& res = std::get<sweep::SweepResults>(loaded);
    std::size_t ok = 0;
    for (std::size_t i = 0; i < res.runs.size(); ++i) {
        const auto& r = res.runs[i];
        if (r.status == "ok")
            ++ok;
        else
            err << r.status << ": " << sweep::job_name(res.jobs, res.jobs.jobs[i])
                << (r.reason.empty() ? "" : ": " + r.reason) << "\n";
    }
    if (auto e = write_file(dir / "sweep.csv", sweep::sweep_csv(res), false); !e.empty())
        return fail(err, e, 1);
    out << "collected " << ok << " of " << res.runs.size() << " runs into "
        << (dir / "sweep.csv").string() << "\n";
    return ok == res.runs.size() ? 0 : 1;
}

}  // namespace flocculus::cli
