// SPDX-License-Identifier: MIT
#include "scenariodocument.h"

#include "challenge.h"
#include "examples.h"
#include "examplesgallery.h"
#include "isolationimport.h"
#include "prompts.h"
#include "recentfiles.h"
#include "scenarioeditor.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMimeData>
#include <QSaveFile>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

QString droppedScenario(const QMimeData* mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile()
            && (url.toLocalFile().endsWith(u".json"_s, Qt::CaseInsensitive)
                || url.toLocalFile().endsWith(u".spec"_s, Qt::CaseInsensitive)))
            return url.toLocalFile();
    return {};
}

} // namespace

ScenarioDocument::ScenarioDocument(ScenarioEditor* editor, QWidget* window)
    : QObject(window)
    , m_editor(editor)
    , m_window(window)
{
    connect(m_editor, &ScenarioEditor::edited, this, &ScenarioDocument::editorEdited);
    connect(m_editor->undoStack(), &QUndoStack::cleanChanged, this, &ScenarioDocument::titleChanged);
    m_recentMenu = new QMenu(u"Open &Recent"_s, window);
    m_recentMenu->setObjectName(u"recentMenu"_s);
    connect(m_recentMenu, &QMenu::aboutToShow, this, &ScenarioDocument::updateRecentMenu);
    updateRecentMenu();
    m_window->setAcceptDrops(true);
    m_window->installEventFilter(this);
}

bool ScenarioDocument::isModified() const
{
    return m_hasScenario && !m_editor->undoStack()->isClean();
}

Scenario ScenarioDocument::newScenarioTemplate()
{
    Scenario s;
    s.name = u"New get_or_create race"_s;
    s.description = u"Two requests call Race.objects.get_or_create(user_id=\"u1\", defaults={\"name\": \"foo\"}) "
                    "at once on a table without a unique constraint. Add one under Table → Constraints to see the "
                    "IntegrityError and the re-get instead of a duplicate."_s;
    s.table.name = u"race"_s;
    s.table.model = u"Race"_s;
    s.table.columns = { { u"user_id"_s, u"varchar(32)"_s, false }, { u"name"_s, u"varchar(32)"_s, true } };
    for (const QString& name : { u"A"_s, u"B"_s }) {
        WorkerSpec w;
        w.name = name;
        w.recipe = u"django_get_or_create"_s;
        w.lookup = { { u"user_id"_s, u"u1"_s } };
        w.defaults = { { u"name"_s, u"foo"_s } };
        s.workers.append(w);
    }
    return s;
}

Attempt ScenarioDocument::consentToRun(const Scenario& scenario, bool userNamedServer)
{
    if (!scenario.backend.isServer())
        return Attempt::done();
    const QString& url = scenario.backend.url;
    if (!userNamedServer && !m_confirmedServers.contains(url)) {
        // A file someone else wrote may name a server: it runs there only with the user's say-so.
        if (!m_prompts->runOnServer(url)) {
            Q_EMIT message(u"Not run on "_s + url, 5000);
            return Attempt::failed(u"Not run on "_s + url);
        }
        m_confirmedServers.insert(url);
    }
    const QStringList literal = scenario.literalStatements();
    if (!literal.isEmpty() && !m_literalSqlAllowed.contains(url)) {
        if (!m_prompts->runLiteralSql(url, literal)) {
            const QString why = u"Not run: the scenario's own SQL was not allowed on "_s + url;
            Q_EMIT message(why, 0);
            return Attempt::failed(why);
        }
        m_literalSqlAllowed.insert(url);
    }
    return Attempt::done();
}

Attempt ScenarioDocument::loadExample(const QString& id)
{
    ScenarioError error;
    const std::optional<Scenario> scenario = Examples::load(id, &error);
    if (!scenario)
        return cannotLoad(u"Cannot load example"_s, error);
    loadScenario(*scenario, id);
    return Attempt::done();
}

Attempt ScenarioDocument::loadChallenge(const QString& id)
{
    ScenarioError error;
    const std::optional<Scenario> scenario = Challenges::load(id, &error);
    if (!scenario)
        return cannotLoad(u"Cannot load challenge"_s, error);
    loadScenario(*scenario);
    return Attempt::done();
}

