// SPDX-License-Identifier: MIT
#include "anomalies.h"

#include "statementkind.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <array>
#include <vector>

using namespace Qt::StringLiterals;

namespace interleave {

QString Dependency::kindName(Kind kind)
{
    switch (kind) {
    case Kind::WW:
        return u"ww"_s;
    case Kind::WR:
        return u"wr"_s;
    case Kind::RW:
        return u"rw"_s;
    case Kind::PredicateRW:
        return u"predicate rw"_s;
    }
    return {};
}

QString Anomaly::name(AnomalyKind kind)
{
    switch (kind) {
    case AnomalyKind::G0:
        return u"G0"_s;
    case AnomalyKind::G1a:
        return u"G1a"_s;
    case AnomalyKind::G1b:
        return u"G1b"_s;
    case AnomalyKind::G1c:
        return u"G1c"_s;
    case AnomalyKind::GSingle:
        return u"G-single"_s;
    case AnomalyKind::G2Item:
        return u"G2-item"_s;
    case AnomalyKind::G2:
        return u"G2"_s;
    case AnomalyKind::LostUpdate:
        return u"lost update"_s;
    }
    return {};
}

QString Anomaly::commonName(AnomalyKind kind)
{
    switch (kind) {
    case AnomalyKind::G0:
        return u"write cycle"_s;
    case AnomalyKind::G1a:
        return u"aborted read"_s;
    case AnomalyKind::G1b:
        return u"intermediate read"_s;
    case AnomalyKind::G1c:
        return u"circular information flow"_s;
    case AnomalyKind::GSingle:
        return u"read skew"_s;
    case AnomalyKind::G2Item:
        return u"write skew"_s;
    case AnomalyKind::G2:
        return u"phantom"_s;
    case AnomalyKind::LostUpdate:
        return u"lost update"_s;
    }
    return {};
}

QString Anomaly::id(AnomalyKind kind)
{
    return name(kind).toLower().replace(u' ', u'-');
}

QString Anomaly::levelName(AnalysisLevel level)
{
    return level == AnalysisLevel::Database ? u"database"_s : u"operation"_s;
}

namespace Anomalies {

namespace {

// How an edge is told (Finder::describe), with the versions the sentence needs.
enum class Text : quint8 { Overwrote, Read, ReadBeforeReplaced, ReadBeforeMovedOut, MissedInserted, MissedMovedIn };

struct Edge {
    Dependency dependency;
    Text text = Text::Overwrote;
    int before = -1; // the version written over, or read
    int after = -1; // the version written, or read (Text::Read)
};

class Finder {
public:
    Finder(const Scenario& scenario, const Trace& trace, const History& history, const QList<WorkerResult>& results,
        AnalysisLevel level, Texts texts)
        : m_scenario(scenario)
        , m_trace(trace)
        , m_history(history)
        , m_results(results)
        , m_level(level)
        , m_texts(texts == Texts::Written)
    {
        for (auto it = history.attemptOf.cbegin(); it != history.attemptOf.cend(); ++it) {
            const int worker = trace.events.at(it.key()).worker;
            m_finalAttempt[worker] = std::max(m_finalAttempt.value(worker), it.value());
        }
    }

    QList<Anomaly> find()
    {
        addWriteEdges();
        addReadEdges();
        QList<Anomaly> found = m_aborted;
        const QList<Anomaly> lost = lostUpdates();
        found += lost;
        found += cycles();
        for (Anomaly& a : found) {
            a.level = m_level;
            a.inOperations = m_level == AnalysisLevel::Operation;
            a.allowed = m_level == AnalysisLevel::Operation
                || allowedBy(isolationRun(m_scenario), m_scenario.backend.kind, a.kind);
        }
        return found;
    }

private:
    int node(int transaction) const
    {
        return m_level == AnalysisLevel::Database ? transaction : m_history.transactions.at(transaction).worker;
    }
    bool committed(int transaction) const
    {
        return transaction >= 0 && m_history.transactions.at(transaction).end == HistoryTransaction::End::Committed;
    }
    // Whether a statement's reads count: its transaction committed; for an operation, the worker succeeded and
    // the read belongs to its last attempt.
    bool readCounts(int event) const
    {
        const int t = m_history.transactionOf.value(event, -1);
        if (!committed(t))
            return false;
        if (m_level == AnalysisLevel::Database)
            return true;
        const HistoryTransaction& transaction = m_history.transactions.at(t);
        const bool failed = transaction.worker >= 0 && transaction.worker < m_results.size()
            ? m_results.at(transaction.worker).isFailure()
            : WorkerResult().isFailure();
        return !failed && m_history.attemptOf.value(event) == m_finalAttempt.value(transaction.worker);
    }

