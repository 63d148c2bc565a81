// SPDX-License-Identifier: MIT
#pragma once

#include "runresult.h"

#include <QJsonObject>
#include <QString>

namespace interleave {

// What the command line prints: a JSON report (DESIGN.md's `--json`) or a summary for people.
class Report {
public:
    static QJsonObject toJson(const RunResult& result);
    // What every report starts with: the version, the scenario and, when known, the backend.
    static QJsonObject header(const Scenario& scenario, const BackendInfo* backend);
    static QString toText(const RunResult& result);
};

} // namespace interleave
