// SPDX-License-Identifier: MIT
#include "commandline.h"

#include "arguments.h"
#include "chrometrace.h"
#include "databaseswitch.h"
#include "examples.h"
#include "explorereport.h"
#include "interruption.h"
#include "isolationtesterformat.h"
#include "jsonlocator.h"
#include "matrixcommand.h"
#include "oneline.h"
#include "report.h"
#include "runner.h"
#include "runoptions.h"
#include "scriptstep.h"
#include "serverurl.h"
#include "speccommand.h"
#include "stressreport.h"
#include "stressrunner.h"
#include "timelineexporter.h"

#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <functional>
#include <optional>
#include <thread>
#include <unistd.h>
#include <utility>
#include <variant>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

// A script step the run could not take (timeout(B) when B was not waiting), pointed at where it was written:
// "race.json:14:31: schedule.script: step 2 (timeout(B)): ...", or its column in --schedule.
QString locateScriptStep(
    const QString& reference, const std::optional<QString>& schedule, int step, const QString& message)
{
    if (schedule)
        return u"--schedule, column %1: "_s.arg(ScriptStep::offsetOf(*schedule, step) + 1) + message;
    QFile file(reference);
    // A built-in example has no file to point into: its name says where.
    if (!file.open(QIODevice::ReadOnly))
        return oneLine(reference) + u": "_s + message;
    const QByteArray json = file.readAll(); // read once already, as the scenario: its size is within bounds
    const QString script = QJsonDocument::fromJson(json)[u"schedule"_s][u"script"_s].toString();
    const qsizetype offset = std::max<qsizetype>(0, ScriptStep::offsetOf(script, step));
    const JsonLocator::Position at = JsonLocator(json).findInString(u"schedule.script"_s, offset);
    return u"%1:%2:%3: "_s.arg(oneLine(reference)).arg(at.line).arg(at.column) + oneLine(message);
}

// What a run (or trials, or an exploration) came to, for the exit status.
struct Ending {
    QString error; // it could not start
    bool violated = false; // a violation --check judges (checkFails)
    QString incomplete; // why it is incomplete; empty when complete
};

// Whether --check fails a single run's `outcome`: a family it judges that the run violates (violations(): a
// worker that never got to finish makes the run incomplete, exit 3, not a violation).
bool checkFails(const RunOptions& options, const Outcome& outcome)
{
    return (violations(outcome) & options.judged()).toInt() != 0;
}

// Prints the report and turns the outcome into the exit status: a violation found with --check is 1 even in an
// incomplete run (what was found is real); otherwise an incomplete run is 3, never a pass.
// `notes` (a database switch's fallbacks) went to stderr before the run; the JSON report lists them too.
int finish(const QString& reference, bool json, QJsonObject report, const QString& text, const Ending& ending,
    bool check, const QStringList& notes, QTextStream& out, QTextStream& err)
{
    if (json && !notes.isEmpty())
        report.insert(u"notes"_s, QJsonArray::fromStringList(notes));
    out << (json ? QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Indented)) : text);
    out.flush();
    if (!ending.error.isEmpty()) {
        err << oneLine(reference) << u": "_s << oneLine(ending.error) << u'\n';
        return CommandLine::BadInput;
    }
    if (check && ending.violated)
        return CommandLine::InvariantViolated;
    if (!ending.incomplete.isEmpty()) {
        err << oneLine(reference) << u": incomplete: "_s << oneLine(ending.incomplete) << u'\n';
        return CommandLine::Incomplete;
    }
    return CommandLine::Completed;
}

// Draws `result`'s timeline; an empty string when the picture was written, else the message. main() makes a
// QGuiApplication (offscreen unless a platform was chosen) when it sees --image-out: fonts need one.
QString writeImage(const RunResult& result, const ImageRequest& image)
{
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return u"--image-out: drawing needs the interleave executable's graphical application object"_s;
    if (!result.ok())
        return u"--image-out: nothing to draw, the run failed"_s;
    TimelineExporter::Options options;
    options.width = image.width;
    options.theme = image.theme;
    const auto& anomalies = result.outcome.anomalies;
    if (image.anomaly == ImageRequest::firstViolating) {
        options.anomaly = TimelineExporter::firstViolatingAnomaly(result.outcome);
    } else if (image.anomaly >= anomalies.size()) {
        return u"--image-anomaly %1: the run found %2"_s.arg(image.anomaly + 1)
            .arg(anomalies.size() == 1 ? u"1 anomaly"_s : QString::number(anomalies.size()) + u" anomalies"_s);
    } else {
        options.anomaly = image.anomaly;
    }
    TimelineExporter exporter(result, options);
    QString error;
    if (!exporter.write(image.path, &error))
        return u"--image-out: "_s + error;
    return {};
}

