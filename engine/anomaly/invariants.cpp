// SPDX-License-Identifier: MIT
#include "invariants.h"

#include "expectation.h"
#include "oneline.h"
#include "runresult.h"

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

// "A", "A and B", "A, B and C".
QString namesText(const QStringList& names)
{
    if (names.size() <= 1)
        return names.value(0);
    return names.mid(0, names.size() - 1).join(u", "_s) + u" and "_s + names.back();
}

QString workerName(const Scenario& scenario, const Outcome& outcome, int index)
{
    if (index < outcome.workers.size())
        return outcome.workers[index];
    return scenario.workers.value(index).name;
}

// A worker's message, kept to one short line for a sentence.
QString shortDetail(const QString& detail)
{
    constexpr qsizetype limit = 160;
    const QString line = oneLine(detail);
    return line.size() > limit ? line.left(limit - 1) + u"…"_s : line;
}

// "one like is missing", "2 likes are missing"; "one increment of n is missing" where the column's name is no plural.
QString missingText(const QString& column, qint64 missing, bool more)
{
    const QString what = more ? u"more than reported"_s : u"missing"_s;
    const bool plural = column.size() > 1 && column.endsWith(u's') && !column.endsWith(u"ss"_s);
    if (missing == 1)
        return plural ? u"one %1 is %2"_s.arg(column.chopped(1), what)
                      : u"one increment of %1 is %2"_s.arg(column, what);
    return plural ? u"%1 %2 are %3"_s.arg(missing).arg(column, what)
                  : u"%1 increments of %2 are %3"_s.arg(missing).arg(column, what);
}

QList<InvariantCheck> duplicateChecks(const Outcome& outcome)
{
    QList<InvariantCheck> checks;
    for (const DuplicateGroup& g : outcome.groups) {
        InvariantCheck c;
        c.kind = InvariantCheck::Kind::Duplicates;
        c.name = u"at most one row for "_s + g.lookupText;
        c.held = !g.isDuplicate();
        c.rowIds = g.ids;
        QStringList ids;
        for (const QVariant& id : g.ids)
            ids.append(id.toString());
        c.sentence = c.held ? u"%1 for %2: no duplicate."_s.arg(rowCountText(g.ids.size()), g.lookupText)
                            : u"duplicate: %1 for %2 (ids %3), where get() expects at most one."_s.arg(
                                rowCountText(g.ids.size()), g.lookupText, ids.join(u", "_s));
        checks.append(c);
    }
    return checks;
}

bool isCounter(const WorkerSpec& w)
{
    return w.recipe == u"counter_read_modify_write"_s || w.recipe == u"counter_atomic"_s;
}

// Whether a worker other than the counters may write `column`: then the counters' sum says nothing.
bool othersWrite(const Scenario& scenario, const QString& column)
{
    return std::any_of(scenario.workers.cbegin(), scenario.workers.cend(), [&](const WorkerSpec& w) {
        if (!w.statements.isEmpty() || !w.before.isEmpty())
            return true; // literal SQL may write anything
        if (isCounter(w))
            return false;
        const bool inBatch =
            std::any_of(w.batch.cbegin(), w.batch.cend(), [&](const QVariantMap& row) { return row.contains(column); });
        return w.defaults.contains(column) || (w.createDefaults && w.createDefaults->contains(column)) || inBatch;
    });
}

// "A and B both read likes = 0 and both wrote likes = 1; B's write replaced A's": the lost update of row `id`
// the anomaly analysis found, without its name; empty when it found none.
QString lostUpdateStory(const Outcome& outcome, qint64 id)
{
    for (const Anomaly& a : outcome.anomalies) {
        if (a.kind != AnomalyKind::LostUpdate || a.cycle.isEmpty() || a.cycle.constFirst().row != id)
            continue;
        const QString prefix = Anomaly::name(AnomalyKind::LostUpdate) + u": "_s;
        return a.sentence.startsWith(prefix) ? a.sentence.mid(prefix.size()) : a.sentence;
    }
    return {};
}

