#include <QSignalSpy>
#include <QTest>

#include "engine/runcoordinator.h"
#include "providers/providerregistry.h"
#include "transport/httptransport.h"
#include "tst_runcoordinatorkit.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using namespace Crucible::Test;

namespace {

constexpr std::int64_t Ms = 1'000'000;

/// Short, jitter-free backoff: retry r waits 10 · 2^(r-1) ms unless the server asks for more.
RetryPolicy fastPolicy(int maxRetries = 2)
{
    RetryPolicy p;
    p.maxRetries = maxRetries;
    p.baseDelayMs = 10;
    p.jitter = 0.0;
    return p;
}

} // namespace

class TestRunCoordinator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_compat = m_registry.find(u"openai-compatible"_s);
        QVERIFY(m_compat);
    }

    void rateLimitThenOk()
    {
        FakeProviderServer server;
        server.enqueue(errorResponse(429, {{"retry-after-ms", "150"}}));
        server.enqueue(okResponse("Hello"));
        RunCoordinator c(m_transport, nullptr);
        c.setRetryPolicy(fastPolicy());
        c.setRandomSource([] { return 0.5; });
        SignalLog log(c);
        QSignalSpy started(&c, &RunCoordinator::attemptStarted);
        QSignalSpy finished(&c, &RunCoordinator::attemptFinished);
        QSignalSpy retries(&c, &RunCoordinator::retryScheduled);
        QSignalSpy jobs(&c, &RunCoordinator::jobFinished);
        QSignalSpy idles(&c, &RunCoordinator::idle);

        const int id = c.submit(jobFor(m_compat, server, u"c1"_s));
        QCOMPARE(id, 1);
        QVERIFY(log.lines.isEmpty()); // nothing from inside submit()
        QVERIFY(!c.isIdle());
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 15000);

        QCOMPARE(log.lines, QStringList({u"queued 1 1"_s, u"started 1 1"_s, u"finished 1 1 error rate-limit"_s,
                                         u"retry 1 2 150 rate-limit"_s, u"queued 1 2"_s, u"started 1 2"_s,
                                         u"finished 1 2 ok"_s, u"job 1 finished ok"_s, u"idle"_s}));
        QCOMPARE(started.count(), 2);
        QCOMPARE(finished.count(), 2);
        QCOMPARE(retries.count(), 1);
        QCOMPARE(retries.first().at(2).toInt(), 150);
        QCOMPARE(retries.first().at(3).value<ProviderError>().httpStatus, 429);
        QCOMPARE(jobs.count(), 1);
        QCOMPARE(idles.count(), 1);
        QVERIFY(log.progress.value(u"1/1"_s) > 0);
        QVERIFY(log.progress.value(u"1/2"_s) > 0);
        QCOMPARE(server.requestCount(), 2);

        const JobResult *r = c.result(id);
        QVERIFY(r);
        QCOMPARE(r->end, JobResult::End::Finished);
        QCOMPARE(r->targetKey, u"c1"_s);
        QCOMPARE(r->attempts.size(), 2);
        const AttemptRecord &first = r->attempts.at(0);
        const AttemptRecord &second = r->attempts.at(1);
        QCOMPARE(first.attempt, 1);
        QCOMPARE(second.attempt, 2);
        QCOMPARE(first.outcome.error.errorClass, ErrorClass::RateLimit);
        QCOMPARE(*first.outcome.error.retryAfterSeconds, 0.15);
        QCOMPARE(first.retryDelayMs, std::optional<int>(150));
        QVERIFY(!second.retryDelayMs);
        // The wait was honoured: the retry was queued when the first attempt ended and started
        // at least 150 ms after that.
        QVERIFY(second.queuedNs >= first.outcome.metrics.endNs);
        QVERIFY2(second.startedNs - first.outcome.metrics.endNs >= 150 * Ms,
                 qPrintable(QString::number((second.startedNs - first.outcome.metrics.endNs) / Ms)));
        QVERIFY(second.startedNs - second.queuedNs >= 150 * Ms);
        QVERIFY(first.startedNs >= first.queuedNs);
        QCOMPARE(r->outcome.status, RunOutcome::Status::Ok);
        QCOMPARE(r->outcome.text, u"Hello"_s);
        QCOMPARE(c.results().size(), 1);
        QCOMPARE(c.runningCount(), 0);
        QCOMPARE(c.queuedCount(), 0);
    }

    void serverErrorExhaustsRetries()
    {
        FakeProviderServer server;
        server.enqueue(errorResponse(500)); // the last response repeats
        RunCoordinator c(m_transport, nullptr);
        c.setRetryPolicy(fastPolicy(2));
        SignalLog log(c);
        const int id = c.submit(jobFor(m_compat, server, u"c1"_s));
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 15000);
        QCOMPARE(log.lines, QStringList({u"queued 1 1"_s, u"started 1 1"_s, u"finished 1 1 error server"_s,
                                         u"retry 1 2 10 server"_s, u"queued 1 2"_s, u"started 1 2"_s,
                                         u"finished 1 2 error server"_s, u"retry 1 3 20 server"_s,
                                         u"queued 1 3"_s, u"started 1 3"_s, u"finished 1 3 error server"_s,
                                         u"job 1 finished error"_s, u"idle"_s}));
        QCOMPARE(server.requestCount(), 3);
        const JobResult *r = c.result(id);
        QVERIFY(r);
        QCOMPARE(r->attempts.size(), 3);
        QCOMPARE(r->attempts.at(0).retryDelayMs, std::optional<int>(10));
        QCOMPARE(r->attempts.at(1).retryDelayMs, std::optional<int>(20));
        QVERIFY(!r->attempts.at(2).retryDelayMs);
        QCOMPARE(r->outcome.error.errorClass, ErrorClass::Server);
        QCOMPARE(r->outcome.error.httpStatus, 500);
    }

    void authIsNotRetried()
    {
        FakeProviderServer server;
        server.enqueue(errorResponse(401));
        RunCoordinator c(m_transport, nullptr);
        c.setRetryPolicy(fastPolicy(3));
        SignalLog log(c);
        const int id = c.submit(jobFor(m_compat, server, u"c1"_s));
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 15000);
        QCOMPARE(log.lines, QStringList({u"queued 1 1"_s, u"started 1 1"_s, u"finished 1 1 error auth"_s,
                                         u"job 1 finished error"_s, u"idle"_s}));
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(c.result(id)->attempts.size(), 1);
        QVERIFY(!c.result(id)->attempts.at(0).retryDelayMs);
    }

    void outputIsNotRetriedUnlessAsked()
    {
        FakeProviderServer server;
        server.enqueue(midStreamErrorResponse());
        server.enqueue(okResponse("Again"));
        RunCoordinator c(m_transport, nullptr);
        c.setRetryPolicy(fastPolicy(2));
        SignalLog log(c);
        const int id = c.submit(jobFor(m_compat, server, u"c1"_s));
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 15000);
        QCOMPARE(log.lines, QStringList({u"queued 1 1"_s, u"started 1 1"_s, u"finished 1 1 error server"_s,
                                         u"job 1 finished error"_s, u"idle"_s}));
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(c.result(id)->outcome.text, u"Partial"_s);

        // The same failure with retryAfterOutput: retried once, the second attempt succeeds.
        QVERIFY(c.reset());
        RetryPolicy p = fastPolicy(2);
        p.retryAfterOutput = true;
        c.setRetryPolicy(p);
        server.clearQueue();
        server.enqueue(midStreamErrorResponse());
        server.enqueue(okResponse("Again"));
        log.lines.clear();
        const int id2 = c.submit(jobFor(m_compat, server, u"c1"_s));
        QCOMPARE(id2, 2); // ids are not reused after reset()
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 15000);
        QCOMPARE(log.lines, QStringList({u"queued 2 1"_s, u"started 2 1"_s, u"finished 2 1 error server"_s,
                                         u"retry 2 2 10 server"_s, u"queued 2 2"_s, u"started 2 2"_s,
                                         u"finished 2 2 ok"_s, u"job 2 finished ok"_s, u"idle"_s}));
        QCOMPARE(c.result(id2)->attempts.at(0).outcome.text, u"Partial"_s);
        QCOMPARE(c.result(id2)->outcome.text, u"Again"_s);
        QVERIFY(!c.result(id)); // forgotten by reset()
        QCOMPARE(c.results().size(), 1);
    }

    void globalLimit()
    {
        FakeProviderServer servers[4];
        for (FakeProviderServer &s : servers) {
            FakeProviderServer::Response r = okResponse();
            r.headerDelay = std::chrono::milliseconds(300);
            s.enqueue(r);
        }
        RunCoordinator c(m_transport, nullptr);
        RunCoordinator::Limits limits;
        limits.global = 2;
        c.setLimits(limits);
        SignalLog log(c);
        for (int i = 0; i < 4; ++i)
            c.submit(jobFor(m_compat, servers[i], u"c%1"_s.arg(i + 1)));
        QTRY_VERIFY_WITH_TIMEOUT(log.startOrder.size() == 2, 10000);
        QCOMPARE(c.runningCount(), 2);
        QCOMPARE(c.queuedCount(), 2);
        QCOMPARE(servers[2].requestCount() + servers[3].requestCount(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 15000);
        QCOMPARE(log.maxInFlight, 2);
        QCOMPARE(log.maxRunning, 2);
        QCOMPARE(log.startOrder, QList<int>({1, 2, 3, 4}));
        for (FakeProviderServer &s : servers)
            QCOMPARE(s.requestCount(), 1);
        QCOMPARE(c.results().size(), 4);
    }

    void perProviderLimit()
    {
        FakeProviderServer server;
        FakeProviderServer::Response r = okResponse();
        r.headerDelay = std::chrono::milliseconds(200);
        server.enqueue(r);
        const Provider *sim = m_registry.find(u"simulator"_s);
        QVERIFY(sim);
        RunCoordinator c(m_transport, nullptr);
        RunCoordinator::Limits limits;
        limits.global = 6;
        limits.defaultPerProvider = 4;
        limits.perProvider.insert(u"openai-compatible"_s, 1);
        c.setLimits(limits);
        SignalLog log(c);
        for (int i = 0; i < 3; ++i)
            c.submit(jobFor(m_compat, server, u"compat"_s));
        for (int i = 0; i < 2; ++i) {
            RunJob job;
            job.targetKey = u"sim"_s;
            job.provider = sim;
            job.request.model = u"sim-fast"_s;
            job.request.messages = {{ChatMessage::Role::User, u"Hi"_s}};
            job.settings.baseUrl = QUrl(u"simulator://local?ttft_ms=400&tokens=5"_s);
            c.submit(job);
        }
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 15000);
        // Jobs 2 and 3 wait for the compat slot; the simulator jobs behind them start at once.
        QCOMPARE(log.startOrder, QList<int>({1, 4, 5, 2, 3}));
        QCOMPARE(log.maxProviderInFlight.value(u"openai-compatible"_s), 1);
        QCOMPARE(log.maxProviderInFlight.value(u"simulator"_s), 2);
        QCOMPARE(server.requestCount(), 3);
        for (const JobResult &res : c.results())
            QCOMPARE(res.outcome.status, RunOutcome::Status::Ok);
    }

    void submitRepeatsIsRepeatMajor()
    {
        const Provider *sim = m_registry.find(u"simulator"_s);
        QVERIFY(sim);
        RunCoordinator c(m_transport, nullptr);
        RunCoordinator::Limits limits;
        limits.global = 1; // one at a time: starts follow submission order
        c.setLimits(limits);
        SignalLog log(c);
        QList<RunJob> targets;
        for (const QString &key : {u"a"_s, u"b"_s}) {
            RunJob job;
            job.targetKey = key;
            job.repeat = 7; // replaced by the repeat index
            job.provider = sim;
            job.request.model = u"sim-fast"_s;
            job.request.messages = {{ChatMessage::Role::User, u"Hi"_s}};
            job.settings.baseUrl = QUrl(u"simulator://local?ttft_ms=1&tokens=3"_s);
            targets.append(job);
        }
        const QList<int> ids = c.submitRepeats(targets, 3);
        QCOMPARE(ids.size(), 6);
        QTRY_VERIFY_WITH_TIMEOUT(c.isIdle(), 15000);
        QCOMPARE(log.startOrder, ids);
        const QStringList expectedKeys{u"a"_s, u"b"_s, u"a"_s, u"b"_s, u"a"_s, u"b"_s};
        const QList<int> expectedRepeats{0, 0, 1, 1, 2, 2};
        for (int i = 0; i < ids.size(); ++i) {
            const JobResult *result = c.result(ids[i]);
            QVERIFY(result);
            QCOMPARE(result->targetKey, expectedKeys[i]);
            QCOMPARE(result->repeat, expectedRepeats[i]);
        }
        QVERIFY(c.submitRepeats(targets, 0).isEmpty());
        QVERIFY(c.submitRepeats({}, 3).isEmpty());
    }

private:
    ProviderRegistry m_registry;
    HttpTransport m_transport;
    const Provider *m_compat = nullptr;
};

QTEST_GUILESS_MAIN(TestRunCoordinator)
#include "tst_runcoordinator.moc"
