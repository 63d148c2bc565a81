// SPDX-License-Identifier: MIT
#include "recipe.h"

#include "djangosql.h"
#include "fieldlookup.h"
#include "literalaccess.h"
#include "literalsql.h"
#include "oneline.h"

#include <QCryptographicHash>
#include <QtEndian>
#include <functional>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

ResultKind resultFor(const DbError& error)
{
    switch (error.cls) {
    case ErrorClass::IntegrityError:
        return ResultKind::IntegrityError;
    case ErrorClass::Deadlock:
        return ResultKind::Deadlock;
    case ErrorClass::SerializationFailure:
        return ResultKind::SerializationFailure;
    case ErrorClass::LockTimeout:
        return ResultKind::LockTimeout;
    case ErrorClass::Busy:
        return ResultKind::Busy;
    case ErrorClass::ConnectionLost:
        return ResultKind::ConnectionLost;
    case ErrorClass::Timeout:
        return ResultKind::Timeout;
    default:
        return ResultKind::Error;
    }
}

WorkerResult failure(const DbError& error)
{
    // Interleave's own errors (a dropped connection, a stopped run) have no database code to show.
    const bool coded = error.code != 0 || !error.sqlState.isEmpty();
    return { resultFor(error), coded ? u"error %1: %2"_s.arg(error.codeText(), error.message) : error.message, {},
        false };
}

const Statement commit { u"COMMIT"_s, {} };
const Statement rollback { u"ROLLBACK"_s, {} };

// What QuerySet.get() makes of a SELECT's result: the object, DoesNotExist, MultipleObjectsReturned or the
// database error. nullopt means DoesNotExist.
// `fetched`, when given, receives the object's row (id, then the columns in model order).
std::optional<WorkerResult> interpretGet(const StatementResult& r, const DjangoSql& sql, Row* fetched = nullptr)
{
    if (!r.ok())
        return failure(r.error);
    if (r.rows.size() == 1 && fetched)
        *fetched = r.rows.front();
    if (r.rows.size() == 1)
        return WorkerResult { ResultKind::Got, {}, r.rows.front().value(0), false };
    if (r.rows.size() > 1)
        return WorkerResult { ResultKind::MultipleObjectsReturned, sql.multipleObjectsMessage(r.rows.size()), {},
            false };
    return std::nullopt;
}

QVariantMap createParams(const WorkerSpec& w)
{
    // _extract_model_params: the lookup's keywords without "__" (name__iexact, name__exact are not fields), then
    // the defaults, which win.
    QVariantMap params;
    for (auto it = w.lookup.begin(); it != w.lookup.end(); ++it)
        if (FieldLookup::goesIntoCreate(it.key()))
            params.insert(it.key(), it.value());
    for (auto it = w.defaults.begin(); it != w.defaults.end(); ++it)
        params.insert(it.key(), it.value());
    return params;
}

// update_or_create(create_defaults=...) (Django 5.0+) creates with those instead of the defaults.
QVariantMap createParamsFor(const WorkerSpec& w, const QVariantMap* createDefaults)
{
    if (!createDefaults)
        return createParams(w);
    WorkerSpec creating = w;
    creating.defaults = *createDefaults;
    return createParams(creating);
}

// Django's savepoint names: "s<thread id>_x<n>", n counting the savepoints of the connection.
class Savepoints {
public:
    QString next(const RecipeContext& ctx) { return u"s%1_x%2"_s.arg(ctx.workerNumber()).arg(++m_count); }

private:
    int m_count = 0;
};

const Statement setAutocommitOff { u"SET autocommit=0"_s, {} };
const Statement setAutocommitOn { u"SET autocommit=1"_s, {} };

// After the COMMIT or ROLLBACK that ends an atomic block, Django turns autocommit back on: on MySQL that is a
// statement of its own (mysqlclient's autocommit(True)); psycopg and SQLite send nothing.
void leaveAtomic(RecipeContext& ctx)
{
    if (ctx.dialect() == BackendSpec::Kind::Mysql)
        ctx.exec(setAutocommitOn);
}

// Ends an outer atomic block: COMMIT on success, ROLLBACK when an exception escapes (also after a failed
// COMMIT, as atomic.__exit__ does). `leave`: then turn autocommit back on.
WorkerResult endAtomic(RecipeContext& ctx, WorkerResult result, bool leave)
{
    if (result.isFailure()) {
        ctx.exec(rollback);
    } else if (const StatementResult c = ctx.exec(commit); !c.ok()) {
        ctx.exec(rollback);
        result = failure(c.error);
    }
    if (leave)
        leaveAtomic(ctx);
    return result;
}

WorkerResult finishAtomic(RecipeContext& ctx, WorkerResult result)
{
    return endAtomic(ctx, std::move(result), true);
}

