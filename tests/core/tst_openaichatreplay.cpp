#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "adaptertestkit.h"
#include "fakeproviderserver.h"
#include "providers/openaichatdecoder.h"
#include "providers/openaichatprovider.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::FakeProviderServer;

namespace {

using Server = FakeProviderServer;

/// The events the decoder gives for the response fed in one piece (the reference).
QStringList direct(const Server::Response &r)
{
    return Test::decodeWhole([] { return std::make_unique<OpenAIChatDecoder>(); }, r);
}

/// Runs one request through HttpTransport + OpenAIChatProvider::createSource against `server`.
Test::ReplayOutcome run(Server &server, const QString &key = {})
{
    ProviderSettings settings;
    settings.apiKey = key;
    Test::ReplayOutcome outcome =
        Test::replay(OpenAIChatProvider(), server, Test::sampleRequest(u"gpt-5.4-mini"_s), settings, u"/v1"_s);
    if (!outcome.setupError.isEmpty())
        outcome.events << u"usage error: "_s + outcome.setupError;
    return outcome;
}

/// run() without a key, as a Test::ReplayRunner.
Test::ReplayOutcome runKeyless(Server &server, const ProviderSettings &)
{
    return run(server);
}

const QString s_usage = u"openai-chat-stream-text-usage.txt"_s;

} // namespace

class TestOpenAIChatReplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replayMatchesDirectDecoding_data();
    void replayMatchesDirectDecoding();
    void toolCallsThroughTransport();
    void recordedRequest();
    void resetMidStreamIsNetwork();
    void closeMidStreamIsTruncated_data();
    void closeMidStreamIsTruncated();
    void garbageIsMalformed();
    void rateLimitWithRetryAfter();
    void echoedKeyIsRedacted();
};

void TestOpenAIChatReplay::replayMatchesDirectDecoding_data()
{
    // The events are checked by hand in tst_openaichatdecoder; here only that the transport changes nothing.
    QList<QPair<QString, QString>> fixtures;
    for (const QString &f : {u"openai-chat-stream-text-usage.txt"_s, u"openai-chat-stream-length-json-schema.txt"_s,
                               u"openai-chat-stream-midstream-error.txt"_s, u"openai-chat-stream-tool-calls.txt"_s,
                               u"gemini-openai-compat-stream-text.txt"_s, u"openai-chat-error-400-context-length.txt"_s,
                               u"gemini-error-404-on-stream.txt"_s})
        fixtures.append({f, QString()});
    Test::addReplayRows(fixtures);
}

void TestOpenAIChatReplay::replayMatchesDirectDecoding()
{
    QFETCH(QString, fixture);
    SKIP_WITHOUT_SHARED(fixture);
    Test::checkReplayRow([] { return std::make_unique<OpenAIChatDecoder>(); }, runKeyless, 48);
}

void TestOpenAIChatReplay::toolCallsThroughTransport()
{
    SKIP_WITHOUT_SHARED(u"openai-chat-stream-tool-calls.txt"_s);
    for (const Server::Chunking chunking : {Server::Chunking::Whole, Server::Chunking::Bytewise, Server::Chunking::Random}) {
        Server server;
        Server::Response r = Server::fromFixtureName(u"openai-chat-stream-tool-calls.txt"_s);
        r.chunking = chunking;
        r.chunkSize = 32;
        server.enqueue(r);
        const Test::ReplayOutcome got = run(server);
        QCOMPARE(got.finishedUpdates, 1);
        // Written from the fixture: the call's arguments arrive in eight pieces: "", "{\"", "city",
        // "\":\"", "New", " York", " City", "\"}".
        QCOMPARE(got.events, (QStringList{u"meta chatcmpl-ABfwERreu9s99xXsVuOWtIB2UOx62"_s,
                                          u"tool call_4XzlGBLtUe9dy3GVNV4jhq7h get_weather {\"city\":\"New York City\"}"_s,
                                          u"finish tool_calls"_s,
                                          u"usage in=44 cached=-1 write=-1 out=16 reasoning=0"_s}));
    }
}

