// SPDX-License-Identifier: MIT
#include "exploremode.h"
#include "explorepanel.h"
#include "mainwindow.h"
#include "outcomeclassesmodel.h"
#include "racescenario.h"
#include "resultpane.h"
#include "rowsmodel.h"
#include "scenariodocument.h"
#include "stressjob.h"
#include "stressmode.h"
#include "stresspanel.h"
#include "stresssweep.h"
#include "testdatabases.h"
#include "timebounds.h"
#include "timelineview.h"
#include "windowactions.h"

#include <QAction>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;

// StressJob on its thread, the sweep's arithmetic, and the window's stress mode with its live charts, on SQLite.
class TestStressPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void jobReportsLiveProgressOnTheGuiThread();
    void cancelStopsPromptlyWithAPartialResult();
    void aSupersededRunIsDropped();
    void sweepRunsOneStressRunPerPoint();
    void sweepValues_data();
    void sweepValues();
    void windowFillsTheChartsAndShowsATraceOfABar_data();
    void windowFillsTheChartsAndShowsATraceOfABar();
    void escapeStopsTheStressRunInTheWindow();
    void chartsCountEveryTrialOfEachExample_data();
    void chartsCountEveryTrialOfEachExample();
    void loadingAnotherScenarioDropsTheStressRun();
    void jitterSweepInTheWindow();
    void stressAndExploreOnAServer_data();
    void stressAndExploreOnAServer();
    void trialsPerSecondInTheWindow_data();
    void trialsPerSecondInTheWindow();

private:
    void screenshot(QWidget& window, const QString& name);
    static bool runInWindow(MainWindow& window, QAction* trigger = nullptr);
    static double sum(const QBarSeries* series);
};

void TestStressPanel::initTestCase()
{
    qRegisterMetaType<interleave::StressResult>();
    qRegisterMetaType<interleave::StressProgress>();
    qRegisterMetaType<QList<interleave::StressResult>>();
}

void TestStressPanel::screenshot(QWidget& window, const QString& name)
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

double TestStressPanel::sum(const QBarSeries* series)
{
    double total = 0;
    for (const QBarSet* set : series->barSets())
        total += set->sum();
    return total;
}

void TestStressPanel::jobReportsLiveProgressOnTheGuiThread()
{
    StressJob job;
    job.setProgressIntervalMs(10);
    QSignalSpy progress(&job, &StressJob::progress);
    QSignalSpy points(&job, &StressJob::pointFinished);
    QSignalSpy finished(&job, &StressJob::finished);
    QThread* progressThread = nullptr;
    connect(&job, &StressJob::progress, this, [&progressThread] { progressThread = QThread::currentThread(); });
    StressOptions options;
    options.trials = 300;
    options.progressIntervalMs = 5;
    job.start(test::example(u"race-no-unique"_s), options);
    QVERIFY(job.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY(progress.size() >= 1); // at least the last snapshot before the result
    QCOMPARE(progressThread, QThread::currentThread());
    QCOMPARE(points.size(), 1);
    const auto results = finished.first().first().value<QList<StressResult>>();
    QCOMPARE(results.size(), 1);
    QVERIFY2(results.first().ok(), qPrintable(results.first().error));
    QCOMPARE(results.first().trials(), 300);
    // Snapshots only grow.
    qint64 previous = 0;
    for (const auto& args : std::as_const(progress)) {
        const auto p = args.at(2).value<StressProgress>();
        QVERIFY(p.trialsDone() >= previous);
        previous = p.trialsDone();
    }
    QTRY_COMPARE_WITH_TIMEOUT(job.threadCount(), 0, 10000);
}

void TestStressPanel::cancelStopsPromptlyWithAPartialResult()
{
    StressJob job;
    job.setProgressIntervalMs(10);
    QSignalSpy progress(&job, &StressJob::progress);
    QSignalSpy finished(&job, &StressJob::finished);
    StressOptions options;
    options.trials = 10000000; // far more than this test waits for
    options.progressIntervalMs = 10;
    job.start(test::example(u"race-no-unique"_s), options);
    QTRY_VERIFY_WITH_TIMEOUT(
        progress.size() >= 1 && progress.last().at(2).value<StressProgress>().trialsDone() > 0, 30000);
    QElapsedTimer clock;
    clock.start();
    job.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed()))); // loose: a loaded CI machine
    const auto results = finished.first().first().value<QList<StressResult>>();
    QCOMPARE(results.size(), 1);
    QVERIFY(results.first().cancelled);
    QVERIFY(results.first().trials() > 0 && results.first().trials() < options.trials);
    QVERIFY(!job.isRunning());
}

