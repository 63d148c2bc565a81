// SPDX-License-Identifier: MIT
#include "isolationimport.h"

#include "literalsql.h"
#include "mysqllexer.h"
#include "pgquery.h"

#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <functional>

using namespace Qt::StringLiterals;

namespace interleave::IsolationImport {

namespace {

// A statement of a block, and where it starts in the spec's text.
struct Piece {
    QString sql;
    int offset = 0;
    QString where = {}; // for messages: "step \"s1a\"", "session \"s1\" setup"
};

const QRegularExpression& identifierPattern()
{
    static const QRegularExpression pattern(u"^[A-Za-z_][A-Za-z0-9_]{0,62}$"_s);
    return pattern;
}

// The statements of a block, split at its top-level semicolons as PostgreSQL's lexer reads them (strings, quoted
// names, dollar quotes and comments keep theirs), or MySQL's when PostgreSQL's refuses the text. A piece that is
// only comments is left out.
QList<Piece> splitStatements(const IsolationSpec::Block& block, const QString& where)
{
    const QString& sql = block.sql;
    const int base = block.at.offset;
    QList<Piece> pieces;
    struct Cut {
        int start;
        int end;
        bool code;
    };
    QList<Cut> tokens;
    if (const auto pg = PgQuery::scan(sql, nullptr)) {
        for (const PgQuery::Token& t : *pg)
            tokens.append({ t.start, t.end, t.kind != PgQuery::Kind::SqlComment && t.kind != PgQuery::Kind::CComment });
        for (Cut& t : tokens)
            if (sql.mid(t.start, t.end - t.start) == u";"_s)
                t.code = false, t.end = -t.end - 1; // marks a semicolon
    } else {
        const MysqlLexer::Result my = MysqlLexer::lex(sql);
        for (const MysqlLexer::Token& t : my.tokens) {
            if (t.kind == MysqlLexer::Kind::Semicolon)
                tokens.append({ t.start, -t.end - 1, false });
            else
                tokens.append({ t.start, t.end, t.kind != MysqlLexer::Kind::Comment });
        }
    }
    // The pieces, joined again, are the block as isolationtester's scanner keeps it: from after the spaces and tabs
    // that follow "{" to before those that precede "}", newlines and comments included. Each statement keeps its
    // semicolon and the text before it; text that holds no code (white space, comments) goes with the statement
    // before it (or, at the start, the one after it). That joined text is what --format isolationtester prints as
    // the step ("step s1: \n  UPDATE ...;\n").
    const auto blank = [](QChar c) { return c == u' ' || c == u'\t' || c == u'\r' || c == u'\f'; };
    int lead = 0;
    while (lead < sql.size() && blank(sql.at(lead)))
        ++lead;
    int tail = int(sql.size());
    while (tail > lead && blank(sql.at(tail - 1)))
        --tail;
    int start = lead;
    bool code = false;
    const auto cut = [&](int to) {
        to = std::clamp(to, start, tail);
        const QString text = sql.mid(start, to - start);
        if (code)
            pieces.append({ text, base + start });
        else if (!pieces.isEmpty())
            pieces.last().sql += text;
        start = to;
        code = false;
    };
    for (const Cut& t : std::as_const(tokens)) {
        if (t.end < 0)
            cut(-t.end - 1); // a lone semicolon goes with the statement before it
        else if (t.code)
            code = true;
    }
    code = code || (tokens.isEmpty() && !sql.trimmed().isEmpty());
    cut(tail);
    // Text before the first statement that held no code (a leading comment) starts it.
    if (!pieces.isEmpty() && pieces.first().offset > base + lead) {
        pieces.first().sql.prepend(sql.mid(lead, pieces.first().offset - base - lead));
        pieces.first().offset = base + lead;
    }
    for (Piece& p : pieces)
        p.where = where;
    return pieces;
}

// A UTF-16 offset of `sql` for a byte offset of its UTF-8 form, which libpg_query's locations count.
int unitOfByte(const QByteArray& utf8, int byte)
{
    return int(QString::fromUtf8(utf8.left(std::clamp(byte, 0, int(utf8.size())))).size());
}

QString nodeType(const QJsonObject& node)
{
    return node.isEmpty() ? QString() : node.constBegin().key();
}

QString strings(const QJsonArray& list, QStringList* parts = nullptr)
{
    QStringList out;
    for (const auto& v : list)
        out.append(v[u"String"_s][u"sval"_s].toString());
    if (parts)
        *parts = out;
    return out.join(u'.');
}

// What a statement is, for a message: "CREATE FUNCTION", "ALTER SYSTEM", "SET"; else its first word.
QString statementKind(const QString& type, const QString& sql)
{
    static const QHash<QString, QString> names { { u"CreateStmt"_s, u"CREATE TABLE"_s },
        { u"CreateFunctionStmt"_s, u"CREATE FUNCTION"_s }, { u"AlterSystemStmt"_s, u"ALTER SYSTEM"_s },
        { u"VariableSetStmt"_s, u"SET"_s }, { u"DropStmt"_s, u"DROP"_s }, { u"IndexStmt"_s, u"CREATE INDEX"_s },
        { u"ViewStmt"_s, u"CREATE VIEW"_s }, { u"CreateSeqStmt"_s, u"CREATE SEQUENCE"_s },
        { u"AlterTableStmt"_s, u"ALTER TABLE"_s }, { u"CreateTrigStmt"_s, u"CREATE TRIGGER"_s },
        { u"CreateSchemaStmt"_s, u"CREATE SCHEMA"_s }, { u"CreateExtensionStmt"_s, u"CREATE EXTENSION"_s },
        { u"DoStmt"_s, u"DO"_s }, { u"GrantStmt"_s, u"GRANT"_s }, { u"CreateRoleStmt"_s, u"CREATE ROLE"_s },
        { u"TruncateStmt"_s, u"TRUNCATE"_s }, { u"UpdateStmt"_s, u"UPDATE"_s }, { u"DeleteStmt"_s, u"DELETE"_s },
        { u"SelectStmt"_s, u"SELECT"_s }, { u"TransactionStmt"_s, u"a transaction statement"_s },
        { u"CreateTableAsStmt"_s, u"CREATE TABLE AS"_s }, { u"VacuumStmt"_s, u"VACUUM or ANALYZE"_s },
        { u"CopyStmt"_s, u"COPY"_s }, { u"LockStmt"_s, u"LOCK"_s } };
    if (names.contains(type))
        return names.value(type);
    static const QRegularExpression word(u"^[A-Za-z]+"_s);
    const QString first = word.match(sql).captured(0).toUpper();
    return first.isEmpty() ? type : first;
}

// A literal of the setup's SQL: A_Const, a cast of one, or a negative number (libpg_query 15 writes the value of a
// negative integer constant as {}, so its text is read instead).
std::optional<QVariant> literal(const QJsonObject& node, const QString& sql, const QByteArray& utf8)
{
    if (node.contains(u"TypeCast"_s))
        return literal(node[u"TypeCast"_s][u"arg"_s].toObject(), sql, utf8);
    if (!node.contains(u"A_Const"_s))
        return std::nullopt;
    const QJsonObject c = node[u"A_Const"_s].toObject();
    if (c.value(u"isnull"_s).toBool())
        return QVariant();
    if (c.contains(u"sval"_s))
        return QVariant(c[u"sval"_s][u"sval"_s].toString());
    if (c.contains(u"boolval"_s))
        return QVariant(c[u"boolval"_s][u"boolval"_s].toBool());
    if (c.contains(u"ival"_s)) {
        const QJsonObject i = c[u"ival"_s].toObject();
        if (i.contains(u"ival"_s))
            return QVariant(qlonglong(i[u"ival"_s].toInteger()));
        static const QRegularExpression number(u"^-?\\s*[0-9]+"_s);
        const int at = unitOfByte(utf8, c[u"location"_s].toInt());
        const QString text = number.match(QStringView(sql).mid(at)).captured(0).remove(u' ');
        return QVariant(text.toLongLong());
    }
    if (c.contains(u"fval"_s)) {
        const QString text = c[u"fval"_s][u"fval"_s].toString();
        bool ok = false;
        const qlonglong whole = text.toLongLong(&ok);
        if (ok)
            return QVariant(whole);
        const double real = text.toDouble(&ok);
        return ok ? std::optional<QVariant>(QVariant(real)) : std::nullopt;
    }
    return std::nullopt;
}

// The type of a column as the scenario writes it: "integer", "varchar(32)", "numeric(10,2)".
std::optional<QString> typeOf(const QJsonObject& typeName)
{
    if (typeName.contains(u"arrayBounds"_s) || typeName.contains(u"setof"_s) || typeName.contains(u"pct_type"_s))
        return std::nullopt;
    QStringList names;
    strings(typeName[u"names"_s].toArray(), &names);
    if (names.isEmpty() || (names.size() == 2 && names.first() != u"pg_catalog"_s) || names.size() > 2)
        return std::nullopt;
    static const QHash<QString, QString> catalog { { u"int4"_s, u"integer"_s }, { u"int8"_s, u"bigint"_s },
        { u"int2"_s, u"smallint"_s }, { u"bool"_s, u"boolean"_s }, { u"float8"_s, u"double precision"_s },
        { u"float4"_s, u"real"_s }, { u"bpchar"_s, u"char"_s } };
    QString type = catalog.value(names.last(), names.last());
    QStringList modifiers;
    for (const auto& m : typeName[u"typmods"_s].toArray()) {
        if (!m[u"A_Const"_s][u"ival"_s].isObject())
            return std::nullopt;
        modifiers.append(QString::number(m[u"A_Const"_s][u"ival"_s][u"ival"_s].toInteger()));
    }
    if (!modifiers.isEmpty())
        type += u'(' + modifiers.join(u',') + u')';
    return type;
}

bool integerType(const QString& type)
{
    static const QStringList types { u"integer"_s, u"bigint"_s, u"smallint"_s, u"serial"_s, u"bigserial"_s, u"int"_s };
    return types.contains(type.toLower());
}

bool onlyKeys(const QJsonObject& o, const QStringList& keys, QString* extra)
{
    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
        if (!keys.contains(it.key())) {
            *extra = it.key();
            return false;
        }
    return true;
}

class Importer {
public:
    explicit Importer(const IsolationSpec& spec)
        : m_spec(spec)
    {
    }

