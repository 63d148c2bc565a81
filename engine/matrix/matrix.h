// SPDX-License-Identifier: MIT
#pragma once

#include "anomaly.h"
#include "runresult.h"
#include "scenario.h"

#include <QList>
#include <QString>
#include <memory>
#include <optional>

namespace interleave {

// The isolation lab's matrix (issue 18): Hermitage's table run live. Rows are anomaly tests (built-in scenarios, one
// per anomaly and dialect), columns are each database × each isolation level (or SQLite mode) it has, and every cell
// is a real run whose outcome says how the anomaly was prevented, or that it occurred. The GUI's matrix page, the
// command line's `interleave matrix` and the matrix picture all read a MatrixResult; MatrixRunner (matrixrunner.h)
// produces it.

// How a cell's run ended, as the matrix names it.
enum class CellOutcome : quint8 {
    Occurred, // the anomaly happened: the run shows its cycle (or its aborted/intermediate read)
    PreventedByBlocking, // a session waited for another's lock, then saw its committed work: no anomaly
    PreventedByAbort, // a session failed: serialization failure (40001), deadlock victim, SQLite's "database is locked"
    Prevented, // no anomaly, nobody waited and nobody failed: a snapshot (or reading only committed data) kept it out
    NotRun, // cancelled before it ran, or the column's database was not reachable
    Failed, // the run did not complete, or its outcome is none of the above (the cell's `detail` says why)
};

// One column: a database and one of its isolation levels or modes.
struct MatrixColumn {
    BackendSpec backend; // kind, url; for SQLite journalMode and beginMode are the mode
    QString isolation; // "read committed", ...; SQLite: "serializable"
    QString database; // "PostgreSQL", "MariaDB", "SQLite": for people
    QString level; // "read committed", "repeatable read", ...; SQLite: "deferred, rollback journal", ...
    QString version; // the exact server version the run reported: "15.18 (Debian 15.18-0+deb12u1)", "3.40.1"
    // What a reader must know about the column: "PostgreSQL runs read uncommitted as read committed", "begin; is
    // sent as begin immediate;". Empty for most.
    QString note;
    // The server's settings the documented behaviour depends on, read once per server when they exist:
    // "innodb_snapshot_isolation=ON" (MariaDB 10.11.8+, ON by default from 11.6).
    QStringList settings;
    QString title() const { return database + u' ' + level; } // "PostgreSQL repeatable read"
};

// One row: an anomaly test.
struct MatrixRow {
    QString id; // "g-single", "lost-update", "get-or-create", "counter": stable, for --json and links
    QString anomaly; // "G-single", "P4 lost update", "get_or_create race"
    QString commonName; // "read skew"
    QString explanation; // one paragraph: what the test does and what each outcome means
    // The scenario of each dialect: the built-in example it runs ("example:anomaly-g-single-postgresql"), by the
    // BackendSpec::Kind of the column.
    QString exampleFor(BackendSpec::Kind kind) const;
    QStringList examples; // indexed by int(BackendSpec::Kind): Sqlite, Postgresql, Mysql; empty: no such dialect
    // What the judge looks for: the anomaly of this kind, between the database's transactions (the anomaly tests)
    // or between the workers' whole operations (the get_or_create race and the counter, whose statements each run
    // in their own transaction).
    AnomalyKind anomalyKind = AnomalyKind::G0;
    AnalysisLevel analysis = AnalysisLevel::Database;
};

struct MatrixCell {
    CellOutcome outcome = CellOutcome::NotRun;
    QString detail; // "40001", "deadlock (1213)", "database is locked", "waits for T1", the anomaly's name
    QString sentence; // what happened, in one sentence, for a tooltip and the Markdown/HTML export
    // What the database's documentation says this cell does (the published Hermitage result, PostgreSQL's and
    // MariaDB's manuals); nullopt when there is nothing to compare with.
    std::optional<CellOutcome> documented;
    QString documentedNote; // where it is documented, or why this cell is expected to differ
    bool departs() const { return documented && *documented != outcome && outcome != CellOutcome::NotRun; }
    // The cell's run, for its timeline; null until it ran.
    std::shared_ptr<const RunResult> run;
};

struct MatrixResult {
    QList<MatrixRow> rows;
    QList<MatrixColumn> columns;
    QList<QList<MatrixCell>> cells; // [row][column]
    bool cancelled = false;
    qint64 wallNs = 0;

    const MatrixCell& cell(int row, int column) const { return cells.at(row).at(column); }
    // "PostgreSQL 15.18 (Debian 15.18-0+deb12u1) · MariaDB 10.11.6 · SQLite 3.40.1": the header's exact versions.
    QString versionsLine() const;
};

// "occurred", "prevented by blocking", "prevented by abort", "prevented", "not run", "failed".
QString cellOutcomeName(CellOutcome outcome);

} // namespace interleave
