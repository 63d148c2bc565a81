// SPDX-License-Identifier: MIT
#include "isolationtesterformat.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

constexpr qint64 never = std::numeric_limits<qint64>::max();

// One step of the permutation as it ran: a worker's consecutive statements with the same step name.
struct RunStep {
    int worker = -1;
    QString name; // empty: a session's setup or teardown statement, printed only through its results and errors
    QStringList blockers;
    QString sql; // what the step line shows
    QList<int> events; // its Statement events, in order
    qint64 launchNs = 0; // when its first statement started
    qint64 doneNs = 0; // when its last statement ended
    qint64 waitNs = -1; // when it began to wait for a lock; -1 when it never waited
    bool beforeFirstStep = false; // unnamed: before the worker's first named step (a setup), else a teardown
};

bool looksNumeric(const QByteArray& text)
{
    // libpq's PQprint: a column is right-aligned while every non-empty value is made of digits, '.', 'e', 'E',
    // ' ' and '-', does not start with an 'e' and ends with a digit.
    char last = '0';
    for (const char c : text) {
        last = c;
        if (!((c >= '0' && c <= '9') || c == '.' || c == 'E' || c == 'e' || c == ' ' || c == '-'))
            return false;
    }
    return !(text.startsWith('e') || text.startsWith('E')) && last >= '0' && last <= '9';
}

QString padded(const QByteArray& text, qsizetype width, bool right)
{
    const QString fill(std::max<qsizetype>(0, width - text.size()), u' ');
    return right ? fill + QString::fromUtf8(text) : QString::fromUtf8(text) + fill;
}

// Walks the trace into the steps the permutation ran, in the order they started.
QList<RunStep> runSteps(const RunResult& result)
{
    const Trace& trace = result.trace;
    const Scenario& scenario = result.scenario;
    bool imported = false;
    for (const WorkerSpec& w : scenario.workers)
        for (const SqlStatementSpec& s : w.statements)
            imported = imported || !s.step.isEmpty();

    // Each worker's statements in the order it ran them, and when each waited for a lock.
    QList<QList<int>> byWorker(trace.workers.size());
    QHash<quint64, qint64> waitStart;
    auto key = [](int worker, int step) { return (quint64(quint32(worker)) << 32) | quint32(step); };
    for (qsizetype i = 0; i < trace.events.size(); ++i) {
        const TraceEvent& e = trace.events.at(i);
        if (e.worker < 0 || e.worker >= byWorker.size())
            continue;
        if (e.kind == EventKind::Statement)
            byWorker[e.worker].append(int(i));
        else {
            const quint64 k = key(e.worker, e.step);
            waitStart[k] = waitStart.contains(k) ? std::min(waitStart.value(k), e.startNs) : e.startNs;
        }
    }

    QList<RunStep> steps;
    for (qsizetype w = 0; w < byWorker.size(); ++w) {
        QList<int>& events = byWorker[w];
        std::stable_sort(events.begin(), events.end(),
            [&](int a, int b) { return trace.events.at(a).step < trace.events.at(b).step; });
        const WorkerSpec* spec = w < scenario.workers.size() ? &scenario.workers.at(w) : nullptr;
        const QList<SqlStatementSpec> none;
        const QList<SqlStatementSpec>& statements = spec && spec->recipe == "sql"_L1 ? spec->statements : none;
        qsizetype next = 0; // the scenario's statement the next event should be
        bool seenStep = false;
        RunStep* open = nullptr;
        for (const int index : events) {
            const TraceEvent& e = trace.events.at(index);
            const QString& sql = trace.sql(e);
            QString name;
            QStringList blockers;
            QString text = sql.trimmed();
            bool continues = false;
            if (!imported) {
                name = trace.workers.at(w) + QString::number(e.step + 1);
            } else if (next < statements.size() && statements.at(next).sql.trimmed() == sql.trimmed()) {
                const SqlStatementSpec& s = statements.at(next);
                text = s.sql; // as the spec's block wrote it, white space and all
                name = s.step;
                blockers = s.stepBlockers;
                // A step's statements follow one another; a new step begins where the name changes.
                continues =
                    open && !name.isEmpty() && open->name == name && next > 0 && statements.at(next - 1).step == name;
                ++next;
            }
            if (!continues) {
                RunStep step;
                step.worker = int(w);
                step.name = name;
                step.blockers = blockers;
                step.sql = text;
                step.launchNs = e.startNs;
                step.beforeFirstStep = !seenStep && name.isEmpty();
                steps.append(step);
                open = &steps.last();
                seenStep = seenStep || !name.isEmpty();
            } else {
                // An imported step's later statements carry the white space the spec wrote before them.
                // An imported step's statements hold the white space between them; others are joined by a space.
                const bool spaced =
                    (!open->sql.isEmpty() && open->sql.back().isSpace()) || (!text.isEmpty() && text.front().isSpace());
                open->sql += spaced ? text : u' ' + text;
            }
            open->events.append(index);
            open->doneNs = std::max(open->doneNs, e.endNs);
            if (const auto it = waitStart.constFind(key(e.worker, e.step)); it != waitStart.cend() && open->waitNs < 0)
                open->waitNs = *it;
        }
    }
    std::stable_sort(steps.begin(), steps.end(), [](const RunStep& a, const RunStep& b) {
        return a.launchNs != b.launchNs ? a.launchNs < b.launchNs : a.worker < b.worker;
    });
    return steps;
}

