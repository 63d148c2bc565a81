// SPDX-License-Identifier: MIT
#include "commandline.h"

#include "examples.h"
#include "report.h"
#include "runner.h"

#include <QJsonDocument>
#include <optional>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

int runCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString reference;
    QString schedule;
    bool scheduleGiven = false;
    bool free = false;
    bool json = false;
    bool check = false;
    int jitter = -1;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        auto value = [&](QString* target) {
            if (i + 1 >= args.size()) {
                err << u"interleave run: %1 needs a value\n"_s.arg(a);
                return false;
            }
            *target = args[++i];
            return true;
        };
        // Both "--option value" and "--option=value".
        auto option = [&](const QString& name, QString* target) -> std::optional<bool> {
            if (a == name)
                return value(target);
            if (a.startsWith(name + u'=')) {
                *target = a.mid(name.size() + 1);
                return true;
            }
            return std::nullopt;
        };
        QString jitterText;
        if (auto given = option(u"--schedule"_s, &schedule)) {
            if (!*given)
                return CommandLine::BadInput;
            scheduleGiven = true;
        } else if (a == u"--free"_s) {
            free = true;
        } else if (auto givenJitter = option(u"--jitter"_s, &jitterText)) {
            if (!*givenJitter)
                return CommandLine::BadInput;
            bool ok = false;
            jitter = jitterText.toInt(&ok);
            if (!ok || jitter < 0) {
                err << u"interleave run: --jitter takes a whole number of microseconds, not \"%1\"\n"_s.arg(jitterText);
                return CommandLine::BadInput;
            }
        } else if (a == u"--json"_s) {
            json = true;
        } else if (a == u"--check"_s) {
            check = true;
        } else if (a.startsWith(u"-"_s)) {
            err << u"interleave run: unknown option %1\n\n"_s.arg(a) << CommandLine::usage();
            return CommandLine::BadInput;
        } else if (reference.isEmpty()) {
            reference = a;
        } else {
            err << u"interleave run: one scenario at a time (got \"%1\" and \"%2\")\n"_s.arg(reference, a);
            return CommandLine::BadInput;
        }
    }
    if (reference.isEmpty()) {
        err << u"interleave run: which scenario? Give a FILE or example:NAME (see `interleave examples`)\n"_s;
        return CommandLine::BadInput;
    }
    if (free && scheduleGiven) {
        err << u"interleave run: --free and --schedule exclude each other\n"_s;
        return CommandLine::BadInput;
    }
    ScenarioError error;
    auto scenario = Examples::loadReference(reference, &error);
    if (!scenario) {
        err << error.toString() << u'\n';
        return CommandLine::BadInput;
    }
    if (scheduleGiven) {
        const auto script = Scenario::parseScript(schedule, *scenario, &error);
        if (!script || script->isEmpty()) {
            err << u"--schedule: "_s << (script ? u"the script is empty"_s : error.message) << u'\n';
            return CommandLine::BadInput;
        }
        scenario->schedule.mode = ScheduleSpec::Mode::Script;
        scenario->schedule.script = *script;
    }
    if (free) {
        scenario->schedule.mode = ScheduleSpec::Mode::Free;
        scenario->schedule.script.clear();
    }
    if (jitter >= 0)
        scenario->schedule.jitterUs = jitter;

    Runner runner(*scenario);
    const RunResult result = runner.run();
    if (json)
        out << QString::fromUtf8(QJsonDocument(Report::toJson(result)).toJson(QJsonDocument::Indented));
    else
        out << Report::toText(result);
    out.flush();
    if (!result.ok()) {
        err << reference << u": "_s << result.error << u'\n';
        return CommandLine::BadInput;
    }
    return check && result.outcome.violated() ? CommandLine::InvariantViolated : CommandLine::Completed;
}

} // namespace

bool CommandLine::wants(const QStringList& arguments)
{
    if (arguments.size() < 2)
        return false;
    const QString& first = arguments.at(1);
    return first == u"run"_s || first == u"examples"_s || first == u"help"_s || first == u"--help"_s || first == u"-h"_s
        || first == u"--version"_s || first == u"-v"_s;
}

QString CommandLine::usage()
{
    return u"Usage:\n"
           "  interleave                                   the desktop application\n"
           "  interleave run FILE|example:NAME [options]   run a scenario and print what happened\n"
           "  interleave examples                          list the built-in scenarios\n"
           "  interleave --version | --help\n"
           "\n"
           "Options of run:\n"
           "  --schedule A,B,A,B   run exactly this interleaving: one worker name per statement;\n"
           "                       the remaining statements then run round-robin\n"
           "  --free               real threads released together (overrides the scenario's schedule)\n"
           "  --jitter US          free schedule: random pause of up to US microseconds per statement\n"
           "  --json               print one JSON report instead of the summary\n"
           "  --check              exit 1 when a lookup ends with more than one row\n"
           "\n"
           "Exit status: 0 the run completed, 1 --check found duplicates, 2 bad input.\n"_s;
}

int CommandLine::run(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QString command = arguments.value(1);
    if (command == u"--version"_s || command == u"-v"_s) {
        out << u"interleave "_s << QStringLiteral(INTERLEAVE_VERSION) << u'\n';
        return Completed;
    }
    if (command == u"--help"_s || command == u"-h"_s || command == u"help"_s) {
        out << usage();
        return Completed;
    }
    if (command == u"examples"_s) {
        for (const Examples::Entry& e : Examples::list())
            out << u"example:"_s << e.id.leftJustified(18) << u' ' << e.name << u'\n';
        return Completed;
    }
    return runCommand(arguments.mid(2), out, err);
}

} // namespace interleave
