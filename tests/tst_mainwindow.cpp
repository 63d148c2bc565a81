// SPDX-License-Identifier: MIT
#include "exploremode.h"
#include "explorepanel.h"
#include "exportdialog.h"
#include "findingsmodel.h"
#include "logmodel.h"
#include "mainwindow.h"
#include "outcomeclassesmodel.h"
#include "presentermode.h"
#include "racescenario.h"
#include "resultpane.h"
#include "rowsmodel.h"
#include "runjob.h"
#include "scenariodocument.h"
#include "scenarioeditor.h"
#include "scriptedprompts.h"
#include "stepjob.h"
#include "stepmode.h"
#include "testdatabases.h"
#include "timelineview.h"
#include "windowactions.h"

#include <QAction>
#include <QBrush>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QMultiHash>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using interleave::test::ScriptedPrompts;

// Drives the real window with the real engine on a real SQLite file, offscreen.
class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void startsEmpty();
    void scriptedRun_data();
    void scriptedRun();
    void invalidScriptDisablesRun();
    void freeRunOfTenThreads();
    void loadingAnotherScenarioDropsTheRunningResult();
    void runsOnAServer_data();
    void runsOnAServer();
    void badDatabaseIsRefusedWithTheReason();
    void anotherDatabaseFallsBackWithANote();
    void anotherDatabaseRefusesWhatCannotRunThere();
    void aChosenDatabaseBelongsToItsScenario_data();
    void aChosenDatabaseBelongsToItsScenario();
    void verdictOfWorkersWithoutALookup();
    void verdictAndFindings_data();
    void verdictAndFindings();
    void passwordIsAskedOnceAndKeptInMemory();
    void aServerNamedByAFileRunsOnlyWhenConfirmed();
    void aFilesOwnSqlRunsOnAServerOnlyWhenAllowed();
    void exportTraceWritesTheRunShown();
    void exportTraceOfAnExploredClass();
    void aModeIsAViewChoice_data();
    void noVerdictBeforeTheFirstStep();
    void ctrlEExportsFromTheScriptField();
    void presenterModeGivesTheTimelineItsRoom();
    void aModeIsAViewChoice();

private:
    void screenshot(QWidget& window, const QString& name);
    bool run(MainWindow& window);
};

void TestMainWindow::initTestCase()
{
    qRegisterMetaType<interleave::RunResult>();
}

void TestMainWindow::screenshot(QWidget& window, const QString& name)
{
    // For people to look at (STYLE.md: a GUI change is looked at), not compared.
    const QString dir = qEnvironmentVariable("INTERLEAVE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QCoreApplication::processEvents(); // pending layout requests, as a person would see them
    const QString path = QDir(dir).filePath(name + u".png"_s);
    QVERIFY2(window.grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

bool TestMainWindow::run(MainWindow& window)
{
    QSignalSpy finished(&window, &MainWindow::runFinished);
    if (!window.actions()->run()->isEnabled())
        return false;
    window.actions()->run()->trigger();
    [&] { QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000); }();
    return finished.size() == 1 && !window.isRunning();
}

void TestMainWindow::startsEmpty()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), u"Interleave"_s);
    QCOMPARE(window.size(), QSize(1280, 800));
    QVERIFY(!window.actions()->run()->isEnabled());
    QVERIFY(!window.actions()->stop()->isEnabled());
    QVERIFY(window.resultPane()->timeline()->timelineLayout().isEmpty());
    QCOMPARE(window.resultPane()->timeline()->emptyText(), u"Pick an example and press Run"_s);
    QVERIFY(window.actions()->exampleCombo()->count() >= 3);
    QVERIFY(window.actions()->exampleCombo()->findData(u"race-unique"_s) >= 0);
    // The widgets the tests and the command line find by name.
    for (const char* name : { "timeline", "rowsView", "logView", "scriptEdit", "modeCombo", "exampleCombo" })
        QVERIFY2(window.findChild<QWidget*>(QString::fromLatin1(name)), name);
    QVERIFY(window.findChild<QAction*>(u"runAction"_s));
    screenshot(window, u"empty"_s);
}

void TestMainWindow::scriptedRun_data()
{
    QTest::addColumn<QString>("example");
    QTest::addColumn<QString>("script");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QList<int>>("duplicateRows");
    QTest::addColumn<QString>("errorLabel"); // a box whose label has this; empty: none may
    QTest::addColumn<QString>("verdict");

    QTest::newRow("unique_constraint_refuses_the_second_insert")
        << u"race-unique"_s << u"A,B,A,B,A,B,A,B"_s << 1 << QList<int> {} << u"IntegrityError"_s << u"1 row"_s;
    QTest::newRow("no_unique_constraint_keeps_both_rows")
        << u"race-no-unique"_s << u"A,B,A,B,A,B,A,B"_s << 2 << QList<int> { 0, 1 } << QString() << u"2 rows"_s;
}

