#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include "clitestkit.h"
#include "fakeproviderserver.h"

using namespace Qt::StringLiterals;
using Crucible::Test::CliResult;
using Crucible::Test::cliEnvironment;
using Crucible::Test::runCli;
using Crucible::Test::FakeProviderServer;

// crucible-cli run --provider mistral|deepseek|groq|openrouter|openai-compatible against the fake
// server: the JSON result carries the right text, reasoning, usage and tool calls; the request went
// to {base}/chat/completions with the profile's key; openai-compatible needs --base-url.

namespace {

const QString Key = u"test-key-4242"_s;

QProcessEnvironment environment(const QString &keyVar)
{
    if (keyVar.isEmpty())
        return cliEnvironment();
    return cliEnvironment({{keyVar, Key}});
}

QByteArray sse(const QList<QByteArray> &events)
{
    QByteArray body;
    for (const QByteArray &e : events)
        body += e + "\n\n";
    return body;
}

} // namespace

class TestCliProfiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runAgainstFakeServer_data();
    void runAgainstFakeServer();
    void compatibleNeedsBaseUrl();
    void midStreamErrorExitsThree();
};

void TestCliProfiles::runAgainstFakeServer_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("keyVar");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reasoning");
    QTest::addColumn<QString>("finish");
    QTest::addColumn<QList<qint64>>("usage"); // input, cached, output, reasoning (-1: null)
    QTest::addColumn<QByteArray>("toolCalls"); // the expected JSON array
    QTest::addColumn<QByteArray>("maxField");

    QTest::newRow("mistral") << u"mistral"_s << u"MISTRAL_API_KEY"_s
        << sse({R"(data: {"id":"m1","object":"chat.completion.chunk","model":"magistral-small-latest","choices":[{"index":0,"delta":{"role":"assistant","content":[{"type":"thinking","thinking":[{"type":"text","text":"Sum it."}]}]},"finish_reason":null}]})",
                R"(data: {"id":"m1","object":"chat.completion.chunk","model":"magistral-small-latest","choices":[{"index":0,"delta":{"content":"It is "},"finish_reason":null}]})",
                R"(data: {"id":"m1","object":"chat.completion.chunk","model":"magistral-small-latest","choices":[{"index":0,"delta":{"content":"4."},"finish_reason":"stop"}],"usage":{"prompt_tokens":7,"total_tokens":19,"completion_tokens":12}})",
                "data: [DONE]"})
        << u"It is 4."_s << u"Sum it."_s << u"stop"_s << QList<qint64>{7, -1, 12, -1} << "[]"_ba << "max_tokens"_ba;
    QTest::newRow("deepseek") << u"deepseek"_s << u"DEEPSEEK_API_KEY"_s
        << ": keep-alive\n\n"
               + sse({R"(data: {"id":"d1","object":"chat.completion.chunk","model":"deepseek-v4-pro","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"Hmm."},"finish_reason":null}]})",
                      R"(data: {"id":"d1","object":"chat.completion.chunk","model":"deepseek-v4-pro","choices":[{"index":0,"delta":{"content":"Yes."},"finish_reason":"stop"}],"usage":{"prompt_tokens":50,"completion_tokens":30,"total_tokens":80,"prompt_tokens_details":{"cached_tokens":32},"completion_tokens_details":{"reasoning_tokens":20},"prompt_cache_hit_tokens":32,"prompt_cache_miss_tokens":18}})",
                      "data: [DONE]"})
        << u"Yes."_s << u"Hmm."_s << u"stop"_s << QList<qint64>{50, 32, 30, 20} << "[]"_ba << "max_tokens"_ba;
    QTest::newRow("groq-tool-call") << u"groq"_s << u"GROQ_API_KEY"_s
        << sse({R"(data: {"id":"g1","object":"chat.completion.chunk","model":"openai/gpt-oss-20b","choices":[{"index":0,"delta":{"role":"assistant","content":null},"finish_reason":null}],"x_groq":{"id":"req_1"}})",
                R"(data: {"id":"g1","object":"chat.completion.chunk","model":"openai/gpt-oss-20b","choices":[{"index":0,"delta":{"tool_calls":[{"id":"fc_1","type":"function","function":{"name":"lookup","arguments":"{\"q\": \"crucible\", \"limit\": 3}"},"index":0}]},"finish_reason":null}]})",
                R"(data: {"id":"g1","object":"chat.completion.chunk","model":"openai/gpt-oss-20b","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}],"x_groq":{"id":"req_1","usage":{"queue_time":0.01,"prompt_tokens":40,"completion_tokens":15,"total_tokens":55}}})",
                "data: [DONE]"})
        << QString() << QString() << u"tool_calls"_s << QList<qint64>{40, -1, 15, -1}
        << R"([{"id":"fc_1","name":"lookup","arguments":{"limit":3,"q":"crucible"}}])"_ba << "max_tokens"_ba;
    QTest::newRow("openrouter") << u"openrouter"_s << u"OPENROUTER_API_KEY"_s
        << ": OPENROUTER PROCESSING\n\n"
               + sse({R"(data: {"id":"gen-9","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"Bon"},"finish_reason":null}]})",
                      ": OPENROUTER PROCESSING",
                      R"(data: {"id":"gen-9","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"jour"},"finish_reason":"stop"}]})",
                      R"(data: {"id":"gen-9","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":""},"finish_reason":null}],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11,"cost":0.000002}})",
                      "data: [DONE]"})
        << u"Bonjour"_s << QString() << u"stop"_s << QList<qint64>{9, -1, 2, -1} << "[]"_ba << "max_tokens"_ba;
    QTest::newRow("openai-compatible-llamacpp") << u"openai-compatible"_s << u"OPENAI_COMPATIBLE_API_KEY"_s
        << sse({R"(data: {"choices":[{"finish_reason":null,"index":0,"delta":{"reasoning_content":"Plan"}}],"id":"chatcmpl-l","model":"local","object":"chat.completion.chunk"})",
                R"(data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Local answer"}}],"id":"chatcmpl-l","model":"local","object":"chat.completion.chunk"})",
                R"(data: {"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"id":"chatcmpl-l","model":"local","object":"chat.completion.chunk","usage":{"completion_tokens":4,"prompt_tokens":25,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":20}},"timings":{"cache_n":20,"prompt_n":5,"predicted_n":4}})",
                "data: [DONE]"})
        << u"Local answer"_s << u"Plan"_s << u"stop"_s << QList<qint64>{25, 20, 4, -1} << "[]"_ba << "max_tokens"_ba;
}

