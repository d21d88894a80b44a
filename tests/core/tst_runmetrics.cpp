#include <QTest>

#include "engine/runmetrics.h"
#include "engine/runoutcome.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {
constexpr qint64 Ms = 1000000;
constexpr qint64 Sent = 5000 * Ms; // arbitrary monotonic origin
}

class TestRunMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ttft()
    {
        RunMetrics m;
        QVERIFY(!m.ttftMs());
        m.sentNs = Sent;
        QVERIFY(!m.ttftMs());
        m.firstTextNs = Sent + 250 * Ms + Ms / 2;
        QCOMPARE(*m.ttftMs(), 250.5);
        QVERIFY(!m.timeToFirstReasoningMs());
        m.firstReasoningNs = Sent + 100 * Ms;
        QCOMPARE(*m.timeToFirstReasoningMs(), 100.0);
    }

    void elapsed()
    {
        RunMetrics m;
        QCOMPARE(m.elapsedMs(Sent), 0.0);
        m.sentNs = Sent;
        QCOMPARE(m.elapsedMs(Sent + 40 * Ms), 40.0); // running: until now
        m.endNs = Sent + 900 * Ms;
        QCOMPARE(m.elapsedMs(Sent + 5000 * Ms), 900.0); // over: until the end
    }

    void tokensPerSecond_data()
    {
        QTest::addColumn<qint64>("firstText");
        QTest::addColumn<qint64>("firstReasoning");
        QTest::addColumn<qint64>("last");
        QTest::addColumn<int>("deltas");
        QTest::addColumn<qint64>("reported"); // -1: not reported
        QTest::addColumn<double>("expected"); // -1: nullopt
        QTest::addColumn<bool>("estimated");
        // 21 reported tokens between t=1 s and t=3 s: 20 intervals / 2 s = 10/s
        QTest::newRow("reported") << 1000 * Ms << qint64(0) << 3000 * Ms << 7 << qint64(21) << 10.0 << false;
        // 5 deltas, no usage: 4 / 2 s = 2/s (estimate)
        QTest::newRow("estimated") << 1000 * Ms << qint64(0) << 3000 * Ms << 5 << qint64(-1) << 2.0 << true;
        // reasoning first: the window starts at the first reasoning token
        QTest::newRow("reasoning first") << 2000 * Ms << 1000 * Ms << 3000 * Ms << 3 << qint64(11) << 5.0 << false;
        QTest::newRow("one token") << 1000 * Ms << qint64(0) << 1000 * Ms << 1 << qint64(1) << -1.0 << false;
        QTest::newRow("no duration") << 1000 * Ms << qint64(0) << 1000 * Ms << 3 << qint64(-1) << -1.0 << true;
        QTest::newRow("nothing yet") << qint64(0) << qint64(0) << qint64(0) << 0 << qint64(-1) << -1.0 << true;
    }
    void tokensPerSecond()
    {
        QFETCH(qint64, firstText);
        QFETCH(qint64, firstReasoning);
        QFETCH(qint64, last);
        QFETCH(int, deltas);
        QFETCH(qint64, reported);
        QFETCH(double, expected);
        QFETCH(bool, estimated);
        RunMetrics m;
        m.sentNs = 1;
        m.firstTextNs = firstText;
        m.firstReasoningNs = firstReasoning;
        m.lastTokenNs = last;
        m.textDeltas = deltas;
        if (reported >= 0)
            m.usage.outputTokens = reported;
        const auto rate = m.outputTokensPerSecond(last + 10 * Ms);
        if (expected < 0)
            QVERIFY(!rate);
        else
            QCOMPARE(*rate, expected);
        QCOMPARE(m.isTokenRateEstimated(), estimated);
    }

    void running()
    {
        RunMetrics m;
        QVERIFY(!m.isRunning());
        for (auto phase : {RunMetrics::Phase::Connecting, RunMetrics::Phase::Waiting, RunMetrics::Phase::Streaming}) {
            m.phase = phase;
            QVERIFY(m.isRunning());
        }
        m.phase = RunMetrics::Phase::Done;
        QVERIFY(!m.isRunning());
    }

    void names()
    {
        QCOMPARE(phaseName(RunMetrics::Phase::Idle), u"idle"_s);
        QCOMPARE(phaseName(RunMetrics::Phase::Connecting), u"connecting"_s);
        QCOMPARE(phaseName(RunMetrics::Phase::Waiting), u"waiting"_s);
        QCOMPARE(phaseName(RunMetrics::Phase::Streaming), u"streaming"_s);
        QCOMPARE(phaseName(RunMetrics::Phase::Done), u"done"_s);
        QCOMPARE(phaseName(RunMetrics::Phase::Truncated), u"truncated"_s);
        QCOMPARE(phaseName(RunMetrics::Phase::Error), u"error"_s);
        QCOMPARE(phaseName(RunMetrics::Phase::Cancelled), u"cancelled"_s);
        QCOMPARE(statusName(RunOutcome::Status::Ok), u"ok"_s);
        QCOMPARE(statusName(RunOutcome::Status::Truncated), u"truncated"_s);
        QCOMPARE(statusName(RunOutcome::Status::Error), u"error"_s);
        QCOMPARE(statusName(RunOutcome::Status::Cancelled), u"cancelled"_s);
    }
};

QTEST_GUILESS_MAIN(TestRunMetrics)
#include "tst_runmetrics.moc"