void TestStressPanel::aSupersededRunIsDropped()
{
    StressJob job;
    QSignalSpy finished(&job, &StressJob::finished);
    QSignalSpy points(&job, &StressJob::pointFinished);
    StressOptions endless;
    endless.trials = 10000000;
    job.start(test::example(u"race-no-unique"_s), endless);
    StressOptions few;
    few.trials = 20;
    job.start(test::example(u"race-unique"_s), few);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(job.threadCount(), 0, 60000);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(points.size(), 1);
    const auto results = finished.first().first().value<QList<StressResult>>();
    QCOMPARE(results.first().trials(), 20);
    QVERIFY(!results.first().violated()); // race-unique's, never the endless race-no-unique's
}

void TestStressPanel::sweepRunsOneStressRunPerPoint()
{
    StressJob job;
    QSignalSpy points(&job, &StressJob::pointFinished);
    QSignalSpy finished(&job, &StressJob::finished);
    StressSweep sweep;
    sweep.axis = StressSweep::Axis::Workers;
    sweep.values = { 2, 3, 4 };
    StressOptions base;
    base.trials = 30;
    job.startSweep(test::example(u"race-no-unique"_s), sweep.points(base));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QCOMPARE(points.size(), 3);
    const auto results = finished.first().first().value<QList<StressResult>>();
    QCOMPARE(results.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(points.at(i).at(0).toInt(), i);
        QCOMPARE(results[i].scenario.workers.size(), sweep.values[i]);
        QCOMPARE(results[i].trials(), 30);
        const double share = StressSweep::share(results[i].distribution, StressSweep::Measure::Duplicates);
        QVERIFY(share >= 0 && share <= 100);
    }
}

void TestStressPanel::sweepValues_data()
{
    QTest::addColumn<int>("axis");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("values"); // empty: refused
    QTest::addColumn<QString>("error");
    const int workers = int(StressSweep::Axis::Workers);
    const int jitter = int(StressSweep::Axis::Jitter);
    QTest::newRow("a_range_of_worker_counts") << workers << u"2-4"_s << QList<int> { 2, 3, 4 } << QString();
    QTest::newRow("a_list_sorted_without_repeats") << workers << u"8, 2,4,2"_s << QList<int> { 2, 4, 8 } << QString();
    QTest::newRow("jitters_in_microseconds") << jitter << u"0, 50, 200"_s << QList<int> { 0, 50, 200 } << QString();
    QTest::newRow("one_value_is_no_sweep") << workers << u"3"_s << QList<int> {} << u"at least two"_s;
    QTest::newRow("more_workers_than_a_scenario_takes")
        << workers << u"2,65"_s << QList<int> {} << u"\"65\" is not a worker count from 1 to 64"_s;
    QTest::newRow("a_backwards_range") << workers << u"6-2"_s << QList<int> {} << u"not a range"_s;
    QTest::newRow("words") << jitter << u"0, lots"_s << QList<int> {} << u"\"lots\" is not a jitter"_s;
}

void TestStressPanel::sweepValues()
{
    QFETCH(int, axis);
    QFETCH(QString, text);
    QFETCH(QList<int>, values);
    QFETCH(QString, error);
    QString message;
    const auto parsed = StressSweep::parseValues(text, StressSweep::Axis(axis), &message);
    QCOMPARE(parsed.has_value(), !values.isEmpty());
    if (parsed)
        QCOMPARE(*parsed, values);
    else
        QVERIFY2(message.contains(error), qPrintable(message));
}

