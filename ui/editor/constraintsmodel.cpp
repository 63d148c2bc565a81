// SPDX-License-Identifier: MIT
#include "constraintsmodel.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

bool same(const ConstraintSpec& a, const ConstraintSpec& b)
{
    return a.kind == b.kind && a.columns == b.columns && a.where == b.where && a.name == b.name
        && a.expressions == b.expressions;
}

} // namespace

ConstraintsModel::ConstraintsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ConstraintsModel::setConstraints(const QList<ConstraintSpec>& constraints)
{
    if (constraints.size() == m_constraints.size()
        && std::equal(constraints.begin(), constraints.end(), m_constraints.begin(), same))
        return;
    beginResetModel();
    m_constraints = constraints;
    endResetModel();
}

QStringList ConstraintsModel::parseColumns(const QString& text)
{
    static const QRegularExpression separators(u"[\\s,]+"_s);
    return text.split(separators, Qt::SkipEmptyParts);
}

QString ConstraintsModel::kindText(const ConstraintSpec& constraint)
{
    if (!constraint.where.isEmpty())
        return u"partial unique"_s;
    return constraint.columns.size() > 1 ? u"unique together"_s : u"unique"_s;
}

int ConstraintsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_constraints.size());
}

int ConstraintsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConstraintsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ConstraintSpec& c = m_constraints.at(index.row());
    if (role == Qt::ToolTipRole)
        return QString(kindText(c) + (c.where.isEmpty() ? QString() : u" where "_s + c.where));
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case Columns: // a functional constraint shows its expressions: lower(name)
        return (c.expressions.isEmpty() ? c.columns : c.expressions).join(u", "_s);
    case Where:
        return c.where;
    case Name:
        return c.name;
    default:
        return {};
    }
}

QVariant ConstraintsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Columns:
            return u"Unique columns"_s;
        case Where:
            return u"Where"_s;
        case Name:
            return u"Name"_s;
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Columns:
            return u"One column, or several that are unique together (comma separated)"_s;
        case Where:
            return u"A predicate such as flag = 1 makes a partial unique index (PostgreSQL and SQLite)"_s;
        case Name:
            return u"The index name; generated when empty"_s;
        default:
            return {};
        }
    }
    return {};
}

Qt::ItemFlags ConstraintsModel::flags(const QModelIndex& index) const
{
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable : Qt::NoItemFlags;
}

bool ConstraintsModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::EditRole)
        return false;
    ConstraintSpec c = m_constraints.at(index.row());
    const QString text = value.toString().trimmed();
    switch (index.column()) {
    case Columns:
        c.columns = parseColumns(text);
        c.expressions.clear(); // typed columns make it a plain constraint on them
        break;
    case Where:
        c.where = text;
        break;
    case Name:
        c.name = text;
        break;
    default:
        return false;
    }
    if (same(c, m_constraints.at(index.row())))
        return true;
    m_constraints[index.row()] = c;
    Q_EMIT dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    Q_EMIT edited(m_constraints, u"Edit constraint %1"_s.arg(index.row() + 1));
    return true;
}

} // namespace interleave
