#include <QTest>

#include "providers/anthropic/anthropicdecoder.h"
#include "providers/anthropic/anthropicprovider.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

const QString s_key = u"test-key-4242"_s;

ProviderSettings remote(const QString &base = {})
{
    ProviderSettings s;
    s.apiKey = s_key;
    if (!base.isEmpty())
        s.baseUrl = QUrl(base);
    return s;
}

ChatRequest makeRequest(const QString &model = u"claude-sonnet-5-5"_s)
{
    ChatRequest r;
    r.model = model;
    r.messages = {{ChatMessage::Role::System, u"Be terse."_s}, {ChatMessage::Role::User, u"Weather?"_s}};
    return r;
}

QByteArray bodyOf(const ChatRequest &r, const ProviderSettings &s = remote())
{
    const Result<HttpRequest> http = AnthropicProvider().buildRequest(r, s);
    if (!http)
        return "usage error: " + http.error().message.toUtf8();
    return http.value().body;
}

} // namespace

class TestAnthropicProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identity();
    void request();
    void endpoints_data();
    void endpoints();
    void usageErrors_data();
    void usageErrors();
    void localServerNeedsNoKey();
    void reasoningEffort_data();
    void reasoningEffort();
    void adaptiveModels();
    void jsonSchema();
    void countTokens();
    void listModels();
};

void TestAnthropicProvider::identity()
{
    const AnthropicProvider p;
    QCOMPARE(p.id(), u"anthropic"_s);
    QCOMPARE(p.displayName(), u"Anthropic (Messages)"_s);
    QCOMPARE(p.defaultBaseUrl(), QUrl(u"https://api.anthropic.com"_s));
    QCOMPARE(p.apiKeyEnvVar(), u"ANTHROPIC_API_KEY"_s);
    QVERIFY(p.requiresApiKey());
    QVERIFY(p.canCountTokens());
    QVERIFY(dynamic_cast<AnthropicDecoder *>(p.createDecoder().get()));
}

void TestAnthropicProvider::request()
{
    ChatRequest r = makeRequest();
    r.messages = {{ChatMessage::Role::System, u"Be terse."_s}, {ChatMessage::Role::User, u"Weather?"_s},
                  {ChatMessage::Role::Assistant, u"Where?"_s}, {ChatMessage::Role::Developer, u"Metric units."_s},
                  {ChatMessage::Role::User, u"Oslo"_s}};
    r.maxOutputTokens = 100;
    r.temperature = 0.5;
    r.topP = 0.99;
    r.seed = 7; // no seed on this API: not sent
    r.stop = {u"END"_s, u"###"_s};
    const Result<HttpRequest> http = AnthropicProvider().buildRequest(r, remote());
    QVERIFY2(http.ok(), http.ok() ? "" : qPrintable(http.error().message));
    const HttpRequest &h = http.value();
    QCOMPARE(h.method, "POST"_ba);
    QCOMPARE(h.url, QUrl(u"https://api.anthropic.com/v1/messages"_s));
    QCOMPARE(headerValue(h.headers, "x-api-key"), s_key.toUtf8());
    QCOMPARE(headerValue(h.headers, "anthropic-version"), "2023-06-01"_ba);
    QCOMPARE(headerValue(h.headers, "content-type"), "application/json"_ba);
    QCOMPARE(headerValue(h.headers, "accept"), "text/event-stream"_ba);
    QCOMPARE(h.secrets, QStringList{s_key});
    QCOMPARE(h.body,
             R"({"model":"claude-sonnet-5-5","system":"Be terse.\n\nMetric units.","messages":[)"
             R"({"role":"user","content":"Weather?"},{"role":"assistant","content":"Where?"},)"
             R"({"role":"user","content":"Oslo"}],"max_tokens":100,"temperature":0.5,"top_p":0.99,)"
             R"("stop_sequences":["END","###"],"stream":true})"_ba);

    // max_tokens is required by the API: 4096 when the request has none; no system: no field.
    ChatRequest plain;
    plain.model = u"claude-haiku-4-5"_s;
    plain.messages = {{ChatMessage::Role::User, u"Hi"_s}};
    QCOMPARE(bodyOf(plain),
             R"({"model":"claude-haiku-4-5","messages":[{"role":"user","content":"Hi"}],"max_tokens":4096,"stream":true})"_ba);
}

void TestAnthropicProvider::endpoints_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("expected");
    QTest::newRow("default") << QString() << u"https://api.anthropic.com/v1/messages"_s;
    QTest::newRow("trailing-slash") << u"https://api.anthropic.com/"_s << u"https://api.anthropic.com/v1/messages"_s;
    QTest::newRow("base-has-v1") << u"https://gateway.example.com/v1"_s << u"https://gateway.example.com/v1/messages"_s;
    QTest::newRow("base-has-v1-slash") << u"https://gateway.example.com/v1/"_s << u"https://gateway.example.com/v1/messages"_s;
    QTest::newRow("prefix") << u"https://gateway.example.com/anthropic"_s
                            << u"https://gateway.example.com/anthropic/v1/messages"_s;
}

