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

#define SKIP_WITHOUT_SHARED(name)                                                                  \
    if (!QFile::exists(Server::fixturePath(name)))                                                 \
    QSKIP("fixture missing: ../shared is not beside the checkout")

const QString generateFixture = u"ollama-generate-stream.ndjson.txt"_s; // the longest stream

ReplayOutcome run(Server &server, ProviderSettings settings = {})
{
    return replay(OllamaProvider(), server, sampleRequest(u"llama3.2"_s), settings);
}

QStringList direct(const Server::Response &r)
{
    return decodeWhole([] { return std::make_unique<OllamaDecoder>(); }, r);
}

} // namespace

void TestOllamaReplay::replayMatchesDirectDecoding_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("chunking");
    QTest::addColumn<int>("framing");
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<QString>("lastEvent"); // written by hand from the fixture
    const QList<QPair<QString, QString>> fixtures{
        {u"ollama-chat-stream-text.ndjson.txt"_s, u"finish stop"_s},
        {u"ollama-chat-stream-tools.ndjson.txt"_s, u"finish stop"_s},
        {generateFixture, u"finish stop"_s},
        {u"ollama-error-midstream.ndjson.txt"_s, u"error server 0: an error was encountered while running the model"_s},
        {u"ollama-error-json.txt"_s, u"error server 0: the model failed to generate a response"_s},
    };
    for (const auto &[f, last] : fixtures) {
        const QByteArray name = f.chopped(4).toUtf8();
        QTest::newRow((name + "/whole").constData()) << f << int(Server::Chunking::Whole) << int(Server::Framing::ContentLength) << 1u << last;
        QTest::newRow((name + "/bytewise").constData()) << f << int(Server::Chunking::Bytewise) << int(Server::Framing::Chunked) << 1u << last;
        for (quint32 seed : {1u, 2u, 3u})
            QTest::newRow((name + "/random-" + QByteArray::number(seed)).constData())
                << f << int(Server::Chunking::Random)
                << int(seed == 3 ? Server::Framing::CloseDelimited : Server::Framing::Chunked) << seed << last;
    }
}

void TestOllamaReplay::replayMatchesDirectDecoding()
{
    QFETCH(QString, fixture);
    QFETCH(int, chunking);
    QFETCH(int, framing);
    QFETCH(quint32, seed);
    QFETCH(QString, lastEvent);
    SKIP_WITHOUT_SHARED(fixture);
    Server server;
    QVERIFY(server.isListening());
    Server::Response r = Server::fromFixtureName(fixture);
    QVERIFY2(r.status != 0, qPrintable(r.reason));
    const QStringList expected = direct(r);
    QCOMPARE(expected.last(), lastEvent);
    r.chunking = Server::Chunking(chunking);
    r.framing = Server::Framing(framing);
    r.seed = seed;
    r.chunkSize = 24;
    server.enqueue(r);
    const ReplayOutcome got = run(server);
    QCOMPARE(got.finishedUpdates, 1);
    QCOMPARE(got.transportError.errorClass, ErrorClass::None);
    QCOMPARE(got.httpStatus, r.status);
    QCOMPARE(got.events, expected);
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
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
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
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    Server server;
    Server::Response r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    if (!retryAfter.isEmpty())
        r.headers.append({"Retry-After", retryAfter});
    r.body = body;
    r.chunking = Server::Chunking::Bytewise;
    server.enqueue(r);
    const ReplayOutcome got = run(server);
    QCOMPARE(got.httpStatus, status);
    QCOMPARE(got.transportError.errorClass, ErrorClass::None);
    QCOMPARE(got.events, QStringList{expected});
}

void TestOllamaReplay::resetMidStreamIsNetwork()
{
    SKIP_WITHOUT_SHARED(generateFixture);
    Server server;
    Server::Response r = Server::fromFixtureName(generateFixture);
    r.fault = Server::Fault::ResetAfter;
    r.faultAfterBytes = r.body.size() / 2;
    r.chunking = Server::Chunking::Fixed;
    r.chunkSize = 64;
    server.enqueue(r);
    const ReplayOutcome got = run(server);
    QCOMPARE(got.finishedUpdates, 1);
    QCOMPARE(errorClassName(got.transportError.errorClass), u"network"_s);
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
    Server server;
    Server::Response r = Server::fromFixtureName(generateFixture);
    r.fault = Server::Fault::CloseAfter;
    r.faultAfterBytes = beforeDoneLine ? r.body.lastIndexOf("{\"model\"") : r.body.size() / 2;
    r.framing = Server::Framing(framing);
    server.enqueue(r);
    const ReplayOutcome got = run(server);
    QCOMPARE(got.finishedUpdates, 1);
    QCOMPARE(got.transportError.errorClass, ErrorClass::None); // a clean close is the decoder's call
    QVERIFY(!got.events.isEmpty());
    QVERIFY2(got.events.last().startsWith(u"error truncated 0:"_s), qPrintable(got.events.last()));
    QCOMPARE(got.events.contains(u"text  question"_s), beforeDoneLine);
    QVERIFY(!got.events.contains(u"finish stop"_s));
}

void TestOllamaReplay::stallIsTimeout()
{
    SKIP_WITHOUT_SHARED(generateFixture);
    Server server;
    Server::Response r = Server::fromFixtureName(generateFixture);
    r.fault = Server::Fault::StallAfter;
    r.faultAfterBytes = r.body.indexOf('\n') + 1; // one line, then silence
    server.enqueue(r);
    ProviderSettings settings;
    settings.timeouts.idle = std::chrono::milliseconds(800);
    const ReplayOutcome got = run(server, settings);
    QCOMPARE(got.finishedUpdates, 1);
    QCOMPARE(errorClassName(got.transportError.errorClass), u"timeout"_s);
    QCOMPARE(got.events, QStringList{u"text That"_s});
}

void TestOllamaReplay::garbageIsMalformed()
{
    SKIP_WITHOUT_SHARED(generateFixture);
    for (bool atStart : {true, false}) {
        Server server;
        Server::Response r = Server::fromFixtureName(generateFixture);
        r.fault = Server::Fault::Garbage;
        r.faultAfterBytes = atStart ? 0 : r.body.indexOf('\n') + 1; // after the first line
        r.chunking = Server::Chunking::Random;
        server.enqueue(r);
        const ReplayOutcome got = run(server);
        QCOMPARE(got.transportError.errorClass, ErrorClass::None);
        QVERIFY(!got.events.isEmpty());
        QVERIFY2(got.events.last().startsWith(u"error malformed 0:"_s), qPrintable(got.events.last()));
        QCOMPARE(got.events.size(), atStart ? 1 : 2); // the first line's text
    }
}

QTEST_GUILESS_MAIN(TestOllamaReplay)
#include "tst_ollamareplay.moc"
