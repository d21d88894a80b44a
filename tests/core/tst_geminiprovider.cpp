// GeminiProvider: the request it builds (URL, headers, camelCase body, thinking and schema
// mapping), usage errors, token counting and model listing requests and parses.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "adaptertestkit.h"
#include "providers/gemini/geminiprovider.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

ProviderSettings settingsFor(const QString &base, const QString &key = u"test-key-4242"_s)
{
    ProviderSettings s;
    if (!base.isEmpty())
        s.baseUrl = QUrl(base);
    s.apiKey = key;
    return s;
}

HttpRequest build(const ChatRequest &request, const ProviderSettings &settings = settingsFor({}))
{
    const Result<HttpRequest> r = GeminiProvider().buildRequest(request, settings);
    if (!r.ok())
        qWarning() << r.error().message;
    return r.ok() ? r.value() : HttpRequest{};
}

QJsonObject bodyOf(const HttpRequest &http)
{
    return QJsonDocument::fromJson(http.body).object();
}

QJsonObject generationConfig(const ChatRequest &request)
{
    return bodyOf(build(request))[u"generationConfig"_s].toObject();
}

QString buildError(const ChatRequest &request, const ProviderSettings &settings)
{
    const Result<HttpRequest> r = GeminiProvider().buildRequest(request, settings);
    return r.ok() ? QString() : r.error().message;
}

} // namespace

class TestGeminiProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identity();
    void urlAndHeaders_data();
    void urlAndHeaders();
    void body();
    void thinking_data();
    void thinking();
    void jsonSchema();
    void usageErrors();
    void countTokens();
    void listModels();
};

void TestGeminiProvider::identity()
{
    const GeminiProvider p;
    QCOMPARE(p.id(), u"gemini"_s);
    QCOMPARE(p.displayName(), u"Google Gemini"_s);
    QCOMPARE(p.defaultBaseUrl(), QUrl(u"https://generativelanguage.googleapis.com"_s));
    QCOMPARE(p.apiKeyEnvVar(), u"GEMINI_API_KEY"_s);
    QCOMPARE(p.apiKeyEnvVars(), (QStringList{u"GEMINI_API_KEY"_s, u"GOOGLE_API_KEY"_s}));
    QVERIFY(p.requiresApiKey());
    QVERIFY(!p.requiresBaseUrl());
    QVERIFY(p.canCountTokens());
    QVERIFY(!p.defaultModel().isEmpty());
}

void TestGeminiProvider::urlAndHeaders_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("url");
    const QString tail = u":streamGenerateContent?alt=sse"_s;
    QTest::newRow("default") << QString() << u"gemini-2.5-pro"_s
        << u"https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro"_s + tail;
    QTest::newRow("listed name") << QString() << u"models/gemini-2.5-flash"_s
        << u"https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash"_s + tail;
    QTest::newRow("loopback") << u"http://127.0.0.1:8080"_s << u"gemini-2.5-pro"_s
        << u"http://127.0.0.1:8080/v1beta/models/gemini-2.5-pro"_s + tail;
    QTest::newRow("base has v1beta") << u"https://proxy.example.com/google/v1beta/"_s << u"gemini-2.5-pro"_s
        << u"https://proxy.example.com/google/v1beta/models/gemini-2.5-pro"_s + tail;
    QTest::newRow("base has v1") << u"https://proxy.example.com/v1"_s << u"gemini-2.5-pro"_s
        << u"https://proxy.example.com/v1/models/gemini-2.5-pro"_s + tail;
    QTest::newRow("proxy path") << u"https://proxy.example.com/gemini"_s << u"gemini-2.5-pro"_s
        << u"https://proxy.example.com/gemini/v1beta/models/gemini-2.5-pro"_s + tail;
    QTest::newRow("encoded model") << QString() << u"my model/v2?x"_s
        << u"https://generativelanguage.googleapis.com/v1beta/models/my%20model%2Fv2%3Fx"_s + tail;
}