    std::optional<Result> run(ScenarioError* error)
    {
        if (!readSetup() || !readTeardown() || !readSessions() || !chooseDatabase() || !build()) {
            if (error)
                *error = *m_error;
            return std::nullopt;
        }
        return m_result;
    }

private:
    bool fail(int offset, const QString& message)
    {
        if (!m_error)
            m_error = m_spec.errorAt(offset, message);
        return false;
    }

    // ---- the test-level setup: the table ----

    bool readSetup()
    {
        for (const IsolationSpec::Block& block : m_spec.setup)
            if (!readSetupBlock(block))
                return false;
        if (!m_created)
            return fail(m_spec.setup.isEmpty() ? 0 : m_spec.setup.constFirst().at.offset,
                u"setup: the spec creates no table; a scenario has one table, from setup { CREATE TABLE ... }"_s);
        if (m_table.columns.isEmpty())
            return fail(m_tableOffset,
                u"setup: table \"%1\" needs a column besides id (Interleave's own primary key)"_s.arg(m_table.name));
        return true;
    }

    bool readSetupBlock(const IsolationSpec::Block& block)
    {
        PgQuery::Error problem;
        const auto tree = PgQuery::parse(block.sql, &problem);
        if (!tree)
            return fail(block.at.offset + std::max(0, problem.offset),
                u"setup: PostgreSQL cannot read it: %1"_s.arg(problem.message));
        const QByteArray utf8 = block.sql.toUtf8();
        const QJsonArray statements = tree->value(u"stmts"_s).toArray();
        for (const auto& s : statements) {
            const int byteStart = s[u"stmt_location"_s].toInt();
            const int byteLength = s[u"stmt_len"_s].toInt();
            Statement st;
            st.start = unitOfByte(utf8, byteStart);
            st.end = byteLength > 0 ? unitOfByte(utf8, byteStart + byteLength) : int(block.sql.size());
            while (st.start < st.end && block.sql.at(st.start).isSpace())
                ++st.start;
            st.block = &block;
            st.utf8 = &utf8;
            const QJsonObject node = s[u"stmt"_s].toObject();
            const QString type = nodeType(node);
            const QJsonObject body = node.value(type).toObject();
            bool ok = false;
            if (type == u"CreateStmt"_s)
                ok = createTable(st, body);
            else if (type == u"IndexStmt"_s)
                ok = createIndex(st, body);
            else if (type == u"InsertStmt"_s)
                ok = insertRows(st, body);
            else
                ok = fail(st.fileOffset(),
                    u"setup: %1 is not supported: a spec's setup may only create its one table (CREATE TABLE, "
                    "CREATE UNIQUE INDEX) and insert its rows (INSERT ... VALUES)"_s.arg(
                        statementKind(type, block.sql.mid(st.start))));
            if (!ok)
                return false;
        }
        return true;
    }

