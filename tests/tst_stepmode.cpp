// SPDX-License-Identifier: MIT
// Step mode (the class mode) driven only by keys, as a teacher would: 1-9 run a worker's next statement,
// Backspace goes back, D breaks a deadlock, Esc stops, F11 toggles presenter mode. Real SQLite underneath.

#include "exportdialog.h"
#include "findingsmodel.h"
#include "logmodel.h"
#include "mainwindow.h"
#include "narrationview.h"
#include "presentermode.h"
#include "racescenario.h"
#include "resultpane.h"
#include "rowsmodel.h"
#include "scenariodocument.h"
#include "screenshots.h"
#include "scriptstep.h"
#include "sessionchooser.h"
#include "stepjob.h"
#include "stepmode.h"
#include "steppanel.h"
#include "stressmode.h"
#include "stresspanel.h"
#include "testdatabases.h"
#include "timelineview.h"
#include "windowactions.h"
#include "zoomstack.h"

#include <QBarSeries>
#include <QBarSet>
#include <QComboBox>
#include <QDir>
#include <QFontInfo>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <algorithm>
#include <sqlite3.h>

using namespace Qt::StringLiterals;
using namespace interleave;

namespace {

const QString userId = u"u1"_s;
const QString get =
    uR"(SELECT "race"."id", "race"."user_id", "race"."name" FROM "race" WHERE "race"."user_id" = ? LIMIT 21)"_s
    + u"  ['"_s + userId + u"']"_s;
// create() as the default Django (5.2) sends it: with RETURNING on SQLite 3.35+.
const QString insert = uR"(INSERT INTO "race" ("user_id", "name") VALUES (?, ?))"_s
    + (sqlite3_libversion_number() >= 3035000 ? uR"( RETURNING "race"."id")"_s : QString()) + u"  ['"_s + userId
    + u"', 'foo']"_s;

} // namespace

class TestStepMode : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void raceUniqueByKeysThroughTheIntegrityError();
    void keysPressedQuicklyAreAllCarriedOut();
    void aWaitingWorkerNamesItsHolder_data();
    void aWaitingWorkerNamesItsHolder();
    void stepsOnAServer_data();
    void stepsOnAServer();
    void everyWorkerWaitingOffersToBreakTheDeadlock();
    void aWaitTimesOutByKeyAndByButton_data();
    void aWaitTimesOutByKeyAndByButton();
    void escStopsAndF5StartsOver();
    void presenterModeTogglesAndRestores();
    void finishedScriptRunIsNarratedToo();
    void theWholeLessonInOneWindow();
    void seenByBHidesAsUncommittedInsert();
    void aReachedChallengeOffersTheNext();
    void presenterFontsReachEveryStepPanelLine();

private:
    // Starts step mode on `example` with F5; every worker is then parked before its first statement.
    bool startStepping(MainWindow& window, const QString& example);
    // Presses `key` and waits until the run has taken `steps` steps in all.
    bool press(MainWindow& window, Qt::Key key, int steps);
};

void TestStepMode::initTestCase()
{
    qRegisterMetaType<interleave::StepState>();
}

bool TestStepMode::startStepping(MainWindow& window, const QString& example)
{
    window.show();
    if (!QTest::qWaitForWindowActive(&window) || !window.document()->loadExample(example))
        return false;
    window.setScheduleMode(ScheduleSpec::Mode::Step);
    if (!window.stepMode()->panel()->isVisible() || window.stepMode()->panel()->runButton(0)->isEnabled())
        return false; // shown before Run, with nothing to step yet
    QTest::keyClick(&window, Qt::Key_F5);
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(window.stepMode()->job()->isActive() && !window.stepMode()->job()->isBusy()
                && window.stepMode()->job()->state().hasRun(),
            20000);
    }();
    return window.stepMode()->job()->state().workers.size() == window.document()->scenario().workers.size();
}

bool TestStepMode::press(MainWindow& window, Qt::Key key, int steps)
{
    QTest::keyClick(&window, key);
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(
            !window.stepMode()->job()->isBusy() && window.stepMode()->job()->state().history.size() == steps, 20000);
    }();
    return window.stepMode()->job()->state().history.size() == steps;
}

