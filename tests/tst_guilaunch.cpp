// SPDX-License-Identifier: MIT
// How the desktop application starts: the arguments a file manager or a user passes, the window they open, and
// --screenshot run end to end through the real executable.
#include "guilaunch.h"
#include "interleaveprocess.h"
#include "labwindow.h"
#include "mainwindow.h"
#include "scenariodocument.h"
#include "windowactions.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace interleave;

Q_DECLARE_METATYPE(std::optional<interleave::ScheduleSpec::Mode>)

class TestGuiLaunch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void parsesWhatItIsGiven_data();
    void parsesWhatItIsGiven();
    void refusesBadArguments_data();
    void refusesBadArguments();
    void opensAScenarioFileAsAFileManagerWould();
    void aFileThatCannotBeReadStillOpensTheWindow();
    void opensAnExampleInTheModeAsked();
    void labOpensBesideTheWindowWithTheServer();
    void aScreenshotDoesNotRunOnAServerItWasNotGiven();
    void aChallengeScreenshotIsRefusedNotWaitedFor();
    void screenshotSavesTheWindowAfterTheRun_data();
    void screenshotSavesTheWindowAfterTheRun();
    void aWindowTooSmallForItsWidgetsIsSaidSo();
    void screenshotOfAMissingFileExitsWithTheReason();
};

void TestGuiLaunch::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // recent files go to a test location, not the user's settings
}

void TestGuiLaunch::parsesWhatItIsGiven_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<std::optional<ScheduleSpec::Mode>>("mode");
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("screenshot");
    QTest::addColumn<QSize>("size");
    const QSize standard(1280, 800);
    QTest::newRow("nothing") << QStringList() << QString() << std::optional<ScheduleSpec::Mode>() << QString()
                             << QString() << standard;
    QTest::newRow("a file") << QStringList { u"/tmp/race.interleave.json"_s } << u"/tmp/race.interleave.json"_s
                            << std::optional<ScheduleSpec::Mode>() << QString() << QString() << standard;
    QTest::newRow("example and mode") << QStringList { u"example:ten-threads"_s, u"--mode"_s, u"stress"_s }
                                      << u"example:ten-threads"_s << std::optional(ScheduleSpec::Mode::Stress)
                                      << QString() << QString() << standard;
    QTest::newRow("option=value forms") << QStringList { u"--mode=explore"_s, u"--backend=sqlite"_s,
        u"example:race-unique"_s, u"--screenshot=out.png"_s, u"--window-size=1800x1000"_s }
                                        << u"example:race-unique"_s << std::optional(ScheduleSpec::Mode::Explore)
                                        << u"sqlite"_s << u"out.png"_s << QSize(1800, 1000);
    QTest::newRow("mode twice, the last wins")
        << QStringList { u"--mode"_s, u"step"_s, u"--mode=explore"_s } << QString()
        << std::optional(ScheduleSpec::Mode::Explore) << QString() << QString() << standard;
    QTest::newRow("a lone dash is a file name")
        << QStringList { u"-"_s } << u"-"_s << std::optional<ScheduleSpec::Mode>() << QString() << QString()
        << standard;
    QTest::newRow("presenter and lesson")
        << QStringList { u"--presenter"_s, u"--lesson"_s, u"lesson:get-or-create-45"_s } << QString()
        << std::optional<ScheduleSpec::Mode>() << QString() << QString() << standard;
    QTest::newRow("the lab") << QStringList { u"--lab"_s } << QString() << std::optional<ScheduleSpec::Mode>()
                             << QString() << QString() << standard;
    QTest::newRow("server backend") << QStringList { u"--backend"_s, u"postgresql://me@127.0.0.1:5432/lab"_s }
                                    << QString() << std::optional<ScheduleSpec::Mode>()
                                    << u"postgresql://me@127.0.0.1:5432/lab"_s << QString() << standard;
}

