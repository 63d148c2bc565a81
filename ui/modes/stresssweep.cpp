// SPDX-License-Identifier: MIT
#include "stresssweep.h"

#include <QStringList>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

std::optional<QList<int>> StressSweep::parseValues(const QString& text, Axis axis, QString* error)
{
    const int low = axis == Axis::Workers ? 1 : 0;
    const int high = axis == Axis::Workers ? StressRunner::maxWorkers : 1000000;
    const QString what = axis == Axis::Workers ? u"worker count"_s : u"jitter"_s;
    const auto fail = [&](const QString& message) -> std::optional<QList<int>> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    QList<int> values;
    const auto number = [&](const QString& part, bool* ok) {
        const int n = part.trimmed().toInt(ok);
        if (*ok && (n < low || n > high))
            *ok = false;
        return n;
    };
    for (const QString& raw : text.split(u',', Qt::SkipEmptyParts)) {
        const QString part = raw.trimmed();
        if (part.isEmpty())
            continue;
        bool ok = false;
        const qsizetype dash = part.indexOf(u'-', 1);
        if (dash > 0) {
            bool okEnd = false;
            const int from = number(part.left(dash), &ok);
            const int to = number(part.mid(dash + 1), &okEnd);
            if (!ok || !okEnd || to < from)
                return fail(u"\"%1\" is not a range of %2s from %3 to %4, such as %5"_s.arg(part, what,
                    QString::number(low), QString::number(high), axis == Axis::Workers ? u"2-8"_s : u"0-100"_s));
            if (to - from > 64)
                return fail(u"\"%1\" has more than 64 values"_s.arg(part));
            for (int n = from; n <= to; ++n)
                values.append(n);
        } else {
            const int n = number(part, &ok);
            if (!ok)
                return fail(
                    u"\"%1\" is not a %2 from %3 to %4"_s.arg(part, what, QString::number(low), QString::number(high)));
            values.append(n);
        }
    }
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    if (values.size() < 2)
        return fail(u"a sweep needs at least two %1s, such as %2"_s.arg(
            what, axis == Axis::Workers ? u"2-8"_s : u"0, 50, 200, 1000"_s));
    if (values.size() > 64)
        return fail(u"a sweep has at most 64 points"_s);
    return values;
}

QString StressSweep::axisTitle(Axis axis)
{
    return axis == Axis::Workers ? u"Workers"_s : u"Jitter (µs)"_s;
}

QString StressSweep::measureName(Measure measure)
{
    switch (measure) {
    case Measure::Duplicates:
        return u"Duplicate rows"_s;
    case Measure::WorkerError:
        return u"A worker failed"_s;
    case Measure::IntegrityError:
        return u"An IntegrityError"_s;
    case Measure::Count_:
        break;
    }
    return {};
}

QList<StressOptions> StressSweep::points(const StressOptions& base) const
{
    QList<StressOptions> result;
    for (const int value : values) {
        StressOptions options = base;
        if (axis == Axis::Workers)
            options.workers = value;
        else
            options.jitterUs = value;
        result.append(options);
    }
    return result;
}

double StressSweep::share(const StressDistribution& d, Measure measure)
{
    if (d.trials() == 0)
        return 0;
    if (measure == Measure::Duplicates)
        return 100.0 * double(d.violatedTrials()) / double(d.trials());
    qint64 counted = 0;
    for (const StressClass& c : d.classes()) {
        const bool hit = std::any_of(c.results.cbegin(), c.results.cend(), [measure](const ResultTally& t) {
            if (measure == Measure::IntegrityError)
                return t.kind == ResultKind::IntegrityError || t.afterIntegrityError;
            WorkerResult r;
            r.kind = t.kind;
            return r.isFailure();
        });
        if (hit)
            counted += c.trials;
    }
    return 100.0 * double(counted) / double(d.trials());
}

} // namespace interleave