bool TestStressPanel::runInWindow(MainWindow& window, QAction* trigger)
{
    QSignalSpy finished(&window, &MainWindow::runFinished);
    (trigger ? trigger : window.actions()->run())->trigger();
    [&] { QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000); }();
    return finished.size() == 1 && !window.isRunning();
}

void TestStressPanel::windowFillsTheChartsAndShowsATraceOfABar_data()
{
    QTest::addColumn<Palette::Theme>("theme");
    QTest::newRow("light") << Palette::Theme::Light;
    QTest::newRow("dark") << Palette::Theme::Dark;
    QTest::newRow("high_contrast") << Palette::Theme::HighContrast;
}

void TestStressPanel::windowFillsTheChartsAndShowsATraceOfABar()
{
    QFETCH(Palette::Theme, theme);
    MainWindow window;
    window.setTheme(theme);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"race-no-unique"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Stress);
    StressPanel* panel = window.stressMode()->panel();
    QVERIFY(panel && panel->isVisible());
    QCOMPARE(window.findChild<QStackedWidget*>(u"bottomStack"_s)->currentWidget(), panel);
    QCOMPARE(panel->trialsSpin()->value(), window.document()->scenario().schedule.trialCount());
    QCOMPARE(panel->workersSpin()->value(), 2);
    panel->trialsSpin()->setValue(200);

    QVERIFY(runInWindow(window));
    QVERIFY2(panel->result().ok(), qPrintable(panel->result().error));
    QCOMPARE(panel->result().trials(), 200);
    QCOMPARE(sum(panel->rowsSeries()), 200.0); // every trial ended with some number of rows
    QCOMPARE(sum(panel->resultsSeries()), 400.0); // two workers' results per trial
    // Without a click the timeline shows the trial that tells most: one with duplicates when any trial had them.
    QVERIFY(!window.resultPane()->timeline()->timelineLayout().isEmpty());
    QVERIFY(window.actions()->exportTimeline()->isEnabled());
    if (panel->distribution().violatedTrials() > 0)
        QCOMPARE(window.resultPane()->rowsModel()->rowCount(), 2);
    QVERIFY2(panel->statusLabel()->text().contains(u"trials/s"_s), qPrintable(panel->statusLabel()->text()));

    // A click on the tallest bar of the rows chart draws the first trial that ended that way.
    QBarSeries* series = panel->rowsSeries();
    int tallest = 0;
    double tallestValue = -1;
    for (int i = 0; i < series->barSets().first()->count(); ++i) {
        double v = 0;
        for (const QBarSet* set : series->barSets())
            v += set->at(i);
        if (v > tallestValue) {
            tallestValue = v;
            tallest = i;
        }
    }
    QChartView* view = panel->rowsChartView();
    const QPointF inScene = view->chart()->mapToPosition(QPointF(tallest, tallestValue / 2), series);
    const QPoint inView = view->mapFromScene(view->chart()->mapToScene(inScene));
    QSignalSpy chosen(panel, &StressPanel::traceChosen);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, inView);
    QTRY_COMPARE(chosen.size(), 1);
    const auto trace = chosen.first().first().value<RunResult>();
    const TimelineLayout& layout = window.resultPane()->timeline()->timelineLayout();
    QCOMPARE(layout.workerLaneCount(), 2);
    const auto statements = std::count_if(trace.trace.events.cbegin(), trace.trace.events.cend(),
        [](const TraceEvent& e) { return e.kind == EventKind::Statement; });
    QVERIFY(statements >= 5); // the creator's SELECT, BEGIN, INSERT, COMMIT and the other's SELECT at least
    QCOMPARE(layout.boxes().size(), statements);
    QCOMPARE(layout.rowMarkers().size(), trace.outcome.rows.size());
    // The bar was the rows count of this trial.
    const QString bar = panel->rowsChartView()
                            ->chart()
                            ->axes(Qt::Horizontal)
                            .first()
                            ->property("categories")
                            .toStringList()
                            .value(tallest);
    QCOMPARE(bar, rowCountText(int(trace.outcome.rows.size())));

    // The keyboard: with a chart focused, the arrow keys step through its bars.
    panel->rowsChartView()->setFocus();
    QTest::keyClick(panel->rowsChartView(), Qt::Key_Right);
    QCOMPARE(chosen.size(), 2);
    QCOMPARE(window.resultPane()->timeline()->timelineLayout().rowMarkers().size(),
        chosen.last().first().value<RunResult>().outcome.rows.size());
    chosen.clear();

    // The worker results chart: each bar has a trace.
    for (int i = 0; i < panel->resultsSeries()->barSets().first()->count(); ++i)
        QVERIFY(panel->chooseResultsBar(i));
    QCOMPARE(chosen.size(), panel->resultsSeries()->barSets().first()->count());

    // The sweep: 2, 3 and 4 workers, 50 trials each, three points per line.
    panel->trialsSpin()->setValue(50);
    QVERIFY(panel->setSweep(StressSweep::Axis::Workers, u"2-4"_s));
    QVERIFY(panel->sweepButton()->isEnabled());
    QSignalSpy finished(&window, &MainWindow::runFinished);
    QTest::mouseClick(panel->sweepButton(), Qt::LeftButton);
    QVERIFY(window.isRunning() || finished.size() == 1);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000);
    QCOMPARE(panel->sweepPoints().size(), 3);
    for (int m = 0; m < int(StressSweep::Measure::Count_); ++m) {
        QLineSeries* line = panel->sweepSeries(StressSweep::Measure(m));
        QCOMPARE(line->count(), 3);
        QCOMPARE(line->at(0).x(), 2.0);
        QCOMPARE(line->at(2).x(), 4.0);
    }
    QCOMPARE(sum(panel->rowsSeries()), 50.0); // the bars show the sweep's last run
    QVERIFY(panel->chooseRowsBar(int(panel->rowsSeries()->barSets().first()->count()) - 1)); // the most rows
    QCOMPARE(window.resultPane()->timeline()->timelineLayout().workerLaneCount(), 4);
    screenshot(window, u"stress-race-no-unique-"_s + Palette::themeName(theme).toLower().replace(u' ', u'-'));

    // The charts follow the theme: bars in the palette's colours, on its background.
    const Palette palette(theme);
    QBarSet* rows = panel->rowsSeries()->barSets().first();
    QCOMPARE(rows->color(), palette.color(Palette::Role::Success));
    QCOMPARE(rows->selectedColor(), palette.color(Palette::Role::Error));
    QCOMPARE(panel->rowsChartView()->chart()->backgroundBrush().color(), palette.color(Palette::Role::Background));
    const Palette::Theme other = theme == Palette::Theme::Dark ? Palette::Theme::Light : Palette::Theme::Dark;
    window.setTheme(other);
    QCOMPARE(rows->color(), Palette(other).color(Palette::Role::Success));
    QCOMPARE(
        panel->sweepChartView()->chart()->backgroundBrush().color(), Palette(other).color(Palette::Role::Background));
    QCOMPARE(sum(panel->rowsSeries()), 50.0); // a theme changes colours, never data
    if (theme == Palette::Theme::Light)
        screenshot(window, u"stress-switched-to-dark"_s);
    window.setTheme(theme);

    // A refused sweep says why at the field.
    QVERIFY(!panel->setSweep(StressSweep::Axis::Workers, u"2-99"_s));
    QVERIFY(!panel->sweepButton()->isEnabled());
    QVERIFY(panel->sweepValuesEdit()->toolTip().contains(u"worker count"_s));
}

