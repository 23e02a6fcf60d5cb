// SPDX-License-Identifier: GPL-3.0-or-later
// Reading a small input file (a session, lesson, preset or jobs file) without trusting it:
// only a regular file is read, it is opened without waiting (a FIFO or a device is refused
// at once, not waited on or read without end), and never more than its limit + 1 bytes are
// read, whatever size it claims.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace flocculus {

struct FileRead {
    std::string bytes;
    std::string error;  // one line, e.g. "not a regular file (a FIFO)"; empty on success
};

FileRead read_regular_file(const std::filesystem::path& path, std::size_t max_bytes);

}  // namespace flocculus
