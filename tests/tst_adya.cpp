// SPDX-License-Identifier: MIT
// Adya's anomalies as the classic isolation write-ups test them: psql and mysql sessions on a table test(id, value)
// holding (1, 10) and (2, 20), typed as a person types them (lower case, `begin;`, `commit;`, `abort;`), run
// verbatim as `sql` workers in the write-up's order at every isolation level of PostgreSQL and MariaDB. Each row
// states what must happen there: the rows each SELECT returns, which sessions wait for a lock, which statements
// fail with which error, and the table at the end.
#include "runner.h"
#include "scenario.h"
#include "testdatabases.h"

#include <QtTest>
#include <algorithm>

using namespace Qt::StringLiterals;
using namespace interleave;
using Kind = BackendSpec::Kind;

namespace {

using Expectations = QMap<QString, QString>;

constexpr int pg = int(Kind::Postgresql);
constexpr int my = int(Kind::Mysql);

// One typed statement: the session (T1, T2, T3) and the SQL; `key` names it in a row's expectations.
struct Line {
    QString session;
    QString sql;
    QString key;
};

// An anomaly's schedule, in the write-up's order. "abort;" is written as PostgreSQL's psql user types it; on
// MariaDB, which has no ABORT, it is sent as "rollback;".
struct Case {
    QString name;
    QList<Line> lines;
};

const QList<Case>& cases()
{
    static const QList<Case> all {
        { u"g0"_s, // dirty write: T2 writes over T1's uncommitted write
            { { u"T1"_s, u"begin;"_s, {} }, { u"T2"_s, u"begin;"_s, {} },
                { u"T1"_s, u"update test set value = 11 where id = 1;"_s, {} },
                { u"T2"_s, u"update test set value = 12 where id = 1;"_s, u"t2_update"_s },
                { u"T1"_s, u"update test set value = 21 where id = 2;"_s, {} }, { u"T1"_s, u"commit;"_s, {} },
                { u"T2"_s, u"update test set value = 22 where id = 2;"_s, {} }, { u"T2"_s, u"commit;"_s, {} } } },
        { u"g1a"_s, // aborted read: T2 reads a value T1 then rolls back
            { { u"T1"_s, u"begin;"_s, {} }, { u"T2"_s, u"begin;"_s, {} },
                { u"T1"_s, u"update test set value = 101 where id = 1;"_s, {} },
                { u"T2"_s, u"select * from test;"_s, u"read"_s }, { u"T1"_s, u"abort;"_s, {} },
                { u"T2"_s, u"select * from test;"_s, u"again"_s }, { u"T2"_s, u"commit;"_s, {} } } },
        { u"g1b"_s, // intermediate read: T2 reads a value T1 overwrites before it commits
            { { u"T1"_s, u"begin;"_s, {} }, { u"T2"_s, u"begin;"_s, {} },
                { u"T1"_s, u"update test set value = 101 where id = 1;"_s, {} },
                { u"T2"_s, u"select * from test;"_s, u"read"_s },
                { u"T1"_s, u"update test set value = 11 where id = 1;"_s, {} }, { u"T1"_s, u"commit;"_s, {} },
                { u"T2"_s, u"select * from test;"_s, u"again"_s }, { u"T2"_s, u"commit;"_s, {} } } },
        { u"g1c"_s, // circular information flow: each reads the other's uncommitted write
            { { u"T1"_s, u"begin;"_s, {} }, { u"T2"_s, u"begin;"_s, {} },
                { u"T1"_s, u"update test set value = 11 where id = 1;"_s, {} },
                { u"T2"_s, u"update test set value = 22 where id = 2;"_s, {} },
                { u"T1"_s, u"select * from test where id = 2;"_s, u"t1"_s },
                { u"T2"_s, u"select * from test where id = 1;"_s, u"t2"_s }, { u"T1"_s, u"commit;"_s, {} },
                { u"T2"_s, u"commit;"_s, u"t2_commit"_s } } },
        { u"otv"_s, // observed transaction vanishes: T3 sees part of T1's writes and part of T2's
            { { u"T1"_s, u"begin;"_s, {} }, { u"T2"_s, u"begin;"_s, {} }, { u"T3"_s, u"begin;"_s, {} },
                { u"T1"_s, u"update test set value = 11 where id = 1;"_s, {} },
                { u"T1"_s, u"update test set value = 19 where id = 2;"_s, {} },
                { u"T2"_s, u"update test set value = 12 where id = 1;"_s, {} }, { u"T1"_s, u"commit;"_s, {} },
                { u"T3"_s, u"select * from test where id = 1;"_s, u"t3_1"_s },
                { u"T2"_s, u"update test set value = 18 where id = 2;"_s, {} },
                { u"T3"_s, u"select * from test where id = 2;"_s, u"t3_2"_s }, { u"T2"_s, u"commit;"_s, {} },
                { u"T3"_s, u"select * from test where id = 2;"_s, u"t3_2_again"_s },
                { u"T3"_s, u"select * from test where id = 1;"_s, u"t3_1_again"_s }, { u"T3"_s, u"commit;"_s, {} } } },
        { u"pmp"_s, // predicate-many-preceders: T1's predicate read, repeated after T2 inserts a match
            { { u"T1"_s, u"begin;"_s, {} }, { u"T2"_s, u"begin;"_s, {} },
                { u"T1"_s, u"select * from test where value = 30;"_s, u"read"_s },
                { u"T2"_s, u"insert into test (id, value) values (3, 30);"_s, {} }, { u"T2"_s, u"commit;"_s, {} },
                { u"T1"_s, u"select * from test where value % 3 = 0;"_s, u"again"_s },
                { u"T1"_s, u"commit;"_s, {} } } },
        { u"p4"_s, // lost update: both read, both write the same row
            { { u"T1"_s, u"begin;"_s, {} }, { u"T2"_s, u"begin;"_s, {} },
                { u"T1"_s, u"select * from test where id = 1;"_s, u"t1"_s },
                { u"T2"_s, u"select * from test where id = 1;"_s, u"t2"_s },
                { u"T1"_s, u"update test set value = 11 where id = 1;"_s, u"t1_update"_s },
                { u"T2"_s, u"update test set value = 11 where id = 1;"_s, u"t2_update"_s },
                { u"T1"_s, u"commit;"_s, {} }, { u"T2"_s, u"commit;"_s, u"t2_commit"_s } } },
        { u"g_single"_s, // read skew: T1 reads id 1 before and id 2 after T2's commit of both
            { { u"T1"_s, u"begin;"_s, {} }, { u"T2"_s, u"begin;"_s, {} },
                { u"T1"_s, u"select * from test where id = 1;"_s, u"t1_1"_s },
                { u"T2"_s, u"select * from test where id = 1;"_s, {} },
                { u"T2"_s, u"select * from test where id = 2;"_s, {} },
                { u"T2"_s, u"update test set value = 12 where id = 1;"_s, {} },
                { u"T2"_s, u"update test set value = 18 where id = 2;"_s, {} }, { u"T2"_s, u"commit;"_s, {} },
                { u"T1"_s, u"select * from test where id = 2;"_s, u"t1_2"_s }, { u"T1"_s, u"commit;"_s, {} } } },
        { u"g2_item"_s, // write skew: each reads both rows and writes the one the other did not
            { { u"T1"_s, u"begin;"_s, {} }, { u"T2"_s, u"begin;"_s, {} },
                { u"T1"_s, u"select * from test where id in (1, 2);"_s, u"t1"_s },
                { u"T2"_s, u"select * from test where id in (1, 2);"_s, u"t2"_s },
                { u"T1"_s, u"update test set value = 11 where id = 1;"_s, u"t1_update"_s },
                { u"T2"_s, u"update test set value = 21 where id = 2;"_s, u"t2_update"_s },
                { u"T1"_s, u"commit;"_s, {} }, { u"T2"_s, u"commit;"_s, u"t2_commit"_s } } },
        { u"g2"_s, // anti-dependency cycle: each's predicate read misses the other's insert
            { { u"T1"_s, u"begin;"_s, {} }, { u"T2"_s, u"begin;"_s, {} },
                { u"T1"_s, u"select * from test where value % 3 = 0;"_s, u"t1"_s },
                { u"T2"_s, u"select * from test where value % 3 = 0;"_s, u"t2"_s },
                { u"T1"_s, u"insert into test (id, value) values (3, 30);"_s, u"t1_insert"_s },
                { u"T2"_s, u"insert into test (id, value) values (4, 42);"_s, u"t2_insert"_s },
                { u"T1"_s, u"commit;"_s, {} }, { u"T2"_s, u"commit;"_s, u"t2_commit"_s } } },
    };
    return all;
}

const Case* findCase(const QString& name)
{
    for (const Case& c : cases())
        if (c.name == name)
            return &c;
    return nullptr;
}

// "1,10;2,20" as rows; "" as no rows.
QList<QVariantList> rowsOf(const QString& text)
{
    QList<QVariantList> rows;
    for (const QString& row : text.split(u';', Qt::SkipEmptyParts)) {
        QVariantList values;
        for (const QString& v : row.split(u','))
            values.append(v.trimmed().toLongLong());
        rows.append(values);
    }
    return rows;
}

Scenario scenarioOf(const Case& c, Kind kind, const QString& isolation, const Expectations& expect)
{
    Scenario s;
    s.name = u"adya-"_s + c.name;
    s.isolation = isolation;
    s.table.name = u"test"_s;
    s.table.model = u"Test"_s;
    s.table.columns = { { u"value"_s, u"integer"_s, true } };
    s.table.rows = { { { u"value"_s, 10 } }, { { u"value"_s, 20 } } };
    for (const Line& line : c.lines) {
        auto worker = std::find_if(
            s.workers.begin(), s.workers.end(), [&](const WorkerSpec& w) { return w.name == line.session; });
        if (worker == s.workers.end()) {
            WorkerSpec w;
            w.name = line.session;
            w.recipe = u"sql"_s;
            s.workers.append(w);
            worker = s.workers.end() - 1;
        }
        SqlStatementSpec st;
        st.sql = kind == Kind::Mysql && line.sql == u"abort;"_s ? u"rollback;"_s : line.sql;
        const QString want = line.key.isEmpty() ? QString() : expect.value(line.key, u"-"_s);
        if (want.startsWith(u'!'))
            st.expectError = want.mid(1);
        else if (want != u"-"_s && !line.key.isEmpty())
            st.expect = rowsOf(want);
        worker->statements.append(st);
        s.schedule.script.append(line.session);
    }
    std::sort(
        s.workers.begin(), s.workers.end(), [](const WorkerSpec& a, const WorkerSpec& b) { return a.name < b.name; });
    s.schedule.mode = ScheduleSpec::Mode::Script;
    return s;
}

} // namespace

