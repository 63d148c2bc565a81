// SPDX-License-Identifier: MIT
#pragma once

#include "stressrunner.h"

#include <QJsonObject>
#include <QString>

namespace interleave {

// What the command line prints for `--trials`: the distribution as JSON (each class's example as a full
// Report::toJson report) or as a summary for people.
class StressReport {
public:
    static QJsonObject toJson(const StressResult& result);
    static QString toText(const StressResult& result);
};

} // namespace interleave
