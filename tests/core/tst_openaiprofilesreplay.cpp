#include <QFile>
#include <QTest>

#include "adaptertestkit.h"
#include "fakeproviderserver.h"
#include "providers/openaichatprovider.h"
#include "tst_openaiprofilesstreams.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::FakeProviderServer;

// Streams and failures of the OpenAI-compatible profiles (providers.md §8, §10, §16): hand-written
// streams for the documented quirks (no complete raw transcript exists for them, §14), the
// mistral-* and llamacpp-* fixtures, and a fault matrix per profile. Every stream is decoded whole,
// byte by byte and at random splits, and replayed through the real transport.
//
// 402 (OpenRouter / DeepSeek out of credits) is classified rate-limit: like OpenAI's
// insufficient_quota 429 it means "no more requests until the account changes" and is not worth
// an automatic retry (providers.md §10.2); the provider's message says why.

namespace {

using Server = FakeProviderServer;
const QString Key = u"test-key-4242"_s;

using Test::openAIProfileNamed;

Server::Response sseResponse(const QByteArray &body)
{
    return Test::faultResponse(200, body, {{"Content-Type", "text/event-stream"}});
}

using OpenAIProfileStreams::Stream;
using OpenAIProfileStreams::streams;

/// The profile's normal stream (for the transport faults).
QByteArray streamFor(const QString &profile)
{
    for (const Stream &s : streams()) {
        if (s.profile == profile && !QByteArrayView(s.name).contains("error"))
            return s.body;
    }
    return {};
}

Test::ReplayOutcome run(const QString &profile, Server &server, std::chrono::milliseconds idle = std::chrono::milliseconds(10000))
{
    ProviderSettings settings;
    settings.apiKey = Key;
    settings.timeouts.idle = idle;
    return Test::replay(OpenAIChatProvider(openAIProfileNamed(profile)), server, Test::sampleRequest(u"m"_s), settings,
                        u"/v1"_s);
}

} // namespace

class TestOpenAIProfilesReplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quirkStreams_data();
    void quirkStreams();
    void errorFixtures_data();
    void errorFixtures();
    void faultMatrix_data();
    void faultMatrix();
};

void TestOpenAIProfilesReplay::quirkStreams_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("expected");
    for (const Stream &s : streams()) {
        QTest::newRow(s.name) << s.profile << s.body << s.expected;
        QTest::newRow((QByteArray(s.name) + "-crlf").constData())
            << s.profile << QByteArray(s.body).replace("\n", "\r\n") << s.expected;
    }
}

void TestOpenAIProfilesReplay::quirkStreams()
{
    QFETCH(QString, profile);
    QFETCH(QByteArray, body);
    QFETCH(QStringList, expected);
    const OpenAIChatProvider provider(openAIProfileNamed(profile));
    const Test::DecoderFactory make = [&provider] { return provider.createDecoder(); };
    const Server::Response r = sseResponse(body);
    QCOMPARE(Test::decodeWhole(make, r), expected);
    QCOMPARE(Test::decodeBytewise(make, r), expected);
    for (quint32 seed = 1; seed <= 8; ++seed)
        QCOMPARE(Test::decodeRandom(make, r, seed, 1 + int(seed) * 7), expected);
    for (const Server::Chunking chunking : {Server::Chunking::Bytewise, Server::Chunking::Random}) {
        Server server;
        Server::Response sent = r;
        sent.chunking = chunking;
        sent.chunkSize = 40;
        server.enqueue(sent);
        const Test::ReplayOutcome got = run(profile, server);
        QCOMPARE(got.finishedUpdates, 1);
        QCOMPARE(got.transportError.errorClass, ErrorClass::None);
        QCOMPARE(got.events, expected);
    }
}

void TestOpenAIProfilesReplay::errorFixtures_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("profile");
    QTest::addColumn<int>("status"); // the status the fixture's source reports (the files hold only the body)
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("mistral-422-extra-forbidden") << u"mistral-error-422-extra-forbidden.txt"_s << u"mistral"_s << 422
        << QStringList{u"error bad-request 422: Extra inputs are not permitted (body.max_completion_tokens)"_s};
    QTest::newRow("mistral-429-rate-limited") << u"mistral-error-429-rate-limited.txt"_s << u"mistral"_s << 429
        << QStringList{u"error rate-limit 429: Rate limit exceeded"_s};
    QTest::newRow("llamacpp-503-loading") << u"llamacpp-error-503-loading.txt"_s << u"openai-compatible"_s << 503
        << QStringList{u"error overloaded 503: Loading model"_s};
    // Served with 200 (a proxy that lost the status): still an error, from the body alone.
    QTest::newRow("mistral-422-as-200") << u"mistral-error-422-extra-forbidden.txt"_s << u"mistral"_s << 200
        << QStringList{u"error bad-request 200: Extra inputs are not permitted (body.max_completion_tokens)"_s};
    QTest::newRow("llamacpp-503-as-200") << u"llamacpp-error-503-loading.txt"_s << u"openai-compatible"_s << 200
        << QStringList{u"error overloaded 200: Loading model"_s};
}