// Writes `result`'s Chrome trace; an empty string when it was written, else the message.
QString writeTrace(const RunResult& result, const QString& path)
{
    if (!result.ok())
        return u"--trace-out: nothing to trace, the run failed"_s;
    QString error;
    if (!ChromeTrace::write(result, path, &error))
        return u"--trace-out: "_s + error;
    return {};
}

// What --image-out and --trace-out make of one run: the messages of those that could not be written.
QStringList writeOutputs(const RunResult& result, const ImageRequest& image, const QString& tracePath)
{
    QStringList errors;
    if (image.wanted())
        errors.append(writeImage(result, image));
    if (!tracePath.isEmpty())
        errors.append(writeTrace(result, tracePath));
    errors.removeAll(QString());
    return errors;
}

int withOutputErrors(int exit, const QStringList& errors, QTextStream& err)
{
    if (errors.isEmpty())
        return exit;
    for (const QString& error : errors)
        err << error << u'\n';
    return CommandLine::BadInput;
}

int refused(const InputError& error, QTextStream& err)
{
    err << error.text;
    return CommandLine::BadInput;
}

int runStress(const RunOptions& options, const Scenario& scenario, qint64 trials, const QStringList& notes,
    QTextStream& out, QTextStream& err)
{
    StressOptions stress;
    stress.trials = trials;
    stress.workers = options.workers;
    StressRunner runner(scenario, stress);
    StressResult result;
    {
        LongRun longRun(err, [&] { runner.cancel(); });
        runner.setProgressCallback([&](const StressProgress& p) {
            longRun.progress(u"%1 of %2 trials, %3 trials/s, %4 violating"_s.arg(p.trialsDone())
                                 .arg(p.trialsRequested)
                                 .arg(qRound64(p.trialsPerSecond()))
                                 .arg(p.distribution.failedTrials()));
        });
        result = runner.run();
    }
    QString incomplete;
    if (result.incomplete())
        incomplete = !result.unfinished.isEmpty() ? result.unfinished
            : result.distribution.incompleteTrials() > 0
            ? u"%1 of %2 trials lost a worker"_s.arg(result.distribution.incompleteTrials()).arg(result.trials())
            : u"cancelled after %1 of %2 trials"_s.arg(result.trials()).arg(result.trialsRequested);
    return finish(options.reference, options.json, options.json ? StressReport::toJson(result) : QJsonObject(),
        options.json ? QString() : StressReport::toText(result),
        { result.error, result.violated(options.judged()), incomplete }, options.check, notes, out, err);
}

int runExplore(
    const RunOptions& options, const Scenario& scenario, const QStringList& notes, QTextStream& out, QTextStream& err)
{
    Explorer explorer(scenario, options.exploreOptions);
    ExploreResult result;
    {
        LongRun longRun(err, [&] { explorer.cancel(); });
        result = explorer.run([&](const ExploreProgress& p) {
            longRun.progress(
                u"%1 schedules explored (+%2 abandoned) of about %3"_s.arg(p.explored).arg(p.pruned).arg(p.estimate));
        });
    }
    // The picture and the trace are one run: the example schedule of the first (most frequent) outcome class.
    const ImageRequest& image = options.image;
    const QString& tracePath = options.tracePath;
    QStringList outputErrors;
    if ((image.wanted() || !tracePath.isEmpty()) && result.error.isEmpty()) {
        if (!result.classes.isEmpty()) {
            outputErrors = writeOutputs(result.classes.constFirst().exampleResult, image, tracePath);
        } else {
            if (image.wanted())
                outputErrors.append(u"--image-out: the exploration ran no schedule to draw"_s);
            if (!tracePath.isEmpty())
                outputErrors.append(u"--trace-out: the exploration ran no schedule to trace"_s);
        }
    }
    QString incomplete;
    if (result.incomplete()) {
        const auto lost = std::find_if(
            result.classes.cbegin(), result.classes.cend(), [](const OutcomeClass& c) { return c.incomplete; });
        incomplete = !result.unfinished.isEmpty() ? result.unfinished
            : lost != result.classes.cend()       ? lost->exampleResult.outcome.incompleteText()
                                                  : u"cancelled after %1 schedules"_s.arg(result.explored);
    }
    return withOutputErrors(
        finish(options.reference, options.json, options.json ? ExploreReport::toJson(scenario, result) : QJsonObject(),
            options.json ? QString() : ExploreReport::toText(scenario, result),
            { result.error, result.violated(options.judged()), incomplete }, options.check, notes, out, err),
        outputErrors, err);
}

