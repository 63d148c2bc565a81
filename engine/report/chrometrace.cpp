// SPDX-License-Identifier: MIT
#include "chrometrace.h"

#include "lockwaits.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

constexpr int processId = 1;

// The format's times are microseconds; a double keeps the run's nanoseconds exactly for runs of days.
double micros(qint64 ns)
{
    return double(ns) / 1000.0;
}

int threadOf(int worker)
{
    return worker + 1; // tid 0 would be the process itself
}

QJsonObject metadata(const QString& name, int thread, const QJsonObject& args)
{
    QJsonObject event { { u"ph"_s, u"M"_s }, { u"name"_s, name }, { u"pid"_s, processId }, { u"args"_s, args } };
    if (thread > 0)
        event.insert(u"tid"_s, thread);
    return event;
}

QStringList namesOf(const QStringList& workers, const QList<int>& indexes)
{
    QStringList names;
    for (const int i : indexes)
        names.append(workers.value(i, u"?"_s));
    return names;
}

} // namespace

QString ChromeTrace::label(const QString& sql)
{
    QString verb = statementVerb(sql);
    if (verb.isEmpty())
        return sql.simplified().left(24);
    // The first table named after FROM, INTO, UPDATE, TABLE(S) or JOIN, without its schema ("interleave"."race" is
    // race). The leftmost wins, so SELECT ... FROM race ... FOR UPDATE names race.
    static const QRegularExpression table(
        uR"(\b(?:FROM|INTO|UPDATE|TABLES?|JOIN)\s+(?:(?:"[^"]*"|`[^`]*`|\w+)\s*\.\s*)*("[^"]*"|`[^`]*`|\w+))"_s,
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = table.match(sql);
    if (!match.hasMatch())
        return verb;
    QString name = match.captured(1);
    if (name.startsWith(u'"') || name.startsWith(u'`'))
        name = name.mid(1, name.size() - 2);
    return verb + u' ' + name;
}

