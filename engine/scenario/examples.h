// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QList>
#include <optional>

namespace interleave {

// The built-in scenarios compiled into the engine from resources/examples/*.json.
class Examples {
public:
    struct Entry {
        QString id; // file name without .json: "race-unique"
        QString name;
        QString description;
        QStringList databases; // where it shows what it promises; empty: on all three
    };
    static QList<Entry> list();
    static std::optional<Scenario> load(const QString& id, ScenarioError* error);
    // "example:race-unique" or a file path.
    static std::optional<Scenario> loadReference(const QString& reference, ScenarioError* error);
    // "race-unique" for "example:race-unique"; empty for a file path.
    static QString referenceId(const QString& reference);
};

} // namespace interleave
