// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QObject>
#include <functional>

class QTimer;

namespace interleave {

// Replays a run: a position in trace time that moves while playing, driven by a frame clock (a QTimer firing
// about 60 times a second that reads a monotonic clock; never a sleep), and that can be scrubbed, stepped from
// event to event and sped up or slowed down. Widget-free, so tests drive it with their own clock.
//
// Races take microseconds, so real time would be over before the eye sees it: at 1× the whole run plays in
// `playDuration` (10 s) of wall time, whatever its own length; the speed goes from 0.1× to 10×.
//
// When a run is set the position sits at its end: everything shown, nothing changed for someone who never
// presses Play.
class Playback : public QObject {
    Q_OBJECT
public:
    using Clock = std::function<qint64()>; // monotonic nanoseconds

    explicit Playback(QObject* parent = nullptr);

    // Tests inject a clock they advance by hand; the default reads a QElapsedTimer.
    void setClock(Clock clock);

    // The run: [startNs, endNs] and the times a step stops at (statement starts and ends, any order).
    void setRun(qint64 startNs, qint64 endNs, QList<qint64> eventTimes = {});
    void clear();
    qint64 startNs() const { return m_startNs; }
    qint64 endNs() const { return m_endNs; }
    bool isEmpty() const { return m_endNs <= m_startNs && m_eventTimes.isEmpty(); }

    qint64 position() const { return m_position; }
    bool atEnd() const { return m_position >= m_endNs; }
    bool isPlaying() const { return m_playing; }
    double speed() const { return m_speed; }
    // Trace nanoseconds per wall-clock second at 1×.
    double traceNsPerSecond() const;

    static constexpr double minSpeed = 0.1;
    static constexpr double maxSpeed = 10;
    static constexpr qint64 playDuration = 10'000'000'000; // ns of wall time for the whole run at 1×
    static constexpr int frameInterval = 16; // ms

public Q_SLOTS:
    void setPosition(qint64 ns); // scrubbing: clamped to the run
    void play(); // from the start when at the end
    void pause();
    void togglePlaying();
    void stepForward(); // to the next event time after the position
    void stepBackward(); // to the previous one
    void setSpeed(double speed); // clamped to [minSpeed, maxSpeed]
    void toEnd();

    // One frame: moves the position by the wall time since the last frame. The timer calls it; tests too.
    void advance();

Q_SIGNALS:
    void positionChanged(qint64 ns);
    void playingChanged(bool playing);
    void speedChanged(double speed);

private:
    Clock m_clock;
    QTimer* m_timer = nullptr;
    qint64 m_startNs = 0;
    qint64 m_endNs = 0;
    QList<qint64> m_eventTimes; // sorted, unique
    qint64 m_position = 0;
    double m_remainder = 0; // fractions of a trace nanosecond carried between frames
    qint64 m_lastTick = 0;
    bool m_playing = false;
    double m_speed = 1;
};

} // namespace interleave
