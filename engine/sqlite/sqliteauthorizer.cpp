// SPDX-License-Identifier: MIT
#include "sqliteauthorizer.h"

#include "oneline.h"
#include "sqlitebackend.h"
#include "statementkind.h"

#include <QSet>
#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

QString text(const char* s)
{
    return s ? QString::fromUtf8(s) : QString();
}

// SQLite folds only ASCII letters when it compares names.
QString asciiLower(const QString& name)
{
    QString out = name;
    for (QChar& c : out)
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + (u'a' - u'A'));
    return out;
}

QString quoted(const QString& name)
{
    return u'"' + oneLine(name) + u'"';
}

// What each denied action is, for the message.
QString actionName(int action, const QString& a)
{
    switch (action) {
    case SQLITE_CREATE_INDEX:
    case SQLITE_CREATE_TEMP_INDEX:
        return u"CREATE INDEX"_s;
    case SQLITE_CREATE_TABLE:
    case SQLITE_CREATE_TEMP_TABLE:
        return u"CREATE TABLE"_s;
    case SQLITE_CREATE_TRIGGER:
    case SQLITE_CREATE_TEMP_TRIGGER:
        return u"CREATE TRIGGER"_s;
    case SQLITE_CREATE_VIEW:
    case SQLITE_CREATE_TEMP_VIEW:
        return u"CREATE VIEW"_s;
    case SQLITE_CREATE_VTABLE:
        return u"CREATE VIRTUAL TABLE"_s;
    case SQLITE_DROP_INDEX:
    case SQLITE_DROP_TEMP_INDEX:
        return u"DROP INDEX"_s;
    case SQLITE_DROP_TABLE:
    case SQLITE_DROP_TEMP_TABLE:
        return u"DROP TABLE"_s;
    case SQLITE_DROP_TRIGGER:
    case SQLITE_DROP_TEMP_TRIGGER:
        return u"DROP TRIGGER"_s;
    case SQLITE_DROP_VIEW:
    case SQLITE_DROP_TEMP_VIEW:
        return u"DROP VIEW"_s;
    case SQLITE_DROP_VTABLE:
        return u"DROP VIRTUAL TABLE"_s;
    case SQLITE_ALTER_TABLE:
        return u"ALTER TABLE"_s;
    case SQLITE_REINDEX:
        return u"REINDEX"_s;
    case SQLITE_ANALYZE:
        return u"ANALYZE"_s;
    case SQLITE_ATTACH:
        // VACUUM attaches the database it writes (while it runs), so it is refused here too.
        return u"ATTACH"_s;
    case SQLITE_DETACH:
        return u"DETACH"_s;
    case SQLITE_PRAGMA:
        return u"PRAGMA "_s + oneLine(a);
    default:
        return u"this statement"_s;
    }
}

} // namespace

SqliteAuthorizer::SqliteAuthorizer(QString table)
    : m_table(std::move(table))
{
}

void SqliteAuthorizer::install(sqlite3* db)
{
    sqlite3_set_authorizer(db, &SqliteAuthorizer::callback, this);
}

void SqliteAuthorizer::clear()
{
    m_refusal.clear();
    m_refusedName.clear();
    m_transactionVerb.clear();
}

int SqliteAuthorizer::callback(void* self, int action, const char* a, const char* b, const char* database, const char*)
{
    return static_cast<SqliteAuthorizer*>(self)->decide(action, a, b, database);
}

int SqliteAuthorizer::deny(const QString& name, const QString& sentence)
{
    if (m_refusal.isEmpty()) {
        m_refusal = sentence;
        m_refusedName = name;
    }
    return SQLITE_DENY;
}

