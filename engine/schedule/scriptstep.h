// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace interleave {

// One step of a script: a worker's next statement ("B"), or the end of a worker's lock wait as the database's
// timeout would end it ("timeout(B)": SQLite's busy timeout, PostgreSQL's lock_timeout, InnoDB's
// innodb_lock_wait_timeout). The schedulers keep steps as integers: a worker's index, or giveUp(worker), a number
// below -1 (StepRun keeps -1 for "a deadlock was broken").
struct ScriptStep {
    static constexpr int giveUp(int worker) { return -2 - worker; }
    static constexpr bool isGiveUp(int step) { return step <= -2; }
    static constexpr int worker(int step) { return step >= 0 ? step : -2 - step; }

    // "B" or "timeout(B)" for the workers `names`; nullopt when the token names no worker.
    static std::optional<int> parse(const QString& token, const QStringList& names);
    static QString text(int step, const QStringList& names);

    // A script step that cannot be taken when the run reaches it, as the run's error: "schedule.script: step 3
    // (timeout(B)): ...". refusedStep() reads the step's 1-based number back, so that the command line can point at
    // the token in the file or in --schedule.
    static QString refusal(int stepNumber, const QString& token, const QString& why);
    static std::optional<int> refusedStep(const QString& runError);
    // Where step `stepNumber` (1-based) starts in the script text, in characters; -1 when it has fewer steps.
    static qsizetype offsetOf(const QString& script, int stepNumber);
};

} // namespace interleave
