// SPDX-License-Identifier: MIT
#include "outcome.h"

#include "fieldlookup.h"

using namespace Qt::StringLiterals;

namespace interleave {

QString WorkerResult::text() const
{
    QString out = kindName();
    if (afterIntegrityError && !isFailure())
        out += u" (after IntegrityError)"_s;
    return out;
}

QString WorkerResult::kindName(ResultKind kind)
{
    switch (kind) {
    case ResultKind::Created:
        return u"created"_s;
    case ResultKind::Got:
        return u"got"_s;
    case ResultKind::Updated:
        return u"updated"_s;
    case ResultKind::Completed:
        return u"completed"_s;
    case ResultKind::Unexpected:
        return u"unexpected"_s;
    case ResultKind::IntegrityError:
        return u"IntegrityError"_s;
    case ResultKind::MultipleObjectsReturned:
        return u"MultipleObjectsReturned"_s;
    case ResultKind::DoesNotExist:
        return u"DoesNotExist"_s;
    case ResultKind::Deadlock:
        return u"Deadlock"_s;
    case ResultKind::SerializationFailure:
        return u"SerializationFailure"_s;
    case ResultKind::LockTimeout:
        return u"LockTimeout"_s;
    case ResultKind::Busy:
        return u"Busy"_s;
    case ResultKind::ConnectionLost:
        return u"ConnectionLost"_s;
    case ResultKind::Timeout:
        return u"Timeout"_s;
    case ResultKind::Error:
        return u"Error"_s;
    }
    return {};
}

QString Outcome::insertedByText(qint64 id, const QStringList& names) const
{
    const auto it = insertedBy.constFind(id);
    if (it != insertedBy.cend())
        return names.value(*it, u"worker %1"_s.arg(*it + 1));
    return id >= 1 && id <= initialRows ? u"(initial)"_s : u"(unknown)"_s;
}

QList<DuplicateGroup> Outcome::groupRows(
    const QStringList& columns, const QList<Row>& rows, const QList<WorkerSpec>& workers, BackendSpec::Kind dialect)
{
    QList<DuplicateGroup> groups;
    for (const WorkerSpec& w : workers) {
        if (w.lookup.isEmpty())
            continue;
        const bool seen =
            std::any_of(groups.cbegin(), groups.cend(), [&](const DuplicateGroup& g) { return g.lookup == w.lookup; });
        if (seen)
            continue;
        DuplicateGroup group;
        group.lookup = w.lookup;
        QStringList parts;
        for (auto it = w.lookup.begin(); it != w.lookup.end(); ++it)
            parts.append(it.key() + u'=' + formatSqlValue(it.value()));
        group.lookupText = parts.join(u", "_s);
        for (const Row& row : rows) {
            bool all = true;
            for (auto it = w.lookup.begin(); it != w.lookup.end() && all; ++it) {
                const auto field = FieldLookup::parse(it.key());
                const qsizetype c = field ? columns.indexOf(field->column()) : -1;
                all = c >= 0 && field->matches(dialect, it.value(), row.value(c));
            }
            if (all)
                group.ids.append(row.value(0));
        }
        groups.append(group);
    }
    return groups;
}

bool Outcome::violated() const
{
    return std::any_of(groups.cbegin(), groups.cend(), [](const DuplicateGroup& g) { return g.isDuplicate(); });
}

QList<int> Outcome::duplicateRowIndexes() const
{
    QList<int> indexes;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QVariant id = rows[i].value(0);
        const bool duplicate = std::any_of(groups.cbegin(), groups.cend(),
            [&](const DuplicateGroup& g) { return g.isDuplicate() && g.ids.contains(id); });
        if (duplicate)
            indexes.append(int(i));
    }
    return indexes;
}

bool Outcome::anomalous() const
{
    return std::any_of(anomalies.cbegin(), anomalies.cend(), [](const Anomaly& a) { return a.violates(); });
}

