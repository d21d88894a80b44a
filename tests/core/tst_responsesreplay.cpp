#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "adaptertestkit.h"
#include "providers/responses/responsesdecoder.h"
#include "providers/responses/responsesprovider.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using namespace Crucible::Test;

class TestResponsesReplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replayMatchesDirectDecoding_data();
    void replayMatchesDirectDecoding();
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

namespace {

using Server = FakeProviderServer;

const QString textFixture = u"openai-responses-stream-text.txt"_s;

ReplayOutcome run(Server &server, ProviderSettings settings = {})
{
    if (settings.apiKey.isEmpty())
        settings.apiKey = u"test-key-4242"_s;
    return replay(OpenAIResponsesProvider(), server, sampleRequest(u"gpt-5.4-mini"_s), settings, u"/v1"_s);
}

} // namespace

void TestResponsesReplay::replayMatchesDirectDecoding_data()
{
    addReplayRows({ // the last events written by hand from the fixtures
        {textFixture, u"finish stop"_s},
        {u"openai-responses-stream-failed-synthetic.txt"_s, u"error server 0: The model failed to generate a response."_s},
        {u"openai-responses-stream-spec-example.txt"_s, u"error malformed 0: The stream is not server-sent events: ..."_s},
        {u"openai-responses-error-429.txt"_s, u"error rate-limit 429: Rate limit exceeded. Please try again in 20 seconds."_s},
        });
}

void TestResponsesReplay::replayMatchesDirectDecoding()
{
    QFETCH(QString, fixture);
    SKIP_WITHOUT_SHARED(fixture);
    checkReplayRow([] { return std::make_unique<ResponsesDecoder>(); }, run, 48);
}

void TestResponsesReplay::recordedRequest()
{
    SKIP_WITHOUT_SHARED(textFixture);
    Server server;
    server.enqueue(Server::fromFixtureName(textFixture));
    ChatRequest request = sampleRequest(u"gpt-5.4-mini"_s);
    request.temperature = 0.25;
    request.seed = 3;
    request.stop = {u"END"_s};
    request.reasoningEffort = u"low"_s;
    ProviderSettings settings;
    settings.apiKey = u"test-key-4242"_s;
    const ReplayOutcome got = replay(OpenAIResponsesProvider(), server, request, settings, u"/v1"_s);
    QCOMPARE(got.events.size(), 20);
    QCOMPARE(got.events.last(), u"finish stop"_s);
    QCOMPARE(got.events.at(18), u"usage in=11 cached=0 write=0 out=18 reasoning=0"_s);
    const QList<Server::ReceivedRequest> requests = server.requests();
    QCOMPARE(requests.size(), 1);
    const Server::ReceivedRequest &req = requests.first();
    QCOMPARE(req.method, "POST"_ba);
    QCOMPARE(req.target, "/v1/responses"_ba);
    QCOMPARE(headerValue(req.headers, "authorization"), "Bearer test-key-4242"_ba);
    QCOMPARE(headerValue(req.headers, "content-type"), "application/json"_ba);
    QCOMPARE(headerValue(req.headers, "accept"), "text/event-stream"_ba);
    const QJsonObject body = QJsonDocument::fromJson(req.body).object();
    QCOMPARE(body[u"model"_s].toString(), u"gpt-5.4-mini"_s);
    QCOMPARE(body[u"instructions"_s].toString(), u"Be terse."_s); // sampleRequest's system message
    const QJsonArray input = body[u"input"_s].toArray();
    QCOMPARE(input.size(), 1);
    QCOMPARE(input[0].toObject()[u"content"_s].toArray()[0].toObject()[u"text"_s].toString(), u"Weather?"_s);
    QCOMPARE(body[u"max_output_tokens"_s].toInt(), 100);
    QCOMPARE(body[u"temperature"_s].toDouble(), 0.25);
    QCOMPARE(body[u"reasoning"_s].toObject()[u"effort"_s].toString(), u"low"_s);
    QCOMPARE(body[u"reasoning"_s].toObject()[u"summary"_s].toString(), u"auto"_s);
    QCOMPARE(body[u"stream"_s].toBool(), true);
    QVERIFY(!body.contains(u"stop"_s));
    QVERIFY(!body.contains(u"seed"_s));
}

