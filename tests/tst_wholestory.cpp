// SPDX-License-Identifier: MIT
// The whole story on screen (issue 17): every shipped example, run for real on SQLite in a real window at the
// default size and at a projector's 1920×1080, shows every statement inside the timeline, left of the results'
// column, which is not pinned over a box; the stress view of ten threads shows all ten lanes; and step mode keeps
// the race's two SELECTs in view while it follows the steps. Screenshots when INTERLEAVE_SCREENSHOT_DIR is set.

#include "databaseswitch.h"
#include "examples.h"
#include "mainwindow.h"
#include "resultpane.h"
#include "scenariodocument.h"
#include "screenshots.h"
#include "stepjob.h"
#include "stepmode.h"
#include "stressmode.h"
#include "stresspanel.h"
#include "timelinepainter.h"
#include "timelineview.h"

#include <QDir>
#include <QFontMetricsF>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;

namespace {

// The view's painter as it paints now: its frame, fonts and scroll position.
struct Frame {
    explicit Frame(const TimelineView& view)
        : painter(view.timelineLayout(), view.paintOptions())
    {
        painter.setFrame(
            view.viewport()->size(), QPointF(view.horizontalScrollBar()->value(), view.verticalScrollBar()->value()));
    }
    QRectF map(const QRectF& rect) const { return QRectF(painter.mapFromLayout(rect.topLeft()), rect.size()); }
    // Where the statements may be: right of the lane names, below the axis, left of the results' column.
    QRectF slots() const
    {
        return QRectF(QPointF(painter.headerWidth(), painter.axisHeight()),
            QPointF(painter.resultColumnX(), painter.frameSize().height()));
    }
    bool shows(const QRectF& layoutRect) const
    {
        return slots().adjusted(-0.5, -0.5, 0.5, 0.5).contains(map(layoutRect));
    }
    TimelinePainter painter;
};

// Every statement box and lock wait of the view lies in its slots' area, and the results' column is where the run
// ends, not pinned over it. Empty when so, else what is not.
QString wholeStoryProblems(const TimelineView& view)
{
    const Frame frame(view);
    const TimelineLayout& layout = view.timelineLayout();
    QStringList problems;
    if (frame.painter.resultColumnPinned())
        problems.append(u"the results' column is pinned over the slots"_s);
    const auto describe = [&](const QString& what, const QRectF& rect) {
        const QRectF mapped = frame.map(rect);
        const QRectF area = frame.slots();
        return u"%1 at x %2..%3, y %4..%5 is outside x %6..%7, y %8..%9"_s.arg(what)
            .arg(mapped.left())
            .arg(mapped.right())
            .arg(mapped.top())
            .arg(mapped.bottom())
            .arg(area.left())
            .arg(area.right())
            .arg(area.top())
            .arg(area.bottom());
    };
    for (int i = 0; i < layout.boxes().size(); ++i) {
        const auto& box = layout.boxes().at(i);
        if (!frame.shows(box.rect))
            problems.append(describe(u"%1's %2 (step %3)"_s.arg(layout.lanes().at(box.lane).name,
                                         layout.boxText(i).label, QString::number(box.slot + 1)),
                box.rect));
    }
    for (const auto& bar : layout.waitBars()) {
        if (!frame.shows(bar.rect))
            problems.append(describe(u"%1's wait"_s.arg(layout.lanes().at(bar.lane).name), bar.rect));
    }
    return problems.join(u'\n');
}

// The example as shipped, on SQLite, with its lookup values made short and readable ('u1') as issue 17 asks of the
// examples.
Scenario onSqliteWithShortValues(Scenario scenario)
{
    if (scenario.backend.isServer()) {
        scenario.backend = BackendSpec();
        scenario.isolation = u"default"_s; // SQLite's transactions are all serializable
    }
    for (WorkerSpec& worker : scenario.workers) {
        for (auto it = worker.lookup.begin(); it != worker.lookup.end(); ++it) {
            if (it.value().typeId() == QMetaType::QString && it.value().toString().size() > 12)
                it.value() = u"u1"_s;
        }
    }
    return scenario;
}

// Runs the window's scenario; empty when it finished, else why not.
QString run(MainWindow& window)
{
    QSignalSpy finished(&window, &MainWindow::runFinished);
    const Attempt started = window.runNow();
    if (!started)
        return u"the run did not start: "_s + started.error;
    [&] { QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000); }();
    QCoreApplication::processEvents(); // the window lays out the result, as a person would see it
    return finished.size() == 1 && !window.isRunning() ? QString() : u"the run did not finish"_s;
}

