// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the sweep's jobs.tsv reader (flocculus::sweep::parse_jobs), the text a cluster job
// reads before it runs anything. A refused text gets one line naming what is wrong; an
// accepted one has jobs numbered from 0 with one value per grid parameter, and writes back
// to a text that parses to the same jobs.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sweep/jobs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flocculus::sweep;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = parse_jobs(text);
    if (const auto* e = std::get_if<std::string>(&parsed)) {
        if (e->empty() || e->find('\n') != std::string::npos) std::abort();
        return 0;
    }
    const JobsFile& jobs = std::get<JobsFile>(parsed);
    for (std::size_t i = 0; i < jobs.jobs.size(); ++i)
        if (jobs.jobs[i].index != i || jobs.jobs[i].values.size() != jobs.grid.size()) std::abort();
    const auto again = parse_jobs(format_jobs(jobs));
    if (!std::holds_alternative<JobsFile>(again)) std::abort();
    const JobsFile& back = std::get<JobsFile>(again);
    if (back.grid != jobs.grid || back.options != jobs.options || back.jobs.size() != jobs.jobs.size())
        std::abort();
    for (std::size_t i = 0; i < jobs.jobs.size(); ++i)
        if (back.jobs[i].seed != jobs.jobs[i].seed || back.jobs[i].values != jobs.jobs[i].values)
            std::abort();
    return 0;
}
