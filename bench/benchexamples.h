// SPDX-License-Identifier: MIT
#pragma once

#include "examples.h"

namespace interleave::bench {

// A built-in example by its id ("race-unique"); a benchmark has nothing to measure without it.
inline Scenario loadExample(const QString& id)
{
    ScenarioError error;
    const auto s = Examples::load(id, &error);
    if (!s)
        qFatal("%s", qPrintable(error.toString()));
    return *s;
}

} // namespace interleave::bench
