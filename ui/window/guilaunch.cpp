// SPDX-License-Identifier: MIT
#include "guilaunch.h"

#include "arguments.h"
#include "challenge.h"
#include "examples.h"
#include "exploremode.h"
#include "explorepanel.h"
#include "lessonplayer.h"
#include "mainwindow.h"
#include "presentermode.h"
#include "prompts.h"
#include "resultpane.h"
#include "scenariodocument.h"
#include "serverconnection.h"
#include "serverurl.h"
#include "stressmode.h"
#include "stresspanel.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QPixmap>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

// Takes one of the desktop application's options into `options`; the message when its value is not one it takes.
std::optional<QString> take(GuiLaunch::Options& options, const Arguments::Given& given)
{
    const QString& value = given.value;
    switch (given.option) {
    case Arguments::Option::Mode:
        options.mode = ScheduleSpec::modeFromName(value);
        if (!options.mode)
            return u"--mode is free, script, step, explore or stress, not \"%1\""_s.arg(value);
        break;
    case Arguments::Option::Backend:
        if (value.isEmpty())
            return u"--backend needs \"sqlite\" or a server URL"_s;
        options.backend = value;
        break;
    case Arguments::Option::Screenshot:
        if (!value.endsWith(u".png"_s, Qt::CaseInsensitive))
            return u"--screenshot writes a .png file, not \"%1\""_s.arg(value);
        options.screenshot = value;
        break;
    case Arguments::Option::WindowSize: {
        static const QRegularExpression pattern(u"^(\\d{3,4})x(\\d{3,4})$"_s);
        const QRegularExpressionMatch match = pattern.match(value);
        const int width = match.hasMatch() ? match.captured(1).toInt() : 0;
        const int height = match.hasMatch() ? match.captured(2).toInt() : 0;
        if (width < 640 || height < 400 || width > 7680 || height > 4320)
            return u"--window-size is WIDTHxHEIGHT in pixels, from 640x400 to 7680x4320, not \"%1\""_s.arg(value);
        options.windowSize = QSize(width, height);
        break;
    }
    case Arguments::Option::Presenter:
        options.presenter = true;
        break;
    case Arguments::Option::Lab:
        options.lab = true;
        break;
    case Arguments::Option::Lesson:
        if (value.isEmpty())
            return u"--lesson needs a lesson file or lesson:NAME"_s;
        options.lesson = value;
        break;
    default:
        break; // run's: Arguments::read() does not give them to the desktop application
    }
    return std::nullopt;
}

// A screenshot runs unattended: nothing may stop to ask. The server it runs on was named on the command line (a
// file's own server needs --backend too), so it is confirmed; every other question is answered "no".
class UnattendedPrompts : public Prompts {
public:
    std::optional<QString> password(const QString&) override { return std::nullopt; }
    bool runOnServer(const QString&) override { return true; }
    bool runLiteralSql(const QString&, const QStringList&) override { return false; }
    UnsavedAnswer unsavedChanges(const QString&) override { return UnsavedAnswer::Cancel; }
    QString savePath(const QString&) override { return {}; }
    QString tracePath(const QString&) override { return {}; }
    bool replaceFile(const QString&) override { return false; }
};

} // namespace

std::optional<GuiLaunch::Options> GuiLaunch::parse(const QStringList& arguments, QString* error)
{
    Arguments read = Arguments::read(arguments, Arguments::Command::Window);
    if (!read.unknown.isEmpty()) {
        *error = u"unknown option \"%1\" (interleave --help lists them)"_s.arg(read.unknown);
        return std::nullopt;
    }
    // An option at the end without its value has an empty one, which each option's message describes.
    if (read.missingValue)
        read.given.append({ *read.missingValue, QString() });
    Options options;
    bool sizeGiven = false;
    for (const Arguments::Given& given : std::as_const(read.given)) {
        if (const auto problem = take(options, given)) {
            *error = *problem;
            return std::nullopt;
        }
        sizeGiven = sizeGiven || given.option == Arguments::Option::WindowSize;
    }
    if (!read.positional.isEmpty() && !options.lesson.isEmpty()) {
        *error = u"a lesson or a scenario: \"%1\" and --lesson %2"_s.arg(read.positional.constFirst(), options.lesson);
        return std::nullopt;
    }
    for (const QString& scenario : std::as_const(read.positional)) {
        if (!options.scenario.isEmpty()) {
            *error = u"one scenario at a time: \"%1\" and \"%2\""_s.arg(options.scenario, scenario);
            return std::nullopt;
        }
        options.scenario = scenario;
    }
    if (options.lab && !options.screenshot.isEmpty()) {
        *error = u"--screenshot pictures the main window, not the isolation lab: leave out --lab"_s;
        return std::nullopt;
    }
    if (sizeGiven && options.screenshot.isEmpty()) {
        *error = u"--window-size goes with --screenshot"_s;
        return std::nullopt;
    }
    if (!options.screenshot.isEmpty() && options.mode == ScheduleSpec::Mode::Step) {
        *error = u"--screenshot runs the scenario by itself; step mode waits for a person (use script)"_s;
        return std::nullopt;
    }
    return options;
}

