// SPDX-License-Identifier: MIT
#include "matrixrunner.h"

#include "databaseswitch.h"
#include "examples.h"
#include "matrixdocumented.h"
#include "matrixjudge.h"
#include "runner.h"
#include "serverconnection.h"
#include "serverurl.h"

#include <QElapsedTimer>
#include <QSet>
#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

MatrixRow makeRow(const QString& id, AnomalyKind kind, const QString& psql, const QString& mysql,
    const QString& explanation, AnalysisLevel analysis = AnalysisLevel::Database, const QString& anomaly = {})
{
    MatrixRow row;
    row.id = id;
    row.anomalyKind = kind;
    row.analysis = analysis;
    row.anomaly = anomaly.isEmpty() ? Anomaly::name(kind) : anomaly;
    row.commonName = Anomaly::commonName(kind);
    row.explanation = explanation;
    row.examples = { u"example:"_s + psql, u"example:"_s + psql, u"example:"_s + mysql };
    return row;
}

MatrixRow anomalyRow(const QString& id, AnomalyKind kind, const QString& explanation, const QString& anomaly = {})
{
    return makeRow(
        id, kind, u"anomaly-"_s + id, u"anomaly-"_s + id + u"-mysql"_s, explanation, AnalysisLevel::Database, anomaly);
}

// One group of columns runs on one thread: SQLite's, or one server's.
struct Group {
    BackendSpec backend;
    QList<int> columns; // into MatrixResult::columns
};

// "MariaDB" when the server says so: MySQL's URL scheme serves both.
QString databaseName(const BackendSpec& backend, const QString& version)
{
    if (backend.kind == BackendSpec::Kind::Mysql && version.contains(u"MariaDB"_s, Qt::CaseInsensitive))
        return u"MariaDB"_s;
    return BackendSpec::displayName(backend.kind);
}

// MariaDB's innodb_snapshot_isolation (10.6.18+, 10.11.8+; ON by default from 11.6), read once per server:
// {"innodb_snapshot_isolation=ON"}, or nothing when the server has no such variable. Empty with *error when the server
// cannot be reached.
QStringList serverSettings(const BackendSpec& backend, QString* error)
{
    const auto url = ServerUrl::parse(backend.url, error);
    if (!url)
        return {};
    ServerConnection connection;
    ConnectionBounds bounds;
    bounds.replyTimeoutMs = backend.replyTimeoutMs;
    if (!connection.open(*url, url->database, error, bounds))
        return {};
    if (backend.kind != BackendSpec::Kind::Mysql)
        return {};
    StatementResult r;
    QString why;
    if (!connection.query({ u"SHOW VARIABLES LIKE 'innodb_snapshot_isolation'"_s, {} }, &r, &why))
        return {};
    QStringList settings;
    for (const Row& row : std::as_const(r.rows))
        settings.append(row.value(0).toString() + u'=' + row.value(1).toString().toUpper());
    return settings;
}

// Two groups on one server and schema would share the table `test`: each gets its own schema.
void separateSchemas(QList<BackendSpec>& servers)
{
    QSet<QString> seen;
    for (BackendSpec& server : servers) {
        auto url = ServerUrl::parse(server.url, nullptr);
        if (!url)
            continue;
        const QString base = url->schema;
        for (int n = 2; seen.contains(url->toString()); ++n)
            url->schema = base + u'_' + QString::number(n);
        seen.insert(url->toString());
        server.url = url->toString();
    }
}

} // namespace

struct MatrixRunner::Private {
    Options options;
    std::atomic<bool> cancelled { false };
    // Guards `running`, the result while the groups fill it, and the callback; recursive, since the callback may call
    // cancel().
    std::recursive_mutex mutex;
    QList<Runner*> running;
};

MatrixRunner::MatrixRunner(Options options)
    : d(std::make_unique<Private>())
{
    d->options = std::move(options);
    separateSchemas(d->options.servers);
}

MatrixRunner::~MatrixRunner() = default;

