#include <QSignalSpy>
#include <QTest>

#include "common/clock.h"
#include "transport/httpstreamsource.h"
#include "transporttestutil.h"

using namespace TransportTest;

// HttpTransport against the fake server: streaming, framing, requests, proxies, HttpStreamSource.
class TestHttpTransport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void streamsInOrderWithMarks();
    void chunkingGivesSameResult_data();
    void chunkingGivesSameResult();
    void sendsRequest();
    void headersOfTheLastResponse();
    void httpErrorIsNotTransportError();
    void concurrentTransfers();
    void proxyEnvironmentHonoured();
    void streamSource();
    void streamSourceCancelBeforeStart();
};

void TestHttpTransport::initTestCase()
{
    isolateFromProxyEnvironment();
}

void TestHttpTransport::streamsInOrderWithMarks()
{
    Server server;
    QVERIFY(server.isListening());
    Server::Response response = sseResponse(sseBody(20));
    response.chunking = Server::Chunking::Fixed;
    response.chunkSize = 13;
    response.pacing = std::chrono::milliseconds(15);
    server.enqueue(response);

    HttpTransport transport;
    Collector c;
    auto log = std::make_shared<SseTextDecoder::Log>();
    transport.start(requestTo(server), std::make_unique<SseTextDecoder>(log), this, c.fn());
    QCOMPARE(transport.activeTransfers(), 1);
    QVERIFY(waitFor([&] { return c.isFinished(); }));

    QVERIFY2(c.updates.size() > 2, "streaming must arrive in several updates");
    QCOMPARE(c.finishedCount(), 1);
    QVERIFY(!c.last().transportError.isError());
    QCOMPARE(c.last().httpStatus, 200);
    QCOMPARE(headerValue(c.last().headers, "x-request-id"), "req_42"_ba);
    QCOMPARE(log->begins, 1);
    QCOMPARE(log->finishes, 1);
    QCOMPARE(log->status, 200);
    QCOMPARE(headerValue(log->headers, "content-type"), "text/event-stream"_ba);

    int headerUpdates = 0;
    for (const TransferUpdate &u : c.updates)
        headerUpdates += u.headersArrived ? 1 : 0;
    QCOMPARE(headerUpdates, 1);
    QVERIFY(c.updates.first().headersArrived);

    QStringList expected;
    for (int i = 0; i < 20; ++i)
        expected << u"{\"n\":%1}"_s.arg(i);
    QCOMPARE(c.texts(), expected);
    const QList<TimedEvent> &lastEvents = c.last().events;
    QVERIFY(!lastEvents.isEmpty());
    QCOMPARE(lastEvents.last().event.kind, StreamEvent::Kind::Finish);

    const TransferMarks m = c.last().marks;
    QVERIFY(m.sentNs > 0);
    QVERIFY(m.sentNs <= m.headersNs);
    QVERIFY(m.headersNs <= m.firstByteNs);
    QVERIFY(m.firstByteNs <= m.lastChunkNs);
    QVERIFY(m.lastChunkNs <= m.endNs);
    QVERIFY(m.endNs <= monotonicNs());
    QCOMPARE(c.last().bytesReceived, response.body.size());

    std::int64_t previous = 0;
    for (const TransferUpdate &u : c.updates) {
        for (const TimedEvent &e : u.events) {
            QVERIFY(e.atNs >= previous);
            QVERIFY(e.atNs >= m.firstByteNs && e.atNs <= m.endNs);
            previous = e.atNs;
        }
    }
    QCOMPARE(transport.activeTransfers(), 0);
}

void TestHttpTransport::chunkingGivesSameResult_data()
{
    QTest::addColumn<int>("chunking");
    QTest::addColumn<int>("framing");
    const QList<QPair<const char *, Server::Chunking>> chunkings{
        {"whole", Server::Chunking::Whole},
        {"bytewise", Server::Chunking::Bytewise},
        {"random", Server::Chunking::Random},
        {"fixed7", Server::Chunking::Fixed}};
    const QList<QPair<const char *, Server::Framing>> framings{
        {"chunked", Server::Framing::Chunked},
        {"content-length", Server::Framing::ContentLength},
        {"close", Server::Framing::CloseDelimited}};
    for (const auto &[cn, chunking] : chunkings)
        for (const auto &[fn, framing] : framings)
            QTest::addRow("%s/%s", cn, fn) << int(chunking) << int(framing);
}

