// SPDX-License-Identifier: MIT
#pragma once

// Scenarios built in code for the engine tests: seed 02's Race table with options.

#include "examples.h"
#include "runner.h"
#include "scenario.h"

#include <QTest>

namespace interleave::test {

// Each worker's result as its kind's name: "created", "got", "IntegrityError", ...
inline QStringList resultsOf(const RunResult& r)
{
    QStringList out;
    for (const WorkerResult& w : r.outcome.results)
        out.append(w.kindName());
    return out;
}

inline Scenario raceScenario(
    int workers, bool unique, const QString& recipe = QStringLiteral("django_get_or_create"), bool atomic = false)
{
    Scenario s;
    s.name = QStringLiteral("race");
    s.table.name = QStringLiteral("race");
    s.table.model = QStringLiteral("Race");
    s.table.columns = { { QStringLiteral("user_id"), QStringLiteral("varchar(32)"), false },
        { QStringLiteral("name"), QStringLiteral("varchar(32)"), true } };
    if (unique)
        s.table.constraints = { { QStringLiteral("unique"), { QStringLiteral("user_id") }, {}, {} } };
    for (int i = 0; i < workers; ++i) {
        WorkerSpec w;
        w.name = QString(QChar(u'A' + i));
        w.recipe = recipe;
        w.lookup = { { QStringLiteral("user_id"), QStringLiteral("c53b8b") } };
        w.defaults = { { QStringLiteral("name"), QStringLiteral("foo") } };
        w.atomic = atomic;
        s.workers.append(w);
    }
    return s;
}

inline QVariantMap raceRow(const QString& userId, const QString& name)
{
    return { { QStringLiteral("user_id"), userId }, { QStringLiteral("name"), name } };
}

inline Scenario example(const QString& id)
{
    ScenarioError error;
    const auto s = Examples::load(id, &error);
    if (!s)
        qFatal("example %s: %s", qPrintable(id), qPrintable(error.toString()));
    return *s;
}

// The lock waits of a run as "B waits for A".
inline QStringList waitsOf(const RunResult& r)
{
    QStringList waits;
    for (const TraceEvent& e : r.trace.events) {
        if (e.kind != EventKind::LockWait)
            continue;
        QStringList holders;
        for (const int b : e.blockers)
            holders.append(r.trace.workers.value(b));
        waits.append(
            r.trace.workers.value(e.worker) + QStringLiteral(" waits for ") + holders.join(QStringLiteral(", ")));
    }
    return waits;
}

inline Scenario scripted(Scenario s, const QString& script)
{
    s.schedule.mode = ScheduleSpec::Mode::Script;
    s.schedule.script = script.split(QLatin1Char(','), Qt::SkipEmptyParts);
    return s;
}

} // namespace interleave::test
