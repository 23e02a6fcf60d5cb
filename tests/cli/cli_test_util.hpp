// SPDX-License-Identifier: GPL-3.0-or-later
// What the command-line tests share: running flocculus-cli's entry point in process, and
// reading and writing whole files.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace flocculus::test {

struct CliResult {
    int code;
    std::string out, err;
};

// Runs `flocculus-cli ARGS...` in this process, capturing standard output and error.
inline CliResult cli(std::vector<std::string> args) {
    std::ostringstream o, e;
    const int code = flocculus::cli::run(args, o, e);
    return {code, o.str(), e.str()};
}

inline std::string read(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

inline void write(const std::filesystem::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

}  // namespace flocculus::test