void TestStepMode::raceUniqueByKeysThroughTheIntegrityError()
{
    MainWindow window;
    QVERIFY(startStepping(window, u"race-unique"_s));
    StepPanel* panel = window.stepMode()->panel();
    NarrationView* narration = window.stepMode()->narrationView();
    QVERIFY(narration->isVisible());
    QCOMPARE(panel->statusText(0), get);
    QCOMPARE(panel->statusText(1), get);
    QVERIFY(panel->runButton(0)->isEnabled());
    QVERIFY(!panel->backButton()->isEnabled());
    QVERIFY(narration->texts().isEmpty());

    // A gets nothing, opens a transaction and inserts; then B's get.
    QVERIFY(press(window, Qt::Key_1, 1));
    QCOMPARE(panel->statusText(0), u"BEGIN"_s);
    QCOMPARE(narration->texts(), QStringList { u"A's SELECT found no row, so A will create it"_s });
    QVERIFY(press(window, Qt::Key_1, 2));
    QCOMPARE(panel->statusText(0), insert);
    QVERIFY(press(window, Qt::Key_1, 3));
    QCOMPARE(panel->statusText(0), u"COMMIT"_s);
    QVERIFY(press(window, Qt::Key_2, 4));
    QCOMPARE(panel->statusText(1), u"BEGIN"_s);
    QCOMPARE(narration->texts().constLast(), u"B's SELECT found no row: A has not committed its INSERT yet"_s);
    QCOMPARE(narration->currentRows(), QList<int> { 3 }); // the sentence of this step is the highlighted one
    QCOMPARE(window.resultPane()->rowsModel()->rowCount(), 0); // A's row is not committed
    QCOMPARE(window.resultPane()->logModel()->rowCount(), 4);
    screenshot(window, u"step-mode-after-a-insert-and-b-select"_s);

    // B opens its transaction; its INSERT waits for A's write lock.
    QVERIFY(press(window, Qt::Key_2, 5));
    QCOMPARE(panel->statusText(1), insert);
    QVERIFY(press(window, Qt::Key_2, 6));
    QCOMPARE(panel->statusText(1), u"B waits for A's lock"_s);
    QCOMPARE(panel->runButton(1)->text(), u"Time out"_s); // B cannot run; its wait can only time out
    QCOMPARE(narration->texts().constLast(), u"B waits for A's lock"_s);
    const int linesWhileWaiting = int(narration->texts().size());
    screenshot(window, u"step-mode-b-waits"_s);
    const Palette::Theme theme = window.theme();
    window.setTheme(Palette::Theme::Dark); // a theme switch mid-run keeps what is shown
    QCOMPARE(panel->statusText(1), u"B waits for A's lock"_s);
    QCOMPARE(narration->texts().constLast(), u"B waits for A's lock"_s);
    QCOMPARE(narration->currentRows(), QList<int> { 5 });
    screenshot(window, u"step-mode-b-waits-dark"_s);
    window.setTheme(theme);

    // A waiting worker cannot be stepped: the key is refused with the reason, nothing changes.
    QTest::keyClick(&window, Qt::Key_2);
    QTRY_VERIFY_WITH_TIMEOUT(!window.stepMode()->job()->isBusy(), 20000);
    QCOMPARE(window.stepMode()->job()->state().history.size(), 6);
    QVERIFY2(panel->hintText().startsWith(u"B waits for A's lock"_s), qPrintable(panel->hintText()));

    // Backspace undoes B's INSERT: B is ready to send it again, the wait is gone from the story.
    QVERIFY(press(window, Qt::Key_Backspace, 5));
    QCOMPARE(panel->statusText(1), insert);
    QVERIFY(panel->runButton(1)->isEnabled());
    QCOMPARE(narration->texts().size(), linesWhileWaiting - 1);
    QVERIFY(!narration->texts().contains(u"B waits for A's lock"_s));
    QCOMPARE(panel->statusText(0), u"COMMIT"_s);

    // Again, then A commits: B's INSERT gets through and hits the unique index.
    QVERIFY(press(window, Qt::Key_2, 6));
    QCOMPARE(panel->statusText(1), u"B waits for A's lock"_s);
    QVERIFY(press(window, Qt::Key_1, 7));
    QCOMPARE(panel->statusText(0), u"finished: created (id 1)"_s);
    QCOMPARE(panel->statusText(1), u"ROLLBACK"_s);
    QCOMPARE(window.resultPane()->rowsModel()->rowCount(), 1);
    const QStringList afterCommit = narration->texts();
    QVERIFY2(afterCommit.contains(u"A inserted the row (id 1) and committed"_s), qPrintable(afterCommit.join(u'\n')));
    QCOMPARE(afterCommit.constLast(),
        u"B's INSERT violates unique constraint race_user_id_uniq: Django rolls back and gets the row A created"_s);
    // The step just taken is in sight, even when the run is wider than the timeline.
    const TimelineLayout& layout = window.resultPane()->timeline()->timelineLayout();
    QVERIFY2(window.resultPane()->timeline()->visibleAxisRange().end >= layout.axisLength() - 0.5,
        qPrintable(u"visible up to %1 of %2"_s.arg(window.resultPane()->timeline()->visibleAxisRange().end)
                       .arg(layout.axisLength())));
    screenshot(window, u"step-mode-integrity-error"_s);

    // B rolls back and gets A's row.
    QVERIFY(press(window, Qt::Key_2, 8));
    QCOMPARE(panel->statusText(1), get);
    QVERIFY(press(window, Qt::Key_2, 9));
    QVERIFY(window.stepMode()->job()->state().finished);
    QCOMPARE(panel->statusText(1), u"finished: got (id 1) after IntegrityError"_s);
    QCOMPARE(narration->texts().mid(narration->texts().size() - 3),
        (QStringList { u"B's re-get found the row A created (id 1)"_s,
            u"B returns the row A created (id 1): created=False, after the IntegrityError"_s,
            u"The table ends with 1 row for user_id='"_s + userId + u"': no duplicate"_s }));

    const RunResult& result = window.resultPane()->result();
    QCOMPARE(result.outcome.rows.size(), 1);
    QCOMPARE(result.outcome.results.size(), 2);
    QCOMPARE(result.outcome.results.at(0).kind, ResultKind::Created);
    QCOMPARE(result.outcome.results.at(1).kind, ResultKind::Got);
    QVERIFY(result.outcome.results.at(1).afterIntegrityError);
    QCOMPARE(result.executed.join(u','), u"A,A,A,B,B,B,A,B,B"_s);
    QCOMPARE(window.resultPane()->rowsModel()->rowCount(), 1);
    QVERIFY(window.resultPane()->verdictLabel()->text().startsWith(u"1 row"_s));
    // Every worker has finished: now the run is judged, as any run is.
    QVERIFY2(window.resultPane()->verdictHeadline()->text().startsWith(u"\u2714 Passed"_s),
        qPrintable(window.resultPane()->verdictHeadline()->text()));
    screenshot(window, u"step-mode-finished"_s);
}

