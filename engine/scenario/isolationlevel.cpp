// SPDX-License-Identifier: MIT
#include "isolationlevel.h"

#include <array>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

struct LevelRow {
    IsolationLevel level;
    const char16_t* name; // the file's spelling
    const char16_t* sql; // after SET ... TRANSACTION ISOLATION LEVEL
    bool onSqlite; // SQLite has it (the servers have every level)
};

// The one list of levels. SQLite's transactions are all serializable: it has no other level to choose.
constexpr std::array<LevelRow, 5> levelTable { {
    { IsolationLevel::Default, u"default", u"", true },
    { IsolationLevel::ReadUncommitted, u"read uncommitted", u"READ UNCOMMITTED", false },
    { IsolationLevel::ReadCommitted, u"read committed", u"READ COMMITTED", false },
    { IsolationLevel::RepeatableRead, u"repeatable read", u"REPEATABLE READ", false },
    { IsolationLevel::Serializable, u"serializable", u"SERIALIZABLE", true },
} };

const LevelRow& rowOf(IsolationLevel level)
{
    for (const LevelRow& row : levelTable)
        if (row.level == level)
            return row;
    return levelTable.front();
}

} // namespace

QList<IsolationLevel> isolationLevels()
{
    QList<IsolationLevel> levels;
    for (const LevelRow& row : levelTable)
        levels.append(row.level);
    return levels;
}

QString isolationName(IsolationLevel level)
{
    return QString::fromUtf16(rowOf(level).name);
}

std::optional<IsolationLevel> isolationFromName(const QString& name)
{
    for (const LevelRow& row : levelTable)
        if (name == QStringView(row.name))
            return row.level;
    return std::nullopt;
}

QStringList isolationNames()
{
    QStringList names;
    for (const LevelRow& row : levelTable)
        names.append(QString::fromUtf16(row.name));
    return names;
}

IsolationLevel isolationOf(const Scenario& scenario)
{
    return isolationFromName(scenario.isolation).value_or(IsolationLevel::Default);
}

QString isolationSql(IsolationLevel level)
{
    return QString::fromUtf16(rowOf(level).sql);
}

bool isolationAvailable(IsolationLevel level, BackendSpec::Kind kind)
{
    return kind != BackendSpec::Kind::Sqlite || rowOf(level).onSqlite;
}

IsolationLevel isolationOn(IsolationLevel level, BackendSpec::Kind kind)
{
    return isolationAvailable(level, kind) ? level : IsolationLevel::Serializable;
}

IsolationLevel isolationRun(const Scenario& scenario)
{
    if (scenario.backend.kind == BackendSpec::Kind::Sqlite)
        return IsolationLevel::Serializable;
    const IsolationLevel level = isolationOf(scenario);
    if (level != IsolationLevel::Default)
        return level;
    return scenario.backend.kind == BackendSpec::Kind::Mysql ? IsolationLevel::RepeatableRead
                                                             : IsolationLevel::ReadCommitted;
}

} // namespace interleave
