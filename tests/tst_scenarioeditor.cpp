// SPDX-License-Identifier: MIT
#include "columnsmodel.h"
#include "connectiondialog.h"
#include "constraintsmodel.h"
#include "databasesection.h"
#include "examples.h"
#include "examplesgallery.h"
#include "initialrowsmodel.h"
#include "keyvaluemodel.h"
#include "mainwindow.h"
#include "recentfiles.h"
#include "resultpane.h"
#include "rowsmodel.h"
#include "scenariodocument.h"
#include "scenarioeditor.h"
#include "schedulesection.h"
#include "scriptedprompts.h"
#include "serverconnection.h"
#include "serverurl.h"
#include "tablesection.h"
#include "testdatabases.h"
#include "timelineview.h"
#include "windowactions.h"
#include "workerssection.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBox>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace interleave;
using interleave::test::ScriptedPrompts;

class TestScenarioEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void typingIntoAFieldIsOneUndoStep();
    void addColumnAndUniqueConstraintThenUndoRedo();
    void eachControlIsOneUndoStep_data();
    void eachControlIsOneUndoStep();
    void initialRowsAreEditedInTheTable();
    void renamingAColumnRenamesWhatNamesIt();
    void databaseActionOpensTheConnectionDialog_data();
    void databaseActionOpensTheConnectionDialog();
    void connectionDialogNamesTheFieldTyped_data();
    void connectionDialogNamesTheFieldTyped();
    void connectionTestAsksAPasswordOnlyWhenRefused_data();
    void connectionTestAsksAPasswordOnlyWhenRefused();
    void workerCountAddsAndRemovesWorkers_data();
    void workerCountAddsAndRemovesWorkers();
    void lookupKeyThatIsNotAColumnIsMarkedAtTheField();
    void invalidEditDisablesRunWithTheReason();
    void scriptPickerBuildsTheScriptAndTheToolbarFollows();
    void toolbarModeIsAViewChoiceUntilSaved();
    void undoAndRedoShortcutsOfTheWindow();
    void editClearsTheStaleResult();
    void saveAndLoadRoundTrip_data();
    void saveAndLoadRoundTrip();
    void passwordNeverReachesTheFile();
    void unsavedPrompt_data();
    void unsavedPrompt();
    void recentFilesKeepEightAndDropMissing();
    void openRecentFollowsSaveAndOpen_data();
    void openRecentFollowsSaveAndOpen();
    void droppingAJsonFileOpensIt();
    void examplesGalleryListsEveryExample();
    void testConnection_data();
    void testConnection();
    void testConnectionToAClosedPortSaysWhy();
    void screenshots();

private:
    static void screenshot(QWidget& widget, const QString& name);
    QTemporaryDir m_dir;
};

void TestScenarioEditor::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The user's own recent files are not touched.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
    QCoreApplication::setOrganizationName(u"InterleaveTests"_s);
}

void TestScenarioEditor::init()
{
    RecentFiles::clear();
}

