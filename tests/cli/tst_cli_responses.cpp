// The real crucible-cli, `run --provider openai-responses`, against FakeProviderServer replaying a
// captured Responses API stream: text, usage, finish reason and tool calls in the --json output.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include "clitestkit.h"
#include "fakeproviderserver.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::CliResult;
using Crucible::Test::cliEnvironment;
using Crucible::Test::FakeProviderServer;

class TestCliResponses : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void textStream();
    void toolCallStream();
    void failedStream();
};

namespace {

const QString Key = u"test-key-4242"_s;

CliResult runCli(const QStringList &args)
{
    return Crucible::Test::runCli(args, cliEnvironment({{u"OPENAI_API_KEY"_s, Key}}));
}

CliResult runAgainst(FakeProviderServer &server)
{
    return runCli({u"run"_s, u"--provider"_s, u"openai-responses"_s, u"--base-url"_s,
                   server.baseUrl().toString() + u"/v1"_s, u"--model"_s, u"gpt-5.4-mini"_s,
                   u"--prompt"_s, u"Tell me a joke"_s, u"--json"_s});
}

QByteArray ev(const QByteArray &type, const QByteArray &json)
{
    return "event: " + type + "\ndata: " + json + "\n\n";
}

} // namespace

void TestCliResponses::textStream()
{
    const QString fixture = FakeProviderServer::fixturePath(u"openai-responses-stream-text.txt"_s);
    if (!QFile::exists(fixture))
        QSKIP("fixture missing: ../shared is not beside the checkout");
    FakeProviderServer server;
    QVERIFY(server.isListening());
    FakeProviderServer::Response r = FakeProviderServer::fromFixture(fixture);
    r.chunking = FakeProviderServer::Chunking::Random;
    server.enqueue(r);
    const CliResult got = runAgainst(server);
    QVERIFY2(got.exitCode == 0, got.err.constData());
    const QJsonObject o = got.json();
    QCOMPARE(o[u"status"_s].toString(), u"ok"_s);
    QCOMPARE(o[u"provider"_s].toString(), u"openai-responses"_s);
    QCOMPARE(o[u"simulated"_s].toBool(), false);
    // By hand from the fixture's response.output_text.done "text".
    QCOMPARE(o[u"text"_s].toString(), u"Why did the scarecrow win an award?\n\nBecause he was outstanding in his field!"_s);
    QCOMPARE(o[u"finish_reason"_s].toString(), u"stop"_s);
    QCOMPARE(o[u"tool_calls"_s].toArray().size(), 0);
    QVERIFY(o[u"error"_s].isNull());
    // "usage":{"input_tokens":11,"input_tokens_details":{"cached_tokens":0},"output_tokens":18,
    // "output_tokens_details":{"reasoning_tokens":0}}
    const QJsonObject usage = o[u"usage"_s].toObject();
    QCOMPARE(usage[u"input_tokens"_s].toInteger(-1), 11);
    QCOMPARE(usage[u"cached_input_tokens"_s].toInteger(-1), 0);
    QCOMPARE(usage[u"output_tokens"_s].toInteger(-1), 18);
    QCOMPARE(usage[u"reasoning_tokens"_s].toInteger(-1), 0);
    QVERIFY(!got.out.contains(Key.toUtf8()));

    QCOMPARE(server.requests().size(), 1);
    const FakeProviderServer::ReceivedRequest req = server.requests().first();
    QCOMPARE(req.target, "/v1/responses"_ba);
    QCOMPARE(headerValue(req.headers, "authorization"), "Bearer test-key-4242"_ba);
    const QJsonObject body = QJsonDocument::fromJson(req.body).object();
    QCOMPARE(body[u"model"_s].toString(), u"gpt-5.4-mini"_s);
    QCOMPARE(body[u"stream"_s].toBool(), true);
    QCOMPARE(body[u"input"_s].toArray()[0].toObject()[u"content"_s].toArray()[0].toObject()[u"text"_s].toString(),
             u"Tell me a joke"_s);
}

void TestCliResponses::toolCallStream()
{
    FakeProviderServer server;
    FakeProviderServer::Response r;
    r.headers = {{"Content-Type", "text/event-stream"}};
    r.body = ev("response.created", R"({"type":"response.created","response":{"id":"resp_cli","status":"in_progress"}})")
        + ev("response.output_item.added", R"({"type":"response.output_item.added","output_index":0,"item":{"id":"fc_1","type":"function_call","arguments":"","call_id":"call_w1","name":"get_weather"}})")
        + ev("response.function_call_arguments.delta", R"({"type":"response.function_call_arguments.delta","item_id":"fc_1","output_index":0,"delta":"{\"city\":\"Oslo\"}"})")
        + ev("response.output_item.done", R"({"type":"response.output_item.done","output_index":0,"item":{"id":"fc_1","type":"function_call","arguments":"{\"city\":\"Oslo\"}","call_id":"call_w1","name":"get_weather"}})")
        + ev("response.completed", R"({"type":"response.completed","response":{"id":"resp_cli","status":"completed","usage":{"input_tokens":50,"input_tokens_details":{"cached_tokens":10},"output_tokens":20,"output_tokens_details":{"reasoning_tokens":8}}}})");
    r.chunking = FakeProviderServer::Chunking::Bytewise;
    server.enqueue(r);
    const CliResult got = runAgainst(server);
    QVERIFY2(got.exitCode == 0, got.err.constData());
    const QJsonObject o = got.json();
    QCOMPARE(o[u"status"_s].toString(), u"ok"_s);
    QCOMPARE(o[u"text"_s].toString(), QString());
    QCOMPARE(o[u"finish_reason"_s].toString(), u"tool_calls"_s);
    const QJsonArray calls = o[u"tool_calls"_s].toArray();
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls[0].toObject()[u"id"_s].toString(), u"call_w1"_s);
    QCOMPARE(calls[0].toObject()[u"name"_s].toString(), u"get_weather"_s);
    QCOMPARE(calls[0].toObject()[u"arguments"_s].toObject(), (QJsonObject{{u"city"_s, u"Oslo"_s}}));
    const QJsonObject usage = o[u"usage"_s].toObject();
    QCOMPARE(usage[u"input_tokens"_s].toInteger(-1), 50);
    QCOMPARE(usage[u"cached_input_tokens"_s].toInteger(-1), 10);
    QCOMPARE(usage[u"output_tokens"_s].toInteger(-1), 20);
    QCOMPARE(usage[u"reasoning_tokens"_s].toInteger(-1), 8);
}

void TestCliResponses::failedStream()
{
    const QString fixture = FakeProviderServer::fixturePath(u"openai-responses-stream-failed-synthetic.txt"_s);
    if (!QFile::exists(fixture))
        QSKIP("fixture missing: ../shared is not beside the checkout");
    FakeProviderServer server;
    server.enqueue(FakeProviderServer::fromFixture(fixture));
    const CliResult got = runAgainst(server);
    QCOMPARE(got.exitCode, 3);
    const QJsonObject o = got.json();
    QCOMPARE(o[u"status"_s].toString(), u"error"_s);
    QCOMPARE(o[u"text"_s].toString(), u"Hello"_s); // what arrived before response.failed
    const QJsonObject e = o[u"error"_s].toObject();
    QCOMPARE(e[u"class"_s].toString(), u"server"_s);
    QCOMPARE(e[u"message"_s].toString(), u"The model failed to generate a response."_s);
    QVERIFY(e[u"http_status"_s].isNull());
}

QTEST_GUILESS_MAIN(TestCliResponses)
#include "tst_cli_responses.moc"
