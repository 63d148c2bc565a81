// SPDX-License-Identifier: MIT
#include "labwindow.h"
#include "mainwindow.h"
#include "matriximage.h"
#include "matrixjob.h"
#include "matrixmodel.h"
#include "matrixpainter.h"
#include "matrixtestdata.h"
#include "scenariodocument.h"
#include "screenshots.h"
#include "scriptedprompts.h"
#include "timebounds.h"
#include "timelinelayout.h"
#include "timelineview.h"
#include "windowactions.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QImage>
#include <QLabel>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <condition_variable>
#include <mutex>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

// The lab's seam, with a matrix of real runs: the synthetic grid of matrixtestdata.h, each cell's example run again
// on SQLite when the cell's turn comes and judged as the grid says. With `holdAfter` set, run() waits after that many
// cells until it is cancelled or released, so a test sees a half-filled table, without sleeping.
struct Gate {
    std::mutex mutex;
    std::condition_variable wake;
    bool cancelled = false;
    bool released = false; // the hold is over: run on
    int holdAfter = -1;
    bool fullSize = false; // fullSizeMatrix(): 12 × 11, its cells sharing two runs (for the screenshots)
    QList<BackendSpec> servers; // what the window asked for

    void release()
    {
        const std::lock_guard lock(mutex);
        released = true;
        wake.notify_all();
    }
};

class SyntheticSource : public MatrixSource {
public:
    explicit SyntheticSource(std::shared_ptr<Gate> gate)
        : m_gate(std::move(gate))
    {
    }
    MatrixResult plan() const override
    {
        MatrixResult plan = m_gate->fullSize ? fullSizeMatrix() : syntheticMatrix(false);
        for (auto& row : plan.cells)
            for (MatrixCell& cell : row) {
                const auto documented = cell.documented;
                const QString note = cell.documentedNote;
                cell = MatrixCell {};
                cell.documented = documented;
                cell.documentedNote = note;
            }
        for (MatrixColumn& column : plan.columns)
            column.version.clear();
        return plan;
    }
    MatrixResult run(const MatrixRunner::CellDone& cellDone) override
    {
        const MatrixResult judged = m_gate->fullSize ? fullSizeMatrix() : syntheticMatrix(false);
        MatrixResult result = plan();
        std::shared_ptr<const RunResult> counter;
        std::shared_ptr<const RunResult> race;
        if (m_gate->fullSize) {
            counter = exampleRun(u"counter-lost-update"_s);
            race = exampleRun(u"race-unique"_s, u"A,B,A,B"_s);
        }
        const int total = int(result.rows.size() * result.columns.size());
        int done = 0;
        for (int r = 0; r < result.rows.size(); ++r) {
            for (int c = 0; c < result.columns.size(); ++c) {
                {
                    const std::lock_guard lock(m_gate->mutex);
                    if (m_gate->cancelled)
                        break;
                }
                MatrixCell cell = judged.cell(r, c);
                if (m_gate->fullSize)
                    cell.run = r == 1 ? race : counter;
                else
                    cell.run =
                        r == 1 ? exampleRun(u"race-unique"_s, u"A,B,A,B"_s) : exampleRun(u"counter-lost-update"_s);
                result.cells[r][c] = cell;
                cellDone(r, c, cell, ++done, total);
                std::unique_lock lock(m_gate->mutex);
                if (done == m_gate->holdAfter)
                    m_gate->wake.wait(lock, [this] { return m_gate->cancelled || m_gate->released; });
            }
        }
        result.columns = judged.columns; // the versions, as the runner reports them once connected
        {
            const std::lock_guard lock(m_gate->mutex);
            result.cancelled = m_gate->cancelled;
        }
        result.wallNs = 42'000'000;
        return result;
    }
    void cancel() override
    {
        const std::lock_guard lock(m_gate->mutex);
        m_gate->cancelled = true;
        m_gate->wake.notify_all();
    }

private:
    std::shared_ptr<Gate> m_gate;
};

MatrixSourceFactory syntheticFactory(const std::shared_ptr<Gate>& gate)
{
    return [gate](const MatrixRunner::Options& options) {
        gate->servers = options.servers;
        return std::make_unique<SyntheticSource>(gate);
    };
}