QList<InvariantCheck> counterChecks(const Scenario& scenario, const Outcome& outcome)
{
    QList<InvariantCheck> checks;
    QStringList counted;
    for (const WorkerSpec& w : scenario.workers)
        if (isCounter(w) && !counted.contains(w.column) && !othersWrite(scenario, w.column))
            counted.append(w.column);
    for (const QString& column : std::as_const(counted)) {
        const qsizetype c = outcome.columns.indexOf(column);
        const ColumnSpec* spec = scenario.table.column(column);
        if (c < 0 || !spec)
            continue;
        for (qsizetype r = 0; r < scenario.table.rows.size() && r < outcome.initialRows; ++r) {
            const qint64 id = r + 1;
            const QVariantMap& initialRow = scenario.table.rows[r];
            const QVariant initial = initialRow.contains(column) ? initialRow.value(column)
                : spec->hasDefault                               ? spec->defaultValue
                                                                 : QVariant();
            // Which counters aimed at this row, and which of them say they added one.
            QStringList aimed;
            QStringList succeeded;
            for (int i = 0; i < scenario.workers.size(); ++i) {
                const WorkerSpec& w = scenario.workers[i];
                if (!isCounter(w) || w.column != column)
                    continue;
                const auto group = std::find_if(outcome.groups.cbegin(), outcome.groups.cend(),
                    [&](const DuplicateGroup& g) { return g.lookup == w.lookup; });
                const WorkerResult result = outcome.results.value(i);
                const bool onRow = result.rowId.isValid() ? result.rowId.toLongLong() == id
                                                          : group != outcome.groups.cend() && group->ids.contains(id);
                if (!onRow)
                    continue;
                aimed.append(workerName(scenario, outcome, i));
                if (result.kind != ResultKind::Updated)
                    continue;
                succeeded.append(workerName(scenario, outcome, i));
            }
            if (aimed.isEmpty() || initial.isNull())
                continue; // no counter counts here, or they all failed on NULL (TypeError)
            InvariantCheck check;
            check.kind = InvariantCheck::Kind::Counter;
            check.name = u"%1 of row %2 counts every increment"_s.arg(column).arg(id);
            check.rowIds = { id };
            const qint64 expected = initial.toLongLong() + succeeded.size();
            const auto row = std::find_if(outcome.rows.cbegin(), outcome.rows.cend(),
                [&](const Row& x) { return x.value(0).toLongLong() == id; });
            const QString reported = succeeded.isEmpty() ? u"no increment reported"_s
                : succeeded.size() == 1
                ? u"the increment %1 reported"_s.arg(succeeded.front())
                : u"the %1 increments %2 reported"_s.arg(succeeded.size()).arg(namesText(succeeded));
            if (row == outcome.rows.cend()) {
                check.held = false;
                check.sentence = u"counter: row %1 is gone, so %2 cannot show %3."_s.arg(id).arg(column, reported);
                checks.append(check);
                continue;
            }
            const QVariant final = row->value(c);
            const qint64 found = final.toLongLong();
            check.held = !final.isNull() && found == expected;
            if (check.held) {
                check.sentence = u"%1 went from %2 to %3: %4 %5 counted."_s.arg(column)
                                     .arg(initial.toLongLong())
                                     .arg(found)
                                     .arg(reported, succeeded.size() > 1 ? u"are all"_s : u"is"_s);
                if (succeeded.isEmpty())
                    check.sentence = u"%1 stayed at %2: no increment was reported."_s.arg(column).arg(found);
                checks.append(check);
                continue;
            }
            const QString figures =
                u"(expected %1, found %2)"_s.arg(expected).arg(final.isNull() ? u"NULL"_s : QString::number(found));
            if (found < expected) {
                const QString story = lostUpdateStory(outcome, id);
                const QString missing = missingText(column, expected - found, false);
                check.sentence = story.isEmpty()
                    ? u"lost update: %1 is %2 where %3 plus %4 makes %5 — %6 %7."_s.arg(column)
                          .arg(found)
                          .arg(initial.toLongLong())
                          .arg(reported)
                          .arg(expected)
                          .arg(missing, figures)
                    : u"lost update: %1 — %2 %3."_s.arg(story, missing, figures);
            } else {
                check.sentence = u"counter: %1 is %2 where %3 plus %4 makes %5 — %6 %7."_s.arg(column,
                    final.isNull() ? u"NULL"_s : QString::number(found), QString::number(initial.toLongLong()),
                    reported, QString::number(expected), missingText(column, found - expected, true), figures);
            }
            checks.append(check);
        }
    }
    return checks;
}

