// SPDX-License-Identifier: MIT
// What judging a run's invariants (checkInvariants: duplicates, counters, workers' results, the scenario's
// "expect") costs next to the run itself, on SQLite, for counter-lost-update (with three expectations added) and
// race-no-unique. Prints figures; it is not a test.
//
//   bench_invariants [--runs N]

#include "benchexamples.h"
#include "invariants.h"
#include "runner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

using namespace Qt::StringLiterals;
using namespace interleave;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qsizetype at = args.indexOf(u"--runs"_s);
    const int runs = at >= 0 ? args.value(at + 1).toInt() : 200;
    QTextStream out(stdout);
    Scenario counter = bench::loadExample(u"counter-lost-update"_s);
    counter.expect = { u"likes = 2"_s, u"exactly one row where title = 'hello'"_s, u"no row where likes < 0"_s };
    for (const Scenario& s : { counter, bench::loadExample(u"race-no-unique"_s) }) {
        qint64 runNs = 0;
        qint64 checkNs = 0;
        qsizetype checks = 0;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer timer;
            timer.start();
            const RunResult r = Runner(s).run();
            runNs += timer.nsecsElapsed();
            if (!r.ok())
                qFatal("%s", qPrintable(r.error));
            timer.restart();
            checks += checkInvariants(r).size();
            checkNs += timer.nsecsElapsed();
        }
        out << s.name << u": "_s << runs << u" runs, "_s << checks / runs << u" checks each; run "_s
            << QString::number(double(runNs) / runs / 1000.0, 'f', 1) << u" us, checks "_s
            << QString::number(double(checkNs) / runs / 1000.0, 'f', 1) << u" us ("_s
            << QString::number(100.0 * double(checkNs) / double(runNs), 'f', 2) << u"% of the run)"_s << Qt::endl;
    }
    return 0;
}