int finishedCells(const MatrixModel& model)
{
    int n = 0;
    for (int r = 0; r < model.rowCount(); ++r)
        for (int c = 0; c < model.columnCount(); ++c)
            n += model.matrix().cell(r, c).outcome != CellOutcome::NotRun ? 1 : 0;
    return n;
}

// Runs the whole synthetic matrix in `lab` and waits for it.
bool runAll(LabWindow& lab)
{
    QSignalSpy finished(&lab, &LabWindow::matrixFinished);
    lab.runAction()->trigger();
    return finished.wait(boundMs(60000)) || finished.size() == 1;
}

} // namespace

// The isolation lab's window: its model, the job that fills it, the timeline of a cell, the way into the main window.
class TestMatrixPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelPassesTheModelTester();
    void modelWordsAndColoursCells_data();
    void modelWordsAndColoursCells();
    void cellsArriveThroughTheJob();
    void selectingACellShowsItsTimeline();
    void arrowsMoveAndEnterOpensTheCell();
    void openInMainWindowLoadsTheScenario_data();
    void openInMainWindowLoadsTheScenario();
    void toolsMenuOpensTheLab();
    void cancelKeepsWhatRan();
    void exportWritesThePicture();
    void screenshots_data();
    void screenshots();
    void realRunnerFillsTheMatrix();
};

void TestMatrixPage::modelPassesTheModelTester()
{
    MatrixModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    const MatrixResult matrix = syntheticMatrix(false);
    model.setMatrix(matrix);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), 4);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setCell(1, 2, cell(CellOutcome::Occurred, u"G-single"_s));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex(), model.index(1, 2));
    model.setCell(7, 0, cell(CellOutcome::Occurred, {})); // outside: ignored
    QCOMPARE(changed.size(), 1);
    QSignalSpy header(&model, &QAbstractItemModel::headerDataChanged);
    MatrixResult plan = matrix;
    plan.columns[2].version.clear();
    model.setMatrix(plan);
    model.setColumnVersion(2, u"16.4 (Debian 16.4-1.pgdg120+2)"_s);
    QCOMPARE(header.size(), 1);
    QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), u"PostgreSQL\nrepeatable read\n16.4"_s);
    QCOMPARE(model.headerData(2, Qt::Horizontal, Qt::ToolTipRole).toString(),
        u"PostgreSQL repeatable read (16.4 (Debian 16.4-1.pgdg120+2))"_s);
    model.setColors(Palette(Palette::Theme::Dark));
    // A plan shorter than its grid (no cells yet) still has a cell everywhere.
    MatrixResult bare;
    bare.rows = matrix.rows;
    bare.columns = matrix.columns;
    model.setMatrix(bare);
    QCOMPARE(model.data(model.index(2, 3), MatrixModel::OutcomeRole).toInt(), int(CellOutcome::NotRun));
    model.setMatrix({});
    QCOMPARE(model.rowCount(), 0);
}

void TestMatrixPage::modelWordsAndColoursCells_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("role");
    QTest::addColumn<bool>("departs");
    QTest::newRow("sqlite_lock_is_an_abort")
        << 0 << 0 << u"abort\ndatabase is locked"_s << int(Palette::Role::CellAborted) << false;
    QTest::newRow("a_wait_blocks") << 0 << 1 << u"blocks\nwaits for A"_s << int(Palette::Role::CellBlocked) << false;
    QTest::newRow("mariadb_1020_departs") << 0 << 3 << u"≠ abort\n1020"_s << int(Palette::Role::CellAborted) << true;
    QTest::newRow("snapshot_prevents") << 1 << 0 << u"prevented"_s << int(Palette::Role::CellPrevented) << false;
    QTest::newRow("write_skew_occurs") << 2 << 2 << u"occurred\nG2-item"_s << int(Palette::Role::CellOccurred) << false;
}

