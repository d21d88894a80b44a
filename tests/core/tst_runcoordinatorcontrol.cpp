// RunCoordinator: cancellation and the budget cap (tst_runcoordinator.cpp: retries and limits).

#include <QSignalSpy>
#include <QTest>

#include "engine/runcoordinator.h"
#include "pricing/pricetable.h"
#include "providers/providerregistry.h"
#include "transport/httptransport.h"
#include "tst_runcoordinatorkit.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using namespace Crucible::Test;

namespace {

FakeProviderServer::Response slowOk(int headerDelayMs)
{
    FakeProviderServer::Response r = okResponse();
    r.headerDelay = std::chrono::milliseconds(headerDelayMs);
    return r;
}

} // namespace

class TestRunCoordinatorControl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_compat = m_registry.find(u"openai-compatible"_s);
        QVERIFY(m_compat);
        // 1 $/M input, 2 $/M output: one token costs 1 resp. 2 micro-dollars.
        auto table = PriceTable::fromJson(
            R"({"formatVersion":1,"models":[{"provider":"openai-compatible","model":"m1","input":"1.00","output":"2.00"}]})");
        QVERIFY(table.ok());
        m_prices = table.value();
    }

    void cancelQueuedAndRunning()
    {
        FakeProviderServer server;
        server.enqueue(slowOk(10000));
        RunCoordinator c(m_transport, nullptr);
        RunCoordinator::Limits limits;
        limits.global = 1;
        c.setLimits(limits);
        SignalLog log(c);
        const int running = c.submit(jobFor(m_compat, server, u"a"_s));
        const int queued = c.submit(jobFor(m_compat, server, u"b"_s));
        QTRY_VERIFY_WITH_TIMEOUT(server.requestCount() == 1, 10000);
        QVERIFY(c.activeRun(running));
        QVERIFY(!c.activeRun(queued));
        QCOMPARE(c.queuedCount(), 1);

        c.cancel(queued); // ends at once
        const JobResult *q = c.result(queued);
        QVERIFY(q);
        QCOMPARE(q->end, JobResult::End::Cancelled);
        QVERIFY(q->attempts.isEmpty());
        QCOMPARE(q->outcome.status, RunOutcome::Status::Cancelled);
        QCOMPARE(q->outcome.error.errorClass, ErrorClass::Cancelled);
        QCOMPARE(q->outcome.error.message, u"cancelled"_s);
        QCOMPARE(q->outcome.model, u"m1"_s);
        QCOMPARE(c.queuedCount(), 0);

        c.cancel(running); // ends when its ModelRun reports it
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 10000);
        QCOMPARE(log.lines, QStringList({u"queued 1 1"_s, u"queued 2 1"_s, u"started 1 1"_s,
                                         u"job 2 cancelled cancelled"_s, u"finished 1 1 cancelled cancelled"_s,
                                         u"job 1 cancelled cancelled"_s, u"idle"_s}));
        const JobResult *r = c.result(running);
        QCOMPARE(r->attempts.size(), 1);
        QVERIFY(!r->attempts.at(0).retryDelayMs);
        QCOMPARE(server.requestCount(), 1);
        // Results in the order the jobs ended.
        QCOMPARE(c.results().size(), 2);
        QCOMPARE(c.results().at(0).jobId, queued);
        QCOMPARE(c.results().at(1).jobId, running);
        c.cancel(running); // over: nothing happens
        QCOMPARE(log.lines.size(), 7);
    }

    void cancelAll()
    {
        FakeProviderServer limited, slow, idleServer;
        limited.enqueue(errorResponse(429, {{"retry-after-ms", "5000"}}));
        slow.enqueue(slowOk(10000));
        RunCoordinator c(m_transport, nullptr);
        RunCoordinator::Limits limits;
        limits.global = 1;
        c.setLimits(limits);
        SignalLog log(c);
        QSignalSpy idles(&c, &RunCoordinator::idle);
        c.submit(jobFor(m_compat, limited, u"a"_s));   // 429 → waits 5 s for its retry
        c.submit(jobFor(m_compat, slow, u"b"_s));      // running when cancelled
        c.submit(jobFor(m_compat, idleServer, u"c"_s)); // still queued
        QTRY_VERIFY_WITH_TIMEOUT(slow.requestCount() == 1, 10000);
        QCOMPARE(c.runningCount(), 1);
        QCOMPARE(c.queuedCount(), 2); // one waiting for its retry, one for a slot

        c.cancelAll();
        QCOMPARE(c.queuedCount(), 0);
        QVERIFY(c.result(1));
        QVERIFY(c.result(3));
        QVERIFY(!c.result(2));
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 10000);
        QCOMPARE(log.lines, QStringList({u"queued 1 1"_s, u"queued 2 1"_s, u"queued 3 1"_s,
                                         u"started 1 1"_s, u"finished 1 1 error rate-limit"_s,
                                         u"retry 1 2 5000 rate-limit"_s, u"queued 1 2"_s, u"started 2 1"_s,
                                         u"job 1 cancelled error"_s, u"job 3 cancelled cancelled"_s,
                                         u"finished 2 1 cancelled cancelled"_s, u"job 2 cancelled cancelled"_s,
                                         u"idle"_s}));
        const JobResult *waited = c.result(1);
        QCOMPARE(waited->end, JobResult::End::Cancelled);
        QCOMPARE(waited->attempts.size(), 1); // the retry never ran
        QCOMPARE(waited->outcome.error.errorClass, ErrorClass::RateLimit);
        QCOMPARE(limited.requestCount(), 1);
        QCOMPARE(idleServer.requestCount(), 0);
        QCOMPARE(idles.count(), 1);
    }

    void budgetCap_data()
    {
        QTest::addColumn<int>("global");
        QTest::addColumn<qint64>("cap");
        QTest::addColumn<int>("sent");
        QTest::addColumn<QString>("refusedWhy");
        QTest::addColumn<QString>("restWhy");
        const QString cap10 = u"budget: the $0.0100 cap is reached"_s;
        QTest::newRow("one-at-a-time") << 1 << qint64(10000) << 4
            << u"budget: this request may cost up to $0.003000; $0.008000 of the $0.0100 cap is spent or reserved"_s << cap10;
        QTest::newRow("six-at-a-time") << 6 << qint64(10000) << 4
            << u"budget: this request may cost up to $0.003000; $0.008000 of the $0.0100 cap is spent or reserved"_s << cap10;
        // 8000 + 3000 = 11000 fits a cap of 11000 exactly; 10000 + 3000 does not.
        QTest::newRow("exact-fit") << 1 << qint64(11000) << 5
            << u"budget: this request may cost up to $0.003000; $0.0100 of the $0.0110 cap is spent or reserved"_s
            << u"budget: the $0.0110 cap is reached"_s;
    }
    void budgetCap()
    {
        // Every reply: 1000 input + 500 output tokens = 1000 + 1000 = 2000 µ$; estimate 3000 µ$.
        // Cap 10000, one at a time: spent before each start 0, 2000, 4000, 6000 → +3000 fits; at
        // 8000 + 3000 > 10000 with nothing in flight the budget is exhausted. Six at a time: 3 start
        // (9000 reserved), the 4th waits until two finished (4000 + 3000 + 3000), the 5th never fits
        // (6000 + 3000 + 3000, then 8000 + 3000). Either way: exactly 4 requests.
        FakeProviderServer server;
        server.enqueue(okResponse("Paid", 1000, 500));
        QFETCH(int, global);
        QFETCH(qint64, cap);
        QFETCH(int, sent);
        QFETCH(QString, refusedWhy);
        QFETCH(QString, restWhy);
        RunCoordinator c(m_transport, &m_prices);
        RunCoordinator::Limits limits;
        limits.global = global;
        c.setLimits(limits);
        c.setBudgetMicroUsd(cap);
        SignalLog log(c);
        QSignalSpy budget(&c, &RunCoordinator::budgetExhausted);
        for (int i = 0; i < 6; ++i)
            c.submit(jobFor(m_compat, server, u"c1"_s, 3000));
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 15000);

        const std::int64_t spent = 2000 * sent;
        QCOMPARE(server.requestCount(), sent);
        QList<int> expectedOrder;
        for (int id = 1; id <= sent; ++id)
            expectedOrder << id;
        QCOMPARE(log.startOrder, expectedOrder);
        QVERIFY(log.budgetOk);
        QCOMPARE(c.spentMicroUsd(), spent);
        QVERIFY(c.spentMicroUsd() <= cap);
        QCOMPARE(c.reservedMicroUsd(), std::int64_t(0));
        QVERIFY(c.isBudgetExhausted());
        QCOMPARE(budget.count(), 1);
        QCOMPARE(budget.first().at(0).value<std::int64_t>(), spent);
        QCOMPARE(budget.first().at(1).value<std::int64_t>(), std::int64_t(3000));
        QCOMPARE(budget.first().at(2).value<std::int64_t>(), std::int64_t(cap));
        // The stop comes before the skipped jobs end, idle() last.
        const QString stop = u"budget %1 3000 %2"_s.arg(spent).arg(cap);
        const qsizetype at = log.lines.indexOf(stop);
        QVERIFY(at >= 0);
        QStringList tail{stop};
        for (int id = sent + 1; id <= 6; ++id)
            tail << u"job %1 skipped cancelled"_s.arg(id);
        tail << u"idle"_s;
        QCOMPARE(log.lines.mid(at), tail);
        for (int id = 1; id <= sent; ++id) {
            QCOMPARE(c.result(id)->end, JobResult::End::Finished);
            QCOMPARE(c.result(id)->costMicroUsd(), std::int64_t(2000));
        }
        const JobResult *refused = c.result(sent + 1);
        QCOMPARE(refused->end, JobResult::End::SkippedForBudget);
        QVERIFY(refused->attempts.isEmpty());
        QCOMPARE(refused->outcome.status, RunOutcome::Status::Cancelled);
        QCOMPARE(refused->outcome.error.message, refusedWhy);
        QCOMPARE(c.result(6)->end, JobResult::End::SkippedForBudget);
        if (sent < 5)
            QCOMPARE(c.result(6)->outcome.error.message, restWhy);

        // Nothing more is sent until reset(): a new job is skipped without a request.
        log.lines.clear();
        const int late = c.submit(jobFor(m_compat, server, u"c1"_s, 1));
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 10000);
        QCOMPARE(log.lines, QStringList({u"queued 7 1"_s, u"job 7 skipped cancelled"_s, u"idle"_s}));
        QCOMPARE(c.result(late)->end, JobResult::End::SkippedForBudget);
        QCOMPARE(budget.count(), 1);
        QCOMPARE(server.requestCount(), sent);

        QVERIFY(c.reset());
        QVERIFY(!c.isBudgetExhausted());
        QCOMPARE(c.spentMicroUsd(), std::int64_t(0));
        const int again = c.submit(jobFor(m_compat, server, u"c1"_s, 3000));
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 10000);
        QCOMPARE(c.result(again)->end, JobResult::End::Finished);
        QCOMPARE(server.requestCount(), sent + 1);
        QCOMPARE(c.spentMicroUsd(), std::int64_t(2000));
    }

    void unknownEstimateWithCap()
    {
        FakeProviderServer server;
        server.enqueue(okResponse());
        RunCoordinator c(m_transport, &m_prices);
        c.setBudgetMicroUsd(1'000'000);
        SignalLog log(c);
        c.submit(jobFor(m_compat, server, u"c1"_s));       // estimate unknown
        c.submit(jobFor(m_compat, server, u"c2"_s, 10));
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 10000);
        QCOMPARE(log.lines, QStringList({u"queued 1 1"_s, u"queued 2 1"_s, u"budget 0 -1 1000000"_s,
                                         u"job 1 skipped cancelled"_s, u"job 2 skipped cancelled"_s, u"idle"_s}));
        QCOMPARE(c.result(1)->outcome.error.message,
                 u"budget: the cost of this request is unknown and a budget cap is set"_s);
        QCOMPARE(server.requestCount(), 0);

        // Without a cap an unknown estimate is no obstacle.
        QVERIFY(c.reset());
        c.setBudgetMicroUsd(std::nullopt);
        const int id = c.submit(jobFor(m_compat, server, u"c1"_s));
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 10000);
        QCOMPARE(c.result(id)->end, JobResult::End::Finished);
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(c.spentMicroUsd(), std::int64_t(20)); // 10 input · 1 µ$ + 5 output · 2 µ$
    }

    void resetOnlyWhenIdle()
    {
        FakeProviderServer server;
        server.enqueue(slowOk(10000));
        RunCoordinator c(m_transport, nullptr);
        c.submit(jobFor(m_compat, server, u"c1"_s));
        QVERIFY(!c.reset());
        c.cancelAll();
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 10000);
        QVERIFY(c.reset());
        QVERIFY(c.results().isEmpty());
    }

private:
    ProviderRegistry m_registry;
    HttpTransport m_transport;
    PriceTable m_prices;
    const Provider *m_compat = nullptr;
};

QTEST_GUILESS_MAIN(TestRunCoordinatorControl)
#include "tst_runcoordinatorcontrol.moc"
