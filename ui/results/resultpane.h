// SPDX-License-Identifier: MIT
#pragma once

#include "palette.h"
#include "runresult.h"

#include <QList>
#include <QObject>

class QLabel;
class QListView;
class QMainWindow;
class QSplitter;
class QStackedWidget;
class QTableView;
class QWidget;

namespace interleave {

// Each word of `text` longer than maxChars, elided in the middle (elideMiddle): for sentences that quote values.
QString elideLongWords(const QString& text, int maxChars = 24);

class DescriptionLabel;
class FindingsModel;
class LogModel;
class PlaybackBar;
class RowsModel;
class SessionChooser;
class TimelineView;

// The window's central area and what it says about one run: the scenario's title and description above the
// timeline, the rows and the statement log below it (or a mode's own page there), the playback bar, and the
// verdict, database, schedule and wall-time labels of the status bar. It shows a RunResult and nothing else:
// the schedule modes put their panels into it and hand it the runs to show.
class ResultPane : public QObject {
    Q_OBJECT
public:
    explicit ResultPane(QMainWindow* window); // sets the window's central widget and status bar labels

    TimelineView* timeline() const { return m_timeline; }
    PlaybackBar* playbackBar() const { return m_playbackBar; }
    RowsModel* rowsModel() const { return m_rowsModel; }
    SessionChooser* sessionChooser() const { return m_sessionChooser; } // "Seen by" over the rows
    LogModel* logModel() const { return m_logModel; }
    QTableView* rowsView() const { return m_rowsView; }
    QTableView* logView() const { return m_logView; }
    QLabel* verdictLabel() const { return m_verdictLabel; }
    // Under the rows and the log, where a class reads it (presenter mode hides the status bar): the verdict in large
    // type, green or red as Outcome::passed() says, and what it found, a line each (FindingsModel).
    QLabel* verdictHeadline() const { return m_verdictHeadline; }
    FindingsModel* findingsModel() const { return m_findingsModel; }
    QListView* findingsView() const { return m_findingsView; }

    bool hasResult() const { return m_hasResult; }
    const RunResult& result() const { return m_result; }
    // `finished` false: a step run still going (its workers have not all finished), shown without a verdict yet.
    void display(const RunResult& result, bool finished = true);
    void clear();
    void clear(const QString& emptyText); // and the timeline says this until the next run

    // A lesson item's question for the class, above the timeline; shown in presenter mode only (showQuestion()).
    void setQuestion(const QString& question);
    void showQuestion(bool presenter);
    QLabel* questionLabel() const { return m_questionLabel; }

    // The scenario's title and description; the title is hidden until a first scenario is loaded (`loaded`).
    void showScenario(const Scenario& scenario, bool loaded);
    void setColors(const Palette& palette); // and shows the result again in them

    // Where the modes' widgets go: under the timeline (the step panel), beside the log (the narration), or as a
    // page in place of the rows and the log (explore, stress); showPage(nullptr) shows the rows and the log.
    void addUnderTimeline(QWidget* widget);
    void addBesideLog(QWidget* pane, int stretch);
    void addPage(QWidget* page);
    void showPage(QWidget* page);
    QWidget* logPane() const; // what presenter mode hides
    QWidget* descriptionLabel() const;
    void selectEvent(int event); // its line in the log

    // Two workers need little height and ten need much: the timeline gets what its lanes need (within reason),
    // the rows and the log the rest, until the user moves the splitter.
    void fitPanes(int workers);
    // Presenter mode: the whole screen for the class; `widePane` (the narration) gets more of the width.
    void fitPresenterPanes(int workers, QWidget* widePane);

Q_SIGNALS:
    void displayed(); // a result is shown (the narration follows)
    void cleared();

private:
    int underTimelineHeight() const;
    void showFindings(bool finished);
    void findingSelected(int row); // its cycle's closing statement, in the log

    RunResult m_result;
    bool m_hasResult = false;
    bool m_finished = true; // the result shown is a whole run, judged (not a step run halfway)
    Palette m_palette;
    QSplitter* m_splitter = nullptr;
    bool m_splitterMoved = false; // the user's choice wins over fitPanes()
    QLabel* m_titleLabel = nullptr;
    QLabel* m_questionLabel = nullptr;
    bool m_presenter = false;
    DescriptionLabel* m_descriptionLabel = nullptr;
    TimelineView* m_timeline = nullptr;
    QList<QWidget*> m_underTimeline;
    PlaybackBar* m_playbackBar = nullptr;
    QStackedWidget* m_bottomStack = nullptr; // rows and log, or a mode's page
    QSplitter* m_rowsAndLog = nullptr;
    RowsModel* m_rowsModel = nullptr;
    SessionChooser* m_sessionChooser = nullptr;
    LogModel* m_logModel = nullptr;
    QTableView* m_rowsView = nullptr;
    QTableView* m_logView = nullptr;
    QLabel* m_rowsTitle = nullptr;
    QLabel* m_logTitle = nullptr;
    QLabel* m_verdictLabel = nullptr;
    QWidget* m_findingsPanel = nullptr;
    QLabel* m_verdictHeadline = nullptr;
    FindingsModel* m_findingsModel = nullptr;
    QListView* m_findingsView = nullptr;
    QLabel* m_backendLabel = nullptr;
    QLabel* m_scheduleLabel = nullptr;
    QLabel* m_wallTimeLabel = nullptr;
};

} // namespace interleave
