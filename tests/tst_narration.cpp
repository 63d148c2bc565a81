// SPDX-License-Identifier: MIT
// The story of real scripted runs of the built-in examples on SQLite, sentence by sentence.

#include "narration.h"
#include "racescenario.h"
#include "steprun.h"
#include "testdatabases.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

QStringList texts(const QList<NarrationLine>& lines)
{
    QStringList out;
    for (const NarrationLine& line : lines)
        out.append(line.text);
    return out;
}

RunResult runScript(const QString& exampleId, const QString& script)
{
    Runner runner(scripted(example(exampleId), script));
    RunResult r = runner.run();
    if (!r.ok())
        qFatal("run %s: %s", qPrintable(exampleId), qPrintable(r.error));
    return r;
}

// `expected` appears in `lines` in this order (other sentences may come between).
bool containsInOrder(const QStringList& lines, const QStringList& expected, QString* missing)
{
    qsizetype at = 0;
    for (const QString& sentence : expected) {
        const qsizetype found = lines.indexOf(sentence, at);
        if (found < 0) {
            *missing = sentence;
            return false;
        }
        at = found + 1;
    }
    return true;
}

} // namespace

class TestNarration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void raceUniqueIsToldWholeSentenceBySentence();
    void keySentencesOfTheExamples_data();
    void keySentencesOfTheExamples();
    void everyStatementAndResultIsTold_data();
    void everyStatementAndResultIsTold();
    void moreThanOneRowIsDjangosMessage();
    void repeatableReadHidesTheCommittedRow();
    void repeatableReadOnARealServer_data();
    void repeatableReadOnARealServer();
    void deadlockOnARealServer();
    void psqlSpellingsAreToldAsWhatTheyDo();
    void stepByStepRunIsToldAsItGoes();
    void waitingSentenceNamesTheHolders();
    void aWaitersResultIsToldAfterTheCommitThatWokeIt_data();
    void aWaitersResultIsToldAfterTheCommitThatWokeIt();
};

void TestNarration::raceUniqueIsToldWholeSentenceBySentence()
{
    const RunResult r = runScript(u"race-unique"_s, u"A,B,A,B,A,B,A,B"_s);
    const QList<NarrationLine> lines = Narration::tell(r);
    const QStringList expected {
        u"A's SELECT found no row, so A will create it"_s,
        u"B's SELECT found no row, so B will create it"_s,
        u"A opens a transaction"_s,
        u"B opens a transaction"_s,
        u"A's INSERT adds the row (id 1): nobody else sees it until A commits"_s,
        u"B waits for A's lock"_s,
        u"A inserted the row (id 1) and committed"_s,
        u"A returns its new row (id 1): created=True"_s,
        u"B's INSERT violates unique constraint race_user_id_uniq: Django rolls back and gets the row A created"_s,
        u"B rolls back its failed transaction"_s,
        u"B's re-get found the row A created (id 1)"_s,
        u"B returns the row A created (id 1): created=False, after the IntegrityError"_s,
        u"The table ends with 1 row for user_id='u1': no duplicate"_s,
    };
    QCOMPARE(texts(lines), expected);
    // Sentences point at their events and workers, so a view can highlight the box a sentence speaks of.
    QCOMPARE(lines.at(5).tone, NarrationLine::Tone::Wait);
    QCOMPARE(r.trace.events.at(lines.at(5).event).kind, EventKind::LockWait);
    QCOMPARE(lines.at(8).worker, 1);
    QCOMPARE(lines.at(8).tone, NarrationLine::Tone::Bad);
    QCOMPARE(lines.last().worker, -1);
}

