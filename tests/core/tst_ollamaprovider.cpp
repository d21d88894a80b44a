#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "providers/ollama/ollamaprovider.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

class TestOllamaProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identity();
    void requestBody();
    void minimalRequest();
    void thinkValues_data();
    void thinkValues();
    void urls_data();
    void urls();
    void badInput();
    void modelList();
};

namespace {

ProviderSettings settingsFor(const QString &base, const QString &key = {})
{
    ProviderSettings s;
    s.baseUrl = QUrl(base);
    s.apiKey = key;
    return s;
}

ChatRequest simple()
{
    ChatRequest r;
    r.model = u"llama3.2"_s;
    r.messages = {{ChatMessage::Role::User, u"hi"_s}};
    return r;
}

} // namespace

void TestOllamaProvider::identity()
{
    const OllamaProvider p;
    QCOMPARE(p.id(), u"ollama"_s);
    QCOMPARE(p.displayName(), u"Ollama (native)"_s);
    QCOMPARE(p.defaultBaseUrl(), QUrl(u"http://localhost:11434"_s));
    QVERIFY(!p.requiresApiKey());
    QVERIFY(!p.requiresBaseUrl());
    QVERIFY(!p.canCountTokens());
    QVERIFY(!p.defaultModel().isEmpty());
}

void TestOllamaProvider::requestBody()
{
    ChatRequest r;
    r.model = u" qwen3:8b "_s;
    r.messages = {{ChatMessage::Role::System, u"Be terse."_s},
                  {ChatMessage::Role::User, u"Weather?"_s},
                  {ChatMessage::Role::Assistant, u"Where?"_s},
                  {ChatMessage::Role::Developer, u"French."_s}};
    r.maxOutputTokens = 64;
    r.temperature = 0.5;
    r.topP = 0.75;
    r.seed = 42;
    r.stop = {u"END"_s, QString(), u"\n\n"_s};
    r.reasoningEffort = u"high"_s;
    r.jsonSchema = uR"({"type":"object","properties":{"city":{"type":"string"}}})"_s;
    const auto built = OllamaProvider().buildRequest(r, settingsFor(u"https://ollama.com/api/"_s, u"test-key-4242"_s));
    QVERIFY2(built.ok(), built.ok() ? "" : qPrintable(built.error().message));
    const HttpRequest &http = built.value();
    QCOMPARE(http.method, "POST"_ba);
    QCOMPARE(http.url, QUrl(u"https://ollama.com/api/chat"_s));
    QCOMPARE(headerValue(http.headers, "authorization"), "Bearer test-key-4242"_ba);
    QCOMPARE(headerValue(http.headers, "content-type"), "application/json"_ba);
    QCOMPARE(http.secrets, QStringList{u"test-key-4242"_s});

    const QJsonObject body = QJsonDocument::fromJson(http.body).object();
    QCOMPARE(body[u"model"_s].toString(), u"qwen3:8b"_s);
    QCOMPARE(body[u"stream"_s].toBool(), true);
    const QJsonArray messages = body[u"messages"_s].toArray();
    QCOMPARE(messages.size(), 4);
    const QStringList roles{u"system"_s, u"user"_s, u"assistant"_s, u"system"_s};
    const QStringList texts{u"Be terse."_s, u"Weather?"_s, u"Where?"_s, u"French."_s};
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(messages[i].toObject()[u"role"_s].toString(), roles[i]);
        QCOMPARE(messages[i].toObject()[u"content"_s].toString(), texts[i]);
    }
    const QJsonObject options = body[u"options"_s].toObject();
    QCOMPARE(options[u"num_predict"_s].toInt(), 64);
    QCOMPARE(options[u"temperature"_s].toDouble(), 0.5);
    QCOMPARE(options[u"top_p"_s].toDouble(), 0.75);
    QCOMPARE(options[u"seed"_s].toInt(), 42);
    QCOMPARE(options[u"stop"_s].toArray(), (QJsonArray{u"END"_s, u"\n\n"_s}));
    QCOMPARE(body[u"think"_s].toString(), u"high"_s);
    QCOMPARE(body[u"format"_s].toObject()[u"type"_s].toString(), u"object"_s);
    QVERIFY(body[u"format"_s].toObject()[u"properties"_s].toObject().contains(u"city"_s));
    for (const QString &absent : {u"max_tokens"_s, u"num_predict"_s, u"temperature"_s, u"stream_options"_s})
        QVERIFY2(!body.contains(absent), qPrintable(absent));
}

void TestOllamaProvider::minimalRequest()
{
    const auto built = OllamaProvider().buildRequest(simple(), ProviderSettings{});
    QVERIFY(built.ok()); // default base, no key needed
    QCOMPARE(built.value().url, QUrl(u"http://localhost:11434/api/chat"_s));
    QVERIFY(headerValue(built.value().headers, "authorization").isEmpty());
    QVERIFY(built.value().secrets.isEmpty());
    const QJsonObject body = QJsonDocument::fromJson(built.value().body).object();
    QCOMPARE(body.keys(), (QStringList{u"messages"_s, u"model"_s, u"stream"_s}));
}

