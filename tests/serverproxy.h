// SPDX-License-Identifier: MIT
#pragma once

// Fault injection for the server tests, without mocks: a TCP proxy in front of a real test server, on a thread of its
// own. Interleave connects to the proxy's port instead of the server's; the test can then
//  - freeze it: nothing is forwarded any more, in either direction, and new connections wait in the kernel's accept
//    queue. To a client this is exactly a server stopped with SIGSTOP: the TCP connections stay up, nothing answers.
//  - cut it: every connection is closed at once, as when the server process dies.
//  - thaw it: forwarding resumes where it stopped.
// Both faults can also be armed to strike when a given string first passes from the client to the server (a lookup
// value in a statement, the login in a connection's start-up message), so that a test hits one statement exactly:
// the string is forwarded, then the proxy freezes (the statement reached the server, its answer never comes back) or
// cuts before forwarding it. And it can hold back a statement on every connection until a number of connections have
// sent it, then let them all through at once: a race window made as wide as the test needs.

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <fcntl.h>
#include <functional>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace interleave::test {

class ServerProxy {
public:
    enum class Action {
        Freeze,
        Cut,
        Pass, // only note that it passed (waitUntilStruck)
    };

    explicit ServerProxy(quint16 serverPort)
        : m_serverPort(serverPort)
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const int one = 1;
        ::setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in address = loopback(0);
        if (::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0
            || ::listen(m_listener, 128) != 0) {
            ::close(m_listener);
            m_listener = -1;
            return;
        }
        socklen_t length = sizeof address;
        ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
        m_port = ntohs(address.sin_port);
        setNonBlocking(m_listener);
        if (::pipe2(m_wake, O_CLOEXEC | O_NONBLOCK) != 0)
            return;
        m_thread = std::thread([this] { loop(); });
    }

    ~ServerProxy()
    {
        command([this] { m_stop = true; });
        if (m_thread.joinable())
            m_thread.join();
        for (const Pair& p : m_pairs)
            closePair(p);
        for (const int fd : { m_listener, m_wake[0], m_wake[1] })
            if (fd >= 0)
                ::close(fd);
    }
    ServerProxy(const ServerProxy&) = delete;
    ServerProxy& operator=(const ServerProxy&) = delete;

    bool isListening() const { return m_thread.joinable(); }
    quint16 port() const { return m_port; }
    // A test server's URL ("postgresql://interleave@127.0.0.1:55432/interleave") pointed at the proxy.
    QString url(const QString& serverUrl) const
    {
        QUrl u(serverUrl);
        u.setPort(m_port);
        return u.toString();
    }

    // Each returns once the proxy's thread has taken it in: after freeze(), not one more byte is forwarded.
    void freeze()
    {
        command([this] { m_frozen = true; });
    }
    void thaw()
    {
        command([this] { m_frozen = false; });
    }
    void cut()
    {
        command([this] { cutAll(); });
    }
    // Strikes when `marker` first passes from a client to the server (within one read; markers are short).
    void strikeOnSend(const QByteArray& marker, Action action)
    {
        command([&] {
            m_marker = marker;
            m_action = action;
            m_struck = false;
        });
    }

    // Holds each client's data containing `marker` until `connections` clients have sent it, then forwards them all.
    void holdUntil(const QByteArray& marker, int connections)
    {
        command([&] {
            m_holdMarker = marker;
            m_holdCount = connections;
            m_held = 0;
        });
    }
    int held() const
    {
        std::lock_guard lock(m_mutex);
        return m_held;
    }

    bool isFrozen() const
    {
        std::lock_guard lock(m_mutex);
        return m_frozen;
    }
    // Waits until the proxy is frozen (by freeze() or a marker) or `timeout` passes.
    bool waitUntilFrozen(std::chrono::milliseconds timeout) const
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [this] { return m_frozen; });
    }
    // Waits until a marker struck.
    bool waitUntilStruck(std::chrono::milliseconds timeout) const
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [this] { return m_struck; });
    }
    int connections() const
    {
        std::lock_guard lock(m_mutex);
        return int(m_pairs.size());
    }
    int accepted() const
    {
        std::lock_guard lock(m_mutex);
        return m_accepted;
    }

