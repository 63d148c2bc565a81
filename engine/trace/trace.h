// SPDX-License-Identifier: MIT
#pragma once

#include "statement.h"

#include <QHash>
#include <QList>
#include <QStringList>
#include <vector>

namespace interleave {

enum class EventKind : quint8 {
    Statement, // one statement, start..end (a lock wait inside it is a LockWait event too)
    LockWait, // the statement `statement` waited for a lock from start to end; `blockers` held it
};

struct TraceEvent {
    EventKind kind = EventKind::Statement;
    int worker = 0;
    int step = 0; // the statement's ordinal within its worker, from 0
    qint64 startNs = 0; // steady-clock nanoseconds from the run's start
    qint64 endNs = 0;
    int statement = -1; // index into Trace::statements
    QVariantList params;
    QStringList columns;
    QList<Row> rows; // returned rows, values included, as far as the limits keep them (RowCollector, Worker)
    qint64 rowsDropped = 0; // rows returned beyond those kept
    qint64 rowsAffected = 0;
    QVariant insertId;
    DbError error;
    QList<int> blockers; // LockWait: the workers that held the lock when the wait began
    QString note; // LockWait: how it ended ("lock acquired", "busy timeout of 5000 ms elapsed")
    std::shared_ptr<const RowAccess> access; // Statement: what it reads and writes of the table (Statement::access)

    qint64 rowCount() const { return rows.size() + rowsDropped; } // every row the statement returned
    // An INSERT's new ids, ascending: the first column of the rows it returned (RETURNING id), else insertId (the
    // last new id) and the rowsAffected - 1 consecutive ones before it. Empty when the database did not say.
    QList<qint64> insertedIds() const;
};

// What every worker did, merged by time. SQL text is stored once per distinct statement.
struct Trace {
    QStringList workers;
    QStringList statements;
    QList<TraceEvent> events;

    const QString& sql(const TraceEvent& event) const { return statements.at(event.statement); }
    qint64 durationNs() const;
    // Statement events only, in order, as "A: SELECT ... -> 1 row" lines; what determinism tests compare.
    QStringList sequence() const;
};

// One worker's append-only record, written only by that worker's thread (no locks on the hot path).
class TraceBuffer {
public:
    void append(TraceEvent event, const QString& sql);
    const std::vector<TraceEvent>& events() const { return m_events; }
    const QStringList& statements() const { return m_statements; }
    void clear();

    // Merges per-worker buffers by start time; statement ids are remapped to one shared table.
    static Trace merge(const QStringList& workers, const std::vector<const TraceBuffer*>& buffers);

private:
    std::vector<TraceEvent> m_events;
    QStringList m_statements;
    QHash<QString, int> m_statementIds;
};

} // namespace interleave