void TestNarration::keySentencesOfTheExamples_data()
{
    QTest::addColumn<QString>("example");
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("a_select_after_an_uncommitted_insert_finds_no_row")
        << u"race-unique"_s << u"A,A,A,B,A,B,B,B,B"_s
        << QStringList { u"A's INSERT adds the row (id 1): nobody else sees it until A commits"_s,
               u"B's SELECT found no row: A has not committed its INSERT yet"_s,
               u"A inserted the row (id 1) and committed"_s };
    QTest::newRow("without_a_unique_constraint_both_insert")
        << u"race-no-unique"_s << u"A,B,A,B,A,B,A,B"_s
        << QStringList { u"B waits for A's lock"_s, u"A inserted the row (id 1) and committed"_s,
               u"B inserted the row (id 2) and committed"_s,
               u"The table ends with 2 rows for user_id='u1': duplicate"_s };
    QTest::newRow("atomic_request_is_refused_at_once_by_sqlite")
        << u"atomic-request"_s << u"A,B,A,B,A,B,A,B,A,B,A,B"_s
        << QStringList { u"A's request opens its transaction (ATOMIC_REQUESTS)"_s,
               u"A sets a savepoint before creating the row (the inner atomic block)"_s,
               u"B's INSERT fails at once with \u201c"_s
                   + u"database is locked\u201d: SQLite will not let B wait for the "
                     u"write lock while it holds a read lock (that could deadlock)"_s,
               u"B rolls back to its savepoint: the failed INSERT is undone, the transaction stays open"_s };
    QTest::newRow("a_table_lock_makes_the_second_request_wait")
        << u"lock-table"_s << u"A,B,A,B,A,B,A,B,A,B"_s
        << QStringList { u"A takes SQLite's write lock up front (BEGIN IMMEDIATE)"_s, u"B waits for A's lock"_s,
               u"A inserted the row (id 1) and committed"_s, u"B's SELECT found the row A created (id 1)"_s,
               u"B returns the row A created (id 1): created=False"_s };
    QTest::newRow("an_upsert_is_ignored_when_the_row_is_there")
        << u"upsert"_s << u"A,B,A,B,A,B,A,B"_s << QStringList { u"B's INSERT was ignored: the row is already there"_s };
    QTest::newRow("a_lost_update_writes_back_what_was_read")
        << u"counter-lost-update"_s << u"A,B,A,B"_s
        << QStringList { u"A's UPDATE writes back the likes it computed from what it read (and commits)"_s,
               u"B's UPDATE writes back the likes it computed from what it read (and commits)"_s };
}

void TestNarration::keySentencesOfTheExamples()
{
    QFETCH(QString, example);
    QFETCH(QString, script);
    QFETCH(QStringList, expected);
    const QStringList lines = texts(Narration::tell(runScript(example, script)));
    QString missing;
    QVERIFY2(containsInOrder(lines, expected, &missing),
        qPrintable(u"missing or out of order: "_s + missing + u"\n  told:\n    "_s + lines.join(u"\n    "_s)));
}

void TestNarration::everyStatementAndResultIsTold_data()
{
    QTest::addColumn<QString>("example");
    for (const Examples::Entry& entry : Examples::list()) {
        if (entry.databases.isEmpty() || entry.databases.contains(u"sqlite"_s))
            QTest::newRow(qPrintable(entry.id)) << entry.id;
    }
}

void TestNarration::everyStatementAndResultIsTold()
{
    QFETCH(QString, example);
    const Scenario s = test::example(example);
    Runner runner(s);
    const RunResult r = runner.run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QList<NarrationLine> lines = Narration::tell(r);
    if (qEnvironmentVariableIsSet("INTERLEAVE_PRINT_NARRATION")) // for reading the stories while writing them
        qInfo().noquote() << u"\n  "_s + texts(lines).join(u"\n  "_s);
    QSet<int> told;
    for (const NarrationLine& line : lines) {
        QVERIFY2(!line.text.isEmpty(), "an empty sentence");
        QVERIFY2(!line.text.contains(u"%1"_s), qPrintable(line.text));
        if (line.event >= 0)
            told.insert(line.event);
    }
    for (int i = 0; i < r.trace.events.size(); ++i)
        QVERIFY2(told.contains(i), qPrintable(u"event %1 untold: "_s.arg(i) + r.trace.sql(r.trace.events.at(i))));
    for (int w = 0; w < s.workers.size(); ++w) {
        QVERIFY2(std::any_of(lines.cbegin(), lines.cend(),
                     [w](const NarrationLine& l) { return l.worker == w && l.event < 0; }),
            qPrintable(u"no result told for "_s + s.workers.at(w).name));
    }
}

void TestNarration::moreThanOneRowIsDjangosMessage()
{
    // Without a unique constraint both create; a third get then finds two rows.
    const RunResult r = runScript(u"third-call"_s, u"A,B,A,B,A,B,A,B,C"_s);
    const QStringList lines = texts(Narration::tell(r));
    QVERIFY2(lines.contains(u"C's SELECT found 2 rows where there should be one"_s), qPrintable(lines.join(u'\n')));
    const auto result = std::find_if(lines.cbegin(), lines.cend(),
        [](const QString& l) { return l.startsWith(u"C fails with MultipleObjectsReturned"_s); });
    QVERIFY2(result != lines.cend(), qPrintable(lines.join(u'\n')));
    QVERIFY2(result->endsWith(u"\u2014 it returned 2!"_s), qPrintable(*result));
}

