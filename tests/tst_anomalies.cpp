// SPDX-License-Identifier: MIT
// The anomalies a run is judged by, named on real runs: every cell of the measured matrix in
// tests/data/anomalies/expected.json (a built-in anomaly test per anomaly of Adya's, on SQLite, PostgreSQL and MariaDB
// at each level they have, and two built-in examples at both levels of analysis), and the verdicts of the examples.

#include "anomalies.h"
#include "examples.h"
#include "runner.h"
#include "testdatabases.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

// The measured scenarios are the built-in anomaly tests (resources/examples/anomaly-*.json, the isolation lab's
// rows), written as a psql user types them; expected.json names them as measure.py did.
QString exampleOf(const QString& name)
{
    static const QHash<QString, QString> ids {
        { u"g0-write-cycle"_s, u"anomaly-g0"_s },
        { u"g1a-aborted-read"_s, u"anomaly-g1a"_s },
        { u"g1b-intermediate-read"_s, u"anomaly-g1b"_s },
        { u"g1c-circular-information-flow"_s, u"anomaly-g1c"_s },
        { u"g-single-read-skew"_s, u"anomaly-g-single"_s },
        { u"g2-item-write-skew"_s, u"anomaly-g2-item"_s },
        { u"g2-doctors-on-call"_s, u"anomaly-g2-doctors"_s },
        { u"g2-phantom-insert"_s, u"anomaly-g2"_s },
        { u"lost-update"_s, u"anomaly-lost-update"_s },
    };
    if (!ids.contains(name))
        qFatal("%s: no such anomaly scenario", qPrintable(name));
    return u"example:"_s + ids.value(name);
}

Scenario scenarioNamed(const QString& name)
{
    ScenarioError error;
    const QString reference = name.startsWith(u"example:"_s) ? name : exampleOf(name);
    const std::optional<Scenario> s = Examples::loadReference(reference, &error);
    if (!s)
        qFatal("%s: %s", qPrintable(reference), qPrintable(error.message));
    return *s;
}

BackendSpec::Kind kindNamed(const QString& name)
{
    if (name == u"postgresql"_s)
        return BackendSpec::Kind::Postgresql;
    if (name == u"mysql"_s)
        return BackendSpec::Kind::Mysql;
    return BackendSpec::Kind::Sqlite;
}

QStringList named(const QList<Anomaly>& anomalies, bool operations)
{
    QStringList names;
    for (const Anomaly& a : anomalies) {
        if (operations ? a.inOperations : a.level == AnalysisLevel::Database)
            names.append(Anomaly::name(a.kind));
    }
    return names;
}

QString told(const QList<Anomaly>& anomalies)
{
    QStringList lines;
    for (const Anomaly& a : anomalies)
        lines.append(
            u"[%1%2] %3"_s.arg(Anomaly::levelName(a.level), a.inOperations ? u"+operation"_s : QString(), a.sentence));
    return lines.isEmpty() ? u"(none)"_s : lines.join(u"\n    "_s);
}

} // namespace

class TestAnomalies : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theMeasuredMatrixIsNamed_data();
    void theMeasuredMatrixIsNamed();
    void examplesAreJudged_data();
    void examplesAreJudged();
};

void TestAnomalies::theMeasuredMatrixIsNamed_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("database");
    QTest::addColumn<QString>("isolation");
    QTest::addColumn<QString>("anomaly");
    QTest::addColumn<bool>("operations");
    QTest::addColumn<bool>("occurs");
    QTest::addColumn<QStringList>("also");
    QFile file(QStringLiteral(INTERLEAVE_TEST_DATA) + u"/anomalies/expected.json"_s);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    const QJsonArray cells = QJsonDocument::fromJson(file.readAll()).array();
    for (const QJsonValue& value : cells) {
        const QJsonObject cell = value.toObject();
        const QString scenario = cell.value("scenario"_L1).toString();
        const bool operations = cell.value("analysis"_L1).toString() == u"operation"_s;
        const bool occurs = cell.value("occurs"_L1).toBool();
        QStringList also;
        for (const QJsonValue& a : cell.value("also"_L1).toArray())
            also.append(a.toString());
        const QString row = u"%1_%2_on_%3_%4_%5"_s.arg(QString(scenario).remove(u"example:"_s),
            occurs ? u"is_named"_s : u"is_not_named"_s, cell.value("database"_L1).toString(),
            cell.value("isolation"_L1).toString().replace(u' ', u'_'),
            operations ? u"between_operations"_s : u"between_transactions"_s);
        QTest::newRow(qPrintable(row)) << scenario << int(kindNamed(cell.value("database"_L1).toString()))
                                       << cell.value("isolation"_L1).toString() << cell.value("anomaly"_L1).toString()
                                       << operations << occurs << also;
    }
}

