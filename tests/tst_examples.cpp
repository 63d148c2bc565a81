// SPDX-License-Identifier: MIT
// Every built-in example, run with its fixed script on each database it is written for, does what its
// description promises: the workers' results, the rows left, and who waited for whom. And every example, run as the
// guide says (docs/guide/examples.md: `interleave run example:NAME`, with --backend and --isolation where it says so),
// on every database its `databases` field names (all three when it names none), shows what the guide says it shows.

#include "databaseswitch.h"
#include "examples.h"
#include "interleaveprocess.h"
#include "racescenario.h"
#include "runner.h"
#include "testdatabases.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

struct Promise {
    QString example;
    BackendSpec::Kind database;
    QString isolation; // empty: the example's own
    QStringList results; // each worker's result kind, in worker order
    int rows = -1; // rows in the table afterwards
    QStringList waits; // who waited for whom: "B waits for A"
    QString option; // a backend option the report must show (e.g. the index MariaDB built)
    QVariantMap firstRow = {}; // values the first row must hold afterwards (e.g. a counter)
};

const auto sqlite = BackendSpec::Kind::Sqlite;
const auto pg = BackendSpec::Kind::Postgresql;
const auto my = BackendSpec::Kind::Mysql;

QList<Promise> promises()
{
    const QStringList createdGot { u"created"_s, u"got"_s };
    const QStringList bWaitsForA { u"B waits for A"_s };
    QList<Promise> list;
    for (const auto db : { sqlite, pg, my }) {
        list.append({ u"race-unique"_s, db, {}, createdGot, 1, bWaitsForA, {} });
        list.append({ u"race-no-unique"_s, db, {}, { u"created"_s, u"created"_s }, 2,
            db == sqlite ? bWaitsForA : QStringList(), {} });
        list.append({ u"text-unique"_s, db, {}, createdGot, 1, bWaitsForA,
            db == my ? u"unique page_url_uniq: HASH"_s : QString() });
        list.append({ u"text-unique-hash"_s, db, {}, createdGot, 1, bWaitsForA, {} });
        list.append({ u"lock-table"_s, db, {}, createdGot, 1, bWaitsForA, {} });
        list.append(
            { u"counter-lost-update"_s, db, {}, { u"updated"_s, u"updated"_s }, 1, {}, {}, { { u"likes"_s, 1 } } });
        list.append(
            { u"counter-f-expression"_s, db, {}, { u"updated"_s, u"updated"_s }, 1, {}, {}, { { u"likes"_s, 2 } } });
        list.append({ u"bulk-create-duplicates"_s, db, {}, { u"created"_s, u"IntegrityError"_s }, 2, bWaitsForA, {} });
        list.append({ u"upsert"_s, db, {}, createdGot, 1, bWaitsForA, {} });
        // A plain unique compares exactly on SQLite and PostgreSQL ('Bob' and 'bob' both go in); MariaDB's default
        // collation ignores case, so there it refuses 'bob' already. Lower() refuses it everywhere.
        if (db == my)
            list.append({ u"race-iexact"_s, db, {}, createdGot, 1, bWaitsForA, {} });
        else
            list.append({ u"race-iexact"_s, db, {}, { u"created"_s, u"created"_s }, 2,
                db == sqlite ? bWaitsForA : QStringList(), {} });
        list.append({ u"race-iexact-lower"_s, db, {}, createdGot, 1, bWaitsForA, {} });
    }
    // Gap locks: each INSERT waits for the other's; InnoDB kills B's transaction.
    list.append({ u"select-for-update-deadlock"_s, my, {}, { u"created"_s, u"Deadlock"_s }, 1, { u"A waits for B"_s },
        u"isolation=repeatable read"_s });
    list.append({ u"mysql-repeatable-read"_s, my, {}, { u"created"_s, u"IntegrityError"_s }, 1, bWaitsForA,
        u"isolation=repeatable read"_s });
    list.append({ u"mysql-repeatable-read"_s, my, u"read committed"_s, createdGot, 1, bWaitsForA,
        u"isolation=read committed"_s });
    return list;
}

