// SPDX-License-Identifier: GPL-3.0-or-later
// Memory helpers for the hot loops: cache-line-aligned storage (so that threads working on
// different columns of a row never share a cache line) and prefetch hints (so that the
// random accesses of a spike list overlap instead of waiting for each other).
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace flocculus {

inline constexpr std::size_t kCacheLine = 64;

template <class T>
struct CacheAlignedAllocator {
    using value_type = T;
    CacheAlignedAllocator() = default;
    template <class U>
    CacheAlignedAllocator(const CacheAlignedAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) {
        return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{kCacheLine}));
    }
    void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, std::align_val_t{kCacheLine}); }
    template <class U>
    bool operator==(const CacheAlignedAllocator<U>&) const noexcept { return true; }
};

template <class T>
using AlignedVector = std::vector<T, CacheAlignedAllocator<T>>;

// Hints that *p will be written (Write true) or read soon; no effect on results.
template <bool Write>
inline void prefetch(const void* p) {
#if defined(__GNUC__)
    __builtin_prefetch(p, Write ? 1 : 0, 3);
#else
    (void)p;
#endif
}
inline void prefetch_for_write(const void* p) { prefetch<true>(p); }
inline void prefetch_for_read(const void* p) { prefetch<false>(p); }

// Runs a fixed distance ahead of a loop that visits lists of indices one list after another
// (so that the look-ahead runs on across the ends of short lists), to ask for memory early.
// `list(r)` gives list r as a pair of pointers [first, last); `visit(i)` is called for each
// index i, `distance` items before the loop reaches it. Call next() once per item the loop
// visits.
template <class List, class Visit>
class LookAhead {
public:
    LookAhead(std::size_t lists, List list, Visit visit, int distance)
        : lists_(lists), list_(list), visit_(visit) {
        for (int i = 0; i < distance; ++i) next();
    }
    void next() {
        while (at_ == end_) {
            if (r_ == lists_) return;
            const auto range = list_(r_++);
            at_ = range.first;
            end_ = range.second;
        }
        visit_(*at_++);
    }

private:
    std::size_t lists_, r_ = 0;
    List list_;
    Visit visit_;
    const std::uint32_t* at_ = nullptr;
    const std::uint32_t* end_ = nullptr;
};

}  // namespace flocculus
