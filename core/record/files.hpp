// SPDX-License-Identifier: GPL-3.0-or-later
// Output files that are never left half-written: each is written to a temporary file in
// the destination folder and renamed over its final name only when complete. A run's files
// are committed as one set (commit_file_set), and one run at a time writes into a folder
// (OutputLock).
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace flocculus {

class AtomicFile {
public:
    explicit AtomicFile(std::filesystem::path final_path);
    ~AtomicFile();  // removes the temporary file unless committed
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    bool ok() const { return f_ != nullptr && !failed_; }
    // The first failure, e.g. "cannot write out/traces.csv: No space left on device", or empty.
    const std::string& error() const { return error_; }
    void write(std::string_view text);
    // printf-style formatted write; returns the text written (for hashing).
    std::string_view printf(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
    // Flushes, syncs and closes the temporary file (once; again returns the same result).
    // Returns an error message, or empty.
    std::string finish();
    // finish(), then renames into place. Returns an error message, or empty on success.
    std::string commit();
    // Renames the finished temporary file into place. Returns an error message, or empty.
    std::string rename_into_place();
    const std::filesystem::path& path() const { return final_; }
    const std::filesystem::path& temporary_path() const { return tmp_; }

private:
    void fail(int error_number);

    std::filesystem::path final_;
    std::filesystem::path tmp_;
    std::FILE* f_ = nullptr;
    bool failed_ = false;
    bool committed_ = false;
    bool finished_ = false;
    std::string error_;
    char line_[512]{};
};

// The temporary name of a file being written by process `pid`: ".NAME.tmpPID" beside it.
std::filesystem::path temporary_path_for(const std::filesystem::path& final_path, long pid);

// Finishes every file, then renames them all into place as one set: a folder holds either
// the complete old set or the complete new one. A journal (.flocculus-commit) lists the
// renames while they happen, so that a process killed among them (a window of microseconds;
// SIGINT, SIGTERM, SIGHUP and SIGQUIT are held off meanwhile) leaves a set that
// recover_output_dir completes. Returns an error message (nothing renamed), or empty.
// `after_rename` (for tests) is called after each rename with the number done so far.
std::string commit_file_set(const std::filesystem::path& dir, std::span<AtomicFile* const> files,
                            const std::function<void(std::size_t)>& after_rename = {});

// Repairs an output folder after a writer was killed: completes a set commit its journal
// shows half done, and removes the temporary files of writers that are gone. Call it while
// holding the folder's OutputLock. Returns an error message, or empty.
std::string recover_output_dir(const std::filesystem::path& dir);

// One writer per output folder: an advisory lock (flock) on DIR/.flocculus.lock, released by
// the system when the holder exits or dies, so a lock file left behind never blocks. The
// file tells who holds it, for the message another writer gets; the holder removes it when
// done.
class OutputLock {
public:
    // Takes the lock without waiting. Fails with one line naming the holder, e.g.
    // "out is in use by another run (pid 123, started 2026-01-01 12:00:00 UTC: flocculus-cli run)".
    static std::variant<OutputLock, std::string> acquire(const std::filesystem::path& dir,
                                                          std::string_view holder);
    OutputLock(OutputLock&& o) noexcept : fd_(o.fd_), path_(std::move(o.path_)) { o.fd_ = -1; }
    OutputLock& operator=(OutputLock&& o) noexcept;
    OutputLock(const OutputLock&) = delete;
    OutputLock& operator=(const OutputLock&) = delete;
    ~OutputLock();

    static constexpr const char* kFileName = ".flocculus.lock";

private:
    OutputLock(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
    void release();
    int fd_ = -1;
    std::filesystem::path path_;
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