// What docs/guide/examples.md promises for one example on one database, run as its "Run:" line says.
struct GuidePromise {
    QString example;
    BackendSpec::Kind database;
    QStringList options; // besides --backend: --isolation, as the guide gives it
    QStringList results; // "B got (after IntegrityError 2067, re-get found row 1)": each the start of a worker's
    int rows = -1; // rows in the table afterwards; -1: not promised
    int violated = -1; // a lookup with more than one row: 1, 0, or -1 when there is no lookup
    QString verdict; // the verdict, exactly; empty: not promised
    QStringList waits; // who waited for whom; {"-"}: not promised
    QString option; // a backend option the report shows
    QString executed; // the order the statements started in; empty: not promised
    QVariantMap firstRow; // values the first row holds afterwards
    QString refused; // the run cannot start: exit 2, and stderr says this
    QString disagreement; // the program does not do what the guide says: why (QEXPECT_FAIL)
};

QString errorCode(BackendSpec::Kind db)
{
    return db == sqlite ? u"2067"_s : db == pg ? u"23505"_s : u"1062"_s;
}

QList<GuidePromise> guidePromises()
{
    const QString user = u"user_id='u1'"_s;
    const QStringList bWaitsForA { u"B waits for A"_s };
    const QStringList anyWaits { u"-"_s };
    QList<GuidePromise> list;
    for (const auto db : { sqlite, pg, my }) {
        const QString regot = u"B got (after IntegrityError %1, re-get found row 1)"_s.arg(errorCode(db));
        list.append({ u"race-no-unique"_s, db, {}, { u"A created"_s, u"B created"_s }, 2, 1,
            u"2 rows for %1: duplicate"_s.arg(user), db == sqlite ? bWaitsForA : QStringList(), {}, {}, {}, {}, {} });
        list.append({ u"race-unique"_s, db, {}, { u"A created"_s, regot }, 1, 0,
            u"1 row for %1: no duplicate"_s.arg(user), bWaitsForA, {}, {}, {}, {}, {} });
        // MariaDB (the test server; 10.4+) indexes the TEXT column by a hidden hash, so the constraint holds there
        // too; Oracle MySQL refuses the table with error 1170, as the guide says.
        list.append(
            { u"unique-together"_s, db, {}, { u"A created"_s, regot }, 1, 0, {}, bWaitsForA, {}, {}, {}, {}, {} });
        list.append({ u"third-call"_s, db, {},
            { u"A created"_s, u"B created"_s,
                u"C MultipleObjectsReturned (get() returned more than one KeyValue -- it returned 2!)"_s },
            2, 1, u"2 rows for key='greeting': duplicate"_s, anyWaits, {}, {}, {}, {}, {} });
        if (db != my)
            list.append({ u"flag-per-parent"_s, db, {},
                { u"A created"_s, u"B got (after IntegrityError %1, re-get found row 3)"_s.arg(errorCode(db)) }, 3, 0,
                u"1 row for flag=1, parent_id=3: no duplicate"_s, bWaitsForA, {}, {}, {}, {}, {} });
        else
            list.append({ u"flag-per-parent"_s, db, {}, {}, -1, -1, {}, anyWaits, {}, {}, {},
                u"MySQL and MariaDB have no partial unique indexes (\"where\": \"flag = 1\"); run this scenario on "
                "PostgreSQL or SQLite"_s,
                {} });
        // The guide tells SQLite's and PostgreSQL's stories; for MySQL only the one row the constraint keeps.
        list.append({ u"atomic-request"_s, db, {},
            db == sqlite   ? QStringList { u"A created"_s, u"B Busy (error 5: database is locked)"_s }
                : db == pg ? QStringList { u"A created"_s, regot }
                           : QStringList { u"A created"_s },
            1, 0, {}, db == pg ? bWaitsForA : anyWaits, {}, {}, {}, {}, {} });
        list.append({ u"text-unique"_s, db, {}, { u"A created"_s, regot }, 1, 0, {}, bWaitsForA,
            db == my ? u"unique page_url_uniq: HASH"_s : QString(), {}, {}, {}, {} });
        list.append(
            { u"text-unique-hash"_s, db, {}, { u"A created"_s, regot }, 1, 0, {}, bWaitsForA, {}, {}, {}, {}, {} });
        list.append({ u"lock-table"_s, db, {}, { u"A created"_s, u"B got"_s }, 1, 0, {}, bWaitsForA, {},
            db == sqlite ? u"A,B,A,A,A,A,A,B,B"_s : QString(), {}, {}, {} });
        list.append(
            { u"counter-lost-update"_s, db, {}, { u"A updated (likes: 0 -> 1)"_s, u"B updated (likes: 0 -> 1)"_s }, 1,
                0, {}, QStringList(), {}, {}, { { u"likes"_s, 1 } }, {}, {} });
        list.append(
            { u"counter-f-expression"_s, db, {}, { u"A updated (1 row updated)"_s, u"B updated (1 row updated)"_s }, 1,
                0, {}, anyWaits, {}, {}, { { u"likes"_s, 2 } }, {}, {} });
        list.append({ u"bulk-create-duplicates"_s, db, {},
            { u"A created"_s,
                db == sqlite ? u"B IntegrityError (error 2067: UNIQUE constraint failed: domain.name)"_s
                    : db == pg
                    ? u"B IntegrityError (error 23505: duplicate key value violates unique constraint \"domain_name_uniq\""_s
                    : u"B IntegrityError (error 1062"_s },
            2, -1, {}, bWaitsForA, {}, {}, { { u"name"_s, u"a.example"_s } }, {}, {} });
        list.append({ u"upsert"_s, db, {}, { u"A created"_s, u"B got (the INSERT was ignored: the row was there)"_s },
            1, 0, {}, bWaitsForA, {}, {}, {}, {}, {} });
        list.append({ u"ten-threads"_s, db, {}, {}, -1, -1, {}, anyWaits, {}, {}, {}, {}, {} }); // see guideRun()
        const QString bobs = u"name__iexact='Bob': %1; %2 for name__iexact='bob': %1"_s;
        if (db == my)
            list.append({ u"race-iexact"_s, db, {}, { u"A created"_s, regot }, 1, 0,
                u"1 row for "_s + bobs.arg(u"no duplicate"_s, u"1 row"_s), bWaitsForA, {}, {}, {}, {}, {} });
        else
            list.append({ u"race-iexact"_s, db, {}, { u"A created"_s, u"B created"_s }, 2, 1,
                u"2 rows for "_s + bobs.arg(u"duplicate"_s, u"2 rows"_s), db == sqlite ? bWaitsForA : QStringList(), {},
                {}, {}, {}, {} });
        list.append({ u"race-iexact-lower"_s, db, {}, { u"A created"_s, regot }, 1, 0,
            u"1 row for "_s + bobs.arg(u"no duplicate"_s, u"1 row"_s), bWaitsForA, {}, {}, {}, {}, {} });
    }
    const QString rrReraised = u"B IntegrityError (error 1062: Duplicate entry 'u1' for "
                               "key 'race_user_id_uniq' (re-raised: the re-get found nothing))"_s;
    list.append({ u"mysql-repeatable-read"_s, my, {}, { u"A created"_s, rrReraised }, 1, 0, {}, bWaitsForA,
        u"isolation=repeatable read"_s, {}, {}, {}, {} });
    list.append({ u"mysql-repeatable-read"_s, my, { u"--isolation"_s, u"read committed"_s },
        { u"A created"_s, u"B got (after IntegrityError 1062, re-get found row 1)"_s }, 1, 0, {}, bWaitsForA,
        u"isolation=read committed"_s, {}, {}, {}, {} });
    list.append({ u"select-for-update-deadlock"_s, my, {},
        { u"A created"_s,
            u"B Deadlock (error 1213: Deadlock found when trying to get lock; try restarting transaction)"_s },
        1, 0, {}, { u"A waits for B"_s }, u"isolation=repeatable read"_s, {}, {}, {}, {} });
    // "run it on PostgreSQL too to compare": at READ COMMITTED (its default, --isolation default too) the re-get
    // finds A's row; at the scenario's own REPEATABLE READ it reads its old snapshot and re-raises.
    for (const QString& isolation : { u"read committed"_s, u"default"_s })
        list.append({ u"select-for-update-deadlock"_s, pg, { u"--isolation"_s, isolation },
            { u"A created"_s, u"B got (after IntegrityError 23505, re-get found row 1)"_s }, 1, 0, {}, bWaitsForA, {},
            {}, {}, {}, {} });
    list.append({ u"select-for-update-deadlock"_s, pg, {},
        { u"A created"_s, u"B IntegrityError (error 23505: duplicate key value violates unique constraint"_s }, 1, 0,
        {}, bWaitsForA, u"isolation=repeatable read"_s, {}, {}, {}, {} });
    // The pictures of the two MySQL stories are drawn on SQLite, where "B fails with database is locked (Busy)".
    for (const QString& example : { u"mysql-repeatable-read"_s, u"select-for-update-deadlock"_s })
        list.append({ example, sqlite, { u"--backend"_s, u"sqlite"_s, u"--isolation"_s, u"default"_s },
            { u"A created"_s, u"B Busy (error 5: database is locked)"_s }, 1, 0, {}, anyWaits, {}, {}, {}, {}, {} });
    return list;
}