void TestCliProfiles::runAgainstFakeServer()
{
    QFETCH(QString, provider);
    QFETCH(QString, keyVar);
    QFETCH(QByteArray, body);
    QFETCH(QString, text);
    QFETCH(QString, reasoning);
    QFETCH(QString, finish);
    QFETCH(QList<qint64>, usage);
    QFETCH(QByteArray, toolCalls);
    QFETCH(QByteArray, maxField);
    FakeProviderServer server;
    QVERIFY(server.isListening());
    FakeProviderServer::Response r;
    r.headers = {{"Content-Type", "text/event-stream"}};
    r.body = body;
    r.chunking = FakeProviderServer::Chunking::Random;
    r.chunkSize = 24;
    server.enqueue(r);
    const CliResult got = runCli({u"run"_s, u"--provider"_s, provider, u"--model"_s, u"test-model"_s, u"--base-url"_s,
                                  server.baseUrl().toString() + u"/v1"_s, u"--prompt"_s, u"Hello?"_s,
                                  u"--max-tokens"_s, u"64"_s, u"--json"_s},
                                 environment(keyVar));
    QVERIFY2(got.exitCode == 0, got.err.constData());
    const QJsonObject o = got.json();
    QCOMPARE(o[u"status"_s].toString(), u"ok"_s);
    QCOMPARE(o[u"provider"_s].toString(), provider);
    QCOMPARE(o[u"model"_s].toString(), u"test-model"_s);
    QCOMPARE(o[u"text"_s].toString(), text);
    QCOMPARE(o[u"reasoning"_s].toString(), reasoning);
    QCOMPARE(o[u"finish_reason"_s].toString(), finish);
    const QJsonObject u = o[u"usage"_s].toObject();
    const char *names[] = {"input_tokens", "cached_input_tokens", "output_tokens", "reasoning_tokens"};
    for (int i = 0; i < 4; ++i) {
        const QJsonValue v = u[QLatin1StringView(names[i])];
        if (usage[i] < 0)
            QVERIFY2(v.isNull(), names[i]);
        else
            QVERIFY2(v.toInteger(-1) == usage[i], names[i]);
    }
    QCOMPARE(o[u"tool_calls"_s].toArray(), QJsonDocument::fromJson(toolCalls).array());

    QCOMPARE(server.requests().size(), 1);
    const FakeProviderServer::ReceivedRequest req = server.requests().first();
    QCOMPARE(req.target, "/v1/chat/completions"_ba);
    QCOMPARE(Crucible::headerValue(req.headers, "authorization"), "Bearer test-key-4242"_ba);
    QCOMPARE(Crucible::headerValue(req.headers, "x-title"), provider == "openrouter"_L1 ? "Crucible"_ba : QByteArray());
    const QJsonObject sent = QJsonDocument::fromJson(req.body).object();
    QCOMPARE(sent[QString::fromLatin1(maxField)].toInt(), 64);
    QVERIFY(!sent.contains(u"max_completion_tokens"_s));
    QVERIFY(!got.out.contains(Key.toUtf8()) && !got.err.contains(Key.toUtf8()));
}

