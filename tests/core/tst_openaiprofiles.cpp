#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "adaptertestkit.h"
#include "fakeproviderserver.h"
#include "providers/openaichatprovider.h"
#include "providers/providerregistry.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::FakeProviderServer;

// The OpenAI-compatible capability profiles (providers.md §8): metadata, the request each one
// sends (recorded by a FakeProviderServer), Usage errors. Model listing is in
// tst_openaiprofilesmodels.cpp, streams and faults in tst_openaiprofilesreplay.cpp.

namespace {

const QString Key = u"test-key-4242"_s;

using Test::openAIProfileNamed;

/// A small complete stream, so the replay ends cleanly.
FakeProviderServer::Response okStream()
{
    FakeProviderServer::Response r;
    r.headers = {{"Content-Type", "text/event-stream"}};
    r.body = "data: {\"id\":\"x1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\n"
             "data: [DONE]\n\n";
    return r;
}

/// Every parameter set: what a profile does not support must not be sent.
ChatRequest fullRequest(const QString &model)
{
    ChatRequest r = Test::sampleRequest(model); // system + user, maxOutputTokens 100
    r.temperature = 0.5;
    r.topP = 0.9;
    r.seed = 42;
    r.stop = {u"END"_s, u"STOP"_s};
    r.reasoningEffort = u"low"_s;
    return r;
}

QStringList keys(const QJsonObject &o)
{
    QStringList k = o.keys();
    k.sort();
    return k;
}

} // namespace

class TestOpenAIProfiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void registryOrderAndMetadata_data();
    void registryOrderAndMetadata();
    void recordedRequest_data();
    void recordedRequest();
    void catalogMaxTokensField_data();
    void catalogMaxTokensField();
    void structuredOutput_data();
    void structuredOutput();
    void usageErrors_data();
    void usageErrors();
    void keyOptionalForCompatible();
};

void TestOpenAIProfiles::registryOrderAndMetadata_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("displayName");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("envVar");
    QTest::addColumn<bool>("keyRequired");
    QTest::addColumn<QString>("defaultModel");
    QTest::newRow("mistral") << u"mistral"_s << u"Mistral"_s << u"https://api.mistral.ai/v1"_s << u"MISTRAL_API_KEY"_s
                             << true << u"mistral-medium-latest"_s;
    QTest::newRow("deepseek") << u"deepseek"_s << u"DeepSeek"_s << u"https://api.deepseek.com"_s << u"DEEPSEEK_API_KEY"_s
                              << true << u"deepseek-v4-flash"_s;
    QTest::newRow("groq") << u"groq"_s << u"Groq"_s << u"https://api.groq.com/openai/v1"_s << u"GROQ_API_KEY"_s
                          << true << u"openai/gpt-oss-120b"_s;
    QTest::newRow("openrouter") << u"openrouter"_s << u"OpenRouter"_s << u"https://openrouter.ai/api/v1"_s
                                << u"OPENROUTER_API_KEY"_s << true << u"openai/gpt-4o-mini"_s;
    QTest::newRow("openai-compatible") << u"openai-compatible"_s << u"OpenAI-compatible server"_s << QString()
                                       << u"OPENAI_COMPATIBLE_API_KEY"_s << false << QString();
}

void TestOpenAIProfiles::registryOrderAndMetadata()
{
    QFETCH(QString, id);
    QFETCH(QString, displayName);
    QFETCH(QString, baseUrl);
    QFETCH(QString, envVar);
    QFETCH(bool, keyRequired);
    QFETCH(QString, defaultModel);
    const ProviderRegistry registry;
    const QStringList ids = registry.ids();
    // After "openai", in the order mistral, deepseek, groq, openrouter, openai-compatible (other
    // providers may sit between them).
    const QStringList order{u"openai"_s, u"mistral"_s, u"deepseek"_s, u"groq"_s, u"openrouter"_s, u"openai-compatible"_s};
    for (qsizetype i = 1; i < order.size(); ++i)
        QVERIFY2(ids.indexOf(order[i - 1]) >= 0 && ids.indexOf(order[i - 1]) < ids.indexOf(order[i]),
                 qPrintable(ids.join(u' ')));
    const auto *p = dynamic_cast<const OpenAIChatProvider *>(registry.find(id));
    QVERIFY(p);
    QCOMPARE(p->displayName(), displayName);
    QCOMPARE(p->defaultBaseUrl(), QUrl(baseUrl));
    QCOMPARE(p->requiresBaseUrl(), baseUrl.isEmpty());
    QCOMPARE(p->apiKeyEnvVar(), envVar);
    QCOMPARE(p->apiKeyEnvVars(), QStringList{envVar});
    QCOMPARE(p->requiresApiKey(), keyRequired);
    QCOMPARE(p->defaultModel(), defaultModel);
    QCOMPARE(p->suggestedModels().isEmpty(), defaultModel.isEmpty());
    // "openai" itself is unchanged.
    const auto *openai = dynamic_cast<const OpenAIChatProvider *>(registry.find(u"openai"_s));
    QVERIFY(openai);
    QCOMPARE(openai->defaultBaseUrl(), QUrl(u"https://api.openai.com/v1"_s));
    QCOMPARE(openai->apiKeyEnvVar(), u"OPENAI_API_KEY"_s);
}