void TestScenarioEditor::screenshot(QWidget& widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("INTERLEAVE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QCoreApplication::processEvents();
    QVERIFY(widget.grab().save(dir + u"/"_s + name + u".png"_s));
}

static Scenario example(const QString& id)
{
    ScenarioError error;
    const auto scenario = Examples::load(id, &error);
    if (!scenario)
        qFatal("example %s: %s", qPrintable(id), qPrintable(error.toString()));
    return *scenario;
}

void TestScenarioEditor::typingIntoAFieldIsOneUndoStep()
{
    ScenarioEditor editor;
    editor.show();
    const Scenario original = example(u"race-unique"_s);
    editor.setScenario(original);
    QSignalSpy changed(&editor, &ScenarioEditor::scenarioChanged);
    editor.tableSection()->tableNameEdit()->setFocus();
    editor.tableSection()->tableNameEdit()->selectAll();
    QTest::keyClicks(editor.tableSection()->tableNameEdit(), u"orders"_s);
    QCOMPARE(editor.scenario().table.name, u"orders"_s);
    QCOMPARE(editor.undoStack()->count(), 1); // six key presses, one command
    QCOMPARE(changed.size(), 6);
    QVERIFY(!editor.undoStack()->isClean());
    editor.undoStack()->undo();
    QCOMPARE(editor.scenario().toJson(), original.toJson());
    QCOMPARE(editor.tableSection()->tableNameEdit()->text(), original.table.name);
    QVERIFY(editor.undoStack()->isClean());
    editor.undoStack()->redo();
    QCOMPARE(editor.tableSection()->tableNameEdit()->text(), u"orders"_s);
}

void TestScenarioEditor::addColumnAndUniqueConstraintThenUndoRedo()
{
    ScenarioEditor editor;
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    const Scenario original = example(u"race-no-unique"_s);
    editor.setScenario(original);
    auto* add = editor.findChild<QToolButton*>(u"addColumnButton"_s);
    QVERIFY(add);
    QTest::mouseClick(add, Qt::LeftButton);
    const int row = int(original.table.columns.size());
    QCOMPARE(editor.scenario().table.columns.size(), row + 1);
    // The new column's name is open for typing.
    auto* nameEditor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
    QVERIFY(nameEditor);
    QVERIFY2(editor.tableSection()->columnsView()->isAncestorOf(nameEditor), qPrintable(nameEditor->objectName()));
    nameEditor->selectAll();
    QTest::keyClicks(nameEditor, u"flag"_s);
    QTest::keyClick(nameEditor, Qt::Key_Return);
    // The delegate commits on Return through a queued call.
    QTRY_COMPARE(editor.scenario().table.columns.at(row).name, u"flag"_s);
    // Its type from the editable list.
    const QModelIndex type = editor.tableSection()->columnsModel()->index(row, ColumnsModel::Type);
    editor.tableSection()->columnsView()->setCurrentIndex(type);
    editor.tableSection()->columnsView()->edit(type);
    auto* typeEditor = qobject_cast<QComboBox*>(QApplication::focusWidget()->parentWidget())
        ? qobject_cast<QComboBox*>(QApplication::focusWidget()->parentWidget())
        : qobject_cast<QComboBox*>(QApplication::focusWidget());
    QVERIFY(typeEditor);
    QVERIFY(typeEditor->findText(u"integer"_s) >= 0);
    typeEditor->lineEdit()->selectAll();
    QTest::keyClicks(typeEditor->lineEdit(), u"integer"_s);
    QTest::keyClick(typeEditor->lineEdit(), Qt::Key_Return);
    QTRY_COMPARE(editor.scenario().table.columns.at(row).type, u"integer"_s);
    // Its default (the model field's), typed as the column's type.
    const QModelIndex defaultCell = editor.tableSection()->columnsModel()->index(row, ColumnsModel::Default);
    editor.tableSection()->columnsView()->setCurrentIndex(defaultCell);
    editor.tableSection()->columnsView()->edit(defaultCell);
    auto* defaultEditor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
    QVERIFY(defaultEditor);
    QTest::keyClicks(defaultEditor, u"0"_s);
    QTest::keyClick(defaultEditor, Qt::Key_Return);
    QTRY_VERIFY(editor.scenario().table.columns.at(row).hasDefault);
    QCOMPARE(editor.scenario().table.columns.at(row).defaultValue, QVariant(qlonglong(0)));

    // A unique constraint on the first column, then a partial one.
    editor.findChild<QAction*>(u"add unique"_s)->trigger();
    QCOMPARE(editor.scenario().table.constraints.size(), 1);
    QCOMPARE(editor.scenario().table.constraints.at(0).columns, QStringList { original.table.columns.at(0).name });
    editor.findChild<QAction*>(u"add partial unique"_s)->trigger();
    QCOMPARE(editor.scenario().table.constraints.size(), 2);
    QCOMPARE(editor.scenario().table.constraints.at(1).where, u"flag = 1"_s);
    QVERIFY2(editor.isValid(), qPrintable(editor.errorText()));
    const QByteArray after = editor.scenario().toJson();

    const int steps = editor.undoStack()->count();
    QCOMPARE(steps, 6); // add column, rename, type, default, unique, partial unique
    for (int i = 0; i < steps; ++i)
        editor.undoStack()->undo();
    QCOMPARE(editor.scenario().toJson(), original.toJson());
    QCOMPARE(editor.tableSection()->columnsModel()->rowCount(), row);
    QCOMPARE(editor.tableSection()->constraintsModel()->rowCount(), 0);
    for (int i = 0; i < steps; ++i)
        editor.undoStack()->redo();
    QCOMPARE(editor.scenario().toJson(), after);
}

// Picks a combo box's item by its data from its open list, as a user does: one activated(), which the editor
// listens to, however far the item is from the current one.
static bool chooseByKeys(QComboBox* combo, const QVariant& data)
{
    const int index = combo->findData(data);
    if (index < 0)
        return false;
    combo->setFocus();
    combo->showPopup();
    QAbstractItemView* list = combo->view();
    list->setCurrentIndex(combo->model()->index(index, combo->modelColumn()));
    QTest::keyClick(list, Qt::Key_Return);
    return combo->currentIndex() == index;
}

// The value at a path such as "workers[1].recipe" in a scenario's JSON.
static QJsonValue jsonAt(const QByteArray& json, const QString& path)
{
    QJsonValue value = QJsonDocument::fromJson(json).object();
    static const QRegularExpression part(u"^([a-z_]+)(?:\\[(\\d+)\\])?$"_s);
    for (const QString& name : path.split(u'.')) {
        const QRegularExpressionMatch m = part.match(name);
        if (!m.hasMatch())
            return QJsonValue::Undefined;
        value = value.toObject().value(m.captured(1));
        if (m.hasCaptured(2))
            value = value.toArray().at(m.captured(2).toInt());
    }
    return value;
}

void TestScenarioEditor::eachControlIsOneUndoStep_data()
{
    // The control (by object name), what it is set to (a combo's item data, a spin box's value, "toggle" for a
    // check box), and where the scenario file shows it.
    QTest::addColumn<bool>("allWorkers");
    QTest::addColumn<QString>("control");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    QTest::newRow("journal_mode_wal") << false << u"journalCombo"_s << u"wal"_s << u"backend.journal_mode"_s
                                      << u"wal"_s;
    QTest::newRow("begin_immediate") << false << u"beginCombo"_s << u"immediate"_s << u"backend.begin"_s
                                     << u"immediate"_s;
    QTest::newRow("busy_timeout") << false << u"busyTimeoutSpin"_s << u"250"_s << u"backend.busy_timeout_ms"_s
                                  << u"250"_s;
    QTest::newRow("isolation_serializable")
        << false << u"isolationCombo"_s << u"serializable"_s << u"isolation"_s << u"serializable"_s;
    QTest::newRow("recipe_of_the_chosen_worker_only")
        << false << u"recipeCombo"_s << u"naive_get_or_create"_s << u"workers[0].recipe"_s << u"naive_get_or_create"_s;
    QTest::newRow("the_other_worker_keeps_its_recipe")
        << false << u"recipeCombo"_s << u"naive_get_or_create"_s << u"workers[1].recipe"_s << u"django_get_or_create"_s;
    QTest::newRow("recipe_for_all_workers")
        << true << u"recipeCombo"_s << u"naive_get_or_create"_s << u"workers[1].recipe"_s << u"naive_get_or_create"_s;
    QTest::newRow("atomic") << false << u"atomicCheck"_s << u"toggle"_s << u"workers[0].atomic"_s << u"true"_s;
    QTest::newRow("atomic_for_all_workers")
        << true << u"atomicCheck"_s << u"toggle"_s << u"workers[1].atomic"_s << u"true"_s;
    QTest::newRow("jitter") << false << u"jitterSpin"_s << u"200"_s << u"schedule.jitter_us"_s << u"200"_s;
    QTest::newRow("trials") << false << u"trialsSpin"_s << u"500"_s << u"schedule.trials"_s << u"500"_s;
}

void TestScenarioEditor::eachControlIsOneUndoStep()
{
    QFETCH(bool, allWorkers);
    QFETCH(QString, control);
    QFETCH(QString, value);
    QFETCH(QString, path);
    QFETCH(QString, expected);
    ScenarioEditor editor;
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setScenario(example(u"race-unique"_s));
    if (allWorkers)
        editor.workersSection()->allWorkersCheck()->setChecked(true);
    if (control == u"jitterSpin"_s || control == u"trialsSpin"_s) // they belong to the free and stress modes
        QVERIFY(chooseByKeys(editor.scheduleSection()->modeCombo(), int(ScheduleSpec::Mode::Stress)));
    editor.undoStack()->clear(); // only the control's own edit counts below
    const QByteArray before = editor.scenario().toJson();
    QWidget* widget = editor.findChild<QWidget*>(control);
    QVERIFY2(widget, qPrintable(control));
    for (int section = 0; section < editor.sections()->count(); ++section)
        if (editor.sections()->widget(section)->isAncestorOf(widget))
            editor.sections()->setCurrentIndex(section);
    QVERIFY2(widget->isEnabled(), qPrintable(control));
    if (auto* combo = qobject_cast<QComboBox*>(widget)) {
        QVERIFY2(chooseByKeys(combo, value), qPrintable(value));
    } else if (auto* check = qobject_cast<QCheckBox*>(widget)) {
        QTest::mouseClick(check, Qt::LeftButton, {}, check->rect().center() - QPoint(check->width() / 2 - 6, 0));
    } else if (auto* spin = qobject_cast<QSpinBox*>(widget)) {
        spin->setFocus();
        spin->selectAll();
        QTest::keyClicks(spin, value);
        QTest::keyClick(spin, Qt::Key_Return);
    } else {
        QFAIL("no way to set this control");
    }
    QTRY_COMPARE(editor.undoStack()->count(), 1);
    const QByteArray after = editor.scenario().toJson();
    const QJsonValue shown = jsonAt(after, path);
    QCOMPARE(shown.isString()
            ? shown.toString()
            : QString::fromUtf8(QJsonDocument(QJsonArray { shown }).toJson(QJsonDocument::Compact)).mid(1).chopped(1),
        expected);
    QVERIFY2(editor.isValid(), qPrintable(editor.errorText()));
    editor.undoStack()->undo();
    QCOMPARE(editor.scenario().toJson(), before);
    editor.undoStack()->redo();
    QCOMPARE(editor.scenario().toJson(), after);
}

void TestScenarioEditor::initialRowsAreEditedInTheTable()
{
    ScenarioEditor editor;
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    const Scenario original = example(u"race-unique"_s);
    editor.setScenario(original);
    QCOMPARE(editor.tableSection()->initialRowsModel()->rowCount(), 0);
    QTest::mouseClick(editor.findChild<QToolButton*>(u"addRowButton"_s), Qt::LeftButton);
    QCOMPARE(editor.scenario().table.rows.size(), 1);
    // user_id is NOT NULL: the new row already has a value, so the scenario stays valid.
    QVERIFY2(editor.isValid(), qPrintable(editor.errorText()));
    const QModelIndex cell = editor.tableSection()->initialRowsModel()->index(0, 0);
    editor.tableSection()->initialRowsView()->setCurrentIndex(cell);
    editor.tableSection()->initialRowsView()->edit(cell);
    auto* line = qobject_cast<QLineEdit*>(QApplication::focusWidget());
    QVERIFY(line);
    line->selectAll();
    QTest::keyClicks(line, u"c53b8b"_s);
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE(editor.scenario().table.rows.at(0).value(u"user_id"_s).toString(), u"c53b8b"_s);
    // Emptying a NOT NULL cell is refused at the rows table.
    editor.tableSection()->initialRowsView()->edit(cell);
    line = qobject_cast<QLineEdit*>(QApplication::focusWidget());
    QVERIFY(line);
    line->clear();
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_VERIFY(!editor.isValid());
    QVERIFY(editor.error()->field.startsWith(u"table.rows"_s));
    QVERIFY(editor.tableSection()->initialRowsView()->styleSheet().contains(u"border"_s));
    while (editor.undoStack()->canUndo())
        editor.undoStack()->undo();
    QCOMPARE(editor.scenario().toJson(), original.toJson());
}

void TestScenarioEditor::renamingAColumnRenamesWhatNamesIt()
{
    ScenarioEditor editor;
    editor.setScenario(example(u"race-unique"_s));
    QVERIFY(editor.tableSection()->columnsModel()->setData(
        editor.tableSection()->columnsModel()->index(0, ColumnsModel::Name), u"uid"_s));
    const Scenario& s = editor.scenario();
    QCOMPARE(s.table.columns.at(0).name, u"uid"_s);
    QCOMPARE(s.table.constraints.at(0).columns, QStringList { u"uid"_s });
    for (const WorkerSpec& w : s.workers) {
        QVERIFY(w.lookup.contains(u"uid"_s));
        QVERIFY(!w.lookup.contains(u"user_id"_s));
    }
    QVERIFY2(editor.isValid(), qPrintable(editor.errorText()));
    QCOMPARE(editor.undoStack()->count(), 1); // one step undoes the rename everywhere
    editor.undoStack()->undo();
    QCOMPARE(editor.scenario().toJson(), example(u"race-unique"_s).toJson());
}

void TestScenarioEditor::databaseActionOpensTheConnectionDialog_data()
{
    QTest::addColumn<bool>("fromTheScriptField");
    QTest::newRow("ctrl_d_opens_the_database") << false;
    QTest::newRow("ctrl_d_opens_the_database_from_the_script_field") << true;
}

void TestScenarioEditor::databaseActionOpensTheConnectionDialog()
{
    QFETCH(bool, fromTheScriptField);
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    QAction* database = window.findChild<QAction*>(u"databaseAction"_s);
    QCOMPARE(database->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_D));
    window.setScheduleMode(ScheduleSpec::Mode::Script);
    QLineEdit* script = window.actions()->scriptEdit();
    const QString typed = script->text();
    if (fromTheScriptField) {
        script->setFocus();
        script->setCursorPosition(0); // Ctrl+D would delete the character after the cursor
        QTRY_VERIFY(script->hasFocus());
    } else {
        window.resultPane()->timeline()->setFocus();
    }
    bool opened = false;
    QTimer::singleShot(0, &window, [&] {
        ConnectionDialog* dialog = window.connectionDialog();
        opened = dialog && dialog->kindCombo()->currentData().toInt() == int(BackendSpec::Kind::Sqlite);
        if (dialog)
            dialog->reject();
    });
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_D, Qt::ControlModifier);
    QTRY_VERIFY(opened);
    QCOMPARE(script->text(), typed); // the line edit did not take the key
}

