// SPDX-License-Identifier: GPL-3.0-or-later
#include "record/files.hpp"

#include <cstdarg>
#include <system_error>
#include <unistd.h>

namespace flocculus {

AtomicFile::AtomicFile(std::filesystem::path final_path) : final_(std::move(final_path)) {
    tmp_ = final_;
    tmp_.replace_filename("." + final_.filename().string() + ".tmp" +
                          std::to_string(static_cast<long>(::getpid())));
    f_ = std::fopen(tmp_.c_str(), "wb");
    if (f_) std::setvbuf(f_, nullptr, _IOFBF, 1 << 20);
}

AtomicFile::~AtomicFile() {
    if (f_) std::fclose(f_);
    if (!committed_) {
        std::error_code ec;
        std::filesystem::remove(tmp_, ec);
    }
}

void AtomicFile::write(std::string_view text) {
    if (!f_ || failed_) return;
    if (std::fwrite(text.data(), 1, text.size(), f_) != text.size()) failed_ = true;
}

std::string_view AtomicFile::printf(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    const int n = std::vsnprintf(line_, sizeof line_, fmt, ap);
    va_end(ap);
    if (n < 0 || static_cast<std::size_t>(n) >= sizeof line_) {
        failed_ = true;
        return {};
    }
    const std::string_view s(line_, static_cast<std::size_t>(n));
    write(s);
    return s;
}

std::string AtomicFile::commit() {
    if (!f_) return "cannot create " + tmp_.string();
    const bool flush_failed = std::fflush(f_) != 0 || ::fsync(::fileno(f_)) != 0;
    const bool close_failed = std::fclose(f_) != 0;
    f_ = nullptr;
    if (failed_ || flush_failed || close_failed) return "cannot write " + final_.string();
    std::error_code ec;
    std::filesystem::rename(tmp_, final_, ec);
    if (ec) return "cannot write " + final_.string() + ": " + ec.message();
    committed_ = true;
    return {};
}

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
