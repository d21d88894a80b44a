#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "providers/openaichatdecoder.h"
#include "providers/openaichatprovider.h"
#include "transport/httpstreamsource.h"
#include "transport/httptransport.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

ChatRequest sampleRequest()
{
    ChatRequest r;
    r.model = u"gpt-5.4-mini"_s;
    r.messages = {{ChatMessage::Role::Developer, u"Be terse."_s}, {ChatMessage::Role::User, u"Hi"_s}};
    return r;
}

ProviderSettings settingsFor(const QString &baseUrl, const QString &key)
{
    ProviderSettings s;
    if (!baseUrl.isEmpty())
        s.baseUrl = QUrl(baseUrl);
    s.apiKey = key;
    return s;
}

} // namespace

class TestOpenAIChatProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void metadata();
    void requestBody_data();
    void requestBody();
    void headersAndSecrets();
    void endpointUrl_data();
    void endpointUrl();
    void usageErrors_data();
    void usageErrors();
    void localHosts_data();
    void localHosts();
    void jsonSchemaBecomesResponseFormat();
    void createSourceWiresTheRequest();
};

void TestOpenAIChatProvider::metadata()
{
    const OpenAIChatProvider p;
    QCOMPARE(p.id(), u"openai"_s);
    QCOMPARE(p.displayName(), u"OpenAI (Chat Completions)"_s);
    QCOMPARE(p.defaultBaseUrl(), QUrl(u"https://api.openai.com/v1"_s));
    QCOMPARE(p.apiKeyEnvVar(), u"OPENAI_API_KEY"_s);
    QVERIFY(p.requiresApiKey());
    QVERIFY(!p.isSimulated());
    QVERIFY(p.suggestedModels().contains(u"gpt-5.4-mini"_s));
    QCOMPARE(p.defaultModel(), u"gpt-5.4-mini"_s);
    QVERIFY(dynamic_cast<OpenAIChatDecoder *>(p.createDecoder().get()));
}

void TestOpenAIChatProvider::requestBody_data()
{
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("maxTokens");      // 0: unset
    QTest::addColumn<double>("temperature"); // <0: unset
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("openai-minimal") << QString() << u"sk-test-1234"_s << 0 << -1.0
        << R"({"model":"gpt-5.4-mini","messages":[{"role":"developer","content":"Be terse."},{"role":"user","content":"Hi"}],"stream":true,"stream_options":{"include_usage":true}})"_ba;
    QTest::newRow("openai-max-and-temperature") << QString() << u"sk-test-1234"_s << 256 << 0.7
        << R"({"model":"gpt-5.4-mini","messages":[{"role":"developer","content":"Be terse."},{"role":"user","content":"Hi"}],"max_completion_tokens":256,"temperature":0.7,"stream":true,"stream_options":{"include_usage":true}})"_ba;
    QTest::newRow("ollama-max_tokens-system-role") << u"http://127.0.0.1:11434/v1"_s << QString() << 64 << 0.0
        << R"({"model":"gpt-5.4-mini","messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"Hi"}],"max_tokens":64,"temperature":0.0,"stream":true,"stream_options":{"include_usage":true}})"_ba;
    QTest::newRow("mistral-max_tokens") << u"https://api.mistral.ai/v1"_s << u"mk-1234"_s << 10 << -1.0
        << R"({"model":"gpt-5.4-mini","messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"Hi"}],"max_tokens":10,"stream":true,"stream_options":{"include_usage":true}})"_ba;
}

void TestOpenAIChatProvider::requestBody()
{
    QFETCH(QString, baseUrl);
    QFETCH(QString, key);
    QFETCH(int, maxTokens);
    QFETCH(double, temperature);
    QFETCH(QByteArray, body);
    ChatRequest request = sampleRequest();
    if (maxTokens > 0)
        request.maxOutputTokens = maxTokens;
    if (temperature >= 0)
        request.temperature = temperature;
    const Result<HttpRequest> built = OpenAIChatProvider().buildRequest(request, settingsFor(baseUrl, key));
    QVERIFY2(built.ok(), qPrintable(built.ok() ? QString() : built.error().message));
    QCOMPARE(built.value().method, "POST"_ba);
    QCOMPARE(built.value().body, body);
    QVERIFY(!QJsonDocument::fromJson(built.value().body).isNull());
}

