// GeminiProvider through the real HttpTransport against FakeProviderServer: fixtures at every
// chunking and framing, the request on the wire, and the fault matrix (HTTP errors, reset,
// close, stall, garbage), each classified.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "adaptertestkit.h"
#include "providers/gemini/geminidecoder.h"
#include "providers/gemini/geminiprovider.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using namespace Crucible::Test;

namespace {

using Server = FakeProviderServer;

const QString Key = u"test-key-4242"_s;
const QString Multi = u"gemini-stream-text-multichunk.txt"_s;

std::unique_ptr<StreamDecoder> makeDecoder()
{
    return std::make_unique<GeminiDecoder>();
}

ReplayOutcome run(Server &server, ProviderSettings settings = {})
{
    if (settings.apiKey.isEmpty())
        settings.apiKey = Key;
    return replay(GeminiProvider(), server, sampleRequest(u"gemini-2.5-pro"_s), settings);
}

const HttpHeaders JsonHeaders{{"Content-Type", "application/json; charset=UTF-8"}};

} // namespace

class TestGeminiReplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replayMatchesDirectDecoding_data();
    void replayMatchesDirectDecoding();
    void multichunkByHand();
    void recordedRequest();
    void httpFaults_data();
    void httpFaults();
    void resetMidStreamIsNetwork();
    void closeMidStreamIsTruncated_data();
    void closeMidStreamIsTruncated();
    void stallIsTimeout();
    void garbageIsMalformed();
    void echoedKeyIsRedacted();
};

void TestGeminiReplay::replayMatchesDirectDecoding_data()
{
    // The events are hand-checked in tst_geminidecoder; here only that the transport changes nothing.
    QList<QPair<QString, QString>> fixtures;
    for (const QString &f : {Multi, u"gemini-stream-single-chunk-thoughts.txt"_s, u"gemini-error-404-on-stream.txt"_s,
                             u"gemini-error-429-resource-exhausted.txt"_s})
        fixtures.append({f, QString()});
    QList<Delivery> deliveries{{"whole", Server::Chunking::Whole, Server::Framing::ContentLength, 1},
                               {"bytewise", Server::Chunking::Bytewise, Server::Framing::Chunked, 1}};
    for (quint32 seed : {1u, 2u, 3u, 4u})
        deliveries.append({"random-" + QByteArray::number(seed), Server::Chunking::Random,
                           seed % 2 ? Server::Framing::CloseDelimited : Server::Framing::Chunked, seed});
    addReplayRows(fixtures, deliveries);
}

void TestGeminiReplay::replayMatchesDirectDecoding()
{
    QFETCH(QString, fixture);
    SKIP_WITHOUT_SHARED(fixture);
    checkReplayRow(makeDecoder, run, 48);
}

void TestGeminiReplay::multichunkByHand()
{
    SKIP_WITHOUT_SHARED(Multi);
    Server server;
    Server::Response r = Server::fromFixtureName(Multi);
    r.chunking = Server::Chunking::Random;
    r.chunkSize = 7;
    server.enqueue(r);
    const ReplayOutcome got = run(server);
    QCOMPARE(got.events.size(), 10); // meta, 6 texts, 2 usage reports, finish
    QCOMPARE(got.events.first(), u"meta otSfaMfSOu3xn9kP5pnMyQ4"_s);
    QCOMPARE(got.events[1], u"text Rain"_s);
    QCOMPARE(got.events[2], u"usage in=12 cached=0 write=-1 out=0 reasoning=0"_s);
    QCOMPARE(got.events[8], u"usage in=11 cached=0 write=-1 out=132 reasoning=0"_s);
    QCOMPARE(got.events.last(), u"finish stop"_s);
}

