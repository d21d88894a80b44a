#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "adaptertestkit.h"
#include "providers/anthropic/anthropicdecoder.h"
#include "providers/anthropic/anthropicprovider.h"
#include "tst_anthropicexpected.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::FakeProviderServer;

namespace {

using Server = FakeProviderServer;

const QString s_key = u"test-key-4242"_s;
const QString s_text = u"anthropic-stream-text.txt"_s;

Test::ReplayOutcome run(Server &server, ProviderSettings settings = {}, const QString &basePath = {})
{
    if (settings.apiKey.isEmpty())
        settings.apiKey = s_key;
    return Test::replay(AnthropicProvider(), server, Test::sampleRequest(u"claude-sonnet-5-5"_s), settings, basePath);
}

QStringList expectedFor(const QString &fixture)
{
    for (const auto &[name, events] : AnthropicExpected::fixtures()) {
        if (name == fixture)
            return events;
    }
    return {};
}

Test::ReplayOutcome runDefault(Server &server, const ProviderSettings &settings)
{
    return run(server, settings);
}

} // namespace

class TestAnthropicReplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fixtures_data();
    void fixtures();
    void recordedRequest();
    void httpErrors_data();
    void httpErrors();
    void resetMidStreamIsNetwork();
    void closeMidStreamIsTruncated_data();
    void closeMidStreamIsTruncated();
    void stallIsTimeout();
    void garbageIsMalformed();
    void echoedKeyIsRedacted();
};

void TestAnthropicReplay::fixtures_data()
{
    QList<QPair<QString, QString>> fixtures;
    for (const auto &[name, events] : AnthropicExpected::fixtures())
        fixtures.append({name, events.last()});
    QList<Test::Delivery> deliveries{
        {"whole-length", Server::Chunking::Whole, Server::Framing::ContentLength, 1},
        {"bytewise-chunked", Server::Chunking::Bytewise, Server::Framing::Chunked, 1},
        {"bytewise-close", Server::Chunking::Bytewise, Server::Framing::CloseDelimited, 1}};
    for (quint32 seed : {1u, 2u, 3u, 4u})
        deliveries.append({"random-" + QByteArray::number(seed), Server::Chunking::Random,
                           seed % 2 ? Server::Framing::Chunked : Server::Framing::CloseDelimited, seed});
    Test::addReplayRows(fixtures, deliveries);
}

void TestAnthropicReplay::fixtures()
{
    QFETCH(QString, fixture);
    SKIP_WITHOUT_SHARED(fixture);
    QList<Server::ReceivedRequest> requests;
    const auto runAndRecord = [&](Server &server, const ProviderSettings &settings) {
        const Test::ReplayOutcome outcome = run(server, settings);
        requests = server.requests();
        return outcome;
    };
    Test::checkReplayRow([] { return std::make_unique<AnthropicDecoder>(); }, runAndRecord, 48, expectedFor(fixture));
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().target, "/v1/messages"_ba);
}