    QString who(int event) const
    {
        const TraceEvent& e = m_trace.events.at(event);
        return m_trace.workers.value(e.worker) + u"'s "_s + StatementKind::verb(m_trace.sql(e));
    }

    // An edge's sentence, written only for the edges of a cycle that is told: most runs' graphs have none.
    QString describe(const Edge& edge) const
    {
        const Dependency& d = edge.dependency;
        switch (edge.text) {
        case Text::Overwrote:
            return u"%1 wrote %2 over what %3 wrote"_s.arg(
                who(d.toEvent), changed(edge.before, edge.after), who(d.fromEvent));
        case Text::Read:
            return u"%1 read %2, which %3 wrote"_s.arg(
                who(d.toEvent), m_history.valuesText(edge.after), who(d.fromEvent));
        case Text::ReadBeforeReplaced:
            return u"%1 read %2 before %3 replaced it (%4)"_s.arg(
                who(d.fromEvent), m_history.valuesText(edge.before), who(d.toEvent), changed(edge.before, edge.after));
        case Text::ReadBeforeMovedOut:
            return u"%1 read row %2 (%3) before %4 moved it out of its condition (%5)"_s.arg(who(d.fromEvent))
                .arg(d.row)
                .arg(m_history.valuesText(edge.before), who(d.toEvent), changed(edge.before, edge.after));
        case Text::MissedInserted:
            return u"%1 missed the row %2 added%3"_s.arg(
                who(d.fromEvent), who(d.toEvent), d.row > 0 ? u" (id %1)"_s.arg(d.row) : QString());
        case Text::MissedMovedIn:
            return u"%1 missed row %2, which %3 moved into its condition (%4)"_s.arg(who(d.fromEvent))
                .arg(d.row)
                .arg(who(d.toEvent), changed(edge.before, edge.after));
        }
        return {};
    }
    QString worker(int transaction) const
    {
        return m_trace.workers.value(m_history.transactions.at(transaction).worker);
    }
    // What changed from one version to the next, or every column when `before` is none: "likes = 1".
    QString changed(int before, int after) const
    {
        if (before < 0 || after < 0)
            return m_history.valuesText(after);
        return m_history.valuesText(after, changedColumns(before, after));
    }

    void addEdge(const Dependency& d, Text text, int before, int after, int from, int to)
    {
        if (from == to)
            return;
        m_edges[{ from, to }].append({ d, text, before, after });
        m_nodes.insert(from);
        m_nodes.insert(to);
    }

    void addWriteEdges()
    {
        for (auto it = m_history.versionOrder.cbegin(); it != m_history.versionOrder.cend(); ++it) {
            const QList<int>& order = it.value();
            for (qsizetype k = 1; k < order.size(); ++k) {
                const RowVersion& a = m_history.versions.at(order.at(k - 1));
                const RowVersion& b = m_history.versions.at(order.at(k));
                if (a.transaction < 0 || b.transaction < 0)
                    continue;
                Dependency d;
                d.kind = Dependency::Kind::WW;
                d.fromWorker = m_history.transactions.at(a.transaction).worker;
                d.toWorker = m_history.transactions.at(b.transaction).worker;
                d.fromEvent = a.event;
                d.toEvent = b.event;
                d.row = it.key();
                addEdge(d, Text::Overwrote, order.at(k - 1), order.at(k), node(a.transaction), node(b.transaction));
            }
        }
    }

