#include <QSignalSpy>
#include <QTest>

#include "common/clock.h"
#include "transporttestutil.h"

using namespace TransportTest;

// HttpTransport failure paths: refused, timeouts, cancel, reset, clean close, teardown.
class TestHttpTransportFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void connectionRefused();
    void idleTimeout();
    void totalTimeout();
    void cancelMidStream();
    void resetMidStream();
    void cleanCloseIsEofForTheDecoder_data();
    void cleanCloseIsEofForTheDecoder();
    void destroyTransportWithLiveTransfers();
    void deletedContextGetsNoCallback();
};

void TestHttpTransportFaults::initTestCase()
{
    isolateFromProxyEnvironment();
}

void TestHttpTransportFaults::connectionRefused()
{
    HttpTransport transport;
    Collector c;
    HttpRequest request;
    request.url = QUrl(u"http://127.0.0.1:%1/v1/chat/completions"_s.arg(closedPort()));
    request.headers = {{"Authorization", "Bearer sk-secret-abcdef"}};
    request.secrets = {u"sk-secret-abcdef"_s, u"127.0.0.1"_s}; // host too: proves redaction runs
    auto log = std::make_shared<SseTextDecoder::Log>();
    transport.start(request, std::make_unique<SseTextDecoder>(log), this, c.fn());
    QVERIFY(waitFor([&] { return c.isFinished(); }));
    QCOMPARE(c.updates.size(), 1);
    QCOMPARE(c.last().transportError.errorClass, ErrorClass::Network);
    QVERIFY(!c.last().transportError.message.isEmpty());
    QVERIFY2(!c.last().transportError.message.contains(u"127.0.0.1"_s),
             qPrintable(c.last().transportError.message));
    QVERIFY(!c.last().transportError.message.contains(u"sk-secret"_s));
    QVERIFY(c.last().events.isEmpty());
    QCOMPARE(log->begins, 0);
    QCOMPARE(log->finishes, 0);
    QVERIFY(c.last().marks.endNs >= c.last().marks.sentNs);
}

void TestHttpTransportFaults::idleTimeout()
{
    Server server;
    Server::Response response = sseResponse(sseBody(5));
    response.fault = Server::Fault::StallAfter;
    response.faultAfterBytes = 30; // two whole events (15 bytes each), then silence
    server.enqueue(response);
    HttpTransport transport;
    Collector c;
    auto log = std::make_shared<SseTextDecoder::Log>();
    HttpRequest request = requestTo(server);
    request.timeouts.idle = std::chrono::milliseconds(500);
    transport.start(request, std::make_unique<SseTextDecoder>(log), this, c.fn());
    QVERIFY(waitFor([&] { return c.isFinished(); }));
    QCOMPARE(c.finishedCount(), 1);
    QCOMPARE(c.last().transportError.errorClass, ErrorClass::Timeout);
    QVERIFY2(c.last().transportError.message.contains(u"idle"_s),
             qPrintable(c.last().transportError.message));
    QCOMPARE(c.texts(), (QStringList{u"{\"n\":0}"_s, u"{\"n\":1}"_s}));
    QCOMPARE(log->finishes, 0); // a timeout is not an EOF
}

void TestHttpTransportFaults::totalTimeout()
{
    Server server;
    Server::Response response = sseResponse(sseBody(40));
    response.chunking = Server::Chunking::Fixed;
    response.chunkSize = 4;
    response.pacing = std::chrono::milliseconds(30); // a steady drip: never idle
    server.enqueue(response);
    HttpTransport transport;
    Collector c;
    auto log = std::make_shared<SseTextDecoder::Log>();
    HttpRequest request = requestTo(server);
    request.timeouts.idle = std::chrono::milliseconds(5000);
    request.timeouts.total = std::chrono::milliseconds(400);
    transport.start(request, std::make_unique<SseTextDecoder>(log), this, c.fn());
    QVERIFY(waitFor([&] { return c.isFinished(); }));
    QCOMPARE(c.finishedCount(), 1);
    QCOMPARE(c.last().transportError.errorClass, ErrorClass::Timeout);
    QVERIFY2(c.last().transportError.message.contains(u"total"_s),
             qPrintable(c.last().transportError.message));
    QVERIFY(c.last().bytesReceived > 0);
    QVERIFY(c.last().bytesReceived < response.body.size());
    QCOMPARE(log->finishes, 0);
}

void TestHttpTransportFaults::cancelMidStream()
{
    Server server;
    Server::Response response = sseResponse(sseBody(5));
    response.fault = Server::Fault::StallAfter;
    response.faultAfterBytes = 15; // one whole event
    server.enqueue(response);
    HttpTransport transport;
    Collector c;
    auto log = std::make_shared<SseTextDecoder::Log>();
    const auto id = transport.start(requestTo(server), std::make_unique<SseTextDecoder>(log), this, c.fn());
    QVERIFY(waitFor([&] { return !c.texts().isEmpty(); }));
    const std::int64_t cancelNs = monotonicNs();
    transport.cancel(id);
    QVERIFY(waitFor([&] { return c.isFinished(); }));
    qInfo("cancel -> finished update delivered after %.2f ms (endNs after %.2f ms)",
          double(monotonicNs() - cancelNs) / 1e6, double(c.last().marks.endNs - cancelNs) / 1e6);
    QCOMPARE(c.finishedCount(), 1);
    QCOMPARE(c.last().transportError.errorClass, ErrorClass::Cancelled);
    QCOMPARE(log->finishes, 0);
    QCOMPARE(transport.activeTransfers(), 0);
    transport.cancel(id); // late cancel: no-op
    QTest::qWait(50);
    QCOMPARE(c.finishedCount(), 1);
}

