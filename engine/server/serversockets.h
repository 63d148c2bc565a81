// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <chrono>
#include <memory>

namespace interleave {

// Every wait on a server is bounded by Interleave itself. A server stopped with SIGSTOP (or a machine whose kernel
// still answers while the database does not) keeps the TCP connection alive: keepalives are acknowledged, reads just
// never return. So this process keeps a registry of its live server sockets, and one thread of its own shuts a socket
// down (shutdown(2), both directions) when a round trip on it has passed its deadline, or when the run it belongs to
// was stopped and the server did not answer in time. The driver call blocked on that socket then returns at once
// with a connection error, which the connection reports as a Timeout.
//
// The registry keeps its own duplicate of each descriptor, closed only when the connection unregisters: a number the
// driver closed and the process reused for something else is never shut down by mistake.

// The sockets of one run, stopped together: Stop reaches every connection of the run through its group, including
// those still being opened and the waits of the set-up (the run lock).
class SocketGroup {
public:
    SocketGroup() = default;
    ~SocketGroup() = default;
    SocketGroup(const SocketGroup&) = delete;
    SocketGroup& operator=(const SocketGroup&) = delete;

    // Stop (any thread; returns at once): from now on nothing new connects. A round trip still in flight `grace`
    // after this call, or one started later that takes longer than `grace`, is abandoned, and with it every socket of
    // the group: the server did not answer the cancel, so the run does not wait for it.
    void stop(std::chrono::milliseconds grace = defaultGrace);
    bool isStopped() const;
    // True once a socket of the group was abandoned: every connection of the group is then unusable.
    bool isAbandoned() const;
    // Waits until stop() or until `timeout` has passed; true when stopped. For waits that are not round trips.
    bool waitForStop(std::chrono::milliseconds timeout) const;
    std::chrono::milliseconds grace() const; // as stop() was given it

    // How long a stopped run gives the server to answer its cancels (pg_cancel_backend, KILL QUERY) before it drops
    // the connections: short enough that Stop ends any run within a second.
    static constexpr auto defaultGrace = std::chrono::milliseconds(400);

private:
    friend class ServerSocket;
    friend struct SocketRegistry;
    // Guarded by the registry's mutex.
    bool m_stopped = false;
    bool m_abandoned = false;
    std::chrono::steady_clock::time_point m_stoppedAt;
    std::chrono::milliseconds m_grace { 0 };
};

// One connection's socket in the registry: from just after the driver connected until just before it closes.
// Used by the thread that owns the connection; the registry's thread only shuts the socket down.
class ServerSocket {
public:
    // `fd` is the driver's descriptor (PQsocket, mysql_get_socket); the registry keeps a duplicate of it.
    ServerSocket(int fd, std::shared_ptr<SocketGroup> group);
    ~ServerSocket(); // unregisters and closes the duplicate
    ServerSocket(const ServerSocket&) = delete;
    ServerSocket& operator=(const ServerSocket&) = delete;

    enum class Cut {
        None,
        Timeout, // a round trip passed its own deadline
        Abandoned, // the run was stopped and the server did not answer within the grace
    };
    // A round trip begins: the socket is shut down unless end() comes within `timeout`.
    void begin(std::chrono::milliseconds timeout);
    // The round trip ended (answer, error or cut); what cut it, if anything did.
    Cut end();
    // Whether the socket has been shut down (by this round trip or earlier): the connection is useless then.
    Cut cut() const;
    bool isValid() const { return m_id != 0; }

    // "the server did not answer within 30 s", "… within 1.5 s": the message of a cut round trip.
    static QString message(Cut cut, std::chrono::milliseconds timeout, std::chrono::milliseconds grace);
    // Sockets registered now, in the whole process (for tests: none may be left after a run).
    static int liveCount();

private:
    quint64 m_id = 0;
};

} // namespace interleave
