// SPDX-License-Identifier: MIT
#pragma once

#include "explorer.h"

#include <QJsonObject>

namespace interleave {

// What `interleave run --explore` prints: the outcome classes with one reproducing schedule each.
class ExploreReport {
public:
    static QJsonObject toJson(const Scenario& scenario, const ExploreResult& result);
    static QString toText(const Scenario& scenario, const ExploreResult& result);
};

} // namespace interleave
