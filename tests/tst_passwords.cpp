// SPDX-License-Identifier: MIT
// The server password never leaves memory. The test login's password is made up at each start of the test servers
// (scripts/test-servers.sh: "pw-leak-check-" and random hex), unlike anything a run rightly prints, so every output is
// searched for it: the real program's reports (JSON and text; one run, --trials, --explore; a run the server refuses),
// its stderr, --trace-out, --image-out as PNG, SVG and PDF (the PDF's text extracted with pdftotext), the window's
// screenshot and the settings the program writes; and, in this process, every text the window shows after runs in
// each mode with a password typed at its prompt, the trace it exports and the scenario file it saves.

#include "examples.h"
#include "exploremode.h"
#include "explorepanel.h"
#include "interleaveprocess.h"
#include "mainwindow.h"
#include "resultpane.h"
#include "scenariodocument.h"
#include "scriptedprompts.h"
#include "stressmode.h"
#include "stresspanel.h"
#include "testdatabases.h"
#include "windowactions.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDirIterator>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

const char* passwordVariable(BackendSpec::Kind kind)
{
    return kind == BackendSpec::Kind::Postgresql ? "PGPASSWORD" : "MYSQL_PWD";
}

// Where the password shows in `data`, in any spelling a file could hold it; empty when nowhere.
QString leak(const QByteArray& data, const QByteArray& password)
{
    const QString text = QString::fromUtf8(password);
    const QList<std::pair<QByteArray, const char*>> spellings { { password, "as is" },
        { password.toBase64(), "in base64" }, { password.toHex(), "in hex" },
        { QByteArray(reinterpret_cast<const char*>(text.utf16()), text.size() * 2), "in UTF-16" },
        { QUrl::toPercentEncoding(text), "percent-encoded" } };
    for (const auto& [spelling, how] : spellings) {
        const qsizetype at = data.indexOf(spelling);
        if (at >= 0)
            return u"the password, %1, at byte %2: ...%3..."_s.arg(QLatin1StringView(how))
                .arg(at)
                .arg(QString::fromUtf8(data.mid(std::max<qsizetype>(0, at - 60), 60 + spelling.size() + 20)));
    }
    return {};
}

#define VERIFY_NO_PASSWORD(data, where)                                                                                \
    do {                                                                                                               \
        const QString found_ = leak((data), m_password);                                                               \
        QVERIFY2(found_.isEmpty(), qPrintable(QString(where) + u": "_s + found_));                                     \
    } while (false)

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The text of a PDF (its streams are compressed, so the bytes alone prove nothing).
QByteArray pdfText(const QString& path, QString* problem)
{
    QProcess pdftotext;
    pdftotext.start(u"pdftotext"_s, { path, u"-"_s });
    if (!pdftotext.waitForStarted(30000)) {
        *problem = u"pdftotext is missing: install poppler-utils (scripts/install-deps.sh)"_s;
        return {};
    }
    if (!pdftotext.waitForFinished(60000) || pdftotext.exitCode() != 0) {
        *problem = u"pdftotext failed: "_s + QString::fromUtf8(pdftotext.readAllStandardError());
        return {};
    }
    return pdftotext.readAllStandardOutput();
}

// Every text a widget shows or holds: its own, its items' (each role a view can show), its actions'.
void collectTexts(const QWidget* widget, QStringList* texts)
{
    texts->append(widget->windowTitle());
    texts->append(widget->toolTip());
    texts->append(widget->statusTip());
    texts->append(widget->whatsThis());
    texts->append(widget->accessibleName());
    texts->append(widget->accessibleDescription());
    if (auto* label = qobject_cast<const QLabel*>(widget))
        texts->append(label->text());
    if (auto* edit = qobject_cast<const QLineEdit*>(widget)) {
        texts->append(edit->text());
        texts->append(edit->placeholderText());
    }
    if (auto* edit = qobject_cast<const QTextEdit*>(widget))
        texts->append(edit->toHtml());
    if (auto* edit = qobject_cast<const QPlainTextEdit*>(widget))
        texts->append(edit->toPlainText());
    if (auto* button = qobject_cast<const QAbstractButton*>(widget))
        texts->append(button->text());
    if (auto* box = qobject_cast<const QGroupBox*>(widget))
        texts->append(box->title());
    if (auto* spin = qobject_cast<const QAbstractSpinBox*>(widget))
        texts->append(spin->text());
    if (auto* tabs = qobject_cast<const QTabWidget*>(widget))
        for (int i = 0; i < tabs->count(); ++i)
            texts->append(tabs->tabText(i) + u' ' + tabs->tabToolTip(i));
    if (auto* status = qobject_cast<const QStatusBar*>(widget))
        texts->append(status->currentMessage());
    const QAbstractItemModel* model = nullptr;
    if (auto* combo = qobject_cast<const QComboBox*>(widget))
        model = combo->model();
    if (auto* view = qobject_cast<const QAbstractItemView*>(widget))
        model = view->model();
    if (model) {
        std::function<void(const QModelIndex&)> walk = [&](const QModelIndex& parent) {
            for (int row = 0; row < model->rowCount(parent); ++row) {
                for (int column = 0; column < model->columnCount(parent); ++column) {
                    const QModelIndex index = model->index(row, column, parent);
                    for (const int role :
                        { int(Qt::DisplayRole), int(Qt::EditRole), int(Qt::ToolTipRole), int(Qt::StatusTipRole),
                            int(Qt::WhatsThisRole), int(Qt::AccessibleTextRole), int(Qt::UserRole) })
                        texts->append(index.data(role).toString());
                    if (column == 0)
                        walk(index);
                }
            }
        };
        walk({});
        for (int column = 0; column < model->columnCount(); ++column)
            texts->append(model->headerData(column, Qt::Horizontal).toString());
    }
    for (const QAction* action : widget->actions())
        texts->append(action->text() + u' ' + action->toolTip() + u' ' + action->statusTip());
}

} // namespace