// A run too long for a legible slot per statement, or too tall for lanes of one line: it scrolls, and rightly so.
bool tooBigToFit(const TimelineView& view)
{
    const Frame frame(view);
    const TimelineLayout& layout = view.timelineLayout();
    // fittedMetrics() narrows the gap to an eighth of the pitch (at least 2 px) before it gives up on legible slots.
    const double gap = TimelineLayout::Metrics().slotGap;
    const double pitch = (frame.painter.slotsWidth(view.viewport()->width(), layout.metrics().badgeWidth, gap) + gap)
        / std::max<qsizetype>(1, layout.slotCount());
    const bool tooLong = pitch - std::clamp(pitch / 8, 2.0, gap) < frame.painter.legibleSlotWidth();
    const bool tooTall = view.verticalScrollBar()->maximum() > 0
        && layout.metrics().laneHeight <= QFontMetricsF(frame.painter.font()).lineSpacing() + 6.01;
    return tooLong || tooTall;
}

} // namespace

class TestWholeStory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wholeStoryFits_data();
    void wholeStoryFits();
    void stressShowsEveryLane();
    void stepKeepsTheRaceInView();
};

void TestWholeStory::wholeStoryFits_data()
{
    QTest::addColumn<QString>("example");
    QTest::addColumn<QSize>("size");
    for (const Examples::Entry& entry : Examples::list()) {
        // The anomaly tests in MySQL's words (start transaction;) are not SQLite's SQL: their psql twins are here.
        ScenarioError error;
        const std::optional<Scenario> scenario = Examples::load(entry.id, &error);
        if (scenario && !DatabaseSwitch::unsupportedReason(*scenario, BackendSpec::Kind::Sqlite).isEmpty())
            continue;
        for (const QSize size : { QSize(1280, 800), QSize(1920, 1080) }) {
            QString name = u"%1_at_%2x%3"_s.arg(entry.id).arg(size.width()).arg(size.height());
            QTest::newRow(qPrintable(name.replace(u'-', u'_'))) << entry.id << size;
        }
    }
}

void TestWholeStory::wholeStoryFits()
{
    QFETCH(QString, example);
    QFETCH(QSize, size);
    MainWindow window;
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ScenarioError error;
    const std::optional<Scenario> scenario = Examples::load(example, &error);
    QVERIFY2(scenario, qPrintable(error.toString()));
    window.document()->loadScenario(onSqliteWithShortValues(*scenario), example);
    const QString failed = run(window);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY2(window.resultPane()->result().ok(), qPrintable(window.resultPane()->result().error));
    QCOMPARE(window.size(), size);
    const TimelineView& view = *window.resultPane()->timeline();
    QVERIFY(!view.timelineLayout().boxes().isEmpty());
    screenshot(window, u"whole-story-%1-%2x%3"_s.arg(example).arg(size.width()).arg(size.height()));
    // A free run takes another order each time; ten threads may take up to 40 steps and a band of row versions.
    // Too long for a legible slot each, or too tall for the lanes' one line, it scrolls, and rightly so.
    if (scenario->schedule.mode == ScheduleSpec::Mode::Free && tooBigToFit(view)) {
        qInfo(
            "this free run took %d steps: too long or tall to fit, it scrolls", int(view.timelineLayout().slotCount()));
        QVERIFY(view.horizontalScrollBar()->maximum() > 0 || view.verticalScrollBar()->maximum() > 0);
        return;
    }
    const QString problems = wholeStoryProblems(view);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));

    // On a projector the values each statement read or wrote are there to read whole.
    if (example == u"race-unique"_s && size.width() >= 1920) {
        const Frame frame(view);
        int values = 0;
        for (int i = 0; i < view.timelineLayout().boxes().size(); ++i) {
            const QString text = view.timelineLayout().boxText(i).values;
            if (text.isEmpty())
                continue;
            ++values;
            // Its last lines, after the verb and what came back, uncut.
            const QStringList lines = frame.painter.boxTexts(i);
            QVERIFY2(lines.size() >= 2 && lines.join(u' ').endsWith(text) && !lines.join(u' ').contains(u'…'),
                qPrintable(lines.join(u" | "_s) + u" cuts "_s + text));
        }
        QVERIFY(values >= 2); // A's INSERT wrote, B's re-get read
    }
}

