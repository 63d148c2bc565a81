// SPDX-License-Identifier: MIT
#include "labwindow.h"

#include "connectiondialog.h"
#include "examples.h"
#include "mainwindow.h"
#include "matriximage.h"
#include "matrixmodel.h"
#include "matrixpainter.h"
#include "presentermode.h"
#include "prompts.h"
#include "scenariodocument.h"
#include "timelineview.h"
#include "windowactions.h"

#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QProgressBar>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

// A selected cell keeps its outcome's colour (a highlight fill would hide the one thing the cell says) and is framed
// in the highlight colour instead.
class CellDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem plain = option;
        const bool selected = option.state & QStyle::State_Selected;
        plain.state &= ~(QStyle::State_Selected | QStyle::State_HasFocus);
        QStyledItemDelegate::paint(painter, plain, index);
        if (!selected)
            return;
        painter->save();
        painter->setPen(QPen(option.palette.color(QPalette::Highlight), 3));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5));
        painter->restore();
    }
};

} // namespace

LabWindow::LabWindow(MainWindow* main)
    : QMainWindow(main)
    , m_main(main)
    , m_factory(runnerSource)
    , m_palette(main ? main->theme() : Palette::Theme::Light)
{
    setObjectName(u"labWindow"_s);
    setWindowTitle(u"Isolation Lab — Interleave"_s);
    m_baseFont = font();
    m_job = new MatrixJob(this);
    connect(m_job, &MatrixJob::cellFinished, this, &LabWindow::cellFinished);
    connect(m_job, &MatrixJob::finished, this, &LabWindow::finished);
    connect(m_job, &MatrixJob::runningChanged, this, &LabWindow::updateActions);
    m_model = new MatrixModel(this);
    createActions();
    createCentralArea();
    setTheme(m_palette.theme());
    if (main) {
        connect(main->actions(), &WindowActions::themeChosen, this, [this] {
            if (m_main)
                setTheme(m_main->theme());
        });
        connect(main, &MainWindow::presenterModeChanged, this, [this](bool on) {
            setPresenterFonts(on);
            if (m_main)
                setTheme(m_main->theme());
        });
        setPresenterFonts(main->isPresenterMode());
    }
    // The grid before anything ran: the rows and columns the runner will fill.
    m_model->setMatrix(m_factory({ m_servers, {} })->plan());
    m_status->setText(m_model->rowCount() > 0 ? u"Run (F5) runs %1 cells: each anomaly test on each level"_s.arg(
                          m_model->rowCount() * m_model->columnCount())
                                              : u"The matrix runner has no anomaly tests to run"_s);
    updateActions();
    resize(1280, 800);
}

LabWindow::~LabWindow() = default;

void LabWindow::createActions()
{
    QToolBar* bar = addToolBar(u"Lab"_s);
    bar->setObjectName(u"labToolBar"_s);
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_run = bar->addAction(style()->standardIcon(QStyle::SP_MediaPlay), u"&Run"_s, this, &LabWindow::run);
    m_run->setObjectName(u"labRunAction"_s);
    m_run->setShortcut(QKeySequence(Qt::Key_F5));
    m_run->setToolTip(u"Run every anomaly test on every database and level (F5)"_s);
    m_cancel = bar->addAction(style()->standardIcon(QStyle::SP_MediaStop), u"&Cancel"_s, this, &LabWindow::cancel);
    m_cancel->setObjectName(u"labCancelAction"_s);
    m_cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancel->setToolTip(u"Interrupt the running cells; the rest stay not run (Esc)"_s);
    bar->addSeparator();
    m_addServer = bar->addAction(u"Add &Server…"_s, this, &LabWindow::addServer);
    m_addServer->setObjectName(u"labAddServerAction"_s);
    m_addServer->setToolTip(u"A PostgreSQL or MySQL / MariaDB server: its isolation levels become columns"_s);
    m_removeServers = bar->addAction(u"Re&move Servers"_s, this, &LabWindow::removeServers);
    m_removeServers->setObjectName(u"labRemoveServersAction"_s);
    m_removeServers->setToolTip(u"Back to SQLite alone"_s);
    bar->addSeparator();
    m_open = bar->addAction(u"&Open in Main Window"_s, this, [this] { openInMainWindow(); });
    m_open->setObjectName(u"labOpenAction"_s);
    m_open->setToolTip(u"The selected cell's scenario, on its database and isolation level, ready to run again "
                       "(Enter)"_s);
    m_export = bar->addAction(u"&Export…"_s, this, &LabWindow::exportMatrix);
    m_export->setObjectName(u"labExportAction"_s);
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_export->setToolTip(u"The matrix as a picture for slides: PNG, SVG or PDF (Ctrl+E)"_s);
    bar->addSeparator();
    m_progress = new QProgressBar(bar);
    m_progress->setObjectName(u"labProgress"_s);
    m_progress->setMinimumWidth(220);
    m_progress->setMaximumWidth(360);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(u"cell %v of %m"_s);
    m_progress->setTextVisible(true);
    bar->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setObjectName(u"labStatus"_s);
    statusBar()->addWidget(m_status, 1);
}