void TestMainWindow::scriptedRun()
{
    QFETCH(QString, example);
    QFETCH(QString, script);
    QFETCH(int, rows);
    QFETCH(QList<int>, duplicateRows);
    QFETCH(QString, errorLabel);
    QFETCH(QString, verdict);

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(example));
    QVERIFY(window.windowTitle().startsWith(u"Interleave — "_s));
    QCOMPARE(window.windowTitle(), u"Interleave — "_s + window.document()->scenario().name);

    auto* modeCombo = window.findChild<QComboBox*>(u"modeCombo"_s);
    auto* scriptEdit = window.findChild<QLineEdit*>(u"scriptEdit"_s);
    QVERIFY(modeCombo && scriptEdit);
    modeCombo->setCurrentIndex(modeCombo->findText(u"Script"_s));
    QVERIFY(scriptEdit->isEnabled());
    scriptEdit->clear();
    QTest::keyClicks(scriptEdit, script);
    QCOMPARE(scriptEdit->text(), script);
    QVERIFY(window.actions()->run()->isEnabled());

    QVERIFY(run(window));
    const RunResult& result = window.resultPane()->result();
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.schedule.mode, ScheduleSpec::Mode::Script);

    // Rows: exactly the table's final rows, duplicates highlighted.
    RowsModel* rowsModel = window.resultPane()->rowsModel();
    QCOMPARE(rowsModel->rowCount(), rows);
    QCOMPARE(window.findChild<QTableView*>(u"rowsView"_s)->model(), rowsModel);
    for (int row = 0; row < rows; ++row) {
        const bool duplicate = duplicateRows.contains(row);
        QCOMPARE(rowsModel->isDuplicate(row), duplicate);
        QCOMPARE(rowsModel->index(row, 0).data(Qt::BackgroundRole).isValid(), duplicate);
    }

    // The log: one line per statement. Both scripts run A: SELECT, BEGIN, INSERT, COMMIT and B the same four,
    // plus B's re-get after the IntegrityError when there is a unique constraint.
    LogModel* logModel = window.resultPane()->logModel();
    QCOMPARE(window.findChild<QTableView*>(u"logView"_s)->model(), logModel);
    QCOMPARE(logModel->rowCount(), errorLabel.isEmpty() ? 8 : 9);

    // The timeline: two worker lanes (and the table), a box per statement.
    const TimelineLayout& layout = window.findChild<TimelineView*>(u"timeline"_s)->timelineLayout();
    QCOMPARE(layout.workerLaneCount(), 2);
    QCOMPARE(layout.lanes().size(), 3);
    QCOMPARE(layout.boxes().size(), logModel->rowCount());
    QCOMPARE(layout.rowMarkers().size(), rows);
    QStringList labels;
    for (const auto& box : layout.boxes())
        labels.append(layout.boxLabel(box));
    const bool hasError = std::any_of(
        labels.cbegin(), labels.cend(), [](const QString& label) { return label.contains(u"IntegrityError"_s); });
    QVERIFY2(hasError == !errorLabel.isEmpty(), qPrintable(labels.join(u" | "_s)));
    QVERIFY2(labels.contains(u"SELECT · 0 rows"_s), qPrintable(labels.join(u" | "_s)));
    if (!errorLabel.isEmpty()) {
        QVERIFY2(labels.contains(u"INSERT ✕ IntegrityError"_s), qPrintable(labels.join(u" | "_s)));
        QVERIFY2(labels.contains(u"SELECT · 1 row"_s), qPrintable(labels.join(u" | "_s)));
        QCOMPARE(layout.waitBars().size(), 1);
        QCOMPARE(layout.waitBars().first().blockers, QList<int> { 0 });
        QCOMPARE(layout.arrows().size(), 1);
        QCOMPARE(layout.badges().at(0).text, u"created"_s);
        QCOMPARE(layout.badges().at(1).text, u"got (after IntegrityError)"_s);
        QCOMPARE(logModel->index(5, LogModel::Result).data().toString().contains(u"IntegrityError 2067"_s), true);
    } else {
        QCOMPARE(layout.badges().at(0).text, u"created"_s);
        QCOMPARE(layout.badges().at(1).text, u"created"_s);
        QVERIFY(layout.rowMarkers().at(0).duplicate && layout.rowMarkers().at(1).duplicate);
    }

    // The status bar: the verdict, the backend and the schedule that ran.
    auto* verdictLabel = window.statusBar()->findChild<QLabel*>(u"verdictLabel"_s);
    QVERIFY(verdictLabel);
    QVERIFY2(verdictLabel->text().contains(verdict), qPrintable(verdictLabel->text()));
    QVERIFY(window.statusBar()->findChild<QLabel*>(u"backendLabel"_s)->text().startsWith(u"sqlite"_s));
    QVERIFY(window.statusBar()->findChild<QLabel*>(u"scheduleLabel"_s)->text().contains(u"A,B,A,B"_s));
    QVERIFY(!window.statusBar()->findChild<QLabel*>(u"wallTimeLabel"_s)->text().isEmpty());

    // Tooltips carry the full statement.
    TimelineView* timeline = window.resultPane()->timeline();
    const auto& box = layout.boxes().first();
    const QString tip = timeline->toolTipAt(timeline->mapFromLayout(box.rect.center()).toPoint());
    QVERIFY2(tip.contains(u"SELECT"_s) && tip.contains(u"LIMIT 21"_s), qPrintable(tip));

    screenshot(window, example);
    window.setTheme(Palette::Theme::Dark);
    screenshot(window, example + u"-dark"_s);
    window.setTheme(Palette::Theme::HighContrast);
    screenshot(window, example + u"-high-contrast"_s);
    QCOMPARE(window.resultPane()->rowsModel()->rowCount(), rows); // a theme changes colours, never data
}