int runOnce(
    const RunOptions& options, const Scenario& scenario, const QStringList& notes, QTextStream& out, QTextStream& err)
{
    Runner runner(scenario);
    const RunResult result = [&] {
        const Interruption interruption([&] { runner.cancel(); }); // Ctrl-C cancels; what ran is still printed
        return runner.run();
    }();
    if (const auto step = ScriptStep::refusedStep(result.error)) {
        err << locateScriptStep(options.reference, options.schedule, *step, result.error) << u'\n';
        return CommandLine::BadInput;
    }
    // A run that could not start has nothing to draw or trace, and finish() reports why; an incomplete one draws
    // and traces what it did, marked incomplete.
    const QStringList outputErrors =
        result.ok() ? writeOutputs(result, options.image, options.tracePath) : QStringList();
    QString text;
    if (options.isolationTester)
        text = options.isolationTesterHeader ? IsolationTesterFormat::print(result)
                                             : IsolationTesterFormat::permutation(result);
    else if (!options.json)
        text = Report::toText(result);
    return withOutputErrors(
        finish(options.reference, options.json, options.json ? Report::toJson(result) : QJsonObject(), text,
            { result.error, checkFails(options, result.outcome), result.outcome.incompleteText() }, options.check,
            notes, out, err),
        outputErrors, err);
}

// The scenario a run takes, on the database it was asked to run on; `notes` tell what fell back there.
struct PreparedScenario {
    Scenario scenario;
    QStringList notes;
};

// Moves a loaded scenario to --backend and --isolation, refusing what it must not run: a server the file chose, or a
// file's own SQL on a server without --allow-sql.
std::variant<PreparedScenario, InputError> prepareScenario(const RunOptions& options, std::optional<Scenario> scenario)
{
    const QString& reference = options.reference;
    // Another database than the file's: what it has no counterpart for falls back to what it has (a server's
    // isolation level on SQLite runs serializable), with a note; what cannot run there is refused.
    QStringList notes;
    if (!options.backend.isEmpty()) {
        QString why;
        const auto backend = BackendSpec::fromCommandLine(options.backend, &why);
        if (!backend)
            return InputError { u"--backend: "_s + why + u'\n' };
        DatabaseSwitch moved = DatabaseSwitch::apply(*scenario, *backend, reference);
        if (moved.error)
            return InputError { u"--backend: "_s + moved.error->field + u": "_s + moved.error->message + u'\n' };
        scenario = std::move(moved.scenario);
        notes = moved.notes;
    } else if (const QString writtenFor = DatabaseSwitch::writtenForNote(*scenario, reference); !writtenFor.isEmpty()) {
        notes.append(writtenFor);
    }
    // A level the user asks for is not changed behind their back: SQLite with "read committed" is refused.
    if (!options.isolation.isEmpty()) {
        scenario->isolation = options.isolation.toLower();
        if (const auto problem = scenario->validate())
            return InputError { u"--isolation: "_s + problem->field + u": "_s + problem->message + u'\n' };
    }
    // A file may say which server it was written for, but it never chooses where your login and password go: a
    // server is one the user names with --backend (as the window asks before it first connects to a file's server).
    if (scenario->backend.isServer() && options.backend.isEmpty()) {
        return InputError {
            u"interleave run: %1 names the server %2; a file does not choose where your login and "
            "password (%3) are sent: to run it there, name the server yourself with --backend %2 (or "
            "--backend sqlite)\n"_s.arg(oneLine(reference), oneLine(scenario->backend.url),
                ServerUrl::parse(scenario->backend.url, nullptr).value_or(ServerUrl()).passwordVariable())
        };
    }
    // A file's literal SQL is code someone else may have written: on a server it runs only when asked to.
    const QStringList literal = scenario->literalStatements();
    if (scenario->backend.isServer() && !literal.isEmpty() && Examples::referenceId(reference).isEmpty()
        && !options.allowSql) {
        QString text =
            u"interleave run: %1 runs %2 statements of its own on %3 with your login:\n"_s.arg(oneLine(reference))
                .arg(literal.size())
                .arg(scenario->backend.url);
        for (const QString& line : literal)
            text += u"  "_s + oneLine(line) + u'\n';
        return InputError { text
            + u"Read them; to let them run there, run again with --allow-sql. (On the embedded SQLite database, "
              "which is thrown away after the run, no consent is needed.)\n"_s };
    }
    return PreparedScenario { std::move(*scenario), notes };
}

