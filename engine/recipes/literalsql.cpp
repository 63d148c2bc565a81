// SPDX-License-Identifier: MIT
#include "literalsql.h"

#include "mysqllexer.h"
#include "oneline.h"
#include "pgquery.h"
#include "sqliteauthorizer.h"
#include "statementkind.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

using namespace Qt::StringLiterals;

namespace interleave::LiteralSql {

namespace {

QString quoted(QStringView name)
{
    return u'"' + oneLine(name) + u'"';
}

// ---------------------------------------------------------------------------------------------------------------
// Allow-lists. A function is allowed when it only computes a value from its arguments, the rows it reads or the
// clock: nothing that waits (sleep), takes a lock outside the table, reads a file or another table, signals
// another session, changes a setting or makes a value of any size asked for (repeat, lpad, zeroblob). Anything
// not listed is refused by name. docs/guide/scenario-format.md lists the same names.

// Space-separated names, written as the guide lists them.
QStringList words(QStringView text)
{
    QStringList out;
    for (const QStringView w : text.split(u' ', Qt::SkipEmptyParts))
        out.append(w.toString());
    return out;
}

const QStringList& postgresFunctions()
{
    static const QStringList names = words(
        // aggregates and window functions
        u"count sum avg min max bool_and bool_or every string_agg array_agg json_agg jsonb_agg stddev variance "
        "row_number rank dense_rank lag lead first_value last_value ntile "
        // strings
        "length char_length character_length octet_length lower upper initcap substr substring left right concat "
        "concat_ws replace translate trim btrim ltrim rtrim position strpos starts_with reverse split_part overlay "
        "md5 ascii chr to_hex normalize is_normalized similar_to_escape "
        // numbers
        "abs ceil ceiling floor round trunc mod div power sqrt cbrt sign exp ln log log10 pi random "
        // date and time
        "now clock_timestamp statement_timestamp transaction_timestamp date_trunc date_part extract age make_date "
        "make_time make_timestamp make_timestamptz make_interval to_char to_date to_timestamp to_number timezone "
        "isfinite "
        // conditional, arrays, JSON, the session's own identities
        "coalesce nullif greatest least num_nulls num_nonnulls cardinality array_length unnest json_build_object "
        "jsonb_build_object to_json to_jsonb gen_random_uuid txid_current pg_current_xact_id pg_backend_pid");
    return names;
}

const QStringList& mysqlFunctions()
{
    static const QStringList names = words(
        // aggregates and window functions
        u"count sum avg min max group_concat bit_and bit_or bit_xor std stddev variance json_arrayagg "
        "json_objectagg row_number rank dense_rank lag lead first_value last_value ntile "
        // strings
        "length char_length character_length octet_length lower upper lcase ucase substr substring substring_index "
        "mid left right concat concat_ws replace trim ltrim rtrim locate instr position reverse strcmp md5 sha1 sha2 "
        "hex unhex ascii char "
        // numbers
        "abs ceil ceiling floor round truncate mod pow power sqrt sign exp ln log log10 pi rand crc32 "
        // date and time
        "now current_timestamp current_date current_time curdate curtime sysdate utc_timestamp utc_date utc_time "
        "localtime localtimestamp date time timestamp year month day dayofmonth dayofweek dayofyear hour minute "
        "second microsecond week weekday quarter date_add date_sub adddate subdate addtime subtime datediff timediff "
        "timestampdiff timestampadd date_format time_format str_to_date unix_timestamp from_unixtime extract "
        "makedate last_day "
        // conditional, conversion, JSON, the session's own counters and identity
        "coalesce ifnull nullif if isnull greatest least cast convert json_object json_array json_extract "
        "json_unquote uuid last_insert_id row_count connection_id values value default "
        // type names, which take a length or precision in CAST(x AS DECIMAL(10, 2))
        "decimal dec numeric varchar nchar binary datetime float double");
    return names;
}

const QStringList& sqliteFunctions()
{
    static const QStringList names = words(
        // aggregates and window functions
        u"count sum total avg min max group_concat string_agg row_number rank dense_rank lag lead first_value "
        "last_value nth_value ntile "
        // strings, and the functions behind LIKE and GLOB
        "length lower upper substr substring trim ltrim rtrim replace instr unicode char hex like glob "
        // numbers
        "abs round sign random "
        // date and time
        "date time datetime julianday unixepoch strftime "
        // conditional, types, the connection's own counters
        "coalesce ifnull nullif iif typeof likely unlikely last_insert_rowid changes total_changes");
    return names;
}

// Types a PostgreSQL literal statement may cast to (the last part of the name; pg_catalog. may precede it).
const QSet<QString>& postgresTypes()
{
    static const QSet<QString> names { u"bool"_s, u"boolean"_s, u"int2"_s, u"int4"_s, u"int8"_s, u"smallint"_s,
        u"integer"_s, u"int"_s, u"bigint"_s, u"numeric"_s, u"decimal"_s, u"float4"_s, u"float8"_s, u"real"_s, u"text"_s,
        u"varchar"_s, u"bpchar"_s, u"char"_s, u"character"_s, u"date"_s, u"time"_s, u"timetz"_s, u"timestamp"_s,
        u"timestamptz"_s, u"interval"_s, u"bytea"_s, u"uuid"_s, u"json"_s, u"jsonb"_s, u"bit"_s, u"varbit"_s };
    return names;
}

// Session settings a literal statement may SET, RESET or SHOW: its own transactions, waits and planner. Never
// search_path, role or session_authorization (they would reach other objects), nor client_encoding (it changes
// how the server reads the next statements).
bool postgresSetting(const QString& name)
{
    static const QSet<QString> names { u"transaction_isolation"_s, u"transaction_read_only"_s,
        u"transaction_deferrable"_s, u"default_transaction_isolation"_s, u"default_transaction_read_only"_s,
        u"default_transaction_deferrable"_s, u"lock_timeout"_s, u"statement_timeout"_s,
        u"idle_in_transaction_session_timeout"_s, u"timezone"_s, u"datestyle"_s, u"intervalstyle"_s,
        u"extra_float_digits"_s, u"synchronous_commit"_s, u"random_page_cost"_s, u"seq_page_cost"_s,
        u"cpu_tuple_cost"_s, u"cpu_index_tuple_cost"_s, u"cpu_operator_cost"_s, u"effective_cache_size"_s, u"jit"_s,
        u"plan_cache_mode"_s };
    return names.contains(name) || (name.startsWith(u"enable_"_s) && name.size() > 7);
}

const QString postgresSettingsText = u"transaction_isolation, transaction_read_only, transaction_deferrable and "
                                     "their default_ forms, lock_timeout, statement_timeout, "
                                     "idle_in_transaction_session_timeout, timezone, datestyle, synchronous_commit, "
                                     "the planner's enable_* switches and costs"_s;

// MySQL and MariaDB: never sql_mode (it changes how statements are read), character_set_* (the same), PASSWORD or
// ROLE.
const QSet<QString>& mysqlSettings()
{
    static const QSet<QString> names { u"autocommit"_s, u"transaction_isolation"_s, u"tx_isolation"_s,
        u"transaction_read_only"_s, u"tx_read_only"_s, u"innodb_lock_wait_timeout"_s, u"lock_wait_timeout"_s,
        u"max_statement_time"_s, u"max_execution_time"_s, u"time_zone"_s, u"sql_safe_updates"_s,
        u"div_precision_increment"_s, u"sql_select_limit"_s };
    return names;
}

const QString mysqlSettingsText = u"user variables (@name) and autocommit, transaction_isolation, "
                                  "transaction_read_only (or tx_), innodb_lock_wait_timeout, lock_wait_timeout, "
                                  "max_statement_time, max_execution_time, time_zone, sql_safe_updates, "
                                  "div_precision_increment, sql_select_limit; SET TRANSACTION and SET NAMES"_s;

QString notAllowedFunction(QStringView name)
{
    return u"calls %1(), which is not on the allow-list of functions for literal SQL"_s.arg(oneLine(name));
}

QString otherTable(QStringView name, const TableSpec& table)
{
    return u"names table %1; a literal statement may name only the scenario's table %2"_s.arg(
        quoted(name), quoted(table.name));
}

QString qualifiedTable(QStringView name, const TableSpec& table)
{
    return u"names %1; a literal statement may name only the scenario's table %2, unqualified"_s.arg(
        quoted(name), quoted(table.name));
}

// ---------------------------------------------------------------------------------------------------------------
// Every dialect: printable text of a bounded length.

std::optional<Problem> printableProblem(const QString& sql)
{
    if (sql.size() > maxLength)
        return Problem {
            maxLength,
            u"the statement is %1 characters long; a literal statement is at most %2"_s.arg(sql.size()).arg(maxLength)
        };
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (c.isHighSurrogate() && i + 1 < sql.size() && sql.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        if (c.isSurrogate())
            return Problem { int(i), u"is not valid Unicode (a lone surrogate at character %1)"_s.arg(i + 1) };
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\t' && u != u'\n' && u != u'\r') || (u >= 0x7f && u <= 0x9f))
            return Problem { int(i),
                u"contains the control character %1; a statement is printable text (tabs and line breaks are "
                "fine)"_s.arg(oneLine(QStringView(&c, 1))) };
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL: decided on the raw parse tree of PostgreSQL's own grammar (libpg_query's JSON). Every node type is
// on an allow-list; fields that hold a node without its type name are mapped to their type below, and any other
// such field is refused, so a construct this code does not know is never passed through.

const QSet<QString>& postgresNodes()
{
    static const QSet<QString> names { u"SelectStmt"_s, u"InsertStmt"_s, u"UpdateStmt"_s, u"DeleteStmt"_s,
        u"MergeStmt"_s, u"MergeWhenClause"_s, u"TransactionStmt"_s, u"VariableSetStmt"_s, u"VariableShowStmt"_s,
        u"LockStmt"_s, u"ResTarget"_s, u"MultiAssignRef"_s, u"ColumnRef"_s, u"A_Star"_s, u"A_Const"_s, u"Integer"_s,
        u"Float"_s, u"Boolean"_s, u"String"_s, u"BitString"_s, u"ParamRef"_s, u"A_Expr"_s, u"BoolExpr"_s, u"NullTest"_s,
        u"BooleanTest"_s, u"SubLink"_s, u"CaseExpr"_s, u"CaseWhen"_s, u"CoalesceExpr"_s, u"MinMaxExpr"_s, u"RowExpr"_s,
        u"A_ArrayExpr"_s, u"A_Indirection"_s, u"A_Indices"_s, u"TypeCast"_s, u"TypeName"_s, u"CollateClause"_s,
        u"FuncCall"_s, u"SortBy"_s, u"WindowDef"_s, u"RangeVar"_s, u"RangeSubselect"_s, u"RangeFunction"_s,
        u"JoinExpr"_s, u"Alias"_s, u"WithClause"_s, u"CommonTableExpr"_s, u"OnConflictClause"_s, u"InferClause"_s,
        u"IndexElem"_s, u"LockingClause"_s, u"DefElem"_s, u"SQLValueFunction"_s, u"GroupingSet"_s, u"GroupingFunc"_s,
        u"SetToDefault"_s, u"List"_s };
    return names;
}

// Fields whose value is a node written without its type's name.
QString postgresFieldType(const QString& field)
{
    static const QHash<QString, QString> types { { u"relation"_s, u"RangeVar"_s }, { u"rel"_s, u"RangeVar"_s },
        { u"alias"_s, u"Alias"_s }, { u"withClause"_s, u"WithClause"_s },
        { u"onConflictClause"_s, u"OnConflictClause"_s }, { u"infer"_s, u"InferClause"_s },
        { u"typeName"_s, u"TypeName"_s }, { u"over"_s, u"WindowDef"_s }, { u"larg"_s, u"SelectStmt"_s },
        { u"rarg"_s, u"SelectStmt"_s }, { u"intoClause"_s, u"IntoClause"_s } };
    return types.value(field);
}

class PostgresCheck {
public:
    PostgresCheck(const QString& sql, const TableSpec& table)
        : m_sql(sql)
        , m_table(table)
    {
    }

    std::optional<Problem> run()
    {
        PgQuery::Error error;
        const auto tokens = PgQuery::scan(m_sql, &error);
        if (!tokens)
            return Problem { error.offset, u"PostgreSQL cannot read it: "_s + oneLine(error.message) };
        // A backslash in '...' is an ordinary character with standard_conforming_strings on (libpg_query's reading)
        // and an escape with it off, where the string would end elsewhere. E'...' reads the same either way.
        for (const PgQuery::Token& t : *tokens) {
            const QStringView text = QStringView(m_sql).mid(t.start, t.end - t.start);
            const bool plain = text.startsWith(u'\'') || text.startsWith(u"N'"_s) || text.startsWith(u"n'"_s);
            if (t.kind == PgQuery::Kind::StringConstant && plain && text.contains(u'\\'))
                return Problem { t.start,
                    u"a backslash in a '...' string reads differently when the server's standard_conforming_strings "
                    "is off; write E'...' or pass the value as a parameter"_s };
        }
        m_firstWord = firstWord(*tokens);
        m_numbered = PgQuery::numberPlaceholders(m_sql, &m_placeholders);
        m_utf8 = m_numbered.toUtf8();
        const auto tree = PgQuery::parse(m_numbered, &error);
        if (!tree) {
            // A transaction statement spelt as another database spells it (BEGIN IMMEDIATE, COMMIT WORK AND ...):
            // say what PostgreSQL reads instead.
            static const QSet<QString> transactionWords { u"BEGIN"_s, u"START"_s, u"COMMIT"_s, u"END"_s, u"ROLLBACK"_s,
                u"ABORT"_s, u"SAVEPOINT"_s, u"RELEASE"_s };
            const QString spellings = transactionWords.contains(StatementKind::leadingWords(m_sql, 1).value(0))
                ? u"; its transaction statements are BEGIN or START TRANSACTION [ISOLATION LEVEL ...] [READ ONLY | "
                  "READ WRITE] [[NOT] DEFERRABLE], COMMIT or END, ROLLBACK or ABORT (each with an optional WORK or "
                  "TRANSACTION), SAVEPOINT name, RELEASE [SAVEPOINT] name and ROLLBACK TO [SAVEPOINT] name"_s
                : QString();
            return Problem { originalOffset(error.offset),
                u"PostgreSQL's parser (version 15) does not read it: "_s + oneLine(error.message) + spellings };
        }
        const QJsonArray statements = tree->value(u"stmts"_s).toArray();
        if (statements.isEmpty())
            return Problem { -1, u"there is no statement here, only a comment"_s };
        if (statements.size() > 1)
            return Problem { unitOfByte(statements.at(1).toObject().value(u"stmt_location"_s).toInt()) - 1,
                u"one statement per entry: split it at the ';'"_s };
        const QJsonObject statement = statements.at(0).toObject().value(u"stmt"_s).toObject();
        collectNames(statement);
        topLevel(statement);
        return m_problem;
    }

private:
    using Scope = QStringList; // the names of the WITH queries visible here

    // The statement's first word, for naming a refused kind: "COPY", "CREATE", "DO".
    QString firstWord(const QList<PgQuery::Token>& tokens) const
    {
        for (const PgQuery::Token& t : tokens)
            if (t.kind != PgQuery::Kind::SqlComment && t.kind != PgQuery::Kind::CComment)
                return oneLine(m_sql.mid(t.start, t.end - t.start).toUpper());
        return QString();
    }

    int unitOfByte(int byte) const
    {
        if (byte < 0)
            return -1;
        return originalOffset(int(QString::fromUtf8(m_utf8.left(byte)).size()));
    }

    // An offset in the numbered text back to the text the user wrote ($12 is one ? there).
    int originalOffset(int numbered) const
    {
        if (numbered < 0)
            return -1;
        int shift = 0;
        for (qsizetype k = 0; k < m_placeholders.size(); ++k) {
            const int original = m_placeholders.at(k);
            const int length = 1 + int(QString::number(k + 1).size());
            if (numbered < original + shift)
                break;
            if (numbered < original + shift + length)
                return original;
            shift += length - 1;
        }
        return numbered - shift;
    }

    int location(const QJsonObject& fields) const
    {
        return fields.contains(u"location"_s) ? unitOfByte(fields.value(u"location"_s).toInt()) : -1;
    }

    bool refuse(const QJsonObject& fields, const QString& message)
    {
        if (!m_problem)
            m_problem = Problem { location(fields), message };
        return false;
    }

    static bool isWrapper(const QJsonObject& o)
    {
        return o.size() == 1 && !o.begin().key().isEmpty() && o.begin().key().at(0).isUpper();
    }

    void topLevel(const QJsonObject& statement)
    {
        const QString type = statement.isEmpty() ? QString() : statement.begin().key();
        static const QSet<QString> kinds { u"SelectStmt"_s, u"InsertStmt"_s, u"UpdateStmt"_s, u"DeleteStmt"_s,
            u"MergeStmt"_s, u"TransactionStmt"_s, u"VariableSetStmt"_s, u"VariableShowStmt"_s, u"LockStmt"_s };
        if (!kinds.contains(type)) {
            m_problem = Problem { 0,
                u"%1 statements are not run; a literal statement is a SELECT, INSERT, UPDATE, DELETE or MERGE on the "
                "scenario's table, BEGIN, COMMIT, ROLLBACK, SAVEPOINT or RELEASE, SET, RESET or SHOW of a session "
                "setting, or LOCK of the table"_s.arg(m_firstWord.isEmpty() ? type : m_firstWord) };
            return;
        }
        if (!sameKind(type, statement.begin().value().toObject()))
            return;
        node(statement, {});
    }

    // The kind PostgreSQL's parse tree gives a transaction statement must be the one the rest of Interleave reads
    // (StatementKind), or the trace would begin or end a transaction where the server did not: a comment nested in
    // a comment hides a word from one reading and not the other.
    bool sameKind(const QString& type, const QJsonObject& o)
    {
        static const QHash<QString, QString> verbs { { u"TRANS_STMT_BEGIN"_s, u"BEGIN"_s },
            { u"TRANS_STMT_START"_s, u"BEGIN"_s }, { u"TRANS_STMT_COMMIT"_s, u"COMMIT"_s },
            { u"TRANS_STMT_ROLLBACK"_s, u"ROLLBACK"_s }, { u"TRANS_STMT_SAVEPOINT"_s, u"SAVEPOINT"_s },
            { u"TRANS_STMT_RELEASE"_s, u"RELEASE"_s }, { u"TRANS_STMT_ROLLBACK_TO"_s, u"ROLLBACK TO"_s } };
        const QString parsed = type == u"TransactionStmt"_s ? verbs.value(o.value(u"kind"_s).toString()) : QString();
        const QString read = StatementKind::verb(m_sql);
        if (parsed.isEmpty() ? !StatementKind::isTransactionVerb(read) : parsed == read)
            return true;
        m_problem = Problem { -1,
            u"PostgreSQL reads this as %1 and Interleave as %2 (a comment inside a comment?); write the statement "
            "without comments before it"_s.arg(parsed.isEmpty() ? m_firstWord : parsed, read) };
        return false;
    }

    // A value that is a node ({"Type": {...}}), a list of them, or a plain value.
    bool value(const QJsonValue& v, const Scope& scope)
    {
        if (v.isArray()) {
            const QJsonArray list = v.toArray();
            for (const QJsonValue item : list)
                if (!value(item, scope))
                    return false;
            return true;
        }
        if (v.isObject() && !v.toObject().isEmpty()) // {} stands for a missing node (ROWS FROM's column list)
            return node(v.toObject(), scope);
        return true;
    }

    bool node(const QJsonObject& wrapper, const Scope& scope)
    {
        if (!isWrapper(wrapper))
            return refuse({}, u"the statement has a part Interleave cannot check"_s);
        return typed(wrapper.begin().key(), wrapper.begin().value().toObject(), scope);
    }

    // The fields of a node, each walked with `scope`; `skip` names fields the caller has checked itself.
    bool fields(const QJsonObject& o, const Scope& scope, const QSet<QString>& skip = {})
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (skip.contains(it.key()))
                continue;
            const QJsonValue v = it.value();
            if (v.isObject()) {
                const QJsonObject child = v.toObject();
                if (isWrapper(child)) {
                    if (!node(child, scope))
                        return false;
                    continue;
                }
                const QString type = postgresFieldType(it.key());
                static const QSet<QString> constants { u"ival"_s, u"sval"_s, u"fval"_s, u"boolval"_s, u"bsval"_s };
                if (type.isEmpty() && constants.contains(it.key()))
                    continue;
                if (type.isEmpty())
                    return refuse(o, u"the statement has a part (%1) Interleave cannot check"_s.arg(it.key()));
                if (!typed(type, child, scope))
                    return false;
            } else if (!value(v, scope)) {
                return false;
            }
        }
        return true;
    }

