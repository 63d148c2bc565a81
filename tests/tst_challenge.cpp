// SPDX-License-Identifier: MIT
// Challenge mode's engine half: the shipped challenges (resources/challenges) are listed in the lesson's order and
// load; each has a known solution, a list of steps a student could press, that reaches its goal exactly at its last
// step on the databases it names, where round robin does not reach it when that is so; and a goal is read as
// strictly as every other key of a scenario.

#include "challenge.h"
#include "steprun.h"
#include "testdatabases.h"

#include <QDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

Challenges::GoalCheck goalOf(const Scenario& s, const StepRun& run)
{
    QList<WorkerResult> results;
    QList<bool> finished;
    for (const StepRun::WorkerView& w : run.workers()) {
        results.append(w.result);
        finished.append(w.state == StepController::State::Finished);
    }
    return Challenges::check(*s.goal, s, run.snapshot().outcome, results, finished);
}

QString stateText(const StepRun& run)
{
    QStringList parts;
    for (const StepRun::WorkerView& w : run.workers()) {
        parts.append(w.name + u": "_s
            + (w.state == StepController::State::Finished       ? u"finished "_s + w.result.text()
                    : w.state == StepController::State::Waiting ? u"waits"_s
                                                                : w.next.sql.left(30)));
    }
    return parts.join(u" | "_s);
}

} // namespace

class TestChallenge : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyChallengeIsListedInOrder();
    void solutionReachesTheGoalAtItsLastStep_data();
    void solutionReachesTheGoalAtItsLastStep();
    void aGoalIsReadStrictly_data();
    void aGoalIsReadStrictly();
};

void TestChallenge::everyChallengeIsListedInOrder()
{
    QStringList files = QDir(u":/challenges"_s).entryList({ u"*.json"_s }, QDir::Files, QDir::Name);
    QStringList listed;
    for (const Challenges::Entry& e : Challenges::list()) {
        listed.append(e.id + u".json"_s);
        QVERIFY2(!e.goal.isEmpty(), qPrintable(e.id));
        ScenarioError error;
        const std::optional<Scenario> s = Challenges::load(e.id, &error);
        QVERIFY2(s, qPrintable(error.toString()));
        QVERIFY(s->goal);
        QCOMPARE(s->goal->text, e.goal);
        QCOMPARE(s->schedule.mode, ScheduleSpec::Mode::Step);
        QCOMPARE(Challenges::referenceId(Challenges::reference(e.id)), e.id);
    }
    QCOMPARE(listed.size(), 5);
    QStringList sorted = listed;
    sorted.sort();
    QCOMPARE(sorted, files);
    QCOMPARE(Challenges::next(u"two-rows"_s), u"integrity-error-then-get"_s);
    QCOMPARE(Challenges::next(u"deadlock"_s), QString());
    ScenarioError error;
    QVERIFY(!Challenges::load(u"no-such"_s, &error));
    QVERIFY2(error.toString().contains(u"the challenges are: two-rows"_s), qPrintable(error.toString()));
}

void TestChallenge::solutionReachesTheGoalAtItsLastStep_data()
{
    QTest::addColumn<QString>("challenge");
    QTest::addColumn<QList<int>>("solution"); // worker indexes, as keys 1, 2 (minus one)
    QTest::addColumn<bool>("roundRobinReaches");
    addDatabaseColumn();
    // Statements per worker: SQLite and PostgreSQL open a transaction with BEGIN, MariaDB with SET autocommit=0 and
    // end it with SET autocommit=1 too, so a server's solution has a step more here and there.
    for (const BackendSpec::Kind kind : allDatabases()) {
        const bool mysql = kind == BackendSpec::Kind::Mysql;
        const QString on = u"_on_"_s + BackendSpec::kindName(kind);
        // A and B get nothing, then each creates its row.
        QTest::newRow(qPrintable(u"two_rows"_s + on))
            << u"two-rows"_s
            << (mysql ? QList<int> { 0, 1, 0, 0, 0, 0, 1, 1, 1, 1 } : QList<int> { 0, 1, 0, 0, 0, 1, 1, 1 }) << true
            << int(kind);
        // A inserts; B misses the row, waits on it, collides with it when A commits, and gets it.
        QTest::newRow(qPrintable(u"integrity_error_then_get"_s + on))
            << u"integrity-error-then-get"_s
            << (mysql ? QList<int> { 0, 0, 0, 1, 1, 1, 0, 1, 1, 1 } : QList<int> { 0, 0, 0, 1, 1, 1, 0, 1, 1 }) << true
            << int(kind);
        // Both read likes = 0 before either writes.
        QTest::newRow(qPrintable(u"lost_update"_s + on))
            << u"lost-update"_s << QList<int> { 0, 1, 0, 1 } << true << int(kind);
    }
    // B's snapshot is taken by its first SELECT, before A commits; its INSERT then waits for A, collides, and its
    // re-get reads that snapshot.
    QTest::newRow("repeatable_read_finds_nothing_on_mysql")
        << u"repeatable-read-finds-nothing"_s << QList<int> { 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1 } << true
        << int(BackendSpec::Kind::Mysql);
    // The second INSERT closes the cycle and is the victim: B must insert first. Round robin has A insert first.
    QTest::newRow("deadlock_on_mysql") << u"deadlock"_s << QList<int> { 0, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0 } << false
                                       << int(BackendSpec::Kind::Mysql);
    // SQLite refuses the write of the reader whose partner waits to commit.
    QTest::newRow("deadlock_on_sqlite") << u"deadlock"_s << QList<int> { 0, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0 }
                                        << false << int(BackendSpec::Kind::Sqlite);
}