    void addReadEdges()
    {
        for (const RowRead& read : m_history.reads) {
            if (!readCounts(read.event))
                continue;
            const int reader = m_history.transactionOf.value(read.event);
            const int readerWorker = m_history.transactions.at(reader).worker;
            if (read.returned && read.version >= 0) {
                const RowVersion& v = m_history.versions.at(read.version);
                if (v.transaction >= 0 && node(v.transaction) != node(reader)) {
                    Dependency d;
                    d.kind = Dependency::Kind::WR;
                    d.fromWorker = m_history.transactions.at(v.transaction).worker;
                    d.toWorker = readerWorker;
                    d.fromEvent = v.event;
                    d.toEvent = read.event;
                    d.row = read.row;
                    if (v.aborted) {
                        if (m_texts)
                            d.text = u"%1 read %2, which %3 wrote and then rolled back"_s.arg(
                                who(read.event), m_history.valuesText(read.version), who(v.event));
                        addAborted(AnomalyKind::G1a, d);
                    } else if (!v.installed && committed(v.transaction)) {
                        if (m_texts)
                            d.text = u"%1 read %2, which %3 wrote and then overwrote itself"_s.arg(
                                who(read.event), m_history.valuesText(read.version), who(v.event));
                        addAborted(AnomalyKind::G1b, d);
                    } else if (committed(v.transaction)) {
                        addEdge(d, Text::Read, -1, read.version, node(v.transaction), node(reader));
                    }
                }
            }
            if (read.overwrittenBy < 0)
                continue;
            const RowVersion& w = m_history.versions.at(read.overwrittenBy);
            if (w.transaction < 0 || !committed(w.transaction) || node(w.transaction) == node(reader))
                continue;
            // A version its own writer replaced (an intermediate or rolled-back one) is no anti-dependency on it.
            if (read.version >= 0 && m_history.versions.at(read.version).transaction == w.transaction)
                continue;
            Dependency d;
            d.kind = read.predicate ? Dependency::Kind::PredicateRW : Dependency::Kind::RW;
            d.fromWorker = readerWorker;
            d.toWorker = m_history.transactions.at(w.transaction).worker;
            d.fromEvent = read.event;
            d.toEvent = w.event;
            d.row = read.row;
            const bool inserted = m_history.versionOrder.value(read.row).value(0) == read.overwrittenBy;
            const Text text = read.returned ? (read.predicate ? Text::ReadBeforeMovedOut : Text::ReadBeforeReplaced)
                : inserted                  ? Text::MissedInserted
                                            : Text::MissedMovedIn;
            addEdge(d, text, read.version, read.overwrittenBy, node(reader), node(w.transaction));
        }
    }

    void addAborted(AnomalyKind kind, const Dependency& d)
    {
        if (std::any_of(m_aborted.cbegin(), m_aborted.cend(), [&](const Anomaly& a) { return a.kind == kind; }))
            return;
        Anomaly a;
        a.kind = kind;
        a.cycle = { d };
        a.workers = { d.fromWorker, d.toWorker };
        if (m_texts)
            a.sentence = Anomaly::name(kind) + u" ("_s + Anomaly::commonName(kind) + u"): "_s + d.text;
        m_aborted.append(a);
    }

