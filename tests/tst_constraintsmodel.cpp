// SPDX-License-Identifier: MIT
#include "constraintsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;

class TestConstraintsModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void kinds_data();
    void kinds();
    void editingColumnsSplitsOnCommasAndSpaces();
    void editingWhereMakesItPartial();
};

void TestConstraintsModel::kinds_data()
{
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("shown");
    QTest::newRow("one_column_is_unique") << QStringList { u"user_id"_s } << QString() << u"unique"_s << u"user_id"_s;
    QTest::newRow("two_columns_are_unique_together")
        << QStringList { u"name"_s, u"definition"_s } << QString() << u"unique together"_s << u"name, definition"_s;
    QTest::newRow("a_where_makes_a_partial_index")
        << QStringList { u"parent_id"_s } << u"flag = 1"_s << u"partial unique"_s << u"parent_id"_s;
}

void TestConstraintsModel::kinds()
{
    QFETCH(QStringList, columns);
    QFETCH(QString, where);
    QFETCH(QString, kind);
    QFETCH(QString, shown);
    ConstraintsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ConstraintSpec c;
    c.columns = columns;
    c.where = where;
    model.setConstraints({ c });
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(ConstraintsModel::kindText(c), kind);
    QCOMPARE(model.index(0, ConstraintsModel::Columns).data().toString(), shown);
    QCOMPARE(model.index(0, ConstraintsModel::Where).data().toString(), where);
    QVERIFY(model.index(0, ConstraintsModel::Columns).data(Qt::ToolTipRole).toString().startsWith(kind));
}

void TestConstraintsModel::editingColumnsSplitsOnCommasAndSpaces()
{
    ConstraintsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ConstraintSpec c;
    c.columns = { u"user_id"_s };
    model.setConstraints({ c });
    QSignalSpy edited(&model, &ConstraintsModel::edited);
    QVERIFY(model.setData(model.index(0, ConstraintsModel::Columns), u"user_id,  name"_s));
    QCOMPARE(edited.size(), 1);
    const auto constraints = edited.at(0).at(0).value<QList<ConstraintSpec>>();
    QCOMPARE(constraints.at(0).columns, (QStringList { u"user_id"_s, u"name"_s }));
    QCOMPARE(model.index(0, ConstraintsModel::Columns).data().toString(), u"user_id, name"_s);
}

void TestConstraintsModel::editingWhereMakesItPartial()
{
    ConstraintsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ConstraintSpec c;
    c.columns = { u"parent_id"_s };
    model.setConstraints({ c });
    QSignalSpy edited(&model, &ConstraintsModel::edited);
    QVERIFY(model.setData(model.index(0, ConstraintsModel::Where), u" flag = 1 "_s));
    QCOMPARE(edited.size(), 1);
    const auto constraints = edited.at(0).at(0).value<QList<ConstraintSpec>>();
    QCOMPARE(constraints.at(0).where, u"flag = 1"_s);
    QCOMPARE(ConstraintsModel::kindText(constraints.at(0)), u"partial unique"_s);
}

QTEST_MAIN(TestConstraintsModel)
#include "tst_constraintsmodel.moc"
