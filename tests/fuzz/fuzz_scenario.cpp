// SPDX-License-Identifier: MIT
// Fuzz target: the scenario loader (Scenario::fromJson), the way a file is read. Whatever the input, it ends with
// a scenario or a one-line message whose line and column lie in the text; a scenario saves and loads again to the
// same file (the editor's validate() relies on it), its backends can write its DDL, and each of its expectations
// reads again for the invariants to check.
// seeds: resources/examples tests/data

#include "expectation.h"
#include "fuzzing.h"
#include "oneline.h"
#include "remotebackend.h"
#include "scenario.h"
#include "sqlitebackend.h"

using namespace Qt::StringLiterals;
using namespace interleave;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char*>(data), qsizetype(size));
    ScenarioError error;
    const auto scenario = Scenario::fromJson(json, u"fuzz.json"_s, &error);
    if (!scenario) {
        const QString message = error.toString();
        FUZZ_CHECK(oneLine(message) == message);
        FUZZ_CHECK(error.line >= 0 && error.line <= json.count('\n') + 1);
        FUZZ_CHECK(error.column >= 0 && error.column <= json.size() + 1);
        return 0;
    }
    const QByteArray saved = scenario->toJson();
    const auto again = Scenario::fromJson(saved, u"saved.json"_s, &error);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(again->toJson() == saved);
    for (const QString& expectation : scenario->expect)
        FUZZ_CHECK(Expectation::parse(expectation, scenario->table, nullptr).has_value());
    QString why;
    FUZZ_CHECK(SqliteBackend::createStatements(scenario->table, &why).has_value());
    FUZZ_CHECK(RemoteBackend::createStatements(BackendSpec::Kind::Postgresql, u"interleave"_s, scenario->table, &why)
                   .has_value());
    return 0;
}