    // Two units read one version of a row and both wrote the row after it; the later write was computed without
    // reading the earlier one (a value set from what was read, not a database-side increment): it replaced it.
    QList<Anomaly> lostUpdates()
    {
        QList<Anomaly> found;
        QHash<int, QList<int>> readersOf; // version -> the reads of it that count
        for (int r = 0; r < m_history.reads.size(); ++r) {
            const RowRead& read = m_history.reads.at(r);
            if (read.returned && read.version >= 0 && readCounts(read.event))
                readersOf[read.version].append(r);
        }
        for (auto it = m_history.versionOrder.cbegin(); it != m_history.versionOrder.cend(); ++it) {
            const QList<int>& order = it.value();
            for (qsizetype k = 0; k + 2 < order.size(); ++k) {
                const QList<int> reads = readersOf.value(order.at(k));
                if (reads.size() < 2)
                    continue;
                // Each later pair of consecutive installed versions whose writers both read version k.
                for (qsizetype x = k + 1; x + 1 < order.size(); ++x) {
                    const RowVersion& first = m_history.versions.at(order.at(x));
                    const RowVersion& second = m_history.versions.at(order.at(x + 1));
                    if (first.transaction < 0 || second.transaction < 0 || second.fromBase)
                        continue;
                    const int a = node(first.transaction);
                    const int b = node(second.transaction);
                    if (a == b)
                        continue;
                    const auto readBy = [&](int unit) {
                        for (const int r : reads) {
                            const int t = m_history.transactionOf.value(m_history.reads.at(r).event);
                            if (node(t) == unit)
                                return r;
                        }
                        return -1;
                    };
                    const int readA = readBy(a);
                    const int readB = readBy(b);
                    if (readA < 0 || readB < 0)
                        continue;
                    Anomaly lost;
                    lost.kind = AnomalyKind::LostUpdate;
                    lost.workers = { m_history.transactions.at(first.transaction).worker,
                        m_history.transactions.at(second.transaction).worker };
                    QString before;
                    if (m_texts) {
                        const QString nameA = worker(first.transaction);
                        const QString nameB = worker(second.transaction);
                        before = m_history.valuesText(order.at(k), changedColumns(order.at(k), order.at(x)));
                        const QString wroteA = changed(order.at(k), order.at(x));
                        const QString wroteB = changed(order.at(x), order.at(x + 1)).isEmpty()
                            ? wroteA
                            : m_history.valuesText(order.at(x + 1), changedColumns(order.at(k), order.at(x)));
                        lost.sentence = wroteA == wroteB
                            ? u"lost update: %1 and %2 both read %3 and both wrote %4; %2's write replaced %1's"_s.arg(
                                nameA, nameB, before, wroteA)
                            : u"lost update: %1 and %2 both read %3; %1 wrote %4, then %2 wrote %5 over it"_s.arg(
                                nameA, nameB, before, wroteA, wroteB);
                    }
                    Dependency rw;
                    rw.kind = Dependency::Kind::RW;
                    rw.fromWorker = lost.workers.at(1);
                    rw.toWorker = lost.workers.at(0);
                    rw.fromEvent = m_history.reads.at(readB).event;
                    rw.toEvent = first.event;
                    rw.row = it.key();
                    if (m_texts)
                        rw.text =
                            u"%1 read %2 before %3 replaced it"_s.arg(who(rw.fromEvent), before, who(first.event));
                    Dependency ww;
                    ww.kind = Dependency::Kind::WW;
                    ww.fromWorker = lost.workers.at(0);
                    ww.toWorker = lost.workers.at(1);
                    ww.fromEvent = first.event;
                    ww.toEvent = second.event;
                    ww.row = it.key();
                    if (m_texts)
                        ww.text = u"%1 wrote over it"_s.arg(who(second.event));
                    lost.cycle = { ww, rw };
                    found.append(lost);
                    m_lostPairs.insert({ std::min(a, b), std::max(a, b) });
                    break;
                }
                if (!found.isEmpty())
                    return found; // one is the finding; more of the same say nothing new
            }
        }
        return found;
    }

    QStringList changedColumns(int before, int after) const
    {
        QStringList columns;
        const QVariantMap& a = m_history.versions.at(before).values;
        const QVariantMap& b = m_history.versions.at(after).values;
        for (auto it = b.begin(); it != b.end(); ++it) {
            if (it.key() != u"id"_s && a.value(it.key()) != it.value())
                columns.append(it.key());
        }
        return columns;
    }

    // Elementary cycles of the graph, shortest first per kind: each step takes its strongest edge (ww, then wr,
    // then rw, then predicate rw), so a cycle is named by the fewest anti-dependencies it needs.
    QList<Anomaly> cycles()
    {
        QList<int> nodes = m_nodes.values();
        std::sort(nodes.begin(), nodes.end());
        // Units are small indexes (transactions, workers): the search works on plain vectors indexed by them.
        Search search;
        search.next.resize(nodes.isEmpty() ? 0 : std::size_t(nodes.constLast()) + 1);
        for (auto it = m_edges.cbegin(); it != m_edges.cend(); ++it)
            search.next[std::size_t(it.key().first)].push_back(it.key().second);
        // In unit order, not the hash's (seeded per process): the same run names the same cycle every time.
        for (std::vector<int>& to : search.next)
            std::sort(to.begin(), to.end());
        // Most trials' graphs have no cycle at all: then there is nothing to search (and nothing the search's budget
        // would have cut short).
        if (acyclic(search.next))
            return {};
        search.onPath.assign(search.next.size(), false);
        Shortest& shortest = search.shortest;
        int& budget = search.budget;
        // Shortest cycles first: length 2, then 3, ...; once a length has found one, one more length may still
        // find a kind with another mix of edges, and then the search stops (a dense graph has cycles beyond count).
        int lastFound = -1;
        for (int length = 2; length <= maxLength && budget > 0; ++length) {
            if (lastFound >= 0 && length > lastFound + 1)
                break;
            const qsizetype before = shortest.kinds();
            for (const int start : std::as_const(nodes)) {
                search.path.clear();
                search.path.push_back(start);
                search.onPath[std::size_t(start)] = true;
                walk(search, start, start, length);
                search.onPath[std::size_t(start)] = false;
                if (budget <= 0)
                    break;
            }
            if (shortest.kinds() > before && lastFound < 0)
                lastFound = length;
        }
        QList<Anomaly> found;
        for (const AnomalyKind kind :
            { AnomalyKind::G0, AnomalyKind::G1c, AnomalyKind::GSingle, AnomalyKind::G2Item, AnomalyKind::G2 }) {
            const std::vector<int>* it = shortest.find(kind);
            if (!it)
                continue;
            Anomaly a;
            a.kind = kind;
            QStringList clauses;
            for (std::size_t k = 0; k < it->size(); ++k) {
                const Edge& edge = strongest(it->at(k), it->at((k + 1) % it->size()));
                Dependency d = edge.dependency;
                if (m_texts) {
                    d.text = describe(edge);
                    clauses.append(d.text);
                }
                a.cycle.append(d);
                a.workers.append(d.fromWorker);
            }
            if (m_texts)
                a.sentence =
                    Anomaly::name(kind) + u" ("_s + Anomaly::commonName(kind) + u"): "_s + clauses.join(u"; "_s);
            found.append(a);
        }
        return found;
    }

