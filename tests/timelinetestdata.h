// SPDX-License-Identifier: MIT
#pragma once

// Hand-made traces for the timeline's tests (the layout, the painter, zoom and playback), the way the engine would
// report them, so they run without a database.
#include "outcome.h"
#include "trace.h"

#include <QHash>
#include <algorithm>

namespace interleave::testdata {

using namespace Qt::StringLiterals;

// Builds traces by hand, the way the engine would report them, so the layout is tested without a database.
class TraceBuilder {
public:
    explicit TraceBuilder(const QStringList& workers) { m_trace.workers = workers; }

    TraceEvent& statement(int worker, qint64 startUs, qint64 endUs, const QString& sql)
    {
        TraceEvent event;
        event.kind = EventKind::Statement;
        event.worker = worker;
        event.step = m_steps[worker]++;
        event.startNs = startUs * 1000;
        event.endNs = endUs * 1000;
        event.statement = int(m_trace.statements.indexOf(sql));
        if (event.statement < 0) {
            event.statement = int(m_trace.statements.size());
            m_trace.statements.append(sql);
        }
        m_trace.events.append(event);
        return m_trace.events.last();
    }

    // A wait of the statement most recently added for `worker`.
    TraceEvent& lockWait(int worker, qint64 startUs, qint64 endUs, const QList<int>& blockers)
    {
        TraceEvent event;
        event.kind = EventKind::LockWait;
        event.worker = worker;
        event.step = m_steps[worker] - 1;
        event.startNs = startUs * 1000;
        event.endNs = endUs * 1000;
        event.blockers = blockers;
        event.note = u"lock acquired"_s;
        m_trace.events.append(event);
        return m_trace.events.last();
    }

    // The engine merges per-worker buffers by start time.
    Trace build()
    {
        std::stable_sort(m_trace.events.begin(), m_trace.events.end(),
            [](const TraceEvent& a, const TraceEvent& b) { return a.startNs < b.startNs; });
        return m_trace;
    }

private:
    Trace m_trace;
    QHash<int, int> m_steps;
};

inline const QString selectSql =
    u"SELECT \"race\".\"id\", \"race\".\"user_id\" FROM \"race\" WHERE \"race\".\"user_id\" = ? LIMIT 21"_s;
inline const QString insertSql = u"INSERT INTO \"race\" (\"user_id\", \"name\") VALUES (?, ?)"_s;

inline DbError integrityError()
{
    return { ErrorClass::IntegrityError, 2067, {}, u"UNIQUE constraint failed: race.user_id"_s };
}

// race-unique with the script A,B,A,B,A,B,A,B, as the SQLite backend reports it.
inline Trace raceUniqueTrace()
{
    TraceBuilder b({ u"A"_s, u"B"_s });
    b.statement(0, 0, 10, selectSql).columns = { u"id"_s, u"user_id"_s };
    b.statement(1, 20, 30, selectSql).columns = { u"id"_s, u"user_id"_s };
    b.statement(0, 40, 50, u"BEGIN"_s);
    b.statement(1, 60, 70, u"BEGIN"_s);
    TraceEvent& insertA = b.statement(0, 80, 90, insertSql);
    insertA.insertId = 1;
    insertA.rowsAffected = 1;
    TraceEvent& insertB = b.statement(1, 100, 300, insertSql);
    insertB.error = integrityError();
    b.lockWait(1, 105, 290, { 0 });
    b.statement(0, 200, 210, u"COMMIT"_s);
    b.statement(1, 310, 320, u"ROLLBACK"_s);
    TraceEvent& reget = b.statement(1, 330, 340, selectSql);
    reget.columns = { u"id"_s, u"user_id"_s };
    reget.rows = { { 1, u"c53b8b"_s } };
    return b.build();
}

inline Outcome raceUniqueOutcome()
{
    Outcome outcome;
    outcome.columns = { u"id"_s, u"user_id"_s, u"name"_s };
    outcome.rows = { { 1, u"c53b8b"_s, u"foo"_s } };
    outcome.insertedBy.insert(1, 0);
    WorkerResult created;
    created.kind = ResultKind::Created;
    created.rowId = 1;
    WorkerResult got;
    got.kind = ResultKind::Got;
    got.rowId = 1;
    got.afterIntegrityError = true;
    got.detail = u"after IntegrityError 2067, re-get"_s;
    outcome.results = { created, got };
    DuplicateGroup group;
    group.lookup = { { u"user_id"_s, u"c53b8b"_s } };
    group.lookupText = u"user_id='c53b8b'"_s;
    group.ids = { 1 };
    outcome.groups = { group };
    return outcome;
}

inline int eventIndex(const Trace& trace, int worker, int step, EventKind kind = EventKind::Statement)
{
    for (int i = 0; i < trace.events.size(); ++i) {
        const TraceEvent& event = trace.events.at(i);
        if (event.worker == worker && event.step == step && event.kind == kind)
            return i;
    }
    return -1;
}

} // namespace interleave::testdata
