// FakeProviderServer::fromFixture(): every file of shared/reference/fixtures parses and replays.

#include <QFile>
#include <QTest>

#include "fakeproviderserver.h"
#include "rawhttpclient.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using namespace Crucible::Test;

using Server = FakeProviderServer;

namespace {

QByteArray fixtureFileAfterSourceLine(const QString &name)
{
    QFile file(Server::fixturePath(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray all = file.readAll();
    return all.mid(all.indexOf('\n') + 1);
}

} // namespace

class TestFakeProviderFixture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fixturesExist();
    void everyFixtureParses_data();
    void everyFixtureParses();
    void handCheckedFixtures_data();
    void handCheckedFixtures();
    void missingFixtureReportsError();
};

void TestFakeProviderFixture::fixturesExist()
{
    const QStringList names = Server::fixtureNames();
    QVERIFY2(names.size() >= 20, qPrintable(Server::fixturePath(QString())));
    QVERIFY(names.contains(u"openai-chat-stream-text-usage.txt"_s));
}

void TestFakeProviderFixture::everyFixtureParses_data()
{
    QTest::addColumn<QString>("name");
    const QStringList names = Server::fixtureNames();
    for (const QString &name : names)
        QTest::newRow(qPrintable(name)) << name;
}

void TestFakeProviderFixture::everyFixtureParses()
{
    QFETCH(QString, name);
    const Server::Response fixture = Server::fromFixtureName(name);
    QVERIFY2(fixture.status > 0, qPrintable(fixture.reason));
    QVERIFY(!fixture.body.isEmpty());
    QVERIFY(!fixture.body.startsWith("# source"));
    QVERIFY(!fixture.body.startsWith("HTTP/"));
    QVERIFY(!headerValue(fixture.headers, "Content-Type").isEmpty());
    QVERIFY(headerValue(fixture.headers, "Content-Length").isEmpty());
    QVERIFY(headerValue(fixture.headers, "Transfer-Encoding").isEmpty());
    const QByteArray file = fixtureFileAfterSourceLine(name);
    if (file.startsWith("HTTP/"))
        QVERIFY(file.contains(fixture.body));
    else
        QCOMPARE(fixture.body, file);

    // And it replays byte-exact over the wire.
    Server server;
    server.enqueue(fixture);
    RawHttpClient client(server.port());
    client.send(RawHttpClient::request("POST", "/v1/chat/completions", "{}", {{"Connection", "close"}}));
    const RawHttpClient::Response got = client.readResponse();
    QVERIFY(got.complete);
    QCOMPARE(got.status, fixture.status);
    QCOMPARE(got.body, fixture.body);
    QCOMPARE(headerValue(got.headers, "Content-Type"), headerValue(fixture.headers, "Content-Type"));
}

void TestFakeProviderFixture::handCheckedFixtures_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("bodyStart");
    QTest::addColumn<int>("bodySize"); // -1: not checked

    QTest::newRow("anthropic 400, HTTP/2.0 dump")
        << u"anthropic-error-400.txt"_s << 400 << u"Bad Request"_s << QByteArray("application/json")
        << QByteArray(R"({"type":"error","error":{"type":"invalid_request_error")") << 164;
    QTest::newRow("openai 400, pretty JSON")
        << u"openai-chat-error-400-context-length.txt"_s << 400 << u"Bad Request"_s
        << QByteArray("application/json") << QByteArray("{\n  \"error\": {\n") << 281;
    QTest::newRow("openai 429") << u"openai-responses-error-429.txt"_s << 429 << u"Too Many Requests"_s
                                << QByteArray("application/json") << QByteArray("{\n") << 176;
    QTest::newRow("gemini 404, no reason, SSE type on JSON")
        << u"gemini-error-404-on-stream.txt"_s << 404 << QString() << QByteArray("text/event-stream")
        << QByteArray(R"({"error": {"code": 404, )") << -1;
    QTest::newRow("bare pretty JSON") << u"gemini-error-429-resource-exhausted.txt"_s << 200 << QString()
                                      << QByteArray("application/json") << QByteArray("{\n  \"error\": {") << -1;
    QTest::newRow("bare one-line JSON") << u"llamacpp-error-503-loading.txt"_s << 200 << QString()
                                        << QByteArray("application/json")
                                        << QByteArray(R"({"error": {"code": 503, "message": "Loading model")") << 82;
    QTest::newRow("NDJSON") << u"ollama-chat-stream-text.ndjson.txt"_s << 200 << QString()
                            << QByteArray("application/x-ndjson") << QByteArray(R"({"model":"llama3.2",)") << -1;
    QTest::newRow("SSE with event lines") << u"anthropic-stream-text.txt"_s << 200 << QString()
                                          << QByteArray("text/event-stream")
                                          << QByteArray("event: message_start\ndata: {") << -1;
    QTest::newRow("SSE with CRLF") << u"gemini-stream-single-chunk-thoughts.txt"_s << 200 << QString()
                                   << QByteArray("text/event-stream")
                                   << QByteArray(R"(data: {"candidates": [{"content": )") << -1;
}

void TestFakeProviderFixture::handCheckedFixtures()
{
    QFETCH(QString, name);
    QFETCH(int, status);
    QFETCH(QString, reason);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, bodyStart);
    QFETCH(int, bodySize);

    const Server::Response fixture = Server::fromFixtureName(name);
    QCOMPARE(fixture.status, status);
    QCOMPARE(fixture.reason, reason);
    QCOMPARE(headerValue(fixture.headers, "Content-Type"), contentType);
    QVERIFY2(fixture.body.startsWith(bodyStart), fixture.body.left(80).constData());
    if (bodySize >= 0)
        QCOMPARE(fixture.body.size(), qsizetype(bodySize));
    if (name.startsWith("gemini-error-404"_L1)) {
        QCOMPARE(headerValue(fixture.headers, "Server"), QByteArray("scaffolding on HTTPServer2"));
        QCOMPARE(fixture.headers.first().first, QByteArray("Content-Type")); // wire order kept
    }
    if (name.startsWith("gemini-stream-single"_L1))
        QVERIFY(fixture.body.contains("}\r\n\r\n"));
}

void TestFakeProviderFixture::missingFixtureReportsError()
{
    const Server::Response missing = Server::fromFixtureName(u"no-such-fixture.txt"_s);
    QCOMPARE(missing.status, 0);
    QVERIFY(!missing.reason.isEmpty());
}

QTEST_GUILESS_MAIN(TestFakeProviderFixture)
#include "tst_fakeproviderfixture.moc"
