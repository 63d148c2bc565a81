// SPDX-License-Identifier: MIT
#include "matrixjudge.h"

using namespace Qt::StringLiterals;

namespace interleave {

namespace MatrixJudge {

namespace {

// "G-single (read skew)": the anomaly as the cell's sentence names it.
QString anomalyName(AnomalyKind kind)
{
    const QString common = Anomaly::commonName(kind);
    const QString name = Anomaly::name(kind);
    return common.isEmpty() || common == name ? name : name + u" ("_s + common + u')';
}

QString workerName(const Trace& trace, int worker)
{
    return trace.workers.value(worker, u"worker %1"_s.arg(worker + 1));
}

QString oneLine(QString sql)
{
    sql.replace(u'\n', u' ');
    return sql.simplified();
}

// Whether `a` is the row's anomaly at the row's level of analysis.
bool isRowsAnomaly(const MatrixRow& row, const Anomaly& a)
{
    if (a.kind != row.anomalyKind)
        return false;
    return row.analysis == AnalysisLevel::Operation ? a.inOperations : a.level == AnalysisLevel::Database;
}

} // namespace

QString abortDetail(const DbError& error)
{
    switch (error.cls) {
    case ErrorClass::SerializationFailure:
        return error.codeText();
    case ErrorClass::Deadlock:
        return u"deadlock (%1)"_s.arg(error.codeText());
    case ErrorClass::Busy:
        return u"database is locked"_s;
    default:
        return {};
    }
}

MatrixCell judge(const MatrixRow& row, const RunResult& run)
{
    MatrixCell cell;
    cell.run = std::make_shared<const RunResult>(run);
    if (!run.ok()) {
        cell.outcome = CellOutcome::Failed;
        cell.detail = u"could not start: "_s + oneLine(run.error);
        cell.sentence = u"The run could not start: %1."_s.arg(oneLine(run.error));
        return cell;
    }
    if (run.cancelled || run.incomplete()) {
        cell.outcome = CellOutcome::Failed;
        const QString why = run.outcome.incompleteText().isEmpty() ? u"cancelled"_s : run.outcome.incompleteText();
        cell.detail = u"incomplete: "_s + oneLine(why);
        cell.sentence = u"The run did not finish: %1."_s.arg(oneLine(why));
        return cell;
    }
    const Trace& trace = run.trace;

    // Occurred: the row's anomaly, named by the analysis of the run.
    for (const Anomaly& a : run.outcome.anomalies) {
        if (!isRowsAnomaly(row, a))
            continue;
        cell.outcome = CellOutcome::Occurred;
        cell.detail = Anomaly::name(a.kind);
        cell.sentence = a.sentence.isEmpty() ? anomalyName(a.kind) + u" occurred."_s : a.sentence;
        if (!a.levelNote.isEmpty())
            cell.sentence += u" \u2014 "_s + a.levelNote;
        return cell;
    }
    // An operation row's duplicate is its anomaly too, whether or not the graph names the cycle.
    if (row.analysis == AnalysisLevel::Operation && run.outcome.violated()) {
        cell.outcome = CellOutcome::Occurred;
        cell.detail = Anomaly::name(row.anomalyKind);
        cell.sentence = run.outcome.rowsVerdict();
        return cell;
    }

    // Prevented by abort: the first statement the database refused to keep the anomaly out.
    for (const TraceEvent& e : trace.events) {
        if (e.kind != EventKind::Statement)
            continue;
        const QString detail = abortDetail(e.error);
        if (detail.isEmpty())
            continue;
        cell.outcome = CellOutcome::PreventedByAbort;
        cell.detail = detail;
        cell.sentence = u"%1's %2 failed with %3 (%4: %5), so %6 did not occur."_s.arg(workerName(trace, e.worker),
            oneLine(trace.sql(e)), e.error.codeText(), e.error.className(), oneLine(e.error.message),
            anomalyName(row.anomalyKind));
        return cell;
    }

    // Prevented by blocking: the first lock wait.
    for (const TraceEvent& e : trace.events) {
        if (e.kind != EventKind::LockWait)
            continue;
        QStringList holders;
        for (int b : e.blockers)
            holders.append(workerName(trace, b));
        const QString waiter = workerName(trace, e.worker);
        const QString held = holders.isEmpty() ? u"another session"_s : holders.join(u", "_s);
        cell.outcome = CellOutcome::PreventedByBlocking;
        cell.detail = u"%1 waits for %2"_s.arg(waiter, held);
        cell.sentence = u"%1's %2 waited for %3's lock%4, then went on with committed data: %5 did not occur."_s.arg(
            waiter, oneLine(trace.sql(e)), held, e.note.isEmpty() ? QString() : u" ("_s + e.note + u')',
            anomalyName(row.anomalyKind));
        return cell;
    }

    cell.outcome = CellOutcome::Prevented;
    cell.sentence = u"Nobody waited and nobody failed, and %1 did not occur: every read saw committed data (a "
                    "snapshot, or the latest committed version)."_s.arg(anomalyName(row.anomalyKind));
    return cell;
}

} // namespace MatrixJudge

} // namespace interleave