private:
    struct Pair {
        int client = -1;
        int server = -1;
        QByteArray toServer; // read from the client, not yet written to the server
        QByteArray toClient;
        bool closed = false;
        bool held = false; // toServer waits for the other connections (holdUntil)
    };

    static sockaddr_in loopback(quint16 port)
    {
        sockaddr_in a {};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return a;
    }
    static void setNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }
    static void closePair(const Pair& p)
    {
        for (const int fd : { p.client, p.server })
            if (fd >= 0)
                ::close(fd);
    }

    // Runs `change` on the proxy's thread, under the mutex, and waits until the thread has run it.
    template<typename F>
    void command(F change)
    {
        if (!m_thread.joinable())
            return;
        std::unique_lock lock(m_mutex);
        const quint64 wanted = ++m_commandsAsked;
        m_pending.push_back(change);
        const char byte = 'c';
        [[maybe_unused]] const auto written = ::write(m_wake[1], &byte, 1);
        m_changed.wait(lock, [&] { return m_commandsDone >= wanted; });
    }

    void cutAll()
    {
        for (Pair& p : m_pairs) {
            closePair(p);
            p.closed = true;
        }
        m_pairs.clear();
        m_changed.notify_all();
    }

    // Moves what can be moved from `from` to `to` through `buffer`; false when either side closed.
    bool forward(Pair& p, bool fromClient, bool canRead)
    {
        const int from = fromClient ? p.client : p.server;
        const int to = fromClient ? p.server : p.client;
        QByteArray& buffer = fromClient ? p.toServer : p.toClient;
        if (canRead) {
            char chunk[65536];
            const ssize_t n = ::read(from, chunk, sizeof chunk);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
                return false;
            if (n > 0) {
                const QByteArray data(chunk, qsizetype(n));
                if (fromClient && !m_marker.isEmpty() && data.contains(m_marker)) {
                    m_marker.clear();
                    m_struck = true;
                    m_changed.notify_all();
                    if (m_action == Action::Cut) {
                        m_cutNow = true;
                        return true;
                    }
                    buffer += data;
                    if (m_action == Action::Pass)
                        return flush(to, buffer);
                    flush(to, buffer);
                    m_frozen = true; // the statement reached the server; its answer will not come back
                    return true;
                }
                buffer += data;
                if (fromClient && !m_holdMarker.isEmpty() && data.contains(m_holdMarker)) {
                    p.held = true;
                    if (++m_held >= m_holdCount) {
                        m_holdMarker.clear();
                        for (Pair& other : m_pairs)
                            if (other.held) {
                                other.held = false;
                                flush(other.server, other.toServer);
                            }
                    }
                    m_changed.notify_all();
                }
            }
        }
        if (fromClient && p.held)
            return true;
        return flush(to, buffer);
    }

    static bool flush(int to, QByteArray& buffer)
    {
        while (!buffer.isEmpty()) {
            const ssize_t n = ::send(to, buffer.constData(), size_t(buffer.size()), MSG_NOSIGNAL);
            if (n < 0)
                return errno == EAGAIN || errno == EINTR;
            buffer.remove(0, qsizetype(n));
        }
        return true;
    }

    void accept()
    {
        for (;;) {
            const int client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
            if (client < 0)
                return;
            const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_in address = loopback(m_serverPort);
            if (::connect(server, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
                ::close(server);
                ::close(client);
                continue;
            }
            const int one = 1;
            ::setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            setNonBlocking(server);
            Pair p;
            p.client = client;
            p.server = server;
            m_pairs.push_back(p);
            ++m_accepted;
        }
    }

    void loop()
    {
        std::unique_lock lock(m_mutex);
        while (!m_stop) {
            std::vector<pollfd> fds;
            fds.push_back({ m_wake[0], POLLIN, 0 });
            if (!m_frozen) {
                fds.push_back({ m_listener, POLLIN, 0 });
                for (const Pair& p : m_pairs) {
                    fds.push_back({ p.client, short(POLLIN | (p.toClient.isEmpty() ? 0 : POLLOUT)), 0 });
                    fds.push_back({ p.server, short(POLLIN | (p.toServer.isEmpty() || p.held ? 0 : POLLOUT)), 0 });
                }
            }
            lock.unlock();
            ::poll(fds.data(), nfds_t(fds.size()), -1);
            lock.lock();
            if (fds[0].revents & POLLIN) {
                char drain[64];
                while (::read(m_wake[0], drain, sizeof drain) > 0) { }
            }
            if (!m_pending.empty()) { // the pairs may have changed: poll again before moving data
                for (auto& change : m_pending)
                    change();
                m_commandsDone += quint64(m_pending.size());
                m_pending.clear();
                m_changed.notify_all();
                continue;
            }
            if (m_frozen || fds.size() == 1)
                continue;
            if (fds[1].revents & POLLIN)
                accept();
            // The pairs polled are the first ones of m_pairs (accept() only appends).
            const std::size_t polled = (fds.size() - 2) / 2;
            for (std::size_t i = 0; i < polled && i < m_pairs.size() && !m_frozen && !m_cutNow; ++i) {
                Pair& p = m_pairs[i];
                const short c = fds[2 + 2 * i].revents;
                const short s = fds[3 + 2 * i].revents;
                const bool ok = forward(p, true, c & (POLLIN | POLLHUP | POLLERR))
                    && (m_frozen || m_cutNow || forward(p, false, s & (POLLIN | POLLHUP | POLLERR)));
                if (!ok) {
                    closePair(p);
                    p.closed = true;
                }
            }
            if (m_cutNow) {
                m_cutNow = false;
                cutAll();
            }
            std::erase_if(m_pairs, [](const Pair& p) { return p.closed; });
        }
    }

    const quint16 m_serverPort;
    quint16 m_port = 0;
    int m_listener = -1;
    int m_wake[2] = { -1, -1 };
    std::thread m_thread;
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    std::vector<std::function<void()>> m_pending;
    quint64 m_commandsAsked = 0;
    quint64 m_commandsDone = 0;
    std::vector<Pair> m_pairs; // the proxy's thread's, and the commands' (under the mutex)
    bool m_frozen = false;
    bool m_stop = false;
    bool m_struck = false;
    bool m_cutNow = false;
    int m_accepted = 0;
    QByteArray m_marker;
    QByteArray m_holdMarker;
    int m_holdCount = 0;
    int m_held = 0;
    Action m_action = Action::Freeze;
};

} // namespace interleave::test
