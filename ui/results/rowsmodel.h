// SPDX-License-Identifier: MIT
#pragma once

#include "outcome.h"
#include "palette.h"

#include <QAbstractTableModel>
#include <optional>

namespace interleave {

// The table's final rows, as the run left them, with who inserted each and its duplicates highlighted; or, when a
// session is chosen ("Seen by: B"), the rows as that session sees them at the playhead (SessionView), the ones
// hidden from it greyed, with the reason in their tooltip.
class RowsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit RowsModel(QObject* parent = nullptr);

    // One row as a chosen session sees it: its values in the outcome's columns, and why it is hidden (empty: seen).
    struct SessionRow {
        Row values;
        QString seen; // the last column: "yes", "own write, not committed", "hidden"
        QString reason; // the tooltip: "not visible to B: A has not committed this write"
        bool hidden = false;
    };
    // Shows `rows` as `viewer` sees them instead of the final rows; setSessionRows(std::nullopt, {}) shows the final
    // rows again.
    void setSessionRows(const std::optional<QList<SessionRow>>& rows, const QString& viewer);
    bool showsSession() const { return m_session.has_value(); }
    bool isHidden(int row) const
    {
        return m_session && row >= 0 && row < m_session->size() && m_session->at(row).hidden;
    }

    // `workers` names the workers by index, for the "inserted by" column.
    void setOutcome(const Outcome& outcome, const QStringList& workers);
    void clear();
    void setColors(const Palette& palette);

    const Outcome& outcome() const { return m_outcome; }
    bool isDuplicate(int row) const { return m_duplicates.contains(row); }
    int insertedByColumn() const { return int(m_outcome.columns.size()); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString insertedBy(int row) const;
    QString duplicateText(int row) const;
    QVariant sessionData(const SessionRow& row, int column, int role) const;

    Outcome m_outcome;
    QStringList m_workers;
    QList<int> m_duplicates;
    Palette m_palette;
    std::optional<QList<SessionRow>> m_session;
    QString m_viewer;
};

} // namespace interleave