void TestScenarioEditor::connectionDialogNamesTheFieldTyped_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty_database_names_the_field")
        << u"db.example.org"_s << QString() << u"me"_s << u"Database: type the database name"_s;
    QTest::newRow("a_slash_in_the_database_names_the_field")
        << u"db.example.org"_s << u"lab/x"_s << u"me"_s << u"Database: a name without"_s;
    QTest::newRow("an_at_in_the_user_names_the_field")
        << u"db.example.org"_s << u"lab"_s << u"me@home"_s << u"User: a login name without"_s;
    QTest::newRow("a_space_in_the_host_names_the_field")
        << u"db example"_s << u"lab"_s << u"me"_s << u"Host: a name or an address"_s;
}

void TestScenarioEditor::connectionDialogNamesTheFieldTyped()
{
    QFETCH(QString, host);
    QFETCH(QString, database);
    QFETCH(QString, user);
    QFETCH(QString, message);
    ConnectionDialog dialog(BackendSpec {}, nullptr);
    dialog.kindCombo()->setCurrentIndex(dialog.kindCombo()->findData(int(BackendSpec::Kind::Postgresql)));
    dialog.hostEdit()->setText(host);
    dialog.databaseEdit()->setText(database);
    dialog.userEdit()->setText(user);
    QString error;
    QVERIFY(!dialog.backend(&error));
    QVERIFY2(error.startsWith(message), qPrintable(error));
    QVERIFY2(!error.contains(u"://"_s), qPrintable(error)); // never a URL the user did not type
    dialog.accept(); // refused, with the reason under the fields
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(dialog.messageLabel()->text(), error);
    if (database.isEmpty()) {
        dialog.show();
        screenshot(dialog, u"connection-dialog-empty-database"_s);
    }
    // The same fields in the editor's Database section say the same of an empty database.
    if (database.isEmpty()) {
        dialog.databaseEdit()->setText(u"lab"_s);
        QVERIFY(dialog.backend(&error));
    }
}

