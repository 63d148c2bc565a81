// SPDX-License-Identifier: MIT
#include "logmodel.h"

#include "lockwaits.h"
#include "statement.h"
#include "timelinelayout.h"

#include <QBrush>
#include <QFontDatabase>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

QString msNumber(qint64 ns)
{
    return QString::number(double(ns) / 1e6, 'f', 3);
}

// Waits are read at a glance, so they get fewer digits than the timing columns.
QString waitDuration(qint64 ns)
{
    const double ms = double(ns) / 1e6;
    return QString::number(ms, 'f', ms >= 0.1 ? 1 : 3) + u" ms"_s;
}

} // namespace

LogModel::LogModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void LogModel::setTrace(const Trace& trace)
{
    beginResetModel();
    m_trace = trace;
    m_rows.clear();
    m_waits.clear();
    for (int i = 0; i < trace.events.size(); ++i) {
        const TraceEvent& event = trace.events.at(i);
        if (event.kind == EventKind::Statement)
            m_rows.append(i);
        else if (event.kind == EventKind::LockWait)
            m_waits[{ event.worker, event.step }].append(i);
    }
    std::stable_sort(m_rows.begin(), m_rows.end(),
        [this](int a, int b) { return m_trace.events.at(a).startNs < m_trace.events.at(b).startNs; });
    endResetModel();
}

void LogModel::clear()
{
    setTrace({});
}

void LogModel::setColors(const Palette& palette)
{
    m_palette = palette;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), { Qt::ForegroundRole });
}

int LogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString LogModel::waitText(const TraceEvent& event) const
{
    QStringList parts;
    for (const int index : m_waits.value({ event.worker, event.step })) {
        const TraceEvent& wait = m_trace.events.at(index);
        // A live step run's wait still going on has no duration yet.
        const QString holders = LockWaits::heldBy(m_trace.workers, wait.blockers);
        QString text = TimelineLayout::isOpen(wait)
            ? QString(u"waits for "_s + holders)
            : QString(u"waited "_s + waitDuration(wait.endNs - wait.startNs) + u" for "_s + holders);
        if (!wait.note.isEmpty())
            text += u" \u00b7 "_s + wait.note;
        parts.append(text);
    }
    return parts.join(u"; "_s);
}

QString LogModel::resultText(int row) const
{
    const TraceEvent& event = m_trace.events.at(m_rows.at(row));
    QStringList parts;
    const QString wait = waitText(event);
    if (!wait.isEmpty())
        parts.append(wait);
    if (TimelineLayout::isOpen(event)) {
        parts.append(u"no reply yet"_s);
    } else if (event.error.isError()) {
        QString text = event.error.className();
        if (event.error.code != 0)
            text += u" "_s + event.error.codeText();
        else if (!event.error.sqlState.isEmpty())
            text += u" "_s + event.error.sqlState;
        if (!event.error.message.isEmpty())
            text += u": "_s + event.error.message;
        parts.append(text);
    } else {
        const bool known = event.statement >= 0 && event.statement < m_trace.statements.size();
        const QString verb = known ? statementVerb(m_trace.sql(event)).toUpper() : QString();
        const bool hasId = event.insertId.isValid() && !event.insertId.isNull();
        const bool returnsRows = !event.columns.isEmpty() || verb.startsWith(u"SELECT"_s);
        const bool writes =
            verb.startsWith(u"INSERT"_s) || verb.startsWith(u"UPDATE"_s) || verb.startsWith(u"DELETE"_s);
        if (returnsRows)
            parts.append(rowCountText(event.rowCount()));
        // An INSERT ... RETURNING returns rows and reports its new id too: "1 row; inserted id 1".
        if (verb.startsWith(u"INSERT"_s) && hasId && event.rowsAffected <= 1)
            parts.append(u"inserted id "_s + event.insertId.toString());
        else if (!returnsRows)
            parts.append(writes ? rowCountText(event.rowsAffected) + u" affected"_s : u"ok"_s);
    }
    return parts.join(u"; "_s);
}

QVariant LogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int eventIndex = m_rows.at(row);
    const TraceEvent& event = m_trace.events.at(eventIndex);
    const QString sql = event.statement >= 0 && event.statement < m_trace.statements.size()
        ? m_trace.statements.at(event.statement)
        : QString();

    if (role == EventIndexRole)
        return eventIndex;
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Number:
            return row + 1;
        case Worker:
            return m_trace.workers.value(event.worker, u"?"_s);
        case Start:
            return msNumber(event.startNs);
        case Duration:
            return TimelineLayout::isOpen(event) ? QVariant(u"\u2026"_s) : msNumber(event.endNs - event.startNs);
        case Sql:
            return role == Qt::DisplayRole ? sql.simplified() : sql;
        case Params: {
            QStringList values;
            for (const QVariant& value : event.params)
                values.append(formatSqlValue(value));
            return values.join(u", "_s);
        }
        case Result:
            return resultText(row);
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && event.error.isError())
        return QBrush(m_palette.color(Palette::Role::ErrorForeground));
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case Number:
        case Start:
        case Duration:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    if (role == Qt::FontRole && (index.column() == Sql || index.column() == Params))
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Number:
            return u"#"_s;
        case Worker:
            return u"worker"_s;
        case Start:
            return u"start (ms)"_s;
        case Duration:
            return u"duration (ms)"_s;
        case Sql:
            return u"SQL"_s;
        case Params:
            return u"params"_s;
        case Result:
            return u"result"_s;
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && section == Start)
        return u"When the statement was sent, from the start of the run"_s;
    return {};
}

} // namespace interleave