void TestAnthropicReplay::recordedRequest()
{
    SKIP_WITHOUT_SHARED(s_text);
    for (const QString &basePath : {QString(), u"/v1"_s, u"/v1/"_s}) {
        Server server;
        server.enqueue(Server::fromFixtureName(s_text));
        ChatRequest request = Test::sampleRequest(u"claude-sonnet-5-5"_s);
        request.messages.prepend({ChatMessage::Role::Developer, u"Answer in French."_s});
        request.temperature = 0.25;
        request.stop = {u"###"_s};
        ProviderSettings settings;
        settings.apiKey = s_key;
        const Test::ReplayOutcome got = Test::replay(AnthropicProvider(), server, request, settings, basePath);
        QCOMPARE(got.events, expectedFor(s_text));
        const QList<Server::ReceivedRequest> requests = server.requests();
        QCOMPARE(requests.size(), 1);
        const Server::ReceivedRequest &req = requests.first();
        QCOMPARE(req.method, "POST"_ba);
        QCOMPARE(req.target, "/v1/messages"_ba); // a base already ending in /v1 is not doubled
        QCOMPARE(headerValue(req.headers, "x-api-key"), s_key.toUtf8());
        QCOMPARE(headerValue(req.headers, "anthropic-version"), "2023-06-01"_ba);
        QCOMPARE(headerValue(req.headers, "content-type"), "application/json"_ba);
        QCOMPARE(headerValue(req.headers, "accept"), "text/event-stream"_ba);
        QVERIFY(headerValue(req.headers, "authorization").isEmpty());
        const QJsonObject body = QJsonDocument::fromJson(req.body).object();
        QCOMPARE(body[u"model"_s].toString(), u"claude-sonnet-5-5"_s);
        QCOMPARE(body[u"system"_s].toString(), u"Answer in French.\n\nBe terse."_s);
        const QJsonArray onlyUser{QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, u"Weather?"_s}}};
        QCOMPARE(body[u"messages"_s].toArray(), onlyUser);
        QCOMPARE(body[u"max_tokens"_s].toInt(), 100);
        QCOMPARE(body[u"temperature"_s].toDouble(), 0.25);
        QCOMPARE(body[u"stop_sequences"_s].toArray(), QJsonArray{u"###"_s});
        QCOMPARE(body[u"stream"_s].toBool(), true);
        QVERIFY(!body.contains(u"thinking"_s));
        QVERIFY(!body.contains(u"top_p"_s));
    }
}

void TestAnthropicReplay::httpErrors_data()
{
    Test::addHttpErrorColumns();
    auto body = [](const char *type, const char *message) {
        return R"({"type":"error","error":{"type":")" + QByteArray(type) + R"(","message":")" + message
            + R"("},"request_id":"req_011CTest"})";
    };
    QTest::newRow("400") << 400 << QByteArray() << body("invalid_request_error", "max_tokens: Field required")
                         << u"error bad-request 400: max_tokens: Field required"_s;
    QTest::newRow("400-prompt-too-long") << 400 << QByteArray()
        << body("invalid_request_error", "prompt is too long: 205429 tokens > 200000 maximum")
        << u"error context-length 400: prompt is too long: 205429 tokens > 200000 maximum"_s;
    QTest::newRow("401") << 401 << QByteArray() << body("authentication_error", "invalid x-api-key")
                         << u"error auth 401: invalid x-api-key"_s;
    QTest::newRow("403") << 403 << QByteArray()
        << body("permission_error", "Your API key does not have permission to use the specified resource.")
        << u"error permission 403: Your API key does not have permission to use the specified resource."_s;
    QTest::newRow("404-unknown-model") << 404 << QByteArray() << body("not_found_error", "model: claude-nope-9")
                                       << u"error not-found 404: model: claude-nope-9"_s;
    QTest::newRow("413") << 413 << QByteArray()
        << body("request_too_large", "Request exceeds the maximum allowed number of bytes.")
        << u"error bad-request 413: Request exceeds the maximum allowed number of bytes."_s;
    QTest::newRow("429-retry-after") << 429 << QByteArray("17")
        << body("rate_limit_error", "This request would exceed your organization's rate limit.")
        << u"error rate-limit 429 retry=17: This request would exceed your organization's rate limit."_s;
    QTest::newRow("500") << 500 << QByteArray() << body("api_error", "Internal server error")
                         << u"error server 500: Internal server error"_s;
    QTest::newRow("503") << 503 << QByteArray() << body("api_error", "Service temporarily unavailable")
                         << u"error overloaded 503: Service temporarily unavailable"_s;
    QTest::newRow("529-overloaded") << 529 << QByteArray() << body("overloaded_error", "Overloaded")
                                    << u"error overloaded 529: Overloaded"_s;
    QTest::newRow("502-html") << 502 << QByteArray()
        << QByteArray("<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>")
        << u"error server 502: 502 Bad Gateway"_s;
}