void TestAnomalies::theMeasuredMatrixIsNamed()
{
    QFETCH(QString, scenario);
    QFETCH(int, database);
    QFETCH(QString, isolation);
    QFETCH(QString, anomaly);
    QFETCH(bool, operations);
    QFETCH(bool, occurs);
    QFETCH(QStringList, also);
    Scenario story = scenarioNamed(scenario);
    const auto kind = BackendSpec::Kind(database);
    story.isolation = kind == BackendSpec::Kind::Sqlite ? u"default"_s : isolation;
    REQUIRE_DATABASE(s, story, kind);
    Runner runner(s);
    const RunResult r = runner.run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QList<Anomaly>& found = r.outcome.anomalies;
    const QStringList names = named(found, operations);
    const QString context = u"\n  found:\n    "_s + told(found);
    if (qEnvironmentVariableIsSet("INTERLEAVE_PRINT_ANOMALIES"))
        qInfo().noquote() << context;
    QVERIFY2(
        names.contains(anomaly) == occurs, qPrintable(anomaly + (occurs ? u" not named"_s : u" named"_s) + context));
    for (const QString& other : also)
        QVERIFY2(names.contains(other), qPrintable(other + u" not named"_s + context));
}

void TestAnomalies::examplesAreJudged_data()
{
    QTest::addColumn<QString>("example");
    QTest::addColumn<QStringList>("violations"); // the anomalies that turn the verdict red
    QTest::addColumn<QStringList>("allowed"); // database-level findings the level allows and no operation has
    addDatabaseColumn();
    const struct {
        const char* name;
        QString example;
        QStringList violations;
        QStringList allowed;
        BackendSpec::Kind database;
    } rows[] = {
        { "a_unique_constraint_leaves_no_anomaly_on_sqlite", u"race-unique"_s, {}, {}, BackendSpec::Kind::Sqlite },
        { "a_unique_constraint_leaves_no_anomaly_on_postgresql", u"race-unique"_s, {}, {},
            BackendSpec::Kind::Postgresql },
        { "a_unique_constraint_leaves_no_anomaly_on_mysql", u"race-unique"_s, {}, {}, BackendSpec::Kind::Mysql },
        // ATOMIC_REQUESTS: B's one transaction missed A's row, then its re-get found it: read skew, which READ
        // COMMITTED allows and get_or_create relies on; its operation's last attempt (the re-get) has no cycle.
        { "an_atomic_request_re_get_is_read_skew_the_level_allows", u"atomic-request"_s, {}, { u"G-single"_s },
            BackendSpec::Kind::Postgresql },
        { "an_f_expression_loses_nothing", u"counter-f-expression"_s, {}, {}, BackendSpec::Kind::Sqlite },
        { "an_f_expression_loses_nothing_on_postgresql", u"counter-f-expression"_s, {}, {},
            BackendSpec::Kind::Postgresql },
        { "save_after_get_loses_an_update", u"counter-lost-update"_s, { u"lost update"_s }, {},
            BackendSpec::Kind::Sqlite },
        { "save_after_get_loses_an_update_on_mysql", u"counter-lost-update"_s, { u"lost update"_s }, {},
            BackendSpec::Kind::Mysql },
        { "without_a_unique_constraint_the_gets_miss_each_other", u"race-no-unique"_s, { u"G2"_s }, {},
            BackendSpec::Kind::Sqlite },
        { "a_table_lock_leaves_no_anomaly", u"lock-table"_s, {}, {}, BackendSpec::Kind::Postgresql },
        { "an_upsert_leaves_no_anomaly", u"upsert"_s, {}, {}, BackendSpec::Kind::Postgresql },
        { "a_partial_unique_index_leaves_no_anomaly", u"flag-per-parent"_s, {}, {}, BackendSpec::Kind::Sqlite },
    };
    for (const auto& row : rows)
        QTest::newRow(row.name) << row.example << row.violations << row.allowed << int(row.database);
}

void TestAnomalies::examplesAreJudged()
{
    QFETCH(QString, example);
    QFETCH(QStringList, violations);
    QFETCH(QStringList, allowed);
    QFETCH(int, database);
    REQUIRE_DATABASE(s, scenarioNamed(u"example:"_s + example), BackendSpec::Kind(database));
    Runner runner(s);
    const RunResult r = runner.run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QStringList violating;
    QStringList tolerated;
    for (const Anomaly& a : r.outcome.anomalies)
        (a.violates() ? violating : tolerated).append(Anomaly::name(a.kind));
    const QString context = u"\n  found:\n    "_s + told(r.outcome.anomalies);
    QVERIFY2(violating == violations, qPrintable(violating.join(u", "_s) + context));
    QVERIFY2(tolerated == allowed, qPrintable(tolerated.join(u", "_s) + context));
    QCOMPARE(r.outcome.anomalous(), !violations.isEmpty());
}

QTEST_GUILESS_MAIN(TestAnomalies)
#include "tst_anomalies.moc"
