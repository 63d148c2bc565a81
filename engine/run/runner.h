// SPDX-License-Identifier: MIT
#pragma once

#include "runresult.h"

#include <memory>

namespace interleave {

// Runs one scenario: sets up a fresh database, one thread and one connection per worker, the schedule's
// gate in front of every statement, then reads the final rows.
class Runner {
public:
    explicit Runner(Scenario scenario);
    ~Runner();
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    RunResult run(); // blocks until every worker has finished
    void cancel(); // from any thread: interrupts running statements and lock waits; run() returns soon

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace interleave
