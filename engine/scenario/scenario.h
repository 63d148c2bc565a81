// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <optional>

namespace interleave {

struct ColumnSpec {
    ColumnSpec() = default;
    ColumnSpec(QString name_, QString type_, bool nullable_ = true)
        : name(std::move(name_))
        , type(std::move(type_))
        , nullable(nullable_)
    {
    }
    ColumnSpec withDefault(const QVariant& value) const
    {
        ColumnSpec c = *this;
        c.hasDefault = true;
        c.defaultValue = value;
        return c;
    }

    QString name;
    QString type; // SQL type as written: varchar(32), text, integer, ...
    bool nullable = true;
    // The model field's default (Field(default=...)): Django fills it in, in Python, when an INSERT gives the column
    // no value; the table itself gets no DEFAULT clause, as Django's migrations leave none. A null default is
    // Field(default=None).
    bool hasDefault = false;
    QVariant defaultValue;
};

struct ConstraintSpec {
    QString kind = QStringLiteral("unique");
    QStringList columns;
    QString where; // non-empty: a partial unique index
    QString name; // generated when empty: <table>_<col>_..._uniq
    // Instead of columns, a functional unique constraint, UniqueConstraint(Lower("name")): "lower(name)" or
    // "upper(name)", as IndexExpression parses them (only those two functions of one column).
    QStringList expressions {};
};

struct TableSpec {
    QString name;
    QString model; // Django model class name, used in messages ("get() returned more than one Race")
    QList<ColumnSpec> columns; // an implicit `id` integer primary key precedes these
    QList<ConstraintSpec> constraints;
    QList<QVariantMap> rows; // initial rows, column name -> value

    const ColumnSpec* column(const QString& name) const;
    QString constraintName(int index) const;
};

// One literal statement of the `sql` recipe: sent as written, with its values bound; `expect` (when given) is
// the rows it should return, compared value by value.
struct SqlStatementSpec {
    QString sql;
    QVariantList params;
    std::optional<QList<QVariantList>> expect; // compared as a multiset unless the statement orders its rows
    bool expectOrdered = false; // compare `expect` in order even without a top-level ORDER BY
    QString expectError = {}; // the statement must fail with this SQLSTATE, native code or error class
    // The step it belongs to when the scenario was imported from a PostgreSQL isolation spec ("s1u"): what
    // --format isolationtester prints ("step s1u: ..."); empty for a session's setup and teardown, which it does not.
    QString step = {};
    // The step's completion markers, as the spec's permutation line writes them in parentheses: "*" (report it
    // waiting as soon as it starts), "s1c" (report it complete only after step s1c), "s1c notices 2" (only after
    // s1c's session has sent two notices). Only how --format isolationtester reports the step; not how it runs.
    QStringList stepBlockers = {};
    friend bool operator==(const SqlStatementSpec&, const SqlStatementSpec&) = default;
};

// A Django release whose SQL the recipes write: the long-term-support releases people run, 3.2 (Debian 12's), 4.2 and
// 5.2. What differs between them is in DjangoTarget (djangosql.h) and the recipes; docs/recipes.md lists it.
struct DjangoVersion {
    int major = 5;
    int minor = 2;

    static DjangoVersion newestLts() { return { 5, 2 }; }
    static QList<DjangoVersion> supported() { return { { 3, 2 }, { 4, 2 }, { 5, 2 } }; }
    // "3.2", "4.2" or "5.2"; nullopt for anything else.
    static std::optional<DjangoVersion> fromString(const QString& text);
    QString toString() const { return QString::number(major) + QLatin1Char('.') + QString::number(minor); }
    // Compared by plain operators: clang-tidy 14 reads the 0 of a synthesized <=> rewrite as a null pointer.
    int number() const { return major * 100 + minor; }
    friend bool operator==(const DjangoVersion& a, const DjangoVersion& b) { return a.number() == b.number(); }
    friend bool operator<(const DjangoVersion& a, const DjangoVersion& b) { return a.number() < b.number(); }
    friend bool operator>=(const DjangoVersion& a, const DjangoVersion& b) { return !(a < b); }
};

struct WorkerSpec {
    QString name;
    QString recipe;
    QVariantMap lookup; // QVariantMap's sorted keys are also Django's order: Q() sorts its kwargs
    QVariantMap defaults;
    bool atomic = false; // run inside an outer transaction, like ATOMIC_REQUESTS
    // Fields only some recipes take (Scenario refuses them on the others).
    QString lock; // lock_table: PostgreSQL lock mode, upper case; empty means SHARE ROW EXCLUSIVE
    QString column; // counter_read_modify_write, counter_atomic: the integer column to increment
    QList<QVariantMap> batch; // bulk_create: the rows of one multi-row INSERT
    int retries = 0; // serializable_retry: attempts (1..100); 0 means the default, 3
    QList<SqlStatementSpec> statements; // sql: the literal statements, in order
    // Literal statements the worker's code runs on its own connection before the recipe (writes earlier in the same
    // view): inside the outer atomic block when `atomic`, else in autocommit. Checked like the sql recipe's.
    QList<SqlStatementSpec> before;
    std::optional<DjangoVersion> django; // as the worker names it; the scenario's otherwise (Scenario::djangoFor)
    std::optional<QVariantMap> createDefaults; // update_or_create, Django 5.0+: the create's values instead of defaults
    QStringList expectedErrors; // the failures it may end with and the run still hold ("Busy"): WorkerResult names