void TestWholeStory::stressShowsEveryLane()
{
    MainWindow window;
    window.resize(1920, 1080);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"ten-threads"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Stress);
    window.stressMode()->panel()->trialsSpin()->setValue(20);
    const QString failed = run(window);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY2(window.stressMode()->panel()->result().ok(), qPrintable(window.stressMode()->panel()->result().error));
    const TimelineView& view = *window.resultPane()->timeline();
    const TimelineLayout& layout = view.timelineLayout();
    QCOMPARE(layout.workerLaneCount(), 10);
    screenshot(window, u"whole-story-ten-threads-stress"_s);
    // The trial shown is a free run's: one too long for a legible slot per statement scrolls (as in
    // wholeStoryFits), and every lane still has its boxes.
    if (tooBigToFit(view)) {
        QVERIFY(view.horizontalScrollBar()->maximum() > 0 || view.verticalScrollBar()->maximum() > 0);
    } else {
        const QString problems = wholeStoryProblems(view);
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
    }
    for (int lane = 0; lane < 10; ++lane)
        QVERIFY2(!layout.laneBoxes(lane).isEmpty(), qPrintable(layout.lanes().at(lane).name));
}

void TestWholeStory::stepKeepsTheRaceInView()
{
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    window.setScheduleMode(ScheduleSpec::Mode::Step);
    QTest::keyClick(&window, Qt::Key_F5);
    StepJob* job = window.stepMode()->job();
    QTRY_VERIFY_WITH_TIMEOUT(job->isActive() && !job->isBusy() && job->state().hasRun(), 20000);
    const TimelineView& view = *window.resultPane()->timeline();
    const QList<Qt::Key> keys = { Qt::Key_1, Qt::Key_2, Qt::Key_1, Qt::Key_2, Qt::Key_1, Qt::Key_2 };
    for (int step = 1; step <= keys.size(); ++step) {
        QTest::keyClick(&window, keys.at(step - 1));
        QTRY_VERIFY_WITH_TIMEOUT(!job->isBusy() && job->state().history.size() == step, 20000);
        QCoreApplication::processEvents();
        const TimelineLayout& layout = view.timelineLayout();
        const Frame frame(view);
        // The two SELECTs (the race) and the statement just run, all in view.
        int selects = 0;
        for (int i = 0; i < layout.boxes().size(); ++i) {
            const QRectF rect = layout.boxes().at(i).rect;
            const bool select = layout.boxText(i).verb == u"SELECT"_s;
            const bool newest = layout.boxes().at(i).slot == layout.slotCount() - 1;
            if (!select && !newest)
                continue;
            selects += select ? 1 : 0;
            QVERIFY2(frame.shows(rect),
                qPrintable(u"after step %1: %2's %3 at x %4 is out of view (slots %5..%6)"_s.arg(step)
                               .arg(layout.lanes().at(layout.boxes().at(i).lane).name, layout.boxText(i).label)
                               .arg(frame.map(rect).left())
                               .arg(frame.slots().left())
                               .arg(frame.slots().right())));
        }
        QCOMPARE(selects, std::min(step, 2));
    }
    screenshot(window, u"whole-story-race-unique-step-1-2-1-2-1-2"_s);
}

QTEST_MAIN(TestWholeStory)
#include "tst_wholestory.moc"