class TestAdya : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void anomaly_data();
    void anomaly();
};

// A row: the case, the database and level, the expectations by key ("1,10;2,20" rows, "!40001" an error, "-" none
// checked), the sessions that must wait for a lock, and the table at the end.
void TestAdya::anomaly_data()
{
    QTest::addColumn<QString>("anomaly");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("isolation");
    QTest::addColumn<Expectations>("expect");
    QTest::addColumn<QStringList>("waits");
    QTest::addColumn<QString>("final");
    const auto row = [](const char* name, const QString& anomaly, int kind, const QString& isolation,
                         const Expectations& expect, const QStringList& waits, const QString& final) {
        QTest::newRow(name) << anomaly << kind << isolation << expect << waits << final;
    };
    const QString rc = u"read committed"_s;
    const QString rr = u"repeatable read"_s;
    const QString ser = u"serializable"_s;
    const QString ru = u"read uncommitted"_s;
    const QStringList none;
    const QStringList t2 { u"T2"_s };

    // G0: the second writer waits for the first one's row lock at every level of both databases; PostgreSQL's
    // repeatable read and serializable then refuse T2's update of a row T1 changed and committed.
    row("dirty_write_waits_for_the_row_lock_on_postgresql_read_committed", u"g0"_s, pg, rc, {}, t2, u"1,12;2,22"_s);
    for (const QString& level : { rr, ser })
        row(qPrintable(u"dirty_write_waits_then_aborts_on_postgresql_"_s + QString(level).replace(u' ', u'_')), u"g0"_s,
            pg, level, { { u"t2_update"_s, u"!40001"_s } }, t2, u"1,11;2,21"_s);
    for (const QString& level : { ru, rc, rr, ser })
        row(qPrintable(u"dirty_write_waits_for_the_row_lock_on_mariadb_"_s + QString(level).replace(u' ', u'_')),
            u"g0"_s, my, level, {}, t2, u"1,12;2,22"_s);

    // G1a, G1b: only MariaDB's read uncommitted reads uncommitted data.
    const Expectations clean { { u"read"_s, u"1,10;2,20"_s }, { u"again"_s, u"1,10;2,20"_s } };
    for (const QString& level : { rc, rr, ser })
        row(qPrintable(u"aborted_read_is_prevented_on_postgresql_"_s + QString(level).replace(u' ', u'_')), u"g1a"_s,
            pg, level, clean, none, u"1,10;2,20"_s);
    row("aborted_read_happens_on_mariadb_read_uncommitted", u"g1a"_s, my, ru,
        { { u"read"_s, u"1,101;2,20"_s }, { u"again"_s, u"1,10;2,20"_s } }, none, u"1,10;2,20"_s);
    row("aborted_read_is_prevented_on_mariadb_read_committed", u"g1a"_s, my, rc, clean, none, u"1,10;2,20"_s);
    row("aborted_read_is_prevented_on_mariadb_repeatable_read", u"g1a"_s, my, rr, clean, none, u"1,10;2,20"_s);
    // SERIALIZABLE InnoDB reads with shared locks inside a transaction: T2 waits until T1 rolls back.
    row("aborted_read_waits_on_mariadb_serializable", u"g1a"_s, my, ser, clean, t2, u"1,10;2,20"_s);

    for (const QString& level : { rc, rr, ser })
        row(qPrintable(u"intermediate_read_is_prevented_on_postgresql_"_s + QString(level).replace(u' ', u'_')),
            u"g1b"_s, pg, level,
            { { u"read"_s, u"1,10;2,20"_s }, { u"again"_s, level == rc ? u"1,11;2,20"_s : u"1,10;2,20"_s } }, none,
            u"1,11;2,20"_s);
    row("intermediate_read_happens_on_mariadb_read_uncommitted", u"g1b"_s, my, ru,
        { { u"read"_s, u"1,101;2,20"_s }, { u"again"_s, u"1,11;2,20"_s } }, none, u"1,11;2,20"_s);
    row("intermediate_read_is_prevented_on_mariadb_repeatable_read", u"g1b"_s, my, rr,
        { { u"read"_s, u"1,10;2,20"_s }, { u"again"_s, u"1,10;2,20"_s } }, none, u"1,11;2,20"_s);

    // G1c: neither sees the other's uncommitted write, except on read uncommitted.
    for (const QString& level : { rc, rr })
        row(qPrintable(u"circular_information_flow_is_prevented_on_postgresql_"_s + QString(level).replace(u' ', u'_')),
            u"g1c"_s, pg, level, { { u"t1"_s, u"2,20"_s }, { u"t2"_s, u"1,10"_s } }, none, u"1,11;2,22"_s);
    // Serializable also sees the read/write cycle and aborts T2 at its commit.
    row("circular_information_flow_is_prevented_by_abort_on_postgresql_serializable", u"g1c"_s, pg, ser,
        { { u"t1"_s, u"2,20"_s }, { u"t2"_s, u"1,10"_s }, { u"t2_commit"_s, u"!40001"_s } }, none, u"1,11;2,20"_s);
    row("circular_information_flow_happens_on_mariadb_read_uncommitted", u"g1c"_s, my, ru,
        { { u"t1"_s, u"2,22"_s }, { u"t2"_s, u"1,11"_s } }, none, u"1,11;2,22"_s);
    row("circular_information_flow_is_prevented_on_mariadb_read_committed", u"g1c"_s, my, rc,
        { { u"t1"_s, u"2,20"_s }, { u"t2"_s, u"1,10"_s } }, none, u"1,11;2,22"_s);

    // OTV: T3 must never see T1's write to one row and T2's to the other. (At repeatable read and serializable
    // PostgreSQL aborts T2 instead, which this row does not state yet.)
    row("observed_transaction_vanishes_is_prevented_on_postgresql_read_committed", u"otv"_s, pg, rc,
        { { u"t3_1"_s, u"1,11"_s }, { u"t3_2"_s, u"2,19"_s }, { u"t3_2_again"_s, u"2,18"_s },
            { u"t3_1_again"_s, u"1,12"_s } },
        t2, u"1,12;2,18"_s);

    // PMP: the predicate read repeated.
    row("predicate_many_preceders_happens_on_postgresql_read_committed", u"pmp"_s, pg, rc,
        { { u"read"_s, u""_s }, { u"again"_s, u"3,30"_s } }, none, u"1,10;2,20;3,30"_s);
    row("predicate_many_preceders_is_prevented_on_postgresql_repeatable_read", u"pmp"_s, pg, rr,
        { { u"read"_s, u""_s }, { u"again"_s, u""_s } }, none, u"1,10;2,20;3,30"_s);
    row("predicate_many_preceders_is_prevented_on_mariadb_repeatable_read", u"pmp"_s, my, rr,
        { { u"read"_s, u""_s }, { u"again"_s, u""_s } }, none, u"1,10;2,20;3,30"_s);

    // P4: the second read-modify-write waits; what happens then depends on the level.
    row("lost_update_happens_on_postgresql_read_committed", u"p4"_s, pg, rc,
        { { u"t1"_s, u"1,10"_s }, { u"t2"_s, u"1,10"_s } }, t2, u"1,11;2,20"_s);
    row("lost_update_is_prevented_by_abort_on_postgresql_repeatable_read", u"p4"_s, pg, rr,
        { { u"t1"_s, u"1,10"_s }, { u"t2"_s, u"1,10"_s }, { u"t2_update"_s, u"!40001"_s } }, t2, u"1,11;2,20"_s);
    row("lost_update_is_prevented_by_abort_on_postgresql_serializable", u"p4"_s, pg, ser,
        { { u"t1"_s, u"1,10"_s }, { u"t2"_s, u"1,10"_s }, { u"t2_update"_s, u"!40001"_s } }, t2, u"1,11;2,20"_s);
    row("lost_update_happens_on_mariadb_repeatable_read", u"p4"_s, my, rr,
        { { u"t1"_s, u"1,10"_s }, { u"t2"_s, u"1,10"_s } }, t2, u"1,11;2,20"_s);
    row("lost_update_is_prevented_by_deadlock_on_mariadb_serializable", u"p4"_s, my, ser,
        // T1's update waits for T2's shared lock; T2's update closes the cycle and is the deadlock victim at once.
        { { u"t1"_s, u"1,10"_s }, { u"t2"_s, u"1,10"_s }, { u"t2_update"_s, u"!1213"_s } }, { u"T1"_s },
        u"1,11;2,20"_s);

    // G-single: read skew.
    row("read_skew_happens_on_postgresql_read_committed", u"g_single"_s, pg, rc,
        { { u"t1_1"_s, u"1,10"_s }, { u"t1_2"_s, u"2,18"_s } }, none, u"1,12;2,18"_s);
    row("read_skew_is_prevented_on_postgresql_repeatable_read", u"g_single"_s, pg, rr,
        { { u"t1_1"_s, u"1,10"_s }, { u"t1_2"_s, u"2,20"_s } }, none, u"1,12;2,18"_s);
    row("read_skew_happens_on_mariadb_read_committed", u"g_single"_s, my, rc,
        { { u"t1_1"_s, u"1,10"_s }, { u"t1_2"_s, u"2,18"_s } }, none, u"1,12;2,18"_s);
    row("read_skew_is_prevented_on_mariadb_repeatable_read", u"g_single"_s, my, rr,
        { { u"t1_1"_s, u"1,10"_s }, { u"t1_2"_s, u"2,20"_s } }, none, u"1,12;2,18"_s);

    // G2-item: write skew.
    const Expectations bothRead { { u"t1"_s, u"1,10;2,20"_s }, { u"t2"_s, u"1,10;2,20"_s } };
    row("write_skew_happens_on_postgresql_repeatable_read", u"g2_item"_s, pg, rr, bothRead, none, u"1,11;2,21"_s);
    Expectations pgSer = bothRead;
    pgSer.insert(u"t2_commit"_s, u"!40001"_s);
    row("write_skew_is_prevented_by_abort_on_postgresql_serializable", u"g2_item"_s, pg, ser, pgSer, none,
        u"1,11;2,20"_s);
    row("write_skew_happens_on_mariadb_repeatable_read", u"g2_item"_s, my, rr, bothRead, none, u"1,11;2,21"_s);

    // G2: anti-dependency cycle through predicates.
    const Expectations noneRead { { u"t1"_s, u""_s }, { u"t2"_s, u""_s } };
    row("anti_dependency_cycle_happens_on_postgresql_repeatable_read", u"g2"_s, pg, rr, noneRead, none,
        u"1,10;2,20;3,30;4,42"_s);
    Expectations g2Ser = noneRead;
    g2Ser.insert(u"t2_commit"_s, u"!40001"_s);
    row("anti_dependency_cycle_is_prevented_by_abort_on_postgresql_serializable", u"g2"_s, pg, ser, g2Ser, none,
        u"1,10;2,20;3,30"_s);
    row("anti_dependency_cycle_happens_on_mariadb_repeatable_read", u"g2"_s, my, rr, noneRead, none,
        u"1,10;2,20;3,30;4,42"_s);
}

