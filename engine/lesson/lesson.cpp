// SPDX-License-Identifier: MIT
#include "lesson.h"

#include "examples.h"
#include "jsonlocator.h"
#include "oneline.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

constexpr qint64 largestFile = 1024 * 1024; // a lesson is a page of text, not a data set
constexpr int mostItems = 200;
constexpr int longestText = 4000; // say and ask: what a teacher reads aloud, not a document
const QString lessonPrefix = u"lesson:"_s;

struct Failure {
    QString field; // items[2].mode
    QString message;
};

QString quoted(const QString& text)
{
    return u"\""_s + (text.size() <= 80 ? text : cutText(QStringView(text).left(80), text.size())) + u"\""_s;
}

// The keys an object may have: the first other one, as a failure.
std::optional<Failure> unknownKey(const QJsonObject& object, const QString& where, const QStringList& known)
{
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!known.contains(it.key()))
            return Failure { where.isEmpty() ? it.key() : where + u'.' + it.key(),
                u"unknown key %1 (a lesson knows %2)"_s.arg(quoted(it.key()), known.join(u", "_s)) };
    return std::nullopt;
}

std::optional<Failure> readText(
    const QJsonObject& object, const QString& key, const QString& where, QString& into, bool required)
{
    const QString field = where.isEmpty() ? key : where + u'.' + key;
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return required ? std::optional(Failure { field, u"missing; it is required"_s }) : std::nullopt;
    if (!value.isString())
        return Failure { field, u"a text in quotes"_s };
    into = value.toString().trimmed();
    if (required && into.isEmpty())
        return Failure { field, u"empty; it is required"_s };
    if (into.size() > longestText)
        return Failure { field, u"longer than %1 characters"_s.arg(longestText) };
    return std::nullopt;
}

std::optional<Failure> readItem(
    const QJsonObject& object, const QString& where, const QString& folder, Lesson::Item& item)
{
    static const QStringList known { u"example"_s, u"mode"_s, u"backend"_s, u"script"_s, u"say"_s, u"ask"_s,
        u"minutes"_s };
    if (auto failure = unknownKey(object, where, known))
        return failure;
    QString example;
    if (auto failure = readText(object, u"example"_s, where, example, true))
        return failure;
    const QString exampleField = where + u".example"_s;
    std::optional<Scenario> scenario;
    ScenarioError scenarioError;
    if (example.endsWith(u".json"_s, Qt::CaseInsensitive)) {
        // A scenario file next to the lesson (or below it); an absolute path is the file's business too.
        item.scenarioPath = QDir::cleanPath(QDir(folder).filePath(example));
        if (!QFileInfo::exists(item.scenarioPath))
            return Failure { exampleField,
                u"no scenario file %1 (a path is relative to the lesson's folder)"_s.arg(quoted(example)) };
        scenario = Scenario::load(item.scenarioPath, &scenarioError);
        if (!scenario)
            return Failure { exampleField, u"cannot be read: "_s + scenarioError.toString() };
    } else {
        const QString id = example.startsWith(u"example:"_s) ? example.mid(8) : example;
        scenario = Examples::load(id, &scenarioError);
        if (!scenario)
            return Failure { exampleField,
                u"no built-in example %1 (a scenario file's name ends with .json)"_s.arg(quoted(example)) };
        item.example = id;
    }

    QString mode;
    if (auto failure = readText(object, u"mode"_s, where, mode, true))
        return failure;
    const auto parsedMode = ScheduleSpec::modeFromName(mode);
    if (!parsedMode)
        return Failure { where + u".mode"_s,
            u"%1 is not a mode: free, script, step, explore or stress (as interleave --mode)"_s.arg(quoted(mode)) };
    item.mode = *parsedMode;

    QString backend;
    if (auto failure = readText(object, u"backend"_s, where, backend, false))
        return failure;
    if (!backend.isEmpty()) {
        using Kind = BackendSpec::Kind;
        bool named = false;
        for (const Kind kind : { Kind::Sqlite, Kind::Postgresql, Kind::Mysql }) {
            if (backend == BackendSpec::kindName(kind)) {
                item.backend = kind;
                named = true;
            }
        }
        if (!named)
            return Failure { where + u".backend"_s,
                u"%1 is not a database: sqlite, postgresql or mysql (a lesson names no server: the window's "
                "connection, Ctrl+D, is used)"_s.arg(quoted(backend)) };
    }

    QString script;
    if (auto failure = readText(object, u"script"_s, where, script, false))
        return failure;
    if (!script.isEmpty()) {
        if (item.mode != ScheduleSpec::Mode::Script)
            return Failure { where + u".script"_s, u"only with \"mode\": \"script\""_s };
        const auto steps = Scenario::parseScript(script, *scenario, &scenarioError);
        if (!steps)
            return Failure { where + u".script"_s, scenarioError.message };
        item.script = *steps;
    }

    if (auto failure = readText(object, u"say"_s, where, item.say, false))
        return failure;
    if (auto failure = readText(object, u"ask"_s, where, item.ask, false))
        return failure;
    const QJsonValue minutes = object.value(u"minutes"_s);
    if (!minutes.isUndefined()) {
        const double value = minutes.toDouble(-1);
        if (!minutes.isDouble() || value != int(value) || value < 1 || value > 240)
            return Failure { where + u".minutes"_s, u"a whole number of minutes from 1 to 240"_s };
        item.minutes = int(value);
    }
    return std::nullopt;
}