void TestScenarioEditor::connectionTestAsksAPasswordOnlyWhenRefused_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("passwordKnown"); // in the environment (PGPASSWORD / MYSQL_PWD), as a login that needs none
    for (const BackendSpec::Kind kind : { BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql }) {
        const QString name = BackendSpec::kindName(kind);
        QTest::addRow("a_login_that_needs_no_password_is_tested_without_a_prompt_on_%s", qPrintable(name))
            << int(kind) << true;
        QTest::addRow("a_refused_login_prompts_once_on_%s", qPrintable(name)) << int(kind) << false;
    }
}

void TestScenarioEditor::connectionTestAsksAPasswordOnlyWhenRefused()
{
    QFETCH(int, kind);
    QFETCH(bool, passwordKnown);
    REQUIRE_SERVER_URL(serverUrl, BackendSpec::Kind(kind));
    const auto url = ServerUrl::parse(serverUrl, nullptr);
    QVERIFY(url);
    QVERIFY2(!ServerConnection::hasPassword(*url) || qEnvironmentVariableIsSet(url->passwordVariable().toLatin1()),
        "a password from an earlier test is in memory");
    const QByteArray variable = url->passwordVariable().toLatin1();
    const QByteArray password = qgetenv(variable.constData());
    QVERIFY2(!password.isEmpty(), variable.constData());
    const auto restore = qScopeGuard([&] { qputenv(variable.constData(), password); });
    if (!passwordKnown)
        qunsetenv(variable.constData());
    test::ScriptedPrompts prompts;
    QStringList asked;
    prompts.askPassword = [&](const QString& which) -> std::optional<QString> {
        asked.append(which);
        return QString::fromUtf8(password);
    };
    BackendSpec spec;
    spec.kind = BackendSpec::Kind(kind);
    spec.url = url->toString();
    ConnectionDialog dialog(spec, &prompts);
    QCOMPARE(dialog.databaseEdit()->text(), url->database);
    QSignalSpy tested(&dialog, &ConnectionDialog::tested);
    dialog.test();
    QVERIFY(tested.wait(30000));
    QVERIFY2(tested.constFirst().at(0).toBool(), qPrintable(tested.constFirst().at(1).toString()));
    QVERIFY2(dialog.messageLabel()->text().startsWith(u"Connected: "_s), qPrintable(dialog.messageLabel()->text()));
    if (passwordKnown)
        QVERIFY2(asked.isEmpty(), qPrintable(asked.join(u", "_s)));
    else
        QCOMPARE(asked, QStringList { url->toString() });
}

void TestScenarioEditor::workerCountAddsAndRemovesWorkers_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("four_workers_named_a_to_d") << u"4"_s << QStringList { u"A"_s, u"B"_s, u"C"_s, u"D"_s };
    QTest::newRow("one_worker_left") << u"1"_s << QStringList { u"A"_s };
    QTest::newRow("twenty_eight_workers_go_past_z") << u"28"_s << QStringList {};
}

void TestScenarioEditor::workerCountAddsAndRemovesWorkers()
{
    QFETCH(QString, typed);
    QFETCH(QStringList, names);
    ScenarioEditor editor;
    editor.show();
    const Scenario original = example(u"race-unique"_s);
    editor.setScenario(original);
    QSpinBox* spin = editor.workersSection()->workerCountSpin();
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, typed);
    QTest::keyClick(spin, Qt::Key_Return);
    QCOMPARE(editor.scenario().workers.size(), typed.toInt());
    if (!names.isEmpty()) {
        QStringList got;
        for (const WorkerSpec& w : editor.scenario().workers)
            got.append(w.name);
        QCOMPARE(got, names);
    } else {
        QCOMPARE(editor.scenario().workers.at(26).name, u"AA"_s);
        QCOMPARE(editor.scenario().workers.at(27).name, u"AB"_s);
    }
    // New workers race the last one: same recipe and lookup.
    QCOMPARE(editor.scenario().workers.last().lookup, original.workers.last().lookup);
    QCOMPARE(editor.workersSection()->workerCombo()->count(), typed.toInt());
    QCOMPARE(editor.scheduleSection()->scriptPicker()->findChildren<QToolButton*>().size(),
        typed.toInt() + 1); // + backspace
    QVERIFY2(editor.isValid(), qPrintable(editor.errorText()));
    while (editor.undoStack()->canUndo())
        editor.undoStack()->undo();
    QCOMPARE(editor.scenario().toJson(), original.toJson());
    QCOMPARE(spin->value(), int(original.workers.size()));
}