void TestMainWindow::invalidScriptDisablesRun()
{
    MainWindow window;
    window.show();
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Script);
    window.actions()->scriptEdit()->setText(u"A,B,C"_s);
    QVERIFY(!window.actions()->run()->isEnabled());
    QVERIFY(!window.actions()->scriptEdit()->styleSheet().isEmpty());
    QVERIFY2(
        window.statusBar()->currentMessage().contains(u"\"C\""_s), qPrintable(window.statusBar()->currentMessage()));
    screenshot(window, u"invalid-script"_s);
    window.actions()->scriptEdit()->setText(u"A,B"_s);
    QVERIFY(window.actions()->run()->isEnabled());
    QVERIFY(window.actions()->scriptEdit()->styleSheet().isEmpty());
    // Free threads ignore the script.
    window.actions()->scriptEdit()->setText(u"A,Z"_s);
    QVERIFY(!window.actions()->run()->isEnabled());
    window.setScheduleMode(ScheduleSpec::Mode::Free);
    QVERIFY(window.actions()->run()->isEnabled());
    QVERIFY(!window.actions()->scriptEdit()->isEnabled());
}

void TestMainWindow::freeRunOfTenThreads()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"ten-threads"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Free);
    QVERIFY(run(window));
    const RunResult& result = window.resultPane()->result();
    QVERIFY2(result.ok(), qPrintable(result.error));
    const TimelineLayout& layout = window.resultPane()->timeline()->timelineLayout();
    QCOMPARE(layout.workerLaneCount(), 10);
    QCOMPARE(layout.badges().size(), 11);
    QCOMPARE(layout.boxes().size(), window.resultPane()->logModel()->rowCount());
    QVERIFY(window.resultPane()->rowsModel()->rowCount() >= 1);
    QCOMPARE(layout.rowMarkers().size(), window.resultPane()->rowsModel()->rowCount());
    screenshot(window, u"ten-threads"_s);

    // The order the free run took can be replayed as a script.
    QAction* replay = window.findChild<QAction*>(u"replayAction"_s);
    QVERIFY(replay && replay->isEnabled());
    replay->trigger();
    QCOMPARE(window.scheduleMode(), ScheduleSpec::Mode::Script);
    QCOMPARE(window.actions()->scriptEdit()->text(), result.executed.join(QLatin1Char(',')));
    QVERIFY(run(window));
    QVERIFY2(window.resultPane()->result().ok(), qPrintable(window.resultPane()->result().error));
    QCOMPARE(window.resultPane()->result().schedule.mode, ScheduleSpec::Mode::Script);
    QVERIFY(window.resultPane()->logModel()->rowCount() > 0);
}

void TestMainWindow::loadingAnotherScenarioDropsTheRunningResult()
{
    MainWindow window;
    window.show();
    QVERIFY(window.document()->loadExample(u"ten-threads"_s));
    QSignalSpy finished(&window, &MainWindow::runFinished);
    window.runNow();
    QVERIFY(window.isRunning());
    QVERIFY(window.actions()->stop()->isEnabled());
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    QVERIFY(!window.isRunning());
    auto* job = window.findChild<RunJob*>();
    QVERIFY(job);
    QTRY_COMPARE_WITH_TIMEOUT(job->threadCount(), 0, 60000);
    QCOMPARE(finished.size(), 0);
    QVERIFY(window.resultPane()->timeline()->timelineLayout().isEmpty());
    QCOMPARE(window.resultPane()->rowsModel()->rowCount(), 0);
    QVERIFY(window.actions()->run()->isEnabled());
}

void TestMainWindow::runsOnAServer_data()
{
    QTest::addColumn<QString>("example");
    QTest::addColumn<int>("rows");
    interleave::test::addDatabaseColumn();
    QTest::newRow("race-unique@postgresql") << u"race-unique"_s << 1 << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("race-unique@mysql") << u"race-unique"_s << 1 << int(BackendSpec::Kind::Mysql);
    QTest::newRow("lock-table@postgresql") << u"lock-table"_s << 1 << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("select-for-update-deadlock@mysql")
        << u"select-for-update-deadlock"_s << 1 << int(BackendSpec::Kind::Mysql);
}