void TestStressPanel::escapeStopsTheStressRunInTheWindow()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"race-no-unique"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Stress);
    StressPanel* panel = window.stressMode()->panel();
    panel->trialsSpin()->setValue(panel->trialsSpin()->maximum());
    QSignalSpy progress(panel->job(), &StressJob::progress);
    QSignalSpy finished(&window, &MainWindow::runFinished);
    window.actions()->run()->trigger();
    QVERIFY(window.isRunning());
    QVERIFY(window.actions()->stop()->isEnabled());
    QVERIFY(!panel->trialsSpin()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(progress.size() >= 2, 30000);
    QVERIFY(sum(panel->rowsSeries()) > 0); // the chart fills while the run goes on
    screenshot(window, u"stress-running"_s);
    QTest::keyClick(&window, Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, interleave::test::boundMs(5000)); // how fast: bench_stop
    QVERIFY(panel->result().cancelled);
    QCOMPARE(sum(panel->rowsSeries()), double(panel->result().trials()));
    QVERIFY(window.actions()->run()->isEnabled());
    QVERIFY(panel->trialsSpin()->isEnabled());
}

void TestStressPanel::chartsCountEveryTrialOfEachExample_data()
{
    QTest::addColumn<QString>("example");
    for (const char* id : { "race-unique", "ten-threads", "third-call", "counter-lost-update", "bulk-create-duplicates",
             "flag-per-parent", "upsert" })
        QTest::newRow(id) << QString::fromLatin1(id);
}

