// SPDX-License-Identifier: MIT
#include "interruption.h"

#include <QString>
#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

std::atomic<int> stopSignals { 0 };
static_assert(std::atomic<int>::is_always_lock_free);
int stopPipe[2] = { -1, -1 };

extern "C" void onStopSignal(int signal)
{
    if (stopSignals.fetch_add(1) > 0)
        ::_exit(128 + signal); // the second: the user means it
    const char byte = 's';
    [[maybe_unused]] const ssize_t written = ::write(stopPipe[1], &byte, 1);
}

} // namespace

Interruption::Interruption(std::function<void()> cancel)
    : m_cancel(std::move(cancel))
{
    stopSignals.store(0);
    if (::pipe2(stopPipe, O_CLOEXEC) != 0)
        return;
    m_thread = std::thread([this] {
        for (;;) {
            char byte = 0;
            const ssize_t n = ::read(stopPipe[0], &byte, 1);
            if (n < 0 && errno == EINTR)
                continue;
            if (n != 1 || byte != 's')
                return;
            m_cancel();
        }
    });
    struct sigaction action { };
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &m_previousInterrupt);
    ::sigaction(SIGTERM, &action, &m_previousTerminate);
}

Interruption::~Interruption()
{
    if (!m_thread.joinable())
        return;
    ::sigaction(SIGINT, &m_previousInterrupt, nullptr);
    ::sigaction(SIGTERM, &m_previousTerminate, nullptr);
    const char quit = 'q';
    [[maybe_unused]] const ssize_t written = ::write(stopPipe[1], &quit, 1);
    m_thread.join();
    ::close(stopPipe[0]);
    ::close(stopPipe[1]);
    stopPipe[0] = stopPipe[1] = -1;
}

LongRun::LongRun(QTextStream& err, std::function<void()> cancel)
    : m_err(err)
    , m_terminal(::isatty(STDERR_FILENO) == 1)
    , m_interruption(std::move(cancel))
{
}

LongRun::~LongRun()
{
    if (m_terminal) {
        m_err << u"\r\x1b[K"_s;
        m_err.flush();
    }
}

void LongRun::progress(const QString& line)
{
    if (m_terminal) {
        m_err << u"\r\x1b[K"_s << line;
        m_err.flush();
    }
}

} // namespace interleave
