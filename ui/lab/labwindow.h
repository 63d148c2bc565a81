// SPDX-License-Identifier: MIT
#pragma once

#include "matrixjob.h"
#include "palette.h"

#include <QMainWindow>
#include <QPointer>
#include <memory>

class QAction;
class QLabel;
class QProgressBar;
class QTableView;

namespace interleave {

class MainWindow;
class MatrixModel;
class Prompts;
class TimelineView;

// The isolation lab (issue 18, Tools → Isolation Lab…, `interleave --lab`): Hermitage's table run live. The databases
// (SQLite always, and the PostgreSQL / MySQL servers added with the connection dialog), Run (F5) and Cancel (Esc) with
// the cells' progress, the matrix as a table (MatrixModel) filled cell by cell as the background job (MatrixJob)
// judges them, the selected row's explanation, the selected cell's run as a timeline (the one TimelinePainter, through
// TimelineView), Open in Main Window (the cell's scenario on the cell's database and isolation level, ready to run
// again) and Export… (the matrix picture, MatrixImage). Arrows move between cells; Enter opens the cell in the main
// window.
class LabWindow : public QMainWindow {
    Q_OBJECT
public:
    // `main` (may be null): where Open in Main Window loads a cell, whose prompts, theme and presenter fonts the lab
    // follows.
    explicit LabWindow(MainWindow* main = nullptr);
    ~LabWindow() override;

    // The seam a test uses to run its own small matrix; the window runs MatrixRunner (runnerSource()) by default.
    void setSourceFactory(MatrixSourceFactory factory);
    // The servers besides SQLite, as the connection dialog or --backend gave them.
    void setServers(const QList<BackendSpec>& servers);
    QList<BackendSpec> servers() const { return m_servers; }
    void addServer(); // the connection dialog; its database joins the columns
    void removeServers();

    void run(); // F5: plans the grid, then fills it as the cells finish
    void cancel(); // Esc
    bool isRunning() const;
    // Loads the current cell's scenario into the main window with the cell's database and isolation level; false
    // (with *error) when there is no cell, no scenario or no main window.
    bool openInMainWindow(QString* error = nullptr);
    // PNG, SVG or PDF by the suffix (MatrixImage); false with *error naming the file.
    bool exportTo(const QString& path, int width, QString* error);
    void exportMatrix(); // Export…: asks for a file
    void setTheme(Palette::Theme theme);
    void setPresenterFonts(bool on); // the main window's presenter mode: every font larger, as there

    MatrixModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    TimelineView* timeline() const { return m_timeline; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* explanationLabel() const { return m_explanation; }
    QLabel* cellLabel() const { return m_cellLabel; }
    QLabel* databasesLabel() const { return m_databases; }
    QAction* runAction() const { return m_run; }
    QAction* cancelAction() const { return m_cancel; }
    QAction* openAction() const { return m_open; }
    QAction* exportAction() const { return m_export; }
    MatrixJob* job() const { return m_job; }

Q_SIGNALS:
    void cellShown(int row, int column); // the timeline shows this cell's run (or says it has none)
    void matrixFinished(); // the whole run (or what a cancel left) is in the table
    void openedInMainWindow(); // a cell's scenario was loaded there

private:
    void createActions();
    void createCentralArea();
    void currentChanged();
    void showCell(int row, int column);
    void cellFinished(int row, int column, const MatrixCell& cell, int done, int total);
    void finished(const MatrixResult& matrix);
    void updateActions();
    void updateDatabases();
    Prompts& prompts();

    QPointer<MainWindow> m_main;
    std::unique_ptr<Prompts> m_ownPrompts; // without a main window
    MatrixSourceFactory m_factory;
    QList<BackendSpec> m_servers;
    Palette m_palette;
    QFont m_baseFont;
    bool m_presenter = false;
    MatrixJob* m_job = nullptr;
    MatrixModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    TimelineView* m_timeline = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_databases = nullptr;
    QLabel* m_explanation = nullptr;
    QLabel* m_cellLabel = nullptr;
    QLabel* m_status = nullptr;
    QAction* m_run = nullptr;
    QAction* m_cancel = nullptr;
    QAction* m_open = nullptr;
    QAction* m_export = nullptr;
    QAction* m_addServer = nullptr;
    QAction* m_removeServers = nullptr;
    int m_shownRow = -1; // the cell the timeline shows
    int m_shownColumn = -1;
};

} // namespace interleave
