// SPDX-License-Identifier: MIT
#include "statement.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;

// What a run keeps of what statements return (issue 13: nothing grows without bound).
class TestRowCollector : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void valuesAreCutAtTheirLimitWithTheirFullLength_data()
    {
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<bool>("cut");
        QTest::addColumn<QString>("marker");
        const qsizetype limit = RowCollector::valueBytes;
        QTest::newRow("short_text_stays") << QVariant(u"c53b8b"_s) << false << QString();
        QTest::newRow("ascii_text_at_the_limit_stays") << QVariant(QString(limit, u'x')) << false << QString();
        QTest::newRow("ascii_text_one_over_the_limit_is_cut")
            << QVariant(QString(limit + 1, u'x')) << true << u"… [65537 characters in all]"_s;
        // Three bytes of UTF-8 each: a third of the characters fit.
        QTest::newRow("cjk_text_is_cut_by_its_utf8_size")
            << QVariant(QString(limit / 3 + 1, QChar(0x4e2d))) << true << u"… [21846 characters in all]"_s;
        QTest::newRow("a_megabyte_of_text_is_cut")
            << QVariant(QString(1 << 20, u'y')) << true << u"… [1048576 characters in all]"_s;
        QTest::newRow("blob_at_the_limit_stays") << QVariant(QByteArray(limit, 'b')) << false << QString();
        QTest::newRow("blob_over_the_limit_becomes_a_marked_hex_prefix")
            << QVariant(QByteArray(limit + 10, '\x01')) << true << u"…' [65546 bytes in all]"_s;
        QTest::newRow("numbers_are_never_cut") << QVariant(qint64(1) << 62) << false << QString();
        QTest::newRow("null_stays_null") << QVariant() << false << QString();
    }

    void valuesAreCutAtTheirLimitWithTheirFullLength()
    {
        QFETCH(QVariant, value);
        QFETCH(bool, cut);
        QFETCH(QString, marker);
        const QVariant kept = RowCollector::capped(value);
        if (!cut) {
            QCOMPARE(kept, value);
            return;
        }
        const QString text = kept.toString();
        QVERIFY2(text.endsWith(marker), qPrintable(text.right(60)));
        QVERIFY(text.toUtf8().size() <= RowCollector::valueBytes + 64);
        if (value.typeId() == QMetaType::QString) // the kept part is the value's beginning
            QVERIFY(value.toString().startsWith(text.chopped(marker.size())));
        else
            QVERIFY(text.startsWith(u"x'0101"_s));
    }

    void aSurrogatePairIsNeverSplit()
    {
        // U+1F600 is two UTF-16 units and four bytes of UTF-8; the cut must fall between two pairs.
        QString text;
        for (int i = 0; i < RowCollector::valueBytes / 4 + 3; ++i)
            text += QString::fromUcs4(U"\U0001F600");
        const QString kept = RowCollector::capped(text).toString();
        const QString head = kept.left(kept.indexOf(u'…'));
        QVERIFY(!head.isEmpty());
        QVERIFY(!head.back().isHighSurrogate());
        QCOMPARE(head.size() % 2, 0);
        QVERIFY(head.toUtf8().size() <= RowCollector::valueBytes);
    }

    void aStatementKeepsItsFirstRowsAndCountsTheRest_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("valueSize");
        QTest::addColumn<int>("kept");
        QTest::newRow("few_rows_are_all_kept") << 10 << 8 << 10;
        QTest::newRow("rows_past_the_row_limit_are_counted") << 5000 << 8 << int(RowCollector::statementRows);
        // 64 KiB of text is 128 KiB in memory: a statement's 1 MiB takes 8 such rows (the 8th goes over and stops
        // the rest).
        QTest::newRow("large_values_stop_at_the_byte_limit") << 100 << int(RowCollector::valueBytes) << 8;
    }

    void aStatementKeepsItsFirstRowsAndCountsTheRest()
    {
        QFETCH(int, rows);
        QFETCH(int, valueSize);
        QFETCH(int, kept);
        StatementResult result;
        RowCollector collector(&result);
        for (int i = 0; i < rows; ++i)
            collector.add({ QVariant(i), QVariant(QString(valueSize, u'v')) });
        QCOMPARE(result.rows.size(), kept);
        QCOMPARE(result.rowCount(), qint64(rows));
        QCOMPARE(result.rowsDropped, qint64(rows - kept));
        QCOMPARE(result.rows.constFirst().constFirst().toInt(), 0); // the first rows, in order
        QCOMPARE(result.rows.constLast().constFirst().toInt(), kept - 1);
    }
};

QTEST_GUILESS_MAIN(TestRowCollector)
#include "tst_rowcollector.moc"