    bool typed(const QString& type, const QJsonObject& o, const Scope& scope)
    {
        if (type == u"IntoClause"_s)
            return refuse(o, u"SELECT ... INTO creates a table; a literal statement reads or writes rows"_s);
        if (!postgresNodes().contains(type))
            return refuse(o, u"%1 is not allowed in a literal statement"_s.arg(constructName(type)));
        if (type == u"RangeVar"_s)
            return rangeVar(o, scope, true) && fields(o, scope, { u"relname"_s });
        if (type == u"FuncCall"_s)
            return function(o) && fields(o, scope, { u"funcname"_s });
        if (type == u"TypeName"_s)
            return typeName(o) && fields(o, scope, { u"names"_s });
        if (type == u"ColumnRef"_s) {
            const QJsonArray path = o.value(u"fields"_s).toArray();
            if (path.size() > 1 && !field(path.last(), o))
                return false;
        }
        if (type == u"A_Indirection"_s) {
            const QJsonArray path = o.value(u"indirection"_s).toArray();
            for (const QJsonValue step : path)
                if (!field(step, o))
                    return false;
        }
        if (type == u"SortBy"_s && o.value(u"useOp"_s).toArray().size() > 1)
            return refuse(o, u"ORDER BY ... USING OPERATOR(schema.op) is not allowed; write the operator plainly"_s);
        if (type == u"A_Expr"_s && o.value(u"name"_s).toArray().size() > 1)
            return refuse(o, u"OPERATOR(schema.op) is not allowed; write the operator plainly"_s);
        if (type == u"SelectStmt"_s || type == u"InsertStmt"_s || type == u"UpdateStmt"_s || type == u"DeleteStmt"_s
            || type == u"MergeStmt"_s)
            return statement(type, o, scope);
        if (type == u"TransactionStmt"_s)
            return transaction(o) && fields(o, scope);
        if (type == u"VariableSetStmt"_s)
            return setting(o) && fields(o, scope);
        if (type == u"VariableShowStmt"_s) {
            const QString name = o.value(u"name"_s).toString();
            static const QSet<QString> readOnly { u"server_version"_s, u"server_version_num"_s };
            if (postgresSetting(name) || readOnly.contains(name))
                return true;
            return refuse(o,
                u"SHOW %1 is not allowed; a literal statement may show only its own session's settings: %2"_s.arg(
                    oneLine(name), postgresSettingsText));
        }
        if (type == u"LockStmt"_s) {
            const QJsonArray relations = o.value(u"relations"_s).toArray();
            for (const QJsonValue r : relations)
                if (!rangeVar(r.toObject().value(u"RangeVar"_s).toObject(), {}, false))
                    return false;
            return true;
        }
        return fields(o, scope);
    }

