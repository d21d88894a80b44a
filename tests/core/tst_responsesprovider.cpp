#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "providers/responses/responsesprovider.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

class TestResponsesProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identity();
    void requestBody();
    void reasoningEffortNone();
    void keyRules();
    void badInput();
    void modelList();
    void countTokens();
};

namespace {

ProviderSettings settingsFor(const QString &base, const QString &key = {})
{
    ProviderSettings s;
    s.baseUrl = QUrl(base);
    s.apiKey = key;
    return s;
}

QJsonObject bodyOf(const HttpRequest &http)
{
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(http.body, &error).object();
    [&] { QCOMPARE(error.error, QJsonParseError::NoError); }();
    return o;
}

ChatRequest fullRequest()
{
    ChatRequest r;
    r.model = u" gpt-5.4-mini "_s;
    r.messages = {{ChatMessage::Role::System, u"Be terse."_s},
                  {ChatMessage::Role::User, u"Weather?"_s},
                  {ChatMessage::Role::Assistant, u"Where?"_s},
                  {ChatMessage::Role::Developer, u"Answer in French."_s},
                  {ChatMessage::Role::User, u"Paris"_s}};
    r.maxOutputTokens = 300;
    r.temperature = 0.5;
    r.topP = 0.9;
    r.seed = 7;             // not a Responses parameter
    r.stop = {u"END"_s};    // not a Responses parameter
    r.reasoningEffort = u"high"_s;
    r.maxTokensField = u"max_tokens"_s; // only Chat adapters read it
    r.jsonSchema = uR"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"]})"_s;
    return r;
}

} // namespace

void TestResponsesProvider::identity()
{
    const OpenAIResponsesProvider p;
    QCOMPARE(p.id(), u"openai-responses"_s);
    QCOMPARE(p.displayName(), u"OpenAI (Responses)"_s);
    QCOMPARE(p.defaultBaseUrl(), QUrl(u"https://api.openai.com/v1"_s));
    QCOMPARE(p.apiKeyEnvVar(), u"OPENAI_API_KEY"_s);
    QVERIFY(p.requiresApiKey());
    QVERIFY(!p.requiresBaseUrl());
    QVERIFY(p.canCountTokens());
    QVERIFY(!p.defaultModel().isEmpty());
}

void TestResponsesProvider::requestBody()
{
    const OpenAIResponsesProvider p;
    const auto built = p.buildRequest(fullRequest(), settingsFor(u"https://api.openai.com/v1/"_s, u" test-key-4242 "_s));
    QVERIFY2(built.ok(), built.ok() ? "" : qPrintable(built.error().message));
    const HttpRequest &http = built.value();
    QCOMPARE(http.method, "POST"_ba);
    QCOMPARE(http.url, QUrl(u"https://api.openai.com/v1/responses"_s));
    QCOMPARE(headerValue(http.headers, "authorization"), "Bearer test-key-4242"_ba);
    QCOMPARE(headerValue(http.headers, "content-type"), "application/json"_ba);
    QCOMPARE(headerValue(http.headers, "accept"), "text/event-stream"_ba);
    QCOMPARE(http.secrets, QStringList{u"test-key-4242"_s});

    const QJsonObject body = bodyOf(http);
    QCOMPARE(body[u"model"_s].toString(), u"gpt-5.4-mini"_s);
    QCOMPARE(body[u"instructions"_s].toString(), u"Be terse.\n\nAnswer in French."_s);
    const QJsonArray input = body[u"input"_s].toArray();
    QCOMPARE(input.size(), 3);
    QCOMPARE(input[0].toObject()[u"role"_s].toString(), u"user"_s);
    const QJsonObject part = input[0].toObject()[u"content"_s].toArray().first().toObject();
    QCOMPARE(part[u"type"_s].toString(), u"input_text"_s);
    QCOMPARE(part[u"text"_s].toString(), u"Weather?"_s);
    QCOMPARE(input[1].toObject()[u"role"_s].toString(), u"assistant"_s);
    QCOMPARE(input[1].toObject()[u"content"_s].toString(), u"Where?"_s);
    QCOMPARE(input[2].toObject()[u"content"_s].toArray().first().toObject()[u"text"_s].toString(), u"Paris"_s);
    QCOMPARE(body[u"max_output_tokens"_s].toInt(), 300);
    QCOMPARE(body[u"temperature"_s].toDouble(), 0.5);
    QCOMPARE(body[u"top_p"_s].toDouble(), 0.9);
    const QJsonObject reasoning = body[u"reasoning"_s].toObject();
    QCOMPARE(reasoning[u"effort"_s].toString(), u"high"_s);
    QCOMPARE(reasoning[u"summary"_s].toString(), u"auto"_s);
    const QJsonObject format = body[u"text"_s].toObject()[u"format"_s].toObject();
    QCOMPARE(format[u"type"_s].toString(), u"json_schema"_s);
    QCOMPARE(format[u"name"_s].toString(), u"response"_s);
    QCOMPARE(format[u"schema"_s].toObject()[u"required"_s].toArray().first().toString(), u"city"_s);
    QVERIFY(!format.contains(u"json_schema"_s)); // §4.2: the schema sits directly in text.format
    QCOMPARE(body[u"stream"_s].toBool(), true);
    QCOMPARE(body[u"store"_s].toBool(true), false);
    for (const QString &absent : {u"stop"_s, u"seed"_s, u"max_tokens"_s, u"max_completion_tokens"_s,
                                  u"messages"_s, u"response_format"_s, u"stream_options"_s})
        QVERIFY2(!body.contains(absent), qPrintable(absent));
}