// get_or_create's answer to an IntegrityError: get again, for the row another worker committed should now be
// visible; when the get finds nothing, re-raise the IntegrityError.
WorkerResult regetAfterIntegrityError(
    RecipeContext& ctx, const DjangoSql& sql, const DbError& error, bool forUpdate, Row* fetched = nullptr)
{
    if (auto got = interpretGet(ctx.exec(sql.get(ctx.worker().lookup, forUpdate)), sql, fetched)) {
        got->afterIntegrityError = true;
        if (got->kind == ResultKind::Got)
            got->detail =
                u"after IntegrityError %1, re-get found row %2"_s.arg(error.codeText(), got->rowId.toString());
        return *got;
    }
    WorkerResult reraised = failure(error);
    reraised.detail += u" (re-raised: the re-get found nothing)"_s;
    reraised.afterIntegrityError = true;
    return reraised;
}

// get_or_create() inside an open transaction (an outer atomic block): the get, then create() in its own
// atomic block, which is a savepoint here; on IntegrityError back to the savepoint and the re-get. With
// forUpdate, the queryset is select_for_update(), so the get and the re-get both lock (update_or_create).
// Does not end the transaction. `fetched` receives the row a get found; `createDefaults` replaces the defaults in
// the INSERT (update_or_create's create_defaults).
WorkerResult getOrCreateInTransaction(RecipeContext& ctx, const DjangoSql& sql, bool forUpdate, Savepoints& savepoints,
    Row* fetched = nullptr, const QVariantMap* createDefaults = nullptr)
{
    const WorkerSpec& w = ctx.worker();
    if (auto got = interpretGet(ctx.exec(sql.get(w.lookup, forUpdate)), sql, fetched))
        return *got;
    const QString savepoint = savepoints.next(ctx);
    const StatementResult sp = ctx.exec(sql.savepoint(savepoint));
    if (!sp.ok())
        return failure(sp.error);
    const StatementResult inserted = ctx.exec(sql.insert(createParamsFor(w, createDefaults)));
    if (inserted.ok()) {
        const StatementResult release = ctx.exec(sql.releaseSavepoint(savepoint));
        if (!release.ok())
            return failure(release.error);
        return { ResultKind::Created, {}, inserted.insertId, false };
    }
    // atomic.__exit__ on an exception: savepoint_rollback() then savepoint_commit(); when the rollback itself
    // fails (MySQL has already rolled the whole transaction back after a deadlock, and the savepoint is gone) it
    // stops there and marks the outer block for rollback.
    if (ctx.exec(sql.rollbackToSavepoint(savepoint)).ok())
        ctx.exec(sql.releaseSavepoint(savepoint));
    if (inserted.error.cls != ErrorClass::IntegrityError)
        return failure(inserted.error);
    return regetAfterIntegrityError(ctx, sql, inserted.error, forUpdate, fetched);
}

// get_or_create() in autocommit: the get; if nothing, create() in its own transaction; on IntegrityError
// ROLLBACK and the re-get.
WorkerResult getOrCreateAutocommit(RecipeContext& ctx, const DjangoSql& sql)
{
    const WorkerSpec& w = ctx.worker();
    if (auto got = interpretGet(ctx.exec(sql.get(w.lookup)), sql))
        return *got;
    const StatementResult b = ctx.exec({ ctx.beginSql(), {} });
    if (!b.ok())
        return failure(b.error);
    const StatementResult inserted = ctx.exec(sql.insert(createParams(w)));
    if (inserted.ok()) {
        const StatementResult c = ctx.exec(commit);
        if (c.ok()) {
            leaveAtomic(ctx);
            return { ResultKind::Created, {}, inserted.insertId, false };
        }
        // atomic.__exit__: a failed commit is rolled back and the error raised.
        ctx.exec(rollback);
        leaveAtomic(ctx);
        return failure(c.error);
    }
    ctx.exec(rollback);
    leaveAtomic(ctx);
    if (inserted.error.cls != ErrorClass::IntegrityError)
        return failure(inserted.error);
    return regetAfterIntegrityError(ctx, sql, inserted.error, false);
}

// The object a get fetched, by column name: the get selects id, then the columns in model order, which go to
// `fields`.
QVariantMap rowValues(const TableSpec& table, const Row& row, QStringList* fields)
{
    QVariantMap values;
    for (qsizetype i = 0; i < table.columns.size(); ++i) {
        values.insert(table.columns[i].name, row.value(i + 1));
        fields->append(table.columns[i].name);
    }
    return values;
}

QString expectMismatch(
    BackendSpec::Kind dialect, const SqlStatementSpec& st, const StatementResult& r, const QString& which);
bool isExpectedError(const QString& expected, const DbError& error);

// The worker's "before" statements, the view's own writes before it calls the ORM: sent in order on the worker's
// connection. Unlike the sql recipe's psql session, this is application code: a database error is raised and ends
// the view (and its atomic block) there, and so does a result other than "expect". nullopt when all ran as expected.
std::optional<WorkerResult> runBefore(RecipeContext& ctx)
{
    const QList<SqlStatementSpec>& before = ctx.worker().before;
    for (qsizetype i = 0; i < before.size(); ++i) {
        const SqlStatementSpec& st = before[i];
        const StatementResult r = ctx.exec({ st.sql, st.params, LiteralAccess::of(st.sql, st.params, ctx.table()) });
        if (!st.expectError.isEmpty() && (r.ok() || isExpectedError(st.expectError, r.error))) {
            if (!r.ok())
                continue;
            return WorkerResult { ResultKind::Unexpected,
                u"before statement %1: expected error %2, got %3"_s.arg(i + 1).arg(
                    st.expectError, rowCountText(r.rowCount())),
                {}, false };
        }
        if (!r.ok()) {
            WorkerResult f = failure(r.error);
            f.detail = u"before statement %1: %2"_s.arg(i + 1).arg(f.detail);
            return f;
        }
        if (!st.expect)
            continue;
        const QString mismatch = expectMismatch(ctx.dialect(), st, r, u"before statement %1"_s.arg(i + 1));
        if (!mismatch.isEmpty())
            return WorkerResult { ResultKind::Unexpected, mismatch, {}, false };
    }
    return std::nullopt;
}

