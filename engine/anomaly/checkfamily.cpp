// SPDX-License-Identifier: MIT
#include "checkfamily.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

CheckFamily familyOf(InvariantCheck::Kind kind)
{
    switch (kind) {
    case InvariantCheck::Kind::Duplicates:
        return CheckFamily::Duplicates;
    case InvariantCheck::Kind::Counter:
        return CheckFamily::LostUpdates;
    case InvariantCheck::Kind::WorkerResult:
        return CheckFamily::Errors;
    case InvariantCheck::Kind::Expectation:
        return CheckFamily::Expectations;
    }
    return CheckFamily::Errors;
}

} // namespace

const QList<CheckFamily>& CheckFamilyNames::all()
{
    static const QList<CheckFamily> families { CheckFamily::Duplicates, CheckFamily::LostUpdates,
        CheckFamily::Anomalies, CheckFamily::Errors, CheckFamily::Expectations };
    return families;
}

QString CheckFamilyNames::name(CheckFamily family)
{
    switch (family) {
    case CheckFamily::Duplicates:
        return u"duplicates"_s;
    case CheckFamily::LostUpdates:
        return u"lost-updates"_s;
    case CheckFamily::Anomalies:
        return u"anomalies"_s;
    case CheckFamily::Errors:
        return u"errors"_s;
    case CheckFamily::Expectations:
        return u"expectations"_s;
    }
    return {};
}

QStringList CheckFamilyNames::names(CheckFamilies families)
{
    QStringList out;
    for (const CheckFamily f : all())
        if (families.testFlag(f))
            out.append(name(f));
    return out;
}

std::optional<CheckFamily> CheckFamilyNames::fromName(const QString& name)
{
    const QList<CheckFamily>& families = all();
    const auto it = std::find_if(
        families.cbegin(), families.cend(), [&](CheckFamily f) { return CheckFamilyNames::name(f) == name; });
    return it == families.cend() ? std::nullopt : std::optional(*it);
}

QString CheckFamilyNames::sentence(CheckFamily family)
{
    switch (family) {
    case CheckFamily::Duplicates:
        return u"a lookup ended with duplicates"_s;
    case CheckFamily::LostUpdates:
        return u"an update was lost"_s;
    case CheckFamily::Anomalies:
        return u"an anomaly violated what was promised"_s;
    case CheckFamily::Errors:
        return u"a worker failed"_s;
    case CheckFamily::Expectations:
        return u"an expectation did not hold"_s;
    }
    return {};
}

CheckFamilies violations(const Outcome& outcome)
{
    CheckFamilies found;
    if (outcome.violated())
        found |= CheckFamily::Duplicates;
    for (const Anomaly& a : outcome.anomalies) {
        if (!a.violates())
            continue;
        found |= CheckFamily::Anomalies;
        if (a.kind == AnomalyKind::LostUpdate)
            found |= CheckFamily::LostUpdates;
    }
    for (const InvariantCheck& c : outcome.invariants) {
        const bool lostWorker =
            c.kind == InvariantCheck::Kind::WorkerResult && outcome.results.value(c.worker).isIncomplete();
        if (!c.held && !lostWorker)
            found |= familyOf(c.kind);
    }
    return found;
}

} // namespace interleave