    struct Statement {
        const IsolationSpec::Block* block = nullptr;
        const QByteArray* utf8 = nullptr;
        int start = 0; // UTF-16 offsets into the block's SQL
        int end = 0;
        int fileOffset() const { return block->at.offset + start; }
        int fileOffsetOfByte(int byte) const { return block->at.offset + unitOfByte(*utf8, byte); }
        int at(const QJsonObject& node) const
        {
            return node.contains(u"location"_s) ? fileOffsetOfByte(node[u"location"_s].toInt()) : fileOffset();
        }
    };

    // The table a statement names, unqualified: a spec's names resolve in Interleave's own schema.
    bool tableName(const Statement& st, const QJsonObject& relation, QString& name)
    {
        name = relation[u"relname"_s].toString();
        if (relation.contains(u"schemaname"_s))
            return fail(st.at(relation),
                u"setup: \"%1.%2\" names the schema \"%1\": a spec's table is created in Interleave's own schema, so "
                "write its name without one"_s.arg(relation[u"schemaname"_s].toString(), name));
        if (relation.contains(u"catalogname"_s))
            return fail(st.at(relation), u"setup: \"%1\" names a database"_s.arg(name));
        return true;
    }

    bool sameTable(const Statement& st, const QJsonObject& relation, const QString& what)
    {
        QString name;
        if (!tableName(st, relation, name))
            return false;
        if (!m_created)
            return fail(
                st.at(relation), u"setup: %1 \"%2\" before its CREATE TABLE; create the table first"_s.arg(what, name));
        if (name != m_table.name)
            return fail(st.at(relation),
                u"setup: %1 names \"%2\", not the spec's table \"%3\": a scenario has one table"_s.arg(
                    what, name, m_table.name));
        return true;
    }

    bool createTable(const Statement& st, const QJsonObject& body)
    {
        const QJsonObject relation = body[u"relation"_s].toObject();
        QString name;
        if (!tableName(st, relation, name))
            return false;
        if (m_created)
            return fail(st.at(relation),
                u"setup: a second table \"%1\": a scenario has one table (\"%2\")"_s.arg(name, m_table.name));
        QString extra;
        if (!onlyKeys(body, { u"relation"_s, u"tableElts"_s, u"oncommit"_s, u"if_not_exists"_s }, &extra)
            || body[u"oncommit"_s].toString(u"ONCOMMIT_NOOP"_s) != u"ONCOMMIT_NOOP"_s)
            return fail(st.fileOffset(),
                u"setup: CREATE TABLE \"%1\" with %2 is not supported: only columns and their NOT NULL, DEFAULT, "
                "PRIMARY KEY and UNIQUE"_s.arg(name, extra.isEmpty() ? u"ON COMMIT"_s : extra));
        if (relation[u"relpersistence"_s].toString() != u"p"_s)
            return fail(st.fileOffset(),
                u"setup: a temporary or unlogged table is not supported: Interleave creates an ordinary table"_s);
        if (!identifierPattern().match(name).hasMatch() || name.startsWith(u"sqlite_"_s, Qt::CaseInsensitive))
            return fail(st.at(relation),
                u"setup: \"%1\" is not a table name Interleave takes (letters, digits and _, not starting with a "
                "digit or sqlite_)"_s.arg(name));
        m_created = true;
        m_table.name = name;
        for (const QString& word :
            name.split(u'_', Qt::SkipEmptyParts)) // the model's class name: "race_entry" is RaceEntry
            m_table.model += word.left(1).toUpper() + word.mid(1);
        m_tableOffset = st.at(relation);
        m_fields.insert(u"table"_s, m_tableOffset);
        QList<QPair<QStringList, int>> primaryKeys;
        for (const auto& e : body[u"tableElts"_s].toArray()) {
            const QJsonObject element = e.toObject();
            const QString type = nodeType(element);
            if (type == u"ColumnDef"_s) {
                if (!column(st, element[type].toObject(), primaryKeys))
                    return false;
            } else if (type == u"Constraint"_s) {
                const QJsonObject c = element[type].toObject();
                QStringList keys;
                strings(c[u"keys"_s].toArray(), &keys);
                const QString kind = c[u"contype"_s].toString();
                if (kind == u"CONSTR_PRIMARY"_s)
                    primaryKeys.append({ keys, st.at(c) });
                else if (kind == u"CONSTR_UNIQUE"_s && !keys.isEmpty() && !c.contains(u"including"_s))
                    m_uniques.append({ keys, st.at(c) });
                else
                    return fail(st.at(c),
                        u"setup: a %1 table constraint is not supported: only PRIMARY KEY (...) "
                        "and UNIQUE (...)"_s.arg(constraintName(kind)));
            } else {
                return fail(st.fileOffset(), u"setup: CREATE TABLE ... (%1) is not supported"_s.arg(type));
            }
        }
        if (primaryKeys.size() > 1)
            return fail(primaryKeys.at(1).second, u"setup: a table has one primary key"_s);
        for (const auto& [keys, offset] : std::as_const(primaryKeys))
            if (!primaryKey(keys, offset))
                return false;
        if (m_idColumn && !m_idIsKey)
            return fail(m_idOffset,
                u"setup: a column \"id\" that is not the primary key: Interleave's table has its own integer id "
                "primary key; rename the column, or make it the primary key"_s);
        for (const auto& [keys, offset] : std::as_const(m_uniques)) {
            for (const QString& key : keys)
                if (!m_table.column(key) && key.compare(u"id"_s, Qt::CaseInsensitive) != 0)
                    return fail(offset, u"setup: UNIQUE names unknown column \"%1\""_s.arg(key));
            if (keys.size() == 1 && keys.first().compare(u"id"_s, Qt::CaseInsensitive) == 0)
                continue; // Interleave's id is unique already
            ConstraintSpec constraint;
            constraint.columns = keys;
            m_fields.insert(u"table.constraints[%1]"_s.arg(m_table.constraints.size()), offset);
            m_table.constraints.append(constraint);
        }
        m_uniques.clear();
        return true;
    }

