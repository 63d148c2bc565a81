// SPDX-License-Identifier: MIT
#include "resultpane.h"

#include "causalorder.h"
#include "descriptionlabel.h"
#include "findingsmodel.h"
#include "isolationlevel.h"
#include "logmodel.h"
#include "oneline.h"
#include "playbackbar.h"
#include "rowsmodel.h"
#include "sessionchooser.h"
#include "timelineview.h"

#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QMainWindow>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

QTableView* makeTable(const QString& objectName, QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

// A titled table pane of the bottom splitter: bold title above a read-only table showing `model`.
struct Pane {
    QLabel* title;
    QTableView* view;
};
Pane addPane(QSplitter* splitter, const QString& title, const QString& objectName, QAbstractItemModel* model,
    const QMargins& margins)
{
    auto* pane = new QWidget(splitter);
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(margins);
    layout->setSpacing(0);
    auto* label = new QLabel(title, pane);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setContentsMargins(4, 4, 4, 2);
    QTableView* view = makeTable(objectName, pane);
    view->setModel(model);
    layout->addWidget(label);
    layout->addWidget(view);
    splitter->addWidget(pane);
    return { label, view };
}

// The findings, as high as their wrapped lines need, up to five lines of text; more scroll, and a window too small
// for them shrinks them first.
class FindingsView : public QListView {
public:
    using QListView::QListView;

    // Not a height-for-width widget to the layout: that would make its full height the window's minimum. It asks
    // for its lines' height and gives it up, down to nothing, when the window is small.
    int linesHeight(int width) const
    {
        const QAbstractItemModel* m = model();
        const int textWidth = std::max(40, width - 2 * frameWidth() - 2 * spacing() - 8);
        const int lineHeight = fontMetrics().height();
        int height = 0;
        for (int row = 0; m && row < m->rowCount(); ++row) {
            const QString text = m->index(row, 0).data().toString();
            height += fontMetrics().boundingRect(QRect(0, 0, textWidth, 1 << 20), Qt::TextWordWrap, text).height()
                + 2 * spacing() + 4;
        }
        return std::min(height, 5 * lineHeight + 12) + 2 * frameWidth();
    }
    QSize sizeHint() const override { return { QListView::sizeHint().width(), linesHeight(width()) }; }
    QSize minimumSizeHint() const override { return { 0, 0 }; }

protected:
    void resizeEvent(QResizeEvent* event) override
    {
        QListView::resizeEvent(event);
        updateGeometry(); // wider or narrower, its lines wrap to another height
    }
};

} // namespace

// A word of `text` longer than a value reads at a glance (a 32-character hex lookup value, quoted in a verdict) is
// elided in the middle, keeping its start and end: "user_id='c53b8b…3d524fe'".
QString elideLongWords(const QString& text, int maxChars)
{
    QStringList words = text.split(u' ');
    for (QString& word : words) {
        if (word.size() > maxChars)
            word = elideMiddle(word, maxChars);
    }
    return words.join(u' ');
}

namespace {

QString elided(const QString& text, int maxChars)
{
    return text.size() <= maxChars ? text : text.left(maxChars - 1) + u"…"_s;
}

} // namespace