    // The shortest cycle found of each kind.
    struct Shortest {
        std::array<std::vector<int>, 8> cycles; // by AnomalyKind; empty: none found
        const std::vector<int>* find(AnomalyKind kind) const
        {
            const std::vector<int>& cycle = cycles.at(std::size_t(kind));
            return cycle.empty() ? nullptr : &cycle;
        }
        qsizetype kinds() const
        {
            return std::count_if(cycles.cbegin(), cycles.cend(), [](const std::vector<int>& c) { return !c.empty(); });
        }
    };
    struct Search {
        std::vector<std::vector<int>> next; // unit -> the units it has edges to, in unit order
        std::vector<int> path;
        std::vector<bool> onPath; // by unit
        Shortest shortest;
        int budget = maxPaths;
    };

    // Whether a graph has no cycle: every unit can be taken away once no edge leads to it (Kahn's algorithm).
    static bool acyclic(const std::vector<std::vector<int>>& next)
    {
        std::vector<int> into(next.size(), 0);
        for (const std::vector<int>& to : next)
            for (const int unit : to)
                ++into[std::size_t(unit)];
        std::vector<int> free;
        for (std::size_t unit = 0; unit < next.size(); ++unit)
            if (into[unit] == 0)
                free.push_back(int(unit));
        std::size_t removed = 0;
        while (!free.empty()) {
            const int unit = free.back();
            free.pop_back();
            ++removed;
            for (const int to : next[std::size_t(unit)])
                if (--into[std::size_t(to)] == 0)
                    free.push_back(to);
        }
        return removed == next.size();
    }

    // The elementary cycles of exactly `length` units through `start`, its smallest unit (so each is found once).
    void walk(Search& search, int start, int at, int length) const
    {
        if (std::size_t(at) >= search.next.size())
            return;
        for (const int to : search.next[std::size_t(at)]) {
            if (--search.budget <= 0)
                return;
            if (to == start) {
                if (qsizetype(search.path.size()) == length)
                    record(search.path, search.shortest);
                continue;
            }
            if (to < start || search.onPath[std::size_t(to)] || qsizetype(search.path.size()) >= length)
                continue;
            search.path.push_back(to);
            search.onPath[std::size_t(to)] = true;
            walk(search, start, to, length);
            search.onPath[std::size_t(to)] = false;
            search.path.pop_back();
        }
    }

