#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "fakeproviderserver.h"
#include "providers/errorclassifier.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::FakeProviderServer;

namespace {

const QDateTime s_now = QDateTime(QDate(2026, 11, 23), QTime(10, 0, 0), Qt::UTC);

/// The last data line of a stream fixture (SSE "data:" or NDJSON line), without the "data:".
QByteArray lastDataLine(const QString &fixture)
{
    QFile f(FakeProviderServer::fixturePath(fixture));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QByteArray last;
    for (QByteArray line : f.readAll().split('\n')) {
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith('#') || line.startsWith("event:"))
            continue;
        last = line.startsWith("data:") ? line.mid(5).trimmed() : line;
    }
    return last;
}

void addExpectations()
{
    QTest::addColumn<QString>("errorClass");
    QTest::addColumn<QString>("message");   // exact, or a prefix when it ends with "…"
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("code");
    QTest::addColumn<double>("retryAfter"); // -1: none
}

void checkError(const ProviderError &e)
{
    QFETCH(QString, errorClass);
    QFETCH(QString, message);
    QFETCH(QString, type);
    QFETCH(QString, code);
    QFETCH(double, retryAfter);
    QCOMPARE(errorClassName(e.errorClass), errorClass);
    if (message.endsWith(u'\u2026')) {
        QVERIFY2(e.message.startsWith(message.chopped(1)), qPrintable(e.message));
        QCOMPARE(e.message.size(), 300);
        QVERIFY(e.message.endsWith(u'\u2026'));
    } else {
        QCOMPARE(e.message, message);
    }
    QVERIFY(!e.message.contains(u'\n'));
    QCOMPARE(e.providerType, type);
    QCOMPARE(e.providerCode, code);
    QCOMPARE(e.retryAfterSeconds.has_value(), retryAfter >= 0);
    if (retryAfter >= 0)
        QCOMPARE(*e.retryAfterSeconds, retryAfter);
}

} // namespace

class TestErrorClassifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void httpFixtures_data();
    void httpFixtures();
    void httpSynthetic_data();
    void httpSynthetic();
    void streamErrors_data();
    void streamErrors();
    void retryAfterHeaders_data();
    void retryAfterHeaders();
    void classNamesRoundTrip();
    void usageMergeLatest();
};

void TestErrorClassifier::httpFixtures_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("status"); // for files without a status line
    addExpectations();
    QTest::newRow("anthropic-400") << u"anthropic-error-400.txt"_s << 0 << u"context-length"_s
        << u"prompt is too long: 205429 tokens > 200000 maximum"_s << u"invalid_request_error"_s
        << QString() << -1.0;
    QTest::newRow("gemini-404") << u"gemini-error-404-on-stream.txt"_s << 0 << u"not-found"_s
        << u"models/custom-gemini-2.0-flash is not found for API version v1beta, or is not supported for "
           "generateContent. Call ListModels to see the list of available models and their supported methods."_s
        << u"NOT_FOUND"_s << u"404"_s << -1.0;
    QTest::newRow("gemini-429") << u"gemini-error-429-resource-exhausted.txt"_s << 429 << u"rate-limit"_s
        << u"You exceeded your current quota... Please retry in 53.016342224s."_s
        << u"RESOURCE_EXHAUSTED"_s << u"429"_s << 53.0;
    QTest::newRow("llamacpp-503") << u"llamacpp-error-503-loading.txt"_s << 503 << u"overloaded"_s
        << u"Loading model"_s << u"unavailable_error"_s << u"503"_s << -1.0;
    QTest::newRow("mistral-422") << u"mistral-error-422-extra-forbidden.txt"_s << 422 << u"bad-request"_s
        << u"Extra inputs are not permitted (body.max_completion_tokens)"_s
        << u"invalid_request_error"_s << QString() << -1.0;
    QTest::newRow("mistral-429") << u"mistral-error-429-rate-limited.txt"_s << 429 << u"rate-limit"_s
        << u"Rate limit exceeded"_s << u"rate_limited"_s << u"1300"_s << -1.0;
    QTest::newRow("ollama-json-500") << u"ollama-error-json.txt"_s << 500 << u"server"_s
        << u"the model failed to generate a response"_s << QString() << QString() << -1.0;
    QTest::newRow("ollama-json-404") << u"ollama-error-json.txt"_s << 404 << u"not-found"_s
        << u"the model failed to generate a response"_s << QString() << QString() << -1.0;
    QTest::newRow("openai-400-context") << u"openai-chat-error-400-context-length.txt"_s << 0
        << u"context-length"_s
        << u"Input tokens exceed the configured limit of 272000 tokens. Your messages resulted in "
           "3148588 tokens. Please reduce the length of the messages."_s
        << u"invalid_request_error"_s << u"context_length_exceeded"_s << -1.0;
    QTest::newRow("openai-responses-429") << u"openai-responses-error-429.txt"_s << 0 << u"rate-limit"_s
        << u"Rate limit exceeded. Please try again in 20 seconds."_s << u"rate_limit_error"_s
        << u"rate_limit_exceeded"_s << -1.0;
}