void TestGuiLaunch::parsesWhatItIsGiven()
{
    QFETCH(QStringList, arguments);
    QString error;
    const auto options = GuiLaunch::parse(arguments, &error);
    QVERIFY2(options, qPrintable(error));
    QTEST(options->scenario, "scenario");
    QTEST(options->mode, "mode");
    QTEST(options->backend, "backend");
    QTEST(options->screenshot, "screenshot");
    QTEST(options->windowSize, "size");
    QCOMPARE(options->presenter, arguments.contains(u"--presenter"_s));
    QCOMPARE(options->lab, arguments.contains(u"--lab"_s));
    const qsizetype lesson = arguments.indexOf(u"--lesson"_s);
    QCOMPARE(options->lesson, lesson >= 0 ? arguments.value(lesson + 1) : QString());
}

void TestGuiLaunch::refusesBadArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected"); // a part of the one-line message
    QTest::newRow("unknown option") << QStringList { u"--frobnicate"_s } << u"unknown option \"--frobnicate\""_s;
    QTest::newRow("bad mode") << QStringList { u"--mode"_s, u"fast"_s } << u"--mode is free, script"_s;
    QTest::newRow("mode missing") << QStringList { u"--mode"_s } << u"not \"\""_s;
    QTest::newRow("a lesson and a scenario")
        << QStringList { u"a.json"_s, u"--lesson"_s, u"lesson:x"_s } << u"a lesson or a scenario"_s;
    QTest::newRow("two scenarios") << QStringList { u"a.json"_s, u"b.json"_s } << u"one scenario at a time"_s;
    QTest::newRow("screenshot not png") << QStringList { u"--screenshot"_s, u"x.jpg"_s } << u"writes a .png"_s;
    QTest::newRow("size alone") << QStringList { u"--window-size"_s, u"1600x900"_s }
                                << u"--window-size goes with --screenshot"_s;
    QTest::newRow("size too small") << QStringList { u"--screenshot"_s, u"x.png"_s, u"--window-size"_s, u"300x200"_s }
                                    << u"from 640x400"_s;
    QTest::newRow("size not a size") << QStringList { u"--screenshot"_s, u"x.png"_s, u"--window-size=big"_s }
                                     << u"not \"big\""_s;
    QTest::newRow("screenshot in step mode")
        << QStringList { u"--screenshot"_s, u"x.png"_s, u"--mode"_s, u"step"_s } << u"step mode waits for a person"_s;
    QTest::newRow("the lab in a screenshot")
        << QStringList { u"--lab"_s, u"--screenshot"_s, u"x.png"_s } << u"leave out --lab"_s;
    QTest::newRow("backend empty") << QStringList { u"--backend="_s } << u"--backend needs"_s;
    QTest::newRow("an option of run") << QStringList { u"--json"_s } << u"unknown option \"--json\""_s;
    QTest::newRow("a long option with one dash")
        << QStringList { u"-mode"_s, u"step"_s } << u"unknown option \"-mode\""_s;
    QTest::newRow("double dash") << QStringList { u"--"_s, u"a.json"_s } << u"unknown option \"--\""_s;
    QTest::newRow("mode twice, the second bad")
        << QStringList { u"--mode=step"_s, u"--mode"_s, u"fast"_s } << u"not \"fast\""_s;
    QTest::newRow("backend missing at the end") << QStringList { u"a.json"_s, u"--backend"_s } << u"--backend needs"_s;
}

void TestGuiLaunch::refusesBadArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!GuiLaunch::parse(arguments, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY(!error.contains(u'\n'));
}

