// SPDX-License-Identifier: MIT
#include "scenario.h"

#include "jsonlocator.h"
#include "oneline.h"
#include "scenarioreader.h"
#include "scriptstep.h"
#include "serverurl.h"
#include "statement.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace interleave {

const ColumnSpec* TableSpec::column(const QString& columnName) const
{
    for (const ColumnSpec& c : columns)
        if (c.name == columnName)
            return &c;
    return nullptr;
}

QString TableSpec::constraintName(int index) const
{
    const ConstraintSpec& c = constraints.at(index);
    if (!c.name.isEmpty())
        return c.name;
    QStringList parts = c.columns;
    static const QRegularExpression nonWord(u"[^A-Za-z0-9_]+"_s);
    for (const QString& e : c.expressions) // lower(name) -> lower_name
        parts.append(QString(e).replace(nonWord, u"_"_s).remove(QRegularExpression(u"_+$"_s)));
    return name + u'_' + parts.join(u'_') + (c.where.isEmpty() ? u"_uniq"_s : u"_partial_uniq"_s);
}

QString BackendSpec::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Sqlite:
        return u"sqlite"_s;
    case Kind::Postgresql:
        return u"postgresql"_s;
    case Kind::Mysql:
        return u"mysql"_s;
    }
    return {};
}

QString BackendSpec::displayName(Kind kind)
{
    switch (kind) {
    case Kind::Sqlite:
        return u"SQLite"_s;
    case Kind::Postgresql:
        return u"PostgreSQL"_s;
    case Kind::Mysql:
        return u"MySQL"_s;
    }
    return {};
}

std::optional<BackendSpec> BackendSpec::fromCommandLine(const QString& text, QString* error)
{
    BackendSpec spec;
    if (text == u"sqlite"_s)
        return spec;
    if (!ServerUrl::isServerUrl(text)) {
        *error = u"\"%1\" is neither sqlite nor a server URL (postgresql://user@host:port/db, "
                 "mysql://user@host:port/db)"_s.arg(ServerUrl::redacted(text));
        return std::nullopt;
    }
    const auto url = ServerUrl::parse(text, error);
    if (!url)
        return std::nullopt;
    spec.kind = url->kind == ServerUrl::Kind::Postgresql ? Kind::Postgresql : Kind::Mysql;
    spec.url = url->toString();
    return spec;
}

QList<ScheduleSpec::Mode> ScheduleSpec::modes()
{
    return { Mode::Free, Mode::Script, Mode::Step, Mode::Explore, Mode::Stress };
}

std::optional<ScheduleSpec::Mode> ScheduleSpec::modeFromName(const QString& name)
{
    for (const Mode mode : modes())
        if (modeName(mode) == name)
            return mode;
    return std::nullopt;
}

QString ScheduleSpec::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Free:
        return u"free"_s;
    case Mode::Script:
        return u"script"_s;
    case Mode::Step:
        return u"step"_s;
    case Mode::Explore:
        return u"explore"_s;
    case Mode::Stress:
        return u"stress"_s;
    }
    return u"free"_s;
}

QString ScenarioError::toString() const
{
    QString where = file.isEmpty() ? u"<scenario>"_s : file;
    if (line > 0)
        where += u':' + QString::number(line) + u':' + QString::number(column);
    // One line whatever the file holds: a name or value with a line break or an escape sequence in it must not
    // start a line of its own (a forged "file:1:1: ...") or reach the terminal raw.
    // And of a length a terminal can show: a message quotes what it refuses, which may be a megabyte of it.
    constexpr qsizetype longest = 2000;
    const QString text = oneLine(QString(where + u": "_s + (field.isEmpty() ? QString() : field + u": "_s) + message));
    if (text.size() <= longest)
        return text;
    return cutText(QStringView(text).left(longest), text.size());
}

QStringList Scenario::literalStatements() const
{
    QStringList lines;
    for (const WorkerSpec& w : workers) {
        for (const SqlStatementSpec& st : w.before)
            lines.append(w.name + u": "_s + st.sql);
        for (const SqlStatementSpec& st : w.statements)
            lines.append(w.name + u": "_s + st.sql);
    }
    return lines;
}

std::optional<DjangoVersion> DjangoVersion::fromString(const QString& text)
{
    for (const DjangoVersion& v : supported())
        if (text.trimmed() == v.toString())
            return v;
    return std::nullopt;
}

int Scenario::workerIndex(const QString& workerName) const
{
    for (qsizetype i = 0; i < workers.size(); ++i)
        if (workers[i].name == workerName)
            return int(i);
    return -1;
}

QStringList Scenario::workerNames() const
{
    QStringList names;
    for (const WorkerSpec& w : workers)
        names.append(w.name);
    return names;
}

QStringList ScheduleSpec::scriptSteps(const QString& text)
{
    static const QRegularExpression separators(u"[\\s,]+"_s);
    return text.split(separators, Qt::SkipEmptyParts);
}