// BEGIN (or the given statement), the body, then COMMIT or ROLLBACK: an outer atomic block around `body`. In the
// view's own block ("atomic"), the worker's "before" statements run first, after the BEGIN (Scenario allows them
// there only for recipes whose first block is that outer one).
template<typename Body>
WorkerResult inAtomicBlock(RecipeContext& ctx, const QString& begin, Body body)
{
    const StatementResult b = ctx.exec({ begin, {} });
    if (!b.ok())
        return failure(b.error);
    if (ctx.worker().atomic)
        if (auto stopped = runBefore(ctx))
            return finishAtomic(ctx, *stopped);
    return finishAtomic(ctx, body());
}

// A recipe run as the view's code: its "before" statements first when they run in autocommit.
Recipe::Run withBefore(WorkerResult (*recipe)(RecipeContext&))
{
    return [recipe](RecipeContext& ctx) {
        if (!ctx.worker().atomic)
            if (auto stopped = runBefore(ctx))
                return *stopped;
        return recipe(ctx);
    };
}

// QuerySet.get_or_create() as Django 3.2-5.x writes it:
//   try: return self.get(**kwargs), False
//   except DoesNotExist:
//       try: with transaction.atomic(): return self.create(**params), True
//       except IntegrityError:
//           try: return self.get(**kwargs), False
//           except DoesNotExist: pass
//           raise
// With "atomic" the whole call runs inside an outer atomic block (ATOMIC_REQUESTS), so the inner atomic()
// becomes a savepoint and the outer block commits, or rolls back on any exception that escapes.
WorkerResult djangoGetOrCreate(RecipeContext& ctx)
{
    const DjangoSql sql(ctx.table(), ctx.dialect(), ctx.django());
    if (!ctx.worker().atomic)
        return getOrCreateAutocommit(ctx, sql);
    Savepoints savepoints;
    return inAtomicBlock(ctx, ctx.beginSql(), [&] { return getOrCreateInTransaction(ctx, sql, false, savepoints); });
}

// The "simplified" get_or_create of seed 01: get(), and on DoesNotExist a plain create() in autocommit,
// with no handling of IntegrityError.
WorkerResult naiveGetOrCreate(RecipeContext& ctx)
{
    const WorkerSpec& w = ctx.worker();
    const DjangoSql sql(ctx.table(), ctx.dialect(), ctx.django());
    if (auto got = interpretGet(ctx.exec(sql.get(w.lookup)), sql))
        return *got;
    const StatementResult inserted = ctx.exec(sql.insert(createParams(w)));
    if (!inserted.ok())
        return failure(inserted.error);
    return { ResultKind::Created, {}, inserted.insertId, false };
}

// with transaction.atomic():
//     Race.objects.select_for_update().get_or_create(**lookup, defaults=...)
// The get locks the row when there is one. When there is none, PostgreSQL locks nothing, and MySQL's
// REPEATABLE READ takes a gap lock that both workers hold, so both INSERTs wait for each other: deadlock.
WorkerResult selectForUpdate(RecipeContext& ctx)
{
    const DjangoSql sql(ctx.table(), ctx.dialect(), ctx.django());
    Savepoints savepoints;
    return inAtomicBlock(ctx, ctx.beginSql(), [&] { return getOrCreateInTransaction(ctx, sql, true, savepoints); });
}

// An outer atomic block that first takes a lock (LOCK TABLE, pg_advisory_xact_lock), then runs `body`.
template<typename Body>
WorkerResult lockedAtomicBlock(RecipeContext& ctx, const Statement& lock, Body body)
{
    return inAtomicBlock(ctx, ctx.beginSql(), [&] {
        const StatementResult locked = ctx.exec(lock);
        return locked.ok() ? body() : failure(locked.error);
    });
}