// isolationtester's main loop replayed on what the run recorded.
class Replay {
public:
    Replay(const RunResult& result, QList<RunStep> steps)
        : m_result(result)
        , m_steps(std::move(steps))
        , m_active(result.trace.workers.size(), -1)
    {
    }

    QString print()
    {
        QStringList names;
        for (const RunStep& s : m_steps)
            if (!s.name.isEmpty())
                names.append(s.name);
        m_out = u"\nstarting permutation:"_s;
        for (const QString& n : names)
            m_out += u' ' + n;
        m_out += u'\n';
        if (!m_result.ok()) {
            m_out += u"setup failed: "_s + m_result.error + u'\n';
            return m_out;
        }
        for (qsizetype i = 0; i < m_steps.size(); ++i)
            launch(int(i));
        // The steps still waiting when the permutation ends finish in the order they are looked at, again and again
        // while one of them holds up another through its markers.
        while (!m_waiting.isEmpty()) {
            bool progress = false;
            for (qsizetype w = 0; w < m_waiting.size();) {
                if (tryComplete(m_waiting.at(w), never, true)) {
                    m_waiting.removeAt(w);
                    progress = true;
                } else
                    ++w;
            }
            if (!progress) {
                complete(m_waiting.takeFirst(), true);
            }
        }
        return m_out;
    }

private:
    void launch(int index)
    {
        const RunStep& step = m_steps.at(index);
        if (step.name.isEmpty()) {
            printUnnamed(step);
            return;
        }
        const qint64 launchNs = step.launchNs;
        // Its session still has a step waiting: isolationtester waits for that one first (in a run it has ended, as
        // a worker sends nothing while it waits), looking at the other waiting steps as it goes.
        if (const int old = m_active.value(step.worker, -1); old >= 0) {
            for (int round = 0; m_active.at(step.worker) == old; ++round) {
                if (tryComplete(old, launchNs, round > m_waiting.size()))
                    m_waiting.removeOne(old);
                checkWaiting(launchNs);
            }
        }
        m_active[step.worker] = index;
        const qint64 checkNs = checkpoint(index);
        bool waits = false;
        if (step.blockers.contains(u"*"_s) || step.waitNs >= 0 || step.doneNs > checkNs || hasBlocker(step))
            waits = true;
        if (waits)
            m_out += u"step %1: %2 <waiting ...>\n"_s.arg(step.name, step.sql);
        else
            complete(index, false);
        checkWaiting(checkNs);
        if (waits)
            m_waiting.append(index);
    }

    // When isolationtester, having sent the step, would look at the waiting steps: once the step has finished or
    // has begun to wait; a waiting step that ended before then (a script run lets every unblocked worker park
    // before it goes on) is reported complete.
    qint64 checkpoint(int index) const
    {
        const RunStep& step = m_steps.at(index);
        if (step.waitNs >= 0)
            return step.waitNs;
        return index + 1 < m_steps.size() ? std::max(step.doneNs, m_steps.at(index + 1).launchNs) : never;
    }

    void checkWaiting(qint64 atNs)
    {
        for (qsizetype w = 0; w < m_waiting.size();) {
            if (tryComplete(m_waiting.at(w), atNs, false))
                m_waiting.removeAt(w);
            else
                ++w;
        }
    }

    // A marker "(s1c)" holds the step's completion back while step s1c runs (has been sent and not reported
    // complete); "(*)" only makes it report waiting first; "notices N" cannot be checked (the run keeps no
    // notices) and holds nothing back.
    bool hasBlocker(const RunStep& step) const
    {
        for (const QString& marker : step.blockers) {
            const QString other = marker.section(u' ', 0, 0);
            if (other == u"*"_s || marker.contains(u" notices "_s))
                continue;
            for (const int active : m_active)
                if (active >= 0 && m_steps.at(active).name == other)
                    return true;
        }
        return false;
    }

    bool tryComplete(int index, qint64 atNs, bool force)
    {
        const RunStep& step = m_steps.at(index);
        if (!force && (step.doneNs > atNs || hasBlocker(step)))
            return false;
        complete(index, true);
        return true;
    }

    void complete(int index, bool retry)
    {
        const RunStep& step = m_steps.at(index);
        if (retry)
            m_out += u"step %1: <... completed>\n"_s.arg(step.name);
        else
            m_out += u"step %1: %2\n"_s.arg(step.name, step.sql);
        printResults(step);
        if (m_active.value(step.worker, -1) == index)
            m_active[step.worker] = -1;
    }

