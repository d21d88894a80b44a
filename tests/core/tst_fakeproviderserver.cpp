// FakeProviderServer on the wire: chunking/framing, request recording, queueing, keep-alive.
// Fixture parsing: tst_fakeproviderfixture.cpp; faults and shutdown: tst_fakeproviderfaults.cpp.

#include <QTest>

#include <cerrno>
#include <memory>
#include <thread>

#include "fakeproviderserver.h"
#include "fakeserverwire.h"
#include "rawhttpclient.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using namespace Crucible::Test;

using Server = FakeProviderServer;

namespace {

bool hasHeader(const HttpHeaders &headers, QByteArrayView name)
{
    return !headerValue(headers, name).isEmpty();
}

} // namespace

Q_DECLARE_METATYPE(Server::Chunking)
Q_DECLARE_METATYPE(Server::Framing)

class TestFakeProviderServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listensOnLoopbackEphemeralPort();
    void chunkingReassembles_data();
    void chunkingReassembles();
    void randomChunkingIsSeeded();
    void slowDripWithHeaderDelay();
    void recordsRequests();
    void recordsChunkedUploadAndExpectContinue();
    void recordsAbsoluteProxyTarget();
    void queueOrderThenLastRepeats();
    void nothingQueuedAnswers500Json();
    void keepAliveServesSeveralRequests();
    void statusWithRetryAfter();
    void headAndNoContentHaveNoBody();
    void waitForRequestsBlocksUntilArrival();
};

void TestFakeProviderServer::listensOnLoopbackEphemeralPort()
{
    Server a;
    Server b;
    QVERIFY(a.isListening());
    QVERIFY(b.isListening());
    QVERIFY(a.port() != b.port());
    QCOMPARE(a.baseUrl().host(), u"127.0.0.1"_s);
    QCOMPARE(a.baseUrl().port(), int(a.port()));
}

void TestFakeProviderServer::chunkingReassembles_data()
{
    QTest::addColumn<Server::Chunking>("chunking");
    QTest::addColumn<Server::Framing>("framing");
    const QList<QPair<const char *, Server::Chunking>> chunkings = {
        {"whole", Server::Chunking::Whole},
        {"bytewise", Server::Chunking::Bytewise},
        {"random", Server::Chunking::Random},
        {"fixed", Server::Chunking::Fixed}};
    const QList<QPair<const char *, Server::Framing>> framings = {
        {"chunked", Server::Framing::Chunked},
        {"content-length", Server::Framing::ContentLength},
        {"close-delimited", Server::Framing::CloseDelimited}};
    for (const auto &[chunkingName, chunking] : chunkings) {
        for (const auto &[framingName, framing] : framings)
            QTest::addRow("%s/%s", chunkingName, framingName) << chunking << framing;
    }
}

void TestFakeProviderServer::chunkingReassembles()
{
    QFETCH(Server::Chunking, chunking);
    QFETCH(Server::Framing, framing);
    Server::Response response = sseFixtureResponse();
    response.chunking = chunking;
    response.framing = framing;
    response.chunkSize = 13;
    response.seed = 7;
    Server server;
    server.enqueue(response);

    const RawHttpClient::Response got = fetchOnce(server);
    QVERIFY(got.complete);
    QCOMPARE(got.status, 200);
    QCOMPARE(got.body, response.body);
    QCOMPARE(headerValue(got.headers, "Content-Type"), QByteArray("text/event-stream"));
    const qsizetype size = response.body.size();
    switch (framing) {
    case Server::Framing::ContentLength:
        QCOMPARE(headerValue(got.headers, "Content-Length").toLongLong(), size);
        return;
    case Server::Framing::CloseDelimited:
        QVERIFY(!hasHeader(got.headers, "Content-Length"));
        QVERIFY(!hasHeader(got.headers, "Transfer-Encoding"));
        return;
    case Server::Framing::Chunked: break;
    }
    QCOMPARE(headerValue(got.headers, "Transfer-Encoding"), QByteArray("chunked"));
    qsizetype total = 0;
    for (qsizetype i = 0; i < got.chunkSizes.size(); ++i) {
        const qsizetype chunk = got.chunkSizes.at(i);
        total += chunk;
        switch (chunking) {
        case Server::Chunking::Whole: QCOMPARE(chunk, size); break;
        case Server::Chunking::Bytewise: QCOMPARE(chunk, 1); break;
        case Server::Chunking::Random: QVERIFY(chunk >= 1 && chunk <= 13); break;
        case Server::Chunking::Fixed:
            QCOMPARE(chunk, i + 1 < got.chunkSizes.size() ? 13 : (size - 1) % 13 + 1);
            break;
        }
    }
    QCOMPARE(total, size);
}