void TestNarration::repeatableReadHidesTheCommittedRow()
{
    // MySQL's story, told from a trace shaped as MySQL writes it (SQLite cannot keep a snapshot): B's transaction
    // read before A committed, so its re-get after the IntegrityError still sees no row.
    Scenario s = example(u"race-unique"_s);
    s.backend.kind = BackendSpec::Kind::Mysql;
    s.isolation = u"repeatable read"_s;
    for (WorkerSpec& w : s.workers)
        w.atomic = true;
    Trace t;
    t.workers = { u"A"_s, u"B"_s };
    const QString get = u"SELECT \"race\".\"id\" FROM \"race\" WHERE \"race\".\"user_id\" = ? LIMIT 21"_s;
    t.statements = { u"SET autocommit=0"_s, get, u"SAVEPOINT \"s1_x1\""_s,
        u"INSERT INTO \"race\" (\"user_id\", \"name\") VALUES (?, ?)"_s, u"RELEASE SAVEPOINT \"s1_x1\""_s, u"COMMIT"_s,
        u"ROLLBACK TO SAVEPOINT \"s2_x1\""_s };
    qint64 now = 0;
    const auto event = [&](int worker, int step, int statement) {
        TraceEvent e;
        e.worker = worker;
        e.step = step;
        e.statement = statement;
        e.startNs = now += 10;
        e.endNs = now += 10;
        return e;
    };
    // In time order: both open, both read (nothing), both set a savepoint, A inserts and commits, B's INSERT
    // collides, B rolls back to its savepoint and gets again.
    for (const auto& [worker, step, statement] :
        QList<std::tuple<int, int, int>> { { 0, 0, 0 }, { 1, 0, 0 }, { 0, 1, 1 }, { 1, 1, 1 }, { 0, 2, 2 }, { 1, 2, 2 },
            { 0, 3, 3 }, { 0, 4, 4 }, { 0, 5, 5 }, { 1, 3, 3 }, { 1, 4, 6 }, { 1, 5, 1 } })
        t.events.append(event(worker, step, statement));
    t.events[6].rowsAffected = 1;
    t.events[6].insertId = 1;
    t.events[9].error = DbError { ErrorClass::IntegrityError, 1062, u"23000"_s,
        u"Duplicate entry 'c53b8ba212ef4f15b2365e1bb3d524fe' for key 'race.race_user_id_uniq'"_s };
    Outcome o;
    o.results = { WorkerResult { ResultKind::Created, {}, 1, false },
        WorkerResult { ResultKind::IntegrityError, u"1062 (re-raised: the re-get found nothing)"_s, {}, true } };
    const QStringList lines = texts(Narration::tell(s, t, o));
    QString missing;
    QVERIFY2(
        containsInOrder(lines,
            { u"A's request opens its transaction (ATOMIC_REQUESTS)"_s, u"A inserted the row (id 1) and committed"_s,
                u"B's INSERT violates unique constraint race_user_id_uniq: Django rolls back to its savepoint "
                "and tries to get the row A created"_s,
                u"B's re-get found nothing: under REPEATABLE READ it still sees the snapshot from before A's "
                "commit"_s,
                u"B fails: the re-get found nothing, so Django re-raises the IntegrityError"_s },
            &missing),
        qPrintable(missing + u"\n  told:\n    "_s + lines.join(u"\n    "_s)));
}

void TestNarration::repeatableReadOnARealServer_data()
{
    QTest::addColumn<QString>("isolation");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("repeatable_read_re_get_sees_the_old_snapshot")
        << u"repeatable read"_s
        << QStringList { u"A inserted the row (id 1) and committed"_s,
               u"B's INSERT violates unique constraint race_user_id_uniq: Django rolls back to its savepoint and tries "
               "to get the row A created"_s,
               u"B's re-get found nothing: under REPEATABLE READ it still sees the snapshot from before A's commit"_s,
               u"B fails: the re-get found nothing, so Django re-raises the IntegrityError"_s };
    QTest::newRow("read_committed_re_get_finds_the_row")
        << u"read committed"_s
        << QStringList { u"A inserted the row (id 1) and committed"_s,
               u"B's INSERT violates unique constraint race_user_id_uniq: Django rolls back to its savepoint and gets "
               "the row A created"_s,
               u"B's re-get found the row A created (id 1)"_s };
}