void TestAnthropicProvider::endpoints()
{
    QFETCH(QString, base);
    QFETCH(QString, expected);
    const Result<HttpRequest> http = AnthropicProvider().buildRequest(makeRequest(), remote(base));
    QVERIFY(http.ok());
    QCOMPARE(http.value().url.toString(), expected);
}

void TestAnthropicProvider::usageErrors_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("no-model") << u"no-model"_s << u"No model given for Anthropic (Messages)"_s;
    QTest::newRow("no-messages") << u"no-messages"_s << u"no user or assistant messages"_s;
    QTest::newRow("only-system") << u"only-system"_s << u"no user or assistant messages"_s;
    QTest::newRow("no-key") << u"no-key"_s << u"set ANTHROPIC_API_KEY"_s;
    QTest::newRow("bad-base-url") << u"bad-base-url"_s << u"Invalid base URL"_s;
    QTest::newRow("zero-max-tokens") << u"zero-max-tokens"_s << u"must be positive"_s;
    QTest::newRow("bad-schema") << u"bad-schema"_s << u"not a valid JSON object"_s;
    QTest::newRow("unknown-effort") << u"unknown-effort"_s << u"Unknown reasoning effort \"turbo\""_s;
    QTest::newRow("budget-above-max-tokens") << u"budget-above-max-tokens"_s << u"at least 1024 tokens"_s;
}

void TestAnthropicProvider::usageErrors()
{
    QFETCH(QString, what);
    QFETCH(QString, messagePart);
    ChatRequest r = makeRequest();
    ProviderSettings s = remote();
    if (what == "no-model"_L1)
        r.model = u"  "_s;
    else if (what == "no-messages"_L1)
        r.messages.clear();
    else if (what == "only-system"_L1)
        r.messages = {{ChatMessage::Role::System, u"Be terse."_s}};
    else if (what == "no-key"_L1)
        s.apiKey = u"  "_s;
    else if (what == "bad-base-url"_L1)
        s.baseUrl = QUrl(u"ftp://api.anthropic.com"_s);
    else if (what == "zero-max-tokens"_L1)
        r.maxOutputTokens = 0;
    else if (what == "bad-schema"_L1)
        r.jsonSchema = u"[1, 2"_s;
    else if (what == "unknown-effort"_L1)
        r.reasoningEffort = u"turbo"_s;
    else if (what == "budget-above-max-tokens"_L1) {
        r.model = u"claude-opus-4-1-20250805"_s;
        r.reasoningEffort = u"low"_s;
        r.maxOutputTokens = 1000;
    }
    const Result<HttpRequest> http = AnthropicProvider().buildRequest(r, s);
    QVERIFY(!http.ok());
    QCOMPARE(http.error().kind, Error::Kind::Usage);
    QVERIFY2(http.error().message.contains(messagePart), qPrintable(http.error().message));
    QVERIFY(!http.error().message.contains(s_key));
}

void TestAnthropicProvider::localServerNeedsNoKey()
{
    ProviderSettings s;
    s.baseUrl = QUrl(u"http://127.0.0.1:8080"_s);
    const Result<HttpRequest> http = AnthropicProvider().buildRequest(makeRequest(), s);
    QVERIFY(http.ok());
    QVERIFY(headerValue(http.value().headers, "x-api-key").isEmpty());
    QVERIFY(http.value().secrets.isEmpty());
    QCOMPARE(http.value().url, QUrl(u"http://127.0.0.1:8080/v1/messages"_s));
}

