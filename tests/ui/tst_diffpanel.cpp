#include <QComboBox>
#include <QPalette>
#include <QTest>
#include <QTextBrowser>

#include "compare/diffpanel.h"
#include "uitestkit.h"

using namespace Qt::StringLiterals;
using Crucible::DiffPanel;
using Crucible::DiffSegment;

class TestDiffPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsToFirstTwoColumns();
    void removedAndInsertedMarkup();
    void similarityLine();
    void pairFollowsTitles();
    void escapesHtmlAndNewlines();
    void darkPaletteColours();
    void noColumns();
    void screenshot_data();
    void screenshot();
};

void TestDiffPanel::defaultsToFirstTwoColumns()
{
    DiffPanel panel;
    panel.setTexts({u"A"_s, u"B"_s, u"C"_s}, {u"one"_s, u"two"_s, u"three"_s});
    QCOMPARE(panel.left(), 0);
    QCOMPARE(panel.right(), 1);
    panel.setTexts({u"A"_s}, {u"one"_s}); // a single column: both sides on it
    QCOMPARE(panel.left(), 0);
    QCOMPARE(panel.right(), 0);
}

void TestDiffPanel::removedAndInsertedMarkup()
{
    DiffPanel panel;
    panel.setTexts({u"A"_s, u"B"_s}, {u"the quick brown fox"_s, u"the slow brown fox"_s});
    const QString html = panel.html();
    const int removed = int(html.indexOf(u"<span class=\"removed\""_s));
    const int inserted = int(html.indexOf(u"<span class=\"inserted\""_s));
    QVERIFY2(removed >= 0 && inserted > removed, qPrintable(html));
    // The removed word in a struck-through span, the inserted one in its own span, equal text plain.
    const QString removedSpan = html.mid(removed, html.indexOf(u"</span>"_s, removed) - removed);
    QVERIFY(removedSpan.contains(u"line-through"_s));
    QVERIFY(removedSpan.endsWith(u">quick"_s));
    const QString insertedSpan = html.mid(inserted, html.indexOf(u"</span>"_s, inserted) - inserted);
    QVERIFY(!insertedSpan.contains(u"line-through"_s));
    QVERIFY(insertedSpan.endsWith(u">slow"_s));
    QCOMPARE(html.count(u"<span"_s), 2);
    QVERIFY(html.contains(u">the "_s));
    QVERIFY(html.contains(u"</span> brown fox"_s));
    // The browser shows it.
    QVERIFY(panel.findChild<QTextBrowser *>()->toPlainText().contains(u"quickslow brown fox"_s));

    // Swapping the pair swaps the roles.
    panel.setPair(1, 0);
    QVERIFY(panel.html().contains(u"line-through;\">slow</span>"_s));
    QVERIFY(panel.html().contains(u"\">quick</span>"_s));
}

void TestDiffPanel::similarityLine()
{
    DiffPanel panel;
    // after = "the slow brown fox": 3 of its 4 words are equal → 75 %; 1 word out, 1 in.
    panel.setTexts({u"A"_s, u"B"_s}, {u"the quick brown fox"_s, u"the slow brown fox"_s});
    QCOMPARE(panel.summaryText(), u"75 % of words equal · 1 removed · 1 inserted"_s);
    // after = "a b c d e f g h" vs before "a b c d": 4 of 8 equal, 4 inserted, none removed.
    panel.setTexts({u"A"_s, u"B"_s}, {u"a b c d"_s, u"a b c d e f g h"_s});
    QCOMPARE(panel.summaryText(), u"50 % of words equal · 0 removed · 4 inserted"_s);
    panel.setTexts({u"A"_s, u"B"_s}, {u"same text"_s, u"same text"_s});
    QCOMPARE(panel.summaryText(), u"100 % of words equal · 0 removed · 0 inserted"_s);
    QVERIFY(!panel.html().contains(u"<span"_s));
    panel.setPair(0, 0);
    QCOMPARE(panel.summaryText(), u"Same column on both sides"_s);
}