void TestErrorClassifier::httpFixtures()
{
    QFETCH(QString, fixture);
    QFETCH(int, status);
    if (!QFile::exists(FakeProviderServer::fixturePath(fixture)))
        QSKIP("fixture missing: ../shared is not beside the checkout");
    const FakeProviderServer::Response r = FakeProviderServer::fromFixtureName(fixture);
    QVERIFY2(r.status != 0, qPrintable(r.reason));
    if (r.status == 200) // no status line in the file: the name says it
        QVERIFY(status != 0);
    else
        QVERIFY(status == 0);
    const int used = r.status == 200 ? status : r.status;
    const ProviderError e = classifyHttpError(used, r.headers, r.body, s_now);
    QCOMPARE(e.httpStatus, used);
    checkError(e);
}

void TestErrorClassifier::httpSynthetic_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("headers"); // "name: value" lines
    QTest::addColumn<QByteArray>("body");
    addExpectations();
    const QByteArray openai401 = R"({"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})";
    QTest::newRow("401") << 401 << QByteArray() << openai401 << u"auth"_s << u"Incorrect API key provided."_s
                         << u"invalid_request_error"_s << u"invalid_api_key"_s << -1.0;
    QTest::newRow("403") << 403 << QByteArray()
        << R"({"error":{"message":"Country, region, or territory not supported","type":"request_forbidden","code":"unsupported_country_region_territory"}})"_ba
        << u"permission"_s << u"Country, region, or territory not supported"_s << u"request_forbidden"_s
        << u"unsupported_country_region_territory"_s << -1.0;
    QTest::newRow("404-sse-content-type") << 404 << "Content-Type: text/event-stream"_ba
        << R"({"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}})"_ba
        << u"not-found"_s << u"The model `gpt-9` does not exist"_s << u"invalid_request_error"_s
        << u"model_not_found"_s << -1.0;
    QTest::newRow("429-retry-after") << 429 << "Retry-After: 7"_ba
        << R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}})"_ba
        << u"rate-limit"_s << u"Rate limit reached"_s << u"requests"_s << u"rate_limit_exceeded"_s << 7.0;
    QTest::newRow("429-retry-after-ms-wins") << 429 << "retry-after: 7\nretry-after-ms: 1500"_ba
        << R"({"error":{"message":"slow down","type":"rate_limit_error"}})"_ba << u"rate-limit"_s
        << u"slow down"_s << u"rate_limit_error"_s << QString() << 1.5;
    QTest::newRow("429-quota") << 429 << QByteArray()
        << R"({"error":{"message":"You exceeded your current plan.","type":"insufficient_quota","code":"insufficient_quota"}})"_ba
        << u"rate-limit"_s << u"Quota exhausted: You exceeded your current plan."_s
        << u"insufficient_quota"_s << u"insufficient_quota"_s << -1.0;
    QTest::newRow("402-openrouter-numeric-code") << 402 << QByteArray()
        << R"({"error":{"code":402,"message":"Insufficient credits","metadata":{}}})"_ba << u"rate-limit"_s
        << u"Insufficient credits"_s << QString() << u"402"_s << -1.0;
    QTest::newRow("413") << 413 << QByteArray()
        << R"({"type":"error","error":{"type":"request_too_large","message":"Request exceeds the maximum size"}})"_ba
        << u"bad-request"_s << u"Request exceeds the maximum size"_s << u"request_too_large"_s << QString() << -1.0;
    QTest::newRow("422-fastapi") << 422 << QByteArray()
        << R"({"detail":[{"type":"missing","loc":["body","model"],"msg":"Field required"}]})"_ba
        << u"bad-request"_s << u"Field required (body.model)"_s << QString() << QString() << -1.0;
    QTest::newRow("400-maximum-context") << 400 << QByteArray()
        << R"({"object":"error","message":"This model's maximum context length is 8192 tokens.","type":"BadRequestError","param":null,"code":400})"_ba
        << u"context-length"_s << u"This model's maximum context length is 8192 tokens."_s
        << u"BadRequestError"_s << u"400"_s << -1.0;
    QTest::newRow("408") << 408 << QByteArray() << "Request Timeout"_ba << u"timeout"_s
        << u"Request Timeout"_s << QString() << QString() << -1.0;
    QTest::newRow("500") << 500 << QByteArray()
        << R"({"error":{"message":"The server had an error while processing your request.","type":"server_error"}})"_ba
        << u"server"_s << u"The server had an error while processing your request."_s << u"server_error"_s
        << QString() << -1.0;
    QTest::newRow("502-html") << 502 << "Content-Type: text/html"_ba
        << "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"_ba << u"server"_s
        << u"502 Bad Gateway"_s << QString() << QString() << -1.0;
    QTest::newRow("502-empty") << 502 << QByteArray() << QByteArray() << u"server"_s << u"HTTP 502"_s
        << QString() << QString() << -1.0;
    QTest::newRow("503-overloaded") << 503 << "Retry-After: 2"_ba
        << R"({"error":{"message":"The engine is currently overloaded, please try again later","type":"server_error","code":"server_is_overloaded"}})"_ba
        << u"overloaded"_s << u"The engine is currently overloaded, please try again later"_s
        << u"server_error"_s << u"server_is_overloaded"_s << 2.0;
    QTest::newRow("503-plain") << 503 << QByteArray() << "upstream connect error\n  or disconnect"_ba
        << u"server"_s << u"upstream connect error or disconnect"_s << QString() << QString() << -1.0;
    QTest::newRow("504") << 504 << QByteArray() << R"({"error":{"code":504,"message":"Deadline expired","status":"DEADLINE_EXCEEDED"}})"_ba
        << u"timeout"_s << u"Deadline expired"_s << u"DEADLINE_EXCEEDED"_s << u"504"_s << -1.0;
    QTest::newRow("529") << 529 << QByteArray()
        << R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"})"_ba
        << u"overloaded"_s << u"Overloaded"_s << u"overloaded_error"_s << QString() << -1.0;
    QTest::newRow("long-plain-text") << 500 << QByteArray() << QByteArray(1000, 'x') << u"server"_s
        << (QString(299, u'x') + u'\u2026') << QString() << QString() << -1.0;
}