void TestStepMode::keysPressedQuicklyAreAllCarriedOut()
{
    // Faster than the steps run: the requests queue up and run in order.
    MainWindow window;
    QVERIFY(startStepping(window, u"race-unique"_s));
    for (const Qt::Key key : { Qt::Key_1, Qt::Key_1, Qt::Key_1, Qt::Key_2, Qt::Key_Backspace, Qt::Key_2 })
        QTest::keyClick(&window, key);
    QTRY_VERIFY_WITH_TIMEOUT(!window.stepMode()->job()->isBusy(), 20000);
    QCOMPARE(window.stepMode()->job()->state().history, (QList<int> { 0, 0, 0, 1 }));
    QCOMPARE(window.stepMode()->narrationView()->texts().constLast(),
        u"B's SELECT found no row: A has not committed its INSERT yet"_s);
    QCOMPARE(window.stepMode()->panel()->statusText(0), u"COMMIT"_s);

    // F5 with a step still on its way starts over: that step's result belongs to the old run and is dropped.
    const quint64 session = window.stepMode()->job()->currentSession();
    QSignalSpy shown(window.stepMode()->job(), &StepJob::stateChanged);
    QTest::keyClick(&window, Qt::Key_1);
    QTest::keyClick(&window, Qt::Key_F5);
    QVERIFY(window.stepMode()->job()->currentSession() != session);
    QTRY_VERIFY_WITH_TIMEOUT(!window.stepMode()->job()->isBusy() && !shown.isEmpty(), 20000);
    for (const QList<QVariant>& arguments : std::as_const(shown))
        QCOMPARE(arguments.at(0).value<StepState>().session, window.stepMode()->job()->currentSession());
    QCOMPARE(window.stepMode()->job()->state().history, QList<int> {});
    QVERIFY(window.stepMode()->narrationView()->texts().isEmpty());
}

void TestStepMode::aWaitingWorkerNamesItsHolder_data()
{
    QTest::addColumn<QString>("example");
    QTest::addColumn<QList<int>>("keys"); // worker numbers, 1-based
    QTest::addColumn<QString>("waiting");

    QTest::newRow("a_second_insert_waits_for_the_first_writer")
        << u"race-unique"_s << QList<int> { 1, 2, 1, 2, 1, 2 } << u"B waits for A's lock"_s;
    QTest::newRow("a_table_lock_makes_the_second_request_wait")
        << u"lock-table"_s << QList<int> { 1, 2 } << u"B waits for A's lock"_s;
}

void TestStepMode::aWaitingWorkerNamesItsHolder()
{
    QFETCH(QString, example);
    QFETCH(QList<int>, keys);
    QFETCH(QString, waiting);
    MainWindow window;
    QVERIFY(startStepping(window, example));
    for (int i = 0; i < keys.size(); ++i)
        QVERIFY(press(window, Qt::Key(Qt::Key_0 + keys.at(i)), i + 1));
    QCOMPARE(window.stepMode()->panel()->statusText(1), waiting);
    QCOMPARE(window.stepMode()->narrationView()->texts().constLast(), waiting);
    QVERIFY(!window.stepMode()->panel()->breakDeadlockButton()->isVisible());
}

