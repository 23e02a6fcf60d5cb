// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/read_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace flocculus {
namespace {

const char* kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a plain file";
}

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

}  // namespace

FileRead read_regular_file(const std::filesystem::path& path, std::size_t max_bytes) {
    FileRead r;
    // O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked on the
    // opened file, so that it cannot change between the check and the read.
    const Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) {
        r.error = std::string("cannot be read (") + std::strerror(errno) + ")";
        return r;
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        r.error = std::string("cannot be read (") + std::strerror(errno) + ")";
        return r;
    }
    if (!S_ISREG(st.st_mode)) {
        r.error = std::string("not a regular file (") + kind_of(st.st_mode) + ")";
        return r;
    }
    auto too_large = [&](unsigned long long size) {
        r.bytes.clear();
        r.error = "too large (" + (size > max_bytes ? std::to_string(size) : "more than " + std::to_string(max_bytes)) +
                  " bytes; at most " + std::to_string(max_bytes) + ")";
        return r;
    };
    if (static_cast<unsigned long long>(st.st_size) > max_bytes)
        return too_large(static_cast<unsigned long long>(st.st_size));
    // Read at most max_bytes + 1, whatever the size said: a file that grows is caught too.
    r.bytes.resize(max_bytes + 1);
    std::size_t got = 0;
    while (got < r.bytes.size()) {
        const ssize_t n = ::read(fd.get(), r.bytes.data() + got, r.bytes.size() - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            r.bytes.clear();
            r.error = std::string("cannot be read (") + std::strerror(errno) + ")";
            return r;
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    if (got > max_bytes) return too_large(0);
    r.bytes.resize(got);
    return r;
}

}  // namespace flocculus