void TestMainWindow::runsOnAServer()
{
    QFETCH(QString, example);
    QFETCH(int, rows);
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(onServer, Scenario(), kind); // skips when the server is missing
    MainWindow window;
    window.show();
    QStringList asked;
    ScriptedPrompts::of(window).askPassword = [&](const QString& url) -> std::optional<QString> {
        asked.append(url);
        return std::nullopt;
    };
    QVERIFY(window.document()->loadExample(example));
    QString error;
    QVERIFY2(window.setDatabase(onServer.backend.url, &error), qPrintable(error));
    QCOMPARE(window.database(), onServer.backend.url);
    QVERIFY(window.windowTitle().endsWith(onServer.backend.url));
    QCOMPARE(window.scheduleMode(), ScheduleSpec::Mode::Script); // each example comes with its script
    QVERIFY(run(window));
    QVERIFY(asked.isEmpty()); // the test environment has PGPASSWORD / MYSQL_PWD: no prompt
    const RunResult& r = window.resultPane()->result();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.backend.kind, BackendSpec::kindName(kind));
    QCOMPARE(r.outcome.rows.size(), rows);
    const bool waited = std::any_of(r.trace.events.cbegin(), r.trace.events.cend(),
        [](const TraceEvent& e) { return e.kind == EventKind::LockWait && e.blockers.size() == 1; });
    QVERIFY(waited); // one worker waited for the other: the timeline draws it
    screenshot(window, example + u'-' + BackendSpec::kindName(kind));
    // Back to the embedded database.
    QVERIFY(window.setDatabase(u"sqlite"_s, &error));
    QVERIFY(run(window));
    QCOMPARE(window.resultPane()->result().backend.kind, u"sqlite"_s);
}

void TestMainWindow::passwordIsAskedOnceAndKeptInMemory()
{
    REQUIRE_DATABASE(onServer, Scenario(), BackendSpec::Kind::Mysql);
    const QByteArray password = qgetenv("MYSQL_PWD");
    QVERIFY(!password.isEmpty());
    qunsetenv("MYSQL_PWD"); // as for someone who started the app from the desktop
    // Back however the test ends: every later server test needs it.
    const auto restore = qScopeGuard([&password] { qputenv("MYSQL_PWD", password); });
    MainWindow window;
    QStringList asked;
    ScriptedPrompts::of(window).askPassword = [&](const QString& url) -> std::optional<QString> {
        asked.append(url);
        return asked.size() == 1 ? std::nullopt : std::optional(QString::fromUtf8(password));
    };
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    QString error;
    QVERIFY(window.setDatabase(onServer.backend.url, &error));
    window.actions()->run()->trigger(); // the prompt is cancelled: nothing runs
    QCOMPARE(asked.size(), 1);
    QVERIFY(!window.isRunning());
    QVERIFY(window.statusBar()->currentMessage().startsWith(u"Not run: no password for "_s));
    QVERIFY(run(window)); // asked again, answered
    QCOMPARE(asked.size(), 2);
    QCOMPARE(asked.last(), onServer.backend.url);
    QVERIFY2(window.resultPane()->result().ok(), qPrintable(window.resultPane()->result().error));
    QVERIFY(run(window)); // remembered for the session: not asked a third time
    QCOMPARE(asked.size(), 2);
}

void TestMainWindow::aServerNamedByAFileRunsOnlyWhenConfirmed()
{
    REQUIRE_DATABASE(onServer, interleave::test::raceScenario(2, true), BackendSpec::Kind::Postgresql);
    onServer.schedule.mode = ScheduleSpec::Mode::Script;
    onServer.schedule.script = { u"A"_s, u"B"_s };
    QTemporaryDir dir;
    const QString path = dir.filePath(u"from-a-colleague.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(onServer.toJson());
    file.close();
    MainWindow window;
    QStringList asked;
    bool answer = false;
    ScriptedPrompts::of(window).confirmServer = [&](const QString& url) {
        asked.append(url);
        return answer;
    };
    QVERIFY(window.document()->loadFile(path));
    window.actions()->run()->trigger(); // declined: nothing runs
    QCOMPARE(asked, QStringList { onServer.backend.url });
    QVERIFY(!window.isRunning());
    QVERIFY(!window.resultPane()->hasResult());
    answer = true;
    QVERIFY(run(window));
    QCOMPARE(window.resultPane()->result().backend.kind, u"postgresql"_s);
    QVERIFY(run(window)); // agreed once for this server: not asked again
    QCOMPARE(asked.size(), 2);
}

void TestMainWindow::aFilesOwnSqlRunsOnAServerOnlyWhenAllowed()
{
    Scenario literal = interleave::test::raceScenario(1, false, u"sql"_s);
    literal.workers[0].lookup.clear();
    literal.workers[0].defaults.clear();
    literal.workers[0].statements = { { u"SELECT count(*) FROM race"_s, {}, std::nullopt },
        { u"INSERT INTO race (user_id, name)\nVALUES ('x', 'y')"_s, {}, std::nullopt } };
    REQUIRE_DATABASE(onServer, literal, BackendSpec::Kind::Postgresql);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"lesson-from-the-web.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(onServer.toJson());
    file.close();
    MainWindow window;
    ScriptedPrompts::of(window).confirmServer = [](const QString&) { return true; };
    QList<QStringList> shown;
    bool answer = false;
    ScriptedPrompts::of(window).confirmLiteralSql = [&](const QString& url, const QStringList& statements) {
        shown.append(QStringList { url } + statements);
        return answer;
    };
    QVERIFY(window.document()->loadFile(path));
    window.actions()->run()->trigger(); // refused: nothing runs, nothing reaches the server
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.constFirst(),
        (QStringList { onServer.backend.url, u"A: SELECT count(*) FROM race"_s,
            u"A: INSERT INTO race (user_id, name)\nVALUES ('x', 'y')"_s }));
    QVERIFY(!window.isRunning());
    QVERIFY(!window.resultPane()->hasResult());
    answer = true;
    QVERIFY(run(window));
    QCOMPARE(window.resultPane()->result().backend.kind, u"postgresql"_s);
    QCOMPARE(window.resultPane()->result().outcome.results.value(0).kind, ResultKind::Completed);
    QVERIFY(run(window)); // allowed for this document and server: not asked again
    QCOMPARE(shown.size(), 2);
    // Another document is asked about again; on SQLite nothing is asked.
    QVERIFY(window.document()->loadFile(path));
    answer = false;
    window.actions()->run()->trigger();
    QCOMPARE(shown.size(), 3);
    QString error;
    QVERIFY2(window.setDatabase(u"sqlite"_s, &error), qPrintable(error));
    QVERIFY(run(window));
    QCOMPARE(shown.size(), 3);
    QCOMPARE(window.resultPane()->result().backend.kind, u"sqlite"_s);
}