void TestStepMode::stepsOnAServer_data()
{
    test::addDatabaseColumn();
    QTest::newRow("postgresql") << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("mariadb") << int(BackendSpec::Kind::Mysql);
}

void TestStepMode::stepsOnAServer()
{
    // A step that blocks on a server returns once the monitor has seen the wait: the window stays responsive and
    // names the holder.
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(s, test::example(u"race-unique"_s), kind);
    MainWindow window;
    QString error;
    QVERIFY2(window.setDatabase(test::serverUrl(kind), &error), qPrintable(error));
    QVERIFY(startStepping(window, u"race-unique"_s));
    QCOMPARE(window.stepMode()->job()->state().snapshot.backend.kind, BackendSpec::kindName(kind));
    int steps = 0;
    for (const Qt::Key key : { Qt::Key_1, Qt::Key_2, Qt::Key_1, Qt::Key_2, Qt::Key_1, Qt::Key_2 })
        QVERIFY(press(window, key, ++steps));
    QCOMPARE(window.stepMode()->panel()->statusText(1), u"B waits for A's lock"_s);
    QCOMPARE(window.stepMode()->narrationView()->texts().constLast(), u"B waits for A's lock"_s);
    const qsizetype toldBefore = window.stepMode()->narrationView()->texts().size();
    QVERIFY(press(window, Qt::Key_1, ++steps)); // A commits: B's INSERT fails on the unique index
    // The server may answer B's INSERT before A's COMMIT returns to A: the step's lines come in either order.
    const QStringList told = window.stepMode()->narrationView()->texts().mid(toldBefore);
    const QString violation = u"B's INSERT violates unique constraint race_user_id_uniq: Django rolls back"_s;
    QVERIFY2(std::ranges::any_of(told, [&](const QString& line) { return line.startsWith(violation); }),
        qPrintable(told.join(u'\n')));
    QVERIFY2(told.contains(u"A inserted the row (id 1) and committed"_s), qPrintable(told.join(u'\n')));
    QVERIFY(press(window, Qt::Key_Backspace, steps - 1)); // undo by replay works on a server too
    QCOMPARE(window.stepMode()->panel()->statusText(1), u"B waits for A's lock"_s);
    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!window.isRunning());
}