void TestDiffPanel::pairFollowsTitles()
{
    DiffPanel panel;
    panel.setTexts({u"A"_s, u"B"_s, u"C"_s}, {u"x"_s, u"y"_s, u"z"_s});
    panel.setPair(2, 0); // C vs A
    // Live update with the same columns: the choice stays.
    panel.setTexts({u"A"_s, u"B"_s, u"C"_s}, {u"x1"_s, u"y1"_s, u"z1"_s});
    QCOMPARE(panel.left(), 2);
    QCOMPARE(panel.right(), 0);
    // B removed: C moved to index 1, the pair follows it by title.
    panel.setTexts({u"A"_s, u"C"_s}, {u"x1"_s, u"z1"_s});
    QCOMPARE(panel.left(), 1);
    QCOMPARE(panel.right(), 0);
    QCOMPARE(panel.findChild<QComboBox *>(u"diffLeft"_s)->currentText(), u"C"_s);
    // Choosing in the combo re-renders.
    panel.findChild<QComboBox *>(u"diffRight"_s)->setCurrentIndex(1);
    QCOMPARE(panel.right(), 1);
    QCOMPARE(panel.summaryText(), u"Same column on both sides"_s);
}

void TestDiffPanel::escapesHtmlAndNewlines()
{
    DiffPanel panel;
    panel.setTexts({u"A"_s, u"B"_s}, {u"<b>x</b>\nend"_s, u"<b>y</b>\nend"_s});
    const QString html = panel.html();
    QVERIFY(!html.contains(u"<b>"_s));
    QVERIFY(html.contains(u"&lt;b&gt;"_s));
    QVERIFY(html.contains(u"<br/>end"_s));
}

void TestDiffPanel::darkPaletteColours()
{
    const QList<DiffSegment> segments{{DiffSegment::Op::Removed, u"old"_s}, {DiffSegment::Op::Inserted, u"new"_s}};
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    dark.setColor(QPalette::Text, QColor(230, 230, 230));
    const QString lightHtml = DiffPanel::renderHtml(segments, light);
    const QString darkHtml = DiffPanel::renderHtml(segments, dark);
    QVERIFY(lightHtml.contains(u"#ffd6d3"_s)); // light red behind removed words
    QVERIFY(lightHtml.contains(u"#c9f2d3"_s)); // light green behind inserted words
    QVERIFY(darkHtml.contains(u"#6b2a2f"_s));  // deep red / green on dark bases
    QVERIFY(darkHtml.contains(u"#1f5530"_s));
    QVERIFY(darkHtml.contains(u"color: #e6e6e6"_s)); // equal text in the palette's text colour
}

void TestDiffPanel::noColumns()
{
    DiffPanel panel;
    QCOMPARE(panel.left(), -1);
    QCOMPARE(panel.html(), QString());
    QCOMPARE(panel.summaryText(), u"No columns to compare"_s);
    panel.setTexts({u"A"_s, u"B"_s}, {QString(), QString()});
    QCOMPARE(panel.summaryText(), u"No answers yet"_s);
}

void TestDiffPanel::screenshot_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestDiffPanel::screenshot()
{
    const QString dir = qEnvironmentVariable("CRUCIBLE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set CRUCIBLE_SCREENSHOT_DIR to write a screenshot");
    QFETCH(bool, dark);
    DiffPanel panel;
    if (dark)
        panel.setPalette(Crucible::Test::darkTestPalette());
    panel.setTexts({u"sim · sim-fast"_s, u"sim · sim-slow"_s},
                   {u"The capital of France is Paris. It has about 2.1 million inhabitants and lies on the Seine.\n"
                    "Famous sights: the Eiffel Tower, the Louvre."_s,
                    u"The capital of France is Paris; it has roughly 2.1 million residents and sits on the river Seine.\n"
                    "Famous sights: the Eiffel Tower, Notre-Dame and the Louvre."_s});
    panel.resize(760, 240);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.grab().save(dir + (dark ? u"/crucible_diff_dark.png"_s : u"/crucible_diff_light.png"_s)));
}

QTEST_MAIN(TestDiffPanel)
#include "tst_diffpanel.moc"
