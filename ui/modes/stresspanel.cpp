// SPDX-License-Identifier: MIT
#include "stresspanel.h"

#include "oneline.h"

#include "stressjob.h"

#include <algorithm>

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineEdit>
#include <QLineSeries>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

void setValueRange(QValueAxis* axis, double max)
{
    // Room for the label above the tallest bar, then Qt's round numbers (1, 2, 2.5 or 5 times a power of ten).
    axis->setRange(0, std::max(4.0, max * 1.2));
    axis->setTickCount(5);
    axis->applyNiceNumbers();
}

QString percent(double share)
{
    return QLocale().toString(share, 'f', share < 10 && share > 0 ? 1 : 0) + u" %"_s;
}

// "MultipleObjectsReturned" is wider than its bar: one line per capitalised word once a line has a few letters
// (the axis draws labels as rich text).
QString axisLabel(const QString& name)
{
    if (name.size() <= 14 || name.contains(u' '))
        return name;
    QString label;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < name.size(); ++i) {
        if (i > 0 && name[i].isUpper() && i - lineStart >= 6) {
            label += u"<br>"_s;
            lineStart = i;
        }
        label += name[i];
    }
    return label;
}

bool isFailure(ResultKind kind)
{
    WorkerResult r;
    r.kind = kind;
    return r.isFailure();
}

} // namespace