// The isolation lab's anomaly tests (anomaly-*: one per anomaly and dialect): tst_matrix states what each does at
// every level of every database, cell by cell, and checks every one of them is a matrix row's scenario.
bool isAnomalyTest(const QString& id)
{
    return id.startsWith(u"anomaly-"_s);
}

} // namespace

class TestExamples : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyExampleIsCovered();
    void promise_data();
    void promise();
    void everyExampleHasItsGuidePromiseOnEachOfItsDatabases();
    void asTheGuideSays_data();
    void asTheGuideSays();
    void lookupValuesAreShort_data();
    void lookupValuesAreShort();
    void listedDatabasesAreTheOnesThatAcceptIt_data();
    void listedDatabasesAreTheOnesThatAcceptIt();
};

void TestExamples::everyExampleIsCovered()
{
    // Examples older than the server backends keep their own tests (tst_runner, tst_explorer); each one added
    // since must state its promise here.
    static const QStringList covered = [] {
        QStringList ids { u"atomic-request"_s, u"flag-per-parent"_s, u"third-call"_s, u"ten-threads"_s,
            u"unique-together"_s };
        for (const Promise& p : promises())
            ids.append(p.example);
        return ids;
    }();
    for (const Examples::Entry& e : Examples::list())
        QVERIFY2(covered.contains(e.id) || isAnomalyTest(e.id),
            qPrintable(u"example %1 has no promise in tst_examples"_s.arg(e.id)));
}

