// SPDX-License-Identifier: MIT
#include "matriximage.h"
#include "matrixpainter.h"
#include "matrixtestdata.h"

#include <QFile>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

// A pixel inside the chip away from its words and its corner: the chip's own fill.
QColor chipFill(const QImage& image, const MatrixPainter& painter, int row, int column)
{
    const QRectF chip = painter.cellRect(row, column);
    return image.pixelColor(QPoint(int(chip.left()) + 4, int(chip.bottom()) - 4));
}

// The top-right corner of a chip: a departure's mark, else the chip's fill.
QColor chipCorner(const QImage& image, const MatrixPainter& painter, int row, int column)
{
    const QRectF chip = painter.cellRect(row, column);
    return image.pixelColor(QPoint(int(chip.right()) - 3, int(chip.top()) + 3));
}

QImage render(const MatrixPainter& painter)
{
    QImage image(painter.size(), QImage::Format_ARGB32_Premultiplied);
    QPainter p(&image);
    painter.paint(p);
    p.end();
    return image;
}

} // namespace

// The isolation lab's matrix as a picture: MatrixPainter's layout and colours, MatrixImage's files.
class TestMatrixImage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_matrix = syntheticMatrix(false); }
    void sizeFollowsTheWidth_data();
    void sizeFollowsTheWidth();
    void chipsHaveTheirOutcomesColour_data();
    void chipsHaveTheirOutcomesColour();
    void departuresAreMarkedAndFootnoted();
    void noDepartureNoFootnote();
    void cellsAreWorded_data();
    void cellsAreWorded();
    void writesEachFormat_data();
    void writesEachFormat();
    void refusesAnUnknownSuffix();
    void anEmptyMatrixStillDraws();
    void picturesForPeople();

private:
    MatrixResult m_matrix;
};

void TestMatrixImage::sizeFollowsTheWidth_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("expected");
    QTest::newRow("a_1920_slide") << 1920 << 1920;
    QTest::newRow("a_1280_window") << 1280 << 1280;
    QTest::newRow("a_4k_screen") << 3840 << 3840;
    QTest::newRow("too_narrow_is_widened") << 100 << MatrixPainter::minWidth;
}

void TestMatrixImage::sizeFollowsTheWidth()
{
    QFETCH(int, width);
    QFETCH(int, expected);
    const QImage image = MatrixImage::toImage(m_matrix, width, Palette::Theme::Light);
    QCOMPARE(image.width(), expected);
    // Three rows, a header, a legend and one footnote: taller than wide would be wrong, and not a sliver either.
    QVERIFY2(image.height() > expected / 6 && image.height() < std::max(expected, 1000),
        qPrintable(QString::number(image.height())));
    // Each row's chips lie inside the picture, in order, left to right and top to bottom.
    MatrixPainter::Options options;
    options.width = width;
    const MatrixPainter painter(m_matrix, options);
    for (int r = 0; r < m_matrix.rows.size(); ++r)
        for (int c = 0; c < m_matrix.columns.size(); ++c) {
            const QRectF chip = painter.cellRect(r, c);
            QVERIFY(QRectF(QPointF(0, 0), QSizeF(painter.size())).contains(chip));
            if (c > 0)
                QVERIFY(chip.left() > painter.cellRect(r, c - 1).right());
            if (r > 0)
                QVERIFY(chip.top() > painter.cellRect(r - 1, c).bottom());
        }
    // A wider figure has larger text: its rows are taller.
    if (expected == 3840) {
        MatrixPainter::Options narrow;
        narrow.width = 1920;
        QVERIFY(painter.cellRect(0, 0).height() > MatrixPainter(m_matrix, narrow).cellRect(0, 0).height());
    }
}

void TestMatrixImage::chipsHaveTheirOutcomesColour_data()
{
    QTest::addColumn<Palette::Theme>("theme");
    QTest::newRow("light_theme") << Palette::Theme::Light;
    QTest::newRow("dark_theme") << Palette::Theme::Dark;
    QTest::newRow("high_contrast_theme") << Palette::Theme::HighContrast;
}