// Seed 03's decorator, `LOCK TABLE %s IN %s MODE` at the start of an atomic view, around get_or_create().
// SQLite has no LOCK TABLE: BEGIN IMMEDIATE takes its one write lock up front. MySQL's LOCK TABLES commits the
// open transaction, so the MySQL manual's recipe for InnoDB is followed: SET autocommit=0 (which is also all
// Django's atomic() sends on MySQL), LOCK TABLES, the work, COMMIT, then UNLOCK TABLES, which COMMIT alone does
// not release.
WorkerResult lockTable(RecipeContext& ctx)
{
    const DjangoSql sql(ctx.table(), ctx.dialect(), ctx.django());
    Savepoints savepoints;
    auto body = [&] { return getOrCreateInTransaction(ctx, sql, false, savepoints); };
    switch (ctx.dialect()) {
    case BackendSpec::Kind::Sqlite:
        return inAtomicBlock(ctx, u"BEGIN IMMEDIATE"_s, body);
    case BackendSpec::Kind::Postgresql:
        return lockedAtomicBlock(
            ctx, { u"LOCK TABLE "_s + sql.tableName() + u" IN "_s + ctx.worker().lockMode() + u" MODE"_s, {} }, body);
    case BackendSpec::Kind::Mysql:
        break;
    }
    const StatementResult off = ctx.exec(setAutocommitOff);
    if (!off.ok())
        return failure(off.error);
    const StatementResult locked = ctx.exec({ u"LOCK TABLES "_s + sql.tableName() + u" WRITE"_s, {} });
    WorkerResult result = locked.ok() ? endAtomic(ctx, body(), false) : failure(locked.error);
    if (locked.ok())
        ctx.exec({ u"UNLOCK TABLES"_s, {} });
    ctx.exec(setAutocommitOn);
    return result;
}

// GET_LOCK's timeout in seconds: InnoDB's default lock wait timeout, so a worker waits for the lock as long as
// it would wait for a row lock.
constexpr int getLockTimeoutS = 50;

// A lock keyed by what get_or_create looks for: PostgreSQL's transaction-level advisory lock (released by
// COMMIT or ROLLBACK), MySQL's named user lock (held by the session until RELEASE_LOCK, so get_or_create runs
// in autocommit between the two), and on SQLite, which has neither, BEGIN IMMEDIATE.
WorkerResult advisoryLock(RecipeContext& ctx)
{
    const WorkerSpec& w = ctx.worker();
    const DjangoSql sql(ctx.table(), ctx.dialect(), ctx.django());
    const qint64 key = Recipe::advisoryKey(ctx.table(), w.lookup);
    Savepoints savepoints;
    auto body = [&] { return getOrCreateInTransaction(ctx, sql, false, savepoints); };
    switch (ctx.dialect()) {
    case BackendSpec::Kind::Sqlite:
        return inAtomicBlock(ctx, u"BEGIN IMMEDIATE"_s, body);
    case BackendSpec::Kind::Postgresql:
        return lockedAtomicBlock(ctx, { u"SELECT pg_advisory_xact_lock(?)"_s, { key } }, body);
    case BackendSpec::Kind::Mysql:
        break;
    }
    const QString name = Recipe::advisoryLockName(key);
    const StatementResult locked = ctx.exec({ u"SELECT GET_LOCK(?, %1)"_s.arg(getLockTimeoutS), { name } });
    if (!locked.ok())
        return failure(locked.error);
    const QVariant got = locked.rows.value(0).value(0);
    if (got.isNull() || got.toInt() != 1)
        return { got.isNull() ? ResultKind::Error : ResultKind::LockTimeout,
            u"GET_LOCK('%1', %2) returned %3"_s.arg(name).arg(getLockTimeoutS).arg(formatSqlValue(got)), {}, false };
    WorkerResult result = getOrCreateAutocommit(ctx, sql);
    ctx.exec({ u"SELECT RELEASE_LOCK(?)"_s, { name } });
    return result;
}

// Race.objects.bulk_create([Race(**params)], ignore_conflicts=True), then Race.objects.get(**lookup): the
// database, not Python, decides whether the row is new.
WorkerResult upsert(RecipeContext& ctx)
{
    const WorkerSpec& w = ctx.worker();
    const DjangoSql sql(ctx.table(), ctx.dialect(), ctx.django());
    qint64 inserted = 0;
    // bulk_create runs in transaction.atomic(savepoint=False): BEGIN ... COMMIT in autocommit mode.
    WorkerResult written = inAtomicBlock(ctx, ctx.beginSql(), [&] {
        const StatementResult r = ctx.exec(sql.bulkInsert({ createParams(w) }, true));
        inserted = r.rowsAffected;
        return r.ok() ? WorkerResult { ResultKind::Created, {}, {}, false } : failure(r.error);
    });
    if (written.isFailure())
        return written;
    const StatementResult r = ctx.exec(sql.get(w.lookup));
    auto got = interpretGet(r, sql);
    if (!got)
        return { ResultKind::DoesNotExist, u"%1 matching query does not exist."_s.arg(ctx.table().model), {}, false };
    if (got->kind == ResultKind::Got && inserted > 0) {
        got->kind = ResultKind::Created;
    } else if (got->kind == ResultKind::Got) {
        got->detail = u"the INSERT was ignored: the row was there"_s;
    }
    return *got;
}

