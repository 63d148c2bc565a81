// SPDX-License-Identifier: MIT
#include "commandline.h"
#include "examples.h"
#include "interleaveprocess.h"
#include "serverconnection.h"
#include "testdatabases.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>
#include <optional>

using namespace Qt::StringLiterals;
using namespace interleave;

namespace {

const QString userId = u"u1"_s;

QString dataFile(const QString& name)
{
    return QDir(QStringLiteral(INTERLEAVE_TEST_DATA)).filePath(name);
}

QJsonArray eventsOf(const QJsonObject& report, const QString& worker)
{
    QJsonArray out;
    for (const QJsonValue& e : report.value(u"events"_s).toArray())
        if (e.toObject().value(u"worker"_s).toString() == worker)
            out.append(e);
    return out;
}

QStringList lines(const QString& text)
{
    return text.split(u'\n', Qt::SkipEmptyParts);
}

// A built-in example's JSON, to change before writing it as a scenario file of one's own.
QJsonObject exampleJson(const QString& id)
{
    QFile file(u":/examples/"_s + id + u".json"_s);
    return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
}

// Writes `scenario` as `name` in `dir`; the path, or empty when it could not be written.
QString writeScenario(const QTemporaryDir& dir, const QString& name, const QJsonObject& scenario)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(scenario).toJson()) < 0)
        return {};
    return path;
}

} // namespace

class TestCommandLine : public QObject {
    Q_OBJECT

private:
    // Runs, insists on the exit status, and parses stdout as the --json report.
    static void runJson(const QStringList& arguments, int expectedExit, QJsonObject* report)
    {
        const InterleaveRun run = runInterleave(arguments);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QVERIFY2(run.exitCode == expectedExit,
            qPrintable(u"exit %1, expected %2; stderr: %3"_s.arg(run.exitCode).arg(expectedExit).arg(run.err)));
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + u'\n' + run.out));
        QVERIFY(document.isObject());
        *report = document.object();
    }

    // DESIGN.md's --json report: every key a script may rely on, with its type.
    static void checkShape(const QJsonObject& report)
    {
        static const QStringList keys { u"interleave"_s, u"scenario"_s, u"backend"_s, u"schedule"_s, u"events"_s,
            u"workers"_s, u"rows"_s, u"duplicates"_s, u"violated"_s, u"verdict"_s };
        for (const QString& key : keys)
            QVERIFY2(report.contains(key), qPrintable(key));
        QCOMPARE(report.value(u"interleave"_s).toString(), QStringLiteral(INTERLEAVE_VERSION));
        QVERIFY(!report.value(u"scenario"_s).toObject().value(u"name"_s).toString().isEmpty());
        QVERIFY(!report.value(u"scenario"_s).toObject().value(u"table"_s).toString().isEmpty());

        const QJsonObject backend = report.value(u"backend"_s).toObject();
        QCOMPARE(backend.value(u"kind"_s).toString(), u"sqlite"_s);
        QVERIFY2(backend.value(u"version"_s).toString().startsWith(u"3."_s),
            qPrintable(backend.value(u"version"_s).toString()));

        const QJsonObject schedule = report.value(u"schedule"_s).toObject();
        QVERIFY(
            schedule.value(u"mode"_s).toString() == u"script"_s || schedule.value(u"mode"_s).toString() == u"free"_s);
        QVERIFY(schedule.value(u"script"_s).isString());
        QVERIFY(schedule.value(u"executed"_s).isString());

        QStringList names;
        static const QStringList results { u"created"_s, u"got"_s, u"updated"_s, u"completed"_s, u"IntegrityError"_s,
            u"MultipleObjectsReturned"_s, u"DoesNotExist"_s, u"Deadlock"_s, u"SerializationFailure"_s, u"LockTimeout"_s,
            u"Busy"_s, u"ConnectionLost"_s, u"Error"_s };
        const QJsonArray workers = report.value(u"workers"_s).toArray();
        QVERIFY(!workers.isEmpty());
        for (const QJsonValue& value : workers) {
            const QJsonObject w = value.toObject();
            names.append(w.value(u"name"_s).toString());
            QVERIFY(!w.value(u"recipe"_s).toString().isEmpty());
            QVERIFY2(results.contains(w.value(u"result"_s).toString()), qPrintable(w.value(u"result"_s).toString()));
            QVERIFY(w.value(u"detail"_s).isString());
            QVERIFY(w.value(u"after_integrity_error"_s).isBool());
        }
        // Every worker name appears in the executed schedule and nothing else does.
        for (const QString& step : schedule.value(u"executed"_s).toString().split(u',', Qt::SkipEmptyParts))
            QVERIFY2(names.contains(step), qPrintable(step));

        const QJsonArray events = report.value(u"events"_s).toArray();
        QVERIFY(!events.isEmpty());
        double previousStart = -1;
        for (const QJsonValue& value : events) {
            const QJsonObject e = value.toObject();
            const QString where = QString::fromUtf8(QJsonDocument(e).toJson(QJsonDocument::Compact));
            QVERIFY2(names.contains(e.value(u"worker"_s).toString()), qPrintable(where));
            QVERIFY2(!e.value(u"sql"_s).toString().isEmpty(), qPrintable(where));
            QVERIFY2(e.value(u"start_ns"_s).isDouble() && e.value(u"end_ns"_s).isDouble(), qPrintable(where));
            QVERIFY2(e.value(u"start_ns"_s).toDouble() <= e.value(u"end_ns"_s).toDouble(), qPrintable(where));
            QVERIFY2(e.value(u"start_ns"_s).toDouble() >= previousStart,
                qPrintable(u"events out of time order at "_s + where));
            previousStart = e.value(u"start_ns"_s).toDouble();
            const QString kind = e.value(u"kind"_s).toString();
            if (kind == u"statement"_s) {
                QVERIFY2(!e.value(u"verb"_s).toString().isEmpty(), qPrintable(where));
                QVERIFY2(e.value(u"sql"_s).toString().startsWith(e.value(u"verb"_s).toString()), qPrintable(where));
                QVERIFY2(e.value(u"params"_s).isArray(), qPrintable(where));
                QVERIFY2(e.value(u"rows_affected"_s).isDouble(), qPrintable(where));
                if (e.contains(u"rows"_s)) {
                    const qsizetype width = e.value(u"columns"_s).toArray().size();
                    QVERIFY2(width > 0, qPrintable(where));
                    for (const QJsonValue& row : e.value(u"rows"_s).toArray())
                        QCOMPARE(row.toArray().size(), width);
                }
                if (e.contains(u"error"_s)) {
                    const QJsonObject error = e.value(u"error"_s).toObject();
                    QVERIFY2(!error.value(u"class"_s).toString().isEmpty(), qPrintable(where));
                    // SQLite's own code, never 0: the report leaves out a code the database did not give.
                    QVERIFY2(
                        error.value(u"code"_s).isDouble() && error.value(u"code"_s).toInt() != 0, qPrintable(where));
                    QVERIFY2(!error.contains(u"sqlstate"_s), qPrintable(where));
                    QVERIFY2(!error.value(u"message"_s).toString().isEmpty(), qPrintable(where));
                }
            } else {
                QVERIFY2(kind == u"lock_wait"_s, qPrintable(where));
                QVERIFY2(e.value(u"blockers"_s).isArray(), qPrintable(where));
                for (const QJsonValue& blocker : e.value(u"blockers"_s).toArray())
                    QVERIFY2(names.contains(blocker.toString()), qPrintable(where));
            }
        }

        const QJsonObject rows = report.value(u"rows"_s).toObject();
        const QJsonArray columns = rows.value(u"columns"_s).toArray();
        QVERIFY(!columns.isEmpty());
        QCOMPARE(columns.first().toString(), u"id"_s);
        const QJsonArray values = rows.value(u"values"_s).toArray();
        for (const QJsonValue& row : values)
            QCOMPARE(row.toArray().size(), columns.size());
        QCOMPARE(rows.value(u"inserted_by"_s).toArray().size(), values.size());
        QVERIFY(report.value(u"duplicates"_s).isArray());
        QVERIFY(report.value(u"violated"_s).isBool());
        QVERIFY(report.value(u"passed"_s).isBool());
        QVERIFY(!report.value(u"verdict"_s).toString().isEmpty());

        // Issue 16: each anomaly with its cycle, edges between workers and statements of the events above.
        QVERIFY(report.value(u"anomalies"_s).isArray());
        for (const QJsonValue& value : report.value(u"anomalies"_s).toArray()) {
            const QJsonObject a = value.toObject();
            const QString where = QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
            for (const QString& key : { u"name"_s, u"id"_s, u"common_name"_s, u"sentence"_s, u"level_note"_s })
                QVERIFY2(a.value(key).isString(), qPrintable(key + u" in "_s + where));
            QVERIFY2(
                a.value(u"level"_s).toString() == u"database"_s || a.value(u"level"_s).toString() == u"operation"_s,
                qPrintable(where));
            QVERIFY2(a.value(u"allowed"_s).isBool() && a.value(u"violates"_s).isBool(), qPrintable(where));
            const QJsonArray cycle = a.value(u"cycle"_s).toArray();
            QVERIFY2(!cycle.isEmpty(), qPrintable(where));
            for (const QJsonValue& edge : cycle) {
                const QJsonObject d = edge.toObject();
                QVERIFY2(QStringList({ u"ww"_s, u"wr"_s, u"rw"_s, u"predicate rw"_s })
                             .contains(d.value(u"kind"_s).toString()),
                    qPrintable(where));
                QVERIFY2(names.contains(d.value(u"from"_s).toString()) && names.contains(d.value(u"to"_s).toString()),
                    qPrintable(where));
                for (const QString& end : { u"from_event"_s, u"to_event"_s }) {
                    const int index = d.value(end).toInt(-1);
                    QVERIFY2(index >= 0 && index < events.size(), qPrintable(end + u" in "_s + where));
                    QCOMPARE(events.at(index).toObject().value(u"worker"_s).toString(),
                        d.value(end == u"from_event"_s ? u"from"_s : u"to"_s).toString());
                }
                QVERIFY2(d.value(u"row"_s).isDouble() && d.value(u"text"_s).isString(), qPrintable(where));
            }
        }
        QVERIFY(report.value(u"invariants"_s).isArray());
        for (const QJsonValue& value : report.value(u"invariants"_s).toArray()) {
            const QJsonObject c = value.toObject();
            const QString where = QString::fromUtf8(QJsonDocument(c).toJson(QJsonDocument::Compact));
            QVERIFY2(QStringList({ u"duplicates"_s, u"lost-updates"_s, u"errors"_s, u"expectations"_s })
                         .contains(c.value(u"kind"_s).toString()),
                qPrintable(where));
            QVERIFY2(!c.value(u"name"_s).toString().isEmpty() && !c.value(u"sentence"_s).toString().isEmpty(),
                qPrintable(where));
            QVERIFY2(c.value(u"held"_s).isBool() && c.value(u"rows"_s).isArray(), qPrintable(where));
            if (c.contains(u"worker"_s))
                QVERIFY2(names.contains(c.value(u"worker"_s).toString()), qPrintable(where));
        }
    }