void TestAnthropicReplay::httpErrors()
{
    Test::checkHttpErrorRow(runDefault, {{"Content-Type", "application/json"}, {"request-id", "req_011CTest"}},
                            Server::Chunking::Random, 64, "retry-after");
}

void TestAnthropicReplay::resetMidStreamIsNetwork()
{
    SKIP_WITHOUT_SHARED(s_text);
    Server::Response r = Test::fixtureWithFault(s_text, Server::Fault::ResetAfter, [](const QByteArray &body) {
        return body.indexOf("event: content_block_delta") + 10;
    });
    r.chunking = Server::Chunking::Fixed;
    r.chunkSize = 128;
    Test::ReplayOutcome got;
    Test::checkResetIsNetwork(runDefault, r, &got); // no finish, no decoder verdict in what arrived
    QVERIFY(got.events.size() < expectedFor(s_text).size());
}

void TestAnthropicReplay::closeMidStreamIsTruncated_data()
{
    QTest::addColumn<int>("framing");
    QTest::addColumn<bool>("afterFinish"); // cut just before "event: message_stop"
    QTest::newRow("chunked-mid") << int(Server::Framing::Chunked) << false;
    QTest::newRow("close-delimited-mid") << int(Server::Framing::CloseDelimited) << false;
    QTest::newRow("content-length-mid") << int(Server::Framing::ContentLength) << false;
    QTest::newRow("chunked-before-stop") << int(Server::Framing::Chunked) << true;
    QTest::newRow("close-delimited-before-stop") << int(Server::Framing::CloseDelimited) << true;
}

void TestAnthropicReplay::closeMidStreamIsTruncated()
{
    QFETCH(int, framing);
    QFETCH(bool, afterFinish);
    SKIP_WITHOUT_SHARED(s_text);
    Server::Response r = Test::fixtureWithFault(s_text, Server::Fault::CloseAfter, [&](const QByteArray &body) {
        return afterFinish ? body.indexOf("event: message_stop") : body.indexOf("\" there\"");
    });
    r.framing = Server::Framing(framing);
    Test::ReplayOutcome got;
    Test::checkCloseIsTruncated(runDefault, r, &got, u"error truncated 0: The stream ended"_s);
    QCOMPARE(got.events.contains(u"finish end_turn"_s), afterFinish);
}

void TestAnthropicReplay::stallIsTimeout()
{
    SKIP_WITHOUT_SHARED(s_text);
    const Server::Response r = Test::fixtureWithFault(s_text, Server::Fault::StallAfter, [](const QByteArray &body) {
        return body.indexOf("event: content_block_delta");
    });
    Test::ReplayOutcome got;
    Test::checkStallIsTimeout(runDefault, r, std::chrono::milliseconds(300), &got);
    QCOMPARE(got.events, (QStringList{u"meta msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK"_s,
                                      u"usage in=11 cached=-1 write=-1 out=1 reasoning=-1"_s}));
}

void TestAnthropicReplay::garbageIsMalformed()
{
    SKIP_WITHOUT_SHARED(s_text);
    // Garbage after message_start: its meta and usage came first.
    Test::checkGarbageIsMalformed(runDefault, s_text, [](const QByteArray &body) { return body.indexOf("\n\n") + 2; }, 3,
                                  u"error malformed 0: The stream is not server-sent events"_s);
}

void TestAnthropicReplay::echoedKeyIsRedacted()
{
    Server server;
    Server::Response r;
    r.status = 401;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key: test-key-4242"}})";
    server.enqueue(r);
    const Test::ReplayOutcome got = run(server);
    QCOMPARE(got.events, QStringList{u"error auth 401: invalid x-api-key: [redacted]"_s});
}

QTEST_GUILESS_MAIN(TestAnthropicReplay)
#include "tst_anthropicreplay.moc"