void TestGeminiProvider::urlAndHeaders()
{
    QFETCH(QString, base);
    QFETCH(QString, model);
    QFETCH(QString, url);
    const HttpRequest http = build(Test::sampleRequest(model), settingsFor(base));
    QCOMPARE(http.method, "POST"_ba);
    QCOMPARE(QString::fromLatin1(http.url.toEncoded()), url);
    QCOMPARE(headerValue(http.headers, "x-goog-api-key"), "test-key-4242"_ba);
    QCOMPARE(headerValue(http.headers, "content-type"), "application/json"_ba);
    QVERIFY(headerValue(http.headers, "authorization").isEmpty());
    QVERIFY(!http.url.toString().contains(u"test-key-4242"_s)); // never ?key=
    QCOMPARE(http.secrets, QStringList{u"test-key-4242"_s});
}

void TestGeminiProvider::body()
{
    ChatRequest request;
    request.model = u"gemini-2.0-flash"_s; // thinks not by default: no thinkingConfig
    request.messages = {{ChatMessage::Role::System, u"Be terse."_s},
                        {ChatMessage::Role::User, u"Hi"_s},
                        {ChatMessage::Role::Assistant, u"Hello"_s},
                        {ChatMessage::Role::Developer, u"Use metric."_s},
                        {ChatMessage::Role::User, u"Count to 3"_s}};
    request.maxOutputTokens = 512;
    request.temperature = 0.7;
    request.topP = 0.95;
    request.seed = 42;
    request.stop = {u"END"_s, u"STOP"_s};
    const QJsonObject body = bodyOf(build(request));
    const QJsonObject expected = QJsonDocument::fromJson(R"({
        "systemInstruction": {"parts": [{"text": "Be terse."}, {"text": "Use metric."}]},
        "contents": [{"role": "user", "parts": [{"text": "Hi"}]},
                     {"role": "model", "parts": [{"text": "Hello"}]},
                     {"role": "user", "parts": [{"text": "Count to 3"}]}],
        "generationConfig": {"maxOutputTokens": 512, "temperature": 0.7, "topP": 0.95, "seed": 42,
                             "stopSequences": ["END", "STOP"]}})").object();
    QCOMPARE(body, expected);

    // Nothing optional set: no generationConfig at all, no systemInstruction.
    ChatRequest bare;
    bare.model = u"gemini-1.5-pro"_s;
    bare.messages = {{ChatMessage::Role::User, u"Hi"_s}};
    QCOMPARE(bodyOf(build(bare)), QJsonDocument::fromJson(R"({"contents":[{"role":"user","parts":[{"text":"Hi"}]}]})").object());
}

void TestGeminiProvider::thinking_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("effort");
    QTest::addColumn<QByteArray>("config"); // expected thinkingConfig, "" for none
    QTest::newRow("2.5 default") << u"gemini-2.5-flash"_s << QString() << R"({"includeThoughts":true})"_ba;
    QTest::newRow("3 default") << u"gemini-3-pro-preview"_s << QString() << R"({"includeThoughts":true})"_ba;
    QTest::newRow("2.0 default") << u"gemini-2.0-flash"_s << QString() << ""_ba;
    QTest::newRow("gemma default") << u"gemma-3-27b-it"_s << QString() << ""_ba;
    QTest::newRow("2.5 none") << u"gemini-2.5-flash"_s << u"none"_s << R"({"thinkingBudget":0,"includeThoughts":false})"_ba;
    QTest::newRow("2.5 minimal") << u"gemini-2.5-flash"_s << u"minimal"_s << R"({"thinkingBudget":512,"includeThoughts":true})"_ba;
    QTest::newRow("2.5 low") << u"gemini-2.5-flash"_s << u"low"_s << R"({"thinkingBudget":1024,"includeThoughts":true})"_ba;
    QTest::newRow("2.5 medium") << u"gemini-2.5-flash"_s << u"medium"_s << R"({"thinkingBudget":8192,"includeThoughts":true})"_ba;
    QTest::newRow("2.5 high") << u"gemini-2.5-pro"_s << u"high"_s << R"({"thinkingBudget":24576,"includeThoughts":true})"_ba;
    QTest::newRow("2.5 flash max") << u"gemini-2.5-flash"_s << u"max"_s << R"({"thinkingBudget":24576,"includeThoughts":true})"_ba;
    QTest::newRow("2.5 pro xhigh") << u"models/gemini-2.5-pro"_s << u"xhigh"_s << R"({"thinkingBudget":32768,"includeThoughts":true})"_ba;
    QTest::newRow("3 none") << u"gemini-3-flash"_s << u"none"_s << R"({"thinkingLevel":"MINIMAL","includeThoughts":false})"_ba;
    QTest::newRow("3 low") << u"gemini-3-pro"_s << u"low"_s << R"({"thinkingLevel":"LOW","includeThoughts":true})"_ba;
    QTest::newRow("3.5 medium") << u"gemini-3.5-flash"_s << u"Medium"_s << R"({"thinkingLevel":"MEDIUM","includeThoughts":true})"_ba;
    QTest::newRow("3 max") << u"gemini-3-pro"_s << u"max"_s << R"({"thinkingLevel":"HIGH","includeThoughts":true})"_ba;
}

