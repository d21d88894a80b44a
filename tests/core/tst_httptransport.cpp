#include <QPointer>
#include <QSignalSpy>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/clock.h"
#include "fakeproviderserver.h"
#include "transport/httpstreamsource.h"
#include "transport/httptransport.h"
#include "transport/sseparser.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Server = Crucible::Test::FakeProviderServer;

namespace {

/// Test decoder: one TextDelta per SSE event (its data); finish() reports Finish("eof"), or
/// Truncated when the stream ended inside an event. Records what the transport told it.
class SseTextDecoder : public StreamDecoder
{
public:
    struct Log
    {
        int begins = 0;
        int finishes = 0;
        int status = 0;
        HttpHeaders headers;
    };
    explicit SseTextDecoder(std::shared_ptr<Log> log = std::make_shared<Log>()) : m_log(std::move(log)) {}
    void begin(int httpStatus, const HttpHeaders &headers) override
    {
        ++m_log->begins;
        m_log->status = httpStatus;
        m_log->headers = headers;
    }
    void feed(QByteArrayView bytes, std::vector<StreamEvent> &out) override
    {
        std::vector<SseEvent> events;
        m_parser.feed(bytes, events);
        for (const SseEvent &e : events)
            out.push_back(StreamEvent::textDelta(QString::fromUtf8(e.data)));
    }
    void finish(std::vector<StreamEvent> &out) override
    {
        ++m_log->finishes;
        if (m_parser.hasPendingData()) {
            ProviderError error;
            error.errorClass = ErrorClass::Truncated;
            out.push_back(StreamEvent::failure(error));
        } else
            out.push_back(StreamEvent::finish(u"eof"_s));
    }

private:
    std::shared_ptr<Log> m_log;
    SseParser m_parser;
};

/// Collects every update of one transfer on the test thread.
struct Collector
{
    QList<TransferUpdate> updates;
    bool isFinished() const { return !updates.isEmpty() && updates.last().finished; }
    int finishedCount() const
    {
        return int(std::count_if(updates.begin(), updates.end(),
                                 [](const TransferUpdate &u) { return u.finished; }));
    }
    QStringList texts() const
    {
        QStringList out;
        for (const TransferUpdate &u : updates)
            for (const TimedEvent &e : u.events)
                if (e.event.kind == StreamEvent::Kind::TextDelta)
                    out << e.event.text;
        return out;
    }
    const TransferUpdate &last() const { return updates.last(); }
    HttpTransport::UpdateFn fn()
    {
        return [this](const TransferUpdate &u) { updates << u; };
    }
};

QByteArray sseBody(int events)
{
    QByteArray body;
    for (int i = 0; i < events; ++i)
        body += "data: {\"n\":" + QByteArray::number(i) + "}\n\n";
    return body;
}

Server::Response sseResponse(const QByteArray &body)
{
    Server::Response r;
    r.headers = {{"Content-Type", "text/event-stream"}, {"X-Request-Id", "req_42"}};
    r.body = body;
    return r;
}

HttpRequest requestTo(const Server &server, const QString &path = u"/v1/chat/completions"_s)
{
    HttpRequest request;
    QUrl url = server.baseUrl();
    url.setPath(path);
    request.url = url;
    request.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer sk-test-123456"}};
    request.body = "{\"stream\":true}";
    request.secrets = {u"sk-test-123456"_s};
    request.timeouts.connect = std::chrono::milliseconds(5000);
    request.timeouts.idle = std::chrono::milliseconds(10000);
    return request;
}

quint16 closedPort() // a port nobody listens on (bound, then released)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool waitFor(const std::function<bool()> &done, int ms = 10000)
{
    return QTest::qWaitFor(done, ms);
}

} // namespace

class TestHttpTransport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void streamsInOrderWithMarks();
    void chunkingGivesSameResult_data();
    void chunkingGivesSameResult();
    void sendsRequest();
    void httpErrorIsNotTransportError();
    void headersOfTheLastResponse();
    void connectionRefused();
    void idleTimeout();
    void totalTimeout();
    void cancelMidStream();
    void resetMidStream();
    void cleanCloseIsEofForTheDecoder_data();
    void cleanCloseIsEofForTheDecoder();
    void destroyTransportWithLiveTransfers();
    void deletedContextGetsNoCallback();
    void concurrentTransfers();
    void proxyEnvironmentHonoured();
    void streamSource();
    void streamSourceCancelBeforeStart();
};

void TestHttpTransport::initTestCase()
{
    // Hermetic: nothing on this machine's proxy settings may reroute 127.0.0.1.
    for (const char *name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
        qunsetenv(name);
    qputenv("no_proxy", "127.0.0.1,localhost");
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

void TestHttpTransport::connectionRefused()
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

void TestHttpTransport::idleTimeout()
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

void TestHttpTransport::totalTimeout()
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

void TestHttpTransport::cancelMidStream()
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

void TestHttpTransport::resetMidStream()
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

void TestHttpTransport::cleanCloseIsEofForTheDecoder_data()
{
    QTest::addColumn<int>("framing");
    QTest::newRow("chunked") << int(Server::Framing::Chunked);
    QTest::newRow("content-length") << int(Server::Framing::ContentLength);
    QTest::newRow("close-delimited") << int(Server::Framing::CloseDelimited);
}

void TestHttpTransport::cleanCloseIsEofForTheDecoder()
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

void TestHttpTransport::destroyTransportWithLiveTransfers()
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

void TestHttpTransport::deletedContextGetsNoCallback()
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