int SqliteAuthorizer::decide(int action, const char* a, const char* b, const char* database)
{
    const QString first = text(a);
    const QString second = text(b);
    switch (action) {
    case SQLITE_TRANSACTION:
        m_transactionVerb = first; // BEGIN, COMMIT or ROLLBACK
        return SQLITE_OK;
    case SQLITE_SAVEPOINT:
        m_transactionVerb = first == u"BEGIN"_s ? u"SAVEPOINT"_s : first == u"ROLLBACK"_s ? u"ROLLBACK TO"_s : first;
        return SQLITE_OK;
    case SQLITE_SELECT:
        return SQLITE_OK;
    case SQLITE_READ:
    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE: {
        // Rows a subquery or a WITH query made (no database holds them) are the statement's own to read.
        if (action == SQLITE_READ && !database)
            return SQLITE_OK;
        // SQLite compares names without regard to case (ASCII only).
        const QString schema = text(database);
        if (asciiLower(first) == asciiLower(m_table) && schema == u"main"_s)
            return SQLITE_OK;
        // CREATE, DROP, ALTER and ANALYZE write the schema table before SQLite asks about the statement itself.
        static const QSet<QString> schemaTables { u"sqlite_master"_s, u"sqlite_temp_master"_s, u"sqlite_schema"_s,
            u"sqlite_temp_schema"_s };
        if (action != SQLITE_READ && schemaTables.contains(asciiLower(first)))
            return deny(first,
                u"changes the database's schema (CREATE, DROP, ALTER, ANALYZE or a virtual table); a literal "
                "statement reads or writes rows"_s);
        const QString verb = action == SQLITE_READ ? u"reads"_s
            : action == SQLITE_INSERT              ? u"inserts into"_s
            : action == SQLITE_UPDATE              ? u"updates"_s
                                                   : u"deletes from"_s;
        const QString name = schema.isEmpty() || schema == u"main"_s ? first : schema + u'.' + first;
        return deny(first,
            u"%1 table %2; a literal statement may name only the scenario's table %3"_s.arg(
                verb, quoted(name), quoted(m_table)));
    }
    case SQLITE_FUNCTION:
        if (LiteralSql::allowedFunctions(BackendSpec::Kind::Sqlite).contains(asciiLower(second)))
            return SQLITE_OK;
        return deny(
            second, u"calls %1(), which is not on the allow-list of functions for literal SQL"_s.arg(oneLine(second)));
    case SQLITE_RECURSIVE:
        return deny(u"recursive"_s, u"a recursive WITH can run without end; literal SQL may not use one"_s);
    case SQLITE_PRAGMA:
        return deny(u"pragma"_s,
            u"%1 is not run: a literal statement may not read or change the database's settings"_s.arg(
                actionName(action, first)));
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
        return deny(actionName(action, first),
            u"ATTACH (and VACUUM, which attaches) is not run: it opens another database file; a literal statement "
            "reads or writes the scenario's table"_s);
    default: {
        const QString what = actionName(action, first);
        return deny(what.section(u' ', 0, 0),
            u"%1 is not run: a literal statement reads or writes the rows of the scenario's table or manages the "
            "transaction"_s.arg(what));
    }
    }
}

namespace {

// SQLite's first word after white space and comments (its tokenizer's rules for both are these).
QString firstWord(const QString& sql)
{
    qsizetype i = 0;
    while (i < sql.size()) {
        const QChar c = sql.at(i);
        if (c == u' ' || c == u'\t' || c == u'\n' || c == u'\f' || c == u'\r') {
            ++i;
        } else if (c == u'-' && sql.mid(i, 2) == u"--"_s) {
            const qsizetype end = sql.indexOf(u'\n', i);
            i = end < 0 ? sql.size() : end + 1;
        } else if (c == u'/' && sql.mid(i, 2) == u"/*"_s) {
            const qsizetype end = sql.indexOf(u"*/"_s, i + 2);
            i = end < 0 ? sql.size() : end + 2;
        } else {
            break;
        }
    }
    qsizetype end = i;
    while (end < sql.size() && (sql.at(end).isLetter() || sql.at(end) == u'_') && sql.at(end).unicode() < 0x80)
        ++end;
    return sql.mid(i, end - i).toUpper();
}

} // namespace

