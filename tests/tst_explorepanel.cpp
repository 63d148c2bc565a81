// SPDX-License-Identifier: MIT
#include "explorejob.h"
#include "exploremode.h"
#include "explorepanel.h"
#include "interleaveprocess.h"
#include "mainwindow.h"
#include "outcomeclassesmodel.h"
#include "racescenario.h"
#include "resultpane.h"
#include "rowsmodel.h"
#include "scenariodocument.h"
#include "timebounds.h"
#include "timelineview.h"
#include "windowactions.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;

// ExploreJob on its thread, and the window's explore mode driven as a person would, on real SQLite files.
class TestExplorePanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void jobReportsProgressOnTheGuiThread();
    void cancelStopsPromptlyWithAPartialResult();
    void aSupersededExplorationIsDropped();
    void discardDropsTheResult();
    void windowExploresRaceUniqueIntoTwoClasses_data();
    void windowExploresRaceUniqueIntoTwoClasses();
    void escapeStopsTheExplorationInTheWindow();
    void duplicateClassesAreMarkedInTheWindow();
    void everyScheduleIsCountedOnRequest_data();
    void everyScheduleIsCountedOnRequest();

private:
    void screenshot(QWidget& window, const QString& name);
    static Scenario longExploration() { return test::example(u"ten-threads"_s); }
};

void TestExplorePanel::initTestCase()
{
    qRegisterMetaType<interleave::ExploreResult>();
    qRegisterMetaType<interleave::ExploreProgress>();
}

void TestExplorePanel::screenshot(QWidget& window, const QString& name)
{
    // For people to look at (STYLE.md: a GUI change is looked at), not compared.
    const QString dir = qEnvironmentVariable("INTERLEAVE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QCoreApplication::processEvents();
    const QString path = QDir(dir).filePath(name + u".png"_s);
    QVERIFY2(window.grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

void TestExplorePanel::jobReportsProgressOnTheGuiThread()
{
    ExploreJob job;
    job.setProgressIntervalMs(20);
    QSignalSpy progress(&job, &ExploreJob::progress);
    QSignalSpy finished(&job, &ExploreJob::finished);
    QThread* progressThread = nullptr;
    connect(&job, &ExploreJob::progress, this, [&progressThread] { progressThread = QThread::currentThread(); });
    ExploreOptions options;
    options.maxSchedules = 100;
    job.start(test::raceScenario(4, false), options); // millions of schedules, cut at 100
    QVERIFY(job.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(progress.size() >= 1, 30000);
    QCOMPARE(progressThread, QThread::currentThread());
    const auto first = progress.first().at(0).value<ExploreProgress>();
    QVERIFY(first.estimate > 100); // ten workers: far more schedules than the limit
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000);
    const auto result = finished.first().first().value<ExploreResult>();
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.explored + result.pruned, 100); // the limit counts every schedule run, abandoned ones too
    QVERIFY(!result.complete);
    QVERIFY(progress.last().at(1).toDouble() > 0); // schedules per second
    QTRY_COMPARE_WITH_TIMEOUT(job.threadCount(), 0, 10000);
}

void TestExplorePanel::cancelStopsPromptlyWithAPartialResult()
{
    ExploreJob job;
    job.setProgressIntervalMs(20);
    QSignalSpy progress(&job, &ExploreJob::progress);
    QSignalSpy finished(&job, &ExploreJob::finished);
    job.start(longExploration()); // 10,000 schedules: far longer than this test waits
    QTRY_VERIFY_WITH_TIMEOUT(
        progress.size() >= 1 && progress.last().first().value<ExploreProgress>().explored > 0, 30000);
    QElapsedTimer clock;
    clock.start();
    job.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed()))); // loose: a loaded CI machine
    const auto result = finished.first().first().value<ExploreResult>();
    QVERIFY(result.cancelled);
    QVERIFY(result.explored > 0 && result.explored < 10000);
    QVERIFY(!result.classes.isEmpty()); // what was found so far
    QVERIFY(!job.isRunning());
}