    static QString constructName(const QString& type)
    {
        static const QHash<QString, QString> names { { u"RangeTableSample"_s, u"TABLESAMPLE"_s },
            { u"RangeTableFunc"_s, u"XMLTABLE"_s }, { u"XmlExpr"_s, u"An XML function"_s },
            { u"XmlSerialize"_s, u"XMLSERIALIZE"_s }, { u"CurrentOfExpr"_s, u"WHERE CURRENT OF"_s } };
        return names.value(type, type);
    }

    // SELECT, INSERT, UPDATE, DELETE, MERGE: the WITH queries are visible to the statement (each to the ones after
    // it too); the table a statement writes is always the real one, never a WITH query of the same name.
    bool statement(const QString& type, const QJsonObject& o, const Scope& outer)
    {
        if (type == u"SelectStmt"_s && o.contains(u"intoClause"_s))
            return refuse(o.value(u"intoClause"_s).toObject().value(u"rel"_s).toObject(),
                u"SELECT ... INTO creates a table; a literal statement reads or writes rows"_s);
        Scope scope = outer;
        if (o.contains(u"withClause"_s)) {
            const QJsonObject with = o.value(u"withClause"_s).toObject();
            if (with.value(u"recursive"_s).toBool())
                return refuse(with, u"a recursive WITH can run without end; literal SQL may not use one"_s);
            const QJsonArray ctes = with.value(u"ctes"_s).toArray();
            for (const QJsonValue c : ctes) {
                const QJsonObject cte = c.toObject().value(u"CommonTableExpr"_s).toObject();
                if (!isWrapper(c.toObject()) || c.toObject().begin().key() != u"CommonTableExpr"_s)
                    return refuse(with, u"the statement has a part Interleave cannot check"_s);
                if (!fields(cte, scope, { u"ctename"_s }))
                    return false;
                scope.append(cte.value(u"ctename"_s).toString());
            }
        }
        QSet<QString> skip { u"withClause"_s };
        if (o.contains(u"relation"_s)) {
            const QJsonObject relation = o.value(u"relation"_s).toObject();
            if (!rangeVar(relation, {}, false) || !fields(relation, scope, { u"relname"_s }))
                return false;
            skip.insert(u"relation"_s);
        }
        return fields(o, scope, skip);
    }

    // The names a statement defines for columns: output names (AS x), an alias's column list, a WITH query's.
    void collectNames(const QJsonValue& v)
    {
        if (v.isArray()) {
            const QJsonArray list = v.toArray();
            for (const QJsonValue item : list)
                collectNames(item);
            return;
        }
        if (!v.isObject())
            return;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == u"name"_s && it.value().isString())
                m_columnNames.insert(it.value().toString());
            if (it.key() == u"colnames"_s || it.key() == u"aliascolnames"_s) {
                const QStringList defined = names(it.value().toArray());
                m_columnNames.unite(QSet<QString>(defined.cbegin(), defined.cend()));
            }
            collectNames(it.value());
        }
    }

    // x.name, (x).name: PostgreSQL reads a name that is no column of x as a call, f(x) ("functional notation"), so
    // the name must be a column of the table, one the statement defines, or a function on the allow-list.
    bool field(const QJsonValue& step, const QJsonObject& where)
    {
        const QJsonObject wrapper = step.toObject();
        if (!wrapper.contains(u"String"_s))
            return true; // *, [i]
        const QString name = wrapper.value(u"String"_s).toObject().value(u"sval"_s).toString();
        static const QSet<QString> system { u"id"_s, u"ctid"_s, u"xmin"_s, u"xmax"_s, u"cmin"_s, u"cmax"_s,
            u"tableoid"_s };
        if (system.contains(name) || m_columnNames.contains(name) || postgresFunctions().contains(name))
            return true;
        for (const ColumnSpec& c : m_table.columns)
            if (c.name == name)
                return true;
        return refuse(where,
            u"uses .%1, which is no column of %2 nor a name the statement defines (PostgreSQL would call the "
            "function %1() on the row)"_s.arg(oneLine(name), quoted(m_table.name)));
    }

    bool rangeVar(const QJsonObject& o, const Scope& scope, bool withQueries)
    {
        const QString name = o.value(u"relname"_s).toString();
        const QString schema = o.value(u"schemaname"_s).toString();
        const QString catalog = o.value(u"catalogname"_s).toString();
        if (!schema.isEmpty() || !catalog.isEmpty()) {
            const QString written = (catalog.isEmpty() ? QString() : catalog + u'.') + schema + u'.' + name;
            return refuse(o, qualifiedTable(written, m_table));
        }
        if (name == m_table.name || (withQueries && scope.contains(name)))
            return true;
        return refuse(o, otherTable(name, m_table));
    }

    static QStringList names(const QJsonArray& list)
    {
        QStringList out;
        for (const QJsonValue v : list)
            out.append(v.toObject().value(u"String"_s).toObject().value(u"sval"_s).toString());
        return out;
    }

    bool function(const QJsonObject& o)
    {
        const QStringList name = names(o.value(u"funcname"_s).toArray());
        // EXTRACT(... FROM ...), TRIM(...), x AT TIME ZONE y, SIMILAR TO: the grammar itself writes
        // pg_catalog.extract and so on. pg_catalog is where the built-in functions are, so a name there is the
        // allowed function itself; any other schema could hold anything.
        if (name.size() == 1 || (name.size() == 2 && name.at(0) == u"pg_catalog"_s)) {
            if (postgresFunctions().contains(name.last()))
                return true;
            return refuse(o, notAllowedFunction(name.join(u'.')));
        }
        return refuse(o,
            u"calls %1(); a literal statement calls functions by their plain name, from the allow-list"_s.arg(
                oneLine(name.join(u'.'))));
    }

    bool typeName(const QJsonObject& o)
    {
        const QStringList name = names(o.value(u"names"_s).toArray());
        if (o.value(u"pct_type"_s).toBool())
            return refuse(o, u"%TYPE is not allowed in a literal statement"_s);
        if (name.size() == 1 || (name.size() == 2 && name.at(0) == u"pg_catalog"_s)) {
            if (postgresTypes().contains(name.last()))
                return true;
        }
        return refuse(o,
            u"casts to the type %1, which literal SQL does not use (it casts to numbers, text, dates and times, "
            "boolean, bytea, uuid and json)"_s.arg(quoted(name.join(u'.'))));
    }

    bool transaction(const QJsonObject& o)
    {
        const QString kind = o.value(u"kind"_s).toString();
        if (kind == u"TRANS_STMT_PREPARE"_s || kind == u"TRANS_STMT_COMMIT_PREPARED"_s
            || kind == u"TRANS_STMT_ROLLBACK_PREPARED"_s)
            return refuse(o,
                u"two-phase commit (PREPARE TRANSACTION, COMMIT PREPARED) keeps a transaction on the server after the "
                "session; a literal statement manages only its own transaction"_s);
        return true;
    }

    bool setting(const QJsonObject& o)
    {
        const QString kind = o.value(u"kind"_s).toString();
        const QString name = o.value(u"name"_s).toString();
        if (kind == u"VAR_RESET_ALL"_s)
            return refuse(o, u"RESET ALL would also undo Interleave's own session settings (search_path)"_s);
        if (kind == u"VAR_SET_MULTI"_s) {
            if (name == u"TRANSACTION"_s || name == u"SESSION CHARACTERISTICS"_s)
                return true; // the DefElems name only isolation, read only and deferrable
            return refuse(o, u"SET %1 is not allowed in a literal statement"_s.arg(oneLine(name)));
        }
        if (kind == u"VAR_SET_CURRENT"_s)
            return refuse(o, u"SET ... FROM CURRENT is not allowed in a literal statement"_s);
        if (postgresSetting(name))
            return true;
        return refuse(o,
            u"SET %1 is not allowed; a literal statement may set only its own session's settings: %2"_s.arg(
                oneLine(name), postgresSettingsText));
    }

    const QString& m_sql;
    const TableSpec& m_table;
    QString m_numbered;
    QByteArray m_utf8;
    QList<int> m_placeholders;
    QString m_firstWord;
    QSet<QString> m_columnNames;
    std::optional<Problem> m_problem;
};

