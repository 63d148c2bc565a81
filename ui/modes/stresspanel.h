// SPDX-License-Identifier: MIT
#pragma once

#include "palette.h"
#include "stressrunner.h"
#include "stresssweep.h"

#include <QWidget>

class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QLineSeries;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QToolButton;
class QValueAxis;

namespace interleave {

class StressJob;

// The window's bottom area in stress mode: trials, workers and jitter; the run's progress (with Stop); and three
// charts that fill while it runs: rows per trial, worker results, and a sweep of outcome shares against the
// worker count or the jitter. A click on a bar hands the first trial that ended that way to the window.
class StressPanel : public QWidget {
    Q_OBJECT
public:
    explicit StressPanel(QWidget* parent = nullptr);

    void setScenario(const Scenario& scenario); // the controls' defaults; clears the charts
    // Run (F5): one stress run with the controls' settings, or the sweep when requestSweep() asked for it.
    void start(const Scenario& scenario);
    // Asks the window to run a sweep: runRequested() is emitted and the start() it leads to runs the sweep.
    void requestSweep();
    void cancel();
    void discard(); // drops what is still to come: the window moved on to another scenario
    void clear();
    bool isRunning() const;
    void setColors(const Palette& palette);

    StressOptions options() const; // from the controls
    bool setSweep(StressSweep::Axis axis, const QString& values); // false when `values` is refused

    // A click on a bar of the rows-per-trial or the worker-results chart; false when that bar has no trace.
    bool chooseRowsBar(int category);
    // After a run: shows the trial that tells most (the first with duplicates, else the first that took an error
    // path, else the first), so the timeline and its export show the race without a click.
    bool chooseTellingTrial();
    bool chooseResultsBar(int category);

    const StressResult& result() const { return m_result; }
    const StressDistribution& distribution() const { return m_distribution; }
    struct SweepPoint {
        int value = 0;
        StressResult result;
    };
    const QList<SweepPoint>& sweepPoints() const { return m_sweepPoints; }

    StressJob* job() const { return m_job; }
    QSpinBox* trialsSpin() const { return m_trials; }
    QSpinBox* workersSpin() const { return m_workers; }
    QSpinBox* jitterSpin() const { return m_jitter; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* statusLabel() const { return m_status; }
    QChartView* rowsChartView() const { return m_rowsView; }
    QChartView* resultsChartView() const { return m_resultsView; }
    QChartView* sweepChartView() const { return m_sweepView; }
    QBarSeries* rowsSeries() const { return m_rowsSeries; }
    QBarSeries* resultsSeries() const { return m_resultsSeries; }
    QLineSeries* sweepSeries(StressSweep::Measure measure) const;
    QPushButton* sweepButton() const { return m_sweepButton; }
    QLineEdit* sweepValuesEdit() const { return m_sweepValues; }
    QComboBox* sweepAxisCombo() const { return m_sweepAxis; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override; // arrow keys step through a chart's bars

Q_SIGNALS:
    void runRequested();
    void traceChosen(const interleave::RunResult& result, const QString& what);
    void runningChanged(bool running);
    void finished(); // the run or the sweep ended (done, stopped or failed)

private:
    struct RowsCategory {
        int lookup = 0;
        int rows = 0;
    };
    struct ResultCategory {
        ResultKind kind = ResultKind::Error;
        bool afterIntegrityError = false;
        bool failure = false;
    };
    QWidget* createControls();
    QWidget* createSweep();
    QChartView* createBarChart(const QString& title, const QString& categoriesTitle, QBarSeries** series,
        QBarCategoryAxis** categories, QValueAxis** values, QBarSet** set);
    // Sets `set`'s bars to `values`, each marked (error colour) or not, and the categories to `labels`.
    static void setBars(QBarCategoryAxis* axis, QValueAxis* valueAxis, QBarSet* set, const QStringList& labels,
        const QList<qint64>& values, const QList<bool>& marked);
    void showProgress(int point, int points, const StressProgress& progress);
    void showPointResult(int point, const StressResult& result);
    void showFinished(const QList<StressResult>& results);
    void showDistribution(const StressDistribution& d);
    void addSweepPoint(int value, const StressDistribution& d);
    void resetSweepChart();
    void validateSweep();
    void styleChart(QChart* chart);
    void styleSeries();
    bool chooseClass(const std::function<bool(const StressClass&)>& matches, const QString& what);

    StressJob* m_job = nullptr;
    Scenario m_scenario;
    StressResult m_result;
    StressDistribution m_distribution; // the latest snapshot shown
    QList<SweepPoint> m_sweepPoints;
    StressSweep m_sweep;
    StressSweep m_runningSweep;
    bool m_sweepPending = false;
    bool m_sweepRunning = false;
    bool m_sweepValid = true;
    qint64 m_trialsPerPoint = 0;
    Palette m_palette;

    QSpinBox* m_trials = nullptr;
    QSpinBox* m_workers = nullptr;
    QSpinBox* m_jitter = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QToolButton* m_stopButton = nullptr;

    QChartView* m_rowsView = nullptr;
    QBarSeries* m_rowsSeries = nullptr;
    QBarCategoryAxis* m_rowsAxis = nullptr;
    QValueAxis* m_rowsValues = nullptr;
    QBarSet* m_rowsSet = nullptr; // duplicates are its selected bars, drawn in the error colour
    QList<RowsCategory> m_rowsCategories;

    QChartView* m_resultsView = nullptr;
    QBarSeries* m_resultsSeries = nullptr;
    QBarCategoryAxis* m_resultsAxis = nullptr;
    QValueAxis* m_resultsValues = nullptr;
    QBarSet* m_resultsSet = nullptr; // errors are its selected bars
    QList<ResultCategory> m_resultCategories;
    int m_rowsKeyBar = -1; // the bar the arrow keys last showed, per chart
    int m_resultsKeyBar = -1;

    QComboBox* m_sweepAxis = nullptr;
    QLineEdit* m_sweepValues = nullptr;
    QPushButton* m_sweepButton = nullptr;
    QChartView* m_sweepView = nullptr;
    QValueAxis* m_sweepX = nullptr;
    QValueAxis* m_sweepY = nullptr;
    QList<QLineSeries*> m_sweepSeries; // one per StressSweep::Measure
};

} // namespace interleave