class TestPasswords : public QObject {
    Q_OBJECT
public:
    explicit TestPasswords(QString configDir)
        : m_configDir(std::move(configDir))
    {
    }

private Q_SLOTS:
    void initTestCase();
    void commandLineOutputs_data();
    void commandLineOutputs();
    void windowScreenshotAndSettings_data();
    void windowScreenshotAndSettings();
    void windowTextsExportsAndSavedFile_data();
    void windowTextsExportsAndSavedFile();

private:
    // The server's URL, or skips (fails under INTERLEAVE_REQUIRE_SERVERS) when there is none.
    QString urlOf(BackendSpec::Kind kind);
    void verifyNoPasswordInSettings();

    QString m_configDir; // XDG_CONFIG_HOME of this process and of every program it starts
    QByteArray m_password;
    QTemporaryDir m_dir;
};

void TestPasswords::initTestCase()
{
    qRegisterMetaType<interleave::RunResult>();
    QVERIFY(m_dir.isValid());
    m_password = qgetenv("PGPASSWORD");
    if (m_password.isEmpty()) {
        if (qEnvironmentVariableIsSet("INTERLEAVE_REQUIRE_SERVERS"))
            QFAIL("no test servers: PGPASSWORD is not set");
        QSKIP("no test servers: run `make test`, or start scripts/test-servers.sh and source its env.sh");
    }
    QCOMPARE(qgetenv("MYSQL_PWD"), m_password);
    // A password that could rightly appear in an output (the user's or the database's name, a word of a report)
    // would make every search below meaningless.
    QVERIFY2(m_password.startsWith("pw-leak-check-") && m_password.size() >= 30,
        "the test login needs the distinctive password scripts/test-servers.sh makes up");
}

QString TestPasswords::urlOf(BackendSpec::Kind kind)
{
    const QString url = serverUrl(kind);
    if (url.isEmpty()) {
        if (qEnvironmentVariableIsSet("INTERLEAVE_REQUIRE_SERVERS"))
            QTest::qFail("no test server", __FILE__, __LINE__);
        else
            QTest::qSkip("no test server: run `make test`", __FILE__, __LINE__);
    }
    return url;
}

void TestPasswords::verifyNoPasswordInSettings()
{
    QDirIterator files(m_configDir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        VERIFY_NO_PASSWORD(readFile(path), path);
    }
}

void TestPasswords::commandLineOutputs_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("outputs"); // files the run writes, by extension: "json png" etc.
    QTest::addColumn<int>("exitCode");
    addDatabaseColumn();
    for (const auto kind : { BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql }) {
        const QString db = BackendSpec::kindName(kind);
        auto row = [&](const char* name, const QStringList& options, const QString& outputs, int exitCode = 0) {
            QTest::newRow(qPrintable(QString::fromLatin1(name) + u"_on_"_s + db))
                << options << outputs << exitCode << int(kind);
        };
        row("json_report_trace_and_png", { u"--json"_s }, u"trace png"_s);
        row("text_report_and_svg", {}, u"svg"_s);
        row("text_report_and_pdf", {}, u"pdf"_s);
        row("trials_as_json", { u"--trials"_s, u"20"_s, u"--json"_s }, {});
        row("trials_as_text", { u"--trials"_s, u"20"_s }, {});
        row("explore_as_json_with_trace_and_pdf", { u"--explore"_s, u"--json"_s }, u"trace pdf"_s);
        row("explore_as_text_with_svg", { u"--explore"_s }, u"svg"_s);
        // The server refuses: no such database. The message names the server, never the password.
        row("refused_run", { u"--database-missing"_s }, {}, 2);
    }
}

