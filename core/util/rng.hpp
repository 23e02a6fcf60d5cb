// SPDX-License-Identifier: GPL-3.0-or-later
// A small, fast, portable random generator (xoshiro256**, seeded through splitmix64).
// Standard-library distributions differ between implementations; everything here is
// defined bit for bit, so a seed gives the same run on every machine.
#pragma once

#include <cstdint>

namespace flocculus {

inline std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

class Rng {
public:
    explicit Rng(std::uint64_t seed = 1) { reseed(seed); }

    void reseed(std::uint64_t seed) {
        std::uint64_t sm = seed;
        for (auto& w : s_) w = splitmix64(sm);
    }

    // A generator for an independent stream, derived from a seed and a stream number.
    static Rng stream(std::uint64_t seed, std::uint64_t stream_id) {
        std::uint64_t sm = seed ^ (0xd1b54a32d192ed03ULL * (stream_id + 1));
        return Rng(splitmix64(sm));
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    // Uniform in [0, 1) with 24 random bits (cheap, for Bernoulli spike draws).
    float uniformf() { return static_cast<float>(next() >> 40) * 0x1.0p-24f; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Uniform integer in [0, n).
    std::uint32_t below(std::uint32_t n) {
        return static_cast<std::uint32_t>(((next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
    }
    // Standard normal (Box-Muller, one value per call; deterministic).
    double normal();

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4]{};
};

}  // namespace flocculus
