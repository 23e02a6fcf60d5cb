// SPDX-License-Identifier: GPL-3.0-or-later
// The resident memory of this process (Linux: VmRSS in /proc/self/status), for benchmarks,
// the reset-memory test and the soak driver.
#pragma once

namespace flocculus {

// Resident memory in KiB, or 0 where it cannot be read.
long resident_memory_kib();

inline double resident_memory_mb() { return static_cast<double>(resident_memory_kib()) / 1024.0; }

}  // namespace flocculus
