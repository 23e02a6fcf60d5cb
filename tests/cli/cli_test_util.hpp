// SPDX-License-Identifier: GPL-3.0-or-later
// What the command-line tests share: running flocculus-cli's entry point in process, and
// reading and writing whole files.
#pragma once

#include <algorithm>
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

// Runs `flocculus-cli run --protocol PROTOCOL --quiet --out OUT EXTRA...` on bad input and
// says what is wrong with how it was refused ("" when all is right): it must exit non-zero,
// print nothing on standard output and one line on standard error that contains `mentions`,
// and write nothing.
inline std::string refusal_problem(const std::string& protocol, const std::vector<std::string>& extra,
                                   const std::string& mentions, const std::filesystem::path& out) {
    std::vector<std::string> a{"run", "--protocol", protocol, "--quiet", "--out", out.string()};
    a.insert(a.end(), extra.begin(), extra.end());
    const CliResult r = cli(a);
    if (r.code == 0) return "accepted";
    if (std::count(r.err.begin(), r.err.end(), '\n') != 1) return "not one line: " + r.err;
    if (r.err.find(mentions) == std::string::npos) return "does not say '" + mentions + "': " + r.err;
    if (std::filesystem::exists(out)) return "wrote " + out.string();
    if (!r.out.empty()) return "printed: " + r.out;
    return {};
}

inline std::string read(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

inline void write(const std::filesystem::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

}  // namespace flocculus::test