bool GuiLaunch::open(MainWindow& window, const Options& options, QTextStream& err)
{
    const bool screenshot = !options.screenshot.isEmpty();
    bool loaded = false;
    if (!options.lesson.isEmpty()) {
        const Attempt opened = window.lessonPlayer()->open(options.lesson);
        loaded = bool(opened);
        if (!loaded) {
            err << u"interleave: --lesson: "_s << opened.error << u'\n';
            if (screenshot)
                return false;
        }
    }
    if (!loaded && !options.scenario.isEmpty()) {
        const QString exampleId = Examples::referenceId(options.scenario);
        const QString challengeId = Challenges::referenceId(options.scenario);
        const Attempt opened = !challengeId.isEmpty() ? window.document()->loadChallenge(challengeId)
            : exampleId.isEmpty()                     ? window.document()->loadFile(options.scenario)
                                                      : window.document()->loadExample(exampleId);
        loaded = bool(opened);
        if (!loaded) {
            err << u"interleave: cannot open "_s << options.scenario << u": "_s << opened.error << u'\n';
            if (screenshot)
                return false;
        }
    }
    if (!loaded)
        window.document()->loadExample(
            u"race-no-unique"_s); // the seed example: a first Run shows the race without any setup
    if (!options.backend.isEmpty()) {
        QString error;
        if (!window.setDatabase(options.backend, &error)) {
            err << u"interleave: --backend: "_s << error << u'\n';
            if (screenshot)
                return false;
        }
    }
    if (options.mode)
        window.setScheduleMode(*options.mode);
    if (screenshot && window.scheduleMode() == ScheduleSpec::Mode::Step) {
        err << u"interleave: --screenshot runs the scenario by itself; step mode waits for a person (it opens in "
               "step mode: add --mode free or script)\n"_s;
        return false;
    }
    if (!screenshot) {
        if (options.presenter)
            window.setPresenterMode(true);
        if (options.lab)
            window.openLab(); // --backend's server is already the window's database: the lab's first server
        return true;
    }

    // A screenshot runs unattended: nothing may stop to ask.
    const Scenario& scenario = window.document()->scenario();
    const QString database = window.database();
    if (database != u"sqlite"_s) {
        if (options.backend.isEmpty()) {
            err << u"interleave: --screenshot: "_s << options.scenario << u" runs on a "_s
                << BackendSpec::kindName(scenario.backend.kind)
                << u" server; name it with --backend URL (or --backend sqlite)\n"_s;
            return false;
        }
        const auto url = ServerUrl::parse(database, nullptr);
        if (!url || !ServerConnection::hasPassword(*url)) {
            err << u"interleave: --screenshot: no password for "_s << database << u" (set PGPASSWORD or MYSQL_PWD)\n"_s;
            return false;
        }
        // Nobody is there to read a file's own SQL: an unattended screenshot never runs it on a server.
        const QStringList literal = scenario.literalStatements();
        if (!literal.isEmpty()) {
            err << u"interleave: --screenshot: %1 runs %2 statements of its own; a screenshot never runs a file's "
                   "literal SQL on a server (use --backend sqlite, or run it in the window, which shows them first)\n"_s
                       .arg(options.scenario)
                       .arg(literal.size());
            return false;
        }
    }
    window.setPrompts(std::make_unique<UnattendedPrompts>());
    return true;
}

void GuiLaunch::takeScreenshot(MainWindow& window, const Options& options, QTextStream& err)
{
    window.resize(options.windowSize);
    window.show();
    if (options.presenter) {
        // Presenter mode as on a screen of the size asked: a full-screen window would take the (offscreen) screen's.
        window.presenterMode()->setFullScreen(false);
        window.setPresenterMode(true);
        window.resize(options.windowSize);
    }
    QObject::connect(&window, &MainWindow::runFinished, &window, [&window, &options, &err] {
        // One more turn of the event loop, so the window has painted the result.
        QTimer::singleShot(0, &window, [&window, &options, &err] {
            QString failure;
            switch (window.scheduleMode()) {
            case ScheduleSpec::Mode::Explore:
                failure = window.exploreMode()->panel()->result().error;
                break;
            case ScheduleSpec::Mode::Stress:
                failure = window.stressMode()->panel()->result().error;
                break;
            default:
                failure = window.resultPane()->result().ok() ? QString() : window.resultPane()->result().error;
                break;
            }
            if (!failure.isEmpty()) {
                err << u"interleave: --screenshot: the run failed: "_s << failure << u'\n';
                QCoreApplication::exit(1);
                return;
            }
            // Said of the window as it is saved: the verdict and its findings came with the run.
            if (window.size() != options.windowSize) // its widgets need more room than was asked for
                err << u"interleave: note: --screenshot: the window cannot be %1x%2; it is %3x%4\n"_s
                           .arg(options.windowSize.width())
                           .arg(options.windowSize.height())
                           .arg(window.width())
                           .arg(window.height());
            if (!window.grab().save(options.screenshot, "PNG")) {
                err << u"interleave: --screenshot: cannot write "_s << QFileInfo(options.screenshot).absoluteFilePath()
                    << u'\n';
                QCoreApplication::exit(1);
                return;
            }
            QCoreApplication::exit(0);
        });
    });
    QTimer::singleShot(0, &window, [&window, &err] {
        const Attempt started = window.runNow();
        if (!started) {
            err << u"interleave: --screenshot: the run did not start: "_s << started.error << u'\n';
            QCoreApplication::exit(1);
        }
    });
}

} // namespace interleave