// How the run goes: an exploration, `trials` stress trials, or one run.
struct Plan {
    bool explore = false;
    qint64 trials = 0;
};

// Sets `scenario`'s schedule to what the options chose and checks each mode's options against the mode the run has
// now: a scenario saved in explore or stress mode runs that way, and takes --max-schedules or --workers without
// --explore or --trials; what the mode would ignore is refused.
std::variant<Plan, InputError> planSchedule(const RunOptions& options, Scenario& scenario)
{
    const QString& reference = options.reference;
    if (options.schedule) {
        ScenarioError error;
        const auto script = Scenario::parseScript(*options.schedule, scenario, &error);
        if (!script || script->isEmpty())
            return InputError { u"--schedule: "_s + (script ? u"the script is empty"_s : error.message) + u'\n' };
        scenario.schedule.mode = ScheduleSpec::Mode::Script;
        scenario.schedule.script = *script;
    }
    if (options.free) {
        scenario.schedule.mode = ScheduleSpec::Mode::Free;
        scenario.schedule.script.clear();
    }
    if (options.jitterUs)
        scenario.schedule.jitterUs = *options.jitterUs;
    bool explore = options.explore;
    qint64 trials = options.trials;
    const bool scheduleChosen = options.schedule || options.free;
    if (!scheduleChosen && !explore && trials == 0) {
        if (scenario.schedule.mode == ScheduleSpec::Mode::Explore)
            explore = true;
        else if (scenario.schedule.mode == ScheduleSpec::Mode::Stress)
            trials = scenario.schedule.trialCount();
    }
    const QString savedMode = ScheduleSpec::modeName(scenario.schedule.mode);
    if ((options.maxSchedulesGiven || !options.exploreOptions.reduce) && !explore)
        return InputError { u"interleave run: --max-schedules and --no-reduction go with --explore%1\n"_s.arg(
            scheduleChosen || trials > 0 ? QString() : u" (%1 is saved in %2 mode)"_s.arg(reference, savedMode)) };
    if (options.workers > 0 && trials == 0)
        return InputError { u"interleave run: --workers needs --trials%1\n"_s.arg(
            scheduleChosen || explore ? QString() : u" (%1 is saved in %2 mode)"_s.arg(reference, savedMode)) };
    const bool freeSchedule = trials > 0 || (!explore && scenario.schedule.mode == ScheduleSpec::Mode::Free);
    if (options.jitterUs && !freeSchedule)
        return InputError { explore ? u"interleave run: --jitter pauses the free schedule, and --explore runs each "
                                      "schedule in its own order\n"_s
                : options.schedule
                ? u"interleave run: --jitter pauses the free schedule, and --schedule runs its own order\n"_s
                : u"interleave run: --jitter pauses the free schedule, and %1 is saved in %2 mode: add --free (or "
                  "--trials N)\n"_s.arg(reference, savedMode) };
    // A script kept in a free, explore or stress scenario (for when it goes back to script mode) is not this run's:
    // the report's script is the one that ran, as in the window.
    if (!explore && trials == 0 && scenario.schedule.mode != ScheduleSpec::Mode::Script)
        scenario.schedule.script.clear();
    if (options.image.wanted() && !explore && trials > 0)
        return InputError { u"interleave run: --image-out draws one run, and %1 is saved as a stress run of many; "
                            "draw one with --schedule or --free\n"_s.arg(reference) };
    if (options.isolationTester && (explore || trials > 0))
        return InputError { u"interleave run: --format isolationtester prints one run, and %1 is saved as %2; print "
                            "one with --schedule or --free\n"_s.arg(reference,
                                explore ? u"an exploration of every schedule"_s : u"a stress run of many"_s) };
    if (!options.tracePath.isEmpty() && !explore && trials > 0)
        return InputError { u"interleave run: --trace-out writes one run, and %1 is saved as a stress run of many; "
                            "trace one with --schedule or --free\n"_s.arg(reference) };
    return Plan { explore, trials };
}

