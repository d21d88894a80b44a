#include <QTest>

#include "fakeproviderserver.h"
#include "transport/httpfetch.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Server = Crucible::Test::FakeProviderServer;

namespace {

HttpRequest getRequest(const Server &server, const QString &path, const QString &key = u"test-key-4242"_s)
{
    HttpRequest request;
    request.method = "GET";
    QUrl url = server.baseUrl();
    url.setPath(path);
    request.url = url;
    request.headers = {{"Authorization", "Bearer " + key.toUtf8()}};
    request.body.clear();
    request.secrets = {key};
    request.timeouts.connect = std::chrono::milliseconds(3000);
    request.timeouts.idle = std::chrono::milliseconds(3000);
    return request;
}

Server::Response jsonResponse(int status, const QByteArray &body)
{
    Server::Response r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = body;
    return r;
}

const QByteArray ModelsBody = R"j({"object":"list","data":[{"id":"gpt-5.4","object":"model"},{"id":"gpt-5.4-mini","object":"model"}]})j";

} // namespace

class TestHttpFetch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        for (const char *name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
            qunsetenv(name);
        qputenv("no_proxy", "127.0.0.1,localhost");
    }

    void wholeBodyAnySplit_data()
    {
        QTest::addColumn<int>("chunking");
        QTest::newRow("whole") << int(Server::Chunking::Whole);
        QTest::newRow("bytewise") << int(Server::Chunking::Bytewise);
        QTest::newRow("random") << int(Server::Chunking::Random);
    }
    void wholeBodyAnySplit()
    {
        QFETCH(int, chunking);
        Server server;
        Server::Response r = jsonResponse(200, ModelsBody);
        r.chunking = Server::Chunking(chunking);
        r.chunkSize = 7;
        r.headers.append(qMakePair(QByteArray("x-request-id"), QByteArray("req_7")));
        server.enqueue(r);
        HttpTransport transport;
        const HttpFetchResult result = httpFetchBlocking(transport, getRequest(server, u"/v1/models"_s));
        QVERIFY2(result.ok(), qPrintable(result.error.message));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.body, ModelsBody);
        QCOMPARE(headerValue(result.headers, "X-Request-Id"), "req_7"_ba);
        const auto requests = server.requests();
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests.first().method, "GET"_ba);
        QCOMPARE(requests.first().target, "/v1/models"_ba);
        QCOMPARE(headerValue(requests.first().headers, "authorization"), "Bearer test-key-4242"_ba);
    }

    void postBodyIsSent()
    {
        Server server;
        server.enqueue(jsonResponse(200, R"j({"input_tokens":12})j"));
        HttpTransport transport;
        HttpRequest request = getRequest(server, u"/v1/messages/count_tokens"_s);
        request.method = "POST";
        request.body = R"j({"model":"m"})j";
        request.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        const HttpFetchResult result = httpFetchBlocking(transport, request);
        QVERIFY(result.ok());
        QCOMPARE(result.body, R"j({"input_tokens":12})j"_ba);
        QCOMPARE(server.requests().first().method, "POST"_ba);
        QCOMPARE(server.requests().first().body, R"j({"model":"m"})j"_ba);
    }

    void httpErrorsAreClassifiedAndBodyKept_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("errorClass");
        QTest::newRow("404") << 404 << R"j({"error":{"message":"The model x does not exist","type":"invalid_request_error","code":"model_not_found"}})j"_ba << u"not-found"_s;
        QTest::newRow("401") << 401 << R"j({"error":{"message":"Incorrect API key provided: test-key-4242","type":"invalid_request_error"}})j"_ba << u"auth"_s;
        QTest::newRow("500 text") << 500 << "oops"_ba << u"server"_s;
        QTest::newRow("529") << 529 << R"j({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})j"_ba << u"overloaded"_s;
    }
    void httpErrorsAreClassifiedAndBodyKept()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, errorClass);
        Server server;
        server.enqueue(jsonResponse(status, body));
        HttpTransport transport;
        const HttpFetchResult result = httpFetchBlocking(transport, getRequest(server, u"/v1/models"_s));
        QVERIFY(!result.ok());
        QCOMPARE(result.status, status);
        QCOMPARE(result.body, body);
        QCOMPARE(errorClassName(result.error.errorClass), errorClass);
        QCOMPARE(result.error.httpStatus, status);
        QVERIFY2(!result.error.message.contains(u"test-key-4242"_s), qPrintable(result.error.message));
    }

    void retryAfterIsRead()
    {
        Server server;
        Server::Response r = jsonResponse(429, R"j({"error":{"message":"slow down","type":"rate_limit_error"}})j");
        r.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("7")));
        server.enqueue(r);
        HttpTransport transport;
        const HttpFetchResult result = httpFetchBlocking(transport, getRequest(server, u"/v1/models"_s));
        QCOMPARE(result.error.errorClass, ErrorClass::RateLimit);
        QCOMPARE(result.error.retryAfterSeconds, std::optional<double>(7));
    }

    void transportFailures()
    {
        HttpTransport transport;
        quint16 closedPort = 0;
        {
            Server gone;
            closedPort = gone.port();
        }
        HttpRequest refused;
        refused.method = "GET";
        refused.url = QUrl(u"http://127.0.0.1:%1/v1/models"_s.arg(closedPort));
        refused.timeouts.connect = std::chrono::milliseconds(3000);
        HttpFetchResult result = httpFetchBlocking(transport, refused);
        QCOMPARE(result.error.errorClass, ErrorClass::Network);
        QCOMPARE(result.status, 0);

        Server server;
        Server::Response reset = jsonResponse(200, ModelsBody);
        reset.framing = Server::Framing::ContentLength;
        reset.fault = Server::Fault::ResetAfter;
        reset.faultAfterBytes = 10;
        server.enqueue(reset);
        result = httpFetchBlocking(transport, getRequest(server, u"/v1/models"_s));
        QVERIFY(!result.ok());
        QCOMPARE(result.error.errorClass, ErrorClass::Network);

        Server::Response stall = jsonResponse(200, ModelsBody);
        stall.fault = Server::Fault::StallAfter;
        stall.faultAfterBytes = 5;
        server.enqueue(stall);
        HttpRequest request = getRequest(server, u"/v1/models"_s);
        request.timeouts.idle = std::chrono::milliseconds(300);
        result = httpFetchBlocking(transport, request);
        QCOMPARE(result.error.errorClass, ErrorClass::Timeout);
    }

    void asyncCallbackAndContextDestroyed()
    {
        Server server;
        Server::Response slow = jsonResponse(200, ModelsBody);
        slow.headerDelay = std::chrono::milliseconds(200);
        server.enqueue(slow);
        HttpTransport transport;
        int calls = 0;
        HttpFetchResult got;
        httpFetch(transport, getRequest(server, u"/v1/models"_s), this, [&](const HttpFetchResult &r) {
            ++calls;
            got = r;
        });
        QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 10000);
        QCOMPARE(got.body, ModelsBody);

        auto context = std::make_unique<QObject>();
        int lateCalls = 0;
        httpFetch(transport, getRequest(server, u"/v1/models"_s), context.get(),
                  [&](const HttpFetchResult &) { ++lateCalls; });
        context.reset();
        QTest::qWait(500);
        QCOMPARE(lateCalls, 0);
        QTRY_COMPARE_WITH_TIMEOUT(transport.activeTransfers(), 0, 5000);
    }
};

QTEST_GUILESS_MAIN(TestHttpFetch)
#include "tst_httpfetch.moc"