void TestMatrixPage::modelWordsAndColoursCells()
{
    QFETCH(int, row);
    QFETCH(int, column);
    QFETCH(QString, text);
    QFETCH(int, role);
    QFETCH(bool, departs);
    MatrixModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const Palette palette(Palette::Theme::Dark);
    model.setColors(palette);
    model.setMatrix(syntheticMatrix(false));
    const QModelIndex at = model.index(row, column);
    QCOMPARE(at.data().toString(), text);
    QCOMPARE(at.data(Qt::BackgroundRole).value<QBrush>().color(), palette.color(Palette::Role(role)));
    QCOMPARE(at.data(MatrixModel::DepartsRole).toBool(), departs);
    QCOMPARE(at.data(Qt::ForegroundRole).value<QBrush>().color(),
        palette.color(departs ? Palette::Role::Departure : Palette::Role::BoxText));
    const QString toolTip = at.data(Qt::ToolTipRole).toString();
    QVERIFY2(toolTip.contains(u"The run ended: "_s) && toolTip.contains(u"Documented: "_s), qPrintable(toolTip));
    QCOMPARE(toolTip.contains(u"departs from the documented behaviour"_s), departs);
    if (departs)
        QVERIFY(toolTip.contains(u"Documented: occurred (innodb_snapshot_isolation=ON"_s));
    // The headers: the anomaly and its common name; the database, the level and the exact version.
    QCOMPARE(model.headerData(0, Qt::Vertical).toString(), u"P4 lost update\nlost update"_s);
    QCOMPARE(model.headerData(3, Qt::Horizontal).toString(), u"MariaDB\nrepeatable read\n11.8.3"_s);
    QVERIFY(model.headerData(row, Qt::Vertical, Qt::ToolTipRole).toString().contains(u"Two sessions race"_s));
}