int runSpec(const RunOptions& options, QTextStream& out, QTextStream& err);

// `interleave run`: reads the options, loads the scenario onto its database, sets its schedule, and runs it.
int runCommand(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const auto parsed = RunOptions::parse(arguments);
    if (const auto* error = std::get_if<InputError>(&parsed))
        return refused(*error, err);
    const RunOptions& options = std::get<RunOptions>(parsed);
    if (SpecCommand::isSpec(options.reference))
        return runSpec(options, out, err);
    ScenarioError loadError;
    auto loaded = Examples::loadReference(options.reference, &loadError);
    if (!loaded)
        return refused(InputError { loadError.toString() + u'\n' }, err);
    auto prepared = prepareScenario(options, std::move(loaded));
    if (const auto* error = std::get_if<InputError>(&prepared))
        return refused(*error, err);
    auto& [scenario, notes] = std::get<PreparedScenario>(prepared);
    for (const QString& note : std::as_const(notes))
        err << u"note: "_s << oneLine(note) << u'\n';
    err.flush(); // before the run, which may take a while
    const auto planned = planSchedule(options, scenario);
    if (const auto* error = std::get_if<InputError>(&planned))
        return refused(*error, err);
    const Plan& plan = std::get<Plan>(planned);
    if (plan.explore)
        return runExplore(options, scenario, notes, out, err);
    if (plan.trials > 0)
        return runStress(options, scenario, plan.trials, notes, out, err);
    return runOnce(options, scenario, notes, out, err);
}

