// SPDX-License-Identifier: MIT
#include "matrixmodel.h"

#include "matrixpainter.h"

#include <QBrush>
#include <QFont>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace interleave {

MatrixModel::MatrixModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void MatrixModel::setMatrix(const MatrixResult& matrix)
{
    beginResetModel();
    m_matrix = matrix;
    // A grid always has a cell for each row and column, so data() never reads past a short plan.
    m_matrix.cells.resize(m_matrix.rows.size());
    for (auto& row : m_matrix.cells)
        row.resize(m_matrix.columns.size());
    endResetModel();
}

void MatrixModel::setCell(int row, int column, const MatrixCell& cell)
{
    if (row < 0 || row >= rowCount() || column < 0 || column >= columnCount())
        return;
    m_matrix.cells[row][column] = cell;
    const QModelIndex at = index(row, column);
    Q_EMIT dataChanged(at, at);
}

void MatrixModel::setColumnVersion(int column, const QString& version)
{
    if (column < 0 || column >= columnCount() || version.isEmpty() || m_matrix.columns.at(column).version == version)
        return;
    m_matrix.columns[column].version = version;
    Q_EMIT headerDataChanged(Qt::Horizontal, column, column);
}

void MatrixModel::setColors(const Palette& palette)
{
    m_palette = palette;
    if (rowCount() > 0 && columnCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

QString MatrixModel::toolTip(const MatrixResult& matrix, int row, int column)
{
    const MatrixCell& cell = matrix.cell(row, column);
    QStringList lines;
    lines.append(u"%1 on %2: %3"_s.arg(
        matrix.rows.at(row).anomaly, matrix.columns.at(column).title(), MatrixPainter::cellText(cell)));
    if (!cell.sentence.isEmpty())
        lines.append(cell.sentence);
    if (cell.documented) {
        QString documented = u"Documented: "_s + cellOutcomeName(*cell.documented);
        if (!cell.documentedNote.isEmpty())
            documented += u" ("_s + cell.documentedNote + u')';
        lines.append(documented);
    }
    if (cell.departs())
        lines.append(u"\u2260 This run departs from the documented behaviour."_s);
    return lines.join(u'\n');
}

int MatrixModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_matrix.rows.size());
}

int MatrixModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_matrix.columns.size());
}

QVariant MatrixModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MatrixCell& cell = m_matrix.cell(index.row(), index.column());
    switch (role) {
    case Qt::DisplayRole: {
        // As the picture's chip: the outcome's word, its detail under it.
        const QString word = MatrixPainter::outcomeWord(cell.outcome);
        const QString text = cell.detail.isEmpty() ? word : word + u'\n' + cell.detail;
        return cell.departs() ? u"\u2260 "_s + text : text;
    }
    case Qt::ToolTipRole:
        return toolTip(m_matrix, index.row(), index.column());
    case Qt::BackgroundRole:
        return QBrush(m_palette.color(MatrixPainter::chipRole(cell.outcome)));
    case Qt::ForegroundRole:
        return QBrush(m_palette.color(cell.departs() ? Palette::Role::Departure : Palette::Role::BoxText));
    case Qt::FontRole:
        if (cell.departs()) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    case OutcomeRole:
        return int(cell.outcome);
    case DepartsRole:
        return cell.departs();
    case HasRunRole:
        return cell.run != nullptr;
    default:
        return {};
    }
}

QVariant MatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= columnCount())
            return {};
        const MatrixColumn& column = m_matrix.columns.at(section);
        if (role == Qt::DisplayRole) {
            // The version's number only ("15.18" of "15.18 (Debian 15.18-0+deb12u1)"): a narrow column has no room
            // for the rest, which the tooltip and the window's versions line give exactly.
            QString text = column.database + u'\n' + column.level;
            static const QRegularExpression number(u"^[0-9][0-9.]*"_s);
            const QString version = number.match(column.version).captured();
            if (!column.version.isEmpty())
                text += u'\n' + (version.isEmpty() ? column.version : version);
            return text;
        }
        if (role == Qt::ToolTipRole)
            return column.version.isEmpty() ? column.title()
                                            : QString(column.title() + u" ("_s + column.version + u')');
        return {};
    }
    if (section < 0 || section >= rowCount())
        return {};
    const MatrixRow& row = m_matrix.rows.at(section);
    if (role == Qt::DisplayRole)
        return row.commonName.isEmpty() ? row.anomaly : row.anomaly + u'\n' + row.commonName;
    if (role == Qt::ToolTipRole)
        return row.explanation;
    return {};
}

} // namespace interleave
