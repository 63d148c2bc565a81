// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QJsonObject>

namespace interleave {

// The first rule a scenario file breaks: the field as messages name it, why, and where in the file to point.
struct ReadFailure {
    QString field; // shown
    QString message;
    QString locate; // path used to find the line; defaults to field
    qsizetype offset = -1; // >= 0: the offending character is this far into the string at that path
};

// Reads a scenario file's top-level object into `scenario`, field by field, with every check the format makes
// (Scenario::fromJson parses the text and places the failure in the file).
std::optional<ReadFailure> readScenario(const QJsonObject& root, Scenario& scenario);

} // namespace interleave