void TestHttpTransportFaults::resetMidStream()
{
    Server server;
    Server::Response response = sseResponse(sseBody(50));
    response.chunking = Server::Chunking::Fixed;
    response.fault = Server::Fault::ResetAfter;
    response.faultAfterBytes = 100;
    server.enqueue(response);
    HttpTransport transport;
    Collector c;
    auto log = std::make_shared<SseTextDecoder::Log>();
    transport.start(requestTo(server), std::make_unique<SseTextDecoder>(log), this, c.fn());
    QVERIFY(waitFor([&] { return c.isFinished(); }));
    QCOMPARE(c.finishedCount(), 1);
    QCOMPARE(c.last().transportError.errorClass, ErrorClass::Network);
    QCOMPARE(log->finishes, 0);
}

void TestHttpTransportFaults::cleanCloseIsEofForTheDecoder_data()
{
    QTest::addColumn<int>("framing");
    QTest::newRow("chunked") << int(Server::Framing::Chunked);
    QTest::newRow("content-length") << int(Server::Framing::ContentLength);
    QTest::newRow("close-delimited") << int(Server::Framing::CloseDelimited);
}

void TestHttpTransportFaults::cleanCloseIsEofForTheDecoder()
{
    // A FIN before the announced end of the body is an EOF, not a network error: the decoder
    // decides whether the provider's stream was truncated.
    QFETCH(int, framing);
    Server server;
    Server::Response response = sseResponse(sseBody(5));
    response.framing = Server::Framing(framing);
    response.fault = Server::Fault::CloseAfter;
    response.faultAfterBytes = 35; // inside the third event
    server.enqueue(response);
    HttpTransport transport;
    Collector c;
    auto log = std::make_shared<SseTextDecoder::Log>();
    transport.start(requestTo(server), std::make_unique<SseTextDecoder>(log), this, c.fn());
    QVERIFY(waitFor([&] { return c.isFinished(); }));
    QVERIFY2(!c.last().transportError.isError(), qPrintable(c.last().transportError.message));
    QCOMPARE(log->finishes, 1);
    QCOMPARE(c.texts().size(), 2);
    QCOMPARE(c.last().events.last().event.kind, StreamEvent::Kind::Error);
    QCOMPARE(c.last().events.last().event.error.errorClass, ErrorClass::Truncated);
}

void TestHttpTransportFaults::destroyTransportWithLiveTransfers()
{
    Server server;
    Server::Response response = sseResponse(sseBody(5));
    response.fault = Server::Fault::StallAfter;
    response.faultAfterBytes = 15; // one whole event
    server.enqueue(response);
    QList<Collector> collectors(3);
    auto transport = std::make_unique<HttpTransport>();
    for (Collector &c : collectors)
        transport->start(requestTo(server), std::make_unique<SseTextDecoder>(), this, c.fn());
    QVERIFY(waitFor([&] {
        return std::all_of(collectors.begin(), collectors.end(),
                           [](const Collector &c) { return !c.updates.isEmpty(); });
    }));
    transport.reset(); // must join the network thread without hanging
    QList<qsizetype> counts;
    for (const Collector &c : collectors)
        counts << c.updates.size();
    QTest::qWait(100); // anything still queued would be delivered now
    for (qsizetype i = 0; i < collectors.size(); ++i) {
        QCOMPARE(collectors[i].updates.size(), counts[i]);
        QCOMPARE(collectors[i].finishedCount(), 0);
    }
}

void TestHttpTransportFaults::deletedContextGetsNoCallback()
{
    Server server;
    Server::Response response = sseResponse(sseBody(5));
    response.fault = Server::Fault::StallAfter;
    response.faultAfterBytes = 15; // one whole event
    server.enqueue(response);
    HttpTransport transport;
    auto *context = new QObject;
    int calls = 0;
    bool sawData = false;
    transport.start(requestTo(server), std::make_unique<SseTextDecoder>(), context,
                    [&](const TransferUpdate &u) {
                        ++calls;
                        sawData = sawData || !u.events.isEmpty();
                    });
    QVERIFY(waitFor([&] { return sawData; }));
    const int before = calls;
    delete context;
    // The transfer is dropped and cancelled at once; nothing reaches the deleted context.
    QCOMPARE(transport.activeTransfers(), 0);
    QVERIFY(waitFor([&] { return server.connectionsAccepted() == 1 && server.requestCount() == 1; }));
    QTest::qWait(100); // the Cancelled update, if any were routed, would arrive now
    QCOMPARE(calls, before);
}

QTEST_GUILESS_MAIN(TestHttpTransportFaults)
#include "tst_httptransportfaults.moc"
