// SPDX-License-Identifier: MIT
#pragma once

#include "palette.h"
#include "stepjob.h"

#include <QFrame>
#include <optional>

class QGridLayout;
class QLabel;
class QPushButton;
class QTimer;

namespace interleave {

// Step mode's controls: one row per worker, in the timeline's lane order, with its key (1-9), its next statement
// as it will be sent (parameters included), and a Run button; a waiting worker says whose lock it waits for, a
// finished one shows its result, and its button becomes Time out: the wait ends as the database's timeout would end
// it (T does that to the wait that began first). Above them: Back (Backspace) and, when every worker waits, Break the
// deadlock.
class StepPanel : public QFrame {
    Q_OBJECT
public:
    explicit StepPanel(QWidget* parent = nullptr);

    void setColors(const Palette& palette);
    void setWorkers(const QStringList& names); // before a run: the rows, with nothing to step yet
    void setState(const StepState& state);
    void setStopped(const QString& message); // no run now (stopped, or not started): buttons disabled
    // A request is on its way: after a moment (a step on a server can take seconds) the panel says so.
    void setBusy(bool busy);

    // Challenge mode: the goal over the workers' rows, the steps taken and, once it is reached, "Goal reached in N
    // steps" and a Next challenge button (when there is a next). An empty text hides them: no challenge.
    void setGoal(const QString& text);
    void setGoalProgress(int steps, bool reached, bool hasNext);
    QString goalText() const;
    QString goalStatusText() const;
    QPushButton* nextChallengeButton() const { return m_nextChallenge; }

    // For tests: what a worker's row says, as plain text, and its button.
    QString statusText(int worker) const;
    QPushButton* runButton(int worker) const;
    QPushButton* backButton() const { return m_back; }
    QPushButton* breakDeadlockButton() const { return m_breakDeadlock; }
    QString hintText() const;
    // Every label of the panel that says something (title, hint, goal, keys, names, statements, results).
    QList<QLabel*> textLabels() const;

Q_SIGNALS:
    void stepRequested(int worker);
    void backRequested();
    void breakDeadlockRequested();
    void giveUpRequested(int worker); // a waiting worker's button: end its wait as its timeout would
    void nextChallengeRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Row {
        QLabel* key = nullptr;
        QLabel* name = nullptr;
        QPushButton* run = nullptr;
        QLabel* status = nullptr;
        QString plain;
        bool waiting = false; // the button times the wait out instead of running a statement
    };
    enum class Look { Idle, Ready, Waiting, Good, Bad, Running };
    void setRow(int worker, Look look, const QString& rich, const QString& plain, bool runnable);
    void restyle();
    QColor colorFor(Look look) const;
    QFont statementFont() const; // the panel's font in the monospace family
    void styleRow(int worker);

    Palette m_palette;
    QLabel* m_title = nullptr;
    QLabel* m_hint = nullptr;
    QPushButton* m_back = nullptr;
    QPushButton* m_breakDeadlock = nullptr;
    QGridLayout* m_grid = nullptr;
    QWidget* m_goalRow = nullptr;
    QLabel* m_goal = nullptr;
    QLabel* m_goalStatus = nullptr;
    QPushButton* m_nextChallenge = nullptr;
    bool m_goalReached = false;
    QTimer* m_busyTimer = nullptr;
    QList<Row> m_rows;
    QList<Look> m_looks;
    std::optional<StepState> m_state; // shown again when the colours change
};

} // namespace interleave