StressPanel::StressPanel(QWidget* parent)
    : QWidget(parent)
    , m_job(new StressJob(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->setSpacing(4);
    layout->addWidget(createControls());

    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->setObjectName(u"stressCharts"_s);
    charts->setChildrenCollapsible(false);
    m_rowsView = createBarChart(u"Rows per trial"_s, u"rows at the end of a trial · red: duplicates"_s, &m_rowsSeries,
        &m_rowsAxis, &m_rowsValues, &m_rowsSet);
    m_rowsView->setObjectName(u"rowsPerTrialChart"_s);
    m_resultsView = createBarChart(u"Worker results"_s, u"each worker's result, all trials · red: errors"_s,
        &m_resultsSeries, &m_resultsAxis, &m_resultsValues, &m_resultsSet);
    m_resultsView->setObjectName(u"workerResultsChart"_s);
    charts->addWidget(m_rowsView);
    charts->addWidget(m_resultsView);
    charts->addWidget(createSweep());
    charts->setSizes({ 300, 420, 420 });
    layout->addWidget(charts, 1);

    connect(m_rowsSeries, &QAbstractBarSeries::clicked, this, [this](int index, QBarSet*) { chooseRowsBar(index); });
    connect(
        m_resultsSeries, &QAbstractBarSeries::clicked, this, [this](int index, QBarSet*) { chooseResultsBar(index); });
    connect(m_rowsSeries, &QAbstractBarSeries::hovered, this, [this](bool on, int index, QBarSet*) {
        if (!on || index < 0 || index >= m_rowsCategories.size()) {
            QToolTip::hideText();
            return;
        }
        const qint64 trials = qint64(m_rowsSet->at(index));
        QToolTip::showText(QCursor::pos(),
            u"%1: %2 trials (%3)\nClick to see the first such trial in the timeline"_s.arg(m_rowsAxis->at(index),
                QLocale().toString(trials),
                percent(m_distribution.trials() > 0 ? 100.0 * double(trials) / double(m_distribution.trials()) : 0)),
            m_rowsView);
    });
    connect(m_resultsSeries, &QAbstractBarSeries::hovered, this, [this](bool on, int index, QBarSet*) {
        if (!on || index < 0 || index >= m_resultCategories.size()) {
            QToolTip::hideText();
            return;
        }
        const qint64 n = qint64(m_resultsSet->at(index));
        QToolTip::showText(QCursor::pos(),
            u"%1: %2 worker results\nClick to see the first trial with one in the timeline"_s.arg(
                QString(m_resultsAxis->at(index)).remove(u"<br>"_s), QLocale().toString(n)),
            m_resultsView);
    });

    // Five redraws a second look live and keep the charts' share of a core small (a redraw of both bar charts
    // takes a few milliseconds) next to the workers' threads.
    m_job->setProgressIntervalMs(200);
    connect(m_job, &StressJob::progress, this, &StressPanel::showProgress);
    connect(m_job, &StressJob::pointFinished, this, &StressPanel::showPointResult);
    connect(m_job, &StressJob::finished, this, &StressPanel::showFinished);
    connect(m_job, &StressJob::runningChanged, this, [this](bool running) {
        m_stopButton->setVisible(running);
        m_trials->setEnabled(!running);
        m_workers->setEnabled(!running);
        m_jitter->setEnabled(!running);
        validateSweep();
        Q_EMIT runningChanged(running);
    });
    setColors(m_palette);
    clear();
}

QWidget* StressPanel::createControls()
{
    auto* bar = new QWidget(this);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(6);

    m_trials = new QSpinBox(bar);
    m_trials->setObjectName(u"trialsSpin"_s);
    m_trials->setRange(1, 10000000);
    m_trials->setSingleStep(100);
    m_trials->setGroupSeparatorShown(true);
    m_trials->setToolTip(u"How many free runs; each starts on an emptied table"_s);
    m_workers = new QSpinBox(bar);
    m_workers->setObjectName(u"workersSpin"_s);
    m_workers->setRange(1, StressRunner::maxWorkers);
    m_workers->setToolTip(
        u"How many workers race; a count other than the scenario's runs copies of its first worker (A, B, C, …)"_s);
    m_jitter = new QSpinBox(bar);
    m_jitter->setObjectName(u"jitterSpin"_s);
    m_jitter->setRange(0, 1000000);
    m_jitter->setSingleStep(50);
    m_jitter->setSuffix(u" µs"_s);
    m_jitter->setToolTip(u"A random pause of up to this long before each statement: wider windows, other orders"_s);
    const auto label = [bar](const QString& text, QWidget* buddy) {
        auto* l = new QLabel(text, bar);
        l->setBuddy(buddy);
        return l;
    };
    row->addWidget(label(u"&Trials"_s, m_trials));
    row->addWidget(m_trials);
    row->addSpacing(6);
    row->addWidget(label(u"&Workers"_s, m_workers));
    row->addWidget(m_workers);
    row->addSpacing(6);
    row->addWidget(label(u"&Jitter"_s, m_jitter));
    row->addWidget(m_jitter);
    row->addSpacing(12);

    m_status = new QLabel(bar);
    m_status->setObjectName(u"stressStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setMinimumWidth(120);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    row->addWidget(m_status, 1);
    m_progress = new QProgressBar(bar);
    m_progress->setObjectName(u"stressProgress"_s);
    m_progress->setMinimumWidth(160);
    m_progress->setMaximumWidth(280);
    row->addWidget(m_progress);
    m_stopButton = new QToolButton(bar);
    m_stopButton->setObjectName(u"stressStop"_s);
    m_stopButton->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_stopButton->setText(u"Stop"_s);
    m_stopButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_stopButton->setToolTip(u"Stop; the trials done so far stay in the charts (Esc)"_s);
    m_stopButton->setVisible(false);
    connect(m_stopButton, &QToolButton::clicked, this, &StressPanel::cancel);
    row->addWidget(m_stopButton);
    return bar;
}

QWidget* StressPanel::createSweep()
{
    auto* box = new QWidget(this);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto* row = new QHBoxLayout;
    row->setSpacing(4);
    m_sweepAxis = new QComboBox(box);
    m_sweepAxis->setObjectName(u"sweepAxisCombo"_s);
    m_sweepAxis->addItem(u"Workers"_s, int(StressSweep::Axis::Workers));
    m_sweepAxis->addItem(u"Jitter (µs)"_s, int(StressSweep::Axis::Jitter));
    m_sweepAxis->setToolTip(u"What changes from one stress run of the sweep to the next"_s);
    m_sweepValues = new QLineEdit(u"2-6"_s, box);
    m_sweepValues->setObjectName(u"sweepValuesEdit"_s);
    m_sweepValues->setPlaceholderText(u"2-8 or 2,4,8"_s);
    m_sweepValues->setClearButtonEnabled(true);
    m_sweepButton = new QPushButton(u"S&weep"_s, box);
    m_sweepButton->setObjectName(u"sweepButton"_s);
    m_sweepButton->setToolTip(
        u"One stress run of the chosen trials per value, one after the other; the line chart shows the shares"_s);
    auto* sweepLabel = new QLabel(u"Sweep over"_s, box);
    sweepLabel->setBuddy(m_sweepAxis);
    row->addWidget(sweepLabel);
    row->addWidget(m_sweepAxis);
    row->addWidget(m_sweepValues, 1);
    row->addWidget(m_sweepButton);
    layout->addLayout(row);
    connect(m_sweepAxis, &QComboBox::currentIndexChanged, this, [this] {
        const QSignalBlocker block(m_sweepValues);
        m_sweepValues->setText(
            m_sweepAxis->currentData().toInt() == int(StressSweep::Axis::Workers) ? u"2-6"_s : u"0, 50, 200, 1000"_s);
        validateSweep();
    });
    connect(m_sweepValues, &QLineEdit::textChanged, this, &StressPanel::validateSweep);
    connect(m_sweepValues, &QLineEdit::returnPressed, this, [this] {
        if (m_sweepButton->isEnabled())
            requestSweep();
    });
    connect(m_sweepButton, &QPushButton::clicked, this, &StressPanel::requestSweep);

    auto* chart = new QChart;
    m_sweepX = new QValueAxis(chart);
    m_sweepX->setLabelFormat(u"%d"_s);
    m_sweepY = new QValueAxis(chart);
    m_sweepY->setRange(0, 100);
    m_sweepY->setTickCount(6);
    m_sweepY->setLabelFormat(u"%d"_s);
    m_sweepY->setTitleText(u"% of trials"_s);
    chart->addAxis(m_sweepX, Qt::AlignBottom);
    chart->addAxis(m_sweepY, Qt::AlignLeft);
    for (int m = 0; m < int(StressSweep::Measure::Count_); ++m) {
        auto* series = new QLineSeries(chart);
        series->setName(StressSweep::measureName(StressSweep::Measure(m)));
        series->setPointsVisible(true);
        chart->addSeries(series);
        series->attachAxis(m_sweepX);
        series->attachAxis(m_sweepY);
        m_sweepSeries.append(series);
    }
    m_sweepView = new QChartView(chart, box);
    m_sweepView->setObjectName(u"sweepChart"_s);
    m_sweepView->setRenderHint(QPainter::Antialiasing);
    m_sweepView->setFrameShape(QFrame::NoFrame);
    m_sweepView->setMinimumSize(260, 200);
    layout->addWidget(m_sweepView, 1);
    resetSweepChart();
    return box;
}

QChartView* StressPanel::createBarChart(const QString& title, const QString& categoriesTitle, QBarSeries** series,
    QBarCategoryAxis** categories, QValueAxis** values, QBarSet** set)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide(); // one set; its marked bars are explained by the axis title
    *series = new QBarSeries(chart);
    (*series)->setLabelsVisible(true);
    (*series)->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd); // a bar of 3 in 2,000 still shows its 3
    (*series)->setLabelsPrecision(12);
    (*series)->setBarWidth(0.6);
    *set = new QBarSet(title);
    (*series)->append(*set);
    chart->addSeries(*series);
    *categories = new QBarCategoryAxis(chart);
    (*categories)->setTitleText(categoriesTitle);
    *values = new QValueAxis(chart);
    (*values)->setLabelFormat(u"%d"_s);
    chart->addAxis(*categories, Qt::AlignBottom);
    chart->addAxis(*values, Qt::AlignLeft);
    (*series)->attachAxis(*categories);
    (*series)->attachAxis(*values);
    auto* view = new QChartView(chart, this);
    // Bars are axis-aligned rectangles: antialiasing adds nothing to them and costs a redraw several milliseconds.
    view->setRenderHint(QPainter::Antialiasing, false);
    view->setFrameShape(QFrame::NoFrame);
    view->setMinimumSize(220, 230); // below this the axis labels give way to "…"
    view->setToolTip(u"Click a bar (or use ← → with the chart focused) to see the first trial that ended that way in "
                     "the timeline"_s);
    view->setFocusPolicy(Qt::StrongFocus);
    view->installEventFilter(this);
    return view;
}