void TestStressPanel::chartsCountEveryTrialOfEachExample()
{
    QFETCH(QString, example);
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(example));
    window.setScheduleMode(ScheduleSpec::Mode::Stress);
    StressPanel* panel = window.stressMode()->panel();
    panel->trialsSpin()->setValue(100);
    QVERIFY(runInWindow(window));
    QVERIFY2(panel->result().ok(), qPrintable(panel->result().error));
    const StressResult& result = panel->result();
    QCOMPARE(result.trials(), 100);
    // Every trial once per lookup in the rows chart, every worker's result once in the results chart.
    QCOMPARE(sum(panel->rowsSeries()), 100.0 * double(result.distribution.rowsPerLookup().size()));
    QCOMPARE(sum(panel->resultsSeries()), 100.0 * double(result.scenario.workers.size()));
    for (int i = 0; i < panel->resultsSeries()->barSets().first()->count(); ++i)
        QVERIFY(panel->chooseResultsBar(i));
    QCOMPARE(window.resultPane()->timeline()->timelineLayout().workerLaneCount(), result.scenario.workers.size());
    screenshot(window, u"stress-"_s + example);
}

void TestStressPanel::loadingAnotherScenarioDropsTheStressRun()
{
    MainWindow window;
    window.show();
    QVERIFY(window.document()->loadExample(u"race-no-unique"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Stress);
    window.stressMode()->panel()->trialsSpin()->setValue(window.stressMode()->panel()->trialsSpin()->maximum());
    QSignalSpy finished(&window, &MainWindow::runFinished);
    window.runNow();
    QVERIFY(window.isRunning());
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    QVERIFY(!window.isRunning());
    QVERIFY(window.actions()->run()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(window.stressMode()->panel()->job()->threadCount(), 0, 30000);
    QCOMPARE(finished.size(), 0);
    QCOMPARE(sum(window.stressMode()->panel()->rowsSeries()), 0.0);
    QCOMPARE(window.stressMode()->panel()->trialsSpin()->value(), window.document()->scenario().schedule.trialCount());
}

void TestStressPanel::jitterSweepInTheWindow()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Stress);
    StressPanel* panel = window.stressMode()->panel();
    panel->trialsSpin()->setValue(40);
    panel->sweepAxisCombo()->setCurrentIndex(panel->sweepAxisCombo()->findData(int(StressSweep::Axis::Jitter)));
    panel->sweepValuesEdit()->setText(u"0, 100, 400"_s);
    QVERIFY(panel->sweepButton()->isEnabled());
    QSignalSpy finished(&window, &MainWindow::runFinished);
    QTest::keyClick(panel->sweepValuesEdit(), Qt::Key_Return); // Return in the values field sweeps
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000);
    QCOMPARE(panel->sweepPoints().size(), 3);
    QCOMPARE(panel->sweepPoints().at(2).value, 400);
    QCOMPARE(panel->sweepPoints().at(2).result.scenario.schedule.jitterUs, 400);
    QLineSeries* integrity = panel->sweepSeries(StressSweep::Measure::IntegrityError);
    QCOMPARE(integrity->count(), 3);
    QCOMPARE(integrity->at(1).x(), 100.0);
    // race-unique never keeps a duplicate, whatever the jitter.
    for (const QPointF& p : panel->sweepSeries(StressSweep::Measure::Duplicates)->points())
        QCOMPARE(p.y(), 0.0);
    screenshot(window, u"stress-jitter-sweep"_s);
}