QList<MatrixRow> MatrixRunner::allRows()
{
    using K = AnomalyKind;
    return {
        anomalyRow(u"g0"_s, K::G0,
            u"T1 and T2 each write both rows, in the same order. A write cycle (dirty write) would leave row 1 with "
            "T2's value and row 2 with T1's. Every database prevents it: the second writer waits for the first one's "
            "lock (prevented by blocking), and PostgreSQL's snapshot levels then refuse it (40001)."_s),
        anomalyRow(u"g1a"_s, K::G1a,
            u"T1 writes 101 to row 1 and rolls back; in between T2 reads the table. If T2 sees 101 it read a value "
            "that was never committed (aborted read). Only a level that reads uncommitted data lets it happen; "
            "PostgreSQL's read uncommitted is its read committed."_s),
        anomalyRow(u"g1b"_s, K::G1b,
            u"T1 writes 101, then 11, to row 1 and commits; in between T2 reads the table. If T2 sees 101 it read an "
            "intermediate version, a state that was never committed. Only read uncommitted allows it."_s),
        anomalyRow(u"g1c"_s, K::G1c,
            u"T1 and T2 each write one row, then each reads the row the other wrote. If each sees the other's "
            "uncommitted write, information flowed both ways (circular information flow). Only read uncommitted "
            "allows it; the committed reads of the other levels leave a write skew, which only serializable "
            "refuses."_s),
        anomalyRow(u"otv"_s, K::GSingle,
            u"T1 and T2 both write rows 1 and 2, T3 reads them while T2 runs. T2 would vanish from T3's view if T3 saw "
            "one of T2's writes and then a version T2 had replaced (observed transaction vanishes, named by its "
            "cycle: G-single). From read committed up T3 reads T1's committed state whole; the two writers wait for "
            "each other's locks."_s,
            u"OTV"_s),
        anomalyRow(u"pmp"_s, K::GSingle,
            u"T1 looks for rows with value 30 (none); T2 inserts one and commits; T1 asks again for values of 30 or "
            "more. If T1 now sees the row, its two predicate reads saw two states "
            "(predicate-many-preceders, named by its cycle: G-single). Read committed allows it; a snapshot "
            "prevents it."_s,
            u"PMP"_s),
        anomalyRow(u"lost-update"_s, K::LostUpdate,
            u"T1 and T2 both read row 1 (10) and both write 11. Two increments, one counted (P4 lost update). Read "
            "committed lets the second write overwrite the first once its lock wait ends; PostgreSQL's repeatable "
            "read refuses it (40001), InnoDB's repeatable read does not (unless MariaDB's innodb_snapshot_isolation "
            "is ON: 1020); serializable refuses it."_s,
            u"P4 lost update"_s),
        anomalyRow(u"g-single"_s, K::GSingle,
            u"T1 reads row 1; T2 moves 2 from row 2 to row 1 and commits; T1 reads row 2. If T1 sees 10 and 18 it saw "
            "half of T2's transfer (read skew: one anti-dependency in the cycle). Read committed allows it; a "
            "snapshot prevents it."_s),
        anomalyRow(u"g2-item"_s, K::G2Item,
            u"T1 and T2 both read rows 1 and 2, then each writes the row the other did not. Each replaced a version "
            "the other read (write skew: two item anti-dependencies). The writes touch different rows, so only "
            "serializable refuses it."_s),
        anomalyRow(u"g2"_s, K::G2,
            u"T1 and T2 each look for rows with value 30 or more, find none, and each inserts one. Each predicate "
            "read missed the other's row (a phantom: predicate anti-dependencies both ways). Only serializable "
            "refuses it."_s),
        anomalyRow(u"g2-doctors"_s, K::G2,
            u"Alice and Bob are on call; each counts the doctors on call (2) and takes only themselves off. Nobody "
            "is left on call (the doctors' write skew, through a predicate: G2). Snapshot isolation allows it; only "
            "serializable refuses it."_s,
            u"G2 (doctors on call)"_s),
        makeRow(u"get-or-create"_s, K::G2, u"race-no-unique"_s, u"race-no-unique"_s,
            u"Django's get_or_create without a unique constraint: two requests each SELECT, find nothing, and "
            "INSERT. Each statement is its own transaction, so the database keeps every promise, and still the "
            "table ends with two rows: the code treated two transactions as one (a G2 cycle between the "
            "operations). No isolation level prevents it; a unique constraint does."_s,
            AnalysisLevel::Operation, u"get_or_create race"_s),
        makeRow(u"counter"_s, K::LostUpdate, u"counter-lost-update"_s, u"counter-lost-update"_s,
            u"The seeds' like button: two requests read likes = 0 and both save likes = 1. The read and the write are "
            "separate transactions, so no level sees a conflict: one like is lost between the operations. An F() "
            "expression or select_for_update() prevents it."_s,
            AnalysisLevel::Operation, u"counter lost update"_s),
    };
}

