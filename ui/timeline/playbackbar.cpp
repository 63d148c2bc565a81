// SPDX-License-Identifier: MIT
#include "playbackbar.h"

#include "logmodel.h"
#include "playback.h"
#include "timelinelayout.h"
#include "timelineview.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QTableView>

using namespace Qt::StringLiterals;

namespace interleave {

QList<bool> rowsAtTime(const TimelineLayout& layout, int rowCount, qint64 ns)
{
    QList<bool> shown(rowCount, true);
    const auto& events = layout.trace().events;
    for (const auto& marker : layout.rowMarkers()) {
        if (marker.event < 0 || marker.event >= events.size())
            continue;
        for (const int row : marker.rows) { // a multi-row INSERT made them all at once
            if (row >= 0 && row < rowCount)
                shown[row] = events.at(marker.event).endNs <= ns;
        }
    }
    return shown;
}

int logRowsAtTime(const LogModel& log, qint64 ns)
{
    // Log lines are in start order: a binary search over them.
    const auto& events = log.trace().events;
    int low = 0;
    int high = log.rowCount();
    while (low < high) {
        const int middle = (low + high) / 2;
        const int event = log.eventIndex(middle);
        if (event >= 0 && events.at(event).startNs <= ns)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

namespace {

QString msText(qint64 ns)
{
    return QString::number(double(ns) / 1e6, 'f', 3);
}

} // namespace

PlaybackBar::PlaybackBar(TimelineView* timeline, QTableView* rowsView, QTableView* logView, QWidget* parent)
    : QToolBar(u"Playback"_s, parent)
    , m_timeline(timeline)
    , m_rowsView(rowsView)
    , m_logView(logView)
    , m_playback(new Playback(this))
{
    setObjectName(u"playbackToolBar"_s);
    setToolButtonStyle(Qt::ToolButtonIconOnly);

    m_play = addAction(style()->standardIcon(QStyle::SP_MediaPlay), u"&Play"_s);
    m_play->setObjectName(u"playAction"_s);
    m_play->setShortcut(QKeySequence(Qt::Key_Space));
    m_play->setToolTip(u"Replay the run with a playhead (Space)"_s);
    connect(m_play, &QAction::triggered, m_playback, &Playback::togglePlaying);

    m_stepBackward = addAction(style()->standardIcon(QStyle::SP_MediaSeekBackward), u"Step &Back"_s);
    m_stepBackward->setObjectName(u"stepBackwardAction"_s);
    m_stepBackward->setShortcut(QKeySequence(Qt::Key_Comma));
    m_stepBackward->setToolTip(u"To the previous statement start or end (,)"_s);
    connect(m_stepBackward, &QAction::triggered, m_playback, &Playback::stepBackward);

    m_stepForward = addAction(style()->standardIcon(QStyle::SP_MediaSeekForward), u"Step &Forward"_s);
    m_stepForward->setObjectName(u"stepForwardAction"_s);
    m_stepForward->setShortcut(QKeySequence(Qt::Key_Period));
    m_stepForward->setToolTip(u"To the next statement start or end (.)"_s);
    connect(m_stepForward, &QAction::triggered, m_playback, &Playback::stepForward);

    m_speed = new QComboBox(this);
    m_speed->setObjectName(u"playbackSpeed"_s);
    m_speed->setToolTip(u"Playback speed: at 1× the whole run plays in 10 seconds"_s);
    for (const double speed : { 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0 })
        m_speed->addItem(QString::number(speed) + u"×"_s, speed);
    m_speed->setCurrentIndex(3);
    connect(m_speed, &QComboBox::currentIndexChanged, this,
        [this](int index) { m_playback->setSpeed(m_speed->itemData(index).toDouble()); });
    addWidget(m_speed);

    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(u"playbackSlider"_s);
    m_slider->setRange(0, 10000);
    m_slider->setMinimumWidth(160);
    m_slider->setToolTip(u"Drag to move the playhead through the run"_s);
    connect(m_slider, &QSlider::valueChanged, this, [this](int value) {
        const qint64 span = m_playback->endNs() - m_playback->startNs();
        m_playback->setPosition(m_playback->startNs() + qint64(double(span) * value / m_slider->maximum()));
    });
    addWidget(m_slider);

    m_position = new QLabel(this);
    m_position->setObjectName(u"playbackPosition"_s);
    m_position->setContentsMargins(6, 0, 6, 0);
    addWidget(m_position);
    addSeparator();
    addAction(m_timeline->timeAxisAction());

    // Space and , . act where the run is shown (the timeline, the tables, this bar), not window-wide: a focused
    // button elsewhere keeps its Space, and typing in an editor keeps its punctuation.
    for (QAction* action : playbackActions()) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_timeline->addAction(action);
        m_rowsView->addAction(action);
        m_logView->addAction(action);
    }

    connect(m_playback, &Playback::positionChanged, this, &PlaybackBar::follow);
    connect(m_playback, &Playback::playingChanged, this, [this](bool playing) {
        m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
        m_play->setText(playing ? u"&Pause"_s : u"&Play"_s);
    });
    connect(m_timeline, &TimelineView::dataChanged, this, &PlaybackBar::restart);
    if (m_rowsView->model())
        connect(m_rowsView->model(), &QAbstractItemModel::modelReset, this, [this] { m_rowsShown.clear(); });
    if (m_logView->model())
        connect(m_logView->model(), &QAbstractItemModel::modelReset, this, [this] { m_logShown = -1; });
    restart();
}

void PlaybackBar::restart()
{
    const TimelineLayout& layout = m_timeline->timelineLayout();
    QList<qint64> times;
    times.reserve(layout.boxes().size() * 2);
    for (const auto& box : layout.boxes()) {
        const TraceEvent& event = layout.trace().events.at(box.event);
        times.append(event.startNs);
        times.append(event.endNs);
    }
    const bool empty = layout.isEmpty();
    // From zero, the run's own clock: statement times in the log read the same as the position.
    m_playback->setRun(0, empty ? 0 : layout.endNs(), times);
    for (QAction* action : playbackActions())
        action->setEnabled(!empty);
    m_speed->setEnabled(!empty);
    m_slider->setEnabled(!empty);
    follow(m_playback->position());
}

void PlaybackBar::follow(qint64 ns)
{
    const bool atEnd = m_playback->atEnd();
    m_timeline->setPlayhead(atEnd ? TimelinePainter::noPlayhead : ns);
    {
        const QSignalBlocker blocker(m_slider);
        const qint64 span = std::max<qint64>(1, m_playback->endNs() - m_playback->startNs());
        m_slider->setValue(int(double(ns - m_playback->startNs()) / double(span) * m_slider->maximum()));
    }
    m_position->setText(
        m_playback->endNs() > 0 ? msText(ns) + u" / "_s + msText(m_playback->endNs()) + u" ms"_s : QString());
    updateRows(atEnd ? std::numeric_limits<qint64>::max() : ns);
    updateLog(atEnd ? std::numeric_limits<qint64>::max() : ns);
}

void PlaybackBar::updateRows(qint64 ns)
{
    const int count = m_rowsView->model() ? m_rowsView->model()->rowCount() : 0;
    const QList<bool> shown = rowsAtTime(m_timeline->timelineLayout(), count, ns);
    if (m_rowsShown.size() != count)
        m_rowsShown = QList<bool>(count, true);
    for (int r = 0; r < count; ++r) {
        if (shown.at(r) != m_rowsShown.at(r))
            m_rowsView->setRowHidden(r, !shown.at(r));
    }
    m_rowsShown = shown;
}

void PlaybackBar::updateLog(qint64 ns)
{
    auto* log = qobject_cast<LogModel*>(m_logView->model());
    if (!log)
        return;
    const int count = log->rowCount();
    const int shown = ns == std::numeric_limits<qint64>::max() ? count : logRowsAtTime(*log, ns);
    const int before = m_logShown < 0 ? count : m_logShown;
    // Only the lines between the old and the new boundary change: a million-line log stays quick to scrub.
    for (int r = std::min(shown, before); r < std::max(shown, before) && r < count; ++r)
        m_logView->setRowHidden(r, r >= shown);
    m_logShown = shown;
    if (shown > 0 && shown < count)
        m_logView->scrollTo(log->index(shown - 1, 0)); // the statement that just started
}

} // namespace interleave