void TestExplorePanel::aSupersededExplorationIsDropped()
{
    ExploreJob job;
    QSignalSpy finished(&job, &ExploreJob::finished);
    job.start(longExploration());
    job.start(test::example(u"race-unique"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(job.threadCount(), 0, 60000);
    QCOMPARE(finished.size(), 1);
    const auto result = finished.first().first().value<ExploreResult>();
    QVERIFY(!result.cancelled);
    QCOMPARE(result.classes.size(), 3); // race-unique's (with SQLite's busy timeout), not ten-threads'
}

void TestExplorePanel::discardDropsTheResult()
{
    ExploreJob job;
    QSignalSpy finished(&job, &ExploreJob::finished);
    QSignalSpy running(&job, &ExploreJob::runningChanged);
    job.start(longExploration());
    job.discard();
    QVERIFY(!job.isRunning());
    QCOMPARE(running.size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(job.threadCount(), 0, 60000);
    QCOMPARE(finished.size(), 0);
}

void TestExplorePanel::windowExploresRaceUniqueIntoTwoClasses_data()
{
    QTest::addColumn<Palette::Theme>("theme");
    QTest::newRow("light") << Palette::Theme::Light;
    QTest::newRow("dark") << Palette::Theme::Dark;
}

void TestExplorePanel::windowExploresRaceUniqueIntoTwoClasses()
{
    QFETCH(Palette::Theme, theme);
    MainWindow window;
    window.setTheme(theme);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Explore);
    ExplorePanel* panel = window.exploreMode()->panel();
    QVERIFY(panel && panel->isVisible());
    QCOMPARE(window.findChild<QStackedWidget*>(u"bottomStack"_s)->currentWidget(), panel);
    QAbstractItemModelTester tester(panel->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    QSignalSpy finished(&window, &MainWindow::runFinished);
    QTest::keyClick(&window, Qt::Key_F5);
    QVERIFY(window.isRunning() || finished.size() == 1);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY(!window.isRunning());
    QVERIFY(window.actions()->run()->isEnabled());
    QCOMPARE(panel->model()->rowCount(), 3); // got, got after IntegrityError, and Busy: B's INSERT timed out
    QVERIFY2(panel->result().complete, qPrintable(panel->result().error));
    // Done, the timeline shows a class without a click: race-unique never duplicates, so the first one with another
    // violation (B's INSERT timed out: a request that failed), else the most frequent one.
    int telling = 0;
    for (int row = panel->model()->rowCount() - 1; row >= 0; --row)
        if (panel->model()->outcomeClass(row).failed)
            telling = row;
    QCOMPARE(panel->view()->currentIndex().row(), telling);
    // One box per statement: a timeout(B) step of the example is no statement.
    const auto statements = [](const QStringList& example) {
        return std::count_if(
            example.cbegin(), example.cend(), [](const QString& step) { return !step.startsWith(u"timeout("_s); });
    };
    QCOMPARE(window.resultPane()->timeline()->timelineLayout().boxes().size(),
        statements(panel->model()->outcomeClass(telling).example));
    QVERIFY(window.actions()->exportTimeline()->isEnabled());

    // Each class: a click draws its example in the timeline; the scenario's script stays until Replay.
    const QString script = window.document()->scenario().schedule.scriptText();
    for (int row : { 2, 1, 0 }) {
        const OutcomeClass& c = panel->model()->outcomeClass(row);
        if (c.summary.contains(u"Busy"_s))
            continue; // B gave up: no re-get, no "got" badge
        QTableView* view = panel->view();
        const QRect cell = view->visualRect(panel->model()->index(row, OutcomeClassesModel::Rows));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(view->currentIndex().row(), row);
        const TimelineLayout& layout = window.resultPane()->timeline()->timelineLayout();
        QCOMPARE(layout.boxes().size(), statements(c.example)); // one box per statement of the schedule
        QStringList labels;
        for (const auto& box : layout.boxes())
            labels.append(layout.boxLabel(box));
        const bool integrityError = c.summary.contains(u"after IntegrityError"_s);
        QVERIFY2(labels.contains(u"SELECT · 0 rows"_s), qPrintable(labels.join(u" | "_s)));
        QCOMPARE(labels.contains(u"INSERT ✕ IntegrityError"_s), integrityError);
        QVERIFY2(labels.contains(u"SELECT · 1 row"_s), qPrintable(labels.join(u" | "_s)));
        QCOMPARE(layout.badges().at(1).text, integrityError ? u"got (after IntegrityError)"_s : u"got"_s);
        QCOMPARE(window.actions()->scriptEdit()->text(), script);
        QCOMPARE(window.resultPane()->rowsModel()->rowCount(), 1);
    }
    screenshot(window, u"explore-race-unique-"_s + Palette::themeName(theme).toLower().replace(u' ', u'-'));

    QVERIFY2(panel->detailLabel()->text().contains(panel->model()->outcomeClass(0).example.join(u',')),
        qPrintable(panel->detailLabel()->text()));

    // "Replay as script" switches to Script mode with the chosen class's schedule; Run replays it.
    QVERIFY(panel->replayButton()->isEnabled());
    QTest::mouseClick(panel->replayButton(), Qt::LeftButton);
    QCOMPARE(window.scheduleMode(), ScheduleSpec::Mode::Script);
    QCOMPARE(window.actions()->scriptEdit()->text(), panel->model()->outcomeClass(0).example.join(u','));
    QVERIFY(!window.document()->isModified()); // a view choice: the file's schedule changes only when saved
    QCOMPARE(window.findChild<QStackedWidget*>(u"bottomStack"_s)->currentIndex(), 0);
    window.actions()->run()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 60000);
    QCOMPARE(window.resultPane()->result().executed, panel->model()->outcomeClass(0).example);
}

void TestExplorePanel::escapeStopsTheExplorationInTheWindow()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"ten-threads"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Explore);
    ExplorePanel* panel = window.exploreMode()->panel();
    panel->job()->setProgressIntervalMs(20);
    QSignalSpy progress(panel->job(), &ExploreJob::progress);
    QSignalSpy finished(&window, &MainWindow::runFinished);
    window.actions()->run()->trigger();
    QVERIFY(window.isRunning());
    QVERIFY(window.actions()->stop()->isEnabled());
    QVERIFY(!window.actions()->run()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(progress.size() >= 2, 30000);
    QVERIFY(panel->progressBar()->isVisible());
    QVERIFY2(panel->statusLabel()->text().contains(u"schedules/s"_s), qPrintable(panel->statusLabel()->text()));
    screenshot(window, u"explore-ten-threads-running"_s);
    QTest::keyClick(&window, Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, interleave::test::boundMs(5000)); // how fast: bench_stop
    QVERIFY(panel->result().cancelled);
    QVERIFY(panel->model()->rowCount() >= 1);
    QVERIFY(window.actions()->run()->isEnabled());
    QVERIFY2(panel->statusLabel()->text().contains(u"stopped"_s), qPrintable(panel->statusLabel()->text()));
}

void TestExplorePanel::duplicateClassesAreMarkedInTheWindow()
{
    MainWindow window;
    window.setTheme(Palette::Theme::Light);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"race-no-unique"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Explore);
    QSignalSpy finished(&window, &MainWindow::runFinished);
    window.actions()->run()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    OutcomeClassesModel* model = window.exploreMode()->panel()->model();
    QVERIFY(model->rowCount() >= 2);
    int violated = -1;
    for (int row = 0; row < model->rowCount(); ++row) {
        // Red for duplicates and for any other violation (SQLite's Busy: a request that failed).
        const OutcomeClass& c = model->outcomeClass(row);
        const bool duplicate = c.violated;
        QCOMPARE(model->index(row, OutcomeClassesModel::Rows).data(Qt::ForegroundRole).isValid(),
            duplicate || bool(c.failed));
        QCOMPARE(c.failed.testFlag(CheckFamily::Duplicates), duplicate);
        QCOMPARE(c.failed.testFlag(CheckFamily::Errors), c.results.contains(u"Busy"_s));
        if (duplicate && violated < 0)
            violated = row;
    }
    QVERIFY(violated >= 0);
    QCOMPARE(model->index(violated, OutcomeClassesModel::Rows).data(Qt::ForegroundRole).value<QColor>(),
        Palette(Palette::Theme::Light).color(Palette::Role::ErrorForeground));
    QCOMPARE(window.exploreMode()->panel()->view()->currentIndex().row(), violated); // the duplicates, chosen when done
    QVERIFY(window.exploreMode()->panel()->chooseClass(violated));
    QCOMPARE(window.resultPane()->timeline()->timelineLayout().rowMarkers().size(), 2);
    QVERIFY(window.resultPane()->timeline()->timelineLayout().rowMarkers().first().duplicate);
    screenshot(window, u"explore-race-no-unique-light"_s);
}