void TestOllamaProvider::thinkValues_data()
{
    QTest::addColumn<QString>("effort");
    QTest::addColumn<QJsonValue>("think"); // Undefined: no "think"
    QTest::newRow("unset") << QString() << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("none") << u"none"_s << QJsonValue(false);
    QTest::newRow("minimal") << u"minimal"_s << QJsonValue(u"low"_s);
    QTest::newRow("low") << u"low"_s << QJsonValue(u"low"_s);
    QTest::newRow("medium") << u"Medium"_s << QJsonValue(u"medium"_s);
    QTest::newRow("xhigh") << u"xhigh"_s << QJsonValue(u"high"_s);
    QTest::newRow("max") << u"max"_s << QJsonValue(u"max"_s);
    QTest::newRow("unknown word") << u"on"_s << QJsonValue(true);
}

void TestOllamaProvider::thinkValues()
{
    QFETCH(QString, effort);
    QFETCH(QJsonValue, think);
    ChatRequest r = simple();
    r.reasoningEffort = effort;
    const auto built = OllamaProvider().buildRequest(r, ProviderSettings{});
    QVERIFY(built.ok());
    const QJsonObject body = QJsonDocument::fromJson(built.value().body).object();
    QCOMPARE(body.value(u"think"_s), think);
}

void TestOllamaProvider::urls_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("chat");
    QTest::addColumn<QString>("tags");
    QTest::newRow("host") << u"http://127.0.0.1:11434"_s << u"http://127.0.0.1:11434/api/chat"_s << u"http://127.0.0.1:11434/api/tags"_s;
    QTest::newRow("slash") << u"http://gpu-box:11434/"_s << u"http://gpu-box:11434/api/chat"_s << u"http://gpu-box:11434/api/tags"_s;
    QTest::newRow("api root") << u"https://ollama.com/api"_s << u"https://ollama.com/api/chat"_s << u"https://ollama.com/api/tags"_s;
    QTest::newRow("proxy prefix") << u"http://10.0.0.2/ollama"_s << u"http://10.0.0.2/ollama/api/chat"_s << u"http://10.0.0.2/ollama/api/tags"_s;
}

void TestOllamaProvider::urls()
{
    QFETCH(QString, base);
    QFETCH(QString, chat);
    QFETCH(QString, tags);
    const OllamaProvider p;
    const auto built = p.buildRequest(simple(), settingsFor(base));
    QVERIFY(built.ok());
    QCOMPARE(built.value().url, QUrl(chat));
    const auto list = p.buildListModelsRequest(settingsFor(base));
    QVERIFY(list.ok());
    QCOMPARE(list.value().method, "GET"_ba);
    QCOMPARE(list.value().url, QUrl(tags));
}

void TestOllamaProvider::badInput()
{
    const OllamaProvider p;
    ChatRequest r = simple();
    r.messages.clear();
    QVERIFY(!p.buildRequest(r, {}).ok());
    r = simple();
    r.model.clear();
    QVERIFY(!p.buildRequest(r, {}).ok());
    r = simple();
    r.maxOutputTokens = -1;
    QVERIFY(!p.buildRequest(r, {}).ok());
    r = simple();
    r.jsonSchema = u"{not json"_s;
    const auto schema = p.buildRequest(r, {});
    QVERIFY(!schema.ok());
    QCOMPARE(schema.error().kind, Error::Kind::Usage);
    QVERIFY(!p.buildRequest(simple(), settingsFor(u"localhost:11434"_s)).ok());
    QVERIFY(!p.buildListModelsRequest(settingsFor(u"ftp://x/"_s)).ok());
}

void TestOllamaProvider::modelList()
{
    const OllamaProvider p;
    const auto page = p.parseModelList(R"({"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-01-01T00:00:00Z","size":2019393189,"digest":"a80c4f17","details":{"family":"llama"}},{"model":"qwen3:8b"},{"name":"llama3.2:latest"},{"size":1}]})");
    QVERIFY(page.ok());
    QCOMPARE(page.value().models, (QStringList{u"llama3.2:latest"_s, u"qwen3:8b"_s}));
    QVERIFY(page.value().nextCursor.isEmpty());
    const auto empty = p.parseModelList(R"({"models":[]})");
    QVERIFY(empty.ok());
    QVERIFY(empty.value().models.isEmpty());
    QVERIFY(!p.parseModelList(R"({"data":[{"id":"x"}]})").ok());
    QVERIFY(!p.parseModelList("").ok());
}

QTEST_GUILESS_MAIN(TestOllamaProvider)
#include "tst_ollamaprovider.moc"
