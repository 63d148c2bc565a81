// SPDX-License-Identifier: MIT
#include "serversockets.h"

#include <QHash>
#include <condition_variable>
#include <csignal>
#include <fcntl.h>
#include <mutex>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace interleave {

using Clock = std::chrono::steady_clock;

struct SocketRegistry {
    struct Entry {
        int fd = -1; // the registry's own duplicate
        std::shared_ptr<SocketGroup> group;
        bool busy = false;
        Clock::time_point started;
        Clock::time_point deadline;
        ServerSocket::Cut cut = ServerSocket::Cut::None;
        bool cutInThisRoundTrip = false;
    };

    std::mutex mutex;
    std::condition_variable wake; // to the registry's thread: a deadline earlier than the one it sleeps until
    mutable std::condition_variable stopped; // to SocketGroup::waitForStop
    QHash<quint64, Entry> entries;
    quint64 nextId = 1;
    Clock::time_point wakeAt = Clock::time_point::max();
    bool threadStarted = false;

    // The one instance lives as long as the process: connections may close during static destruction (a run owned
    // by a static), and its thread, which only ever sleeps between deadlines, ends with the process.
    static SocketRegistry& instance()
    {
        static SocketRegistry* registry = new SocketRegistry;
        return *registry;
    }

    void startThread(std::unique_lock<std::mutex>&)
    {
        if (threadStarted)
            return;
        threadStarted = true;
        // A write to a socket the registry shut down must fail with EPIPE, not end the process. libpq sends with
        // MSG_NOSIGNAL already; this covers MariaDB's client and anything else. A handler someone installed stays.
        struct sigaction previous { };
        if (::sigaction(SIGPIPE, nullptr, &previous) == 0 && previous.sa_handler == SIG_DFL)
            std::signal(SIGPIPE, SIG_IGN);
        std::thread([this] { run(); }).detach();
    }

    // With the mutex held. shutdown(2) on the duplicate acts on the socket itself, so the driver's blocked call on
    // its own descriptor returns.
    void cutEntry(Entry& e, ServerSocket::Cut why)
    {
        if (e.cut != ServerSocket::Cut::None)
            return;
        ::shutdown(e.fd, SHUT_RDWR);
        e.cut = why;
        if (e.busy)
            e.cutInThisRoundTrip = true;
    }

    void abandonGroup(const std::shared_ptr<SocketGroup>& group)
    {
        group->m_abandoned = true;
        for (Entry& e : entries)
            if (e.group == group)
                cutEntry(e, ServerSocket::Cut::Abandoned);
    }

    // When a busy entry must be cut, and why.
    static std::pair<Clock::time_point, ServerSocket::Cut> dueOf(const Entry& e)
    {
        auto due = std::make_pair(e.deadline, ServerSocket::Cut::Timeout);
        if (e.group && e.group->m_stopped) {
            const Clock::time_point abandonAt = std::max(e.group->m_stoppedAt, e.started) + e.group->m_grace;
            if (abandonAt < due.first)
                due = { abandonAt, ServerSocket::Cut::Abandoned };
        }
        return due;
    }

    void run()
    {
        std::unique_lock lock(mutex);
        for (;;) {
            const Clock::time_point now = Clock::now();
            Clock::time_point next = Clock::time_point::max();
            QList<std::shared_ptr<SocketGroup>> abandoned;
            for (Entry& e : entries) {
                if (!e.busy || e.cut != ServerSocket::Cut::None)
                    continue;
                const auto [due, why] = dueOf(e);
                if (due <= now) {
                    if (why == ServerSocket::Cut::Abandoned)
                        abandoned.append(e.group);
                    else
                        cutEntry(e, why);
                } else {
                    next = std::min(next, due);
                }
            }
            for (const auto& group : std::as_const(abandoned))
                abandonGroup(group);
            wakeAt = next;
            if (next == Clock::time_point::max())
                wake.wait(lock);
            else
                wake.wait_until(lock, next);
        }
    }

    // With the mutex held: a deadline the thread must not sleep past.
    void wantWakeBy(Clock::time_point when)
    {
        if (when < wakeAt) {
            wakeAt = when;
            wake.notify_one();
        }
    }
};

