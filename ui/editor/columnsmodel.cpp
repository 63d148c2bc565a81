// SPDX-License-Identifier: MIT
#include "columnsmodel.h"

#include "keyvaluemodel.h"

using namespace Qt::StringLiterals;

namespace interleave {

namespace {
bool sameColumn(const ColumnSpec& a, const ColumnSpec& b)
{
    return a.name == b.name && a.type == b.type && a.nullable == b.nullable && a.hasDefault == b.hasDefault
        && a.defaultValue == b.defaultValue && a.defaultValue.typeId() == b.defaultValue.typeId();
}
} // namespace

ColumnsModel::ColumnsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

QStringList ColumnsModel::suggestedTypes()
{
    return { u"varchar(32)"_s, u"varchar(255)"_s, u"text"_s, u"integer"_s, u"bigint"_s, u"smallint"_s, u"boolean"_s,
        u"numeric(10,2)"_s, u"real"_s, u"date"_s, u"timestamp"_s, u"uuid"_s };
}

void ColumnsModel::setColumns(const QList<ColumnSpec>& columns)
{
    if (columns.size() == m_columns.size() && std::equal(columns.begin(), columns.end(), m_columns.begin(), sameColumn))
        return; // the list the view just edited coming back: keep the view's editor and selection
    beginResetModel();
    m_columns = columns;
    endResetModel();
}

int ColumnsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

int ColumnsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ColumnsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ColumnSpec& c = m_columns.at(index.row());
    switch (index.column()) {
    case Name:
        if (role == Qt::DisplayRole || role == Qt::EditRole)
            return c.name;
        break;
    case Type:
        if (role == Qt::DisplayRole || role == Qt::EditRole)
            return c.type;
        break;
    case Nullable:
        if (role == Qt::CheckStateRole)
            return c.nullable ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::ToolTipRole)
            return c.nullable ? u"May be NULL"_s : u"NOT NULL: every row needs a value"_s;
        break;
    case Default:
        if (role == Qt::DisplayRole || role == Qt::EditRole)
            return c.hasDefault ? KeyValueModel::displayText(c.defaultValue) : QString();
        if (role == Qt::ToolTipRole)
            return c.hasDefault ? u"An INSERT that gives %1 no value sends %2 (Field(default=...))"_s.arg(
                       c.name, KeyValueModel::displayText(c.defaultValue))
                                : u"No default: an INSERT that gives %1 no value sends NULL (or '' for a NOT NULL "
                                  "text column, as Django does)"_s.arg(c.name);
        break;
    default:
        break;
    }
    return {};
}

QVariant ColumnsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Name:
            return u"Column"_s;
        case Type:
            return u"Type"_s;
        case Nullable:
            return u"Null"_s;
        case Default:
            return u"Default"_s;
        default:
            break;
        }
    }
    if (role == Qt::ToolTipRole && section == Default)
        return u"The model field's default, used when an INSERT gives the column no value; empty: none; NULL: None"_s;
    if (role == Qt::ToolTipRole && section == Type)
        return u"An SQL type name such as varchar(32), text, integer, bigint or boolean"_s;
    return {};
}

Qt::ItemFlags ColumnsModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (index.column() == Nullable)
        return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
}

bool ColumnsModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    ColumnSpec c = m_columns.at(index.row());
    QString description;
    if (index.column() == Nullable && role == Qt::CheckStateRole) {
        c.nullable = value.toInt() == Qt::Checked;
        description = u"Make %1 %2"_s.arg(c.name, c.nullable ? u"nullable"_s : u"NOT NULL"_s);
    } else if (index.column() == Name && role == Qt::EditRole) {
        c.name = value.toString().trimmed();
        description = u"Rename column %1 to %2"_s.arg(m_columns.at(index.row()).name, c.name);
    } else if (index.column() == Type && role == Qt::EditRole) {
        c.type = value.toString().trimmed();
        description = u"Change the type of %1 to %2"_s.arg(c.name, c.type);
    } else if (index.column() == Default && role == Qt::EditRole) {
        const QString text = value.toString();
        c.hasDefault = !text.isEmpty();
        // "NULL" is how a null value reads everywhere in the editor: Field(default=None).
        c.defaultValue = c.hasDefault && text != u"NULL"_s ? KeyValueModel::valueFor(text, c.type) : QVariant();
        description = c.hasDefault ? u"Set the default of %1 to %2"_s.arg(c.name, text)
                                   : u"Remove the default of %1"_s.arg(c.name);
    } else {
        return false;
    }
    const ColumnSpec& old = m_columns.at(index.row());
    if (sameColumn(c, old))
        return true;
    m_columns[index.row()] = c;
    Q_EMIT dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    Q_EMIT edited(m_columns, description);
    return true;
}

} // namespace interleave
