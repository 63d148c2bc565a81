// SPDX-License-Identifier: MIT
#include "logmodel.h"
#include "palette.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;

namespace {

TraceEvent statement(int worker, int step, qint64 startNs, qint64 endNs, int sql)
{
    TraceEvent event;
    event.worker = worker;
    event.step = step;
    event.startNs = startNs;
    event.endNs = endNs;
    event.statement = sql;
    return event;
}

// A's INSERT, then B's INSERT that waits 1.2 ms for A and fails; the events arrive in start order, except
// the last SELECT which a merge could hand over out of order.
Trace trace()
{
    Trace t;
    t.workers = { u"A"_s, u"B"_s };
    t.statements = { u"SELECT \"race\".\"id\" FROM \"race\"\n WHERE \"race\".\"user_id\" = ? LIMIT 21"_s,
        u"INSERT INTO \"race\" (\"user_id\", \"name\") VALUES (?, ?)"_s, u"COMMIT"_s,
        u"INSERT INTO \"race\" (\"user_id\", \"name\") VALUES (?, ?) RETURNING \"race\".\"id\""_s };
    TraceEvent insertA = statement(0, 0, 1'000'000, 1'250'000, 1);
    insertA.params = { u"c53b8b"_s, u"foo"_s };
    insertA.insertId = 1;
    insertA.rowsAffected = 1;
    TraceEvent insertB = statement(1, 0, 2'000'000, 3'300'000, 1);
    insertB.params = { u"c53b8b"_s, u"foo"_s };
    insertB.error = { ErrorClass::IntegrityError, 2067, {}, u"UNIQUE constraint failed: race.user_id"_s };
    TraceEvent wait;
    wait.kind = EventKind::LockWait;
    wait.worker = 1;
    wait.step = 0;
    wait.startNs = 2'050'000;
    wait.endNs = 3'250'000;
    wait.blockers = { 0 };
    TraceEvent commit = statement(0, 1, 3'000'000, 3'100'000, 2);
    TraceEvent select = statement(1, 1, 4'000'000, 4'123'456, 0);
    select.params = { u"c53b8b"_s };
    select.columns = { u"id"_s };
    select.rows = { Row { 1 } };
    TraceEvent returning = statement(0, 2, 5'000'000, 5'200'000, 3); // Django 4.0+ asks for the new id
    returning.params = { u"d4e5f6"_s, u"bar"_s };
    returning.columns = { u"id"_s };
    returning.rows = { Row { 2 } };
    returning.insertId = 2;
    returning.rowsAffected = 1;
    t.events = { insertA, insertB, wait, select, commit, returning };
    return t;
}

} // namespace

class TestLogModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rows_data();
    void rows();
    void errorsAreRed();
    void emptyAndReset();
    void aStatementStillWaitingHasNoDurationYet();
};

void TestLogModel::rows_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("worker");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("duration");
    QTest::addColumn<QString>("params");
    QTest::addColumn<QString>("result");

    QTest::newRow("insert_that_created_a_row")
        << 0 << u"A"_s << u"1.000"_s << u"0.250"_s << u"'c53b8b', 'foo'"_s << u"inserted id 1"_s;
    QTest::newRow("insert_that_waited_then_failed")
        << 1 << u"B"_s << u"2.000"_s << u"1.300"_s << u"'c53b8b', 'foo'"_s
        << u"waited 1.2 ms for A; IntegrityError 2067: UNIQUE constraint failed: race.user_id"_s;
    QTest::newRow("commit_is_ok") << 2 << u"A"_s << u"3.000"_s << u"0.100"_s << QString() << u"ok"_s;
    QTest::newRow("select_counts_its_rows") << 3 << u"B"_s << u"4.000"_s << u"0.123"_s << u"'c53b8b'"_s << u"1 row"_s;
    QTest::newRow("insert_returning_counts_its_row_and_names_the_id")
        << 4 << u"A"_s << u"5.000"_s << u"0.200"_s << u"'d4e5f6', 'bar'"_s << u"1 row; inserted id 2"_s;
}

void TestLogModel::rows()
{
    QFETCH(int, row);
    QFETCH(QString, worker);
    QFETCH(QString, start);
    QFETCH(QString, duration);
    QFETCH(QString, params);
    QFETCH(QString, result);

    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrace(trace());
    QCOMPARE(model.rowCount(), 5); // statements only: the lock wait is part of B's INSERT
    QCOMPARE(model.index(row, LogModel::Number).data().toInt(), row + 1);
    QCOMPARE(model.index(row, LogModel::Worker).data().toString(), worker);
    QCOMPARE(model.index(row, LogModel::Start).data().toString(), start);
    QCOMPARE(model.index(row, LogModel::Duration).data().toString(), duration);
    QCOMPARE(model.index(row, LogModel::Params).data().toString(), params);
    QCOMPARE(model.index(row, LogModel::Result).data().toString(), result);
    const int event = model.index(row, 0).data(LogModel::EventIndexRole).toInt();
    QCOMPARE(model.eventIndex(row), event);
    QCOMPARE(model.rowOfEvent(event), row);
}

void TestLogModel::errorsAreRed()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrace(trace());
    const QColor red = Palette().color(Palette::Role::ErrorForeground);
    for (int column = 0; column < model.columnCount(); ++column) {
        QCOMPARE(model.index(1, column).data(Qt::ForegroundRole).value<QBrush>().color(), red);
        QVERIFY(!model.index(0, column).data(Qt::ForegroundRole).isValid());
    }
    // The SQL is shown on one line; the tooltip keeps it as written.
    QCOMPARE(model.index(3, LogModel::Sql).data().toString(),
        u"SELECT \"race\".\"id\" FROM \"race\" WHERE \"race\".\"user_id\" = ? LIMIT 21"_s);
    QVERIFY(model.index(3, LogModel::Sql).data(Qt::ToolTipRole).toString().contains(QLatin1Char('\n')));

    model.setColors(Palette(Palette::Theme::HighContrast));
    QCOMPARE(model.index(1, 0).data(Qt::ForegroundRole).value<QBrush>().color(),
        Palette(Palette::Theme::HighContrast).color(Palette::Role::ErrorForeground));
}

void TestLogModel::aStatementStillWaitingHasNoDurationYet()
{
    // A live step run: B's INSERT is sent and waits for A; neither has ended (StepRun's open events end before they
    // start).
    Trace t = trace();
    t.events = { t.events.at(0), t.events.at(1), t.events.at(2) };
    t.events[1].endNs = 0;
    t.events[1].error = {};
    t.events[2].endNs = 0;
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrace(t);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, LogModel::Duration).data().toString(), u"\u2026"_s);
    QCOMPARE(model.index(1, LogModel::Result).data().toString(), u"waits for A; no reply yet"_s);
}

void TestLogModel::emptyAndReset()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(LogModel::ColumnCount));
    QCOMPARE(model.headerData(LogModel::Start, Qt::Horizontal).toString(), u"start (ms)"_s);
    model.setTrace(trace());
    QCOMPARE(model.rowCount(), 5);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestLogModel)
#include "tst_logmodel.moc"
