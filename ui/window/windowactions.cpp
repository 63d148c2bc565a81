// SPDX-License-Identifier: MIT
#include "windowactions.h"

#include "challenge.h"
#include "examples.h"
#include "scenariodocument.h"
#include "scenarioeditor.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDockWidget>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace interleave {

WindowActions::WindowActions(QMainWindow* window, ScenarioDocument* document, ScenarioEditor* editor,
    QDockWidget* scenarioDock, Palette::Theme current)
    : QObject(window)
{
    QMenuBar* menus = window->menuBar();
    QMenu* file = m_fileMenu = menus->addMenu(u"&File"_s);
    QAction* newAction = file->addAction(window->style()->standardIcon(QStyle::SP_FileIcon), u"&New"_s);
    newAction->setObjectName(u"newAction"_s);
    newAction->setShortcut(QKeySequence::New);
    newAction->setToolTip(u"A new scenario: two workers racing a get_or_create"_s);
    connect(newAction, &QAction::triggered, document, &ScenarioDocument::newScenario);
    m_open = file->addAction(window->style()->standardIcon(QStyle::SP_DialogOpenButton), u"&Open…"_s);
    m_open->setObjectName(u"openAction"_s);
    m_open->setShortcut(QKeySequence::Open);
    m_open->setToolTip(u"Open a scenario file (*.json)"_s);
    connect(m_open, &QAction::triggered, document, &ScenarioDocument::openFile);
    file->addMenu(document->recentMenu());
    QAction* examplesAction = m_examples = file->addAction(u"&Examples…"_s);
    examplesAction->setObjectName(u"examplesAction"_s);
    examplesAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    examplesAction->setToolTip(u"Choose one of the built-in scenarios"_s);
    connect(examplesAction, &QAction::triggered, document, &ScenarioDocument::showExamples);
    file->addSeparator();
    QAction* saveAction = file->addAction(window->style()->standardIcon(QStyle::SP_DialogSaveButton), u"&Save"_s);
    saveAction->setObjectName(u"saveAction"_s);
    saveAction->setShortcut(QKeySequence::Save);
    connect(saveAction, &QAction::triggered, document, &ScenarioDocument::save);
    QAction* saveAsAction = file->addAction(u"Save &As…"_s);
    saveAsAction->setObjectName(u"saveAsAction"_s);
    saveAsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(saveAsAction, &QAction::triggered, document, &ScenarioDocument::saveAs);
    file->addSeparator();
    m_exportTimeline = file->addAction(u"&Export Timeline…"_s);
    m_exportTimeline->setObjectName(u"exportAction"_s);
    m_exportTimeline->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportTimeline->setToolTip(u"Save the last run's timeline as a PNG, SVG or PDF picture for slides (Ctrl+E)"_s);
    m_exportTimeline->setEnabled(false);
    m_exportTrace = file->addAction(u"Export &Trace…"_s);
    m_exportTrace->setObjectName(u"exportTraceAction"_s);
    m_exportTrace->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_exportTrace->setToolTip(
        u"Save the run the timeline shows as a Chrome trace (JSON) for ui.perfetto.dev or chrome://tracing "
        "(Ctrl+Shift+T)"_s);
    m_exportTrace->setEnabled(false);
    file->addSeparator();
    m_quit = file->addAction(u"&Quit"_s);
    m_quit->setShortcut(QKeySequence::Quit);
    connect(m_quit, &QAction::triggered, window, &QWidget::close);

    QMenu* edit = menus->addMenu(u"&Edit"_s);
    // Not QUndoStack::createUndoAction(): its actions follow the stack alone, and an undo must not change the
    // scenario under an exploration or a stress run.
    QUndoStack* stack = m_stack = editor->undoStack();
    const auto stackAction = [this, stack](const QString& text, const QString& name, void (QUndoStack::*step)()) {
        auto* action = new QAction(text, this);
        action->setObjectName(name);
        connect(action, &QAction::triggered, this, [this, stack, step] {
            if (!m_running)
                (stack->*step)();
        });
        return action;
    };
    QAction* undo = m_undo = stackAction(u"&Undo"_s, u"undoAction"_s, &QUndoStack::undo);
    undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    QAction* redo = m_redo = stackAction(u"&Redo"_s, u"redoAction"_s, &QUndoStack::redo);
    redo->setShortcuts({ QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y) });
    for (const auto& signal : { &QUndoStack::canUndoChanged, &QUndoStack::canRedoChanged })
        connect(stack, signal, this, [this] { updateUndo(m_running); });
    for (const auto& signal : { &QUndoStack::undoTextChanged, &QUndoStack::redoTextChanged })
        connect(stack, signal, this, [this] { updateUndo(m_running); });
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu* examples = menus->addMenu(u"&Examples"_s);
    examples->setObjectName(u"examplesMenu"_s);
    examples->setToolTipsVisible(true);
    for (const Examples::Entry& entry : Examples::list()) {
        QAction* action = examples->addAction(entry.name);
        action->setToolTip(entry.description);
        action->setStatusTip(entry.id);
        const QString id = entry.id;
        connect(action, &QAction::triggered, document, [document, id] { document->openExample(id); });
    }
    // Challenge mode: the shipped challenges, in the lesson's order (engine/challenge).
    QMenu* challenges = examples->addMenu(u"&Challenges"_s);
    challenges->setObjectName(u"challengesMenu"_s);
    for (const Challenges::Entry& entry : Challenges::list()) {
        const QString id = entry.id;
        challenges->addAction(entry.name, document, [document, id] { document->openChallenge(id); })
            ->setToolTip(entry.goal);
    }

    QMenu* run = m_runMenu = menus->addMenu(u"&Run"_s);
    m_run = run->addAction(window->style()->standardIcon(QStyle::SP_MediaPlay), u"&Run"_s);
    m_run->setObjectName(u"runAction"_s);
    m_run->setShortcuts({ QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_R) });
    m_run->setToolTip(u"Run the scenario with the chosen schedule (F5)"_s);
    m_stop = run->addAction(window->style()->standardIcon(QStyle::SP_MediaStop), u"&Stop"_s);
    m_stop->setObjectName(u"stopAction"_s);
    m_stop->setShortcut(QKeySequence(Qt::Key_Escape));
    m_stop->setToolTip(u"Interrupt the running statements and lock waits (Esc)"_s);
    run->addSeparator();
    m_replay = run->addAction(u"Replay as &Script"_s);
    m_replay->setObjectName(u"replayAction"_s);
    m_replay->setToolTip(u"Put the order in which the last run's statements started into the script field"_s);
    m_database = run->addAction(u"&Database…"_s);
    m_database->setObjectName(u"databaseAction"_s);
    m_database->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_database->setToolTip(u"Run on the embedded SQLite or on a PostgreSQL / MySQL server (Ctrl+D)"_s);
    // The window opens its ConnectionDialog (MainWindow::chooseDatabase).
    connect(m_database, &QAction::triggered, this, &WindowActions::databaseRequested);

    QMenu* view = m_viewMenu = menus->addMenu(u"&View"_s);
    QAction* dockAction = scenarioDock->toggleViewAction();
    dockAction->setText(u"&Scenario Editor"_s);
    dockAction->setShortcut(QKeySequence(Qt::Key_F9)); // Ctrl+E exports
    view->addAction(dockAction);
    QMenu* theme = view->addMenu(u"&Theme"_s);
    auto* themes = new QActionGroup(this);
    for (const Palette::Theme t : { Palette::Theme::Light, Palette::Theme::Dark, Palette::Theme::HighContrast }) {
        QAction* action = theme->addAction(Palette::themeName(t));
        action->setCheckable(true);
        action->setChecked(t == current);
        themes->addAction(action);
        connect(action, &QAction::triggered, this, [this, t] { Q_EMIT themeChosen(t); });
    }

    // The isolation lab opens in a window of its own (the window wires it: MainWindow::openLab).
    QMenu* tools = menus->addMenu(u"&Tools"_s);
    tools->setObjectName(u"toolsMenu"_s);
    m_lab = tools->addAction(u"Isolation &Lab…"_s);
    m_lab->setObjectName(u"labAction"_s);
    m_lab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_lab->setToolTip(u"Every anomaly on every isolation level of every database, run live (Ctrl+L)"_s);

    QToolBar* bar = window->addToolBar(u"Main"_s);
    bar->setObjectName(u"mainToolBar"_s);
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_open);
    bar->addSeparator();

    bar->addWidget(new QLabel(u" Example "_s, bar));
    m_exampleCombo = new QComboBox(bar);
    m_exampleCombo->setObjectName(u"exampleCombo"_s);
    m_exampleCombo->setPlaceholderText(u"Choose an example…"_s);
    m_exampleCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_exampleCombo->setMinimumContentsLength(24);
    for (const Examples::Entry& entry : Examples::list()) {
        m_exampleCombo->addItem(entry.name, entry.id);
        m_exampleCombo->setItemData(m_exampleCombo->count() - 1, entry.description, Qt::ToolTipRole);
    }
    m_exampleCombo->setCurrentIndex(-1);
    connect(m_exampleCombo, &QComboBox::activated, this, [this, document](int index) {
        const QString id = m_exampleCombo->itemData(index).toString();
        if (id.isEmpty() || !document->openExample(id)) {
            const QSignalBlocker block(m_exampleCombo);
            m_exampleCombo->setCurrentIndex(m_exampleCombo->findData(document->exampleId()));
        }
    });
    bar->addWidget(m_exampleCombo);
    bar->addSeparator();

    bar->addWidget(new QLabel(u" Schedule "_s, bar));
    m_modeCombo = new QComboBox(bar);
    m_modeCombo->setObjectName(u"modeCombo"_s);
    const auto addMode = [this](const QString& text, ScheduleSpec::Mode mode, const QString& toolTip) {
        m_modeCombo->addItem(text, int(mode));
        m_modeCombo->setItemData(m_modeCombo->count() - 1, toolTip, Qt::ToolTipRole);
    };
    addMode(u"Free threads"_s, ScheduleSpec::Mode::Free,
        u"Real threads released together: the order is up to the machine"_s);
    addMode(u"Script"_s, ScheduleSpec::Mode::Script, u"One statement per step, in the order typed: deterministic"_s);
    addMode(u"Step"_s, ScheduleSpec::Mode::Step,
        u"You choose who runs next, one statement at a time (keys 1–9), with the story told as it happens"_s);
    addMode(u"Explore"_s, ScheduleSpec::Mode::Explore,
        u"Every distinct interleaving, each on a fresh table, grouped by how it ended"_s);
    addMode(u"Stress"_s, ScheduleSpec::Mode::Stress,
        u"Thousands of free runs on reused threads and connections: how often each outcome happens"_s);
    bar->addWidget(m_modeCombo);

    m_scriptEdit = new QLineEdit(bar);
    m_scriptEdit->setObjectName(u"scriptEdit"_s);
    m_scriptEdit->setPlaceholderText(u"A,B,A,B"_s);
    m_scriptEdit->setToolTip(u"Worker names, one statement each; after the script the workers take turns"_s);
    m_scriptEdit->setClearButtonEnabled(true);
    m_scriptEdit->setMinimumWidth(220);
    m_scriptEdit->setEnabled(false);
    // A line edit takes Ctrl+E (end of line) and Ctrl+D (delete) for itself: the window's Export and Database win.
    m_scriptEdit->installEventFilter(this);
    bar->addWidget(m_scriptEdit);
    bar->addSeparator();
    bar->addAction(m_run);
    bar->addAction(m_stop);
}

