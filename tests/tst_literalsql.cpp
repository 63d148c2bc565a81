// SPDX-License-Identifier: MIT
#include "chrometrace.h"
#include "literalsql.h"
#include "mysqllexer.h"
#include "narration.h"
#include "pgquery.h"
#include "runner.h"
#include "scenario.h"
#include "serverurl.h"
#include "sqlitebackend.h"
#include "statementkind.h"
#include "testdatabases.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QtTest>

#include <pthread.h>
#include <thread>

using namespace Qt::StringLiterals;
using namespace interleave;
using Kind = BackendSpec::Kind;

namespace {

constexpr int sqlite = int(Kind::Sqlite);
constexpr int pg = int(Kind::Postgresql);
constexpr int my = int(Kind::Mysql);

// The scenario's table in every row: race (id, user_id, name, n), unique on user_id.
TableSpec raceTable()
{
    TableSpec t;
    t.name = u"race"_s;
    t.model = u"Race"_s;
    t.columns = { { u"user_id"_s, u"varchar(32)"_s, false }, { u"name"_s, u"varchar(32)"_s, true },
        { u"n"_s, u"integer"_s, true } };
    t.constraints = { { u"unique"_s, { u"user_id"_s }, {}, {} } };
    return t;
}

QString kindName(int kind)
{
    return kind == sqlite ? u"sqlite"_s : kind == pg ? u"postgresql"_s : u"mysql"_s;
}

// A connection of the test's own to a test server, outside Interleave, through Qt's drivers.
class Outsider {
public:
    Outsider(Kind kind, const QString& name, const QString& database = {})
        : m_name(name)
    {
        const auto url = ServerUrl::parse(test::serverUrl(kind), nullptr);
        if (!url)
            return;
        QSqlDatabase db = QSqlDatabase::addDatabase(kind == Kind::Postgresql ? u"QPSQL"_s : u"QMYSQL"_s, name);
        db.setHostName(url->host);
        db.setPort(url->effectivePort());
        db.setUserName(url->effectiveUser());
        db.setPassword(qEnvironmentVariable(qPrintable(url->passwordVariable())));
        db.setDatabaseName(database.isEmpty() ? url->database : database);
        if (!db.open())
            qWarning("outsider %s: %s", qPrintable(name), qPrintable(db.lastError().text()));
    }
    ~Outsider()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    Outsider(const Outsider&) = delete;
    Outsider& operator=(const Outsider&) = delete;

    bool exec(const QString& sql, QString* error = nullptr)
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (q.exec(sql))
            return true;
        if (error)
            *error = q.lastError().text();
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return false;
    }
    // The rows as text, one line each, or nullopt when the statement failed.
    std::optional<QStringList> rows(const QString& sql, int* columns = nullptr)
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!q.exec(sql))
            return std::nullopt;
        if (columns)
            *columns = q.record().count();
        QStringList out;
        while (q.next()) {
            QStringList row;
            for (int c = 0; c < q.record().count(); ++c)
                row.append(q.value(c).isNull() ? u"NULL"_s : q.value(c).toString());
            out.append(row.join(u'|'));
        }
        return out;
    }
    QString value(const QString& sql)
    {
        const auto r = rows(sql);
        return r && !r->isEmpty() ? r->first() : QString();
    }

private:
    QString m_name;
};

} // namespace

class TestLiteralSql : public QObject {
    Q_OBJECT

private:
    static void row(const char* name, int kind, const QString& sql, const QString& message)
    {
        QTest::newRow(name) << kind << sql << message;
    }

private Q_SLOTS:
    void parsingOnThousandsOfThreadsLeavesThreadKeys();
    // Every spelling of the finding, and many more: each refused with a message that names what it refuses.
    void refused_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("message"); // a part of the message

