// SPDX-License-Identifier: MIT
#include "exploremode.h"
#include "explorepanel.h"
#include "lesson.h"
#include "lessonplayer.h"
#include "mainwindow.h"
#include "resultpane.h"
#include "scenariodocument.h"
#include "scenarioeditor.h"
#include "scriptedprompts.h"
#include "stressmode.h"
#include "stresspanel.h"
#include "windowactions.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using interleave::test::ScriptedPrompts;

// A lesson as a teacher plays it: the shipped one, item by item, in the real window with the real engine on SQLite;
// and the lesson files Lesson::read refuses, each with the line and field it names.
class TestLessonPlayer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void readRefuses_data();
    void readRefuses();
    void aScenarioFileIsRelativeToTheLesson();
    void shippedLessonRunsEndToEnd();
    void aRealEditStillAsks();

private:
    QTemporaryDir m_dir;
};

void TestLessonPlayer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // recent files go to a test location, not the user's settings
    qRegisterMetaType<interleave::RunResult>();
    QVERIFY(m_dir.isValid());
}

void TestLessonPlayer::readRefuses_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message"); // a part of it

    const auto item = [](const QByteArray& fields) -> QByteArray {
        return QByteArray(
                   "{\n  \"title\": \"t\",\n  \"items\": [\n    { \"example\": \"race-unique\", \"mode\": \"step\" },\n"
                   "    {\n      \"example\": \"race-unique\",\n")
            + fields + QByteArray("\n    }\n  ]\n}\n");
    };
    QTest::newRow("unknown_key_is_refused") << item("      \"mode\": \"step\",\n      \"colour\": \"red\"")
                                            << u"items[1].colour"_s << 8 << u"unknown key \"colour\""_s;
    QTest::newRow("unknown_example_is_refused")
        << QByteArray("{ \"title\": \"t\",\n \"items\": [\n { \"example\": \"race-unknown\", \"mode\": \"step\" } ] }")
        << u"items[0].example"_s << 3 << u"no built-in example \"race-unknown\""_s;
    QTest::newRow("mode_names_are_the_cli_names") << item("      \"mode\": \"Step by step\"") << u"items[1].mode"_s << 7
                                                  << u"free, script, step, explore or stress"_s;
    QTest::newRow("a_server_url_is_refused")
        << item("      \"mode\": \"free\",\n      \"backend\": \"postgresql://evil@db.example.org/x\"")
        << u"items[1].backend"_s << 8 << u"names no server"_s;
    QTest::newRow("a_script_outside_script_mode_is_refused")
        << item("      \"mode\": \"step\",\n      \"script\": \"A,B\"") << u"items[1].script"_s << 8
        << u"only with \"mode\": \"script\""_s;
    QTest::newRow("a_script_naming_no_worker_is_refused")
        << item("      \"mode\": \"script\",\n      \"script\": \"A,Q\"") << u"items[1].script"_s << 8 << u"\"Q\""_s;
    QTest::newRow("minutes_are_whole_minutes") << item("      \"mode\": \"step\",\n      \"minutes\": 2.5")
                                               << u"items[1].minutes"_s << 8 << u"whole number of minutes"_s;
    QTest::newRow("a_missing_mode_is_refused")
        << item("      \"say\": \"hello\"") << u"items[1].mode"_s << 5 << u"missing"_s;
    QTest::newRow("a_missing_scenario_file_is_refused")
        << QByteArray("{ \"title\": \"t\", \"items\": [ { \"example\": \"gone.json\", \"mode\": \"free\" } ] }")
        << u"items[0].example"_s << 1 << u"no scenario file \"gone.json\""_s;
    QTest::newRow("no_items_is_refused") << QByteArray("{ \"title\": \"t\", \"items\": [] }") << u"items"_s << 1
                                         << u"one item or more"_s;
    QTest::newRow("a_lesson_needs_a_title")
        << QByteArray("{ \"items\": [ { \"example\": \"race-unique\", \"mode\": \"free\" } ] }") << u"title"_s << 1
        << u"missing"_s;
    QTest::newRow("json_syntax_names_its_line")
        << QByteArray("{ \"title\": \"t\",\n \"items\": [ ,\n ] }") << QString() << 2 << u"JSON syntax error"_s;
}

void TestLessonPlayer::readRefuses()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(int, line);
    QFETCH(QString, message);
    const QString path = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()) + u".json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json);
    file.close();
    ScenarioError error;
    QVERIFY(!Lesson::read(path, &error));
    QCOMPARE(error.file, path);
    QCOMPARE(error.field, field);
    QCOMPARE(error.line, line);
    QVERIFY2(error.message.contains(message), qPrintable(error.toString()));
    // The message names the file and the line, as the scenario reader's do.
    QVERIFY2(error.toString().startsWith(path + u':' + QString::number(line) + u':'), qPrintable(error.toString()));
}

void TestLessonPlayer::aScenarioFileIsRelativeToTheLesson()
{
    QDir(m_dir.path()).mkpath(u"scenarios"_s);
    QVERIFY(QFile::copy(u":/examples/race-unique.json"_s, m_dir.filePath(u"scenarios/mine.json"_s)));
    const QString path = m_dir.filePath(u"relative.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({ "title": "Mine", "items": [ { "example": "scenarios/mine.json", "mode": "explore" } ] })");
    file.close();
    ScenarioError error;
    const std::optional<Lesson> lesson = Lesson::read(path, &error);
    QVERIFY2(lesson, qPrintable(error.toString()));
    QCOMPARE(lesson->items.size(), 1);
    QCOMPARE(lesson->items.at(0).scenarioPath, m_dir.filePath(u"scenarios/mine.json"_s));
    QVERIFY(lesson->items.at(0).example.isEmpty());
    QCOMPARE(lesson->items.at(0).label(), u"mine.json"_s);
    // An unknown built-in lesson says which there are.
    QVERIFY(!Lesson::read(u"lesson:nope"_s, &error));
    QVERIFY2(error.message.contains(u"get-or-create-45"_s), qPrintable(error.toString()));
}