std::optional<QStringList> Scenario::parseScript(const QString& text, const Scenario& scenario, ScenarioError* error)
{
    const QStringList steps = ScheduleSpec::scriptSteps(text);
    const QStringList names = scenario.workerNames();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        if (!ScriptStep::parse(steps[i], names)) {
            if (error) {
                // timeout(B) ends B's lock wait as its timeout would; anything else is a worker's name.
                static const QRegularExpression timeout(u"^timeout\\((.*)\\)$"_s);
                const QRegularExpressionMatch m = timeout.match(steps[i]);
                *error = ScenarioError { {}, 0, 0, u"schedule.script"_s,
                    m.hasMatch()
                        ? u"step %1 (%2) times out the wait of worker \"%3\", but the workers are %4"_s.arg(i + 1).arg(
                            oneLine(steps[i]), oneLine(m.captured(1)), names.join(u", "_s))
                        : u"step %1 names worker \"%2\", but the workers are %3"_s.arg(i + 1).arg(
                            oneLine(steps[i]), names.join(u", "_s)) };
            }
            return std::nullopt;
        }
    }
    return steps;
}

std::optional<Scenario> Scenario::fromJson(const QByteArray& json, const QString& source, ScenarioError* error)
{
    auto fail = [&](ScenarioError e) -> std::optional<Scenario> {
        e.file = source;
        // Messages quote names and values from the file: escaped, so that every message is one line.
        e.field = oneLine(e.field);
        e.message = oneLine(e.message);
        if (error)
            *error = e;
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto position = JsonLocator::positionOf(json, parseError);
        return fail({ {}, position.line, position.column, {}, u"JSON syntax error: "_s + parseError.errorString() });
    }
    if (!document.isObject())
        return fail({ {}, 1, 1, {}, u"a scenario is a JSON object ({ ... }), not a list or a value"_s });
    Scenario scenario;
    if (const auto failure = readScenario(document.object(), scenario)) {
        const JsonLocator locator(json);
        const QString path = failure->locate.isEmpty() ? failure->field : failure->locate;
        const auto position = failure->offset >= 0 ? locator.findInString(path, failure->offset) : locator.find(path);
        return fail({ {}, position.line, position.column, failure->field, failure->message });
    }
    return scenario;
}

std::optional<Scenario> Scenario::load(const QString& path, ScenarioError* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = ScenarioError { path, 0, 0, {}, u"cannot open: "_s + file.errorString() };
        return std::nullopt;
    }
    if (file.size() > 16 * 1024 * 1024) {
        if (error)
            *error = ScenarioError { path, 0, 0, {}, u"larger than 16 MiB; this is not a scenario file"_s };
        return std::nullopt;
    }
    return fromJson(file.readAll(), path, error);
}