void TestGuiLaunch::opensAScenarioFileAsAFileManagerWould()
{
    const QString path = QDir(QStringLiteral(INTERLEAVE_TEST_DATA)).filePath(u"naive-race.json"_s);
    QString error;
    const auto options = GuiLaunch::parse({ path }, &error);
    QVERIFY2(options, qPrintable(error));
    MainWindow window;
    QString log;
    QTextStream err(&log);
    QVERIFY(GuiLaunch::open(window, *options, err));
    QCOMPARE(window.document()->filePath(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(window.document()->scenario().name, u"naive get then create with a unique constraint"_s);
    QVERIFY(window.windowTitle().contains(u"naive get then create"_s));
    QVERIFY2(log.isEmpty(), qPrintable(log));
}

void TestGuiLaunch::aFileThatCannotBeReadStillOpensTheWindow()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"broken.interleave.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"version\": 1,\n \"name\": 7}\n");
    file.close();
    MainWindow window;
    QString log;
    QTextStream err(&log);
    GuiLaunch::Options options;
    options.scenario = path;
    QVERIFY(GuiLaunch::open(window, options, err));
    err.flush();
    // The reason names the file; the window opens on the seed example, so a first Run still shows the race.
    QVERIFY2(log.contains(u"cannot open "_s + path) && log.contains(u"broken.interleave.json:"_s), qPrintable(log));
    QVERIFY(window.document()->hasScenario());
    QCOMPARE(window.document()->scenario().name, u"get_or_create without a unique constraint"_s);
    QVERIFY(window.document()->filePath().isEmpty());
}

void TestGuiLaunch::opensAnExampleInTheModeAsked()
{
    QString error;
    const auto options = GuiLaunch::parse({ u"example:race-unique"_s, u"--mode"_s, u"explore"_s }, &error);
    QVERIFY2(options, qPrintable(error));
    MainWindow window;
    QString log;
    QTextStream err(&log);
    QVERIFY(GuiLaunch::open(window, *options, err));
    QCOMPARE(window.document()->scenario().name, u"get_or_create with unique=True"_s);
    QCOMPARE(window.scheduleMode(), ScheduleSpec::Mode::Explore);
    QCOMPARE(window.actions()->modeCombo()->currentText(), u"Explore"_s);
    QCOMPARE(window.database(), u"sqlite"_s);
}

void TestGuiLaunch::labOpensBesideTheWindowWithTheServer()
{
    QString error;
    const QString url = u"postgresql://me@127.0.0.1:5432/lab"_s;
    const auto options = GuiLaunch::parse({ u"--lab"_s, u"--backend"_s, url }, &error);
    QVERIFY2(options, qPrintable(error));
    MainWindow window;
    QString log;
    QTextStream err(&log);
    QVERIFY(GuiLaunch::open(window, *options, err));
    QVERIFY(window.labWindow());
    QVERIFY(window.labWindow()->isVisible());
    // The server the window runs on is the lab's column group besides SQLite.
    QCOMPARE(window.labWindow()->servers().size(), 1);
    QCOMPARE(window.labWindow()->servers().first().url, url);
    QVERIFY2(log.isEmpty(), qPrintable(log));
}

void TestGuiLaunch::aScreenshotDoesNotRunOnAServerItWasNotGiven()
{
    // mysql-repeatable-read is written for MySQL: an unattended screenshot must not stop to ask for a server.
    MainWindow window;
    QString log;
    QTextStream err(&log);
    GuiLaunch::Options options;
    options.scenario = u"example:mysql-repeatable-read"_s;
    options.screenshot = u"x.png"_s;
    QVERIFY(!GuiLaunch::open(window, options, err));
    err.flush();
    QVERIFY2(log.contains(u"runs on a mysql server; name it with --backend URL"_s), qPrintable(log));
}

void TestGuiLaunch::aChallengeScreenshotIsRefusedNotWaitedFor()
{
    // A challenge opens in step mode, which waits for a person: an unattended screenshot says so at once.
    MainWindow window;
    QString log;
    QTextStream err(&log);
    GuiLaunch::Options options;
    options.scenario = u"challenge:two-rows"_s;
    options.screenshot = u"x.png"_s;
    QVERIFY(!GuiLaunch::open(window, options, err));
    err.flush();
    QVERIFY2(log.contains(u"step mode waits for a person (it opens in step mode: add --mode free or script)"_s),
        qPrintable(log));
    QCOMPARE(window.document()->scenario().goal.has_value(), true);
}

