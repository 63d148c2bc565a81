// SPDX-License-Identifier: MIT
#pragma once

#include <QTextStream>
#include <csignal>
#include <functional>
#include <thread>

namespace interleave {

// Ctrl-C (SIGINT) or SIGTERM during a run asks it to stop: the run cancels (what is stuck on a server that does not
// answer is abandoned within a second) and what it did so far is still printed. A second one exits at once.
// The handler stays async-signal safe: it counts and writes one byte to a pipe; a thread of the Interruption reads the
// pipe and calls the run's cancel(), which takes locks.
//
// While it lives, SIGINT and SIGTERM call `cancel` (on a thread of its own) instead of ending the process.
class Interruption {
public:
    explicit Interruption(std::function<void()> cancel);
    ~Interruption();
    Interruption(const Interruption&) = delete;
    Interruption& operator=(const Interruption&) = delete;

private:
    std::function<void()> m_cancel;
    std::thread m_thread;
    struct sigaction m_previousInterrupt { };
    struct sigaction m_previousTerminate { };
};

// A long command-line run (--trials, --explore, `interleave matrix`): Ctrl-C or SIGTERM stops it (Interruption), after
// which what was done so far is still printed, and a progress line goes to stderr only when stderr is a terminal, so
// pipes and logs stay clean.
class LongRun {
public:
    LongRun(QTextStream& err, std::function<void()> cancel);
    ~LongRun();
    LongRun(const LongRun&) = delete;
    LongRun& operator=(const LongRun&) = delete;

    void progress(const QString& line);

private:
    QTextStream& m_err;
    const bool m_terminal;
    Interruption m_interruption;
};

} // namespace interleave