    static QString constraintName(const QString& kind)
    {
        static const QHash<QString, QString> names { { u"CONSTR_CHECK"_s, u"CHECK"_s },
            { u"CONSTR_FOREIGN"_s, u"REFERENCES (foreign key)"_s }, { u"CONSTR_EXCLUSION"_s, u"EXCLUDE"_s },
            { u"CONSTR_GENERATED"_s, u"GENERATED"_s }, { u"CONSTR_IDENTITY"_s, u"GENERATED ... AS IDENTITY"_s },
            { u"CONSTR_ATTR_DEFERRABLE"_s, u"DEFERRABLE"_s }, { u"CONSTR_ATTR_DEFERRED"_s, u"INITIALLY DEFERRED"_s } };
        return names.value(kind, kind);
    }

    bool column(const Statement& st, const QJsonObject& def, QList<QPair<QStringList, int>>& primaryKeys)
    {
        const QString name = def[u"colname"_s].toString();
        const int offset = st.at(def);
        const auto type = typeOf(def[u"typeName"_s].toObject());
        if (!type)
            return fail(st.at(def[u"typeName"_s].toObject()),
                u"setup: the type of column \"%1\" is not supported: a plain type such as integer, text or "
                "varchar(32)"_s.arg(name));
        QString extra;
        if (!onlyKeys(def, { u"colname"_s, u"typeName"_s, u"is_local"_s, u"constraints"_s, u"location"_s }, &extra))
            return fail(offset, u"setup: column \"%1\" with %2 is not supported"_s.arg(name, extra));
        if (name.compare(u"id"_s, Qt::CaseInsensitive) == 0) {
            if (!integerType(*type))
                return fail(offset,
                    u"setup: column \"id\" is %1: Interleave's table has its own integer id primary key; name the "
                    "column otherwise, or make it an integer primary key"_s.arg(*type));
            m_idColumn = true;
            m_idOffset = offset;
            m_specColumns.append(u"id"_s);
        } else {
            if (!identifierPattern().match(name).hasMatch())
                return fail(
                    offset, u"setup: \"%1\" is not a column name Interleave takes (letters, digits and _)"_s.arg(name));
            if (m_table.column(name))
                return fail(offset, u"setup: column \"%1\" is defined twice"_s.arg(name));
            m_fields.insert(u"table.columns[%1]"_s.arg(m_table.columns.size()), offset);
            m_table.columns.append(ColumnSpec(name, *type));
            m_specColumns.append(name);
        }
        ColumnSpec* column =
            m_table.columns.isEmpty() || m_specColumns.last() == u"id"_s ? nullptr : &m_table.columns.last();
        for (const auto& v : def[u"constraints"_s].toArray()) {
            const QJsonObject c = v[u"Constraint"_s].toObject();
            const QString kind = c[u"contype"_s].toString();
            if (kind == u"CONSTR_PRIMARY"_s) {
                primaryKeys.append({ { name }, st.at(c) });
            } else if (kind == u"CONSTR_UNIQUE"_s) {
                m_uniques.append({ { name }, st.at(c) });
            } else if (kind == u"CONSTR_NOTNULL"_s || kind == u"CONSTR_NULL"_s) {
                if (column)
                    column->nullable = kind == u"CONSTR_NULL"_s;
            } else if (kind == u"CONSTR_DEFAULT"_s && column) {
                const auto value = literal(c[u"raw_expr"_s].toObject(), st.block->sql, *st.utf8);
                if (!value)
                    return fail(st.at(c),
                        u"setup: the DEFAULT of column \"%1\" is not a literal value: only a "
                        "string, a number, true/false or NULL"_s.arg(name));
                column->hasDefault = true;
                column->defaultValue = *value;
                m_defaults.append(name);
            } else {
                return fail(st.at(c),
                    u"setup: %1 on column \"%2\" is not supported: only NOT NULL, DEFAULT, PRIMARY KEY and UNIQUE"_s
                        .arg(constraintName(kind), name));
            }
        }
        return true;
    }