void TestGeminiReplay::recordedRequest()
{
    SKIP_WITHOUT_SHARED(u"gemini-stream-single-chunk-thoughts.txt"_s);
    Server server;
    server.enqueue(Server::fromFixtureName(u"gemini-stream-single-chunk-thoughts.txt"_s));
    ChatRequest request = sampleRequest(u"gemini-2.5-pro"_s);
    request.temperature = 0.5;
    request.stop = {u"END"_s};
    ProviderSettings settings;
    settings.apiKey = Key;
    const ReplayOutcome got = replay(GeminiProvider(), server, request, settings);
    QCOMPARE(got.events, (QStringList{u"meta 4HkhaaajEJaY0-kPyI_b2A4"_s, u"text 1, 2, 3"_s,
                                      u"usage in=8 cached=0 write=-1 out=30 reasoning=23"_s, u"finish stop"_s}));
    const QList<Server::ReceivedRequest> requests = server.requests();
    QCOMPARE(requests.size(), 1);
    const Server::ReceivedRequest &req = requests.first();
    QCOMPARE(req.method, "POST"_ba);
    QCOMPARE(req.target, "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse"_ba);
    QVERIFY(!req.target.contains("key"));
    QCOMPARE(headerValue(req.headers, "x-goog-api-key"), Key.toUtf8());
    QVERIFY(headerValue(req.headers, "authorization").isEmpty());
    QCOMPARE(headerValue(req.headers, "content-type"), "application/json"_ba);
    const QJsonObject body = QJsonDocument::fromJson(req.body).object();
    QCOMPARE(body[u"systemInstruction"_s].toObject()[u"parts"_s].toArray().first().toObject()[u"text"_s].toString(),
             u"Be terse."_s);
    const QJsonArray contents = body[u"contents"_s].toArray();
    QCOMPARE(contents.size(), 1);
    QCOMPARE(contents.first().toObject()[u"role"_s].toString(), u"user"_s);
    QCOMPARE(contents.first().toObject()[u"parts"_s].toArray().first().toObject()[u"text"_s].toString(), u"Weather?"_s);
    const QJsonObject gc = body[u"generationConfig"_s].toObject();
    QCOMPARE(gc[u"maxOutputTokens"_s].toInt(), 100);
    QCOMPARE(gc[u"temperature"_s].toDouble(), 0.5);
    QCOMPARE(gc[u"stopSequences"_s].toArray(), QJsonArray{u"END"_s});
    QCOMPARE(gc[u"thinkingConfig"_s].toObject()[u"includeThoughts"_s].toBool(), true);
    QVERIFY(!body.contains(u"model"_s)); // the model is in the path
}

void TestGeminiReplay::httpFaults_data()
{
    addHttpErrorColumns(); // Gemini sends no Retry-After header: the delay is in RetryInfo
    QTest::newRow("400") << 400 << QByteArray() << R"({"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \"foo\": Cannot find field.","status":"INVALID_ARGUMENT"}})"_ba
        << u"error bad-request 400: Invalid JSON payload received. Unknown name \"foo\": Cannot find field."_s;
    QTest::newRow("400 key invalid") << 400 << QByteArray() << R"({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}})"_ba
        << u"error auth 400: API key not valid. Please pass a valid API key."_s;
    QTest::newRow("401") << 401 << QByteArray() << R"({"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}})"_ba
        << u"error auth 401: Request had invalid authentication credentials."_s;
    QTest::newRow("403") << 403 << QByteArray() << R"({"error":{"code":403,"message":"Permission denied: Consumer has been suspended.","status":"PERMISSION_DENIED"}})"_ba
        << u"error permission 403: Permission denied: Consumer has been suspended."_s;
    QTest::newRow("404") << 404 << QByteArray() << R"({"error":{"code":404,"message":"models/gemini-9 is not found for API version v1beta","status":"NOT_FOUND"}})"_ba
        << u"error not-found 404: models/gemini-9 is not found for API version v1beta"_s;
    QTest::newRow("400 context") << 400 << QByteArray() << R"({"error":{"code":400,"message":"The input token count (1100000) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}})"_ba
        << u"error context-length 400: The input token count (1100000) exceeds the maximum number of tokens allowed (1048576)."_s;
    QTest::newRow("429") << 429 << QByteArray() << R"({"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generate_content_free_tier_requests"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"30s"}]}})"_ba
        << u"error rate-limit 429 retry=30: You exceeded your current quota."_s;
    QTest::newRow("500") << 500 << QByteArray() << R"({"error":{"code":500,"message":"An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting","status":"INTERNAL"}})"_ba
        << u"error server 500: An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"_s;
    QTest::newRow("503") << 503 << QByteArray() << R"({"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}})"_ba
        << u"error overloaded 503: The model is overloaded. Please try again later."_s;
    QTest::newRow("504") << 504 << QByteArray() << R"({"error":{"code":504,"message":"Deadline expired before operation could complete.","status":"DEADLINE_EXCEEDED"}})"_ba
        << u"error timeout 504: Deadline expired before operation could complete."_s;
}

