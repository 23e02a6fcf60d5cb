// SPDX-License-Identifier: GPL-3.0-or-later
// flocculus-cli (DESIGN §4) as a function, so that tests can call it in-process.
#pragma once

#include <iosfwd>
#include <string>
#include <variant>
#include <vector>

#include "runner.hpp"

namespace flocculus::cli {

// Runs the command line `args` (without the program name). Returns the exit code.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Parses the arguments of `run` (args[0] is "run") into a checked configuration, as `run`
// does, without running: the configuration or the same one-line error `run` prints. The
// options that only concern files and output (--out, --json, --quiet, --format) are checked
// and dropped.
std::variant<RunConfig, std::string> parse_run_config(const std::vector<std::string>& args);

}  // namespace flocculus::cli
