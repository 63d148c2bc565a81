// SPDX-License-Identifier: MIT
#pragma once

#include "outcome.h"
#include "scenario.h"

#include <QList>
#include <QString>
#include <optional>

namespace interleave {

// Challenge mode (The Deadlock Empire's idea, on a real database): a scenario with a goal (GoalSpec), which the
// student reaches by scheduling the workers step by step. The shipped challenges are compiled into the engine from
// resources/challenges/*.json, one per point of the lesson, in the lesson's order; "challenge:two-rows" names one.
namespace Challenges {

struct Entry {
    QString id; // file name without .json: "two-rows"
    QString name;
    QString goal; // GoalSpec::text
};
// The shipped challenges in the lesson's order.
QList<Entry> list();
// The challenge after `id` in that order; empty after the last (or for an id not shipped).
QString next(const QString& id);
std::optional<Scenario> load(const QString& id, ScenarioError* error);
// The shipped challenge `scenario` was loaded from (same name and goal), or empty.
QString idOf(const Scenario& scenario);
// "challenge:two-rows" -> "two-rows"; empty for anything else.
QString referenceId(const QString& reference);
inline QString reference(const QString& id)
{
    return QStringLiteral("challenge:") + id;
}

// How a run stands against a goal. `rows` and `expect` are judged on the final rows, once every worker has finished
// (`finished`); `worker` and `result` as soon as that worker has. `results` holds one result per worker, read only
// for the workers `finished` marks.
struct GoalCheck {
    bool reached = false;
    QStringList unmet; // what does not hold yet, a sentence each ("The table has 1 row, not 2.")
};
GoalCheck check(const GoalSpec& goal, const Scenario& scenario, const Outcome& outcome,
    const QList<WorkerResult>& results, const QList<bool>& finished);

} // namespace Challenges

} // namespace interleave