void TestScenarioEditor::lookupKeyThatIsNotAColumnIsMarkedAtTheField()
{
    ScenarioEditor editor;
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setScenario(example(u"race-unique"_s));
    editor.showSection(ScenarioEditor::Section::Workers);
    editor.selectWorker(1);
    QSignalSpy validity(&editor, &ScenarioEditor::validityChanged);
    QCOMPARE(editor.workersSection()->lookupModel()->rowCount(), 1);
    const QModelIndex key = editor.workersSection()->lookupModel()->index(0, KeyValueModel::Key);
    editor.workersSection()->lookupView()->setCurrentIndex(key);
    editor.workersSection()->lookupView()->edit(key);
    QWidget* focus = QApplication::focusWidget();
    auto* combo = qobject_cast<QComboBox*>(focus) ? qobject_cast<QComboBox*>(focus)
                                                  : qobject_cast<QComboBox*>(focus->parentWidget());
    QVERIFY(combo);
    combo->lineEdit()->selectAll();
    QTest::keyClicks(combo->lineEdit(), u"usr_id"_s);
    QTest::keyClick(combo->lineEdit(), Qt::Key_Return);

    QTRY_VERIFY(!editor.isValid());
    QCOMPARE(editor.error()->field, u"workers[1].lookup"_s);
    QCOMPARE(validity.size(), 1);
    QCOMPARE(validity.at(0).at(0).toBool(), false);
    QVERIFY(editor.workersSection()->lookupView()->styleSheet().contains(u"border"_s));
    QVERIFY2(editor.workersSection()->lookupView()->toolTip().contains(u"\"usr_id\""_s),
        qPrintable(editor.workersSection()->lookupView()->toolTip()));
    QVERIFY(editor.messageLabel()->isVisibleTo(&editor));
    QVERIFY2(editor.messageLabel()->text().startsWith(u"Workers › B › lookup: "_s),
        qPrintable(editor.messageLabel()->text()));
    QVERIFY(editor.messageLabel()->text().contains(u"usr_id"_s));
    // The key's own tooltip names the columns there are.
    QVERIFY(key.data(Qt::ToolTipRole).toString().contains(u"user_id"_s));
    // Shown from worker A, the selector is what is marked.
    editor.selectWorker(0);
    QVERIFY(editor.workersSection()->lookupView()->styleSheet().isEmpty());
    QVERIFY(editor.workersSection()->workerCombo()->styleSheet().contains(u"border"_s));
    // "Show" goes back to worker B's lookup from anywhere.
    editor.showSection(ScenarioEditor::Section::Database);
    auto* show = editor.findChild<QToolButton*>(u"showErrorButton"_s);
    QVERIFY(show && show->isVisibleTo(&editor));
    QTest::mouseClick(show, Qt::LeftButton);
    QCOMPARE(editor.currentSection(), ScenarioEditor::Section::Workers);
    QCOMPARE(editor.currentWorker(), 1);
    QVERIFY(editor.workersSection()->lookupView()->styleSheet().contains(u"border"_s));
    QTRY_VERIFY(editor.workersSection()->lookupView()->hasFocus());

    editor.undoStack()->undo();
    QVERIFY(editor.isValid());
    QVERIFY(editor.workersSection()->workerCombo()->styleSheet().isEmpty());
    QVERIFY(!editor.messageLabel()->isVisibleTo(&editor));
    QCOMPARE(validity.last().at(0).toBool(), true);
}

void TestScenarioEditor::invalidEditDisablesRunWithTheReason()
{
    MainWindow window;
    window.show();
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    QVERIFY(window.actions()->run()->isEnabled());
    ScenarioEditor* editor = window.editor();
    editor->tableSection()->tableNameEdit()->setFocus();
    editor->tableSection()->tableNameEdit()->selectAll();
    QTest::keyClicks(editor->tableSection()->tableNameEdit(), u"bad name"_s);
    QVERIFY(!window.actions()->run()->isEnabled());
    QVERIFY2(window.statusBar()->currentMessage().startsWith(u"Cannot run: Table › name: "_s),
        qPrintable(window.statusBar()->currentMessage()));
    QVERIFY(editor->tableSection()->tableNameEdit()->styleSheet().contains(u"border"_s));
    screenshot(window, u"editor-invalid-field"_s);
    // The window keeps the last valid scenario.
    QCOMPARE(window.document()->scenario().table.name, u"bad"_s);
    editor->tableSection()->tableNameEdit()->selectAll();
    QTest::keyClicks(editor->tableSection()->tableNameEdit(), u"bad_"_s);
    QVERIFY(window.actions()->run()->isEnabled());
    QCOMPARE(window.document()->scenario().table.name, u"bad_"_s);
    QVERIFY(window.statusBar()->currentMessage().isEmpty());
    QVERIFY(window.windowTitle().contains(u"*"_s));
}

void TestScenarioEditor::scriptPickerBuildsTheScriptAndTheToolbarFollows()
{
    MainWindow window;
    window.show();
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    ScenarioEditor* editor = window.editor();
    editor->showSection(ScenarioEditor::Section::Schedule);
    editor->setScheduleMode(ScheduleSpec::Mode::Free);
    editor->setScriptText(QString());
    editor->setScheduleMode(ScheduleSpec::Mode::Script);
    QCOMPARE(window.scheduleMode(), ScheduleSpec::Mode::Script);
    QVERIFY(!window.actions()->run()->isEnabled()); // script mode without a script
    for (const QString& name : { u"A"_s, u"B"_s, u"A"_s, u"B"_s })
        QTest::mouseClick(
            editor->scheduleSection()->scriptPicker()->findChild<QToolButton*>(u"pick"_s + name), Qt::LeftButton);
    QCOMPARE(editor->scenario().schedule.script, (QStringList { u"A"_s, u"B"_s, u"A"_s, u"B"_s }));
    QCOMPARE(editor->scheduleSection()->scriptEdit()->text(), u"A,B,A,B"_s);
    QCOMPARE(window.actions()->scriptEdit()->text(), u"A,B,A,B"_s);
    QVERIFY(window.actions()->run()->isEnabled());
    QTest::mouseClick(
        editor->scheduleSection()->scriptPicker()->findChild<QToolButton*>(u"pickBackspace"_s), Qt::LeftButton);
    QCOMPARE(window.actions()->scriptEdit()->text(), u"A,B,A"_s);
    // Typing a worker that does not exist marks the editor's script field and disables Run.
    editor->scheduleSection()->scriptEdit()->setFocus();
    editor->scheduleSection()->scriptEdit()->end(false);
    QTest::keyClicks(editor->scheduleSection()->scriptEdit(), u",Q"_s);
    QVERIFY(!window.actions()->run()->isEnabled());
    QVERIFY(editor->scheduleSection()->scriptEdit()->styleSheet().contains(u"border"_s));
    QVERIFY(editor->messageLabel()->text().contains(u"\"Q\""_s));
    // Undo goes back through the steps, and the toolbar follows.
    editor->undoStack()->undo();
    QCOMPARE(window.actions()->scriptEdit()->text(), u"A,B,A"_s);
    QVERIFY(window.actions()->run()->isEnabled());
}

void TestScenarioEditor::toolbarModeIsAViewChoiceUntilSaved()
{
    MainWindow window;
    window.show();
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    const Scenario original = example(u"race-unique"_s);
    // The toolbar's mode and script are the window's view: the editor keeps the file's schedule.
    window.setScheduleMode(ScheduleSpec::Mode::Stress);
    QCOMPARE(window.editor()->scenario().schedule.mode, original.schedule.mode);
    QCOMPARE(window.editor()->scheduleSection()->modeCombo()->currentData().toInt(), int(original.schedule.mode));
    window.setScheduleMode(ScheduleSpec::Mode::Script);
    window.setScript(u"B,A"_s);
    QCOMPARE(window.editor()->scenario().toJson(), original.toJson());
    QVERIFY(!window.editor()->undoStack()->canUndo());
    QVERIFY(!window.windowTitle().contains(u"*"_s));
    // Saving writes them, as one undoable edit each, and the editor shows them from then on.
    const QString path = m_dir.filePath(u"view-choice.json"_s);
    ScriptedPrompts::of(window).askSavePath = [&](const QString&) { return path; };
    QVERIFY(window.document()->save());
    QCOMPARE(window.editor()->scenario().schedule.mode, ScheduleSpec::Mode::Script);
    QCOMPARE(window.editor()->scenario().schedule.script, (QStringList { u"B"_s, u"A"_s }));
    QCOMPARE(window.editor()->scheduleSection()->scriptEdit()->text(), u"B,A"_s);
    QVERIFY(!window.windowTitle().contains(u"*"_s));
    // An edit of the Schedule section is a choice too: the toolbar follows it.
    window.editor()->setScheduleMode(ScheduleSpec::Mode::Explore);
    QCOMPARE(window.scheduleMode(), ScheduleSpec::Mode::Explore);
    QVERIFY(window.windowTitle().contains(u"*"_s));
}