void TestHttpTransport::chunkingGivesSameResult()
{
    QFETCH(int, chunking);
    QFETCH(int, framing);

    Server::Response response = Server::fromFixtureName(u"gemini-stream-text-multichunk.txt"_s);
    QCOMPARE(response.status, 200);
    // The reference: the fixture body parsed in one go, without any network.
    SseTextDecoder reference;
    std::vector<StreamEvent> expectedEvents;
    reference.begin(200, {});
    reference.feed(response.body, expectedEvents);
    reference.finish(expectedEvents);
    QStringList expected;
    for (const StreamEvent &e : expectedEvents)
        if (e.kind == StreamEvent::Kind::TextDelta)
            expected << e.text;
    QVERIFY(expected.size() > 3);

    response.chunking = Server::Chunking(chunking);
    response.framing = Server::Framing(framing);
    response.chunkSize = 7;
    response.seed = 99;
    Server server;
    server.enqueue(response);
    HttpTransport transport;
    Collector c;
    transport.start(requestTo(server), std::make_unique<SseTextDecoder>(), this, c.fn());
    QVERIFY(waitFor([&] { return c.isFinished(); }));
    QVERIFY2(!c.last().transportError.isError(), qPrintable(c.last().transportError.message));
    QCOMPARE(c.texts(), expected);
    QCOMPARE(c.last().events.last().event.kind, StreamEvent::Kind::Finish);
    QCOMPARE(c.last().bytesReceived, response.body.size());
}

void TestHttpTransport::sendsRequest()
{
    Server server;
    server.enqueue(sseResponse(sseBody(1)));
    HttpTransport transport;
    Collector c;
    HttpRequest request = requestTo(server);
    request.body = QByteArray(5000, 'x'); // large enough that libcurl would ask for 100-continue
    transport.start(request, std::make_unique<SseTextDecoder>(), this, c.fn());
    QVERIFY(waitFor([&] { return c.isFinished(); }));
    QVERIFY(!c.last().transportError.isError());
    const auto requests = server.requests();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().method, "POST"_ba);
    QCOMPARE(requests.first().target, "/v1/chat/completions"_ba);
    QCOMPARE(requests.first().body, request.body);
    QCOMPARE(headerValue(requests.first().headers, "authorization"), "Bearer sk-test-123456"_ba);
    QCOMPARE(headerValue(requests.first().headers, "content-type"), "application/json"_ba);
}

void TestHttpTransport::headersOfTheLastResponse()
{
    // "Expect: 100-continue" makes the server answer twice: 100 first, then the real response.
    Server server;
    server.enqueue(sseResponse(sseBody(2)));
    HttpTransport transport;
    Collector c;
    auto log = std::make_shared<SseTextDecoder::Log>();
    HttpRequest request = requestTo(server);
    request.headers.append(qMakePair("Expect"_ba, "100-continue"_ba));
    request.body = QByteArray(2000, 'y');
    transport.start(request, std::make_unique<SseTextDecoder>(log), this, c.fn());
    QVERIFY(waitFor([&] { return c.isFinished(); }));
    QVERIFY2(!c.last().transportError.isError(), qPrintable(c.last().transportError.message));
    QCOMPARE(c.last().httpStatus, 200);
    QCOMPARE(log->begins, 1);
    QCOMPARE(log->status, 200);
    QCOMPARE(headerValue(log->headers, "x-request-id"), "req_42"_ba);
    QCOMPARE(c.texts().size(), 2);
    QCOMPARE(server.requests().first().body, request.body);
}

void TestHttpTransport::httpErrorIsNotTransportError()
{
    Server server;
    Server::Response response = Server::fromFixtureName(u"openai-responses-error-429.txt"_s);
    QCOMPARE(response.status, 429);
    server.enqueue(response);
    HttpTransport transport;
    Collector c;
    auto log = std::make_shared<SseTextDecoder::Log>();
    transport.start(requestTo(server), std::make_unique<SseTextDecoder>(log), this, c.fn());
    QVERIFY(waitFor([&] { return c.isFinished(); }));
    QVERIFY(!c.last().transportError.isError());
    QCOMPARE(c.last().httpStatus, 429);
    QCOMPARE(log->status, 429);
    QCOMPARE(log->finishes, 1); // the decoder sees the whole body and EOF
}