bool StressPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::KeyPress && (watched == m_rowsView || watched == m_resultsView)) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Left || key == Qt::Key_Right) {
            const bool rows = watched == m_rowsView;
            const int count = int(rows ? m_rowsCategories.size() : m_resultCategories.size());
            int& bar = rows ? m_rowsKeyBar : m_resultsKeyBar;
            if (count > 0) {
                bar = std::clamp(bar < 0 ? 0 : bar + (key == Qt::Key_Right ? 1 : -1), 0, count - 1);
                rows ? chooseRowsBar(bar) : chooseResultsBar(bar);
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

QLineSeries* StressPanel::sweepSeries(StressSweep::Measure measure) const
{
    return m_sweepSeries.value(int(measure));
}

void StressPanel::setScenario(const Scenario& scenario)
{
    m_scenario = scenario;
    m_trials->setValue(int(std::min<qint64>(scenario.schedule.trialCount(), m_trials->maximum())));
    m_workers->setValue(std::max(1, int(scenario.workers.size())));
    m_jitter->setValue(scenario.schedule.jitterUs);
    clear();
}

StressOptions StressPanel::options() const
{
    StressOptions options;
    options.trials = m_trials->value();
    // The scenario's own count keeps its workers as written; another count copies its first worker.
    options.workers = m_workers->value() == int(m_scenario.workers.size()) ? 0 : m_workers->value();
    options.jitterUs = m_jitter->value();
    return options;
}

bool StressPanel::setSweep(StressSweep::Axis axis, const QString& values)
{
    m_sweepAxis->setCurrentIndex(m_sweepAxis->findData(int(axis)));
    m_sweepValues->setText(values);
    validateSweep();
    return m_sweepValid;
}

void StressPanel::validateSweep()
{
    const auto axis = StressSweep::Axis(m_sweepAxis->currentData().toInt());
    QString error;
    const auto values = StressSweep::parseValues(m_sweepValues->text(), axis, &error);
    m_sweepValid = values.has_value();
    if (values) {
        m_sweep.axis = axis;
        m_sweep.values = *values;
        m_sweepValues->setStyleSheet(QString());
        m_sweepValues->setToolTip(axis == StressSweep::Axis::Workers
                ? u"Worker counts: a range such as 2-8, or a list such as 2,4,8"_s
                : u"Jitters in microseconds, such as 0, 50, 200, 1000"_s);
    } else {
        m_sweepValues->setStyleSheet(u"QLineEdit { border: 2px solid %1; border-radius: 3px; padding: 1px 2px; }"_s.arg(
            m_palette.color(Palette::Role::Error).name()));
        m_sweepValues->setToolTip(u"Sweep values: "_s + error);
    }
    m_sweepButton->setEnabled(m_sweepValid && !m_job->isRunning());
}

void StressPanel::requestSweep()
{
    validateSweep();
    if (!m_sweepValid || m_job->isRunning())
        return;
    // The window settles the database and the password, then calls start(), which sees the flag.
    m_sweepPending = true;
    Q_EMIT runRequested();
    m_sweepPending = false;
}

void StressPanel::start(const Scenario& scenario)
{
    m_scenario.backend = scenario.backend; // what the window settled; the rest is the scenario setScenario() had
    const StressOptions base = options();
    m_trialsPerPoint = base.trials;
    m_sweepRunning = m_sweepPending;
    m_result = {};
    m_distribution = {};
    showDistribution(m_distribution);
    m_progress->setRange(0, 0);
    m_progress->setFormat(QString());
    if (m_sweepRunning) {
        m_runningSweep = m_sweep;
        m_sweepPoints.clear();
        resetSweepChart();
        const QList<StressOptions> points = m_runningSweep.points(base);
        m_status->setText(u"Sweeping…"_s);
        m_job->startSweep(scenario, points);
    } else {
        m_status->setText(u"Starting the workers…"_s);
        m_job->start(scenario, base);
    }
}

void StressPanel::cancel()
{
    if (m_job->isRunning()) {
        m_job->cancel();
        m_status->setText(u"Stopping…"_s);
    }
}

void StressPanel::discard()
{
    m_job->discard();
    clear();
}

void StressPanel::clear()
{
    m_result = {};
    m_distribution = {};
    m_sweepPoints.clear();
    showDistribution(m_distribution);
    resetSweepChart();
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(QString());
    m_status->setText(u"Run (F5) starts the trials; Sweep repeats them for each value"_s);
}

bool StressPanel::isRunning() const
{
    return m_job->isRunning();
}

void StressPanel::showProgress(int point, int points, const StressProgress& progress)
{
    const QLocale locale;
    const qint64 done = progress.trialsDone();
    const qint64 total = progress.trialsRequested * points;
    if (total > 0 && total < std::numeric_limits<int>::max()) {
        m_progress->setRange(0, int(total));
        m_progress->setValue(int(progress.trialsRequested * point + done));
    }
    m_progress->setFormat(u"%1 / %2"_s.arg(locale.toString(done), locale.toString(progress.trialsRequested)));
    QString text;
    if (m_sweepRunning && point < m_runningSweep.values.size())
        text = u"%1 = %2 (%3 of %4) · "_s
                   .arg(StressSweep::axisTitle(m_runningSweep.axis).toLower(),
                       locale.toString(m_runningSweep.values[point]))
                   .arg(point + 1)
                   .arg(points);
    text += u"%1 trials/s · %2 with duplicate rows"_s.arg(locale.toString(progress.trialsPerSecond(), 'f', 0),
        percent(StressSweep::share(progress.distribution, StressSweep::Measure::Duplicates)));
    m_status->setText(text);
    showDistribution(progress.distribution);
}

void StressPanel::showPointResult(int point, const StressResult& result)
{
    m_result = result;
    showDistribution(result.distribution);
    if (m_sweepRunning && point < m_runningSweep.values.size() && result.ok() && result.trials() > 0) {
        m_sweepPoints.append({ m_runningSweep.values[point], result });
        addSweepPoint(m_runningSweep.values[point], result.distribution);
    }
}

void StressPanel::showFinished(const QList<StressResult>& results)
{
    const QLocale locale;
    m_progress->setRange(0, 1);
    m_progress->setValue(1);
    if (!results.isEmpty())
        m_result = results.last();
    const StressResult& last = m_result;
    if (!last.ok()) {
        m_progress->setValue(0);
        m_progress->setFormat(u"failed"_s);
        m_status->setText(u"Stress run failed: "_s + oneLine(last.error));
    } else if (m_sweepRunning) {
        m_progress->setFormat(last.cancelled ? u"stopped"_s : u"done"_s);
        const bool workers = m_runningSweep.axis == StressSweep::Axis::Workers;
        m_status->setText(u"Sweep over %1 %2 to %3: %4 of %5 runs of %6 trials%7 · the bars show the last run"_s
                              .arg(workers ? u"workers"_s : u"jitter"_s)
                              .arg(m_runningSweep.values.first())
                              .arg(QString::number(m_runningSweep.values.last()) + (workers ? QString() : u" µs"_s))
                              .arg(m_sweepPoints.size())
                              .arg(m_runningSweep.values.size())
                              .arg(locale.toString(m_trialsPerPoint))
                              .arg(last.cancelled ? u", stopped"_s : QString()));
    } else {
        m_progress->setFormat(u"%1 / %2"_s.arg(locale.toString(last.trials()), locale.toString(last.trialsRequested)));
        QString text = u"%1%2 trials in %3 s · %4 trials/s · %5 with duplicate rows"_s.arg(
            last.cancelled ? u"Stopped: "_s : QString(), locale.toString(last.trials()),
            locale.toString(double(last.wallNs) / 1e9, 'f', 2), locale.toString(last.trialsPerSecond(), 'f', 0),
            percent(StressSweep::share(last.distribution, StressSweep::Measure::Duplicates)));
        // Then each anomaly and each failed check the duplicates do not already tell, in share of the trials.
        const StressDistribution& d = last.distribution;
        const auto share = [&](qint64 trials) {
            return percent(100.0 * double(trials) / double(std::max<qint64>(1, d.trials())));
        };
        for (auto it = d.anomalyTrials().cbegin(); it != d.anomalyTrials().cend(); ++it)
            text += u" · %1 %2"_s.arg(share(it.value()), Anomaly::name(it.key()));
        for (const CheckFamily f : CheckFamilyNames::all()) {
            if (!d.familiesToTellApart().testFlag(f))
                continue;
            text += u" · %1 %2"_s.arg(share(d.familyTrials(f)), CheckFamilyNames::sentence(f));
        }
        // A trial that lost a worker is a failed trial, and a run stopped by a lost server is no pass.
        const qint64 lost = last.distribution.incompleteTrials();
        if (lost > 0)
            text += u" · %1 incomplete (a worker lost the server)"_s.arg(locale.toString(lost));
        if (!last.unfinished.isEmpty())
            text += u" · stopped: "_s + oneLine(last.unfinished);
        m_status->setText(text + u" — click a bar to see a trial"_s);
        QPalette statusPalette = m_status->palette();
        statusPalette.setColor(QPalette::WindowText,
            (last.incomplete() && !last.cancelled) || last.violated() ? m_palette.color(Palette::Role::ErrorForeground)
                                                                      : palette().color(QPalette::WindowText));
        m_status->setPalette(statusPalette);
    }
    m_sweepRunning = false;
    Q_EMIT finished();
}

void StressPanel::setBars(QBarCategoryAxis* axis, QValueAxis* valueAxis, QBarSet* set, const QStringList& labels,
    const QList<qint64>& values, const QList<bool>& marked)
{
    // Categories change rarely (a new row count or result); values change on every snapshot: replace in place.
    if (labels != axis->categories() || set->count() != labels.size()) {
        set->remove(0, set->count());
        axis->setCategories(labels);
        for (qsizetype i = 0; i < labels.size(); ++i)
            set->append(0);
    }
    qint64 max = 0;
    for (qsizetype i = 0; i < values.size(); ++i) {
        set->replace(int(i), double(values[i]));
        if (set->isBarSelected(int(i)) != marked[i])
            set->setBarSelected(int(i), marked[i]);
        max = std::max(max, values[i]);
    }
    setValueRange(valueAxis, double(max));
}

void StressPanel::showDistribution(const StressDistribution& d)
{
    m_distribution = d;

    // Rows per trial: a bar per row count (per lookup when there are several), duplicates in the error colour.
    QList<RowsCategory> rows;
    QList<qint64> rowTrials;
    QList<bool> duplicate;
    QStringList rowLabels;
    for (qsizetype l = 0; l < d.rowsPerLookup().size(); ++l) {
        for (auto it = d.rowsPerLookup()[l].cbegin(); it != d.rowsPerLookup()[l].cend(); ++it) {
            rows.append({ int(l), it.key() });
            rowTrials.append(it.value());
            duplicate.append(it.key() > 1);
            rowLabels.append(
                (d.rowsPerLookup().size() > 1 ? u"#%1: "_s.arg(l + 1) : QString()) + rowCountText(it.key()));
        }
    }
    m_rowsCategories = rows;
    setBars(m_rowsAxis, m_rowsValues, m_rowsSet, rowLabels, rowTrials, duplicate);

    // Worker results over all trials: a bar per result (the re-get's "got" apart from a plain one).
    QMap<std::pair<int, bool>, qint64> tallies;
    for (const StressClass& c : d.classes()) {
        for (const ResultTally& t : c.results)
            tallies[{ int(t.kind), t.afterIntegrityError }] += c.trials * t.workers;
    }
    QList<ResultCategory> results;
    QStringList resultLabels;
    QList<qint64> resultCounts;
    QList<bool> failed;
    for (auto it = tallies.cbegin(); it != tallies.cend(); ++it) {
        const ResultTally tally { ResultKind(it.key().first), it.key().second, 0 };
        results.append({ tally.kind, tally.afterIntegrityError, isFailure(tally.kind) });
        // Axis labels are short; the tooltip and the trace tell the whole story.
        resultLabels.append(
            axisLabel(tally.afterIntegrityError ? WorkerResult::kindName(tally.kind) + u" (re-get)"_s : tally.name()));
        resultCounts.append(it.value());
        failed.append(results.back().failure);
    }
    m_resultCategories = results;
    setBars(m_resultsAxis, m_resultsValues, m_resultsSet, resultLabels, resultCounts, failed);

    const QString trialsText = d.trials() > 0 ? u" (%1 trials)"_s.arg(QLocale().toString(d.trials())) : QString();
    m_rowsView->chart()->setTitle(u"Rows per trial"_s + trialsText);
    m_resultsView->chart()->setTitle(u"Worker results"_s + trialsText);
}

void StressPanel::resetSweepChart()
{
    for (QLineSeries* series : std::as_const(m_sweepSeries))
        series->clear();
    m_sweepView->chart()->setTitle(u"Sweep: press Sweep for one run per value"_s);
    const bool workers = m_sweep.axis == StressSweep::Axis::Workers;
    m_sweepX->setTitleText(StressSweep::axisTitle(m_sweep.axis));
    const int low = m_sweep.values.isEmpty() ? (workers ? 2 : 0) : m_sweep.values.first();
    const int high = m_sweep.values.isEmpty() ? (workers ? 6 : 1000) : m_sweep.values.last();
    m_sweepX->setRange(low, std::max(high, low + 1));
    m_sweepX->setTickCount(workers ? std::clamp(high - low + 1, 2, 9) : 5);
}

void StressPanel::addSweepPoint(int value, const StressDistribution& d)
{
    m_sweepView->chart()->setTitle(u"Share of trials, by %1 (%2 trials each)"_s.arg(
        m_runningSweep.axis == StressSweep::Axis::Workers ? u"worker count"_s : u"jitter"_s,
        QLocale().toString(m_trialsPerPoint)));
    for (int m = 0; m < m_sweepSeries.size(); ++m)
        m_sweepSeries[m]->append(value, StressSweep::share(d, StressSweep::Measure(m)));
}

bool StressPanel::chooseClass(const std::function<bool(const StressClass&)>& matches, const QString& what)
{
    for (const StressClass& c : m_distribution.classes()) {
        if (c.example && matches(c)) {
            Q_EMIT traceChosen(
                *c.example, u"Trial %1 (%2): %3"_s.arg(QLocale().toString(c.firstTrial + 1), what, c.label()));
            return true;
        }
    }
    return false;
}

bool StressPanel::chooseTellingTrial()
{
    const auto errorPath = [](const StressClass& c) {
        return std::ranges::any_of(
            c.results, [](const ResultTally& t) { return t.afterIntegrityError || isFailure(t.kind); });
    };
    return chooseClass([](const StressClass& c) { return c.violated(); }, u"duplicates"_s)
        || chooseClass([](const StressClass& c) { return bool(c.failed); }, u"a violation"_s)
        || chooseClass(errorPath, u"an error path"_s)
        || chooseClass([](const StressClass&) { return true; }, u"the first outcome"_s);
}

bool StressPanel::chooseRowsBar(int category)
{
    if (category < 0 || category >= m_rowsCategories.size())
        return false;
    const RowsCategory cat = m_rowsCategories[category];
    return chooseClass([cat](const StressClass& c) { return c.rowsPerLookup.value(cat.lookup) == cat.rows; },
        m_rowsAxis->at(category));
}

bool StressPanel::chooseResultsBar(int category)
{
    if (category < 0 || category >= m_resultCategories.size())
        return false;
    const ResultCategory cat = m_resultCategories[category];
    return chooseClass(
        [cat](const StressClass& c) {
            return std::any_of(c.results.cbegin(), c.results.cend(), [cat](const ResultTally& t) {
                return t.kind == cat.kind && t.afterIntegrityError == cat.afterIntegrityError;
            });
        },
        QString(m_resultsAxis->at(category)).remove(u"<br>"_s));
}

void StressPanel::setColors(const Palette& palette)
{
    m_palette = palette;
    for (QChartView* view : { m_rowsView, m_resultsView, m_sweepView }) {
        styleChart(view->chart());
        view->setBackgroundBrush(m_palette.color(Palette::Role::Background));
    }
    styleSeries();
    validateSweep();
}

void StressPanel::styleChart(QChart* chart)
{
    // The chart theme sets fonts and defaults; the Palette then has the last word on every colour, so the charts
    // sit on the timeline's background in each of our themes.
    const Palette::Theme theme = m_palette.theme();
    chart->setTheme(theme == Palette::Theme::Dark   ? QChart::ChartThemeDark
            : theme == Palette::Theme::HighContrast ? QChart::ChartThemeHighContrast
                                                    : QChart::ChartThemeLight);
    chart->setAnimationOptions(QChart::NoAnimation); // live updates several times a second: no lag behind them
    chart->setBackgroundRoundness(0);
    chart->setDropShadowEnabled(false);
    chart->setBackgroundBrush(m_palette.color(Palette::Role::Background));
    chart->setBackgroundPen(QPen(m_palette.color(Palette::Role::Grid)));
    chart->setPlotAreaBackgroundVisible(false);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setTitleBrush(m_palette.color(Palette::Role::Text));
    QFont titleFont = font();
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->legend()->setLabelColor(m_palette.color(Palette::Role::Text));
    chart->legend()->setFont(font());
    chart->legend()->setAlignment(Qt::AlignBottom);
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsBrush(m_palette.color(Palette::Role::TextMuted));
        axis->setLabelsFont(font());
        axis->setTitleBrush(m_palette.color(Palette::Role::TextMuted));
        axis->setTitleFont(font());
        axis->setLinePenColor(m_palette.color(Palette::Role::Grid));
        axis->setGridLineColor(m_palette.color(Palette::Role::Grid));
        axis->setMinorGridLineVisible(false);
        axis->setShadesVisible(false); // the high-contrast chart theme bands the plot area
    }
}

void StressPanel::styleSeries()
{
    // Labels sit above the bars, on the chart's background.
    const auto styleSet = [this](QBarSet* set, Palette::Role fill, Palette::Role marked) {
        set->setColor(m_palette.color(fill));
        set->setSelectedColor(m_palette.color(marked));
        set->setBorderColor(Qt::transparent);
        set->setLabelColor(m_palette.color(Palette::Role::Text));
    };
    styleSet(m_rowsSet, Palette::Role::Success, Palette::Role::Error);
    styleSet(m_resultsSet, Palette::Role::Success, Palette::Role::Failure);
    const Palette::Role lines[] = { Palette::Role::Error, Palette::Role::Arrow, Palette::Role::Highlight };
    for (int m = 0; m < m_sweepSeries.size(); ++m) {
        QPen pen(m_palette.color(lines[m]));
        pen.setWidthF(2.5);
        m_sweepSeries[m]->setPen(pen);
        m_sweepSeries[m]->setColor(m_palette.color(lines[m]));
    }
}

} // namespace interleave