void TestNarration::repeatableReadOnARealServer()
{
    QFETCH(QString, isolation);
    QFETCH(QStringList, expected);
    Scenario story = example(u"mysql-repeatable-read"_s);
    story.isolation = isolation;
    REQUIRE_DATABASE(s, story, BackendSpec::Kind::Mysql);
    Runner runner(s);
    const RunResult r = runner.run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QStringList lines = texts(Narration::tell(r));
    if (qEnvironmentVariableIsSet("INTERLEAVE_PRINT_NARRATION"))
        qInfo().noquote() << u"\n  "_s + lines.join(u"\n  "_s);
    QString missing;
    QVERIFY2(containsInOrder(lines, expected, &missing),
        qPrintable(missing + u"\n  told:\n    "_s + lines.join(u"\n    "_s)));
}

// A psql user's `begin;`, `abort;` and `end;` on PostgreSQL are a transaction's start, rollback and commit: an
// INSERT inside is pending until `end;`, and the one `abort;` undoes is told as rolled back.
void TestNarration::psqlSpellingsAreToldAsWhatTheyDo()
{
    Scenario story;
    story.name = u"psql"_s;
    story.table.name = u"test"_s;
    story.table.model = u"Test"_s;
    story.table.columns = { { u"value"_s, u"integer"_s, true } };
    WorkerSpec a;
    a.name = u"A"_s;
    a.recipe = u"sql"_s;
    for (const QString& sql : { u"begin;"_s, u"insert into test (value) values (1);"_s, u"abort;"_s, u"BEGIN;"_s,
             u"insert into test (value) values (2);"_s, u"end;"_s })
        a.statements.append({ sql, {}, std::nullopt });
    story.workers = { a };
    story.schedule.mode = ScheduleSpec::Mode::Script;
    REQUIRE_DATABASE(s, story, BackendSpec::Kind::Postgresql);
    Runner runner(s);
    const RunResult r = runner.run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QStringList lines = texts(Narration::tell(r));
    QString missing;
    QVERIFY2(containsInOrder(lines,
                 { u"A opens a transaction"_s, u"A's INSERT adds 1 row: nobody else sees it until A commits"_s,
                     u"A rolls back its transaction"_s, u"A opens a transaction"_s,
                     u"A's INSERT adds 1 row: nobody else sees it until A commits"_s, u"A commits"_s },
                 &missing),
        qPrintable(missing + u"\n  told:\n    "_s + lines.join(u"\n    "_s)));
}

void TestNarration::deadlockOnARealServer()
{
    // MySQL's REPEATABLE READ: both FOR UPDATE gets take the gap lock, each INSERT waits for the other's.
    REQUIRE_DATABASE(s, example(u"select-for-update-deadlock"_s), BackendSpec::Kind::Mysql);
    Runner runner(s);
    const RunResult r = runner.run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QStringList lines = texts(Narration::tell(r));
    if (qEnvironmentVariableIsSet("INTERLEAVE_PRINT_NARRATION"))
        qInfo().noquote() << u"\n  "_s + lines.join(u"\n  "_s);
    QString missing;
    QVERIFY2(containsInOrder(lines,
                 { u"A's SELECT … FOR UPDATE found no row, so A will create it"_s,
                     u"B's SELECT … FOR UPDATE found no row, so B will create it"_s, u"A waits for B's lock"_s,
                     u"B's INSERT is the deadlock victim: the database rolls back B's transaction so A can go on"_s,
                     u"B's ROLLBACK TO SAVEPOINT fails: the deadlock already rolled back B's whole transaction, "
                     "savepoint included"_s,
                     u"A inserted the row (id 1) and committed"_s },
                 &missing),
        qPrintable(missing + u"\n  told:\n    "_s + lines.join(u"\n    "_s)));
}

void TestNarration::stepByStepRunIsToldAsItGoes()
{
    StepRun run(example(u"race-unique"_s));
    QString error;
    QVERIFY2(run.start(&error), qPrintable(error));
    for (const int w : { 0, 0, 0, 1 }) // A: SELECT, BEGIN, INSERT; then B's SELECT
        QVERIFY(run.step(w));
    QList<bool> finished;
    for (const StepRun::WorkerView& view : run.workers())
        finished.append(view.state == StepController::State::Finished);
    const QStringList lines = texts(Narration::tell(run.snapshot(), finished));
    QCOMPARE(lines,
        (QStringList { u"A's SELECT found no row, so A will create it"_s, u"A opens a transaction"_s,
            u"A's INSERT adds the row (id 1): nobody else sees it until A commits"_s,
            u"B's SELECT found no row: A has not committed its INSERT yet"_s }));
}