void TestOpenAIProfilesReplay::errorFixtures()
{
    QFETCH(QString, fixture);
    QFETCH(QString, profile);
    QFETCH(int, status);
    QFETCH(QStringList, expected);
    SKIP_WITHOUT_SHARED(fixture);
    Server::Response r = Server::fromFixtureName(fixture);
    QVERIFY2(r.status != 0, qPrintable(r.reason));
    r.status = status;
    const OpenAIChatProvider provider(openAIProfileNamed(profile));
    const Test::DecoderFactory make = [&provider] { return provider.createDecoder(); };
    QCOMPARE(Test::decodeWhole(make, r), expected);
    QCOMPARE(Test::decodeBytewise(make, r), expected);
    QCOMPARE(Test::decodeRandom(make, r, 3), expected);
    for (const Server::Chunking chunking : {Server::Chunking::Whole, Server::Chunking::Bytewise, Server::Chunking::Random}) {
        Server server;
        r.chunking = chunking;
        server.enqueue(r);
        const Test::ReplayOutcome got = run(profile, server);
        QCOMPARE(got.httpStatus, status);
        QCOMPARE(got.finishedUpdates, 1);
        QCOMPARE(got.events, expected);
    }
}

void TestOpenAIProfilesReplay::faultMatrix_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("fault"); // "http", "reset", "close", "stall", "garbage"
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("headers"); // one "Name: value" or empty
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected"); // the last event, or "transport CLASS"

    // The error body in each provider's own shape (providers.md §10.1).
    auto body = [](const QString &profile, int code, const QByteArray &type, const QByteArray &message) {
        if (profile == "openrouter"_L1)
            return R"({"error":{"code":)" + QByteArray::number(code) + R"(,"message":")" + message
                + R"(","metadata":{"provider_name":null}}})";
        if (profile == "mistral"_L1)
            return R"({"object":"error","message":")" + message + R"(","type":")" + type
                + R"(","param":null,"code":")" + QByteArray::number(code) + R"("})";
        return R"({"error":{"message":")" + message + R"(","type":")" + type + R"(","param":null,"code":null}})";
    };
    for (const OpenAIChatProfile &p : OpenAIProfiles::compatibleProfiles()) {
        const QString id = p.id;
        auto row = [&id](const char *name) -> QTestData & { return QTest::newRow(qPrintable(id + u'/' + QLatin1StringView(name))); };
        row("400") << id << u"http"_s << 400 << QByteArray()
                   << body(id, 400, "invalid_request_error", "Invalid value for temperature: 3")
                   << u"error bad-request 400: Invalid value for temperature: 3"_s;
        // Mistral's 401 is a bare {"message":...}.
        row("401") << id << u"http"_s << 401 << QByteArray()
                   << (id == "mistral"_L1 ? R"({"message":"Unauthorized","request_id":"9d1f"})"_ba
                                          : body(id, 401, "authentication_error", "Unauthorized"))
                   << u"error auth 401: Unauthorized"_s;
        row("402-out-of-credits") << id << u"http"_s << 402 << QByteArray()
                                  << body(id, 402, "payment_required", "Insufficient credits. Add more using https://openrouter.ai/credits")
                                  << u"error rate-limit 402: Insufficient credits. Add more using https://openrouter.ai/credits"_s;
        row("403") << id << u"http"_s << 403 << QByteArray()
                   << body(id, 403, "permission_error", "Country, region, or territory not supported")
                   << u"error permission 403: Country, region, or territory not supported"_s;
        row("404") << id << u"http"_s << 404 << QByteArray()
                   << body(id, 404, "not_found_error", "The model m does not exist")
                   << u"error not-found 404: The model m does not exist"_s;
        row("context-length") << id << u"http"_s << 400 << QByteArray()
                              << body(id, 400, "invalid_request_error",
                                      "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.")
                              << u"error context-length 400: This model's maximum context length is 8192 tokens. However, you requested 9000 tokens."_s;
        row("422-extra-forbidden") << id << u"http"_s << 422 << QByteArray()
                                   << R"({"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","n"],"msg":"Extra inputs are not permitted","input":2}]},"type":"invalid_request_error","param":null,"code":null})"_ba
                                   << u"error bad-request 422: Extra inputs are not permitted (body.n)"_s;
        row("429-retry-after") << id << u"http"_s << 429 << "Retry-After: 7"_ba
                               << body(id, 429, "rate_limit_exceeded", "Rate limit reached")
                               << u"error rate-limit 429 retry=7: Rate limit reached"_s;
        row("500") << id << u"http"_s << 500 << QByteArray() << body(id, 500, "server_error", "Internal server error")
                   << u"error server 500: Internal server error"_s;
        row("503-loading") << id << u"http"_s << 503 << QByteArray()
                           << R"({"error":{"code":503,"message":"Loading model","type":"unavailable_error"}})"_ba
                           << u"error overloaded 503: Loading model"_s;
        const QByteArray stream = streamFor(id);
        row("reset") << id << u"reset"_s << 200 << QByteArray() << stream << u"transport network"_s;
        row("close") << id << u"close"_s << 200 << QByteArray() << stream << u"error truncated 0:"_s;
        row("stall") << id << u"stall"_s << 200 << QByteArray() << stream << u"transport timeout"_s;
        row("garbage") << id << u"garbage"_s << 200 << QByteArray() << stream << u"error malformed 0:"_s;
    }
}