// Database… → sqlite on a MySQL example: the isolation level SQLite does not have falls back to the one it has, and
// the status bar says so, as the command line's --backend does.
void TestMainWindow::anotherDatabaseFallsBackWithANote()
{
    MainWindow window;
    QVERIFY(window.document()->loadExample(u"mysql-repeatable-read"_s));
    QString error;
    QVERIFY2(window.setDatabase(u"sqlite"_s, &error), qPrintable(error));
    QSignalSpy finished(&window, &MainWindow::runFinished);
    window.actions()->run()->trigger();
    const QString message = window.statusBar()->currentMessage();
    QVERIFY2(message.contains(u"Note: isolation \"repeatable read\" is a server's; SQLite runs every transaction "
                              "serializable"_s),
        qPrintable(message));
    QVERIFY2(message.contains(u"is written for mysql; on sqlite it may not show what its description promises"_s),
        qPrintable(message));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    const RunResult& r = window.resultPane()->result();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.backend.kind, u"sqlite"_s);
    QCOMPARE(r.scenario.isolation, u"serializable"_s);
}

// A worker's literal SQL in a dialect the chosen database does not read has no fallback: the run is refused,
// naming the statement, and nothing starts.
void TestMainWindow::anotherDatabaseRefusesWhatCannotRunThere()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"cast.interleave.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"json({"version": 1, "name": "cast", "table": {"name": "note", "columns": [
        {"name": "body", "type": "varchar(16)"}], "rows": [{"body": "x"}]},
        "workers": [{"name": "A", "recipe": "sql", "statements": ["SELECT body::text FROM note"]}]})json");
    file.close();
    MainWindow window;
    QVERIFY(window.document()->loadFile(path));
    QString error;
    // Refused before anything connects: no server is needed at this address.
    QVERIFY2(window.setDatabase(u"mysql://me@127.0.0.1:1/lab"_s, &error), qPrintable(error));
    window.actions()->run()->trigger();
    QVERIFY(!window.isRunning());
    QVERIFY(!window.resultPane()->hasResult());
    const QString message = window.statusBar()->currentMessage();
    QVERIFY2(message.startsWith(u"Cannot run on mysql://me@127.0.0.1:1/lab: workers[0].statements[0]: "_s),
        qPrintable(message));
}

// The run's database is the one the editor shows: a database chosen for one scenario (a server URL typed at Run,
// --backend) is not where the next example runs while its editor says "SQLite (embedded)". No server is needed: the
// URL's port is closed, and the next run must not try it.
void TestMainWindow::aChosenDatabaseBelongsToItsScenario_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<bool>("editorShowsIt");
    // Run's question for a MySQL example without a server: the URL typed there.
    QTest::newRow("a_url_for_the_scenarios_server_goes_into_its_editor") << u"mysql-repeatable-read"_s << true;
    // Another kind of database than the scenario's (as --backend names one).
    QTest::newRow("another_database_is_forgotten_by_the_next_example") << u"race-unique"_s << false;
}

void TestMainWindow::aChosenDatabaseBelongsToItsScenario()
{
    QFETCH(QString, first);
    QFETCH(bool, editorShowsIt);
    const QString url = u"mysql://me@127.0.0.1:1/lab"_s;
    MainWindow window;
    QVERIFY(window.document()->loadExample(first));
    QString error;
    QVERIFY2(window.setDatabase(url, &error), qPrintable(error));
    QCOMPARE(window.database(), url);
    if (editorShowsIt)
        QCOMPARE(window.editor()->scenario().backend.url, url);
    QVERIFY(window.document()->loadExample(u"race-no-unique"_s));
    QCOMPARE(window.editor()->scenario().backend.kind, BackendSpec::Kind::Sqlite);
    QCOMPARE(window.database(), u"sqlite"_s);
    QVERIFY(!window.windowTitle().contains(url));
    QVERIFY(run(window));
    QVERIFY2(window.resultPane()->result().ok(), qPrintable(window.resultPane()->result().error));
    QCOMPARE(window.resultPane()->result().backend.kind, u"sqlite"_s);
}