void TestExamples::promise_data()
{
    QTest::addColumn<int>("index");
    const QList<Promise> list = promises();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const Promise& p = list[i];
        QTest::newRow(qPrintable(p.example + u'@' + BackendSpec::kindName(p.database)
            + (p.isolation.isEmpty() ? QString() : u'@' + p.isolation)))
            << int(i);
    }
}

void TestExamples::promise()
{
    QFETCH(int, index);
    const Promise p = promises().at(index);
    Scenario base = example(p.example);
    if (!p.isolation.isEmpty())
        base.isolation = p.isolation;
    if (!base.databases.isEmpty())
        QVERIFY(base.databases.contains(BackendSpec::kindName(p.database)));
    REQUIRE_DATABASE(s, base, p.database);
    QVERIFY(s.schedule.mode == ScheduleSpec::Mode::Script); // a fixed script: the same outcome every time
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QStringList results;
    for (const WorkerResult& w : r.outcome.results)
        results.append(w.kindName());
    QCOMPARE(results, p.results);
    QCOMPARE(r.outcome.rows.size(), p.rows);
    QCOMPARE(waitsOf(r), p.waits);
    if (!p.option.isEmpty())
        QVERIFY2(r.backend.options.contains(p.option), qPrintable(r.backend.options.join(u", "_s)));
    for (auto it = p.firstRow.cbegin(); it != p.firstRow.cend(); ++it) {
        const qsizetype column = r.outcome.columns.indexOf(it.key());
        QVERIFY2(column >= 0, qPrintable(it.key()));
        QCOMPARE(r.outcome.rows.value(0).value(column).toLongLong(), it.value().toLongLong());
    }
}

void TestExamples::everyExampleHasItsGuidePromiseOnEachOfItsDatabases()
{
    QSet<QString> covered;
    for (const GuidePromise& p : guidePromises())
        if (!p.options.contains(u"--backend"_s))
            covered.insert(p.example + u'@' + BackendSpec::kindName(p.database));
    for (const Examples::Entry& e : Examples::list()) {
        if (isAnomalyTest(e.id))
            continue;
        const Scenario s = example(e.id);
        const QStringList databases =
            s.databases.isEmpty() ? QStringList { u"sqlite"_s, u"postgresql"_s, u"mysql"_s } : s.databases;
        for (const QString& db : databases)
            QVERIFY2(covered.contains(e.id + u'@' + db), qPrintable(u"%1 on %2 has no guide promise"_s.arg(e.id, db)));
    }
}

