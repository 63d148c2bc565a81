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
    void aDefaultIsTypedByTheColumn_data();
    void aDefaultIsTypedByTheColumn();
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

void TestColumnsModel::aDefaultIsTypedByTheColumn_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("hasDefault");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("shown");
    QTest::newRow("an_integer_column_takes_a_number")
        << u"integer"_s << u"0"_s << true << QVariant(qlonglong(0)) << u"0"_s;
    QTest::newRow("a_text_column_takes_the_text")
        << u"varchar(32)"_s << u"foo"_s << true << QVariant(u"foo"_s) << u"foo"_s;
    QTest::newRow("a_boolean_column_takes_true") << u"boolean"_s << u"true"_s << true << QVariant(true) << u"true"_s;
    QTest::newRow("NULL_is_default_None") << u"varchar(32)"_s << u"NULL"_s << true << QVariant() << u"NULL"_s;
    QTest::newRow("an_empty_cell_is_no_default") << u"integer"_s << QString() << false << QVariant() << QString();
}

void TestColumnsModel::aDefaultIsTypedByTheColumn()
{
    QFETCH(QString, type);
    QFETCH(QString, typed);
    QFETCH(bool, hasDefault);
    QFETCH(QVariant, value);
    QFETCH(QString, shown);
    ColumnsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<ColumnSpec> columns { ColumnSpec(u"c"_s, type).withDefault(u"before"_s) };
    model.setColumns(columns);
    QCOMPARE(model.headerData(ColumnsModel::Default, Qt::Horizontal).toString(), u"Default"_s);
    QSignalSpy edited(&model, &ColumnsModel::edited);
    QVERIFY(model.setData(model.index(0, ColumnsModel::Default), typed, Qt::EditRole));
    QCOMPARE(edited.size(), 1);
    const ColumnSpec c = edited.at(0).at(0).value<QList<ColumnSpec>>().at(0);
    QCOMPARE(c.hasDefault, hasDefault);
    QCOMPARE(c.defaultValue, value);
    QCOMPARE(c.defaultValue.typeId(), value.typeId());
    QCOMPARE(model.index(0, ColumnsModel::Default).data().toString(), shown);
    QVERIFY(!model.index(0, ColumnsModel::Default).data(Qt::ToolTipRole).toString().isEmpty());
    QVERIFY(model.flags(model.index(0, ColumnsModel::Default)) & Qt::ItemIsEditable);
}

QTEST_MAIN(TestColumnsModel)
#include "tst_columnsmodel.moc"
