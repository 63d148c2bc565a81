// SPDX-License-Identifier: MIT
#include "challenge.h"

#include "expectation.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace interleave::Challenges {

namespace {

const QString challengesDir = u":/challenges"_s;

// The lesson's order: docs/guide/challenges.md tells them in it, and tst_challenge checks that every shipped file
// is listed here.
const QStringList order { u"two-rows"_s, u"integrity-error-then-get"_s, u"repeatable-read-finds-nothing"_s,
    u"lost-update"_s, u"deadlock"_s };

} // namespace

QList<Entry> list()
{
    QList<Entry> entries;
    for (const QString& id : order) {
        QFile f(challengesDir + u'/' + id + u".json"_s);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        entries.append(
            { id, o.value(u"name"_s).toString(), o.value(u"goal"_s).toObject().value(u"text"_s).toString() });
    }
    return entries;
}

QString next(const QString& id)
{
    const qsizetype at = order.indexOf(id);
    return at >= 0 && at + 1 < order.size() ? order.at(at + 1) : QString();
}

std::optional<Scenario> load(const QString& id, ScenarioError* error)
{
    const QString path = challengesDir + u'/' + id + u".json"_s;
    if (!QFile::exists(path)) {
        if (error)
            *error = ScenarioError { reference(id), 0, 0, {},
                u"no such challenge; the challenges are: "_s + order.join(u", "_s) };
        return std::nullopt;
    }
    auto scenario = Scenario::load(path, error);
    if (!scenario && error)
        error->file = reference(id);
    return scenario;
}

QString idOf(const Scenario& scenario)
{
    if (!scenario.goal)
        return {};
    for (const Entry& e : list()) {
        if (e.name == scenario.name && e.goal == scenario.goal->text)
            return e.id;
    }
    return {};
}

QString referenceId(const QString& reference)
{
    const QString prefix = u"challenge:"_s;
    return reference.startsWith(prefix) ? reference.mid(prefix.size()) : QString();
}

GoalCheck check(const GoalSpec& goal, const Scenario& scenario, const Outcome& outcome,
    const QList<WorkerResult>& results, const QList<bool>& finished)
{
    GoalCheck out;
    const bool everyone = !finished.isEmpty() && !finished.contains(false);
    if (goal.rows >= 0 || !goal.expect.isEmpty()) {
        if (!everyone) {
            out.unmet.append(u"The table is judged when every worker has finished."_s);
        } else {
            if (goal.rows >= 0 && outcome.rows.size() != goal.rows)
                out.unmet.append(
                    u"The table has %1, not %2."_s
                        .arg(outcome.rows.size() == 1 ? u"1 row"_s : QString::number(outcome.rows.size()) + u" rows"_s)
                        .arg(goal.rows));
            if (!goal.expect.isEmpty()) {
                Expectation::Error problem;
                const std::optional<Expectation> e = Expectation::parse(goal.expect, scenario.table, &problem);
                const Expectation::Result r = e ? e->check(outcome.columns, outcome.rows, scenario.backend.kind)
                                                : Expectation::Result { false, problem.message, {} };
                if (!r.held)
                    out.unmet.append(r.sentence);
            }
        }
    }
    if (!goal.worker.isEmpty()) {
        const int w = scenario.workerIndex(goal.worker);
        if (w < 0 || w >= finished.size() || !finished.at(w) || w >= results.size()) {
            out.unmet.append(u"%1 has not finished yet."_s.arg(goal.worker));
        } else {
            const WorkerResult& r = results.at(w);
            if (!goal.results.contains(r.text()) && !goal.results.contains(r.kindName()))
                out.unmet.append(
                    u"%1 ended with %2, not %3."_s.arg(goal.worker, r.text(), goal.results.join(u" or "_s)));
        }
    }
    out.reached = out.unmet.isEmpty();
    return out;
}

} // namespace interleave::Challenges
