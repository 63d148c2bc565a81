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
// MariaDB and SQLite, which have no ABORT, it is sent as "rollback;".
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
                { u"T2"_s, u"update test set value = 22 where id = 2;"_s, u"t2_update_2"_s },
                { u"T2"_s, u"commit;"_s, {} } } },
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
                { u"T2"_s, u"update test set value = 12 where id = 1;"_s, u"t2_update_1"_s },
                { u"T1"_s, u"commit;"_s, {} }, { u"T3"_s, u"select * from test where id = 1;"_s, u"t3_1"_s },
                { u"T2"_s, u"update test set value = 18 where id = 2;"_s, u"t2_update_2"_s },
                { u"T3"_s, u"select * from test where id = 2;"_s, u"t3_2"_s }, { u"T2"_s, u"commit;"_s, {} },
                { u"T3"_s, u"select * from test where id = 2;"_s, u"t3_2_again"_s },
                { u"T3"_s, u"select * from test where id = 1;"_s, u"t3_1_again"_s }, { u"T3"_s, u"commit;"_s, {} } } },
        { u"pmp"_s, // predicate-many-preceders: T1's predicate read, repeated after T2 inserts a match
            { { u"T1"_s, u"begin;"_s, {} }, { u"T2"_s, u"begin;"_s, {} },
                { u"T1"_s, u"select * from test where value = 30;"_s, u"read"_s },
                { u"T2"_s, u"insert into test (id, value) values (3, 30);"_s, {} }, { u"T2"_s, u"commit;"_s, {} },
                { u"T1"_s, u"select * from test where value % 3 = 0;"_s, u"again"_s },
                { u"T1"_s, u"commit;"_s, {} } } },
        { u"pmp_write"_s, // predicate-many-preceders with a write predicate: T2 deletes by a value T1 is changing
            { { u"T1"_s, u"begin;"_s, {} }, { u"T2"_s, u"begin;"_s, {} },
                { u"T1"_s, u"update test set value = value + 10;"_s, {} },
                { u"T2"_s, u"select * from test;"_s, u"read"_s },
                { u"T2"_s, u"delete from test where value = 20;"_s, u"t2_delete"_s }, { u"T1"_s, u"commit;"_s, {} },
                { u"T2"_s, u"select * from test;"_s, u"again"_s }, { u"T2"_s, u"commit;"_s, {} } } },
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
        { u"g_single_write"_s, // read skew with a write predicate: T1 deletes by a value T2 changed after T1's read
            { { u"T1"_s, u"begin;"_s, {} }, { u"T2"_s, u"begin;"_s, {} },
                { u"T1"_s, u"select * from test where id = 1;"_s, u"t1_1"_s },
                { u"T2"_s, u"select * from test;"_s, {} },
                { u"T2"_s, u"update test set value = 12 where id = 1;"_s, {} },
                { u"T2"_s, u"update test set value = 18 where id = 2;"_s, {} }, { u"T2"_s, u"commit;"_s, {} },
                { u"T1"_s, u"delete from test where value = 20;"_s, u"t1_delete"_s }, { u"T1"_s, u"commit;"_s, {} } } },
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

