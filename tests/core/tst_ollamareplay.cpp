#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "adaptertestkit.h"
#include "providers/ollama/ollamadecoder.h"
#include "providers/ollama/ollamaprovider.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using namespace Crucible::Test;

class TestOllamaReplay : public QObject
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
};

namespace {

using Server = FakeProviderServer;

const QString generateFixture = u"ollama-generate-stream.ndjson.txt"_s; // the longest stream

ReplayOutcome run(Server &server, const ProviderSettings &settings = {})
{
    return replay(OllamaProvider(), server, sampleRequest(u"llama3.2"_s), settings);
}

} // namespace

void TestOllamaReplay::replayMatchesDirectDecoding_data()
{
    addReplayRows({
        {u"ollama-chat-stream-text.ndjson.txt"_s, u"finish stop"_s},
        {u"ollama-chat-stream-tools.ndjson.txt"_s, u"finish stop"_s},
        {generateFixture, u"finish stop"_s},
        {u"ollama-error-midstream.ndjson.txt"_s, u"error server 0: an error was encountered while running the model"_s},
        {u"ollama-error-json.txt"_s, u"error server 0: the model failed to generate a response"_s},
    });
}

void TestOllamaReplay::replayMatchesDirectDecoding()
{
    QFETCH(QString, fixture);
    SKIP_WITHOUT_SHARED(fixture);
    checkReplayRow([] { return std::make_unique<OllamaDecoder>(); }, run, 24);
}

void TestOllamaReplay::recordedRequest()
{
    SKIP_WITHOUT_SHARED(u"ollama-chat-stream-tools.ndjson.txt"_s);
    Server server;
    server.enqueue(Server::fromFixtureName(u"ollama-chat-stream-tools.ndjson.txt"_s));
    ChatRequest request = sampleRequest(u"llama3.2"_s);
    request.seed = 11;
    request.stop = {u"###"_s};
    request.reasoningEffort = u"none"_s;
    const ReplayOutcome got = replay(OllamaProvider(), server, request);
    QCOMPARE(got.events, (QStringList{u"tool call_0 get_weather {\"city\":\"Tokyo\"}"_s,
                                      u"usage in=169 cached=-1 write=-1 out=15 reasoning=-1"_s, u"finish stop"_s}));
    const QList<Server::ReceivedRequest> requests = server.requests();
    QCOMPARE(requests.size(), 1);
    const Server::ReceivedRequest &req = requests.first();
    QCOMPARE(req.method, "POST"_ba);
    QCOMPARE(req.target, "/api/chat"_ba);
    QVERIFY(headerValue(req.headers, "authorization").isEmpty()); // no key: no header
    QCOMPARE(headerValue(req.headers, "content-type"), "application/json"_ba);
    const QJsonObject body = QJsonDocument::fromJson(req.body).object();
    QCOMPARE(body[u"model"_s].toString(), u"llama3.2"_s);
    QCOMPARE(body[u"stream"_s].toBool(), true);
    QCOMPARE(body[u"think"_s], QJsonValue(false));
    const QJsonArray messages = body[u"messages"_s].toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].toObject()[u"role"_s].toString(), u"system"_s);
    QCOMPARE(messages[1].toObject()[u"content"_s].toString(), u"Weather?"_s);
    const QJsonObject options = body[u"options"_s].toObject();
    QCOMPARE(options[u"num_predict"_s].toInt(), 100);
    QCOMPARE(options[u"seed"_s].toInt(), 11);
    QCOMPARE(options[u"stop"_s].toArray(), QJsonArray{u"###"_s});

    // A key (ollama.com) is sent as a Bearer token.
    Server keyed;
    keyed.enqueue(Server::fromFixtureName(u"ollama-chat-stream-tools.ndjson.txt"_s));
    ProviderSettings settings;
    settings.apiKey = u"test-key-4242"_s;
    replay(OllamaProvider(), keyed, sampleRequest(u"llama3.2"_s), settings);
    QCOMPARE(keyed.requests().size(), 1);
    QCOMPARE(headerValue(keyed.requests().first().headers, "authorization"), "Bearer test-key-4242"_ba);
}