    static constexpr int defaultRetries = 3;
    int attempts() const { return retries > 0 ? retries : defaultRetries; }
    static QString defaultLock() { return QStringLiteral("SHARE ROW EXCLUSIVE"); }
    QString lockMode() const { return lock.isEmpty() ? defaultLock() : lock; }
};

struct BackendSpec {
    enum class Kind { Sqlite, Postgresql, Mysql };
    Kind kind = Kind::Sqlite;
    QString journalMode = QStringLiteral("delete"); // delete | wal
    QString beginMode = QStringLiteral("deferred"); // deferred | immediate
    int busyTimeoutMs = 5000; // Django's SQLite default
    QString url; // servers: postgresql://user@host:port/db, mysql://user@host:port/db (never a password)
    int lockTimeoutMs = 0; // servers: 0 keeps the server's own (PostgreSQL: none; InnoDB: 50 s)
    // How long Interleave waits for one statement's answer before it gives up with a Timeout: on a server, each
    // round trip (a statement, a monitor question), after which the connection is dropped, so a frozen server
    // never hangs a run; on SQLite, a statement's own work (a runaway recursive query), busy waits apart.
    static constexpr int defaultReplyTimeoutMs = 30000;
    int replyTimeoutMs = defaultReplyTimeoutMs;
    static QString kindName(Kind kind);
    static QString displayName(Kind kind); // "SQLite", "PostgreSQL", "MySQL": for people
    bool isServer() const { return kind != Kind::Sqlite; }
    // "sqlite", "postgresql://interleave@127.0.0.1:5432/interleave", ...: what --backend accepts. nullopt with
    // *error set when `text` is neither "sqlite" nor a server URL.
    static std::optional<BackendSpec> fromCommandLine(const QString& text, QString* error);
};

struct ScheduleSpec {
    // Free and Script are single runs; Step is a run a person drives statement by statement (the Runner, given
    // one, takes the workers round-robin); Explore runs every schedule; Stress runs `trials` free runs.
    enum class Mode { Free, Script, Step, Explore, Stress };
    Mode mode = Mode::Free;
    QStringList script; // worker names, one statement each
    int jitterUs = 0; // free and stress modes: random pause of up to this many microseconds before each statement
    qint64 trials = 0; // stress mode: how many trials; 0 means defaultTrials
    static constexpr qint64 defaultTrials = 1000;
    static constexpr qint64 maxTrials = 10'000'000;
    qint64 trialCount() const { return trials > 0 ? trials : defaultTrials; }

    QString scriptText() const { return script.join(QLatin1Char(',')); }
    // A typed script's steps: separated by commas and white space ("A, B,A" and "A B A" are A,B,A), unchecked.
    static QStringList scriptSteps(const QString& text);
    static QString modeName(Mode mode); // "free", "script", "step", "explore", "stress"
    static std::optional<Mode> modeFromName(const QString& name);
    static QList<Mode> modes();
};

// A challenge's goal (challenge mode, engine/challenge): what the student, scheduling the workers step by step, must
// make the run show. Every key given must hold at once; docs/guide/scenario-format.md ("goal") tells the file's form.
struct GoalSpec {
    QString text; // what the student reads: "Make the table end with 2 rows"
    int rows = -1; // the table ends with this many rows; -1: any number
    QString worker; // with `results`: this worker ends ...
    QStringList results; // ... with one of these, as its badge says: "got (after IntegrityError)", "Deadlock"
    QString expect; // the final rows show this, as the scenario's "expect" writes it: "likes = 1"
    friend bool operator==(const GoalSpec&, const GoalSpec&) = default;
};

// Where and why a scenario was refused. toString(): "race.json:12:5: workers[1].lookup: unknown column "usr_id"".
struct ScenarioError {
    QString file;
    int line = 0; // 1-based; 0 when unknown
    int column = 0;
    QString field; // JSON path such as workers[1].lookup
    QString message;
    QString toString() const;
};

struct Scenario {
    int version = 1;
    QString name;
    QString description;
    BackendSpec backend;
    QString isolation = QStringLiteral("default");
    std::optional<DjangoVersion> django; // as the file names it; DjangoVersion::newestLts() otherwise
    // The databases on which the scenario shows what its description promises (all three when empty).
    QStringList databases;
    TableSpec table;
    QList<WorkerSpec> workers;
    ScheduleSpec schedule;
    QStringList expect; // what the final rows must show, as written: "likes = 2" (Expectation, engine/anomaly)
    std::optional<GoalSpec> goal; // a challenge's: step mode then says when the student's schedule reaches it

    int workerIndex(const QString& name) const; // -1 when absent
    QStringList workerNames() const; // A, B, ... in the workers' order
    // The Django release whose SQL a worker sends: its own, else the scenario's, else the newest LTS.
    DjangoVersion djangoFor(const WorkerSpec& worker) const
    {
        return worker.django.value_or(django.value_or(DjangoVersion::newestLts()));
    }
    // The literal statements of its `sql` workers as "A: SELECT ...", in worker order: code written in the file,
    // which runs on a server only with the user's consent (the command line's --allow-sql, the window's question).
    QStringList literalStatements() const;

    // Parses and validates; never returns a half-loaded scenario. `source` names the file in messages.
    static std::optional<Scenario> fromJson(const QByteArray& json, const QString& source, ScenarioError* error);
    static std::optional<Scenario> load(const QString& path, ScenarioError* error);
    // Checks a script against the workers ("A,B,A,C" with no worker C is refused); field is "schedule.script".
    static std::optional<QStringList> parseScript(const QString& text, const Scenario& scenario, ScenarioError* error);
    QByteArray toJson() const;
    // Validation of a scenario built in code (the editor); the same checks fromJson applies.
    std::optional<ScenarioError> validate() const;
};

} // namespace interleave