    // The spec's primary key: its id column is Interleave's own; another becomes a unique NOT NULL column.
    bool primaryKey(const QStringList& keys, int offset)
    {
        if (keys.size() == 1 && keys.first().compare(u"id"_s, Qt::CaseInsensitive) == 0) {
            if (!m_idColumn)
                return fail(offset, u"setup: PRIMARY KEY names unknown column \"id\""_s);
            m_idIsKey = true;
            return true;
        }
        for (const QString& key : keys) {
            ColumnSpec* c = nullptr;
            for (ColumnSpec& candidate : m_table.columns)
                if (candidate.name == key)
                    c = &candidate;
            if (!c)
                return fail(offset,
                    u"setup: PRIMARY KEY names %1column \"%2\""_s.arg(
                        key.compare(u"id"_s, Qt::CaseInsensitive) == 0 ? u"the "_s : u"unknown "_s, key));
            c->nullable = false;
        }
        m_uniques.prepend({ keys, offset });
        m_result.notes.append(
            u"%1: the primary key (%2) becomes a UNIQUE, NOT NULL constraint: Interleave's table keeps its own "
            "integer id primary key, so SELECT * shows an id column the spec's table does not have"_s.arg(
                m_spec.fileName, keys.join(u", "_s)));
        return true;
    }

    bool createIndex(const Statement& st, const QJsonObject& body)
    {
        if (!sameTable(st, body[u"relation"_s].toObject(), u"CREATE INDEX"_s))
            return false;
        if (!body[u"unique"_s].toBool())
            return fail(st.fileOffset(),
                u"setup: CREATE INDEX without UNIQUE is not supported: Interleave's table "
                "has only its unique constraints; leave the index out"_s);
        QString extra;
        if (!onlyKeys(body,
                { u"idxname"_s, u"relation"_s, u"accessMethod"_s, u"indexParams"_s, u"whereClause"_s, u"unique"_s,
                    u"if_not_exists"_s },
                &extra)
            || body[u"accessMethod"_s].toString() != u"btree"_s)
            return fail(st.fileOffset(),
                u"setup: CREATE UNIQUE INDEX with %1 is not supported: only columns and a WHERE"_s.arg(
                    extra.isEmpty() ? u"USING "_s + body[u"accessMethod"_s].toString() : extra));
        ConstraintSpec constraint;
        constraint.name = body[u"idxname"_s].toString();
        for (const auto& p : body[u"indexParams"_s].toArray()) {
            const QJsonObject e = p[u"IndexElem"_s].toObject();
            if (!e.contains(u"name"_s) || e.contains(u"expr"_s) || e.contains(u"opclass"_s)
                || e.contains(u"collation"_s) || e[u"ordering"_s].toString() != u"SORTBY_DEFAULT"_s)
                return fail(st.fileOffset(),
                    u"setup: CREATE UNIQUE INDEX on an expression, an ordering or an operator class is not "
                    "supported: only columns"_s);
            const QString name = e[u"name"_s].toString();
            if (!m_table.column(name))
                return fail(st.fileOffset(), u"setup: CREATE UNIQUE INDEX names unknown column \"%1\""_s.arg(name));
            constraint.columns.append(name);
        }
        if (body.contains(u"whereClause"_s)) {
            // The predicate as written: the text after the statement's WHERE, which Predicate reads again.
            const QString& sql = st.block->sql;
            const auto tokens = PgQuery::scan(sql.mid(st.start, st.end - st.start), nullptr);
            for (const PgQuery::Token& t : tokens.value_or(QList<PgQuery::Token>())) {
                if (t.keyword
                    && QStringView(sql)
                            .mid(st.start + t.start, t.end - t.start)
                            .compare(u"where"_s, Qt::CaseInsensitive)
                        == 0) {
                    constraint.where = sql.mid(st.start + t.end, st.end - st.start - t.end).trimmed();
                    break;
                }
            }
        }
        m_fields.insert(u"table.constraints[%1]"_s.arg(m_table.constraints.size()), st.fileOffset());
        m_table.constraints.append(constraint);
        return true;
    }

    bool insertRows(const Statement& st, const QJsonObject& body)
    {
        if (!sameTable(st, body[u"relation"_s].toObject(), u"INSERT"_s))
            return false;
        QString extra;
        if (!onlyKeys(body, { u"relation"_s, u"cols"_s, u"selectStmt"_s, u"override"_s }, &extra))
            return fail(st.fileOffset(),
                u"setup: INSERT with %1 is not supported: only INSERT INTO table [(columns)] "
                "VALUES (...), ..."_s.arg(extra));
        QStringList columns;
        for (const auto& c : body[u"cols"_s].toArray())
            columns.append(c[u"ResTarget"_s][u"name"_s].toString());
        if (columns.isEmpty())
            columns = m_specColumns;
        for (const QString& c : std::as_const(columns))
            if (c != u"id"_s && !m_table.column(c))
                return fail(st.fileOffset(), u"setup: INSERT names unknown column \"%1\""_s.arg(c));
        const QJsonObject select = body[u"selectStmt"_s][u"SelectStmt"_s].toObject();
        if (!select.contains(u"valuesLists"_s)
            || !onlyKeys(select, { u"valuesLists"_s, u"limitOption"_s, u"op"_s }, &extra))
            return fail(st.fileOffset(),
                u"setup: INSERT ... SELECT is not supported: write the rows as VALUES "
                "(...), (...)"_s);
        for (const auto& list : select[u"valuesLists"_s].toArray()) {
            const QJsonArray items = list[u"List"_s][u"items"_s].toArray();
            if (items.size() != columns.size())
                return fail(st.fileOffset(),
                    u"setup: INSERT gives %1 values for %2 columns"_s.arg(items.size()).arg(columns.size()));
            if (m_table.rows.size() >= maxRows)
                return fail(st.fileOffset(), u"setup: at most %1 rows"_s.arg(maxRows));
            QVariantMap row;
            for (qsizetype i = 0; i < items.size(); ++i) {
                const QJsonObject item = items.at(i).toObject();
                if (item.contains(u"SetToDefault"_s))
                    continue;
                const auto value = literal(item, st.block->sql, *st.utf8);
                if (!value)
                    return fail(st.at(item.constBegin()->toObject()),
                        u"setup: INSERT's values must be literals (a string, a number, true/false or NULL)"_s);
                if (columns.at(i) == u"id"_s) {
                    // Interleave numbers the rows it inserts 1, 2, 3, ...: the spec's ids must be those.
                    if (value->toLongLong() != m_table.rows.size() + 1)
                        return fail(st.at(item.constBegin()->toObject()),
                            u"setup: the rows' ids must be 1, 2, 3, ... in the order they are inserted, as Interleave "
                            "numbers its rows itself; this row is row %1 and its id is %2"_s
                                .arg(m_table.rows.size() + 1)
                                .arg(value->toString()));
                    continue;
                }
                row.insert(columns.at(i), *value);
            }
            m_fields.insert(u"table.rows[%1]"_s.arg(m_table.rows.size()), st.fileOffset());
            m_table.rows.append(row);
        }
        return true;
    }