void TestChallenge::solutionReachesTheGoalAtItsLastStep()
{
    QFETCH(QString, challenge);
    QFETCH(QList<int>, solution);
    QFETCH(bool, roundRobinReaches);
    QFETCH(int, database);
    ScenarioError error;
    const std::optional<Scenario> loaded = Challenges::load(challenge, &error);
    QVERIFY2(loaded, qPrintable(error.toString()));
    REQUIRE_DATABASE(s, *loaded, BackendSpec::Kind(database));
    QString why;
    {
        StepRun run(s);
        QVERIFY2(run.start(&why), qPrintable(why));
        for (qsizetype i = 0; i < solution.size(); ++i) {
            QVERIFY2(!goalOf(s, run).reached, qPrintable(u"reached before step %1: "_s.arg(i + 1) + stateText(run)));
            QVERIFY2(run.step(solution.at(i)),
                qPrintable(u"step %1 (worker %2) refused: "_s.arg(i + 1).arg(solution.at(i)) + stateText(run)));
        }
        const Challenges::GoalCheck reached = goalOf(s, run);
        QVERIFY2(reached.reached, qPrintable(reached.unmet.join(u' ') + u" — "_s + stateText(run)));
    } // the run and its table are gone before round robin sets the table up again

    // Round robin, as `interleave run` steps a step-mode scenario.
    StepRun roundRobin(s);
    QVERIFY2(roundRobin.start(&why), qPrintable(why));
    roundRobin.finish();
    const Challenges::GoalCheck byRoundRobin = goalOf(s, roundRobin);
    QVERIFY2(byRoundRobin.reached == roundRobinReaches,
        qPrintable(byRoundRobin.unmet.join(u' ') + u" — "_s + stateText(roundRobin)));
}

void TestChallenge::aGoalIsReadStrictly_data()
{
    QTest::addColumn<QString>("goal");
    QTest::addColumn<QString>("message"); // ScenarioError::toString(), from the field on
    QTest::newRow("an_unknown_key_is_refused")
        << uR"({"text": "t", "rows": 2, "row": 2})"_s
        << uR"(goal.row: unknown field; expected one of: text, rows, worker, result, expect)"_s;
    QTest::newRow("a_goal_needs_its_text") << uR"({"rows": 2})"_s << u"goal.text: missing"_s;
    QTest::newRow("a_goal_needs_something_to_reach")
        << uR"({"text": "t"})"_s
        << uR"(goal: says nothing to reach: give "rows", "worker" and "result", or "expect")"_s;
    QTest::newRow("rows_must_be_a_whole_number")
        << uR"({"text": "t", "rows": 1.5})"_s << u"goal.rows: must be a whole number of rows, 0 or more"_s;
    QTest::newRow("a_worker_needs_a_result")
        << uR"({"text": "t", "rows": 1, "worker": "B"})"_s
        << uR"(goal.worker: "worker" and "result" go together: whose result, and which)"_s;
    QTest::newRow("an_unknown_worker_is_refused") << uR"({"text": "t", "worker": "C", "result": "got"})"_s
                                                  << uR"(goal.worker: no worker "C"; the workers are A, B)"_s;
    QTest::newRow("an_unknown_result_is_refused") << uR"({"text": "t", "worker": "B", "result": ["got", "Dedlock"]})"_s
                                                  << uR"(goal.result[1]: unknown result "Dedlock")"_s;
    QTest::newRow("a_bad_expectation_is_refused_at_its_character")
        << uR"({"text": "t", "expect": "lieks = 1"})"_s << uR"(goal.expect: unknown column "lieks")"_s;
}

void TestChallenge::aGoalIsReadStrictly()
{
    QFETCH(QString, goal);
    QFETCH(QString, message);
    QFile file(u":/challenges/lost-update.json"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString json = QString::fromUtf8(file.readAll());
    const qsizetype at = json.indexOf(u"\"goal\""_s);
    QVERIFY(at > 0);
    json = json.left(at) + u"\"goal\": "_s + goal + u"\n}\n"_s;
    ScenarioError error;
    QVERIFY(!Scenario::fromJson(json.toUtf8(), u"post.json"_s, &error));
    const QString text = error.toString();
    QVERIFY2(text.startsWith(u"post.json:"_s) && error.line > 1, qPrintable(text));
    QVERIFY2(text.contains(message), qPrintable(text));
    // The goal itself round-trips through toJson.
    const std::optional<Scenario> s = Challenges::load(u"deadlock"_s, &error);
    QVERIFY(s);
    const std::optional<Scenario> again = Scenario::fromJson(s->toJson(), u"again.json"_s, &error);
    QVERIFY2(again, qPrintable(error.toString()));
    QCOMPARE(again->goal, s->goal);
}

QTEST_GUILESS_MAIN(TestChallenge)
#include "tst_challenge.moc"