void TestResponsesProvider::reasoningEffortNone()
{
    ChatRequest r;
    r.model = u"gpt-5.4"_s;
    r.messages = {{ChatMessage::Role::User, u"hi"_s}};
    r.reasoningEffort = u"none"_s;
    const auto built = OpenAIResponsesProvider().buildRequest(r, settingsFor(u"http://127.0.0.1:9/v1"_s));
    QVERIFY(built.ok());
    const QJsonObject body = bodyOf(built.value());
    QCOMPARE(body[u"reasoning"_s].toObject(), (QJsonObject{{u"effort"_s, u"none"_s}}));
    for (const QString &absent : {u"instructions"_s, u"max_output_tokens"_s, u"temperature"_s, u"top_p"_s, u"text"_s})
        QVERIFY2(!body.contains(absent), qPrintable(absent));
}

void TestResponsesProvider::keyRules()
{
    const OpenAIResponsesProvider p;
    ChatRequest r;
    r.model = u"gpt-5.4"_s;
    r.messages = {{ChatMessage::Role::User, u"hi"_s}};
    const auto remote = p.buildRequest(r, settingsFor(u"https://api.openai.com/v1"_s));
    QVERIFY(!remote.ok());
    QCOMPARE(remote.error().kind, Error::Kind::Usage);
    QVERIFY(remote.error().message.contains(u"OPENAI_API_KEY"_s));
    QVERIFY(!p.buildRequest(r, settingsFor({})).ok()); // the default base is remote too
    QVERIFY(!p.buildListModelsRequest(settingsFor({})).ok());
    QVERIFY(!p.buildCountTokensRequest(r, settingsFor({})).ok());
    for (const QString &local : {u"http://127.0.0.1:8080/v1"_s, u"http://localhost:11434/v1"_s, u"http://192.168.1.5/v1"_s}) {
        const auto built = p.buildRequest(r, settingsFor(local));
        QVERIFY2(built.ok(), qPrintable(local));
        QVERIFY(headerValue(built.value().headers, "authorization").isEmpty());
        QVERIFY(built.value().secrets.isEmpty());
    }
}

void TestResponsesProvider::badInput()
{
    const OpenAIResponsesProvider p;
    const ProviderSettings s = settingsFor(u"http://127.0.0.1:9/v1"_s);
    ChatRequest r;
    r.model = u"gpt-5.4"_s;
    QVERIFY(!p.buildRequest(r, s).ok()); // no messages
    r.messages = {{ChatMessage::Role::User, u"hi"_s}};
    r.model = u"  "_s;
    QVERIFY(!p.buildRequest(r, s).ok());
    r.model = u"gpt-5.4"_s;
    r.maxOutputTokens = 0;
    QVERIFY(!p.buildRequest(r, s).ok());
    r.maxOutputTokens.reset();
    r.jsonSchema = u"[1,2]"_s;
    const auto schema = p.buildRequest(r, s);
    QVERIFY(!schema.ok());
    QCOMPARE(schema.error().kind, Error::Kind::Usage);
    QVERIFY(!p.buildRequest(r, settingsFor(u"ftp://127.0.0.1/v1"_s)).ok());
}

void TestResponsesProvider::modelList()
{
    const OpenAIResponsesProvider p;
    const auto req = p.buildListModelsRequest(settingsFor(u"http://127.0.0.1:9/v1"_s, u"test-key-4242"_s));
    QVERIFY(req.ok());
    QCOMPARE(req.value().method, "GET"_ba);
    QCOMPARE(req.value().url, QUrl(u"http://127.0.0.1:9/v1/models"_s));
    QCOMPARE(headerValue(req.value().headers, "authorization"), "Bearer test-key-4242"_ba);
    const auto page = p.parseModelList(
        R"({"object":"list","data":[{"id":"gpt-5.4","object":"model","created":1,"owned_by":"system"},{"id":"gpt-5.4-mini","object":"model"},{"id":"gpt-5.4"},{"object":"model"}]})");
    QVERIFY(page.ok());
    QCOMPARE(page.value().models, (QStringList{u"gpt-5.4"_s, u"gpt-5.4-mini"_s}));
    QVERIFY(page.value().nextCursor.isEmpty());
    QVERIFY(!p.parseModelList(R"({"models":[]})").ok());
    QVERIFY(!p.parseModelList("not json").ok());
}

void TestResponsesProvider::countTokens()
{
    const OpenAIResponsesProvider p;
    ChatRequest r = fullRequest();
    const auto req = p.buildCountTokensRequest(r, settingsFor(u"http://127.0.0.1:9/v1"_s, u"test-key-4242"_s));
    QVERIFY(req.ok());
    QCOMPARE(req.value().method, "POST"_ba);
    QCOMPARE(req.value().url, QUrl(u"http://127.0.0.1:9/v1/responses/input_tokens"_s));
    QCOMPARE(headerValue(req.value().headers, "authorization"), "Bearer test-key-4242"_ba);
    const QJsonObject body = bodyOf(req.value());
    QCOMPARE(body[u"model"_s].toString(), u"gpt-5.4-mini"_s);
    QCOMPARE(body[u"instructions"_s].toString(), u"Be terse.\n\nAnswer in French."_s);
    QCOMPARE(body[u"input"_s].toArray().size(), 3);
    QVERIFY(!body.contains(u"stream"_s));
    QVERIFY(!body.contains(u"max_output_tokens"_s));
    const auto n = p.parseCountTokens(R"({"object":"response.input_tokens","input_tokens":1234})");
    QVERIFY(n.ok());
    QCOMPARE(n.value(), 1234);
    QVERIFY(!p.parseCountTokens(R"({"object":"response.input_tokens"})").ok());
    QVERIFY(!p.parseCountTokens("<html>").ok());
}

QTEST_GUILESS_MAIN(TestResponsesProvider)
#include "tst_responsesprovider.moc"
