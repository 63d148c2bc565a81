// SPDX-License-Identifier: MIT
#pragma once

#include "palette.h"
#include "trace.h"

#include <QAbstractTableModel>

namespace interleave {

// The statement log: one row per Statement event of a trace, in start order, with what came back.
class LogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Number, Worker, Start, Duration, Sql, Params, Result, ColumnCount };
    enum Roles { EventIndexRole = Qt::UserRole + 1 }; // the row's index into Trace::events

    explicit LogModel(QObject* parent = nullptr);

    void setTrace(const Trace& trace);
    void clear();
    void setColors(const Palette& palette);

    const Trace& trace() const { return m_trace; }
    int eventIndex(int row) const { return m_rows.value(row, -1); }
    int rowOfEvent(int event) const { return int(m_rows.indexOf(event)); }
    // "1 row", "IntegrityError 2067: UNIQUE constraint failed: race.user_id", "waited 1.2 ms for A; ..."
    QString resultText(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString waitText(const TraceEvent& event) const;

    Trace m_trace;
    QList<int> m_rows; // event indexes of the Statement events, by start time
    QHash<QPair<int, int>, QList<int>> m_waits; // (worker, step) -> LockWait event indexes
    Palette m_palette;
};

} // namespace interleave
