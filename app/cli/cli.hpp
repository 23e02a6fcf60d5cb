// SPDX-License-Identifier: GPL-3.0-or-later
// flocculus-cli (DESIGN §4) as a function, so that tests can call it in-process.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace flocculus::cli {

// Runs the command line `args` (without the program name). Returns the exit code.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace flocculus::cli