void TestFakeProviderServer::randomChunkingIsSeeded()
{
    Server::Response response = sseFixtureResponse();
    response.chunking = Server::Chunking::Random;
    response.chunkSize = 40;
    response.seed = 42;
    Server server;
    server.enqueue(response);
    const RawHttpClient::Response first = fetchOnce(server);
    const RawHttpClient::Response second = fetchOnce(server);
    QCOMPARE(first.body, response.body);
    QCOMPARE(first.chunkSizes, second.chunkSizes);
    QVERIFY(first.chunkSizes.size() > 2);
    QVERIFY(first.chunkSizes.count(first.chunkSizes.first()) < first.chunkSizes.size()); // not all equal
}

void TestFakeProviderServer::slowDripWithHeaderDelay()
{
    Server::Response response;
    response.headers = {{"Content-Type", "text/event-stream"}};
    response.body = "data: {\"a\":1}\n\ndata: [DONE]\n\n";
    response.chunking = Server::Chunking::Fixed;
    response.chunkSize = 7;
    response.pacing = std::chrono::milliseconds(3);
    response.headerDelay = std::chrono::milliseconds(5);
    Server server;
    server.enqueue(response);
    const RawHttpClient::Response got = fetchOnce(server);
    QVERIFY(got.complete);
    QCOMPARE(got.body, response.body);
    QCOMPARE(got.chunkSizes, QList<qsizetype>({7, 7, 7, 7, 1})); // 29 bytes
    QCOMPARE(response.body.size(), 29);
}

void TestFakeProviderServer::recordsRequests()
{
    Server server;
    server.enqueue(sseFixtureResponse());
    const QByteArray body = R"({"model":"gpt-4o","stream":true})";
    RawHttpClient client(server.port());
    client.send(RawHttpClient::request("POST", "/v1/chat/completions?x=1", body,
                                       {{"Authorization", "Bearer sk-test"}, {"Connection", "close"}}));
    QVERIFY(client.readResponse().complete);

    const QList<Server::ReceivedRequest> requests = server.requests();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(server.requestCount(), 1);
    QCOMPARE(requests.first().method, QByteArray("POST"));
    QCOMPARE(requests.first().target, QByteArray("/v1/chat/completions?x=1"));
    QCOMPARE(requests.first().body, body);
    QCOMPARE(headerValue(requests.first().headers, "authorization"), QByteArray("Bearer sk-test"));
    QCOMPARE(headerValue(requests.first().headers, "Host"), QByteArray("127.0.0.1"));
}

