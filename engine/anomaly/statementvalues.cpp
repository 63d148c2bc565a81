// SPDX-License-Identifier: MIT
#include "statementvalues.h"

#include "history.h"
#include "scenario.h"
#include "statement.h"
#include "trace.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

constexpr int maxRowsInText = 3; // "read 5 rows: likes = 0; likes = 1; likes = 2; …"

// The columns a worker names: its lookup's fields (without Django's "__iexact"), its defaults and its counter.
QStringList workerColumns(const WorkerSpec& worker)
{
    QStringList columns;
    const auto add = [&columns](const QString& name) {
        const QString column = name.section(u"__"_s, 0, 0);
        if (!column.isEmpty() && column != u"id"_s && !columns.contains(column))
            columns.append(column);
    };
    for (auto it = worker.lookup.begin(); it != worker.lookup.end(); ++it)
        add(it.key());
    for (auto it = worker.defaults.begin(); it != worker.defaults.end(); ++it)
        add(it.key());
    if (worker.createDefaults) {
        for (auto it = worker.createDefaults->begin(); it != worker.createDefaults->end(); ++it)
            add(it.key());
    }
    add(worker.column);
    return columns;
}

// "user_id = 'c53b', name = 'foo'": the values of `columns` in their order (the lookup's first), every column but id
// when none of them is in the row.
QString valuesOf(const History& history, int version, const QStringList& columns)
{
    const QString named = history.valuesText(version, columns);
    return named.isEmpty() ? history.valuesText(version) : named;
}

// The versions' values in `columns` (every column but id when none of them is in the row), joined.
QString versionsText(const History& history, const QList<int>& versions, const QStringList& columns)
{
    QStringList parts;
    for (const int version : versions) {
        if (version < 0 || version >= history.versions.size())
            continue;
        const QString text = valuesOf(history, version, columns);
        if (parts.size() == maxRowsInText) {
            parts.append(u"\u2026"_s);
            break;
        }
        parts.append(text);
    }
    if (parts.isEmpty())
        return {};
    if (versions.size() == 1)
        return parts.constFirst();
    return u"%1 rows: %2"_s.arg(versions.size()).arg(parts.join(u"; "_s));
}

int endEventOf(const Trace& trace, const History& history, const RowVersion& version)
{
    if (version.transaction < 0 || version.transaction >= history.transactions.size())
        return -1;
    const HistoryTransaction& t = history.transactions.at(version.transaction);
    if (t.autocommit)
        return version.event;
    if (version.aborted && t.end != HistoryTransaction::End::RolledBack) {
        // Rolled back to a savepoint: the ROLLBACK TO that came after it.
        const qsizetype at = t.events.indexOf(version.event);
        for (qsizetype i = at + 1; at >= 0 && i < t.events.size(); ++i) {
            const TraceEvent& e = trace.events.at(t.events.at(i));
            if (statementVerb(trace.sql(e)) == u"ROLLBACK"_s)
                return t.events.at(i);
        }
    }
    if (t.end == HistoryTransaction::End::Open || t.events.isEmpty())
        return -1;
    return t.events.constLast();
}

} // namespace

StatementValues StatementValues::of(const Scenario& scenario, const Trace& trace, const History& history)
{
    StatementValues values;

    // The columns the run changes: what a class wants to see move from box to box ("likes").
    QStringList changed;
    QHash<qint64, int> previous; // row -> its latest version so far
    for (int i = 0; i < history.versions.size(); ++i) {
        const RowVersion& v = history.versions.at(i);
        const auto before = previous.constFind(v.row);
        if (before != previous.cend() && !v.deleted) {
            const QVariantMap& a = history.versions.at(*before).values;
            for (auto it = v.values.begin(); it != v.values.end(); ++it) {
                if (it.key() != u"id"_s && a.value(it.key()) != it.value() && !changed.contains(it.key()))
                    changed.append(it.key());
            }
        }
        previous.insert(v.row, i);
    }

    QHash<int, QStringList> columnsOfWorker;
    const auto columnsFor = [&](int worker, bool insert) {
        if (!insert && !changed.isEmpty())
            return changed;
        auto it = columnsOfWorker.constFind(worker);
        if (it == columnsOfWorker.cend()) {
            QStringList columns = worker >= 0 && worker < scenario.workers.size()
                ? workerColumns(scenario.workers.at(worker))
                : QStringList();
            for (const QString& c : changed) {
                if (!columns.contains(c))
                    columns.append(c);
            }
            it = columnsOfWorker.insert(worker, columns);
        }
        return *it;
    };

    for (auto it = history.writesOf.begin(); it != history.writesOf.end(); ++it) {
        const int event = it.key();
        if (event < 0 || event >= trace.events.size() || it->isEmpty())
            continue;
        const TraceEvent& e = trace.events.at(event);
        const bool insert = statementVerb(trace.sql(e)) == u"INSERT"_s;
        const QString said = versionsText(history, *it, columnsFor(e.worker, insert));
        if (!said.isEmpty())
            values.text.insert(event, u"wrote "_s + said);
    }
    for (auto it = history.readsOf.begin(); it != history.readsOf.end(); ++it) {
        const int event = it.key();
        if (event < 0 || event >= trace.events.size() || it->isEmpty() || values.text.contains(event))
            continue;
        QList<int> versions;
        for (const int read : *it) {
            if (read >= 0 && read < history.reads.size() && history.reads.at(read).version >= 0)
                versions.append(history.reads.at(read).version);
        }
        const QString said = versionsText(history, versions, columnsFor(trace.events.at(event).worker, false));
        if (!said.isEmpty())
            values.text.insert(event, u"read "_s + said);
    }

    for (int i = 0; i < history.versions.size(); ++i) {
        const RowVersion& v = history.versions.at(i);
        if (v.event < 0 || v.event >= trace.events.size())
            continue; // an initial row: the table lane's row marker says it
        Version version;
        version.row = v.row;
        version.event = v.event;
        version.endEvent = endEventOf(trace, history, v);
        version.aborted = v.aborted;
        version.deleted = v.deleted;
        const bool insert = statementVerb(trace.sql(trace.events.at(v.event))) == u"INSERT"_s;
        version.values =
            v.deleted ? u"deleted"_s : valuesOf(history, i, columnsFor(trace.events.at(v.event).worker, insert));
        if (version.values.isEmpty())
            version.values = history.valuesText(i);
        values.versions.append(version);
    }
    std::stable_sort(values.versions.begin(), values.versions.end(), [&trace](const Version& a, const Version& b) {
        return trace.events.at(a.event).startNs < trace.events.at(b.event).startNs;
    });
    return values;
}

} // namespace interleave
