// SPDX-License-Identifier: MIT
#pragma once

#include "explorer.h"
#include "palette.h"

#include <QAbstractTableModel>

namespace interleave {

// An exploration's outcome classes, most frequent first: how many schedules ended each way, their share, the rows
// and results they ended with, and the first schedule found. Classes with a violation take the error colour.
class OutcomeClassesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Share, Count, Rows, Results, Example, ColumnCount_ };
    enum Role {
        ViolatedRole = Qt::UserRole + 1, // duplicate rows
        FailedRole, // a violation (duplicate rows, a lost update, an anomaly, ...), or an incomplete run: drawn red
    };

    explicit OutcomeClassesModel(QObject* parent = nullptr);

    // `explored`: the schedules the shares are of (ExploreResult::explored); `everyOrder`: they are every order of
    // the statements (ExploreOptions::reduce off), not one schedule per set of equivalent orders. The share column's
    // header says which.
    void setClasses(const QList<OutcomeClass>& classes, qint64 explored, bool everyOrder = false);
    void clear();
    void setColors(const Palette& palette);

    const OutcomeClass& outcomeClass(int row) const { return m_classes.at(row); }
    qint64 explored() const { return m_explored; }
    bool everyOrder() const { return m_everyOrder; }
    // "distinct schedules" or "orders": what the shares are of.
    static QString countedText(bool everyOrder);
    // Red: a violation of any --check family (duplicate rows, a lost update, an anomaly, ...), or incomplete.
    static bool isFailed(const OutcomeClass& c);
    static QString rowsText(const OutcomeClass& c); // "1 row"
    // "created, got (after IntegrityError)", then "; G2" for a class whose schedules close an anomaly's cycle
    static QString resultsText(const OutcomeClass& c);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<OutcomeClass> m_classes;
    qint64 m_explored = 0;
    bool m_everyOrder = false;
    Palette m_palette;
};

} // namespace interleave