void TestOpenAIProfiles::recordedRequest_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QStringList>("bodyKeys"); // every top-level field, sorted
    QTest::addColumn<QString>("maxField");
    QTest::addColumn<QString>("seedField");   // empty: no seed sent
    QTest::addColumn<QByteArray>("xTitle");   // expected X-Title header ("" = absent)
    const QStringList common{u"messages"_s, u"model"_s, u"stop"_s, u"stream"_s, u"temperature"_s, u"top_p"_s};
    auto with = [&common](const QStringList &more) {
        QStringList k = common + more;
        k.sort();
        return k;
    };
    // Mistral: max_tokens only (max_completion_tokens is a 422), random_seed, no stream_options (usage
    // comes on the finish chunk anyway), no reasoning_effort (unknown fields are 422 extra_forbidden).
    QTest::newRow("mistral") << u"mistral"_s << with({u"max_tokens"_s, u"random_seed"_s}) << u"max_tokens"_s
                             << u"random_seed"_s << QByteArray();
    // DeepSeek: max_tokens, no seed, no reasoning effort.
    QTest::newRow("deepseek") << u"deepseek"_s << with({u"max_tokens"_s, u"stream_options"_s}) << u"max_tokens"_s
                              << QString() << QByteArray();
    // Groq: never n / logprobs / top_logprobs / logit_bias; seed and reasoning_effort are fine.
    QTest::newRow("groq") << u"groq"_s
                          << with({u"max_tokens"_s, u"reasoning_effort"_s, u"seed"_s, u"stream_options"_s})
                          << u"max_tokens"_s << u"seed"_s << QByteArray();
    // OpenRouter: reasoning as an object, X-Title header.
    QTest::newRow("openrouter") << u"openrouter"_s
                                << with({u"max_tokens"_s, u"reasoning"_s, u"seed"_s, u"stream_options"_s})
                                << u"max_tokens"_s << u"seed"_s << "Crucible"_ba;
    QTest::newRow("openai-compatible") << u"openai-compatible"_s
                                       << with({u"max_tokens"_s, u"reasoning_effort"_s, u"seed"_s, u"stream_options"_s})
                                       << u"max_tokens"_s << u"seed"_s << QByteArray();
    // "openai" at a non-OpenAI host (the fake server): max_tokens, role system.
    QTest::newRow("openai-at-local-host") << u"openai"_s
                                          << with({u"max_tokens"_s, u"reasoning_effort"_s, u"seed"_s, u"stream_options"_s})
                                          << u"max_tokens"_s << u"seed"_s << QByteArray();
}

void TestOpenAIProfiles::recordedRequest()
{
    QFETCH(QString, id);
    QFETCH(QStringList, bodyKeys);
    QFETCH(QString, maxField);
    QFETCH(QString, seedField);
    QFETCH(QByteArray, xTitle);
    FakeProviderServer server;
    QVERIFY(server.isListening());
    server.enqueue(okStream());
    const OpenAIChatProvider provider(openAIProfileNamed(id));
    ProviderSettings settings;
    settings.apiKey = Key;
    const Test::ReplayOutcome got = Test::replay(provider, server, fullRequest(u"some-model"_s), settings, u"/v1"_s);
    QCOMPARE(got.setupError, QString());
    QCOMPARE(got.events, (QStringList{u"meta x1"_s, u"text ok"_s, u"finish stop"_s}));
    QCOMPARE(server.requests().size(), 1);
    const FakeProviderServer::ReceivedRequest req = server.requests().first();
    QCOMPARE(req.method, "POST"_ba);
    QCOMPARE(req.target, "/v1/chat/completions"_ba);
    QCOMPARE(headerValue(req.headers, "authorization"), "Bearer test-key-4242"_ba);
    QCOMPARE(headerValue(req.headers, "content-type"), "application/json"_ba);
    QCOMPARE(headerValue(req.headers, "x-title"), xTitle);
    const QJsonObject body = QJsonDocument::fromJson(req.body).object();
    QCOMPARE(keys(body), bodyKeys);
    QCOMPARE(body[maxField].toInt(), 100);
    if (!seedField.isEmpty())
        QCOMPARE(body[seedField].toInteger(), 42);
    QCOMPARE(body[u"model"_s].toString(), u"some-model"_s);
    QCOMPARE(body[u"stream"_s].toBool(), true);
    QCOMPARE(body[u"top_p"_s].toDouble(), 0.9);
    QCOMPARE(body[u"temperature"_s].toDouble(), 0.5);
    QCOMPARE(body[u"stop"_s].toArray(), (QJsonArray{u"END"_s, u"STOP"_s}));
    if (body.contains(u"reasoning_effort"_s))
        QCOMPARE(body[u"reasoning_effort"_s].toString(), u"low"_s);
    if (body.contains(u"reasoning"_s))
        QCOMPARE(body[u"reasoning"_s].toObject(), (QJsonObject{{u"effort"_s, u"low"_s}}));
    if (body.contains(u"stream_options"_s))
        QCOMPARE(body[u"stream_options"_s].toObject(), (QJsonObject{{u"include_usage"_s, true}}));
    // Developer/system: no provider here is an OpenAI host, so the system prompt stays "system".
    QCOMPARE(body[u"messages"_s].toArray().first().toObject()[u"role"_s].toString(), u"system"_s);
}