// QuerySet.update_or_create() as Django 3.2, 4.2 and 5.2 write it:
//   with transaction.atomic():
//       obj, created = self.select_for_update().get_or_create(create_defaults, **kwargs)  # 3.2, 4.2: defaults
//       if created: return obj, created
//       for k, v in defaults: setattr(obj, k, v)
//       obj.save(update_fields=defaults.keys())      # 3.2: obj.save(), every field
//   return obj, False
// The inner get_or_create is a savepoint inside the outer block; its get and re-get lock with FOR UPDATE.
WorkerResult updateOrCreate(RecipeContext& ctx)
{
    const WorkerSpec& w = ctx.worker();
    const DjangoTarget target = ctx.django();
    const DjangoSql sql(ctx.table(), ctx.dialect(), target);
    Savepoints savepoints;
    return inAtomicBlock(ctx, ctx.beginSql(), [&] {
        Row fetched;
        WorkerResult r = getOrCreateInTransaction(
            ctx, sql, true, savepoints, &fetched, w.createDefaults ? &*w.createDefaults : nullptr);
        if (r.kind != ResultKind::Got)
            return r;
        Statement save;
        if (target.updateOrCreateSavesOnlyDefaults()) {
            // save(update_fields=set()) returns without a query.
            if (w.defaults.isEmpty())
                return r;
            save = sql.saveUpdate(r.rowId, w.defaults, w.defaults.keys());
        } else {
            // 3.2's plain save() writes every field: what the get read, with the defaults set on it.
            QStringList fields;
            QVariantMap values = rowValues(ctx.table(), fetched, &fields);
            for (auto it = w.defaults.begin(); it != w.defaults.end(); ++it)
                values.insert(it.key(), it.value());
            save = sql.saveUpdate(r.rowId, values, fields);
        }
        const StatementResult updated = ctx.exec(save);
        if (!updated.ok())
            return failure(updated.error);
        r.kind = ResultKind::Updated;
        r.detail =
            r.afterIntegrityError ? r.detail + u", then updated it"_s : u"updated row %1"_s.arg(r.rowId.toString());
        return r;
    });
}

// obj = Race.objects.get(**lookup); obj.n += 1; obj.save(): the new value is computed in Python from what the
// get read, and save() writes every field back. Two workers that read the same value write the same value.
WorkerResult counterReadModifyWrite(RecipeContext& ctx)
{
    const WorkerSpec& w = ctx.worker();
    const DjangoSql sql(ctx.table(), ctx.dialect(), ctx.django());
    const StatementResult r = ctx.exec(sql.get(w.lookup));
    auto got = interpretGet(r, sql);
    if (!got)
        return { ResultKind::DoesNotExist, u"%1 matching query does not exist."_s.arg(ctx.table().model), {}, false };
    if (got->kind != ResultKind::Got)
        return *got;
    QStringList fields;
    QVariantMap values = rowValues(ctx.table(), r.rows.front(), &fields);
    const QVariant current = values.value(w.column);
    if (current.isNull())
        return { ResultKind::Error, u"TypeError: unsupported operand type(s) for +=: 'NoneType' and 'int'"_s,
            got->rowId, false };
    const qint64 next = current.toLongLong() + 1;
    values.insert(w.column, next);
    const StatementResult updated = ctx.exec(sql.saveUpdate(got->rowId, values, fields));
    if (!updated.ok())
        return failure(updated.error);
    return { ResultKind::Updated, u"%1: %2 -> %3"_s.arg(w.column).arg(current.toLongLong()).arg(next), got->rowId,
        false };
}

// Race.objects.filter(**lookup).update(n=F("n") + 1): the database adds one to whatever value it holds when
// the UPDATE runs, under the row lock the UPDATE takes.
WorkerResult counterAtomic(RecipeContext& ctx)
{
    const WorkerSpec& w = ctx.worker();
    const DjangoSql sql(ctx.table(), ctx.dialect(), ctx.django());
    const StatementResult r = ctx.exec(sql.incrementWhere(w.column, 1, w.lookup));
    if (!r.ok())
        return failure(r.error);
    return { ResultKind::Updated, rowCountText(r.rowsAffected) + u" updated"_s, {}, false };
}

// bulk_create(rows) inside transaction.atomic(savepoint=False), as Django 3.2-5.x writes it: one multi-row INSERT,
// no check of its own. A row another worker inserted meanwhile fails the whole statement. `existed` rows were
// left out by the caller's check (bulk_create_missing): the detail counts them.
WorkerResult bulkInsertBatch(
    RecipeContext& ctx, const DjangoSql& sql, const QList<QVariantMap>& rows, qsizetype existed)
{
    return inAtomicBlock(ctx, ctx.beginSql(), [&] {
        const StatementResult r = ctx.exec(sql.bulkInsert(rows));
        if (!r.ok())
            return failure(r.error);
        QString detail = u"inserted "_s + rowCountText(r.rowsAffected > 0 ? r.rowsAffected : r.rows.size());
        if (!r.rows.isEmpty()) {
            QStringList ids;
            for (const Row& row : r.rows)
                ids.append(row.value(0).toString());
            detail += u" (ids "_s + ids.join(u", "_s) + u')';
        }
        if (existed > 0)
            detail += u"; %1 already there"_s.arg(rowCountText(existed));
        return WorkerResult { ResultKind::Created, detail, r.insertId, false };
    });
}