void TestMatrixPage::cellsArriveThroughTheJob()
{
    auto gate = std::make_shared<Gate>();
    gate->holdAfter = 5;
    LabWindow lab;
    BackendSpec postgres;
    postgres.kind = BackendSpec::Kind::Postgresql;
    postgres.url = u"postgresql://interleave@127.0.0.1:5432/interleave"_s;
    lab.setServers({ postgres });
    lab.setSourceFactory(syntheticFactory(gate));
    QAbstractItemModelTester tester(lab.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    QCOMPARE(lab.model()->rowCount(), 3); // the plan, before anything ran
    QCOMPARE(finishedCells(*lab.model()), 0);
    QVERIFY(lab.databasesLabel()->text().contains(postgres.url));

    QSignalSpy cells(lab.job(), &MatrixJob::cellFinished);
    QList<QThread*> deliveredOn;
    connect(lab.job(), &MatrixJob::cellFinished, this, [&] { deliveredOn.append(QThread::currentThread()); });
    lab.runAction()->trigger();
    QCOMPARE(gate->servers.size(), 1);
    QCOMPARE(gate->servers.first().url, postgres.url);
    QVERIFY(lab.isRunning());
    QVERIFY(!lab.runAction()->isEnabled());
    QVERIFY(lab.cancelAction()->isEnabled());
    // Five cells are in the table while the job still runs: they arrive one by one, not with the result.
    QTRY_COMPARE_WITH_TIMEOUT(cells.size(), 5, boundMs(60000));
    QVERIFY(lab.isRunning());
    QCOMPARE(finishedCells(*lab.model()), 5);
    QCOMPARE(lab.progressBar()->text(), u"cell 5 of 12"_s);
    QCOMPARE(lab.model()->index(0, 3).data().toString(), u"≠ abort\n1020"_s);
    // The plan had no versions: the first run of a column tells it.
    QVERIFY(lab.model()
                ->headerData(0, Qt::Horizontal)
                .toString()
                .endsWith(cells.first().at(2).value<MatrixCell>().run->backend.version));
    for (QThread* thread : deliveredOn)
        QCOMPARE(thread, QThread::currentThread());
    QCOMPARE(lab.model()->matrix().cell(1, 0).outcome, CellOutcome::Prevented); // the fifth
    QCOMPARE(lab.model()->matrix().cell(1, 1).outcome, CellOutcome::NotRun);
    QSignalSpy finished(&lab, &LabWindow::matrixFinished);
    gate->release();
    QVERIFY(finished.wait(boundMs(60000)) || finished.size() == 1);
    QCOMPARE(cells.size(), 12);
    QCOMPARE(finishedCells(*lab.model()), 12);
    QCOMPARE(lab.progressBar()->text(), u"cell 12 of 12"_s);
    QVERIFY(!lab.isRunning());
    QVERIFY(lab.runAction()->isEnabled());
    QVERIFY(!lab.cancelAction()->isEnabled());
    // The finished matrix brings the versions the runner reported.
    QCOMPARE(lab.model()->headerData(2, Qt::Horizontal).toString(), u"PostgreSQL\nrepeatable read\n15.18"_s);
    QCOMPARE(lab.databasesLabel()->text(), u"Databases: SQLite 3.40.1 · PostgreSQL 15.18 · MariaDB 11.8.3"_s);
    QVERIFY(lab.statusBar()->findChild<QLabel*>(u"labStatus"_s)->text().contains(u"1 departing"_s));
    QTRY_COMPARE_WITH_TIMEOUT(lab.job()->threadCount(), 0, boundMs(10000));
}

void TestMatrixPage::selectingACellShowsItsTimeline()
{
    auto gate = std::make_shared<Gate>();
    LabWindow lab;
    lab.setSourceFactory(syntheticFactory(gate));
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    QVERIFY(runAll(lab));
    QSignalSpy shown(&lab, &LabWindow::cellShown);
    // Row 1 ran the unique race, row 2 the counter: the timeline shows each cell's own run.
    for (const auto& [row, column] : { std::pair { 1, 2 }, std::pair { 2, 3 } }) {
        lab.table()->setCurrentIndex(lab.model()->index(row, column));
        QCOMPARE(shown.size() > 0 ? shown.last().at(0).toInt() : -1, row);
        QCOMPARE(shown.last().at(1).toInt(), column);
        const auto& run = lab.model()->matrix().cell(row, column).run;
        QVERIFY(run);
        TimelineLayout expected;
        expected.setData(run->trace, run->outcome, &run->scenario);
        QVERIFY(!lab.timeline()->timelineLayout().isEmpty());
        QCOMPARE(lab.timeline()->timelineLayout().boxes().size(), expected.boxes().size());
        QVERIFY2(lab.cellLabel()->text().contains(lab.model()->matrix().rows.at(row).anomaly),
            qPrintable(lab.cellLabel()->text()));
        QVERIFY(lab.explanationLabel()->text().contains(lab.model()->matrix().rows.at(row).commonName));
    }
    QVERIFY(lab.cellLabel()->text().contains(u"occurred · G2-item"_s));
    lab.table()->setCurrentIndex(lab.model()->index(0, 3));
    QVERIFY(lab.cellLabel()->text().contains(u"≠ documented: occurred"_s));
    QVERIFY(lab.timeline()->timelineLayout().boxes().size() != TimelineLayout().boxes().size()); // not empty
}

void TestMatrixPage::arrowsMoveAndEnterOpensTheCell()
{
    auto gate = std::make_shared<Gate>();
    MainWindow main;
    auto prompts = std::make_unique<ScriptedPrompts>();
    main.setPrompts(std::move(prompts));
    LabWindow* lab = main.openLab();
    lab->setSourceFactory(syntheticFactory(gate));
    QVERIFY(QTest::qWaitForWindowExposed(lab));
    QVERIFY(runAll(*lab));
    lab->table()->setFocus();
    lab->table()->setCurrentIndex(lab->model()->index(0, 0));
    QTest::keyClick(lab->table(), Qt::Key_Right);
    QCOMPARE(lab->table()->currentIndex(), lab->model()->index(0, 1));
    QTest::keyClick(lab->table(), Qt::Key_Down);
    QCOMPARE(lab->table()->currentIndex(), lab->model()->index(1, 1));
    QSignalSpy opened(lab, &LabWindow::openedInMainWindow);
    QTest::keyClick(lab->table(), Qt::Key_Return);
    QCOMPARE(opened.size(), 1);
    QCOMPARE(main.document()->scenario().name, lab->model()->matrix().cell(1, 1).run->scenario.name);
    QCOMPARE(main.document()->scenario().backend.journalMode, u"wal"_s);
}

void TestMatrixPage::openInMainWindowLoadsTheScenario_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("journal");
    QTest::addColumn<QString>("begin");
    QTest::addColumn<QString>("isolation");
    QTest::newRow("sqlite_deferred_rollback_journal")
        << 0 << int(BackendSpec::Kind::Sqlite) << u"delete"_s << u"deferred"_s << u"serializable"_s;
    QTest::newRow("sqlite_immediate_wal")
        << 1 << int(BackendSpec::Kind::Sqlite) << u"wal"_s << u"immediate"_s << u"serializable"_s;
    QTest::newRow("postgresql_repeatable_read")
        << 2 << int(BackendSpec::Kind::Postgresql) << QString() << QString() << u"repeatable read"_s;
}

