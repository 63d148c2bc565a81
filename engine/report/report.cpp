// SPDX-License-Identifier: MIT
#include "report.h"

#include "isolationlevel.h"
#include "lockwaits.h"
#include "oneline.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

QString eventSummary(const TraceEvent& e)
{
    if (e.error.isError())
        return u"%1 %2: %3"_s.arg(e.error.className(), e.error.codeText(), e.error.message);
    // An INSERT ... RETURNING returns rows and reports its new id too: "1 row, id 1".
    const QString id = e.insertId.isValid() && !e.insertId.isNull() ? u", id "_s + e.insertId.toString() : QString();
    if (!e.columns.isEmpty())
        return rowCountText(e.rowCount())
            + (e.rowsDropped > 0 ? u" (the first %1 kept)"_s.arg(e.rows.size()) : QString()) + id;
    if (e.insertId.isValid())
        return u"ok, id %1"_s.arg(e.insertId.toString());
    return u"ok"_s;
}

QJsonValue eventIndex(int index)
{
    return index < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(index);
}

QJsonArray anomaliesToJson(const Outcome& outcome, const Trace& t)
{
    QJsonArray out;
    for (const Anomaly& a : outcome.anomalies) {
        QJsonArray cycle;
        for (const Dependency& d : a.cycle)
            cycle.append(
                QJsonObject { { u"kind"_s, Dependency::kindName(d.kind) }, { u"from"_s, t.workers.value(d.fromWorker) },
                    { u"to"_s, t.workers.value(d.toWorker) }, { u"from_event"_s, eventIndex(d.fromEvent) },
                    { u"to_event"_s, eventIndex(d.toEvent) }, { u"row"_s, d.row }, { u"text"_s, d.text } });
        out.append(QJsonObject { { u"name"_s, Anomaly::name(a.kind) }, { u"id"_s, Anomaly::id(a.kind) },
            { u"common_name"_s, Anomaly::commonName(a.kind) }, { u"level"_s, Anomaly::levelName(a.level) },
            { u"allowed"_s, a.allowed }, { u"violates"_s, a.violates() }, { u"sentence"_s, a.sentence },
            { u"level_note"_s, a.levelNote }, { u"cycle"_s, cycle } });
    }
    return out;
}

QJsonArray invariantsToJson(const Outcome& outcome, const Trace& t)
{
    QJsonArray out;
    for (const InvariantCheck& c : outcome.invariants) {
        QJsonObject o { { u"kind"_s, c.kindName() }, { u"name"_s, c.name }, { u"held"_s, c.held },
            { u"sentence"_s, c.sentence }, { u"rows"_s, sqlValuesToJson(c.rowIds) } };
        if (c.worker >= 0)
            o.insert(u"worker"_s, t.workers.value(c.worker));
        out.append(o);
    }
    return out;
}

} // namespace

QJsonObject Report::header(const Scenario& scenario, const BackendInfo* backend)
{
    QJsonObject root;
    root.insert(u"interleave"_s, QStringLiteral(INTERLEAVE_VERSION));
    root.insert(u"scenario"_s, QJsonObject { { u"name"_s, scenario.name }, { u"table"_s, scenario.table.name } });
    if (backend) {
        QJsonObject b { { u"kind"_s, backend->kind }, { u"version"_s, backend->version },
            { u"options"_s, QJsonArray::fromStringList(backend->options) }, { u"isolation"_s, scenario.isolation } };
        if (backend->kind != u"sqlite"_s) // the server, as the URL names it: never with a password
            b.insert(u"server"_s, backend->location);
        root.insert(u"backend"_s, b);
    }
    return root;
}