bool WindowActions::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_scriptEdit && event->type() == QEvent::ShortcutOverride) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const QKeySequence typed(key->keyCombination());
        for (const QAction* action : { m_exportTimeline, m_exportTrace, m_database }) {
            if (action->shortcut() == typed) {
                event->ignore(); // not the line edit's: the shortcut goes to the window
                return true;
            }
        }
    }
    return QObject::eventFilter(watched, event);
}

void WindowActions::addViewActions(const QList<QAction*>& actions)
{
    m_viewMenu->addSeparator();
    m_viewMenu->addActions(actions);
}

void WindowActions::addLessonActions(QAction* open, QAction* next, QAction* previous)
{
    const QList<QAction*> fileActions = m_fileMenu->actions();
    const qsizetype at = fileActions.indexOf(m_examples);
    m_fileMenu->insertAction(fileActions.value(at + 1), open);
    m_runMenu->addSeparator();
    m_runMenu->addAction(next);
    m_runMenu->addAction(previous);
}

void WindowActions::addPresenterAction(QMainWindow* window)
{
    m_presenter = m_viewMenu->addAction(u"&Presenter Mode"_s);
    m_presenter->setObjectName(u"presenterAction"_s);
    m_presenter->setCheckable(true);
    m_presenter->setShortcut(QKeySequence(Qt::Key_F11));
    m_presenter->setToolTip(
        u"Full screen, large fonts, high contrast: only the timeline, the rows and the narration (F11; Esc "
        "leaves)"_s);
    // The menu bar hides in presenter mode: the window keeps the keys that matter there.
    window->addAction(m_presenter);
    window->addAction(m_run);
    window->addAction(m_stop);
}

void WindowActions::updateUndo(bool running)
{
    m_running = running;
    // The stack itself, not the editor's accessor: the stack announces its end from its own destructor, while the
    // editor that owns it is already half destroyed.
    m_undo->setEnabled(m_stack->canUndo() && !running);
    m_redo->setEnabled(m_stack->canRedo() && !running);
    m_undo->setText(m_stack->canUndo() ? u"&Undo %1"_s.arg(m_stack->undoText()) : u"&Undo"_s);
    m_redo->setText(m_stack->canRedo() ? u"&Redo %1"_s.arg(m_stack->redoText()) : u"&Redo"_s);
}

} // namespace interleave