void TestStepMode::everyWorkerWaitingOffersToBreakTheDeadlock()
{
    MainWindow window;
    QVERIFY(startStepping(window, u"race-no-unique"_s));
    // A connection outside the run holds the write lock: both INSERTs wait, nothing in the run can move.
    const QString path = window.stepMode()->job()->state().snapshot.backend.location;
    QVERIFY(QFile::exists(path));
    sqlite3* outsider = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &outsider), SQLITE_OK);
    QCOMPARE(sqlite3_exec(outsider, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

    int steps = 0;
    for (const Qt::Key key : { Qt::Key_1, Qt::Key_2, Qt::Key_1, Qt::Key_2, Qt::Key_1, Qt::Key_2 })
        QVERIFY(press(window, key, ++steps));
    QVERIFY(window.stepMode()->job()->state().deadlocked);
    QVERIFY(window.stepMode()->panel()->breakDeadlockButton()->isVisible());
    QCOMPARE(window.stepMode()->panel()->statusText(0), u"A waits for a lock held outside the run"_s);
    screenshot(window, u"step-mode-deadlock"_s);

    QVERIFY(press(window, Qt::Key_D, ++steps)); // A, which waited longest, gives up
    QVERIFY(!window.stepMode()->job()->state().deadlocked);
    QCOMPARE(window.stepMode()->panel()->statusText(0), u"ROLLBACK"_s);
    QVERIFY2(window.stepMode()->narrationView()->texts().contains(
                 u"A's INSERT gave up waiting: database is locked (the busy timeout elapsed)"_s),
        qPrintable(window.stepMode()->narrationView()->texts().join(u'\n')));

    QCOMPARE(sqlite3_exec(outsider, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(outsider);
    QTest::keyClick(&window, Qt::Key_Escape); // ends the run; its threads go
    QTRY_VERIFY(!window.isRunning());
}

void TestStepMode::aWaitTimesOutByKeyAndByButton_data()
{
    test::addDatabaseColumn();
    QTest::addColumn<bool>("byButton");
    QTest::addColumn<QString>("error"); // the timeout's own error, as the log shows it
    QTest::newRow("t_key_on_sqlite") << int(BackendSpec::Kind::Sqlite) << false << u"database is locked"_s;
    QTest::newRow("time_out_button_on_sqlite") << int(BackendSpec::Kind::Sqlite) << true << u"database is locked"_s;
    QTest::newRow("t_key_on_postgresql") << int(BackendSpec::Kind::Postgresql) << false
                                         << u"canceling statement due to lock timeout"_s;
    QTest::newRow("t_key_on_mariadb") << int(BackendSpec::Kind::Mysql) << false
                                      << u"Lock wait timeout exceeded; try restarting transaction"_s;
}

void TestStepMode::aWaitTimesOutByKeyAndByButton()
{
    QFETCH(int, database);
    QFETCH(bool, byButton);
    QFETCH(QString, error);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(s, test::example(u"race-unique"_s), kind);
    MainWindow window;
    if (kind != BackendSpec::Kind::Sqlite) {
        QString why;
        QVERIFY2(window.setDatabase(test::serverUrl(kind), &why), qPrintable(why));
    }
    QVERIFY(startStepping(window, u"race-unique"_s));
    int steps = 0;
    QVERIFY(press(window, Qt::Key_T, steps)); // nothing waits yet: refused, no step taken
    QCOMPARE(window.stepMode()->job()->state().refused, u"No wait to time out: no worker is waiting for a lock"_s);
    for (const Qt::Key key : { Qt::Key_1, Qt::Key_2, Qt::Key_1, Qt::Key_2, Qt::Key_1, Qt::Key_2 })
        QVERIFY(press(window, key, ++steps));
    QCOMPARE(window.stepMode()->panel()->statusText(1), u"B waits for A's lock"_s);
    QPushButton* button = window.stepMode()->panel()->runButton(1);
    QCOMPARE(button->text(), u"Time out"_s);
    QVERIFY(button->isEnabled());
    QVERIFY(window.stepMode()->panel()->hintText().contains(u"T times a wait out"_s));
    if (byButton) {
        button->click();
        ++steps;
        QTRY_VERIFY_WITH_TIMEOUT(
            !window.stepMode()->job()->isBusy() && window.stepMode()->job()->state().history.size() == steps, 20000);
    } else {
        QVERIFY(press(window, Qt::Key_T, ++steps));
    }
    QCOMPARE(window.stepMode()->job()->state().history.constLast(), ScriptStep::giveUp(1));
    QCOMPARE(
        window.stepMode()->panel()->statusText(1), u"ROLLBACK"_s); // B's INSERT failed: Django's atomic() rolls back
    QCOMPARE(window.stepMode()->panel()->runButton(1)->text(), u"Run"_s);
    const Trace& trace = window.stepMode()->job()->state().snapshot.trace;
    const auto insert = std::find_if(trace.events.cbegin(), trace.events.cend(), [&](const TraceEvent& e) {
        return e.kind == EventKind::Statement && e.worker == 1 && trace.sql(e).startsWith(u"INSERT"_s);
    });
    QVERIFY(insert != trace.events.cend());
    QCOMPARE(insert->error.message, error);
    if (kind == BackendSpec::Kind::Sqlite)
        screenshot(window, u"step-mode-timed-out"_s);
    QTest::keyClick(&window, Qt::Key_Escape);
    QTRY_VERIFY(!window.isRunning());
}

void TestStepMode::escStopsAndF5StartsOver()
{
    MainWindow window;
    QVERIFY(startStepping(window, u"race-unique"_s));
    QVERIFY(press(window, Qt::Key_1, 1));
    QVERIFY(window.actions()->stop()->isEnabled());
    QVERIFY(window.isRunning());

    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!window.stepMode()->job()->isActive());
    QVERIFY(!window.isRunning());
    QVERIFY(!window.actions()->stop()->isEnabled());
    QVERIFY(!window.stepMode()->panel()->runButton(0)->isEnabled());
    // What was shown stays, to be read; keys do nothing now.
    QCOMPARE(window.stepMode()->narrationView()->texts().size(), 1);
    QTest::keyClick(&window, Qt::Key_2);
    QVERIFY(!window.stepMode()->job()->isBusy());

    // F5 starts over on a fresh database; F5 during a run starts over too.
    QTest::keyClick(&window, Qt::Key_F5);
    QTRY_VERIFY_WITH_TIMEOUT(window.stepMode()->job()->isActive() && !window.stepMode()->job()->isBusy(), 20000);
    QCOMPARE(window.stepMode()->job()->state().history, QList<int> {});
    QCOMPARE(window.stepMode()->panel()->statusText(0), get);
    QVERIFY(window.stepMode()->narrationView()->texts().isEmpty());
    QVERIFY(press(window, Qt::Key_2, 1));
    const quint64 session = window.stepMode()->job()->currentSession();
    QTest::keyClick(&window, Qt::Key_F5);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.stepMode()->job()->currentSession() != session && !window.stepMode()->job()->isBusy(), 20000);
    QCOMPARE(window.stepMode()->job()->state().history, QList<int> {});

    // Leaving step mode ends the step run.
    window.setScheduleMode(ScheduleSpec::Mode::Free);
    QVERIFY(!window.stepMode()->job()->isActive());
    QVERIFY(!window.stepMode()->panel()->isVisible());
}

void TestStepMode::presenterModeTogglesAndRestores()
{
    MainWindow window;
    QVERIFY(startStepping(window, u"race-unique"_s));
    for (int steps = 1; steps <= 4; ++steps)
        QVERIFY(press(window, steps < 4 ? Qt::Key_1 : Qt::Key_2, steps));
    // Halfway, no verdict yet: the workers that have not finished are not failures, and nothing is red.
    QLabel* headline = window.resultPane()->verdictHeadline();
    QVERIFY2(
        headline->text().contains(u"the verdict comes when every worker has finished"_s), qPrintable(headline->text()));
    QVERIFY(!headline->text().contains(u"Failed"_s));
    QCOMPARE(window.resultPane()->findingsModel()->rowCount(), 0);
    const auto& badges = window.resultPane()->timeline()->timelineLayout().badges();
    QVERIFY(!badges.isEmpty());
    QCOMPARE(badges.constLast().role, Palette::Role::Success); // the table's badge
    const QRect geometry = window.geometry();
    const qreal pointSize = window.font().pointSizeF();
    const double scale = PresenterMode::scaleFor(window.font());
    QVERIFY(scale >= 1.6);
    const Palette::Theme theme = window.theme();
    QVERIFY(theme != Palette::Theme::HighContrast);
    auto* toolBar = window.findChild<QToolBar*>(u"mainToolBar"_s);
    QVERIFY(toolBar && toolBar->isVisible());
    QVERIFY(window.resultPane()->logView()->isVisible());
    QVERIFY(window.statusBar()->isVisible());

    QTest::keyClick(&window, Qt::Key_F11);
    QVERIFY(window.isPresenterMode());
    QVERIFY(window.actions()->presenter()->isChecked());
    QVERIFY(window.isFullScreen());
    QCOMPARE(window.theme(), Palette::Theme::HighContrast);
    QCOMPARE(window.font().pointSizeF(), pointSize * scale);
    QVERIFY(window.font().pointSizeF() >= PresenterMode::minimumPointSize);
    QVERIFY(!toolBar->isVisible());
    QVERIFY(!window.statusBar()->isVisible());
    QVERIFY(!window.menuBar()->isVisible());
    QVERIFY(!window.resultPane()->logView()->isVisible());
    QVERIFY(window.resultPane()->timeline()->isVisible());
    QVERIFY(window.resultPane()->rowsView()->isVisible());
    QVERIFY(window.stepMode()->narrationView()->isVisible());
    QVERIFY(window.stepMode()->panel()->isVisible());
    // The keys still step in presenter mode.
    QVERIFY(press(window, Qt::Key_2, 5));
    screenshot(window, u"presenter-mode"_s);

    QTest::keyClick(&window, Qt::Key_Escape); // leaves presenter mode; the step run goes on
    QVERIFY(!window.isPresenterMode());
    QVERIFY(!window.actions()->presenter()->isChecked());
    QVERIFY(window.stepMode()->job()->isActive());
    QVERIFY(!window.isFullScreen());
    QCOMPARE(window.theme(), theme);
    QCOMPARE(window.font().pointSizeF(), pointSize);
    QTRY_COMPARE(window.geometry(), geometry);
    QVERIFY(toolBar->isVisible());
    QVERIFY(window.statusBar()->isVisible());
    QVERIFY(window.menuBar()->isVisible());
    QVERIFY(window.resultPane()->logView()->isVisible());
    QVERIFY(window.stepMode()->narrationView()->isVisible());

    // F11 twice is the same round trip; Esc now stops the run.
    QTest::keyClick(&window, Qt::Key_F11);
    QVERIFY(window.isPresenterMode());
    QTest::keyClick(&window, Qt::Key_F11);
    QVERIFY(!window.isPresenterMode());
    QCOMPARE(window.theme(), theme);
    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!window.stepMode()->job()->isActive());
}