void TestMatrixImage::chipsHaveTheirOutcomesColour()
{
    QFETCH(Palette::Theme, theme);
    MatrixPainter::Options options;
    options.theme = theme;
    const MatrixPainter painter(m_matrix, options);
    const QImage image = render(painter);
    const Palette palette(theme);
    QCOMPARE(image.pixelColor(2, 2), palette.color(Palette::Role::Background));
    // Row 2: prevented on SQLite, occurred on PostgreSQL; row 0: a lock wait and an abort.
    QCOMPARE(chipFill(image, painter, 2, 0), palette.color(Palette::Role::CellPrevented));
    QCOMPARE(chipFill(image, painter, 2, 2), palette.color(Palette::Role::CellOccurred));
    QCOMPARE(chipFill(image, painter, 0, 1), palette.color(Palette::Role::CellBlocked));
    QCOMPARE(chipFill(image, painter, 0, 2), palette.color(Palette::Role::CellAborted));
    // Four outcomes, four colours that differ.
    const QList<Palette::Role> roles { Palette::Role::CellOccurred, Palette::Role::CellBlocked,
        Palette::Role::CellAborted, Palette::Role::CellPrevented };
    for (int i = 0; i < roles.size(); ++i)
        for (int j = i + 1; j < roles.size(); ++j)
            QVERIFY(palette.color(roles[i]) != palette.color(roles[j]));
}

void TestMatrixImage::departuresAreMarkedAndFootnoted()
{
    const MatrixPainter painter(m_matrix, {});
    const QImage image = render(painter);
    const Palette palette;
    // MariaDB repeatable read's lost update departs: its corner is marked, its neighbour's is not.
    QCOMPARE(chipCorner(image, painter, 0, 3), palette.color(Palette::Role::Departure));
    QCOMPARE(chipCorner(image, painter, 0, 2), palette.color(Palette::Role::CellAborted));
    QCOMPARE(painter.footnotes().size(), 1);
    const QString footnote = painter.footnotes().first();
    QVERIFY2(footnote.startsWith(u"MariaDB repeatable read, P4 lost update: documented occurred, ran prevented by "
                                 "abort (1020)."_s),
        qPrintable(footnote));
    QVERIFY(footnote.contains(u"innodb_snapshot_isolation=ON"_s));
    QVERIFY(painter.legendTexts().last().startsWith(u"departs from the documented behaviour"_s));
}

void TestMatrixImage::noDepartureNoFootnote()
{
    MatrixResult matrix = m_matrix;
    matrix.cells[0][3].documented = CellOutcome::PreventedByAbort;
    const MatrixPainter painter(matrix, {});
    QVERIFY(painter.footnotes().isEmpty());
    QVERIFY(!painter.legendTexts().join(u'\n').contains(u"departs"_s));
    QCOMPARE(chipCorner(render(painter), painter, 0, 3), Palette().color(Palette::Role::CellAborted));
    // A matrix without departures is shorter by its footnotes.
    QVERIFY(painter.size().height() < MatrixPainter(m_matrix, {}).size().height());
}

void TestMatrixImage::cellsAreWorded_data()
{
    QTest::addColumn<int>("outcome");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<QString>("expected");
    QTest::newRow("occurred_names_the_anomaly")
        << int(CellOutcome::Occurred) << u"G-single"_s << u"occurred · G-single"_s;
    QTest::newRow("abort_names_the_error") << int(CellOutcome::PreventedByAbort) << u"40001"_s << u"abort · 40001"_s;
    QTest::newRow("a_wait_blocks") << int(CellOutcome::PreventedByBlocking) << QString() << u"blocks"_s;
    QTest::newRow("a_snapshot_prevents") << int(CellOutcome::Prevented) << QString() << u"prevented"_s;
    QTest::newRow("cancelled_cell_did_not_run") << int(CellOutcome::NotRun) << QString() << u"not run"_s;
    QTest::newRow("failed_says_why") << int(CellOutcome::Failed) << u"server gone"_s << u"failed · server gone"_s;
}

void TestMatrixImage::cellsAreWorded()
{
    QFETCH(int, outcome);
    QFETCH(QString, detail);
    QFETCH(QString, expected);
    MatrixCell c;
    c.outcome = CellOutcome(outcome);
    c.detail = detail;
    QCOMPARE(MatrixPainter::cellText(c), expected);
}

void TestMatrixImage::writesEachFormat_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::newRow("png") << u"png"_s;
    QTest::newRow("svg") << u"svg"_s;
    QTest::newRow("pdf") << u"PDF"_s;
}