void TestResponsesReplay::httpErrors_data()
{
    addHttpErrorColumns();
    QTest::newRow("400") << 400 << QByteArray()
        << R"({"error":{"message":"Unsupported parameter: 'stop'.","type":"invalid_request_error","param":"stop","code":"unsupported_parameter"}})"_ba
        << u"error bad-request 400: Unsupported parameter: 'stop'."_s;
    QTest::newRow("401") << 401 << QByteArray()
        << R"({"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})"_ba
        << u"error auth 401: Incorrect API key provided."_s;
    QTest::newRow("403") << 403 << QByteArray()
        << R"({"error":{"message":"Project does not have access to model gpt-5.5.","type":"invalid_request_error","code":"model_not_found"}})"_ba
        << u"error permission 403: Project does not have access to model gpt-5.5."_s;
    QTest::newRow("404 unknown model") << 404 << QByteArray()
        << R"({"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}})"_ba
        << u"error not-found 404: The model `gpt-9` does not exist or you do not have access to it."_s;
    QTest::newRow("context length") << 400 << QByteArray()
        << R"({"error":{"message":"Your input exceeds the context window of this model.","type":"invalid_request_error","param":"input","code":"context_length_exceeded"}})"_ba
        << u"error context-length 400: Your input exceeds the context window of this model."_s;
    QTest::newRow("422") << 422 << QByteArray()
        << R"({"error":{"message":"Invalid schema for response_format 'response'.","type":"invalid_request_error"}})"_ba
        << u"error bad-request 422: Invalid schema for response_format 'response'."_s;
    QTest::newRow("429 retry-after") << 429 << "20"_ba
        << R"({"error":{"message":"Rate limit exceeded. Please try again in 20 seconds.","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}})"_ba
        << u"error rate-limit 429 retry=20: Rate limit exceeded. Please try again in 20 seconds."_s;
    QTest::newRow("500") << 500 << QByteArray()
        << R"({"error":{"message":"The server had an error while processing your request.","type":"server_error"}})"_ba
        << u"error server 500: The server had an error while processing your request."_s;
    QTest::newRow("503") << 503 << QByteArray()
        << R"({"error":{"message":"The engine is currently overloaded, please try again later.","type":"server_error"}})"_ba
        << u"error overloaded 503: The engine is currently overloaded, please try again later."_s;
}

void TestResponsesReplay::httpErrors()
{
    // §2.7: the body is JSON all the same, whatever the Content-Type says.
    checkHttpErrorRow(run, {{"Content-Type", "text/event-stream"}}, Server::Chunking::Random, 9);
}

void TestResponsesReplay::resetMidStreamIsNetwork()
{
    SKIP_WITHOUT_SHARED(textFixture);
    Server::Response r = fixtureWithFault(textFixture, Server::Fault::ResetAfter,
                                          [](const QByteArray &body) { return body.size() / 2; });
    r.chunking = Server::Chunking::Fixed;
    r.chunkSize = 256;
    ReplayOutcome got;
    checkResetIsNetwork(run, r, &got);
    QVERIFY(got.events.size() < 20);
    for (const QString &e : got.events)
        QVERIFY2(!e.startsWith(u"usage"_s), qPrintable(e));
}

void TestResponsesReplay::closeMidStreamIsTruncated_data()
{
    QTest::addColumn<int>("framing");
    QTest::addColumn<bool>("beforeCompleted"); // cut just before "event: response.completed"
    QTest::newRow("chunked-mid") << int(Server::Framing::Chunked) << false;
    QTest::newRow("close-delimited-mid") << int(Server::Framing::CloseDelimited) << false;
    QTest::newRow("content-length-mid") << int(Server::Framing::ContentLength) << false;
    QTest::newRow("chunked-before-completed") << int(Server::Framing::Chunked) << true;
    QTest::newRow("close-delimited-before-completed") << int(Server::Framing::CloseDelimited) << true;
}

void TestResponsesReplay::closeMidStreamIsTruncated()
{
    QFETCH(int, framing);
    QFETCH(bool, beforeCompleted);
    SKIP_WITHOUT_SHARED(textFixture);
    Server::Response r = fixtureWithFault(textFixture, Server::Fault::CloseAfter, [&](const QByteArray &body) {
        return beforeCompleted ? body.indexOf("event: response.completed") : body.size() / 2;
    });
    r.framing = Server::Framing(framing);
    ReplayOutcome got;
    checkCloseIsTruncated(run, r, &got);
    QCOMPARE(got.events.contains(u"text !"_s), beforeCompleted); // the last delta
    QVERIFY(!got.events.contains(u"finish stop"_s));
}

void TestResponsesReplay::stallIsTimeout()
{
    SKIP_WITHOUT_SHARED(textFixture);
    const Server::Response r = fixtureWithFault(textFixture, Server::Fault::StallAfter, [](const QByteArray &body) {
        return body.indexOf("event: response.output_text.delta");
    });
    ReplayOutcome got;
    checkStallIsTimeout(run, r, std::chrono::milliseconds(800), &got);
    QCOMPARE(got.events.value(0), u"meta resp_0f9c4b2f224d858000695fa062bf048197a680f357bbb09000"_s);
    QVERIFY(!got.events.contains(u"finish stop"_s));
}

void TestResponsesReplay::garbageIsMalformed()
{
    SKIP_WITHOUT_SHARED(textFixture);
    // Garbage after response.created: its Meta id, then the error.
    checkGarbageIsMalformed(run, textFixture, [](const QByteArray &body) { return body.indexOf("\n\n") + 2; }, 2);
}

void TestResponsesReplay::echoedKeyIsRedacted()
{
    Server server;
    Server::Response r;
    r.status = 401;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = R"({"error":{"message":"Incorrect API key provided: test-key-4242.","type":"invalid_request_error","code":"invalid_api_key"}})";
    server.enqueue(r);
    const ReplayOutcome got = run(server);
    QCOMPARE(got.events, QStringList{u"error auth 401: Incorrect API key provided: [redacted]."_s});
}

QTEST_GUILESS_MAIN(TestResponsesReplay)
#include "tst_responsesreplay.moc"
