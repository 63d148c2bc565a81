// SPDX-License-Identifier: MIT
// Fuzz target: isolation specs (IsolationSpec::parse, then IsolationImport), the way `interleave import` reads a
// file. Whatever the input, it ends with scenarios or a one-line message whose line and column lie in the text;
// every scenario it makes loads again from its own JSON to the same file, and its script names its workers.
// seeds: tests/fuzz/seeds/isospec tests/data/specs

#include "fuzzing.h"
#include "isolationimport.h"
#include "isolationspec.h"
#include "oneline.h"

using namespace Qt::StringLiterals;
using namespace interleave;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString text = QString::fromUtf8(bytes);
    ScenarioError error;
    const auto checkError = [&] {
        const QString message = error.toString();
        FUZZ_CHECK(oneLine(message) == message);
        FUZZ_CHECK(error.line >= 0 && error.line <= text.count(u'\n') + 1);
        FUZZ_CHECK(error.column >= 0 && error.column <= text.size() + 1);
    };
    const auto spec = IsolationSpec::parse(text, u"fuzz.spec"_s, &error);
    if (!spec) {
        checkError();
        return 0;
    }
    FUZZ_CHECK(!spec->sessions.isEmpty());
    for (const IsolationSpec::Permutation& p : spec->permutations)
        for (const IsolationSpec::Entry& e : p.entries)
            FUZZ_CHECK(spec->step(e.step) != nullptr);
    const auto imported = IsolationImport::toScenarios(*spec, &error);
    if (!imported) {
        checkError();
        return 0;
    }
    FUZZ_CHECK(!imported->scenarios.isEmpty());
    for (const IsolationImport::Imported& i : imported->scenarios) {
        const QByteArray json = i.scenario.toJson();
        const auto again = Scenario::fromJson(json, u"imported.json"_s, &error);
        FUZZ_CHECK(again.has_value());
        FUZZ_CHECK(again->toJson() == json);
        for (const QString& worker : i.scenario.schedule.script)
            FUZZ_CHECK(i.scenario.workerIndex(worker) >= 0);
    }
    return 0;
}