void TestStepMode::finishedScriptRunIsNarratedToo()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    QVERIFY(!window.stepMode()->narrationView()->isVisible()); // outside step mode it is asked for
    auto* narrationAction = window.findChild<QAction*>(u"narrationAction"_s);
    QVERIFY(narrationAction);
    narrationAction->trigger();
    QVERIFY(window.stepMode()->narrationView()->isVisible());
    QSignalSpy finished(&window, &MainWindow::runFinished);
    QTest::keyClick(&window, Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    const QStringList lines = window.stepMode()->narrationView()->texts();
    QVERIFY2(
        lines.contains(
            u"B's INSERT violates unique constraint race_user_id_uniq: Django rolls back and gets the row A created"_s),
        qPrintable(lines.join(u'\n')));
    QVERIFY(window.stepMode()->narrationView()->currentRows().isEmpty());
    screenshot(window, u"script-run-with-narration"_s);
}

void TestStepMode::theWholeLessonInOneWindow()
{
    // The issue's "done means", in one window as a new user goes through it: race-unique stepped by keys through
    // the IntegrityError while the narration explains it, then stress with the charts filled, then an SVG.
    MainWindow window;
    QVERIFY(startStepping(window, u"race-unique"_s));
    int steps = 0;
    for (const Qt::Key key :
        { Qt::Key_1, Qt::Key_1, Qt::Key_1, Qt::Key_2, Qt::Key_2, Qt::Key_2, Qt::Key_1, Qt::Key_2, Qt::Key_2 })
        QVERIFY(press(window, key, ++steps));
    const QStringList told = window.stepMode()->narrationView()->texts();
    QVERIFY2(std::ranges::any_of(told,
                 [](const QString& line) {
                     return line.startsWith(u"B's INSERT violates unique constraint race_user_id_uniq"_s)
                         && line.contains(u"Django rolls back"_s);
                 }),
        qPrintable(told.join(u'\n')));
    QCOMPARE(window.stepMode()->panel()->statusText(0), u"finished: created (id 1)"_s);
    QVERIFY2(window.stepMode()->panel()->statusText(1).startsWith(u"finished: got"_s),
        qPrintable(window.stepMode()->panel()->statusText(1)));
    QCOMPARE(window.resultPane()->rowsModel()->rowCount(), 1);

    window.setScheduleMode(ScheduleSpec::Mode::Stress);
    StressPanel* stress = window.stressMode()->panel();
    QVERIFY(stress->isVisible());
    stress->trialsSpin()->setValue(300);
    QSignalSpy finished(&window, &MainWindow::runFinished);
    QTest::keyClick(&window, Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY2(stress->result().ok(), qPrintable(stress->result().error));
    QCOMPARE(stress->distribution().trials(), 300);
    QCOMPARE(stress->distribution().violatedTrials(), 0); // the unique index never lets a second row in
    double bars = 0;
    for (const QBarSet* set : stress->rowsSeries()->barSets())
        bars += set->sum();
    QCOMPARE(bars, 300.0);
    QVERIFY(!window.resultPane()->timeline()->timelineLayout().isEmpty()); // a trial is drawn without a click

    QVERIFY(window.actions()->exportTimeline()->isEnabled());
    QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::Key_E));
    ExportDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<ExportDialog*>()) && dialog->isVisible());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"race-unique.svg"_s);
    dialog->setFileName(path);
    dialog->accept();
    QFile svg(path);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray text = svg.readAll();
    QVERIFY(text.contains("<svg"));
    QVERIFY(text.contains(window.document()->scenario().name.toHtmlEscaped().toUtf8()));
    QVERIFY(text.contains("INSERT"));
}

