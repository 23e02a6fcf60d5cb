// SPDX-License-Identifier: GPL-3.0-or-later
// Output files that are never left half-written: each is written to a temporary file in
// the destination folder and renamed over its final name only when complete.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace flocculus {

class AtomicFile {
public:
    explicit AtomicFile(std::filesystem::path final_path);
    ~AtomicFile();  // removes the temporary file unless committed
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    bool ok() const { return f_ != nullptr && !failed_; }
    void write(std::string_view text);
    // printf-style formatted write; returns the text written (for hashing).
    std::string_view printf(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
    // Flushes, closes and renames into place. Returns an error message, or empty on success.
    std::string commit();
    const std::filesystem::path& path() const { return final_; }

private:
    std::filesystem::path final_;
    std::filesystem::path tmp_;
    std::FILE* f_ = nullptr;
    bool failed_ = false;
    bool committed_ = false;
    char line_[512]{};
};

// 64-bit FNV-1a, fed incrementally.
class Fnv1a {
public:
    void add(std::string_view s) {
        for (unsigned char c : s) { h_ ^= c; h_ *= 0x100000001b3ULL; }
    }
    std::uint64_t value() const { return h_; }
    std::string hex() const;

private:
    std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

// Checks that `dir` can be used for output: creates it if missing; refuses a path that
// exists and is not a directory. Returns an error message, or empty on success.
std::string prepare_output_dir(const std::filesystem::path& dir);

}  // namespace flocculus
