// SPDX-License-Identifier: MIT
#include "keyvaluemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;

class TestKeyValueModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void valuesAreTypedByTheColumn_data();
    void valuesAreTypedByTheColumn();
    void aKeyThatIsNotAColumnSaysSo();
    void renamingAKeyKeepsItsValue();
    void aKeyTakenTwiceIsRefused();
};

static QList<ColumnSpec> columns()
{
    return { { u"user_id"_s, u"varchar(32)"_s, false }, { u"likes"_s, u"integer"_s, false },
        { u"flag"_s, u"boolean"_s, true } };
}

void TestKeyValueModel::valuesAreTypedByTheColumn_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QVariant>("value");
    QTest::newRow("an_integer_column_gets_a_number") << u"likes"_s << u"42"_s << QVariant(qlonglong(42));
    QTest::newRow("a_boolean_column_gets_true") << u"flag"_s << u"true"_s << QVariant(true);
    QTest::newRow("a_varchar_column_keeps_digits_as_text") << u"user_id"_s << u"42"_s << QVariant(u"42"_s);
    QTest::newRow("an_integer_column_keeps_words_as_text") << u"likes"_s << u"many"_s << QVariant(u"many"_s);
}

void TestKeyValueModel::valuesAreTypedByTheColumn()
{
    QFETCH(QString, key);
    QFETCH(QString, typed);
    QFETCH(QVariant, value);
    KeyValueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTableColumns(columns());
    model.setMap({ { key, QVariant() } });
    QSignalSpy edited(&model, &KeyValueModel::edited);
    QVERIFY(model.setData(model.index(0, KeyValueModel::Value), typed));
    QCOMPARE(edited.size(), 1);
    const QVariantMap map = edited.at(0).at(0).toMap();
    QCOMPARE(map.value(key), value);
    QCOMPARE(map.value(key).typeId(), value.typeId());
}

void TestKeyValueModel::aKeyThatIsNotAColumnSaysSo()
{
    KeyValueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTableColumns(columns());
    model.setMap({ { u"usr_id"_s, u"c53b8b"_s }, { u"user_id"_s, u"c53b8b"_s } });
    QCOMPARE(model.rowCount(), 2);
    const QString unknown = model.index(1, KeyValueModel::Key).data(Qt::ToolTipRole).toString();
    QVERIFY2(unknown.contains(u"\"usr_id\" is not a column"_s), qPrintable(unknown));
    QVERIFY(unknown.contains(u"user_id, likes, flag"_s));
    QCOMPARE(model.index(0, KeyValueModel::Key).data(Qt::ToolTipRole).toString(), u"user_id (varchar(32))"_s);
}

void TestKeyValueModel::renamingAKeyKeepsItsValue()
{
    KeyValueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTableColumns(columns());
    model.setMap({ { u"user_id"_s, u"c53b8b"_s } });
    QSignalSpy edited(&model, &KeyValueModel::edited);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QVERIFY(model.setData(model.index(0, KeyValueModel::Key), u"usr_id"_s));
    QCOMPARE(edited.size(), 1);
    QCOMPARE(edited.at(0).at(0).toMap(), (QVariantMap { { u"usr_id"_s, u"c53b8b"_s } }));
    model.setMap(edited.at(0).at(0).toMap()); // handed back by the editor: no reset under the view
    QCOMPARE(reset.size(), 0);
}

void TestKeyValueModel::aKeyTakenTwiceIsRefused()
{
    KeyValueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMap({ { u"user_id"_s, u"a"_s }, { u"name"_s, u"b"_s } });
    QSignalSpy edited(&model, &KeyValueModel::edited);
    QVERIFY(!model.setData(model.index(0, KeyValueModel::Key), u"user_id"_s));
    QCOMPARE(edited.size(), 0);
    QCOMPARE(model.map().size(), 2);
}

QTEST_MAIN(TestKeyValueModel)
#include "tst_keyvaluemodel.moc"