QJsonObject ChromeTrace::toJson(const RunResult& r)
{
    const Trace& t = r.trace;
    const int workerCount = int(t.workers.size());
    QJsonArray events;

    const QString labels = r.backend.label() + u", "_s + ScheduleSpec::modeName(r.schedule.mode);
    events.append(metadata(u"process_name"_s, 0, { { u"name"_s, r.scenario.name } }));
    events.append(metadata(u"process_labels"_s, 0, { { u"labels"_s, labels } }));
    for (int w = 0; w < workerCount; ++w) {
        events.append(metadata(u"thread_name"_s, threadOf(w), { { u"name"_s, t.workers.at(w) } }));
        events.append(metadata(u"thread_sort_index"_s, threadOf(w), { { u"sort_index"_s, w } }));
    }

    qint64 traceEnd = 0;
    QList<qint64> laneEnd(workerCount, 0);
    for (const TraceEvent& e : t.events) {
        traceEnd = std::max({ traceEnd, e.startNs, e.endNs });
        if (e.worker >= 0 && e.worker < workerCount)
            laneEnd[e.worker] = std::max({ laneEnd.at(e.worker), e.startNs, e.endNs });
    }
    // A statement a cancelled run left unfinished lasts until the trace ends, as on the timeline.
    const auto endOf = [traceEnd](const TraceEvent& e) { return e.endNs > e.startNs ? e.endNs : traceEnd; };

    const QList<LockWaits::Wait> waits = LockWaits::of(t);
    QHash<int, int> waitOfStatement;
    for (int i = 0; i < waits.size(); ++i)
        waitOfStatement.insert(waits.at(i).statementEvent, i);

    for (int i = 0; i < t.events.size(); ++i) {
        const TraceEvent& e = t.events.at(i);
        if (e.kind != EventKind::Statement || e.worker < 0 || e.worker >= workerCount)
            continue;
        const QString& sql = t.sql(e);
        const qint64 end = endOf(e);
        QJsonObject args { { u"worker"_s, t.workers.at(e.worker) }, { u"step"_s, e.step }, { u"sql"_s, sql },
            { u"params"_s, sqlValuesToJson(e.params) }, { u"rows_affected"_s, e.rowsAffected } };
        if (!e.columns.isEmpty()) {
            args.insert(u"columns"_s, QJsonArray::fromStringList(e.columns));
            args.insert(u"rows"_s, sqlRowsToJson(e.rows));
            args.insert(u"rows_returned"_s, e.rowCount());
        }
        if (e.insertId.isValid())
            args.insert(u"insert_id"_s, sqlValueToJson(e.insertId));
        if (e.error.isError())
            args.insert(u"error"_s, e.error.toJson());
        if (e.endNs <= e.startNs)
            args.insert(u"unfinished"_s, true);
        events.append(QJsonObject { { u"ph"_s, u"X"_s }, { u"name"_s, label(sql) }, { u"cat"_s, u"statement"_s },
            { u"pid"_s, processId }, { u"tid"_s, threadOf(e.worker) }, { u"ts"_s, micros(e.startNs) },
            { u"dur"_s, micros(end - e.startNs) }, { u"args"_s, args } });

        // The wait inside the statement, kept within it so that viewers nest it under the statement.
        const auto found = waitOfStatement.constFind(i);
        if (found != waitOfStatement.constEnd()) {
            const LockWaits::Wait& wait = waits.at(*found);
            const qint64 start = std::clamp(wait.startNs, e.startNs, end);
            const qint64 stop = std::clamp(wait.endNs, start, end);
            const QStringList blockers = namesOf(t.workers, wait.blockers);
            QJsonArray holders;
            for (const LockWaits::Holder& holder : wait.holders) {
                const TraceEvent& held = t.events.at(holder.event);
                holders.append(QJsonObject { { u"worker"_s, t.workers.at(holder.worker) }, { u"step"_s, held.step },
                    { u"statement"_s, label(t.sql(held)) } });
            }
            events.append(
                QJsonObject { { u"ph"_s, u"X"_s }, { u"name"_s, LockWaits::label(t.workers, wait.blockers, wait.note) },
                    { u"cat"_s, u"lock wait"_s }, { u"pid"_s, processId }, { u"tid"_s, threadOf(e.worker) },
                    { u"ts"_s, micros(start) }, { u"dur"_s, micros(stop - start) },
                    { u"args"_s,
                        QJsonObject { { u"blockers"_s, QJsonArray::fromStringList(blockers) },
                            { u"holders"_s, holders }, { u"note"_s, wait.note }, { u"sql"_s, sql } } } });
        }

        if (e.error.isError()) {
            QJsonObject error = e.error.toJson();
            error.insert(u"sql"_s, sql);
            events.append(QJsonObject { { u"ph"_s, u"i"_s }, { u"s"_s, u"t"_s }, { u"name"_s, e.error.className() },
                { u"cat"_s, u"error"_s }, { u"pid"_s, processId }, { u"tid"_s, threadOf(e.worker) },
                { u"ts"_s, micros(end) }, { u"args"_s, error } });
        }
    }

    for (int w = 0; w < workerCount && w < r.outcome.results.size(); ++w) {
        const WorkerResult& result = r.outcome.results.at(w);
        QJsonObject args { { u"result"_s, result.kindName() }, { u"detail"_s, result.detail },
            { u"after_integrity_error"_s, result.afterIntegrityError } };
        if (w < r.scenario.workers.size())
            args.insert(u"recipe"_s, r.scenario.workers.at(w).recipe);
        if (result.rowId.isValid())
            args.insert(u"row_id"_s, sqlValueToJson(result.rowId));
        events.append(QJsonObject { { u"ph"_s, u"i"_s }, { u"s"_s, u"t"_s }, { u"name"_s, result.text() },
            { u"cat"_s, u"result"_s }, { u"pid"_s, processId }, { u"tid"_s, threadOf(w) },
            { u"ts"_s, micros(laneEnd.at(w)) }, { u"args"_s, args } });
    }

    // Flows last: a viewer binds each end to the slice around it, and every slice is then already known.
    int flow = 0;
    for (const LockWaits::Wait& wait : waits) {
        const TraceEvent& statement = t.events.at(wait.statementEvent);
        const qint64 start = std::clamp(wait.startNs, statement.startNs, endOf(statement));
        for (const LockWaits::Holder& holder : wait.holders) {
            // A holder that ran nothing while the lock was waited for (the wait timed out, or the run was
            // cancelled) has its statement before the wait: an arrow back in time, which the viewers drop. The
            // wait's args still name it.
            if (holder.atNs < start)
                continue;
            ++flow;
            events.append(
                QJsonObject { { u"ph"_s, u"s"_s }, { u"id"_s, flow }, { u"name"_s, u"lock"_s }, { u"cat"_s, u"lock"_s },
                    { u"pid"_s, processId }, { u"tid"_s, threadOf(wait.worker) }, { u"ts"_s, micros(start) } });
            events.append(QJsonObject { { u"ph"_s, u"f"_s }, { u"bp"_s, u"e"_s }, { u"id"_s, flow },
                { u"name"_s, u"lock"_s }, { u"cat"_s, u"lock"_s }, { u"pid"_s, processId },
                { u"tid"_s, threadOf(holder.worker) }, { u"ts"_s, micros(holder.atNs) } });
        }
    }

    QStringList results;
    for (int w = 0; w < workerCount && w < r.outcome.results.size(); ++w)
        results.append(t.workers.at(w) + u": "_s + r.outcome.results.at(w).text());
    QJsonObject other { { u"interleave"_s, QStringLiteral(INTERLEAVE_VERSION) }, { u"scenario"_s, r.scenario.name },
        { u"table"_s, r.scenario.table.name }, { u"backend"_s, r.backend.kind },
        { u"backend_version"_s, r.backend.version }, { u"backend_options"_s, r.backend.options.join(u", "_s) },
        { u"isolation"_s, r.scenario.isolation }, { u"schedule"_s, ScheduleSpec::modeName(r.schedule.mode) },
        { u"script"_s, r.schedule.scriptText() }, { u"executed"_s, r.executed.join(u',') },
        { u"results"_s, results.join(u"; "_s) }, { u"verdict"_s, r.outcome.verdict() }, { u"wall_ns"_s, r.wallNs },
        { u"cancelled"_s, r.cancelled }, { u"complete"_s, !r.incomplete() } };
    if (r.incomplete())
        other.insert(u"incomplete"_s, r.outcome.incompleteText());
    if (r.backend.kind != u"sqlite"_s) // the server as its URL names it, which never holds a password
        other.insert(u"server"_s, r.backend.location);
    if (!r.ok())
        other.insert(u"error"_s, r.error);
    return QJsonObject { { u"traceEvents"_s, events }, { u"displayTimeUnit"_s, u"ns"_s }, { u"otherData"_s, other } };
}

bool ChromeTrace::write(const RunResult& result, const QString& path, QString* error)
{
    const auto fail = [&](const QString& why) {
        if (error)
            *error = path + u": "_s + why;
        return false;
    };
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(u"cannot write the trace: "_s + file.errorString());
    const QByteArray json = QJsonDocument(toJson(result)).toJson(QJsonDocument::Compact);
    if (file.write(json) != json.size())
        return fail(u"cannot write the trace: "_s + file.errorString());
    if (!file.commit())
        return fail(u"cannot finish the trace: "_s + file.errorString());
    return true;
}

} // namespace interleave
