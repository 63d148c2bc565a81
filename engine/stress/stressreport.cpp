// SPDX-License-Identifier: MIT
#include "stressreport.h"

#include "oneline.h"
#include "report.h"

#include <QJsonArray>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

double share(qint64 part, qint64 whole)
{
    return whole > 0 ? double(part) / double(whole) : 0.0;
}

QString percent(qint64 part, qint64 whole)
{
    return QString::number(100.0 * share(part, whole), 'f', 1) + u'%';
}

QString rowsName(int n)
{
    return n == 1 ? u"1 row"_s : u"%1 rows"_s.arg(n);
}

QString rate(double perSecond)
{
    return QString::number(perSecond, 'f', perSecond < 100 ? 1 : 0);
}

QString workersText(const Scenario& s)
{
    const QStringList names = s.workerNames();
    return u"%1 %2 (%3)"_s.arg(names.size()).arg(names.size() == 1 ? u"worker"_s : u"workers"_s, names.join(u", "_s));
}

// Most frequent first; among equals, the one seen first.
QList<StressClass> byFrequency(QList<StressClass> classes)
{
    std::stable_sort(
        classes.begin(), classes.end(), [](const StressClass& a, const StressClass& b) { return a.trials > b.trials; });
    return classes;
}

} // namespace

QJsonObject StressReport::toJson(const StressResult& r)
{
    const StressDistribution& dist = r.distribution;
    QJsonObject root = Report::header(r.scenario, &r.backend);
    const QStringList names = r.scenario.workerNames();
    root.insert(u"stress"_s,
        QJsonObject { { u"trials_requested"_s, r.trialsRequested }, { u"trials"_s, r.trials() },
            { u"cancelled"_s, r.cancelled }, { u"incomplete_trials"_s, r.distribution.incompleteTrials() },
            { u"workers"_s, QJsonArray::fromStringList(names) }, { u"jitter_us"_s, r.scenario.schedule.jitterUs },
            { u"wall_ns"_s, r.wallNs }, { u"trials_per_second"_s, r.trialsPerSecond() } });
    if (!r.ok())
        root.insert(u"error"_s, r.error);
    if (!r.unfinished.isEmpty())
        root.insert(u"unfinished"_s, r.unfinished);

    const QList<DuplicateGroup> lookups = Outcome::groupRows({}, {}, r.scenario.workers);
    QJsonArray rowsPerLookup;
    for (qsizetype i = 0; i < lookups.size(); ++i) {
        QJsonObject lookup;
        for (auto it = lookups[i].lookup.begin(); it != lookups[i].lookup.end(); ++it)
            lookup.insert(it.key(), sqlValueToJson(it.value()));
        QJsonArray byRows;
        const QMap<int, qint64> counts = dist.rowsPerLookup().value(i);
        for (auto it = counts.begin(); it != counts.end(); ++it)
            byRows.append(QJsonObject { { u"rows"_s, it.key() }, { u"trials"_s, it.value() },
                { u"share"_s, share(it.value(), dist.trials()) } });
        rowsPerLookup.append(QJsonObject {
            { u"lookup"_s, lookup }, { u"lookup_text"_s, lookups[i].lookupText }, { u"trials_by_rows"_s, byRows } });
    }
    root.insert(u"rows_per_lookup"_s, rowsPerLookup);

    QJsonObject results;
    for (auto it = dist.resultCounts().begin(); it != dist.resultCounts().end(); ++it)
        results.insert(WorkerResult::kindName(it.key()), it.value());
    root.insert(u"results"_s, results);
    root.insert(u"after_integrity_error"_s, dist.afterIntegrityError());
    root.insert(u"violated_trials"_s, dist.violatedTrials());
    QJsonObject anomalyTrials;
    for (auto it = dist.anomalyTrials().begin(); it != dist.anomalyTrials().end(); ++it)
        anomalyTrials.insert(Anomaly::id(it.key()), it.value());
    root.insert(u"anomaly_trials"_s, anomalyTrials);
    QJsonObject checkTrials; // per --check family, the trials that violated it
    for (const CheckFamily f : CheckFamilyNames::all())
        if (dist.familyTrials(f) > 0)
            checkTrials.insert(CheckFamilyNames::name(f), dist.familyTrials(f));
    root.insert(u"check_trials"_s, checkTrials);
    root.insert(u"violated"_s, r.violated());
    root.insert(u"complete"_s, !r.incomplete());

    QJsonArray classes;
    for (const StressClass& c : byFrequency(dist.classes())) {
        QJsonArray tallies;
        for (const ResultTally& t : c.results)
            tallies.append(QJsonObject { { u"result"_s, WorkerResult::kindName(t.kind) },
                { u"after_integrity_error"_s, t.afterIntegrityError }, { u"workers"_s, t.workers } });
        QJsonArray rows;
        for (const int n : c.rowsPerLookup)
            rows.append(n);
        QJsonObject o { { u"label"_s, c.label() }, { u"rows_per_lookup"_s, rows }, { u"results"_s, tallies },
            { u"trials"_s, c.trials }, { u"share"_s, share(c.trials, dist.trials()) },
            { u"first_trial"_s, c.firstTrial }, { u"violated"_s, c.violated() }, { u"incomplete"_s, c.incomplete() } };
        o.insert(u"failed_checks"_s, QJsonArray::fromStringList(CheckFamilyNames::names(c.failed)));
        if (c.example)
            o.insert(u"example"_s, Report::toJson(*c.example));
        classes.append(o);
    }
    root.insert(u"classes"_s, classes);
    return root;
}