void TestOpenAIProfilesReplay::faultMatrix()
{
    QFETCH(QString, profile);
    QFETCH(QString, fault);
    QFETCH(int, status);
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    QVERIFY(!body.isEmpty());
    Server server;
    Server::Response r =
        Test::faultResponse(status, body, {{"Content-Type", status == 200 ? "text/event-stream" : "application/json"}});
    if (const qsizetype colon = headers.indexOf(':'); colon > 0)
        r.headers.append({headers.left(colon), headers.mid(colon + 1).trimmed()});
    r.chunking = Server::Chunking::Random;
    r.chunkSize = 32;
    const qsizetype firstEvent = body.indexOf("\n\n") + 2;
    if (fault == "reset"_L1) {
        r.fault = Server::Fault::ResetAfter;
        r.faultAfterBytes = body.size() / 2;
    } else if (fault == "close"_L1) {
        r.fault = Server::Fault::CloseAfter;
        r.faultAfterBytes = body.size() / 2;
        r.framing = Server::Framing::CloseDelimited;
    } else if (fault == "stall"_L1) {
        r.fault = Server::Fault::StallAfter;
        r.faultAfterBytes = body.size() / 2;
    } else if (fault == "garbage"_L1) {
        r.fault = Server::Fault::Garbage;
        r.faultAfterBytes = firstEvent;
    }
    server.enqueue(r);
    const Test::ReplayOutcome got = run(profile, server, std::chrono::milliseconds(fault == "stall"_L1 ? 400 : 10000));
    QCOMPARE(got.setupError, QString());
    QCOMPARE(got.finishedUpdates, 1);
    QCOMPARE(got.httpStatus, status);
    if (expected.startsWith(u"transport "_s)) {
        QCOMPARE(errorClassName(got.transportError.errorClass), expected.mid(10));
        for (const QString &e : got.events) // partial output only: no verdict from the decoder
            QVERIFY2(!e.startsWith(u"error"_s) && !e.startsWith(u"usage"_s), qPrintable(e));
        return;
    }
    QCOMPARE(got.transportError.errorClass, ErrorClass::None);
    QVERIFY(!got.events.isEmpty());
    if (fault == "http"_L1)
        QCOMPARE(got.events, QStringList{expected});
    else
        QVERIFY2(got.events.last().startsWith(expected), qPrintable(got.events.join(u'\n')));
    if (fault == "garbage"_L1) { // junk right after the first event: nothing after it is believed
        for (const QString &e : got.events)
            QVERIFY2(!e.startsWith(u"finish"_s) && !e.startsWith(u"usage"_s), qPrintable(e));
    }
}

QTEST_GUILESS_MAIN(TestOpenAIProfilesReplay)
#include "tst_openaiprofilesreplay.moc"