void TestHttpTransport::concurrentTransfers()
{
    Server server;
    Server::Response response = sseResponse(sseBody(30));
    response.chunking = Server::Chunking::Random;
    response.chunkSize = 17;
    response.pacing = std::chrono::milliseconds(2);
    server.enqueue(response);
    HttpTransport transport;
    QList<Collector> collectors(10);
    for (Collector &c : collectors)
        transport.start(requestTo(server), std::make_unique<SseTextDecoder>(), this, c.fn());
    QCOMPARE(transport.activeTransfers(), 10);
    QVERIFY(waitFor([&] {
        return std::all_of(collectors.begin(), collectors.end(),
                           [](const Collector &c) { return c.isFinished(); });
    }, 30000));
    for (const Collector &c : collectors) {
        QCOMPARE(c.finishedCount(), 1);
        QVERIFY2(!c.last().transportError.isError(), qPrintable(c.last().transportError.message));
        QCOMPARE(c.texts().size(), 30);
        QCOMPARE(c.texts().last(), u"{\"n\":29}"_s);
    }
    QCOMPARE(server.requests().size(), 10);
    QCOMPARE(transport.activeTransfers(), 0);
}

void TestHttpTransport::proxyEnvironmentHonoured()
{
    Server server; // plays the forward proxy
    server.enqueue(sseResponse(sseBody(2)));
    const QByteArray oldNoProxy = qgetenv("no_proxy");
    qputenv("http_proxy", "http://127.0.0.1:" + QByteArray::number(server.port()));
    HttpTransport transport;
    Collector c;
    HttpRequest request = requestTo(server);
    request.url = QUrl(u"http://example.invalid/v1/chat/completions"_s); // never resolved: proxied
    transport.start(request, std::make_unique<SseTextDecoder>(), this, c.fn());
    const bool finished = waitFor([&] { return c.isFinished(); });
    qunsetenv("http_proxy");
    qputenv("no_proxy", oldNoProxy);
    QVERIFY(finished);
    QVERIFY2(!c.last().transportError.isError(), qPrintable(c.last().transportError.message));
    QCOMPARE(c.texts().size(), 2);
    const auto requests = server.requests();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().target, "http://example.invalid/v1/chat/completions"_ba);
    QCOMPARE(headerValue(requests.first().headers, "host"), "example.invalid"_ba);
}

void TestHttpTransport::streamSource()
{
    Server server;
    server.enqueue(sseResponse(sseBody(3)));
    HttpTransport transport;
    HttpStreamSource source(transport, requestTo(server), std::make_unique<SseTextDecoder>());
    QSignalSpy spy(&source, &StreamSource::updated);
    source.start();
    source.start(); // second start: ignored
    QVERIFY(waitFor([&] {
        return !spy.isEmpty() && spy.last().first().value<TransferUpdate>().finished;
    }));
    int finished = 0;
    int texts = 0;
    for (const QList<QVariant> &args : spy) {
        const auto u = args.first().value<TransferUpdate>();
        finished += u.finished ? 1 : 0;
        for (const TimedEvent &e : u.events)
            texts += e.event.kind == StreamEvent::Kind::TextDelta ? 1 : 0;
    }
    QCOMPARE(finished, 1);
    QCOMPARE(texts, 3);
    QCOMPARE(server.requests().size(), 1);
}

void TestHttpTransport::streamSourceCancelBeforeStart()
{
    HttpTransport transport;
    HttpRequest request;
    request.url = QUrl(u"http://127.0.0.1:1/never"_s);
    HttpStreamSource source(transport, request, std::make_unique<SseTextDecoder>());
    QSignalSpy spy(&source, &StreamSource::updated);
    source.cancel();
    source.start(); // after cancel: nothing starts
    QVERIFY(spy.wait(5000));
    QCOMPARE(spy.size(), 1);
    const auto u = spy.first().first().value<TransferUpdate>();
    QVERIFY(u.finished);
    QCOMPARE(u.transportError.errorClass, ErrorClass::Cancelled);
    QCOMPARE(transport.activeTransfers(), 0);
}

QTEST_GUILESS_MAIN(TestHttpTransport)
#include "tst_httptransport.moc"