void TestOpenAIProfiles::catalogMaxTokensField_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("asked"); // ChatRequest::maxTokensField
    QTest::addColumn<QString>("sent");
    QTest::newRow("mistral-ignores-max_completion_tokens") << u"mistral"_s << QString() << u"max_completion_tokens"_s << u"max_tokens"_s;
    QTest::newRow("deepseek-ignores-max_completion_tokens") << u"deepseek"_s << QString() << u"max_completion_tokens"_s << u"max_tokens"_s;
    QTest::newRow("groq-default") << u"groq"_s << QString() << QString() << u"max_tokens"_s;
    QTest::newRow("groq-catalog") << u"groq"_s << QString() << u"max_completion_tokens"_s << u"max_completion_tokens"_s;
    QTest::newRow("openrouter-catalog") << u"openrouter"_s << QString() << u"max_completion_tokens"_s << u"max_completion_tokens"_s;
    QTest::newRow("compatible-default") << u"openai-compatible"_s << u"http://10.0.0.5:8000/v1"_s << QString() << u"max_tokens"_s;
    QTest::newRow("compatible-catalog") << u"openai-compatible"_s << u"http://10.0.0.5:8000/v1"_s << u"max_completion_tokens"_s << u"max_completion_tokens"_s;
    QTest::newRow("openai-default") << u"openai"_s << QString() << QString() << u"max_completion_tokens"_s;
    QTest::newRow("openai-catalog") << u"openai"_s << QString() << u"max_tokens"_s << u"max_tokens"_s;
    QTest::newRow("openai-elsewhere") << u"openai"_s << u"http://127.0.0.1:11434/v1"_s << u"max_completion_tokens"_s << u"max_tokens"_s;
}

void TestOpenAIProfiles::catalogMaxTokensField()
{
    QFETCH(QString, id);
    QFETCH(QString, baseUrl);
    QFETCH(QString, asked);
    QFETCH(QString, sent);
    ChatRequest request = Test::sampleRequest(u"m"_s);
    request.maxTokensField = asked;
    ProviderSettings settings;
    settings.apiKey = Key;
    settings.baseUrl = QUrl(baseUrl);
    const Result<HttpRequest> built = OpenAIChatProvider(openAIProfileNamed(id)).buildRequest(request, settings);
    QVERIFY2(built.ok(), qPrintable(built.ok() ? QString() : built.error().message));
    const QJsonObject body = QJsonDocument::fromJson(built.value().body).object();
    QCOMPARE(body[sent].toInt(), 100);
    const QString other = sent == "max_tokens"_L1 ? u"max_completion_tokens"_s : u"max_tokens"_s;
    QVERIFY(!body.contains(other));
}

void TestOpenAIProfiles::structuredOutput_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QByteArray>("responseFormat");
    const QByteArray schema = R"({"type":"json_schema","json_schema":{"name":"response","schema":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}}})";
    QTest::newRow("mistral") << u"mistral"_s << schema;
    QTest::newRow("deepseek-json-object-only") << u"deepseek"_s << R"({"type":"json_object"})"_ba;
    QTest::newRow("groq") << u"groq"_s << schema;
    QTest::newRow("openrouter") << u"openrouter"_s << schema;
    QTest::newRow("openai-compatible") << u"openai-compatible"_s << schema;
}

