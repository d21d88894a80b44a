#include <QPointer>
#include <QSignalSpy>
#include <QTest>

#include "engine/modelrun.h"
#include "engine/streamsource.h"
#include "pricing/pricetable.h"
#include "providers/provider.h"
#include "transport/httptransport.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

constexpr std::int64_t Ms = 1'000'000;
constexpr std::int64_t Sent = 10'000 * Ms;

/// Does nothing by itself: the test pushes updates. cancel() answers like a real source.
class ScriptedSource : public StreamSource
{
public:
    using StreamSource::StreamSource;
    void start() override { started = true; }
    void cancel() override
    {
        ++cancels;
        if (done)
            return;
        TransferUpdate u;
        u.finished = true;
        u.transportError.errorClass = ErrorClass::Cancelled;
        u.transportError.message = u"cancelled"_s;
        push(u);
    }
    void push(const TransferUpdate &u)
    {
        done = done || u.finished;
        Q_EMIT updated(u);
    }
    bool started = false;
    bool done = false;
    int cancels = 0;
};

class ScriptedProvider : public Provider
{
public:
    QString id() const override { return u"fake"_s; }
    QString displayName() const override { return u"Fake"_s; }
    QUrl defaultBaseUrl() const override { return {}; }
    QStringList suggestedModels() const override { return {u"fake-1"_s}; }
    Result<std::unique_ptr<StreamSource>> createSource(const ChatRequest &, const ProviderSettings &,
                                                       HttpTransport &) const override
    {
        if (failSetup)
            return Error{Error::Kind::Usage, u"invalid base URL"_s};
        auto source = std::make_unique<ScriptedSource>();
        last = source.get();
        return std::unique_ptr<StreamSource>(std::move(source));
    }
    bool failSetup = false;
    mutable QPointer<ScriptedSource> last;
};

TransferUpdate update(std::initializer_list<TimedEvent> events, bool finished = false)
{
    TransferUpdate u;
    u.marks.sentNs = Sent;
    u.events = QList<TimedEvent>(events);
    u.finished = finished;
    return u;
}

TimedEvent at(std::int64_t ms, StreamEvent event)
{
    return {Sent + ms * Ms, std::move(event)};
}

Usage usage(std::optional<std::int64_t> in, std::optional<std::int64_t> out)
{
    Usage u;
    u.inputTokens = in;
    u.outputTokens = out;
    return u;
}

RunOutcome outcomeOf(const QSignalSpy &spy)
{
    return spy.first().first().value<RunOutcome>();
}

} // namespace

class TestModelRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<RunMetrics>();
        qRegisterMetaType<RunOutcome>();
        auto table = PriceTable::fromJson(
            R"({"formatVersion":1,"models":[{"provider":"fake","model":"fake-1","input":"1.00","output":"2.00"}]})");
        QVERIFY(table.ok());
        m_prices = table.value();
    }

    void phasesAndTimings()
    {
        ScriptedProvider provider;
        ModelRun run(provider, ChatRequest{}, {}, m_transport, &m_prices);
        QCOMPARE(run.request().model, u"fake-1"_s); // empty model → provider default
        QSignalSpy metrics(&run, &ModelRun::metricsChanged);
        QSignalSpy text(&run, &ModelRun::textDelta);
        QSignalSpy done(&run, &ModelRun::finished);
        run.start();
        QVERIFY(provider.last && provider.last->started);
        QCOMPARE(run.metrics().phase, RunMetrics::Phase::Connecting);

        TransferUpdate headers = update({at(50, StreamEvent::meta(u"req-1"_s))});
        headers.headersArrived = true;
        headers.httpStatus = 200;
        provider.last->push(headers);
        QCOMPARE(run.metrics().phase, RunMetrics::Phase::Waiting);
        QCOMPARE(run.metrics().sentNs, Sent);
        QCOMPARE(run.metrics().requestId, u"req-1"_s);

        provider.last->push(update({at(200, StreamEvent::reasoningDelta(u"think"_s))}));
        QCOMPARE(run.metrics().phase, RunMetrics::Phase::Streaming);
        QCOMPARE(*run.metrics().timeToFirstReasoningMs(), 200.0);
        QVERIFY(!run.metrics().ttftMs());

        // An empty delta is no token: the TTFT comes from the first non-empty text delta.
        provider.last->push(update({at(300, StreamEvent::textDelta(QString())),
                                    at(350, StreamEvent::textDelta(u"Hel"_s)),
                                    at(400, StreamEvent::textDelta(u"lo"_s))}));
        QCOMPARE(*run.metrics().ttftMs(), 350.0);
        QCOMPARE(run.metrics().lastTokenNs, Sent + 400 * Ms);
        QCOMPARE(run.metrics().textDeltas, std::int64_t(2));
        QCOMPARE(text.count(), 2);

        TransferUpdate last = update({at(450, StreamEvent::usageReport(usage(10, 4))),
                                      at(450, StreamEvent::finish(u"stop"_s))}, true);
        last.marks.endNs = Sent + 460 * Ms;
        provider.last->push(last);
        QCOMPARE(done.count(), 1);
        const RunOutcome outcome = outcomeOf(done);
        QCOMPARE(outcome.status, RunOutcome::Status::Ok);
        QCOMPARE(outcome.providerId, u"fake"_s);
        QCOMPARE(outcome.model, u"fake-1"_s);
        QCOMPARE(outcome.text, u"Hello"_s);
        QCOMPARE(outcome.reasoning, u"think"_s);
        QCOMPARE(outcome.metrics.phase, RunMetrics::Phase::Done);
        QCOMPARE(outcome.metrics.finishReason, u"stop"_s);
        QCOMPARE(outcome.metrics.elapsedMs(0), 460.0);
        QVERIFY(!outcome.error.isError());
        // 4 output tokens from first token (200 ms) to last (400 ms): 3 / 0.2 s
        QCOMPARE(*outcome.metrics.outputTokensPerSecond(0), 15.0);
        // 10 × 1.00 + 4 × 2.00 = 18 µ$
        QVERIFY(outcome.metrics.priced);
        QCOMPARE(outcome.metrics.costMicroUsd, std::optional<std::int64_t>(18));
        // at most one metricsChanged per update: start + 4 updates
        QCOMPARE(metrics.count(), 5);
        QVERIFY(run.isFinished());
    }

    void quietUpdateEmitsNothing()
    {
        ScriptedProvider provider;
        ModelRun run(provider, ChatRequest{}, {}, m_transport, nullptr);
        run.start();
        provider.last->push(update({}));
        QSignalSpy metrics(&run, &ModelRun::metricsChanged);
        provider.last->push(update({at(10, StreamEvent::textDelta(QString()))}));
        QCOMPARE(metrics.count(), 0);
    }

    void usageMergesFieldWise()
    {
        ScriptedProvider provider;
        ModelRun run(provider, ChatRequest{}, {}, m_transport, &m_prices);
        QSignalSpy done(&run, &ModelRun::finished);
        run.start();
        provider.last->push(update({at(1, StreamEvent::usageReport(usage(100, std::nullopt)))}));
        QCOMPARE(run.metrics().usage.inputTokens, std::optional<std::int64_t>(100));
        QVERIFY(!run.metrics().costMicroUsd); // output unknown
        provider.last->push(update({at(2, StreamEvent::usageReport(usage(std::nullopt, 5)))}));
        QCOMPARE(run.metrics().costMicroUsd, std::optional<std::int64_t>(110));
        provider.last->push(update({at(3, StreamEvent::usageReport(usage(std::nullopt, 7))),
                                    at(3, StreamEvent::finish(u"length"_s))}, true));
        const RunOutcome outcome = outcomeOf(done);
        QCOMPARE(outcome.metrics.usage.inputTokens, std::optional<std::int64_t>(100)); // kept
        QCOMPARE(outcome.metrics.usage.outputTokens, std::optional<std::int64_t>(7)); // replaced, not summed
        QCOMPARE(outcome.metrics.costMicroUsd, std::optional<std::int64_t>(114));
        QCOMPARE(outcome.metrics.finishReason, u"length"_s);
    }

    void endings_data()
    {
        QTest::addColumn<TransferUpdate>("last");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("errorClass");
        ProviderError rate{ErrorClass::RateLimit, u"slow down"_s, 429, 3.0, {}, {}};
        QTest::newRow("error event") << update({at(5, StreamEvent::failure(rate))}, true)
                                     << int(RunOutcome::Status::Error) << int(ErrorClass::RateLimit);
        ProviderError trunc{ErrorClass::Truncated, u"eof"_s, 0, {}, {}, {}};
        QTest::newRow("truncated event") << update({at(5, StreamEvent::failure(trunc))}, true)
                                         << int(RunOutcome::Status::Truncated) << int(ErrorClass::Truncated);
        TransferUpdate network = update({}, true);
        network.transportError = {ErrorClass::Network, u"reset"_s, 0, {}, {}, {}};
        QTest::newRow("transport error") << network << int(RunOutcome::Status::Error) << int(ErrorClass::Network);
        TransferUpdate cancelled = update({}, true);
        cancelled.transportError = {ErrorClass::Cancelled, u"stop"_s, 0, {}, {}, {}};
        QTest::newRow("transport cancel") << cancelled << int(RunOutcome::Status::Cancelled) << int(ErrorClass::Cancelled);
        QTest::newRow("eof without finish") << update({}, true) << int(RunOutcome::Status::Truncated)
                                            << int(ErrorClass::Truncated);
        ProviderError server{ErrorClass::Server, u"boom"_s, 0, {}, {}, {}};
        QTest::newRow("nothing after an error") << update({at(5, StreamEvent::failure(server)),
                                                           at(6, StreamEvent::textDelta(u"late"_s)),
                                                           at(6, StreamEvent::finish(u"stop"_s))}, true)
                                                << int(RunOutcome::Status::Error) << int(ErrorClass::Server);
    }
    void endings()
    {
        QFETCH(TransferUpdate, last);
        QFETCH(int, status);
        QFETCH(int, errorClass);
        ScriptedProvider provider;
        ModelRun run(provider, ChatRequest{}, {}, m_transport, nullptr);
        QSignalSpy done(&run, &ModelRun::finished);
        run.start();
        provider.last->push(update({at(1, StreamEvent::textDelta(u"partial"_s))}));
        provider.last->push(last);
        QCOMPARE(done.count(), 1);
        const RunOutcome outcome = outcomeOf(done);
        QCOMPARE(int(outcome.status), status);
        QCOMPARE(int(outcome.error.errorClass), errorClass);
        QCOMPARE(outcome.text, u"partial"_s); // partial text is kept
        QVERIFY(!outcome.metrics.isRunning());
        QCOMPARE(run.metrics().phase == RunMetrics::Phase::Done, status == int(RunOutcome::Status::Ok));
        if (errorClass == int(ErrorClass::RateLimit)) {
            QCOMPARE(outcome.error.httpStatus, 429);
            QCOMPARE(outcome.error.retryAfterSeconds, std::optional<double>(3.0));
        }
        // a late update changes nothing
        provider.last->push(update({at(9, StreamEvent::textDelta(u"x"_s))}, true));
        QCOMPARE(done.count(), 1);
        QCOMPARE(run.text(), u"partial"_s);
    }

    void cancelFinishesOnce()
    {
        ScriptedProvider provider;
        ModelRun run(provider, ChatRequest{}, {}, m_transport, nullptr);
        QSignalSpy done(&run, &ModelRun::finished);
        run.start();
        provider.last->push(update({at(1, StreamEvent::textDelta(u"a"_s))}));
        run.cancel();
        QCOMPARE(provider.last->cancels, 1);
        QCOMPARE(done.count(), 1);
        QCOMPARE(outcomeOf(done).status, RunOutcome::Status::Cancelled);
        QCOMPARE(outcomeOf(done).text, u"a"_s);
        QCOMPARE(run.metrics().phase, RunMetrics::Phase::Cancelled);
        run.cancel();
        QCOMPARE(provider.last->cancels, 1);
        QCOMPARE(done.count(), 1);
    }

    void cancelFromTextDeltaReceiver()
    {
        ScriptedProvider provider;
        ModelRun run(provider, ChatRequest{}, {}, m_transport, nullptr);
        QSignalSpy done(&run, &ModelRun::finished);
        connect(&run, &ModelRun::textDelta, &run, [&run] { run.cancel(); });
        run.start();
        provider.last->push(update({at(1, StreamEvent::textDelta(u"a"_s)), at(2, StreamEvent::textDelta(u"b"_s))}));
        QCOMPARE(done.count(), 1);
        QCOMPARE(outcomeOf(done).text, u"a"_s);
    }

    void cancelBeforeStart()
    {
        ScriptedProvider provider;
        ModelRun run(provider, ChatRequest{}, {}, m_transport, nullptr);
        QSignalSpy done(&run, &ModelRun::finished);
        run.cancel();
        QCOMPARE(done.count(), 1);
        QCOMPARE(outcomeOf(done).status, RunOutcome::Status::Cancelled);
        run.start();
        QVERIFY(!provider.last);
        QCOMPARE(done.count(), 1);
    }

    void setupFailureIsQueued()
    {
        ScriptedProvider provider;
        provider.failSetup = true;
        ModelRun run(provider, ChatRequest{}, {}, m_transport, nullptr);
        QSignalSpy done(&run, &ModelRun::finished);
        run.start();
        QCOMPARE(done.count(), 0); // not inside start()
        QVERIFY(done.wait(5000));
        QCOMPARE(done.count(), 1);
        const RunOutcome outcome = outcomeOf(done);
        QCOMPARE(outcome.status, RunOutcome::Status::Error);
        QCOMPARE(outcome.error.errorClass, ErrorClass::BadRequest);
        QCOMPARE(outcome.error.message, u"invalid base URL"_s);
        QTest::qWait(10);
        QCOMPARE(done.count(), 1);
    }

    void unpricedModel()
    {
        ScriptedProvider provider;
        ChatRequest request;
        request.model = u"other"_s;
        ModelRun run(provider, request, {}, m_transport, &m_prices);
        run.start();
        provider.last->push(update({at(1, StreamEvent::usageReport(usage(1, 1)))}));
        QVERIFY(!run.metrics().priced);
        QVERIFY(!run.metrics().costMicroUsd);
    }

private:
    HttpTransport m_transport;
    PriceTable m_prices;
};

QTEST_GUILESS_MAIN(TestModelRun)
#include "tst_modelrun.moc"
