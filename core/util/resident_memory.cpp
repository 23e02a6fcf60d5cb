// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/resident_memory.hpp"

#include <fstream>
#include <string>

namespace flocculus {

long resident_memory_kib() {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "VmRSS:") {
            long kib = 0;
            status >> kib;
            return kib;
        }
        status.ignore(1 << 12, '\n');
    }
    return 0;
}

}  // namespace flocculus