void TestGeminiReplay::httpFaults()
{
    checkHttpErrorRow(run, JsonHeaders, Server::Chunking::Bytewise);
}

void TestGeminiReplay::resetMidStreamIsNetwork()
{
    SKIP_WITHOUT_SHARED(Multi);
    Server::Response r = fixtureWithFault(Multi, Server::Fault::ResetAfter,
                                          [](const QByteArray &body) { return body.size() / 2; });
    r.chunking = Server::Chunking::Fixed;
    r.chunkSize = 256;
    ReplayOutcome got;
    checkResetIsNetwork(run, r, &got);
}

void TestGeminiReplay::closeMidStreamIsTruncated_data()
{
    QTest::addColumn<int>("framing");
    QTest::addColumn<int>("where"); // 0: middle of the body; 1: inside the finish chunk; 2: after it
    for (auto [name, f] : {std::pair{"chunked", Server::Framing::Chunked},
                           std::pair{"close-delimited", Server::Framing::CloseDelimited},
                           std::pair{"content-length", Server::Framing::ContentLength}}) {
        QTest::newRow((QByteArray(name) + "-mid").constData()) << int(f) << 0;
        QTest::newRow((QByteArray(name) + "-in-last").constData()) << int(f) << 1;
    }
    QTest::newRow("close-delimited-after-finish") << int(Server::Framing::CloseDelimited) << 2;
}

void TestGeminiReplay::closeMidStreamIsTruncated()
{
    QFETCH(int, framing);
    QFETCH(int, where);
    SKIP_WITHOUT_SHARED(Multi);
    Server::Response r = fixtureWithFault(Multi, Server::Fault::CloseAfter, [&](const QByteArray &body) {
        return where == 0 ? body.size() / 2 : where == 1 ? body.lastIndexOf("STOP") : body.size();
    });
    r.framing = Server::Framing(framing);
    if (where == 2) { // Gemini has no terminator: EOF after the finishReason chunk is the end
        Server server;
        server.enqueue(r);
        const ReplayOutcome got = run(server);
        QCOMPARE(got.finishedUpdates, 1);
        QCOMPARE(got.transportError.errorClass, ErrorClass::None);
        QCOMPARE(got.events.last(), u"finish stop"_s);
        return;
    }
    ReplayOutcome got;
    checkCloseIsTruncated(run, r, &got);
    QVERIFY(!got.events.contains(u"finish stop"_s));
}

void TestGeminiReplay::stallIsTimeout()
{
    SKIP_WITHOUT_SHARED(Multi);
    const Server::Response r = fixtureWithFault(Multi, Server::Fault::StallAfter, [](const QByteArray &body) {
        return body.indexOf("data: ", 10); // the first chunk, then silence
    });
    ReplayOutcome got;
    checkStallIsTimeout(run, r, std::chrono::milliseconds(400), &got);
    QCOMPARE(got.events.value(1), u"text Rain"_s);
    QVERIFY(!got.events.contains(u"finish stop"_s));
}

void TestGeminiReplay::garbageIsMalformed()
{
    SKIP_WITHOUT_SHARED(Multi);
    // Garbage after the first chunk: meta, "Rain", usage, error.
    checkGarbageIsMalformed(run, Multi, [](const QByteArray &body) { return body.indexOf("\r\n\r\n") + 4; }, 4);
}

void TestGeminiReplay::echoedKeyIsRedacted()
{
    Server server;
    server.enqueue(faultResponse(400, R"({"error":{"code":400,"message":"API key not valid: test-key-4242. Please pass a valid API key.","status":"INVALID_ARGUMENT"}})", JsonHeaders));
    const ReplayOutcome got = run(server);
    QCOMPARE(got.events, QStringList{u"error auth 400: API key not valid: [redacted]. Please pass a valid API key."_s});
}

QTEST_GUILESS_MAIN(TestGeminiReplay)
#include "tst_geminireplay.moc"