    void record(const std::vector<int>& cycle, Shortest& shortest) const
    {
        int antiDependencies = 0;
        bool predicate = false;
        bool reads = false;
        for (std::size_t k = 0; k < cycle.size(); ++k) {
            const Dependency& d = strongest(cycle.at(k), cycle.at((k + 1) % cycle.size())).dependency;
            reads |= d.kind == Dependency::Kind::WR;
            if (d.kind == Dependency::Kind::RW || d.kind == Dependency::Kind::PredicateRW)
                ++antiDependencies;
            predicate |= d.kind == Dependency::Kind::PredicateRW;
        }
        AnomalyKind kind = AnomalyKind::G0;
        if (antiDependencies == 0)
            kind = reads ? AnomalyKind::G1c : AnomalyKind::G0;
        else if (antiDependencies == 1)
            kind = AnomalyKind::GSingle;
        else
            kind = predicate ? AnomalyKind::G2 : AnomalyKind::G2Item;
        // The cycle of a lost update already named is that lost update.
        if (cycle.size() == 2 && kind != AnomalyKind::G0 && kind != AnomalyKind::G1c
            && m_lostPairs.contains({ std::min(cycle.at(0), cycle.at(1)), std::max(cycle.at(0), cycle.at(1)) }))
            return;
        std::vector<int>& known = shortest.cycles.at(std::size_t(kind));
        if (known.empty() || known.size() > cycle.size())
            known = cycle;
    }

    const Edge& strongest(int from, int to) const
    {
        const QList<Edge>& edges = *m_edges.constFind({ from, to });
        return *std::min_element(edges.cbegin(), edges.cend(),
            [](const Edge& a, const Edge& b) { return quint8(a.dependency.kind) < quint8(b.dependency.kind); });
    }

    static constexpr int maxPaths = 20000; // edges walked in all: a run of many transactions stays quick
    static constexpr int maxLength = 8; // units in one cycle

    const Scenario& m_scenario;
    const Trace& m_trace;
    const History& m_history;
    const QList<WorkerResult>& m_results;
    AnalysisLevel m_level;
    bool m_texts = true; // Texts::Written
    QHash<int, int> m_finalAttempt;
    QHash<QPair<int, int>, QList<Edge>> m_edges;
    QSet<int> m_nodes;
    QList<Anomaly> m_aborted;
    QSet<QPair<int, int>> m_lostPairs;
};

} // namespace

bool allowedBy(IsolationLevel level, BackendSpec::Kind kind, AnomalyKind anomaly)
{
    if (kind == BackendSpec::Kind::Sqlite || level == IsolationLevel::Serializable || anomaly == AnomalyKind::G0)
        return false;
    // PostgreSQL reads uncommitted data at no level: its READ UNCOMMITTED is READ COMMITTED.
    const bool readsUncommitted = level == IsolationLevel::ReadUncommitted && kind == BackendSpec::Kind::Mysql;
    switch (anomaly) {
    case AnomalyKind::G1a:
    case AnomalyKind::G1b:
    case AnomalyKind::G1c:
        return readsUncommitted;
    case AnomalyKind::GSingle:
    case AnomalyKind::LostUpdate:
        return level != IsolationLevel::RepeatableRead;
    case AnomalyKind::G2Item:
        // PostgreSQL's REPEATABLE READ is snapshot isolation, which allows write skew; the standard's (PL-2.99)
        // does not.
        return level != IsolationLevel::RepeatableRead || kind == BackendSpec::Kind::Postgresql;
    case AnomalyKind::G2:
        return true;
    case AnomalyKind::G0:
        break;
    }
    return false;
}

QList<Anomaly> find(const Scenario& scenario, const Trace& trace, const History& history,
    const QList<WorkerResult>& results, Texts texts)
{
    QList<Anomaly> found = Finder(scenario, trace, history, results, AnalysisLevel::Database, texts).find();
    const QList<Anomaly> operations = Finder(scenario, trace, history, results, AnalysisLevel::Operation, texts).find();
    const QString level = texts == Texts::Written ? isolationSql(isolationRun(scenario)) : QString();
    for (Anomaly a : operations) {
        // A finding the database level already has is the same finding: the operations assumed it away too.
        const auto known = std::find_if(found.begin(), found.end(), [&](const Anomaly& d) {
            return d.kind == a.kind
                && QSet<int>(d.workers.cbegin(), d.workers.cend()) == QSet<int>(a.workers.cbegin(), a.workers.cend());
        });
        if (known != found.end()) {
            known->inOperations = true;
            continue;
        }
        if (texts == Texts::Written)
            a.levelNote =
                u"the database did what %1 promises; the code treated each operation's transactions as one"_s.arg(
                    level);
        found.append(a);
    }
    return found;
}

QList<Anomaly> find(const Scenario& scenario, const Trace& trace, const QList<WorkerResult>& results, Texts texts)
{
    return find(scenario, trace, History::of(scenario, trace), results, texts);
}

} // namespace Anomalies

} // namespace interleave
