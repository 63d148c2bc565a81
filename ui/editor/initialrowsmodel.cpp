// SPDX-License-Identifier: MIT
#include "initialrowsmodel.h"

#include "keyvaluemodel.h"

using namespace Qt::StringLiterals;

namespace interleave {

InitialRowsModel::InitialRowsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void InitialRowsModel::setTable(const QList<ColumnSpec>& columns, const QList<QVariantMap>& rows)
{
    QStringList names;
    for (const ColumnSpec& c : columns)
        names.append(c.name + u' ' + c.type);
    QStringList shown;
    for (const ColumnSpec& c : m_columns)
        shown.append(c.name + u' ' + c.type);
    if (names == shown && rows == m_rows)
        return;
    beginResetModel();
    m_columns = columns;
    m_rows = rows;
    endResetModel();
}

int InitialRowsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int InitialRowsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant InitialRowsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const QVariantMap& row = m_rows.at(index.row());
    const QString& column = m_columns.at(index.column()).name;
    if (role == Qt::DisplayRole || role == Qt::EditRole)
        return row.contains(column) ? KeyValueModel::displayText(row.value(column)) : QString();
    if (role == Qt::ToolTipRole && !row.contains(column))
        return u"No value: NULL"_s;
    return {};
}

QVariant InitialRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && section >= 0 && section < m_columns.size()) {
        if (role == Qt::DisplayRole)
            return m_columns.at(section).name;
        if (role == Qt::ToolTipRole)
            return m_columns.at(section).type;
    }
    if (orientation == Qt::Vertical && role == Qt::DisplayRole)
        return section + 1;
    return {};
}

Qt::ItemFlags InitialRowsModel::flags(const QModelIndex& index) const
{
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable : Qt::NoItemFlags;
}

bool InitialRowsModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::EditRole)
        return false;
    const ColumnSpec& column = m_columns.at(index.column());
    QVariantMap row = m_rows.at(index.row());
    const QString text = value.toString();
    if (text.isEmpty())
        row.remove(column.name);
    else
        row.insert(column.name, KeyValueModel::valueFor(text, column.type));
    if (row == m_rows.at(index.row()))
        return true;
    m_rows[index.row()] = row;
    Q_EMIT dataChanged(index, index);
    Q_EMIT edited(m_rows, u"Row %1: %2 = %3"_s.arg(index.row() + 1).arg(column.name, text));
    return true;
}

} // namespace interleave