// ---------------------------------------------------------------------------------------------------------------
// MySQL and MariaDB: decided on MysqlLexer's tokens. Where tables can be named is the grammar's to say, so the
// table lists (FROM, JOIN, UPDATE, INTO, ...) are followed closely: a list ends only at a word both servers reserve,
// and after a table and its alias only the words a table list allows may follow.

using MyToken = MysqlLexer::Token;
using MyKind = MysqlLexer::Kind;

// Words refused anywhere in a statement (unquoted), with the reason.
const QHash<QString, QString>& mysqlRefusedWords()
{
    static const QHash<QString, QString> words = [] {
        QHash<QString, QString> w;
        const QString setGlobal = u"%1 changes the server for every client; a literal statement sets only its own "
                                  "session's settings"_s;
        for (const QString& word : { u"GLOBAL"_s, u"PERSIST"_s, u"PERSIST_ONLY"_s })
            w.insert(word, setGlobal.arg(u"SET "_s + word));
        w.insert(u"KILL"_s,
            u"KILL ends another client's query or connection; a literal statement touches only its own "
            "session"_s);
        for (const QString& word : { u"GRANT"_s, u"REVOKE"_s })
            w.insert(word, word + u" changes privileges; a literal statement reads or writes rows"_s);
        w.insert(u"LOAD"_s, u"LOAD DATA and LOAD XML read files; a literal statement reads or writes rows"_s);
        w.insert(u"INFILE"_s, u"INFILE reads a file; a literal statement reads or writes rows"_s);
        for (const QString& word : { u"OUTFILE"_s, u"DUMPFILE"_s })
            w.insert(
                word, u"INTO %1 writes a file on the server; a literal statement reads or writes rows"_s.arg(word));
        w.insert(u"CALL"_s, u"CALL runs a stored procedure, which cannot be checked"_s);
        w.insert(u"DO"_s,
            u"DO runs expressions only for what they do besides; a literal statement reads or writes "
            "rows"_s);
        for (const QString& word : { u"PREPARE"_s, u"EXECUTE"_s, u"DEALLOCATE"_s })
            w.insert(word, word + u" runs SQL built from a string, which cannot be checked"_s);
        w.insert(u"HANDLER"_s, u"HANDLER reads tables beneath SQL"_s);
        for (const QString& word : { u"INSTALL"_s, u"UNINSTALL"_s })
            w.insert(word, word + u" loads or removes a server plugin"_s);
        w.insert(u"SHUTDOWN"_s, u"SHUTDOWN stops the server"_s);
        for (const QString& word : { u"FLUSH"_s, u"RESET"_s, u"PURGE"_s, u"BINLOG"_s })
            w.insert(word, word + u" acts on the whole server; a literal statement reads or writes rows"_s);
        for (const QString& word : { u"CREATE"_s, u"ALTER"_s, u"DROP"_s, u"RENAME"_s, u"TRUNCATE"_s })
            w.insert(word, word + u" changes the schema; a literal statement reads or writes rows"_s);
        w.insert(u"RECURSIVE"_s, u"a recursive WITH can run without end; literal SQL may not use one"_s);
        w.insert(u"PROCEDURE"_s, u"SELECT ... PROCEDURE runs a server procedure"_s);
        w.insert(u"STATEMENT"_s, u"SET STATEMENT ... FOR changes settings for another statement; set them with SET"_s);
        w.insert(
            u"XA"_s, u"XA transactions outlive the session; a literal statement manages only its own transaction"_s);
        return w;
    }();
    return words;
}

// Words a literal statement may use besides the table, its columns, aliases and allowed functions.
const QSet<QString>& mysqlKeywords()
{
    static const QSet<QString> words { u"SELECT"_s, u"DISTINCT"_s, u"DISTINCTROW"_s, u"ALL"_s, u"FROM"_s, u"WHERE"_s,
        u"AND"_s, u"OR"_s, u"NOT"_s, u"XOR"_s, u"IS"_s, u"NULL"_s, u"TRUE"_s, u"FALSE"_s, u"UNKNOWN"_s, u"IN"_s,
        u"BETWEEN"_s, u"LIKE"_s, u"ESCAPE"_s, u"REGEXP"_s, u"RLIKE"_s, u"AS"_s, u"ON"_s, u"USING"_s, u"JOIN"_s,
        u"INNER"_s, u"LEFT"_s, u"RIGHT"_s, u"OUTER"_s, u"CROSS"_s, u"NATURAL"_s, u"STRAIGHT_JOIN"_s, u"GROUP"_s,
        u"BY"_s, u"ORDER"_s, u"ASC"_s, u"DESC"_s, u"HAVING"_s, u"LIMIT"_s, u"OFFSET"_s, u"FOR"_s, u"UPDATE"_s,
        u"SHARE"_s, u"OF"_s, u"NOWAIT"_s, u"SKIP"_s, u"LOCKED"_s, u"WAIT"_s, u"LOCK"_s, u"MODE"_s, u"INSERT"_s,
        u"INTO"_s, u"VALUES"_s, u"VALUE"_s, u"SET"_s, u"DEFAULT"_s, u"IGNORE"_s, u"DUPLICATE"_s, u"KEY"_s, u"REPLACE"_s,
        u"DELETE"_s, u"LOW_PRIORITY"_s, u"HIGH_PRIORITY"_s, u"QUICK"_s, u"DELAYED"_s, u"CASE"_s, u"WHEN"_s, u"THEN"_s,
        u"ELSE"_s, u"END"_s, u"EXISTS"_s, u"ANY"_s, u"SOME"_s, u"UNION"_s, u"EXCEPT"_s, u"INTERSECT"_s, u"WITH"_s,
        u"ROLLUP"_s, u"INTERVAL"_s, u"MICROSECOND"_s, u"SECOND"_s, u"MINUTE"_s, u"HOUR"_s, u"DAY"_s, u"WEEK"_s,
        u"MONTH"_s, u"QUARTER"_s, u"YEAR"_s, u"DAY_HOUR"_s, u"DAY_MINUTE"_s, u"DAY_SECOND"_s, u"HOUR_MINUTE"_s,
        u"HOUR_SECOND"_s, u"MINUTE_SECOND"_s, u"YEAR_MONTH"_s, u"DIV"_s, u"MOD"_s, u"BINARY"_s, u"COLLATE"_s, u"CHAR"_s,
        u"CHARACTER"_s, u"VARCHAR"_s, u"SIGNED"_s, u"UNSIGNED"_s, u"INTEGER"_s, u"INT"_s, u"DECIMAL"_s, u"DEC"_s,
        u"NUMERIC"_s, u"DATE"_s, u"TIME"_s, u"DATETIME"_s, u"TIMESTAMP"_s, u"DOUBLE"_s, u"FLOAT"_s, u"REAL"_s,
        u"JSON"_s, u"NCHAR"_s, u"OVER"_s, u"PARTITION"_s, u"WINDOW"_s, u"ROWS"_s, u"RANGE"_s, u"PRECEDING"_s,
        u"FOLLOWING"_s, u"CURRENT"_s, u"ROW"_s, u"UNBOUNDED"_s, u"LATERAL"_s, u"DUAL"_s, u"LEADING"_s, u"TRAILING"_s,
        u"BOTH"_s, u"SEPARATOR"_s, u"CURRENT_TIMESTAMP"_s, u"CURRENT_DATE"_s, u"CURRENT_TIME"_s, u"LOCALTIME"_s,
        u"LOCALTIMESTAMP"_s, u"UTC_TIMESTAMP"_s, u"UTC_DATE"_s, u"UTC_TIME"_s, u"OFF"_s, u"TABLE"_s, u"SQL_NO_CACHE"_s,
        u"SQL_CALC_FOUND_ROWS"_s, u"SQL_BUFFER_RESULT"_s, u"SQL_SMALL_RESULT"_s, u"SQL_BIG_RESULT"_s, u"RETURNING"_s,
        u"USE"_s, u"FORCE"_s, u"INDEX"_s, u"PRIMARY"_s, u"SESSION"_s, u"LOCAL"_s, u"NAMES"_s, u"UNIQUE"_s };
    return words;
}

// Words that take a parenthesis without being a function: IN (...), VALUES (...), AS (...), ...
const QSet<QString>& mysqlParenthesisWords()
{
    static const QSet<QString> words { u"IN"_s, u"EXISTS"_s, u"ANY"_s, u"SOME"_s, u"ALL"_s, u"VALUES"_s, u"VALUE"_s,
        u"AS"_s, u"USING"_s, u"ON"_s, u"AND"_s, u"OR"_s, u"NOT"_s, u"XOR"_s, u"WHERE"_s, u"HAVING"_s, u"SELECT"_s,
        u"WHEN"_s, u"THEN"_s, u"ELSE"_s, u"CASE"_s, u"BY"_s, u"LIKE"_s, u"BETWEEN"_s, u"INTERVAL"_s, u"ROW"_s,
        u"OVER"_s, u"DISTINCT"_s, u"UNION"_s, u"EXCEPT"_s, u"INTERSECT"_s, u"LATERAL"_s, u"RETURNING"_s, u"LIMIT"_s,
        u"OFFSET"_s, u"SET"_s, u"INTO"_s, u"JOIN"_s, u"IS"_s, u"ESCAPE"_s, u"REGEXP"_s, u"RLIKE"_s, u"DIV"_s, u"FROM"_s,
        u"TABLE"_s, u"INDEX"_s, u"KEY"_s, u"WITH"_s, u"ALL"_s, u"UNIQUE"_s };
    return words;
}

// Words after which a table list ends, reserved by MySQL and MariaDB alike (a word only one server reserves could
// be an alias on the other, and the list would go on there).
const QSet<QString>& mysqlTableListEnds()
{
    static const QSet<QString> words { u"WHERE"_s, u"GROUP"_s, u"HAVING"_s, u"ORDER"_s, u"LIMIT"_s, u"SET"_s,
        u"SELECT"_s, u"UNION"_s, u"EXCEPT"_s, u"INTERSECT"_s, u"LOCK"_s, u"INTO"_s, u"FROM"_s, u"VALUES"_s };
    return words;
}