QJsonObject Report::toJson(const RunResult& r)
{
    const Trace& t = r.trace;
    QJsonObject root = header(r.scenario, &r.backend);
    root.insert(u"schedule"_s,
        QJsonObject { { u"mode"_s, ScheduleSpec::modeName(r.schedule.mode) }, { u"script"_s, r.schedule.scriptText() },
            { u"jitter_us"_s, r.schedule.jitterUs }, { u"executed"_s, r.executed.join(u',') } });
    if (!r.ok())
        root.insert(u"error"_s, r.error);
    root.insert(u"cancelled"_s, r.cancelled);
    root.insert(u"wall_ns"_s, r.wallNs);

    QJsonArray events;
    for (const TraceEvent& e : t.events) {
        QJsonObject o { { u"worker"_s, t.workers.value(e.worker) },
            { u"kind"_s, e.kind == EventKind::Statement ? u"statement"_s : u"lock_wait"_s }, { u"step"_s, e.step },
            { u"sql"_s, t.sql(e) }, { u"start_ns"_s, e.startNs }, { u"end_ns"_s, e.endNs } };
        if (e.kind == EventKind::Statement) {
            o.insert(u"verb"_s, statementVerb(t.sql(e)));
            o.insert(u"params"_s, sqlValuesToJson(e.params));
            if (!e.columns.isEmpty()) {
                o.insert(u"columns"_s, QJsonArray::fromStringList(e.columns));
                o.insert(u"rows"_s, sqlRowsToJson(e.rows));
                o.insert(u"row_count"_s, e.rowCount()); // rows holds the first ones when a limit cut the rest
            }
            o.insert(u"rows_affected"_s, e.rowsAffected);
            if (e.insertId.isValid())
                o.insert(u"insert_id"_s, sqlValueToJson(e.insertId));
            if (e.error.isError())
                o.insert(u"error"_s, e.error.toJson());
        } else {
            QJsonArray blockers;
            for (const int b : e.blockers)
                blockers.append(t.workers.value(b));
            o.insert(u"blockers"_s, blockers);
            o.insert(u"note"_s, e.note);
        }
        events.append(o);
    }
    root.insert(u"events"_s, events);

    QJsonArray workers;
    for (qsizetype i = 0; i < r.scenario.workers.size(); ++i) {
        const WorkerSpec& w = r.scenario.workers[i];
        const WorkerResult res = r.outcome.results.value(i);
        QJsonObject o { { u"name"_s, w.name }, { u"recipe"_s, w.recipe }, { u"atomic"_s, w.atomic },
            { u"result"_s, res.kindName() }, { u"detail"_s, res.detail },
            { u"after_integrity_error"_s, res.afterIntegrityError } };
        if (res.rowId.isValid())
            o.insert(u"row_id"_s, sqlValueToJson(res.rowId));
        workers.append(o);
    }
    root.insert(u"workers"_s, workers);

    QJsonArray insertedBy;
    for (const Row& row : r.outcome.rows) {
        const auto it = r.outcome.insertedBy.constFind(row.value(0).toLongLong());
        insertedBy.append(
            it == r.outcome.insertedBy.constEnd() ? QJsonValue(QJsonValue::Null) : QJsonValue(t.workers.value(*it)));
    }
    root.insert(u"rows"_s,
        QJsonObject { { u"columns"_s, QJsonArray::fromStringList(r.outcome.columns) },
            { u"values"_s, sqlRowsToJson(r.outcome.rows) }, { u"inserted_by"_s, insertedBy } });
    QJsonArray groups;
    for (const DuplicateGroup& g : r.outcome.groups) {
        QJsonObject lookup;
        for (auto it = g.lookup.begin(); it != g.lookup.end(); ++it)
            lookup.insert(it.key(), sqlValueToJson(it.value()));
        groups.append(QJsonObject { { u"lookup"_s, lookup }, { u"count"_s, g.ids.size() },
            { u"ids"_s, sqlValuesToJson(g.ids) }, { u"duplicate"_s, g.isDuplicate() } });
    }
    root.insert(u"duplicates"_s, groups);
    root.insert(u"violated"_s, r.outcome.violated());
    root.insert(u"complete"_s, !r.incomplete());
    if (r.incomplete())
        root.insert(u"incomplete"_s, r.outcome.incompleteText());
    root.insert(u"anomalies"_s, anomaliesToJson(r.outcome, t));
    root.insert(u"invariants"_s, invariantsToJson(r.outcome, t));
    root.insert(u"passed"_s, r.outcome.passed());
    root.insert(u"verdict"_s, r.outcome.verdict());
    return root;
}