bool ScenarioDocument::openChallenge(const QString& id)
{
    return maybeSave() && loadChallenge(id);
}

Attempt ScenarioDocument::cannotLoad(const QString& title, const ScenarioError& error)
{
    showWarning(m_window, title, error.toString());
    Q_EMIT message(error.toString(), 0);
    return Attempt::failed(error.toString());
}

Attempt ScenarioDocument::loadFile(const QString& path)
{
    ScenarioError error;
    // A PostgreSQL isolation spec opens as its first permutation's scenario (docs/guide/isolation-specs.md), as a new
    // document: Save writes a scenario file, never over the spec.
    if (path.endsWith(u".spec"_s, Qt::CaseInsensitive)) {
        const auto spec = IsolationSpec::load(path, &error);
        const auto imported = spec ? IsolationImport::toScenarios(*spec, &error) : std::nullopt;
        if (!imported)
            return cannotLoad(u"Cannot import isolation spec"_s, error);
        const IsolationImport::Imported& first = imported->scenarios.constFirst();
        loadScenario(first.scenario);
        remember(QFileInfo(path).absoluteFilePath());
        Q_EMIT titleChanged();
        Q_EMIT message(
            u"Imported %1: %2 of %3 (interleave import writes them all)"_s
                .arg(QFileInfo(path).fileName(),
                    first.permutation.isEmpty() ? u"every interleaving"_s : u"permutation 1, "_s + first.permutation)
                .arg(imported->scenarios.size()),
            10000);
        return Attempt::done();
    }
    const std::optional<Scenario> scenario = Scenario::load(path, &error);
    if (!scenario)
        return cannotLoad(u"Cannot open scenario"_s, error);
    loadScenario(*scenario);
    m_filePath = QFileInfo(path).absoluteFilePath();
    remember(m_filePath);
    Q_EMIT titleChanged();
    Q_EMIT message(u"Opened "_s + QFileInfo(path).fileName(), 5000);
    return Attempt::done();
}

void ScenarioDocument::loadScenario(const Scenario& scenario, const QString& exampleId)
{
    // Another document runs where its editor says; a database chosen while none was open is for the first one.
    if (m_hasScenario)
        m_runOn.reset();
    m_scenario = scenario;
    m_hasScenario = true;
    m_exampleId = exampleId;
    m_literalSqlAllowed.clear(); // another document: its SQL is asked about again
    m_filePath.clear(); // loadFile() sets it again
    m_loading = true;
    m_editor->setScenario(scenario);
    m_loading = false;
    m_valid = m_editor->isValid();
    Q_EMIT scenarioLoaded();
}

void ScenarioDocument::openFile()
{
    const QString path = QFileDialog::getOpenFileName(m_window, u"Open scenario"_s, QString(),
        u"Scenarios (*.json);;PostgreSQL isolation specs (*.spec);;All files (*)"_s);
    if (!path.isEmpty() && maybeSave())
        loadFile(path);
}

bool ScenarioDocument::openExample(const QString& id)
{
    return maybeSave() && loadExample(id);
}

void ScenarioDocument::newScenario()
{
    if (!maybeSave())
        return;
    loadScenario(newScenarioTemplate());
    Q_EMIT message(u"New scenario: edit it in the Scenario dock, then Run (F5)"_s, 5000);
}

bool ScenarioDocument::maybeSave()
{
    if (!isModified())
        return true;
    switch (m_prompts->unsavedChanges(m_filePath.isEmpty() ? m_scenario.name : QFileInfo(m_filePath).fileName())) {
    case Prompts::UnsavedAnswer::Save:
        return save();
    case Prompts::UnsavedAnswer::Discard:
        return true;
    case Prompts::UnsavedAnswer::Cancel:
        break;
    }
    return false;
}

bool ScenarioDocument::save()
{
    if (m_filePath.isEmpty())
        return saveAs();
    return saveTo(m_filePath);
}

bool ScenarioDocument::saveAs()
{
    if (!m_hasScenario)
        return false;
    QString suggestion = m_filePath;
    if (suggestion.isEmpty())
        suggestion = (m_exampleId.isEmpty() ? m_scenario.table.name : m_exampleId) + u".json"_s;
    const QString path = m_prompts->savePath(suggestion);
    if (path.isEmpty())
        return false;
    return saveTo(path);
}

