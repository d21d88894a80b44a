// RunCoordinator: receivers that call back into it from its own signals, jobs without a provider,
// destruction with work in flight.

#include <QSignalSpy>
#include <QTest>

#include "engine/runcoordinator.h"
#include "providers/providerregistry.h"
#include "transport/httptransport.h"
#include "tst_runcoordinatorkit.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using namespace Crucible::Test;

class TestRunCoordinatorReentry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_compat = m_registry.find(u"openai-compatible"_s);
        QVERIFY(m_compat);
    }

    void cancelFromAttemptStarted()
    {
        FakeProviderServer server;
        server.enqueue(okResponse());
        RunCoordinator c(m_transport, nullptr);
        SignalLog log(c);
        connect(&c, &RunCoordinator::attemptStarted, this, [&c](int jobId, int, ModelRun *) { c.cancel(jobId); });
        const int id = c.submit(jobFor(m_compat, server, u"c1"_s));
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 10000);
        QCOMPARE(log.lines, QStringList({u"queued 1 1"_s, u"started 1 1"_s, u"finished 1 1 cancelled cancelled"_s,
                                         u"job 1 cancelled cancelled"_s, u"idle"_s}));
        QCOMPARE(c.result(id)->attempts.size(), 1);
        QCOMPARE(c.runningCount(), 0);
        QTest::qWait(50);
        QCOMPARE(server.requestCount(), 0); // cancelled before ModelRun::start()
    }

    void cancelFromAttemptFinishedStopsTheRetry()
    {
        FakeProviderServer server;
        server.enqueue(errorResponse(429, {{"retry-after-ms", "50"}}));
        server.enqueue(okResponse());
        RunCoordinator c(m_transport, nullptr);
        SignalLog log(c);
        connect(&c, &RunCoordinator::attemptFinished, this,
                [&c](int jobId, int, const RunOutcome &) { c.cancel(jobId); });
        const int id = c.submit(jobFor(m_compat, server, u"c1"_s));
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 10000);
        QCOMPARE(log.lines, QStringList({u"queued 1 1"_s, u"started 1 1"_s, u"finished 1 1 error rate-limit"_s,
                                         u"job 1 cancelled error"_s, u"idle"_s}));
        QVERIFY(!c.result(id)->attempts.at(0).retryDelayMs);
        QCOMPARE(server.requestCount(), 1);
    }

    void cancelFromRetryScheduled()
    {
        FakeProviderServer server;
        server.enqueue(errorResponse(503));
        RunCoordinator c(m_transport, nullptr);
        SignalLog log(c);
        connect(&c, &RunCoordinator::retryScheduled, this,
                [&c](int jobId, int, int, const ProviderError &) { c.cancel(jobId); });
        c.submit(jobFor(m_compat, server, u"c1"_s));
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 10000);
        // The job ends before its next attempt is queued: no attemptQueued(1, 2).
        QCOMPARE(log.lines.size(), 6);
        QCOMPARE(log.lines.at(3).left(10), u"retry 1 2 "_s);
        QCOMPARE(log.lines.mid(4), QStringList({u"job 1 cancelled error"_s, u"idle"_s}));
        QCOMPARE(c.queuedCount(), 0);
        QCOMPARE(server.requestCount(), 1);
    }

    void submitFromJobFinished()
    {
        FakeProviderServer server;
        server.enqueue(okResponse());
        RunCoordinator c(m_transport, nullptr);
        SignalLog log(c);
        QSignalSpy idles(&c, &RunCoordinator::idle);
        bool submitted = false;
        connect(&c, &RunCoordinator::jobFinished, this, [&](int, const JobResult &) {
            if (!submitted) {
                submitted = true;
                c.submit(jobFor(m_compat, server, u"c2"_s));
            }
        });
        c.submit(jobFor(m_compat, server, u"c1"_s));
        QTRY_VERIFY_WITH_TIMEOUT(c.results().size() == 2 && c.isIdle(), 10000);
        QCOMPARE(log.lines, QStringList({u"queued 1 1"_s, u"started 1 1"_s, u"finished 1 1 ok"_s,
                                         u"job 1 finished ok"_s, u"queued 2 1"_s, u"started 2 1"_s,
                                         u"finished 2 1 ok"_s, u"job 2 finished ok"_s, u"idle"_s}));
        QCOMPARE(idles.count(), 1);
        QCOMPARE(server.requestCount(), 2);
    }

    void resetFromIdle()
    {
        FakeProviderServer server;
        server.enqueue(okResponse());
        RunCoordinator c(m_transport, nullptr);
        bool resetOk = false;
        connect(&c, &RunCoordinator::idle, this, [&] { resetOk = c.reset(); });
        c.submit(jobFor(m_compat, server, u"c1"_s));
        QTRY_VERIFY_WITH_TIMEOUT(resetOk, 10000);
        QVERIFY(c.results().isEmpty());
    }

    void jobWithoutProvider()
    {
        RunCoordinator c(m_transport, nullptr);
        SignalLog log(c);
        RunJob job;
        job.targetKey = u"none"_s;
        const int id = c.submit(job);
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 5000);
        QCOMPARE(log.lines, QStringList({u"queued 1 1"_s, u"job 1 finished error"_s, u"idle"_s}));
        QCOMPARE(c.result(id)->outcome.error.message, u"no provider"_s);
        QVERIFY(c.result(id)->attempts.isEmpty());
    }

    void destroyedWhileRunning()
    {
        FakeProviderServer server;
        FakeProviderServer::Response slow = okResponse();
        slow.headerDelay = std::chrono::milliseconds(10000);
        server.enqueue(slow);
        auto c = std::make_unique<RunCoordinator>(m_transport, nullptr);
        QSignalSpy jobs(c.get(), &RunCoordinator::jobFinished);
        c->submit(jobFor(m_compat, server, u"c1"_s));
        c->submit(jobFor(m_compat, server, u"c2"_s));
        QTRY_VERIFY_WITH_TIMEOUT(server.requestCount() == 2, 10000);
        c.reset(); // no signal, no crash; the transfers are cancelled
        QCOMPARE(jobs.count(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_transport.activeTransfers(), 0, 5000);
    }

private:
    ProviderRegistry m_registry;
    HttpTransport m_transport;
    const Provider *m_compat = nullptr;
};

QTEST_GUILESS_MAIN(TestRunCoordinatorReentry)
#include "tst_runcoordinatorreentry.moc"