ResultPane::ResultPane(QMainWindow* window)
    : QObject(window)
{
    auto* splitter = new QSplitter(Qt::Vertical, window);
    splitter->setObjectName(u"mainSplitter"_s);
    splitter->setChildrenCollapsible(false);

    auto* top = new QWidget(splitter);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(8, 6, 8, 0);
    topLayout->setSpacing(4);
    m_titleLabel = new QLabel(top);
    m_titleLabel->setObjectName(u"scenarioTitle"_s);
    QFont titleFont = m_titleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    m_titleLabel->setFont(titleFont);
    m_titleLabel->setTextFormat(Qt::PlainText);
    m_questionLabel = new QLabel(top);
    m_questionLabel->setObjectName(u"lessonQuestion"_s);
    m_questionLabel->setTextFormat(Qt::PlainText);
    m_questionLabel->setWordWrap(true);
    m_questionLabel->setFont(titleFont); // a font of its own size: presenter mode scales it as the title
    m_questionLabel->setVisible(false);
    m_descriptionLabel = new DescriptionLabel(top);
    m_descriptionLabel->setObjectName(u"scenarioDescription"_s);
    m_descriptionLabel->setForegroundRole(QPalette::PlaceholderText);
    m_timeline = new TimelineView(top);
    m_timeline->setObjectName(u"timeline"_s);
    m_titleLabel->setVisible(false);
    m_descriptionLabel->setVisible(false);
    topLayout->addWidget(m_titleLabel);
    topLayout->addWidget(m_questionLabel);
    topLayout->addWidget(m_descriptionLabel);
    topLayout->addWidget(m_timeline, 1);

    auto* bottom = new QSplitter(Qt::Horizontal, splitter);
    bottom->setObjectName(u"bottomSplitter"_s);
    bottom->setChildrenCollapsible(false);
    m_rowsAndLog = bottom;

    m_rowsModel = new RowsModel(this);
    const Pane rows = addPane(bottom, u"Rows"_s, u"rowsView"_s, m_rowsModel, QMargins(8, 0, 0, 4));
    m_rowsTitle = rows.title;
    m_rowsView = rows.view;
    m_rowsView->setTextElideMode(Qt::ElideMiddle); // a long value keeps its start and its end
    m_logModel = new LogModel(this);
    const Pane log = addPane(bottom, u"Statement log"_s, u"logView"_s, m_logModel, QMargins(0, 0, 8, 4));
    m_logTitle = log.title;
    m_logView = log.view;

    bottom->setStretchFactor(0, 2);
    bottom->setStretchFactor(1, 3);
    bottom->setSizes({ 400, 880 });

    splitter->addWidget(top);
    m_bottomStack = new QStackedWidget(window);
    m_bottomStack->setObjectName(u"bottomStack"_s);
    m_bottomStack->addWidget(bottom);
    splitter->addWidget(m_bottomStack);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({ 440, 260 });

    // The verdict and its findings, under everything the splitter holds, so no mode's page hides them.
    auto* central = new QWidget(window);
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(splitter, 1);
    m_findingsPanel = new QWidget(central);
    m_findingsPanel->setObjectName(u"findingsPanel"_s);
    auto* findingsLayout = new QVBoxLayout(m_findingsPanel);
    findingsLayout->setContentsMargins(8, 2, 8, 6);
    findingsLayout->setSpacing(2);
    m_verdictHeadline = new QLabel(m_findingsPanel);
    m_verdictHeadline->setObjectName(u"verdictHeadline"_s);
    m_verdictHeadline->setTextFormat(Qt::PlainText);
    m_verdictHeadline->setWordWrap(true);
    QFont headlineFont = m_verdictHeadline->font();
    headlineFont.setBold(true);
    headlineFont.setPointSizeF(headlineFont.pointSizeF() * 1.4);
    m_verdictHeadline->setFont(headlineFont);
    m_findingsModel = new FindingsModel(this);
    m_findingsView = new FindingsView(m_findingsPanel);
    m_findingsView->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_findingsView->setObjectName(u"findingsView"_s);
    m_findingsView->setModel(m_findingsModel);
    m_findingsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_findingsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_findingsView->setWordWrap(true);
    m_findingsView->setTextElideMode(Qt::ElideRight);
    m_findingsView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_findingsView->setResizeMode(QListView::Adjust);
    m_findingsView->setFrameShape(QFrame::NoFrame);
    m_findingsView->viewport()->setAutoFillBackground(false);
    QFont findingsFont = m_findingsView->font();
    findingsFont.setPointSizeF(findingsFont.pointSizeF() * 1.15);
    m_findingsView->setFont(findingsFont);
    m_findingsView->setToolTip(u"What the verdict found; select a line to find its statements in the log"_s);
    findingsLayout->addWidget(m_verdictHeadline);
    findingsLayout->addWidget(m_findingsView);
    m_findingsPanel->setVisible(false);
    centralLayout->addWidget(m_findingsPanel);
    window->setCentralWidget(central);
    connect(m_findingsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) { findingSelected(current.row()); });
    m_splitter = splitter;
    connect(splitter, &QSplitter::splitterMoved, this, [this] { m_splitterMoved = true; });

    // A click on a box finds its line in the log.
    connect(m_timeline, &TimelineView::eventClicked, this, &ResultPane::selectEvent);

    QStatusBar* status = window->statusBar();
    auto makeLabel = [status](const QString& name) {
        auto* label = new QLabel(status);
        label->setObjectName(name);
        label->setTextFormat(Qt::PlainText);
        label->setContentsMargins(6, 0, 6, 0);
        return label;
    };
    m_verdictLabel = makeLabel(u"verdictLabel"_s);
    QFont bold = m_verdictLabel->font();
    bold.setBold(true);
    m_verdictLabel->setFont(bold);
    m_backendLabel = makeLabel(u"backendLabel"_s);
    m_scheduleLabel = makeLabel(u"scheduleLabel"_s);
    m_scheduleLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_wallTimeLabel = makeLabel(u"wallTimeLabel"_s);
    status->addPermanentWidget(m_verdictLabel);
    status->addPermanentWidget(m_backendLabel);
    status->addPermanentWidget(m_scheduleLabel);
    status->addPermanentWidget(m_wallTimeLabel);

    // The timeline's playhead, zoom and axis (ui/timeline/playbackbar.h): the window puts it in its toolbar area.
    m_playbackBar = new PlaybackBar(m_timeline, m_rowsView, m_logView, window);
    // "Seen by", between the rows' title and their table; it follows the playhead.
    m_sessionChooser =
        new SessionChooser(m_rowsModel, m_rowsView, m_playbackBar->playback(), m_rowsView->parentWidget());
    if (auto* rowsLayout = qobject_cast<QVBoxLayout*>(m_rowsView->parentWidget()->layout()))
        rowsLayout->insertWidget(1, m_sessionChooser);
}

