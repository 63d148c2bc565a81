// SPDX-License-Identifier: MIT
#pragma once

#include "explorer.h"
#include "palette.h"

#include <QWidget>
#include <optional>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QToolButton;

namespace interleave {

class ExploreJob;
class OutcomeClassesModel;

// The window's bottom area in explore mode: the exploration's progress (with Stop), then its outcome classes; a
// class chosen in the list hands its example schedule to the window, which draws it in the timeline.
class ExplorePanel : public QWidget {
    Q_OBJECT
public:
    explicit ExplorePanel(QWidget* parent = nullptr);

    void start(const Scenario& scenario);
    void cancel();
    void discard(); // drops the exploration's result: the window moved on to another scenario
    void clear();
    bool isRunning() const;
    void setColors(const Palette& palette);

    // Chooses class `row` as a click would; false when there is no such class.
    bool chooseClass(int row);
    // Chooses the class that tells most: the first with duplicates, else the most frequent; false when none.
    bool chooseTellingClass();

    const ExploreResult& result() const { return m_result; }
    ExploreJob* job() const { return m_job; }
    OutcomeClassesModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* statusLabel() const { return m_status; }
    QLabel* detailLabel() const { return m_detail; }
    QPushButton* replayButton() const { return m_replayButton; }
    // "Count every schedule": the next Run explores every order of the statements (ExploreOptions::reduce off), as
    // the command line's --no-reduction does, instead of one schedule per set of equivalent orders.
    QCheckBox* everyScheduleBox() const { return m_everySchedule; }

Q_SIGNALS:
    void classChosen(const interleave::OutcomeClass& outcomeClass);
    // "Replay as script": the window switches to Script mode with this schedule.
    void replayRequested(const QStringList& schedule);
    void runningChanged(bool running);
    void finished(const interleave::ExploreResult& result);

private:
    void showProgress(const ExploreProgress& progress, double perSecond);
    void showResult(const ExploreResult& result);
    void showDetail(int row);
    QString otherCountText(const ExploreResult& result) const;

    ExploreJob* m_job = nullptr;
    OutcomeClassesModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QToolButton* m_stopButton = nullptr;
    QLabel* m_detail = nullptr; // the chosen class: its share, schedule and each worker's result
    QPushButton* m_replayButton = nullptr;
    ExploreResult m_result;
    qint64 m_limit = 0; // ExploreOptions::maxSchedules of the exploration going on
    QCheckBox* m_everySchedule = nullptr;
    // The last finished count of each setting (0: distinct schedules, 1: every order) for the scenario explored
    // (m_countedScenario, its JSON without the schedule), so the summary names both once both have run.
    struct Count {
        qint64 explored = 0;
        qint64 duplicates = 0; // schedules that ended with duplicate rows
        qint64 failed = 0; // schedules with any violation (OutcomeClassesModel::isFailed)
    };
    std::optional<Count> m_counts[2];
    QByteArray m_countedScenario;
    QByteArray m_exploring; // the scenario of the exploration going on, as m_countedScenario
    Palette m_palette;
};

} // namespace interleave
