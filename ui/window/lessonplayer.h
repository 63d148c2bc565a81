// SPDX-License-Identifier: MIT
#pragma once

#include "attempt.h"
#include "lesson.h"

#include <QHash>
#include <QObject>

class QAction;
class QLabel;

namespace interleave {

class MainWindow;

// Plays a lesson (engine/lesson/lesson.h) in the window, item by item: each item opens its example or scenario in
// its schedule mode (a view choice: no "save changes?" for it, while a real edit of the scenario still asks), on its
// database when it names one (a server's URL is the window's connection, never the file's), with its script. What
// the teacher says shows above the narration; the question for the class shows above the timeline in presenter
// mode; the window's title names the item ("item 3 of 10"). File → Open Lesson…, Next Item (PageDown) and Previous
// Item (PageUp).
class LessonPlayer : public QObject {
    Q_OBJECT
public:
    explicit LessonPlayer(MainWindow* window);

    QAction* openAction() const { return m_openAction; }
    QAction* nextAction() const { return m_nextAction; }
    QAction* previousAction() const { return m_previousAction; }
    QLabel* sayLabel() const { return m_say; }

    bool hasLesson() const { return m_lesson.has_value(); }
    const Lesson& lesson() const { return *m_lesson; }
    int currentItem() const { return m_current; } // -1 before the first
    QString position() const; // "item 3 of 10", empty without a lesson

    // A lesson file, or "lesson:NAME": read, and its first item opened; the reason (file, line, field) when not.
    Attempt open(const QString& reference);
    // Opens item `index` (0-based); says why not (a run going on, "save changes?" cancelled, a file gone).
    Attempt goTo(int index);

public Q_SLOTS:
    void next();
    void previous();
    void chooseFile(); // File → Open Lesson…

Q_SIGNALS:
    void itemChanged(); // another item is shown (or the lesson closed)

private:
    void updateActions();

    MainWindow* m_window;
    std::optional<Lesson> m_lesson;
    int m_current = -1;
    QHash<int, QString> m_servers; // BackendSpec::Kind → the last server URL of that kind the window ran on
    QAction* m_openAction = nullptr;
    QAction* m_nextAction = nullptr;
    QAction* m_previousAction = nullptr;
    QLabel* m_say = nullptr;
};

} // namespace interleave
