// SPDX-License-Identifier: MIT
#include "palette.h"
#include "rowsmodel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QFont>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;

Q_DECLARE_METATYPE(interleave::DuplicateGroup)

namespace {

DuplicateGroup group(const QString& text, const QList<QVariant>& ids)
{
    DuplicateGroup g;
    g.lookupText = text;
    g.ids = ids;
    return g;
}

// Final rows of a run: `rows` rows with ids 1.., inserted by the workers in `insertedBy` (-1: an initial row).
Outcome outcome(const QList<int>& insertedBy, const QList<DuplicateGroup>& groups)
{
    Outcome o;
    o.columns = { u"id"_s, u"user_id"_s, u"name"_s };
    for (int i = 0; i < insertedBy.size(); ++i) {
        const qint64 id = i + 1;
        o.rows.append(Row { id, u"c53b8b"_s, i == 0 ? QVariant() : QVariant(u"foo"_s) });
        if (insertedBy.at(i) >= 0)
            o.insertedBy.insert(id, insertedBy.at(i));
    }
    o.groups = groups;
    return o;
}

} // namespace

class TestRowsModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void duplicates_data();
    void duplicates();
    void columnsAndValues();
    void resetKeepsTheTesterHappy();
    void sessionRowsGreyTheHidden_data();
    void sessionRowsGreyTheHidden();
};

void TestRowsModel::duplicates_data()
{
    QTest::addColumn<QList<int>>("insertedBy");
    QTest::addColumn<QList<DuplicateGroup>>("groups");
    QTest::addColumn<QList<int>>("duplicateRows");

    QTest::newRow("one_row_is_no_duplicate")
        << QList<int> { 0 } << QList<DuplicateGroup> { group(u"user_id='c53b8b'"_s, { 1 }) } << QList<int> {};
    QTest::newRow("two_workers_both_inserted")
        << QList<int> { 0, 1 } << QList<DuplicateGroup> { group(u"user_id='c53b8b'"_s, { 1, 2 }) }
        << QList<int> { 0, 1 };
    QTest::newRow("only_the_group_with_two_rows_is_highlighted")
        << QList<int> { 0, 1, 2 }
        << QList<DuplicateGroup> { group(u"user_id='a'"_s, { 1 }), group(u"user_id='b'"_s, { 2, 3 }) }
        << QList<int> { 1, 2 };
    QTest::newRow("empty_table") << QList<int> {} << QList<DuplicateGroup> {} << QList<int> {};
}

void TestRowsModel::duplicates()
{
    QFETCH(QList<int>, insertedBy);
    QFETCH(QList<DuplicateGroup>, groups);
    QFETCH(QList<int>, duplicateRows);

    RowsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setOutcome(outcome(insertedBy, groups), { u"A"_s, u"B"_s, u"C"_s });
    QCOMPARE(model.rowCount(), insertedBy.size());
    const Palette palette;
    const QColor highlight = palette.color(Palette::Role::Duplicate);
    for (int row = 0; row < model.rowCount(); ++row) {
        const bool expected = duplicateRows.contains(row);
        QCOMPARE(model.isDuplicate(row), expected);
        for (int column = 0; column < model.columnCount(); ++column) {
            const QVariant background = model.index(row, column).data(Qt::BackgroundRole);
            if (expected) {
                QCOMPARE(background.value<QBrush>().color(), highlight);
                QVERIFY(model.index(row, column).data(Qt::ToolTipRole).toString().startsWith(u"Duplicate: "_s));
            } else {
                QVERIFY(!background.isValid());
            }
        }
    }
    if (!duplicateRows.isEmpty()) {
        const QString tip = model.index(duplicateRows.first(), 1).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(u"2 rows for user_id="_s), qPrintable(tip));
    }
}