QList<MatrixColumn> MatrixRunner::columnsOf(const BackendSpec& backend)
{
    QList<MatrixColumn> columns;
    if (!backend.isServer()) {
        for (const QString& journal : { u"delete"_s, u"wal"_s })
            for (const QString& begin : { u"deferred"_s, u"immediate"_s }) {
                MatrixColumn c;
                c.backend = BackendSpec();
                c.backend.journalMode = journal;
                c.backend.beginMode = begin;
                c.isolation = u"serializable"_s;
                c.database = u"SQLite"_s;
                c.level = begin + (journal == u"wal"_s ? u", WAL"_s : u", rollback journal"_s);
                if (begin == u"immediate"_s)
                    c.note = u"each `begin;` is sent as `begin immediate;`, which takes the write lock at once"_s;
                columns.append(c);
            }
        return columns;
    }
    for (const QString& level :
        { u"read uncommitted"_s, u"read committed"_s, u"repeatable read"_s, u"serializable"_s }) {
        MatrixColumn c;
        c.backend = backend;
        c.isolation = level;
        c.database = BackendSpec::displayName(backend.kind);
        c.level = level;
        if (backend.kind == BackendSpec::Kind::Postgresql && level == u"read uncommitted"_s)
            c.note = u"PostgreSQL runs read uncommitted as read committed: it never reads uncommitted data"_s;
        columns.append(c);
    }
    return columns;
}

std::optional<Scenario> MatrixRunner::cellScenario(const MatrixRow& row, const MatrixColumn& column, QString* error)
{
    const QString reference = row.exampleFor(column.backend.kind);
    ScenarioError problem;
    const auto loaded = Examples::loadReference(reference, &problem);
    if (!loaded) {
        *error = problem.toString();
        return std::nullopt;
    }
    Scenario s = *loaded;
    const BackendSpec written = s.backend;
    s.backend = column.backend;
    s.backend.lockTimeoutMs = written.lockTimeoutMs;
    s.backend.replyTimeoutMs = written.replyTimeoutMs;
    s.isolation = column.backend.isServer() ? column.isolation : u"default"_s;
    if (!column.backend.isServer() && column.backend.beginMode == u"immediate"_s)
        for (WorkerSpec& w : s.workers)
            for (SqlStatementSpec& st : w.statements)
                if (st.sql.trimmed().compare(u"begin;"_s, Qt::CaseInsensitive) == 0)
                    st.sql = u"begin immediate;"_s;
    s.schedule.mode = ScheduleSpec::Mode::Script;
    if (const QString why = DatabaseSwitch::unsupportedReason(s, column.backend.kind); !why.isEmpty()) {
        *error = why;
        return std::nullopt;
    }
    return s;
}

MatrixResult MatrixRunner::plan() const
{
    MatrixResult result;
    for (const MatrixRow& row : allRows())
        if (d->options.rows.isEmpty() || d->options.rows.contains(row.id))
            result.rows.append(row);
    result.columns = columnsOf(BackendSpec());
    for (const BackendSpec& server : d->options.servers)
        result.columns += columnsOf(server);
    for (const MatrixRow& row : std::as_const(result.rows)) {
        QList<MatrixCell> cells;
        for (const MatrixColumn& column : std::as_const(result.columns)) {
            MatrixCell cell;
            MatrixDocumented::apply(cell, row.id, column);
            cells.append(cell);
        }
        result.cells.append(cells);
    }
    return result;
}