void ResultPane::selectEvent(int event)
{
    const int row = m_logModel->rowOfEvent(event);
    if (row >= 0) {
        m_logView->selectRow(row);
        m_logView->scrollTo(m_logModel->index(row, 0));
    }
}

void ResultPane::findingSelected(int row)
{
    // Its cycle as arrows in the timeline; a check that tells no anomaly, or no line, draws none.
    m_timeline->setAnomaly(m_findingsModel->anomaly(row));
    const QList<int> events = m_findingsModel->events(row);
    if (events.isEmpty())
        return;
    // The statement that closes the cycle, as the narration tells the anomaly: the last of them to take effect.
    const QList<int> order = CausalOrder::of(m_result.trace);
    int closing = events.first();
    qsizetype last = -1;
    for (const int e : events) {
        const qsizetype at = order.indexOf(e);
        if (at > last) {
            last = at;
            closing = e;
        }
    }
    selectEvent(closing);
}

void ResultPane::showFindings(bool finished)
{
    const Outcome& outcome = m_result.outcome;
    if (!finished && m_result.trace.events.isEmpty()) {
        // Nothing has run: no verdict at all, not "0 rows … no duplicate".
        m_findingsModel->setOutcome({}, QString());
        const int workers = int(m_result.scenario.workers.size());
        m_verdictHeadline->setText(workers > 1 ? u"Press 1–%1 to run a statement"_s.arg(std::min(workers, 9))
                                               : u"Press 1 to run a statement"_s);
        m_verdictHeadline->setToolTip(QString());
        m_verdictHeadline->setPalette(m_findingsPanel->palette());
        m_findingsView->setVisible(false);
        m_findingsPanel->setVisible(true);
        return;
    }
    if (!finished) {
        // A step run judged halfway would fail every worker that has not finished yet: no verdict until the end.
        m_findingsModel->setOutcome({}, QString());
        m_verdictHeadline->setText(u"\u2026 Step by step \u2014 the verdict comes when every worker has finished"_s);
        m_verdictHeadline->setToolTip(QString());
        m_verdictHeadline->setPalette(m_findingsPanel->palette());
        m_findingsView->setVisible(false);
        m_findingsPanel->setVisible(true);
        return;
    }
    const bool passed = outcome.passed();
    QStringList parts;
    if (outcome.incomplete())
        parts.append(u"incomplete: "_s + outcome.incompleteText());
    m_findingsModel->setOutcome(outcome, isolationSql(isolationRun(m_result.scenario)));
    const int violations = m_findingsModel->violations();
    if (violations > 0)
        parts.append(violations == 1 ? u"1 violation"_s : QString::number(violations) + u" violations"_s);
    if (!outcome.incomplete() && !outcome.rowsVerdict().isEmpty())
        parts.append(outcome.rowsVerdict());
    QString headline = passed ? u"\u2714 Passed"_s : u"\u2718 Failed"_s;
    if (!parts.isEmpty())
        headline += u" \u2014 "_s + parts.join(u"; "_s);
    m_verdictHeadline->setText(elideLongWords(headline));
    m_verdictHeadline->setToolTip(outcome.verdict());
    QPalette headlinePalette = m_verdictHeadline->palette();
    headlinePalette.setColor(
        QPalette::WindowText, m_palette.color(passed ? Palette::Role::Success : Palette::Role::ErrorForeground));
    m_verdictHeadline->setPalette(headlinePalette);

    const int lines = m_findingsModel->rowCount();
    m_findingsView->setVisible(lines > 0);
    m_findingsView->updateGeometry();
    m_findingsPanel->setVisible(true);
}

