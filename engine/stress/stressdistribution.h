// SPDX-License-Identifier: MIT
#pragma once

#include "checkfamily.h"
#include "outcome.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QStringList>
#include <memory>

namespace interleave {

struct RunResult;

// How many of a trial's workers ended with one result, e.g. "3 × got after IntegrityError".
struct ResultTally {
    ResultKind kind = ResultKind::Error;
    bool afterIntegrityError = false; // "got" by the re-get is a different path from a plain "got"
    int workers = 0;

    QString name() const; // "got", "got after IntegrityError"
    friend bool operator==(const ResultTally&, const ResultTally&) = default;
};

// The trials that ended alike: the same number of rows for each lookup and the same multiset of worker
// results. Keeps the whole run of the first such trial, shared, so a snapshot can be copied cheaply.
struct StressClass {
    QList<int> rowsPerLookup; // one count per lookup, in the order of Outcome::groups
    QList<ResultTally> results; // ordered by kind, a plain result before the same after an IntegrityError
    QList<AnomalyKind> anomalies; // the violating anomalies of its trials (Anomaly::violates), in kind order
    CheckFamilies failed; // the families of violations (checkfamily.h) any of its trials showed
    qint64 trials = 0;
    qint64 firstTrial = 0; // 0-based
    std::shared_ptr<const RunResult> example;

    bool violated() const; // some lookup ended with more than one row
    bool incomplete() const; // some worker lost the server (WorkerResult::isIncomplete): a failed trial
    QString rowsText() const; // "2 rows", or "1 row, 2 rows" with several lookups
    QString resultsText() const; // "2 created, 6 MultipleObjectsReturned"
    QString anomaliesText() const; // "lost update", "G2 (phantom)"; empty for none
    // "2 rows; 2 created, 6 MultipleObjectsReturned", then "; lost update" for a class with anomalies
    QString label() const;
};

// A stress run's tallies: trials by rows per lookup, worker results over all trials, and the outcome classes.
// Its size depends on the number of classes, never on the number of trials.
class StressDistribution {
public:
    StressDistribution() = default;
    explicit StressDistribution(QStringList lookups);

    // Counts one trial. Returns the index of its class; *isNew is set when the trial opened that class, whose
    // example the caller then supplies with setExample().
    // `anomalies`: the trial's violating anomalies (Anomaly::violates), any order, repeats allowed; `failed`: the
    // families of violations it showed (violations(): its duplicates and anomalies among them).
    int add(const QList<int>& rowsPerLookup, const QList<WorkerResult>& results, bool* isNew,
        QList<AnomalyKind> anomalies = {}, CheckFamilies failed = {});
    void setExample(int cls, std::shared_ptr<const RunResult> example);

    qint64 trials() const { return m_trials; }
    qint64 violatedTrials() const { return m_violatedTrials; } // trials that left duplicates
    qint64 failedTrials() const { return m_failedTrials; } // trials that violated anything (any CheckFamily)
    // Trials in which a worker could not connect, lost its connection or timed out: they count as failed.
    qint64 incompleteTrials() const { return m_incompleteTrials; }
    // The lookups as Outcome's verdict prints them ("user_id='c53b8b'"), one per distinct lookup.
    const QStringList& lookups() const { return m_lookups; }
    // Per lookup: rows the trial ended with -> trials.
    const QList<QMap<int, qint64>>& rowsPerLookup() const { return m_rowsPerLookup; }
    qint64 results(ResultKind kind) const { return m_results.value(kind); }
    const QMap<ResultKind, qint64>& resultCounts() const { return m_results; }
    qint64 afterIntegrityError() const { return m_afterIntegrityError; } // worker results reached by the re-get
    // Trials in which each anomaly violated, for the kinds that did at least once.
    const QMap<AnomalyKind, qint64>& anomalyTrials() const { return m_anomalyTrials; }
    // Trials that showed `family` (a trial can show several).
    qint64 familyTrials(CheckFamily family) const { return m_familyTrials.value(family); }
    // The families some trial showed.
    CheckFamilies failedFamilies() const;
    // Those a report tells on lines of their own, besides the duplicates and each anomaly: a lost update (unless the
    // lost-update anomaly tells it already), a failed worker, an expectation that did not hold.
    CheckFamilies familiesToTellApart() const;
    const QList<StressClass>& classes() const { return m_classes; } // in order of first appearance

private:
    QStringList m_lookups;
    qint64 m_trials = 0;
    qint64 m_violatedTrials = 0;
    qint64 m_failedTrials = 0;
    qint64 m_incompleteTrials = 0;
    QList<QMap<int, qint64>> m_rowsPerLookup;
    QMap<ResultKind, qint64> m_results;
    qint64 m_afterIntegrityError = 0;
    QMap<AnomalyKind, qint64> m_anomalyTrials;
    QMap<CheckFamily, qint64> m_familyTrials;
    QList<StressClass> m_classes;
    QHash<QList<int>, int> m_classIndex; // class key (see add()) -> index into m_classes
};

} // namespace interleave