void TestErrorClassifier::httpSynthetic()
{
    QFETCH(int, status);
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, body);
    HttpHeaders list;
    for (const QByteArray &line : headers.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            list.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    const ProviderError e = classifyHttpError(status, list, body, s_now);
    QCOMPARE(e.httpStatus, status);
    QFETCH(QString, message);
    if (message.size() == 300) { // the long row: compare exactly
        QCOMPARE(e.message, message);
        return;
    }
    checkError(e);
}

void TestErrorClassifier::streamErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    addExpectations();
    QTest::newRow("fixture-openai-midstream") << lastDataLine(u"openai-chat-stream-midstream-error.txt"_s)
        << u"server"_s << u"The server had an error while processing your request. Sorry about that!"_s
        << u"server_error"_s << QString() << -1.0;
    QTest::newRow("fixture-anthropic-overloaded") << lastDataLine(u"anthropic-stream-midstream-error.txt"_s)
        << u"overloaded"_s << u"Overloaded"_s << u"api_error"_s << QString() << -1.0;
    QTest::newRow("fixture-ollama-midstream") << lastDataLine(u"ollama-error-midstream.ndjson.txt"_s)
        << u"server"_s << u"an error was encountered while running the model"_s << QString() << QString() << -1.0;
    {
        const QByteArray failed = lastDataLine(u"openai-responses-stream-failed-synthetic.txt"_s);
        const QJsonObject error = QJsonDocument::fromJson(failed).object()[u"response"_s].toObject()[u"error"_s].toObject();
        QTest::newRow("fixture-responses-failed-error-object")
            << (failed.isEmpty() ? QByteArray() : QJsonDocument(error).toJson())
            << u"server"_s << u"The model failed to generate a response."_s << QString() << u"server_error"_s << -1.0;
    }
    QTest::newRow("overloaded_error") << R"({"type":"error","error":{"type":"overloaded_error","message":"Busy"}})"_ba
        << u"overloaded"_s << u"Busy"_s << u"overloaded_error"_s << QString() << -1.0;
    QTest::newRow("rate_limit_error") << R"({"error":{"type":"rate_limit_error","message":"Too fast"}})"_ba
        << u"rate-limit"_s << u"Too fast"_s << u"rate_limit_error"_s << QString() << -1.0;
    QTest::newRow("gemini-numeric-code") << R"({"error":{"code":429,"message":"Quota","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.5s"}]}})"_ba
        << u"rate-limit"_s << u"Quota"_s << u"RESOURCE_EXHAUSTED"_s << u"429"_s << 1.5;
    QTest::newRow("openrouter-code-only") << R"({"error":{"code":502,"message":"Provider returned error"}})"_ba
        << u"server"_s << u"Provider returned error"_s << QString() << u"502"_s << -1.0;
    QTest::newRow("context") << R"({"error":{"message":"prompt is too long","type":"invalid_request_error"}})"_ba
        << u"context-length"_s << u"prompt is too long"_s << u"invalid_request_error"_s << QString() << -1.0;
    QTest::newRow("auth") << R"({"error":{"type":"authentication_error","message":"invalid x-api-key"}})"_ba
        << u"auth"_s << u"invalid x-api-key"_s << u"authentication_error"_s << QString() << -1.0;
    QTest::newRow("bare-error-object") << R"({"message":"boom","type":"server_error"})"_ba
        << u"server"_s << u"boom"_s << u"server_error"_s << QString() << -1.0;
    QTest::newRow("empty-message") << R"({"error":{}})"_ba << u"server"_s
        << u"The provider reported an error in the stream"_s << QString() << QString() << -1.0;
    QTest::newRow("not-json") << "{oops"_ba << u"malformed"_s << u"Unreadable error event: {oops"_s
        << QString() << QString() << -1.0;
}