// `interleave run FILE.spec`: each of an isolation spec's permutations run as `run` runs a scenario, one after the
// other, under isolationtester's header; with --json, one report: {"spec", "permutations": [{"permutation",
// "report"}]}. The exit status is the worst: 2 stops at once, then 1 (a violation --check judges), then 3.
int runSpec(const RunOptions& options, QTextStream& out, QTextStream& err)
{
    if (options.schedule)
        return refused(InputError { u"--schedule: a spec's permutation lines are its schedules\n"_s }, err);
    auto loaded = SpecCommand::load(options.reference);
    if (const auto* error = std::get_if<InputError>(&loaded))
        return refused(*error, err);
    const IsolationImport::Result& imported = std::get<IsolationImport::Result>(loaded);
    if (imported.scenarios.size() > 1 && (options.image.wanted() || !options.tracePath.isEmpty()))
        return refused(
            InputError { u"interleave run: --image-out and --trace-out write one run, and %1 has %2 "
                         "permutations; import it (interleave import) and run one\n"_s.arg(oneLine(options.reference))
                             .arg(imported.scenarios.size()) },
            err);
    for (const QString& note : imported.notes)
        err << u"note: "_s << oneLine(note) << u'\n';
    int exit = CommandLine::Completed;
    QJsonArray reports;
    bool firstPermutation = true;
    for (const IsolationImport::Imported& permutation : imported.scenarios) {
        const Scenario& scenario = permutation.scenario;
        // The spec's statements read only on a server: it is the user who names one.
        if (scenario.backend.isServer() && options.backend.isEmpty())
            return refused(InputError { u"interleave run: %1's statements run only on %2 (%3): name the server with "
                                        "--backend URL\n"_s.arg(oneLine(options.reference),
                                            scenario.databases.join(u", "_s), imported.notes.join(u"; "_s)) },
                err);
        auto prepared = prepareScenario(options, scenario);
        if (const auto* error = std::get_if<InputError>(&prepared))
            return refused(*error, err);
        auto& [ready, notes] = std::get<PreparedScenario>(prepared);
        for (const QString& note : std::as_const(notes))
            err << u"note: "_s << oneLine(note) << u'\n';
        err.flush();
        const auto planned = planSchedule(options, ready);
        if (const auto* error = std::get_if<InputError>(&planned))
            return refused(*error, err);
        // How a permutation is printed is chosen here: its header, then `run`'s own report (text or --json); with
        // --format isolationtester, isolationtester's own output: "Parsed test spec with N sessions" once, then each
        // permutation as its expected files print it.
        QString captured;
        QTextStream capture(&captured);
        QTextStream& target = options.json ? capture : out;
        RunOptions permutationOptions = options;
        if (options.isolationTester) {
            if (std::exchange(firstPermutation, false))
                out << IsolationTesterFormat::sessionsLine(scenario);
            permutationOptions.isolationTesterHeader = false;
        } else if (!options.json) {
            out << SpecCommand::header(permutation);
        }
        out.flush();
        const Plan& plan = std::get<Plan>(planned);
        const int status = plan.explore ? runExplore(permutationOptions, ready, notes, target, err)
            : plan.trials > 0           ? runStress(permutationOptions, ready, plan.trials, notes, target, err)
                                        : runOnce(permutationOptions, ready, notes, target, err);
        capture.flush();
        if (options.json)
            reports.append(QJsonObject { { u"permutation"_s, permutation.permutation },
                { u"report"_s, QJsonDocument::fromJson(captured.toUtf8()).object() } });
        if (status == CommandLine::BadInput) {
            exit = status;
            break;
        }
        if (status == CommandLine::InvariantViolated
            || (status == CommandLine::Incomplete && exit == CommandLine::Completed))
            exit = status;
    }
    if (options.json) {
        const QJsonObject report { { u"spec"_s, options.reference }, { u"permutations"_s, reports } };
        out << QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Indented));
    }
    return exit;
}

} // namespace

