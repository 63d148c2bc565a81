// SPDX-License-Identifier: MIT
#pragma once

#include "palette.h"

#include <QList>
#include <QObject>

class QAction;
class QComboBox;
class QDockWidget;
class QUndoStack;
class QLineEdit;
class QMainWindow;
class QMenu;

namespace interleave {

class ScenarioDocument;
class ScenarioEditor;

// The window's menus (File, Edit, Examples, Run, View), its main toolbar (Open, the example and schedule boxes,
// the script field, Run and Stop) and its window-wide shortcuts, in one place. The document's and the editor's
// actions are wired here; the window wires Run, Stop, Replay, the exports and the toolbar's boxes to itself, and
// the modes add their own actions to the Run and View menus.
class WindowActions : public QObject {
    Q_OBJECT
public:
    WindowActions(QMainWindow* window, ScenarioDocument* document, ScenarioEditor* editor, QDockWidget* scenarioDock,
        Palette::Theme current);

    QAction* open() const { return m_open; }
    QAction* database() const { return m_database; }
    QAction* run() const { return m_run; }
    QAction* stop() const { return m_stop; }
    QAction* replay() const { return m_replay; }
    QAction* exportTimeline() const { return m_exportTimeline; }
    QAction* exportTrace() const { return m_exportTrace; }
    QAction* presenter() const { return m_presenter; }
    QAction* lab() const { return m_lab; } // Tools → Isolation Lab… (Ctrl+L)
    QComboBox* exampleCombo() const { return m_exampleCombo; }
    QComboBox* modeCombo() const { return m_modeCombo; }
    QLineEdit* scriptEdit() const { return m_scriptEdit; }
    QMenu* runMenu() const { return m_runMenu; }
    QMenu* viewMenu() const { return m_viewMenu; }

    void addViewActions(const QList<QAction*>& actions); // after a separator
    // File → Open Lesson… (after Examples…), and Next Item / Previous Item at the end of the Run menu.
    void addLessonActions(QAction* open, QAction* next, QAction* previous);
    // View → Presenter Mode, last; the menu bar hides in presenter mode, so the window keeps its keys and Run's and
    // Stop's.
    void addPresenterAction(QMainWindow* window);
    // Undo and Redo follow the editor's stack, but not while an exploration or a stress run goes on.
    void updateUndo(bool running);

Q_SIGNALS:
    void themeChosen(Palette::Theme current);
    void databaseRequested(); // Run → Database… (Ctrl+D)

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    bool m_running = false;
    QAction* m_open = nullptr;
    QAction* m_quit = nullptr;
    QAction* m_run = nullptr;
    QAction* m_stop = nullptr;
    QAction* m_replay = nullptr;
    QAction* m_database = nullptr;
    QAction* m_exportTimeline = nullptr;
    QAction* m_exportTrace = nullptr;
    QUndoStack* m_stack = nullptr; // the editor's
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    QAction* m_presenter = nullptr;
    QAction* m_lab = nullptr;
    QComboBox* m_exampleCombo = nullptr;
    QComboBox* m_modeCombo = nullptr;
    QLineEdit* m_scriptEdit = nullptr;
    QMenu* m_fileMenu = nullptr;
    QAction* m_examples = nullptr;
    QMenu* m_runMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
};

} // namespace interleave
