// SPDX-License-Identifier: MIT
#pragma once

// What the fuzz targets share: a check that stops the process the same way under libFuzzer (which then keeps the
// input) and under the replay test of a normal build (where ctest sees the crash).

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                                          \
    do {                                                                                                               \
        if (!(condition)) {                                                                                            \
            std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #condition);                    \
            std::abort();                                                                                              \
        }                                                                                                              \
    } while (false)
