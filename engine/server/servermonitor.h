// SPDX-License-Identifier: MIT
#pragma once

#include "gate.h"
#include "serverconnection.h"
#include "session.h"

#include <QHash>
#include <QSet>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace interleave {

// A run's own connection to the server, on a thread of its own. It does the run's administrative work (creating
// the table, reading the final rows) and, while any worker's statement has not returned, asks the server every
// millisecond or so whether that statement waits for a lock and for whom (pg_blocking_pids(); on MariaDB/MySQL
// InnoDB's status report and the process list, and InnoDB's lock-wait tables for the holder). It cancels blocked
// statements when asked (pg_cancel_backend, KILL QUERY). Everything it sends goes through its one connection, on its
// one thread, as Qt SQL requires. Each of its round trips is bounded like a worker's (ConnectionBounds): a server
// that stops answering ends the monitor's questions and tasks with a Timeout instead of hanging the run.
class ServerMonitor : public LockProbe {
public:
    ServerMonitor(ServerUrl url, ServerConnection::Bounds bounds);
    ~ServerMonitor() override;
    ServerMonitor(const ServerMonitor&) = delete;
    ServerMonitor& operator=(const ServerMonitor&) = delete;

    // Starts the thread and connects to `database` (empty: the URL's); false with *error when it cannot.
    bool start(const QString& database, QString* error);
    // Runs `task` on the monitor's thread with its connection and waits for it; false when the monitor has stopped
    // (it never connected) and the task did not run.
    bool call(const std::function<void(ServerConnection&)>& task);

    // Sessions, from their own threads. serverId: pg_backend_pid() / CONNECTION_ID().
    void attach(int worker, qint64 serverId, const SessionContext& context);
    void detach(int worker);
    void statementStarted(int worker, qint64 startNs);
    // The wait the monitor saw in the statement that just returned, if any.
    void statementFinished(int worker, LockWait* wait);
    void cancelWorker(int worker); // Session::interrupt(): whatever the worker's connection runs now

    // LockProbe
    void refresh() override;
    void cancelStatement(int worker) override; // only if that statement is still waiting when the cancel is sent
    void timeOut(int worker) override; // cancelStatement(), marked so that timedOut() says so
    // Whether the worker's statement that just returned was cancelled by timeOut(), from the worker's thread.
    bool timedOut(int worker);
    QList<int> blockers(int worker) override;

    // How long a statement runs before the monitor asks about it; a blocked statement is noticed after about
    // this long, a quick one never costs a question.
    static constexpr auto askAfter = std::chrono::microseconds(1500);

    // The thread ids of the transactions that InnoDB's status report (SHOW ENGINE INNODB STATUS) lists as waiting
    // for a lock now, in the report's order.
    static QList<qint64> innodbLockWaits(const QString& report);

private:
    struct Watched {
        qint64 serverId = 0;
        SessionContext context;
        bool inFlight = false;
        quint64 statement = 0; // counts the worker's statements, so a late answer is not applied to the next one
        quint64 timedOut = 0; // the statement whose wait timeOut() cancelled
        std::chrono::steady_clock::time_point since;
        qint64 startNs = 0;
        bool waiting = false; // the server said so, for the current statement
        bool waited = false;
        QList<int> blockers;
        QList<qint64> outsiders; // server ids of blocking connections that are not this run's
        QList<int> guess; // the workers with open transactions when the wait was seen (if the server names none)
        bool holdersRead = false; // a reading of the holders taken after the statement began covered the wait
        bool outsideInnodb = false; // MySQL: the process list showed a table, metadata or user lock wait
        QString remark; // what the server said about the holders beyond their ids (InnoDB's read-only holders)
    };
    struct Asked {
        int worker;
        qint64 id;
        quint64 statement;
    };
    struct Task {
        std::function<void(ServerConnection&)> run;
        bool done = false;
    };
    struct Cancel {
        int worker = 0;
        qint64 serverId = 0;
        quint64 statement = 0; // with onlyIfWaiting: the statement that was waiting when the cancel was asked for
        bool onlyIfWaiting = false;
    };

    void loop();
    void poll(bool wanted); // wanted: a step waits for this answer (refresh())
    bool staleHolders(const QList<Asked>& asked, const QHash<qint64, QList<qint64>>& waiting);
    void readInnodbHolders(const QList<qint64>& ids); // into m_innodbHolders, m_innodbRemarks
    void sendCancels(const QList<Cancel>& cancels);
    std::chrono::microseconds interval() const;
    // server id of a waiting connection -> the server ids blocking it (empty when the server cannot say)
    QHash<qint64, QList<qint64>> askServer(const QList<qint64>& ids);

    ServerUrl m_url;
    ServerConnection::Bounds m_bounds;
    ServerConnection m_connection; // used only on m_thread
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake; // to the monitor thread
    std::condition_variable m_done; // from it
    bool m_stop = false;
    bool m_started = false;
    QString m_startError;
    std::deque<Task*> m_tasks;
    QList<Cancel> m_cancels;
    QHash<int, Watched> m_watched;
    QHash<qint64, int> m_workerOfServerId; // every worker connection attached, detached ones included
    quint64 m_pollsStarted = 0;
    quint64 m_pollsDone = 0;
    quint64 m_refreshWanted = 0; // a poll numbered above this is wanted even if nothing is old enough
    std::chrono::steady_clock::time_point m_lastInnodbRead; // monitor thread only
    QHash<qint64, QList<qint64>> m_innodbHolders; // monitor thread only: the last answer of the lock-wait tables
    QHash<qint64, QString> m_innodbRemarks; // monitor thread only: waiter -> what that answer left open
    QSet<qint64> m_innodbSeenWaiting; // monitor thread only: the waiters that answer showed in LOCK WAIT
    QSet<qint64> m_lockWaitsElsewhere; // monitor thread only: waiters on a table, metadata or user lock
    std::chrono::steady_clock::time_point m_innodbHoldersAt; // monitor thread only: when it was read
    std::atomic<bool> m_blind { false }; // MySQL: the lock-wait tables were refused to this login
};

} // namespace interleave