QByteArray Scenario::toJson() const
{
    QJsonObject root;
    root.insert(u"version"_s, version);
    root.insert(u"name"_s, name);
    root.insert(u"description"_s, description);
    if (!databases.isEmpty())
        root.insert(u"databases"_s, QJsonArray::fromStringList(databases));
    QJsonObject b { { u"kind"_s, BackendSpec::kindName(backend.kind) } };
    if (backend.kind == BackendSpec::Kind::Sqlite) {
        b.insert(u"journal_mode"_s, backend.journalMode);
        b.insert(u"begin"_s, backend.beginMode);
        b.insert(u"busy_timeout_ms"_s, backend.busyTimeoutMs);
        if (backend.replyTimeoutMs != BackendSpec::defaultReplyTimeoutMs)
            b.insert(u"reply_timeout_ms"_s, backend.replyTimeoutMs);
    } else {
        if (!backend.url.isEmpty())
            b.insert(u"url"_s, backend.url);
        if (backend.lockTimeoutMs > 0)
            b.insert(u"lock_timeout_ms"_s, backend.lockTimeoutMs);
        if (backend.replyTimeoutMs != BackendSpec::defaultReplyTimeoutMs)
            b.insert(u"reply_timeout_ms"_s, backend.replyTimeoutMs);
    }
    root.insert(u"backend"_s, b);
    root.insert(u"isolation"_s, isolation);
    if (django)
        root.insert(u"django"_s, django->toString());
    QJsonArray columns;
    for (const ColumnSpec& c : table.columns) {
        QJsonObject column { { u"name"_s, c.name }, { u"type"_s, c.type }, { u"nullable"_s, c.nullable } };
        if (c.hasDefault)
            column.insert(u"default"_s, sqlValueToJson(c.defaultValue));
        columns.append(column);
    }
    QJsonArray constraints;
    for (const ConstraintSpec& c : table.constraints) {
        QJsonObject o { { u"kind"_s, c.kind } };
        if (c.expressions.isEmpty())
            o.insert(u"columns"_s, QJsonArray::fromStringList(c.columns));
        else
            o.insert(u"expressions"_s, QJsonArray::fromStringList(c.expressions));
        if (!c.where.isEmpty())
            o.insert(u"where"_s, c.where);
        if (!c.name.isEmpty())
            o.insert(u"name"_s, c.name);
        constraints.append(o);
    }
    auto values = [](const QVariantMap& map) {
        QJsonObject o;
        for (auto it = map.begin(); it != map.end(); ++it)
            o.insert(it.key(), sqlValueToJson(it.value()));
        return o;
    };
    QJsonArray rows;
    for (const QVariantMap& row : table.rows)
        rows.append(values(row));
    root.insert(u"table"_s,
        QJsonObject { { u"name"_s, table.name }, { u"model"_s, table.model }, { u"columns"_s, columns },
            { u"constraints"_s, constraints }, { u"rows"_s, rows } });
    auto scalars = [](const QVariantList& list) {
        QJsonArray a;
        for (const QVariant& v : list)
            a.append(sqlValueToJson(v));
        return a;
    };
    auto statementsJson = [&scalars](const QList<SqlStatementSpec>& list) {
        QJsonArray statements;
        for (const SqlStatementSpec& st : list) {
            if (st.params.isEmpty() && !st.expect && st.expectError.isEmpty() && st.step.isEmpty()
                && st.stepBlockers.isEmpty()) {
                statements.append(st.sql);
                continue;
            }
            QJsonObject so { { u"sql"_s, st.sql } };
            if (!st.params.isEmpty())
                so.insert(u"params"_s, scalars(st.params));
            if (st.expect) {
                QJsonArray expected;
                for (const QVariantList& row : *st.expect)
                    expected.append(scalars(row));
                so.insert(u"expect"_s, expected);
            }
            if (st.expectOrdered)
                so.insert(u"expect_ordered"_s, true);
            if (!st.expectError.isEmpty())
                so.insert(u"expect_error"_s, st.expectError);
            if (!st.step.isEmpty())
                so.insert(u"step"_s, st.step);
            if (!st.stepBlockers.isEmpty())
                so.insert(u"step_blockers"_s, QJsonArray::fromStringList(st.stepBlockers));
            statements.append(so);
        }
        return statements;
    };
    QJsonArray workerArray;
    for (const WorkerSpec& w : workers) {
        QJsonObject o { { u"name"_s, w.name }, { u"recipe"_s, w.recipe }, { u"lookup"_s, values(w.lookup) },
            { u"defaults"_s, values(w.defaults) }, { u"atomic"_s, w.atomic } };
        if (!w.lock.isEmpty())
            o.insert(u"lock"_s, w.lock);
        if (!w.column.isEmpty())
            o.insert(u"column"_s, w.column);
        if (!w.batch.isEmpty()) {
            QJsonArray batch;
            for (const QVariantMap& row : w.batch)
                batch.append(values(row));
            o.insert(u"batch"_s, batch);
        }
        if (w.retries > 0)
            o.insert(u"retries"_s, w.retries);
        if (w.django)
            o.insert(u"django"_s, w.django->toString());
        if (w.createDefaults)
            o.insert(u"create_defaults"_s, values(*w.createDefaults));
        if (!w.statements.isEmpty())
            o.insert(u"statements"_s, statementsJson(w.statements));
        if (!w.before.isEmpty())
            o.insert(u"before"_s, statementsJson(w.before));
        if (!w.expectedErrors.isEmpty())
            o.insert(u"expected_errors"_s, QJsonArray::fromStringList(w.expectedErrors));
        workerArray.append(o);
    }
    root.insert(u"workers"_s, workerArray);
    QJsonObject sched { { u"mode"_s, ScheduleSpec::modeName(schedule.mode) } };
    if (!schedule.script.isEmpty())
        sched.insert(u"script"_s, schedule.scriptText());
    if (schedule.jitterUs > 0
        && (schedule.mode == ScheduleSpec::Mode::Free || schedule.mode == ScheduleSpec::Mode::Stress))
        sched.insert(u"jitter_us"_s, schedule.jitterUs);
    if (schedule.mode == ScheduleSpec::Mode::Stress && schedule.trials > 0)
        sched.insert(u"trials"_s, schedule.trials);
    root.insert(u"schedule"_s, sched);
    if (!expect.isEmpty())
        root.insert(u"expect"_s, QJsonArray::fromStringList(expect));
    if (goal) {
        QJsonObject o { { u"text"_s, goal->text } };
        if (goal->rows >= 0)
            o.insert(u"rows"_s, goal->rows);
        if (!goal->worker.isEmpty()) {
            o.insert(u"worker"_s, goal->worker);
            o.insert(u"result"_s,
                goal->results.size() == 1 ? QJsonValue(goal->results.constFirst())
                                          : QJsonValue(QJsonArray::fromStringList(goal->results)));
        }
        if (!goal->expect.isEmpty())
            o.insert(u"expect"_s, goal->expect);
        root.insert(u"goal"_s, o);
    }
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

std::optional<ScenarioError> Scenario::validate() const
{
    ScenarioError error;
    if (fromJson(toJson(), QString(), &error))
        return std::nullopt;
    return error;
}

} // namespace interleave