void TestAnthropicProvider::reasoningEffort_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("effort");
    QTest::addColumn<int>("maxTokens"); // 0: not given
    QTest::addColumn<QByteArray>("expectedTail"); // the body from "max_tokens" on
    QTest::newRow("empty") << u"claude-opus-5-5"_s << QString() << 0
                           << R"("max_tokens":4096,"stream":true})"_ba;
    QTest::newRow("none") << u"claude-sonnet-4-5"_s << u"none"_s << 0 << R"("max_tokens":4096,"stream":true})"_ba;
    QTest::newRow("adaptive-high") << u"claude-opus-5-5"_s << u"high"_s << 0
        << R"("max_tokens":4096,"thinking":{"type":"adaptive"},"output_config":{"effort":"high"},"stream":true})"_ba;
    QTest::newRow("adaptive-minimal-is-low") << u"claude-sonnet-4-6"_s << u"minimal"_s << 2000
        << R"("max_tokens":2000,"thinking":{"type":"adaptive"},"output_config":{"effort":"low"},"stream":true})"_ba;
    QTest::newRow("adaptive-unknown-name-xhigh") << u"my-proxy-model"_s << u"XHigh"_s << 0
        << R"("max_tokens":4096,"thinking":{"type":"adaptive"},"output_config":{"effort":"xhigh"},"stream":true})"_ba;
    // Budget models: budget 8192 + 4096 room for the answer when no max is given.
    QTest::newRow("budget-medium-default-max") << u"claude-sonnet-4-5-20250929"_s << u"medium"_s << 0
        << R"("max_tokens":12288,"thinking":{"type":"enabled","budget_tokens":8192},"stream":true})"_ba;
    QTest::newRow("budget-max") << u"claude-3-7-sonnet-20250219"_s << u"max"_s << 64000
        << R"("max_tokens":64000,"thinking":{"type":"enabled","budget_tokens":32000},"stream":true})"_ba;
    // high = 16384 does not fit under max_tokens 5000: lowered to 4999.
    QTest::newRow("budget-fitted") << u"claude-sonnet-4-20250514"_s << u"high"_s << 5000
        << R"("max_tokens":5000,"thinking":{"type":"enabled","budget_tokens":4999},"stream":true})"_ba;
    QTest::newRow("budget-minimal") << u"claude-opus-4-5"_s << u"minimal"_s << 0
        << R"("max_tokens":5120,"thinking":{"type":"enabled","budget_tokens":1024},"stream":true})"_ba;
}

void TestAnthropicProvider::reasoningEffort()
{
    QFETCH(QString, model);
    QFETCH(QString, effort);
    QFETCH(int, maxTokens);
    QFETCH(QByteArray, expectedTail);
    ChatRequest r = makeRequest(model);
    r.reasoningEffort = effort;
    if (maxTokens > 0)
        r.maxOutputTokens = maxTokens;
    const QByteArray body = bodyOf(r);
    QVERIFY2(body.endsWith("]," + expectedTail), body.constData());
}

void TestAnthropicProvider::adaptiveModels()
{
    for (const char *m : {"claude-opus-4-6", "claude-sonnet-4-6", "claude-opus-4-7", "claude-opus-5-5", "claude-sonnet-5",
                          "claude-fable-5-1", "claude-mythos-5", "claude-haiku-5-5", "us.anthropic.claude-opus-4-6-v1:0",
                          "some-gateway-model"})
        QVERIFY2(AnthropicProvider::usesAdaptiveThinking(QString::fromLatin1(m)), m);
    for (const char *m : {"claude-opus-4-5", "claude-opus-4-5-20251101", "claude-sonnet-4-20250514", "claude-opus-4-1",
                          "claude-haiku-4-5", "claude-3-7-sonnet-20250219", "claude-3-5-haiku-latest",
                          "anthropic.claude-sonnet-4-5-20250929-v1:0"})
        QVERIFY2(!AnthropicProvider::usesAdaptiveThinking(QString::fromLatin1(m)), m);
}

void TestAnthropicProvider::jsonSchema()
{
    ChatRequest r = makeRequest(u"claude-opus-5-5"_s);
    r.jsonSchema = uR"({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})"_s;
    QVERIFY2(bodyOf(r).endsWith(
                 R"("max_tokens":4096,"output_config":{"format":{"type":"json_schema","schema":{"type":"object",)"
                 R"("properties":{"city":{"type":"string"}},"required":["city"]}}},"stream":true})"),
             bodyOf(r).constData());
    r.reasoningEffort = u"low"_s; // effort and format share output_config
    QVERIFY2(bodyOf(r).contains(R"("thinking":{"type":"adaptive"},"output_config":{"effort":"low","format":{"type":"json_schema",)"),
             bodyOf(r).constData());
}

