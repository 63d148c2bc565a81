// SPDX-License-Identifier: MIT
#include "runoptions.h"

#include "arguments.h"
#include "commandline.h"
#include "oneline.h"
#include "scenario.h"
#include "stressrunner.h"
#include "timelineexporter.h"

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

using Option = Arguments::Option;

std::optional<InputError> refuse(const QString& text)
{
    return InputError { u"interleave run: "_s + text + u'\n' };
}

// Takes one option into `options`; the error when its value is not one it takes.
std::optional<InputError> take(RunOptions& options, const Arguments::Given& given)
{
    const QString& value = given.value;
    bool ok = false;
    switch (given.option) {
    case Option::Schedule:
        options.schedule = value;
        break;
    case Option::Backend:
        options.backend = value;
        break;
    case Option::Isolation:
        options.isolation = value;
        break;
    case Option::Free:
        options.free = true;
        break;
    case Option::Jitter:
        options.jitterUs = value.toInt(&ok);
        if (!ok || *options.jitterUs < 0)
            return refuse(u"--jitter takes a whole number of microseconds, not \"%1\""_s.arg(value));
        break;
    case Option::Trials:
        options.trials = value.toLongLong(&ok);
        if (!ok || options.trials < 1 || options.trials > ScheduleSpec::maxTrials)
            return refuse(
                u"--trials takes a whole number of trials from 1 to %1, not \"%2\""_s.arg(ScheduleSpec::maxTrials)
                    .arg(oneLine(value)));
        break;
    case Option::Workers:
        options.workers = value.toInt(&ok);
        if (!ok || options.workers < 1 || options.workers > StressRunner::maxWorkers)
            return refuse(
                u"--workers takes a number of workers from 1 to %1, not \"%2\""_s.arg(StressRunner::maxWorkers)
                    .arg(value));
        break;
    case Option::Explore:
        options.explore = true;
        break;
    case Option::NoReduction:
        options.exploreOptions.reduce = false;
        break;
    case Option::MaxSchedules:
        options.exploreOptions.maxSchedules = value.toLongLong(&ok);
        if (!ok || options.exploreOptions.maxSchedules < 1)
            return refuse(u"--max-schedules takes a whole number, at least 1, not \"%1\""_s.arg(value));
        options.maxSchedulesGiven = true;
        break;
    case Option::ImageOut:
        options.image.path = value;
        if (!TimelineExporter::formatOf(value))
            return refuse(u"--image-out writes a .png, .svg or .pdf file, not \"%1\""_s.arg(value));
        break;
    case Option::TraceOut:
        options.tracePath = value;
        if (value.isEmpty())
            return refuse(u"--trace-out needs a file name"_s);
        break;
    case Option::ImageWidth:
        options.image.width = value.toInt(&ok);
        if (!ok || options.image.width < TimelineExporter::minWidth || options.image.width > TimelineExporter::maxWidth)
            return refuse(
                u"--image-width takes a width in pixels from %1 to %2, not \"%3\""_s.arg(TimelineExporter::minWidth)
                    .arg(TimelineExporter::maxWidth)
                    .arg(value));
        options.imageOptionGiven = true;
        break;
    case Option::ImageTheme:
        if (const auto theme = TimelineExporter::themeFromName(value))
            options.image.theme = *theme;
        else
            return refuse(u"--image-theme is light, dark or high-contrast, not \"%1\""_s.arg(value));
        options.imageOptionGiven = true;
        break;
    case Option::ImageAnomaly:
        if (value == u"none"_s) {
            options.image.anomaly = ImageRequest::none;
        } else {
            const int n = value.toInt(&ok);
            if (!ok || n < 1)
                return refuse(u"--image-anomaly takes the number of an anomaly of the run (1 for the first), or "
                              "none, not \"%1\""_s.arg(value));
            options.image.anomaly = n - 1;
        }
        options.imageOptionGiven = true;
        break;
    case Option::Json:
        options.json = true;
        options.isolationTester = false;
        break;
    case Option::Format:
        // --json is the short spelling of --format json; of several, the last one given counts.
        if (value == u"text"_s || value == u"json"_s || value == u"isolationtester"_s) {
            options.json = value == u"json"_s;
            options.isolationTester = value == u"isolationtester"_s;
        } else
            return refuse(u"--format is text, json or isolationtester, not \"%1\""_s.arg(oneLine(value)));
        break;
    case Option::Check:
        options.check = true;
        if (!given.valueGiven)
            break;
        // --check=duplicates,errors: the families it judges; --check twice judges those of both.
        for (const QString& family : value.split(u',')) {
            const std::optional<CheckFamily> known = CheckFamilyNames::fromName(family.trimmed());
            if (!known)
                return refuse(u"--check judges %1, not \"%2\""_s.arg(
                    CheckFamilyNames::names().join(u", "_s), oneLine(family.trimmed())));
            options.checkFamilies |= *known;
        }
        break;
    case Option::AllowSql:
        options.allowSql = true;
        break;
    case Option::Mode:
    case Option::Screenshot:
    case Option::WindowSize:
    case Option::Presenter:
    case Option::Lesson:
    case Option::Lab:
        break; // the desktop application's: Arguments::read() does not give them to run
    }
    return std::nullopt;
}