QString Report::toText(const RunResult& r)
{
    // Every line is one line: statements typed on several lines, values and server messages with control
    // characters are escaped (oneLine), so nothing from a file or a table can forge a line or drive a terminal.
    QString out;
    const Trace& t = r.trace;
    out += u"%1\n"_s.arg(oneLine(r.scenario.name));
    if (!r.ok())
        return out + u"error: "_s + oneLine(r.error) + u'\n';
    out += u"backend: %1 (%2)\n"_s.arg(r.backend.label(), r.backend.options.join(u", "_s));
    if (r.backend.kind != u"sqlite"_s)
        out += u"server: %1\n"_s.arg(r.backend.location);
    out += u"schedule: %1"_s.arg(ScheduleSpec::modeName(r.schedule.mode));
    if (r.schedule.mode == ScheduleSpec::Mode::Script)
        out += u" %1"_s.arg(r.schedule.scriptText());
    out += u"\nexecuted: %1\n\n"_s.arg(r.executed.join(u','));
    for (const TraceEvent& e : t.events) {
        const QString who = t.workers.value(e.worker);
        const QString at = QString::number(double(e.startNs) / 1e6, 'f', 3);
        if (e.kind == EventKind::LockWait) {
            out += u"  %1 ms  %2  waits for %3 (%4 ms): %5\n"_s.arg(at, who,
                oneLine(LockWaits::heldBy(t.workers, e.blockers)),
                QString::number(double(e.endNs - e.startNs) / 1e6, 'f', 3), oneLine(e.note));
            continue;
        }
        QStringList params;
        for (const QVariant& p : e.params)
            params.append(formatSqlValue(p));
        out += u"  %1 ms  %2  %3%4  -> %5\n"_s.arg(at, who, oneLine(t.sql(e)),
            params.isEmpty() ? QString() : u"  ["_s + oneLine(params.join(u", "_s)) + u']', oneLine(eventSummary(e)));
    }
    out += u"\nresults:\n"_s;
    for (qsizetype i = 0; i < r.scenario.workers.size(); ++i) {
        const WorkerResult res = r.outcome.results.value(i);
        out += u"  %1  %2%3\n"_s.arg(r.scenario.workers[i].name, res.kindName(),
            res.detail.isEmpty() ? QString() : u" ("_s + oneLine(res.detail) + u')');
    }
    out += u"\nrows in %1:\n"_s.arg(r.scenario.table.name);
    out += u"  "_s + r.outcome.columns.join(u" | "_s) + u"  | inserted by\n"_s;
    for (const Row& row : r.outcome.rows) {
        QStringList cells;
        for (const QVariant& v : row)
            cells.append(formatSqlValue(v));
        out += u"  "_s + oneLine(cells.join(u" | "_s)) + u"  | "_s
            + r.outcome.insertedByText(row.value(0).toLongLong(), t.workers) + u'\n';
    }
    out += u"\nverdict: %1\n"_s.arg(oneLine(r.outcome.verdict()));
    // Each anomaly found, violating or only told, and each check that did not hold: nothing when there are none.
    if (!r.outcome.anomalies.isEmpty()) {
        out += u"\nanomalies:\n"_s;
        const QString level = isolationSql(isolationRun(r.scenario));
        for (const Anomaly& a : r.outcome.anomalies) {
            // "G2 (phantom)": the sentence starts with it too, and is not made to say it twice.
            const QString common = Anomaly::commonName(a.kind);
            const QString name = Anomaly::name(a.kind)
                + (common.isEmpty() || common == Anomaly::name(a.kind) ? QString() : u" ("_s + common + u')');
            QString text = a.text();
            if (text.startsWith(name + u": "_s))
                text = text.mid(name.size() + 2);
            out += u"  %1, %2 level, %3: %4\n"_s.arg(name, Anomaly::levelName(a.level),
                a.violates() ? u"violation"_s : u"allowed by "_s + level, oneLine(text));
        }
    }
    QStringList failed;
    for (const InvariantCheck& c : r.outcome.invariants)
        if (!c.held)
            failed.append(u"  %1: %2: %3\n"_s.arg(c.kindName(), oneLine(c.name), oneLine(c.sentence)));
    if (!failed.isEmpty())
        out += u"\nfailed checks:\n"_s + failed.join(QString());
    return out;
}

} // namespace interleave