void TestScenarioEditor::undoAndRedoShortcutsOfTheWindow()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QApplication::setActiveWindow(&window);
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    window.editor()->setWorkerCount(5);
    QCOMPARE(window.document()->scenario().workers.size(), 5);
    QVERIFY(window.windowTitle().contains(u"*"_s));
    auto* undo = window.findChild<QAction*>(u"undoAction"_s);
    QVERIFY(undo && undo->isEnabled());
    QCOMPARE(undo->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Z));
    QVERIFY(undo->text().contains(u"Add workers"_s)); // the menu says what will be undone
    window.resultPane()->timeline()->setFocus();
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(window.document()->scenario().workers.size(), 2);
    QVERIFY(!window.windowTitle().contains(u"*"_s));
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(window.document()->scenario().workers.size(), 5);
    QCOMPARE(window.editor()->workersSection()->workerCountSpin()->value(), 5);
}

void TestScenarioEditor::editClearsTheStaleResult()
{
    MainWindow window;
    window.show();
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    QSignalSpy finished(&window, &MainWindow::runFinished);
    window.runNow();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QVERIFY(window.resultPane()->hasResult());
    // A schedule change keeps the run (it is still a run of this table and these workers)...
    window.setScheduleMode(ScheduleSpec::Mode::Explore);
    QVERIFY(window.resultPane()->hasResult());
    // ...a change of the table does not.
    window.editor()->findChild<QAction*>(u"add unique"_s)->trigger();
    QVERIFY(!window.resultPane()->hasResult());
    QCOMPARE(window.document()->scenario().table.constraints.size(), 2);
    QCOMPARE(window.resultPane()->rowsModel()->rowCount(), 0);
}

void TestScenarioEditor::saveAndLoadRoundTrip_data()
{
    QTest::addColumn<QString>("id");
    for (const Examples::Entry& entry : Examples::list())
        QTest::newRow(qPrintable(entry.id)) << entry.id;
}

void TestScenarioEditor::saveAndLoadRoundTrip()
{
    QFETCH(QString, id);
    MainWindow window;
    QVERIFY(window.document()->loadExample(id));
    // An edit through the editor, so what is saved is the editor's.
    window.editor()->tableSection()->nameEdit()->setFocus();
    window.editor()->tableSection()->nameEdit()->end(false);
    QTest::keyClicks(window.editor()->tableSection()->nameEdit(), u" (edited)"_s);
    QVERIFY(window.document()->isModified());
    const QString path = m_dir.filePath(id + u".json"_s);
    QString asked;
    ScriptedPrompts::of(window).askSavePath = [&](const QString& suggestion) {
        asked = suggestion;
        return path;
    };
    QVERIFY(window.document()->save()); // an example has no file yet: Save asks where
    QCOMPARE(asked, id + u".json"_s);
    QCOMPARE(window.document()->filePath(), path);
    QVERIFY(!window.document()->isModified());
    QVERIFY(!window.windowTitle().contains(u"*"_s));

    MainWindow other;
    QVERIFY(other.document()->loadFile(path));
    QCOMPARE(other.editor()->scenario().toJson(), window.editor()->scenario().toJson());
    QCOMPARE(other.document()->scenario().toJson(), window.editor()->scenario().toJson());
    QVERIFY(!other.document()->isModified());
}

void TestScenarioEditor::passwordNeverReachesTheFile()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    ScenarioEditor* editor = window.editor();
    editor->showSection(ScenarioEditor::Section::Database);
    editor->backendCombo()->setCurrentIndex(editor->backendCombo()->findData(int(BackendSpec::Kind::Postgresql)));
    Q_EMIT editor->backendCombo()->activated(editor->backendCombo()->currentIndex());
    editor->databaseSection()->hostEdit()->setFocus();
    editor->databaseSection()->hostEdit()->selectAll();
    QTest::keyClicks(editor->databaseSection()->hostEdit(), u"db.example.org"_s);
    editor->databaseSection()->userEdit()->setFocus();
    QTest::keyClicks(editor->databaseSection()->userEdit(), u"alice"_s);
    editor->databaseSection()->databaseEdit()->setFocus();
    QTest::keyClicks(editor->databaseSection()->databaseEdit(), u"shop"_s);
    QCOMPARE(editor->scenario().backend.url, u"postgresql://alice@db.example.org/shop"_s);
    const QString password = u"s3cret-Pa55word"_s;
    int asked = 0;
    ScriptedPrompts::of(window).askPassword = [&](const QString&) -> std::optional<QString> {
        ++asked;
        return password;
    };
    QTest::mouseClick(editor->findChild<QPushButton*>(u"passwordButton"_s), Qt::LeftButton);
    QCOMPARE(asked, 1);
    QVERIFY(ServerConnection::hasPassword(*ServerUrl::parse(editor->scenario().backend.url, nullptr)));
    const QString path = m_dir.filePath(u"server.json"_s);
    QVERIFY(window.document()->saveTo(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    QVERIFY(saved.contains("postgresql://alice@db.example.org/shop"));
    QVERIFY(!saved.contains(password.toUtf8()));
    QVERIFY(!saved.contains("s3cret"));
    file.close();

    // A password typed into the user field ("alice:secret") is refused there: it reaches neither the scenario the
    // window runs, nor its title, nor a saved file.
    editor->databaseSection()->userEdit()->setFocus();
    QTest::keyClicks(editor->databaseSection()->userEdit(), u":hunter2"_s);
    QVERIFY(!editor->isValid());
    QVERIFY2(editor->errorText().contains(u"password"_s), qPrintable(editor->errorText()));
    QVERIFY(!editor->errorText().contains(u"hunter2"_s));
    QVERIFY(!window.document()->scenario().backend.url.contains(u"hunter2"_s));
    QVERIFY(!window.windowTitle().contains(u"hunter2"_s));
    QVERIFY(!window.actions()->run()->isEnabled());
    QVERIFY(!window.document()->saveTo(path));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("hunter2"));
}