void ResultPane::addUnderTimeline(QWidget* widget)
{
    if (auto* topLayout = qobject_cast<QVBoxLayout*>(m_timeline->parentWidget()->layout())) {
        widget->setParent(m_timeline->parentWidget());
        topLayout->insertWidget(topLayout->indexOf(m_timeline) + 1 + int(m_underTimeline.size()), widget);
    }
    m_underTimeline.append(widget);
}

void ResultPane::addBesideLog(QWidget* pane, int stretch)
{
    m_rowsAndLog->addWidget(pane);
    m_rowsAndLog->setStretchFactor(m_rowsAndLog->indexOf(pane), stretch);
}

void ResultPane::addPage(QWidget* page)
{
    m_bottomStack->addWidget(page);
}

void ResultPane::showPage(QWidget* page)
{
    m_bottomStack->setCurrentWidget(page ? page : m_rowsAndLog);
}

QWidget* ResultPane::logPane() const
{
    return m_logView->parentWidget();
}

QWidget* ResultPane::descriptionLabel() const
{
    return m_descriptionLabel;
}

void ResultPane::showScenario(const Scenario& scenario, bool loaded)
{
    m_titleLabel->setText(scenario.name);
    if (loaded)
        m_titleLabel->setVisible(true);
    m_descriptionLabel->setDescription(scenario.description);
    m_descriptionLabel->setVisible(!scenario.description.isEmpty());
}

void ResultPane::setQuestion(const QString& question)
{
    m_questionLabel->setText(question.isEmpty() ? QString() : u"Ask: "_s + question);
    showQuestion(m_presenter);
}

void ResultPane::showQuestion(bool presenter)
{
    m_presenter = presenter;
    m_questionLabel->setVisible(presenter && !m_questionLabel->text().isEmpty());
}

void ResultPane::setColors(const Palette& palette)
{
    m_palette = palette;
    m_timeline->setColors(m_palette);
    m_rowsModel->setColors(m_palette);
    m_sessionChooser->setColors(m_palette);
    m_logModel->setColors(m_palette);
    m_findingsModel->setColors(m_palette);
    if (m_hasResult)
        display(m_result, m_finished);
}

void ResultPane::clear()
{
    m_hasResult = false;
    m_result = {};
    m_timeline->clear();
    m_rowsModel->clear();
    m_sessionChooser->clear();
    m_logModel->clear();
    m_rowsTitle->setText(u"Rows"_s);
    m_logTitle->setText(u"Statement log"_s);
    m_verdictLabel->clear();
    m_findingsModel->clear();
    m_findingsPanel->setVisible(false);
    m_backendLabel->clear();
    m_scheduleLabel->clear();
    m_scheduleLabel->setToolTip(QString());
    m_wallTimeLabel->clear();
    Q_EMIT cleared();
}

void ResultPane::clear(const QString& emptyText)
{
    clear();
    m_timeline->setEmptyText(emptyText);
}

