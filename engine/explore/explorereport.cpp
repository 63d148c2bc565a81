// SPDX-License-Identifier: MIT
#include "explorereport.h"

#include "oneline.h"
#include "report.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

QString share(qint64 part, qint64 whole)
{
    return whole > 0 ? QString::number(100.0 * double(part) / double(whole), 'f', 1) + u'%' : u"-"_s;
}

// "   DUPLICATES, ERRORS": the families of violations a class showed, loud in the plain report.
QString failedText(CheckFamilies families)
{
    const QStringList names = CheckFamilyNames::names(families);
    return names.isEmpty() ? QString() : u"   "_s + names.join(u", "_s).toUpper();
}

} // namespace

QJsonObject ExploreReport::toJson(const Scenario& scenario, const ExploreResult& r)
{
    QJsonArray classes;
    for (const OutcomeClass& c : r.classes)
        classes.append(
            QJsonObject { { u"summary"_s, c.summary }, { u"count"_s, c.count }, { u"violated"_s, c.violated },
                { u"failed_checks"_s, QJsonArray::fromStringList(CheckFamilyNames::names(c.failed)) },
                { u"incomplete"_s, c.incomplete }, { u"example"_s, c.example.join(u',') },
                { u"example_report"_s, Report::toJson(c.exampleResult) } });
    const BackendInfo* backend = r.classes.isEmpty() ? nullptr : &r.classes.front().exampleResult.backend;
    QJsonObject root = Report::header(scenario, backend);
    root.insert(u"explore"_s,
        QJsonObject { { u"reduced"_s, r.reduced }, { u"complete"_s, r.complete }, { u"cancelled"_s, r.cancelled },
            { u"explored"_s, r.explored }, { u"abandoned"_s, r.pruned }, { u"full_estimate"_s, r.estimate },
            { u"seconds"_s, r.seconds },
            { u"schedules_per_second"_s, r.seconds > 0 ? double(r.explored + r.pruned) / r.seconds : 0.0 } });
    root.insert(u"classes"_s, classes);
    root.insert(u"violated"_s, r.violated());
    CheckFamilies failed;
    for (const OutcomeClass& c : r.classes)
        failed |= c.failed;
    root.insert(u"failed_checks"_s, QJsonArray::fromStringList(CheckFamilyNames::names(failed)));
    root.insert(u"complete"_s, !r.incomplete());
    if (!r.error.isEmpty())
        root.insert(u"error"_s, r.error);
    if (!r.unfinished.isEmpty())
        root.insert(u"unfinished"_s, r.unfinished);
    return root;
}

QString ExploreReport::toText(const Scenario& scenario, const ExploreResult& r)
{
    QString out = oneLine(scenario.name) + u'\n';
    if (!r.error.isEmpty())
        return out + u"error: "_s + oneLine(r.error) + u'\n';
    out += u"explored %1 schedules"_s.arg(r.explored);
    if (r.reduced)
        out +=
            u" (+%1 abandoned as equivalent to explored ones), with the reduction; the full enumeration has about %2"_s
                .arg(r.pruned)
                .arg(r.estimate);
    else
        out += u", every schedule (estimated beforehand: %1)"_s.arg(r.estimate);
    out += u"\n%1 s, %2 schedules/s%3\n\n"_s.arg(QString::number(r.seconds, 'f', 2))
               .arg(qRound64(r.seconds > 0 ? double(r.explored + r.pruned) / r.seconds : 0))
               .arg(r.complete ? QString()
                       : !r.unfinished.isEmpty()
                       ? u"; stopped (%1): the classes below are those found so far"_s.arg(r.unfinished)
                       : r.cancelled ? u"; cancelled: the classes below are those found so far"_s
                                     : u"; stopped at the limit: the classes below are those found so far"_s);
    out += u"outcome classes (%1):\n"_s.arg(r.classes.size());
    for (const OutcomeClass& c : r.classes) {
        out +=
            u"  %1 %2  %3%4\n"_s.arg(c.count, 6)
                .arg(share(c.count, r.explored), 6)
                .arg(oneLine(c.summary),
                    failedText(c.failed)
                        + (c.incomplete ? u"   INCOMPLETE: "_s + c.exampleResult.outcome.incompleteText() : QString()));
        out += u"                  e.g. --schedule %1\n"_s.arg(c.example.join(u','));
    }
    if (r.reduced)
        out += u"\n(with the reduction, counts are of the schedules run, not of all schedules)\n"_s;
    return out;
}

} // namespace interleave