void TestGeminiProvider::thinking()
{
    QFETCH(QString, model);
    QFETCH(QString, effort);
    QFETCH(QByteArray, config);
    ChatRequest request = Test::sampleRequest(model);
    request.reasoningEffort = effort;
    const QJsonObject gc = generationConfig(request);
    if (config.isEmpty())
        QVERIFY(!gc.contains(u"thinkingConfig"_s));
    else
        QCOMPARE(gc[u"thinkingConfig"_s].toObject(), QJsonDocument::fromJson(config).object());
}

void TestGeminiProvider::jsonSchema()
{
    ChatRequest request = Test::sampleRequest(u"gemini-2.0-flash"_s);
    request.jsonSchema = uR"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"]})"_s;
    const QJsonObject gc = generationConfig(request);
    QCOMPARE(gc[u"responseMimeType"_s].toString(), u"application/json"_s);
    QCOMPARE(gc[u"responseJsonSchema"_s].toObject(), QJsonDocument::fromJson(request.jsonSchema.toUtf8()).object());
    QVERIFY(!gc.contains(u"responseSchema"_s)); // not both
    QCOMPARE(gc[u"maxOutputTokens"_s].toInt(), 100);
    request.jsonSchema = u"[1, 2"_s;
    QCOMPARE(buildError(request, settingsFor({})), u"The JSON schema is not a valid JSON object"_s);
}

void TestGeminiProvider::usageErrors()
{
    const ChatRequest ok = Test::sampleRequest(u"gemini-2.5-flash"_s);
    const QString noKey = buildError(ok, settingsFor({}, {}));
    QVERIFY2(noKey.contains(u"GEMINI_API_KEY"_s) && noKey.contains(u"GOOGLE_API_KEY"_s), qPrintable(noKey));
    // A local server needs no key, and gets no key header.
    const HttpRequest local = build(ok, settingsFor(u"http://localhost:9000"_s, {}));
    QCOMPARE(local.url.toString(), u"http://localhost:9000/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"_s);
    QVERIFY(headerValue(local.headers, "x-goog-api-key").isEmpty());
    QVERIFY(local.secrets.isEmpty());
    QVERIFY(!buildError(ok, settingsFor(u"ftp://example.com"_s)).isEmpty());

    ChatRequest noModel = ok;
    noModel.model = u"  models/ "_s;
    QVERIFY(buildError(noModel, settingsFor({})).contains(u"No model"_s));
    ChatRequest onlySystem = ok;
    onlySystem.messages = {{ChatMessage::Role::System, u"Be terse."_s}};
    QVERIFY(buildError(onlySystem, settingsFor({})).contains(u"no user message"_s));
    ChatRequest zero = ok;
    zero.maxOutputTokens = 0;
    QVERIFY(!buildError(zero, settingsFor({})).isEmpty());
    ChatRequest effort = ok;
    effort.reasoningEffort = u"extreme"_s;
    QVERIFY(buildError(effort, settingsFor({})).contains(u"Unknown reasoning effort"_s));
}