const QSet<QString>& mysqlJoinWords()
{
    static const QSet<QString> words { u"INNER"_s, u"CROSS"_s, u"LEFT"_s, u"RIGHT"_s, u"OUTER"_s, u"NATURAL"_s };
    return words;
}

class MysqlCheck {
public:
    MysqlCheck(const QString& sql, const TableSpec& table)
        : m_sql(sql)
        , m_table(table)
    {
    }

    std::optional<Problem> run()
    {
        const MysqlLexer::Result lexed = MysqlLexer::lex(m_sql);
        if (!lexed.ok())
            return Problem { lexed.errorOffset, u"MySQL cannot read it: "_s + lexed.error };
        // With NO_BACKSLASH_ESCAPES a server reads '\' as a whole string; its strings must end where they end
        // without it, whatever the server's sql_mode.
        const MysqlLexer::Result plain = MysqlLexer::lex(m_sql, { false });
        for (qsizetype i = 0; i < lexed.tokens.size(); ++i) {
            const MyToken& t = lexed.tokens.at(i);
            const bool same = plain.ok() && i < plain.tokens.size() && plain.tokens.at(i).start == t.start
                && plain.tokens.at(i).end == t.end && plain.tokens.at(i).kind == t.kind;
            if (!same)
                return Problem { t.start,
                    u"a backslash in this string reads differently when the server's sql_mode has "
                    "NO_BACKSLASH_ESCAPES; write a quote inside a string doubled ('it''s') or pass the value as a "
                    "parameter"_s };
        }
        if (plain.tokens.size() != lexed.tokens.size())
            return Problem { -1,
                u"a backslash in a string reads differently when the server's sql_mode has NO_BACKSLASH_ESCAPES"_s };
        for (const MyToken& t : lexed.tokens) {
            if (t.kind == MyKind::Comment && t.hint)
                return Problem { t.start,
                    u"an optimizer hint /*+ ... */ is read by MySQL and not by MariaDB; leave it out"_s };
            if (t.kind == MyKind::ExecutableCommentStart && (t.version > 0 || t.mariadbOnly))
                return Problem { t.start,
                    u"a versioned comment (/*!50100 ... */, /*M! ... */) runs on some servers and not on others; "
                    "write its content as plain SQL"_s };
            if (t.kind != MyKind::Comment && t.kind != MyKind::ExecutableCommentStart
                && t.kind != MyKind::ExecutableCommentEnd)
                m_code.append(t);
        }
        if (!m_code.isEmpty() && m_code.last().kind == MyKind::Semicolon && !m_code.last().inExecutableComment)
            m_code.removeLast();
        for (const MyToken& t : std::as_const(m_code))
            if (t.kind == MyKind::Semicolon)
                return Problem { t.start, u"one statement per entry: split it at the ';'"_s };
        if (m_code.isEmpty())
            return Problem { -1, u"there is no statement here, only a comment"_s };
        if (!refusedWords())
            return m_problem;
        dispatch();
        return m_problem;
    }

private:
    struct Level {
        enum class Mode { Expression, TableList, JoinCondition };
        Mode mode = Mode::Expression;
        bool expectTable = false; // the next token names a table (or opens a derived table)
        bool variables = false; // INTO: user variables may stand where a table would
        bool insertTarget = false; // the list is INSERT's or REPLACE's table
        bool aliasGiven = false; // a table and its alias were read; only the list's own words may follow
        bool call = false; // the parentheses of a function call
        bool query = false; // a SELECT is inside (so FROM starts a table list even in a call's parentheses)
        bool withList = false; // after WITH x AS (...): a comma starts the next WITH query
        QString withBody; // this level is the body of the WITH query of this name
        QStringList withNames; // the WITH queries visible from here on
    };

    int size() const { return int(m_code.size()); }
    bool isWord(int i) const { return i >= 0 && i < size() && m_code.at(i).kind == MyKind::Word; }
    QString word(int i) const { return isWord(i) ? MysqlLexer::upper(m_sql, m_code.at(i)) : QString(); }
    bool isWord(int i, const QString& upper) const { return word(i) == upper; }
    bool isOperator(int i, QStringView op) const
    {
        return i >= 0 && i < size() && m_code.at(i).kind == MyKind::Operator && m_code.at(i).text(m_sql) == op;
    }
    bool isName(int i) const { return isWord(i) || (i >= 0 && i < size() && m_code.at(i).kind == MyKind::QuotedName); }
    // A name as the server resolves it: backticks removed, doubled backticks made single.
    QString name(int i) const
    {
        const MyToken& t = m_code.at(i);
        if (t.kind != MyKind::QuotedName)
            return t.text(m_sql).toString();
        return t.text(m_sql).mid(1, t.end - t.start - 2).toString().replace(u"``"_s, u"`"_s);
    }
    int offset(int i) const { return i >= 0 && i < size() ? m_code.at(i).start : -1; }

    bool refuse(int i, const QString& message)
    {
        if (m_collecting)
            return true;
        if (!m_problem)
            m_problem = Problem { offset(i), message };
        return false;
    }

    bool refusedWords()
    {
        const auto& refused = mysqlRefusedWords();
        for (int i = 0; i < size(); ++i) {
            const QString w = word(i);
            if (refused.contains(w))
                return refuse(i, refused.value(w));
            if ((w == u"NEXT"_s || w == u"PREVIOUS"_s) && isWord(i + 1, u"VALUE"_s))
                return refuse(i, u"%1 VALUE FOR uses a sequence; a literal statement names only its table"_s.arg(w));
            const MyToken& t = m_code.at(i);
            if (t.kind == MyKind::Operator && (t.text(m_sql) == u"{" || t.text(m_sql) == u"}"))
                return refuse(i, u"ODBC escapes { ... } are not allowed in a literal statement"_s);
            if (t.kind == MyKind::Operator && t.text(m_sql) == u"\\")
                return refuse(i, u"a backslash outside a string is not SQL"_s);
            if (t.kind == MyKind::String && t.doubleQuoted
                && (isOperator(i - 1, u".") || isOperator(i + 1, u".") || isOperator(i + 1, u"(")))
                return refuse(
                    i, u"a \"double-quoted\" name is a string unless the server runs with ANSI_QUOTES; write `name`"_s);
        }
        return true;
    }

    void dispatch()
    {
        const QString verb = word(0);
        // What MySQL reads first must be what the rest of Interleave reads (StatementKind), or the trace would
        // begin or end a transaction where the server did not.
        if (m_code.at(0).inExecutableComment) {
            refuse(0,
                u"the statement starts inside a /*! ... */ comment, which MySQL and MariaDB run as code; write it "
                "as plain SQL"_s);
            return;
        }
        if (isWord(0) && StatementKind::leadingWords(m_sql, 1).value(0) != verb) {
            refuse(0,
                u"MySQL reads this statement as %1 and Interleave as %2; write it without comments before it"_s.arg(
                    oneLine(verb), oneLine(StatementKind::leadingWords(m_sql, 1).value(0))));
            return;
        }
        if (verb == u"ABORT"_s || verb == u"END"_s) {
            refuse(0,
                u"MySQL and MariaDB have no %1 statement (PostgreSQL has); write %2"_s.arg(
                    verb, verb == u"ABORT"_s ? u"ROLLBACK"_s : u"COMMIT"_s));
            return;
        }
        static const QSet<QString> queries { u"SELECT"_s, u"WITH"_s, u"VALUES"_s, u"TABLE"_s, u"INSERT"_s, u"REPLACE"_s,
            u"UPDATE"_s, u"DELETE"_s };
        if (queries.contains(verb) || isOperator(0, u"(")) {
            m_collecting = true;
            walk();
            m_collecting = false;
            walk();
        } else if (verb == u"BEGIN"_s || verb == u"START"_s || verb == u"COMMIT"_s || verb == u"ROLLBACK"_s
            || verb == u"SAVEPOINT"_s || verb == u"RELEASE"_s) {
            transaction(verb);
        } else if (verb == u"SET"_s) {
            set();
        } else if (verb == u"LOCK"_s || verb == u"UNLOCK"_s) {
            lock(verb);
        } else if (verb == u"SHOW"_s) {
            show();
        } else {
            refuse(0,
                u"%1 statements are not run; a literal statement is a SELECT, INSERT, REPLACE, UPDATE or DELETE on "
                "the scenario's table, BEGIN, START TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT or RELEASE SAVEPOINT, SET "
                "of a session setting, SHOW VARIABLES, WARNINGS or ERRORS, or LOCK / UNLOCK TABLES"_s.arg(
                    verb.isEmpty() ? oneLine(m_code.at(0).text(m_sql)) : oneLine(verb)));
        }
    }

