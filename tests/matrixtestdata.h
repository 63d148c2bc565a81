// SPDX-License-Identifier: MIT
#pragma once

#include "examples.h"
#include "matrix.h"
#include "runner.h"

#include <QtTest>
#include <memory>

// A small isolation-lab matrix built in code (tst_matriximage, tst_matrixpage): the real runner's rows and columns
// are another part's, so these are a fixed, synthetic grid whose cells carry real SQLite runs of shipped examples
// (never a mock of a database).
namespace interleave::test {

// A shipped example run on SQLite, with its own schedule or `script`.
inline std::shared_ptr<const RunResult> exampleRun(const QString& example, const QString& script = {})
{
    using namespace Qt::StringLiterals;
    ScenarioError error;
    auto scenario = Examples::load(example, &error);
    if (!scenario)
        qFatal("%s: %s", qPrintable(example), qPrintable(error.toString()));
    if (!script.isEmpty()) {
        scenario->schedule.mode = ScheduleSpec::Mode::Script;
        scenario->schedule.script = script.split(u',');
    }
    Runner runner(*scenario);
    return std::make_shared<const RunResult>(runner.run());
}

inline MatrixColumn column(BackendSpec::Kind kind, const QString& database, const QString& level,
    const QString& isolation, const QString& version, const QString& journal = {}, const QString& begin = {})
{
    MatrixColumn c;
    c.backend.kind = kind;
    if (kind == BackendSpec::Kind::Postgresql)
        c.backend.url = QStringLiteral("postgresql://interleave@127.0.0.1:5432/interleave");
    if (kind == BackendSpec::Kind::Mysql)
        c.backend.url = QStringLiteral("mysql://interleave@127.0.0.1:3306/interleave");
    if (!journal.isEmpty())
        c.backend.journalMode = journal;
    if (!begin.isEmpty())
        c.backend.beginMode = begin;
    c.database = database;
    c.level = level;
    c.isolation = isolation;
    c.version = version;
    return c;
}

inline MatrixRow row(const QString& id, const QString& anomaly, const QString& commonName)
{
    using namespace Qt::StringLiterals;
    MatrixRow r;
    r.id = id;
    r.anomaly = anomaly;
    r.commonName = commonName;
    r.explanation = u"Two sessions race over the same rows; the %1 row shows whether the level lets %2 through."_s.arg(
        anomaly, commonName);
    r.examples = { u"example:counter-lost-update"_s, u"example:counter-lost-update"_s,
        u"example:counter-lost-update"_s };
    return r;
}

inline MatrixCell cell(
    CellOutcome outcome, const QString& detail, std::optional<CellOutcome> documented = {}, const QString& note = {})
{
    using namespace Qt::StringLiterals;
    MatrixCell c;
    c.outcome = outcome;
    c.detail = detail;
    c.sentence =
        u"The run ended: "_s + cellOutcomeName(outcome) + (detail.isEmpty() ? QString() : u" ("_s + detail + u')');
    c.documented = documented ? documented : std::optional<CellOutcome>(outcome);
    c.documentedNote = note;
    return c;
}

// 3 rows × 4 columns (SQLite twice, PostgreSQL, MariaDB): every outcome, one departure (MariaDB repeatable read's
// lost update, error 1020 where the manual says it occurs). `runs`: each cell carries a real run (row 0 and 2 the
// counter's lost update, row 1 the unique race), else none.
inline MatrixResult syntheticMatrix(bool runs)
{
    using namespace Qt::StringLiterals;
    using K = BackendSpec::Kind;
    using O = CellOutcome;
    MatrixResult m;
    m.rows = { row(u"lost-update"_s, u"P4 lost update"_s, u"lost update"_s),
        row(u"g-single"_s, u"G-single"_s, u"read skew"_s), row(u"g2-item"_s, u"G2-item"_s, u"write skew"_s) };
    m.columns = { column(K::Sqlite, u"SQLite"_s, u"deferred, rollback journal"_s, u"serializable"_s, u"3.40.1"_s,
                      u"delete"_s, u"deferred"_s),
        column(K::Sqlite, u"SQLite"_s, u"immediate, WAL"_s, u"serializable"_s, u"3.40.1"_s, u"wal"_s, u"immediate"_s),
        column(K::Postgresql, u"PostgreSQL"_s, u"repeatable read"_s, u"repeatable read"_s, u"15.18"_s),
        column(K::Mysql, u"MariaDB"_s, u"repeatable read"_s, u"repeatable read"_s, u"11.8.3"_s) };
    m.cells = {
        { cell(O::PreventedByAbort, u"database is locked"_s), cell(O::PreventedByBlocking, u"waits for A"_s),
            cell(O::PreventedByAbort, u"40001"_s),
            cell(O::PreventedByAbort, u"1020"_s, O::Occurred,
                u"innodb_snapshot_isolation=ON (MariaDB 11.6+) turns the lost update into error 1020"_s) },
        { cell(O::Prevented, {}), cell(O::PreventedByBlocking, {}), cell(O::Prevented, {}), cell(O::Prevented, {}) },
        { cell(O::Prevented, {}), cell(O::Prevented, {}), cell(O::Occurred, u"G2-item"_s),
            cell(O::Occurred, u"G2-item"_s) },
    };
    if (runs) {
        const auto counter = exampleRun(u"counter-lost-update"_s);
        const auto race = exampleRun(u"race-unique"_s, u"A,B,A,B"_s);
        for (int r = 0; r < m.rows.size(); ++r)
            for (auto& c : m.cells[r])
                c.run = r == 1 ? race : counter;
    }
    m.wallNs = 1'500'000'000;
    return m;
}

// The size of the real thing, for pictures people look at: Hermitage's twelve rows on SQLite's four modes,
// PostgreSQL's three levels and MariaDB's four, in the pattern of Hermitage's published table (no runs; not a
// reference: the real runner's tests state the expected cells).
inline MatrixResult fullSizeMatrix()
{
    using namespace Qt::StringLiterals;
    using K = BackendSpec::Kind;
    using O = CellOutcome;
    MatrixResult m;
    const QList<std::pair<QString, QString>> rows { { u"G0"_s, u"dirty write"_s }, { u"G1a"_s, u"aborted read"_s },
        { u"G1b"_s, u"intermediate read"_s }, { u"G1c"_s, u"circular information flow"_s },
        { u"OTV"_s, u"observed transaction vanishes"_s }, { u"PMP"_s, u"predicate-many-preceders"_s },
        { u"P4 lost update"_s, u"lost update"_s }, { u"G-single"_s, u"read skew"_s }, { u"G2-item"_s, u"write skew"_s },
        { u"G2"_s, u"anti-dependency cycles"_s }, { u"get_or_create race"_s, u"duplicate row"_s },
        { u"counter"_s, u"lost increment"_s } };
    for (const auto& [anomaly, common] : rows)
        m.rows.append(row(anomaly.toLower(), anomaly, common));
    for (const auto& [level, journal, begin] :
        { std::tuple { u"deferred, rollback journal"_s, u"delete"_s, u"deferred"_s },
            std::tuple { u"immediate, rollback journal"_s, u"delete"_s, u"immediate"_s },
            std::tuple { u"deferred, WAL"_s, u"wal"_s, u"deferred"_s },
            std::tuple { u"immediate, WAL"_s, u"wal"_s, u"immediate"_s } })
        m.columns.append(column(K::Sqlite, u"SQLite"_s, level, u"serializable"_s, u"3.40.1"_s, journal, begin));
    for (const QString& level : { u"read committed"_s, u"repeatable read"_s, u"serializable"_s })
        m.columns.append(column(K::Postgresql, u"PostgreSQL"_s, level, level, u"15.18 (Debian 15.18-0+deb12u1)"_s));
    for (const QString& level : { u"read uncommitted"_s, u"read committed"_s, u"repeatable read"_s, u"serializable"_s })
        m.columns.append(column(K::Mysql, u"MariaDB"_s, level, level, u"11.8.3-MariaDB-0+deb13u1"_s));
    // Per row: SQLite (all four alike), PostgreSQL RC RR SER, MariaDB RU RC RR SER.
    const auto B = [] { return cell(O::PreventedByBlocking, {}); };
    const auto P = [] { return cell(O::Prevented, {}); };
    const auto A = [](const QString& d) { return cell(O::PreventedByAbort, d); };
    const auto X = [](const QString& d) { return cell(O::Occurred, d); };
    const auto L = [&] { return A(u"database is locked"_s); };
    const QList<QList<MatrixCell>> grid {
        { B(), B(), B(), B(), B(), B(), B() },
        { P(), P(), P(), X(u"G1a"_s), P(), P(), B() },
        { P(), P(), P(), X(u"G1b"_s), P(), P(), B() },
        { X(u"G1c"_s), P(), P(), X(u"G1c"_s), P(), P(), B() },
        { X(u"OTV"_s), P(), P(), X(u"OTV"_s), X(u"OTV"_s), P(), B() },
        { X(u"PMP"_s), P(), P(), X(u"PMP"_s), X(u"PMP"_s), P(), B() },
        { X(u"P4"_s), A(u"40001"_s), A(u"40001"_s), X(u"P4"_s), X(u"P4"_s),
            cell(O::PreventedByAbort, u"1020"_s, O::Occurred, u"innodb_snapshot_isolation=ON (MariaDB 11.6+)"_s), B() },
        { X(u"G-single"_s), P(), P(), X(u"G-single"_s), X(u"G-single"_s), P(), B() },
        { X(u"G2-item"_s), X(u"G2-item"_s), A(u"40001"_s), X(u"G2-item"_s), X(u"G2-item"_s), X(u"G2-item"_s),
            A(u"deadlock (1213)"_s) },
        { X(u"G2"_s), X(u"G2"_s), A(u"40001"_s), X(u"G2"_s), X(u"G2"_s), X(u"G2"_s), A(u"deadlock (1213)"_s) },
        { A(u"23505"_s), A(u"23505"_s), A(u"23505"_s), A(u"1062"_s), A(u"1062"_s), A(u"1062"_s), B() },
        { X(u"P4"_s), A(u"40001"_s), A(u"40001"_s), X(u"P4"_s), X(u"P4"_s), A(u"1020"_s), B() },
    };
    for (int r = 0; r < m.rows.size(); ++r) {
        QList<MatrixCell> cells;
        // SQLite: one writer at a time, so a second writer meets "database is locked"; readers see committed data.
        for (int c = 0; c < 4; ++c)
            cells.append(r == 0 ? B() : (r == 1 || r == 2) ? P() : L());
        cells.append(grid.at(r));
        m.cells.append(cells);
    }
    return m;
}

} // namespace interleave::test
