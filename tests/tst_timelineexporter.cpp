// SPDX-License-Identifier: MIT
#include "examples.h"
#include "exportdialog.h"
#include "interleaveprocess.h"
#include "mainwindow.h"
#include "runner.h"
#include "scenariodocument.h"
#include "scriptedprompts.h"
#include "synthetictrace.h"
#include "timebounds.h"
#include "timelineexporter.h"
#include "timelineview.h"
#include "windowactions.h"
#include "zoomstack.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QProcess>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSet>
#include <QSpinBox>
#include <QStatusBar>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace interleave;

namespace {

// race-unique with the script that shows the race: both SELECTs see nothing, both INSERT, B's fails.
RunResult raceUniqueRun()
{
    ScenarioError error;
    auto scenario = Examples::loadReference(u"example:race-unique"_s, &error);
    if (!scenario)
        qFatal("race-unique: %s", qPrintable(error.toString()));
    scenario->schedule.mode = ScheduleSpec::Mode::Script;
    scenario->schedule.script = { u"A"_s, u"B"_s, u"A"_s, u"B"_s };
    Runner runner(*scenario);
    return runner.run();
}

// counter-lost-update as the example schedules it (A,B,A,B): a lost update, whose cycle the picture can draw.
RunResult counterLostUpdateRun()
{
    ScenarioError error;
    auto scenario = Examples::loadReference(u"example:counter-lost-update"_s, &error);
    if (!scenario)
        qFatal("counter-lost-update: %s", qPrintable(error.toString()));
    Runner runner(*scenario);
    return runner.run();
}

// An example as it ships (its own script), or with `script`.
RunResult exampleRun(const QString& example, const QString& script)
{
    ScenarioError error;
    auto scenario = Examples::load(example, &error);
    if (!scenario)
        qFatal("%s: %s", qPrintable(example), qPrintable(error.toString()));
    if (!script.isEmpty()) {
        scenario->schedule.mode = ScheduleSpec::Mode::Script;
        scenario->schedule.script = script.split(u',');
    }
    Runner runner(*scenario);
    return runner.run();
}

// How many of the points along `edge`'s curve (its ends and middle left out: the dot at its start, the arrowhead
// and the "rw" label) have a pixel of `colour` within three pixels: a dotted line hits most.
double curveCoverage(
    const QImage& image, const TimelineExporter& exporter, const TimelineLayout::CycleEdge& edge, const QColor& colour)
{
    const auto near = [&colour](QRgb pixel) {
        return std::abs(qRed(pixel) - colour.red()) <= 40 && std::abs(qGreen(pixel) - colour.green()) <= 40
            && std::abs(qBlue(pixel) - colour.blue()) <= 40;
    };
    int samples = 0;
    int hits = 0;
    for (double t = 0.15; t <= 0.86; t += 0.02) {
        if (std::abs(t - 0.5) < 0.12)
            continue;
        const double u = 1 - t;
        const QPointF p =
            u * u * u * edge.from + 3 * u * u * t * edge.control1 + 3 * u * t * t * edge.control2 + t * t * t * edge.to;
        const QPoint at = exporter.mapFromLayout(p).toPoint();
        ++samples;
        bool hit = false;
        for (int dy = -3; dy <= 3 && !hit; ++dy)
            for (int dx = -3; dx <= 3 && !hit; ++dx)
                hit = image.rect().contains(at + QPoint(dx, dy)) && near(image.pixel(at + QPoint(dx, dy)));
        hits += hit ? 1 : 0;
    }
    return samples > 0 ? double(hits) / samples : 0;
}

struct SvgSize {
    QString width;
    QString height;
    QString viewBox;
};

SvgSize svgSize(const QByteArray& svg)
{
    QXmlStreamReader reader(svg);
    while (reader.readNextStartElement()) {
        if (reader.name() == u"svg"_s) {
            const auto attributes = reader.attributes();
            return { attributes.value(u"width"_s).toString(), attributes.value(u"height"_s).toString(),
                attributes.value(u"viewBox"_s).toString() };
        }
    }
    return {};
}

int distinctColours(const QImage& image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

int pdfPages(const QByteArray& pdf)
{
    static const QRegularExpression page(u"/Type\\s*/Page(?![s\\w])"_s);
    return int(QString::fromLatin1(pdf).count(page));
}

// The first SELECT's box in the export's pixels, and a point inside it clear of its label (the words sit on the
// left and in the vertical middle; the box's lower right quarter is plain fill).
QPoint firstSelectSample(const TimelineExporter& exporter)
{
    const TimelineLayout& layout = exporter.timelineLayout();
    for (const auto& box : layout.boxes()) {
        if (box.role != Palette::Role::Select)
            continue;
        const QRectF rect(exporter.mapFromLayout(box.rect.topLeft()), exporter.mapFromLayout(box.rect.bottomRight()));
        return QPoint(qRound(rect.right() - rect.width() / 6), qRound(rect.bottom() - rect.height() / 6));
    }
    return { -1, -1 };
}

} // namespace

class TestTimelineExporter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_run = raceUniqueRun();
        QVERIFY2(m_run.ok(), qPrintable(m_run.error));
        QVERIFY(m_run.outcome.verdict().contains(u"no duplicate"_s));
    }

    void legendNamesTheDependencyKinds_data()
    {
        QTest::addColumn<bool>("cycle");
        QTest::addColumn<bool>("legend");
        QTest::newRow("a_drawn_cycle_names_its_kinds") << true << true;
        QTest::newRow("no_cycle_names_none") << false << true;
        QTest::newRow("no_legend_names_nothing") << true << false;
    }
    void legendNamesTheDependencyKinds()
    {
        QFETCH(bool, cycle);
        QFETCH(bool, legend);
        const RunResult run = counterLostUpdateRun();
        QVERIFY2(run.ok(), qPrintable(run.error));
        TimelineExporter::Options options;
        options.legend = legend;
        options.anomaly = cycle ? TimelineExporter::firstViolatingAnomaly(run.outcome) : -1;
        QVERIFY(!cycle || options.anomaly >= 0);
        TimelineExporter exporter(run, options);
        const QStringList texts = exporter.legendTexts();
        QCOMPARE(texts.contains(u"SELECT"_s), legend);
        // The kinds of the drawn cycle, and only those (a lost update: ww and rw, no wr, no predicate rw).
        QSet<QString> inCycle;
        if (cycle) {
            for (const Dependency& d : run.outcome.anomalies.at(options.anomaly).cycle)
                inCycle.insert(Dependency::kindName(d.kind) + u": "_s);
        }
        QVERIFY(!cycle || inCycle.contains(u"rw: "_s));
        for (const QString& kind : { u"ww: "_s, u"wr: "_s, u"rw: "_s, u"predicate rw: "_s }) {
            const bool named = std::any_of(
                texts.cbegin(), texts.cend(), [&kind](const QString& text) { return text.startsWith(kind); });
            QVERIFY2(named == (legend && inCycle.contains(kind)), qPrintable(kind + texts.join(u" | "_s)));
        }
        // And in the picture: the SVG's text.
        const QString path = m_dir.filePath(u"legend-%1-%2.svg"_s.arg(cycle).arg(legend));
        QString error;
        QVERIFY2(exporter.write(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().contains("read what the other then replaced"), cycle && legend);
    }

    // A handout's legend explains what is on it and nothing else.
    void legendListsOnlyWhatTheRunUses_data()
    {
        QTest::addColumn<QString>("example");
        QTest::addColumn<QString>("script"); // empty: the example's own
        QTest::addColumn<QStringList>("listed");
        QTest::addColumn<QStringList>("unlisted");
        QTest::newRow("race_unique_legend_has_no_write")
            << u"race-unique"_s << QString() << QStringList { u"SELECT"_s, u"INSERT"_s, u"error"_s, u"lock wait"_s }
            << QStringList { u"write (UPDATE, DELETE)"_s };
        QTest::newRow("counter_lost_update_legend_has_write")
            << u"counter-lost-update"_s << QString() << QStringList { u"SELECT"_s, u"write (UPDATE, DELETE)"_s }
            << QStringList { u"INSERT"_s, u"error"_s };
        QTest::newRow("no_wait_no_lock_wait_entry")
            << u"counter-lost-update"_s << QString() << QStringList { u"SELECT"_s } << QStringList { u"lock wait"_s };
    }
    void legendListsOnlyWhatTheRunUses()
    {
        QFETCH(QString, example);
        QFETCH(QString, script);
        QFETCH(QStringList, listed);
        QFETCH(QStringList, unlisted);
        const RunResult run = exampleRun(example, script);
        QVERIFY2(run.ok(), qPrintable(run.error));
        TimelineExporter exporter(run, TimelineExporter::Options());
        const QStringList texts = exporter.legendTexts();
        for (const QString& text : listed)
            QVERIFY2(texts.contains(text), qPrintable(text + u" not in "_s + texts.join(u" | "_s)));
        for (const QString& text : unlisted)
            QVERIFY2(!texts.contains(text), qPrintable(text + u" in "_s + texts.join(u" | "_s)));
    }

    // A handout 1000 px wide still says whom B's INSERT waited for.
    void handoutSaysWhoTheWaitWasFor()
    {
        const RunResult run = exampleRun(u"race-unique"_s, QString());
        QVERIFY2(run.ok(), qPrintable(run.error));
        TimelineExporter::Options options;
        options.width = 1000;
        TimelineExporter exporter(run, options);
        QVERIFY(!exporter.timelineLayout().waitBars().isEmpty());
        const QString path = m_dir.filePath(u"handout-1000.svg"_s);
        QString error;
        QVERIFY2(exporter.write(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString svg = QString::fromUtf8(file.readAll());
        // On one line, or on two in a bar one slot wide.
        QVERIFY2(svg.contains(u">waits for A"_s) || (svg.contains(u">waits<"_s) && svg.contains(u">for A<"_s)),
            "the wait's words are missing");
    }

    void rwArrowHasItsColour_data()
    {
        QTest::addColumn<QString>("theme");
        QTest::newRow("light") << u"light"_s;
        QTest::newRow("dark") << u"dark"_s;
        QTest::newRow("high_contrast") << u"high-contrast"_s;
    }
    void rwArrowHasItsColour()
    {
        QFETCH(QString, theme);
        const RunResult run = counterLostUpdateRun();
        QVERIFY2(run.ok(), qPrintable(run.error));
        TimelineExporter::Options options;
        options.theme = *TimelineExporter::themeFromName(theme);
        options.anomaly = TimelineExporter::firstViolatingAnomaly(run.outcome);
        QVERIFY(options.anomaly >= 0);
        TimelineExporter drawn(run, options);
        const QImage image = drawn.toImage();
        options.anomaly = -1;
        TimelineExporter plain(run, options);
        const QImage without = plain.toImage();
        QCOMPARE(plain.timelineRect(), drawn.timelineRect()); // only the legend below it grows

        const QColor rw = Palette(options.theme).color(Palette::Role::DependencyRW);
        const auto edges = drawn.timelineLayout().cycleEdges(drawn.options().anomaly);
        int rwEdges = 0;
        for (const auto& edge : edges) {
            if (edge.kind != Dependency::Kind::RW)
                continue;
            ++rwEdges;
            const double with = curveCoverage(image, drawn, edge, rw);
            const double none = curveCoverage(without, plain, edge, rw);
            QVERIFY2(with >= 0.8, qPrintable(u"rw colour on %1 of the curve"_s.arg(with)));
            QVERIFY2(none <= 0.1, qPrintable(u"rw colour on %1 of the curve without the cycle"_s.arg(none)));
        }
        QVERIFY(rwEdges > 0);
    }

    void formatByExtension_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("format"); // -1: refused
        QTest::newRow("png_lower_case") << u"race.png"_s << int(TimelineExporter::Format::Png);
        QTest::newRow("svg_upper_case") << u"/tmp/RACE.SVG"_s << int(TimelineExporter::Format::Svg);
        QTest::newRow("pdf_in_a_folder") << u"slides/race.pdf"_s << int(TimelineExporter::Format::Pdf);
        QTest::newRow("gif_is_refused") << u"race.gif"_s << -1;
        QTest::newRow("no_extension_is_refused") << u"race"_s << -1;
    }
    void formatByExtension()
    {
        QFETCH(QString, path);
        QFETCH(int, format);
        const auto found = TimelineExporter::formatOf(path);
        QCOMPARE(found ? int(*found) : -1, format);
    }

    void summaryNamesWhatRan()
    {
        const QString summary = TimelineExporter::summaryLine(m_run);
        QVERIFY2(summary.contains(u"table race"_s), qPrintable(summary));
        QVERIFY2(summary.contains(u"unique (user_id)"_s), qPrintable(summary));
        QVERIFY2(summary.contains(u"A, B: django_get_or_create"_s), qPrintable(summary));
        QVERIFY2(summary.contains(u"SQLite 3."_s), qPrintable(summary));
        QVERIFY2(summary.contains(u"script A,B,A,B"_s), qPrintable(summary));
    }

    void serverUrlWithoutPassword()
    {
        RunResult result = m_run;
        result.scenario.backend.kind = BackendSpec::Kind::Postgresql;
        result.scenario.backend.url = u"postgresql://alice@db.example:5432/shop?sslmode=require"_s;
        result.backend.version = u"PostgreSQL 16.2"_s;
        const QString text = TimelineExporter::databaseText(result);
        QCOMPARE(text, u"postgresql://alice@db.example:5432/shop?sslmode=require (PostgreSQL 16.2)"_s);
        // A URL that smuggles a password never gets past ServerUrl; the exporter then shows it redacted.
        result.scenario.backend.url = u"postgresql://alice:secret@db.example/shop"_s;
        QVERIFY(!TimelineExporter::databaseText(result).contains(u"secret"_s));
    }

    void png_data()
    {
        QTest::addColumn<int>("theme");
        QTest::addColumn<int>("dpi");
        QTest::newRow("light_at_96_dpi") << int(Palette::Theme::Light) << 96;
        QTest::newRow("dark_at_96_dpi") << int(Palette::Theme::Dark) << 96;
        QTest::newRow("high_contrast_at_192_dpi") << int(Palette::Theme::HighContrast) << 192;
    }
    void png()
    {
        QFETCH(int, theme);
        QFETCH(int, dpi);
        TimelineExporter::Options options;
        options.width = 1200;
        options.height = 640;
        options.dpi = dpi;
        options.theme = Palette::Theme(theme);
        TimelineExporter exporter(m_run, options);
        const QString path = m_dir.filePath(u"race-%1-%2.png"_s).arg(theme).arg(dpi);
        QString error;
        QVERIFY2(exporter.write(path, &error), qPrintable(error));
        QImage image(path);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1200 * dpi / 96, 640 * dpi / 96));
        QCOMPARE(image.dotsPerMeterX(), qRound(dpi / 0.0254));
        QVERIFY2(distinctColours(image) > 20, qPrintable(QString::number(distinctColours(image))));

        const Palette palette { Palette::Theme(theme) };
        QCOMPARE(QColor(image.pixel(4, 4)), palette.color(Palette::Role::Background));
        QCOMPARE(QColor(image.pixel(image.width() - 4, image.height() - 4)), palette.color(Palette::Role::Background));
        const QPoint select = firstSelectSample(exporter);
        QVERIFY(QRect(QPoint(0, 0), image.size()).contains(select));
        QCOMPARE(QColor(image.pixel(select)), palette.color(Palette::Role::Select));
        screenshot(image, u"race-unique-%1.png"_s.arg(TimelineExporter::themeKey(Palette::Theme(theme))));
    }

    void pngAutoHeightFitsEverything()
    {
        TimelineExporter::Options options;
        options.width = 1000;
        TimelineExporter exporter(m_run, options);
        const QImage image = exporter.toImage();
        QCOMPARE(image.width(), 1000);
        // Nothing clipped: the timeline ends above the legend and the verdict, inside the picture.
        QVERIFY(exporter.timelineRect().bottom() < image.height() - 60);
        QVERIFY(exporter.timelinePainter().naturalSize().height() <= exporter.timelineRect().height() + 1);
    }

    void svg_data()
    {
        QTest::addColumn<int>("theme");
        QTest::addColumn<int>("dpi");
        QTest::newRow("light_at_96_dpi") << int(Palette::Theme::Light) << 96;
        QTest::newRow("dark_at_144_dpi_is_the_same_drawing") << int(Palette::Theme::Dark) << 144;
    }
    void svg()
    {
        QFETCH(int, theme);
        QFETCH(int, dpi);
        TimelineExporter::Options options;
        options.width = 1280;
        options.height = 720;
        options.dpi = dpi;
        options.theme = Palette::Theme(theme);
        options.title = u"get_or_create with a unique constraint"_s;
        TimelineExporter exporter(m_run, options);
        const QString path = m_dir.filePath(u"race-%1.svg"_s.arg(dpi));
        QString error;
        QVERIFY2(exporter.write(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray svg = file.readAll();
        const SvgSize size = svgSize(svg);
        // A drawing: the viewBox is the logical size whatever the DPI, and QSvgGenerator gives the physical size in
        // millimetres at 96 DPI.
        const QSize pixels(1280, 720);
        QCOMPARE(size.viewBox, u"0 0 1280 720"_s);
        QVERIFY2(size.width.endsWith(u"mm"_s), qPrintable(size.width));
        QCOMPARE(qRound(size.width.chopped(2).toDouble()), qRound(1280 * 25.4 / 96));
        QCOMPARE(qRound(size.height.chopped(2).toDouble()), qRound(720 * 25.4 / 96));
        // Text is text, not outlines: the words can be found, edited and read by a screen reader.
        const QString text = QString::fromUtf8(svg);
        for (const QString& word :
            { u"INSERT"_s, u"SELECT"_s, u"IntegrityError"_s, options.title, m_run.outcome.verdict(), u"lock wait"_s })
            QVERIFY2(text.contains(word.toHtmlEscaped()), qPrintable(word));

        QSvgRenderer renderer(svg);
        QVERIFY(renderer.isValid());
        QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        renderer.render(&painter);
        painter.end();
        QVERIFY(distinctColours(image) > 20);
        const QPoint select = (QPointF(firstSelectSample(exporter)) / exporter.scale()).toPoint();
        const Palette palette { Palette::Theme(theme) };
        QCOMPARE(QColor(image.pixel(select)), palette.color(Palette::Role::Select));
        QCOMPARE(QColor(image.pixel(4, 4)), palette.color(Palette::Role::Background));
        screenshot(image, u"race-unique-svg-%1.png"_s.arg(TimelineExporter::themeKey(Palette::Theme(theme))));
    }

    void pdf()
    {
        TimelineExporter::Options options;
        options.width = 1280;
        options.height = 720;
        options.dpi = 300;
        options.theme = Palette::Theme::Dark;
        TimelineExporter exporter(m_run, options);
        const QString path = m_dir.filePath(u"race.pdf"_s);
        QString error;
        QVERIFY2(exporter.write(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray pdf = file.readAll();
        QVERIFY(pdf.startsWith("%PDF-"));
        QCOMPARE(pdfPages(pdf), 1);
        QVERIFY2(pdf.size() > 4000 && pdf.size() < 2'000'000, qPrintable(QString::number(pdf.size())));
        // Text is text (embedded font subsets that map back to characters), not outlines.
        QVERIFY(pdf.contains("/FontDescriptor"));
        QVERIFY(pdf.contains("/ToUnicode"));
        // The page is the picture's size: 1280 x 720 logical pixels are 960 x 540 points.
        static const QRegularExpression mediaBox(u"/MediaBox\\s*\\[\\s*0\\s+0\\s+([\\d.]+)\\s+([\\d.]+)"_s);
        const auto match = mediaBox.match(QString::fromLatin1(pdf));
        QVERIFY(match.hasMatch());
        QCOMPARE(qRound(match.captured(1).toDouble()), 960);
        QCOMPARE(qRound(match.captured(2).toDouble()), 540);
        if (qEnvironmentVariableIsSet("INTERLEAVE_SCREENSHOT_DIR"))
            QFile::copy(path, QDir(qEnvironmentVariable("INTERLEAVE_SCREENSHOT_DIR")).filePath(u"race-unique.pdf"_s));
    }

    void unwritableFolderIsAnError()
    {
        TimelineExporter exporter(m_run, {});
        for (const QString& name : { u"a.png"_s, u"a.svg"_s, u"a.pdf"_s }) {
            QString error;
            const QString path = m_dir.filePath(u"no/such/folder/"_s + name);
            QVERIFY(!exporter.write(path, &error));
            QVERIFY2(error.startsWith(path), qPrintable(error));
        }
        QString error;
        QVERIFY(!exporter.write(m_dir.filePath(u"a.gif"_s), &error));
        QVERIFY2(error.contains(u".png, .svg or .pdf"_s), qPrintable(error));
    }

    void visibleRangeFillsTheWidth()
    {
        TimelineExporter::Options options;
        options.width = 1200;
        options.range = TimelineExporter::Range::Visible;
        options.visibleFrom = 2;
        options.visibleTo = 6;
        TimelineExporter exporter(m_run, options);
        const TimelineLayout& layout = exporter.timelineLayout();
        // Slot 2 starts at the data area's left edge, and four slots take what is left of the result column.
        const QPointF left = exporter.mapFromLayout(QPointF(layout.slotLeft(2), 0));
        QCOMPARE(qRound(left.x()), qRound(exporter.timelineRect().left() + exporter.timelinePainter().headerWidth()));
        QVERIFY(layout.metrics().slotPitch() * 4 > 0.6 * exporter.timelineRect().width());
        screenshot(exporter.toImage(), u"race-unique-visible-2-6.png"_s);
    }

    void timeAxisFitsTheWidth()
    {
        TimelineExporter::Options options;
        options.width = 1400;
        options.axis = TimelineLayout::Axis::Time;
        TimelineExporter exporter(m_run, options);
        const TimelineLayout& layout = exporter.timelineLayout();
        QCOMPARE(layout.axis(), TimelineLayout::Axis::Time);
        // The run's last moment lands inside the timeline, left of the results.
        const double end = exporter.mapFromLayout(QPointF(layout.xOfTime(layout.endNs()), 0)).x();
        QVERIFY2(
            end <= exporter.timelineRect().right() - layout.metrics().badgeWidth, qPrintable(QString::number(end)));
        QVERIFY(end > exporter.timelineRect().center().x());
        const QImage image = exporter.toImage();
        QCOMPARE(image.width(), 1400);
        QVERIFY(distinctColours(image) > 20);
        screenshot(image, u"race-unique-time-axis.png"_s);
    }

    // A long run exports in bounded time and size: the level of detail draws each pixel column once per lane.
    void largeTraceIsBounded_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("png") << u"large.png"_s;
        QTest::newRow("svg") << u"large.svg"_s;
        QTest::newRow("pdf") << u"large.pdf"_s;
    }
    void largeTraceIsBounded()
    {
        QFETCH(QString, name);
        // bench_export measures the time at this size and at a million statements.
        constexpr int count = 100'000;
        static const RunResult run = testdata::syntheticRun(count);
        TimelineExporter::Options options;
        options.width = 1600;
        QElapsedTimer timer;
        timer.start();
        TimelineExporter exporter(run, options);
        const qint64 layoutMs = timer.elapsed();
        QString error;
        const QString path = m_dir.filePath(name);
        QVERIFY2(exporter.write(path, &error), qPrintable(error));
        const qint64 totalMs = timer.elapsed();
        const qint64 bytes = QFileInfo(path).size();
        qInfo("%s: %d statements, layout %lld ms, total %lld ms, %lld bytes, %d rectangles drawn", qPrintable(name),
            count, layoutMs, totalMs, bytes, exporter.timelinePainter().lod().rectCount());
        QVERIFY2(bytes < 3'000'000, qPrintable(QString::number(bytes)));
        QVERIFY(exporter.timelinePainter().lod().rectCount() < 4 * 1600 * 2);
        // The level of detail is proved by the rectangles above; the time only guards against a pathological slowdown
        // (work quadratic in the events), scaled for the build. The speed itself is bench_export's figure.
        QVERIFY2(totalMs < test::boundMs(20000), qPrintable(QString::number(totalMs)));
        if (name.endsWith(u".png"_s))
            screenshot(QImage(path), u"synthetic-100000.png"_s);
    }

    void commandLine_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("extra");
        QTest::newRow("svg_by_extension") << u"cli.svg"_s << QStringList();
        QTest::newRow("png_dark_900_wide")
            << u"cli.png"_s << QStringList { u"--image-width"_s, u"900"_s, u"--image-theme=dark"_s };
        QTest::newRow("pdf_high_contrast") << u"cli.pdf"_s << QStringList { u"--image-theme"_s, u"high-contrast"_s };
        QTest::newRow("explore_draws_the_first_class") << u"explore.svg"_s << QStringList { u"--explore"_s };
    }

    // --image-anomaly: the first violating anomaly's cycle by default, the Nth's, or none.
    void commandLineDrawsTheCycle_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<bool>("cycle");
        QTest::newRow("the_lost_update_by_default") << QStringList() << true;
        QTest::newRow("the_first_anomaly_by_number") << QStringList { u"--image-anomaly"_s, u"1"_s } << true;
        QTest::newRow("none_draws_no_cycle") << QStringList { u"--image-anomaly=none"_s } << false;
    }
    void commandLineDrawsTheCycle()
    {
        QFETCH(QStringList, extra);
        QFETCH(bool, cycle);
        const QString path = m_dir.filePath(u"cycle-%1.svg"_s.arg(QString::fromLatin1(QTest::currentDataTag())));
        const InterleaveRun run =
            runInterleave(QStringList { u"run"_s, u"example:counter-lost-update"_s, u"--image-out"_s, path } + extra,
                DisplayChoice::None);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QVERIFY2(QFileInfo::exists(path), qPrintable(run.err));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray svg = file.readAll();
        QCOMPARE(svg.contains("read what the other then replaced"), cycle);
        QVERIFY(svg.contains("wrote likes = 1"));
    }

    void commandLineRefusesAnAnomalyItDidNotFind()
    {
        const QString path = m_dir.filePath(u"nine.png"_s);
        const InterleaveRun run = runInterleave(
            { u"run"_s, u"example:counter-lost-update"_s, u"--image-out"_s, path, u"--image-anomaly"_s, u"9"_s },
            DisplayChoice::None);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(u"--image-anomaly 9: the run found"_s), qPrintable(run.err));
        QVERIFY(!QFileInfo::exists(path));
    }
    void commandLine()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, extra);
        const QString path = m_dir.filePath(name);
        QStringList arguments { u"run"_s, u"example:race-unique"_s, u"--image-out"_s, path };
        if (!extra.contains(u"--explore"_s))
            arguments << u"--schedule"_s << u"A,B,A,B"_s;
        const InterleaveRun run = runInterleave(arguments + extra, DisplayChoice::None);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QVERIFY2(run.exitCode == 0, qPrintable(u"exit %1; stderr: %2"_s.arg(run.exitCode).arg(run.err)));
        QVERIFY2(QFileInfo::exists(path), qPrintable(run.err));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray data = file.readAll();
        if (name.endsWith(u".svg"_s)) {
            QVERIFY(data.contains("INSERT"));
            QVERIFY(data.contains("get_or_create"));
        } else if (name.endsWith(u".png"_s)) {
            const QImage image = QImage::fromData(data);
            QCOMPARE(image.width(), 900);
            QCOMPARE(QColor(image.pixel(3, 3)), Palette(Palette::Theme::Dark).color(Palette::Role::Background));
        } else {
            QCOMPARE(pdfPages(data), 1);
        }
    }

    void commandLineRefuses_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad_extension") << QStringList { u"--image-out"_s, u"race.gif"_s } << u"--image-out"_s;
        QTest::newRow("no_value") << QStringList { u"--image-out"_s } << u"--image-out needs a value"_s;
        QTest::newRow("unknown_theme") << QStringList { u"--image-out"_s, u"r.png"_s, u"--image-theme"_s, u"sepia"_s }
                                       << u"--image-theme"_s;
        QTest::newRow("narrow_width") << QStringList { u"--image-out"_s, u"r.png"_s, u"--image-width"_s, u"10"_s }
                                      << u"--image-width"_s;
        QTest::newRow("width_without_image") << QStringList { u"--image-width"_s, u"800"_s } << u"--image-out"_s;
        QTest::newRow("anomaly_zero_is_no_number")
            << QStringList { u"--image-out"_s, u"r.png"_s, u"--image-anomaly"_s, u"0"_s } << u"--image-anomaly"_s;
        QTest::newRow("anomaly_without_image")
            << QStringList { u"--image-anomaly"_s, u"1"_s } << u"go with --image-out"_s;
        QTest::newRow("trials_are_many_runs")
            << QStringList { u"--image-out"_s, u"r.png"_s, u"--trials"_s, u"5"_s } << u"--trials"_s;
    }
    void commandLineRefuses()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const InterleaveRun run =
            runInterleave(QStringList { u"run"_s, u"example:race-unique"_s } + arguments, DisplayChoice::None);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QVERIFY(!QFileInfo::exists(u"r.png"_s));
    }

    void dialogStartsFromTheRun()
    {
        ExportDialog dialog(m_run);
        QCOMPARE(dialog.titleEdit()->text(), m_run.scenario.name);
        QVERIFY(dialog.fileName().endsWith(u".png"_s));
        QCOMPARE(dialog.formatCombo()->currentData().toInt(), int(TimelineExporter::Format::Png));
        // Without a window's view there is no visible part to offer.
        QVERIFY(!dialog.visibleRadio()->isEnabled());
        QVERIFY(dialog.wholeRadio()->isChecked());
        QCOMPARE(dialog.options().theme, Palette::Theme::Light);
        QVERIFY(!dialog.problemLabel()->isVisibleTo(&dialog));
        // No anomaly selected: nothing to draw.
        QVERIFY(!dialog.cycleCheck()->isEnabled());
        QCOMPARE(dialog.options().anomaly, -1);
    }

    // However the window's timeline is zoomed or scrolled, the slide shows the whole story unless asked otherwise.
    void dialogDefaultsToTheWholeRun_data()
    {
        QTest::addColumn<bool>("zoomed");
        QTest::addColumn<bool>("scrolled");
        QTest::newRow("zoomed_in_view") << true << false;
        QTest::newRow("scrolled_view") << false << true;
        QTest::newRow("zoomed_and_scrolled_view") << true << true;
    }

    void dialogDefaultsToTheWholeRun()
    {
        QFETCH(bool, zoomed);
        QFETCH(bool, scrolled);
        TimelineView view;
        view.resize(500, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setResult(m_run);
        if (zoomed) {
            view.zoomStack()->zoomIn();
            QVERIFY(view.zoomStack()->isZoomed());
        }
        if (scrolled)
            view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->maximum());
        QVERIFY(view.horizontalScrollBar()->maximum() > 0); // the window shows only a part
        ExportDialog dialog(m_run);
        dialog.setVisibleRange(view);
        QVERIFY(dialog.visibleRadio()->isEnabled()); // offered
        QVERIFY(dialog.wholeRadio()->isChecked());
        QVERIFY(!dialog.visibleRadio()->isChecked());
        QCOMPARE(dialog.options().range, TimelineExporter::Range::WholeRun);
        dialog.visibleRadio()->setChecked(true); // chosen by the user, it is what is exported
        QCOMPARE(dialog.options().range, TimelineExporter::Range::Visible);
    }

    // The window's selected finding: "Draw the selected anomaly's cycle" is on, and the export draws it.
    void dialogDrawsTheSelectedCycle()
    {
        const RunResult run = counterLostUpdateRun();
        QVERIFY2(run.ok(), qPrintable(run.error));
        const int anomaly = TimelineExporter::firstViolatingAnomaly(run.outcome);
        QVERIFY(anomaly >= 0);
        ExportDialog dialog(run);
        dialog.setAnomaly(anomaly);
        QVERIFY(dialog.cycleCheck()->isEnabled());
        QVERIFY(dialog.cycleCheck()->isChecked());
        QCOMPARE(dialog.options().anomaly, anomaly);
        dialog.cycleCheck()->setChecked(false);
        QCOMPARE(dialog.options().anomaly, -1);
        dialog.setAnomaly(-1);
        QVERIFY(!dialog.cycleCheck()->isEnabled());
        QCOMPARE(dialog.options().anomaly, -1);
    }

    void dialogNamesABadFile()
    {
        ExportDialog dialog(m_run);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.fileEdit()->selectAll();
        QTest::keyClicks(dialog.fileEdit(), m_dir.filePath(u"race.gif"_s));
        QVERIFY(dialog.problemLabel()->isVisible());
        QVERIFY2(dialog.problemLabel()->text().startsWith(u"File:"_s), qPrintable(dialog.problemLabel()->text()));
        // Export does nothing, the dialog stays with what was typed.
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QVERIFY(!QFileInfo::exists(m_dir.filePath(u"race.gif"_s)));
        // Choosing a format fixes the extension.
        dialog.formatCombo()->setCurrentIndex(dialog.formatCombo()->findData(int(TimelineExporter::Format::Svg)));
        Q_EMIT dialog.formatCombo()->activated(dialog.formatCombo()->currentIndex());
        QCOMPARE(dialog.fileName(), m_dir.filePath(u"race.svg"_s));
        QVERIFY(!dialog.problemLabel()->isVisible());
        // Typing an extension chooses the format.
        dialog.fileEdit()->selectAll();
        QTest::keyClicks(dialog.fileEdit(), m_dir.filePath(u"race.pdf"_s));
        QCOMPARE(dialog.formatCombo()->currentData().toInt(), int(TimelineExporter::Format::Pdf));
    }

    void dialogWritesWhatItPreviews()
    {
        ExportDialog dialog(m_run);
        dialog.resize(900, 700);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QString path = m_dir.filePath(u"dialog.png"_s);
        dialog.setFileName(path);
        dialog.themeCombo()->setCurrentIndex(dialog.themeCombo()->findData(int(Palette::Theme::HighContrast)));
        dialog.widthSpin()->setValue(1000);
        dialog.dpiSpin()->setValue(192);
        dialog.titleEdit()->selectAll();
        QTest::keyClicks(dialog.titleEdit(), u"Two requests, one row"_s);
        QTRY_VERIFY(!dialog.previewImage().isNull() && dialog.previewImage().width() == 1000);
        QVERIFY(!dialog.preview()->pixmap().isNull());
        QCOMPARE(QColor(dialog.previewImage().pixel(3, 3)),
            Palette(Palette::Theme::HighContrast).color(Palette::Role::Background));
        screenshotWidget(dialog, u"export-dialog.png"_s);
        QSignalSpy exported(&dialog, &ExportDialog::exported);
        QTest::keyClick(&dialog, Qt::Key_Return);
        QCOMPARE(exported.size(), 1);
        QVERIFY(!dialog.isVisible());
        const QImage image(path);
        QCOMPARE(image.width(), 2000);
        QCOMPARE(QColor(image.pixel(3, 3)), Palette(Palette::Theme::HighContrast).color(Palette::Role::Background));
    }

    void windowExportsWithCtrlE()
    {
        MainWindow window;
        window.resize(1900, 900); // beside the scenario dock, the timeline shows every statement of this run
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.document()->loadExample(u"race-unique"_s));
        QVERIFY(window.actions()->exportTimeline());
        QCOMPARE(window.actions()->exportTimeline()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
        QVERIFY(!window.actions()->exportTimeline()->isEnabled()); // nothing ran yet
        window.setScheduleMode(ScheduleSpec::Mode::Script);
        window.setScript(u"A,B,A,B"_s);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.actions()->run()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY(window.actions()->exportTimeline()->isEnabled());
        window.setTheme(Palette::Theme::Dark);
        QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::Key_E));
        ExportDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<ExportDialog*>()) && dialog->isVisible());
        QCOMPARE(dialog->titleEdit()->text(), window.document()->scenario().name);
        // The window shows the whole run, so the whole run is the default; the visible part is offered.
        QVERIFY(dialog->visibleRadio()->isEnabled());
        QVERIFY(dialog->wholeRadio()->isChecked());
        // The window's dark theme does not decide the picture's (no export here chooses dark).
        QVERIFY(dialog->options().theme != Palette::Theme::Dark);
        const Palette::Theme theme = dialog->options().theme;
        window.setTheme(Palette::Theme::Light);
        QCOMPARE(dialog->options().theme, theme);
        dialog->setFileName(m_dir.filePath(u"window.svg"_s));
        dialog->accept();
        QVERIFY(QFileInfo::exists(m_dir.filePath(u"window.svg"_s)));
        QVERIFY2(window.statusBar()->currentMessage().contains(u"window.svg"_s),
            qPrintable(window.statusBar()->currentMessage()));
    }

    void dialogRemembersTheLastExport()
    {
        QTemporaryDir folder;
        {
            ExportDialog first(m_run);
            first.setFileName(QDir(folder.path()).filePath(u"first.pdf"_s));
            first.themeCombo()->setCurrentIndex(first.themeCombo()->findData(int(Palette::Theme::HighContrast)));
            first.widthSpin()->setValue(1234);
            first.dpiSpin()->setValue(150);
            first.accept();
            QCOMPARE(first.result(), int(QDialog::Accepted));
        }
        ExportDialog next(m_run);
        QCOMPARE(next.options().theme, Palette::Theme::HighContrast);
        QCOMPARE(next.options().width, 1234);
        QCOMPARE(next.options().dpi, 150);
        QCOMPARE(QFileInfo(next.fileName()).absolutePath(), QFileInfo(folder.path()).absoluteFilePath());
        QVERIFY(next.fileName().endsWith(u".pdf"_s));
        QCOMPARE(next.titleEdit()->text(), m_run.scenario.name); // the title belongs to the run
    }

    void dialogAsksBeforeReplacing()
    {
        const QString path = m_dir.filePath(u"replace.png"_s);
        QFile existing(path);
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("not a picture");
        existing.close();
        ExportDialog dialog(m_run);
        QStringList asked;
        bool answer = false;
        interleave::test::ScriptedPrompts prompts;
        dialog.setPrompts(&prompts);
        prompts.confirmOverwrite = [&](const QString& p) {
            asked.append(p);
            return answer;
        };
        dialog.setFileName(path);
        dialog.show();
        dialog.accept();
        QCOMPARE(asked, QStringList { path });
        QVERIFY(dialog.isVisible()); // kept, to choose another name
        QVERIFY(QImage(path).isNull());
        answer = true;
        dialog.accept();
        QCOMPARE(asked.size(), 2);
        QVERIFY(!dialog.isVisible());
        QVERIFY(!QImage(path).isNull());
    }

private:
    static void screenshotWidget(QWidget& widget, const QString& name)
    {
        const QString dir = qEnvironmentVariable("INTERLEAVE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QCoreApplication::processEvents();
        widget.grab().save(QDir(dir).filePath(name));
    }

    static void screenshot(const QImage& image, const QString& name)
    {
        const QString dir = qEnvironmentVariable("INTERLEAVE_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            image.save(QDir(dir).filePath(name));
    }

    QTemporaryDir m_dir;
    RunResult m_run;
};

QTEST_MAIN(TestTimelineExporter)
#include "tst_timelineexporter.moc"
