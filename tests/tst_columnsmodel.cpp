// SPDX-License-Identifier: MIT
#include "columnsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;

class TestColumnsModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsNameTypeAndNullable();
    void edits_data();
    void edits();
    void theListComingBackKeepsTheRows();
};

static QList<ColumnSpec> raceColumns()
{
    return { { u"user_id"_s, u"varchar(32)"_s, false }, { u"name"_s, u"varchar(32)"_s, true } };
}

void TestColumnsModel::showsNameTypeAndNullable()
{
    ColumnsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setColumns(raceColumns());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(ColumnsModel::ColumnCount));
    QCOMPARE(model.index(0, ColumnsModel::Name).data().toString(), u"user_id"_s);
    QCOMPARE(model.index(0, ColumnsModel::Type).data().toString(), u"varchar(32)"_s);
    QCOMPARE(model.index(0, ColumnsModel::Nullable).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QCOMPARE(model.index(1, ColumnsModel::Nullable).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QVERIFY(model.flags(model.index(0, ColumnsModel::Nullable)) & Qt::ItemIsUserCheckable);
    QVERIFY(model.flags(model.index(0, ColumnsModel::Type)) & Qt::ItemIsEditable);
    QVERIFY(ColumnsModel::suggestedTypes().contains(u"bigint"_s));
}

void TestColumnsModel::edits_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("role");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("nullable");
    QTest::newRow("renaming_trims_the_name") << int(ColumnsModel::Name) << int(Qt::EditRole) << QVariant(u" uid "_s)
                                             << u"uid"_s << u"varchar(32)"_s << false;
    QTest::newRow("a_typed_type_is_taken_as_written") << int(ColumnsModel::Type) << int(Qt::EditRole)
                                                      << QVariant(u"bigint"_s) << u"user_id"_s << u"bigint"_s << false;
    QTest::newRow("checking_null_makes_it_nullable")
        << int(ColumnsModel::Nullable) << int(Qt::CheckStateRole) << QVariant(int(Qt::Checked)) << u"user_id"_s
        << u"varchar(32)"_s << true;
}

void TestColumnsModel::edits()
{
    QFETCH(int, column);
    QFETCH(int, role);
    QFETCH(QVariant, value);
    QFETCH(QString, name);
    QFETCH(QString, type);
    QFETCH(bool, nullable);
    ColumnsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setColumns(raceColumns());
    QSignalSpy edited(&model, &ColumnsModel::edited);
    QVERIFY(model.setData(model.index(0, column), value, role));
    QCOMPARE(edited.size(), 1);
    const auto columns = edited.at(0).at(0).value<QList<ColumnSpec>>();
    QCOMPARE(columns.size(), 2);
    QCOMPARE(columns.at(0).name, name);
    QCOMPARE(columns.at(0).type, type);
    QCOMPARE(columns.at(0).nullable, nullable);
    QVERIFY(!edited.at(0).at(1).toString().isEmpty()); // the undo step's text
    // The same value again is no edit.
    QVERIFY(model.setData(model.index(0, column), value, role));
    QCOMPARE(edited.size(), 1);
}

void TestColumnsModel::theListComingBackKeepsTheRows()
{
    ColumnsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setColumns(raceColumns());
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QVERIFY(model.setData(model.index(1, ColumnsModel::Name), u"title"_s, Qt::EditRole));
    QList<ColumnSpec> applied = raceColumns();
    applied[1].name = u"title"_s;
    model.setColumns(applied); // what the editor hands back after applying the edit
    QCOMPARE(reset.size(), 0);
    applied.removeLast();
    model.setColumns(applied);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 1);
}

QTEST_MAIN(TestColumnsModel)
#include "tst_columnsmodel.moc"
