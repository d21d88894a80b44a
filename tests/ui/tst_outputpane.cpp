#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>
#include <QTextDocument>

#include "providers/streamevent.h"
#include "run/outputpane.h"

using namespace Qt::StringLiterals;
using Crucible::OutputPane;

class TestOutputPane : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void batchesDeltas_data();
    void batchesDeltas();
    void flushInsertsPendingAtOnce();
    void longParagraphsFlushLessOften();
    void resetClearsViewAndPending();
    void simulatedBadge_data();
    void simulatedBadge();
    void errorIsShownAsData();
};

void TestOutputPane::batchesDeltas_data()
{
    QTest::addColumn<int>("deltas");
    QTest::addColumn<QString>("pattern");
    QTest::newRow("1000 words") << 1000 << u"tok%1 "_s;
    QTest::newRow("1000 single chars") << 1000 << u"x"_s;
    QTest::newRow("unicode and newlines") << 1000 << u"ü→%1\n"_s;
}

void TestOutputPane::batchesDeltas()
{
    QFETCH(int, deltas);
    QFETCH(QString, pattern);
    OutputPane pane;
    QSignalSpy changes(pane.view()->document(), &QTextDocument::contentsChange);

    QString expected;
    for (int i = 0; i < deltas; ++i) {
        const QString chunk = pattern.contains(u"%1"_s) ? pattern.arg(i) : pattern;
        expected += chunk;
        pane.appendDelta(chunk);
    }
    QCOMPARE(changes.count(), 0); // nothing reaches the document per token
    QVERIFY(pane.hasPending());

    QTRY_COMPARE(pane.text(), expected); // the 30 ms timer moves it in one edit
    QVERIFY(!pane.hasPending());
    QVERIFY2(changes.count() <= 3, qPrintable(u"%1 document changes"_s.arg(changes.count())));
}

void TestOutputPane::longParagraphsFlushLessOften()
{
    // 30 ms up to 2000 characters in the last paragraph, then in proportion, capped at 150 ms.
    QCOMPARE(OutputPane::flushIntervalFor(0), 30);
    QCOMPARE(OutputPane::flushIntervalFor(2000), 30);
    QCOMPARE(OutputPane::flushIntervalFor(4000), 60);
    QCOMPARE(OutputPane::flushIntervalFor(7000), 105);
    QCOMPARE(OutputPane::flushIntervalFor(10000), 150);
    QCOMPARE(OutputPane::flushIntervalFor(1000000), 150);

    OutputPane pane;
    pane.appendDelta(QString(6000, u'a')); // one paragraph of 6000 characters
    pane.flush();
    pane.appendDelta(u"b"_s);
    QCOMPARE(pane.flushIntervalMs(), 90); // 6001 characters in the last paragraph
    QTRY_VERIFY(!pane.hasPending());
    pane.appendDelta(u"\nshort"_s); // a new paragraph starts: back to 30 ms once it is in
    pane.flush();
    pane.appendDelta(u"c"_s);
    QCOMPARE(pane.flushIntervalMs(), 30);
    QTRY_VERIFY(!pane.hasPending());
    QCOMPARE(pane.text(), QString(6000, u'a') + u"b\nshortc"_s);
}

void TestOutputPane::flushInsertsPendingAtOnce()
{
    OutputPane pane;
    pane.appendDelta(u"Hello, "_s);
    pane.appendDelta(u"world"_s);
    pane.appendDelta(QString());
    QCOMPARE(pane.text(), QString());
    pane.flush();
    QCOMPARE(pane.text(), u"Hello, world"_s);
    pane.appendDelta(u"!"_s);
    pane.flush();
    QCOMPARE(pane.text(), u"Hello, world!"_s);
}

void TestOutputPane::resetClearsViewAndPending()
{
    OutputPane pane;
    pane.appendDelta(u"old"_s);
    pane.flush();
    pane.appendDelta(u"pending"_s);
    pane.reset(false);
    QCOMPARE(pane.text(), QString());
    QVERIFY(!pane.hasPending());
    QTest::qWait(2 * OutputPane::FlushIntervalMs); // a stale timer must not bring text back
    QCOMPARE(pane.text(), QString());
}

void TestOutputPane::simulatedBadge_data()
{
    QTest::addColumn<bool>("simulated");
    QTest::newRow("simulator") << true;
    QTest::newRow("http provider") << false;
}

void TestOutputPane::simulatedBadge()
{
    QFETCH(bool, simulated);
    OutputPane pane;
    pane.reset(simulated);
    QCOMPARE(pane.isSimulatedBadgeVisible(), simulated);
    pane.setSimulated(!simulated);
    QCOMPARE(pane.isSimulatedBadgeVisible(), !simulated);
}

void TestOutputPane::errorIsShownAsData()
{
    OutputPane pane;
    pane.appendDelta(u"partial"_s);
    Crucible::ProviderError error;
    error.errorClass = Crucible::ErrorClass::RateLimit;
    error.httpStatus = 429;
    error.message = u"Too many requests"_s;
    error.retryAfterSeconds = 20;
    pane.showError(error);
    QCOMPARE(pane.text(), u"partial"_s); // pending text flushed first

    const QString shown = Crucible::describeError(error);
    QVERIFY2(shown.contains(u"rate-limit"_s), qPrintable(shown));
    QVERIFY(shown.contains(u"429"_s));
    QVERIFY(shown.contains(u"Too many requests"_s));
    auto *line = pane.findChild<QWidget *>(u"errorLine"_s);
    QVERIFY(line);
    QVERIFY(line->isVisibleTo(&pane));
}

QTEST_MAIN(TestOutputPane)
#include "tst_outputpane.moc"