void TestAnthropicProvider::countTokens()
{
    const AnthropicProvider p;
    ChatRequest r = makeRequest();
    r.maxOutputTokens = 100;
    r.reasoningEffort = u"high"_s;
    const Result<HttpRequest> http = p.buildCountTokensRequest(r, remote());
    QVERIFY(http.ok());
    QCOMPARE(http.value().method, "POST"_ba);
    QCOMPARE(http.value().url, QUrl(u"https://api.anthropic.com/v1/messages/count_tokens"_s));
    QCOMPARE(headerValue(http.value().headers, "x-api-key"), s_key.toUtf8());
    QCOMPARE(headerValue(http.value().headers, "anthropic-version"), "2023-06-01"_ba);
    QCOMPARE(http.value().body,
             R"({"model":"claude-sonnet-5-5","system":"Be terse.","messages":[{"role":"user","content":"Weather?"}]})"_ba);
    QVERIFY(!p.buildCountTokensRequest(r, ProviderSettings{}).ok()); // no key for api.anthropic.com

    const Result<std::int64_t> n = p.parseCountTokens(R"({ "input_tokens" : 2095 })");
    QVERIFY(n.ok());
    QCOMPARE(n.value(), 2095);
    QVERIFY(!p.parseCountTokens(R"({"tokens": 5})").ok());
    QVERIFY(!p.parseCountTokens("not json").ok());
    QVERIFY(!p.parseCountTokens(R"({"input_tokens": "12"})").ok());
}

void TestAnthropicProvider::listModels()
{
    const AnthropicProvider p;
    Result<HttpRequest> first = p.buildListModelsRequest(remote());
    QVERIFY(first.ok());
    QCOMPARE(first.value().method, "GET"_ba);
    QCOMPARE(first.value().url, QUrl(u"https://api.anthropic.com/v1/models?limit=1000"_s));
    QCOMPARE(headerValue(first.value().headers, "anthropic-version"), "2023-06-01"_ba);
    QCOMPARE(headerValue(first.value().headers, "x-api-key"), s_key.toUtf8());
    Result<HttpRequest> next = p.buildListModelsRequest(remote(u"http://127.0.0.1:9/v1"_s), u"claude-opus-4-1"_s);
    QVERIFY(next.ok());
    QCOMPARE(next.value().url.toString(), u"http://127.0.0.1:9/v1/models?limit=1000&after_id=claude-opus-4-1"_s);

    const QByteArray page1 = R"({"data":[
        {"type":"model","id":"claude-opus-5-5","display_name":"Claude Opus 5.5","created_at":"2026-05-01T00:00:00Z","max_input_tokens":1000000,"max_tokens":128000},
        {"type":"model","id":"claude-sonnet-5-5","display_name":"Claude Sonnet 5.5","created_at":"2026-04-01T00:00:00Z"}],
        "has_more":true,"first_id":"claude-opus-5-5","last_id":"claude-sonnet-5-5"})";
    const Result<HttpProvider::ModelPage> one = p.parseModelList(page1);
    QVERIFY(one.ok());
    QCOMPARE(one.value().models, (QStringList{u"claude-opus-5-5"_s, u"claude-sonnet-5-5"_s}));
    QCOMPARE(one.value().nextCursor, u"claude-sonnet-5-5"_s);

    const QByteArray page2 = R"({"data":[{"type":"model","id":"claude-haiku-4-5"}],"has_more":false,"first_id":"claude-haiku-4-5","last_id":"claude-haiku-4-5"})";
    const Result<HttpProvider::ModelPage> two = p.parseModelList(page2);
    QVERIFY(two.ok());
    QCOMPARE(two.value().models, QStringList{u"claude-haiku-4-5"_s});
    QCOMPARE(two.value().nextCursor, QString());

    // has_more without last_id: the last id on the page is the cursor.
    const Result<HttpProvider::ModelPage> three = p.parseModelList(R"({"data":[{"id":"a"},{"id":"b"}],"has_more":true})");
    QVERIFY(three.ok());
    QCOMPARE(three.value().nextCursor, u"b"_s);

    QVERIFY(!p.parseModelList(R"({"type":"error","error":{"type":"api_error","message":"x"}})").ok());
    QVERIFY(!p.parseModelList("<html>").ok());
}

QTEST_GUILESS_MAIN(TestAnthropicProvider)
#include "tst_anthropicprovider.moc"
