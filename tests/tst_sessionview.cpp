// SPDX-License-Identifier: MIT
// What each session sees (SessionView), on real runs of the examples by their scripts on all three databases:
// every SELECT returned what the view says its session could see, B does not see A's uncommitted INSERT, and a
// REPEATABLE READ session keeps its snapshot.

#include "examples.h"
#include "history.h"
#include "runner.h"
#include "sessionview.h"
#include "statementkind.h"
#include "testdatabases.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

Scenario example(const QString& id)
{
    ScenarioError error;
    const std::optional<Scenario> s = Examples::load(id, &error);
    if (!s)
        qFatal("%s: %s", qPrintable(id), qPrintable(error.toString()));
    return *s;
}

QString databaseName(BackendSpec::Kind kind)
{
    return BackendSpec::kindName(kind);
}

// The first statement event of `worker` whose verb is `verb`, from its `skip`-th such statement on.
int statementOf(const Trace& trace, int worker, const QString& verb, int skip = 0)
{
    for (int i = 0; i < trace.events.size(); ++i) {
        const TraceEvent& e = trace.events.at(i);
        if (e.kind == EventKind::Statement && e.worker == worker && StatementKind::verb(trace.sql(e)) == verb
            && skip-- == 0)
            return i;
    }
    return -1;
}

QString shown(const SessionView& view, const History& history, const QList<SessionRow>& rows, int viewer)
{
    QStringList lines;
    for (const SessionRow& r : rows)
        lines.append(u"id %1 %2 [%3]"_s.arg(r.row).arg(history.valuesText(r.version), view.reason(r, viewer)));
    return lines.isEmpty() ? u"(no rows)"_s : lines.join(u"; "_s);
}

} // namespace

class TestSessionView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everySelectReturnedWhatItsSessionSaw_data();
    void everySelectReturnedWhatItsSessionSaw();
    void bDoesNotSeeAsUncommittedInsert_data();
    void bDoesNotSeeAsUncommittedInsert();
    void repeatableReadKeepsItsSnapshot_data();
    void repeatableReadKeepsItsSnapshot();
};

void TestSessionView::everySelectReturnedWhatItsSessionSaw_data()
{
    QTest::addColumn<QString>("example");
    addDatabaseColumn();
    for (const QString& example :
        { u"race-unique"_s, u"mysql-repeatable-read"_s, u"atomic-request"_s, u"counter-lost-update"_s }) {
        for (const BackendSpec::Kind kind : allDatabases()) {
            // The REPEATABLE READ story is InnoDB's: its level exists on PostgreSQL too, but not on SQLite.
            if (example == u"mysql-repeatable-read"_s && kind == BackendSpec::Kind::Sqlite)
                continue;
            const QString row = u"%1_on_%2"_s.arg(QString(example).replace(u'-', u'_'), databaseName(kind));
            QTest::newRow(qPrintable(row)) << example << int(kind);
        }
    }
}

void TestSessionView::everySelectReturnedWhatItsSessionSaw()
{
    QFETCH(QString, example);
    QFETCH(int, database);
    REQUIRE_DATABASE(s, ::example(example), BackendSpec::Kind(database));
    QCOMPARE(s.schedule.mode, ScheduleSpec::Mode::Script);
    Runner runner(s);
    const RunResult r = runner.run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const History history = History::of(r.scenario, r.trace);
    const SessionView view(r.scenario, r.trace, history);
    const SessionView::Check check = view.check();
    QStringList found;
    for (const SessionMismatch& m : check.mismatches)
        found.append(m.sentence + u"\n      returned: "_s + m.returned.join(u" | "_s));
    QVERIFY2(check.mismatches.isEmpty(), qPrintable(found.join(u"\n    "_s)));
    // Every worker of these examples reads before it writes: at least one SELECT a worker was compared.
    QVERIFY2(check.checked >= r.trace.workers.size(), qPrintable(QString::number(check.checked)));
}

