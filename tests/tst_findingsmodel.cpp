// SPDX-License-Identifier: MIT
#include "findingsmodel.h"
#include "palette.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;

namespace {

InvariantCheck check(InvariantCheck::Kind kind, bool held, const QString& sentence)
{
    InvariantCheck c;
    c.kind = kind;
    c.name = u"the check"_s;
    c.held = held;
    c.sentence = sentence;
    return c;
}

const QString lostUpdate = u"lost update: A and B both read likes = 0 and both wrote likes = 1"_s;

// A lost update between A's statements 1 (read) and 3 (write) and B's 2 and 4.
Anomaly anomaly(AnomalyKind kind, AnalysisLevel level, bool allowed, bool inOperations, const QString& sentence)
{
    Anomaly a;
    a.kind = kind;
    a.level = level;
    a.allowed = allowed;
    a.inOperations = inOperations;
    a.sentence = sentence;
    a.workers = { 0, 1 };
    Dependency rw;
    rw.kind = Dependency::Kind::RW;
    rw.fromWorker = 0;
    rw.toWorker = 1;
    rw.fromEvent = 1;
    rw.toEvent = 4;
    rw.text = u"A's SELECT read likes = 0, which B's UPDATE replaced"_s;
    Dependency ww;
    ww.kind = Dependency::Kind::WW;
    ww.fromWorker = 1;
    ww.toWorker = 0;
    ww.fromEvent = 4;
    ww.toEvent = 3;
    ww.text = u"A's UPDATE wrote the next version of B's"_s;
    a.cycle = { rw, ww };
    return a;
}

} // namespace

class TestFindingsModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lines_data();
    void lines();
    void anAnomalyLineCarriesItsCycle();
    void colorsFollowThePalette();
};

void TestFindingsModel::lines_data()
{
    QTest::addColumn<QList<InvariantCheck>>("invariants");
    QTest::addColumn<QList<Anomaly>>("anomalies");
    QTest::addColumn<QStringList>("texts");
    QTest::addColumn<QList<bool>>("violations");

    const InvariantCheck oneRow = check(InvariantCheck::Kind::Duplicates, true, u"1 row for title='hello'"_s);
    QTest::newRow("a_clean_run_lists_nothing")
        << QList<InvariantCheck> { oneRow } << QList<Anomaly> {} << QStringList {} << QList<bool> {};
    QTest::newRow("a_held_check_is_not_listed")
        << QList<InvariantCheck> { oneRow, check(InvariantCheck::Kind::Counter, true, u"likes = 2, as expected"_s) }
        << QList<Anomaly> {} << QStringList {} << QList<bool> {};
    QTest::newRow("a_failed_check_is_one_red_line_without_its_full_stop")
        << QList<InvariantCheck> { check(InvariantCheck::Kind::WorkerResult, false, u"B ended with Busy."_s) }
        << QList<Anomaly> {} << QStringList { u"B ended with Busy"_s } << QList<bool> { true };
    QTest::newRow("a_lost_update_the_counter_check_tells_is_listed_once")
        << QList<InvariantCheck> { check(
               InvariantCheck::Kind::Counter, false, lostUpdate + u"; one like is missing (expected 2, found 1)."_s) }
        << QList<Anomaly> { anomaly(AnomalyKind::LostUpdate, AnalysisLevel::Operation, false, true, lostUpdate) }
        << QStringList { lostUpdate + u"; one like is missing (expected 2, found 1)"_s } << QList<bool> { true };
    Anomaly operations = anomaly(AnomalyKind::G2, AnalysisLevel::Operation, false, true, u"G2: A and B missed"_s);
    operations.levelNote = u"the database did what READ COMMITTED promises"_s;
    QTest::newRow("a_violating_anomaly_no_check_tells_is_red_with_its_level_note")
        << QList<InvariantCheck> {} << QList<Anomaly> { operations }
        << QStringList { u"G2: A and B missed \u2014 the database did what READ COMMITTED promises"_s }
        << QList<bool> { true };
    QTest::newRow("an_allowed_database_anomaly_is_grey_and_says_by_which_level")
        << QList<InvariantCheck> {}
        << QList<Anomaly> { anomaly(AnomalyKind::GSingle, AnalysisLevel::Database, true, false, u"read skew"_s) }
        << QStringList { u"read skew (allowed by READ COMMITTED)"_s } << QList<bool> { false };
    QTest::newRow("violations_come_before_what_the_level_allows")
        << QList<InvariantCheck> { check(InvariantCheck::Kind::Expectation, false, u"likes = 2 does not hold"_s) }
        << QList<Anomaly> { anomaly(AnomalyKind::GSingle, AnalysisLevel::Database, true, false, u"read skew"_s),
               anomaly(AnomalyKind::G2Item, AnalysisLevel::Database, false, false, u"write skew"_s) }
        << QStringList { u"likes = 2 does not hold"_s, u"write skew"_s, u"read skew (allowed by READ COMMITTED)"_s }
        << QList<bool> { true, true, false };
}

