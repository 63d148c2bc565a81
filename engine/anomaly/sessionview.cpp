// SPDX-License-Identifier: MIT
#include "sessionview.h"

#include "causalorder.h"
#include "fieldlookup.h"
#include "predicate.h"
#include "statement.h"
#include "statementkind.h"

#include <QRegularExpression>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

constexpr int never = std::numeric_limits<int>::max();

// Two values as a database returns and a recipe sends them: numbers as numbers (a server's text "0" and a bound
// 0), everything else as text.
bool sameValue(const QVariant& a, const QVariant& b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() && b.isNull();
    bool aNumber = false;
    bool bNumber = false;
    const double x =
        a.typeId() == QMetaType::QString ? a.toString().trimmed().toDouble(&aNumber) : a.toDouble(&aNumber);
    const double y =
        b.typeId() == QMetaType::QString ? b.toString().trimmed().toDouble(&bNumber) : b.toDouble(&bNumber);
    if (aNumber && bNumber)
        return x == y;
    return a.toString() == b.toString();
}

// A result's column name as a version's key: "p.\"likes\"" -> likes.
QString bareColumn(const QString& column)
{
    return column.section(u'.', -1).remove(u'"').remove(u'`');
}

QVariant valueOf(const QVariantMap& values, const QString& column, bool* known)
{
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (it.key().compare(column, Qt::CaseInsensitive) == 0) {
            *known = true;
            return it.value();
        }
    }
    *known = false;
    return {};
}

QString rowText(const QStringList& columns, const Row& row)
{
    QStringList parts;
    for (qsizetype c = 0; c < columns.size() && c < row.size(); ++c)
        parts.append(columns.at(c) + u" = "_s + formatSqlValue(row.at(c)));
    return parts.join(u", "_s);
}

} // namespace

SessionView::SessionView(const Scenario& scenario, const Trace& trace, const History& history)
    : m_scenario(scenario)
    , m_trace(trace)
    , m_history(history)
    , m_level(isolationRun(scenario))
    , m_order(CausalOrder::of(trace))
{
    for (qsizetype k = 0; k < m_order.size(); ++k)
        m_position.insert(m_order.at(k), int(k));
}

int SessionView::positionAt(qint64 ns) const
{
    for (qsizetype k = 0; k < m_order.size(); ++k) {
        const TraceEvent& e = m_trace.events.at(m_order.at(k));
        if (e.kind == EventKind::Statement && e.endNs > ns)
            return int(k);
    }
    return int(m_order.size());
}

int SessionView::endPosition(int transaction) const
{
    const HistoryTransaction& t = m_history.transactions.at(transaction);
    if (t.end == HistoryTransaction::End::Open)
        return never;
    int end = -1;
    for (const int event : t.events)
        end = std::max(end, m_position.value(event, -1));
    return end;
}

bool SessionView::liveAt(const RowVersion& v, int position) const
{
    if (v.transaction < 0)
        return true;
    if (m_position.value(v.event, never) >= position)
        return false;
    if (!v.aborted)
        return true;
    // A rolled-back transaction's writes were there, for it, until the rollback; a savepoint's rollback inside a
    // transaction that committed cannot be placed here, and its writes count as never seen.
    return m_history.transactions.at(v.transaction).end == HistoryTransaction::End::RolledBack
        && endPosition(v.transaction) >= position;
}

// A consistent read in InnoDB's words: a SELECT that locks nothing.
bool SessionView::consistentRead(int event) const
{
    const TraceEvent& e = m_trace.events.at(event);
    const QString& sql = m_trace.sql(e);
    if (StatementKind::verb(sql) != u"SELECT"_s)
        return false;
    if (e.access)
        return !e.access->locking;
    static const QRegularExpression locking(
        u"\\bFOR\\s+(UPDATE|SHARE)\\b|\\bLOCK\\s+IN\\s+SHARE\\s+MODE\\b"_s, QRegularExpression::CaseInsensitiveOption);
    return !locking.match(sql).hasMatch();
}

