// SPDX-License-Identifier: MIT
// What judging a stress trial costs next to the trial, on SQLite, for examples of 2 to 10 workers: naming its anomalies
// (History + Anomalies::find: the row versions, the dependency graph at both levels, its cycles) and checking its
// invariants (the --check families every trial is judged by), timed on each outcome class's example trial, weighed
// by the class's share of the trials. Issue 16 asks the analysis to add under 10% to a stress run. Prints figures;
// it is not a test.
//
//   bench_anomalies [--trials N] [--repeats M] [--example ID]

#include "anomalies.h"
#include "benchexamples.h"
#include "invariants.h"
#include "runner.h"
#include "stressdistribution.h"
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
    QStringList ids { u"race-no-unique"_s, u"race-unique"_s, u"counter-lost-update"_s, u"ten-threads"_s };
    if (const qsizetype at = args.indexOf(u"--example"_s); at >= 0)
        ids = { args.value(at + 1) };
    for (const QString& id : std::as_const(ids)) {
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
        // The analysis alone, on the trials stress judged: each outcome class's example trial, weighed by how many
        // trials fell in its class (a class with anomalies costs more than one without: its cycles are searched and
        // told).
        double analysisUs = 0;
        double checksUs = 0;
        double heldShare = 0;
        double found = 0;
        qint64 events = 0;
        for (const StressClass& c : stress.distribution.classes()) {
            if (!c.example)
                continue;
            const RunResult& r = *c.example;
            const double share = double(c.trials) / double(std::max<qint64>(1, stress.trials()));
            // Omitting the sentences changes nothing else.
            QList<Anomaly> written = Anomalies::find(r.scenario, r.trace, r.outcome.results);
            for (Anomaly& a : written) {
                a.sentence.clear();
                a.levelNote.clear();
                for (Dependency& d : a.cycle)
                    d.text.clear();
            }
            if (written != Anomalies::find(r.scenario, r.trace, r.outcome.results, Anomalies::Texts::Omitted))
                qFatal("%s: Texts::Omitted found other anomalies than Texts::Written", qPrintable(id));
            qsizetype anomalies = 0;
            timer.restart();
            for (int i = 0; i < repeats; ++i)
                anomalies += Anomalies::find(r.scenario, r.trace, r.outcome.results, Anomalies::Texts::Omitted).size();
            analysisUs += share * double(timer.nsecsElapsed()) / 1000.0 / repeats;
            found += share * double(anomalies) / repeats;
            // And the invariants each trial is checked against (the --check families of every trial).
            Outcome judged = r.outcome;
            judged.anomalies = Anomalies::find(r.scenario, r.trace, r.outcome.results, Anomalies::Texts::Omitted);
            qsizetype held = 0;
            timer.restart();
            for (int i = 0; i < repeats; ++i)
                held += invariantsHeld(checkInvariants(r.scenario, judged));
            checksUs += share * double(timer.nsecsElapsed()) / 1000.0 / repeats;
            heldShare += share * double(held) / repeats;
            events = std::max<qint64>(events, r.trace.events.size());
        }
        out << id << u": "_s << s.workers.size() << u" workers, up to "_s << events << u" events, "_s
            << stress.distribution.classes().size() << u" classes, "_s << QString::number(found, 'f', 2)
            << u" anomalies a trial; stress trial "_s << QString::number(trialUs, 'f', 1) << u" us, analysis "_s
            << QString::number(analysisUs, 'f', 1) << u" us, checks "_s << QString::number(checksUs, 'f', 1)
            << u" us (held in "_s << QString::number(100.0 * heldShare, 'f', 0) << u"% of trials); together "_s
            << QString::number(100.0 * (analysisUs + checksUs) / std::max(1.0, trialUs - analysisUs - checksUs), 'f', 1)
            << u"% added to a trial"_s << Qt::endl;
    }
    return 0;
}