namespace {

QString runOptions()
{
    return u"Options of run:\n"
           "  --backend URL        run on a server instead of the scenario's database:\n"
           "                       postgresql://user@host:port/db or mysql://user@host:port/db (add\n"
           "                       ?sslmode=require, ?schema=NAME); the password comes from PGPASSWORD or\n"
           "                       MYSQL_PWD, never from the URL. \"sqlite\" runs on the embedded default.\n"
           "  --isolation LEVEL    read uncommitted, read committed, repeatable read, serializable or\n"
           "                       default (the database's own); SQLite has only serializable. A file's\n"
           "                       server level run with --backend sqlite runs serializable, with a note\n"
           "  --schedule A,B,A,B   run exactly this interleaving: one worker name per statement;\n"
           "                       the remaining statements then run round-robin\n"
           "  --free               real threads released together (overrides the scenario's schedule)\n"
           "  --jitter US          free schedule: random pause of up to US microseconds per statement\n"
           "  --trials N           stress: N trials of the free schedule on reused threads and connections;\n"
           "                       prints the distribution of outcomes and trials per second\n"
           "  --workers K          with --trials: K copies of the scenario's first worker (A, B, ...)\n"
           "  --explore            run every distinct schedule, each on a fresh table, and group them by\n"
           "                       outcome, with one --schedule that reproduces each class\n"
           "  --max-schedules N    with --explore: stop after N schedules run, abandoned ones too\n"
           "                       (default 10000)\n"
           "  --no-reduction       with --explore: also run schedules that only swap commuting statements\n"
           "  --json               print one JSON report instead of the summary (--format json)\n"
           "  --format FORMAT      text (the summary, default), json (as --json) or isolationtester: the\n"
           "                       run as PostgreSQL's isolationtester prints a permutation, to diff\n"
           "                       against its expected .out file; not with --explore or --trials\n"
           "  --image-out FILE     also draw the run's timeline to FILE.png, .svg or .pdf (title, summary,\n"
           "                       legend, verdict); with --explore, the first outcome class's example\n"
           "                       schedule; not with --trials\n"
           "  --image-width PX     with --image-out: the picture's width (default 1600; height fits)\n"
           "  --image-theme THEME  with --image-out: light (default), dark or high-contrast\n"
           "  --image-anomaly N    with --image-out: draw the cycle of the run's Nth anomaly (as --json lists\n"
           "                       them) as arrows between its statements; none for no cycle (default: the\n"
           "                       first anomaly that violates, if the run has one)\n"
           "  --trace-out FILE     also write the run as a Chrome trace (FILE.json) for ui.perfetto.dev or\n"
           "                       chrome://tracing: a thread per worker, every statement with its SQL,\n"
           "                       parameters and rows, errors, lock waits with arrows to the holder;\n"
           "                       with --explore, the first outcome class's example schedule; not with\n"
           "                       --trials\n"
           "  --check              exit 1 when the run violates anything: a lookup ends with more than one\n"
           "                       row, a counter lost an update, a worker failed, an expectation did not\n"
           "                       hold, or an anomaly broke what the level or the code promised\n"
           "  --check=LIST         exit 1 only on these families, comma-separated: duplicates, lost-updates,\n"
           "                       anomalies, errors, expectations. With --trials and --explore, any\n"
           "                       trial or explored schedule that violates one fails the run\n"
           "  --allow-sql          let a scenario file's literal SQL (the sql recipe) run on a server; without\n"
           "                       it such a file is refused there and its statements are listed (SQLite's\n"
           "                       throw-away database needs no consent, nor do the built-in examples)\n"
           "  --help, -h           print this help\n"_s;
}

QString exitStatus()
{
    return u"Exit status: 0 the run completed, 1 --check found a violation, 2 bad input or the run could not\n"
           "start, 3 the run is incomplete (a worker could not connect, lost its connection or timed out;\n"
           "the run was interrupted or stopped): never a pass.\n"_s;
}

// `interleave help [COMMAND]`: "help run" is "run --help".
int helpCommand(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const auto text = CommandLine::help(arguments.value(0));
    if (!text || arguments.size() > 1) {
        err << u"interleave help: which command? run, import, examples or matrix, not \"%1\"\n"_s.arg(
            oneLine(arguments.join(u' ')));
        return CommandLine::BadInput;
    }
    out << *text;
    return CommandLine::Completed;
}

int examplesCommand(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    if (!arguments.isEmpty()) {
        err << u"interleave examples: takes no arguments (got \"%1\")\n\n"_s.arg(oneLine(arguments.join(u' ')))
            << *CommandLine::help(u"examples"_s);
        return CommandLine::BadInput;
    }
    for (const Examples::Entry& e : Examples::list())
        out << u"example:"_s << e.id.leftJustified(24) << u' ' << e.name
            << (e.databases.isEmpty() ? QString() : u" ["_s + e.databases.join(u", "_s) + u']') << u'\n';
    return CommandLine::Completed;
}

} // namespace

bool CommandLine::wants(const QStringList& arguments)
{
    if (arguments.size() < 2)
        return false;
    const QString& first = arguments.at(1);
    // The desktop application's options take --help too: `interleave FILE --mode step --help` prints the usage.
    return first == u"run"_s || first == u"examples"_s || first == u"import"_s || first == u"matrix"_s
        || first == u"help"_s || Arguments::isVersion(first)
        || std::any_of(arguments.cbegin() + 1, arguments.cend(), Arguments::isHelp);
}

bool CommandLine::draws(const QStringList& arguments)
{
    // `matrix --image-out` draws the matrix picture.
    if (arguments.value(1) == u"matrix"_s)
        return std::any_of(arguments.cbegin() + 2, arguments.cend(),
            [](const QString& a) { return a == u"--image-out"_s || a.startsWith(u"--image-out="_s); });
    if (arguments.value(1) != u"run"_s)
        return false;
    // Any --image-out, even one run refuses: the application object stays what it was for that command line.
    const QList<Arguments::Given> given = Arguments::read(arguments.mid(2), Arguments::Command::Run).given;
    return std::any_of(given.cbegin(), given.cend(),
        [](const Arguments::Given& g) { return g.option == Arguments::Option::ImageOut; });
}

