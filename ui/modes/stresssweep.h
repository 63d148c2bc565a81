// SPDX-License-Identifier: MIT
#pragma once

#include "stressrunner.h"

#include <QList>
#include <QString>
#include <optional>

namespace interleave {

// A sweep: the same stress run at several worker counts or jitters, to see how an outcome's share moves with
// them. Widget-free, so the parsing and the measures are tested without a chart.
struct StressSweep {
    enum class Axis { Workers, Jitter };
    enum class Measure { Duplicates, WorkerError, IntegrityError, Count_ };

    Axis axis = Axis::Workers;
    QList<int> values;

    // "2-8", "2,4,8" or "0, 50, 200"; ascending, without repeats. nullopt with *error naming what is wrong.
    static std::optional<QList<int>> parseValues(const QString& text, Axis axis, QString* error);
    static QString axisTitle(Axis axis); // "Workers", "Jitter (µs)"
    static QString measureName(Measure measure); // "Trials with duplicate rows"

    // One StressOptions per value, with `base`'s trials (and its workers or jitter where the sweep does not set it).
    QList<StressOptions> points(const StressOptions& base) const;
    // The share of `d`'s trials, in percent, that `measure` counts.
    static double share(const StressDistribution& d, Measure measure);
};

} // namespace interleave
