// SPDX-License-Identifier: MIT
#include "rowsmodel.h"

#include "statement.h"

#include <QBrush>
#include <QFont>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

// A NULL, or a row the chosen session does not see, is written in italics.
QVariant italic()
{
    QFont font;
    font.setItalic(true);
    return font;
}

// Numbers are right-aligned, as in a spreadsheet.
QVariant alignmentOf(const QVariant& value)
{
    const int type = value.typeId();
    if (type == QMetaType::LongLong || type == QMetaType::Int || type == QMetaType::Double)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace

RowsModel::RowsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void RowsModel::setOutcome(const Outcome& outcome, const QStringList& workers)
{
    beginResetModel();
    m_outcome = outcome;
    m_workers = workers;
    m_duplicates = outcome.duplicateRowIndexes();
    m_session.reset();
    endResetModel();
}

void RowsModel::setSessionRows(const std::optional<QList<SessionRow>>& rows, const QString& viewer)
{
    beginResetModel();
    m_session = rows;
    m_viewer = viewer;
    endResetModel();
}

void RowsModel::clear()
{
    setOutcome({}, {});
}

void RowsModel::setColors(const Palette& palette)
{
    m_palette = palette;
    if (rowCount() > 0 && columnCount() > 0)
        Q_EMIT dataChanged(
            index(0, 0), index(rowCount() - 1, columnCount() - 1), { Qt::BackgroundRole, Qt::ForegroundRole });
}

int RowsModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid())
        return 0;
    return int(m_session ? m_session->size() : m_outcome.rows.size());
}

int RowsModel::columnCount(const QModelIndex& parent) const
{
    if (parent.isValid() || m_outcome.columns.isEmpty())
        return 0;
    return int(m_outcome.columns.size()) + 1;
}

QString RowsModel::insertedBy(int row) const
{
    return m_outcome.insertedByText(m_outcome.rows.at(row).value(0).toLongLong(), m_workers);
}

QString RowsModel::duplicateText(int row) const
{
    const qint64 id = m_outcome.rows.at(row).value(0).toLongLong();
    for (const DuplicateGroup& group : m_outcome.groups) {
        if (!group.isDuplicate())
            continue;
        for (const QVariant& member : group.ids) {
            if (member.toLongLong() == id)
                return u"Duplicate: "_s + QString::number(group.ids.size()) + u" rows for "_s + group.lookupText;
        }
    }
    return u"Duplicate row"_s;
}

QVariant RowsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    const bool byColumn = column == insertedByColumn();
    if (m_session)
        return sessionData(m_session->at(row), column, role);
    const QVariant value = byColumn ? QVariant() : m_outcome.rows.at(row).value(column);
    const bool duplicate = isDuplicate(row);

    switch (role) {
    case Qt::DisplayRole:
        if (byColumn)
            return insertedBy(row);
        return value.isNull() ? u"NULL"_s : value.toString();
    case Qt::EditRole:
        return byColumn ? QVariant(insertedBy(row)) : value;
    case Qt::ToolTipRole: {
        QString text = byColumn ? insertedBy(row) : formatSqlValue(value);
        if (duplicate)
            text = duplicateText(row) + u"\n"_s + text;
        return text;
    }
    case Qt::BackgroundRole:
        if (duplicate)
            return QBrush(m_palette.color(Palette::Role::Duplicate));
        return {};
    case Qt::ForegroundRole:
        if (duplicate)
            return QBrush(m_palette.color(Palette::Role::DuplicateText));
        if (!byColumn && value.isNull())
            return QBrush(m_palette.color(Palette::Role::TextMuted));
        return {};
    case Qt::FontRole:
        return !byColumn && value.isNull() ? italic() : QVariant();
    case Qt::TextAlignmentRole:
        return byColumn ? QVariant() : alignmentOf(value);
    default:
        return {};
    }
}

QVariant RowsModel::sessionData(const SessionRow& row, int column, int role) const
{
    const bool seenColumn = column == insertedByColumn();
    const QVariant value = seenColumn ? QVariant() : row.values.value(column);
    switch (role) {
    case Qt::DisplayRole:
        if (seenColumn)
            return row.seen;
        return value.isNull() ? u"NULL"_s : value.toString();
    case Qt::EditRole:
        return seenColumn ? QVariant(row.seen) : value;
    case Qt::ToolTipRole:
        return row.reason.isEmpty() ? formatSqlValue(value) : QString(row.reason + u"\n"_s + formatSqlValue(value));
    case Qt::ForegroundRole:
        if (row.hidden || (!seenColumn && value.isNull()))
            return QBrush(m_palette.color(Palette::Role::TextMuted));
        return {};
    case Qt::FontRole:
        return row.hidden || (!seenColumn && value.isNull()) ? italic() : QVariant();
    case Qt::TextAlignmentRole:
        return seenColumn ? QVariant() : alignmentOf(value);
    default:
        return {};
    }
}

QVariant RowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole && section >= 0 && section < rowCount())
            return section + 1;
        return {};
    }
    if (section < 0 || section >= columnCount())
        return {};
    if (role == Qt::DisplayRole && section == insertedByColumn() && m_session)
        return QString(m_viewer + u" sees it"_s);
    if (role == Qt::DisplayRole)
        return section == insertedByColumn() ? u"inserted by"_s : m_outcome.columns.at(section);
    if (role == Qt::ToolTipRole && section == insertedByColumn() && m_session)
        return u"Whether %1 sees the row at the playhead: a SELECT of %1's would return it"_s.arg(m_viewer);
    if (role == Qt::ToolTipRole && section == insertedByColumn())
        return u"The worker whose INSERT created the row"_s;
    return {};
}

} // namespace interleave