// sql and bulk_create workers have no lookup: the verdict counts the rows and names the worker that failed.
void TestMainWindow::verdictOfWorkersWithoutALookup()
{
    MainWindow window;
    QVERIFY(window.document()->loadExample(u"bulk-create-duplicates"_s));
    QVERIFY(run(window));
    auto* verdictLabel = window.statusBar()->findChild<QLabel*>(u"verdictLabel"_s);
    QVERIFY(verdictLabel);
    QCOMPARE(verdictLabel->text(), u"2 rows in the table; B: IntegrityError"_s);
}

// One rule for green, as the CLI's: a lost update and a request's Busy are red in the status bar and in the headline
// under the rows, and each violation is a line of its own there; selecting it finds its closing statement in the log.
void TestMainWindow::verdictAndFindings_data()
{
    QTest::addColumn<QString>("example");
    QTest::addColumn<bool>("passed");
    QTest::addColumn<QString>("finding"); // what the first line says; empty: nothing is listed
    QTest::addColumn<int>("closingLogRow"); // the log line the first finding selects; -1: none
    QTest::addColumn<bool>("drawsCycle"); // selecting the first finding draws an anomaly's cycle in the timeline

    QTest::newRow("counter_lost_update_is_red_and_lists_the_lost_update")
        << u"counter-lost-update"_s << false << u"lost update: A and B both read likes = 0"_s << 3 << true;
    QTest::newRow("counter_f_expression_is_green_and_lists_nothing")
        << u"counter-f-expression"_s << true << QString() << -1 << false;
    QTest::newRow("a_request_that_ended_busy_is_red")
        << u"atomic-request"_s << false << u"B failed with Busy"_s << -1 << false;
}

void TestMainWindow::verdictAndFindings()
{
    QFETCH(QString, example);
    QFETCH(bool, passed);
    QFETCH(QString, finding);
    QFETCH(int, closingLogRow);
    QFETCH(bool, drawsCycle);

    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(example));
    QVERIFY(run(window));
    ResultPane* pane = window.resultPane();
    QCOMPARE(pane->result().outcome.passed(), passed);

    const Palette palette;
    const QColor expected = palette.color(passed ? Palette::Role::Success : Palette::Role::ErrorForeground);
    auto* verdictLabel = window.statusBar()->findChild<QLabel*>(u"verdictLabel"_s);
    QVERIFY(verdictLabel);
    QCOMPARE(verdictLabel->palette().color(QPalette::WindowText), expected);
    auto* headline = window.findChild<QLabel*>(u"verdictHeadline"_s);
    QVERIFY(headline);
    QVERIFY(headline->isVisible());
    QCOMPARE(headline->palette().color(QPalette::WindowText), expected);
    QVERIFY2(headline->text().contains(passed ? u"Passed"_s : u"Failed"_s), qPrintable(headline->text()));

    FindingsModel* findings = pane->findingsModel();
    auto* view = window.findChild<QListView*>(u"findingsView"_s);
    QVERIFY(view);
    QCOMPARE(view->model(), findings);
    if (finding.isEmpty()) {
        QCOMPARE(findings->rowCount(), 0);
        QVERIFY(!view->isVisible());
        return;
    }
    QCOMPARE(findings->rowCount(), 1); // a lost update the counter's check tells is listed once
    QVERIFY2(findings->texts().first().contains(finding), qPrintable(findings->texts().join(u'\n')));
    QVERIFY(findings->isViolation(0));
    QCOMPARE(findings->index(0).data(Qt::ForegroundRole).value<QBrush>().color(),
        palette.color(Palette::Role::ErrorForeground));
    QVERIFY(view->isVisible());
    // Every wrapped line of it in sight: the view is as high as its text needs.
    const QRect lineRect = view->visualRect(findings->index(0));
    QVERIFY2(view->viewport()->rect().contains(lineRect),
        qPrintable(u"%1 in %2"_s.arg(lineRect.height()).arg(view->viewport()->height())));

    TimelineView* timeline = pane->timeline();
    QCOMPARE(timeline->anomaly(), -1);
    view->setCurrentIndex(findings->index(0));
    QTableView* log = pane->logView();
    QCOMPARE(log->currentIndex().isValid() ? log->currentIndex().row() : -1, closingLogRow);
    // The finding's cycle as arrows in the timeline (the counter's check tells the lost update: its line leads to
    // it); a check that tells no anomaly draws none, and neither does no selection.
    if (drawsCycle) {
        QCOMPARE(timeline->anomaly(), findings->anomaly(0));
        QVERIFY(timeline->anomaly() >= 0);
        QCOMPARE(pane->result().outcome.anomalies.at(timeline->anomaly()).kind, AnomalyKind::LostUpdate);
        QVERIFY(!timeline->timelineLayout().cycleEdges(timeline->anomaly()).isEmpty());
    } else {
        QCOMPARE(timeline->anomaly(), -1);
    }
    view->setCurrentIndex(QModelIndex());
    QCOMPARE(timeline->anomaly(), -1);
}