void TestOpenAIChatProvider::headersAndSecrets()
{
    ChatRequest request = sampleRequest();
    request.messages.append({ChatMessage::Role::Assistant, u"h\u00e9llo \u2713 \"quoted\"\n"_s});
    ProviderSettings settings = settingsFor({}, u"sk-secret-9876"_s);
    settings.timeouts.connect = std::chrono::milliseconds(1234);
    settings.timeouts.idle = std::chrono::milliseconds(5678);
    settings.timeouts.total = std::chrono::milliseconds(91011);
    const Result<HttpRequest> built = OpenAIChatProvider().buildRequest(request, settings);
    QVERIFY(built.ok());
    const HttpRequest &http = built.value();
    QCOMPARE(headerValue(http.headers, "content-type"), "application/json"_ba);
    QCOMPARE(headerValue(http.headers, "Accept"), "text/event-stream"_ba);
    QCOMPARE(headerValue(http.headers, "Authorization"), "Bearer sk-secret-9876"_ba);
    QCOMPARE(http.secrets, QStringList{u"sk-secret-9876"_s});
    QCOMPARE(http.timeouts.connect.count(), 1234);
    QCOMPARE(http.timeouts.idle.count(), 5678);
    QCOMPARE(http.timeouts.total.count(), 91011);
    const QJsonObject body = QJsonDocument::fromJson(http.body).object();
    QCOMPARE(body[u"messages"_s].toArray().at(2).toObject()[u"content"_s].toString(),
             u"h\u00e9llo \u2713 \"quoted\"\n"_s);
    QCOMPARE(body[u"messages"_s].toArray().at(2).toObject()[u"role"_s].toString(), u"assistant"_s);
    QVERIFY(!http.body.contains("sk-secret"));

    // A local server without a key: no Authorization header at all, nothing to redact.
    const Result<HttpRequest> local =
        OpenAIChatProvider().buildRequest(sampleRequest(), settingsFor(u"http://localhost:8080/v1"_s, {}));
    QVERIFY(local.ok());
    QVERIFY(headerValue(local.value().headers, "Authorization").isEmpty());
    QVERIFY(local.value().secrets.isEmpty());
    // A local server with a key (llama.cpp --api-key) still gets it.
    const Result<HttpRequest> keyed =
        OpenAIChatProvider().buildRequest(sampleRequest(), settingsFor(u"http://127.0.0.1:8080/v1"_s, u"local-key"_s));
    QVERIFY(keyed.ok());
    QCOMPARE(headerValue(keyed.value().headers, "Authorization"), "Bearer local-key"_ba);
}

void TestOpenAIChatProvider::endpointUrl_data()
{
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("expected");
    QTest::newRow("default") << QString() << u"https://api.openai.com/v1/chat/completions"_s;
    QTest::newRow("ollama") << u"http://127.0.0.1:11434/v1"_s << u"http://127.0.0.1:11434/v1/chat/completions"_s;
    QTest::newRow("trailing-slash") << u"http://127.0.0.1:11434/v1/"_s << u"http://127.0.0.1:11434/v1/chat/completions"_s;
    QTest::newRow("openrouter") << u"https://openrouter.ai/api/v1"_s << u"https://openrouter.ai/api/v1/chat/completions"_s;
    QTest::newRow("no-path") << u"http://localhost:1234"_s << u"http://localhost:1234/chat/completions"_s;
    QTest::newRow("query-kept") << u"https://x.openai.azure.com/openai/v1?api-version=preview"_s
                                << u"https://x.openai.azure.com/openai/v1/chat/completions?api-version=preview"_s;
}

void TestOpenAIChatProvider::endpointUrl()
{
    QFETCH(QString, baseUrl);
    QFETCH(QString, expected);
    const Result<HttpRequest> built = OpenAIChatProvider().buildRequest(sampleRequest(), settingsFor(baseUrl, u"sk-1234"_s));
    QVERIFY(built.ok());
    QCOMPARE(built.value().url.toString(), expected);
}