    // ---- the test-level teardown: Interleave's own cleanup ----

    bool readTeardown()
    {
        if (!m_spec.teardown)
            return true;
        const IsolationSpec::Block& block = *m_spec.teardown;
        PgQuery::Error problem;
        const auto tree = PgQuery::parse(block.sql, &problem);
        if (!tree)
            return fail(block.at.offset + std::max(0, problem.offset),
                u"teardown: PostgreSQL cannot read it: %1"_s.arg(problem.message));
        const QByteArray utf8 = block.sql.toUtf8();
        for (const auto& s : tree->value(u"stmts"_s).toArray()) {
            int start = unitOfByte(utf8, s[u"stmt_location"_s].toInt());
            while (start < block.sql.size() && block.sql.at(start).isSpace())
                ++start;
            const QJsonObject node = s[u"stmt"_s].toObject();
            const QString message = u"teardown: only DROP TABLE %1 is accepted (Interleave drops its own table "
                                    "after the run); %2 is not"_s;
            if (nodeType(node) != u"DropStmt"_s || node[u"DropStmt"_s][u"removeType"_s].toString() != u"OBJECT_TABLE"_s)
                return fail(block.at.offset + start,
                    message.arg(m_table.name, statementKind(nodeType(node), block.sql.mid(start))));
            for (const auto& object : node[u"DropStmt"_s][u"objects"_s].toArray()) {
                const QString name = strings(object[u"List"_s][u"items"_s].toArray());
                if (name != m_table.name)
                    return fail(block.at.offset + start, message.arg(m_table.name, u"DROP TABLE "_s + name));
            }
        }
        return true;
    }

    // ---- the sessions: workers ----

    bool readSessions()
    {
        QStringList taken;
        for (const IsolationSpec::Session& session : m_spec.sessions) {
            const QString name = workerName(session.name, taken);
            taken.append(name);
            if (name != session.name)
                m_result.notes.append(u"%1: session \"%2\" is worker %3 (a worker's name is a letter, then up to 15 "
                                      "letters, digits or _)"_s.arg(m_spec.fileName, session.name, name));
            Session s;
            s.worker = name;
            if (session.setup)
                s.setup = splitStatements(*session.setup, u"session \"%1\" setup"_s.arg(session.name));
            if (session.teardown)
                s.teardown = splitStatements(*session.teardown, u"session \"%1\" teardown"_s.arg(session.name));
            for (const IsolationSpec::Step& step : session.steps) {
                QList<Piece> pieces = splitStatements(step.block, u"step \"%1\""_s.arg(step.name));
                if (pieces.isEmpty())
                    return fail(step.block.at.offset, u"step \"%1\" has no statement"_s.arg(step.name));
                m_steps.insert(step.name, { m_sessions.size(), pieces });
            }
            for (const QList<Piece>& pieces : { s.setup, s.teardown })
                for (const Piece& p : pieces)
                    if (!namesOnlyItsTable(p))
                        return false;
            for (const IsolationSpec::Step& step : session.steps)
                for (const Piece& p : m_steps.value(step.name).pieces)
                    if (!namesOnlyItsTable(p))
                        return false;
            m_sessions.append(s);
        }
        return true;
    }