void TestMatrixPage::openInMainWindowLoadsTheScenario()
{
    QFETCH(int, column);
    QFETCH(int, kind);
    QFETCH(QString, journal);
    QFETCH(QString, begin);
    QFETCH(QString, isolation);
    auto gate = std::make_shared<Gate>();
    MainWindow main;
    QStringList asked;
    auto prompts = std::make_unique<ScriptedPrompts>();
    prompts->recordEveryQuestion(&asked);
    main.setPrompts(std::move(prompts));
    main.show();
    QVERIFY(QTest::qWaitForWindowExposed(&main));
    LabWindow* lab = main.openLab();
    lab->setSourceFactory(syntheticFactory(gate));
    QVERIFY(QTest::qWaitForWindowExposed(lab));
    QString error;
    lab->table()->setCurrentIndex({});
    QVERIFY(!lab->openInMainWindow(&error));
    QCOMPARE(error, u"Select a cell first"_s);
    QVERIFY(runAll(*lab));
    lab->table()->setCurrentIndex(lab->model()->index(0, column));
    QVERIFY(lab->openAction()->isEnabled());
    QSignalSpy loaded(main.document(), &ScenarioDocument::scenarioLoaded);
    lab->openAction()->trigger();
    QCOMPARE(loaded.size(), 1);
    const Scenario& scenario = main.document()->scenario();
    QCOMPARE(scenario.name, lab->model()->matrix().cell(0, column).run->scenario.name);
    QCOMPARE(int(scenario.backend.kind), kind);
    QCOMPARE(scenario.isolation, isolation);
    if (BackendSpec::Kind(kind) == BackendSpec::Kind::Sqlite) {
        QCOMPARE(scenario.backend.journalMode, journal);
        QCOMPARE(scenario.backend.beginMode, begin);
        QCOMPARE(main.database(), u"sqlite"_s);
    } else {
        QCOMPARE(main.database(), lab->model()->matrix().columns.at(column).backend.url);
    }
    // Ready to run again: nothing asked, Run enabled.
    QVERIFY2(asked.isEmpty(), qPrintable(asked.join(u"; "_s)));
    QVERIFY(main.actions()->run()->isEnabled());
}

void TestMatrixPage::toolsMenuOpensTheLab()
{
    MainWindow main;
    main.show();
    QVERIFY(QTest::qWaitForWindowExposed(&main));
    QVERIFY(!main.labWindow());
    QCOMPARE(main.actions()->lab()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_L));
    main.actions()->lab()->trigger();
    QVERIFY(main.labWindow());
    QTRY_VERIFY(main.labWindow()->isVisible());
    QCOMPARE(main.labWindow()->windowTitle(), u"Isolation Lab — Interleave"_s);
    LabWindow* first = main.labWindow();
    main.actions()->lab()->trigger(); // the same window again
    QCOMPARE(main.labWindow(), first);
    // Presenter mode's fonts and theme reach the lab.
    const double before = first->font().pointSizeF();
    main.setPresenterMode(true);
    QVERIFY(first->font().pointSizeF() > before * 1.5);
    QCOMPARE(first->timeline()->colors().theme(), Palette::Theme::HighContrast);
    main.setPresenterMode(false);
    QCOMPARE(first->font().pointSizeF(), before);
    QCOMPARE(first->timeline()->colors().theme(), main.theme());
}