void TestPasswords::commandLineOutputs()
{
    QFETCH(QStringList, options);
    QFETCH(QString, outputs);
    QFETCH(int, exitCode);
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    QString url = urlOf(kind);
    if (url.isEmpty())
        return;
    if (options.removeAll(u"--database-missing"_s) > 0)
        url = url.section(u'/', 0, -2) + u"/interleave_no_such_database"_s;
    const QString tag = QString::fromLatin1(QTest::currentDataTag());
    QStringList arguments { u"run"_s, u"example:race-unique"_s, u"--backend"_s, url };
    arguments += options;
    QStringList files;
    for (const QString& output : outputs.split(u' ', Qt::SkipEmptyParts)) {
        const QString path = m_dir.filePath(tag + u'.' + (output == u"trace"_s ? u"json"_s : output));
        QFile::remove(path);
        arguments << (output == u"trace"_s ? u"--trace-out"_s : u"--image-out"_s) << path;
        files.append(path);
    }
    const InterleaveRun run = runInterleave(arguments);
    QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
    QVERIFY2(run.exitCode == exitCode, qPrintable(u"exit %1; stderr: %2"_s.arg(run.exitCode).arg(run.err)));
    VERIFY_NO_PASSWORD(run.out.toUtf8(), u"stdout"_s);
    VERIFY_NO_PASSWORD(run.err.toUtf8(), u"stderr"_s);
    // The outputs do name the server, so a search that finds no password has looked where one would be.
    const QString server = u"127.0.0.1:"_s + QString::number(QUrl(url).port());
    // (The text report of --trials names only the server's kind and version, that of --explore not even that.)
    const bool json = options.contains(u"--json"_s);
    if (exitCode == 0 && (json || !options.contains(u"--explore"_s)))
        QVERIFY2(run.out.contains(BackendSpec::kindName(kind)), qPrintable(run.out.left(2000)));
    if (exitCode == 0 && (json || (!options.contains(u"--trials"_s) && !options.contains(u"--explore"_s))))
        QVERIFY2(run.out.contains(server), qPrintable(run.out.left(2000)));
    if (exitCode != 0)
        QVERIFY2(run.err.contains(server), qPrintable(run.err));
    for (const QString& path : std::as_const(files)) {
        const QByteArray bytes = readFile(path);
        QVERIFY2(!bytes.isEmpty(), qPrintable(path + u" was not written; stderr: "_s + run.err));
        VERIFY_NO_PASSWORD(bytes, path);
        if (path.endsWith(u".svg"_s))
            QVERIFY2(bytes.contains(server.toUtf8()), "the picture shows the server: the search looked at its text");
        if (path.endsWith(u".pdf"_s)) {
            QString problem;
            const QByteArray text = pdfText(path, &problem);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            VERIFY_NO_PASSWORD(text, path + u" (its text)"_s);
            QVERIFY2(text.contains(server.toUtf8()), text.left(2000).constData());
        }
    }
}

void TestPasswords::windowScreenshotAndSettings_data()
{
    addDatabaseColumn();
    QTest::newRow("postgresql") << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("mysql") << int(BackendSpec::Kind::Mysql);
}

void TestPasswords::windowScreenshotAndSettings()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    const QString url = urlOf(kind);
    if (url.isEmpty())
        return;
    // A scenario file, so that the window keeps it among its recent files: the settings are written.
    const QString scenario = m_dir.filePath(u"window-%1.interleave.json"_s.arg(BackendSpec::kindName(kind)));
    {
        ScenarioError error;
        auto race = Examples::load(u"race-unique"_s, &error);
        QVERIFY2(race, qPrintable(error.toString()));
        QFile file(scenario);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(race->toJson());
    }
    const QString shot = m_dir.filePath(u"window-%1.png"_s.arg(BackendSpec::kindName(kind)));
    const InterleaveRun run = runInterleave({ scenario, u"--backend"_s, url, u"--screenshot"_s, shot });
    QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
    QVERIFY2(run.exitCode == 0, qPrintable(u"exit %1; stderr: %2"_s.arg(run.exitCode).arg(run.err)));
    VERIFY_NO_PASSWORD(run.out.toUtf8(), u"stdout"_s);
    VERIFY_NO_PASSWORD(run.err.toUtf8(), u"stderr"_s);
    const QByteArray png = readFile(shot);
    QVERIFY2(png.startsWith("\x89PNG"), qPrintable(shot));
    VERIFY_NO_PASSWORD(png, shot);
    // The program wrote its settings where this test pointed it, and they hold no password.
    bool settings = false;
    QDirIterator files(m_configDir, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext())
        settings |= readFile(files.next()).contains(QFileInfo(scenario).fileName().toUtf8());
    QVERIFY2(settings, qPrintable(u"no settings file under "_s + m_configDir + u" names the scenario"_s));
    verifyNoPasswordInSettings();
}

