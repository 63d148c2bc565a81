// SPDX-License-Identifier: MIT
#pragma once

#include "jobtracker.h"
#include "serverurl.h"

#include <QObject>

namespace interleave {

// Connects to a server and asks its version, on a thread of its own: a connection can take seconds (connect_timeout
// is 5 s). The thread opens, uses and closes its connection. A test started while another is going supersedes it:
// only the newest answer arrives.
class ConnectionTestJob : public QObject {
    Q_OBJECT
public:
    explicit ConnectionTestJob(QObject* parent = nullptr);
    ~ConnectionTestJob() override; // waits for a test still connecting: no thread outlives its job

    quint64 start(const ServerUrl& url);
    void discard(); // the answer of the test going is dropped
    bool isRunning() const { return m_tracker.isRunning(); }
    // The answer of a failed test: the server refused the login because it wants a password (none was given, or
    // the one given is wrong: PostgreSQL's "no password supplied" / 28P01, MySQL's "Access denied" / 1045). Then,
    // and only then, a password is worth asking for.
    static bool refusedForPassword(const QString& error);
    int threadCount() const { return m_tracker.threadCount(); }

Q_SIGNALS:
    // `text`: the server's version when `ok`, else why it could not be reached.
    void finished(bool ok, const QString& text);

private:
    JobTracker m_tracker;
};

} // namespace interleave
