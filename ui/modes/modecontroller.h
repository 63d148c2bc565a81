// SPDX-License-Identifier: MIT
#pragma once

#include "palette.h"
#include "runresult.h"
#include "scenario.h"

#include <QObject>
#include <QStringList>

namespace interleave {

class ResultPane;

// One schedule mode of the window (script/free, step, explore, stress), as a page: it owns its panel, its job and
// its shortcuts. The window settles the scenario (its database, password, mode and script) and asks the current
// mode's controller to start it; the controller shows what comes back in the ResultPane and tells the window what
// to say (message, failed) and when its actions must follow (stateChanged).
class ModeController : public QObject {
    Q_OBJECT
public:
    ModeController(ResultPane* results, QObject* parent);

    // `notes`: what the database chosen with Run → Database… has no counterpart for (said with the run).
    virtual void start(const Scenario& scenario, const QStringList& notes) = 0;
    virtual void stop() = 0; // interrupts the run (a step run: ends it)
    virtual void discard() = 0; // the scenario changed: what is still to come must not land on the new one
    virtual bool isBatchRunning() const = 0; // a run that Run (F5) must wait for
    virtual bool isActive() const { return isBatchRunning(); } // anything going on, a step run between steps too
    virtual void setColors(const Palette&) { }

Q_SIGNALS:
    void message(const QString& text, int timeout); // for the status bar
    void failed(const QString& title, const QString& text); // for a (non-modal) warning
    void stateChanged(); // running or not, a result shown or not: the window's actions follow
    void finished(); // the run ended and its result (or error) is shown

protected:
    // An explored class's or a stress trial's run, chosen in the mode's panel: shown with the panes fitted to its
    // workers (a sweep's trial may have more than the scenario), and `what` it is said.
    void showChosenRun(const RunResult& result, const QString& what);

    ResultPane* m_results;
};

} // namespace interleave
