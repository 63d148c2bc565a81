// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace interleave {

// Adya's anomalies (Weak Consistency, 1999), as Elle names them, and the lost update. docs/anomalies.md says each
// in plain words.
enum class AnomalyKind : quint8 {
    G0, // write cycle: ww edges only
    G1a, // aborted read: a committed transaction read a version whose writer rolled back
    G1b, // intermediate read: it read a version its writer later overwrote itself
    G1c, // circular information flow: a cycle of ww and wr edges
    GSingle, // a cycle with exactly one rw edge (read skew)
    G2Item, // a cycle with more than one rw edge, none of them a predicate's (write skew)
    G2, // a cycle with more than one rw edge, one of them a predicate's (a phantom)
    LostUpdate, // two transactions read one version of a row and both wrote the row
};

// Whose units the graph is drawn between.
enum class AnalysisLevel : quint8 {
    Database, // the database's transactions: what the isolation level promised
    Operation, // each worker's whole operation as one unit: what the application assumed
};

// One edge of the direct serialization graph, between two statements of two workers.
struct Dependency {
    enum class Kind : quint8 {
        WW, // `to` wrote the next version of a row `from` wrote
        WR, // `to` read a version `from` wrote
        RW, // `from` read a version that `to` replaced (an anti-dependency)
        PredicateRW, // `from`'s condition missed a row that `to` then inserted or moved into it
    };
    Kind kind = Kind::WW;
    int fromWorker = -1;
    int toWorker = -1;
    int fromEvent = -1; // the statement of `from` the edge starts at (its write, or its read)
    int toEvent = -1; // the statement of `to` it ends at
    qint64 row = 0;
    QString text; // "B's SELECT read likes = 0, which A's UPDATE replaced"

    static QString kindName(Kind kind); // "ww", "wr", "rw", "predicate rw"
    friend bool operator==(const Dependency&, const Dependency&) = default;
};

struct Anomaly {
    AnomalyKind kind = AnomalyKind::G0;
    AnalysisLevel level = AnalysisLevel::Database;
    QList<Dependency> cycle; // the cycle, edge by edge; for G1a and G1b the one wr edge
    QList<int> workers; // the workers involved, in the cycle's order
    // Database level: whether the scenario's isolation level, as its definition promises, allows it.
    bool allowed = false;
    // The operation level has it too (always, for an operation-level finding): the code assumed it away.
    bool inOperations = false;
    QString sentence; // the finding in one sentence: "lost update: A and B both read likes = 0 ..."
    // What it says about the promises, when the operations alone have it: "the database did what READ COMMITTED
    // promises; the code treated each operation's transactions as one". Empty otherwise.
    QString levelNote;
    QString text() const { return levelNote.isEmpty() ? sentence : sentence + QStringLiteral(" \u2014 ") + levelNote; }

    static QString name(AnomalyKind kind); // "G-single", "lost update"
    static QString commonName(AnomalyKind kind); // "read skew", "write skew", "phantom", "dirty read", ...
    static QString id(AnomalyKind kind); // "g-single", "lost-update": the JSON report's and --check's spelling
    static QString levelName(AnalysisLevel level); // "database", "operation"
    // A violation: when the operations have it (the application assumed they were atomic), or when the isolation
    // level forbids it (the database broke its promise). A database-level finding its level allows and the
    // operations do not have (get_or_create's re-get seeing a row its first get missed) is only told.
    bool violates() const { return inOperations || !allowed; }
    friend bool operator==(const Anomaly&, const Anomaly&) = default;
};

} // namespace interleave
