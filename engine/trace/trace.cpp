// SPDX-License-Identifier: MIT
#include "trace.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

QList<qint64> TraceEvent::insertedIds() const
{
    QList<qint64> ids;
    if (!rows.isEmpty()) {
        for (const Row& row : rows)
            ids.append(row.value(0).toLongLong());
    } else if (insertId.isValid()) {
        const qint64 last = insertId.toLongLong();
        for (qint64 n = std::max<qint64>(1, rowsAffected) - 1; n >= 0; --n)
            ids.append(last - n);
    }
    return ids;
}

qint64 Trace::durationNs() const
{
    qint64 end = 0;
    for (const TraceEvent& e : events)
        end = std::max(end, e.endNs);
    return end;
}

QStringList Trace::sequence() const
{
    QStringList lines;
    for (const TraceEvent& e : events) {
        if (e.kind != EventKind::Statement)
            continue;
        QString line = workers.value(e.worker) + u": "_s + sql(e);
        QStringList params;
        for (const QVariant& p : e.params)
            params.append(formatSqlValue(p));
        if (!params.isEmpty())
            line += u" ["_s + params.join(u", "_s) + u']';
        if (e.error.isError())
            line += u" -> "_s + e.error.className() + u' ' + e.error.codeText();
        else if (!e.columns.isEmpty())
            line += u" -> "_s + QString::number(e.rowCount()) + u" rows"_s;
        lines.append(line);
    }
    return lines;
}

void TraceBuffer::append(TraceEvent event, const QString& sql)
{
    auto it = m_statementIds.constFind(sql);
    if (it == m_statementIds.constEnd()) {
        it = m_statementIds.insert(sql, int(m_statements.size()));
        m_statements.append(sql);
    }
    event.statement = *it;
    m_events.push_back(std::move(event));
}

void TraceBuffer::clear()
{
    m_events.clear();
    m_statements.clear();
    m_statementIds.clear();
}

Trace TraceBuffer::merge(const QStringList& workers, const std::vector<const TraceBuffer*>& buffers)
{
    Trace trace;
    trace.workers = workers;
    QHash<QString, int> ids;
    qsizetype total = 0;
    for (const TraceBuffer* b : buffers)
        total += qsizetype(b->m_events.size());
    trace.events.reserve(total);
    for (const TraceBuffer* b : buffers) {
        QList<int> remap;
        remap.reserve(b->m_statements.size());
        for (const QString& sql : b->m_statements) {
            auto it = ids.constFind(sql);
            if (it == ids.constEnd()) {
                it = ids.insert(sql, int(trace.statements.size()));
                trace.statements.append(sql);
            }
            remap.append(*it);
        }
        for (const TraceEvent& e : b->m_events) {
            trace.events.append(e);
            trace.events.back().statement = remap.at(e.statement);
        }
    }
    // A statement sorts before the lock wait inside it; equal times keep worker order.
    std::stable_sort(trace.events.begin(), trace.events.end(), [](const TraceEvent& a, const TraceEvent& b) {
        if (a.startNs != b.startNs)
            return a.startNs < b.startNs;
        if (a.worker != b.worker)
            return a.worker < b.worker;
        return a.kind < b.kind;
    });
    return trace;
}

} // namespace interleave