void TestStepMode::seenByBHidesAsUncommittedInsert()
{
    MainWindow window;
    window.resize(1280, 800);
    QVERIFY(startStepping(window, u"race-unique"_s));
    // A gets nothing and inserts (not committed yet); B's SELECT finds nothing.
    for (int steps = 1; steps <= 4; ++steps)
        QVERIFY(press(window, steps < 4 ? Qt::Key_1 : Qt::Key_2, steps));
    SessionChooser* chooser = window.resultPane()->sessionChooser();
    RowsModel* rows = window.resultPane()->rowsModel();
    QVERIFY(chooser->isVisible());
    QCOMPARE(chooser->chooser()->count(), 3); // everyone, A, B
    QCOMPARE(rows->rowCount(), 0); // the committed table: A's row is not in it yet
    chooser->chooser()->setCurrentIndex(2); // B
    QVERIFY(rows->showsSession());
    QCOMPARE(rows->rowCount(), 1);
    QVERIFY(rows->isHidden(0));
    QCOMPARE(rows->headerData(rows->insertedByColumn(), Qt::Horizontal).toString(), u"B sees it"_s);
    QVERIFY2(rows->index(0, 1).data(Qt::ToolTipRole).toString().startsWith(u"not visible to B: A has not committed"_s),
        qPrintable(rows->index(0, 1).data(Qt::ToolTipRole).toString()));
    QVERIFY(!window.resultPane()->rowsView()->isRowHidden(0));
    QVERIFY(chooser->mismatches().isEmpty());
    QVERIFY(!chooser->mismatchLabel()->isVisible());
    screenshot(window, u"step-mode-seen-by-b"_s);
    chooser->chooser()->setCurrentIndex(1); // A sees its own row
    QCOMPARE(rows->rowCount(), 1);
    QVERIFY(!rows->isHidden(0));
    QCOMPARE(rows->index(0, rows->insertedByColumn()).data().toString(), u"yes: its own, not committed"_s);
    // The choice stays with the next step: A commits, and B would see the row now.
    chooser->chooser()->setCurrentIndex(2);
    QVERIFY(press(window, Qt::Key_1, 5));
    QCOMPARE(chooser->viewer(), 1);
    QCOMPARE(rows->rowCount(), 1);
    QVERIFY(!rows->isHidden(0));
    chooser->chooser()->setCurrentIndex(0);
    QVERIFY(!rows->showsSession());
}

