// SPDX-License-Identifier: MIT
#include "playback.h"

#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <memory>

namespace interleave {

Playback::Playback(QObject* parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    m_clock = [elapsed] { return elapsed->nsecsElapsed(); };
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(frameInterval);
    connect(m_timer, &QTimer::timeout, this, &Playback::advance);
}

void Playback::setClock(Clock clock)
{
    m_clock = std::move(clock);
    m_lastTick = m_clock();
}

void Playback::setRun(qint64 startNs, qint64 endNs, QList<qint64> eventTimes)
{
    pause();
    std::sort(eventTimes.begin(), eventTimes.end());
    eventTimes.erase(std::unique(eventTimes.begin(), eventTimes.end()), eventTimes.end());
    m_eventTimes = std::move(eventTimes);
    m_startNs = startNs;
    m_endNs = std::max(startNs, endNs);
    toEnd();
}

void Playback::clear()
{
    setRun(0, 0);
}

double Playback::traceNsPerSecond() const
{
    return double(std::max<qint64>(1, m_endNs - m_startNs)) * 1e9 / double(playDuration);
}

void Playback::setPosition(qint64 ns)
{
    ns = std::clamp(ns, m_startNs, m_endNs);
    m_remainder = 0;
    if (ns == m_position)
        return;
    m_position = ns;
    Q_EMIT positionChanged(ns);
    if (m_playing && atEnd())
        pause();
}

void Playback::toEnd()
{
    m_position = m_endNs - 1; // so that setPosition() emits
    setPosition(m_endNs);
}

void Playback::play()
{
    if (m_playing || m_endNs <= m_startNs)
        return;
    if (atEnd())
        setPosition(m_startNs);
    m_playing = true;
    m_lastTick = m_clock();
    m_timer->start();
    Q_EMIT playingChanged(true);
}

void Playback::pause()
{
    if (!m_playing)
        return;
    m_playing = false;
    m_timer->stop();
    Q_EMIT playingChanged(false);
}

void Playback::togglePlaying()
{
    if (m_playing)
        pause();
    else
        play();
}

void Playback::stepForward()
{
    pause();
    const auto next = std::upper_bound(m_eventTimes.cbegin(), m_eventTimes.cend(), m_position);
    setPosition(next == m_eventTimes.cend() ? m_endNs : *next);
}

void Playback::stepBackward()
{
    pause();
    const auto at = std::lower_bound(m_eventTimes.cbegin(), m_eventTimes.cend(), m_position);
    setPosition(at == m_eventTimes.cbegin() ? m_startNs : *(at - 1));
}

void Playback::setSpeed(double speed)
{
    speed = std::clamp(speed, minSpeed, maxSpeed);
    if (speed == m_speed)
        return;
    m_speed = speed;
    Q_EMIT speedChanged(speed);
}

void Playback::advance()
{
    if (!m_playing)
        return;
    const qint64 now = m_clock();
    const qint64 wall = std::max<qint64>(0, now - m_lastTick);
    m_lastTick = now;
    const double trace = double(wall) / 1e9 * traceNsPerSecond() * m_speed + m_remainder;
    const auto whole = qint64(std::floor(trace));
    const double remainder = trace - double(whole);
    if (whole > 0)
        setPosition(m_position + whole);
    m_remainder = remainder;
}

} // namespace interleave