void TestSessionView::bDoesNotSeeAsUncommittedInsert_data()
{
    addDatabaseColumn();
    for (const BackendSpec::Kind kind : allDatabases())
        QTest::newRow(qPrintable(u"on_"_s + databaseName(kind))) << int(kind);
}

void TestSessionView::bDoesNotSeeAsUncommittedInsert()
{
    QFETCH(int, database);
    REQUIRE_DATABASE(s, example(u"race-unique"_s), BackendSpec::Kind(database));
    Runner runner(s);
    const RunResult r = runner.run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const History history = History::of(r.scenario, r.trace);
    const SessionView view(r.scenario, r.trace, history);
    const int insert = statementOf(r.trace, 0, u"INSERT"_s);
    QVERIFY(insert >= 0);
    QVERIFY(!r.trace.events.at(insert).error.isError());
    // Just after A's INSERT took effect, before A commits.
    const int after = int(view.order().indexOf(insert)) + 1;
    const QList<SessionRow> a = view.at(0, after);
    const QList<SessionRow> b = view.at(1, after);
    QVERIFY2(
        a.size() == 1 && a.first().visibility == SessionRow::Visibility::Own, qPrintable(shown(view, history, a, 0)));
    QVERIFY2(b.size() == 1 && b.first().visibility == SessionRow::Visibility::Uncommitted && !b.first().visible(),
        qPrintable(shown(view, history, b, 1)));
    QCOMPARE(view.reason(b.first(), 1), u"not visible to B: A has not committed this write"_s);
    QCOMPARE(b.first().writer, 0);
    // At the end, A's row is committed and everyone sees it.
    const QList<SessionRow> end = view.at(1, int(view.order().size()));
    QVERIFY2(end.size() == 1 && end.first().visibility == SessionRow::Visibility::Committed,
        qPrintable(shown(view, history, end, 1)));
    QCOMPARE(view.committedAt(int(view.order().size())).size(), 1);
    // The playhead at the INSERT's end shows the same: A's row hidden from B.
    const int playhead = view.positionAt(r.trace.events.at(insert).endNs);
    QVERIFY(playhead >= after);
    QCOMPARE(view.at(1, playhead).value(0).visibility, SessionRow::Visibility::Uncommitted);
}

void TestSessionView::repeatableReadKeepsItsSnapshot_data()
{
    addDatabaseColumn();
    QTest::newRow("on_mysql") << int(BackendSpec::Kind::Mysql);
    QTest::newRow("on_postgresql") << int(BackendSpec::Kind::Postgresql);
}

void TestSessionView::repeatableReadKeepsItsSnapshot()
{
    QFETCH(int, database);
    REQUIRE_DATABASE(s, example(u"mysql-repeatable-read"_s), BackendSpec::Kind(database));
    QCOMPARE(s.isolation, u"repeatable read"_s);
    Runner runner(s);
    const RunResult r = runner.run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const History history = History::of(r.scenario, r.trace);
    const SessionView view(r.scenario, r.trace, history);
    // B's re-get: its second SELECT, after its INSERT failed; A committed its row long before.
    const int reget = statementOf(r.trace, 1, u"SELECT"_s, 1);
    QVERIFY(reget >= 0);
    QCOMPARE(r.trace.events.at(reget).rows.size(), 0);
    const int at = int(view.order().indexOf(reget));
    const QList<SessionRow> b = view.at(1, at);
    QVERIFY2(b.size() == 1 && b.first().visibility == SessionRow::Visibility::AfterSnapshot,
        qPrintable(shown(view, history, b, 1)));
    QVERIFY(view.reason(b.first(), 1).startsWith(u"not visible to B: A committed it after B's snapshot"_s));
    // A new transaction would see it.
    const QList<SessionRow> fresh = view.committedAt(at);
    QVERIFY2(fresh.size() == 1 && fresh.first().visible(), qPrintable(shown(view, history, fresh, 1)));
    QVERIFY(view.check().mismatches.isEmpty());
}

QTEST_GUILESS_MAIN(TestSessionView)
#include "tst_sessionview.moc"