void TestMainWindow::badDatabaseIsRefusedWithTheReason()
{
    MainWindow window;
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    QString error;
    QVERIFY(!window.setDatabase(u"postgresql://me:secret@db/lab"_s, &error));
    QVERIFY2(error.startsWith(u"the URL contains a password"_s), qPrintable(error));
    QCOMPARE(window.database(), u"sqlite"_s); // unchanged
    QVERIFY(!window.setDatabase(u"oracle://db/lab"_s, &error));
    QVERIFY2(error.contains(u"neither sqlite nor a server URL"_s), qPrintable(error));
}

namespace {

// The trace file as a viewer reads it: otherData, and the events by phase ("X", "i", "s", "f").
struct TraceFile {
    QJsonObject other;
    QMultiHash<QString, QJsonObject> byPhase;
};

TraceFile readTrace(const QString& path)
{
    TraceFile trace;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return trace;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    trace.other = root.value(u"otherData"_s).toObject();
    for (const QJsonValue& e : root.value(u"traceEvents"_s).toArray())
        trace.byPhase.insert(e[u"ph"_s].toString(), e.toObject());
    return trace;
}

} // namespace

void TestMainWindow::exportTraceWritesTheRunShown()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QAction* action = window.actions()->exportTrace();
    QVERIFY(action);
    QCOMPARE(action->text(), u"Export &Trace…"_s);
    QVERIFY2(!action->isEnabled(), "no result yet");
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    QVERIFY2(!action->isEnabled(), "a scenario, but no result yet");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    QVERIFY(!window.exportTraceTo(dir.filePath(u"early.json"_s), &error));
    QVERIFY2(error.startsWith(dir.filePath(u"early.json"_s)), qPrintable(error));

    window.setScheduleMode(ScheduleSpec::Mode::Script);
    window.setScript(u"A,B,A,B,A,B,A,B"_s);
    QVERIFY(run(window));
    QVERIFY(action->isEnabled());
    const RunResult& result = window.resultPane()->result();

    const QString path = dir.filePath(u"race.json"_s);
    QVERIFY2(window.exportTraceTo(path, &error), qPrintable(error));
    const TraceFile trace = readTrace(path);
    QCOMPARE(trace.other.value(u"scenario"_s).toString(), result.scenario.name);
    QCOMPARE(trace.other.value(u"executed"_s).toString(), result.executed.join(u','));
    QCOMPARE(trace.byPhase.count(u"X"_s), 10); // nine statements and B's lock wait
    QCOMPARE(trace.byPhase.count(u"s"_s), 1);
    QCOMPARE(trace.byPhase.count(u"f"_s), 1);
    QStringList instants;
    for (const QJsonObject& i : trace.byPhase.values(u"i"_s))
        instants.append(i.value(u"name"_s).toString());
    instants.sort();
    QCOMPARE(instants, (QStringList { u"IntegrityError"_s, u"created"_s, u"got (after IntegrityError)"_s }));

    // The menu's way: a name from the scenario, then the file; a file that cannot be written is named in a box.
    QString suggested;
    const QString chosen = dir.filePath(u"chosen.json"_s);
    ScriptedPrompts::of(window).askTracePath = [&](const QString& suggestion) {
        suggested = suggestion;
        return chosen;
    };
    action->trigger();
    QVERIFY2(suggested.endsWith(u"/get_or_create-with-unique-true.trace.json"_s), qPrintable(suggested));
    QVERIFY(QFileInfo::exists(chosen));
    const QString unwritable = dir.filePath(u"no-such-folder/trace.json"_s);
    ScriptedPrompts::of(window).askTracePath = [&](const QString&) { return unwritable; };
    action->trigger();
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = window.findChild<QMessageBox*>()) && box->isVisible());
    QVERIFY2(box->text().startsWith(unwritable + u": cannot write the trace"_s), qPrintable(box->text()));
    box->close();
}

void TestMainWindow::exportTraceOfAnExploredClass()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Explore);
    QVERIFY(run(window));
    ExplorePanel* panel = window.exploreMode()->panel();
    // Created and got, got after the IntegrityError, and B's wait given up by SQLite's busy timeout.
    QCOMPARE(panel->model()->rowCount(), 3);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (int row : { 2, 1, 0 }) {
        QVERIFY(panel->chooseClass(row));
        QVERIFY(window.actions()->exportTrace()->isEnabled());
        const QString path = dir.filePath(QString::number(row) + u".json"_s);
        QString error;
        QVERIFY2(window.exportTraceTo(path, &error), qPrintable(error));
        const OutcomeClass& c = panel->model()->outcomeClass(row);
        const TraceFile trace = readTrace(path);
        QCOMPARE(trace.other.value(u"executed"_s).toString(), c.example.join(u','));
        int statements = 0;
        for (const QJsonObject& x : trace.byPhase.values(u"X"_s))
            statements += x.value(u"cat"_s).toString() == u"statement"_s ? 1 : 0;
        QCOMPARE(statements, int(window.resultPane()->timeline()->timelineLayout().boxes().size()));
    }
}

