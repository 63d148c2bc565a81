// SPDX-License-Identifier: MIT
#include "keyvaluemodel.h"

using namespace Qt::StringLiterals;

namespace interleave {

KeyValueModel::KeyValueModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void KeyValueModel::setMap(const QVariantMap& map)
{
    if (map == this->map())
        return;
    beginResetModel();
    m_rows.clear();
    for (auto it = map.begin(); it != map.end(); ++it)
        m_rows.append({ it.key(), it.value() });
    endResetModel();
}

QVariantMap KeyValueModel::map() const
{
    QVariantMap map;
    for (const auto& [key, value] : m_rows)
        map.insert(key, value);
    return map;
}

void KeyValueModel::setTableColumns(const QList<ColumnSpec>& columns)
{
    m_tableColumns = columns;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), { Qt::ToolTipRole });
}

QString KeyValueModel::typeOf(const QString& column) const
{
    for (const ColumnSpec& c : m_tableColumns)
        if (c.name == column)
            return c.type;
    return {};
}

QVariant KeyValueModel::valueFor(const QString& text, const QString& type)
{
    const QString t = type.toLower();
    if (t.contains(u"int"_s) || t.contains(u"serial"_s)) {
        bool ok = false;
        const qlonglong number = text.trimmed().toLongLong(&ok);
        if (ok)
            return number;
    } else if (t.startsWith(u"bool"_s)) {
        const QString word = text.trimmed().toLower();
        if (word == u"true"_s || word == u"1"_s)
            return true;
        if (word == u"false"_s || word == u"0"_s)
            return false;
    }
    return text;
}

QString KeyValueModel::displayText(const QVariant& value)
{
    if (value.isNull())
        return u"NULL"_s;
    if (value.typeId() == QMetaType::Bool)
        return value.toBool() ? u"true"_s : u"false"_s;
    return value.toString();
}

int KeyValueModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int KeyValueModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeyValueModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto& [key, value] = m_rows.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::EditRole)
        return index.column() == Key ? QVariant(key) : QVariant(displayText(value));
    if (role == Qt::ToolTipRole && index.column() == Key) {
        if (m_tableColumns.isEmpty() || !typeOf(key).isEmpty())
            return QString(key + (typeOf(key).isEmpty() ? QString() : u" ("_s + typeOf(key) + u")"_s));
        QStringList names;
        for (const ColumnSpec& c : m_tableColumns)
            names.append(c.name);
        return u"\"%1\" is not a column of the table; its columns are %2"_s.arg(key, names.join(u", "_s));
    }
    return {};
}

QVariant KeyValueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == Key ? u"Column"_s : section == Value ? u"Value"_s : QVariant();
}

Qt::ItemFlags KeyValueModel::flags(const QModelIndex& index) const
{
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable : Qt::NoItemFlags;
}

bool KeyValueModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::EditRole)
        return false;
    auto row = m_rows.at(index.row());
    const QString text = value.toString();
    if (index.column() == Key) {
        const QString key = text.trimmed();
        if (key == row.first)
            return true;
        for (qsizetype i = 0; i < m_rows.size(); ++i)
            if (i != index.row() && m_rows.at(i).first == key)
                return false; // two rows of one key would silently lose one of them
        row.first = key;
    } else {
        // A value keeps the kind it had (a text "42" stays text) unless the column's type says otherwise.
        const QVariant typed = row.second.typeId() == QMetaType::QString && typeOf(row.first).isEmpty()
            ? QVariant(text)
            : valueFor(text, typeOf(row.first));
        if (typed == row.second && typed.typeId() == row.second.typeId())
            return true;
        row.second = typed;
    }
    m_rows[index.row()] = row;
    Q_EMIT dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    Q_EMIT edited(map(),
        index.column() == Key ? u"Rename key to %1"_s.arg(row.first)
                              : u"Set %1 to %2"_s.arg(row.first, displayText(row.second)));
    return true;
}

} // namespace interleave