void TestExamples::asTheGuideSays_data()
{
    QTest::addColumn<int>("index");
    const QList<GuidePromise> list = guidePromises();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const GuidePromise& p = list[i];
        QString name = p.example + u"_on_"_s + BackendSpec::kindName(p.database);
        if (p.options.contains(u"--isolation"_s))
            name += u"_at_"_s + p.options.at(p.options.indexOf(u"--isolation"_s) + 1);
        if (p.options.contains(u"--backend"_s))
            name += u"_as_drawn"_s;
        QTest::newRow(qPrintable(name.replace(u' ', u'_'))) << int(i);
    }
}

void TestExamples::asTheGuideSays()
{
    QFETCH(int, index);
    const GuidePromise p = guidePromises().at(index);
    QStringList arguments { u"run"_s, u"example:"_s + p.example, u"--json"_s };
    if (p.database != sqlite) {
        const QString url = serverUrl(p.database);
        if (url.isEmpty()) {
            if (qEnvironmentVariableIsSet("INTERLEAVE_REQUIRE_SERVERS"))
                QFAIL("no test server");
            QSKIP("no test server: run `make test`, or see scripts/test-servers.sh");
        }
        arguments << u"--backend"_s << url;
    }
    arguments += p.options;
    // ten-threads: free threads, "run several times": each run is one of the stories the guide tells, and within a
    // few runs several workers create (duplicates).
    const bool free = p.example == u"ten-threads"_s;
    bool duplicated = false;
    for (int attempt = 0; attempt < (free ? 30 : 1) && !duplicated; ++attempt) {
        const InterleaveRun run = runInterleave(arguments);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        if (!p.disagreement.isEmpty())
            QEXPECT_FAIL("", qPrintable(p.disagreement), Abort);
        if (!p.refused.isEmpty()) {
            QVERIFY2(run.exitCode == 2, qPrintable(u"exit %1; stderr: %2"_s.arg(run.exitCode).arg(run.err)));
            QVERIFY2(run.err.contains(p.refused), qPrintable(run.err));
            return;
        }
        QVERIFY2(run.exitCode == 0, qPrintable(u"exit %1; stderr: %2"_s.arg(run.exitCode).arg(run.err)));
        const QJsonObject report = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QVERIFY2(report.value(u"complete"_s).toBool(), qPrintable(run.out.left(2000)));
        QStringList results;
        QStringList kinds;
        for (const QJsonValue& w : report.value(u"workers"_s).toArray()) {
            const QJsonObject o = w.toObject();
            const QString detail = o.value(u"detail"_s).toString();
            results.append(o.value(u"name"_s).toString() + u' ' + o.value(u"result"_s).toString()
                + (detail.isEmpty() ? QString() : u" ("_s + detail + u')'));
            kinds.append(o.value(u"result"_s).toString());
        }
        const QJsonArray rows = report.value(u"rows"_s).toObject().value(u"values"_s).toArray();
        const bool violated = report.value(u"violated"_s).toBool();
        if (free) {
            QCOMPARE(kinds.size(), 10);
            for (const QString& kind : std::as_const(kinds))
                QVERIFY2(kind == u"created"_s || kind == u"got"_s || kind == u"MultipleObjectsReturned"_s,
                    qPrintable(results.join(u"; "_s)));
            QCOMPARE(rows.size(), kinds.count(u"created"_s));
            QCOMPARE(violated, rows.size() > 1);
            duplicated = violated;
            continue;
        }
        QVERIFY2(results.size() >= p.results.size(), qPrintable(results.join(u"; "_s)));
        for (qsizetype i = 0; i < p.results.size(); ++i)
            QVERIFY2(results.at(i).startsWith(p.results.at(i)),
                qPrintable(u"expected \"%1...\", got \"%2\""_s.arg(p.results.at(i), results.at(i))));
        if (p.rows >= 0)
            QCOMPARE(rows.size(), p.rows);
        if (p.violated >= 0)
            QCOMPARE(violated, p.violated == 1);
        // The rows' verdict as the guide gives it; each anomaly's sentence follows it (tst_anomalies).
        if (!p.verdict.isEmpty())
            QVERIFY2(report.value(u"verdict"_s).toString() == p.verdict
                    || report.value(u"verdict"_s).toString().startsWith(p.verdict + u"; "_s),
                qPrintable(report.value(u"verdict"_s).toString()));
        if (p.waits != QStringList { u"-"_s }) {
            QStringList waits;
            for (const QJsonValue& e : report.value(u"events"_s).toArray()) {
                const QJsonObject event = e.toObject();
                if (event.value(u"kind"_s).toString() != u"lock_wait"_s)
                    continue;
                QStringList holders;
                for (const QJsonValue& b : event.value(u"blockers"_s).toArray())
                    holders.append(b.toString());
                waits.append(event.value(u"worker"_s).toString() + u" waits for "_s + holders.join(u", "_s));
            }
            QCOMPARE(waits, p.waits);
        }
        if (!p.option.isEmpty()) {
            const QJsonArray options = report.value(u"backend"_s).toObject().value(u"options"_s).toArray();
            QVERIFY2(options.contains(p.option), QJsonDocument(options).toJson(QJsonDocument::Compact).constData());
        }
        if (!p.executed.isEmpty())
            QCOMPARE(report.value(u"schedule"_s).toObject().value(u"executed"_s).toString(), p.executed);
        const QJsonArray columns = report.value(u"rows"_s).toObject().value(u"columns"_s).toArray();
        for (auto it = p.firstRow.cbegin(); it != p.firstRow.cend(); ++it) {
            const qsizetype column = columns.toVariantList().indexOf(it.key());
            QVERIFY2(column >= 0, qPrintable(it.key()));
            QCOMPARE(rows.at(0).toArray().at(column).toVariant().toString(), it.value().toString());
        }
    }
    if (free)
        QVERIFY2(duplicated, "thirty free runs of ten threads never left duplicates");
}