QString CommandLine::usage()
{
    return u"Usage:\n"
           "  interleave [FILE|example:NAME] [options]     the desktop application, on a scenario file or example\n"
           "  interleave run FILE|example:NAME [options]   run a scenario and print what happened\n"
           "  interleave run FILE.spec [options]           run each permutation of a PostgreSQL isolation spec\n"
           "  interleave import FILE.spec [--output PATH]  turn an isolation spec into scenario files\n"
           "  interleave examples                          list the built-in scenarios\n"
           "  interleave matrix [options]                  run every anomaly test at every isolation level\n"
           "  interleave help [run|import|examples|matrix] this help, or one command's\n"
           "  interleave --version | --help\n"
           "\n"_s
        + runOptions() + u"\n"_s + MatrixCommand::options()
        + u"\n"
          "Options of import:\n"
          "  --output FILE|DIR    write the scenario to FILE, or each permutation's to DIR/NAME-N.json\n"
          "\n"
          "Options of the desktop application:\n"
          "  --mode MODE          open in this schedule mode: free, script, step, explore or stress\n"
          "  --backend URL        run on this database instead of the scenario's (as for run)\n"
          "  --screenshot FILE    run the scenario once, save the window to FILE.png and quit\n"
          "  --window-size WxH    with --screenshot: the window's size (default 1280x800)\n"
          "  --presenter          start in presenter mode (with --screenshot: a picture of it at --window-size)\n"
          "  --lesson FILE        play a lesson file, or lesson:NAME (lesson:get-or-create-45); PageDown goes on\n"
          "  --lab                open the isolation lab too (Tools > Isolation Lab; --backend's server is a column)\n"
          "\n"_s
        + exitStatus();
}

std::optional<QString> CommandLine::help(const QString& command)
{
    if (command == u"run"_s)
        return u"Usage: interleave run FILE|example:NAME [options]\n"
               "Runs a scenario file or a built-in example (see `interleave examples`) and prints what happened.\n"
               "A PostgreSQL isolation spec (FILE.spec) runs each of its permutations the same way, one after\n"
               "the other, each under a line \"starting permutation: s1a s2a ...\" (see `interleave help import`).\n"
               "\n"_s
            + runOptions() + u"\n"_s + exitStatus();
    if (command == u"import"_s)
        return SpecCommand::importHelp();
    if (command == u"examples"_s)
        return u"Usage: interleave examples\n"
               "Lists the built-in scenarios, one a line: example:ID, the name, and in brackets the databases it\n"
               "is written for when it is not all three. Run one with `interleave run example:ID`.\n"_s;
    if (command == u"matrix"_s)
        return MatrixCommand::help();
    if (command.isEmpty() || command == u"help"_s)
        return usage();
    return std::nullopt;
}

int CommandLine::run(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QString command = arguments.value(1);
    const QStringList rest = arguments.mid(2);
    if (Arguments::isVersion(command)) {
        out << u"interleave "_s << QStringLiteral(INTERLEAVE_VERSION) << u'\n';
        return Completed;
    }
    if (command == u"help"_s)
        return helpCommand(rest, out, err);
    // --help anywhere, even after other options (or in a desktop application's options), is a question, not a run.
    const bool knownCommand =
        command == u"run"_s || command == u"examples"_s || command == u"import"_s || command == u"matrix"_s;
    if (Arguments::isHelp(command) || std::any_of(rest.cbegin(), rest.cend(), Arguments::isHelp)) {
        out << *help(knownCommand ? command : QString());
        return Completed;
    }
    if (command == u"examples"_s)
        return examplesCommand(rest, out, err);
    if (command == u"matrix"_s)
        return MatrixCommand::run(rest, out, err);
    if (command == u"import"_s)
        return SpecCommand::importCommand(rest, out, err);
    return runCommand(rest, out, err);
}

} // namespace interleave