void TestNarration::waitingSentenceNamesTheHolders()
{
    const QStringList names { u"A"_s, u"B"_s, u"C"_s };
    QCOMPARE(Narration::waiting(names, 1, { 0 }).text, u"B waits for A's lock"_s);
    QCOMPARE(Narration::waiting(names, 2, { 0, 1 }).text, u"C waits for A's and B's locks"_s);
    QCOMPARE(Narration::waiting(names, 0, {}).text, u"A waits for a lock held outside the run"_s);
    QCOMPARE(Narration::waiting(names, 0, {}).tone, NarrationLine::Tone::Wait);
    // A holder the server would not name: the sentence says so instead of "outside the run".
    QCOMPARE(Narration::waiting(names, 0, {}, u"holder not reported by the server: no PROCESS grant"_s).text,
        u"A waits for a lock: holder not reported by the server: no PROCESS grant"_s);
}

void TestNarration::aWaitersResultIsToldAfterTheCommitThatWokeIt_data()
{
    QTest::addColumn<ErrorClass>("waitEndedBy");
    QTest::addColumn<bool>("toldAfterTheCommit");
    QTest::newRow("a_unique_violation_is_told_after_the_commit_of_the_row_it_collided_with")
        << ErrorClass::IntegrityError << true;
    QTest::newRow("a_lock_timeout_is_told_when_it_came") << ErrorClass::LockTimeout << false;
}

// A server wakes the waiter as the holder commits; the waiter's reply can reach its client before the COMMIT's
// reply reaches the holder's (MariaDB under load). The story must not tell B's IntegrityError before A's commit.
void TestNarration::aWaitersResultIsToldAfterTheCommitThatWokeIt()
{
    QFETCH(ErrorClass, waitEndedBy);
    QFETCH(bool, toldAfterTheCommit);
    RunResult r = runScript(u"race-unique"_s, u"A,B,A,B,A,B,A,B"_s);
    const auto find = [&](int worker, const QString& verb, EventKind kind = EventKind::Statement) {
        for (int i = 0; i < r.trace.events.size(); ++i) {
            const TraceEvent& e = r.trace.events.at(i);
            if (e.worker == worker && e.kind == kind && statementVerb(r.trace.sql(e)) == verb)
                return i;
        }
        return -1;
    };
    const int commit = find(0, u"COMMIT"_s);
    const int insert = find(1, u"INSERT"_s);
    QVERIFY(commit >= 0 && insert >= 0);
    TraceEvent& bInsert = r.trace.events[insert];
    int wait = -1;
    for (int i = 0; i < r.trace.events.size(); ++i) {
        const TraceEvent& e = r.trace.events.at(i);
        if (e.kind == EventKind::LockWait && e.worker == 1 && e.step == bInsert.step)
            wait = i;
    }
    QVERIFY(wait >= 0);
    // B's reply recorded halfway through A's COMMIT: the wait ended there, while the COMMIT was running.
    const TraceEvent& aCommit = r.trace.events.at(commit);
    const qint64 woken = aCommit.startNs + (aCommit.endNs - aCommit.startNs) / 2;
    QVERIFY(woken > aCommit.startNs && woken < aCommit.endNs);
    bInsert.endNs = woken;
    bInsert.error.cls = waitEndedBy;
    r.trace.events[wait].endNs = woken;

    const QStringList lines = texts(Narration::tell(r));
    const qsizetype committed = lines.indexOf(u"A inserted the row (id 1) and committed"_s);
    const qsizetype collided = std::distance(lines.cbegin(),
        std::find_if(
            lines.cbegin(), lines.cend(), [](const QString& line) { return line.startsWith(u"B's INSERT"_s); }));
    QVERIFY2(committed >= 0 && collided < lines.size(), qPrintable(lines.join(u"\n"_s)));
    QVERIFY2((collided > committed) == toldAfterTheCommit, qPrintable(lines.join(u"\n"_s)));
    // The sentences of the ordinary run, in the ordinary order.
    if (toldAfterTheCommit) {
        const RunResult clean = runScript(u"race-unique"_s, u"A,B,A,B,A,B,A,B"_s);
        QCOMPARE(lines, texts(Narration::tell(clean)));
    }
}

QTEST_GUILESS_MAIN(TestNarration)
#include "tst_narration.moc"
