// SPDX-License-Identifier: GPL-3.0-or-later
#include "record/files.hpp"

#include <cerrno>
#include <csignal>
#include <cstdarg>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace flocculus {
namespace {

constexpr const char* kJournal = ".flocculus-commit";
constexpr std::size_t kMaxJournalBytes = 1 << 16;

std::string reason(int error_number) { return std::strerror(error_number); }

// A plain file name inside the folder (no path, not "." or ".."), as a journal may list.
bool plain_name(std::string_view name) {
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
           name.find('\0') == std::string_view::npos;
}

// The writer's process id in a temporary name ".NAME.tmpPID", or nothing.
std::optional<long> temporary_owner(const std::string& name) {
    if (name.size() < 6 || name[0] != '.') return std::nullopt;
    const auto at = name.rfind(".tmp");
    if (at == std::string::npos || at == 0 || at + 4 == name.size()) return std::nullopt;
    long pid = 0;
    for (std::size_t i = at + 4; i < name.size(); ++i) {
        if (name[i] < '0' || name[i] > '9' || pid > 100000000) return std::nullopt;
        pid = pid * 10 + (name[i] - '0');
    }
    return pid;
}

bool process_gone(long pid) {
    return pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH);
}

// Holds off the signals that ask a process to stop, for the lifetime of the object.
class SignalsHeld {
public:
    SignalsHeld() {
        sigset_t set;
        sigemptyset(&set);
        for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set, s);
        pthread_sigmask(SIG_BLOCK, &set, &old_);
    }
    ~SignalsHeld() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
    SignalsHeld(const SignalsHeld&) = delete;
    SignalsHeld& operator=(const SignalsHeld&) = delete;

private:
    sigset_t old_;
};

void sync_dir(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

std::filesystem::path temporary_path_for(const std::filesystem::path& final_path, long pid) {
    std::filesystem::path tmp = final_path;
    tmp.replace_filename("." + final_path.filename().string() + ".tmp" + std::to_string(pid));
    return tmp;
}

AtomicFile::AtomicFile(std::filesystem::path final_path) : final_(std::move(final_path)) {
    tmp_ = temporary_path_for(final_, static_cast<long>(::getpid()));
    f_ = std::fopen(tmp_.c_str(), "wb");
    if (!f_) {
        fail(errno);
        return;
    }
    std::setvbuf(f_, nullptr, _IOFBF, 1 << 20);
}

AtomicFile::~AtomicFile() {
    if (f_) std::fclose(f_);
    if (!committed_) {
        std::error_code ec;
        std::filesystem::remove(tmp_, ec);
    }
}

void AtomicFile::fail(int error_number) {
    if (failed_) return;
    failed_ = true;
    error_ = "cannot write " + final_.string() + ": " + reason(error_number);
}

void AtomicFile::write(std::string_view text) {
    if (!f_ || failed_) return;
    if (std::fwrite(text.data(), 1, text.size(), f_) != text.size()) fail(errno);
}

std::string_view AtomicFile::printf(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    const int n = std::vsnprintf(line_, sizeof line_, fmt, ap);
    va_end(ap);
    if (n < 0 || static_cast<std::size_t>(n) >= sizeof line_) {
        if (!failed_) {
            failed_ = true;
            error_ = "cannot write " + final_.string() + ": a line longer than the line buffer";
        }
        return {};
    }
    const std::string_view s(line_, static_cast<std::size_t>(n));
    write(s);
    return s;
}

std::string AtomicFile::finish() {
    if (finished_) return error_;
    if (!f_) return error_.empty() ? "cannot write " + final_.string() : error_;
    if (std::fflush(f_) != 0) fail(errno);
    if (!failed_ && ::fsync(::fileno(f_)) != 0) fail(errno);
    if (std::fclose(f_) != 0) fail(errno);
    f_ = nullptr;
    finished_ = true;
    return error_;
}

std::string AtomicFile::rename_into_place() {
    std::error_code ec;
    std::filesystem::rename(tmp_, final_, ec);
    if (ec) return "cannot write " + final_.string() + ": " + ec.message();
    committed_ = true;
    return {};
}

std::string AtomicFile::commit() {
    if (auto e = finish(); !e.empty()) return e;
    return rename_into_place();
}

std::string commit_file_set(const std::filesystem::path& dir, std::span<AtomicFile* const> files,
                            const std::function<void(std::size_t)>& after_rename) {
    for (AtomicFile* f : files)
        if (auto e = f->finish(); !e.empty()) return e;
    const SignalsHeld held;
    // The journal: every rename of the set, written (and synced) before the first one.
    AtomicFile journal(dir / kJournal);
    for (AtomicFile* f : files)
        journal.write(f->temporary_path().filename().string() + "\t" +
                      f->path().filename().string() + "\n");
    if (auto e = journal.commit(); !e.empty()) return e;
    sync_dir(dir);
    std::size_t done = 0;
    for (AtomicFile* f : files) {
        if (auto e = f->rename_into_place(); !e.empty())
            return e + " (the next run into " + dir.string() + " completes the set)";
        if (after_rename) after_rename(++done);
    }
    sync_dir(dir);
    std::error_code ec;
    std::filesystem::remove(dir / kJournal, ec);
    return {};
}

std::string recover_output_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    const std::filesystem::path journal = dir / kJournal;
    if (std::filesystem::is_regular_file(journal, ec)) {
        std::FILE* f = std::fopen(journal.c_str(), "rb");
        if (!f) return "cannot read " + journal.string() + ": " + reason(errno);
        std::string text(kMaxJournalBytes, '\0');
        text.resize(std::fread(text.data(), 1, text.size(), f));
        std::fclose(f);
        std::size_t start = 0;
        while (start < text.size()) {
            auto end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            const std::string line = text.substr(start, end - start);
            start = end + 1;
            const auto tab = line.find('\t');
            if (tab == std::string::npos) continue;
            const std::string from = line.substr(0, tab), to = line.substr(tab + 1);
            if (!plain_name(from) || !plain_name(to) || !temporary_owner(from)) continue;
            if (!std::filesystem::exists(dir / from, ec)) continue;  // renamed already
            std::filesystem::rename(dir / from, dir / to, ec);
            if (ec) return "cannot complete the interrupted writing of " + (dir / to).string() + ": " +
                           ec.message();
        }
        sync_dir(dir);
        std::filesystem::remove(journal, ec);
    }
    const long self = static_cast<long>(::getpid());
    std::vector<std::filesystem::path> stale;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        const auto owner = temporary_owner(name);
        if (owner && *owner != self && process_gone(*owner) && entry.is_regular_file(ec))
            stale.push_back(entry.path());
    }
    for (const auto& p : stale) std::filesystem::remove(p, ec);
    return {};
}