void TestFakeProviderServer::recordsChunkedUploadAndExpectContinue()
{
    Server server;
    server.enqueue(sseFixtureResponse());
    RawHttpClient client(server.port());
    client.send(RawHttpClient::request("POST", "/upload", {},
                                       {{"Transfer-Encoding", "chunked"}, {"Expect", "100-continue"}}));
    client.readAtLeast(25);
    QVERIFY(client.received().startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
    client.send("5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n");
    const RawHttpClient::Response got = client.readResponse();
    QVERIFY2(got.complete, client.received().left(300).constData());
    QCOMPARE(server.requests().value(0).body, QByteArray("hello, world"));
}

void TestFakeProviderServer::recordsAbsoluteProxyTarget()
{
    Server server;
    server.enqueue(sseFixtureResponse());
    RawHttpClient client(server.port());
    client.send(RawHttpClient::request("GET", "http://api.example.invalid/v1/models", {},
                                       {{"Proxy-Connection", "Keep-Alive"}, {"Connection", "close"}}));
    const RawHttpClient::Response got = client.readResponse();
    QVERIFY(got.complete);
    QCOMPARE(got.status, 200);
    QCOMPARE(server.requests().value(0).target, QByteArray("http://api.example.invalid/v1/models"));
    QCOMPARE(server.requests().value(0).method, QByteArray("GET"));
}

void TestFakeProviderServer::queueOrderThenLastRepeats()
{
    Server server;
    Server::Response first;
    first.status = 201;
    first.body = "first";
    Server::Response second;
    second.status = 202;
    second.body = "second";
    server.enqueue(first);
    server.enqueue(second);
    QCOMPARE(fetchOnce(server).body, QByteArray("first"));
    QCOMPARE(fetchOnce(server).status, 202);
    QCOMPARE(fetchOnce(server).body, QByteArray("second"));
    server.clearQueue();
    QCOMPARE(fetchOnce(server).status, 500);
}

void TestFakeProviderServer::nothingQueuedAnswers500Json()
{
    Server server;
    const RawHttpClient::Response got = fetchOnce(server);
    QCOMPARE(got.status, 500);
    QCOMPARE(headerValue(got.headers, "Content-Type"), QByteArray("application/json"));
    QVERIFY(got.body.startsWith(R"({"error":)"));
}

void TestFakeProviderServer::keepAliveServesSeveralRequests()
{
    Server server;
    Server::Response response = sseFixtureResponse();
    response.chunking = Server::Chunking::Fixed;
    server.enqueue(response);
    RawHttpClient client(server.port());
    for (int i = 0; i < 3; ++i) {
        client.send(RawHttpClient::request("POST", "/v1/chat/completions", QByteArray::number(i)));
        const RawHttpClient::Response got = client.readResponse();
        QVERIFY(got.complete);
        QCOMPARE(got.body, response.body);
    }
    QCOMPARE(server.connectionsAccepted(), 1);
    QCOMPARE(server.requests().value(2).body, QByteArray("2"));
}

void TestFakeProviderServer::statusWithRetryAfter()
{
    Server server;
    Server::Response limited = Server::fromFixtureName(u"openai-responses-error-429.txt"_s);
    limited.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("7")));
    limited.framing = Server::Framing::ContentLength;
    server.enqueue(limited);
    const RawHttpClient::Response got = fetchOnce(server);
    QCOMPARE(got.status, 429);
    QCOMPARE(got.reason, QByteArray("Too Many Requests"));
    QCOMPARE(headerValue(got.headers, "Retry-After"), QByteArray("7"));
    QCOMPARE(got.body, limited.body);
}

void TestFakeProviderServer::headAndNoContentHaveNoBody()
{
    Server server;
    Server::Response response = sseFixtureResponse();
    response.framing = Server::Framing::ContentLength;
    server.enqueue(response);
    RawHttpClient head(server.port());
    head.send(RawHttpClient::request("HEAD", "/v1/models", {}, {{"Connection", "close"}}));
    head.readUntilClosed();
    QVERIFY(head.sawEof());
    QVERIFY(head.received().endsWith("\r\n\r\n"));
    QCOMPARE(headerValue(RawHttpClient::parse(head.received(), true).headers, "Content-Length").toLongLong(),
             response.body.size());

    server.clearQueue();
    Server::Response noContent;
    noContent.status = 204;
    noContent.body = "must not be sent";
    server.enqueue(noContent);
    RawHttpClient client(server.port());
    client.send(RawHttpClient::request("DELETE", "/v1/files/1", {}, {{"Connection", "close"}}));
    client.readUntilClosed();
    QVERIFY(client.received().startsWith("HTTP/1.1 204 No Content\r\n"));
    QVERIFY(client.received().endsWith("\r\n\r\n"));
    QVERIFY(!client.received().contains("must not"));
    QVERIFY(!client.received().contains("Transfer-Encoding"));
}

void TestFakeProviderServer::waitForRequestsBlocksUntilArrival()
{
    Server server;
    server.enqueue(sseFixtureResponse());
    QVERIFY(!server.waitForRequests(1, std::chrono::milliseconds(1)));
    RawHttpClient::Response got;
    std::thread client([&server, &got] { got = fetchOnce(server); });
    const bool arrived = server.waitForRequests(1);
    client.join();
    QVERIFY(arrived);
    QVERIFY(got.complete);
    QCOMPARE(server.requestCount(), 1);
}

QTEST_GUILESS_MAIN(TestFakeProviderServer)
#include "tst_fakeproviderserver.moc"