void TestMatrixPage::cancelKeepsWhatRan()
{
    auto gate = std::make_shared<Gate>();
    gate->holdAfter = 2;
    LabWindow lab;
    lab.setSourceFactory(syntheticFactory(gate));
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    lab.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&lab));
    QSignalSpy finished(&lab, &LabWindow::matrixFinished);
    QTest::keyClick(lab.table(), Qt::Key_F5); // Run's key, where the focus is
    QTRY_COMPARE_WITH_TIMEOUT(lab.progressBar()->value(), 2, boundMs(60000));
    QVERIFY(lab.isRunning());
    QTest::keyClick(lab.table(), Qt::Key_Escape); // Cancel's
    QVERIFY(finished.wait(boundMs(30000)) || finished.size() == 1);
    QVERIFY(lab.model()->matrix().cancelled);
    QCOMPARE(finishedCells(*lab.model()), 2);
    QCOMPARE(lab.model()->matrix().cell(0, 2).outcome, CellOutcome::NotRun);
    QCOMPARE(lab.model()->index(0, 2).data().toString(), u"not run"_s);
    QVERIFY(lab.statusBar()->findChild<QLabel*>(u"labStatus"_s)->text().startsWith(u"Cancelled after 2 of 12"_s));
    QVERIFY(lab.runAction()->isEnabled());
    // A cell that did not run says so in the timeline's place.
    lab.table()->setCurrentIndex(lab.model()->index(2, 3));
    QVERIFY(lab.timeline()->timelineLayout().isEmpty());
    QCOMPARE(lab.timeline()->emptyText(), u"This cell did not run"_s);
}

void TestMatrixPage::exportWritesThePicture()
{
    auto gate = std::make_shared<Gate>();
    LabWindow lab;
    lab.setSourceFactory(syntheticFactory(gate));
    QVERIFY(runAll(lab));
    QTemporaryDir dir;
    QString error;
    const QString png = dir.filePath(u"matrix.png"_s);
    QVERIFY2(lab.exportTo(png, 1920, &error), qPrintable(error));
    const QImage image(png);
    QCOMPARE(image.width(), 1920);
    const MatrixPainter painter(lab.model()->matrix(), {});
    QCOMPARE(image.size(), painter.size());
    QVERIFY(!lab.exportTo(dir.filePath(u"matrix.md"_s), 1920, &error));
    QVERIFY2(error.contains(u".png, .svg or .pdf"_s), qPrintable(error));
}

void TestMatrixPage::screenshots_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("lab_1280x800") << QSize(1280, 800);
    QTest::newRow("lab_1920x1080") << QSize(1920, 1080);
}

void TestMatrixPage::screenshots()
{
    QFETCH(QSize, size);
    auto gate = std::make_shared<Gate>();
    gate->fullSize = true;
    LabWindow lab;
    lab.setSourceFactory(syntheticFactory(gate));
    lab.resize(size);
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    QVERIFY(runAll(lab));
    QCOMPARE(lab.model()->columnCount(), 11);
    lab.table()->setCurrentIndex(lab.model()->index(6, 9)); // MariaDB repeatable read's lost update: departs
    // Every column is readable and all eleven fit the window's width: no horizontal scrolling.
    const int last = lab.model()->columnCount() - 1;
    for (int c = 0; c <= last; ++c)
        QVERIFY(lab.table()->columnWidth(c) >= 90);
    QVERIFY(lab.table()->columnViewportPosition(last) + lab.table()->columnWidth(last)
        <= lab.table()->viewport()->width() + 1);
    screenshot(lab, QString::fromLatin1(QTest::currentDataTag()));
    const QString dir = qEnvironmentVariable("INTERLEAVE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QString error;
        QVERIFY2(lab.exportTo(dir + u"/matrix-1920.png"_s, 1920, &error), qPrintable(error));
        QVERIFY2(MatrixImage::write(
                     lab.model()->matrix(), dir + u"/matrix-1920-dark.png"_s, 1920, Palette::Theme::Dark, &error),
            qPrintable(error));
    }
}

void TestMatrixPage::realRunnerFillsTheMatrix()
{
    LabWindow lab; // the default seam: the real MatrixRunner, SQLite only
    if (lab.model()->rowCount() == 0)
        QSKIP("MatrixRunner::plan() has no rows yet: the real runner (issue 18's matrix runner) is not in this build");
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    QVERIFY(runAll(lab));
    QCOMPARE(finishedCells(*lab.model()), lab.model()->rowCount() * lab.model()->columnCount());
    lab.table()->setCurrentIndex(lab.model()->index(0, 0));
    QVERIFY(lab.model()->matrix().cell(0, 0).run);
    QVERIFY(!lab.timeline()->timelineLayout().isEmpty());
    QVERIFY(!lab.model()->headerData(0, Qt::Horizontal).toString().endsWith(u'\n'));
}

QTEST_MAIN(TestMatrixPage)
#include "tst_matrixpage.moc"