MatrixResult MatrixRunner::run(const CellDone& cellDone)
{
    QElapsedTimer timer;
    timer.start();
    MatrixResult result = plan();
    const int total = int(result.rows.size() * result.columns.size());
    int done = 0;

    QList<Group> groups;
    for (int c = 0; c < result.columns.size(); ++c) {
        const BackendSpec& b = result.columns.at(c).backend;
        auto it = std::find_if(groups.begin(), groups.end(),
            [&](const Group& g) { return g.backend.kind == b.kind && g.backend.url == b.url; });
        if (it == groups.end()) {
            groups.append({ b, {} });
            it = groups.end() - 1;
        }
        it->columns.append(c);
    }

    // Stores a cell and tells the caller; under the mutex, so the callback is never entered twice at once.
    auto finish = [&](int row, int column, MatrixCell cell) {
        std::lock_guard lock(d->mutex);
        MatrixDocumented::apply(cell, result.rows.at(row).id, result.columns.at(column));
        result.cells[row][column] = cell;
        ++done;
        if (cellDone)
            cellDone(row, column, result.cells[row][column], done, total);
    };

    auto runGroup = [&](const Group& group) {
        if (group.backend.isServer()) {
            QString error;
            const QStringList settings = serverSettings(group.backend, &error);
            if (!error.isEmpty()) {
                // Unreachable: every cell of the group says why, none is tried.
                for (int column : group.columns)
                    for (int row = 0; row < result.rows.size(); ++row) {
                        if (d->cancelled)
                            return;
                        MatrixCell cell;
                        cell.outcome = CellOutcome::Failed;
                        cell.detail = u"could not connect: "_s + error;
                        cell.sentence =
                            u"%1 could not be reached: %2."_s.arg(ServerUrl::redacted(group.backend.url), error);
                        finish(row, column, cell);
                    }
                return;
            }
            std::lock_guard lock(d->mutex);
            for (int column : group.columns)
                result.columns[column].settings = settings;
        }
        for (int column : group.columns)
            for (int row = 0; row < result.rows.size(); ++row) {
                if (d->cancelled)
                    return;
                MatrixColumn col;
                {
                    std::lock_guard lock(d->mutex);
                    col = result.columns.at(column);
                }
                QString error;
                const auto scenario = cellScenario(result.rows.at(row), col, &error);
                if (!scenario) {
                    MatrixCell cell;
                    cell.outcome = CellOutcome::Failed;
                    cell.detail = error;
                    cell.sentence = u"The row's scenario cannot run here: %1."_s.arg(error);
                    finish(row, column, cell);
                    continue;
                }
                Runner runner(*scenario);
                {
                    std::lock_guard lock(d->mutex);
                    if (d->cancelled)
                        return;
                    d->running.append(&runner);
                }
                const RunResult r = runner.run();
                {
                    std::lock_guard lock(d->mutex);
                    d->running.removeOne(&runner);
                    if (!r.backend.version.isEmpty()) {
                        result.columns[column].version = r.backend.version;
                        result.columns[column].database = databaseName(col.backend, r.backend.version);
                    }
                }
                if (d->cancelled)
                    return; // cancelled while it ran: the cell stays NotRun, however far it got
                finish(row, column, MatrixJudge::judge(result.rows.at(row), r));
            }
    };

    std::vector<std::thread> threads;
    threads.reserve(size_t(groups.size()));
    for (const Group& group : std::as_const(groups))
        threads.emplace_back(runGroup, group);
    for (std::thread& t : threads)
        t.join();

    result.cancelled = d->cancelled;
    result.wallNs = timer.nsecsElapsed();
    return result;
}

void MatrixRunner::cancel()
{
    d->cancelled = true;
    std::lock_guard lock(d->mutex);
    for (Runner* runner : std::as_const(d->running))
        runner->cancel();
}

} // namespace interleave