void TestScenarioEditor::unsavedPrompt_data()
{
    QTest::addColumn<int>("answer");
    QTest::addColumn<bool>("replaced");
    QTest::addColumn<bool>("saved");
    QTest::newRow("cancel_keeps_the_edits") << int(Prompts::UnsavedAnswer::Cancel) << false << false;
    QTest::newRow("discard_drops_them") << int(Prompts::UnsavedAnswer::Discard) << true << false;
    QTest::newRow("save_writes_them_first") << int(Prompts::UnsavedAnswer::Save) << true << true;
}

void TestScenarioEditor::unsavedPrompt()
{
    QFETCH(int, answer);
    QFETCH(bool, replaced);
    QFETCH(bool, saved);
    MainWindow window;
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    int asked = 0;
    ScriptedPrompts::of(window).askUnsaved = [&](const QString&) {
        ++asked;
        return Prompts::UnsavedAnswer(answer);
    };
    const QString path = m_dir.filePath(u"unsaved-%1.json"_s.arg(answer));
    QFile::remove(path);
    ScriptedPrompts::of(window).askSavePath = [&](const QString&) { return path; };
    // Nothing edited: no question.
    window.findChild<QAction*>(u"newAction"_s)->trigger();
    QCOMPARE(asked, 0);
    QCOMPARE(window.document()->scenario().name, ScenarioDocument::newScenarioTemplate().name);
    QCOMPARE(window.document()->scenario().workers.size(), 2);
    QVERIFY2(window.editor()->isValid(), qPrintable(window.editor()->errorText()));

    window.editor()->setWorkerCount(3);
    QVERIFY(window.document()->isModified());
    QVERIFY(window.windowTitle().contains(u"*"_s));
    window.findChild<QAction*>(u"newAction"_s)->trigger();
    QCOMPARE(asked, 1);
    QCOMPARE(window.document()->scenario().workers.size(), replaced ? 2 : 3);
    QCOMPARE(window.document()->isModified(), !replaced);
    QCOMPARE(QFile::exists(path), saved);
    if (saved)
        QCOMPARE(Scenario::load(path, nullptr)->workers.size(), 3);

    // Closing asks too; Cancel keeps the window open.
    if (!replaced) {
        window.show();
        QVERIFY(!window.close());
        QCOMPARE(asked, 2);
        QVERIFY(window.isVisible());
    }
}

void TestScenarioEditor::recentFilesKeepEightAndDropMissing()
{
    MainWindow window;
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    QStringList paths;
    for (int i = 0; i < 10; ++i) {
        const QString path = m_dir.filePath(u"recent-%1.json"_s.arg(i));
        QVERIFY(window.document()->saveTo(path));
        paths.prepend(QFileInfo(path).absoluteFilePath());
    }
    QCOMPARE(RecentFiles::files(), paths.mid(0, 8));
    Q_EMIT window.document()->recentMenu()->aboutToShow();
    QList<QAction*> entries;
    for (QAction* a : window.document()->recentMenu()->actions())
        if (!a->data().toString().isEmpty())
            entries.append(a);
    QCOMPARE(entries.size(), 8);
    QCOMPARE(entries.first()->data().toString(), paths.first());
    QVERIFY(entries.first()->text().startsWith(u"&1 "_s));

    QVERIFY(QFile::remove(paths.at(1)));
    Q_EMIT window.document()->recentMenu()->aboutToShow();
    QCOMPARE(RecentFiles::files().size(), 7);
    QVERIFY(!RecentFiles::files().contains(paths.at(1)));
    QVERIFY2(window.statusBar()->currentMessage().contains(QFileInfo(paths.at(1)).fileName()),
        qPrintable(window.statusBar()->currentMessage()));

    // Opening one from the menu loads it.
    QVERIFY(window.document()->loadExample(u"race-no-unique"_s));
    for (QAction* a : window.document()->recentMenu()->actions())
        if (a->data().toString() == paths.at(2))
            a->trigger();
    QCOMPARE(window.document()->filePath(), paths.at(2));
    QCOMPARE(window.document()->scenario().name, example(u"race-unique"_s).name);
}

void TestScenarioEditor::openRecentFollowsSaveAndOpen_data()
{
    QTest::addColumn<bool>("saveAs");
    QTest::newRow("save_as_enables_open_recent") << true;
    QTest::newRow("open_enables_open_recent") << false;
}

void TestScenarioEditor::openRecentFollowsSaveAndOpen()
{
    // A disabled submenu never opens, so it cannot wait for aboutToShow to learn of a file saved or opened since.
    QFETCH(bool, saveAs);
    const QString path =
        QFileInfo(m_dir.filePath(saveAs ? u"follows-save.json"_s : u"follows-open.json"_s)).absoluteFilePath();
    QFile::remove(path);
    if (!saveAs) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(example(u"race-unique"_s).toJson());
    }
    MainWindow window;
    QVERIFY(window.document()->loadExample(u"race-no-unique"_s));
    QVERIFY(!window.document()->recentMenu()->isEnabled()); // nothing opened or saved yet
    if (saveAs) {
        ScriptedPrompts::of(window).askSavePath = [&](const QString&) { return path; };
        QVERIFY(window.document()->saveAs());
    } else {
        QVERIFY(window.document()->loadFile(path));
    }
    QVERIFY(window.document()->recentMenu()->isEnabled());
    QVERIFY(window.document()->recentMenu()->menuAction()->isEnabled());
    Q_EMIT window.document()->recentMenu()->aboutToShow();
    QStringList listed;
    for (const QAction* a : window.document()->recentMenu()->actions())
        if (!a->data().toString().isEmpty())
            listed.append(a->data().toString());
    QCOMPARE(listed, QStringList { path });
}

void TestScenarioEditor::droppingAJsonFileOpensIt()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    Scenario scenario = example(u"race-no-unique"_s);
    scenario.name = u"Dropped scenario"_s;
    const QString path = m_dir.filePath(u"dropped.json"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(scenario.toJson());
    }
    QMimeData mime;
    mime.setUrls({ QUrl::fromLocalFile(path) });
    const QPoint at = window.rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QCOMPARE(window.document()->scenario().name, u"Dropped scenario"_s);
    QCOMPARE(window.editor()->scenario().toJson(), scenario.toJson());
    QCOMPARE(window.document()->filePath(), QFileInfo(path).absoluteFilePath());

    // Anything but a .json file is refused at the door.
    QMimeData text;
    text.setUrls({ QUrl::fromLocalFile(m_dir.filePath(u"notes.txt"_s)) });
    QDragEnterEvent refused(at, Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    refused.setAccepted(false);
    QApplication::sendEvent(&window, &refused);
    QVERIFY(!refused.isAccepted());
}