    // A statement PostgreSQL reads names no other table and no schema: the spec's table is Interleave's, in its own
    // schema, and every other object is out of reach, whichever database the statement runs on (LiteralSql checks the
    // rest there).
    bool namesOnlyItsTable(const Piece& p)
    {
        const auto tree = PgQuery::parse(p.sql, nullptr);
        if (!tree)
            return true;
        const QByteArray utf8 = p.sql.toUtf8();
        QStringList withNames;
        std::function<void(const QJsonValue&, int)> collect = [&](const QJsonValue& v, int depth) {
            if (depth > 200)
                return;
            if (v.isArray())
                for (const auto& item : v.toArray())
                    collect(item, depth + 1);
            if (!v.isObject())
                return;
            const QJsonObject o = v.toObject();
            if (o.contains(u"ctename"_s))
                withNames.append(o[u"ctename"_s].toString());
            for (auto it = o.constBegin(); it != o.constEnd(); ++it)
                collect(it.value(), depth + 1);
        };
        collect(tree->value(u"stmts"_s), 0);
        std::function<bool(const QJsonValue&, int)> visit = [&](const QJsonValue& v, int depth) {
            if (depth > 200)
                return true; // PgQuery's JSON is at most Qt's depth; nothing deeper is read
            if (v.isArray()) {
                for (const auto& item : v.toArray())
                    if (!visit(item, depth + 1))
                        return false;
                return true;
            }
            if (!v.isObject())
                return true;
            const QJsonObject o = v.toObject();
            // A table reference: wrapped as a node in a FROM list, bare where the field can only be one (relation).
            const QJsonObject range = o.contains(u"relname"_s) ? o : o.value(u"RangeVar"_s).toObject();
            if (range.contains(u"schemaname"_s) || range.contains(u"catalogname"_s))
                return fail(p.offset + unitOfByte(utf8, range[u"location"_s].toInt()),
                    u"%1: \"%2.%3\" names the schema \"%2\": a spec's statements name only its table, unqualified"_s
                        .arg(p.where, range[u"schemaname"_s].toString(), range[u"relname"_s].toString()));
            // Another table is refused here too, where SQLite's check would let a table it does not have pass (the
            // statement would fail when it runs): a WITH query's own names are not tables.
            if (range.contains(u"relname"_s) && range[u"relname"_s].toString() != m_table.name
                && !withNames.contains(range[u"relname"_s].toString()))
                return fail(p.offset + unitOfByte(utf8, range[u"location"_s].toInt()),
                    u"%1: names the table \"%2\": a spec's statements name only its table \"%3\""_s.arg(
                        p.where, range[u"relname"_s].toString(), m_table.name));
            for (auto it = o.constBegin(); it != o.constEnd(); ++it)
                if (!visit(it.value(), depth + 1))
                    return false;
            return true;
        };
        return visit(tree->value(u"stmts"_s), 0);
    }

    // ---- where the statements run ----

    QList<Piece> allStatements() const
    {
        QList<Piece> all;
        for (const Session& s : m_sessions)
            all += s.setup + s.teardown;
        for (const IsolationSpec::Session& session : m_spec.sessions)
            for (const IsolationSpec::Step& step : session.steps)
                all += m_steps.value(step.name).pieces;
        return all;
    }

    bool chooseDatabase()
    {
        const QList<BackendSpec::Kind> kinds { BackendSpec::Kind::Sqlite, BackendSpec::Kind::Postgresql,
            BackendSpec::Kind::Mysql };
        const QList<Piece> all = allStatements();
        QStringList refused;
        std::optional<QPair<Piece, LiteralSql::Problem>> postgresProblem;
        for (const BackendSpec::Kind kind : kinds) {
            std::optional<QPair<Piece, LiteralSql::Problem>> problem;
            for (const Piece& p : all) {
                if (const auto why = LiteralSql::check(kind, p.sql, m_table)) {
                    problem = qMakePair(p, *why);
                    break;
                }
            }
            if (!problem) {
                m_databases.append(BackendSpec::kindName(kind));
                continue;
            }
            if (kind == BackendSpec::Kind::Postgresql)
                postgresProblem = problem;
            const IsolationSpec::Position at =
                m_spec.positionOf(problem->first.offset + std::max(0, problem->second.offset));
            refused.append(u"not on %1 (line %2: %3)"_s.arg(BackendSpec::displayName(kind))
                               .arg(at.line)
                               .arg(problem->second.message));
        }
        if (m_databases.isEmpty())
            return fail(postgresProblem->first.offset + std::max(0, postgresProblem->second.offset),
                postgresProblem->first.where + u": "_s + postgresProblem->second.message);
        if (!refused.isEmpty()) {
            QStringList names;
            for (const QString& d : std::as_const(m_databases))
                names.append(BackendSpec::displayName(*kindOf(d)));
            m_result.notes.append(
                u"%1: runs on %2; %3"_s.arg(m_spec.fileName, names.join(u" and "_s), refused.join(u"; "_s)));
        }
        return true;
    }

    static std::optional<BackendSpec::Kind> kindOf(const QString& name)
    {
        for (const auto kind : { BackendSpec::Kind::Sqlite, BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql })
            if (BackendSpec::kindName(kind) == name)
                return kind;
        return std::nullopt;
    }

    // ---- the scenarios ----

    Scenario base(const QString& description) const
    {
        Scenario s;
        s.name = QFileInfo(m_spec.fileName).completeBaseName();
        s.description = description;
        s.backend.kind = *kindOf(m_databases.constFirst());
        if (m_databases.size() < 3)
            s.databases = m_databases;
        s.table = m_table;
        return s;
    }

    static SqlStatementSpec statement(const Piece& p, const QString& step = {}, const QStringList& markers = {})
    {
        SqlStatementSpec st;
        st.sql = p.sql;
        st.step = step;
        st.stepBlockers = markers;
        return st;
    }

    // The workers with their setup statements; `origins` records where each statement came from.
    QList<WorkerSpec> workers(QHash<QString, int>& origins, QStringList& script) const
    {
        QList<WorkerSpec> out;
        for (qsizetype i = 0; i < m_sessions.size(); ++i) {
            WorkerSpec w;
            w.name = m_sessions.at(i).worker;
            w.recipe = u"sql"_s;
            for (const Piece& p : m_sessions.at(i).setup)
                add(w, i, statement(p), p, origins, script);
            out.append(w);
        }
        return out;
    }

    static void add(WorkerSpec& w, qsizetype index, const SqlStatementSpec& st, const Piece& p,
        QHash<QString, int>& origins, QStringList& script)
    {
        origins.insert(u"workers[%1].statements[%2]"_s.arg(index).arg(w.statements.size()), p.offset);
        w.statements.append(st);
        script.append(w.name);
    }

    void addTeardowns(QList<WorkerSpec>& workers, QHash<QString, int>& origins, QStringList& script) const
    {
        for (qsizetype i = 0; i < m_sessions.size(); ++i)
            for (const Piece& p : m_sessions.at(i).teardown)
                add(workers[i], i, statement(p), p, origins, script);
    }