// Domain.objects.bulk_create([...]) of rows the caller believed new.
WorkerResult bulkCreate(RecipeContext& ctx)
{
    const DjangoSql sql(ctx.table(), ctx.dialect(), ctx.django());
    return bulkInsertBatch(ctx, sql, ctx.worker().batch, 0);
}

// Seed 03's Celery task as its code reads: first the check, list(Domain.objects.all()) in autocommit, compared in
// Python with the batch; then bulk_create() of the rows it did not find (none: nothing is sent). The check and the
// save are separate, so another worker can save between them. A row matches when every column the batch row names
// holds the same value (compared as text). The check keeps at most RowCollector::statementRows rows: a row beyond
// them counts as missing, and the INSERT then meets it as the real task would meet a row saved after its check.
WorkerResult bulkCreateMissing(RecipeContext& ctx)
{
    const WorkerSpec& w = ctx.worker();
    const DjangoSql sql(ctx.table(), ctx.dialect(), ctx.django());
    const StatementResult existing = ctx.exec(sql.all());
    if (!existing.ok())
        return failure(existing.error);
    const auto columnOf = [&](const QString& name) {
        for (qsizetype i = 0; i < ctx.table().columns.size(); ++i)
            if (ctx.table().columns[i].name == name)
                return i + 1; // after the id
        return qsizetype(-1);
    };
    QList<QVariantMap> missing;
    for (const QVariantMap& row : w.batch) {
        const bool found = std::any_of(existing.rows.cbegin(), existing.rows.cend(), [&](const Row& have) {
            for (auto it = row.cbegin(); it != row.cend(); ++it) {
                const qsizetype column = columnOf(it.key());
                if (column < 0 || have.value(column).toString() != it.value().toString())
                    return false;
            }
            return true;
        });
        if (!found)
            missing.append(row);
    }
    if (missing.isEmpty())
        return { ResultKind::Got, u"all %1 already there: nothing to insert"_s.arg(rowCountText(w.batch.size())), {},
            false };
    return bulkInsertBatch(ctx, sql, missing, w.batch.size() - missing.size());
}

bool isRetryable(ResultKind kind)
{
    // SQLite's "database is locked" on a deferred transaction that cannot take the write lock is its form of
    // a serialization failure: the transaction can only be retried.
    return kind == ResultKind::SerializationFailure || kind == ResultKind::Deadlock || kind == ResultKind::Busy;
}

// The atomic get_or_create in a loop that retries the whole transaction on a serialization failure or a
// deadlock, as code running at SERIALIZABLE must:
//   for attempt in range(retries):
//       try:
//           with transaction.atomic(): return Race.objects.get_or_create(...)
//       except OperationalError as e:  # 40001, 40P01, 1213
//           if attempt == retries - 1: raise
WorkerResult serializableRetry(RecipeContext& ctx)
{
    const WorkerSpec& w = ctx.worker();
    const DjangoSql sql(ctx.table(), ctx.dialect(), ctx.django());
    Savepoints savepoints;
    const int attempts = w.attempts();
    QStringList failed;
    for (int attempt = 1;; ++attempt) {
        WorkerResult r =
            inAtomicBlock(ctx, ctx.beginSql(), [&] { return getOrCreateInTransaction(ctx, sql, false, savepoints); });
        const bool retry = isRetryable(r.kind) && attempt < attempts;
        if (retry) {
            failed.append(r.kindName());
            continue;
        }
        QString note = u"attempt %1 of %2"_s.arg(attempt).arg(attempts);
        if (!failed.isEmpty())
            note += u" (after "_s + failed.join(u", "_s) + u')';
        r.detail = r.detail.isEmpty() ? note : r.detail + u"; "_s + note;
        return r;
    }
}

// Value equality as a person reading a result means it: numbers by value (1 = 1.0), NULL only with NULL,
// anything else as text.
bool sameValue(const QVariant& expected, const QVariant& actual)
{
    if (expected.isNull() || actual.isNull())
        return expected.isNull() && actual.isNull();
    const QMetaType::Type e = QMetaType::Type(expected.typeId());
    if (e == QMetaType::LongLong || e == QMetaType::Double || e == QMetaType::Bool) {
        bool ok = false;
        const double a = actual.typeId() == QMetaType::Bool ? (actual.toBool() ? 1.0 : 0.0) : actual.toDouble(&ok);
        if (actual.typeId() != QMetaType::Bool && !ok)
            return false;
        return (e == QMetaType::Bool ? (expected.toBool() ? 1.0 : 0.0) : expected.toDouble()) == a;
    }
    return expected.toString() == actual.toString();
}

bool sameRow(const QVariantList& expected, const QVariantList& actual)
{
    if (expected.size() != actual.size())
        return false;
    for (qsizetype c = 0; c < expected.size(); ++c)
        if (!sameValue(expected[c], actual[c]))
            return false;
    return true;
}

// Rows for a message: [[1, 'a'], [2, NULL]], at most `maxRows` of them and then "… (N rows in all)".
QString rowsText(const QList<QVariantList>& rows, qsizetype maxRows = 10)
{
    QStringList out;
    for (const QVariantList& row : rows) {
        if (out.size() == maxRows) {
            out.append(u"… (%1 in all)"_s.arg(rowCountText(rows.size())));
            break;
        }
        QStringList values;
        for (const QVariant& v : row)
            values.append(oneLine(formatSqlValue(v).left(80)));
        out.append(u'[' + values.join(u", "_s) + u']');
    }
    return u'[' + out.join(u", "_s) + u']';
}