private Q_SLOTS:
    void versionPrintsTheNumber_data()
    {
        QTest::addColumn<QString>("option");
        QTest::newRow("long_option") << u"--version"_s;
        QTest::newRow("short_option") << u"-v"_s;
    }

    void versionPrintsTheNumber()
    {
        QFETCH(QString, option);
        const InterleaveRun run = runInterleave({ option });
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, u"interleave 0.1.0\n"_s);
        QCOMPARE(run.err, QString());
    }

    void helpDescribesEveryCommand_data()
    {
        QTest::addColumn<QString>("option");
        QTest::newRow("long_option") << u"--help"_s;
        QTest::newRow("short_option") << u"-h"_s;
        QTest::newRow("help_command") << u"help"_s;
    }

    void helpDescribesEveryCommand()
    {
        QFETCH(QString, option);
        const InterleaveRun run = runInterleave({ option });
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, CommandLine::usage());
        for (const QString& part : { u"Usage:"_s, u"interleave run FILE|example:NAME"_s, u"interleave examples"_s,
                 u"--version | --help"_s, u"--schedule A,B,A,B"_s, u"--free"_s, u"--jitter US"_s, u"--json"_s,
                 u"--check"_s, u"--check=LIST"_s, u"--trace-out FILE"_s,
                 u"Exit status: 0 the run completed, 1 --check found a violation, 2 bad input or the run could not"_s,
                 u"3 the run is incomplete"_s })
            QVERIFY2(run.out.contains(part), qPrintable(part));
        QCOMPARE(run.err, QString());
    }

    void helpOfACommandPrintsItAndExitsZero_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("command"); // whose help is printed; empty: the whole usage
        QTest::newRow("run_long_option") << QStringList { u"run"_s, u"--help"_s } << u"run"_s;
        QTest::newRow("run_short_option") << QStringList { u"run"_s, u"-h"_s } << u"run"_s;
        QTest::newRow("run_help_after_a_scenario_and_options")
            << QStringList { u"run"_s, u"example:race-unique"_s, u"--json"_s, u"--bogus"_s, u"--help"_s } << u"run"_s;
        QTest::newRow("help_run") << QStringList { u"help"_s, u"run"_s } << u"run"_s;
        QTest::newRow("examples_long_option") << QStringList { u"examples"_s, u"--help"_s } << u"examples"_s;
        QTest::newRow("examples_short_option") << QStringList { u"examples"_s, u"-h"_s } << u"examples"_s;
        QTest::newRow("help_examples") << QStringList { u"help"_s, u"examples"_s } << u"examples"_s;
        QTest::newRow("desktop_application_options_then_help")
            << QStringList { u"example:race-unique"_s, u"--mode"_s, u"step"_s, u"--help"_s } << QString();
    }

    void helpOfACommandPrintsItAndExitsZero()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, command);
        const InterleaveRun run = runInterleave(arguments);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.err, QString());
        QCOMPARE(run.exitCode, 0);
        const std::optional<QString> help = CommandLine::help(command);
        QVERIFY(help);
        QCOMPARE(run.out, *help);
        if (command == u"run"_s) {
            QVERIFY(run.out.startsWith(u"Usage: interleave run FILE|example:NAME [options]\n"_s));
            for (const QString& part : { u"--schedule A,B,A,B"_s, u"--isolation LEVEL"_s, u"--help, -h"_s,
                     u"Exit status: 0 the run completed"_s })
                QVERIFY2(run.out.contains(part), qPrintable(part));
            QVERIFY2(!run.out.contains(u"--screenshot"_s), "the desktop application's options are not run's");
        } else if (command == u"examples"_s) {
            QVERIFY(run.out.startsWith(u"Usage: interleave examples\n"_s));
        } else {
            QCOMPARE(run.out, CommandLine::usage());
        }
    }

    void helpOfAnUnknownCommandExitsTwo()
    {
        const InterleaveRun run = runInterleave({ u"help"_s, u"rnu"_s });
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(run.out, QString());
        QCOMPARE(run.err, u"interleave help: which command? run, import, examples or matrix, not \"rnu\"\n"_s);
    }

    void examplesListsEachBuiltInScenarioOnOneLine()
    {
        const InterleaveRun run = runInterleave({ u"examples"_s });
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.err, QString());
        const QStringList printed = lines(run.out);
        const QList<Examples::Entry> entries = Examples::list();
        QCOMPARE(printed.size(), entries.size());
        for (const QString& id : { u"race-unique"_s, u"race-no-unique"_s, u"mysql-repeatable-read"_s })
            QVERIFY(
                std::any_of(entries.cbegin(), entries.cend(), [&](const Examples::Entry& e) { return e.id == id; }));
        static const QRegularExpression line(u"^example:(\\S+) +(\\S.*?)( \\[([a-z, ]+)\\])?$"_s);
        for (qsizetype i = 0; i < printed.size(); ++i) {
            const QRegularExpressionMatch m = line.match(printed[i]);
            QVERIFY2(m.hasMatch(), qPrintable(printed[i]));
            QCOMPARE(m.captured(1), entries[i].id);
            QCOMPARE(m.captured(2), entries[i].name);
            // The databases an example is written for, when it is not for all three.
            QCOMPARE(m.captured(4), entries[i].databases.join(u", "_s));
            // Each printed reference is one that `run` accepts.
            ScenarioError error;
            QVERIFY2(Examples::loadReference(u"example:"_s + m.captured(1), &error), qPrintable(error.toString()));
        }
    }

    void raceUniqueScriptShowsTheIntegrityErrorAndTheReGet()
    {
        QJsonObject report;
        runJson({ u"run"_s, u"example:race-unique"_s, u"--schedule"_s, u"A,B,A,B,A,B,A,B"_s, u"--json"_s }, 0, &report);
        if (QTest::currentTestFailed())
            return;
        checkShape(report);
        if (QTest::currentTestFailed())
            return;

        const QJsonObject schedule = report.value(u"schedule"_s).toObject();
        QCOMPARE(schedule.value(u"mode"_s).toString(), u"script"_s);
        QCOMPARE(schedule.value(u"script"_s).toString(), u"A,B,A,B,A,B,A,B"_s);
        // B's re-get is left over after the script and runs round-robin.
        QCOMPARE(schedule.value(u"executed"_s).toString(), u"A,B,A,B,A,B,A,B,B"_s);

        const QJsonArray b = eventsOf(report, u"B"_s);
        qsizetype insert = -1, wait = -1, rollback = -1, reget = -1;
        for (qsizetype i = 0; i < b.size(); ++i) {
            const QJsonObject e = b[i].toObject();
            const QString verb = e.value(u"verb"_s).toString();
            if (e.value(u"kind"_s).toString() == u"lock_wait"_s && wait < 0)
                wait = i;
            else if (verb == u"INSERT"_s && insert < 0)
                insert = i;
            else if (verb == u"ROLLBACK"_s && rollback < 0)
                rollback = i;
            else if (verb == u"SELECT"_s && rollback >= 0 && reget < 0)
                reget = i;
        }
        QVERIFY2(insert >= 0 && wait >= 0 && rollback > insert && reget > rollback,
            qPrintable(QString::fromUtf8(QJsonDocument(b).toJson())));

        const QJsonObject inserted = b[insert].toObject();
        QCOMPARE(inserted.value(u"params"_s).toArray(), (QJsonArray { userId, u"foo"_s }));
        const QJsonObject error = inserted.value(u"error"_s).toObject();
        QCOMPARE(error.value(u"class"_s).toString(), u"IntegrityError"_s);
        QCOMPARE(error.value(u"code"_s).toInt(), 2067);
        QCOMPARE(error.value(u"message"_s).toString(), u"UNIQUE constraint failed: race.user_id"_s);

        const QJsonObject waited = b[wait].toObject();
        QCOMPARE(waited.value(u"blockers"_s).toArray(), QJsonArray { u"A"_s });
        QCOMPARE(waited.value(u"sql"_s).toString(), inserted.value(u"sql"_s).toString());

        const QJsonObject again = b[reget].toObject();
        QVERIFY(!again.contains(u"error"_s));
        const QJsonArray found = again.value(u"rows"_s).toArray();
        QCOMPARE(found.size(), 1);
        QVERIFY2(found.first().toArray().contains(QJsonValue(userId)),
            qPrintable(QString::fromUtf8(QJsonDocument(found).toJson())));

        // A's statements: a SELECT that saw nothing, then BEGIN, INSERT, COMMIT with no error.
        QStringList verbs;
        for (const QJsonValue& e : eventsOf(report, u"A"_s)) {
            verbs.append(e.toObject().value(u"verb"_s).toString());
            QVERIFY(!e.toObject().contains(u"error"_s));
        }
        QCOMPARE(verbs, (QStringList { u"SELECT"_s, u"BEGIN"_s, u"INSERT"_s, u"COMMIT"_s }));

        const QJsonArray workers = report.value(u"workers"_s).toArray();
        QCOMPARE(workers.size(), 2);
        QCOMPARE(workers[0].toObject().value(u"result"_s).toString(), u"created"_s);
        QCOMPARE(workers[0].toObject().value(u"after_integrity_error"_s).toBool(), false);
        QCOMPARE(workers[1].toObject().value(u"result"_s).toString(), u"got"_s);
        QCOMPARE(workers[1].toObject().value(u"after_integrity_error"_s).toBool(), true);
        QCOMPARE(workers[1].toObject().value(u"row_id"_s), workers[0].toObject().value(u"row_id"_s));

        const QJsonObject rows = report.value(u"rows"_s).toObject();
        QCOMPARE(rows.value(u"values"_s).toArray().size(), 1);
        QCOMPARE(rows.value(u"values"_s).toArray().first().toArray(), (QJsonArray { 1, userId, u"foo"_s }));
        QCOMPARE(rows.value(u"inserted_by"_s).toArray(), QJsonArray { u"A"_s });
        QCOMPARE(report.value(u"violated"_s).toBool(), false);
        QCOMPARE(report.value(u"verdict"_s).toString(), u"1 row for user_id='%1': no duplicate"_s.arg(userId));
    }

    void raceWithoutUniqueLeavesADuplicate()
    {
        QJsonObject report;
        runJson({ u"run"_s, u"example:race-no-unique"_s, u"--check"_s, u"--json"_s }, 1, &report);
        if (QTest::currentTestFailed())
            return;
        checkShape(report);
        if (QTest::currentTestFailed())
            return;
        const QJsonObject rows = report.value(u"rows"_s).toObject();
        QCOMPARE(rows.value(u"values"_s).toArray().size(), 2);
        QCOMPARE(rows.value(u"inserted_by"_s).toArray(), (QJsonArray { u"A"_s, u"B"_s }));
        QCOMPARE(report.value(u"violated"_s).toBool(), true);
        const QString verdict = report.value(u"verdict"_s).toString();
        QVERIFY2(verdict.contains(u"2 rows for user_id='%1': duplicate"_s.arg(userId)), qPrintable(verdict));
        const QJsonArray groups = report.value(u"duplicates"_s).toArray();
        QCOMPARE(groups.size(), 1);
        QCOMPARE(groups[0].toObject().value(u"count"_s).toInt(), 2);
        QCOMPARE(groups[0].toObject().value(u"duplicate"_s).toBool(), true);
        QCOMPARE(groups[0].toObject().value(u"lookup"_s).toObject().value(u"user_id"_s).toString(), userId);
        for (const QJsonValue& w : report.value(u"workers"_s).toArray())
            QCOMPARE(w.toObject().value(u"result"_s).toString(), u"created"_s);
        QCOMPARE(report.value(u"schedule"_s).toObject().value(u"executed"_s).toString(), u"A,B,A,B,A,B,A,B"_s);
    }

    void thirdCallRaisesMultipleObjectsReturned()
    {
        QJsonObject report;
        runJson({ u"run"_s, u"example:third-call"_s, u"--json"_s }, 0, &report);
        if (QTest::currentTestFailed())
            return;
        checkShape(report);
        if (QTest::currentTestFailed())
            return;
        const QJsonArray workers = report.value(u"workers"_s).toArray();
        QCOMPARE(workers.size(), 3);
        QCOMPARE(workers[0].toObject().value(u"result"_s).toString(), u"created"_s);
        QCOMPARE(workers[1].toObject().value(u"result"_s).toString(), u"created"_s);
        const QJsonObject c = workers[2].toObject();
        QCOMPARE(c.value(u"name"_s).toString(), u"C"_s);
        QCOMPARE(c.value(u"result"_s).toString(), u"MultipleObjectsReturned"_s);
        QCOMPARE(c.value(u"detail"_s).toString(), u"get() returned more than one KeyValue -- it returned 2!"_s);
        const QJsonArray cEvents = eventsOf(report, u"C"_s);
        QCOMPARE(cEvents.size(), 1);
        QCOMPARE(cEvents[0].toObject().value(u"verb"_s).toString(), u"SELECT"_s);
        QCOMPARE(cEvents[0].toObject().value(u"rows"_s).toArray().size(), 2);
        QCOMPARE(report.value(u"rows"_s).toObject().value(u"values"_s).toArray().size(), 2);
    }

    void exitStatusFollowsCheck_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("duplicate_with_check_exits_1") << QStringList { u"example:race-no-unique"_s, u"--check"_s } << 1;
        QTest::newRow("duplicate_without_check_exits_0") << QStringList { u"example:race-no-unique"_s } << 0;
        QTest::newRow("unique_race_with_check_exits_0") << QStringList { u"example:race-unique"_s, u"--check"_s } << 0;
        QTest::newRow("third_call_with_check_exits_1") << QStringList { u"example:third-call"_s, u"--check"_s } << 1;
        QTest::newRow("partial_index_with_check_exits_0")
            << QStringList { u"example:flag-per-parent"_s, u"--check"_s } << 0;
        QTest::newRow("serial_schedule_without_unique_exits_0")
            << QStringList { u"example:race-no-unique"_s, u"--schedule"_s, u"A,A,A,A,B"_s, u"--check"_s } << 0;
    }

    void exitStatusFollowsCheck()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        const InterleaveRun run = runInterleave(QStringList { u"run"_s } + arguments);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QVERIFY2(run.exitCode == exitCode, qPrintable(u"exit %1; stderr: %2"_s.arg(run.exitCode).arg(run.err)));
        QCOMPARE(run.err, QString());
        QVERIFY(run.out.contains(u"\nverdict: "_s));
    }

    // Issue 16: --check fails on any violation; --check=LIST judges only the families listed.
    void checkJudgesTheFamiliesAsked_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        const QString lost = u"example:counter-lost-update"_s;
        QTest::newRow("lost_update_with_check_exits_1") << QStringList { lost, u"--check"_s } << 1;
        QTest::newRow("lost_update_without_check_exits_0") << QStringList { lost } << 0;
        QTest::newRow("lost_update_judged_on_duplicates_exits_0") << QStringList { lost, u"--check=duplicates"_s } << 0;
        QTest::newRow("lost_update_judged_on_lost_updates_exits_1")
            << QStringList { lost, u"--check=lost-updates"_s } << 1;
        QTest::newRow("lost_update_judged_on_anomalies_exits_1") << QStringList { lost, u"--check=anomalies"_s } << 1;
        QTest::newRow("lost_update_judged_on_errors_and_expectations_exits_0")
            << QStringList { lost, u"--check=errors,expectations"_s } << 0;
        QTest::newRow("lost_update_judged_on_two_checks_exits_1")
            << QStringList { lost, u"--check=duplicates"_s, u"--check=lost-updates"_s } << 1;
        QTest::newRow("f_expression_with_check_exits_0")
            << QStringList { u"example:counter-f-expression"_s, u"--check"_s } << 0;
        QTest::newRow("race_without_unique_judged_on_anomalies_exits_1")
            << QStringList { u"example:race-no-unique"_s, u"--check=anomalies"_s } << 1;
        QTest::newRow("race_without_unique_judged_on_errors_exits_0")
            << QStringList { u"example:race-no-unique"_s, u"--check=errors"_s } << 0;
        QTest::newRow("race_without_unique_with_spaces_in_the_list_exits_1")
            << QStringList { u"example:race-no-unique"_s, u"--check=errors, duplicates"_s } << 1;
        QTest::newRow("stress_judged_on_lost_updates_only_exits_0")
            << QStringList { u"example:race-no-unique"_s, u"--trials"_s, u"20"_s, u"--check=lost-updates"_s } << 0;
    }

    void checkJudgesTheFamiliesAsked()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        const InterleaveRun run = runInterleave(QStringList { u"run"_s } + arguments);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QVERIFY2(run.exitCode == exitCode, qPrintable(u"exit %1; stderr: %2"_s.arg(run.exitCode).arg(run.err)));
        QCOMPARE(run.err, QString());
        QVERIFY(run.out.contains(u"\nverdict: "_s));
    }

    // Issue 16: stress trials and explored schedules are judged as a single run is, family by family: a family that
    // any trial or schedule violates fails --check when --check judges it, and the JSON report counts it.
    void trialsAndSchedulesAreJudgedByFamily_data()
    {
        QTest::addColumn<QString>("expect"); // the scenario's "expect" on the F() counter (its likes end at 2)
        QTest::addColumn<QString>("mode"); // --trials or --explore
        QTest::addColumn<QString>("check"); // --check or --check=LIST
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("failed"); // the families the report says failed, comma-separated
        const QString wrong = u"likes = 5"_s;
        const QString right = u"likes = 2"_s;
        QTest::newRow("trials_whose_expectation_fails_fail_check")
            << wrong << u"--trials"_s << u"--check"_s << 1 << u"expectations"_s;
        QTest::newRow("trials_whose_expectation_fails_fail_check_on_expectations")
            << wrong << u"--trials"_s << u"--check=expectations"_s << 1 << u"expectations"_s;
        QTest::newRow("trials_whose_expectation_fails_pass_check_on_duplicates_and_errors")
            << wrong << u"--trials"_s << u"--check=duplicates,errors"_s << 0 << u"expectations"_s;
        QTest::newRow("trials_whose_expectation_holds_pass_check")
            << right << u"--trials"_s << u"--check"_s << 0 << QString();
        QTest::newRow("schedules_whose_expectation_fails_fail_check")
            << wrong << u"--explore"_s << u"--check"_s << 1 << u"expectations"_s;
        QTest::newRow("schedules_whose_expectation_fails_pass_check_on_anomalies")
            << wrong << u"--explore"_s << u"--check=anomalies"_s << 0 << u"expectations"_s;
        QTest::newRow("schedules_whose_expectation_holds_pass_check")
            << right << u"--explore"_s << u"--check"_s << 0 << QString();
    }

    void trialsAndSchedulesAreJudgedByFamily()
    {
        QFETCH(QString, expect);
        QFETCH(QString, mode);
        QFETCH(QString, check);
        QFETCH(int, exitCode);
        QFETCH(QString, failed);
        QJsonObject scenario = exampleJson(u"counter-f-expression"_s);
        QVERIFY(!scenario.isEmpty());
        scenario.insert(u"expect"_s, QJsonArray { expect });
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = writeScenario(dir, u"counter.json"_s, scenario);
        QVERIFY(!path.isEmpty());
        QStringList arguments { u"run"_s, path, mode };
        if (mode == u"--trials"_s)
            arguments.append(u"20"_s);
        const InterleaveRun run = runInterleave(arguments + QStringList { check });
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QVERIFY2(run.exitCode == exitCode, qPrintable(u"exit %1; stderr: %2"_s.arg(run.exitCode).arg(run.err)));
        QJsonObject report;
        runJson(arguments + QStringList { u"--json"_s }, 0, &report);
        if (QTest::currentTestFailed())
            return;
        QStringList families;
        if (mode == u"--trials"_s) {
            const QJsonObject trials = report.value(u"check_trials"_s).toObject();
            families = trials.keys();
            for (const QString& family : std::as_const(families))
                QCOMPARE(trials.value(family).toInt(), 20); // every trial ends with likes = 2
        } else {
            for (const QJsonValue& f : report.value(u"failed_checks"_s).toArray())
                families.append(f.toString());
        }
        QCOMPARE(families.join(u','), failed);
        QCOMPARE(report.value(u"violated"_s).toBool(), !failed.isEmpty());
    }

    // Issue 16: the JSON report names each anomaly, at its level, with its cycle, and each invariant with whether it
    // held; the summary lists them after the verdict, and nothing when there are none.
    void reportNamesAnomaliesAndInvariants_data()
    {
        QTest::addColumn<QString>("example");
        QTest::addColumn<QString>("anomaly"); // "name/level" of a violating anomaly; empty: none at all
        QTest::addColumn<QString>("failedCheck"); // the kind of the one check that fails; empty: every check holds
        QTest::addColumn<QString>("summaryLine"); // a line the summary prints after the verdict; empty: none
        QTest::newRow("lost_update_at_the_operation_level_and_its_counter_fails")
            << u"counter-lost-update"_s << u"lost update/operation"_s << u"lost-updates"_s
            << u"  lost update, operation level, violation: A and B both read likes = 0 and both wrote likes = 1; "
               "B's write replaced A's \u2014 the database did what SERIALIZABLE promises; the code treated each "
               "operation's transactions as one"_s;
        QTest::newRow("f_expression_has_none") << u"counter-f-expression"_s << QString() << QString() << QString();
        QTest::newRow("race_without_unique_names_its_cycle_and_the_duplicate")
            << u"race-no-unique"_s << u"G2/operation"_s << u"duplicates"_s
            << u"  duplicates: at most one row for user_id='%1': duplicate: 2 rows for user_id='%1' (ids 1, 2), "
               "where get() expects at most one."_s.arg(userId);
    }

    void reportNamesAnomaliesAndInvariants()
    {
        QFETCH(QString, example);
        QFETCH(QString, anomaly);
        QFETCH(QString, failedCheck);
        QFETCH(QString, summaryLine);
        QJsonObject report;
        runJson({ u"run"_s, u"example:"_s + example, u"--json"_s }, 0, &report);
        if (QTest::currentTestFailed())
            return;
        checkShape(report);
        if (QTest::currentTestFailed())
            return;
        const QJsonArray anomalies = report.value(u"anomalies"_s).toArray();
        const QString all = QString::fromUtf8(QJsonDocument(anomalies).toJson(QJsonDocument::Compact));
        if (anomaly.isEmpty()) {
            QVERIFY2(anomalies.isEmpty(), qPrintable(all));
        } else {
            const bool named = std::any_of(anomalies.begin(), anomalies.end(), [&](const QJsonValue& v) {
                const QJsonObject a = v.toObject();
                return a.value(u"name"_s).toString() + u'/' + a.value(u"level"_s).toString() == anomaly
                    && a.value(u"violates"_s).toBool() && !a.value(u"sentence"_s).toString().isEmpty();
            });
            QVERIFY2(named, qPrintable(all));
        }
        QStringList failed;
        for (const QJsonValue& v : report.value(u"invariants"_s).toArray())
            if (!v.toObject().value(u"held"_s).toBool(true))
                failed.append(v.toObject().value(u"kind"_s).toString());
        QCOMPARE(failed, failedCheck.isEmpty() ? QStringList() : QStringList { failedCheck });
        QVERIFY(!report.value(u"invariants"_s).toArray().isEmpty());
        QCOMPARE(report.value(u"passed"_s).toBool(), anomaly.isEmpty() && failedCheck.isEmpty());

        const InterleaveRun text = runInterleave({ u"run"_s, u"example:"_s + example });
        QVERIFY2(text.problem.isEmpty() && text.exitCode == 0, qPrintable(text.err));
        const QStringList printed = lines(text.out.section(u"\nverdict: "_s, 1));
        QVERIFY2(!printed.isEmpty(), qPrintable(text.out));
        if (summaryLine.isEmpty()) {
            QCOMPARE(printed.size(), 1); // the verdict alone
        } else {
            QVERIFY2(printed.contains(summaryLine), qPrintable(u"missing \"%1\" in:\n%2"_s.arg(summaryLine, text.out)));
            QCOMPARE(printed.contains(u"anomalies:"_s), !anomaly.isEmpty());
            QCOMPARE(printed.contains(u"failed checks:"_s), !failedCheck.isEmpty());
        }
    }

    void scheduleOptionOverridesTheScenario()
    {
        QJsonObject report;
        runJson({ u"run"_s, u"example:race-no-unique"_s, u"--schedule"_s, u"A A A A B"_s, u"--json"_s }, 0, &report);
        if (QTest::currentTestFailed())
            return;
        checkShape(report);
        const QJsonObject schedule = report.value(u"schedule"_s).toObject();
        QCOMPARE(schedule.value(u"script"_s).toString(), u"A,A,A,A,B"_s);
        QCOMPARE(schedule.value(u"executed"_s).toString(), u"A,A,A,A,B"_s);
        const QJsonArray workers = report.value(u"workers"_s).toArray();
        QCOMPARE(workers[1].toObject().value(u"result"_s).toString(), u"got"_s);
        QCOMPARE(workers[1].toObject().value(u"after_integrity_error"_s).toBool(), false);
        QCOMPARE(report.value(u"rows"_s).toObject().value(u"values"_s).toArray().size(), 1);
        QCOMPARE(report.value(u"violated"_s).toBool(), false);
    }

    // --opt value and --opt=value read the same; an option given twice takes its last value, as it always did.
    void bothSpellingsAndTheLastOfTwoValues_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("executed");
        QTest::newRow("option_and_value") << QStringList { u"--schedule"_s, u"A,A,A,A,B"_s } << u"A,A,A,A,B"_s;
        QTest::newRow("option_equals_value") << QStringList { u"--schedule=A,A,A,A,B"_s } << u"A,A,A,A,B"_s;
        QTest::newRow("given_twice_the_last_wins")
            << QStringList { u"--schedule=B,B,B,B,A"_s, u"--schedule"_s, u"A,A,A,A,B"_s } << u"A,A,A,A,B"_s;
        QTest::newRow("options_before_the_scenario")
            << QStringList { u"--schedule"_s, u"B,B,B,B,A"_s, u"--json"_s } << u"B,B,B,B,A"_s;
    }

    void bothSpellingsAndTheLastOfTwoValues()
    {
        QFETCH(QStringList, options);
        QFETCH(QString, executed);
        QJsonObject report;
        runJson(
            QStringList { u"run"_s } + options + QStringList { u"example:race-no-unique"_s, u"--json"_s }, 0, &report);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(report.value(u"schedule"_s)[u"executed"_s].toString(), executed);
    }

    void freeOptionRunsRealThreads()
    {
        QJsonObject report;
        runJson({ u"run"_s, u"example:race-unique"_s, u"--free"_s, u"--jitter"_s, u"200"_s, u"--json"_s }, 0, &report);
        if (QTest::currentTestFailed())
            return;
        checkShape(report);
        const QJsonObject schedule = report.value(u"schedule"_s).toObject();
        QCOMPARE(schedule.value(u"mode"_s).toString(), u"free"_s);
        QCOMPARE(schedule.value(u"jitter_us"_s).toInt(), 200);
        // Whoever wins, the unique index allows at most one row.
        QVERIFY(report.value(u"rows"_s).toObject().value(u"values"_s).toArray().size() <= 1);
        QCOMPARE(report.value(u"violated"_s).toBool(), false);
    }

    // --trials: the stress report. Its classes' examples are whole reports of the documented shape.
    void trialsReportTheDistribution()
    {
        QJsonObject report;
        runJson({ u"run"_s, u"example:race-unique"_s, u"--trials"_s, u"300"_s, u"--workers=3"_s, u"--json"_s,
                    u"--check"_s },
            0, &report);
        if (QTest::currentTestFailed())
            return;
        const QJsonObject stress = report.value(u"stress"_s).toObject();
        QCOMPARE(stress.value(u"trials"_s).toInt(), 300);
        QCOMPARE(stress.value(u"trials_requested"_s).toInt(), 300);
        QCOMPARE(stress.value(u"cancelled"_s).toBool(), false);
        QCOMPARE(stress.value(u"workers"_s).toArray(), (QJsonArray { u"A"_s, u"B"_s, u"C"_s }));
        QVERIFY(stress.value(u"trials_per_second"_s).toDouble() > 0);
        QCOMPARE(report.value(u"violated"_s).toBool(), false);
        QCOMPARE(report.value(u"violated_trials"_s).toInt(), 0);
        const QJsonArray lookups = report.value(u"rows_per_lookup"_s).toArray();
        QCOMPARE(lookups.size(), 1);
        QCOMPARE(lookups[0].toObject().value(u"lookup"_s).toObject().value(u"user_id"_s).toString(), userId);
        const QJsonArray byRows = lookups[0].toObject().value(u"trials_by_rows"_s).toArray();
        QCOMPARE(byRows.size(), 1);
        QCOMPARE(byRows[0].toObject().value(u"rows"_s).toInt(), 1);
        QCOMPARE(byRows[0].toObject().value(u"trials"_s).toInt(), 300);
        const QJsonObject results = report.value(u"results"_s).toObject();
        QCOMPARE(results.value(u"created"_s).toInt(), 300);
        QCOMPARE(results.value(u"got"_s).toInt(), 600);
        const QJsonArray classes = report.value(u"classes"_s).toArray();
        QVERIFY(!classes.isEmpty());
        int trials = 0;
        for (const QJsonValue& value : classes) {
            const QJsonObject c = value.toObject();
            trials += c.value(u"trials"_s).toInt();
            QVERIFY(!c.value(u"label"_s).toString().isEmpty());
            QCOMPARE(c.value(u"rows_per_lookup"_s).toArray(), QJsonArray { 1 });
            const QJsonObject example = c.value(u"example"_s).toObject();
            checkShape(example);
            if (QTest::currentTestFailed())
                return;
            QCOMPARE(example.value(u"schedule"_s).toObject().value(u"mode"_s).toString(), u"free"_s);
            QCOMPARE(example.value(u"workers"_s).toArray().size(), 3);
        }
        QCOMPARE(trials, 300);
    }

    void trialsSummaryAndCheck()
    {
        const InterleaveRun unique =
            runInterleave({ u"run"_s, u"example:race-unique"_s, u"--trials"_s, u"200"_s, u"--check"_s });
        QVERIFY2(unique.problem.isEmpty(), qPrintable(unique.problem));
        QCOMPARE(unique.exitCode, 0);
        QCOMPARE(unique.err, QString()); // no progress on a pipe
        const QStringList printed = lines(unique.out);
        for (const QString& line : { u"get_or_create with unique=True"_s,
                 u"stress: 200 trials of the free schedule, 2 workers (A, B), jitter 0 us"_s,
                 u"rows for user_id='%1':"_s.arg(userId), u"  1 row          200 trials  100.0%"_s,
                 u"worker results (400 over 200 trials):"_s,
                 u"verdict: no trial left more than one row for a lookup"_s })
            QVERIFY2(printed.contains(line), qPrintable(u"missing line \"%1\" in:\n%2"_s.arg(line, unique.out)));

        // Random pauses of up to 200 us between a worker's SELECT and INSERT make the race all but certain.
        const InterleaveRun duplicates = runInterleave(
            { u"run"_s, u"example:race-no-unique"_s, u"--trials"_s, u"300"_s, u"--jitter"_s, u"200"_s, u"--check"_s });
        QVERIFY2(duplicates.problem.isEmpty(), qPrintable(duplicates.problem));
        QCOMPARE(duplicates.exitCode, 1);
        static const QRegularExpression verdict(
            u"\nverdict: [1-9][0-9]* of 300 trials \\([0-9.]+%\\) left more than one "
            "row for a lookup\n"_s);
        QVERIFY2(verdict.match(duplicates.out).hasMatch(), qPrintable(duplicates.out));
    }

    void trialsBadInputExitsTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("stderrStart");
        QTest::newRow("zero_trials") << QStringList { u"--trials"_s, u"0"_s }
                                     << u"interleave run: --trials takes a whole number of trials from 1 to 10000000, "
                                        "not \"0\"\n"_s;
        QTest::newRow("trials_not_a_number") << QStringList { u"--trials=many"_s }
                                             << u"interleave run: --trials takes a whole number of trials from 1 to "
                                                "10000000, not \"many\"\n"_s;
        // The same bound as a file's schedule.trials: the command line used to take up to 2^63 - 1.
        QTest::newRow("trials_one_above_the_files_limit")
            << QStringList { u"--trials"_s, u"10000001"_s }
            << u"interleave run: --trials takes a whole number of trials from 1 to 10000000, not \"10000001\"\n"_s;
        QTest::newRow("trials_at_the_largest_integer")
            << QStringList { u"--trials=9223372036854775807"_s }
            << u"interleave run: --trials takes a whole number of trials from 1 to 10000000, not "
               "\"9223372036854775807\"\n"_s;
        QTest::newRow("workers_without_trials") << QStringList { u"--workers"_s,
            u"4"_s } << u"interleave run: --workers needs --trials (example:race-unique is saved in script mode)\n"_s;
        QTest::newRow("too_many_workers") << QStringList { u"--trials"_s, u"10"_s, u"--workers"_s,
            u"65"_s } << u"interleave run: --workers takes a number of workers from 1 to 64, not \"65\"\n"_s;
        QTest::newRow("trials_with_a_script") << QStringList { u"--trials"_s, u"10"_s, u"--schedule"_s,
            u"A,B"_s } << u"interleave run: --trials runs the free schedule; it excludes --schedule\n"_s;
        QTest::newRow("backend_unknown") << QStringList { u"--backend"_s, u"oracle://me@db/lab"_s }
                                         << u"--backend: \"oracle://…@db/lab\" is neither sqlite nor a server URL"_s;
        QTest::newRow("backend_with_a_password")
            << QStringList { u"--backend=postgresql://me:secret@db/lab"_s }
            << u"--backend: the URL contains a password; Interleave never stores passwords: remove it and set "
               "PGPASSWORD (or type it when the app asks)\n"_s;
        QTest::newRow("isolation_on_sqlite") << QStringList { u"--isolation"_s, u"read committed"_s }
                                             << u"--isolation: isolation: SQLite has only serializable transactions; "
                                                "use \"default\" (or run on a server)\n"_s;
        QTest::newRow("isolation_unknown") << QStringList { u"--isolation"_s, u"snapshot"_s }
                                           << u"--isolation: isolation: unknown isolation level \"snapshot\""_s;
    }

    void trialsBadInputExitsTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, stderrStart);
        const InterleaveRun run = runInterleave(QStringList { u"run"_s, u"example:race-unique"_s } + arguments);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.startsWith(stderrStart), qPrintable(u"stderr was:\n"_s + run.err));
        QCOMPARE(run.out, QString());
    }

    void reportHasTheDocumentedShape_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("atomic_request") << QStringList { u"example:atomic-request"_s };
        QTest::newRow("flag_per_parent") << QStringList { u"example:flag-per-parent"_s };
        QTest::newRow("unique_together") << QStringList { u"example:unique-together"_s };
        QTest::newRow("ten_threads_free") << QStringList { u"example:ten-threads"_s };
        QTest::newRow("scenario_file") << QStringList { dataFile(u"naive-race.json"_s) };
    }

    void reportHasTheDocumentedShape()
    {
        QFETCH(QStringList, arguments);
        QJsonObject report;
        runJson(QStringList { u"run"_s } + arguments + QStringList { u"--json"_s }, 0, &report);
        if (QTest::currentTestFailed())
            return;
        checkShape(report);
    }

    void runReadsAScenarioFile()
    {
        QJsonObject report;
        runJson({ u"run"_s, dataFile(u"naive-race.json"_s), u"--json"_s }, 0, &report);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(report.value(u"scenario"_s).toObject().value(u"name"_s).toString(),
            u"naive get then create with a unique constraint"_s);
        QVERIFY(report.value(u"backend"_s)
                    .toObject()
                    .value(u"options"_s)
                    .toArray()
                    .contains(QJsonValue(u"journal_mode=wal"_s)));
        const QJsonArray workers = report.value(u"workers"_s).toArray();
        QCOMPARE(workers[0].toObject().value(u"result"_s).toString(), u"created"_s);
        // No error handling in this recipe: B's IntegrityError is its result.
        QCOMPARE(workers[1].toObject().value(u"result"_s).toString(), u"IntegrityError"_s);
        QCOMPARE(workers[1].toObject().value(u"detail"_s).toString(),
            u"error 2067: UNIQUE constraint failed: profile.email"_s);
        QStringList verbs;
        for (const QJsonValue& e : eventsOf(report, u"B"_s))
            verbs.append(e.toObject().value(u"verb"_s).toString());
        QCOMPARE(verbs, (QStringList { u"SELECT"_s, u"INSERT"_s }));
        QCOMPARE(report.value(u"rows"_s).toObject().value(u"values"_s).toArray().size(), 1);
    }

    void summaryNamesTheVerdictAndEachResult_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("expectedLines");
        QTest::newRow("unique_race_one_row")
            << QStringList { u"example:race-unique"_s, u"--schedule"_s, u"A,B,A,B,A,B,A,B"_s }
            << QStringList { u"get_or_create with unique=True"_s, u"schedule: script A,B,A,B,A,B,A,B"_s,
                   u"executed: A,B,A,B,A,B,A,B,B"_s, u"results:"_s, u"  A  created"_s,
                   u"  B  got (after IntegrityError 2067, re-get found row 1)"_s, u"rows in race:"_s,
                   u"  1 | '%1' | 'foo'  | A"_s.arg(userId),
                   u"verdict: 1 row for user_id='%1': no duplicate"_s.arg(userId) };
        QTest::newRow("race_without_unique_two_rows")
            << QStringList { u"example:race-no-unique"_s }
            << QStringList { u"  A  created"_s, u"  B  created"_s, u"  2 | '%1' | 'foo'  | B"_s.arg(userId),
                   u"verdict: 2 rows for user_id='%1': duplicate"_s.arg(userId) };
        QTest::newRow("third_call_multiple_objects")
            << QStringList { u"example:third-call"_s }
            << QStringList { u"  A  created"_s, u"  B  created"_s,
                   u"  C  MultipleObjectsReturned (get() returned more than one KeyValue -- it returned 2!)"_s,
                   u"verdict: 2 rows for key='greeting': duplicate"_s };
    }

    void summaryNamesTheVerdictAndEachResult()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, expectedLines);
        const InterleaveRun run = runInterleave(QStringList { u"run"_s } + arguments);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.err, QString());
        QVERIFY2(!run.out.trimmed().startsWith(u'{'), "the summary is for people, not JSON");
        const QStringList printed = lines(run.out);
        // The verdict line goes on with each anomaly's sentence after the rows' verdict.
        for (const QString& line : expectedLines)
            QVERIFY2(printed.contains(line)
                    || (line.startsWith(u"verdict: "_s)
                        && std::any_of(printed.cbegin(), printed.cend(),
                            [&](const QString& p) { return p.startsWith(line + u"; "_s); })),
                qPrintable(u"missing line \"%1\" in:\n%2"_s.arg(line, run.out)));
    }

    // Workers without a lookup (sql, bulk_create) have no rows per lookup to count: the verdict counts the table's
    // rows and names the workers that failed (an sql worker whose "expect" did not hold), the same in the summary,
    // the JSON report and the picture. Such a run has no duplicate, so --check=duplicates passes it; --check fails it
    // when a worker failed or its "expect" did not hold.
    void verdictWithoutLookups_data()
    {
        QTest::addColumn<QString>("scenario"); // a file's JSON, or example:NAME
        QTest::addColumn<QString>("verdict");
        QTest::addColumn<int>("checkExit"); // with --check
        const QString literal = uR"json({"version": 1, "name": "notes", "table": {"name": "note", "columns": [
            {"name": "body", "type": "varchar(16)"
    }], "rows": [{"body": "x"}]
},
            "workers": [{"name": "A", "recipe": "sql", "statements": [
                {"sql": "SELECT body FROM note", "expect": [["%1"]]}]},
              {"name": "B", "recipe": "sql", "statements": ["INSERT INTO note (body) VALUES ('y')"]}],
            "schedule":
{
    "mode" : "script", "script" : "A,B"
}
})json"_s;
        QTest::newRow("sql_workers_whose_expect_held")
            << literal.arg(u"x"_s) << u"2 rows in the table; every worker completed as expected"_s << 0;
        QTest::newRow("sql_worker_whose_expect_did_not_hold")
            << literal.arg(u"z"_s) << u"2 rows in the table; A: expect not met"_s << 1;
        QTest::newRow("bulk_create_duplicates")
            << u"example:bulk-create-duplicates"_s << u"2 rows in the table; B: IntegrityError"_s << 1;
    }

    void verdictWithoutLookups()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, verdict);
        QFETCH(int, checkExit);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString reference = scenario;
        if (!scenario.startsWith(u"example:"_s)) {
            reference = dir.filePath(u"literal.json"_s);
            QFile file(reference);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(scenario.toUtf8());
        }
        const InterleaveRun text = runInterleave({ u"run"_s, reference, u"--check"_s });
        QVERIFY2(text.problem.isEmpty(), qPrintable(text.problem));
        QVERIFY2(text.exitCode == checkExit, qPrintable(u"exit %1: %2"_s.arg(text.exitCode).arg(text.err)));
        QVERIFY2(lines(text.out).contains(u"verdict: "_s + verdict), qPrintable(text.out));
        const InterleaveRun duplicates = runInterleave({ u"run"_s, reference, u"--check=duplicates"_s });
        QVERIFY2(duplicates.exitCode == 0, qPrintable(u"exit %1: %2"_s.arg(duplicates.exitCode).arg(duplicates.err)));
        QJsonObject report;
        runJson({ u"run"_s, reference, u"--json"_s }, 0, &report);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(report.value(u"verdict"_s).toString(), verdict);
        QCOMPARE(report.value(u"violated"_s).toBool(), false);
        // Under stress, no "no trial left more than one row for a lookup" where there is no lookup.
        const InterleaveRun stress = runInterleave({ u"run"_s, reference, u"--trials"_s, u"20"_s });
        QVERIFY2(stress.problem.isEmpty(), qPrintable(stress.problem));
        QVERIFY2(stress.exitCode == 0, qPrintable(stress.err));
        QVERIFY2(lines(stress.out)
                     .contains(u"verdict: no worker has a lookup to count rows for; the results and "
                               "outcome classes above tell what happened"_s),
            qPrintable(stress.out));
    }

    // --backend on another database than the file's: what the target has no counterpart for falls back to what it
    // has, with a note on stderr and in the JSON report; what has no fallback is refused, naming the field.
    void anotherDatabaseFallsBackWithANote_data()
    {
        QTest::addColumn<QString>("scenario"); // a file's JSON, or example:NAME
        QTest::addColumn<int>("database"); // --backend: sqlite, or the test server of that kind
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QStringList>("notes");
        QTest::addColumn<QString>("isolation"); // what the report says ran
        const auto sqlite = int(BackendSpec::Kind::Sqlite);
        QTest::newRow("mysql_example_on_sqlite_runs_serializable")
            << u"example:mysql-repeatable-read"_s << sqlite << QStringList()
            << QStringList { u"isolation \"repeatable read\" is a server's; SQLite runs every transaction serializable"_s,
                   u"example:mysql-repeatable-read is written for mysql; on sqlite it may not show what its "
                   "description promises"_s }
            << u"serializable"_s;
        const QString onServer = uR"json({"version": 1, "name": "server file", "isolation": "read committed",
            "backend": {"kind": "postgresql", "lock_timeout_ms": 2000, "reply_timeout_ms": 9000},
            "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}]},
            "workers": [{"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}},
                        {"name": "B", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}}],
            "schedule": {"mode": "script", "script": "A,B,A,B"}})json"_s;
        QTest::newRow("a_servers_lock_timeout_and_level_on_sqlite")
            << onServer << sqlite << QStringList()
            << QStringList { u"lock_timeout_ms 2000 is a server's; SQLite waits for a lock up to its busy_timeout_ms "
                             "(5000 ms)"_s,
                   u"isolation \"read committed\" is a server's; SQLite runs every transaction serializable"_s }
            << u"serializable"_s;
        QTest::newRow("serializable_is_what_sqlite_has_no_note")
            << QString(onServer).replace(u"read committed"_s, u"serializable"_s).replace(u"2000"_s, u"0"_s) << sqlite
            << QStringList() << QStringList() << u"serializable"_s;
        const QString onSqlite = uR"json({"version": 1, "name": "sqlite file",
            "backend": {"kind": "sqlite", "journal_mode": "wal", "begin": "immediate", "busy_timeout_ms": 2000},
            "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}]},
            "workers": [{"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}},
                        {"name": "B", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}}],
            "schedule": {"mode": "script", "script": "A,B,A,B"}})json"_s;
        for (const auto kind : { BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql }) {
            const QString name = kind == BackendSpec::Kind::Postgresql ? u"PostgreSQL"_s : u"MySQL"_s;
            QTest::addRow("sqlites_settings_on_%s", qPrintable(BackendSpec::kindName(kind)))
                << onSqlite << int(kind) << QStringList { u"--isolation"_s, u"read committed"_s }
                << QStringList { u"journal_mode \"wal\" is SQLite's; %1 has no journal mode to set"_s.arg(name),
                       u"begin \"immediate\" is SQLite's (BEGIN IMMEDIATE takes the write lock at once); %1 begins its "
                       "transactions as Django does"_s.arg(name),
                       u"busy_timeout_ms 2000 is SQLite's; %1 waits for a lock as long as its own lock timeout "
                       "(lock_timeout_ms in a file for the server)"_s.arg(name) }
                << u"read committed"_s;
        }
    }

    void anotherDatabaseFallsBackWithANote()
    {
        QFETCH(QString, scenario);
        QFETCH(int, database);
        QFETCH(QStringList, options);
        QFETCH(QStringList, notes);
        QFETCH(QString, isolation);
        const auto kind = BackendSpec::Kind(database);
        QString backend = u"sqlite"_s;
        if (kind != BackendSpec::Kind::Sqlite) {
            REQUIRE_SERVER_URL(url, kind);
            backend = url;
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString reference = scenario;
        if (!scenario.startsWith(u"example:"_s)) {
            reference = dir.filePath(u"moved.json"_s);
            QFile file(reference);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(scenario.toUtf8());
        }
        const QStringList arguments = QStringList { u"run"_s, reference, u"--backend"_s, backend } + options;
        const InterleaveRun text = runInterleave(arguments);
        QVERIFY2(text.problem.isEmpty(), qPrintable(text.problem));
        QVERIFY2(text.exitCode == 0, qPrintable(text.err));
        QStringList printed;
        for (const QString& note : notes)
            printed.append(u"note: "_s + note);
        QCOMPARE(lines(text.err), printed);
        QJsonObject report;
        runJson(arguments + QStringList { u"--json"_s }, 0, &report);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(report.value(u"notes"_s).toVariant().toStringList(), notes);
        QCOMPARE(report.value(u"notes"_s).isUndefined(), notes.isEmpty());
        QCOMPARE(report.value(u"backend"_s).toObject().value(u"kind"_s).toString(), BackendSpec::kindName(kind));
        QCOMPARE(report.value(u"backend"_s).toObject().value(u"isolation"_s).toString(), isolation);
    }

    // What has no fallback on the database --backend names is refused before anything connects.
    void anotherDatabaseRefusesWhatCannotRunThere_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("message");
        QTest::newRow("a_level_asked_for_on_sqlite")
            << u"example:mysql-repeatable-read"_s
            << QStringList { u"--backend"_s, u"sqlite"_s, u"--isolation"_s, u"read committed"_s }
            << u"--isolation: isolation: SQLite has only serializable transactions; use \"default\" (or run on a "
               "server)\n"_s;
        QTest::newRow("literal_sql_in_another_dialect")
            << uR"json({"version": 1, "name": "cast", "table": {"name": "note", "columns": [
                {"name": "body", "type": "varchar(16)"}], "rows": [{"body": "x"}]},
                "workers": [{"name": "A", "recipe": "sql", "statements": ["SELECT body::text FROM note"]}]})json"_s
            << QStringList { u"--backend"_s, u"mysql://me@127.0.0.1:1/lab"_s, u"--allow-sql"_s }
            << u"--backend: workers[0].statements[0]: "_s;
    }

    void anotherDatabaseRefusesWhatCannotRunThere()
    {
        QFETCH(QString, scenario);
        QFETCH(QStringList, options);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString reference = scenario;
        if (!scenario.startsWith(u"example:"_s)) {
            reference = dir.filePath(u"refused.json"_s);
            QFile file(reference);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(scenario.toUtf8());
        }
        const InterleaveRun run = runInterleave(QStringList { u"run"_s, reference } + options);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(run.out, QString());
        QVERIFY2(run.err.startsWith(message), qPrintable(run.err));
    }

    // Each database's own identifier of an error: SQLite's extended code and MySQL's error number as "code",
    // PostgreSQL's SQLSTATE as "sqlstate" (it has no numbers; its "code" was always 0). The summary shows the same.
    void errorsCarryTheDatabasesOwnCode_data()
    {
        QTest::addColumn<int>("database");
        QTest::addColumn<QJsonValue>("code");
        QTest::addColumn<QJsonValue>("sqlstate");
        QTest::addColumn<QString>("summary");
        QTest::newRow("sqlite_extended_result_code") << int(BackendSpec::Kind::Sqlite) << QJsonValue(2067)
                                                     << QJsonValue(QJsonValue::Undefined) << u"IntegrityError 2067: "_s;
        QTest::newRow("postgresql_sqlstate_and_no_code")
            << int(BackendSpec::Kind::Postgresql) << QJsonValue(QJsonValue::Undefined) << QJsonValue(u"23505"_s)
            << u"IntegrityError 23505: "_s;
        QTest::newRow("mysql_error_number") << int(BackendSpec::Kind::Mysql) << QJsonValue(1062)
                                            << QJsonValue(QJsonValue::Undefined) << u"IntegrityError 1062: "_s;
    }

    void errorsCarryTheDatabasesOwnCode()
    {
        QFETCH(int, database);
        QFETCH(QJsonValue, code);
        QFETCH(QJsonValue, sqlstate);
        QFETCH(QString, summary);
        const auto kind = BackendSpec::Kind(database);
        QStringList arguments { u"run"_s, u"example:race-unique"_s, u"--schedule"_s, u"A,B,A,B,A,B,A,B"_s };
        if (kind != BackendSpec::Kind::Sqlite) {
            REQUIRE_SERVER_URL(url, kind);
            arguments << u"--backend"_s << url;
        }
        QJsonObject report;
        runJson(arguments + QStringList { u"--json"_s }, 0, &report);
        if (QTest::currentTestFailed())
            return;
        QList<QJsonObject> errors;
        for (const QJsonValue& e : report.value(u"events"_s).toArray())
            if (e.toObject().contains(u"error"_s))
                errors.append(e.toObject().value(u"error"_s).toObject());
        QVERIFY2(!errors.isEmpty(), "race-unique's second INSERT fails");
        const QJsonObject error = errors.constFirst();
        const QString where = QString::fromUtf8(QJsonDocument(error).toJson(QJsonDocument::Compact));
        QCOMPARE(error.value(u"class"_s).toString(), u"IntegrityError"_s);
        QVERIFY2(!error.value(u"message"_s).toString().isEmpty(), qPrintable(where));
        QVERIFY2(error.contains(u"code"_s) == !code.isUndefined(), qPrintable(where));
        QVERIFY2(error.contains(u"sqlstate"_s) == !sqlstate.isUndefined(), qPrintable(where));
        if (!code.isUndefined())
            QCOMPARE(error.value(u"code"_s).toInt(), code.toInt());
        if (!sqlstate.isUndefined())
            QCOMPARE(error.value(u"sqlstate"_s).toString(), sqlstate.toString());

        const InterleaveRun text = runInterleave(arguments);
        QVERIFY2(text.problem.isEmpty(), qPrintable(text.problem));
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains(summary), qPrintable(text.out));
    }

    void badInputExitsTwoWithAMessage_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("stderrStart");

        const QString missing = dataFile(u"no-such-scenario.json"_s);
        QTest::newRow("missing_file_is_named") << QStringList { u"run"_s, missing } << missing + u": cannot open: "_s;

        const QString badLookup = dataFile(u"bad-lookup.json"_s);
        QTest::newRow("bad_lookup_names_file_line_column_and_field")
            << QStringList { u"run"_s, badLookup, u"--json"_s }
            << badLookup + u":17:17: workers[1].lookup: unknown column \"usr_id\"; the table has user_id, name\n"_s;

        QTest::newRow("unknown_example") << QStringList {
            u"run"_s, u"example:race-uniq"_s
        } << u"example:race-uniq: no such example; the built-in examples are: anomaly-g-single-mysql, "_s;

        QTest::newRow("unknown_option_shows_usage")
            << QStringList { u"run"_s, u"example:race-unique"_s, u"--bogus"_s }
            << u"interleave run: unknown option --bogus\n\nUsage: interleave run FILE|example:NAME [options]\n"_s;

        QTest::newRow("schedule_with_an_unknown_worker") << QStringList { u"run"_s, u"example:race-unique"_s,
            u"--schedule"_s, u"A,X"_s } << u"--schedule: step 2 names worker \"X\", but the workers are A, B\n"_s;

        QTest::newRow("schedule_of_only_commas") << QStringList { u"run"_s, u"example:race-unique"_s,
            u"--schedule=,,"_s } << u"--schedule: the script is empty\n"_s;

        QTest::newRow("schedule_without_a_value") << QStringList { u"run"_s, u"example:race-unique"_s, u"--schedule"_s }
                                                  << u"interleave run: --schedule needs a value\n"_s;

        QTest::newRow("run_without_a_scenario")
            << QStringList { u"run"_s }
            << u"interleave run: which scenario? Give a FILE or example:NAME (see `interleave examples`)\n"_s;

        QTest::newRow("run_with_options_but_no_scenario")
            << QStringList { u"run"_s, u"--json"_s, u"--check"_s }
            << u"interleave run: which scenario? Give a FILE or example:NAME (see `interleave examples`)\n"_s;

        QTest::newRow("check_of_an_unknown_family_names_the_known_ones")
            << QStringList { u"run"_s, u"example:race-unique"_s, u"--check=duplicates,phantoms"_s }
            << u"interleave run: --check judges duplicates, lost-updates, anomalies, errors, expectations, not "
               "\"phantoms\"\n"_s;

        QTest::newRow("check_with_an_empty_list")
            << QStringList { u"run"_s, u"example:race-unique"_s, u"--check="_s }
            << u"interleave run: --check judges duplicates, lost-updates, anomalies, errors, expectations, not "
               "\"\"\n"_s;

        QTest::newRow("two_scenarios_at_once")
            << QStringList { u"run"_s, u"example:race-unique"_s, u"example:third-call"_s }
            << u"interleave run: one scenario at a time (got \"example:race-unique\" and \"example:third-call\")\n"_s;

        QTest::newRow("free_and_schedule_together") << QStringList { u"run"_s, u"example:race-unique"_s, u"--free"_s,
            u"--schedule"_s, u"A,B"_s } << u"interleave run: --free and --schedule exclude each other\n"_s;

        QTest::newRow("examples_takes_no_arguments")
            << QStringList { u"examples"_s, u"--json"_s }
            << u"interleave examples: takes no arguments (got \"--json\")\n\nUsage: interleave examples\n"_s;

        // Each mode's options go with that mode, as a file's trials and jitter_us do: what it would ignore is
        // refused.
        QTest::newRow("jitter_with_a_script")
            << QStringList { u"run"_s, u"example:race-unique"_s, u"--schedule"_s, u"A,B"_s, u"--jitter"_s, u"100"_s }
            << u"interleave run: --jitter pauses the free schedule, and --schedule runs its own order\n"_s;
        QTest::newRow("jitter_with_explore")
            << QStringList { u"run"_s, u"example:race-unique"_s, u"--explore"_s, u"--jitter=100"_s }
            << u"interleave run: --jitter pauses the free schedule, and --explore runs each schedule in its own "
               "order\n"_s;
        QTest::newRow("jitter_on_a_scenario_saved_in_script_mode")
            << QStringList { u"run"_s, u"example:race-unique"_s, u"--jitter"_s, u"100"_s }
            << u"interleave run: --jitter pauses the free schedule, and example:race-unique is saved in script mode: "
               "add --free (or --trials N)\n"_s;
        QTest::newRow("max_schedules_on_a_scenario_saved_in_script_mode")
            << QStringList { u"run"_s, u"example:race-unique"_s, u"--max-schedules"_s, u"5"_s }
            << u"interleave run: --max-schedules and --no-reduction go with --explore (example:race-unique is saved "
               "in script mode)\n"_s;

        QTest::newRow("negative_jitter") << QStringList { u"run"_s, u"example:ten-threads"_s, u"--jitter"_s,
            u"-5"_s } << u"interleave run: --jitter takes a whole number of microseconds, not \"-5\"\n"_s;

        // What QCommandLineParser reads differently from a hand-written loop: each is told as it always was.
        const QString runUsage = u"\n\nUsage: interleave run FILE|example:NAME [options]\n"_s;
        QTest::newRow("option_given_twice_the_first_value_bad")
            << QStringList { u"run"_s, u"example:ten-threads"_s, u"--jitter=abc"_s, u"--jitter"_s, u"5"_s }
            << u"interleave run: --jitter takes a whole number of microseconds, not \"abc\"\n"_s;
        QTest::newRow("option_given_twice_the_second_value_bad")
            << QStringList { u"run"_s, u"example:ten-threads"_s, u"--trials"_s, u"5"_s, u"--trials=0"_s }
            << u"interleave run: --trials takes a whole number of trials from 1 to 10000000, not \"0\"\n"_s;
        QTest::newRow("unknown_option_with_a_value_is_named_as_typed") << QStringList { u"run"_s,
            u"example:race-unique"_s, u"--bogus=3"_s } << u"interleave run: unknown option --bogus=3"_s + runUsage;
        QTest::newRow("flag_given_a_value_is_unknown") << QStringList { u"run"_s, u"example:race-unique"_s,
            u"--free=yes"_s } << u"interleave run: unknown option --free=yes"_s + runUsage;
        QTest::newRow("long_option_with_one_dash_is_unknown") << QStringList { u"run"_s, u"example:race-unique"_s,
            u"-json"_s } << u"interleave run: unknown option -json"_s + runUsage;
        QTest::newRow("short_options_run_together_are_unknown") << QStringList { u"run"_s, u"example:race-unique"_s,
            u"-hv"_s } << u"interleave run: unknown option -hv"_s + runUsage;
        QTest::newRow("double_dash_is_unknown_not_the_end_of_options") << QStringList { u"run"_s, u"--"_s,
            u"example:race-unique"_s } << u"interleave run: unknown option --"_s + runUsage;
        QTest::newRow("lone_dash_is_unknown")
            << QStringList { u"run"_s, u"-"_s } << u"interleave run: unknown option -"_s + runUsage;
        QTest::newRow("missing_value_after_other_options") << QStringList { u"run"_s, u"example:race-unique"_s,
            u"--json"_s, u"--image-width"_s } << u"interleave run: --image-width needs a value\n"_s;
        QTest::newRow("value_that_looks_like_an_option_is_the_value")
            << QStringList { u"run"_s, u"example:race-unique"_s, u"--schedule"_s, u"--free"_s }
            << u"--schedule: step 1 names worker \"--free\", but the workers are A, B\n"_s;
        QTest::newRow("empty_value_after_the_equals_sign")
            << QStringList { u"run"_s, u"example:race-unique"_s, u"--explore"_s, u"--max-schedules="_s }
            << u"interleave run: --max-schedules takes a whole number, at least 1, not \"\"\n"_s;
        QTest::newRow("option_value_then_a_second_scenario")
            << QStringList { u"run"_s, u"--json"_s, u"example:race-unique"_s, u"--jitter"_s, u"5"_s, u"x.json"_s }
            << u"interleave run: one scenario at a time (got \"example:race-unique\" and \"x.json\")\n"_s;
    }

    void badInputExitsTwoWithAMessage()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, stderrStart);
        const InterleaveRun run = runInterleave(arguments);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.startsWith(stderrStart), qPrintable(u"stderr was:\n"_s + run.err));
        QCOMPARE(run.out, QString());
    }

    void aScenarioSavedInExploreOrStressModeRunsThatWay_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("reportKey");
        QTest::addColumn<QStringList>("options"); // that mode's own, taken without --explore or --trials
        QTest::newRow("explore") << u"explore"_s << u"explore"_s << QStringList();
        QTest::newRow("stress") << u"stress"_s << u"stress"_s << QStringList();
        QTest::newRow("explore_with_its_limit")
            << u"explore"_s << u"explore"_s << QStringList { u"--max-schedules"_s, u"500"_s, u"--no-reduction"_s };
        QTest::newRow("stress_with_workers_and_jitter")
            << u"stress"_s << u"stress"_s << QStringList { u"--workers"_s, u"3"_s, u"--jitter"_s, u"50"_s };
    }
    void aScenarioSavedInExploreOrStressModeRunsThatWay()
    {
        QFETCH(QString, mode);
        QFETCH(QString, reportKey);
        QFETCH(QStringList, options);
        ScenarioError error;
        std::optional<Scenario> scenario = Examples::load(u"race-unique"_s, &error);
        QVERIFY2(scenario, qPrintable(error.toString()));
        scenario->schedule.mode = *ScheduleSpec::modeFromName(mode);
        scenario->schedule.script.clear();
        scenario->schedule.trials = 40;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile file(dir.filePath(u"saved.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(scenario->toJson());
        file.close();
        QJsonObject report;
        runJson(QStringList { u"run"_s, file.fileName(), u"--json"_s } + options, 0, &report);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(report.contains(reportKey), QJsonDocument(report).toJson().constData());
        if (mode == u"stress"_s)
            QCOMPARE(report.value(u"stress"_s).toObject().value(u"trials"_s).toInt(), 40);
        if (options.contains(u"--workers"_s)) {
            QCOMPARE(report.value(u"stress"_s).toObject().value(u"workers"_s).toArray().size(), 3);
            QCOMPARE(report.value(u"stress"_s).toObject().value(u"jitter_us"_s).toInt(), 50);
        }
        if (options.contains(u"--no-reduction"_s))
            QCOMPARE(report.value(u"explore"_s).toObject().value(u"reduced"_s).toBool(), false);
    }

    void exploreGroupsEverySchedule()
    {
        const InterleaveRun run = runInterleave({ u"run"_s, u"example:race-unique"_s, u"--explore"_s, u"--json"_s });
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 0);
        const QJsonObject report = QJsonDocument::fromJson(run.out.toUtf8()).object();
        const QJsonObject explore = report.value(u"explore"_s).toObject();
        QVERIFY(explore.value(u"complete"_s).toBool());
        QVERIFY(explore.value(u"reduced"_s).toBool());
        QCOMPARE(explore.value(u"full_estimate"_s).toInteger(), 70);
        QVERIFY(explore.value(u"explored"_s).toInteger() < 70);
        const QJsonArray classes = report.value(u"classes"_s).toArray();
        QStringList summaries;
        for (const QJsonValue& c : classes) {
            summaries.append(c[u"summary"_s].toString());
            QVERIFY(!c[u"violated"_s].toBool());
            // The example schedule replays to the same outcome.
            const InterleaveRun again = runInterleave(
                { u"run"_s, u"example:race-unique"_s, u"--schedule"_s, c[u"example"_s].toString(), u"--json"_s });
            QCOMPARE(again.exitCode, 0);
            const QJsonObject replay = QJsonDocument::fromJson(again.out.toUtf8()).object();
            QCOMPARE(replay.value(u"schedule"_s)[u"executed"_s].toString(), c[u"example"_s].toString());
            QCOMPARE(replay.value(u"workers"_s), c[u"example_report"_s][u"workers"_s]);
        }
        summaries.sort();
        // SQLite's busy timeout is finite: B's INSERT may time out while A holds the write lock.
        QCOMPARE(summaries,
            (QStringList { u"1 row; Busy, created"_s, u"1 row; created, got"_s,
                u"1 row; created, got (after IntegrityError)"_s }));
    }

    // Which of several cycles of one length is named must not depend on the process's hash seed: three workers that
    // each miss the others' rows close three G2 cycles of two, and every process names the same one.
    void theSameRunNamesTheSameCycleInEveryProcess()
    {
        QJsonObject scenario = exampleJson(u"race-no-unique"_s);
        QJsonArray workers = scenario.value(u"workers"_s).toArray();
        QJsonObject third = workers.first().toObject();
        third.insert(u"name"_s, u"C"_s);
        workers.append(third);
        scenario.insert(u"workers"_s, workers);
        scenario.insert(
            u"schedule"_s, QJsonObject { { u"mode"_s, u"script"_s }, { u"script"_s, u"A,B,C,A,B,C,A,B,C,A,B,C"_s } });
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = writeScenario(dir, u"three.json"_s, scenario);
        QVERIFY(!path.isEmpty());
        QStringList named;
        for (int i = 0; i < 10; ++i) {
            QJsonObject report;
            runJson({ u"run"_s, path, u"--json"_s }, 0, &report);
            if (QTest::currentTestFailed())
                return;
            QStringList cycles;
            for (const QJsonValue& a : report.value(u"anomalies"_s).toArray())
                cycles.append(a.toObject().value(u"sentence"_s).toString());
            QVERIFY(!cycles.isEmpty());
            named.append(cycles.join(u'\n'));
        }
        named.removeDuplicates();
        QVERIFY2(named.size() == 1, qPrintable(named.join(u"\n---\n"_s)));
    }

    void exploreSummaryAndCheck()
    {
        const InterleaveRun run =
            runInterleave({ u"run"_s, u"example:race-no-unique"_s, u"--explore"_s, u"--no-reduction"_s, u"--check"_s });
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 1);
        // 50 schedules of statements, and 40 where B's INSERT times out before A commits.
        QVERIFY2(run.out.contains(u"explored 90 schedules, every schedule (estimated beforehand: 70)"_s),
            qPrintable(run.out));
        // Each class says the --check families its schedules violate: SQLite's Busy is a failure of B's request.
        QVERIFY(run.out.contains(u"    48  53.3%  2 rows; created, created; G2   DUPLICATES, ANOMALIES\n"_s));
        QVERIFY(run.out.contains(u"    40  44.4%  1 row; Busy, created   ERRORS\n"_s));
        QVERIFY(run.out.contains(u"e.g. --schedule A,A,A,B,B,B,timeout(B),A,B\n"_s));
        QVERIFY(run.out.contains(u"     2   2.2%  1 row; created, got\n"_s));
        QVERIFY(run.out.contains(u"e.g. --schedule A,A,A,A,B\n"_s));
    }

    void exploreBadInputExitsTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("stderrStart");
        QTest::newRow("over_the_limit_without_reduction") << QStringList {
            u"--explore"_s, u"--no-reduction"_s, u"--max-schedules"_s, u"10"_s
        } << u"example:race-no-unique: about 70 schedules, more than the limit of 10; raise --max-schedules or keep the reduction on\n"_s;
        QTest::newRow("explore_with_trials") << QStringList { u"--explore"_s, u"--trials"_s, u"5"_s }
                                             << u"interleave run: --explore runs every schedule itself"_s;
        QTest::newRow("limit_without_explore") << QStringList { u"--max-schedules"_s,
            u"5"_s } << u"interleave run: --max-schedules and --no-reduction go with --explore"_s;
        QTest::newRow("limit_of_zero") << QStringList {
            u"--explore"_s, u"--max-schedules=0"_s
        } << u"interleave run: --max-schedules takes a whole number, at least 1, not \"0\"\n"_s;
    }

    void exploreBadInputExitsTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, stderrStart);
        const InterleaveRun run = runInterleave(QStringList { u"run"_s, u"example:race-no-unique"_s } + arguments);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.startsWith(stderrStart), qPrintable(u"stderr was:\n"_s + run.err));
    }

    void traceOutWritesAChromeTrace_data()
    {
        QTest::addColumn<QStringList>("arguments"); // FILE stands for the trace's path
        QTest::newRow("script_option_and_value")
            << QStringList { u"--schedule"_s, u"A,B,A,B,A,B,A,B"_s, u"--trace-out"_s, u"FILE"_s };
        QTest::newRow("script_option_equals_value")
            << QStringList { u"--schedule=A,B,A,B,A,B,A,B"_s, u"--trace-out=FILE"_s };
        QTest::newRow("explore_traces_the_first_class") << QStringList { u"--explore"_s, u"--trace-out"_s, u"FILE"_s };
    }

    void traceOutWritesAChromeTrace()
    {
        QFETCH(QStringList, arguments);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"race.json"_s);
        for (QString& a : arguments)
            a.replace(u"FILE"_s, path);
        QJsonObject report;
        runJson(QStringList { u"run"_s, u"example:race-unique"_s, u"--json"_s } + arguments, 0, &report);
        if (QTest::currentTestFailed())
            return;
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        QJsonParseError error;
        const QJsonObject trace = QJsonDocument::fromJson(file.readAll(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(trace.value(u"displayTimeUnit"_s).toString(), u"ns"_s);
        const QJsonObject other = trace.value(u"otherData"_s).toObject();
        QCOMPARE(other.value(u"scenario"_s).toString(), u"get_or_create with unique=True"_s);
        QCOMPARE(other.value(u"interleave"_s).toString(), QStringLiteral(INTERLEAVE_VERSION));
        // The trace is the run the report tells of: for --explore, the first class's example.
        const QString executed = report.contains(u"classes"_s) ? report.value(u"classes"_s)[0][u"example"_s].toString()
                                                               : report.value(u"schedule"_s)[u"executed"_s].toString();
        QCOMPARE(other.value(u"executed"_s).toString(), executed);
        int statements = 0;
        QStringList errors;
        for (const QJsonValue& e : trace.value(u"traceEvents"_s).toArray()) {
            if (e[u"ph"_s] == u"X"_s && e[u"cat"_s] == u"statement"_s)
                ++statements;
            if (e[u"ph"_s] == u"i"_s && e[u"cat"_s] == u"error"_s)
                errors.append(e[u"name"_s].toString());
        }
        QCOMPARE(statements, int(executed.split(u',').size()));
        if (!report.contains(u"classes"_s))
            QCOMPARE(errors, QStringList { u"IntegrityError"_s });
    }

    void traceOutBadInputExitsTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("stderrStart");
        QTest::newRow("with_trials") << QStringList { u"--trace-out"_s, u"FILE"_s, u"--trials"_s, u"5"_s }
                                     << u"interleave run: --trace-out writes one run and --trials runs many"_s;
        QTest::newRow("without_a_value") << QStringList { u"--trace-out"_s }
                                         << u"interleave run: --trace-out needs a value\n"_s;
        QTest::newRow("empty_value") << QStringList { u"--trace-out="_s }
                                     << u"interleave run: --trace-out needs a file name\n"_s;
    }

    void traceOutBadInputExitsTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, stderrStart);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"trace.json"_s);
        arguments.replaceInStrings(u"FILE"_s, path);
        const InterleaveRun run = runInterleave(QStringList { u"run"_s, u"example:race-unique"_s } + arguments);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.startsWith(stderrStart), qPrintable(u"stderr was:\n"_s + run.err));
        QCOMPARE(run.out, QString());
        QVERIFY(!QFileInfo::exists(path));
    }

    // A file's literal SQL is code: on a server it runs only with --allow-sql; before, it is listed and nothing
    // reaches the server. SQLite's throw-away database needs no consent.
    void literalSqlOnAServerNeedsConsent_data()
    {
        QTest::addColumn<int>("database");
        for (const auto kind : test::allDatabases())
            QTest::addRow("%s", qPrintable(BackendSpec::kindName(kind))) << int(kind);
    }

    void literalSqlOnAServerNeedsConsent()
    {
        QFETCH(int, database);
        const auto kind = BackendSpec::Kind(database);
        const QString url = test::serverUrl(kind);
        if (kind != BackendSpec::Kind::Sqlite && url.isEmpty()) {
            if (qEnvironmentVariableIsSet("INTERLEAVE_REQUIRE_SERVERS"))
                QFAIL("no test server");
            QSKIP("no test server: run make test");
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"consent.json"_s);
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        // The table's name is this test's own, so whether the run reached the server shows on the server.
        out.write(R"({"version": 1, "name": "consent", "table": {"name": "consent_probe", "columns": [
            {"name": "value", "type": "integer"}], "rows": [{"value": 10}]},
            "workers": [{"name": "A", "recipe": "sql", "statements": [
                "SELECT value FROM consent_probe",
                "UPDATE consent_probe
SET value = 11"]}]})");
        out.close();
        QStringList arguments { u"run"_s, file };
        if (kind != BackendSpec::Kind::Sqlite)
            arguments << u"--backend"_s << url;
        std::optional<ServerConnection> server;
        auto tableExists = [&] {
            StatementResult r;
            QString why;
            const bool pg = kind == BackendSpec::Kind::Postgresql;
            server->query({ pg ? u"SELECT 1 FROM pg_tables WHERE schemaname = 'interleave' AND tablename = ?"_s
                               : u"SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'interleave' AND "
                                 "TABLE_NAME = ?"_s,
                              { u"consent_probe"_s } },
                &r, &why);
            return !r.rows.isEmpty();
        };
        if (kind != BackendSpec::Kind::Sqlite) {
            QString why;
            const auto parsed = ServerUrl::parse(url, &why);
            QVERIFY2(parsed, qPrintable(why));
            server.emplace();
            QVERIFY2(server->open(*parsed, QString(), &why), qPrintable(why));
            if (kind == BackendSpec::Kind::Postgresql)
                server->exec({ u"SET client_min_messages TO warning"_s, {} });
            server->exec({ u"DROP TABLE IF EXISTS interleave.consent_probe"_s, {} });
            QVERIFY(!tableExists());
            const InterleaveRun refused = runInterleave(arguments);
            QVERIFY2(refused.problem.isEmpty(), qPrintable(refused.problem));
            QCOMPARE(refused.exitCode, int(CommandLine::BadInput));
            QCOMPARE(refused.out, QString());
            // Every statement is listed, each on one line, and how to consent is said.
            QVERIFY2(refused.err.contains(u"runs 2 statements of its own on "_s), qPrintable(refused.err));
            QVERIFY2(refused.err.contains(u"\n  A: SELECT value FROM consent_probe\n"_s), qPrintable(refused.err));
            QVERIFY2(
                refused.err.contains(u"\n  A: UPDATE consent_probe\\nSET value = 11\n"_s), qPrintable(refused.err));
            QVERIFY2(refused.err.contains(u"--allow-sql"_s), qPrintable(refused.err));
            QVERIFY2(!tableExists(), "a refused run reached the server");
            arguments << u"--allow-sql"_s;
        }
        const InterleaveRun run = runInterleave(arguments);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(u"A  completed (2 statements, 0 failed)"_s), qPrintable(run.out));
        if (server)
            QVERIFY(tableExists());
    }

    // Finding 4 of issue 13: a login limited to two connections leaves a worker without one. Such a run is incomplete
    // whatever its rows say: exit 3, the verdict names the worker, a trial counts as failed, the trace is still
    // written and says so. The limit is real: a database (PostgreSQL) or a login (MariaDB) of the test's own.
    void incompleteRunNeverPasses_data()
    {
        QTest::addColumn<int>("database");
        QTest::addColumn<QString>("mode");
        for (const auto kind : { BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql })
            for (const QString& mode : { u"script"_s, u"trials"_s, u"explore"_s })
                QTest::addRow("%s_%s_with_a_worker_left_without_a_connection", qPrintable(BackendSpec::kindName(kind)),
                    qPrintable(mode))
                    << int(kind) << mode;
    }

    void incompleteRunNeverPasses()
    {
        QFETCH(int, database);
        QFETCH(QString, mode);
        const auto kind = BackendSpec::Kind(database);
        const QString url = test::serverUrl(kind);
        if (url.isEmpty()) {
            if (qEnvironmentVariableIsSet("INTERLEAVE_REQUIRE_SERVERS"))
                QFAIL("no test server");
            QSKIP("no test server: run make test");
        }
        QString why;
        auto admin = ServerUrl::parse(url, &why);
        QVERIFY2(admin, qPrintable(why));
        ServerConnection connection;
        QVERIFY2(connection.open(*admin, QString(), &why), qPrintable(why));
        StatementResult r;
        QString limited = url;
        if (kind == BackendSpec::Kind::Postgresql) {
            // The database, not the login: the test login may create databases but not alter roles.
            QVERIFY2(connection.query(
                         { u"SELECT 1 FROM pg_database WHERE datname = 'interleave_two_connections'"_s, {} }, &r, &why),
                qPrintable(why));
            if (r.rows.isEmpty())
                QVERIFY2(connection.query(
                             { u"CREATE DATABASE interleave_two_connections CONNECTION LIMIT 2"_s, {} }, &r, &why),
                    qPrintable(why));
            limited = url.section(u'/', 0, -2) + u"/interleave_two_connections"_s;
        } else {
            const QString password = qEnvironmentVariable("MYSQL_PWD");
            for (const QString& sql : { u"DROP USER IF EXISTS 'interleave_two'@'127.0.0.1'"_s,
                     u"CREATE USER 'interleave_two'@'127.0.0.1' IDENTIFIED BY '%1' WITH MAX_USER_CONNECTIONS 2"_s.arg(
                         password),
                     u"GRANT ALL ON interleave.* TO 'interleave_two'@'127.0.0.1'"_s })
                QVERIFY2(connection.query({ sql, {} }, &r, &why), qPrintable(why));
            limited = u"mysql://interleave_two@"_s + url.section(u'@', 1);
        }
        const auto dropLogin = qScopeGuard([&] {
            if (kind == BackendSpec::Kind::Mysql)
                connection.exec({ u"DROP USER IF EXISTS 'interleave_two'@'127.0.0.1'"_s, {} });
        });

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString trace = dir.filePath(u"trace.json"_s);
        QStringList arguments { u"run"_s, u"example:race-unique"_s, u"--backend"_s, limited, u"--json"_s,
            u"--check"_s };
        if (mode == u"script"_s)
            arguments << u"--schedule"_s << u"A,B,A,B"_s << u"--trace-out"_s << trace;
        else if (mode == u"trials"_s)
            arguments << u"--trials"_s << u"5"_s;
        else
            arguments << u"--explore"_s << u"--max-schedules"_s << u"3"_s;
        const InterleaveRun run = runInterleave(arguments);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QVERIFY2(run.exitCode == CommandLine::Incomplete,
            qPrintable(u"exit %1; stderr: %2"_s.arg(run.exitCode).arg(run.err)));
        QVERIFY2(run.err.contains(u": incomplete: "_s), qPrintable(run.err));
        const QJsonObject report = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(report.value(u"complete"_s).toBool(true), false);
        if (mode == u"script"_s) {
            // One worker at least is ConnectionLost, and the verdict names it before it says anything of the rows.
            const QString verdict = report.value(u"verdict"_s).toString();
            QVERIFY2(verdict.startsWith(u"incomplete: "_s), qPrintable(verdict));
            QVERIFY2(verdict.contains(u"could not connect (ConnectionLost: cannot connect to "_s), qPrintable(verdict));
            int lost = 0;
            for (const QJsonValue w : report.value(u"workers"_s).toArray())
                lost += w.toObject().value(u"result"_s).toString() == u"ConnectionLost"_s;
            QVERIFY(lost >= 1);
            // The trace of what did run is written, marked incomplete.
            QFile file(trace);
            QVERIFY2(file.open(QIODevice::ReadOnly), "the incomplete run wrote no trace");
            const QJsonObject other = QJsonDocument::fromJson(file.readAll()).object().value(u"otherData"_s).toObject();
            QCOMPARE(other.value(u"complete"_s).toBool(true), false);
            QVERIFY(other.value(u"incomplete"_s).toString().contains(u"ConnectionLost"_s));
        } else if (mode == u"trials"_s) {
            const QJsonObject stress = report.value(u"stress"_s).toObject();
            QCOMPARE(stress.value(u"incomplete_trials"_s).toInteger(), stress.value(u"trials"_s).toInteger());
            QVERIFY(stress.value(u"trials"_s).toInteger() > 0);
        } else {
            const QJsonArray classes = report.value(u"classes"_s).toArray();
            QVERIFY(!classes.isEmpty());
            QVERIFY(std::all_of(classes.begin(), classes.end(),
                [](const QJsonValue& c) { return c.toObject().value(u"incomplete"_s).toBool(); }));
        }
    }

    void traceOutToAnUnwritableFileExitsTwoNamingIt()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"no-such-folder/trace.json"_s);
        const InterleaveRun run = runInterleave({ u"run"_s, u"example:race-unique"_s, u"--trace-out"_s, path });
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.startsWith(u"--trace-out: "_s + path + u": cannot write the trace"_s), qPrintable(run.err));
        // The run itself happened, and its summary is printed.
        QVERIFY2(run.out.contains(u"verdict: 1 row"_s), qPrintable(run.out));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