void TestLessonPlayer::shippedLessonRunsEndToEnd()
{
    ScenarioError error;
    const std::optional<Lesson> lesson = Lesson::read(u"lesson:get-or-create-45"_s, &error);
    QVERIFY2(lesson, qPrintable(error.toString()));
    QVERIFY(lesson->items.size() >= 8);
    int minutes = 0;
    for (const Lesson::Item& item : lesson->items)
        minutes += item.minutes;
    QCOMPARE(minutes, 45);

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QApplication::setActiveWindow(&window);
    QStringList asked; // nothing may ask anything, from the first item to the last and back
    ScriptedPrompts::of(window).recordEveryQuestion(&asked);
    LessonPlayer* player = window.lessonPlayer();
    QVERIFY(!player->nextAction()->isEnabled());
    QVERIFY(player->open(u"lesson:get-or-create-45"_s));
    const qsizetype count = lesson->items.size();

    const auto checkItem = [&](qsizetype i) {
        const Lesson::Item& item = lesson->items.at(i);
        QCOMPARE(player->currentItem(), i);
        QCOMPARE(window.document()->exampleId(), item.example);
        QCOMPARE(window.scheduleMode(), item.mode);
        QVERIFY(!window.document()->isModified());
        const QString position = u"item %1 of %2"_s.arg(i + 1).arg(count);
        QVERIFY2(window.windowTitle().contains(position), qPrintable(window.windowTitle()));
        QCOMPARE(player->sayLabel()->text(), item.say);
        QCOMPARE(window.resultPane()->questionLabel()->text(), item.ask.isEmpty() ? QString() : u"Ask: "_s + item.ask);
        if (!item.script.isEmpty())
            QCOMPARE(window.actions()->scriptEdit()->text(), item.script.join(u','));
    };
    const auto runItem = [&](qsizetype i) {
        const Lesson::Item& item = lesson->items.at(i);
        if (item.mode == ScheduleSpec::Mode::Step)
            return; // a person drives it
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY2(window.actions()->run()->isEnabled(), qPrintable(window.actions()->run()->toolTip()));
        QTest::keyClick(&window, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000);
        QTRY_VERIFY(!window.isRunning());
        switch (item.mode) {
        case ScheduleSpec::Mode::Explore:
            QCOMPARE(window.exploreMode()->panel()->result().error, QString());
            QVERIFY(window.exploreMode()->panel()->result().explored > 0);
            break;
        case ScheduleSpec::Mode::Stress:
            QCOMPARE(window.stressMode()->panel()->result().error, QString());
            break;
        default:
            QVERIFY2(window.resultPane()->result().ok(), qPrintable(window.resultPane()->result().error));
            QCOMPARE(window.resultPane()->result().schedule.mode, item.mode);
            break;
        }
    };

    for (qsizetype i = 0; i < count; ++i) {
        if (i > 0)
            QTest::keyClick(&window, Qt::Key_PageDown);
        checkItem(i);
        if (QTest::currentTestFailed())
            return;
        runItem(i);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(asked.isEmpty(), qPrintable(asked.join(u"; "_s)));
    }
    QVERIFY(!player->nextAction()->isEnabled());
    QTest::keyClick(&window, Qt::Key_PageDown); // past the end: nothing happens
    QCOMPARE(player->currentItem(), count - 1);
    for (qsizetype i = count - 2; i >= 0; --i) {
        QTest::keyClick(&window, Qt::Key_PageUp);
        checkItem(i);
        if (QTest::currentTestFailed())
            return;
    }
    QVERIFY(!player->previousAction()->isEnabled());
    QVERIFY2(asked.isEmpty(), qPrintable(asked.join(u"; "_s)));

    // Presenter mode shows the question above the timeline, at the presenter's size.
    QVERIFY(!window.resultPane()->questionLabel()->isVisible());
    window.setPresenterMode(true);
    QVERIFY(window.resultPane()->questionLabel()->isVisible());
    QVERIFY(QFontInfo(window.resultPane()->questionLabel()->font()).pointSizeF() >= 16);
    QTest::keyClick(&window, Qt::Key_PageDown);
    checkItem(1);
    QVERIFY(window.resultPane()->questionLabel()->isVisible());
    window.setPresenterMode(false);
    QVERIFY(!window.resultPane()->questionLabel()->isVisible());
}

void TestLessonPlayer::aRealEditStillAsks()
{
    MainWindow window;
    window.show();
    QStringList asked;
    ScriptedPrompts::of(window).recordEveryQuestion(&asked);
    QVERIFY(window.lessonPlayer()->open(u"lesson:get-or-create-45"_s));
    window.editor()->setWorkerCount(3); // an edit of the scenario, not a view choice
    QVERIFY(window.document()->isModified());
    // Asked once; the answer (cancel) keeps the item and the edit.
    QVERIFY(!window.lessonPlayer()->goTo(1));
    QCOMPARE(asked.size(), 1);
    QVERIFY2(asked.constFirst().startsWith(u"save changes to"_s), qPrintable(asked.constFirst()));
    QCOMPARE(window.lessonPlayer()->currentItem(), 0);
    QCOMPARE(window.document()->scenario().workers.size(), 3);
}

QTEST_MAIN(TestLessonPlayer)
#include "tst_lessonplayer.moc"
