// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QToolBar>

class QAction;
class QComboBox;
class QLabel;
class QSlider;
class QTableView;

namespace interleave {

class LogModel;
class Playback;
class TimelineLayout;
class TimelineView;

// Which rows of the run's final table existed at trace time `ns`, by index into Outcome::rows: a row counts from
// the moment its INSERT statement ended (the inserting worker saw it then; its transaction may commit later, but
// the final table only holds rows whose transaction did commit, so "after its INSERT" is never wrong about which
// rows end up existing and shows the race as it unfolds). Rows with no INSERT in the trace are the table's
// starting rows and always count.
QList<bool> rowsAtTime(const TimelineLayout& layout, int rowCount, qint64 ns);
// How many log lines (statements in start order) had started at or before `ns`.
int logRowsAtTime(const LogModel& log, qint64 ns);

// The playback toolbar: Play/Pause (Space), step to the previous/next event (, and .), a speed box (0.1×–10×), a
// scrub slider and the position. It owns the Playback, paints its playhead into the timeline, and makes the rows
// and log tables follow it: rows that did not exist yet and statements that had not started yet are hidden.
// When a run arrives the playhead sits at its end, so nothing is hidden until someone plays or scrubs.
class PlaybackBar : public QToolBar {
    Q_OBJECT
public:
    PlaybackBar(TimelineView* timeline, QTableView* rowsView, QTableView* logView, QWidget* parent = nullptr);

    Playback* playback() const { return m_playback; }
    QAction* playAction() const { return m_play; }
    QAction* stepForwardAction() const { return m_stepForward; }
    QAction* stepBackwardAction() const { return m_stepBackward; }
    QList<QAction*> playbackActions() const { return { m_play, m_stepBackward, m_stepForward }; }

private:
    void restart(); // a new run in the timeline
    void follow(qint64 ns); // the position moved
    void updateRows(qint64 ns);
    void updateLog(qint64 ns);

    TimelineView* m_timeline;
    QTableView* m_rowsView;
    QTableView* m_logView;
    Playback* m_playback;
    QAction* m_play;
    QAction* m_stepForward;
    QAction* m_stepBackward;
    QComboBox* m_speed;
    QSlider* m_slider;
    QLabel* m_position;
    QList<bool> m_rowsShown; // what the rows view shows now, to touch only rows that change
    int m_logShown = -1; // log lines shown; -1 after a reset (all)
};

} // namespace interleave