// A lookup value is what the rows pane, the verdict and the narration quote over and over: short and readable
// ('u1', 'bob'), so a class reads it at a glance. Three examples are about a long text, and keep it.
void TestExamples::lookupValuesAreShort_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("longStory"); // the example's story is a long value
    // text-unique: a long text in a TEXT column; text-unique-hash: that text's SHA-256, 64 hex digits;
    // unique-together: a definition in a TEXT column, seed 01's own 'some kind of fruit'.
    const QStringList longByStory { u"text-unique"_s, u"text-unique-hash"_s, u"unique-together"_s };
    for (const Examples::Entry& e : Examples::list()) {
        const bool isLong = longByStory.contains(e.id);
        QTest::addRow("%s_%s", qPrintable(e.id),
            isLong ? "keeps_the_long_value_its_story_is_about" : "has_no_lookup_value_longer_than_12_characters")
            << e.id << isLong;
    }
}

void TestExamples::lookupValuesAreShort()
{
    QFETCH(QString, id);
    QFETCH(bool, longStory);
    const Scenario s = example(id);
    QString longest;
    for (const WorkerSpec& w : s.workers)
        for (auto it = w.lookup.cbegin(); it != w.lookup.cend(); ++it)
            if (it.value().toString().size() > longest.size())
                longest = it.value().toString();
    if (longStory)
        QVERIFY2(longest.size() > 12, qPrintable(longest)); // else it belongs with the others
    else
        QVERIFY2(longest.size() <= 12, qPrintable(longest));
}

// The gallery and `interleave examples` say where an example is written for; a database that cannot run it at all
// (DatabaseSwitch::unsupportedReason, the rule the backends refuse it by) must not be among them.
void TestExamples::listedDatabasesAreTheOnesThatAcceptIt_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("database");
    for (const Examples::Entry& e : Examples::list())
        for (const auto db : { sqlite, pg, my }) {
            const QString kind = BackendSpec::kindName(db);
            const bool listed = e.databases.isEmpty() || e.databases.contains(kind);
            QTest::addRow("%s_%s_%s", qPrintable(e.id), listed ? "runs_on" : "is_not_listed_for", qPrintable(kind))
                << e.id << int(db);
        }
}

void TestExamples::listedDatabasesAreTheOnesThatAcceptIt()
{
    QFETCH(QString, id);
    QFETCH(int, database);
    const auto db = BackendSpec::Kind(database);
    const Scenario s = example(id);
    const QString why = DatabaseSwitch::unsupportedReason(s, db);
    const bool listed = s.databases.isEmpty() || s.databases.contains(BackendSpec::kindName(db));
    if (listed)
        QVERIFY2(
            why.isEmpty(), qPrintable(u"listed for %1, which refuses it: %2"_s.arg(BackendSpec::kindName(db), why)));
    // Not listed is not refused: mysql-repeatable-read runs on PostgreSQL, it only does not show its story there.
}

QTEST_GUILESS_MAIN(TestExamples)
#include "tst_examples.moc"