// The options that exclude each other, or go only with another; those that depend on the scenario's saved mode
// are checked once it is loaded.
std::optional<InputError> checkTogether(const RunOptions& options)
{
    if (options.reference.isEmpty())
        return refuse(u"which scenario? Give a FILE or example:NAME (see `interleave examples`)"_s);
    if (options.free && options.schedule)
        return refuse(u"--free and --schedule exclude each other"_s);
    if (options.trials > 0 && options.schedule)
        return refuse(u"--trials runs the free schedule; it excludes --schedule"_s);
    if (options.explore && (options.trials > 0 || options.schedule || options.free))
        return refuse(u"--explore runs every schedule itself; it excludes --trials, --schedule and --free"_s);
    if (options.isolationTester && (options.trials > 0 || options.explore))
        return refuse(u"--format isolationtester prints one run, and %1; print one with --schedule"_s.arg(
            options.explore ? u"--explore runs every schedule"_s : u"--trials runs many"_s));
    if (options.imageOptionGiven && !options.image.wanted())
        return refuse(u"--image-width, --image-theme and --image-anomaly go with --image-out"_s);
    if (options.image.wanted() && options.trials > 0)
        return refuse(u"--image-out draws one run and --trials runs many; draw one with --schedule, or with --explore "
                      "(its first outcome class)"_s);
    if (!options.tracePath.isEmpty() && options.trials > 0)
        return refuse(u"--trace-out writes one run and --trials runs many; trace one with --schedule, or with "
                      "--explore (its first outcome class)"_s);
    return std::nullopt;
}

} // namespace

std::variant<RunOptions, InputError> RunOptions::parse(const QStringList& arguments)
{
    const Arguments read = Arguments::read(arguments, Arguments::Command::Run);
    // A lone "-" is a file name to the desktop application, but run reads no scenario from stdin.
    const QString unknown = read.unknown.isEmpty() && read.positional.contains(u"-"_s) ? u"-"_s : read.unknown;
    if (!unknown.isEmpty())
        return InputError { u"interleave run: unknown option %1\n\n"_s.arg(unknown) + *CommandLine::help(u"run"_s) };
    RunOptions options;
    for (const Arguments::Given& given : read.given) {
        if (auto error = take(options, given))
            return *error;
    }
    for (const QString& scenario : read.positional) {
        if (!options.reference.isEmpty())
            return *refuse(u"one scenario at a time (got \"%1\" and \"%2\")"_s.arg(options.reference, scenario));
        options.reference = scenario; // an empty argument leaves it empty, as if not given
    }
    if (read.missingValue)
        return *refuse(u"%1 needs a value"_s.arg(Arguments::spelling(*read.missingValue)));
    if (auto error = checkTogether(options))
        return *error;
    return options;
}

} // namespace interleave
