// SPDX-License-Identifier: MIT
#include "initialrowsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;

class TestInitialRowsModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oneModelColumnPerTableColumn();
    void cells_data();
    void cells();
};

static QList<ColumnSpec> columns()
{
    return { { u"parent_id"_s, u"integer"_s, false }, { u"flag"_s, u"integer"_s, true },
        { u"note"_s, u"text"_s, true } };
}

void TestInitialRowsModel::oneModelColumnPerTableColumn()
{
    InitialRowsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTable(columns(), { { { u"parent_id"_s, 1 }, { u"flag"_s, 1 } } });
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), u"note"_s);
    QCOMPARE(model.index(0, 0).data().toString(), u"1"_s);
    QCOMPARE(model.index(0, 2).data().toString(), QString());
    QCOMPARE(model.index(0, 2).data(Qt::ToolTipRole).toString(), u"No value: NULL"_s);
    // Removing a table column reshapes the model.
    QList<ColumnSpec> fewer = columns();
    fewer.removeLast();
    model.setTable(fewer, model.rows());
    QCOMPARE(model.columnCount(), 2);
}

void TestInitialRowsModel::cells_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QVariantMap>("row");
    QTest::newRow("an_integer_cell_holds_a_number")
        << 1 << u"0"_s << QVariantMap { { u"parent_id"_s, 1 }, { u"flag"_s, qlonglong(0) } };
    QTest::newRow("a_text_cell_holds_text")
        << 2 << u"7"_s << QVariantMap { { u"parent_id"_s, 1 }, { u"flag"_s, 1 }, { u"note"_s, u"7"_s } };
    QTest::newRow("an_emptied_cell_leaves_the_column_out") << 1 << QString() << QVariantMap { { u"parent_id"_s, 1 } };
}

void TestInitialRowsModel::cells()
{
    QFETCH(int, column);
    QFETCH(QString, typed);
    QFETCH(QVariantMap, row);
    InitialRowsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTable(columns(), { { { u"parent_id"_s, 1 }, { u"flag"_s, 1 } } });
    QSignalSpy edited(&model, &InitialRowsModel::edited);
    QVERIFY(model.setData(model.index(0, column), typed));
    QCOMPARE(edited.size(), 1);
    const auto rows = edited.at(0).at(0).value<QList<QVariantMap>>();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0), row);
}

QTEST_MAIN(TestInitialRowsModel)
#include "tst_initialrowsmodel.moc"
