// SPDX-License-Identifier: MIT
#include "outcomeclassesmodel.h"

#include <QFont>

using namespace Qt::StringLiterals;

namespace interleave {

OutcomeClassesModel::OutcomeClassesModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void OutcomeClassesModel::setClasses(const QList<OutcomeClass>& classes, qint64 explored, bool everyOrder)
{
    beginResetModel();
    m_classes = classes;
    m_explored = explored;
    const bool headerChanges = m_everyOrder != everyOrder;
    m_everyOrder = everyOrder;
    endResetModel();
    if (headerChanges)
        Q_EMIT headerDataChanged(Qt::Horizontal, Share, Share);
}

void OutcomeClassesModel::clear()
{
    setClasses({}, 0, m_everyOrder);
}

QString OutcomeClassesModel::countedText(bool everyOrder)
{
    return everyOrder ? u"orders"_s : u"distinct schedules"_s;
}

void OutcomeClassesModel::setColors(const Palette& palette)
{
    m_palette = palette;
    if (!m_classes.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount_ - 1), { Qt::ForegroundRole });
}

// Explorer's summary is "<rows>; <results>"; the results never contain "; ", the rows (a lookup's value) might.
bool OutcomeClassesModel::isFailed(const OutcomeClass& c)
{
    return c.violated || c.failed || c.incomplete;
}

QString OutcomeClassesModel::rowsText(const OutcomeClass& c)
{
    return c.rows;
}

QString OutcomeClassesModel::resultsText(const OutcomeClass& c)
{
    return c.anomalies.isEmpty() ? c.results : c.results + u"; "_s + c.anomalies;
}

int OutcomeClassesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_classes.size());
}

int OutcomeClassesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount_;
}

QVariant OutcomeClassesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OutcomeClass& c = m_classes.at(index.row());
    const double share = m_explored > 0 ? 100.0 * double(c.count) / double(m_explored) : 0.0;
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Share:
            return QString(QString::number(share, 'f', share < 10 ? 1 : 0) + u" %"_s);
        case Count:
            return c.count;
        case Rows:
            return QString(rowsText(c) + (c.violated ? u" — duplicate"_s : QString())
                + (c.incomplete ? u" — incomplete"_s : QString()));
        case Results:
            return resultsText(c);
        case Example:
            return c.example.join(QLatin1Char(','));
        case ColumnCount_:
            break;
        }
        return {};
    case Qt::EditRole: // sortable numbers
        if (index.column() == Share)
            return share;
        return data(index, Qt::DisplayRole);
    case Qt::ToolTipRole:
        return u"%1 of %2 %3 ended: %4%5\nFirst found: %6\nClick to see it in the timeline"_s.arg(c.count)
            .arg(m_explored)
            .arg(countedText(m_everyOrder), c.summary,
                QString(c.violated ? u" (duplicate rows)"_s : QString())
                    + (c.incomplete ? u" (incomplete: "_s + c.exampleResult.outcome.incompleteText() + u')'
                                    : QString()),
                c.example.join(QLatin1Char(',')));
    case Qt::ForegroundRole:
        if (isFailed(c))
            return m_palette.color(Palette::Role::ErrorForeground);
        return {};
    case Qt::FontRole:
        if (isFailed(c) && index.column() == Rows) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Share || index.column() == Count)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case ViolatedRole:
        return c.violated;
    case FailedRole:
        return isFailed(c);
    default:
        return {};
    }
}

QVariant OutcomeClassesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount_)
        return {};
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case Share:
            return m_everyOrder ? u"Share of all orders"_s : u"Share of distinct schedules"_s;
        case Count:
            return u"Schedules"_s;
        case Rows:
            return u"Rows"_s;
        case Results:
            return u"Results"_s;
        case Example:
            return u"Example schedule"_s;
        case ColumnCount_:
            break;
        }
    }
    if (role == Qt::ToolTipRole && section == Share)
        return m_everyOrder ? u"Of every order of the workers' statements (Count every schedule is on)"_s
                            : u"Of the distinct schedules: orders that only swap statements which commute are run "
                              "once (tick Count every schedule to count every order)"_s;
    if (role == Qt::ToolTipRole && section == Example)
        return u"The first schedule found with this outcome, in script syntax"_s;
    return {};
}

} // namespace interleave