void TestRowsModel::columnsAndValues()
{
    RowsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), 0);
    model.setOutcome(outcome({ 1, -1 }, {}), { u"A"_s, u"B"_s });
    QCOMPARE(model.columnCount(), 4);
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), u"id"_s);
    QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), u"name"_s);
    QCOMPARE(model.headerData(3, Qt::Horizontal).toString(), u"inserted by"_s);
    QCOMPARE(model.index(0, 0).data().toString(), u"1"_s);
    QCOMPARE(model.index(0, 1).data().toString(), u"c53b8b"_s);
    QCOMPARE(model.index(0, 2).data().toString(), u"NULL"_s);
    QVERIFY(model.index(0, 2).data(Qt::EditRole).isNull());
    QCOMPARE(model.index(0, 3).data().toString(), u"B"_s);
    QCOMPARE(model.index(1, 3).data().toString(), u"(unknown)"_s); // nobody reported inserting it
    QCOMPARE(model.index(0, 1).data(Qt::ToolTipRole).toString(), u"'c53b8b'"_s);
    Outcome withInitial = outcome({ -1, 0 }, {});
    withInitial.initialRows = 1;
    model.setOutcome(withInitial, { u"A"_s, u"B"_s });
    QCOMPARE(model.index(0, 3).data().toString(), u"(initial)"_s);
    QCOMPARE(model.index(1, 3).data().toString(), u"A"_s);
}

void TestRowsModel::resetKeepsTheTesterHappy()
{
    RowsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setOutcome(outcome({ 0, 1 }, { group(u"user_id='c53b8b'"_s, { 1, 2 }) }), { u"A"_s, u"B"_s });
    model.setColors(Palette(Palette::Theme::Dark));
    QCOMPARE(model.index(0, 0).data(Qt::BackgroundRole).value<QBrush>().color(),
        Palette(Palette::Theme::Dark).color(Palette::Role::Duplicate));
    model.setOutcome(outcome({ 0 }, {}), { u"A"_s });
    QCOMPARE(model.rowCount(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), 0);
}

void TestRowsModel::sessionRowsGreyTheHidden_data()
{
    QTest::addColumn<bool>("hidden");
    QTest::addColumn<QString>("reason");
    QTest::newRow("a_row_b_sees_is_not_greyed") << false << QString();
    QTest::newRow("a_s_uncommitted_row_is_greyed_with_its_reason")
        << true << u"not visible to B: A has not committed this write"_s;
}

void TestRowsModel::sessionRowsGreyTheHidden()
{
    QFETCH(bool, hidden);
    QFETCH(QString, reason);
    RowsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setOutcome(outcome({ 0 }, {}), { u"A"_s, u"B"_s });
    const Palette palette;
    RowsModel::SessionRow row { Row { 1, u"u1"_s, u"foo"_s }, hidden ? u"no: A has not committed it"_s : u"yes"_s,
        reason, hidden };
    model.setSessionRows(QList<RowsModel::SessionRow> { row, row }, u"B"_s);
    QVERIFY(model.showsSession());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), 4);
    QCOMPARE(model.headerData(3, Qt::Horizontal).toString(), u"B sees it"_s);
    QCOMPARE(model.index(1, 1).data().toString(), u"u1"_s);
    QCOMPARE(model.index(1, 3).data().toString(), row.seen);
    QCOMPARE(model.isHidden(1), hidden);
    const QVariant foreground = model.index(1, 2).data(Qt::ForegroundRole);
    QCOMPARE(foreground.isValid(), hidden);
    if (hidden) {
        QCOMPARE(foreground.value<QBrush>().color(), palette.color(Palette::Role::TextMuted));
        QVERIFY(model.index(1, 2).data(Qt::FontRole).value<QFont>().italic());
        QVERIFY(model.index(1, 2).data(Qt::ToolTipRole).toString().startsWith(reason));
    }
    // Back to the final rows.
    model.setSessionRows(std::nullopt, {});
    QVERIFY(!model.showsSession());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.headerData(3, Qt::Horizontal).toString(), u"inserted by"_s);
    // A new run shows its final rows, not the last session's.
    model.setSessionRows(QList<RowsModel::SessionRow> { row }, u"B"_s);
    model.setOutcome(outcome({ 0, 1 }, {}), { u"A"_s, u"B"_s });
    QVERIFY(!model.showsSession());
    QCOMPARE(model.rowCount(), 2);
}

QTEST_MAIN(TestRowsModel)
#include "tst_rowsmodel.moc"
