// SPDX-License-Identifier: MIT
#pragma once

// Time limits in tests prove a behaviour (Stop interrupts a wait instead of sitting it out; an export does not grow
// with the events), never a speed: the figures live in bench/ (bench/README.md). A limit is set generously for a
// debug build on two cores shared with other builds, and widened here for the builds that run slower: the sanitizer
// builds (asan, tsan presets), and any run that says so with INTERLEAVE_TEST_SLOWDOWN=N (valgrind, a loaded machine).

#include <QtGlobal>
#include <chrono>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define INTERLEAVE_SANITIZED_BUILD 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define INTERLEAVE_SANITIZED_BUILD 1
#endif

namespace interleave::test {

#ifdef INTERLEAVE_SANITIZED_BUILD
inline constexpr bool sanitizedBuild = true;
#else
inline constexpr bool sanitizedBuild = false;
#endif

// How much slower than a plain debug build this one is allowed to be: 4 under a sanitizer (TSan runs a race
// scenario about 5x slower, ASan about 2x; the limits already leave room), times INTERLEAVE_TEST_SLOWDOWN.
inline int slowdown()
{
    static const int factor = [] {
        const int asked = qEnvironmentVariableIntValue("INTERLEAVE_TEST_SLOWDOWN");
        return (sanitizedBuild ? 4 : 1) * (asked > 1 ? asked : 1);
    }();
    return factor;
}

// A limit for this build: `limit` as a debug build needs it, times slowdown().
inline std::chrono::milliseconds bound(std::chrono::milliseconds limit)
{
    return limit * slowdown();
}

inline int boundMs(int limitMs)
{
    return limitMs * slowdown();
}

} // namespace interleave::test