std::optional<LiteralSql::Problem> SqliteAuthorizer::check(const QString& sql, const TableSpec& table)
{
    struct Database {
        sqlite3* db = nullptr;
        ~Database() { sqlite3_close_v2(db); }
    } memory;
    struct Prepared {
        sqlite3_stmt* stmt = nullptr;
        ~Prepared() { sqlite3_finalize(stmt); }
    };
    if (sqlite3_open_v2(":memory:", &memory.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr) != SQLITE_OK)
        return LiteralSql::Problem { -1, u"cannot check the statement: SQLite could not open a memory database"_s };
    QString why;
    const auto ddls = SqliteBackend::createStatements(table, &why);
    if (!ddls)
        return LiteralSql::Problem { -1, u"cannot check the statement: "_s + why };
    for (const QString& ddl : *ddls) {
        if (sqlite3_exec(memory.db, ddl.toUtf8().constData(), nullptr, nullptr, nullptr) != SQLITE_OK)
            return LiteralSql::Problem { -1,
                u"cannot check the statement: the table cannot be created (%1)"_s.arg(
                    QString::fromUtf8(sqlite3_errmsg(memory.db))) };
    }
    SqliteAuthorizer authorizer(table.name);
    authorizer.install(memory.db);
    const QByteArray utf8 = sql.toUtf8();
    const char* tail = nullptr;
    Prepared first;
    const int rc = sqlite3_prepare_v3(memory.db, utf8.constData(), int(utf8.size()), 0, &first.stmt, &tail);
    // VACUUM and the like do their work when they run, where the authorizer refuses them too; a statement
    // SQLite can prepare is refused here already by its kind.
    static const QSet<QString> kinds { u"SELECT"_s, u"INSERT"_s, u"UPDATE"_s, u"DELETE"_s, u"REPLACE"_s, u"WITH"_s,
        u"VALUES"_s, u"BEGIN"_s, u"COMMIT"_s, u"END"_s, u"ROLLBACK"_s, u"SAVEPOINT"_s, u"RELEASE"_s };
    // The rest of SQLite's statements, refused by name even when SQLite cannot prepare them here (DROP TABLE
    // public.x: there is no database "public"); a word SQLite does not know is a syntax error that fails when it
    // runs.
    static const QSet<QString> otherKinds { u"ALTER"_s, u"ANALYZE"_s, u"ATTACH"_s, u"CREATE"_s, u"DETACH"_s, u"DROP"_s,
        u"EXPLAIN"_s, u"PRAGMA"_s, u"REINDEX"_s, u"VACUUM"_s };
    const QString kind = firstWord(sql);
    if ((rc == SQLITE_OK || !authorizer.refusal().isEmpty() || otherKinds.contains(kind)) && !kind.isEmpty()
        && !kinds.contains(kind))
        return LiteralSql::Problem { int(sql.indexOf(kind, 0, Qt::CaseInsensitive)),
            u"%1 statements are not run; a literal statement is a SELECT, INSERT, REPLACE, UPDATE or DELETE on the "
            "scenario's table, or BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT or RELEASE"_s.arg(oneLine(kind)) };
    if (!authorizer.refusal().isEmpty()) {
        const qsizetype at = sql.indexOf(authorizer.refusedName(), 0, Qt::CaseInsensitive);
        return LiteralSql::Problem { int(at), authorizer.refusal() };
    }
    if (rc != SQLITE_OK) {
        const QString message = QString::fromUtf8(sqlite3_errmsg(memory.db));
        // Another database's transaction statement would fail here as a syntax error, and a write-up typed for
        // psql or mysql would then run without its transaction: say what SQLite reads instead.
        static const QSet<QString> transactionWords { u"BEGIN"_s, u"START"_s, u"COMMIT"_s, u"END"_s, u"ROLLBACK"_s,
            u"ABORT"_s, u"SET"_s, u"SAVEPOINT"_s, u"RELEASE"_s };
        const QStringList words = StatementKind::leadingWords(sql, 3);
        if (transactionWords.contains(kind) && !words.isEmpty()) {
            const QString spelled = words.value(0) == kind ? words.join(u' ') : kind;
            const QString instead = kind == u"ABORT"_s ? u"write ROLLBACK; "_s
                : kind == u"START"_s                   ? u"write BEGIN; "_s
                : kind == u"SET"_s ? u"SQLite has no SET: its transactions are always serializable, and a literal "
                                     "statement cannot change its settings; "_s
                : words.contains(u"ISOLATION"_s) || words.contains(u"READ"_s)
                ? u"SQLite's transactions are always serializable; "_s
                : QString();
            return LiteralSql::Problem { int(sql.indexOf(kind, 0, Qt::CaseInsensitive)),
                u"SQLite does not read %1 (%2); %3its transaction statements are BEGIN [DEFERRED | IMMEDIATE | "
                "EXCLUSIVE] [TRANSACTION], COMMIT or END [TRANSACTION], ROLLBACK [TRANSACTION] [TO [SAVEPOINT] name], "
                "SAVEPOINT name and RELEASE [SAVEPOINT] name"_s.arg(oneLine(spelled), oneLine(message), instead) };
        }
        // A function SQLite does not have is refused by name too (readfile() exists only in its shell).
        static const QString noFunction = u"no such function: "_s;
        if (message.startsWith(noFunction)) {
            const QString name = message.mid(noFunction.size());
            return LiteralSql::Problem { int(sql.indexOf(name, 0, Qt::CaseInsensitive)),
                u"calls %1(), which is not on the allow-list of functions for literal SQL"_s.arg(oneLine(name)) };
        }
        return std::nullopt; // it fails the same way when it runs, and does nothing
    }
    if (!first.stmt)
        return LiteralSql::Problem { -1, u"there is no statement here, only a comment"_s };
    // What SQLite's parser says the statement does to the transaction must be what the rest of Interleave reads
    // (StatementKind), or the trace would begin or end a transaction where SQLite did not.
    const QString read = StatementKind::verb(sql);
    if (authorizer.transactionVerb() != (StatementKind::isTransactionVerb(read) ? read : QString()))
        return LiteralSql::Problem { -1,
            u"SQLite reads this as %1 and Interleave as %2; write it without comments before it"_s.arg(
                authorizer.transactionVerb().isEmpty() ? kind : authorizer.transactionVerb(), read) };
    const auto tailStart = qsizetype(tail - utf8.constData());
    Prepared second;
    const char* rest = nullptr;
    const int rc2 = sqlite3_prepare_v3(memory.db, tail, int(utf8.size() - tailStart), 0, &second.stmt, &rest);
    if (rc2 != SQLITE_OK || second.stmt || !authorizer.refusal().isEmpty()) {
        const int at = int(QString::fromUtf8(utf8.left(tailStart)).size());
        return LiteralSql::Problem { at > 0 && sql.at(at - 1) == u';' ? at - 1 : at,
            u"one statement per entry: split it at the ';'"_s };
    }
    return std::nullopt;
}

} // namespace interleave