QString StressReport::toText(const StressResult& r)
{
    const StressDistribution& dist = r.distribution;
    const qint64 trials = dist.trials();
    QString out = oneLine(r.scenario.name) + u'\n';
    if (!r.backend.kind.isEmpty())
        out += u"backend: %1 (%2)\n"_s.arg(r.backend.label(), r.backend.options.join(u", "_s));
    out += u"stress: %1 trials of the free schedule, %2, jitter %3 us\n"_s.arg(r.trialsRequested)
               .arg(workersText(r.scenario))
               .arg(r.scenario.schedule.jitterUs);
    if (!r.ok())
        out += u"error: "_s + r.error + u'\n';
    if (!r.unfinished.isEmpty())
        out += u"stopped after %1 of %2 trials: %3\n"_s.arg(trials).arg(r.trialsRequested).arg(r.unfinished);
    else if (r.cancelled)
        out += u"cancelled after %1 of %2 trials\n"_s.arg(trials).arg(r.trialsRequested);
    out +=
        u"time: %1 s, %2 trials/s\n"_s.arg(QString::number(double(r.wallNs) / 1e9, 'f', 3), rate(r.trialsPerSecond()));
    if (trials == 0)
        return out;

    for (qsizetype i = 0; i < dist.lookups().size(); ++i) {
        out += u"\nrows for %1:\n"_s.arg(dist.lookups()[i]);
        const QMap<int, qint64> counts = dist.rowsPerLookup().value(i);
        for (auto it = counts.begin(); it != counts.end(); ++it)
            out += u"  %1 %2 trials %3\n"_s.arg(rowsName(it.key()).leftJustified(8))
                       .arg(it.value(), 9)
                       .arg(percent(it.value(), trials), 7);
    }

    qint64 workerResults = 0;
    for (const qint64 n : dist.resultCounts())
        workerResults += n;
    out += u"\nworker results (%1 over %2 trials):\n"_s.arg(workerResults).arg(trials);
    for (auto it = dist.resultCounts().begin(); it != dist.resultCounts().end(); ++it)
        out += u"  %1 %2 %3\n"_s.arg(WorkerResult::kindName(it.key()).leftJustified(24))
                   .arg(it.value(), 9)
                   .arg(percent(it.value(), workerResults), 7);
    if (dist.afterIntegrityError() > 0)
        out += u"  (%1 of them after an IntegrityError, by the re-get)\n"_s.arg(dist.afterIntegrityError());

    if (!dist.anomalyTrials().isEmpty()) {
        out += u"\nanomalies (trials in which each turned the verdict red):\n"_s;
        for (auto it = dist.anomalyTrials().begin(); it != dist.anomalyTrials().end(); ++it)
            out += u"  %1 %2 %3\n"_s.arg(Anomaly::name(it.key()).leftJustified(24))
                       .arg(it.value(), 9)
                       .arg(percent(it.value(), trials), 7);
    }

    out += u"\noutcome classes (%1), most frequent first:\n"_s.arg(dist.classes().size());
    for (const StressClass& c : byFrequency(dist.classes()))
        out += u"  %1 trials %2  %3  (first: trial %4)\n"_s.arg(c.trials, 9)
                   .arg(percent(c.trials, trials), 7)
                   .arg(oneLine(c.label()))
                   .arg(c.firstTrial + 1);

    out += u"\nverdict: "_s;
    if (r.incomplete()) {
        QStringList why;
        if (dist.incompleteTrials() > 0)
            why.append(u"%1 of %2 trials lost a worker (could not connect, lost its connection or timed out)"_s
                           .arg(dist.incompleteTrials())
                           .arg(trials));
        if (!r.unfinished.isEmpty())
            why.append(u"stopped: "_s + r.unfinished);
        else if (r.cancelled)
            why.append(u"cancelled"_s);
        out += u"incomplete: "_s + why.join(u"; "_s) + u"; "_s;
    }
    const bool lookups = std::any_of(r.scenario.workers.cbegin(), r.scenario.workers.cend(),
        [](const WorkerSpec& w) { return !w.lookup.isEmpty(); });
    if (!lookups) // sql and bulk_create workers: no rows per lookup to count, the results above are the story
        out +=
            u"no worker has a lookup to count rows for; the results and outcome classes above tell what happened\n"_s;
    else if (dist.violatedTrials() == 0)
        out += u"no trial left more than one row for a lookup\n"_s;
    else
        out += u"%1 of %2 trials (%3) left more than one row for a lookup\n"_s.arg(dist.violatedTrials())
                   .arg(trials)
                   .arg(percent(dist.violatedTrials(), trials));
    for (auto it = dist.anomalyTrials().begin(); it != dist.anomalyTrials().end(); ++it)
        out += u"%1 in %2 of %3 trials (%4)\n"_s.arg(Anomaly::name(it.key()))
                   .arg(it.value())
                   .arg(trials)
                   .arg(percent(it.value(), trials));
    // The failed checks the lines above do not already tell.
    for (const CheckFamily f : CheckFamilyNames::all()) {
        if (!dist.familiesToTellApart().testFlag(f))
            continue;
        out += u"%1 in %2 of %3 trials (%4)\n"_s.arg(CheckFamilyNames::sentence(f))
                   .arg(dist.familyTrials(f))
                   .arg(trials)
                   .arg(percent(dist.familyTrials(f), trials));
    }
    return out;
}

} // namespace interleave