SessionView::Snapshot SessionView::snapshotFor(int worker, int transaction, int event, int position) const
{
    Q_UNUSED(worker)
    Snapshot s;
    s.at = position;
    s.ownBefore = position;
    if (transaction < 0 || endPosition(transaction) < position)
        return s; // between transactions: the next statement sees what is committed now
    s.transaction = transaction;
    const BackendSpec::Kind kind = m_scenario.backend.kind;
    bool keeps = false;
    bool firstRead = false; // InnoDB: the snapshot of the first consistent read, not of the first statement
    switch (kind) {
    case BackendSpec::Kind::Sqlite:
        keeps = true;
        break;
    case BackendSpec::Kind::Postgresql:
        keeps = m_level == IsolationLevel::RepeatableRead || m_level == IsolationLevel::Serializable;
        break;
    case BackendSpec::Kind::Mysql:
        keeps = m_level == IsolationLevel::RepeatableRead && (event < 0 || consistentRead(event));
        firstRead = true;
        break;
    }
    if (!keeps)
        return s;
    const QList<int>& events = m_history.transactions.at(transaction).events;
    int first = never;
    for (const int e : events) {
        const int at = m_position.value(e, never);
        if (at >= position)
            continue;
        const QString& sql = m_trace.sql(m_trace.events.at(e));
        const bool takes = firstRead
            ? consistentRead(e)
            : !StatementKind::isTransactionVerb(StatementKind::verb(sql)) && !autocommitSetting(sql).has_value();
        if (takes)
            first = std::min(first, at);
    }
    if (first != never)
        s.at = first;
    return s;
}

QList<SessionRow> SessionView::rows(int worker, const Snapshot& snapshot, int position) const
{
    Q_UNUSED(worker)
    const bool dirtyReads =
        m_scenario.backend.kind == BackendSpec::Kind::Mysql && m_level == IsolationLevel::ReadUncommitted;
    QList<qint64> ids = m_history.versionOrder.keys();
    for (const RowVersion& v : m_history.versions) {
        if (!ids.contains(v.row))
            ids.append(v.row);
    }
    std::sort(ids.begin(), ids.end());
    const auto writerOf = [&](const RowVersion& v) {
        return v.transaction < 0 ? -1 : m_history.transactions.at(v.transaction).worker;
    };
    QList<SessionRow> out;
    for (const qint64 id : std::as_const(ids)) {
        int own = -1;
        QList<int> pending; // other transactions' uncommitted versions at `position`, latest per transaction
        for (int v = int(m_history.versions.size()) - 1; v >= 0; --v) {
            const RowVersion& version = m_history.versions.at(v);
            if (version.row != id || version.transaction < 0 || !liveAt(version, position))
                continue;
            if (version.transaction == snapshot.transaction) {
                if (own < 0 && m_position.value(version.event, never) < snapshot.ownBefore)
                    own = v;
            } else if (endPosition(version.transaction) >= position
                && std::none_of(pending.cbegin(), pending.cend(),
                    [&](int p) { return m_history.versions.at(p).transaction == version.transaction; })) {
                pending.append(v);
            }
        }
        int committed = -1;
        int afterSnapshot = -1;
        for (const int v : m_history.versionOrder.value(id)) {
            const RowVersion& version = m_history.versions.at(v);
            const int end = version.transaction < 0 ? -1 : endPosition(version.transaction);
            if (end < snapshot.at)
                committed = v;
            else if (end < position)
                afterSnapshot = v;
        }
        SessionRow shown;
        shown.row = id;
        if (own >= 0) {
            shown.version = own;
            shown.visibility = SessionRow::Visibility::Own;
        } else if (dirtyReads && !pending.isEmpty()) {
            shown.version = pending.takeFirst();
            shown.visibility = SessionRow::Visibility::Dirty;
        } else if (committed >= 0) {
            shown.version = committed;
        }
        if (shown.version >= 0 && !m_history.versions.at(shown.version).deleted) {
            shown.writer = writerOf(m_history.versions.at(shown.version));
            out.append(shown);
        }
        if (afterSnapshot >= 0 && own < 0) {
            const RowVersion& v = m_history.versions.at(afterSnapshot);
            out.append({ id, afterSnapshot, SessionRow::Visibility::AfterSnapshot, writerOf(v) });
        }
        for (const int v : std::as_const(pending))
            out.append({ id, v, SessionRow::Visibility::Uncommitted, writerOf(m_history.versions.at(v)) });
    }
    return out;
}

QList<SessionRow> SessionView::at(int worker, int position) const
{
    position = std::clamp(position, 0, int(m_order.size()));
    int transaction = -1;
    for (int k = position - 1; k >= 0; --k) {
        const TraceEvent& e = m_trace.events.at(m_order.at(k));
        if (e.kind == EventKind::Statement && e.worker == worker) {
            transaction = m_history.transactionOf.value(m_order.at(k), -1);
            break;
        }
    }
    return rows(worker, snapshotFor(worker, transaction, -1, position), position);
}

QList<SessionRow> SessionView::committedAt(int position) const
{
    position = std::clamp(position, 0, int(m_order.size()));
    return rows(-1, snapshotFor(-1, -1, -1, position), position);
}