// Whether every expected row is matched by its own returned row, in any order (a multiset): a bipartite matching,
// since a value matches as a person reads it (1 matches 1.0 and '1'), which is not an equivalence. `missing` gets
// the expected rows left unmatched, `extra` the returned rows left over.
bool sameRowsInAnyOrder(const QList<QVariantList>& expected, const QList<Row>& actual, QList<QVariantList>* missing,
    QList<QVariantList>* extra)
{
    QList<QList<int>> candidates(expected.size());
    for (qsizetype e = 0; e < expected.size(); ++e)
        for (qsizetype a = 0; a < actual.size(); ++a)
            if (sameRow(expected[e], actual[a]))
                candidates[e].append(int(a));
    QList<int> owner(actual.size(), -1); // the expected row each returned row is matched to
    std::function<bool(int, QList<bool>&)> augment = [&](int e, QList<bool>& seen) {
        for (const int a : std::as_const(candidates[e])) {
            if (seen[a])
                continue;
            seen[a] = true;
            if (owner[a] < 0 || augment(owner[a], seen)) {
                owner[a] = e;
                return true;
            }
        }
        return false;
    };
    bool all = expected.size() == actual.size();
    for (qsizetype e = 0; e < expected.size(); ++e) {
        QList<bool> seen(actual.size(), false);
        if (!augment(int(e), seen)) {
            all = false;
            missing->append(expected[e]);
        }
    }
    for (qsizetype a = 0; a < actual.size(); ++a)
        if (owner[a] < 0)
            extra->append(actual[a]);
    return all;
}

// Why a statement's result is not the rows its "expect" gives (empty when it is): compared in order when the
// statement orders its rows or asks for order ("expect_ordered"), as a multiset otherwise. The message shows both
// sides, and for a multiset what is missing and what was not expected.
QString expectMismatch(
    BackendSpec::Kind dialect, const SqlStatementSpec& st, const StatementResult& r, const QString& which)
{
    Q_ASSERT(st.expect);
    if (!r.ok())
        return u"%1: expected %2, got error %3: %4"_s.arg(
            which, rowsText(*st.expect), r.error.codeText(), oneLine(r.error.message));
    if (r.rowsDropped > 0)
        return u"%1: expected %2, got %3 rows, more than a run keeps to compare"_s.arg(which, rowsText(*st.expect))
            .arg(r.rowCount());
    if (st.expectOrdered || LiteralSql::ordersRows(dialect, st.sql)) {
        bool same = r.rows.size() == st.expect->size();
        for (qsizetype row = 0; same && row < r.rows.size(); ++row)
            same = sameRow(st.expect->at(row), r.rows[row]);
        return same ? QString()
                    : u"%1: expected %2 in this order, got %3"_s.arg(which, rowsText(*st.expect), rowsText(r.rows));
    }
    QList<QVariantList> missing;
    QList<QVariantList> extra;
    if (sameRowsInAnyOrder(*st.expect, r.rows, &missing, &extra))
        return {};
    QStringList difference;
    if (!missing.isEmpty())
        difference.append(u"missing "_s + rowsText(missing, 3));
    if (!extra.isEmpty())
        difference.append(u"not expected "_s + rowsText(extra, 3));
    return u"%1: expected %2 in any order, got %3 (%4)"_s.arg(
        which, rowsText(*st.expect), rowsText(r.rows), difference.join(u", "_s));
}

bool isExpectedError(const QString& expected, const DbError& error)
{
    return expected.compare(error.sqlState, Qt::CaseInsensitive) == 0
        || (error.code != 0 && expected == QString::number(error.code))
        || expected.compare(error.className(), Qt::CaseInsensitive) == 0;
}

// A session of literal statements, as in a psql or mysql window: each is sent in order, an error is recorded
// and the next statement still runs; each statement with "expect" is checked against the rows it returned (as a
// multiset unless the statement orders them or asks for order), each with "expect_error" against its error.
WorkerResult literalSql(RecipeContext& ctx)
{
    const WorkerSpec& w = ctx.worker();
    QStringList mismatches;
    int errors = 0;
    for (qsizetype i = 0; i < w.statements.size(); ++i) {
        const SqlStatementSpec& st = w.statements[i];
        const StatementResult r = ctx.exec({ st.sql, st.params, LiteralAccess::of(st.sql, st.params, ctx.table()) });
        // Errors are the session's story and it goes on, as psql would; but a session stopped, or one whose server
        // stopped answering or went away, has no story left to tell.
        if (r.error.cls == ErrorClass::Interrupted || r.error.cls == ErrorClass::Timeout
            || r.error.cls == ErrorClass::ConnectionLost)
            return failure(r.error);
        if (!r.ok())
            ++errors;
        const QString which = u"statement %1 (%2)"_s.arg(i + 1).arg(oneLine(st.sql.simplified().left(60)));
        if (!st.expectError.isEmpty()) {
            if (r.ok())
                mismatches.append(u"%1: expected error %2, got %3 %4"_s.arg(
                    which, st.expectError, rowCountText(r.rowCount()), rowsText(r.rows)));
            else if (!isExpectedError(st.expectError, r.error))
                mismatches.append(u"%1: expected error %2, got error %3 (%4): %5"_s.arg(
                    which, st.expectError, r.error.codeText(), r.error.className(), oneLine(r.error.message)));
            continue;
        }
        if (!st.expect)
            continue;
        const QString mismatch = expectMismatch(ctx.dialect(), st, r, which);
        if (!mismatch.isEmpty())
            mismatches.append(mismatch);
    }
    const QString summary = u"%1 statements, %2 failed"_s.arg(w.statements.size()).arg(errors);
    if (!mismatches.isEmpty())
        return { ResultKind::Unexpected, mismatches.join(u"; "_s), {}, false };
    return { ResultKind::Completed, summary, {}, false };
}

} // namespace

