// SPDX-License-Identifier: MIT
#include "descriptionlabel.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace interleave;

namespace {

const QString longStory =
    u"The same two requests as before, but now user_id is declared unique=True, so the database has "
    "a UNIQUE index on it. Both SELECTs still find nothing and both requests still try to INSERT. "
    "A inserts first, so B's INSERT waits for A. When A commits, B's INSERT fails with an "
    "IntegrityError, Django rolls back and runs the SELECT again, which now finds A's row."_s;

int linesShown(const QLabel& label)
{
    const int height =
        label.heightForWidth(label.width()) - label.contentsMargins().top() - label.contentsMargins().bottom();
    return qRound(double(height) / label.fontMetrics().lineSpacing());
}

} // namespace

class TestDescriptionLabel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void foldsToItsLines_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("maxLines");
        QTest::addColumn<bool>("elided");
        QTest::newRow("a_short_description_is_shown_whole") << u"Two requests race."_s << 600 << 2 << false;
        QTest::newRow("a_long_description_folds_to_two_lines") << longStory << 600 << 2 << true;
        QTest::newRow("a_narrow_label_folds_to_three_lines") << longStory << 300 << 3 << true;
        QTest::newRow("a_wide_label_shows_the_whole_story") << longStory << 4000 << 2 << false;
    }
    void foldsToItsLines()
    {
        QFETCH(QString, text);
        QFETCH(int, width);
        QFETCH(int, maxLines);
        QFETCH(bool, elided);
        DescriptionLabel label;
        label.setMaximumLines(maxLines);
        label.resize(width, 100);
        label.setDescription(text);
        QCOMPARE(label.description(), text);
        QCOMPARE(label.isElided(), elided);
        QVERIFY2(linesShown(label) <= maxLines, qPrintable(u"%1 lines: %2"_s.arg(linesShown(label)).arg(label.text())));
        if (elided) {
            QVERIFY(label.text().endsWith(u" … more"_s));
            QVERIFY(text.startsWith(label.text().chopped(7)));
            QVERIFY(!label.toolTip().isEmpty());
        } else {
            QCOMPARE(label.text(), text);
        }
    }

    void aClickUnfoldsAndFolds()
    {
        DescriptionLabel label;
        label.resize(500, 100);
        label.setDescription(longStory);
        QVERIFY(label.isElided());
        QTest::mouseClick(&label, Qt::LeftButton);
        QVERIFY(!label.isFolded());
        QCOMPARE(label.text(), longStory);
        QTest::mouseClick(&label, Qt::LeftButton);
        QVERIFY(label.isFolded());
        QVERIFY(label.isElided());
        // A new description starts folded again.
        QTest::mouseClick(&label, Qt::LeftButton);
        label.setDescription(longStory + u" Again."_s);
        QVERIFY(label.isFolded());
    }

    void aWiderLabelShowsMore()
    {
        DescriptionLabel label;
        label.resize(400, 100);
        label.setDescription(longStory);
        label.show();
        QVERIFY(QTest::qWaitForWindowExposed(&label));
        const qsizetype narrow = label.text().size();
        label.resize(700, 100);
        QVERIFY(label.text().size() > narrow);
    }
};

QTEST_MAIN(TestDescriptionLabel)
#include "tst_descriptionlabel.moc"