void TestGeminiProvider::countTokens()
{
    const GeminiProvider p;
    ChatRequest request;
    request.model = u"models/gemini-2.5-flash"_s;
    request.messages = {{ChatMessage::Role::User, u"Hello there"_s}};
    const Result<HttpRequest> plain = p.buildCountTokensRequest(request, settingsFor(u"http://127.0.0.1:7/v1beta"_s));
    QVERIFY(plain.ok());
    QCOMPARE(plain.value().method, "POST"_ba);
    QCOMPARE(plain.value().url.toString(), u"http://127.0.0.1:7/v1beta/models/gemini-2.5-flash:countTokens"_s);
    QCOMPARE(headerValue(plain.value().headers, "x-goog-api-key"), "test-key-4242"_ba);
    QCOMPARE(bodyOf(plain.value()),
             QJsonDocument::fromJson(R"({"contents":[{"role":"user","parts":[{"text":"Hello there"}]}]})").object());

    // A system prompt counts too: it only fits in the generateContentRequest form.
    request.messages.prepend({ChatMessage::Role::System, u"Be terse."_s});
    const Result<HttpRequest> whole = p.buildCountTokensRequest(request, settingsFor({}));
    QVERIFY(whole.ok());
    QCOMPARE(bodyOf(whole.value()), QJsonDocument::fromJson(R"({"generateContentRequest":{
        "model":"models/gemini-2.5-flash",
        "contents":[{"role":"user","parts":[{"text":"Hello there"}]}],
        "systemInstruction":{"parts":[{"text":"Be terse."}]}}})").object());

    QCOMPARE(p.parseCountTokens(R"({"totalTokens": 31, "promptTokensDetails": [{"modality": "TEXT","tokenCount": 31}]})").value(), 31);
    QCOMPARE(p.parseCountTokens("{}").value(), 0); // proto3 JSON leaves a zero count out
    QVERIFY(!p.parseCountTokens(R"({"error":{"code":400}})").ok());
    QVERIFY(!p.parseCountTokens("not json").ok());
}

void TestGeminiProvider::listModels()
{
    const GeminiProvider p;
    const Result<HttpRequest> first = p.buildListModelsRequest(settingsFor({}));
    QVERIFY(first.ok());
    QCOMPARE(first.value().method, "GET"_ba);
    QCOMPARE(first.value().url.toString(QUrl::FullyEncoded),
             u"https://generativelanguage.googleapis.com/v1beta/models?pageSize=1000"_s);
    QCOMPARE(headerValue(first.value().headers, "x-goog-api-key"), "test-key-4242"_ba);
    QVERIFY(first.value().body.isEmpty());
    const Result<HttpRequest> next = p.buildListModelsRequest(settingsFor({}), u"Ch0+/x=="_s);
    QVERIFY(next.ok());
    QCOMPARE(next.value().url.toString(QUrl::FullyEncoded),
             u"https://generativelanguage.googleapis.com/v1beta/models?pageSize=1000&pageToken=Ch0%2B%2Fx%3D%3D"_s);
    QVERIFY(!p.buildListModelsRequest(settingsFor({}, {})).ok()); // no key for Google's host

    const QByteArray page = R"({"models":[
        {"name":"models/gemini-2.5-flash","version":"001","displayName":"Gemini 2.5 Flash","inputTokenLimit":1048576,
         "supportedGenerationMethods":["generateContent","countTokens","createCachedContent"],"thinking":true},
        {"name":"models/text-embedding-004","supportedGenerationMethods":["embedContent"]},
        {"name":"models/gemini-2.5-pro","supportedGenerationMethods":["generateContent"]},
        {"name":"models/custom-tuned"}],
      "nextPageToken":"Ch0xMjM"})";
    const Result<HttpProvider::ModelPage> parsed = p.parseModelList(page);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().models, (QStringList{u"gemini-2.5-flash"_s, u"gemini-2.5-pro"_s, u"custom-tuned"_s}));
    QCOMPARE(parsed.value().nextCursor, u"Ch0xMjM"_s);
    const Result<HttpProvider::ModelPage> last = p.parseModelList(R"({"models":[{"name":"models/gemini-2.0-flash"}]})");
    QCOMPARE(last.value().models, QStringList{u"gemini-2.0-flash"_s});
    QVERIFY(last.value().nextCursor.isEmpty());
    QVERIFY(p.parseModelList("{}").ok());
    QVERIFY(!p.parseModelList(R"({"models":"x"})").ok());
    QVERIFY(!p.parseModelList("<html>").ok());
}

QTEST_GUILESS_MAIN(TestGeminiProvider)
#include "tst_geminiprovider.moc"