void TestErrorClassifier::streamErrors()
{
    QFETCH(QByteArray, json);
    if (json.isEmpty()) // only the fixture rows can be empty
        QSKIP("fixture missing: ../shared is not beside the checkout");
    const ProviderError e = classifyStreamError(json);
    QCOMPARE(e.httpStatus, 0);
    checkError(e);
}

void TestErrorClassifier::retryAfterHeaders_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<double>("expected"); // -1: none
    QTest::newRow("seconds") << "Retry-After"_ba << "7"_ba << 7.0;
    QTest::newRow("zero") << "retry-after"_ba << "0"_ba << 0.0;
    QTest::newRow("ms") << "retry-after-ms"_ba << "250"_ba << 0.25;
    QTest::newRow("http-date") << "Retry-After"_ba << "Mon, 23 Nov 2026 10:00:30 GMT"_ba << 30.0;
    QTest::newRow("http-date-past") << "Retry-After"_ba << "Mon, 23 Nov 2026 09:00:00 GMT"_ba << 0.0;
    QTest::newRow("garbage") << "Retry-After"_ba << "soon"_ba << -1.0;
    QTest::newRow("absent") << "X-Other"_ba << "7"_ba << -1.0;
}

void TestErrorClassifier::retryAfterHeaders()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(double, expected);
    const auto got = retryAfterFromHeaders({{name, value}}, s_now);
    QCOMPARE(got.has_value(), expected >= 0);
    if (got)
        QCOMPARE(*got, expected);
}

void TestErrorClassifier::classNamesRoundTrip()
{
    const QStringList names{u"auth"_s, u"permission"_s, u"not-found"_s, u"bad-request"_s,
                            u"context-length"_s, u"rate-limit"_s, u"overloaded"_s, u"server"_s,
                            u"network"_s, u"timeout"_s, u"truncated"_s, u"cancelled"_s, u"malformed"_s};
    QSet<QString> seen;
    for (const QString &name : names) {
        const auto c = errorClassFromName(name);
        QVERIFY2(c.has_value(), qPrintable(name));
        QVERIFY(*c != ErrorClass::None);
        QCOMPARE(errorClassName(*c), name);
        seen.insert(errorClassName(*c));
    }
    QCOMPARE(seen.size(), names.size());
    QCOMPARE(errorClassName(ErrorClass::None), QString());
    QCOMPARE(errorClassFromName(QString()), std::optional<ErrorClass>(ErrorClass::None));
    QVERIFY(!errorClassFromName(u"Auth"_s).has_value());
    QVERIFY(!errorClassFromName(u"bogus"_s).has_value());
}

void TestErrorClassifier::usageMergeLatest()
{
    Usage u;
    u.inputTokens = 12;
    u.outputTokens = 1;
    Usage later;
    later.inputTokens = 11; // Gemini: the prompt count can change; last wins, never summed
    later.outputTokens = 30;
    later.reasoningTokens = 0;
    u.mergeLatest(later);
    QCOMPARE(*u.inputTokens, 11);
    QCOMPARE(*u.outputTokens, 30);
    QCOMPARE(*u.reasoningTokens, 0);
    QVERIFY(!u.cachedInputTokens);
    Usage cachedOnly;
    cachedOnly.cachedInputTokens = 5;
    u.mergeLatest(cachedOnly);
    QCOMPARE(*u.inputTokens, 11); // absent fields stay
    QCOMPARE(*u.cachedInputTokens, 5);
    u.mergeLatest(Usage{});
    QCOMPARE(*u.cachedInputTokens, 5);
}

QTEST_GUILESS_MAIN(TestErrorClassifier)
#include "tst_errorclassifier.moc"