void TestCliProfiles::compatibleNeedsBaseUrl()
{
    const CliResult got = runCli({u"run"_s, u"--provider"_s, u"openai-compatible"_s, u"--model"_s, u"local"_s,
                                  u"--prompt"_s, u"hi"_s, u"--json"_s},
                                 environment({}));
    QCOMPARE(got.exitCode, 2);
    QVERIFY2(got.err.contains("needs a base URL"), got.err.constData());
    QVERIFY2(got.err.contains("http://127.0.0.1:8080/v1"), got.err.constData()); // says what one looks like
}

void TestCliProfiles::midStreamErrorExitsThree()
{
    FakeProviderServer server;
    FakeProviderServer::Response r;
    r.headers = {{"Content-Type", "text/event-stream"}};
    r.body = ": OPENROUTER PROCESSING\n\n"
        + sse({R"(data: {"id":"gen-e","choices":[{"index":0,"delta":{"content":"Half"},"finish_reason":null}]})",
               R"(data: {"id":"gen-e","error":{"code":502,"message":"Upstream provider failed"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]})",
               "data: [DONE]"});
    server.enqueue(r);
    const CliResult got = runCli({u"run"_s, u"--provider"_s, u"openrouter"_s, u"--base-url"_s,
                                  server.baseUrl().toString() + u"/v1"_s, u"--prompt"_s, u"hi"_s, u"--json"_s},
                                 environment(u"OPENROUTER_API_KEY"_s));
    QCOMPARE(got.exitCode, 3);
    const QJsonObject o = got.json();
    QCOMPARE(o[u"text"_s].toString(), u"Half"_s);
    const QJsonObject e = o[u"error"_s].toObject();
    QCOMPARE(e[u"class"_s].toString(), u"server"_s);
    QCOMPARE(e[u"message"_s].toString(), u"Upstream provider failed"_s);
}

QTEST_GUILESS_MAIN(TestCliProfiles)
#include "tst_cli_profiles.moc"