void SocketGroup::stop(std::chrono::milliseconds grace)
{
    SocketRegistry& r = SocketRegistry::instance();
    std::lock_guard lock(r.mutex);
    if (m_stopped)
        return;
    m_stopped = true;
    m_stoppedAt = Clock::now();
    m_grace = grace;
    r.stopped.notify_all();
    // A busy socket of this group now has an earlier deadline.
    for (const SocketRegistry::Entry& e : std::as_const(r.entries))
        if (e.busy && e.group.get() == this) {
            r.wantWakeBy(m_stoppedAt + grace);
            break;
        }
}

bool SocketGroup::isStopped() const
{
    SocketRegistry& r = SocketRegistry::instance();
    std::lock_guard lock(r.mutex);
    return m_stopped;
}

bool SocketGroup::isAbandoned() const
{
    SocketRegistry& r = SocketRegistry::instance();
    std::lock_guard lock(r.mutex);
    return m_abandoned;
}

std::chrono::milliseconds SocketGroup::grace() const
{
    SocketRegistry& r = SocketRegistry::instance();
    std::lock_guard lock(r.mutex);
    return m_grace;
}

bool SocketGroup::waitForStop(std::chrono::milliseconds timeout) const
{
    SocketRegistry& r = SocketRegistry::instance();
    std::unique_lock lock(r.mutex);
    return r.stopped.wait_for(lock, timeout, [this] { return m_stopped; });
}

ServerSocket::ServerSocket(int fd, std::shared_ptr<SocketGroup> group)
{
    if (fd < 0)
        return;
    const int own = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (own < 0)
        return;
    SocketRegistry& r = SocketRegistry::instance();
    std::unique_lock lock(r.mutex);
    r.startThread(lock);
    m_id = r.nextId++;
    SocketRegistry::Entry& e = r.entries[m_id];
    e.fd = own;
    e.group = std::move(group);
    if (e.group && e.group->m_abandoned) // the run gave up on the server while this connection was being made
        r.cutEntry(e, Cut::Abandoned);
}

ServerSocket::~ServerSocket()
{
    if (!m_id)
        return;
    SocketRegistry& r = SocketRegistry::instance();
    int fd = -1;
    {
        std::lock_guard lock(r.mutex);
        fd = r.entries.take(m_id).fd;
    }
    ::close(fd);
}

void ServerSocket::begin(std::chrono::milliseconds timeout)
{
    if (!m_id)
        return;
    SocketRegistry& r = SocketRegistry::instance();
    std::lock_guard lock(r.mutex);
    SocketRegistry::Entry& e = r.entries[m_id];
    e.busy = true;
    e.cutInThisRoundTrip = false;
    e.started = Clock::now();
    e.deadline = e.started + timeout;
    r.wantWakeBy(SocketRegistry::dueOf(e).first);
}

ServerSocket::Cut ServerSocket::end()
{
    if (!m_id)
        return Cut::None;
    SocketRegistry& r = SocketRegistry::instance();
    std::lock_guard lock(r.mutex);
    SocketRegistry::Entry& e = r.entries[m_id];
    e.busy = false;
    return e.cutInThisRoundTrip ? e.cut : Cut::None;
}

ServerSocket::Cut ServerSocket::cut() const
{
    if (!m_id)
        return Cut::None;
    SocketRegistry& r = SocketRegistry::instance();
    std::lock_guard lock(r.mutex);
    return r.entries.value(m_id).cut;
}

int ServerSocket::liveCount()
{
    SocketRegistry& r = SocketRegistry::instance();
    std::lock_guard lock(r.mutex);
    return int(r.entries.size());
}

namespace {

QString seconds(std::chrono::milliseconds ms)
{
    const qint64 n = ms.count();
    return n % 1000 == 0 ? QString::number(n / 1000) : QString::number(double(n) / 1000.0, 'f', n % 100 == 0 ? 1 : 3);
}

} // namespace

QString ServerSocket::message(Cut cut, std::chrono::milliseconds timeout, std::chrono::milliseconds grace)
{
    switch (cut) {
    case Cut::None:
        break;
    case Cut::Timeout:
        return u"the server did not answer within %1 s (reply_timeout_ms); Interleave dropped the connection"_s.arg(
            seconds(timeout));
    case Cut::Abandoned:
        return u"abandoned at Stop: the server did not answer within %1 s of the cancel; Interleave dropped the "
               "connection"_s.arg(seconds(grace));
    }
    return {};
}

} // namespace interleave
