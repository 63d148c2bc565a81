// SPDX-License-Identifier: MIT
#include "findingsmodel.h"

#include <QBrush>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

QString withoutFullStop(QString sentence)
{
    if (sentence.endsWith(u'.'))
        sentence.chop(1);
    return sentence;
}

// "lost update (database level): ..." and, one per line, each edge of the cycle: what the tooltip tells.
QString anomalyToolTip(const Anomaly& a)
{
    QString tip = Anomaly::name(a.kind);
    const QString common = Anomaly::commonName(a.kind);
    if (!common.isEmpty() && common != tip)
        tip += u" ("_s + common + u')';
    tip += u", found between the "_s
        + (a.level == AnalysisLevel::Database ? u"database's transactions"_s : u"workers' whole operations"_s);
    tip += u"\n"_s + a.text();
    for (const Dependency& d : a.cycle)
        tip += u"\n  "_s + Dependency::kindName(d.kind) + u": "_s + d.text;
    return tip;
}

} // namespace

FindingsModel::FindingsModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

void FindingsModel::setOutcome(const Outcome& outcome, const QString& levelSql)
{
    beginResetModel();
    m_findings.clear();
    for (const InvariantCheck& c : outcome.invariants) {
        if (c.held)
            continue;
        const QString sentence = withoutFullStop(c.sentence);
        m_findings.append({ Kind::Invariant, true, sentence, c.name + u":\n"_s + c.sentence, {}, -1 });
    }
    QList<Finding> allowed;
    for (int i = 0; i < outcome.anomalies.size(); ++i) {
        const Anomaly& a = outcome.anomalies.at(i);
        QList<int> events;
        for (const Dependency& d : a.cycle) {
            for (const int e : { d.fromEvent, d.toEvent }) {
                if (e >= 0 && !events.contains(e))
                    events.append(e);
            }
        }
        if (a.violates()) {
            if (const InvariantCheck* check = outcome.checkTelling(a); !check) {
                m_findings.append({ Kind::Anomaly, true, a.text(), anomalyToolTip(a), events, i });
            } else {
                // The check tells it; its line still leads to the cycle.
                const QString line = withoutFullStop(check->sentence);
                const auto teller = std::find_if(m_findings.begin(), m_findings.end(),
                    [&](const Finding& f) { return f.kind == Kind::Invariant && f.text == line; });
                if (teller != m_findings.end() && teller->events.isEmpty()) {
                    teller->events = events;
                    teller->anomaly = i;
                    teller->toolTip += u"\n\n"_s + anomalyToolTip(a);
                }
            }
        } else if (a.level == AnalysisLevel::Database) {
            const QString by = levelSql.isEmpty() ? u"the isolation level"_s : levelSql;
            allowed.append(
                { Kind::Anomaly, false, a.text() + u" (allowed by "_s + by + u')', anomalyToolTip(a), events, i });
        }
    }
    m_findings.append(allowed);
    endResetModel();
}

void FindingsModel::clear()
{
    beginResetModel();
    m_findings.clear();
    endResetModel();
}

void FindingsModel::setColors(const Palette& palette)
{
    m_palette = palette;
    if (!m_findings.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_findings.size()) - 1), { Qt::ForegroundRole });
}

QList<int> FindingsModel::events(int row) const
{
    return m_findings.value(row).events;
}

int FindingsModel::anomaly(int row) const
{
    return row >= 0 && row < m_findings.size() ? m_findings.at(row).anomaly : -1;
}

QStringList FindingsModel::texts() const
{
    QStringList out;
    for (const Finding& f : m_findings)
        out.append(f.text);
    return out;
}

int FindingsModel::violations() const
{
    return int(std::count_if(m_findings.cbegin(), m_findings.cend(), [](const Finding& f) { return f.violation; }));
}

int FindingsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_findings.size());
}

QVariant FindingsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Finding& f = m_findings.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return f.text;
    case Qt::ToolTipRole:
        return f.toolTip;
    case Qt::ForegroundRole:
        return QBrush(m_palette.color(f.violation ? Palette::Role::ErrorForeground : Palette::Role::TextMuted));
    case EventsRole:
        return QVariant::fromValue(f.events);
    case ViolationRole:
        return f.violation;
    case AnomalyRole:
        return f.anomaly;
    default:
        return {};
    }
}

} // namespace interleave
