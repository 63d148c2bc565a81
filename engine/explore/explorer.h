// SPDX-License-Identifier: MIT
#pragma once

#include "checkfamily.h"
#include "runresult.h"

#include <QStringList>
#include <atomic>
#include <functional>
#include <mutex>

namespace interleave {

class StepRun;

struct ExploreOptions {
    qint64 maxSchedules = 10000;
    bool reduce = true; // skip schedules that only swap statements which commute (sleep sets)
};

struct ExploreProgress {
    qint64 explored = 0; // complete schedules run
    qint64 pruned = 0; // partial schedules abandoned as equivalent to explored ones
    qint64 estimate = 0; // schedules the full enumeration has, estimated from the workers' step counts
};

// Schedules that ended the same way: the same rows per lookup and the same results.
struct OutcomeClass {
    QString key;
    QString summary; // "1 row; created, got (after IntegrityError)", then "; lost update" for a class with anomalies
    QString rows; // "1 row": the summary's parts
    QString results; // "created, got (after IntegrityError)"
    QString anomalies; // "lost update", "G2"; empty when none violates
    qint64 count = 0;
    bool violated = false; // more than one row for a lookup
    CheckFamilies failed; // the families of violations (checkfamily.h) any of its schedules showed
    bool incomplete = false; // a worker lost the server, or the final rows could not be read (Outcome::incomplete)
    QStringList example; // the first schedule found, in --schedule syntax: worker names, one per statement
    RunResult exampleResult;
};

struct ExploreResult {
    QString error; // set when the exploration could not start or was refused
    QString unfinished; // set when it started but a later schedule could not run (the server went away)
    bool cancelled = false;
    bool complete = false; // every schedule was covered (false when stopped at the limit or cancelled)
    bool reduced = false;
    qint64 explored = 0;
    qint64 pruned = 0;
    qint64 estimate = 0; // schedules of the full enumeration (exact when no worker's path branches)
    double seconds = 0;
    QList<OutcomeClass> classes; // most frequent first

    // Some schedule showed a violation of one of `families`: by default any (duplicates, a lost update, a failed
    // worker or expectation, an anomaly that turns its verdict red).
    bool violated(CheckFamilies families = ~CheckFamilies()) const;
    // Cancelled, stopped by a failure after it started, or a schedule whose run was incomplete: never a pass.
    bool incomplete() const;
};

// Runs every distinct schedule of the workers' statements, each on a fresh database, and groups them by outcome.
// Programs branch on what their statements return, so the schedules are found by depth-first search with
// replay: each complete schedule is one real run, and a backtrack replays the prefix on a fresh table.
class Explorer {
public:
    Explorer(Scenario scenario, ExploreOptions options);
    ~Explorer();

    ExploreResult run(const std::function<void(const ExploreProgress&)>& progress = {});
    void cancel(); // any thread

    // Whether two statements of different workers commute: swapping them can change neither what either
    // returns nor what the database holds after both.
    static bool commute(const QString& sqlA, const QString& sqlB);
    // Which class a finished run belongs to. Workers with identical specs are interchangeable: "A created,
    // B got" and "A got, B created" are one outcome.
    // `parts`, when given, gets the class's summary and its parts (rows, results, anomalies).
    static QString classKey(const RunResult& result, OutcomeClass* parts = nullptr);

private:
    // The run cancel() reaches while it lives (set-up included).
    class Current {
    public:
        Current(Explorer* explorer, StepRun* run);
        ~Current();
        Current(const Current&) = delete;
        Current& operator=(const Current&) = delete;

    private:
        Explorer* m_explorer;
    };

    qint64 estimate(QString* error);

    Scenario m_scenario;
    ExploreOptions m_options;
    std::atomic<bool> m_cancelled { false };
    std::mutex m_mutex;
    StepRun* m_current = nullptr;
};

} // namespace interleave