void TestAdya::anomaly()
{
    QFETCH(QString, anomaly);
    QFETCH(int, kind);
    QFETCH(QString, isolation);
    QFETCH(Expectations, expect);
    QFETCH(QStringList, waits);
    QFETCH(QString, final);
    const Case* c = findCase(anomaly);
    QVERIFY(c);
    // Every expectation names a statement of the case.
    for (auto it = expect.cbegin(); it != expect.cend(); ++it)
        QVERIFY2(std::any_of(c->lines.cbegin(), c->lines.cend(), [&](const Line& l) { return l.key == it.key(); }),
            qPrintable(it.key()));
    REQUIRE_DATABASE(s, scenarioOf(*c, Kind(kind), isolation, expect), Kind(kind));
    const auto problem = s.validate();
    QVERIFY2(!problem, qPrintable(problem ? problem->field + u": "_s + problem->message : QString()));
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));

    // The statements ran as typed, in the write-up's order, and every expectation held.
    QStringList story;
    for (const TraceEvent& e : r.trace.events) {
        if (e.kind == EventKind::Statement)
            story.append(u"%1: %2%3"_s.arg(r.trace.workers.value(e.worker), r.trace.sql(e),
                e.error.isError() ? u" -> "_s + e.error.codeText() + u' ' + e.error.message : QString()));
        else if (e.kind == EventKind::LockWait)
            story.append(u"%1 waits (%2)"_s.arg(r.trace.workers.value(e.worker), e.note));
    }
    const QString told = story.join(u"\n"_s);
    for (const WorkerResult& w : r.outcome.results)
        QVERIFY2(w.kindName() == u"completed"_s, qPrintable(w.detail + u"\n"_s + told));

    // No error but the expected ones: an error nobody expected is a departure from the write-up.
    for (const TraceEvent& e : r.trace.events) {
        if (e.kind != EventKind::Statement || !e.error.isError())
            continue;
        const bool expected =
            std::any_of(expect.cbegin(), expect.cend(), [](const QString& v) { return v.startsWith(u'!'); });
        // After an expected error PostgreSQL refuses the rest of the transaction (25P02) until it ends.
        QVERIFY2(expected && (e.error.sqlState == u"40001"_s || e.error.sqlState == u"25P02"_s || e.error.code == 1213),
            qPrintable(u"unexpected error: "_s + r.trace.sql(e) + u"\n"_s + told));
    }

    // The sessions that waited for a lock.
    QStringList waited;
    for (const TraceEvent& e : r.trace.events)
        if (e.kind == EventKind::LockWait && !waited.contains(r.trace.workers.value(e.worker)))
            waited.append(r.trace.workers.value(e.worker));
    waited.sort();
    QCOMPARE(waited, waits);

    // The table at the end, by id.
    const int id = int(r.outcome.columns.indexOf(u"id"_s));
    const int value = int(r.outcome.columns.indexOf(u"value"_s));
    QStringList rows;
    for (const QVariantList& row : r.outcome.rows)
        rows.append(u"%1,%2"_s.arg(row.at(id).toLongLong()).arg(row.at(value).toLongLong()));
    rows.sort();
    QCOMPARE(rows.join(u';'), final);
}

QTEST_GUILESS_MAIN(TestAdya)
#include "tst_adya.moc"
