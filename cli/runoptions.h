// SPDX-License-Identifier: MIT
#pragma once

#include "checkfamily.h"
#include "explorer.h"
#include "palette.h"

#include <QString>
#include <QStringList>
#include <optional>
#include <variant>

namespace interleave {

// Bad input on the command line: the text for stderr, naming the option; the command exits with status 2.
struct InputError {
    QString text;
};

// --image-out and its options.
struct ImageRequest {
    QString path;
    int width = 1600;
    Palette::Theme theme = Palette::Theme::Light;
    // --image-anomaly: whose cycle is drawn. firstViolating (the default): the first anomaly that violates, if any;
    // none: no cycle; else an index into the run's anomalies (--image-anomaly N is N - 1).
    static constexpr int firstViolating = -2;
    static constexpr int none = -1;
    int anomaly = firstViolating;
    bool wanted() const { return !path.isEmpty(); }
};

// What `interleave run` is asked to do, each option's value checked, and the options checked against each other as
// far as they can be without the scenario (a scenario saved in explore or stress mode changes what goes together).
struct RunOptions {
    QString reference; // a scenario file or example:NAME
    std::optional<QString> schedule; // --schedule, as written
    QString backend; // --backend as written; empty: the scenario's own database
    QString isolation; // --isolation as written; empty: the scenario's own level
    bool free = false;
    std::optional<int> jitterUs;
    qint64 trials = 0; // 0: no --trials
    int workers = 0; // 0: no --workers
    bool explore = false;
    ExploreOptions exploreOptions;
    bool maxSchedulesGiven = false;
    ImageRequest image;
    bool imageOptionGiven = false; // --image-width or --image-theme
    QString tracePath;
    bool json = false; // --json, or --format json
    bool isolationTester = false; // --format isolationtester
    // With it: print the spec's header line ("Parsed test spec with 2 sessions") before the run; `run FILE.spec`
    // prints it once, before its first permutation.
    bool isolationTesterHeader = true;
    bool check = false;
    // --check=LIST: the families that fail the run; none listed (--check alone): every family.
    CheckFamilies checkFamilies;
    bool allowSql = false;

    // The families --check judges: every family with --check alone, else those listed; none without --check.
    CheckFamilies judged() const
    {
        if (!check)
            return {};
        return checkFamilies ? checkFamilies : ~CheckFamilies();
    }

    // `arguments` are those after `run`.
    static std::variant<RunOptions, InputError> parse(const QStringList& arguments);
};

} // namespace interleave