    // BEGIN [WORK], START TRANSACTION [...], COMMIT / ROLLBACK [WORK] [AND [NO] CHAIN] [[NO] RELEASE],
    // ROLLBACK [WORK] TO [SAVEPOINT] name, SAVEPOINT name, RELEASE SAVEPOINT name.
    void transaction(const QString& verb)
    {
        static const QHash<QString, QSet<QString>> words {
            { u"BEGIN"_s, { u"WORK"_s } },
            { u"START"_s,
                { u"TRANSACTION"_s, u"WITH"_s, u"CONSISTENT"_s, u"SNAPSHOT"_s, u"READ"_s, u"ONLY"_s, u"WRITE"_s } },
            { u"COMMIT"_s, { u"WORK"_s, u"AND"_s, u"NO"_s, u"CHAIN"_s, u"RELEASE"_s } },
            { u"ROLLBACK"_s, { u"WORK"_s, u"AND"_s, u"NO"_s, u"CHAIN"_s, u"RELEASE"_s, u"TO"_s, u"SAVEPOINT"_s } },
            { u"SAVEPOINT"_s, {} },
            { u"RELEASE"_s, { u"SAVEPOINT"_s } },
        };
        if (verb == u"START"_s && !isWord(1, u"TRANSACTION"_s)) {
            refuse(1, u"START is START TRANSACTION in a literal statement"_s);
            return;
        }
        const QSet<QString>& allowed = words.value(verb);
        for (int i = 1; i < size(); ++i) {
            // The spellings PostgreSQL and SQLite read, named so that the refusal says what to write instead.
            if (verb != u"START"_s && verb != u"SAVEPOINT"_s && verb != u"RELEASE"_s && isWord(i, u"TRANSACTION"_s)) {
                refuse(i,
                    u"MySQL and MariaDB do not read %1 TRANSACTION (PostgreSQL's and SQLite's spelling); write %1 "
                    "[WORK]%2"_s.arg(verb, verb == u"BEGIN"_s ? u" or START TRANSACTION"_s : QString()));
                return;
            }
            if ((verb == u"BEGIN"_s || verb == u"START"_s)
                && (isWord(i, u"ISOLATION"_s) || isWord(i, u"DEFERRABLE"_s) || isWord(i, u"DEFERRED"_s)
                    || isWord(i, u"IMMEDIATE"_s) || isWord(i, u"EXCLUSIVE"_s)
                    || (verb == u"BEGIN"_s && isWord(i, u"READ"_s)))) {
                refuse(i,
                    u"MySQL and MariaDB take no %1 after %2; set the next transaction's isolation level or access mode "
                    "with SET TRANSACTION ISOLATION LEVEL ... / READ ONLY before it, or write START TRANSACTION READ "
                    "ONLY"_s.arg(word(i), verb == u"BEGIN"_s ? u"BEGIN"_s : u"START TRANSACTION"_s));
                return;
            }
            // COMMIT RELEASE / ROLLBACK RELEASE disconnect: the worker's session would end with it.
            if ((verb == u"COMMIT"_s || verb == u"ROLLBACK"_s) && isWord(i, u"RELEASE"_s) && !isWord(i - 1, u"NO"_s)) {
                refuse(i,
                    u"%1 RELEASE closes the connection, and the worker's session with it; write %1, %1 AND CHAIN or "
                    "%1 NO RELEASE"_s.arg(verb));
                return;
            }
            // The savepoint's name, after SAVEPOINT or ROLLBACK ... TO.
            const bool savepointName = isName(i)
                && (isWord(i - 1, u"SAVEPOINT"_s) || (verb == u"ROLLBACK"_s && isWord(i - 1, u"TO"_s)))
                && !(verb == u"ROLLBACK"_s && isWord(i, u"SAVEPOINT"_s));
            if (savepointName || allowed.contains(word(i)) || (verb == u"START"_s && isOperator(i, u",")))
                continue;
            refuse(i, u"%1 is not part of %2 here"_s.arg(oneLine(m_code.at(i).text(m_sql)), verb));
            return;
        }
        if ((verb == u"SAVEPOINT"_s || verb == u"RELEASE"_s) && !isName(size() - 1))
            refuse(size() - 1, u"%1 needs a savepoint's name"_s.arg(verb));
    }

    // SET [SESSION | LOCAL] TRANSACTION ..., or a list of assignments to user variables and allowed session
    // settings, SET NAMES and SET CHARACTER SET of a UTF-8 character set.
    void set()
    {
        int i = 1;
        if (isWord(i, u"SESSION"_s) || isWord(i, u"LOCAL"_s))
            ++i;
        if (isWord(i, u"TRANSACTION"_s)) {
            static const QSet<QString> words { u"TRANSACTION"_s, u"ISOLATION"_s, u"LEVEL"_s, u"READ"_s,
                u"UNCOMMITTED"_s, u"COMMITTED"_s, u"REPEATABLE"_s, u"SERIALIZABLE"_s, u"ONLY"_s, u"WRITE"_s };
            for (; i < size(); ++i)
                if (!words.contains(word(i)) && !isOperator(i, u",")) {
                    refuse(i, u"%1 is not part of SET TRANSACTION"_s.arg(oneLine(m_code.at(i).text(m_sql))));
                    return;
                }
            return;
        }
        i = 1;
        while (i < size() && !m_problem) {
            int end = i;
            for (int depth = 0; end < size(); ++end) {
                if (isOperator(end, u"("))
                    ++depth;
                else if (isOperator(end, u")"))
                    --depth;
                else if (depth == 0 && isOperator(end, u","))
                    break;
            }
            assignment(i, end);
            i = end + 1;
        }
    }

    void assignment(int from, int end)
    {
        int i = from;
        const MyToken& first = m_code.at(i);
        QString setting;
        if (first.kind == MyKind::UserVariable) {
            ++i;
        } else if (first.kind == MyKind::SystemVariableMarker) {
            // @@name, @@session.name, @@local.name
            if ((isWord(i + 1, u"SESSION"_s) || isWord(i + 1, u"LOCAL"_s)) && isOperator(i + 2, u".")) {
                i += 3;
            } else {
                i += 1;
            }
            if (!isName(i) || isOperator(i + 1, u".")) {
                refuse(i, u"SET @@ needs a session setting's name"_s);
                return;
            }
            setting = name(i++);
        } else {
            if (isWord(i, u"SESSION"_s) || isWord(i, u"LOCAL"_s))
                ++i;
            const QString w = word(i);
            if (w == u"NAMES"_s || w == u"CHARSET"_s || (w == u"CHARACTER"_s && isWord(i + 1, u"SET"_s))) {
                names(i + (w == u"CHARACTER"_s ? 2 : 1), end);
                return;
            }
            if (w == u"PASSWORD"_s || w == u"ROLE"_s || (w == u"DEFAULT"_s && isWord(i + 1, u"ROLE"_s))) {
                refuse(
                    i, u"SET %1 changes the login; a literal statement sets only its own session's settings"_s.arg(w));
                return;
            }
            if (!isName(i) || isOperator(i + 1, u".")) {
                refuse(i, u"SET needs a session setting's name or a user variable (@name)"_s);
                return;
            }
            setting = name(i++);
        }
        if (!setting.isEmpty() && !mysqlSettings().contains(setting.toLower())) {
            const QString why = setting.compare(u"sql_mode"_s, Qt::CaseInsensitive) == 0
                ? u" (it changes how the server reads statements)"_s
                : QString();
            refuse(i - 1,
                u"SET %1 is not allowed%2; a literal statement may set %3"_s.arg(
                    oneLine(setting), why, mysqlSettingsText));
            return;
        }
        if (!isOperator(i, u"=") && !isOperator(i, u":=")) {
            refuse(i, u"SET needs = and a value"_s);
            return;
        }
        if (i + 1 >= end) {
            refuse(i, u"SET needs a value after ="_s);
            return;
        }
        expression(i + 1, end);
    }

    // NAMES / CHARACTER SET: a UTF-8 character set only, which reads the statement's bytes as Interleave sends them.
    void names(int i, int end)
    {
        static const QSet<QString> utf8 { u"utf8mb4"_s, u"utf8"_s, u"utf8mb3"_s, u"default"_s };
        QString charset = i < end ? name(i) : QString();
        if (i < end && m_code.at(i).kind == MyKind::String)
            charset = m_code.at(i).text(m_sql).mid(1, m_code.at(i).end - m_code.at(i).start - 2).toString();
        if (!utf8.contains(charset.toLower())) {
            refuse(i,
                u"SET NAMES takes utf8mb4 here; another character set changes how the server reads "
                "statements"_s);
            return;
        }
        ++i;
        if (i < end && isWord(i, u"COLLATE"_s) && i + 1 < end
            && (isName(i + 1) || m_code.at(i + 1).kind == MyKind::String))
            i += 2;
        if (i < end)
            refuse(i, u"%1 is not part of SET NAMES"_s.arg(oneLine(m_code.at(i).text(m_sql))));
    }

    // LOCK TABLE[S] race [[AS] alias] READ [LOCAL] | [LOW_PRIORITY] WRITE [CONCURRENT], ...; UNLOCK TABLE[S].
    void lock(const QString& verb)
    {
        if (!isWord(1, u"TABLES"_s) && !isWord(1, u"TABLE"_s)) {
            refuse(1, u"%1 is %1 TABLES in a literal statement"_s.arg(verb));
            return;
        }
        if (verb == u"UNLOCK"_s) {
            if (size() > 2)
                refuse(2, u"UNLOCK TABLES takes nothing after it"_s);
            return;
        }
        static const QSet<QString> modes { u"READ"_s, u"LOCAL"_s, u"LOW_PRIORITY"_s, u"WRITE"_s, u"CONCURRENT"_s };
        int i = 2;
        while (i < size()) {
            if (!tableName(i, false))
                return;
            ++i;
            if (isWord(i, u"AS"_s))
                ++i;
            if (isName(i) && !modes.contains(word(i)))
                ++i;
            if (!modes.contains(word(i))) {
                refuse(i, u"LOCK TABLES needs READ or WRITE after the table"_s);
                return;
            }
            while (modes.contains(word(i)))
                ++i;
            if (i < size() && !isOperator(i, u",")) {
                refuse(i, u"%1 is not part of LOCK TABLES"_s.arg(oneLine(m_code.at(i).text(m_sql))));
                return;
            }
            ++i;
        }
    }

    // SHOW [SESSION | LOCAL] VARIABLES [LIKE '...'], SHOW WARNINGS | ERRORS [LIMIT ...].
    void show()
    {
        int i = 1;
        if (isWord(i, u"SESSION"_s) || isWord(i, u"LOCAL"_s))
            ++i;
        const QString what = word(i);
        if (what == u"VARIABLES"_s) {
            ++i;
            if (i == size())
                return;
            if (isWord(i, u"LIKE"_s) && i + 2 == size() && m_code.at(i + 1).kind == MyKind::String)
                return;
            refuse(i, u"SHOW VARIABLES takes only LIKE '...' here"_s);
            return;
        }
        if ((what == u"WARNINGS"_s || what == u"ERRORS"_s) && i == 1) {
            for (++i; i < size(); ++i)
                if (!isWord(i, u"LIMIT"_s) && m_code.at(i).kind != MyKind::Number && !isOperator(i, u",")) {
                    refuse(i, u"%1 is not part of SHOW %2"_s.arg(oneLine(m_code.at(i).text(m_sql)), what));
                    return;
                }
            return;
        }
        refuse(i,
            u"SHOW %1 is not run; a literal statement shows only its own session's VARIABLES, WARNINGS or ERRORS"_s.arg(
                oneLine(i < size() ? m_code.at(i).text(m_sql) : QStringView())));
    }

    // A table's name where the grammar wants one: the scenario's table, unqualified (or, where allowed, a WITH
    // query the statement defined before this point).
    bool tableName(int i, bool withQueries)
    {
        if (!isName(i))
            return refuse(i,
                u"a table's name is expected here; a literal statement names only the table %1"_s.arg(
                    quoted(m_table.name)));
        if (isOperator(i + 1, u".")) {
            const QString written = name(i) + u'.' + (isName(i + 2) ? name(i + 2) : QString());
            return refuse(i, qualifiedTable(written, m_table));
        }
        const QString n = name(i);
        if (n == m_table.name || (withQueries && withVisible(n)))
            return true;
        return refuse(i, otherTable(n, m_table));
    }