std::optional<Failure> readLesson(const QJsonObject& root, const QString& folder, Lesson& lesson)
{
    if (auto failure = unknownKey(root, QString(), { u"title"_s, u"items"_s }))
        return failure;
    if (auto failure = readText(root, u"title"_s, QString(), lesson.title, true))
        return failure;
    const QJsonValue items = root.value(u"items"_s);
    if (items.isUndefined())
        return Failure { u"items"_s, u"missing; a lesson lists its items"_s };
    if (!items.isArray() || items.toArray().isEmpty())
        return Failure { u"items"_s, u"a list of one item or more: [ { \"example\": ..., \"mode\": ... } ]"_s };
    const QJsonArray array = items.toArray();
    if (array.size() > mostItems)
        return Failure { u"items"_s, u"more than %1 items"_s.arg(mostItems) };
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString where = u"items[%1]"_s.arg(i);
        if (!array.at(i).isObject())
            return Failure { where, u"an item is an object: { \"example\": ..., \"mode\": ... }"_s };
        Lesson::Item item;
        if (auto failure = readItem(array.at(i).toObject(), where, folder, item))
            return failure;
        lesson.items.append(item);
    }
    return std::nullopt;
}

} // namespace

QString Lesson::Item::label() const
{
    return example.isEmpty() ? QFileInfo(scenarioPath).fileName() : example;
}

QString Lesson::resolve(const QString& reference)
{
    if (reference.startsWith(lessonPrefix))
        return u":/lessons/"_s + reference.mid(lessonPrefix.size()) + u".json"_s;
    return reference;
}

QStringList Lesson::builtIn()
{
    QStringList names;
    for (const QString& file : QDir(u":/lessons"_s).entryList({ u"*.json"_s }, QDir::Files, QDir::Name))
        names.append(file.chopped(5));
    return names;
}

std::optional<Lesson> Lesson::read(const QString& path, ScenarioError* error)
{
    const QString file = resolve(path);
    QFile in(file);
    const auto fail = [&](const QString& message) -> std::optional<Lesson> {
        if (error)
            *error = ScenarioError { path, 0, 0, {}, message };
        return std::nullopt;
    };
    if (path.startsWith(lessonPrefix) && !in.exists())
        return fail(u"no built-in lesson of that name (there are: %1)"_s.arg(builtIn().join(u", "_s)));
    if (!in.open(QIODevice::ReadOnly))
        return fail(u"cannot open: "_s + in.errorString());
    if (in.size() > largestFile)
        return fail(u"larger than 1 MiB; this is not a lesson file"_s);
    std::optional<Lesson> lesson = fromJson(in.readAll(), file, error);
    if (!lesson && error)
        error->file = path; // as the user named it ("lesson:NAME"), not the resource's path
    return lesson;
}

std::optional<Lesson> Lesson::fromJson(const QByteArray& json, const QString& path, ScenarioError* error)
{
    const auto fail = [&](ScenarioError e) -> std::optional<Lesson> {
        e.file = path;
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
        return fail({ {}, 1, 1, {}, u"a lesson is a JSON object ({ \"title\": ..., \"items\": [...] })"_s });
    Lesson lesson;
    if (const auto failure = readLesson(document.object(), QFileInfo(path).absolutePath(), lesson)) {
        const auto position = JsonLocator(json).find(failure->field);
        return fail({ {}, position.line, position.column, failure->field, failure->message });
    }
    return lesson;
}

} // namespace interleave