std::variant<OutputLock, std::string> OutputLock::acquire(const std::filesystem::path& dir,
                                                          std::string_view holder) {
    const std::filesystem::path path = dir / kFileName;
    // The holder removes the lock file when it is done; a writer that opened the file just
    // before then holds a lock on a removed file, so it checks the name still leads to its
    // file and otherwise tries again.
    for (int attempt = 0; attempt < 8; ++attempt) {
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0) return "cannot create " + path.string() + ": " + reason(errno);
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            ::close(fd);
            return path.string() + " is not a regular file";
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int e = errno;
            std::string who(512, '\0');
            const ssize_t n = ::pread(fd, who.data(), who.size(), 0);
            ::close(fd);
            if (e != EWOULDBLOCK) return "cannot lock " + path.string() + ": " + reason(e);
            who.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
            if (auto nl = who.find('\n'); nl != std::string::npos) who.resize(nl);
            for (char& c : who)
                if (static_cast<unsigned char>(c) < 0x20) c = ' ';
            return dir.string() + " is being written by another run (" +
                   (who.empty() ? std::string("holder unknown") : who) +
                   "); wait for it to finish or write elsewhere";
        }
        struct stat named {};
        if (::stat(path.c_str(), &named) != 0 || named.st_ino != st.st_ino ||
            named.st_dev != st.st_dev) {
            ::close(fd);
            continue;
        }
        char when[64] = "";
        const std::time_t now = std::time(nullptr);
        std::tm utc{};
        if (gmtime_r(&now, &utc)) std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &utc);
        const std::string text = "pid " + std::to_string(::getpid()) + ", started " + when + ": " +
                                 std::string(holder) + "\n";
        if (::ftruncate(fd, 0) == 0) {
            const ssize_t written = ::pwrite(fd, text.data(), text.size(), 0);
            (void)written;  // the lock holds without the note
        }
        return OutputLock(fd, path);
    }
    return "cannot lock " + path.string() + ": it keeps being replaced";
}

OutputLock& OutputLock::operator=(OutputLock&& o) noexcept {
    if (this != &o) {
        release();
        fd_ = o.fd_;
        path_ = std::move(o.path_);
        o.fd_ = -1;
    }
    return *this;
}

void OutputLock::release() {
    if (fd_ < 0) return;
    std::error_code ec;
    std::filesystem::remove(path_, ec);  // while still held: see acquire
    ::close(fd_);                        // releases the lock
    fd_ = -1;
}

OutputLock::~OutputLock() { release(); }

std::string Fnv1a::hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
    return buf;
}

std::string prepare_output_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    if (std::filesystem::exists(dir, ec)) {
        if (!std::filesystem::is_directory(dir, ec))
            return "--out " + dir.string() + " exists and is not a directory";
        return {};
    }
    std::filesystem::create_directories(dir, ec);
    if (ec) return "cannot create output directory " + dir.string() + ": " + ec.message();
    return {};
}

}  // namespace flocculus