    bool withVisible(const QString& n) const
    {
        for (const Level& l : m_levels)
            if (l.withNames.contains(n))
                return true;
        return false;
    }

    bool knownName(const QString& n) const
    {
        if (n.compare(u"id"_s, Qt::CaseInsensitive) == 0 || n == m_table.name || withVisible(n)
            || m_aliases.contains(n.toLower()))
            return true;
        for (const ColumnSpec& c : m_table.columns)
            if (c.name.compare(n, Qt::CaseInsensitive) == 0)
                return true;
        for (int k = 0; k < m_table.constraints.size(); ++k)
            if (m_table.constraintName(k).compare(n, Qt::CaseInsensitive) == 0)
                return true;
        return false;
    }

    void alias(int i)
    {
        if (isName(i))
            m_aliases.insert(name(i).toLower());
        else if (i < size() && m_code.at(i).kind == MyKind::String)
            m_aliases.insert(
                m_code.at(i).text(m_sql).mid(1, m_code.at(i).end - m_code.at(i).start - 2).toString().toLower());
    }

    // A token that can end a value, after which a name is an alias: SELECT n total, (SELECT ...) d.
    bool endsValue(int i) const
    {
        if (i < 0)
            return false;
        const MyToken& t = m_code.at(i);
        if (t.kind == MyKind::Word)
            return !mysqlKeywords().contains(word(i)) || word(i) == u"NULL"_s || word(i) == u"TRUE"_s
                || word(i) == u"FALSE"_s;
        return t.kind == MyKind::QuotedName || t.kind == MyKind::String || t.kind == MyKind::Number
            || t.kind == MyKind::HexString || t.kind == MyKind::BitString || t.kind == MyKind::Placeholder
            || t.kind == MyKind::UserVariable || isOperator(i, u")");
    }

    // A run of tokens that is only an expression (a SET value).
    void expression(int from, int end)
    {
        m_levels = { Level {} };
        m_collecting = true;
        for (int i = from; i < end; i = step(i)) { }
        m_collecting = false;
        m_levels = { Level {} };
        for (int i = from; i < end && !m_problem; i = step(i)) { }
        if (m_levels.size() != 1)
            refuse(end - 1, u"unbalanced parentheses"_s);
    }

    void walk()
    {
        m_levels = { Level {} };
        for (int i = 0; i < size() && !m_problem; i = step(i)) { }
        if (!m_problem && m_levels.size() != 1)
            refuse(size() - 1, u"unbalanced parentheses"_s);
    }

    // Reads the token at i (and any it takes with it); returns the index of the next one.
    int step(int i)
    {
        Level& level = m_levels.last();
        if (level.expectTable)
            return tablePosition(i);
        if (level.mode == Level::Mode::TableList)
            return afterTable(i);
        return expressionToken(i);
    }

    void open(Level next) { m_levels.append(std::move(next)); }

    int close(int i)
    {
        if (m_levels.size() <= 1) {
            refuse(i, u"unbalanced parentheses"_s);
            if (m_collecting)
                return i + 1;
            return size();
        }
        const Level closed = m_levels.takeLast();
        if (!closed.withBody.isEmpty()) {
            m_levels.last().withNames.append(closed.withBody);
            m_levels.last().withList = true;
        }
        return i + 1;
    }

    // A parenthesis that opens a query: (SELECT ...), (WITH ...), (VALUES ...), (TABLE ...).
    bool opensQuery(int i) const
    {
        return isWord(i + 1, u"SELECT"_s) || isWord(i + 1, u"WITH"_s) || isWord(i + 1, u"VALUES"_s)
            || isWord(i + 1, u"TABLE"_s);
    }

    int tablePosition(int i)
    {
        Level& level = m_levels.last();
        const MyToken& t = m_code.at(i);
        if (isOperator(i, u"(")) {
            level.expectTable = false;
            level.aliasGiven = false;
            Level inner;
            if (opensQuery(i)) {
                inner.query = true;
            } else {
                inner.mode = Level::Mode::TableList;
                inner.expectTable = true;
            }
            open(inner);
            return i + 1;
        }
        if (isWord(i, u"LATERAL"_s))
            return i + 1;
        if (isWord(i, u"DUAL"_s)) {
            level.expectTable = false;
            level.aliasGiven = false;
            return i + 1;
        }
        if (level.variables && t.kind == MyKind::UserVariable) {
            level.expectTable = false;
            level.aliasGiven = true;
            return i + 1;
        }
        if (!tableName(i, !level.insertTarget))
            return m_collecting ? i + 1 : size();
        level.expectTable = false;
        level.aliasGiven = false;
        return i + 1;
    }

    int afterTable(int i)
    {
        Level& level = m_levels.last();
        const QString w = word(i);
        if (isOperator(i, u",")) {
            level.expectTable = true;
            return i + 1;
        }
        if (isOperator(i, u")"))
            return close(i);
        if (isOperator(i, u"(")) {
            // INSERT INTO race (a, b) and index hints: a list of columns or index names.
            if (level.insertTarget || isWord(i - 1, u"INDEX"_s) || isWord(i - 1, u"KEY"_s)) {
                level.aliasGiven = true;
                open(Level {});
                return i + 1;
            }
            refuse(i, u"a parenthesis after the table's name is not allowed here"_s);
            return m_collecting ? i + 1 : size();
        }
        if (w == u"JOIN"_s || w == u"STRAIGHT_JOIN"_s) {
            level.expectTable = true;
            return i + 1;
        }
        if (mysqlJoinWords().contains(w))
            return i + 1;
        if (w == u"ON"_s) {
            level.mode = isWord(i + 1, u"DUPLICATE"_s) ? Level::Mode::Expression : Level::Mode::JoinCondition;
            return i + 1;
        }
        if (w == u"USING"_s) {
            if (isOperator(i + 1, u"("))
                level.mode = Level::Mode::JoinCondition;
            else
                level.expectTable = true;
            return i + 1;
        }
        if (w == u"FOR"_s) {
            if (isWord(i + 1, u"UPDATE"_s) || isWord(i + 1, u"SHARE"_s)) {
                level.mode = Level::Mode::Expression;
                return i;
            }
            refuse(i, u"FOR %1 after a table is not allowed in a literal statement"_s.arg(word(i + 1)));
            return m_collecting ? i + 1 : size();
        }
        if (mysqlTableListEnds().contains(w)
            || (level.insertTarget
                && (w == u"VALUE"_s || w == u"TABLE"_s || w == u"WITH"_s || w == u"ON"_s || w == u"RETURNING"_s))) {
            level.mode = Level::Mode::Expression;
            level.insertTarget = false;
            level.variables = false;
            return i;
        }
        if (w == u"USE"_s || w == u"FORCE"_s || w == u"IGNORE"_s || w == u"INDEX"_s || w == u"KEY"_s) {
            level.aliasGiven = true;
            return i + 1;
        }
        if (w == u"PARTITION"_s) {
            refuse(i, u"PARTITION after a table is not allowed in a literal statement"_s);
            return m_collecting ? i + 1 : size();
        }
        if (w == u"AS"_s && !level.aliasGiven && isName(i + 1)) {
            alias(i + 1);
            level.aliasGiven = true;
            return i + 2;
        }
        if (isName(i) && !level.aliasGiven && !level.insertTarget) {
            alias(i);
            level.aliasGiven = true;
            return i + 1;
        }
        refuse(i, u"%1 is not allowed after a table's name here"_s.arg(oneLine(m_code.at(i).text(m_sql))));
        return m_collecting ? i + 1 : size();
    }

    int expressionToken(int i)
    {
        Level& level = m_levels.last();
        const MyToken& t = m_code.at(i);
        const QString w = word(i);
        if (level.mode == Level::Mode::JoinCondition && (mysqlTableListEnds().contains(w) || w == u"FOR"_s))
            level.mode = Level::Mode::Expression;
        if (level.mode == Level::Mode::JoinCondition) {
            if (isOperator(i, u",") || w == u"JOIN"_s || w == u"STRAIGHT_JOIN"_s
                || (mysqlJoinWords().contains(w) && !isOperator(i + 1, u"("))) {
                level.mode = Level::Mode::TableList;
                return afterTable(i);
            }
        }
        if (level.withList) {
            level.withList = false;
            if (isOperator(i, u","))
                return withQuery(i + 1);
        }
        if (t.kind == MyKind::Operator) {
            if (isOperator(i, u"("))
                return parenthesis(i);
            if (isOperator(i, u")"))
                return close(i);
            return i + 1;
        }
        if (t.kind == MyKind::SystemVariableMarker) {
            // @@name or @@scope.name: a read of a setting (GLOBAL is refused everywhere).
            int next = i + 1;
            if (!isName(next)) {
                refuse(i, u"@@ needs a setting's name"_s);
                return m_collecting ? i + 1 : size();
            }
            if (isOperator(next + 1, u".") && isName(next + 2))
                next += 2;
            return next + 1;
        }
        if (t.kind == MyKind::QuotedName)
            return nameToken(i);
        if (t.kind != MyKind::Word)
            return i + 1;
        // Words.
        if (w == u"SELECT"_s) {
            level.query = true;
            return i + 1;
        }
        if (w == u"FROM"_s && !(level.call && !level.query)) {
            startList(level);
            return i + 1;
        }
        if (w == u"INTO"_s) {
            const bool insert = isWord(i - 1, u"INSERT"_s) || isWord(i - 1, u"REPLACE"_s) || isWord(i - 1, u"IGNORE"_s)
                || isWord(i - 1, u"LOW_PRIORITY"_s) || isWord(i - 1, u"DELAYED"_s) || isWord(i - 1, u"HIGH_PRIORITY"_s);
            startList(level);
            level.insertTarget = insert;
            level.variables = !insert;
            return i + 1;
        }
        if ((w == u"INSERT"_s || w == u"REPLACE"_s) && !isOperator(i + 1, u"(")) {
            int j = i + 1;
            while (isWord(j, u"LOW_PRIORITY"_s) || isWord(j, u"DELAYED"_s) || isWord(j, u"HIGH_PRIORITY"_s)
                || isWord(j, u"IGNORE"_s))
                ++j;
            if (isWord(j, u"INTO"_s))
                ++j;
            startList(level);
            level.insertTarget = true;
            return j;
        }
        if (w == u"UPDATE"_s) {
            if (isWord(i - 1, u"FOR"_s) || isWord(i - 1, u"KEY"_s))
                return i + 1;
            int j = i + 1;
            while (isWord(j, u"LOW_PRIORITY"_s) || isWord(j, u"IGNORE"_s))
                ++j;
            startList(level);
            return j;
        }
        if (w == u"DELETE"_s)
            return deleteTargets(i);
        if (w == u"TABLE"_s) {
            startList(level);
            return i + 1;
        }
        if (w == u"WITH"_s && !isWord(i + 1, u"ROLLUP"_s))
            return withQuery(i + 1);
        if (w == u"AS"_s) {
            if (isName(i + 1) && !mysqlKeywords().contains(word(i + 1)) && !isOperator(i + 2, u"(")) {
                alias(i + 1);
                return i + 2;
            }
            if (i + 1 < size() && m_code.at(i + 1).kind == MyKind::String) {
                alias(i + 1);
                return i + 2;
            }
            return i + 1;
        }
        // An introducer: _utf8mb4'text'.
        if (w.startsWith(u'_') && i + 1 < size()
            && (m_code.at(i + 1).kind == MyKind::String || m_code.at(i + 1).kind == MyKind::HexString
                || m_code.at(i + 1).kind == MyKind::BitString)) {
            static const QSet<QString> charsets { u"_UTF8MB4"_s, u"_UTF8"_s, u"_UTF8MB3"_s, u"_LATIN1"_s, u"_BINARY"_s,
                u"_ASCII"_s };
            if (charsets.contains(w))
                return i + 1;
        }
        if (isOperator(i + 1, u"(") && !mysqlParenthesisWords().contains(w)) {
            if (isOperator(i - 1, u".")) {
                refuse(i,
                    u"calls a function of another database; a literal statement calls functions by their "
                    "plain name, from the allow-list"_s);
                return m_collecting ? i + 1 : size();
            }
            // A name with a character above ASCII is never one of the functions (word() leaves it as it is).
            const bool ascii = std::all_of(w.cbegin(), w.cend(), [](QChar c) { return c.unicode() < 0x80; });
            if (!ascii || !mysqlFunctions().contains(w.toLower())) {
                refuse(i, notAllowedFunction(m_code.at(i).text(m_sql)));
                return m_collecting ? i + 1 : size();
            }
            m_nextCall = true;
            return i + 1;
        }
        if (mysqlKeywords().contains(w))
            return i + 1;
        return nameToken(i);
    }

