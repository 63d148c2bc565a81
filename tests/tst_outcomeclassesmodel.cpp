// SPDX-License-Identifier: MIT
#include "outcomeclassesmodel.h"
#include "palette.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;

class TestOutcomeClassesModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsEachClass_data();
    void showsEachClass();
    void violatedClassesTakeTheErrorColourOfEachTheme_data();
    void violatedClassesTakeTheErrorColourOfEachTheme();
    void aClassWithAnyViolationIsRed();
    void clearEmptiesTheList();

private:
    static QList<OutcomeClass> classes()
    {
        OutcomeClass unique;
        unique.summary = u"1 row; created, got (after IntegrityError)"_s;
        unique.rows = u"1 row"_s;
        unique.results = u"created, got (after IntegrityError)"_s;
        unique.count = 8;
        unique.example = { u"A"_s, u"A"_s, u"A"_s, u"B"_s, u"A"_s, u"B"_s, u"B"_s, u"B"_s, u"B"_s };
        OutcomeClass duplicates;
        duplicates.summary = u"2 rows; created, created"_s;
        duplicates.rows = u"2 rows"_s;
        duplicates.results = u"created, created"_s;
        duplicates.count = 2;
        duplicates.violated = true;
        duplicates.example = { u"A"_s, u"B"_s, u"A"_s, u"B"_s };
        return { unique, duplicates };
    }
};

void TestOutcomeClassesModel::showsEachClass_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("share");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("rows");
    QTest::addColumn<QString>("results");
    QTest::addColumn<QString>("example");
    QTest::addColumn<bool>("violated");
    QTest::newRow("the_frequent_class_first")
        << 0 << u"80 %"_s << 8 << u"1 row"_s << u"created, got (after IntegrityError)"_s << u"A,A,A,B,A,B,B,B,B"_s
        << false;
    QTest::newRow("duplicates_say_so") << 1 << u"20 %"_s << 2 << u"2 rows — duplicate"_s << u"created, created"_s
                                       << u"A,B,A,B"_s << true;
}

void TestOutcomeClassesModel::showsEachClass()
{
    QFETCH(int, row);
    QFETCH(QString, share);
    QFETCH(int, count);
    QFETCH(QString, rows);
    QFETCH(QString, results);
    QFETCH(QString, example);
    QFETCH(bool, violated);
    OutcomeClassesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setClasses(classes(), 10);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(OutcomeClassesModel::ColumnCount_));
    QCOMPARE(model.index(row, OutcomeClassesModel::Share).data().toString(), share);
    QCOMPARE(model.index(row, OutcomeClassesModel::Count).data().toInt(), count);
    QCOMPARE(model.index(row, OutcomeClassesModel::Rows).data().toString(), rows);
    QCOMPARE(model.index(row, OutcomeClassesModel::Results).data().toString(), results);
    QCOMPARE(model.index(row, OutcomeClassesModel::Example).data().toString(), example);
    QCOMPARE(model.index(row, 0).data(OutcomeClassesModel::ViolatedRole).toBool(), violated);
    QVERIFY(model.index(row, OutcomeClassesModel::Example).data(Qt::ToolTipRole).toString().contains(example));
    QCOMPARE(model.headerData(OutcomeClassesModel::Example, Qt::Horizontal).toString(), u"Example schedule"_s);
}

void TestOutcomeClassesModel::violatedClassesTakeTheErrorColourOfEachTheme_data()
{
    QTest::addColumn<Palette::Theme>("theme");
    QTest::newRow("light") << Palette::Theme::Light;
    QTest::newRow("dark") << Palette::Theme::Dark;
    QTest::newRow("high_contrast") << Palette::Theme::HighContrast;
}

void TestOutcomeClassesModel::violatedClassesTakeTheErrorColourOfEachTheme()
{
    QFETCH(Palette::Theme, theme);
    OutcomeClassesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setClasses(classes(), 10);
    const Palette palette(theme);
    model.setColors(palette);
    for (int column = 0; column < model.columnCount(); ++column) {
        QCOMPARE(model.index(1, column).data(Qt::ForegroundRole).value<QColor>(),
            palette.color(Palette::Role::ErrorForeground));
        QVERIFY(!model.index(0, column).data(Qt::ForegroundRole).isValid());
    }
}

// Issue 16: a class is red for any violation its schedules showed (a lost update, a failed worker, an anomaly), not
// only for duplicate rows; it says "duplicate" only for those.
void TestOutcomeClassesModel::aClassWithAnyViolationIsRed()
{
    OutcomeClass lost;
    lost.summary = u"1 row; updated, updated; lost update"_s;
    lost.rows = u"1 row"_s;
    lost.results = u"updated, updated"_s;
    lost.anomalies = u"lost update"_s;
    lost.count = 2;
    lost.failed = CheckFamily::LostUpdates | CheckFamily::Anomalies;
    lost.example = { u"A"_s, u"B"_s, u"A"_s, u"B"_s };
    OutcomeClass fine;
    fine.summary = u"1 row; updated, updated"_s;
    fine.rows = u"1 row"_s;
    fine.results = u"updated, updated"_s;
    fine.count = 2;
    fine.example = { u"A"_s, u"A"_s, u"B"_s, u"B"_s };
    OutcomeClassesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setClasses({ lost, fine }, 4);
    const Palette palette(Palette::Theme::Light);
    model.setColors(palette);
    QCOMPARE(model.index(0, OutcomeClassesModel::Rows).data(Qt::ForegroundRole).value<QColor>(),
        palette.color(Palette::Role::ErrorForeground));
    QVERIFY(model.index(0, 0).data(OutcomeClassesModel::FailedRole).toBool());
    QVERIFY(!model.index(0, 0).data(OutcomeClassesModel::ViolatedRole).toBool());
    QCOMPARE(model.index(0, OutcomeClassesModel::Rows).data().toString(), u"1 row"_s);
    QCOMPARE(model.index(0, OutcomeClassesModel::Results).data().toString(), u"updated, updated; lost update"_s);
    QVERIFY(!model.index(1, OutcomeClassesModel::Rows).data(Qt::ForegroundRole).isValid());
    QVERIFY(!model.index(1, 0).data(OutcomeClassesModel::FailedRole).toBool());
}

void TestOutcomeClassesModel::clearEmptiesTheList()
{
    OutcomeClassesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setClasses(classes(), 10);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.explored(), 0);
}

QTEST_MAIN(TestOutcomeClassesModel)
#include "tst_outcomeclassesmodel.moc"