void TestPasswords::windowTextsExportsAndSavedFile_data()
{
    windowScreenshotAndSettings_data();
}

void TestPasswords::windowTextsExportsAndSavedFile()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    const QString url = urlOf(kind);
    if (url.isEmpty())
        return;
    // The password is typed at the window's prompt, as by someone who started the app from the desktop.
    const QByteArray variable = passwordVariable(kind);
    qunsetenv(variable.constData());
    const auto restore = qScopeGuard([&] { qputenv(variable.constData(), m_password); });
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    int asked = 0;
    ScriptedPrompts::of(window).askPassword = [&](const QString&) -> std::optional<QString> {
        ++asked;
        return QString::fromUtf8(m_password);
    };
    const QString file = m_dir.filePath(u"typed-%1.interleave.json"_s.arg(BackendSpec::kindName(kind)));
    {
        ScenarioError error;
        auto race = Examples::load(u"race-unique"_s, &error);
        QVERIFY2(race, qPrintable(error.toString()));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(race->toJson());
    }
    QVERIFY(window.document()->loadFile(file));
    QString error;
    QVERIFY2(window.setDatabase(url, &error), qPrintable(error));
    auto runInWindow = [&] {
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.actions()->run()->trigger();
        [&] { QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000); }();
        return finished.size() == 1 && !window.isRunning();
    };
    auto verifyTexts = [&](const QString& after) {
        QStringList texts;
        for (const QWidget* widget : QApplication::allWidgets())
            collectTexts(widget, &texts);
        const QByteArray all = texts.join(u'\n').toUtf8();
        VERIFY_NO_PASSWORD(all, u"the window's texts after "_s + after);
        // The texts searched include the server's URL (the title, the status bar): the walk reads what is shown.
        QVERIFY2(all.contains(url.toUtf8()), qPrintable(after));
    };

    window.setScheduleMode(ScheduleSpec::Mode::Script);
    QVERIFY(runInWindow());
    QCOMPARE(asked, 1);
    QVERIFY2(window.resultPane()->result().ok(), qPrintable(window.resultPane()->result().error));
    QCOMPARE(window.resultPane()->result().backend.kind, BackendSpec::kindName(kind));
    verifyTexts(u"a scripted run"_s);
    if (QTest::currentTestFailed())
        return;
    const QString trace = m_dir.filePath(u"typed-%1-trace.json"_s.arg(BackendSpec::kindName(kind)));
    QVERIFY2(window.exportTraceTo(trace, &error), qPrintable(error));
    VERIFY_NO_PASSWORD(readFile(trace), trace);

    window.setScheduleMode(ScheduleSpec::Mode::Stress);
    window.stressMode()->panel()->trialsSpin()->setValue(20);
    QVERIFY(runInWindow());
    QVERIFY2(window.stressMode()->panel()->result().ok(), qPrintable(window.stressMode()->panel()->result().error));
    verifyTexts(u"a stress run"_s);
    if (QTest::currentTestFailed())
        return;

    window.setScheduleMode(ScheduleSpec::Mode::Explore);
    QVERIFY(runInWindow());
    QVERIFY2(window.exploreMode()->panel()->result().error.isEmpty(),
        qPrintable(window.exploreMode()->panel()->result().error));
    QVERIFY(window.exploreMode()->panel()->chooseClass(0));
    verifyTexts(u"an exploration"_s);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(asked, 1); // kept in memory for the session

    // Saved, the scenario holds the server (the user chose it) but not the password.
    const QString saved = m_dir.filePath(u"typed-%1-saved.interleave.json"_s.arg(BackendSpec::kindName(kind)));
    QVERIFY(window.document()->saveTo(saved));
    VERIFY_NO_PASSWORD(readFile(saved), saved);
    verifyNoPasswordInSettings();
}

int main(int argc, char* argv[])
{
    // The settings of this process and of every interleave it starts go to a directory of the test's own: searched
    // afterwards, and the user's own settings stay untouched.
    QTemporaryDir config;
    if (!config.isValid())
        qFatal("no temporary directory");
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"Interleave"_s);
    QApplication::setOrganizationName(u"Interleave"_s);
    QTEST_SET_MAIN_SOURCE_PATH
    TestPasswords test(config.path());
    return QTest::qExec(&test, argc, argv);
}

#include "tst_passwords.moc"