void TestMainWindow::aModeIsAViewChoice_data()
{
    QTest::addColumn<QString>("check");
    QTest::newRow("explore_then_switch_example_asks_nothing") << u"asks nothing"_s;
    QTest::newRow("explore_survives_an_example_switch") << u"survives"_s;
    QTest::newRow("saving_writes_the_chosen_mode") << u"saved"_s;
}

void TestMainWindow::aModeIsAViewChoice()
{
    QFETCH(QString, check);
    MainWindow window;
    window.show();
    QStringList asked;
    ScriptedPrompts::of(window).recordEveryQuestion(&asked);
    QVERIFY(window.document()->loadExample(u"race-no-unique"_s));
    QCOMPARE_NE(window.document()->scenario().schedule.mode, ScheduleSpec::Mode::Explore);
    window.setScheduleMode(ScheduleSpec::Mode::Explore);
    QVERIFY(!window.document()->isModified());
    QVERIFY(!window.windowTitle().contains(u"*"_s));
    if (check == u"saved"_s) {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"explored.json"_s);
        ScriptedPrompts::of(window).askSavePath = [&](const QString&) { return path; };
        QVERIFY(window.document()->save());
        QVERIFY(asked.isEmpty());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(json.value(u"schedule"_s).toObject().value(u"mode"_s).toString(), u"explore"_s);
        QVERIFY(!window.document()->isModified());
        QCOMPARE(window.scheduleMode(), ScheduleSpec::Mode::Explore);
        return;
    }
    // race-unique's own mode is another one: the chosen mode stays, and nothing asks to save.
    QCOMPARE_NE(interleave::test::example(u"race-unique"_s).schedule.mode, ScheduleSpec::Mode::Explore);
    QVERIFY(window.document()->openExample(u"race-unique"_s));
    QVERIFY2(asked.isEmpty(), qPrintable(asked.join(u"; "_s)));
    QCOMPARE(window.document()->exampleId(), u"race-unique"_s);
    QVERIFY(!window.document()->isModified());
    if (check == u"survives"_s) {
        QCOMPARE(window.scheduleMode(), ScheduleSpec::Mode::Explore);
        QCOMPARE(window.actions()->modeCombo()->currentText(), u"Explore"_s);
        // "Then explore race-unique": Run explores.
        QVERIFY(run(window));
        QVERIFY(window.exploreMode()->panel()->result().error.isEmpty());
        QVERIFY(window.exploreMode()->panel()->model()->rowCount() >= 1);
    }
}

void TestMainWindow::noVerdictBeforeTheFirstStep()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Step);
    QTest::keyClick(&window, Qt::Key_F5);
    QTRY_VERIFY_WITH_TIMEOUT(window.stepMode()->job()->isActive() && !window.stepMode()->job()->isBusy()
            && window.stepMode()->job()->state().hasRun(),
        20000);
    QTRY_VERIFY(window.resultPane()->hasResult());
    // Nothing has run: no "0 rows … no duplicate", in the status bar or under the panes.
    QCOMPARE(window.resultPane()->verdictLabel()->text(), QString());
    QCOMPARE(window.resultPane()->verdictHeadline()->text(), u"Press 1\u20132 to run a statement"_s);
    // A first statement: the rows so far, still without a pass or a fail.
    QTest::keyClick(&window, Qt::Key_1);
    QTRY_VERIFY_WITH_TIMEOUT(
        !window.stepMode()->job()->isBusy() && window.stepMode()->job()->state().history.size() == 1, 20000);
    QTRY_VERIFY(!window.resultPane()->verdictLabel()->text().isEmpty());
    QVERIFY(!window.resultPane()->verdictHeadline()->text().startsWith(u"Press"_s));
}

void TestMainWindow::presenterModeGivesTheTimelineItsRoom()
{
    MainWindow window;
    window.resize(1920, 1080);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Script);
    QVERIFY(run(window));
    // As on a 1920×1080 projector (the offscreen screen is smaller: not full screen here).
    window.presenterMode()->setFullScreen(false);
    window.setPresenterMode(true);
    window.resize(1920, 1080);
    QTRY_COMPARE(window.size(), QSize(1920, 1080));
    QTRY_VERIFY2(window.resultPane()->timeline()->height() >= 0.4 * window.height(),
        qPrintable(u"timeline %1 px of %2"_s.arg(window.resultPane()->timeline()->height()).arg(window.height())));
    qInfo("presenter mode at 1920x1080: the timeline is %d px of %d", window.resultPane()->timeline()->height(),
        window.height());
    screenshot(window, u"presenter-race-unique-1920"_s);
    window.setPresenterMode(false);
}

void TestMainWindow::ctrlEExportsFromTheScriptField()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Script);
    QVERIFY(run(window));
    QLineEdit* script = window.actions()->scriptEdit();
    const QString typed = script->text();
    script->setFocus();
    script->setCursorPosition(0);
    QTRY_VERIFY(script->hasFocus());
    QVERIFY(!window.findChild<ExportDialog*>());
    // A line edit's own Ctrl+E is "end of line": the window's Export wins.
    QTest::keyClick(script, Qt::Key_E, Qt::ControlModifier);
    QTRY_VERIFY(window.findChild<ExportDialog*>());
    QCOMPARE(script->text(), typed);
    window.findChild<ExportDialog*>()->close();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