void TestScenarioEditor::examplesGalleryListsEveryExample()
{
    ExamplesGallery gallery;
    gallery.show();
    QVERIFY(QTest::qWaitForWindowExposed(&gallery));
    const QList<Examples::Entry> entries = Examples::list();
    QCOMPARE(gallery.list()->topLevelItemCount(), entries.size());
    for (int i = 0; i < entries.size(); ++i) {
        const QTreeWidgetItem* item = gallery.list()->topLevelItem(i);
        QCOMPARE(item->text(0), entries.at(i).name);
        QCOMPARE(item->text(2), entries.at(i).description);
        QVERIFY(!item->text(1).isEmpty());
        if (entries.at(i).databases == QStringList { u"mysql"_s })
            QCOMPARE(item->text(1), u"MySQL"_s);
    }
    screenshot(gallery, u"examples-gallery"_s);
    gallery.selectExample(u"upsert"_s);
    QCOMPARE(gallery.chosenId(), u"upsert"_s);
    QSignalSpy accepted(&gallery, &QDialog::accepted);
    gallery.list()->setFocus();
    QTest::keyClick(gallery.list(), Qt::Key_Down);
    const QString next = gallery.chosenId();
    QVERIFY(next != u"upsert"_s || entries.last().id == u"upsert"_s);
    QTest::keyClick(gallery.list(), Qt::Key_Return);
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(gallery.chosenId(), next);
}

void TestScenarioEditor::testConnection_data()
{
    interleave::test::addDatabaseColumn();
    QTest::newRow("postgresql_shows_its_version") << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("mariadb_shows_its_version") << int(BackendSpec::Kind::Mysql);
}

void TestScenarioEditor::testConnection()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(scenario, example(u"race-unique"_s), kind);
    ScenarioEditor editor;
    editor.show();
    editor.setScenario(scenario);
    editor.showSection(ScenarioEditor::Section::Database);
    QVERIFY(editor.databaseSection()->testConnectionButton()->isVisibleTo(&editor));
    const auto url = ServerUrl::parse(scenario.backend.url, nullptr);
    QCOMPARE(editor.databaseSection()->hostEdit()->text(), url->host);
    QCOMPARE(editor.databaseSection()->portSpin()->value(), url->port);
    QVERIFY(ServerConnection::hasPassword(*url)); // PGPASSWORD / MYSQL_PWD from the test servers' env.sh
    QSignalSpy tested(&editor, &ScenarioEditor::connectionTested);
    QTest::mouseClick(editor.databaseSection()->testConnectionButton(), Qt::LeftButton);
    QVERIFY(!editor.databaseSection()->testConnectionButton()->isEnabled()); // busy while the thread connects
    QVERIFY(editor.findChild<QWidget*>(u"testConnectionBusy"_s)->isVisibleTo(&editor));
    QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 15000);
    QVERIFY2(tested.at(0).at(0).toBool(), qPrintable(tested.at(0).at(1).toString()));
    const QString version = tested.at(0).at(1).toString();
    QVERIFY2(version.startsWith(kind == BackendSpec::Kind::Postgresql ? u"PostgreSQL 1"_s : u"MariaDB 1"_s)
            || version.startsWith(u"MySQL "_s),
        qPrintable(version));
    QCOMPARE(editor.databaseSection()->connectionLabel()->text(), u"Connected: "_s + version);
    QVERIFY(editor.databaseSection()->testConnectionButton()->isEnabled());
}

void TestScenarioEditor::testConnectionToAClosedPortSaysWhy()
{
    // Port 1 on loopback: nobody listens, the connection is refused at once.
    ScenarioEditor editor;
    editor.show();
    Scenario scenario = example(u"race-unique"_s);
    scenario.backend = *BackendSpec::fromCommandLine(u"postgresql://nobody@127.0.0.1:1/nothing"_s, nullptr);
    editor.setScenario(scenario);
    editor.showSection(ScenarioEditor::Section::Database);
    int asked = 0;
    interleave::test::ScriptedPrompts prompts;
    editor.setPrompts(&prompts);
    prompts.askPassword = [&](const QString&) -> std::optional<QString> {
        ++asked;
        return u"x"_s;
    };
    QSignalSpy tested(&editor, &ScenarioEditor::connectionTested);
    QTest::mouseClick(editor.databaseSection()->testConnectionButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 15000);
    QCOMPARE(tested.at(0).at(0).toBool(), false);
    const QString message = tested.at(0).at(1).toString();
    QVERIFY2(message.startsWith(u"cannot connect to postgresql://nobody@127.0.0.1:1/nothing: "_s), qPrintable(message));
    QVERIFY2(message.contains(u"refused"_s, Qt::CaseInsensitive), qPrintable(message));
    QCOMPARE(editor.databaseSection()->connectionLabel()->text(), message);
    QVERIFY(!message.contains(u"x@"_s));
    QVERIFY(asked <= 1); // PGPASSWORD, when set, answers instead
}

void TestScenarioEditor::screenshots()
{
    if (qEnvironmentVariableIsEmpty("INTERLEAVE_SCREENSHOT_DIR"))
        QSKIP("set INTERLEAVE_SCREENSHOT_DIR to render the editor");
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.document()->loadExample(u"race-unique"_s));
    screenshot(window, u"editor-race-unique-table"_s);
    window.editor()->showSection(ScenarioEditor::Section::Workers);
    screenshot(window, u"editor-race-unique-workers"_s);
    window.editor()->showSection(ScenarioEditor::Section::Schedule);
    window.setScheduleMode(ScheduleSpec::Mode::Script);
    window.setScript(u"A,B,A,B"_s);
    screenshot(window, u"editor-race-unique-schedule"_s);
    window.editor()->showSection(ScenarioEditor::Section::Database);
    screenshot(window, u"editor-race-unique-database"_s);
    QVERIFY(window.document()->loadExample(u"mysql-repeatable-read"_s));
    window.editor()->showSection(ScenarioEditor::Section::Database);
    screenshot(window, u"editor-mysql-database"_s);
    window.editor()->edit(u"test"_s, [](Scenario& s) { s.backend.url = u"mysql://me@db.example.org:3307/lab"_s; });
    screenshot(window, u"editor-mysql-database-url"_s);
    window.editor()->showSection(ScenarioEditor::Section::Workers);
    window.editor()->selectWorker(0);
    window.editor()->edit(u"test"_s, [](Scenario& s) { s.workers[0].lookup.insert(u"usr_id"_s, u"x"_s); });
    screenshot(window, u"editor-invalid-lookup"_s);
}

QTEST_MAIN(TestScenarioEditor)
#include "tst_scenarioeditor.moc"