void TestOpenAIChatProvider::usageErrors_data()
{
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("messageContains");
    QTest::newRow("missing-key-openai") << QString() << QString() << u"m"_s << u"OPENAI_API_KEY"_s;
    QTest::newRow("missing-key-remote-host") << u"https://openrouter.ai/api/v1"_s << u"  "_s << u"m"_s << u"openrouter.ai"_s;
    QTest::newRow("ftp-scheme") << u"ftp://127.0.0.1/v1"_s << QString() << u"m"_s << u"Invalid base URL"_s;
    QTest::newRow("relative") << u"not a url"_s << QString() << u"m"_s << u"Invalid base URL"_s;
    QTest::newRow("no-host") << u"http:///v1"_s << QString() << u"m"_s << u"Invalid base URL"_s;
    QTest::newRow("password-not-echoed") << u"ftp://user:hunter2@host/v1"_s << QString() << u"m"_s << u"ftp://host/v1"_s;
    QTest::newRow("no-model") << u"http://127.0.0.1:11434/v1"_s << QString() << u" "_s << u"No model"_s;
}

void TestOpenAIChatProvider::usageErrors()
{
    QFETCH(QString, baseUrl);
    QFETCH(QString, key);
    QFETCH(QString, model);
    QFETCH(QString, messageContains);
    ChatRequest request = sampleRequest();
    request.model = model;
    const Result<HttpRequest> built = OpenAIChatProvider().buildRequest(request, settingsFor(baseUrl, key));
    QVERIFY(!built.ok());
    QCOMPARE(built.error().kind, Error::Kind::Usage);
    QVERIFY2(built.error().message.contains(messageContains), qPrintable(built.error().message));
    QVERIFY(!built.error().message.contains(u"hunter2"_s));
}

void TestOpenAIChatProvider::localHosts_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("local");
    for (const char *h : {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "10.0.0.5", "192.168.1.20",
                          "172.16.0.1", "172.31.255.255", "169.254.1.1", "gpu-box.local", "app.localhost", "fd12::1"})
        QTest::newRow(h) << QString::fromLatin1(h) << true;
    for (const char *h : {"api.openai.com", "172.32.0.1", "8.8.8.8", "localhost.example.com", "11.0.0.1",
                          "2001:db8::1", "127.0.0.1.nip.io"})
        QTest::newRow(h) << QString::fromLatin1(h) << false;
}

void TestOpenAIChatProvider::localHosts()
{
    QFETCH(QString, host);
    QFETCH(bool, local);
    QCOMPARE(OpenAIChatProvider::isLocalHost(host), local);
}

void TestOpenAIChatProvider::jsonSchemaBecomesResponseFormat()
{
    ChatRequest request = sampleRequest();
    request.jsonSchema = uR"({"type":"object","properties":{"name":{"type":"string"}},"required":["name"]})"_s;
    const Result<HttpRequest> built = OpenAIChatProvider().buildRequest(request, settingsFor({}, u"sk-1234"_s));
    QVERIFY(built.ok());
    QVERIFY(built.value().body.contains(
        R"("response_format":{"type":"json_schema","json_schema":{"name":"response","schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}})"));
    request.jsonSchema = u"{not json"_s;
    const Result<HttpRequest> bad = OpenAIChatProvider().buildRequest(request, settingsFor({}, u"sk-1234"_s));
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().kind, Error::Kind::Usage);
}

void TestOpenAIChatProvider::createSourceWiresTheRequest()
{
    HttpTransport transport;
    const OpenAIChatProvider provider;
    const ProviderSettings settings = settingsFor(u"http://127.0.0.1:9/v1"_s, {});
    auto source = provider.createSource(sampleRequest(), settings, transport);
    QVERIFY(source.ok());
    auto *http = dynamic_cast<HttpStreamSource *>(source.value().get());
    QVERIFY(http);
    QCOMPARE(http->request().url, provider.buildRequest(sampleRequest(), settings).value().url);
    QCOMPARE(http->request().body, provider.buildRequest(sampleRequest(), settings).value().body);

    auto failed = provider.createSource(sampleRequest(), settingsFor({}, {}), transport);
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().kind, Error::Kind::Usage);
}

QTEST_GUILESS_MAIN(TestOpenAIChatProvider)
#include "tst_openaichatprovider.moc"