void TestFindingsModel::lines()
{
    QFETCH(QList<InvariantCheck>, invariants);
    QFETCH(QList<Anomaly>, anomalies);
    QFETCH(QStringList, texts);
    QFETCH(QList<bool>, violations);

    FindingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Outcome outcome;
    outcome.invariants = invariants;
    outcome.anomalies = anomalies;
    model.setOutcome(outcome, u"READ COMMITTED"_s);
    QCOMPARE(model.texts(), texts);
    QCOMPARE(model.rowCount(), texts.size());
    const Palette palette;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        QCOMPARE(index.data().toString(), texts.at(row));
        QCOMPARE(model.isViolation(row), violations.at(row));
        QCOMPARE(index.data(FindingsModel::ViolationRole).toBool(), violations.at(row));
        QCOMPARE(index.data(Qt::ForegroundRole).value<QBrush>().color(),
            palette.color(violations.at(row) ? Palette::Role::ErrorForeground : Palette::Role::TextMuted));
        QVERIFY(!index.data(Qt::ToolTipRole).toString().isEmpty());
    }
    QCOMPARE(model.violations(), int(violations.count(true)));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestFindingsModel::anAnomalyLineCarriesItsCycle()
{
    FindingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Outcome outcome;
    outcome.anomalies = { anomaly(AnomalyKind::G2Item, AnalysisLevel::Database, false, false, u"write skew"_s) };
    model.setOutcome(outcome, u"SERIALIZABLE"_s);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.events(0), (QList<int> { 1, 4, 3 }));
    QCOMPARE(model.index(0).data(FindingsModel::EventsRole).value<QList<int>>(), (QList<int> { 1, 4, 3 }));
    const QString tip = model.index(0).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(u"rw: A's SELECT read likes = 0, which B's UPDATE replaced"_s), qPrintable(tip));
    QVERIFY2(tip.contains(u"write skew"_s), qPrintable(tip));

    // A lost update told by the counter's check: the check's line leads to the cycle.
    outcome.anomalies = { anomaly(AnomalyKind::LostUpdate, AnalysisLevel::Operation, false, true, lostUpdate) };
    outcome.invariants = { check(InvariantCheck::Kind::Counter, false, lostUpdate + u"; one like is missing"_s) };
    model.setOutcome(outcome, u"READ COMMITTED"_s);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.kind(0), FindingsModel::Kind::Invariant);
    QCOMPARE(model.events(0), (QList<int> { 1, 4, 3 }));
}

void TestFindingsModel::colorsFollowThePalette()
{
    FindingsModel model;
    Outcome outcome;
    outcome.invariants = { check(InvariantCheck::Kind::WorkerResult, false, u"B ended with Busy"_s) };
    model.setOutcome(outcome, {});
    const Palette dark(Palette::Theme::Dark);
    QVERIFY(dark.color(Palette::Role::ErrorForeground) != Palette().color(Palette::Role::ErrorForeground));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setColors(dark);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(
        model.index(0).data(Qt::ForegroundRole).value<QBrush>().color(), dark.color(Palette::Role::ErrorForeground));
}

QTEST_MAIN(TestFindingsModel)
#include "tst_findingsmodel.moc"
