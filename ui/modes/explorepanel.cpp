// SPDX-License-Identifier: MIT
#include "explorepanel.h"

#include "explorejob.h"
#include "oneline.h"
#include "outcomeclassesmodel.h"

#include <QApplication>
#include <QCheckBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

// The share column as a bar behind its number, so the classes' proportions read at a glance; classes with
// duplicate rows in the error colour.
class ShareDelegate : public QStyledItemDelegate {
public:
    ShareDelegate(const Palette* palette, QObject* parent)
        : QStyledItemDelegate(parent)
        , m_palette(palette)
    {
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString text = opt.text;
        opt.text.clear();
        QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        const double share = index.data(Qt::EditRole).toDouble();
        const bool failed = index.data(OutcomeClassesModel::FailedRole).toBool();
        const QRect area = opt.rect.adjusted(3, 3, -3, -3);
        QColor fill = opt.state & QStyle::State_Selected
            ? opt.palette.color(QPalette::HighlightedText)
            : m_palette->color(failed ? Palette::Role::Error : Palette::Role::Success);
        fill.setAlphaF(0.35f);
        painter->fillRect(
            QRect(area.topLeft(), QSize(int(std::lround(area.width() * share / 100.0)), area.height())), fill);
        painter->setPen(
            opt.palette.color(opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(area.adjusted(0, 0, -3, 0), Qt::AlignRight | Qt::AlignVCenter, text);
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        size.setWidth(std::max(size.width(), 90));
        return size;
    }

private:
    const Palette* m_palette;
};

} // namespace

ExplorePanel::ExplorePanel(QWidget* parent)
    : QWidget(parent)
    , m_job(new ExploreJob(this))
    , m_model(new OutcomeClassesModel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->setSpacing(4);

    auto* header = new QHBoxLayout;
    header->setSpacing(8);
    auto* title = new QLabel(u"Outcome classes"_s, this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_status = new QLabel(this);
    m_status->setObjectName(u"exploreStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true); // the summary with both counts runs longer than the panel is wide
    m_status->setText(u"Run (F5) tries every distinct order of the workers' statements, each on a fresh table"_s);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"exploreProgress"_s);
    m_progress->setTextVisible(true);
    m_progress->setMaximumWidth(320);
    m_progress->setMinimumWidth(180);
    m_progress->setVisible(false);
    m_stopButton = new QToolButton(this);
    m_stopButton->setObjectName(u"exploreStop"_s);
    m_stopButton->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_stopButton->setText(u"Stop"_s);
    m_stopButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_stopButton->setToolTip(u"Stop exploring and keep the classes found so far (Esc)"_s);
    m_stopButton->setVisible(false);
    connect(m_stopButton, &QToolButton::clicked, this, &ExplorePanel::cancel);
    m_everySchedule = new QCheckBox(u"Count every schedule"_s, this);
    m_everySchedule->setObjectName(u"exploreEverySchedule"_s);
    m_everySchedule->setToolTip(u"Off: orders that only swap statements which commute are run once, so the shares "
                                "are of distinct schedules (fast). On: every order of the workers' statements runs, "
                                "as the command line's --no-reduction does, so the shares are of all orders. Takes "
                                "effect at the next Run (F5)."_s);
    header->addWidget(title);
    header->addWidget(m_status, 1);
    header->addWidget(m_everySchedule);
    header->addWidget(m_progress);
    header->addWidget(m_stopButton);
    layout->addLayout(header);

    m_view = new QTableView(this);
    m_view->setObjectName(u"outcomeClassesView"_s);
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(OutcomeClassesModel::Share, new ShareDelegate(&m_palette, m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setToolTip(u"Click a class to draw its first schedule in the timeline; Replay as script makes it the "
                       "script"_s);

    // Beside the list, what the chosen class means: the rows, each worker's result and how to replay it.
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setChildrenCollapsible(false);
    split->addWidget(m_view);
    auto* detailPane = new QFrame(split);
    detailPane->setObjectName(u"exploreDetail"_s);
    detailPane->setFrameShape(QFrame::StyledPanel);
    auto* detailLayout = new QVBoxLayout(detailPane);
    detailLayout->setContentsMargins(10, 8, 10, 8);
    m_detail = new QLabel(detailPane);
    m_detail->setObjectName(u"exploreDetailLabel"_s);
    m_detail->setTextFormat(Qt::RichText);
    m_detail->setWordWrap(true);
    m_detail->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_replayButton = new QPushButton(u"Replay as &script"_s, detailPane);
    m_replayButton->setObjectName(u"exploreReplayButton"_s);
    m_replayButton->setToolTip(u"Switch to Script mode with this schedule; Run (F5) then replays it step by step"_s);
    m_replayButton->setEnabled(false);
    connect(m_replayButton, &QPushButton::clicked, this, [this] {
        const int row = m_view->currentIndex().row();
        if (row >= 0 && row < m_model->rowCount())
            Q_EMIT replayRequested(m_model->outcomeClass(row).example);
    });
    detailLayout->addWidget(m_detail);
    detailLayout->addWidget(m_replayButton, 0, Qt::AlignLeft);
    detailLayout->addStretch(1);
    split->addWidget(detailPane);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(
        m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            showDetail(current.isValid() ? current.row() : -1);
            if (current.isValid())
                Q_EMIT classChosen(m_model->outcomeClass(current.row()));
        });
    connect(m_job, &ExploreJob::progress, this, &ExplorePanel::showProgress);
    connect(m_job, &ExploreJob::finished, this, &ExplorePanel::showResult);
    connect(m_job, &ExploreJob::runningChanged, this, [this](bool running) {
        m_stopButton->setVisible(running);
        m_everySchedule->setEnabled(!running);
        if (running)
            m_progress->setVisible(true);
        Q_EMIT runningChanged(running);
    });
}

bool ExplorePanel::isRunning() const
{
    return m_job->isRunning();
}

void ExplorePanel::setColors(const Palette& palette)
{
    m_palette = palette;
    m_model->setColors(palette);
    showDetail(m_view->currentIndex().row());
}

void ExplorePanel::start(const Scenario& scenario)
{
    clear();
    m_progress->setRange(0, 0); // busy until the first report brings the estimate
    m_progress->setVisible(true);
    m_status->setText(u"Exploring…"_s);
    ExploreOptions options;
    options.reduce = !m_everySchedule->isChecked();
    m_limit = options.maxSchedules;
    Scenario counted = scenario; // the schedule box does not change what exploring finds
    counted.schedule = {};
    m_exploring = counted.toJson();
    m_job->start(scenario, options);
}

void ExplorePanel::cancel()
{
    if (m_job->isRunning()) {
        m_job->cancel();
        m_status->setText(u"Stopping…"_s);
    }
}

void ExplorePanel::discard()
{
    m_job->discard();
    clear();
}

void ExplorePanel::clear()
{
    m_result = {};
    m_model->clear();
    showDetail(-1);
    m_progress->setVisible(false);
    m_progress->reset();
    m_status->setText(u"Run (F5) tries every distinct order of the workers' statements, each on a fresh table"_s);
}

void ExplorePanel::showProgress(const ExploreProgress& progress, double perSecond)
{
    const QLocale locale;
    // The estimate counts the full enumeration; reduction skips much of it, so the bar may end early. Ten workers
    // have astronomically many schedules: the limit ends the exploration first.
    const bool limited = m_limit > 0 && progress.estimate > m_limit;
    const qint64 total = limited ? m_limit : std::max<qint64>(progress.estimate, 1);
    m_progress->setRange(0, 1000);
    m_progress->setValue(int(std::min<qint64>(1000, progress.explored * 1000 / total)));
    m_progress->setFormat(u"%1 of %2%3"_s.arg(locale.toString(progress.explored),
        limited ? locale.toString(m_limit) : u"~"_s + locale.toString(progress.estimate),
        limited ? u" (limit)"_s : QString()));
    m_status->setText(u"Exploring: %1 %2 run, %3 skipped as equivalent · %4 schedules/s"_s.arg(
        locale.toString(progress.explored), progress.explored == 1 ? u"schedule"_s : u"schedules"_s,
        locale.toString(progress.pruned), locale.toString(perSecond, 'f', 0)));
    if (limited)
        m_progress->setToolTip(u"About %1 schedules in all; the exploration stops at %2"_s.arg(
            locale.toString(progress.estimate), locale.toString(m_limit)));
}

QString ExplorePanel::otherCountText(const ExploreResult& result) const
{
    // "duplicate rows in 44 % of 18 distinct schedules, 53 % of all 90 orders": the lesson's question (how often
    // does the race duplicate?) answered both ways once both have run; a violation other than duplicates likewise.
    const std::optional<Count>& here = m_counts[result.reduced ? 0 : 1];
    const std::optional<Count>& other = m_counts[result.reduced ? 1 : 0];
    if (!here || here->explored == 0)
        return {};
    const bool duplicates = here->duplicates > 0 || (other && other->duplicates > 0);
    const auto part = [&](const Count& c, bool everyOrder) {
        const qint64 n = duplicates ? c.duplicates : c.failed;
        const double share = c.explored > 0 ? 100.0 * double(n) / double(c.explored) : 0.0;
        return u"%1 % of %2%3 %4"_s.arg(QLocale().toString(share, 'f', share < 10 && share > 0 ? 1 : 0),
            everyOrder ? u"all "_s : QString(), QLocale().toString(c.explored),
            OutcomeClassesModel::countedText(everyOrder));
    };
    if (here->failed == 0 && (!other || other->failed == 0)) // nothing red either way: the other count alone
        return other ? (result.reduced ? u" · every order: %1"_s : u" · distinct schedules: %1"_s)
                           .arg(QLocale().toString(other->explored))
                     : QString();
    QString text = (duplicates ? u" · duplicate rows in "_s : u" · a violation in "_s) + part(*here, !result.reduced);
    if (other)
        text += u", "_s + part(*other, result.reduced);
    return text;
}

void ExplorePanel::showResult(const ExploreResult& result)
{
    m_result = result;
    m_model->setClasses(result.classes, result.explored, !result.reduced);
    // Keep this count for the summary of the other setting's (a finished, whole count only).
    if (m_exploring != m_countedScenario) {
        m_counts[0].reset();
        m_counts[1].reset();
        m_countedScenario = m_exploring;
    }
    if (result.error.isEmpty() && result.complete && !result.cancelled) {
        Count count;
        count.explored = result.explored;
        for (const OutcomeClass& c : result.classes) {
            if (c.violated)
                count.duplicates += c.count;
            if (OutcomeClassesModel::isFailed(c))
                count.failed += c.count;
        }
        m_counts[result.reduced ? 0 : 1] = count;
    } else {
        m_counts[result.reduced ? 0 : 1].reset();
    }
    m_view->resizeColumnsToContents();
    m_view->setColumnWidth(
        OutcomeClassesModel::Results, std::min(m_view->columnWidth(OutcomeClassesModel::Results), 420));
    const QLocale locale;
    if (!result.error.isEmpty()) {
        m_progress->setVisible(false);
        m_status->setText(u"Exploration failed: "_s + oneLine(result.error));
    } else {
        m_progress->setRange(0, 1);
        m_progress->setValue(result.cancelled ? 0 : 1);
        m_progress->setFormat(result.cancelled ? u"stopped"_s : u"done"_s);
        m_progress->setVisible(result.cancelled);
        const qsizetype violated = std::count_if(
            result.classes.cbegin(), result.classes.cend(), [](const OutcomeClass& c) { return c.violated; });
        QString text =
            u"%1 %2, %3 %4"_s.arg(locale.toString(result.explored), OutcomeClassesModel::countedText(!result.reduced))
                .arg(result.classes.size())
                .arg(result.classes.size() == 1 ? u"outcome"_s : u"outcomes"_s);
        if (violated > 0)
            text += u", %1 with duplicate rows"_s.arg(violated);
        const qsizetype failing = std::count_if(result.classes.cbegin(), result.classes.cend(),
            [](const OutcomeClass& c) { return c.failed && !c.violated; });
        if (failing > 0)
            text += (violated > 0 ? u", %1 with another violation"_s : u", %1 with a violation"_s).arg(failing);
        const qsizetype incomplete = std::count_if(
            result.classes.cbegin(), result.classes.cend(), [](const OutcomeClass& c) { return c.incomplete; });
        if (incomplete > 0)
            text += u", %1 incomplete (a worker lost the server)"_s.arg(incomplete);
        text += otherCountText(result); // before the details: the number the lesson asks for
        text += u" · %1 s"_s.arg(locale.toString(result.seconds, 'f', 2));
        if (result.reduced)
            text += u" · %1 skipped as equivalent"_s.arg(locale.toString(result.pruned));
        if (result.cancelled)
            text += u" · stopped: the classes found so far"_s;
        else if (!result.complete)
            text += u" · stopped at the schedule limit"_s;
        text += u" — click a class to see it"_s;
        m_status->setText(text);
    }
    Q_EMIT finished(result);
}

void ExplorePanel::showDetail(int row)
{
    m_replayButton->setEnabled(row >= 0);
    if (row < 0) {
        m_detail->setText(m_model->rowCount() > 0
                ? u"Choose a class to see one of its schedules in the timeline."_s
                : u"Every distinct order of the workers' statements runs on a fresh table; the orders that end "
                  "alike form one class."_s);
        return;
    }
    const OutcomeClass& c = m_model->outcomeClass(row);
    const RunResult& r = c.exampleResult;
    const QString colour =
        m_palette.color(OutcomeClassesModel::isFailed(c) ? Palette::Role::ErrorForeground : Palette::Role::Success)
            .name();
    QString html = u"<p><b style='color:%1'>%2</b></p>"_s.arg(colour, r.outcome.verdict().toHtmlEscaped());
    html += u"<p>%1 of %2 %3 ended this way. The first found:<br><tt>%4</tt></p>"_s.arg(QLocale().toString(c.count),
        QLocale().toString(m_model->explored()), OutcomeClassesModel::countedText(m_model->everyOrder()),
        c.example.join(u',').toHtmlEscaped());
    html += u"<p>"_s;
    for (qsizetype w = 0; w < r.outcome.results.size(); ++w) {
        const WorkerResult& result = r.outcome.results[w];
        html +=
            u"<b>%1</b>: %2%3<br>"_s.arg(r.trace.workers.value(w).toHtmlEscaped(), result.kindName().toHtmlEscaped(),
                result.detail.isEmpty() ? QString() : u" — "_s + result.detail.toHtmlEscaped());
    }
    html += u"</p>"_s;
    m_detail->setText(html);
}

bool ExplorePanel::chooseTellingClass()
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->outcomeClass(row).violated)
            return chooseClass(row);
    }
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->outcomeClass(row).failed)
            return chooseClass(row);
    }
    return chooseClass(0);
}

bool ExplorePanel::chooseClass(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return false;
    const QModelIndex index = m_model->index(row, 0);
    if (m_view->currentIndex().row() == row)
        Q_EMIT classChosen(m_model->outcomeClass(row)); // already current: no change signal
    else
        m_view->setCurrentIndex(index);
    m_view->selectRow(row);
    return true;
}

} // namespace interleave
