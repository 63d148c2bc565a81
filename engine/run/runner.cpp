// SPDX-License-Identifier: MIT
#include "runner.h"

#include "execution.h"
#include "freescheduler.h"
#include "scriptstep.h"
#include "stepcontroller.h"

#include <QScopeGuard>
#include <mutex>

using namespace Qt::StringLiterals;

namespace interleave {

struct Runner::Private {
    Scenario scenario;
    std::mutex mutex; // guards execution and cancelled against cancel() from another thread
    Execution* execution = nullptr;
    bool cancelled = false;
};

Runner::Runner(Scenario scenario)
    : d(std::make_unique<Private>())
{
    d->scenario = std::move(scenario);
}

Runner::~Runner() = default;

void Runner::cancel()
{
    std::lock_guard lock(d->mutex);
    d->cancelled = true;
    if (d->execution)
        d->execution->cancel();
}

RunResult Runner::run()
{
    const Scenario& s = d->scenario;
    const int n = int(s.workers.size());
    StepController* controller = nullptr;
    std::unique_ptr<Gate> gate;
    // A step scenario run without a person at the keys takes the workers round-robin, as a script does after its
    // last step; explore and stress scenarios given to one Runner are one free run.
    if (s.schedule.mode == ScheduleSpec::Mode::Script || s.schedule.mode == ScheduleSpec::Mode::Step) {
        auto c = std::make_unique<StepController>(n);
        controller = c.get();
        gate = std::move(c);
    } else {
        gate = std::make_unique<FreeScheduler>(n, s.schedule.jitterUs);
    }
    Execution execution(s, std::move(gate));
    // Cancel reaches the set-up too: a connect, or the wait for another run on the same table.
    {
        std::lock_guard lock(d->mutex);
        d->execution = &execution;
        if (d->cancelled)
            execution.cancel();
    }
    auto forget = qScopeGuard([this] {
        std::lock_guard lock(d->mutex);
        d->execution = nullptr;
    });
    QString error;
    if (!execution.setUp(&error)) {
        RunResult failed;
        failed.scenario = s;
        failed.schedule = s.schedule;
        failed.error = error;
        failed.cancelled = execution.isCancelled();
        return failed;
    }
    execution.start();
    if (controller) {
        const QStringList names = s.workerNames();
        QList<int> steps;
        for (const QString& token : s.schedule.script)
            steps.append(ScriptStep::parse(token, names).value_or(0)); // Scenario::parseScript checked each
        const int refused = controller->runScript(steps);
        if (refused >= 0) {
            // The script asks for something the run cannot do at that point: the file is wrong, not the database.
            const int worker = ScriptStep::worker(steps[refused]);
            const StepController::State state = controller->states().value(worker).state;
            const QString why =
                u"%1 is not waiting for a lock at this point of the run (it %2), so there is no wait "
                "to time out"_s.arg(names.value(worker),
                    state == StepController::State::Finished ? u"has finished"_s
                                                             : u"is ready to send its next statement"_s);
            execution.cancel();
            execution.join();
            RunResult failed;
            failed.scenario = s;
            failed.schedule = s.schedule;
            failed.error = ScriptStep::refusal(refused + 1, s.schedule.script.value(refused), why);
            return failed;
        }
    }
    execution.join();
    return execution.collect(controller ? controller->executed() : QList<int>());
}

} // namespace interleave
