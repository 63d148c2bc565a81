// SPDX-License-Identifier: MIT
#pragma once

#include "history.h"
#include "outcome.h"
#include "palette.h"
#include "sessionview.h"

#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QTableView;

namespace interleave {

class Playback;
class RowsModel;
struct RunResult;

// "Seen by: everyone / A / B ...", over the rows pane: everyone shows the table as the run left it; a worker shows
// the table as that session sees it at the playhead (SessionView), following the playback. The first time a session
// is chosen for a run, every SELECT of the run is checked against the view; a SELECT whose rows differ from it is
// said under the chooser, in the error colour, for as long as a session is chosen.
class SessionChooser : public QWidget {
    Q_OBJECT
public:
    SessionChooser(RowsModel* model, QTableView* view, Playback* playback, QWidget* parent = nullptr);
    ~SessionChooser() override;

    void setResult(const RunResult& result); // keeps the chosen session when the new run has that worker
    void clear();
    void setColors(const Palette& palette);

    QComboBox* chooser() const { return m_chooser; }
    QLabel* mismatchLabel() const { return m_mismatch; }
    int viewer() const; // the chosen worker; -1 for everyone
    void setViewer(int worker);
    // What the check found for this run (computed when a session is first chosen); empty before.
    const QList<SessionMismatch>& mismatches() const { return m_check.mismatches; }

private:
    void update();
    void ensureView();

    RowsModel* m_model;
    QTableView* m_view;
    Playback* m_playback;
    QComboBox* m_chooser = nullptr;
    QLabel* m_mismatch = nullptr;
    Palette m_palette;
    // The shown run's, for the view (which holds references to them): reset together.
    Scenario m_scenario;
    Trace m_trace;
    QStringList m_columns;
    std::optional<History> m_history;
    std::unique_ptr<SessionView> m_sessionView;
    SessionView::Check m_check;
};

} // namespace interleave
