// SPDX-License-Identifier: MIT
#pragma once

// A long run made up without a database, for the exporter's test and its benchmark (bench_export): both draw the
// same picture, so the test's bound and the benchmark's figure are about one thing.

#include "runner.h"

namespace interleave::testdata {

using namespace Qt::StringLiterals;

// A synthetic run of `count` statements over four workers: SELECT, BEGIN, INSERT, COMMIT round and round.
inline RunResult syntheticRun(int count)
{
    RunResult result;
    Scenario& s = result.scenario;
    s.name = u"synthetic"_s;
    s.table.name = u"race"_s;
    s.table.columns = { { u"user_id"_s, u"varchar(32)"_s, false } };
    const QStringList workers { u"A"_s, u"B"_s, u"C"_s, u"D"_s };
    for (const QString& name : workers) {
        WorkerSpec w;
        w.name = name;
        w.recipe = u"django_get_or_create"_s;
        w.lookup = { { u"user_id"_s, u"c53b8b"_s } };
        s.workers.append(w);
    }
    result.backend.kind = u"sqlite"_s;
    result.schedule.mode = ScheduleSpec::Mode::Free;
    Trace& trace = result.trace;
    trace.workers = workers;
    trace.statements = { u"SELECT \"race\".\"id\" FROM \"race\" WHERE \"race\".\"user_id\" = ? LIMIT 21"_s, u"BEGIN"_s,
        u"INSERT INTO \"race\" (\"user_id\") VALUES (?)"_s, u"COMMIT"_s };
    trace.events.reserve(count);
    for (int i = 0; i < count; ++i) {
        TraceEvent e;
        e.worker = i % 4;
        e.step = i / 4;
        e.startNs = qint64(i) * 1000;
        e.endNs = e.startNs + 800;
        e.statement = (i / 4) % 4;
        trace.events.append(e);
    }
    for (int w = 0; w < 4; ++w) {
        WorkerResult r;
        r.kind = ResultKind::Created;
        result.outcome.results.append(r);
    }
    result.outcome.columns = { u"id"_s, u"user_id"_s };
    return result;
}

} // namespace interleave::testdata
