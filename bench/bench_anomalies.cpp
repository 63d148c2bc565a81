// SPDX-License-Identifier: MIT
// What naming a run's anomalies (History + Anomalies::find: the row versions, the dependency graph at both levels,
// its cycles) costs next to a stress trial, on SQLite, for examples of 2 to 10 workers. Issue 16 asks the analysis
// to add under 10% to a stress run. Prints figures; it is not a test.
//
//   bench_anomalies [--trials N] [--repeats M]

#include "anomalies.h"
#include "benchexamples.h"
#include "runner.h"
#include "stressrunner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

using namespace Qt::StringLiterals;
using namespace interleave;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const auto option = [&](const QString& name, int fallback) {
        const qsizetype at = args.indexOf(name);
        return at >= 0 ? args.value(at + 1).toInt() : fallback;
    };
    const int trials = option(u"--trials"_s, 1000);
    const int repeats = option(u"--repeats"_s, 500);
    QTextStream out(stdout);
    for (const QString& id : { u"race-no-unique"_s, u"race-unique"_s, u"counter-lost-update"_s, u"ten-threads"_s }) {
        const Scenario s = bench::loadExample(id);
        // A stress trial's time, the analysis included (StressRunner judges every trial).
        StressOptions options;
        options.trials = trials;
        QElapsedTimer timer;
        timer.start();
        const StressResult stress = StressRunner(s, options).run();
        const double trialUs = double(timer.nsecsElapsed()) / 1000.0 / double(std::max<qint64>(1, trials));
        if (!stress.ok())
            qFatal("%s: %s", qPrintable(id), qPrintable(stress.error));
        // The analysis alone, on one free run of the same scenario.
        Scenario free = s;
        free.schedule = {};
        const RunResult r = Runner(free).run();
        if (!r.ok())
            qFatal("%s: %s", qPrintable(id), qPrintable(r.error));
        qsizetype found = 0;
        timer.restart();
        for (int i = 0; i < repeats; ++i)
            found += Anomalies::find(r.scenario, r.trace, r.outcome.results).size();
        const double analysisUs = double(timer.nsecsElapsed()) / 1000.0 / repeats;
        out << id << u": "_s << s.workers.size() << u" workers, "_s << r.trace.events.size() << u" events, "_s
            << found / repeats << u" anomalies; stress trial "_s << QString::number(trialUs, 'f', 1)
            << u" us, analysis "_s << QString::number(analysisUs, 'f', 1) << u" us ("_s
            << QString::number(100.0 * analysisUs / std::max(1.0, trialUs - analysisUs), 'f', 1)
            << u"% added to a trial)"_s << Qt::endl;
    }
    return 0;
}