void TestOpenAIProfiles::structuredOutput()
{
    QFETCH(QString, id);
    QFETCH(QByteArray, responseFormat);
    ChatRequest request = Test::sampleRequest(u"m"_s);
    request.jsonSchema = uR"({"type":"object","properties":{"a":{"type":"string"}},"required":["a"]})"_s;
    ProviderSettings settings;
    settings.apiKey = Key;
    settings.baseUrl = QUrl(u"http://127.0.0.1:9/v1"_s);
    const Result<HttpRequest> built = OpenAIChatProvider(openAIProfileNamed(id)).buildRequest(request, settings);
    QVERIFY(built.ok());
    const QJsonObject body = QJsonDocument::fromJson(built.value().body).object();
    QCOMPARE(body[u"response_format"_s].toObject(), QJsonDocument::fromJson(responseFormat).object());
}

void TestOpenAIProfiles::usageErrors_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("stops");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("compatible-without-base-url") << u"openai-compatible"_s << QString() << Key << 0
                                                 << u"OpenAI-compatible server needs a base URL"_s;
    QTest::newRow("compatible-bad-url") << u"openai-compatible"_s << u"ftp://host/v1"_s << Key << 0
                                        << u"Invalid base URL"_s;
    QTest::newRow("mistral-no-key") << u"mistral"_s << QString() << QString() << 0 << u"set MISTRAL_API_KEY"_s;
    QTest::newRow("deepseek-no-key") << u"deepseek"_s << QString() << QString() << 0 << u"set DEEPSEEK_API_KEY"_s;
    QTest::newRow("groq-no-key") << u"groq"_s << QString() << QString() << 0 << u"set GROQ_API_KEY"_s;
    QTest::newRow("openrouter-no-key") << u"openrouter"_s << QString() << QString() << 0 << u"set OPENROUTER_API_KEY"_s;
    QTest::newRow("groq-five-stops") << u"groq"_s << QString() << Key << 5 << u"at most 4 stop sequences (5 given)"_s;
    QTest::newRow("openrouter-five-stops") << u"openrouter"_s << QString() << Key << 5 << u"at most 4 stop sequences"_s;
}

void TestOpenAIProfiles::usageErrors()
{
    QFETCH(QString, id);
    QFETCH(QString, baseUrl);
    QFETCH(QString, key);
    QFETCH(int, stops);
    QFETCH(QString, messagePart);
    ChatRequest request = Test::sampleRequest(u"m"_s);
    for (int i = 0; i < stops; ++i)
        request.stop << u"s%1"_s.arg(i);
    ProviderSettings settings;
    settings.apiKey = key;
    settings.baseUrl = QUrl(baseUrl);
    const OpenAIChatProvider provider(openAIProfileNamed(id));
    const Result<HttpRequest> built = provider.buildRequest(request, settings);
    QVERIFY(!built.ok());
    QCOMPARE(built.error().kind, Error::Kind::Usage);
    QVERIFY2(built.error().message.contains(messagePart), qPrintable(built.error().message));
    if (stops == 0) // listing models needs the same base URL and key
        QVERIFY(!provider.buildListModelsRequest(settings).ok());
}

void TestOpenAIProfiles::keyOptionalForCompatible()
{
    const OpenAIChatProvider provider(OpenAIProfiles::openAICompatible());
    ProviderSettings settings;
    settings.baseUrl = QUrl(u"https://llm.example.org/v1"_s); // remote, no key: still fine
    const Result<HttpRequest> built = provider.buildRequest(Test::sampleRequest(u"local-model"_s), settings);
    QVERIFY2(built.ok(), qPrintable(built.ok() ? QString() : built.error().message));
    QVERIFY(headerValue(built.value().headers, "authorization").isEmpty());
    QVERIFY(built.value().secrets.isEmpty());
    QCOMPARE(built.value().url, QUrl(u"https://llm.example.org/v1/chat/completions"_s));
    settings.apiKey = Key;
    const Result<HttpRequest> keyed = provider.buildRequest(Test::sampleRequest(u"local-model"_s), settings);
    QVERIFY(keyed.ok());
    QCOMPARE(headerValue(keyed.value().headers, "authorization"), "Bearer test-key-4242"_ba);
    QCOMPARE(keyed.value().secrets, QStringList{Key});
    // Mistral at a loopback URL (a proxy or the fake server) needs no key either.
    settings.apiKey.clear();
    settings.baseUrl = QUrl(u"http://127.0.0.1:4000/v1"_s);
    QVERIFY(OpenAIChatProvider(OpenAIProfiles::mistral()).buildRequest(Test::sampleRequest(u"m"_s), settings).ok());
}

QTEST_GUILESS_MAIN(TestOpenAIProfiles)
#include "tst_openaiprofiles.moc"