// On SQLite, which has only serializable transactions, `level` names the journal mode and how a person begins:
// "wal deferred" (`begin;`), "delete immediate" (`begin immediate;`).
Scenario scenarioOf(const Case& c, Kind kind, const QString& level, const Expectations& expect)
{
    Scenario s;
    s.name = u"adya-"_s + c.name;
    s.isolation = level;
    QString begin = u"begin;"_s;
    if (kind == Kind::Sqlite) {
        const QStringList words = level.split(u' ');
        s.isolation = u"default"_s;
        s.backend.journalMode = words.value(0);
        if (words.value(1) == u"immediate"_s)
            begin = u"begin immediate;"_s;
    }
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
        st.sql = line.sql == u"begin;"_s                          ? begin
            : kind != Kind::Postgresql && line.sql == u"abort;"_s ? u"rollback;"_s
                                                                  : line.sql;
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

// A row: the case, the database and level, the expectations by key ("1,10;2,20" rows, "" no rows, "!40001" an
// error, a key left out is not checked), the sessions that must wait for a lock, and the table at the end. A row's
// name is what happens and where: "lost_update_is_prevented_by_abort" + "_on_postgresql_repeatable_read".
//
// Where the server chooses (InnoDB's deadlock victim), the row states the choice it makes: with a cycle of two
// transactions of the same weight, InnoDB rolls back the one whose lock request closes the cycle, at once. The
// victim's request is a lock wait for the moment InnoDB takes to find the cycle, which the monitor sees or not
// depending on the machine's load (1 run in 3 under a parallel build): "T2?" in `waits` is a session that may be
// seen waiting; the survivor must be.
void TestAdya::anomaly_data()
{
    QTest::addColumn<QString>("anomaly");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("isolation");
    QTest::addColumn<Expectations>("expect");
    QTest::addColumn<QStringList>("waits");
    QTest::addColumn<QString>("final");
    const auto row = [](const QString& phrase, const QString& anomaly, int kind, const QString& level,
                         const Expectations& expect, const QStringList& waits, const QString& final) {
        const QString db = kind == pg ? u"postgresql"_s : kind == my ? u"mariadb"_s : u"sqlite"_s;
        const QString name = phrase + u"_on_"_s + db + u'_' + QString(level).replace(u' ', u'_');
        QTest::newRow(qPrintable(name)) << anomaly << kind << level << expect << waits << final;
    };
    const QString ru = u"read uncommitted"_s;
    const QString rc = u"read committed"_s;
    const QString rr = u"repeatable read"_s;
    const QString ser = u"serializable"_s;
    const QStringList none;
    const QStringList t1 { u"T1"_s };
    const QStringList t2 { u"T2"_s };
    const QStringList t2t3 { u"T2"_s, u"T3"_s };
    const QStringList t1VictimT2 { u"T1"_s, u"T2?"_s }; // T2, the deadlock victim, may be seen waiting for a moment
    const QStringList t2VictimT1 { u"T1?"_s, u"T2"_s };

    // G0: the second writer waits for the first one's row lock at every level of both servers; PostgreSQL's
    // repeatable read and serializable then refuse T2's update of a row T1 changed and committed, and the rest of
    // T2 until it ends (25P02; its `commit;` then rolls back, without an error).
    row(u"dirty_write_waits_for_the_row_lock"_s, u"g0"_s, pg, rc, {}, t2, u"1,12;2,22"_s);
    for (const QString& level : { rr, ser })
        row(u"dirty_write_waits_then_aborts"_s, u"g0"_s, pg, level,
            { { u"t2_update"_s, u"!40001"_s }, { u"t2_update_2"_s, u"!25P02"_s } }, t2, u"1,11;2,21"_s);
    for (const QString& level : { ru, rc, rr, ser })
        row(u"dirty_write_waits_for_the_row_lock"_s, u"g0"_s, my, level, {}, t2, u"1,12;2,22"_s);

    // G1a: only MariaDB's read uncommitted reads uncommitted data; PostgreSQL's read uncommitted is its read
    // committed (one row shows it).
    const Expectations clean { { u"read"_s, u"1,10;2,20"_s }, { u"again"_s, u"1,10;2,20"_s } };
    for (const QString& level : { ru, rc, rr, ser })
        row(level == ru ? u"aborted_read_is_prevented_as_on_read_committed"_s : u"aborted_read_is_prevented"_s,
            u"g1a"_s, pg, level, clean, none, u"1,10;2,20"_s);
    row(u"aborted_read_happens"_s, u"g1a"_s, my, ru, { { u"read"_s, u"1,101;2,20"_s }, { u"again"_s, u"1,10;2,20"_s } },
        none, u"1,10;2,20"_s);
    for (const QString& level : { rc, rr })
        row(u"aborted_read_is_prevented"_s, u"g1a"_s, my, level, clean, none, u"1,10;2,20"_s);
    // SERIALIZABLE InnoDB reads with shared locks inside a transaction: T2 waits until T1 rolls back.
    row(u"aborted_read_waits"_s, u"g1a"_s, my, ser, clean, t2, u"1,10;2,20"_s);

    // G1b: T2 never sees T1's intermediate 101, except on MariaDB's read uncommitted.
    for (const QString& level : { rc, rr, ser })
        row(u"intermediate_read_is_prevented"_s, u"g1b"_s, pg, level,
            { { u"read"_s, u"1,10;2,20"_s }, { u"again"_s, level == rc ? u"1,11;2,20"_s : u"1,10;2,20"_s } }, none,
            u"1,11;2,20"_s);
    row(u"intermediate_read_happens"_s, u"g1b"_s, my, ru,
        { { u"read"_s, u"1,101;2,20"_s }, { u"again"_s, u"1,11;2,20"_s } }, none, u"1,11;2,20"_s);
    row(u"intermediate_read_is_prevented"_s, u"g1b"_s, my, rc,
        { { u"read"_s, u"1,10;2,20"_s }, { u"again"_s, u"1,11;2,20"_s } }, none, u"1,11;2,20"_s);
    row(u"intermediate_read_is_prevented"_s, u"g1b"_s, my, rr,
        { { u"read"_s, u"1,10;2,20"_s }, { u"again"_s, u"1,10;2,20"_s } }, none, u"1,11;2,20"_s);
    // T2's shared-lock read waits for T1's commit and sees only its final write.
    row(u"intermediate_read_is_prevented_by_waiting"_s, u"g1b"_s, my, ser,
        { { u"read"_s, u"1,11;2,20"_s }, { u"again"_s, u"1,11;2,20"_s } }, t2, u"1,11;2,20"_s);

    // G1c: neither sees the other's uncommitted write, except on read uncommitted.
    for (const QString& level : { rc, rr })
        row(u"circular_information_flow_is_prevented"_s, u"g1c"_s, pg, level,
            { { u"t1"_s, u"2,20"_s }, { u"t2"_s, u"1,10"_s } }, none, u"1,11;2,22"_s);
    // Serializable also sees the read/write cycle and aborts T2 at its commit.
    row(u"circular_information_flow_is_prevented_by_abort"_s, u"g1c"_s, pg, ser,
        { { u"t1"_s, u"2,20"_s }, { u"t2"_s, u"1,10"_s }, { u"t2_commit"_s, u"!40001"_s } }, none, u"1,11;2,20"_s);
    row(u"circular_information_flow_happens"_s, u"g1c"_s, my, ru, { { u"t1"_s, u"2,22"_s }, { u"t2"_s, u"1,11"_s } },
        none, u"1,11;2,22"_s);
    for (const QString& level : { rc, rr })
        row(u"circular_information_flow_is_prevented"_s, u"g1c"_s, my, level,
            { { u"t1"_s, u"2,20"_s }, { u"t2"_s, u"1,10"_s } }, none, u"1,11;2,22"_s);
    // T1's shared-lock read waits for T2's row, T2's for T1's: a deadlock, T2 its victim; T1 then reads the 20
    // T2's rollback left.
    row(u"circular_information_flow_is_prevented_by_deadlock"_s, u"g1c"_s, my, ser,
        { { u"t1"_s, u"2,20"_s }, { u"t2"_s, u"!1213"_s } }, t1VictimT2, u"1,11;2,20"_s);

    // OTV: T3 must never see T1's write to one row and T2's to the other.
    const Expectations otvCommitted { { u"t3_1"_s, u"1,11"_s }, { u"t3_2"_s, u"2,19"_s },
        { u"t3_2_again"_s, u"2,18"_s }, { u"t3_1_again"_s, u"1,12"_s } };
    row(u"observed_transaction_vanishes_is_prevented"_s, u"otv"_s, pg, rc, otvCommitted, t2, u"1,12;2,18"_s);
    // T2's update of a row T1 changed and committed is refused once T1 commits; the rest of T2 is refused too,
    // and T3 keeps seeing T1's state.
    for (const QString& level : { rr, ser })
        row(u"observed_transaction_vanishes_is_prevented_by_abort"_s, u"otv"_s, pg, level,
            { { u"t2_update_1"_s, u"!40001"_s }, { u"t2_update_2"_s, u"!25P02"_s }, { u"t3_1"_s, u"1,11"_s },
                { u"t3_2"_s, u"2,19"_s }, { u"t3_2_again"_s, u"2,19"_s }, { u"t3_1_again"_s, u"1,11"_s } },
            t2, u"1,11;2,19"_s);
    // Read uncommitted: T3 reads T2's writes as they happen, never a mix of T1's and T2's.
    row(u"observed_transaction_vanishes_is_prevented"_s, u"otv"_s, my, ru,
        { { u"t3_1"_s, u"1,12"_s }, { u"t3_2"_s, u"2,18"_s }, { u"t3_2_again"_s, u"2,18"_s },
            { u"t3_1_again"_s, u"1,12"_s } },
        t2, u"1,12;2,18"_s);
    row(u"observed_transaction_vanishes_is_prevented"_s, u"otv"_s, my, rc, otvCommitted, t2, u"1,12;2,18"_s);
    row(u"observed_transaction_vanishes_is_prevented"_s, u"otv"_s, my, rr,
        { { u"t3_1"_s, u"1,11"_s }, { u"t3_2"_s, u"2,19"_s }, { u"t3_2_again"_s, u"2,19"_s },
            { u"t3_1_again"_s, u"1,11"_s } },
        t2, u"1,12;2,18"_s);
    // T3's shared-lock read waits for T2's commit, then sees only T2's writes.
    row(u"observed_transaction_vanishes_is_prevented_by_waiting"_s, u"otv"_s, my, ser,
        { { u"t3_1"_s, u"1,12"_s }, { u"t3_2"_s, u"2,18"_s }, { u"t3_2_again"_s, u"2,18"_s },
            { u"t3_1_again"_s, u"1,12"_s } },
        t2t3, u"1,12;2,18"_s);

    // PMP: the predicate read repeated after T2 inserts a match and commits.
    const QString pmpFinal = u"1,10;2,20;3,30"_s;
    const Expectations pmpSeen { { u"read"_s, u""_s }, { u"again"_s, u"3,30"_s } };
    const Expectations pmpNotSeen { { u"read"_s, u""_s }, { u"again"_s, u""_s } };
    row(u"predicate_many_preceders_happens"_s, u"pmp"_s, pg, rc, pmpSeen, none, pmpFinal);
    for (const QString& level : { rr, ser })
        row(u"predicate_many_preceders_is_prevented"_s, u"pmp"_s, pg, level, pmpNotSeen, none, pmpFinal);
    for (const QString& level : { ru, rc })
        row(u"predicate_many_preceders_happens"_s, u"pmp"_s, my, level, pmpSeen, none, pmpFinal);
    row(u"predicate_many_preceders_is_prevented"_s, u"pmp"_s, my, rr, pmpNotSeen, none, pmpFinal);
    // T1's shared next-key locks on every row and the gap after them hold T2's insert until T1 commits.
    row(u"predicate_many_preceders_is_prevented_by_waiting"_s, u"pmp"_s, my, ser, pmpNotSeen, t2, pmpFinal);

    // PMP with a write predicate: T2 deletes "value = 20" while T1 adds 10 to every value.
    // PostgreSQL's read committed re-checks the row it waited for (now 30) and deletes nothing, though 1 is 20 now.
    row(u"predicate_many_preceders_with_a_write_predicate_happens"_s, u"pmp_write"_s, pg, rc,
        { { u"read"_s, u"1,10;2,20"_s }, { u"again"_s, u"1,20;2,30"_s } }, t2, u"1,20;2,30"_s);
    for (const QString& level : { rr, ser })
        row(u"predicate_many_preceders_with_a_write_predicate_is_prevented_by_abort"_s, u"pmp_write"_s, pg, level,
            { { u"read"_s, u"1,10;2,20"_s }, { u"t2_delete"_s, u"!40001"_s }, { u"again"_s, u"!25P02"_s } }, t2,
            u"1,20;2,30"_s);
    // InnoDB's DELETE reads the newest committed rows once T1's locks go: it deletes row 1, now 20.
    row(u"predicate_many_preceders_with_a_write_predicate_is_prevented"_s, u"pmp_write"_s, my, ru,
        { { u"read"_s, u"1,20;2,30"_s }, { u"again"_s, u"2,30"_s } }, t2, u"2,30"_s);
    row(u"predicate_many_preceders_with_a_write_predicate_is_prevented"_s, u"pmp_write"_s, my, rc,
        { { u"read"_s, u"1,10;2,20"_s }, { u"again"_s, u"2,30"_s } }, t2, u"2,30"_s);
    // Repeatable read: T2's snapshot still shows row 2 as 20 beside its own delete of row 1.
    row(u"predicate_many_preceders_with_a_write_predicate_is_prevented"_s, u"pmp_write"_s, my, rr,
        { { u"read"_s, u"1,10;2,20"_s }, { u"again"_s, u"2,20"_s } }, t2, u"2,30"_s);
    row(u"predicate_many_preceders_with_a_write_predicate_is_prevented_by_waiting"_s, u"pmp_write"_s, my, ser,
        { { u"read"_s, u"1,20;2,30"_s }, { u"again"_s, u"2,30"_s } }, t2, u"2,30"_s);

    // P4: the second read-modify-write waits; what happens then depends on the level.
    const Expectations bothRead1 { { u"t1"_s, u"1,10"_s }, { u"t2"_s, u"1,10"_s } };
    row(u"lost_update_happens"_s, u"p4"_s, pg, rc, bothRead1, t2, u"1,11;2,20"_s);
    Expectations p4Abort = bothRead1;
    p4Abort.insert(u"t2_update"_s, u"!40001"_s);
    for (const QString& level : { rr, ser })
        row(u"lost_update_is_prevented_by_abort"_s, u"p4"_s, pg, level, p4Abort, t2, u"1,11;2,20"_s);
    for (const QString& level : { ru, rc, rr })
        row(u"lost_update_happens"_s, u"p4"_s, my, level, bothRead1, t2, u"1,11;2,20"_s);
    // T1's update waits for T2's shared lock; T2's update closes the cycle.
    Expectations p4Deadlock = bothRead1;
    p4Deadlock.insert(u"t2_update"_s, u"!1213"_s);
    row(u"lost_update_is_prevented_by_deadlock"_s, u"p4"_s, my, ser, p4Deadlock, t1VictimT2, u"1,11;2,20"_s);

    // G-single: read skew.
    const Expectations skewed { { u"t1_1"_s, u"1,10"_s }, { u"t1_2"_s, u"2,18"_s } };
    const Expectations consistent { { u"t1_1"_s, u"1,10"_s }, { u"t1_2"_s, u"2,20"_s } };
    row(u"read_skew_happens"_s, u"g_single"_s, pg, rc, skewed, none, u"1,12;2,18"_s);
    // Serializable: T1 only reads, so its rw-antidependencies on T2 form no cycle and nothing is aborted.
    for (const QString& level : { rr, ser })
        row(u"read_skew_is_prevented"_s, u"g_single"_s, pg, level, consistent, none, u"1,12;2,18"_s);
    for (const QString& level : { ru, rc })
        row(u"read_skew_happens"_s, u"g_single"_s, my, level, skewed, none, u"1,12;2,18"_s);
    row(u"read_skew_is_prevented"_s, u"g_single"_s, my, rr, consistent, none, u"1,12;2,18"_s);
    // T2's update waits for T1's shared lock on row 1 until T1 commits.
    row(u"read_skew_is_prevented_by_waiting"_s, u"g_single"_s, my, ser, consistent, t2, u"1,12;2,18"_s);

    // G-single with a write predicate: T1 read 1 as 10, then deletes "value = 20" after T2 made 2 into 18.
    const Expectations deletesNothing { { u"t1_1"_s, u"1,10"_s } };
    row(u"read_skew_with_a_write_predicate_happens"_s, u"g_single_write"_s, pg, rc, deletesNothing, none,
        u"1,12;2,18"_s);
    for (const QString& level : { rr, ser })
        row(u"read_skew_with_a_write_predicate_is_prevented_by_abort"_s, u"g_single_write"_s, pg, level,
            { { u"t1_1"_s, u"1,10"_s }, { u"t1_delete"_s, u"!40001"_s } }, none, u"1,12;2,18"_s);
    // InnoDB's DELETE reads the newest committed rows at every level but serializable, even in repeatable read.
    for (const QString& level : { ru, rc, rr })
        row(u"read_skew_with_a_write_predicate_happens"_s, u"g_single_write"_s, my, level, deletesNothing, none,
            u"1,12;2,18"_s);
    // T2's update waits for T1's shared lock on row 1; T1's delete then needs T2's shared lock: T1 is the victim.
    row(u"read_skew_with_a_write_predicate_is_prevented_by_deadlock"_s, u"g_single_write"_s, my, ser,
        { { u"t1_1"_s, u"1,10"_s }, { u"t1_delete"_s, u"!1213"_s } }, t2VictimT1, u"1,12;2,18"_s);

    // G2-item: write skew.
    const Expectations bothRead { { u"t1"_s, u"1,10;2,20"_s }, { u"t2"_s, u"1,10;2,20"_s } };
    for (const QString& level : { rc, rr })
        row(u"write_skew_happens"_s, u"g2_item"_s, pg, level, bothRead, none, u"1,11;2,21"_s);
    Expectations skewAbort = bothRead;
    skewAbort.insert(u"t2_commit"_s, u"!40001"_s);
    row(u"write_skew_is_prevented_by_abort"_s, u"g2_item"_s, pg, ser, skewAbort, none, u"1,11;2,20"_s);
    for (const QString& level : { ru, rc, rr })
        row(u"write_skew_happens"_s, u"g2_item"_s, my, level, bothRead, none, u"1,11;2,21"_s);
    // Each update waits for the other's shared lock: T2's closes the cycle.
    Expectations skewDeadlock = bothRead;
    skewDeadlock.insert(u"t2_update"_s, u"!1213"_s);
    row(u"write_skew_is_prevented_by_deadlock"_s, u"g2_item"_s, my, ser, skewDeadlock, t1VictimT2, u"1,11;2,20"_s);

    // G2: anti-dependency cycle through predicates.
    const Expectations noneRead { { u"t1"_s, u""_s }, { u"t2"_s, u""_s } };
    for (const QString& level : { rc, rr })
        row(u"anti_dependency_cycle_happens"_s, u"g2"_s, pg, level, noneRead, none, u"1,10;2,20;3,30;4,42"_s);
    Expectations g2Abort = noneRead;
    g2Abort.insert(u"t2_commit"_s, u"!40001"_s);
    row(u"anti_dependency_cycle_is_prevented_by_abort"_s, u"g2"_s, pg, ser, g2Abort, none, u"1,10;2,20;3,30"_s);
    for (const QString& level : { ru, rc, rr })
        row(u"anti_dependency_cycle_happens"_s, u"g2"_s, my, level, noneRead, none, u"1,10;2,20;3,30;4,42"_s);
    // Both hold shared next-key locks on the gap after the last row; each insert waits for the other's.
    Expectations g2Deadlock = noneRead;
    g2Deadlock.insert(u"t2_insert"_s, u"!1213"_s);
    row(u"anti_dependency_cycle_is_prevented_by_deadlock"_s, u"g2"_s, my, ser, g2Deadlock, t1VictimT2,
        u"1,10;2,20;3,30"_s);

    // SQLite: one level, serializable, but whether a step waits (busy) or fails depends on the journal and on how
    // the transaction begins. `begin;` takes no lock until the first statement; a write from a transaction that
    // has not read yet waits for the writer, while one that has read cannot wait (the busy handler is not called:
    // it could deadlock) and fails with "database is locked" at once. `begin immediate;` takes the write lock at
    // the start, so the second `begin immediate;` waits and the transactions run one after the other. In the
    // rollback journal a commit needs every reader gone, so T1's commit waits for T2's open read.
    constexpr int lite = int(Kind::Sqlite);
    for (const QString& mode : { u"wal deferred"_s, u"delete deferred"_s, u"wal immediate"_s, u"delete immediate"_s })
        row(u"dirty_write_waits_for_the_write_lock"_s, u"g0"_s, lite, mode, {}, t2, u"1,12;2,22"_s);
    Expectations p4Busy = bothRead1;
    p4Busy.insert(u"t2_update"_s, u"!5"_s);
    row(u"lost_update_is_prevented_by_busy"_s, u"p4"_s, lite, u"wal deferred"_s, p4Busy, none, u"1,11;2,20"_s);
    row(u"lost_update_is_prevented_by_busy"_s, u"p4"_s, lite, u"delete deferred"_s, p4Busy, t1, u"1,11;2,20"_s);
    for (const QString& mode : { u"wal immediate"_s, u"delete immediate"_s })
        row(u"lost_update_is_prevented_by_waiting"_s, u"p4"_s, lite, mode,
            { { u"t1"_s, u"1,10"_s }, { u"t2"_s, u"1,11"_s } }, t2, u"1,11;2,20"_s);
    Expectations skewBusy = bothRead;
    skewBusy.insert(u"t2_update"_s, u"!5"_s);
    row(u"write_skew_is_prevented_by_busy"_s, u"g2_item"_s, lite, u"wal deferred"_s, skewBusy, none, u"1,11;2,20"_s);
    row(u"write_skew_is_prevented_by_busy"_s, u"g2_item"_s, lite, u"delete deferred"_s, skewBusy, t1, u"1,11;2,20"_s);
    for (const QString& mode : { u"wal immediate"_s, u"delete immediate"_s })
        row(u"write_skew_is_prevented_by_waiting"_s, u"g2_item"_s, lite, mode,
            { { u"t1"_s, u"1,10;2,20"_s }, { u"t2"_s, u"1,11;2,20"_s } }, t2, u"1,11;2,21"_s);
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
        const bool expected = std::any_of(expect.cbegin(), expect.cend(), [&](const QString& v) {
            return v.startsWith(u'!') && (v.mid(1) == e.error.sqlState || v.mid(1) == QString::number(e.error.code));
        });
        QVERIFY2(expected, qPrintable(u"unexpected error: "_s + r.trace.sql(e) + u"\n"_s + told));
    }

    // The sessions that waited for a lock.
    QStringList waited;
    for (const TraceEvent& e : r.trace.events)
        if (e.kind == EventKind::LockWait && !waited.contains(r.trace.workers.value(e.worker)))
            waited.append(r.trace.workers.value(e.worker));
    waited.sort();
    QStringList must;
    QStringList may;
    for (const QString& w : std::as_const(waits))
        (w.endsWith(u'?') ? may : must).append(w.chopped(w.endsWith(u'?') ? 1 : 0));
    const bool allSeen = std::all_of(must.cbegin(), must.cend(), [&](const QString& w) { return waited.contains(w); });
    const bool noOther = std::all_of(
        waited.cbegin(), waited.cend(), [&](const QString& w) { return must.contains(w) || may.contains(w); });
    QVERIFY2(allSeen && noOther,
        qPrintable(u"waited: "_s + waited.join(u", "_s) + u"; expected: "_s + waits.join(u", "_s) + u"\n"_s + told));

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