const InvariantCheck* Outcome::checkTelling(const Anomaly& anomaly) const
{
    const auto it = std::find_if(invariants.cbegin(), invariants.cend(),
        [&](const InvariantCheck& c) { return !c.held && c.sentence.contains(anomaly.sentence); });
    return it == invariants.cend() ? nullptr : &*it;
}

bool Outcome::invariantsHeld() const
{
    return std::all_of(invariants.cbegin(), invariants.cend(), [](const InvariantCheck& c) { return c.held; });
}

bool Outcome::incomplete() const
{
    return !unfinished.isEmpty()
        || std::any_of(results.cbegin(), results.cend(), [](const WorkerResult& r) { return r.isIncomplete(); });
}

QString Outcome::incompleteText() const
{
    QStringList why;
    for (qsizetype i = 0; i < results.size(); ++i) {
        const WorkerResult& r = results[i];
        if (!r.isIncomplete())
            continue;
        const QString who = workers.value(i, u"worker %1"_s.arg(i + 1));
        QString what = r.kind == ResultKind::Timeout ? u"timed out"_s : u"lost its connection"_s;
        QString detail = r.detail;
        static const QString notOpened = u"cannot connect: "_s; // Worker's detail for a session that never opened
        if (detail.startsWith(notOpened)) {
            what = u"could not connect"_s;
            detail = detail.mid(notOpened.size());
        }
        why.append(u"%1 %2 (%3%4)"_s.arg(who, what, r.kindName(), detail.isEmpty() ? QString() : u": "_s + detail));
    }
    if (!unfinished.isEmpty())
        why.append(unfinished);
    return why.join(u"; "_s);
}

QString Outcome::verdict() const
{
    QStringList parts;
    if (incomplete())
        parts.append(u"incomplete: "_s + incompleteText());
    const QString onRows = rowsVerdict();
    if (!onRows.isEmpty())
        parts.append(onRows);
    // Each check that failed, but the duplicates (the rows' verdict says them) and, where the rows' verdict already
    // names the failed workers (no lookups), the workers' results.
    for (const InvariantCheck& c : invariants) {
        if (c.held || c.kind == InvariantCheck::Kind::Duplicates
            || (c.kind == InvariantCheck::Kind::WorkerResult
                && (groups.isEmpty() || results.value(c.worker).isIncomplete())))
            continue;
        QString sentence = c.sentence;
        if (sentence.endsWith(u'.'))
            sentence.chop(1);
        parts.append(sentence);
    }
    // Each violating anomaly, but one a failed check already tells (a counter's lost update).
    for (const Anomaly& a : anomalies) {
        if (a.violates() && !checkTelling(a))
            parts.append(a.text());
    }
    return parts.join(u"; "_s);
}

QString Outcome::rowsVerdict() const
{
    QStringList parts;
    for (const DuplicateGroup& g : groups) {
        parts.append(rowCountText(g.ids.size()) + u" for "_s + g.lookupText + u": "_s
            + (g.isDuplicate() ? u"duplicate"_s : u"no duplicate"_s));
    }
    // Workers without a lookup (sql, bulk_create) leave no rows to count per lookup: what the run shows is the
    // table's rows and how each worker ended, an sql worker's "expect" held or not.
    if (groups.isEmpty() && !incomplete()) {
        parts.append(rowCountText(rows.size()) + u" in the table"_s);
        QStringList failed;
        for (qsizetype i = 0; i < results.size(); ++i) {
            const WorkerResult& r = results[i];
            if (!r.isFailure())
                continue;
            const QString who = workers.value(i, u"worker %1"_s.arg(i + 1));
            failed.append(who + u": "_s + (r.kind == ResultKind::Unexpected ? u"expect not met"_s : r.kindName()));
        }
        const bool literal = std::any_of(
            results.cbegin(), results.cend(), [](const WorkerResult& r) { return r.kind == ResultKind::Completed; });
        if (!failed.isEmpty())
            parts.append(failed);
        else
            parts.append(literal ? u"every worker completed as expected"_s : u"every worker completed"_s);
    }
    return parts.join(u"; "_s);
}

} // namespace interleave