    bool build()
    {
        const QList<Piece> all = allStatements();
        const bool inserts = std::any_of(all.cbegin(), all.cend(), [](const Piece& p) {
            const auto tree = PgQuery::parse(p.sql, nullptr);
            return !tree || nodeType(tree->value(u"stmts"_s)[0][u"stmt"_s].toObject()) == u"InsertStmt"_s;
        });
        if (!m_defaults.isEmpty() && inserts)
            m_result.notes.append(u"%1: the DEFAULT of %2 fills the setup's rows; a step's INSERT that leaves the "
                                  "column out stores NULL, as Interleave's table has no DEFAULT clause"_s.arg(
                                      m_spec.fileName, m_defaults.join(u", "_s)));
        const QString file = QFileInfo(m_spec.fileName).fileName();
        if (m_spec.permutations.isEmpty()) {
            Scenario s = base(u"Imported from the isolation spec %1: every interleaving of its steps"_s.arg(file));
            QHash<QString, int> origins;
            QStringList script;
            s.workers = workers(origins, script);
            for (const IsolationSpec::Session& session : m_spec.sessions)
                for (const IsolationSpec::Step& step : session.steps) {
                    const StepStatements& st = m_steps[step.name];
                    for (const Piece& p : st.pieces)
                        add(s.workers[st.session], st.session, statement(p, step.name), p, origins, script);
                }
            addTeardowns(s.workers, origins, script);
            s.schedule.mode = ScheduleSpec::Mode::Explore;
            return finish(s, {}, origins);
        }
        for (qsizetype n = 0; n < m_spec.permutations.size(); ++n) {
            const IsolationSpec::Permutation& permutation = m_spec.permutations.at(n);
            const QString line = permutation.text();
            Scenario s =
                base(u"Imported from the isolation spec %1, permutation %2: %3"_s.arg(file).arg(n + 1).arg(line));
            if (m_spec.permutations.size() > 1)
                s.name += u" #%1"_s.arg(n + 1);
            QHash<QString, int> origins;
            QStringList script;
            s.workers = workers(origins, script);
            for (const IsolationSpec::Entry& entry : permutation.entries) {
                const StepStatements& st = m_steps[entry.step];
                for (const Piece& p : st.pieces)
                    add(s.workers[st.session], st.session, statement(p, entry.step, entry.markers), p, origins, script);
            }
            addTeardowns(s.workers, origins, script);
            // Each scenario is checked statement by statement, on three databases: the whole import stays a matter
            // of seconds whatever the spec holds.
            m_statements += script.size();
            if (m_statements > maxStatements)
                return fail(permutation.at.offset,
                    u"the permutations run more than %1 statements in all; split the spec"_s.arg(maxStatements));
            s.schedule.mode = ScheduleSpec::Mode::Script;
            s.schedule.script = script;
            if (!finish(s, line, origins))
                return false;
        }
        return true;
    }

    // Checks the scenario as a file of it would be checked, pointing a refusal at the spec's text.
    bool finish(Scenario& scenario, const QString& permutation, const QHash<QString, int>& origins)
    {
        if (const auto problem = scenario.validate()) {
            int offset = m_tableOffset;
            qsizetype longest = -1;
            const auto find = [&](const QHash<QString, int>& fields) {
                for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
                    if (problem->field.startsWith(it.key()) && it.key().size() > longest) {
                        longest = it.key().size();
                        offset = it.value();
                    }
            };
            find(m_fields);
            find(origins);
            const QString context = problem->field.startsWith(u"table"_s) ? u"setup: "_s : QString();
            return fail(
                offset, context + (problem->field.isEmpty() ? QString() : problem->field + u": "_s) + problem->message);
        }
        m_result.scenarios.append({ scenario, permutation });
        return true;
    }

    struct Session {
        QString worker;
        QList<Piece> setup;
        QList<Piece> teardown;
    };
    struct StepStatements {
        qsizetype session = 0;
        QList<Piece> pieces;
    };
    static constexpr int maxRows = 10000;
    static constexpr int maxStatements = 20000;
    int m_statements = 0;

    const IsolationSpec& m_spec;
    Result m_result;
    std::optional<ScenarioError> m_error;
    TableSpec m_table;
    bool m_created = false;
    int m_tableOffset = 0;
    bool m_idColumn = false;
    bool m_idIsKey = false;
    int m_idOffset = 0;
    QStringList m_specColumns; // in the spec's order, id included when it has one: an INSERT without columns
    QStringList m_defaults;
    QList<QPair<QStringList, int>> m_uniques;
    QHash<QString, int> m_fields; // a scenario field ("table.columns[2]") -> where the spec writes it
    QList<Session> m_sessions;
    QHash<QString, StepStatements> m_steps;
    QStringList m_databases; // kind names, in the order sqlite, postgresql, mysql
};

} // namespace

QString workerName(const QString& sessionName, const QStringList& taken)
{
    static const QRegularExpression valid(u"^[A-Za-z][A-Za-z0-9_]{0,15}$"_s);
    QString name;
    if (valid.match(sessionName).hasMatch()) {
        name = sessionName;
    } else {
        for (const QChar c : sessionName)
            name += (c.unicode() < 128 && (c.isLetterOrNumber() || c == u'_')) ? c : u'_';
        if (name.isEmpty() || !name.at(0).isLetter())
            name.prepend(u's');
        name.truncate(16);
    }
    const QString stem = name;
    for (int n = 2; taken.contains(name, Qt::CaseInsensitive); ++n) {
        const QString suffix = u"_%1"_s.arg(n);
        name = stem.left(16 - suffix.size()) + suffix;
    }
    return name;
}

std::optional<Result> toScenarios(const IsolationSpec& spec, ScenarioError* error)
{
    return Importer(spec).run(error);
}

} // namespace interleave::IsolationImport
