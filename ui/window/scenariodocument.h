// SPDX-License-Identifier: MIT
#pragma once

#include "attempt.h"
#include "scenario.h"

#include <QObject>
#include <QSet>

class QMenu;
class QWidget;

namespace interleave {

class Prompts;
class ScenarioEditor;

// The scenario the window shows, as a document: new, open, save, save as, the recent files, the modified state,
// a .json file dropped on the window, "save changes?", and the consent a scenario needs before it runs on a server
// that a file named or with SQL of its own. The editor holds the edits; this holds the last valid scenario.
class ScenarioDocument : public QObject {
    Q_OBJECT
public:
    // `window` is where files are dropped and where the document's boxes appear.
    ScenarioDocument(ScenarioEditor* editor, QWidget* window);

    void setPrompts(Prompts* prompts) { m_prompts = prompts; }

    bool hasScenario() const { return m_hasScenario; }
    // The last valid scenario of the editor: what a run runs.
    const Scenario& scenario() const { return m_scenario; }
    bool isValid() const { return m_valid; } // the editor's scenario can run (else the editor says why)
    bool isLoading() const { return m_loading; } // filling the editor: its edits are not the user's
    QString filePath() const { return m_filePath; } // empty for an example or a new scenario
    QString exampleId() const { return m_exampleId; } // empty unless an example was loaded as it is
    bool isModified() const;
    QMenu* recentMenu() const { return m_recentMenu; }
    // While a run goes on a dropped file is refused (the window asks maybeSave() itself elsewhere).
    void setLocked(bool locked) { m_locked = locked; }

    // Another database than the scenario's own that this document runs on (--backend, or Run's question for a
    // server): it belongs to the document, so the next scenario loaded runs where its editor says.
    const std::optional<BackendSpec>& runOn() const { return m_runOn; }
    void setRunOn(const std::optional<BackendSpec>& database) { m_runOn = database; }

    static Scenario newScenarioTemplate(); // File → New: two workers racing a get_or_create

    // A server that the user named (typed in the editor, chose in Database…, gave on the command line) runs
    // without asking; one a file named is asked about once a session, and a file's own SQL once per document.
    void trustServer(const QString& url) { m_confirmedServers.insert(url); }
    Attempt consentToRun(const Scenario& scenario, bool userNamedServer);

public Q_SLOTS:
    Attempt loadExample(const QString& id);
    Attempt loadFile(const QString& path);
    void loadScenario(const Scenario& scenario, const QString& exampleId = {});
    void openFile(); // asks for a file
    bool openExample(const QString& id); // after "save changes?"; false when not loaded
    Attempt loadChallenge(const QString& id); // a shipped challenge (Challenges), "two-rows"
    bool openChallenge(const QString& id); // after "save changes?"
    void newScenario(); // File → New
    bool save(); // File → Save; false when not saved (cancelled or failed)
    bool saveAs();
    bool saveTo(const QString& path);
    bool maybeSave(); // true when the edits were saved or may be dropped
    void showExamples(); // File → Examples…
    void openRecent(const QString& path);

Q_SIGNALS:
    // A scenario replaced the last one (from an example, a file or File → New); the editor shows it.
    void scenarioLoaded();
    // The editor changed the scenario: `changed` when a valid scenario differs in more than its schedule (the last
    // run is then another scenario's).
    void scenarioEdited(const Scenario& edited, bool changed);
    void titleChanged(); // the file, or whether it is modified
    void aboutToSave(); // the window's view choices (the toolbar's schedule) go into the editor now
    void message(const QString& text, int timeout); // for the status bar

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void editorEdited(const Scenario& scenario);
    void updateRecentMenu();
    Attempt cannotLoad(const QString& title, const ScenarioError& error); // says why, and returns it
    void remember(const QString& path); // a file opened or saved: the recent files and their menu

    ScenarioEditor* m_editor;
    QWidget* m_window;
    Prompts* m_prompts = nullptr;
    QMenu* m_recentMenu = nullptr;
    Scenario m_scenario;
    bool m_hasScenario = false;
    bool m_valid = true;
    bool m_loading = false;
    bool m_locked = false;
    QString m_exampleId;
    QString m_filePath;
    std::optional<BackendSpec> m_runOn;
    QSet<QString> m_confirmedServers; // servers named by scenario files that the user agreed to run on
    // Servers on which the open scenario's literal SQL may run: asked once per document (edits made in the window are
    // the user's own), forgotten when another scenario is loaded.
    QSet<QString> m_literalSqlAllowed;
};

} // namespace interleave