    void startList(Level& level)
    {
        level.mode = Level::Mode::TableList;
        level.expectTable = true;
        level.insertTarget = false;
        level.variables = false;
        level.aliasGiven = false;
    }

    int parenthesis(int i)
    {
        Level inner;
        inner.call = m_nextCall;
        inner.query = opensQuery(i);
        m_nextCall = false;
        open(inner);
        return i + 1;
    }

    // An identifier outside a table list: a column, the table or an alias as a qualifier, or a new alias.
    int nameToken(int i)
    {
        const MyToken& t = m_code.at(i);
        if (isOperator(i + 1, u"(")) {
            refuse(i,
                u"calls %1(), a stored function; a literal statement calls only the functions on the "
                "allow-list"_s.arg(oneLine(t.text(m_sql))));
            return m_collecting ? i + 1 : size();
        }
        const QString n = name(i);
        if (isOperator(i + 1, u".")) {
            if (isOperator(i + 3, u"(")) {
                refuse(i,
                    u"calls a function of another database; a literal statement calls functions by their "
                    "plain name, from the allow-list"_s);
                return m_collecting ? i + 1 : size();
            }
            // qualifier.column, qualifier.*; db.table.column is refused.
            if (!knownName(n) || isOperator(i + 3, u".")) {
                const QString written = n + u'.' + (isName(i + 2) ? name(i + 2) : u"*"_s);
                refuse(i, qualifiedTable(written, m_table));
                return m_collecting ? i + 1 : size();
            }
            return isName(i + 2) || isOperator(i + 2, u"*") ? i + 3 : i + 2;
        }
        // A collation or character set: COLLATE utf8mb4_bin, CONVERT(x USING utf8mb4).
        if (knownName(n) || isWord(i - 1, u"COLLATE"_s) || isWord(i - 1, u"USING"_s))
            return i + 1;
        if (m_collecting && endsValue(i - 1)) {
            alias(i);
            return i + 1;
        }
        refuse(i,
            u"%1 is not a name this statement knows: a literal statement names the table %2, its columns (id, %3) "
            "and the aliases it defines"_s.arg(quoted(n), quoted(m_table.name), columnList()));
        return m_collecting ? i + 1 : size();
    }

    QString columnList() const
    {
        QStringList names;
        for (const ColumnSpec& c : m_table.columns)
            names.append(oneLine(c.name));
        return names.join(u", "_s);
    }

    // DELETE [LOW_PRIORITY] [QUICK] [IGNORE] FROM ..., or DELETE t1, t2 FROM ...: the targets are the table or
    // aliases the FROM defines.
    int deleteTargets(int i)
    {
        int j = i + 1;
        while (isWord(j, u"LOW_PRIORITY"_s) || isWord(j, u"QUICK"_s) || isWord(j, u"IGNORE"_s))
            ++j;
        for (; j < size() && !isWord(j, u"FROM"_s); ++j) {
            if (isOperator(j, u",") || isOperator(j, u"*") || (isOperator(j, u".") && isOperator(j + 1, u"*")))
                continue;
            if (isName(j) && (name(j) == m_table.name || m_aliases.contains(name(j).toLower()))
                && !isOperator(j + 1, u"(") && !(isOperator(j + 1, u".") && !isOperator(j + 2, u"*")))
                continue;
            refuse(j, u"DELETE removes rows from the table %1 or an alias of it only"_s.arg(quoted(m_table.name)));
            return m_collecting ? j + 1 : size();
        }
        return j;
    }

    // WITH name [(columns)] AS ( query ): the name is visible after its query, here and in deeper levels.
    int withQuery(int i)
    {
        if (!isName(i)) {
            refuse(i, u"WITH needs a name"_s);
            return m_collecting ? i + 1 : size();
        }
        const QString n = name(i);
        int j = i + 1;
        if (isOperator(j, u"(")) {
            for (++j; j < size() && !isOperator(j, u")"); ++j) {
                if (isName(j))
                    alias(j);
                else if (!isOperator(j, u",")) {
                    refuse(j, u"a WITH query's columns are names"_s);
                    return m_collecting ? j + 1 : size();
                }
            }
            ++j;
        }
        if (!isWord(j, u"AS"_s) || !isOperator(j + 1, u"(")) {
            refuse(j, u"WITH name AS (query) is expected here"_s);
            return m_collecting ? j + 1 : size();
        }
        Level body;
        body.query = true;
        body.withBody = n;
        open(body);
        return j + 2;
    }

    const QString& m_sql;
    const TableSpec& m_table;
    QList<MyToken> m_code;
    QList<Level> m_levels;
    QSet<QString> m_aliases; // lower case
    bool m_collecting = false; // the first pass: learns the aliases, refuses nothing
    bool m_nextCall = false;
    std::optional<Problem> m_problem;
};

} // namespace

const QStringList& allowedFunctions(BackendSpec::Kind kind)
{
    switch (kind) {
    case BackendSpec::Kind::Postgresql:
        return postgresFunctions();
    case BackendSpec::Kind::Mysql:
        return mysqlFunctions();
    case BackendSpec::Kind::Sqlite:
        break;
    }
    return sqliteFunctions();
}

std::optional<Problem> check(BackendSpec::Kind kind, const QString& sql, const TableSpec& table)
{
    if (auto problem = printableProblem(sql))
        return problem;
    if (sql.trimmed().isEmpty())
        return Problem { -1, u"must not be empty"_s };
    switch (kind) {
    case BackendSpec::Kind::Postgresql:
        return PostgresCheck(sql, table).run();
    case BackendSpec::Kind::Mysql:
        return MysqlCheck(sql, table).run();
    case BackendSpec::Kind::Sqlite:
        break;
    }
    return SqliteAuthorizer::check(sql, table);
}

bool ordersRows(BackendSpec::Kind kind, const QString& sql)
{
    if (kind == BackendSpec::Kind::Postgresql) {
        PgQuery::Error error;
        const auto tree = PgQuery::parse(PgQuery::numberPlaceholders(sql), &error);
        if (!tree)
            return false;
        const QJsonArray statements = tree->value(u"stmts"_s).toArray();
        const QJsonObject select =
            statements.at(0).toObject().value(u"stmt"_s).toObject().value(u"SelectStmt"_s).toObject();
        return !select.value(u"sortClause"_s).toArray().isEmpty();
    }
    // SQLite reads a backslash in a string as an ordinary character.
    const MysqlLexer::Result lexed = MysqlLexer::lex(sql, { kind == BackendSpec::Kind::Mysql });
    int depth = 0;
    bool order = false; // the previous code token was ORDER at depth 0
    for (const MyToken& t : lexed.tokens) {
        if (t.kind == MyKind::Comment || t.kind == MyKind::ExecutableCommentStart
            || t.kind == MyKind::ExecutableCommentEnd)
            continue;
        const QStringView text = t.text(sql);
        if (t.kind == MyKind::Operator && text == u"(")
            ++depth;
        else if (t.kind == MyKind::Operator && text == u")")
            --depth;
        const QString word = t.kind == MyKind::Word ? MysqlLexer::upper(sql, t) : QString();
        if (order && word == u"BY"_s)
            return true;
        order = depth == 0 && word == u"ORDER"_s;
    }
    return false;
}

std::optional<ScenarioProblem> checkScenario(const Scenario& scenario, BackendSpec::Kind kind)
{
    for (qsizetype w = 0; w < scenario.workers.size(); ++w) {
        const WorkerSpec& worker = scenario.workers.at(w);
        for (qsizetype s = 0; s < worker.statements.size(); ++s) {
            if (auto problem = check(kind, worker.statements.at(s).sql, scenario.table))
                return ScenarioProblem { u"workers[%1].statements[%2]"_s.arg(w).arg(s), *problem };
        }
        for (qsizetype s = 0; s < worker.before.size(); ++s) {
            if (auto problem = check(kind, worker.before.at(s).sql, scenario.table))
                return ScenarioProblem { u"workers[%1].before[%2]"_s.arg(w).arg(s), *problem };
        }
    }
    return std::nullopt;
}

} // namespace interleave::LiteralSql