        // Every database: the spellings that fooled the old text check.
        for (const int kind : { sqlite, pg, my }) {
            const QByteArray k = kindName(kind).toLatin1();
            const QString create = kind == sqlite ? u"CREATE statements are not run"_s
                : kind == pg                      ? u"CREATE statements are not run"_s
                                                  : u"CREATE changes the schema"_s;
            QTest::newRow(QByteArray("line_comment_hides_a_quote_on_" + k).constData())
                << kind << u"-- '\nCREATE TABLE x (a int)"_s << create;
            QTest::newRow(QByteArray("block_comment_hides_a_quote_on_" + k).constData())
                << kind << u"/* ' */ CREATE TABLE x (a int)"_s << create;
            QTest::newRow(QByteArray("tab_and_newlines_between_keywords_on_" + k).constData())
                << kind << u"CREATE\tTABLE\n\r x (a int)"_s << create;
            QTest::newRow(QByteArray("lower_case_ddl_on_" + k).constData())
                << kind << u"create table x (a int)"_s << create;
            QTest::newRow(QByteArray("a_second_statement_after_a_quoted_semicolon_on_" + k).constData())
                << kind << u"SELECT ';'; DELETE FROM race"_s << u"one statement per entry"_s;
            QTest::newRow(QByteArray("a_nul_character_on_" + k).constData())
                << kind << u"SELECT 1"_s + QChar(0) + u"; DROP TABLE race"_s << u"control character \\x00"_s;
            QTest::newRow(QByteArray("an_escape_character_on_" + k).constData())
                << kind << u"SELECT 1 \x1b[2J"_s << u"control character \\x1b"_s;
            QTest::newRow(QByteArray("only_a_comment_on_" + k).constData())
                << kind << u"-- nothing"_s << u"only a comment"_s;
            QTest::newRow(QByteArray("a_recursive_query_on_" + k).constData())
                << kind
                << u"WITH RECURSIVE t(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                   "FROM t) SELECT x FROM t"_s
                << (kind == my ? u"recursive WITH"_s : u"recursive WITH"_s);
        }

        // PostgreSQL, on its own parse tree.
        row("pg_escape_string_hides_a_second_statement", pg,
            u"SELECT E'\\'' ; CREATE TABLE public.x (a int) ; DROP TABLE public.victim ; --'"_s,
            u"one statement per entry"_s);
        row("pg_escape_string_then_ddl", pg, u"SELECT E'\\';' FROM race; DROP TABLE race"_s,
            u"one statement per entry"_s);
        row("pg_dollar_quote_hides_a_semicolon", pg, u"SELECT $x$ ' $x$; DROP TABLE race"_s,
            u"one statement per entry"_s);
        row("pg_do_block", pg, u"DO $$BEGIN DROP TABLE race; END$$"_s, u"DO statements are not run"_s);
        row("pg_copy", pg, u"COPY race TO '/tmp/x'"_s, u"COPY statements are not run"_s);
        row("pg_call", pg, u"CALL p()"_s, u"CALL statements are not run"_s);
        row("pg_truncate", pg, u"TRUNCATE race"_s, u"TRUNCATE statements are not run"_s);
        row("pg_explain_analyze", pg, u"EXPLAIN ANALYZE DELETE FROM race"_s, u"EXPLAIN statements are not run"_s);
        row("pg_listen", pg, u"LISTEN x"_s, u"LISTEN statements are not run"_s);
        row("pg_vacuum", pg, u"VACUUM race"_s, u"VACUUM statements are not run"_s);
        row("pg_terminate_backend", pg, u"SELECT pg_terminate_backend(1)"_s, u"calls pg_terminate_backend()"_s);
        row("pg_cancel_backend_in_a_subquery", pg, u"SELECT n FROM race WHERE n = (SELECT pg_cancel_backend(1)::int)"_s,
            u"calls pg_cancel_backend()"_s);
        row("pg_set_config_by_schema", pg, u"SELECT pg_catalog.set_config('search_path', 'public', false)"_s,
            u"calls pg_catalog.set_config()"_s);
        row("pg_set_config", pg, u"SELECT set_config('search_path', 'public', false)"_s, u"calls set_config()"_s);
        row("pg_sleep", pg, u"SELECT pg_sleep(10)"_s, u"calls pg_sleep()"_s);
        row("pg_dblink", pg, u"SELECT dblink('host=x', 'DROP TABLE y')"_s, u"calls dblink()"_s);
        row("pg_lo_import", pg, u"SELECT lo_import('/etc/passwd')"_s, u"calls lo_import()"_s);
        row("pg_read_file", pg, u"SELECT pg_read_file('/etc/passwd')"_s, u"calls pg_read_file()"_s);
        row("pg_current_setting", pg, u"SELECT current_setting('search_path')"_s, u"calls current_setting()"_s);
        row("pg_nextval", pg, u"SELECT nextval('victim_seq')"_s, u"calls nextval()"_s);
        row("pg_generate_series", pg, u"SELECT * FROM generate_series(1, 1000000000)"_s, u"calls generate_series()"_s);
        row("pg_repeat", pg, u"SELECT repeat('x', 1000000000)"_s, u"calls repeat()"_s);
        row("pg_function_in_a_cte", pg, u"WITH t AS (SELECT pg_sleep(1)) SELECT * FROM t"_s, u"calls pg_sleep()"_s);
        row("pg_select_into", pg, u"SELECT * INTO newtable FROM race"_s, u"SELECT ... INTO creates a table"_s);
        row("pg_create_table_as", pg, u"CREATE TABLE t AS SELECT * FROM race"_s, u"CREATE statements"_s);
        row("pg_schema_qualified_victim", pg, u"SELECT * FROM public.victim"_s, u"names \"public.victim\""_s);
        row("pg_information_schema", pg, u"SELECT * FROM information_schema.tables"_s,
            u"names \"information_schema.tables\""_s);
        row("pg_catalog_table", pg, u"SELECT * FROM pg_catalog.pg_class"_s, u"names \"pg_catalog.pg_class\""_s);
        row("pg_catalog_table_unqualified", pg, u"SELECT * FROM pg_authid"_s, u"names table \"pg_authid\""_s);
        row("pg_other_table", pg, u"SELECT * FROM victim"_s, u"names table \"victim\""_s);
        row("pg_qualified_own_table", pg, u"INSERT INTO public.race (n) VALUES (1)"_s, u"names \"public.race\""_s);
        row("pg_unicode_escape_spells_another_table", pg, u"SELECT * FROM U&\"vi\\0063tim\""_s,
            u"names table \"victim\""_s);
        row("pg_quoted_unicode_name", pg, u"SELECT * FROM \"v\u00efctim\""_s, u"names table \"v\u00efctim\""_s);
        row("pg_other_table_in_a_subquery", pg, u"SELECT * FROM race WHERE id = (SELECT a FROM victim)"_s,
            u"names table \"victim\""_s);
        row("pg_update_from_another_table", pg, u"UPDATE race SET n = 1 FROM victim"_s, u"names table \"victim\""_s);
        row("pg_delete_using_another_table", pg, u"DELETE FROM race USING victim"_s, u"names table \"victim\""_s);
        row("pg_cte_reads_the_table_it_shadows", pg, u"WITH victim AS (SELECT * FROM victim) SELECT * FROM victim"_s,
            u"names table \"victim\""_s);
        row("pg_cte_out_of_scope", pg, u"SELECT * FROM (WITH victim AS (SELECT 1) SELECT * FROM victim) s, victim"_s,
            u"names table \"victim\""_s);
        row("pg_cte_named_like_the_insert_target", pg, u"WITH victim AS (SELECT 1) INSERT INTO victim VALUES (1)"_s,
            u"names table \"victim\""_s);
        row("pg_lock_another_table", pg, u"LOCK TABLE race, victim IN EXCLUSIVE MODE"_s, u"names table \"victim\""_s);
        row("pg_for_update_of_another_table", pg, u"SELECT * FROM race FOR UPDATE OF victim"_s,
            u"names table \"victim\""_s);
        row("pg_functional_notation", pg, u"SELECT r.quote_literal FROM race r"_s, u"uses .quote_literal"_s);
        row("pg_functional_notation_in_parentheses", pg, u"SELECT (r).pg_column_size FROM race r"_s,
            u"uses .pg_column_size"_s);
        row("pg_set_search_path", pg, u"SET search_path TO public"_s, u"SET search_path is not allowed"_s);
        row("pg_set_schema", pg, u"SET SCHEMA 'public'"_s, u"SET search_path is not allowed"_s);
        row("pg_set_role", pg, u"SET ROLE postgres"_s, u"SET role is not allowed"_s);
        row("pg_set_session_authorization", pg, u"SET SESSION AUTHORIZATION postgres"_s,
            u"SET session_authorization is not allowed"_s);
        row("pg_reset_all", pg, u"RESET ALL"_s, u"RESET ALL"_s);
        row("pg_set_client_encoding", pg, u"SET NAMES 'SJIS'"_s, u"SET client_encoding is not allowed"_s);
        row("pg_set_standard_conforming_strings", pg, u"SET standard_conforming_strings = off"_s,
            u"SET standard_conforming_strings is not allowed"_s);
        row("pg_show_all", pg, u"SHOW ALL"_s, u"SHOW all is not allowed"_s);
        row("pg_two_phase_commit", pg, u"PREPARE TRANSACTION 'x'"_s, u"two-phase commit"_s);
        row("pg_backslash_in_a_plain_string", pg, u"SELECT 'a\\', 'b' FROM race"_s, u"standard_conforming_strings"_s);
        row("pg_cast_to_regclass", pg, u"SELECT 'victim'::regclass"_s, u"casts to the type \"regclass\""_s);
        row("pg_qualified_operator", pg, u"SELECT 1 OPERATOR(pg_catalog.+) 1"_s, u"OPERATOR(schema.op)"_s);
        row("pg_qualified_sort_operator", pg, u"SELECT n FROM race ORDER BY n USING OPERATOR(public.<)"_s,
            u"USING OPERATOR(schema.op)"_s);
        row("pg_tablesample", pg, u"SELECT * FROM race TABLESAMPLE SYSTEM (10)"_s, u"TABLESAMPLE is not allowed"_s);
        row("pg_xml", pg, u"SELECT xmlelement(name a)"_s, u"An XML function is not allowed"_s);
        row("pg_syntax_error", pg, u"SELEC oops"_s, u"PostgreSQL's parser (version 15) does not read it"_s);
        row("pg_unterminated_string", pg, u"SELECT 'oops"_s, u"PostgreSQL cannot read it"_s);

        // MySQL and MariaDB, on MysqlLexer's tokens.
        row("my_backslash_escape_hides_a_second_statement", my, u"SELECT '\\'' ; CREATE TABLE x (a int) ; --'"_s,
            u"unterminated string"_s);
        row("my_backslash_escape_reads_differently", my, u"SELECT 'it\\'s'"_s, u"NO_BACKSLASH_ESCAPES"_s);
        row("my_backslash_in_double_quotes", my, u"SELECT \"a\\\", (SELECT a FROM victim) -- \""_s,
            u"NO_BACKSLASH_ESCAPES"_s);
        row("my_set_global", my, u"SET GLOBAL max_connections = 199"_s, u"SET GLOBAL changes the server"_s);
        row("my_set_at_at_global", my, u"SET @@GLOBAL.max_connections = 199"_s, u"SET GLOBAL changes the server"_s);
        row("my_set_at_at_global_spaced", my, u"SET @@global . max_connections = 199"_s, u"SET GLOBAL"_s);
        row("my_tab_after_set", my, u"SET\tGLOBAL max_connections = 199"_s, u"SET GLOBAL"_s);
        row("my_global_after_a_comma", my, u"SET @a = 1, GLOBAL max_connections = 199"_s, u"SET GLOBAL"_s);
        row("my_global_in_an_executable_comment", my, u"SET /*! GLOBAL */ max_connections = 199"_s, u"SET GLOBAL"_s);
        row("my_global_in_a_versioned_comment", my, u"SET /*!50000 GLOBAL */ max_connections = 199"_s,
            u"versioned comment"_s);
        row("my_mariadb_only_comment", my, u"SET /*M! GLOBAL */ max_connections = 199"_s, u"versioned comment"_s);
        row("my_read_of_a_global", my, u"SELECT @@global.max_connections"_s, u"SET GLOBAL"_s);
        row("my_set_persist", my, u"SET PERSIST max_connections = 199"_s, u"SET PERSIST changes the server"_s);
        row("my_set_persist_only", my, u"SET PERSIST_ONLY max_connections = 199"_s, u"SET PERSIST_ONLY"_s);
        row("my_set_a_server_setting", my, u"SET max_connections = 199"_s, u"SET max_connections is not allowed"_s);
        row("my_set_sql_mode", my, u"SET sql_mode = 'NO_BACKSLASH_ESCAPES'"_s,
            u"it changes how the server reads statements"_s);
        row("my_set_session_sql_mode", my, u"SET @@session.sql_mode = ''"_s, u"SET sql_mode is not allowed"_s);
        row("my_set_names_gbk", my, u"SET NAMES gbk"_s, u"SET NAMES takes utf8mb4"_s);
        row("my_set_password", my, u"SET PASSWORD = 'x'"_s, u"SET PASSWORD changes the login"_s);
        row("my_set_role", my, u"SET ROLE admin"_s, u"SET ROLE changes the login"_s);
        row("my_set_statement", my, u"SET STATEMENT max_statement_time = 1 FOR SELECT 1"_s, u"SET STATEMENT"_s);
        row("my_kill", my, u"KILL 123"_s, u"KILL ends another client's"_s);
        row("my_kill_query", my, u"KILL QUERY 1"_s, u"KILL ends another client's"_s);
        row("my_kill_lower_case", my, u"kill connection 7"_s, u"KILL ends another client's"_s);
        row("my_into_outfile", my, u"SELECT * FROM race INTO OUTFILE '/tmp/x'"_s, u"INTO OUTFILE writes a file"_s);
        row("my_into_dumpfile", my, u"SELECT 1 INTO DUMPFILE '/tmp/x'"_s, u"INTO DUMPFILE writes a file"_s);
        row("my_load_data", my, u"LOAD DATA INFILE '/etc/passwd' INTO TABLE race"_s, u"LOAD DATA"_s);
        row("my_call", my, u"CALL p()"_s, u"CALL runs a stored procedure"_s);
        row("my_do", my, u"DO SLEEP(5)"_s, u"DO runs expressions"_s);
        row("my_prepare", my, u"PREPARE s FROM 'DROP TABLE race'"_s, u"PREPARE runs SQL built from a string"_s);
        row("my_execute", my, u"EXECUTE s"_s, u"EXECUTE runs SQL built from a string"_s);
        row("my_handler", my, u"HANDLER race OPEN"_s, u"HANDLER reads tables"_s);
        row("my_install", my, u"INSTALL PLUGIN x SONAME 'x.so'"_s, u"INSTALL loads"_s);
        row("my_shutdown", my, u"SHUTDOWN"_s, u"SHUTDOWN stops the server"_s);
        row("my_flush", my, u"FLUSH TABLES"_s, u"FLUSH acts on the whole server"_s);
        row("my_grant", my, u"GRANT ALL ON *.* TO x"_s, u"GRANT changes privileges"_s);
        row("my_revoke", my, u"REVOKE ALL ON *.* FROM x"_s, u"REVOKE changes privileges"_s);
        row("my_drop", my, u"DROP TABLE race"_s, u"DROP changes the schema"_s);
        row("my_truncate", my, u"TRUNCATE race"_s, u"TRUNCATE changes the schema"_s);
        row("my_rename", my, u"RENAME TABLE race TO x"_s, u"RENAME changes the schema"_s);
        row("my_xa", my, u"XA START 'x'"_s, u"XA transactions"_s);
        row("my_use", my, u"USE mysql"_s, u"USE statements are not run"_s);
        row("my_show_processlist", my, u"SHOW PROCESSLIST"_s, u"SHOW PROCESSLIST is not run"_s);
        row("my_show_engine_status", my, u"SHOW ENGINE INNODB STATUS"_s, u"SHOW ENGINE is not run"_s);
        row("my_start_slave", my, u"START SLAVE"_s, u"START is START TRANSACTION"_s);
        row("my_begin_not_atomic", my, u"BEGIN NOT ATOMIC SELECT 1 END"_s, u"NOT is not part of BEGIN"_s);
        row("my_sleep", my, u"SELECT SLEEP(10)"_s, u"calls SLEEP()"_s);
        row("my_sleep_with_a_space", my, u"SELECT sleep (10)"_s, u"calls sleep()"_s);
        row("my_benchmark", my, u"SELECT BENCHMARK(1000000, MD5('x'))"_s, u"calls BENCHMARK()"_s);
        row("my_get_lock", my, u"SELECT GET_LOCK('x', 10)"_s, u"calls GET_LOCK()"_s);
        row("my_load_file", my, u"SELECT LOAD_FILE('/etc/passwd')"_s, u"calls LOAD_FILE()"_s);
        row("my_repeat", my, u"SELECT REPEAT('x', 1000000000)"_s, u"calls REPEAT()"_s);
        row("my_quoted_stored_function", my, u"SELECT `sleep`(1)"_s, u"a stored function"_s);
        row("my_function_of_another_database", my, u"SELECT interleave_victim.f(1)"_s,
            u"calls a function of another database"_s);
        row("my_qualified_table", my, u"SELECT * FROM interleave_victim.victim"_s,
            u"names \"interleave_victim.victim\""_s);
        row("my_quoted_qualified_table", my, u"SELECT * FROM `interleave_victim`.`victim`"_s,
            u"names \"interleave_victim.victim\""_s);
        row("my_information_schema", my, u"SELECT * FROM information_schema.tables"_s,
            u"names \"information_schema.tables\""_s);
        row("my_mysql_user", my, u"SELECT * FROM mysql.user"_s, u"names \"mysql.user\""_s);
        row("my_other_table", my, u"SELECT * FROM victim"_s, u"names table \"victim\""_s);
        row("my_other_table_after_a_comma", my, u"SELECT * FROM race, victim"_s, u"names table \"victim\""_s);
        row("my_other_table_after_an_alias_named_value", my, u"SELECT * FROM race AS value, victim"_s,
            u"names table \"victim\""_s);
        row("my_other_table_in_parentheses", my, u"SELECT * FROM race, (victim)"_s, u"names table \"victim\""_s);
        row("my_other_table_joined", my, u"SELECT * FROM race JOIN victim ON 1 = 1"_s, u"names table \"victim\""_s);
        row("my_other_table_after_a_join_condition", my, u"SELECT * FROM race r JOIN race s ON r.id = s.id, victim"_s,
            u"names table \"victim\""_s);
        row("my_other_table_in_exists", my, u"SELECT * FROM race WHERE EXISTS (SELECT 1 FROM victim)"_s,
            u"names table \"victim\""_s);
        row("my_other_table_in_a_union", my, u"SELECT n FROM race UNION SELECT n FROM victim"_s,
            u"names table \"victim\""_s);
        row("my_other_table_lateral", my, u"SELECT * FROM race, LATERAL (SELECT * FROM victim) d"_s,
            u"names table \"victim\""_s);
        row("my_update_two_tables", my, u"UPDATE race, victim SET victim.a = 1"_s, u"names table \"victim\""_s);
        row("my_delete_using_another_table", my, u"DELETE FROM race USING race, victim"_s, u"names table \"victim\""_s);
        row("my_delete_another_target", my, u"DELETE victim FROM race"_s, u"DELETE removes rows"_s);
        row("my_insert_into_another_table", my, u"INSERT INTO victim VALUES (1)"_s, u"names table \"victim\""_s);
        row("my_insert_without_into", my, u"INSERT victim VALUES (1)"_s, u"names table \"victim\""_s);
        row("my_insert_select_from_another_table", my, u"INSERT INTO race (n) SELECT n FROM victim"_s,
            u"names table \"victim\""_s);
        row("my_replace_into_another_table", my, u"REPLACE INTO victim VALUES (1)"_s, u"names table \"victim\""_s);
        row("my_lock_another_table", my, u"LOCK TABLES victim WRITE"_s, u"names table \"victim\""_s);
        row("my_select_into_variable_from_another_table", my, u"SELECT n INTO @a FROM victim"_s,
            u"names table \"victim\""_s);
        row("my_system_versioned_read", my, u"SELECT * FROM race FOR SYSTEM_TIME ALL, victim"_s,
            u"FOR SYSTEM_TIME after a table"_s);
        row("my_cte_reads_the_table_it_shadows", my, u"WITH victim AS (SELECT * FROM victim) SELECT * FROM victim"_s,
            u"names table \"victim\""_s);
        row("my_cte_out_of_scope", my, u"SELECT * FROM (WITH victim AS (SELECT 1) SELECT * FROM victim) s, victim"_s,
            u"names table \"victim\""_s);
        row("my_optimizer_hint", my, u"SELECT /*+ SET_VAR(sql_mode = '') */ n FROM race"_s, u"optimizer hint"_s);
        row("my_versioned_comment_hides_a_table", my, u"SELECT 1 /*!99999 , (SELECT a FROM victim) */"_s,
            u"versioned comment"_s);
        row("my_semicolon_in_an_executable_comment", my, u"SELECT 1 /*! ; DROP TABLE race */"_s,
            u"one statement per entry"_s);
        row("my_two_statements", my, u"SELECT 1; SELECT 2"_s, u"one statement per entry"_s);
        row("my_double_quoted_qualifier", my, u"SELECT \"race\".n FROM race"_s, u"ANSI_QUOTES"_s);
        row("my_odbc_escape", my, u"SELECT {fn NOW()}"_s, u"ODBC escapes"_s);
        row("my_sequence", my, u"SELECT NEXT VALUE FOR s"_s, u"NEXT VALUE FOR uses a sequence"_s);
        row("my_long_s_is_no_keyword_to_the_server", my, u"SELECT * FROM race \u017Fet, victim"_s,
            u"names table \"victim\""_s);
        row("my_kelvin_sign_is_no_function", my, u"SELECT \u212Aill(1)"_s, u"calls \u212Aill()"_s);
        row("my_double_quoted_call", my, u"SELECT \"sleep\"(1)"_s, u"ANSI_QUOTES"_s);
        row("my_partition", my, u"SELECT * FROM race PARTITION (p0)"_s, u"PARTITION after a table"_s);
        row("my_unknown_name", my, u"SELECT secret FROM race"_s, u"\"secret\" is not a name this statement knows"_s);
        row("my_unterminated_comment", my, u"SELECT 1 /* oops"_s, u"the comment /* is not closed"_s);
        row("my_unterminated_string", my, u"SELECT 'oops"_s, u"unterminated string"_s);
        row("my_unbalanced_parentheses", my, u"SELECT (1"_s, u"unbalanced parentheses"_s);
        row("my_show_variables_where", my, u"SHOW VARIABLES WHERE (SELECT 1 FROM victim)"_s,
            u"SHOW VARIABLES takes only LIKE"_s);

        // SQLite, on its own authorizer.
        row("sqlite_two_statements", sqlite, u"INSERT INTO race (user_id) VALUES ('x'); DELETE FROM race"_s,
            u"one statement per entry"_s);
        row("sqlite_drop", sqlite, u"/* ' */ DROP TABLE race"_s, u"DROP statements are not run"_s);
        row("sqlite_attach", sqlite, u"ATTACH DATABASE '/tmp/interleave-x.db' AS x"_s,
            u"ATTACH statements are not run"_s);
        row("sqlite_vacuum_into", sqlite, u"VACUUM INTO '/tmp/interleave-x.db'"_s, u"VACUUM statements are not run"_s);
        row("sqlite_pragma", sqlite, u"PRAGMA writable_schema = 1"_s, u"PRAGMA statements are not run"_s);
        row("sqlite_pragma_function", sqlite, u"SELECT * FROM pragma_table_info('race')"_s,
            u"changes the database's schema"_s);
        row("sqlite_master", sqlite, u"SELECT * FROM sqlite_master"_s, u"reads table \"sqlite_master\""_s);
        row("sqlite_schema", sqlite, u"SELECT sql FROM sqlite_schema"_s, u"reads table \"sqlite_master\""_s);
        row("sqlite_sequence", sqlite, u"DELETE FROM sqlite_sequence"_s, u"deletes from table \"sqlite_sequence\""_s);
        row("sqlite_temp_schema", sqlite, u"SELECT * FROM temp.sqlite_master"_s,
            u"reads table \"temp.sqlite_temp_master\""_s);
        row("sqlite_zeroblob", sqlite, u"SELECT zeroblob(1000000000)"_s, u"calls zeroblob()"_s);
        row("sqlite_randomblob", sqlite, u"SELECT randomblob(10)"_s, u"calls randomblob()"_s);
        row("sqlite_load_extension", sqlite, u"SELECT load_extension('x')"_s, u"calls load_extension()"_s);
        row("sqlite_printf", sqlite, u"SELECT printf('%.*c', 1000000000, 'x')"_s, u"calls printf()"_s);
        row("sqlite_readfile", sqlite, u"SELECT readfile('/etc/passwd')"_s, u"calls readfile()"_s);
        row("sqlite_json_table", sqlite, u"SELECT * FROM json_each('[1]')"_s, u"changes the database's schema"_s);
        row("sqlite_analyze", sqlite, u"ANALYZE"_s, u"ANALYZE statements are not run"_s);
        row("sqlite_create_trigger", sqlite, u"CREATE TRIGGER t AFTER INSERT ON race BEGIN DELETE FROM race; END"_s,
            u"CREATE statements are not run"_s);
        row("sqlite_kelvin_sign_is_no_function", sqlite, u"SELECT \u212Aount(*) FROM race"_s, u"\u212Aount()"_s);
        row("sqlite_temp_table", sqlite, u"CREATE TEMP TABLE t (a)"_s, u"CREATE statements are not run"_s);
    }

    void refused()
    {
        QFETCH(int, kind);
        QFETCH(QString, sql);
        QFETCH(QString, message);
        const auto problem = LiteralSql::check(Kind(kind), sql, raceTable());
        QVERIFY2(problem, "accepted");
        QVERIFY2(problem->message.contains(message), qPrintable(problem->message));
        QVERIFY2(!problem->message.contains(u'\n'), qPrintable(problem->message));
        QVERIFY(problem->offset < sql.size());
    }

    // What an isolation write-up types, as its author typed it, passes.
    void accepted_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("sql");
        const QStringList everywhere { u"begin;"_s, u"BEGIN"_s, u"commit;"_s, u"ROLLBACK"_s,
            u"select * from race where id = 1;"_s, u"update race set n = 11 where id = 1;"_s,
            u"SELECT n FROM race WHERE user_id = ?"_s, u"INSERT INTO race (user_id, name) VALUES (?, ?)"_s,
            u"DELETE FROM race WHERE id = 1"_s, u"SELECT count(*), max(n) FROM race"_s,
            u"SELECT * FROM race r1 JOIN race r2 ON r1.user_id = r2.user_id AND r1.id < r2.id"_s,
            u"select * from race where id in (select id from race where n > 1)"_s,
            u"WITH t AS (SELECT * FROM race) SELECT * FROM t"_s, u"SELECT coalesce(n, 0), nullif(n, 1) FROM race"_s,
            u"-- a comment first\nSELECT 1"_s, u"SELECT 1 -- and after"_s, u"SELECT 1 + 1"_s,
            u"SELECT * FROM race ORDER BY id DESC LIMIT 21"_s, u"SELECT 'it''s', n FROM race"_s,
            u"SELECT n AS total FROM race"_s, u"UPDATE race SET n = n + 1 WHERE user_id = 'x'"_s, u"SAVEPOINT s1"_s,
            u"ROLLBACK TO SAVEPOINT s1"_s, u"RELEASE SAVEPOINT s1"_s, u"SELECT * FROM race WHERE name LIKE 'x%'"_s,
            u"SELECT\tn\nFROM\trace"_s,
            u"SELECT lower(name), upper(user_id), length(name), abs(n), round(n) FROM race"_s };
        for (const int kind : { sqlite, pg, my })
            for (const QString& sql : everywhere)
                QTest::newRow(qPrintable(kindName(kind) + u": "_s + QString(sql).replace(u'\n', u' '))) << kind << sql;
        const QList<std::pair<int, QString>> own {
            { pg, u"set session transaction isolation level serializable;"_s },
            { pg, u"SET TRANSACTION ISOLATION LEVEL READ COMMITTED"_s },
            { pg, u"BEGIN ISOLATION LEVEL SERIALIZABLE"_s },
            { pg, u"start transaction isolation level repeatable read"_s },
            { pg, u"select * from race where id = 1 for update"_s },
            { pg, u"SELECT * FROM race WHERE id = ? FOR UPDATE NOWAIT"_s },
            { pg, u"SELECT * FROM race FOR SHARE SKIP LOCKED"_s }, { pg, u"lock table race in exclusive mode"_s },
            { pg, u"LOCK race IN SHARE ROW EXCLUSIVE MODE"_s },
            { pg, u"INSERT INTO race (user_id) VALUES (?) ON CONFLICT (user_id) DO NOTHING"_s },
            { pg, u"INSERT INTO race (user_id) VALUES ('x') ON CONFLICT (user_id) DO UPDATE SET n = excluded.n"_s },
            { pg, u"INSERT INTO race (user_id) VALUES ('x') RETURNING id"_s },
            { pg, u"UPDATE race SET n = n + 1 WHERE id = 1 RETURNING n"_s },
            { pg, u"SELECT extract(year FROM now()), greatest(n, 1), least(n, 2) FROM race r"_s },
            { pg, u"SELECT substring(user_id FROM 1 FOR 2), trim(name), now() AT TIME ZONE 'UTC' FROM race"_s },
            { pg, u"SELECT * FROM race WHERE user_id = E'it\\'s'"_s }, { pg, u"SELECT $$it's$$"_s },
            { pg, u"SET lock_timeout = '2s'"_s }, { pg, u"SET LOCAL statement_timeout = 1000"_s },
            { pg, u"SET enable_seqscan = off"_s }, { pg, u"RESET lock_timeout"_s },
            { pg, u"SHOW transaction_isolation"_s }, { pg, u"SHOW TRANSACTION ISOLATION LEVEL"_s },
            { pg, u"SELECT n::text, cast(n AS bigint), '1 day'::interval FROM race"_s },
            { pg, u"SELECT txid_current()"_s }, { pg, u"abort"_s }, { pg, u"end"_s }, { pg, u"VALUES (1, 2)"_s },
            { pg, u"TABLE race"_s },
            { pg, u"MERGE INTO race r USING race s ON r.id = s.id WHEN MATCHED THEN UPDATE SET n = s.n"_s },
            { pg, u"SELECT count(*) FILTER (WHERE n > 1), row_number() OVER (ORDER BY id) FROM race"_s },
            { pg, u"SELECT n FROM race WHERE user_id = ? AND name = ? AND n > ?"_s },
            { pg,
                u"SELECT r.n, r.xmin, t.total, s.count, w.c FROM race r, (SELECT count(*) AS total) t, "
                "(SELECT count(*)) s, (SELECT 1) AS w(c)"_s },
            { pg, u"WITH t(total) AS (SELECT count(*) FROM race) SELECT t.total FROM t"_s },
            { pg, u"SELECT n FROM race ORDER BY n USING <"_s },
            { pg, u"SELECT * FROM race r JOIN LATERAL unnest(array[1, 2]) u ON true"_s },
            { pg, u"SELECT * FROM ROWS FROM (unnest(array[1]))"_s },
            { pg, u"SELECT user_id SIMILAR TO 'a%', pg_catalog.now() FROM race"_s },
            { my, u"SELECT CONVERT(user_id USING utf8mb4), CHAR(65 USING utf8mb4) FROM race"_s },
            { my, u"set session transaction isolation level serializable;"_s },
            { my, u"SET TRANSACTION ISOLATION LEVEL READ COMMITTED"_s }, { my, u"START TRANSACTION"_s },
            { my, u"START TRANSACTION WITH CONSISTENT SNAPSHOT"_s }, { my, u"BEGIN WORK"_s },
            { my, u"select * from race where id = 1 for update"_s },
            { my, u"SELECT * FROM race WHERE id = 1 LOCK IN SHARE MODE"_s }, { my, u"SELECT * FROM race FOR SHARE"_s },
            { my, u"LOCK TABLES race WRITE"_s }, { my, u"LOCK TABLES race AS r READ, race WRITE"_s },
            { my, u"UNLOCK TABLES"_s }, { my, u"SET autocommit=0"_s },
            { my, u"SET @x = (SELECT n FROM race WHERE id = 1)"_s }, { my, u"SELECT @x"_s },
            { my, u"SET innodb_lock_wait_timeout = 1"_s },
            { my, u"SET SESSION innodb_lock_wait_timeout = 1, @@session.autocommit = 1"_s },
            { my, u"SELECT @@transaction_isolation, @@session.tx_isolation"_s },
            { my, u"SHOW VARIABLES LIKE 'tx_isolation'"_s }, { my, u"SHOW WARNINGS"_s }, { my, u"SET NAMES utf8mb4"_s },
            { my, u"INSERT INTO race (user_id) VALUES ('x') ON DUPLICATE KEY UPDATE n = n + 1"_s },
            { my, u"INSERT INTO race (user_id) VALUES ('x') ON DUPLICATE KEY UPDATE n = VALUES(n), name = 'y'"_s },
            { my, u"INSERT IGNORE INTO race (user_id) VALUES ('x')"_s },
            { my, u"REPLACE INTO race (user_id) VALUES ('x')"_s },
            { my, u"INSERT INTO race SET user_id = 'x', n = 1"_s }, { my, u"DELETE r FROM race r WHERE r.id = 1"_s },
            { my, u"UPDATE race r JOIN race s ON r.id = s.id SET r.n = s.n, r.name = 'x'"_s },
            { my, u"SELECT n total FROM race"_s }, { my, u"SELECT * FROM (SELECT id FROM race) AS d"_s },
            { my, u"SELECT \"double\", _utf8mb4'x', N'y', X'41', 0x41, b'1'"_s }, { my, u"SELECT 'a\\nb'"_s },
            { my, u"SELECT CAST(n AS CHAR), CAST(n AS DECIMAL(10, 2)) FROM race"_s },
            { my, u"SELECT EXTRACT(YEAR FROM NOW()), TRIM(LEADING 'x' FROM name) FROM race"_s },
            { my, u"SELECT IF(n > 1, 'a', 'b'), IFNULL(name, '') FROM race"_s },
            { my, u"SELECT * FROM race WHERE user_id = ? /* a comment */"_s }, { my, u"# a comment\nSELECT 1"_s },
            { my, u"SELECT /*! SQL_NO_CACHE */ n FROM race"_s }, { my, u"SELECT LAST_INSERT_ID()"_s },
            { my, u"SELECT race.n, `race`.`name` FROM `race`"_s },
            { my, u"SELECT n FROM race WHERE name = 'x' UNION SELECT n FROM race"_s },
            { my, u"SELECT * FROM race WHERE user_id = _utf8mb4'x' COLLATE utf8mb4_bin"_s },
            { my, u"SELECT n FROM race WHERE user_id = ? FOR UPDATE NOWAIT"_s }, { my, u"SELECT 1 FROM DUAL"_s },
            { my, u"ROLLBACK NO RELEASE"_s }, { my, u"COMMIT AND NO CHAIN"_s }, { sqlite, u"BEGIN IMMEDIATE"_s },
            { sqlite, u"END"_s }, { sqlite, u"ROLLBACK TO s1"_s }, { sqlite, u"RELEASE s1"_s },
            { sqlite, u"INSERT OR IGNORE INTO race (user_id) VALUES ('x')"_s },
            { sqlite, u"INSERT INTO race (user_id) VALUES ('x') ON CONFLICT DO NOTHING"_s },
            { sqlite, u"INSERT INTO race (user_id) VALUES ('x') ON CONFLICT (user_id) DO UPDATE SET n = n + 1"_s },
            { sqlite, u"SELECT group_concat(name), datetime('now'), typeof(n) FROM race"_s },
            { sqlite, u"SELECT 1; -- a comment after"_s },
            { sqlite, u"WITH t(x) AS (VALUES (1), (2)) SELECT a.x FROM t a, t b"_s },
            { sqlite, u"SELEC oops"_s }, // fails when it runs, as the server would refuse it, and does nothing
            { sqlite, u"SELECT * FROM victim"_s }, // the run's database holds no other table: it fails when it runs
        };
        for (const auto& [kind, sql] : own)
            QTest::newRow(qPrintable(kindName(kind) + u": "_s + QString(sql).replace(u'\n', u' '))) << kind << sql;
    }

    void accepted()
    {
        QFETCH(int, kind);
        QFETCH(QString, sql);
        const auto problem = LiteralSql::check(Kind(kind), sql, raceTable());
        QVERIFY2(!problem, qPrintable(problem ? problem->message : QString()));
    }

    // The problem points into the statement, at what was refused (JsonLocator can add it to line:column).
    // A statement typed as in psql or mysql keeps its verb, which tells the trace, the narration and the holder of
    // a lock when a transaction begins and ends.
    // An isolation write-up, typed as its author typed it (semicolons included), runs on every database.
    void writeUpRunsOnEveryDatabase_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QStringList>("a");
        QTest::addColumn<QStringList>("b");
        const QStringList b { u"begin;"_s, u"select n from race where user_id = 'c';"_s, u"commit;"_s };
        QTest::newRow("sqlite") << sqlite
                                << QStringList { u"begin;"_s, u"update race set n = 11 where user_id = 'c';"_s,
                                       u"commit;"_s }
                                << b;
        QTest::newRow("postgresql")
            << pg
            << QStringList { u"set session transaction isolation level serializable;"_s, u"begin;"_s,
                   u"select * from race where user_id = 'c' for update;"_s,
                   u"update race set n = 11 where user_id = 'c';"_s, u"commit;"_s }
            << (b + QStringList { u"begin;"_s, u"lock table race in exclusive mode;"_s, u"commit;"_s });
        QTest::newRow("mysql") << my
                               << QStringList { u"set session transaction isolation level read committed;"_s,
                                      u"begin;"_s, u"select * from race where user_id = 'c' for update;"_s,
                                      u"update race set n = 11 where user_id = 'c';"_s, u"commit;"_s }
                               << QStringList { u"LOCK TABLES race WRITE;"_s,
                                      u"select n from race where user_id = 'c';"_s, u"UNLOCK TABLES;"_s };
    }

    void writeUpRunsOnEveryDatabase()
    {
        QFETCH(int, kind);
        QFETCH(QStringList, a);
        QFETCH(QStringList, b);
        Scenario base;
        base.name = u"write-up"_s;
        base.table = raceTable();
        base.table.rows = { { { u"user_id"_s, u"c"_s }, { u"n"_s, 1 } } };
        QStringList script;
        for (const QStringList& statements : { a, b }) {
            WorkerSpec w;
            w.name = base.workers.isEmpty() ? u"A"_s : u"B"_s;
            w.recipe = u"sql"_s;
            for (const QString& sql : statements) {
                w.statements.append({ sql, {}, std::nullopt });
                script.append(w.name);
            }
            base.workers.append(w);
        }
        base.schedule.mode = ScheduleSpec::Mode::Script;
        base.schedule.script = script;
        REQUIRE_DATABASE(s, base, Kind(kind));
        const RunResult r = Runner(s).run();
        QVERIFY2(r.ok(), qPrintable(r.error));
        for (const TraceEvent& e : r.trace.events)
            QVERIFY2(!e.error.isError(), qPrintable(r.trace.sql(e) + u": "_s + e.error.message));
        QCOMPARE(r.outcome.results.at(0).kindName(), u"completed"_s);
        QCOMPARE(r.outcome.results.at(1).kindName(), u"completed"_s);
        QCOMPARE(r.outcome.rows.at(0).at(r.outcome.columns.indexOf(u"n"_s)).toLongLong(), 11);
    }

    // INSERT ... RETURNING from a literal session: its rows are what the statement returned and the rows it wrote,
    // whether it is prepared (values) or not, one row or several, some skipped, or failed half-way (MariaDB sends
    // the first row before the duplicate key's error); and the connection's next statement runs. On MariaDB the
    // prepared form is the one Qt's driver left unread, and the next statement failed with 2014.
    void insertReturningReportsItsRows_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("ignore"); // INSERT ... that skips a duplicate row
        QTest::addColumn<qint64>("duplicateCode");
        QTest::newRow("sqlite") << sqlite << u"INSERT OR IGNORE INTO race (user_id) VALUES (?), (?) RETURNING id"_s
                                << qint64(2067);
        QTest::newRow("postgresql")
            << pg << u"INSERT INTO race (user_id) VALUES (?), (?) ON CONFLICT DO NOTHING RETURNING id"_s << qint64(0);
        QTest::newRow("mysql") << my << u"INSERT IGNORE INTO race (user_id) VALUES (?), (?) RETURNING id"_s
                               << qint64(1062);
    }

    void insertReturningReportsItsRows()
    {
        QFETCH(int, kind);
        QFETCH(QString, ignore);
        QFETCH(qint64, duplicateCode);
        Scenario base;
        base.name = u"returning"_s;
        base.table = raceTable();
        base.table.rows = { { { u"user_id"_s, u"c"_s }, { u"n"_s, 1 } } };
        WorkerSpec w;
        w.name = u"A"_s;
        w.recipe = u"sql"_s;
        w.statements = {
            { u"INSERT INTO race (user_id, name) VALUES (?, ?) RETURNING id, user_id"_s, { u"a"_s, u"x"_s }, {} },
            { u"INSERT INTO race (user_id) VALUES ('b'), ('c2') RETURNING id"_s, {}, {} },
            { u"INSERT INTO race (user_id) VALUES (?), (?) RETURNING id"_s, { u"d"_s, u"e"_s }, {} },
            { ignore, { u"f"_s, u"a"_s }, {} },
            { u"INSERT INTO race (user_id) VALUES (?), (?) RETURNING id"_s, { u"g"_s, u"a"_s }, {} },
            { u"SELECT count(*) FROM race"_s, {}, QList<QVariantList> { { 7 } } },
        };
        base.workers = { w };
        base.schedule.mode = ScheduleSpec::Mode::Script;
        base.schedule.script = QStringList(w.statements.size(), u"A"_s);
        REQUIRE_DATABASE(s, base, Kind(kind));
        const RunResult r = Runner(s).run();
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY2(r.outcome.results.at(0).kindName() == u"completed"_s, qPrintable(r.outcome.results.at(0).detail));
        QCOMPARE(r.outcome.results.at(0).detail, u"6 statements, 1 failed"_s);
        QList<const TraceEvent*> events;
        for (const TraceEvent& e : r.trace.events)
            if (e.kind == EventKind::Statement && e.worker == 0)
                events.append(&e);
        QCOMPARE(events.size(), 6);
        auto ids = [](const TraceEvent& e) {
            QList<qint64> out;
            for (const Row& row : e.rows)
                out.append(row.value(0).toLongLong());
            return out;
        };
        // Prepared, one row, two columns.
        QVERIFY2(!events[0]->error.isError(), qPrintable(events[0]->error.message));
        QCOMPARE(events[0]->columns.size(), 2);
        QCOMPARE(ids(*events[0]), QList<qint64> { 2 });
        QCOMPARE(events[0]->rows.value(0).value(1).toString(), u"a"_s);
        QCOMPARE(events[0]->rowsAffected, 1);
        QCOMPARE(events[0]->insertId.toLongLong(), 2);
        // Not prepared (no values), two rows; then prepared, two rows.
        for (int i : { 1, 2 }) {
            QVERIFY2(!events[i]->error.isError(), qPrintable(events[i]->error.message));
            QCOMPARE(ids(*events[i]), (QList<qint64> { 2 * i + 1, 2 * i + 2 }));
            QCOMPARE(events[i]->rowsAffected, 2);
            QCOMPARE(events[i]->insertId.toLongLong(), 2 * i + 1);
        }
        // One row written, the duplicate skipped: one row returned, one affected.
        QVERIFY2(!events[3]->error.isError(), qPrintable(events[3]->error.message));
        QCOMPARE(ids(*events[3]).size(), 1);
        QCOMPARE(events[3]->rowsAffected, 1);
        // The duplicate fails the whole statement, its first row's id included.
        QCOMPARE(events[4]->error.cls, ErrorClass::IntegrityError);
        if (kind == pg)
            QCOMPARE(events[4]->error.sqlState, u"23505"_s);
        else
            QCOMPARE(qint64(events[4]->error.code), duplicateCode);
        QVERIFY(events[4]->rows.isEmpty());
        QVERIFY(!events[4]->insertId.isValid());
        QVERIFY2(!events[5]->error.isError(), qPrintable(events[5]->error.message));

        // The Chrome trace counts both: the rows returned and the rows written.
        const QJsonArray trace = ChromeTrace::toJson(r).value(u"traceEvents"_s).toArray();
        QJsonObject second;
        for (const QJsonValue& v : trace) {
            const QJsonObject args = v.toObject().value(u"args"_s).toObject();
            if (second.isEmpty() && args.value(u"sql"_s).toString() == w.statements[2].sql)
                second = args; // the first of the two: the second failed
        }
        QCOMPARE(second.value(u"rows_returned"_s).toInteger(), 2);
        QCOMPARE(second.value(u"rows_affected"_s).toInteger(), 2);
        QCOMPARE(second.value(u"insert_id"_s).toInteger(), 5);
    }

    // Every spelling of a transaction statement a psql, mysql or sqlite3 user types: accepted with its kind where
    // the database reads it, refused where it does not with a message that says what the database does read.
    void transactionSpellings_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("verb"); // StatementKind's reading; empty when the check refuses it
        QTest::addColumn<QString>("refusal"); // a part of the refusal
        QTest::addColumn<QString>("spelling"); // what the refusal must not offer as accepted (after its ';')
        const auto accept = [](int kind, const char* name, const QString& sql, const QString& verb) {
            QTest::newRow(qPrintable(u"%1_on_%2"_s.arg(QLatin1String(name), kindName(kind))))
                << kind << sql << verb << QString() << QString();
        };
        const auto refuse = [](int kind, const char* name, const QString& sql, const QString& refusal,
                                const QString& spelling) {
            QTest::newRow(qPrintable(u"%1_on_%2"_s.arg(QLatin1String(name), kindName(kind))))
                << kind << sql << QString() << refusal << spelling;
        };
        for (const int kind : { sqlite, pg, my }) {
            accept(kind, "lower_case_begin_with_a_semicolon", u"begin;"_s, u"BEGIN"_s);
            accept(kind, "upper_case_begin_with_a_semicolon", u"BEGIN;"_s, u"BEGIN"_s);
            accept(kind, "commit_with_spaces_around_its_semicolon", u"  Commit ;  "_s, u"COMMIT"_s);
            accept(kind, "rollback_with_a_semicolon", u"rollback;"_s, u"ROLLBACK"_s);
            accept(kind, "line_comment_before_begin", u"-- T1\nbegin;"_s, u"BEGIN"_s);
            accept(kind, "block_comment_before_commit", u"/* T1 */ commit; -- done"_s, u"COMMIT"_s);
            accept(kind, "savepoint", u"savepoint s1;"_s, u"SAVEPOINT"_s);
            accept(kind, "rollback_to_savepoint", u"rollback to savepoint s1;"_s, u"ROLLBACK TO"_s);
            accept(kind, "release_savepoint", u"release savepoint s1;"_s, u"RELEASE"_s);
        }
        accept(pg, "abort", u"abort;"_s, u"ROLLBACK"_s);
        accept(pg, "abort_work", u"ABORT WORK;"_s, u"ROLLBACK"_s);
        accept(pg, "end", u"end;"_s, u"COMMIT"_s);
        accept(pg, "end_transaction", u"END TRANSACTION;"_s, u"COMMIT"_s);
        accept(pg, "commit_transaction", u"commit transaction;"_s, u"COMMIT"_s);
        accept(pg, "begin_transaction_isolation_level", u"BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ;"_s,
            u"BEGIN"_s);
        accept(pg, "begin_work_isolation_level", u"begin work isolation level read committed;"_s, u"BEGIN"_s);
        accept(pg, "begin_isolation_level_read_only_deferrable",
            u"begin isolation level serializable, read only, deferrable;"_s, u"BEGIN"_s);
        accept(pg, "start_transaction_isolation_level_read_write",
            u"start transaction isolation level serializable read write;"_s, u"BEGIN"_s);
        accept(
            pg, "set_transaction_inside_a_transaction", u"set transaction isolation level serializable;"_s, u"SET"_s);
        accept(pg, "set_session_characteristics",
            u"SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ;"_s, u"SET"_s);
        accept(pg, "rollback_transaction_to", u"rollback transaction to s1;"_s, u"ROLLBACK TO"_s);
        accept(my, "start_transaction", u"START TRANSACTION;"_s, u"BEGIN"_s);
        accept(my, "start_transaction_read_only", u"start transaction read only;"_s, u"BEGIN"_s);
        accept(my, "start_transaction_with_consistent_snapshot_read_write",
            u"START TRANSACTION WITH CONSISTENT SNAPSHOT, READ WRITE;"_s, u"BEGIN"_s);
        accept(my, "begin_work", u"begin work;"_s, u"BEGIN"_s);
        accept(my, "commit_work", u"COMMIT WORK;"_s, u"COMMIT"_s);
        accept(my, "rollback_work", u"rollback work;"_s, u"ROLLBACK"_s);
        accept(my, "rollback_work_to_savepoint", u"ROLLBACK WORK TO SAVEPOINT s1;"_s, u"ROLLBACK TO"_s);
        accept(my, "set_transaction_isolation_level", u"set transaction isolation level serializable;"_s, u"SET"_s);
        accept(my, "set_session_transaction_isolation_level",
            u"SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED;"_s, u"SET"_s);
        accept(my, "hash_comment_before_begin", u"# T1\nbegin;"_s, u"BEGIN"_s);
        accept(sqlite, "begin_immediate", u"begin immediate;"_s, u"BEGIN"_s);
        accept(sqlite, "begin_deferred_transaction", u"BEGIN DEFERRED TRANSACTION;"_s, u"BEGIN"_s);
        accept(sqlite, "begin_exclusive", u"begin exclusive;"_s, u"BEGIN"_s);
        accept(sqlite, "end", u"end;"_s, u"COMMIT"_s);
        accept(sqlite, "end_transaction", u"end transaction;"_s, u"COMMIT"_s);
        accept(sqlite, "rollback_transaction", u"ROLLBACK TRANSACTION;"_s, u"ROLLBACK"_s);
        accept(
            sqlite, "rollback_transaction_to_savepoint", u"rollback transaction to savepoint s1;"_s, u"ROLLBACK TO"_s);
        accept(sqlite, "release_without_savepoint", u"release s1;"_s, u"RELEASE"_s);

        // AND CHAIN: the transaction ends and the next one opens at once (see commitAndChainOpensTheNextTransaction).
        accept(pg, "commit_and_chain", u"commit and chain;"_s, u"COMMIT"_s);
        accept(pg, "end_and_chain", u"END AND CHAIN;"_s, u"COMMIT"_s);
        accept(pg, "abort_work_and_chain", u"abort work and chain;"_s, u"ROLLBACK"_s);
        accept(pg, "commit_and_no_chain", u"commit and no chain;"_s, u"COMMIT"_s);
        accept(my, "commit_and_chain", u"commit and chain;"_s, u"COMMIT"_s);
        accept(my, "rollback_work_and_chain", u"ROLLBACK WORK AND CHAIN;"_s, u"ROLLBACK"_s);
        accept(my, "commit_and_no_chain_no_release", u"commit and no chain no release;"_s, u"COMMIT"_s);
        refuse(my, "commit_release", u"commit release;"_s, u"COMMIT RELEASE closes the connection"_s, QString());
        refuse(my, "rollback_and_no_chain_release", u"rollback and no chain release;"_s,
            u"ROLLBACK RELEASE closes the connection"_s, QString());
        refuse(
            sqlite, "commit_and_chain", u"commit and chain;"_s, u"SQLite does not read COMMIT AND CHAIN"_s, u"CHAIN"_s);
        refuse(my, "abort", u"abort;"_s, u"MySQL and MariaDB have no ABORT statement"_s, u"ABORT"_s);
        refuse(my, "end", u"end;"_s, u"MySQL and MariaDB have no END statement"_s, u"END"_s);
        refuse(my, "begin_transaction", u"BEGIN TRANSACTION;"_s, u"do not read BEGIN TRANSACTION"_s,
            u"BEGIN TRANSACTION"_s);
        refuse(my, "commit_transaction", u"commit transaction;"_s, u"do not read COMMIT TRANSACTION"_s,
            u"COMMIT TRANSACTION"_s);
        refuse(my, "begin_isolation_level", u"begin isolation level serializable;"_s,
            u"MySQL and MariaDB take no ISOLATION after BEGIN"_s, u"BEGIN ISOLATION"_s);
        refuse(my, "start_transaction_isolation_level", u"START TRANSACTION ISOLATION LEVEL SERIALIZABLE;"_s,
            u"take no ISOLATION after START TRANSACTION"_s, u"START TRANSACTION ISOLATION"_s);
        refuse(my, "begin_immediate", u"begin immediate;"_s, u"take no IMMEDIATE after BEGIN"_s, u"IMMEDIATE"_s);
        refuse(my, "executable_comment_hides_the_verb", u"/*! rollback */;"_s, u"/*! ... */"_s, QString());
        refuse(sqlite, "abort", u"abort;"_s, u"SQLite does not read ABORT"_s, u"ABORT"_s);
        refuse(sqlite, "start_transaction", u"start transaction;"_s, u"SQLite does not read START TRANSACTION"_s,
            u"START"_s);
        refuse(sqlite, "set_transaction", u"set transaction isolation level serializable;"_s, u"SQLite has no SET"_s,
            u"SET TRANSACTION"_s);
        refuse(sqlite, "begin_isolation_level", u"begin isolation level serializable;"_s, u"always serializable"_s,
            u"ISOLATION"_s);
        refuse(sqlite, "commit_work", u"commit work;"_s, u"SQLite does not read COMMIT WORK"_s, u"WORK"_s);
        refuse(sqlite, "begin_work", u"BEGIN WORK;"_s, u"SQLite does not read BEGIN WORK"_s, u"WORK"_s);
        refuse(pg, "begin_immediate", u"begin immediate;"_s, u"its transaction statements are BEGIN"_s, u"IMMEDIATE"_s);
        refuse(pg, "begin_deferred", u"BEGIN DEFERRED;"_s, u"its transaction statements are BEGIN"_s, u"DEFERRED"_s);
        refuse(pg, "nested_comment_hides_the_verb", u"/* a /* nested */ comment */ begin;"_s,
            u"PostgreSQL reads this as BEGIN and Interleave as COMMENT"_s, QString());
        refuse(pg, "nested_comment_hides_a_commit_in_a_select", u"/* /* */ commit; */ select 1;"_s,
            u"PostgreSQL reads this as SELECT and Interleave as COMMIT"_s, QString());
    }

    void transactionSpellings()
    {
        QFETCH(int, kind);
        QFETCH(QString, sql);
        QFETCH(QString, verb);
        QFETCH(QString, refusal);
        QFETCH(QString, spelling);
        const auto problem = LiteralSql::check(Kind(kind), sql, raceTable());
        if (refusal.isEmpty()) {
            QVERIFY2(!problem, qPrintable(problem ? problem->message : QString()));
            QCOMPARE(statementVerb(sql), verb);
            return;
        }
        QVERIFY2(problem, "accepted");
        QVERIFY2(problem->message.contains(refusal), qPrintable(problem->message));
        if (!spelling.isEmpty()) {
            const qsizetype semicolon = problem->message.indexOf(u';');
            QVERIFY2(semicolon > 0, qPrintable(u"says nothing of what it accepts: "_s + problem->message));
            QVERIFY2(!problem->message.mid(semicolon).contains(spelling, Qt::CaseInsensitive),
                qPrintable(u"offers what it refuses: "_s + problem->message));
        }
    }

    // Each accepted spelling runs on its database as typed, where it does what its kind says: a BEGIN opens a
    // transaction that the next COMMIT ends, a SAVEPOINT is there to roll back to.
    void transactionSpellingsRunOnTheirDatabase_data() { transactionSpellings_data(); }

    void transactionSpellingsRunOnTheirDatabase()
    {
        QFETCH(int, kind);
        QFETCH(QString, sql);
        QFETCH(QString, verb);
        if (verb.isEmpty())
            QSKIP("refused: never sent");
        // A READ ONLY transaction reads (the server refuses its write, as it should).
        const bool readOnly = sql.contains(u"read only"_s, Qt::CaseInsensitive);
        const QString body = readOnly ? u"select n from race;"_s : u"update race set n = 2;"_s;
        QStringList statements;
        if (verb == u"BEGIN"_s)
            statements = { sql, body, u"commit;"_s };
        else if (verb == u"COMMIT"_s || verb == u"ROLLBACK"_s)
            statements = { u"begin;"_s, body, sql };
        else if (verb == u"SAVEPOINT"_s)
            statements = { u"begin;"_s, sql, body, u"commit;"_s };
        else if (verb == u"ROLLBACK TO"_s || verb == u"RELEASE"_s)
            statements = { u"begin;"_s, u"savepoint s1;"_s, body, sql, u"commit;"_s };
        else if (kind == pg && !sql.contains(u"SESSION"_s)) // SET TRANSACTION: PostgreSQL's inside its transaction
            statements = { u"begin;"_s, sql, body, u"commit;"_s };
        else // MySQL's before it
            statements = { sql, u"begin;"_s, body, u"commit;"_s };
        Scenario base;
        base.name = u"spelling"_s;
        base.table = raceTable();
        base.table.rows = { { { u"user_id"_s, u"c"_s }, { u"n"_s, 1 } } };
        WorkerSpec w;
        w.name = u"A"_s;
        w.recipe = u"sql"_s;
        for (const QString& st : std::as_const(statements))
            w.statements.append({ st, {}, std::nullopt });
        base.workers = { w };
        base.schedule.mode = ScheduleSpec::Mode::Script;
        base.schedule.script = QStringList(statements.size(), u"A"_s);
        REQUIRE_DATABASE(s, base, Kind(kind));
        const RunResult r = Runner(s).run();
        QVERIFY2(r.ok(), qPrintable(r.error));
        for (const TraceEvent& e : r.trace.events)
            QVERIFY2(!e.error.isError(), qPrintable(r.trace.sql(e) + u": "_s + e.error.message));
        // Committed (n = 2) unless the spelling rolled back the update, as its kind says.
        const qint64 n = r.outcome.rows.at(0).at(r.outcome.columns.indexOf(u"n"_s)).toLongLong();
        QCOMPARE(n, readOnly || verb == u"ROLLBACK"_s || verb == u"ROLLBACK TO"_s ? 1 : 2);
    }

    // COMMIT AND CHAIN / ROLLBACK AND CHAIN end the transaction and open the next one in the same statement: what
    // follows is inside a transaction (a later rollback undoes it), the bookkeeping and the narration say so.
    void commitAndChainOpensTheNextTransaction_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("chain");
        QTest::addColumn<qint64>("final"); // n after begin; n = 2; CHAIN; insert a row; rollback;
        QTest::addColumn<QString>("told");
        QTest::newRow("commit_and_chain_keeps_the_first_update_on_postgresql")
            << pg << u"commit and chain;"_s << qint64(2) << u"A committed its update, and opens its next"_s;
        QTest::newRow("end_and_chain_keeps_the_first_update_on_postgresql")
            << pg << u"end and chain;"_s << qint64(2) << u"A committed its update, and opens its next"_s;
        QTest::newRow("rollback_and_chain_undoes_both_on_postgresql")
            << pg << u"rollback and chain;"_s << qint64(1) << u"A rolls back its transaction, and opens its next"_s;
        QTest::newRow("commit_and_chain_keeps_the_first_update_on_mariadb")
            << my << u"commit and chain;"_s << qint64(2) << u"A committed its update, and opens its next"_s;
        QTest::newRow("rollback_work_and_chain_undoes_both_on_mariadb")
            << my << u"rollback work and chain;"_s << qint64(1)
            << u"A rolls back its transaction, and opens its next"_s;
    }

    void commitAndChainOpensTheNextTransaction()
    {
        QFETCH(int, kind);
        QFETCH(QString, chain);
        QFETCH(qint64, final);
        QFETCH(QString, told);
        QVERIFY(StatementKind::chains(chain));
        QVERIFY(!StatementKind::chains(u"commit and no chain;"_s));
        QVERIFY(!StatementKind::chains(u"commit;"_s));
        Scenario base;
        base.name = u"chain"_s;
        base.table = raceTable();
        base.table.rows = { { { u"user_id"_s, u"c"_s }, { u"n"_s, 1 } } };
        WorkerSpec w;
        w.name = u"A"_s;
        w.recipe = u"sql"_s;
        const QStringList statements { u"begin;"_s, u"update race set n = 2;"_s, chain,
            u"insert into race (user_id, n) values ('d', 5);"_s, u"rollback;"_s };
        for (const QString& st : statements)
            w.statements.append({ st, {}, std::nullopt });
        base.workers = { w };
        base.schedule.mode = ScheduleSpec::Mode::Script;
        base.schedule.script = QStringList(statements.size(), u"A"_s);
        REQUIRE_DATABASE(s, base, Kind(kind));
        const RunResult r = Runner(s).run();
        QVERIFY2(r.ok(), qPrintable(r.error));
        for (const TraceEvent& e : r.trace.events)
            QVERIFY2(!e.error.isError(), qPrintable(r.trace.sql(e) + u": "_s + e.error.message));
        QCOMPARE(r.outcome.rows.size(), 1); // the INSERT after the chain was rolled back
        QCOMPARE(r.outcome.rows.at(0).at(r.outcome.columns.indexOf(u"n"_s)).toLongLong(), final);
        QStringList lines;
        for (const NarrationLine& line : Narration::tell(r))
            lines.append(line.text);
        QVERIFY2(std::any_of(lines.cbegin(), lines.cend(), [&](const QString& l) { return l.startsWith(told); }),
            qPrintable(lines.join(u'\n')));
        // After the chain the worker is inside a transaction: its INSERT is pending there, not committed at once.
        QVERIFY2(lines.filter(u"A's INSERT adds"_s).size() == 1, qPrintable(lines.join(u'\n')));
        QVERIFY2(lines.filter(u"and committed"_s).isEmpty(), qPrintable(lines.join(u'\n')));
    }

    // SET TRANSACTION inside a transaction, sent as typed: what each server answers (docs/guide/scenario-format.md).
    void setTransactionInsideATransaction_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QStringList>("before"); // statements before the SET TRANSACTION
        QTest::addColumn<QString>("error"); // what the SET TRANSACTION must fail with, empty for no error
        QTest::newRow("refused_with_1568_right_after_begin_on_mariadb")
            << my << QStringList { u"begin;"_s } << u"1568"_s;
        // (MariaDB sends SQLSTATE 25001 with it, but Interleave records only the native code of a MySQL error.)
        QTest::newRow("refused_with_1568_after_a_query_on_mariadb")
            << my << QStringList { u"start transaction;"_s, u"select n from race;"_s } << u"1568"_s;
        QTest::newRow("taken_right_after_begin_on_postgresql") << pg << QStringList { u"begin;"_s } << QString();
        QTest::newRow("refused_with_25001_after_a_query_on_postgresql")
            << pg << QStringList { u"begin;"_s, u"select n from race;"_s } << u"25001"_s;
    }

    void setTransactionInsideATransaction()
    {
        QFETCH(int, kind);
        QFETCH(QStringList, before);
        QFETCH(QString, error);
        Scenario base;
        base.name = u"set transaction"_s;
        base.table = raceTable();
        WorkerSpec w;
        w.name = u"A"_s;
        w.recipe = u"sql"_s;
        for (const QString& st : std::as_const(before))
            w.statements.append({ st, {}, std::nullopt });
        SqlStatementSpec set { u"set transaction isolation level serializable;"_s, {}, std::nullopt };
        set.expectError = error;
        w.statements.append(set);
        w.statements.append({ u"rollback;"_s, {}, std::nullopt });
        base.workers = { w };
        base.schedule.mode = ScheduleSpec::Mode::Script;
        base.schedule.script = QStringList(w.statements.size(), u"A"_s);
        REQUIRE_DATABASE(s, base, Kind(kind));
        const RunResult r = Runner(s).run();
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.outcome.results.size(), 1);
        QVERIFY2(r.outcome.results.at(0).kindName() == u"completed"_s, qPrintable(r.outcome.results.at(0).detail));
        int errors = 0;
        for (const TraceEvent& e : r.trace.events)
            errors += e.kind == EventKind::Statement && e.error.isError();
        QCOMPARE(errors, error.isEmpty() ? 0 : 1);
    }

    void writeUpStatementsKeepTheirVerb_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("verb");
        QTest::newRow("begin_with_a_semicolon") << u"begin;"_s << u"BEGIN"_s;
        QTest::newRow("commit_with_a_semicolon_and_spaces") << u"  commit ;  "_s << u"COMMIT"_s;
        QTest::newRow("tab_after_the_verb") << u"START\tTRANSACTION"_s << u"BEGIN"_s;
        QTest::newRow("rollback_to") << u"rollback to savepoint s1;"_s << u"ROLLBACK TO"_s;
        QTest::newRow("insert") << u"insert into race (n) values (1);"_s << u"INSERT"_s;
    }

    void writeUpStatementsKeepTheirVerb()
    {
        QFETCH(QString, sql);
        QFETCH(QString, verb);
        QCOMPARE(statementVerb(sql), verb);
    }

    void refusalPointsAtTheRefusedPart_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("at"); // the text that starts at the offset
        QTest::newRow("pg_function") << pg << u"SELECT n, pg_sleep(1) FROM race"_s << u"pg_sleep"_s;
        QTest::newRow("pg_table_after_placeholders") << pg << u"SELECT ?, ?, ? FROM victim"_s << u"victim"_s;
        QTest::newRow("pg_table_after_non_ascii") << pg << u"SELECT '\u00e9\U0001F600' FROM victim"_s << u"victim"_s;
        QTest::newRow("pg_second_statement") << pg << u"SELECT 1; SELECT 2"_s << u"; SELECT 2"_s;
        QTest::newRow("my_table") << my << u"SELECT * FROM race, victim"_s << u"victim"_s;
        QTest::newRow("my_global") << my << u"SET @a = 1, GLOBAL max_connections = 1"_s << u"GLOBAL"_s;
        QTest::newRow("my_semicolon") << my << u"SELECT 1; SELECT 2"_s << u"; SELECT 2"_s;
        QTest::newRow("sqlite_function") << sqlite << u"SELECT n, zeroblob(9) FROM race"_s << u"zeroblob"_s;
        QTest::newRow("control_character") << sqlite << u"SELECT 1 \x07"_s << u"\x07"_s;
    }

    void refusalPointsAtTheRefusedPart()
    {
        QFETCH(int, kind);
        QFETCH(QString, sql);
        QFETCH(QString, at);
        const auto problem = LiteralSql::check(Kind(kind), sql, raceTable());
        QVERIFY(problem);
        QVERIFY2(problem->offset >= 0, qPrintable(problem->message));
        QCOMPARE(sql.mid(problem->offset, at.size()), at);
    }

    void mysqlLexer_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QStringList>("tokens"); // the code tokens' texts, comments left out
        QTest::newRow("dash_dash_space_is_a_comment")
            << u"SELECT 1 -- x\n, 2"_s << QStringList { u"SELECT"_s, u"1"_s, u","_s, u"2"_s };
        QTest::newRow("dash_dash_without_space_is_two_minuses")
            << u"SELECT 1 --x"_s << QStringList { u"SELECT"_s, u"1"_s, u"-"_s, u"-"_s, u"x"_s };
        QTest::newRow("dash_dash_at_the_end_is_a_comment") << u"SELECT 1 --"_s << QStringList { u"SELECT"_s, u"1"_s };
        QTest::newRow("hash_comment_ends_at_the_line")
            << u"SELECT 1 # x ' \n, 2"_s << QStringList { u"SELECT"_s, u"1"_s, u","_s, u"2"_s };
        QTest::newRow("block_comment_with_a_quote") << u"SELECT /* ' */ 1"_s << QStringList { u"SELECT"_s, u"1"_s };
        QTest::newRow("executable_comment_is_code")
            << u"SELECT 1 /*! , 2 */"_s << QStringList { u"SELECT"_s, u"1"_s, u","_s, u"2"_s };
        QTest::newRow("string_inside_an_executable_comment")
            << u"SELECT 1 /*! '*/' */"_s << QStringList { u"SELECT"_s, u"1"_s, u"'*/'"_s };
        QTest::newRow("backslash_escapes_a_quote")
            << u"SELECT 'a\\'b', 2"_s << QStringList { u"SELECT"_s, u"'a\\'b'"_s, u","_s, u"2"_s };
        QTest::newRow("doubled_quote") << u"SELECT 'a''b'"_s << QStringList { u"SELECT"_s, u"'a''b'"_s };
        QTest::newRow("doubled_backtick") << u"SELECT `a``b`"_s << QStringList { u"SELECT"_s, u"`a``b`"_s };
        QTest::newRow("introducer_and_national_string")
            << u"SELECT _utf8mb4'x', N'y'"_s << QStringList { u"SELECT"_s, u"_utf8mb4"_s, u"'x'"_s, u","_s, u"N'y'"_s };
        QTest::newRow("hex_and_bit_literals")
            << u"SELECT X'41', 0x41, b'01', 0b01"_s
            << QStringList { u"SELECT"_s, u"X'41'"_s, u","_s, u"0x41"_s, u","_s, u"b'01'"_s, u","_s, u"0b01"_s };
        QTest::newRow("digits_then_letters_are_a_name")
            << u"SELECT 12abc, 1e1x, 0x1g"_s
            << QStringList { u"SELECT"_s, u"12abc"_s, u","_s, u"1e1"_s, u"x"_s, u","_s, u"0x1g"_s };
        QTest::newRow("after_a_name_and_a_dot_comes_a_name")
            << u"SELECT t.1e5, .5"_s << QStringList { u"SELECT"_s, u"t"_s, u"."_s, u"1e5"_s, u","_s, u".5"_s };
        QTest::newRow("variables") << u"SELECT @a.b, @'x y', @@session.autocommit"_s
                                   << QStringList { u"SELECT"_s, u"@a.b"_s, u","_s, u"@'x y'"_s, u","_s, u"@@"_s,
                                          u"session"_s, u"."_s, u"autocommit"_s };
        QTest::newRow("operators") << u"SELECT a<=>b, c:=d, e!=f"_s
                                   << QStringList { u"SELECT"_s, u"a"_s, u"<=>"_s, u"b"_s, u","_s, u"c"_s, u":="_s,
                                          u"d"_s, u","_s, u"e"_s, u"!="_s, u"f"_s };
        QTest::newRow("null_shorthand") << u"SELECT \\N"_s << QStringList { u"SELECT"_s, u"\\N"_s };
        QTest::newRow("non_ascii_is_part_of_a_name")
            << u"SELECT caf\u00e9\u00a0x"_s << QStringList { u"SELECT"_s, u"caf\u00e9\u00a0x"_s };
    }

    void mysqlLexer()
    {
        QFETCH(QString, sql);
        QFETCH(QStringList, tokens);
        const MysqlLexer::Result r = MysqlLexer::lex(sql);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QStringList code;
        for (const MysqlLexer::Token& t : r.tokens)
            if (t.kind != MysqlLexer::Kind::Comment && t.kind != MysqlLexer::Kind::ExecutableCommentStart
                && t.kind != MysqlLexer::Kind::ExecutableCommentEnd)
                code.append(t.text(sql).toString());
        QCOMPARE(code, tokens);
    }

    // The lexer against the server itself: how many columns a SELECT returns shows where the server saw each
    // comment, string and name end. The lexer's count (commas between the SELECT's top-level tokens) must be the
    // expected one, and so must MariaDB's.
    void mysqlLexerReadsAsMariadbDoes_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("columns");
        const QList<std::pair<QString, int>> rows {
            { u"SELECT 1 -- , 2\n, 3"_s, 2 }, { u"SELECT 1 --1, 2"_s, 2 }, // 1 - -1, then 2
            { u"SELECT 1 --\t, 2"_s, 1 }, { u"SELECT 1 --"_s, 1 }, { u"SELECT 1 # , 2\n, 3"_s, 2 },
            { u"SELECT 1 /* , 2 */ , 3"_s, 2 }, { u"SELECT 1 /* ' */ , 3"_s, 2 }, { u"SELECT 1 /*! , 2 */ , 3"_s, 3 },
            { u"SELECT 1 /*! /* , 2 */ , 3 */"_s, 2 }, { u"SELECT 1 /*! '*/', 2 */"_s, 2 },
            { u"SELECT 'a'',', 2"_s, 2 }, { u"SELECT 'a\\',', 2"_s, 2 }, { u"SELECT \"a\\\",\", 2"_s, 2 },
            { u"SELECT \"a\"\",\", 2"_s, 2 }, { u"SELECT 'a\\\\', 2"_s, 2 }, { u"SELECT 1 AS `a``,b`, 2"_s, 2 },
            { u"SELECT _utf8mb4'x', N'y', X'41', B'1', 0x41, 0b1, \\N"_s, 7 }, { u"SELECT 1e1x, 2"_s, 2 },
            { u"SELECT .5, 1., 1.e2, 1e+2"_s, 4 }, { u"SELECT @a.b := 1, @'c,d' := 2"_s, 2 },
            { u"SELECT @@session.autocommit, @@autocommit"_s, 2 }, { u"SELECT 'caf\u00e9', '\U0001F600'"_s, 2 },
            { u"SELECT 'x' AS caf\u00e9\u00a0n, 2"_s, 2 }, // a no-break space is part of a name
        };
        for (const auto& [sql, columns] : rows)
            QTest::newRow(qPrintable(QString(sql).replace(u'\n', u' '))) << sql << columns;
    }

    void mysqlLexerReadsAsMariadbDoes()
    {
        QFETCH(QString, sql);
        QFETCH(int, columns);
        const MysqlLexer::Result r = MysqlLexer::lex(sql);
        QVERIFY2(r.ok(), qPrintable(r.error));
        int depth = 0;
        int lexed = 1;
        for (const MysqlLexer::Token& t : r.tokens) {
            const QStringView text = t.text(sql);
            if (t.kind == MysqlLexer::Kind::Operator && text == u"(")
                ++depth;
            else if (t.kind == MysqlLexer::Kind::Operator && text == u")")
                --depth;
            else if (t.kind == MysqlLexer::Kind::Operator && text == u"," && depth == 0)
                ++lexed;
        }
        QCOMPARE(lexed, columns);
        if (test::serverUrl(Kind::Mysql).isEmpty()) {
            if (qEnvironmentVariableIsSet("INTERLEAVE_REQUIRE_SERVERS"))
                QFAIL("no MariaDB test server");
            QSKIP("no MariaDB test server: run `make test`, or export INTERLEAVE_TEST_MYSQL_URL");
        }
        Outsider server(Kind::Mysql, u"lexer"_s);
        int returned = -1;
        const auto rows = server.rows(sql, &returned);
        QVERIFY2(rows, qPrintable(sql));
        QCOMPARE(returned, columns);
    }

    void numberPlaceholders_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("numbered");
        QTest::addColumn<QList<int>>("positions");
        QTest::newRow("two_placeholders") << u"SELECT ? + ?"_s << u"SELECT $1 + $2"_s << QList<int> { 7, 11 };
        QTest::newRow("none") << u"SELECT 1"_s << u"SELECT 1"_s << QList<int> {};
        QTest::newRow("in_a_string_stays") << u"SELECT '?', ?"_s << u"SELECT '?', $1"_s << QList<int> { 12 };
        QTest::newRow("in_an_escape_string_stays")
            << u"SELECT E'\\'?', ?"_s << u"SELECT E'\\'?', $1"_s << QList<int> { 15 };
        QTest::newRow("in_a_comment_stays") << u"SELECT ? -- ?\n"_s << u"SELECT $1 -- ?\n"_s << QList<int> { 7 };
        QTest::newRow("in_a_dollar_quote_stays") << u"SELECT $$?$$, ?"_s << u"SELECT $$?$$, $1"_s << QList<int> { 14 };
        QTest::newRow("in_a_quoted_name_stays")
            << u"SELECT \"?\" FROM t WHERE a = ?"_s << u"SELECT \"?\" FROM t WHERE a = $1"_s << QList<int> { 28 };
        QTest::newRow("tenth_placeholder")
            << u"VALUES (?,?,?,?,?,?,?,?,?,?)"_s << u"VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)"_s
            << QList<int> { 8, 10, 12, 14, 16, 18, 20, 22, 24, 26 };
        QTest::newRow("unterminated_text_is_left_alone") << u"SELECT '?"_s << u"SELECT '?"_s << QList<int> {};
    }

    void numberPlaceholders()
    {
        QFETCH(QString, sql);
        QFETCH(QString, numbered);
        QFETCH(QList<int>, positions);
        QList<int> found;
        QCOMPARE(PgQuery::numberPlaceholders(sql, &found), numbered);
        QCOMPARE(found, positions);
        QCOMPARE(PgQuery::numberPlaceholders(sql), numbered);
    }

    // The loader refuses a statement at its field, in both forms, for the scenario's own database.
    void loaderReportsTheStatementsField_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("statement"); // JSON
        QTest::addColumn<QString>("expected");
        QTest::newRow("string_on_sqlite")
            << u"sqlite"_s << u"\"SELECT zeroblob(9)\""_s << u"workers[0].statements[1]: calls zeroblob()"_s;
        QTest::newRow("object_on_postgresql")
            << u"postgresql"_s << u"{\"sql\": \"SELECT * FROM public.victim\", \"params\": []}"_s
            << u"workers[0].statements[1].sql: names \"public.victim\""_s;
        QTest::newRow("string_on_mysql") << u"mysql"_s << u"\"KILL 1\""_s
                                         << u"workers[0].statements[1]: KILL ends another client's"_s;
    }

    void loaderReportsTheStatementsField()
    {
        QFETCH(QString, kind);
        QFETCH(QString, statement);
        QFETCH(QString, expected);
        const QString json =
            u"{\"version\": 1, \"name\": \"n\", \"backend\": {\"kind\": \"%1\"}, \"table\": {\"name\": "
            "\"race\", \"columns\": [{\"name\": \"n\", \"type\": \"integer\"}]}, \"workers\": "
            "[{\"name\": \"A\", \"recipe\": \"sql\", \"statements\": [\"BEGIN\", %2]}]}"_s.arg(kind, statement);
        ScenarioError error;
        QVERIFY(!Scenario::fromJson(json.toUtf8(), u"hostile.json"_s, &error));
        QVERIFY2(QString(error.field + u": "_s + error.message).startsWith(expected), qPrintable(error.toString()));
        QVERIFY2(error.line == 1 && error.column > 1, qPrintable(error.toString()));
    }

    // A statement fine on SQLite is checked again when a run switches the scenario to another database.
    void validateChecksTheDatabaseARunSwitchesTo()
    {
        const QString json = u"{\"version\": 1, \"name\": \"n\", \"table\": {\"name\": \"race\", \"columns\": "
                             "[{\"name\": \"n\", \"type\": \"integer\"}]}, \"workers\": [{\"name\": \"A\", \"recipe\": "
                             "\"sql\", \"statements\": [\"SELECT typeof(n) FROM race\"]}]}"_s;
        ScenarioError error;
        auto s = Scenario::fromJson(json.toUtf8(), u"typeof.json"_s, &error);
        QVERIFY2(s, qPrintable(error.toString()));
        QVERIFY(!s->validate());
        s->backend = *BackendSpec::fromCommandLine(u"postgresql://u@127.0.0.1:1/db"_s, nullptr);
        const auto problem = s->validate();
        QVERIFY(problem);
        QCOMPARE(problem->field, u"workers[0].statements[0]"_s);
        QVERIFY2(problem->message.contains(u"calls typeof()"_s), qPrintable(problem->message));
        // And a run is refused before its backend is even created.
        const RunResult r = Runner(*s).run();
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(u"workers[0].statements[0]: calls typeof()"_s), qPrintable(r.error));
    }

    // A hostile scenario built in code (no loader) is refused before anything reaches the server: a table of the
    // test's own outside Interleave's schema survives row for row, max_connections is unchanged, a connection of
    // the test's own stays alive, and the scenario's own table is never even created.
    void hostileScenarioNeverReachesTheServer_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("sql"); // {victim} is the victim table, {id} the outsider connection's id
        const QList<std::pair<int, QString>> rows {
            { pg, u"SELECT E'\\'' ; CREATE TABLE public.x (a int) ; DROP TABLE {victim} ; --'"_s },
            { pg, u"-- '\nDROP TABLE {victim}"_s },
            { pg, u"/* ' */ DROP TABLE {victim}"_s },
            { pg, u"DELETE FROM {victim}"_s },
            { pg, u"UPDATE race SET n = 1 FROM {victim}"_s },
            { pg, u"TRUNCATE {victim}"_s },
            { pg, u"DO $$BEGIN EXECUTE 'DROP TABLE {victim}'; END$$"_s },
            { pg, u"COPY {victim} TO STDOUT"_s },
            { pg, u"SELECT pg_terminate_backend({id})"_s },
            { pg, u"SELECT pg_catalog.pg_terminate_backend({id})"_s },
            { pg, u"SELECT set_config('search_path', 'public', false)"_s },
            { my, u"-- '\nDROP TABLE {victim}"_s },
            { my, u"/* ' */ DROP TABLE {victim}"_s },
            { my, u"SELECT '\\' ; DROP TABLE {victim} ; -- '"_s },
            { my, u"DELETE FROM {victim}"_s },
            { my, u"UPDATE race, {victim} SET {victim}.a = 0"_s },
            { my, u"SET GLOBAL max_connections = 199"_s },
            { my, u"SET @@GLOBAL.max_connections = 199"_s },
            { my, u"SET\tGLOBAL max_connections = 199"_s },
            { my, u"SET @a = 1, GLOBAL max_connections = 199"_s },
            { my, u"SET /*! GLOBAL */ max_connections = 199"_s },
            { my, u"SET /*!50000 GLOBAL */ max_connections = 199"_s },
            { my, u"SET max_connections = 199"_s },
            { my, u"KILL {id}"_s },
            { my, u"KILL QUERY {id}"_s },
            { my, u"KILL CONNECTION {id}"_s },
        };
        for (const auto& [kind, sql] : rows)
            QTest::newRow(qPrintable(kindName(kind) + u": "_s + QString(sql).replace(u'\n', u' '))) << kind << sql;
    }

    void hostileScenarioNeverReachesTheServer()
    {
        QFETCH(int, kind);
        QFETCH(QString, sql);
        Scenario base;
        base.name = u"hostile"_s;
        base.table = raceTable();
        base.table.name = u"literal_probe"_s;
        WorkerSpec a;
        a.name = u"A"_s;
        a.recipe = u"sql"_s;
        base.workers = { a };
        REQUIRE_DATABASE(s, base, Kind(kind));
        const bool isPg = kind == pg;
        Outsider watcher(Kind(kind), u"watcher"_s);
        if (isPg)
            watcher.exec(u"SET client_min_messages = warning"_s);
        const QString victim = isPg ? u"public.literal_victim"_s : u"interleave_literal_victim.victim"_s;
        if (isPg) {
            QVERIFY(watcher.exec(u"CREATE TABLE IF NOT EXISTS public.literal_victim (a int)"_s));
        } else {
            // A database of its own: tst_wire and tst_predicate may run at the same time with theirs.
            QVERIFY(watcher.exec(u"CREATE DATABASE IF NOT EXISTS interleave_literal_victim"_s));
            QVERIFY(watcher.exec(u"CREATE TABLE IF NOT EXISTS interleave_literal_victim.victim (a int)"_s));
        }
        QVERIFY(watcher.exec(u"DELETE FROM "_s + victim));
        QVERIFY(watcher.exec(u"INSERT INTO "_s + victim + u" VALUES (1), (2), (3)"_s));
        const QString probe = isPg ? u"interleave.literal_probe"_s : u"interleave.literal_probe"_s;
        watcher.exec(u"DROP TABLE IF EXISTS "_s + probe);
        const QString id = watcher.value(isPg ? u"SELECT pg_backend_pid()"_s : u"SELECT CONNECTION_ID()"_s);
        QVERIFY(!id.isEmpty());
        const QString maxConnections = isPg ? QString() : watcher.value(u"SELECT @@GLOBAL.max_connections"_s);

        QString statement = sql;
        statement.replace(u"{victim}"_s, victim).replace(u"{id}"_s, id);
        s.workers[0].statements = { { u"BEGIN"_s, {}, std::nullopt }, { statement, {}, std::nullopt },
            { u"COMMIT"_s, {}, std::nullopt } };
        const RunResult r = Runner(s).run();

        // Nothing was damaged ...
        QCOMPARE(watcher.value(isPg ? u"SELECT pg_backend_pid()"_s : u"SELECT CONNECTION_ID()"_s), id);
        QCOMPARE(watcher.rows(u"SELECT a FROM "_s + victim + u" ORDER BY a"_s),
            std::optional(QStringList { u"1"_s, u"2"_s, u"3"_s }));
        if (!isPg)
            QCOMPARE(watcher.value(u"SELECT @@GLOBAL.max_connections"_s), maxConnections);
        // ... because nothing ran: the run was refused, with the statement's field, before its table was made.
        QVERIFY2(!r.ok(), "the hostile scenario ran");
        QVERIFY2(r.error.startsWith(u"workers[0].statements[1]: "_s), qPrintable(r.error));
        QVERIFY(r.trace.events.isEmpty());
        const QString exists = isPg ? u"SELECT count(*) FROM pg_tables WHERE schemaname = 'interleave' AND "
                                      "tablename = 'literal_probe'"_s
                                    : u"SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                                      "'interleave' AND TABLE_NAME = 'literal_probe'"_s;
        QCOMPARE(watcher.value(exists), u"0"_s);
    }

    void cleanupTestCase()
    {
        if (!test::serverUrl(Kind::Postgresql).isEmpty()) {
            Outsider pgServer(Kind::Postgresql, u"cleanup-pg"_s);
            pgServer.exec(u"DROP TABLE IF EXISTS public.literal_victim"_s);
        }
        if (!test::serverUrl(Kind::Mysql).isEmpty()) {
            Outsider myServer(Kind::Mysql, u"cleanup-my"_s);
            myServer.exec(u"DROP DATABASE IF EXISTS interleave_literal_victim"_s);
        }
    }

    // The second line of defence: a worker's SQLite connection refuses at run time what the loader would have
    // refused, even when the loader and the run's own check are bypassed (the statements are sent here directly).
    void sqliteWorkerConnectionRefusesAtRunTime_data()
    {
        QTest::addColumn<QString>("sql"); // {dir}: a fresh temporary directory
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("file"); // must not exist afterwards
        QTest::newRow("attach_creates_no_file")
            << u"ATTACH DATABASE '{dir}/attached.db' AS x"_s << u"ATTACH (and VACUUM, which attaches) is not run"_s
            << u"attached.db"_s;
        QTest::newRow("vacuum_into_writes_no_file")
            << u"VACUUM INTO '{dir}/copy.db'"_s << u"ATTACH (and VACUUM, which attaches) is not run"_s << u"copy.db"_s;
        QTest::newRow("zeroblob") << u"SELECT zeroblob(1000000000)"_s << u"calls zeroblob()"_s << QString();
        QTest::newRow("pragma") << u"PRAGMA writable_schema = 1"_s << u"PRAGMA writable_schema"_s << QString();
        QTest::newRow("create_table") << u"CREATE TABLE t (a)"_s << u"changes the database's schema"_s << QString();
        QTest::newRow("drop_table") << u"DROP TABLE race"_s << u"changes the database's schema"_s << QString();
        QTest::newRow("sqlite_master") << u"SELECT * FROM sqlite_master"_s << u"reads table \"sqlite_master\""_s
                                       << QString();
        QTest::newRow("sqlite_sequence") << u"DELETE FROM sqlite_sequence"_s
                                         << u"deletes from table \"sqlite_sequence\""_s << QString();
        QTest::newRow("recursive_query") << u"WITH RECURSIVE t(x) AS (SELECT 1 UNION ALL SELECT x FROM t) SELECT "
                                            "x FROM t"_s
                                         << u"recursive WITH"_s << QString();
    }

    void sqliteWorkerConnectionRefusesAtRunTime()
    {
        QFETCH(QString, sql);
        QFETCH(QString, message);
        QFETCH(QString, file);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        sql.replace(u"{dir}"_s, dir.path());
        SqliteBackend backend { BackendSpec {} };
        QString error;
        QVERIFY2(backend.setUp(raceTable(), &error), qPrintable(error));
        const auto worker = backend.open(SessionContext {}, &error);
        QVERIFY2(worker, qPrintable(error));
        const StatementResult r = worker->exec({ sql, {} }, nullptr);
        QVERIFY2(!r.ok(), "the worker's connection ran it");
        QVERIFY2(r.error.message.startsWith(u"not authorized: "_s), qPrintable(r.error.message));
        QVERIFY2(r.error.message.contains(message), qPrintable(r.error.message));
        if (!file.isEmpty())
            QVERIFY(!QFileInfo::exists(dir.filePath(file)));
        // The race's own statements still run on it.
        QVERIFY(worker->exec({ u"BEGIN IMMEDIATE"_s, {} }, nullptr).ok());
        QVERIFY(
            worker
                ->exec({ u"INSERT INTO \"race\" (\"user_id\", \"name\") VALUES (?, ?)"_s, { u"u"_s, u"x"_s } }, nullptr)
                .ok());
        QVERIFY(worker->exec({ u"SAVEPOINT \"s1\""_s, {} }, nullptr).ok());
        QVERIFY(
            worker
                ->exec({ u"UPDATE \"race\" SET \"n\" = (\"race\".\"n\" + ?) WHERE \"race\".\"id\" = ?"_s, { 1, 1 } },
                    nullptr)
                .ok());
        QVERIFY(worker->exec({ u"RELEASE SAVEPOINT \"s1\""_s, {} }, nullptr).ok());
        QVERIFY(worker->exec({ u"COMMIT"_s, {} }, nullptr).ok());
        QCOMPARE(worker->exec({ u"SELECT count(*) FROM race"_s, {} }, nullptr).rows, QList<Row> { Row { 1 } });
        // Interleave's own connection (the reset between stress trials) is not a worker's.
        const auto harness = backend.openHarness(&error);
        QVERIFY2(harness, qPrintable(error));
        QVERIFY(harness->exec({ u"PRAGMA synchronous = OFF"_s, {} }, nullptr).ok());
        QVERIFY(harness->exec({ u"DELETE FROM sqlite_sequence WHERE name = ?"_s, { u"race"_s } }, nullptr).ok());
    }

    // The fuzz target's seeds (tests/fuzz/seeds/literalsql): those named refused-* every database refuses, those
    // named accepted-* every database accepts; each one runs through all three checks. Inputs that ever crashed
    // the target are replayed by ctest's fuzz_replay_literalsql.
    void fuzzSeedsAreReadAsTheirNamesSay()
    {
        const QDir dir(QStringLiteral(INTERLEAVE_TEST_DATA) + u"/../fuzz/seeds/literalsql"_s);
        const QStringList files = dir.entryList(QDir::Files);
        QVERIFY(files.size() > 10);
        for (const QString& name : files) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QString sql = QString::fromUtf8(f.readAll());
            for (const Kind kind : test::allDatabases()) {
                const auto problem = LiteralSql::check(kind, sql, raceTable());
                if (name.startsWith(u"refused-"_s))
                    QVERIFY2(problem, qPrintable(name + u" is accepted on "_s + BackendSpec::kindName(kind)));
                if (name.startsWith(u"accepted-"_s))
                    QVERIFY2(!problem,
                        qPrintable(name + u" on "_s + BackendSpec::kindName(kind) + u": "_s
                            + (problem ? problem->message : QString())));
            }
        }
    }
};

// libpg_query 15 takes a pthread key for each thread that calls it and never returns it; a process has 1024. Workers
// read literal statements on threads that come and go (an exploration starts thousands), so PgQuery parses on one
// thread of its own: after 1,500 short-lived threads have each parsed and scanned, a key can still be had.
void TestLiteralSql::parsingOnThousandsOfThreadsLeavesThreadKeys()
{
    int parsed = 0;
    for (int i = 0; i < 1500; ++i) {
        std::thread([&parsed] {
            PgQuery::Error error;
            if (PgQuery::parse(u"SELECT * FROM race WHERE id = 1"_s, &error) && PgQuery::scan(u"SELECT 1"_s, &error))
                ++parsed;
        }).join();
    }
    QCOMPARE(parsed, 1500);
    pthread_key_t key;
    QCOMPARE(pthread_key_create(&key, nullptr), 0);
    pthread_key_delete(key);
}

QTEST_GUILESS_MAIN(TestLiteralSql)
#include "tst_literalsql.moc"
