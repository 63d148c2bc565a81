// SPDX-License-Identifier: MIT
#pragma once

#include "outcome.h"
#include "palette.h"

#include <QAbstractListModel>

namespace interleave {

// What the verdict found, a line each, for the results pane: every check that failed and every anomaly that violates
// (red), then every database-level anomaly the isolation level allows (grey, "allowed by READ COMMITTED"). A check
// that held is not listed; a violating anomaly a failed check already tells (a counter's lost update) is listed once,
// by the check, as Outcome::verdict() tells it.
class FindingsModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        EventsRole = Qt::UserRole + 1, // QList<int>: the trace events of an anomaly's cycle (empty for a check)
        ViolationRole, // bool: red (a failed check, a violating anomaly) or grey (allowed by the level)
        AnomalyRole, // int: the anomaly whose cycle the line leads to (an index into Outcome::anomalies), or -1
    };
    enum class Kind { Invariant, Anomaly };

    explicit FindingsModel(QObject* parent = nullptr);

    // `levelSql` names the level the run ran at ("READ COMMITTED"), for the allowed anomalies' lines.
    void setOutcome(const Outcome& outcome, const QString& levelSql);
    void clear();
    void setColors(const Palette& palette);

    Kind kind(int row) const { return m_findings.at(row).kind; }
    bool isViolation(int row) const { return m_findings.at(row).violation; }
    QList<int> events(int row) const; // the cycle's statements, as EventsRole
    int anomaly(int row) const; // as AnomalyRole; -1 for no row
    QStringList texts() const; // every line, in order
    int violations() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    struct Finding {
        Kind kind = Kind::Invariant;
        bool violation = true;
        QString text;
        QString toolTip;
        QList<int> events;
        int anomaly = -1; // index into Outcome::anomalies
    };

    QList<Finding> m_findings;
    Palette m_palette;
};

} // namespace interleave