void ResultPane::display(const RunResult& result, bool finished)
{
    m_result = result;
    m_hasResult = true;
    m_finished = finished;
    m_timeline->setResult(result);
    m_rowsModel->setOutcome(result.outcome, result.trace.workers);
    m_sessionChooser->setResult(result);
    m_logModel->setTrace(result.trace);
    Q_EMIT displayed();
    m_rowsView->resizeColumnsToContents();
    // A long value (a 32-character hex id) must not push the other columns away: at most about 16 characters
    // wide, elided in the middle.
    const int widest = m_rowsView->fontMetrics().horizontalAdvance(u"0123456789abcdef"_s) + 12;
    for (int column = 0; column < m_rowsModel->columnCount(); ++column) {
        const int header = m_rowsView->horizontalHeader()->sectionSizeHint(column);
        if (m_rowsView->columnWidth(column) > std::max(widest, header))
            m_rowsView->setColumnWidth(column, std::max(widest, header));
    }
    m_logView->resizeColumnsToContents();
    // One long SELECT would push the result, the column people read first, out of sight: SQL and params give
    // up width (their tooltips keep the whole text) and the result takes what is left.
    const int available = m_logView->viewport()->width();
    const int sqlWidth = std::max(180, available * 3 / 10);
    m_logView->setColumnWidth(LogModel::Sql, std::min(m_logView->columnWidth(LogModel::Sql), sqlWidth));
    m_logView->setColumnWidth(LogModel::Params, std::min(m_logView->columnWidth(LogModel::Params), 140));

    const int duplicates = int(result.outcome.duplicateRowIndexes().size());
    m_rowsTitle->setText(u"Rows ("_s + QString::number(result.outcome.rows.size())
        + (duplicates > 0 ? u", "_s + QString::number(duplicates) + u" duplicates)"_s : u")"_s));
    m_logTitle->setText(u"Statement log ("_s + QString::number(m_logModel->rowCount()) + u" statements)"_s);

    // A step run before its first statement has no verdict yet (showFindings() says which keys to press).
    const QString verdict = finished    ? result.outcome.verdict()
        : result.trace.events.isEmpty() ? QString()
                                        : result.outcome.rowsVerdict();
    // An incomplete run's verdict starts with "incomplete: <why>"; a long value in it is elided in the middle (the
    // tooltip keeps it whole).
    m_verdictLabel->setText(elideLongWords(verdict));
    QPalette verdictPalette = m_verdictLabel->palette();
    // One rule, as the CLI, the timeline and the export judge: an unmet "expect", a failed worker and a violating
    // anomaly are failed checks of Outcome::passed(). A run still going is not judged yet.
    verdictPalette.setColor(QPalette::WindowText,
        !finished ? m_findingsPanel->palette().color(QPalette::WindowText)
                  : m_palette.color(result.outcome.passed() ? Palette::Role::Success : Palette::Role::ErrorForeground));
    m_verdictLabel->setPalette(verdictPalette);
    m_verdictLabel->setToolTip(verdict);
    showFindings(finished);

    m_backendLabel->setText(result.backend.label());
    m_backendLabel->setToolTip(result.backend.options.join(u", "_s));

    const QString executed = result.executed.join(QLatin1Char(','));
    m_scheduleLabel->setText(ScheduleSpec::modeName(result.schedule.mode) + u": "_s + elided(executed, 48));
    m_scheduleLabel->setToolTip(
        u"Statements in the order they started; type it as a script to replay the run:\n"_s + executed);
    m_wallTimeLabel->setText(QString::number(double(result.wallNs) / 1e6, 'f', 1) + u" ms"_s);
    m_wallTimeLabel->setToolTip(u"Wall time of the run, from the first statement to the last"_s);
}

int ResultPane::underTimelineHeight() const
{
    int height = 0;
    for (const QWidget* widget : m_underTimeline) {
        if (!widget->isHidden())
            height += widget->sizeHint().height() + 4;
    }
    return height;
}

void ResultPane::fitPanes(int workers)
{
    if (m_splitterMoved)
        return;
    const QList<int> sizes = m_splitter->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    if (total <= 0)
        return;
    QWidget* top = m_splitter->widget(0);
    const int header = m_titleLabel->isVisible() ? m_titleLabel->sizeHint().height() : 0;
    const int description =
        m_descriptionLabel->isVisible() ? m_descriptionLabel->heightForWidth(std::max(200, top->width() - 16)) : 0;
    const int wanted = header + description + 16 + m_timeline->preferredHeight(workers) + underTimelineHeight();
    const int topHeight = std::clamp(wanted, total * 2 / 5, total * 13 / 20);
    m_splitter->setSizes({ topHeight, total - topHeight });
}

void ResultPane::fitPresenterPanes(int workers, QWidget* widePane)
{
    const QList<int> sizes = m_splitter->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    // The lanes' height at the presenter's font, not the font the timeline last painted with: paintOptions() brings
    // the timeline's painter up to date (fonts, frame) before preferredHeight() reads it.
    m_timeline->paintOptions();
    const int question =
        m_questionLabel->isHidden() ? 0 : m_questionLabel->heightForWidth(std::max(200, m_splitter->width() - 16)) + 4;
    const int wanted = m_titleLabel->sizeHint().height() + question + 16 + m_timeline->preferredHeight(workers)
        + underTimelineHeight();
    // What the lanes need, up to 70 %; never less than half: the story is what a class looks at.
    const int top = std::clamp(wanted, total / 2, total * 7 / 10);
    m_splitter->setSizes({ top, total - top });
    const int width = m_rowsAndLog->width();
    QList<int> widths;
    for (int i = 0; i < m_rowsAndLog->count(); ++i) {
        QWidget* pane = m_rowsAndLog->widget(i);
        widths.append(pane->isHidden() ? 0 : pane == widePane ? width * 3 / 5 : width * 2 / 5);
    }
    m_rowsAndLog->setSizes(widths);
}

} // namespace interleave