void LabWindow::createCentralArea()
{
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    m_databases = new QLabel(central);
    m_databases->setObjectName(u"labDatabases"_s);
    m_databases->setTextFormat(Qt::PlainText);
    m_databases->setWordWrap(true);
    layout->addWidget(m_databases);

    auto* split = new QSplitter(Qt::Vertical, central);
    split->setObjectName(u"labSplitter"_s);
    m_table = new QTableView(split);
    m_table->setObjectName(u"matrixTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // A cell is two short lines (the outcome, its detail): elided rather than wrapped, so every row is as tall as
    // the next; the tooltip has it all.
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setItemDelegate(new CellDelegate(m_table));
    m_table->setTabKeyNavigation(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->horizontalHeader()->setMinimumSectionSize(90);
    // The header's levels wrap in their column ("read uncommitted" in a narrow one): five lines' room.
    m_table->horizontalHeader()->setDefaultAlignment(Qt::Alignment::fromInt(Qt::AlignCenter | Qt::TextWordWrap));
    m_table->horizontalHeader()->setTextElideMode(Qt::ElideNone);
    connect(m_model, &QAbstractItemModel::headerDataChanged, this, &LabWindow::updateDatabases);
    connect(m_model, &QAbstractItemModel::modelReset, this, &LabWindow::updateDatabases);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, &LabWindow::currentChanged);
    // Enter (and a double click) opens the cell where it can be run again.
    connect(m_table, &QAbstractItemView::activated, this, [this] { openInMainWindow(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, &LabWindow::currentChanged);

    auto* bottom = new QSplitter(Qt::Horizontal, split);
    m_explanation = new QLabel(bottom);
    m_explanation->setObjectName(u"labExplanation"_s);
    m_explanation->setTextFormat(Qt::RichText);
    m_explanation->setWordWrap(true);
    m_explanation->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_explanation->setMargin(8);
    auto* scroll = new QScrollArea(bottom);
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_explanation);
    auto* cellPane = new QWidget(bottom);
    auto* cellLayout = new QVBoxLayout(cellPane);
    cellLayout->setContentsMargins(0, 0, 0, 0);
    m_cellLabel = new QLabel(cellPane);
    m_cellLabel->setObjectName(u"labCell"_s);
    m_cellLabel->setTextFormat(Qt::RichText);
    m_cellLabel->setWordWrap(true);
    cellLayout->addWidget(m_cellLabel);
    m_timeline = new TimelineView(cellPane);
    m_timeline->setObjectName(u"labTimeline"_s);
    m_timeline->setEmptyText(u"Select a cell to see its run"_s);
    cellLayout->addWidget(m_timeline, 1);
    bottom->addWidget(scroll);
    bottom->addWidget(cellPane);
    scroll->setMinimumWidth(220);
    bottom->setStretchFactor(0, 1);
    bottom->setStretchFactor(1, 3);
    bottom->setSizes({ 300, 900 });
    split->addWidget(m_table);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({ 600, 400 });
    layout->addWidget(split, 1);
    setCentralWidget(central);
}

void LabWindow::setSourceFactory(MatrixSourceFactory factory)
{
    m_factory = std::move(factory);
    if (!isRunning())
        m_model->setMatrix(m_factory({ m_servers, {} })->plan());
}

void LabWindow::setServers(const QList<BackendSpec>& servers)
{
    m_servers.clear();
    for (const BackendSpec& server : servers)
        if (server.isServer())
            m_servers.append(server);
    if (!isRunning())
        m_model->setMatrix(m_factory({ m_servers, {} })->plan());
    updateDatabases();
}

Prompts& LabWindow::prompts()
{
    if (m_main)
        return m_main->prompts();
    if (!m_ownPrompts)
        m_ownPrompts = std::make_unique<DialogPrompts>(this);
    return *m_ownPrompts;
}

void LabWindow::addServer()
{
    BackendSpec suggestion;
    suggestion.kind = BackendSpec::Kind::Postgresql;
    // The same fields and password handling as Run → Database…: the password stays in this process's memory.
    ConnectionDialog dialog(suggestion, &prompts(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    const std::optional<BackendSpec> chosen = dialog.backend(&error);
    if (!chosen) {
        showWarning(this, u"Isolation Lab"_s, error);
        return;
    }
    if (!chosen->isServer())
        return; // SQLite is always a column group
    QList<BackendSpec> servers = m_servers;
    servers.erase(std::remove_if(servers.begin(), servers.end(),
                      [&](const BackendSpec& s) { return s.url == chosen->url || s.kind == chosen->kind; }),
        servers.end());
    servers.append(*chosen);
    setServers(servers);
}

void LabWindow::removeServers()
{
    setServers({});
}

void LabWindow::updateDatabases()
{
    // The exact versions once a run has told them; the servers' URLs before.
    QString text = m_model->matrix().versionsLine();
    const bool versions = std::any_of(m_model->matrix().columns.cbegin(), m_model->matrix().columns.cend(),
        [](const MatrixColumn& column) { return !column.version.isEmpty(); });
    if (!versions) {
        QStringList names { u"SQLite"_s };
        for (const BackendSpec& server : m_servers)
            names.append(server.url);
        text = names.join(u" \u00b7 "_s);
    }
    m_databases->setText(u"Databases: "_s + text
        + (m_servers.isEmpty() ? u"   (Add Server… for PostgreSQL and MySQL / MariaDB columns)"_s : QString()));
    // Room for the header's wrapped levels: the database, up to three lines of level, the version.
    m_table->horizontalHeader()->setMinimumHeight(m_table->fontMetrics().height() * 5 + 10);
}

bool LabWindow::isRunning() const
{
    return m_job->isRunning();
}

void LabWindow::run()
{
    if (isRunning())
        return;
    std::shared_ptr<MatrixSource> source = m_factory({ m_servers, {} });
    const MatrixResult plan = source->plan();
    const QModelIndex current = m_table->currentIndex();
    m_model->setMatrix(plan);
    const int total = int(plan.rows.size() * plan.columns.size());
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(0);
    if (total == 0) {
        m_status->setText(u"Nothing to run: the matrix runner planned no anomaly tests"_s);
        return;
    }
    m_table->setCurrentIndex(
        current.isValid() && current.row() < m_model->rowCount() && current.column() < m_model->columnCount()
            ? m_model->index(current.row(), current.column())
            : m_model->index(0, 0));
    m_status->setText(u"Running %1 cells…"_s.arg(total));
    m_job->start(std::move(source));
}

void LabWindow::cancel()
{
    if (!isRunning())
        return;
    m_status->setText(u"Cancelling…"_s);
    m_job->cancel();
}

void LabWindow::cellFinished(int row, int column, const MatrixCell& cell, int done, int total)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_model->setCell(row, column, cell);
    // The plan's columns have no versions until the runner has connected: the first run of a column tells it.
    if (cell.run && m_model->matrix().columns.at(column).version.isEmpty())
        m_model->setColumnVersion(column, cell.run->backend.version);
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
    const QModelIndex current = m_table->currentIndex();
    if (current.row() == row && current.column() == column)
        showCell(row, column);
}

void LabWindow::finished(const MatrixResult& matrix)
{
    const QModelIndex current = m_table->currentIndex();
    m_model->setMatrix(matrix);
    if (current.isValid() && current.row() < m_model->rowCount() && current.column() < m_model->columnCount())
        m_table->setCurrentIndex(m_model->index(current.row(), current.column()));
    int done = 0;
    int departures = 0;
    for (const auto& row : matrix.cells)
        for (const MatrixCell& cell : row) {
            done += cell.outcome != CellOutcome::NotRun ? 1 : 0;
            departures += cell.departs() ? 1 : 0;
        }
    const int total = int(matrix.rows.size() * matrix.columns.size());
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
    QString text = matrix.cancelled ? u"Cancelled after %1 of %2 cells"_s.arg(done).arg(total)
                                    : u"%1 cells in %2 s"_s.arg(total).arg(matrix.wallNs / 1e9, 0, 'f', 1);
    if (departures > 0)
        text += u" \u00b7 \u2260 %1 departing from the documented behaviour"_s.arg(departures);
    m_status->setText(text);
    updateActions();
    Q_EMIT matrixFinished();
}

void LabWindow::currentChanged()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_explanation->setText(u"Select a cell: its row's anomaly is explained here."_s);
        m_cellLabel->clear();
        m_timeline->clear();
        m_shownRow = m_shownColumn = -1;
        updateActions();
        return;
    }
    showCell(current.row(), current.column());
}

void LabWindow::showCell(int row, int column)
{
    const MatrixResult& matrix = m_model->matrix();
    const MatrixRow& r = matrix.rows.at(row);
    m_explanation->setText(u"<p><b>%1</b>%2</p><p>%3</p>"_s.arg(r.anomaly.toHtmlEscaped(),
        r.commonName.isEmpty() ? QString() : u" \u2014 "_s + r.commonName.toHtmlEscaped(),
        r.explanation.toHtmlEscaped()));
    const MatrixCell& cell = matrix.cell(row, column);
    QString text = u"<b>%1 on %2</b>: %3"_s.arg(r.anomaly.toHtmlEscaped(),
        matrix.columns.at(column).title().toHtmlEscaped(), MatrixPainter::cellText(cell).toHtmlEscaped());
    if (!cell.sentence.isEmpty())
        text += u". "_s + cell.sentence.toHtmlEscaped();
    if (cell.departs())
        text += u" <b>\u2260 documented: %1</b>"_s.arg(cellOutcomeName(*cell.documented).toHtmlEscaped());
    m_cellLabel->setText(text);
    if (cell.run) {
        m_timeline->setResult(*cell.run);
    } else {
        m_timeline->clear();
        m_timeline->setEmptyText(isRunning() ? u"This cell has not run yet"_s : u"This cell did not run"_s);
    }
    m_shownRow = row;
    m_shownColumn = column;
    updateActions();
    Q_EMIT cellShown(row, column);
}

bool LabWindow::openInMainWindow(QString* error)
{
    const auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        m_status->setText(why);
        return false;
    };
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return fail(u"Select a cell first"_s);
    if (!m_main)
        return fail(u"There is no main window to open the cell in"_s);
    const MatrixResult& matrix = m_model->matrix();
    const MatrixColumn& column = matrix.columns.at(current.column());
    const MatrixRow& row = matrix.rows.at(current.row());
    const MatrixCell& cell = matrix.cell(current.row(), current.column());
    Scenario scenario;
    if (cell.run) {
        scenario = cell.run->scenario;
    } else {
        ScenarioError loadError;
        const auto loaded = Examples::loadReference(row.exampleFor(column.backend.kind), &loadError);
        if (!loaded)
            return fail(u"%1 has no scenario for %2: %3"_s.arg(row.anomaly, column.database, loadError.toString()));
        scenario = *loaded;
    }
    scenario.backend = column.backend;
    scenario.isolation = column.isolation;
    ScenarioDocument* document = m_main->document();
    if (!document->maybeSave())
        return fail(u"The main window keeps its scenario"_s);
    if (column.backend.isServer())
        document->trustServer(column.backend.url); // the user added this server to the lab
    document->setRunOn(std::nullopt);
    document->loadScenario(scenario);
    m_main->show();
    m_main->raise();
    m_main->activateWindow();
    m_status->setText(u"Opened %1 on %2 in the main window"_s.arg(row.anomaly, column.title()));
    Q_EMIT openedInMainWindow();
    return true;
}