void TestOllamaReplay::httpErrors_data()
{
    addHttpErrorColumns();
    QTest::newRow("400") << 400 << QByteArray() << R"({"error":"invalid options: num_predikt"})"_ba
                         << u"error bad-request 400: invalid options: num_predikt"_s;
    QTest::newRow("401") << 401 << QByteArray() << R"({"error":"unauthorized"})"_ba << u"error auth 401: unauthorized"_s;
    QTest::newRow("403") << 403 << QByteArray() << R"({"error":"forbidden"})"_ba << u"error permission 403: forbidden"_s;
    QTest::newRow("404 unknown model") << 404 << QByteArray()
        << R"({"error":"model 'llama9' not found, try pulling it first"})"_ba
        << u"error not-found 404: model 'llama9' not found, try pulling it first"_s;
    QTest::newRow("context length") << 400 << QByteArray()
        << R"({"error":"the input length exceeds the context length"})"_ba
        << u"error context-length 400: the input length exceeds the context length"_s;
    QTest::newRow("422") << 422 << QByteArray() << R"({"error":"format: invalid JSON schema"})"_ba
                         << u"error bad-request 422: format: invalid JSON schema"_s;
    QTest::newRow("429 retry-after") << 429 << "3"_ba << R"({"error":"too many requests"})"_ba
                                     << u"error rate-limit 429 retry=3: too many requests"_s;
    QTest::newRow("500") << 500 << QByteArray() << R"({"error":"the model failed to generate a response"})"_ba
                         << u"error server 500: the model failed to generate a response"_s;
    QTest::newRow("503 loading") << 503 << QByteArray() << R"({"error":"Loading model"})"_ba
                                 << u"error overloaded 503: Loading model"_s;
}

void TestOllamaReplay::httpErrors()
{
    checkHttpErrorRow(run, {{"Content-Type", "application/json; charset=utf-8"}}, Server::Chunking::Bytewise);
}

void TestOllamaReplay::resetMidStreamIsNetwork()
{
    SKIP_WITHOUT_SHARED(generateFixture);
    Server::Response r = fixtureWithFault(generateFixture, Server::Fault::ResetAfter,
                                          [](const QByteArray &body) { return body.size() / 2; });
    r.chunking = Server::Chunking::Fixed;
    r.chunkSize = 64;
    ReplayOutcome got;
    checkResetIsNetwork(run, r, &got);
    QVERIFY(got.events.size() < 8);
    for (const QString &e : got.events)
        QVERIFY2(e.startsWith(u"text "_s), qPrintable(e));
}

void TestOllamaReplay::closeMidStreamIsTruncated_data()
{
    QTest::addColumn<int>("framing");
    QTest::addColumn<bool>("beforeDoneLine"); // cut right before the done:true line
    QTest::newRow("chunked-mid") << int(Server::Framing::Chunked) << false;
    QTest::newRow("close-delimited-mid") << int(Server::Framing::CloseDelimited) << false;
    QTest::newRow("content-length-mid") << int(Server::Framing::ContentLength) << false;
    QTest::newRow("chunked-before-done") << int(Server::Framing::Chunked) << true;
    QTest::newRow("close-delimited-before-done") << int(Server::Framing::CloseDelimited) << true;
}

void TestOllamaReplay::closeMidStreamIsTruncated()
{
    QFETCH(int, framing);
    QFETCH(bool, beforeDoneLine);
    SKIP_WITHOUT_SHARED(generateFixture);
    Server::Response r = fixtureWithFault(generateFixture, Server::Fault::CloseAfter, [&](const QByteArray &body) {
        return beforeDoneLine ? body.lastIndexOf("{\"model\"") : body.size() / 2;
    });
    r.framing = Server::Framing(framing);
    ReplayOutcome got;
    checkCloseIsTruncated(run, r, &got);
    QCOMPARE(got.events.contains(u"text  question"_s), beforeDoneLine);
    QVERIFY(!got.events.contains(u"finish stop"_s));
}

void TestOllamaReplay::stallIsTimeout()
{
    SKIP_WITHOUT_SHARED(generateFixture);
    const Server::Response r = fixtureWithFault(generateFixture, Server::Fault::StallAfter,
                                                [](const QByteArray &body) { return body.indexOf('\n') + 1; }); // one line, then silence
    ReplayOutcome got;
    checkStallIsTimeout(run, r, std::chrono::milliseconds(800), &got);
    QCOMPARE(got.events, QStringList{u"text That"_s});
}

void TestOllamaReplay::garbageIsMalformed()
{
    SKIP_WITHOUT_SHARED(generateFixture);
    // Garbage after the first line: that line's text, then the error.
    checkGarbageIsMalformed(run, generateFixture, [](const QByteArray &body) { return body.indexOf('\n') + 1; }, 2);
}

QTEST_GUILESS_MAIN(TestOllamaReplay)
#include "tst_ollamareplay.moc"