QList<InvariantCheck> workerChecks(const Scenario& scenario, const Outcome& outcome)
{
    QList<InvariantCheck> checks;
    for (int i = 0; i < outcome.results.size(); ++i) {
        const WorkerResult& r = outcome.results[i];
        const QString who = workerName(scenario, outcome, i);
        const QStringList expected = scenario.workers.value(i).expectedErrors;
        const bool isExpected = std::any_of(expected.cbegin(), expected.cend(),
            [&](const QString& e) { return e.compare(r.kindName(), Qt::CaseInsensitive) == 0; });
        InvariantCheck c;
        c.kind = InvariantCheck::Kind::WorkerResult;
        c.worker = i;
        c.name = who + u" finishes as its recipe intends"_s;
        if (r.rowId.isValid())
            c.rowIds = { r.rowId };
        const QString detail = shortDetail(r.detail);
        const QString because = detail.isEmpty() ? QString() : u" ("_s + detail + u')';
        c.held = !r.isFailure() || (isExpected && !r.isIncomplete());
        if (!r.isFailure())
            c.sentence = u"%1 ended with %2, as its recipe intends."_s.arg(who, r.text());
        else if (c.held)
            c.sentence = u"%1 ended with %2%3, which the scenario expects."_s.arg(who, r.kindName(), because);
        else if (r.kind == ResultKind::Unexpected)
            c.sentence = u"%1's statements did not return what its \"expect\" says%2."_s.arg(who, because);
        else if (r.isIncomplete())
            c.sentence = u"%1 ended with %2%3, so the run is incomplete."_s.arg(who, r.kindName(), because);
        else
            c.sentence = u"%1 failed with %2%3, which its recipe does not intend."_s.arg(who, r.kindName(), because);
        checks.append(c);
    }
    return checks;
}

QList<InvariantCheck> expectationChecks(const Scenario& scenario, const Outcome& outcome)
{
    QList<InvariantCheck> checks;
    for (qsizetype i = 0; i < scenario.expect.size(); ++i) {
        InvariantCheck c;
        c.kind = InvariantCheck::Kind::Expectation;
        c.name = scenario.expect[i].trimmed();
        Expectation::Error error;
        const auto expectation = Expectation::parse(scenario.expect[i], scenario.table, &error);
        if (!expectation) {
            c.held = false;
            c.sentence = u"The expectation \"%1\" cannot be read: %2."_s.arg(c.name, error.message);
        } else {
            const Expectation::Result result = expectation->check(outcome.columns, outcome.rows, scenario.backend.kind);
            c.held = result.held;
            c.sentence = result.sentence;
            c.rowIds = result.rowIds;
        }
        checks.append(c);
    }
    return checks;
}

} // namespace

QString InvariantCheck::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Duplicates:
        return u"duplicates"_s;
    case Kind::Counter:
        return u"lost-updates"_s;
    case Kind::WorkerResult:
        return u"errors"_s;
    case Kind::Expectation:
        return u"expectations"_s;
    }
    return {};
}

QList<InvariantCheck> checkInvariants(const Scenario& scenario, const Outcome& outcome)
{
    QList<InvariantCheck> checks = duplicateChecks(outcome);
    checks += counterChecks(scenario, outcome);
    checks += workerChecks(scenario, outcome);
    checks += expectationChecks(scenario, outcome);
    return checks;
}

QList<InvariantCheck> checkInvariants(const RunResult& run)
{
    return checkInvariants(run.scenario, run.outcome);
}

bool invariantsHeld(const QList<InvariantCheck>& checks)
{
    return std::all_of(checks.cbegin(), checks.cend(), [](const InvariantCheck& c) { return c.held; });
}

} // namespace interleave