bool LabWindow::exportTo(const QString& path, int width, QString* error)
{
    // Markdown and HTML (a course page) come from the command line's matrix report (`interleave matrix --markdown /
    // --html`): when it lands, its writer goes here, chosen by the suffix (.md, .html), beside the pictures.
    return MatrixImage::write(m_model->matrix(), path, width, m_palette.theme(), error);
}

void LabWindow::exportMatrix()
{
    const QString path = QFileDialog::getSaveFileName(this, u"Export Matrix"_s, u"isolation-matrix.png"_s,
        u"PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"_s);
    if (path.isEmpty())
        return;
    QString error;
    if (!exportTo(path, 1920, &error))
        showWarning(this, u"Export Matrix"_s, error);
    else
        m_status->setText(u"Exported to "_s + path);
}

void LabWindow::setTheme(Palette::Theme theme)
{
    m_palette = Palette(theme);
    setPalette(m_palette.widgetPalette(QPalette()));
    m_model->setColors(m_palette);
    m_timeline->setColors(m_palette);
}

void LabWindow::setPresenterFonts(bool on)
{
    if (on == m_presenter)
        return;
    m_presenter = on;
    if (on) {
        QFont large = m_baseFont;
        large.setPointSizeF(m_baseFont.pointSizeF() * PresenterMode::scaleFor(m_baseFont));
        setFont(large);
    } else {
        setFont(m_baseFont);
    }
    updateDatabases(); // the header's room follows the font
}

void LabWindow::updateActions()
{
    const bool running = isRunning();
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_addServer->setEnabled(!running);
    m_removeServers->setEnabled(!running && !m_servers.isEmpty());
    m_open->setEnabled(m_main && m_table->currentIndex().isValid());
    m_export->setEnabled(m_model->rowCount() > 0);
}

} // namespace interleave
