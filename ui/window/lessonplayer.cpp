// SPDX-License-Identifier: MIT
#include "lessonplayer.h"

#include "mainwindow.h"
#include "prompts.h"
#include "resultpane.h"
#include "scenariodocument.h"
#include "stepmode.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QStatusBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace interleave {

LessonPlayer::LessonPlayer(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    m_openAction = new QAction(u"Open &Lesson…"_s, this);
    m_openAction->setObjectName(u"openLessonAction"_s);
    m_openAction->setToolTip(u"Open a lesson: the examples of a class in order, with what to say and ask"_s);
    connect(m_openAction, &QAction::triggered, this, &LessonPlayer::chooseFile);
    m_nextAction = new QAction(u"&Next Item"_s, this);
    m_nextAction->setObjectName(u"nextItemAction"_s);
    m_nextAction->setShortcut(QKeySequence(Qt::Key_PageDown));
    m_nextAction->setToolTip(u"The lesson's next item (Page Down)"_s);
    connect(m_nextAction, &QAction::triggered, this, &LessonPlayer::next);
    m_previousAction = new QAction(u"&Previous Item"_s, this);
    m_previousAction->setObjectName(u"previousItemAction"_s);
    m_previousAction->setShortcut(QKeySequence(Qt::Key_PageUp));
    m_previousAction->setToolTip(u"The lesson's previous item (Page Up)"_s);
    connect(m_previousAction, &QAction::triggered, this, &LessonPlayer::previous);
    // The menu bar hides in presenter mode, where a lesson is played: the window keeps the keys.
    m_window->addAction(m_nextAction);
    m_window->addAction(m_previousAction);

    // What the teacher says, above the narration ("What happened").
    m_say = new QLabel;
    m_say->setObjectName(u"lessonSay"_s);
    m_say->setTextFormat(Qt::PlainText);
    m_say->setWordWrap(true);
    m_say->setContentsMargins(4, 4, 4, 2);
    m_say->setVisible(false);
    if (auto* layout = qobject_cast<QVBoxLayout*>(m_window->stepMode()->narrationPane()->layout()))
        layout->insertWidget(0, m_say);
    updateActions();
}

QString LessonPlayer::position() const
{
    if (!m_lesson || m_current < 0)
        return {};
    return u"item %1 of %2"_s.arg(m_current + 1).arg(m_lesson->items.size());
}

void LessonPlayer::updateActions()
{
    m_nextAction->setEnabled(m_lesson && m_current + 1 < m_lesson->items.size());
    m_previousAction->setEnabled(m_lesson && m_current > 0);
}

void LessonPlayer::chooseFile()
{
    const QString path =
        QFileDialog::getOpenFileName(m_window, u"Open lesson"_s, QString(), u"Lessons (*.json);;All files (*)"_s);
    if (path.isEmpty())
        return;
    if (const Attempt opened = open(path); !opened)
        showWarning(m_window, u"Cannot open lesson"_s, opened.error);
}

Attempt LessonPlayer::open(const QString& reference)
{
    ScenarioError error;
    std::optional<Lesson> lesson = Lesson::read(reference, &error);
    if (!lesson) {
        m_window->statusBar()->showMessage(error.toString());
        return Attempt::failed(error.toString());
    }
    const std::optional<Lesson> before = std::move(m_lesson);
    const int beforeItem = m_current;
    m_lesson = std::move(lesson);
    m_current = -1;
    if (const Attempt first = goTo(0); !first) {
        m_lesson = before;
        m_current = beforeItem;
        updateActions();
        return first;
    }
    return Attempt::done();
}

Attempt LessonPlayer::goTo(int index)
{
    const auto refuse = [this](const QString& why) {
        m_window->statusBar()->showMessage(why, 8000);
        return Attempt::failed(why);
    };
    if (!m_lesson || index < 0 || index >= m_lesson->items.size())
        return Attempt::failed(u"no such item"_s);
    if (m_window->isBatchRunning())
        return refuse(u"A run is going on: stop it (Esc) before the next item"_s);
    const Lesson::Item& item = m_lesson->items.at(index);
    // The server the window runs on now is "the window's connection" for an item that names its kind.
    const QString current = m_window->database();
    if (current != u"sqlite"_s) {
        QString ignored;
        if (const auto spec = BackendSpec::fromCommandLine(current, &ignored); spec && spec->isServer())
            m_servers.insert(int(spec->kind), spec->url);
    }
    // A real edit of the scenario still asks; the items' own choices (mode, script) never do.
    if (!m_window->document()->maybeSave())
        return Attempt::failed(u"the scenario's changes were neither saved nor dropped"_s);
    const Attempt loaded = item.example.isEmpty() ? m_window->document()->loadFile(item.scenarioPath)
                                                  : m_window->document()->loadExample(item.example);
    if (!loaded)
        return loaded;
    m_current = index;
    m_window->setScheduleMode(item.mode);
    if (!item.script.isEmpty())
        m_window->setScript(item.script.join(u','));
    QString note;
    if (item.backend) {
        const BackendSpec::Kind kind = *item.backend;
        QString ignored;
        if (kind == BackendSpec::Kind::Sqlite)
            m_window->setDatabase(u"sqlite"_s, &ignored);
        else if (m_servers.contains(int(kind)))
            m_window->setDatabase(m_servers.value(int(kind)), &ignored);
        else if (m_window->document()->scenario().backend.kind != kind
            || m_window->document()->scenario().backend.url.isEmpty())
            note = u" — this item runs on %1: connect one with Run → Database… (Ctrl+D)"_s.arg(
                BackendSpec::displayName(kind));
    }
    m_say->setText(item.say);
    m_say->setVisible(!item.say.isEmpty());
    m_window->resultPane()->setQuestion(item.ask);
    updateActions();
    const QString minutes = item.minutes > 0 ? u", %1 min"_s.arg(item.minutes) : QString();
    m_window->statusBar()->showMessage(u"Lesson, %1 (%2, %3%4)%5%6"_s.arg(position(), item.label(),
        ScheduleSpec::modeName(item.mode), minutes, note, item.say.isEmpty() ? QString() : u": "_s + item.say));
    Q_EMIT itemChanged();
    return Attempt::done();
}

void LessonPlayer::next()
{
    if (m_lesson && m_current + 1 < m_lesson->items.size())
        goTo(m_current + 1);
}

void LessonPlayer::previous()
{
    if (m_lesson && m_current > 0)
        goTo(m_current - 1);
}

} // namespace interleave