    // A step's statements ran one by one; isolationtester sends them as one query, which stops at the first error.
    void printResults(const RunStep& step)
    {
        const Trace& trace = m_result.trace;
        for (const int i : step.events) {
            const TraceEvent& e = trace.events.at(i);
            if (e.error.isError()) {
                m_out += IsolationTesterFormat::errorLine(e.error) + u'\n';
                return;
            }
            if (!e.columns.isEmpty())
                m_out += IsolationTesterFormat::resultSet(e.columns, e.rows, m_result.scenario.backend.kind);
        }
    }

    void printUnnamed(const RunStep& step)
    {
        const TraceEvent& e = m_result.trace.events.at(step.events.constFirst());
        if (e.error.isError())
            m_out += u"%1 of session %2 failed: %3\n"_s.arg(step.beforeFirstStep ? u"setup"_s : u"teardown"_s,
                m_result.trace.workers.value(step.worker), IsolationTesterFormat::errorLine(e.error));
        else if (!e.columns.isEmpty())
            m_out += IsolationTesterFormat::resultSet(e.columns, e.rows, m_result.scenario.backend.kind);
    }

    const RunResult& m_result;
    QList<RunStep> m_steps;
    QList<int> m_active; // each worker's step that was sent and not yet reported complete, or -1
    QList<int> m_waiting; // the steps reported waiting, in the order they began to
    QString m_out;
};

} // namespace

QString IsolationTesterFormat::print(const RunResult& result)
{
    return print(QList<RunResult> { result });
}

QString IsolationTesterFormat::print(const QList<RunResult>& results)
{
    QString out = sessionsLine(results.isEmpty() ? Scenario() : results.constFirst().scenario);
    for (const RunResult& r : results)
        out += permutation(r);
    return out;
}

QString IsolationTesterFormat::sessionsLine(const Scenario& scenario)
{
    return u"Parsed test spec with %1 sessions\n"_s.arg(scenario.workers.size());
}

QString IsolationTesterFormat::permutation(const RunResult& result)
{
    return Replay(result, runSteps(result)).print();
}

QString IsolationTesterFormat::resultSet(const QStringList& columns, const QList<Row>& rows, BackendSpec::Kind kind)
{
    QList<QByteArray> names;
    QList<qsizetype> width;
    QList<bool> numeric;
    for (const QString& c : columns) {
        names.append(c.toUtf8());
        width.append(names.constLast().size());
        numeric.append(true);
    }
    QList<QList<QByteArray>> cells;
    for (const Row& row : rows) {
        QList<QByteArray> line;
        for (qsizetype c = 0; c < columns.size(); ++c) {
            const QByteArray text = valueText(row.value(c), kind).toUtf8();
            if (!text.isEmpty()) {
                numeric[c] = numeric.at(c) && looksNumeric(text);
                width[c] = std::max(width.at(c), text.size());
            }
            line.append(text);
        }
        cells.append(line);
    }
    QStringList header;
    QStringList rule;
    for (qsizetype c = 0; c < columns.size(); ++c) {
        header.append(padded(names.at(c), width.at(c), numeric.at(c)));
        rule.append(QString(width.at(c), u'-'));
    }
    QString out = header.join(u'|') + u'\n' + rule.join(u'+') + u'\n';
    for (const QList<QByteArray>& line : cells) {
        QStringList fields;
        for (qsizetype c = 0; c < line.size(); ++c)
            fields.append(padded(line.at(c), width.at(c), numeric.at(c)));
        out += fields.join(u'|') + u'\n';
    }
    out += u"(%1 row%2)\n\n"_s.arg(rows.size()).arg(rows.size() == 1 ? QString() : u"s"_s);
    return out;
}

QString IsolationTesterFormat::valueText(const QVariant& value, BackendSpec::Kind kind)
{
    if (!value.isValid() || value.isNull())
        return {};
    switch (value.typeId()) {
    case QMetaType::Bool:
        if (kind == BackendSpec::Kind::Postgresql)
            return value.toBool() ? u"t"_s : u"f"_s;
        return value.toBool() ? u"1"_s : u"0"_s;
    case QMetaType::Double:
    case QMetaType::Float: {
        const double d = value.toDouble();
        if (std::isnan(d))
            return u"NaN"_s;
        if (std::isinf(d))
            return d > 0 ? u"Infinity"_s : u"-Infinity"_s;
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    case QMetaType::QByteArray:
        if (kind == BackendSpec::Kind::Postgresql)
            return u"\\x"_s + QString::fromLatin1(value.toByteArray().toHex());
        return QString::fromUtf8(value.toByteArray());
    default:
        return value.toString();
    }
}

QString IsolationTesterFormat::errorLine(const DbError& error)
{
    QString message = error.message;
    // The server connection keeps PostgreSQL's whole message on one line: its primary part ends where the first
    // DETAIL, HINT, CONTEXT or LINE part begins.
    static const QRegularExpression extra(u" (DETAIL|HINT|CONTEXT|LINE \\d+):"_s);
    if (const QRegularExpressionMatch m = extra.match(message); m.hasMatch())
        message.truncate(m.capturedStart());
    return u"ERROR:  "_s + message;
}

} // namespace interleave