void TestExplorePanel::everyScheduleIsCountedOnRequest_data()
{
    QTest::addColumn<bool>("everyFirst"); // the check box's setting for the first run; the second run flips it
    QTest::newRow("reduced_shares_on_race_no_unique_then_every_order") << false;
    QTest::newRow("every_order_on_race_no_unique_then_reduced_shares") << true;
}

// The lesson counts every order (the command line's --no-reduction); the panel counts distinct schedules unless
// "Count every schedule" is ticked, says which in the share column, and once both have run names both.
void TestExplorePanel::everyScheduleIsCountedOnRequest()
{
    QFETCH(bool, everyFirst);
    static const qint64 cliEveryOrder = [] {
        const InterleaveRun run =
            runInterleave({ u"run"_s, u"example:race-no-unique"_s, u"--explore"_s, u"--no-reduction"_s, u"--json"_s });
        if (!run.problem.isEmpty() || run.exitCode > 1)
            return qint64(-1);
        return QJsonDocument::fromJson(run.out.toUtf8())
            .object()
            .value(u"explore"_s)
            .toObject()
            .value(u"explored"_s)
            .toInteger(-1);
    }();
    QVERIFY2(cliEveryOrder > 0, "interleave run example:race-no-unique --explore --no-reduction --json");

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"race-no-unique"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Explore);
    ExplorePanel* panel = window.exploreMode()->panel();
    QAbstractItemModelTester tester(panel->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCheckBox* every = panel->everyScheduleBox();
    QVERIFY(every && every->isVisible());
    QVERIFY(!every->isChecked()); // distinct schedules by default: fast
    QSignalSpy finished(&window, &MainWindow::runFinished);

    qint64 explored[2] = { 0, 0 }; // [every order?]
    for (const bool everyOrder : { everyFirst, !everyFirst }) {
        every->setChecked(everyOrder);
        window.actions()->run()->trigger();
        QVERIFY(!every->isEnabled()); // not while it runs: the count would not say which it is
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), everyOrder == everyFirst ? 1 : 2, 60000);
        QVERIFY(every->isEnabled());
        const ExploreResult& result = panel->result();
        QVERIFY2(result.error.isEmpty() && result.complete, qPrintable(result.error));
        QCOMPARE(result.reduced, !everyOrder);
        qint64 sum = 0;
        for (int row = 0; row < panel->model()->rowCount(); ++row)
            sum += panel->model()->outcomeClass(row).count;
        QCOMPARE(sum, result.explored);
        explored[everyOrder] = result.explored;
        QCOMPARE(panel->model()->headerData(OutcomeClassesModel::Share, Qt::Horizontal).toString(),
            everyOrder ? u"Share of all orders"_s : u"Share of distinct schedules"_s);
        const QString status = panel->statusLabel()->text();
        QVERIFY2(status.startsWith(
                     QLocale().toString(result.explored) + (everyOrder ? u" orders, "_s : u" distinct schedules, "_s)),
            qPrintable(status));
        const bool both = everyOrder != everyFirst;
        QCOMPARE(status.contains(u" of all %1 orders"_s.arg(QLocale().toString(explored[1]))), everyOrder || both);
        QCOMPARE(
            status.contains(u" of %1 distinct schedules"_s.arg(QLocale().toString(explored[0]))), !everyOrder || both);
        QVERIFY2(status.contains(u"duplicate rows in "_s), qPrintable(status));
        QVERIFY2(panel->detailLabel()->text().contains(u" of %1 %2 ended this way"_s.arg(
                     QLocale().toString(result.explored), everyOrder ? u"orders"_s : u"distinct schedules"_s)),
            qPrintable(panel->detailLabel()->text()));
        screenshot(window, everyOrder ? u"explore-every-order"_s : u"explore-distinct-schedules"_s);
    }
    QCOMPARE(explored[1], cliEveryOrder); // what the lesson's command prints
    QVERIFY2(explored[0] < explored[1], qPrintable(u"%1 < %2"_s.arg(explored[0]).arg(explored[1])));
}

QTEST_MAIN(TestExplorePanel)
#include "tst_explorepanel.moc"