void TestGuiLaunch::screenshotSavesTheWindowAfterTheRun_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QSize>("size");
    QTest::newRow("script") << QStringList { u"example:race-unique"_s } << QSize(1280, 800);
    QTest::newRow("explore") << QStringList { u"example:race-no-unique"_s, u"--mode"_s, u"explore"_s,
        u"--window-size"_s, u"1024x700"_s }
                             << QSize(1024, 700);
    QTest::newRow("mysql example on sqlite") << QStringList { u"example:select-for-update-deadlock"_s, u"--backend"_s,
        u"sqlite"_s, u"--window-size=1100x650"_s }
                                             << QSize(1100, 650);
    // Presenter mode at a projector's size, though the offscreen screen is smaller.
    QTest::newRow("presenter at 1920x1080") << QStringList { u"example:race-unique"_s, u"--presenter"_s,
        u"--window-size"_s, u"1920x1080"_s } << QSize(1920, 1080);
    // A lesson's first item that runs by itself: the lesson's title names it.
    QTest::newRow("a lesson file") << QStringList { u"--lesson"_s, u"%LESSON%"_s } << QSize(1280, 800);
    QTest::newRow("a challenge run by free threads")
        << QStringList { u"challenge:two-rows"_s, u"--mode"_s, u"free"_s } << QSize(1280, 800);
}

void TestGuiLaunch::screenshotSavesTheWindowAfterTheRun()
{
    QFETCH(QStringList, arguments);
    QFETCH(QSize, size);
    QTemporaryDir dir;
    const QString png = dir.filePath(u"window.png"_s);
    if (const qsizetype at = arguments.indexOf(u"%LESSON%"_s); at >= 0) {
        const QString lesson = dir.filePath(u"lesson.json"_s);
        QFile file(lesson);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({ "title": "One item", "items": [ { "example": "race-no-unique", "mode": "explore" } ] })");
        file.close();
        arguments[at] = lesson;
    }
    // No display and no platform chosen: a screenshot picks the offscreen one by itself.
    const InterleaveRun run = runInterleave(arguments + QStringList { u"--screenshot"_s, png }, DisplayChoice::None);
    QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(!run.err.contains(u"cannot be"_s), qPrintable(run.err));
    QImage image(png);
    QVERIFY2(!image.isNull(), qPrintable(png));
    QCOMPARE(image.size(), size);
    // The window was drawn, not left blank: many colours, as a timeline, tables and a toolbar have.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
}

void TestGuiLaunch::aWindowTooSmallForItsWidgetsIsSaidSo()
{
    QTemporaryDir dir;
    const QString png = dir.filePath(u"small.png"_s);
    const InterleaveRun run = runInterleave({ u"--screenshot"_s, png, u"--window-size"_s, u"640x400"_s });
    QVERIFY2(run.problem.isEmpty() && run.exitCode == 0, qPrintable(run.problem + run.err));
    const QImage image(png);
    QVERIFY(image.width() > 640 || image.height() > 400);
    QVERIFY2(run.err.contains(u"the window cannot be 640x400; it is %1x%2"_s.arg(image.width()).arg(image.height())),
        qPrintable(run.err));
}

void TestGuiLaunch::screenshotOfAMissingFileExitsWithTheReason()
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(u"nowhere.interleave.json"_s);
    const QString png = dir.filePath(u"window.png"_s);
    const InterleaveRun run = runInterleave({ missing, u"--screenshot"_s, png });
    QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(u"nowhere.interleave.json"_s), qPrintable(run.err));
    QVERIFY(!QFile::exists(png));
    const InterleaveRun bad = runInterleave({ u"--mode"_s, u"fast"_s });
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.startsWith(u"interleave: --mode is free, script"_s), qPrintable(bad.err));
}

QTEST_MAIN(TestGuiLaunch)
#include "tst_guilaunch.moc"