bool ScenarioDocument::saveTo(const QString& path)
{
    if (!m_hasScenario)
        return false;
    Q_EMIT aboutToSave();
    if (!m_editor->isValid()) {
        // A file that cannot be opened again would lose the work: say what to fix instead.
        showWarning(m_window, u"Cannot save"_s, u"The scenario is not valid yet: "_s + m_editor->errorText());
        return false;
    }
    // The URL never holds a password (ServerUrl refuses one), and the prompt's answer stays in memory.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_editor->scenarioToSave().toJson()) < 0 || !file.commit()) {
        showWarning(m_window, u"Cannot save"_s, u"%1: %2"_s.arg(path, file.errorString()));
        return false;
    }
    m_filePath = QFileInfo(path).absoluteFilePath();
    remember(m_filePath);
    m_editor->undoStack()->setClean();
    Q_EMIT titleChanged();
    Q_EMIT message(u"Saved "_s + QFileInfo(path).fileName(), 5000);
    return true;
}

void ScenarioDocument::showExamples()
{
    ExamplesGallery gallery(m_window);
    gallery.selectExample(m_exampleId);
    if (gallery.exec() != QDialog::Accepted || gallery.chosenId().isEmpty())
        return;
    openExample(gallery.chosenId());
}

void ScenarioDocument::openRecent(const QString& path)
{
    if (!QFileInfo::exists(path)) {
        RecentFiles::remove(path);
        updateRecentMenu();
        Q_EMIT message(u"%1 no longer exists; removed from the recent files"_s.arg(path), 8000);
        return;
    }
    if (maybeSave())
        loadFile(path);
}

void ScenarioDocument::remember(const QString& path)
{
    RecentFiles::add(path);
    // The entries are made when the submenu opens, but a disabled submenu never opens: it is enabled here. (Not
    // filled here: an entry of the submenu may be what opened this file, and is still being triggered.)
    m_recentMenu->setEnabled(true);
}

void ScenarioDocument::updateRecentMenu()
{
    const QStringList missing = RecentFiles::pruneMissing();
    if (!missing.isEmpty())
        Q_EMIT message(u"Removed from the recent files (not found): "_s + missing.join(u", "_s), 8000);
    m_recentMenu->clear();
    const QStringList files = RecentFiles::files();
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QString& path = files.at(i);
        QAction* action = m_recentMenu->addAction(u"&%1 %2"_s.arg(i + 1).arg(QFileInfo(path).fileName()));
        action->setToolTip(path);
        action->setStatusTip(path);
        action->setData(path);
        connect(action, &QAction::triggered, this, [this, path] { openRecent(path); });
    }
    if (!files.isEmpty()) {
        m_recentMenu->addSeparator();
        QAction* clear = m_recentMenu->addAction(u"&Clear List"_s);
        connect(clear, &QAction::triggered, this, [this] {
            RecentFiles::clear();
            updateRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void ScenarioDocument::editorEdited(const Scenario& scenario)
{
    if (m_loading)
        return;
    m_valid = m_editor->isValid();
    bool changed = false;
    if (m_valid) {
        Scenario before = m_scenario;
        before.schedule = scenario.schedule;
        changed = before.toJson() != scenario.toJson();
        // A server the user typed into the editor needs no "a file names this server" confirmation.
        if (scenario.backend.isServer() && scenario.backend.url != m_scenario.backend.url)
            m_confirmedServers.insert(scenario.backend.url);
        m_scenario = scenario;
    }
    Q_EMIT scenarioEdited(scenario, changed);
}

bool ScenarioDocument::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_window && event->type() == QEvent::DragEnter) {
        auto* enter = static_cast<QDragEnterEvent*>(event);
        if (!m_locked && !droppedScenario(enter->mimeData()).isEmpty())
            enter->acceptProposedAction();
        return true;
    }
    if (watched == m_window && event->type() == QEvent::Drop) {
        auto* drop = static_cast<QDropEvent*>(event);
        const QString path = droppedScenario(drop->mimeData());
        if (path.isEmpty() || m_locked)
            return true;
        drop->acceptProposedAction();
        if (maybeSave())
            loadFile(path);
        return true;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace interleave