void TestStressPanel::stressAndExploreOnAServer_data()
{
    test::addDatabaseColumn();
    QTest::newRow("postgresql") << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("mysql") << int(BackendSpec::Kind::Mysql);
}

void TestStressPanel::stressAndExploreOnAServer()
{
    QFETCH(int, database);
    REQUIRE_DATABASE(onServer, Scenario(), BackendSpec::Kind(database)); // skips when the server is missing
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    QString error;
    QVERIFY2(window.setDatabase(onServer.backend.url, &error), qPrintable(error));

    window.setScheduleMode(ScheduleSpec::Mode::Stress);
    window.stressMode()->panel()->trialsSpin()->setValue(30);
    QVERIFY(runInWindow(window));
    const StressResult& stress = window.stressMode()->panel()->result();
    QVERIFY2(stress.ok(), qPrintable(stress.error));
    QCOMPARE(stress.backend.kind, BackendSpec::kindName(BackendSpec::Kind(database)));
    QCOMPARE(sum(window.stressMode()->panel()->rowsSeries()), 30.0);
    QVERIFY(!stress.violated()); // the unique constraint holds on every server
    QVERIFY(window.stressMode()->panel()->chooseRowsBar(0));
    QCOMPARE(window.resultPane()->result().backend.kind, stress.backend.kind);

    window.setScheduleMode(ScheduleSpec::Mode::Explore);
    QVERIFY(runInWindow(window));
    OutcomeClassesModel* classes = window.exploreMode()->panel()->model();
    QVERIFY2(window.exploreMode()->panel()->result().error.isEmpty(),
        qPrintable(window.exploreMode()->panel()->result().error));
    QVERIFY(classes->rowCount() >= 2);
    QVERIFY(window.exploreMode()->panel()->chooseClass(0));
    QCOMPARE(window.resultPane()->timeline()->timelineLayout().boxes().size(), classes->outcomeClass(0).example.size());
}

void TestStressPanel::trialsPerSecondInTheWindow_data()
{
    QTest::addColumn<int>("chartIntervalMs");
    QTest::newRow("live_charts") << 0; // the panel's own interval
    QTest::newRow("charts_only_at_the_end") << 1000000;
}

void TestStressPanel::trialsPerSecondInTheWindow()
{
    // A measurement for the report, not a pass/fail bound: the live charts' cost shows against the same window
    // without live updates, and against the command line (`interleave run example:race-no-unique --trials 2000`).
    QFETCH(int, chartIntervalMs);
    const int trials = qEnvironmentVariableIntValue("INTERLEAVE_STRESS_TRIALS") > 0
        ? qEnvironmentVariableIntValue("INTERLEAVE_STRESS_TRIALS")
        : 2000;
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"race-no-unique"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Stress);
    window.stressMode()->panel()->trialsSpin()->setValue(trials);
    if (chartIntervalMs > 0)
        window.stressMode()->panel()->job()->setProgressIntervalMs(chartIntervalMs);
    QSignalSpy progress(window.stressMode()->panel()->job(), &StressJob::progress);
    QVERIFY(runInWindow(window));
    const StressResult& result = window.stressMode()->panel()->result();
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.trials(), trials);
    qInfo("window, %s: %lld trials, %.0f trials/s, %lld chart updates", QTest::currentDataTag(), result.trials(),
        result.trialsPerSecond(), qint64(progress.size()));
}

QTEST_MAIN(TestStressPanel)
#include "tst_stresspanel.moc"