void TestOpenAIChatReplay::recordedRequest()
{
    SKIP_WITHOUT_SHARED(u"gemini-openai-compat-stream-text.txt"_s);
    Server server;
    server.enqueue(Server::fromFixtureName(u"gemini-openai-compat-stream-text.txt"_s));
    const Test::ReplayOutcome got = run(server, u"sk-replay-4242"_s);
    QCOMPARE(got.events, (QStringList{u"meta SzpyaZuaHu_WxN8P9M-PgA4"_s, u"text Hello World"_s, u"finish stop"_s}));
    const QList<Server::ReceivedRequest> requests = server.requests();
    QCOMPARE(requests.size(), 1);
    const Server::ReceivedRequest &req = requests.first();
    QCOMPARE(req.method, "POST"_ba);
    QCOMPARE(req.target, "/v1/chat/completions"_ba);
    QCOMPARE(headerValue(req.headers, "authorization"), "Bearer sk-replay-4242"_ba);
    QCOMPARE(headerValue(req.headers, "content-type"), "application/json"_ba);
    QCOMPARE(headerValue(req.headers, "accept"), "text/event-stream"_ba);
    const QJsonObject body = QJsonDocument::fromJson(req.body).object();
    QCOMPARE(body[u"model"_s].toString(), u"gpt-5.4-mini"_s);
    QCOMPARE(body[u"stream"_s].toBool(), true);
    QCOMPARE(body[u"stream_options"_s].toObject()[u"include_usage"_s].toBool(), true);
    QCOMPARE(body[u"max_tokens"_s].toInt(), 100); // 127.0.0.1 is not OpenAI: max_tokens
    QVERIFY(!body.contains(u"max_completion_tokens"_s));
    QCOMPARE(body[u"messages"_s].toArray().size(), 2);

    // Without a key, a loopback server gets no Authorization header.
    Server keyless;
    keyless.enqueue(Server::fromFixtureName(u"gemini-openai-compat-stream-text.txt"_s));
    run(keyless);
    QCOMPARE(keyless.requests().size(), 1);
    QVERIFY(headerValue(keyless.requests().first().headers, "authorization").isEmpty());
}

void TestOpenAIChatReplay::resetMidStreamIsNetwork()
{
    SKIP_WITHOUT_SHARED(s_usage);
    Server::Response r = Test::fixtureWithFault(s_usage, Server::Fault::ResetAfter,
                                                [](const QByteArray &body) { return body.size() / 2; });
    r.chunking = Server::Chunking::Fixed;
    r.chunkSize = 256;
    Test::ReplayOutcome got;
    Test::checkResetIsNetwork(runKeyless, r, &got); // no finish, no decoder verdict in what arrived
    // ... and no usage: whatever arrived before the reset is partial.
    QVERIFY(got.events.size() < direct(Server::fromFixtureName(s_usage)).size());
    for (const QString &e : got.events)
        QVERIFY2(!e.startsWith(u"usage"_s), qPrintable(e));
}

void TestOpenAIChatReplay::closeMidStreamIsTruncated_data()
{
    QTest::addColumn<int>("framing");
    QTest::addColumn<bool>("afterFinish"); // cut just before "data: [DONE]" (finish and usage seen)
    QTest::newRow("chunked-mid") << int(Server::Framing::Chunked) << false;
    QTest::newRow("close-delimited-mid") << int(Server::Framing::CloseDelimited) << false;
    QTest::newRow("content-length-mid") << int(Server::Framing::ContentLength) << false;
    QTest::newRow("chunked-before-done") << int(Server::Framing::Chunked) << true;
    QTest::newRow("close-delimited-before-done") << int(Server::Framing::CloseDelimited) << true;
}

void TestOpenAIChatReplay::closeMidStreamIsTruncated()
{
    QFETCH(int, framing);
    QFETCH(bool, afterFinish);
    SKIP_WITHOUT_SHARED(s_usage);
    Server::Response r = Test::fixtureWithFault(s_usage, Server::Fault::CloseAfter, [&](const QByteArray &body) {
        return afterFinish ? body.indexOf("data: [DONE]") : body.size() / 2;
    });
    r.framing = Server::Framing(framing);
    Test::ReplayOutcome got;
    Test::checkCloseIsTruncated(runKeyless, r, &got);
    QCOMPARE(got.events.contains(u"finish stop"_s), afterFinish);
}

void TestOpenAIChatReplay::garbageIsMalformed()
{
    SKIP_WITHOUT_SHARED(s_usage);
    // Garbage after the first event: its Meta id, then the error.
    Test::checkGarbageIsMalformed(runKeyless, s_usage, [](const QByteArray &body) { return body.indexOf("\n\n") + 2; }, 2);
}

void TestOpenAIChatReplay::rateLimitWithRetryAfter()
{
    Server server;
    Server::Response r;
    r.status = 429;
    r.headers = {{"Content-Type", "text/event-stream"}, {"Retry-After", "7"}};
    r.body = R"({"error":{"message":"Rate limit reached for gpt-5.4-mini","type":"requests","param":null,"code":"rate_limit_exceeded"}})";
    r.chunking = Server::Chunking::Bytewise;
    server.enqueue(r);
    const Test::ReplayOutcome got = run(server, u"sk-replay-4242"_s);
    QCOMPARE(got.httpStatus, 429);
    QCOMPARE(got.transportError.errorClass, ErrorClass::None);
    QCOMPARE(got.events, QStringList{u"error rate-limit 429 retry=7: Rate limit reached for gpt-5.4-mini"_s});
}

void TestOpenAIChatReplay::echoedKeyIsRedacted()
{
    Server server;
    Server::Response r;
    r.status = 401;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = R"({"error":{"message":"Incorrect API key provided: sk-replay-4242.","type":"invalid_request_error","code":"invalid_api_key"}})";
    server.enqueue(r);
    const Test::ReplayOutcome got = run(server, u"sk-replay-4242"_s);
    QCOMPARE(got.events, QStringList{u"error auth 401: Incorrect API key provided: [redacted]."_s});
}

QTEST_GUILESS_MAIN(TestOpenAIChatReplay)
#include "tst_openaichatreplay.moc"