QString SessionView::reason(const SessionRow& row, int viewer) const
{
    const QString name = m_trace.workers.value(viewer);
    const QString writer = m_trace.workers.value(row.writer);
    const bool deleted = row.version >= 0 && m_history.versions.at(row.version).deleted;
    switch (row.visibility) {
    case SessionRow::Visibility::Committed:
        return {};
    case SessionRow::Visibility::Own:
        return u"%1's own write, not committed yet: only %1 sees it"_s.arg(name);
    case SessionRow::Visibility::Dirty:
        return u"%1 has not committed this write; %2 reads it anyway (READ UNCOMMITTED: a dirty read)"_s.arg(
            writer, name);
    case SessionRow::Visibility::Uncommitted:
        return u"not visible to %1: %2 has not committed %3"_s.arg(
            name, writer, deleted ? u"its DELETE of this row"_s : u"this write"_s);
    case SessionRow::Visibility::AfterSnapshot:
        return u"not visible to %1: %2 committed it after %1's snapshot was taken (%3)"_s.arg(
            name, writer, isolationName(m_level).toUpper());
    }
    return {};
}

bool SessionView::selects(const RowAccess& access, const RowVersion& v) const
{
    if (v.deleted)
        return false;
    if (!access.id.isNull())
        return sameValue(access.id, v.row);
    for (auto it = access.lookup.begin(); it != access.lookup.end(); ++it) {
        const auto field = FieldLookup::parse(it.key());
        if (!field || !field->matches(m_scenario.backend.kind, it.value(), v.values.value(field->column())))
            return false;
    }
    if (!access.where.isEmpty()) {
        const std::optional<Predicate> where = Predicate::parse(access.where, m_scenario.table, nullptr);
        if (!where)
            return false;
        QStringList columns { u"id"_s };
        Row row { v.values.value(u"id"_s) };
        for (const ColumnSpec& c : m_scenario.table.columns) {
            columns.append(c.name);
            row.append(v.values.value(c.name));
        }
        return where->matches(columns, row, m_scenario.backend.kind);
    }
    return true;
}

SessionView::Check SessionView::check() const
{
    Check result;
    for (const int event : m_order) {
        const TraceEvent& e = m_trace.events.at(event);
        if (e.kind != EventKind::Statement || e.error.isError() || !e.access || e.rowsDropped > 0
            || e.access->kind != RowAccess::Kind::Read || e.access->computed)
            continue;
        const int transaction = m_history.transactionOf.value(event, -1);
        const int position = m_position.value(event);
        QStringList columns;
        for (const QString& c : e.columns)
            columns.append(bareColumn(c));
        QList<int> expected;
        for (const SessionRow& r : rows(e.worker, snapshotFor(e.worker, transaction, event, position), position)) {
            if (r.visible() && selects(*e.access, m_history.versions.at(r.version)))
                expected.append(r.version);
        }
        ++result.checked;
        // Each returned row against an expected one with its values, in the columns the SELECT returned.
        QList<int> unmatched = expected;
        QList<Row> extra;
        for (const Row& row : e.rows) {
            const auto same = std::find_if(unmatched.begin(), unmatched.end(), [&](int v) {
                const QVariantMap& values = m_history.versions.at(v).values;
                for (qsizetype c = 0; c < columns.size() && c < row.size(); ++c) {
                    bool known = false;
                    const QVariant value = valueOf(values, columns.at(c), &known);
                    if (known && !sameValue(value, row.at(c)))
                        return false;
                }
                return true;
            });
            if (same == unmatched.end())
                extra.append(row);
            else
                unmatched.erase(same);
        }
        if (unmatched.isEmpty() && extra.isEmpty())
            continue;
        SessionMismatch m;
        m.event = event;
        m.worker = e.worker;
        for (const int v : std::as_const(expected))
            m.expected.append(u"id %1: %2"_s.arg(m_history.versions.at(v).row).arg(m_history.valuesText(v)));
        for (const Row& row : e.rows)
            m.returned.append(rowText(columns, row));
        const QString name = m_trace.workers.value(e.worker);
        const auto count = [](qsizetype n) { return n == 1 ? u"1 row"_s : QString::number(n) + u" rows"_s; };
        m.sentence =
            u"%1's statement %2 (%3) returned %4, but what %1 could see (%5) holds %6%7"_s.arg(name)
                .arg(e.step + 1)
                .arg(m_trace.sql(e).simplified().left(60), count(e.rows.size()), isolationName(m_level).toUpper(),
                    count(expected.size()), expected.isEmpty() ? QString() : u": "_s + m.expected.join(u"; "_s));
        result.mismatches.append(m);
    }
    return result;
}

} // namespace interleave
