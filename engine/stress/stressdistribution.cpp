// SPDX-License-Identifier: MIT
#include "stressdistribution.h"

#include "runresult.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

QString ResultTally::name() const
{
    return WorkerResult::kindName(kind) + (afterIntegrityError ? u" after IntegrityError"_s : QString());
}

bool StressClass::violated() const
{
    return std::any_of(rowsPerLookup.cbegin(), rowsPerLookup.cend(), [](int n) { return n > 1; });
}

bool StressClass::incomplete() const
{
    return std::any_of(
        results.cbegin(), results.cend(), [](const ResultTally& t) { return WorkerResult::isIncomplete(t.kind); });
}

QString StressClass::rowsText() const
{
    QStringList parts;
    for (const int n : rowsPerLookup)
        parts.append(rowCountText(n));
    return parts.join(u", "_s);
}

QString StressClass::resultsText() const
{
    QStringList parts;
    for (const ResultTally& t : results)
        parts.append(u"%1 %2"_s.arg(t.workers).arg(t.name()));
    return parts.join(u", "_s);
}

QString StressClass::anomaliesText() const
{
    QStringList names;
    for (const AnomalyKind kind : anomalies) {
        const QString name = Anomaly::name(kind);
        const QString common = Anomaly::commonName(kind);
        names.append(name == common ? name : name + u" ("_s + common + u')');
    }
    return names.join(u", "_s);
}

QString StressClass::label() const
{
    const QString found = anomaliesText();
    return rowsText() + u"; "_s + resultsText() + (found.isEmpty() ? QString() : u"; "_s + found);
}

StressDistribution::StressDistribution(QStringList lookups)
    : m_lookups(std::move(lookups))
    , m_rowsPerLookup(m_lookups.size())
{
}

CheckFamilies StressDistribution::familiesToTellApart() const
{
    CheckFamilies tell =
        failedFamilies() & (CheckFamily::LostUpdates | CheckFamily::Errors | CheckFamily::Expectations);
    if (m_anomalyTrials.contains(AnomalyKind::LostUpdate))
        tell &= ~CheckFamilies(CheckFamily::LostUpdates);
    return tell;
}

CheckFamilies StressDistribution::failedFamilies() const
{
    CheckFamilies all;
    for (auto it = m_familyTrials.cbegin(); it != m_familyTrials.cend(); ++it)
        all |= it.key();
    return all;
}

int StressDistribution::add(const QList<int>& rowsPerLookup, const QList<WorkerResult>& results, bool* isNew,
    QList<AnomalyKind> anomalies, CheckFamilies failed)
{
    ++m_trials;
    std::sort(anomalies.begin(), anomalies.end());
    anomalies.erase(std::unique(anomalies.begin(), anomalies.end()), anomalies.end());
    for (const AnomalyKind kind : std::as_const(anomalies))
        ++m_anomalyTrials[kind];
    if (std::any_of(rowsPerLookup.cbegin(), rowsPerLookup.cend(), [](int n) { return n > 1; }))
        ++m_violatedTrials;
    for (const CheckFamily family : CheckFamilyNames::all())
        if (failed.testFlag(family))
            ++m_familyTrials[family];
    if (failed)
        ++m_failedTrials;
    if (std::any_of(results.cbegin(), results.cend(), [](const WorkerResult& r) { return r.isIncomplete(); }))
        ++m_incompleteTrials;
    if (m_rowsPerLookup.size() < rowsPerLookup.size())
        m_rowsPerLookup.resize(rowsPerLookup.size());
    for (qsizetype i = 0; i < rowsPerLookup.size(); ++i)
        ++m_rowsPerLookup[i][rowsPerLookup[i]];

    // The key: the row counts, a separator no count can take, then one number per worker result (kind and
    // path), sorted, so that which worker got which result does not matter.
    QList<int> key = rowsPerLookup;
    key.append(-1);
    const qsizetype resultsStart = key.size();
    for (const WorkerResult& r : results) {
        ++m_results[r.kind];
        m_afterIntegrityError += r.afterIntegrityError;
        key.append(int(r.kind) * 2 + (r.afterIntegrityError ? 1 : 0));
    }
    std::sort(key.begin() + resultsStart, key.end());
    // Then the anomalies, after a second separator.
    key.append(-2);
    for (const AnomalyKind kind : std::as_const(anomalies))
        key.append(int(kind));

    const auto found = m_classIndex.constFind(key);
    if (found != m_classIndex.constEnd()) {
        ++m_classes[*found].trials;
        m_classes[*found].failed |= failed;
        *isNew = false;
        return *found;
    }
    StressClass c;
    c.rowsPerLookup = rowsPerLookup;
    c.anomalies = anomalies;
    c.failed = failed;
    const qsizetype resultsEnd = key.indexOf(-2, resultsStart);
    for (qsizetype i = resultsStart; i < resultsEnd; ++i) {
        const ResultKind kind = ResultKind(key[i] / 2);
        const bool after = key[i] % 2;
        if (!c.results.isEmpty() && c.results.back().kind == kind && c.results.back().afterIntegrityError == after)
            ++c.results.back().workers;
        else
            c.results.append({ kind, after, 1 });
    }
    c.trials = 1;
    c.firstTrial = m_trials - 1;
    const int index = int(m_classes.size());
    m_classes.append(std::move(c));
    m_classIndex.insert(key, index);
    *isNew = true;
    return index;
}

void StressDistribution::setExample(int cls, std::shared_ptr<const RunResult> example)
{
    m_classes[cls].example = std::move(example);
}

} // namespace interleave