void TestStepMode::aReachedChallengeOffersTheNext()
{
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto* menu = window.findChild<QMenu*>(u"challengesMenu"_s);
    QVERIFY(menu);
    QCOMPARE(menu->actions().size(), 5);
    menu->actions().constFirst()->trigger(); // the first challenge: two rows
    QCOMPARE(window.scheduleMode(), ScheduleSpec::Mode::Step);
    StepPanel* panel = window.stepMode()->panel();
    QCOMPARE(panel->goalText(), u"Goal: Make the table end with 2 rows"_s);
    QTest::keyClick(&window, Qt::Key_F5);
    QTRY_VERIFY_WITH_TIMEOUT(window.stepMode()->job()->isActive() && !window.stepMode()->job()->isBusy()
            && window.stepMode()->job()->state().hasRun(),
        20000);
    QCOMPARE(panel->goalStatusText(), u"0 steps"_s);
    // Both get nothing, then each creates its row; the goal is reached at the last step, not before.
    const QList<Qt::Key> keys { Qt::Key_1, Qt::Key_2, Qt::Key_1, Qt::Key_1, Qt::Key_1, Qt::Key_2, Qt::Key_2,
        Qt::Key_2 };
    for (int i = 0; i < keys.size(); ++i) {
        QVERIFY(!panel->nextChallengeButton()->isVisible());
        QVERIFY(press(window, keys.at(i), i + 1));
    }
    QCOMPARE(panel->goalStatusText(), u"\u2714 Goal reached in 8 steps"_s);
    QVERIFY(panel->nextChallengeButton()->isVisible());
    screenshot(window, u"challenge-goal-reached"_s);
    // Backspace takes the last step back: not reached any more.
    QVERIFY(press(window, Qt::Key_Backspace, 7));
    QCOMPARE(panel->goalStatusText(), u"7 steps"_s);
    QVERIFY(!panel->nextChallengeButton()->isVisible());
    QVERIFY(press(window, Qt::Key_2, 8));
    QVERIFY(panel->nextChallengeButton()->isVisible());
    // PageDown (no lesson is playing) does what the button does.
    QTest::keyClick(&window, Qt::Key_PageDown);
    QTRY_COMPARE(window.document()->scenario().name, u"Challenge 2: the IntegrityError that saves the day"_s);
    QCOMPARE(panel->goalText(), u"Goal: Make B's INSERT fail, then its re-get find A's row"_s);
    QCOMPARE(window.scheduleMode(), ScheduleSpec::Mode::Step);
}

void TestStepMode::presenterFontsReachEveryStepPanelLine()
{
    MainWindow window;
    window.resize(1920, 1080);
    QVERIFY(startStepping(window, u"race-unique"_s));
    // A ready statement (parameters included), a waiting worker and a finished one, all on screen at once.
    for (int steps = 1; steps <= 4; ++steps)
        QVERIFY(press(window, Qt::Key_1, steps));
    QVERIFY(window.stepMode()->panel()->statusText(0).startsWith(u"finished: "_s));
    QTest::keyClick(&window, Qt::Key_F11);
    QVERIFY(window.isPresenterMode());
    QFont minimum = window.font();
    minimum.setPointSizeF(PresenterMode::minimumPointSize);
    const int minimumPixels = QFontInfo(minimum).pixelSize();
    const int minimumHeight = QFontMetrics(minimum).height();
    for (QLabel* label : window.stepMode()->panel()->textLabels()) {
        if (label->text().isEmpty())
            continue;
        const QString what = label->text().left(40)
            + u": %1 px, %2 px high"_s.arg(label->fontInfo().pixelSize()).arg(label->sizeHint().height());
        QVERIFY2(label->fontInfo().pixelSize() >= minimumPixels, qPrintable(what));
        // What is drawn, rich text included, is as tall as the presenter font's lines.
        QVERIFY2(label->sizeHint().height() >= minimumHeight, qPrintable(what));
    }
    screenshot(window, u"presenter-step-panel"_s);
    QTest::keyClick(&window, Qt::Key_F11);
    QVERIFY(!window.isPresenterMode());
}

QTEST_MAIN(TestStepMode)
#include "tst_stepmode.moc"