void TestMatrixImage::writesEachFormat()
{
    QFETCH(QString, suffix);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"matrix."_s + suffix);
    QString error;
    QVERIFY2(MatrixImage::write(m_matrix, path, 1920, Palette::Theme::Light, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    if (suffix == u"png"_s) {
        const QImage image = QImage::fromData(bytes, "PNG");
        QCOMPARE(image.width(), 1920);
        QCOMPARE(image.size(), MatrixPainter(m_matrix, {}).size());
        // The PNG is the picture: an occurred chip is red, a prevented one green.
        const MatrixPainter painter(m_matrix, {});
        QCOMPARE(chipFill(image, painter, 2, 3), Palette().color(Palette::Role::CellOccurred));
        QCOMPARE(chipFill(image, painter, 1, 0), Palette().color(Palette::Role::CellPrevented));
    } else if (suffix == u"svg"_s) {
        // A drawing whose text is text: every row's names, every database, the versions and the departure's mark.
        const QString svg = QString::fromUtf8(bytes);
        QVERIFY(svg.contains(u"viewBox=\"0 0 1920 "_s));
        for (const MatrixRow& r : m_matrix.rows) {
            QVERIFY2(svg.contains(r.anomaly.toHtmlEscaped()), qPrintable(r.anomaly));
            QVERIFY2(svg.contains(r.commonName), qPrintable(r.commonName));
        }
        for (const QString& text : { u"SQLite"_s, u"PostgreSQL"_s, u"MariaDB"_s, u"15.18"_s, u"11.8.3"_s,
                 u"immediate, WAL"_s, u"abort"_s, u"G2-item"_s, u"\u22601"_s, u"innodb_snapshot_isolation=ON"_s })
            QVERIFY2(svg.contains(text), qPrintable(text));
        QVERIFY(svg.contains(u"sans-serif"_s));
    } else {
        QVERIFY(bytes.startsWith("%PDF"));
        QVERIFY(bytes.size() > 2000);
    }
}

void TestMatrixImage::refusesAnUnknownSuffix()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"matrix.gif"_s);
    QString error;
    QVERIFY(!MatrixImage::write(m_matrix, path, 1920, Palette::Theme::Light, &error));
    QVERIFY2(error.startsWith(path) && error.contains(u".png, .svg or .pdf"_s), qPrintable(error));
    QVERIFY(!QFile::exists(path));
    QVERIFY(
        !MatrixImage::write(m_matrix, dir.filePath(u"no/such/folder/m.png"_s), 1920, Palette::Theme::Light, &error));
    QVERIFY2(error.contains(u"cannot write the PNG file"_s), qPrintable(error));
}

void TestMatrixImage::anEmptyMatrixStillDraws()
{
    const QImage image = MatrixImage::toImage(MatrixResult {}, 1280, Palette::Theme::Dark);
    QCOMPARE(image.width(), 1280);
    QVERIFY(image.height() > 0);
    QCOMPARE(image.pixelColor(2, 2), Palette(Palette::Theme::Dark).color(Palette::Role::Background));
}

// The full-size matrix as a slide, in each theme, into $INTERLEAVE_SCREENSHOT_DIR: for people to look at.
void TestMatrixImage::picturesForPeople()
{
    const MatrixResult matrix = fullSizeMatrix();
    QCOMPARE(matrix.cells.size(), matrix.rows.size());
    for (const auto& row : matrix.cells)
        QCOMPARE(row.size(), matrix.columns.size());
    const QImage image = MatrixImage::toImage(matrix, 1920, Palette::Theme::Light);
    // Twelve rows still fit a 1920×1080 slide.
    QVERIFY2(image.height() <= 1080, qPrintable(QString::number(image.height())));
    const QString dir = qEnvironmentVariable("INTERLEAVE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QString error;
    for (const auto& [theme, name] : { std::pair { Palette::Theme::Light, u"light"_s },
             std::pair { Palette::Theme::Dark, u"dark"_s }, std::pair { Palette::Theme::HighContrast, u"contrast"_s } })
        QVERIFY2(MatrixImage::write(matrix, dir + u"/matrix-full-%1.png"_s.arg(name), 1920, theme, &error),
            qPrintable(error));
    QVERIFY2(MatrixImage::write(matrix, dir + u"/matrix-full.svg"_s, 1920, Palette::Theme::Light, &error),
        qPrintable(error));
    QVERIFY2(MatrixImage::write(matrix, dir + u"/matrix-full-1280.png"_s, 1280, Palette::Theme::Light, &error),
        qPrintable(error));
}

QTEST_MAIN(TestMatrixImage)
#include "tst_matriximage.moc"