qint64 Recipe::advisoryKey(const TableSpec& table, const QVariantMap& lookup)
{
    // "race:user_id='c53b8b'" (lookup columns in key order, values as SQL literals), hashed with SHA-256; the
    // first 8 bytes, big-endian, as a signed 64-bit integer: stable across runs, machines and versions.
    QStringList parts;
    for (auto it = lookup.begin(); it != lookup.end(); ++it)
        parts.append(it.key() + u'=' + formatSqlValue(it.value()));
    const QByteArray digest =
        QCryptographicHash::hash((table.name + u':' + parts.join(u", "_s)).toUtf8(), QCryptographicHash::Sha256);
    return qFromBigEndian<qint64>(digest.constData());
}

QString Recipe::advisoryLockName(qint64 key)
{
    return u"interleave:%1"_s.arg(key); // at most 31 characters: MySQL allows 64
}

const QList<Recipe>& Recipe::all()
{
    static const QList<Recipe> recipes {
        { u"django_get_or_create"_s,
            u"Django's QuerySet.get_or_create(): SELECT ... LIMIT 21; if nothing, INSERT in a transaction; on "
            "IntegrityError roll back and get again"_s,
            withBefore(djangoGetOrCreate) },
        { u"naive_get_or_create"_s,
            u"get() then create() with no error handling: SELECT, then a plain INSERT in autocommit"_s,
            withBefore(naiveGetOrCreate) },
        { u"select_for_update"_s,
            u"select_for_update().get_or_create() in atomic(): SELECT ... FOR UPDATE, then the INSERT in a "
            "savepoint; a missing row is not locked (and MySQL's gap locks deadlock)"_s,
            withBefore(selectForUpdate) },
        { u"lock_table"_s,
            u"LOCK TABLE ... IN <lock> MODE before get_or_create in one transaction (MySQL: LOCK TABLES ... WRITE, "
            "SQLite: BEGIN IMMEDIATE)"_s,
            lockTable },
        { u"advisory_lock"_s,
            u"An advisory lock on the lookup around get_or_create: pg_advisory_xact_lock, MySQL GET_LOCK / "
            "RELEASE_LOCK, SQLite BEGIN IMMEDIATE"_s,
            advisoryLock },
        { u"upsert"_s,
            u"bulk_create(ignore_conflicts=True) then get(): INSERT ... ON CONFLICT DO NOTHING / INSERT IGNORE / "
            "INSERT OR IGNORE, then SELECT"_s,
            withBefore(upsert) },
        { u"update_or_create"_s,
            u"Django's QuerySet.update_or_create(): SELECT ... FOR UPDATE in a transaction, UPDATE the defaults "
            "or INSERT in a savepoint"_s,
            withBefore(updateOrCreate) },
        { u"counter_read_modify_write"_s,
            u"get(), add one in Python, save(): SELECT then UPDATE ... SET every field; concurrent increments "
            "are lost"_s,
            withBefore(counterReadModifyWrite) },
        { u"counter_atomic"_s,
            u"filter().update(n=F(\"n\") + 1): one UPDATE ... SET n = (n + 1); no increment is lost"_s,
            withBefore(counterAtomic) },
        { u"bulk_create"_s,
            u"bulk_create(batch): one multi-row INSERT in a transaction; one duplicate fails the whole batch"_s,
            bulkCreate },
        { u"bulk_create_missing"_s,
            u"Read the table (list(objects.all())), then bulk_create() the batch's rows it did not find: the check "
            "and the save are separate, so another worker can save between them"_s,
            bulkCreateMissing },
        { u"serializable_retry"_s,
            u"The atomic get_or_create, retried on serialization failures and deadlocks up to \"retries\" "
            "times"_s,
            withBefore(serializableRetry) },
        { u"sql"_s,
            u"Literal statements in order, like a psql session: errors are recorded and the next statement runs; "
            "results are checked against \"expect\""_s,
            literalSql },
    };
    return recipes;
}

const Recipe* Recipe::find(const QString& name)
{
    for (const Recipe& r : all())
        if (r.name == name)
            return &r;
    return nullptr;
}

} // namespace interleave
