// The real crucible-cli, `run --provider ollama`, against FakeProviderServer replaying documented
// Ollama NDJSON streams: text, tool calls, usage and finish reason in the --json output.

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

class TestCliOllama : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void toolsStream();
    void textStream();
    void midstreamError();
    void unknownModel();
};

namespace {

CliResult runCli(const QStringList &args)
{
    // OPENAI_API_KEY is not Ollama's: it must not be sent.
    return Crucible::Test::runCli(args, cliEnvironment({{u"OPENAI_API_KEY"_s, u"test-key-4242"_s}}));
}

CliResult runAgainst(FakeProviderServer &server)
{
    return runCli({u"run"_s, u"--provider"_s, u"ollama"_s, u"--base-url"_s, server.baseUrl().toString(),
                   u"--model"_s, u"llama3.2"_s, u"--prompt"_s, u"Weather in Tokyo?"_s, u"--json"_s});
}

/// Enqueues a fixture (bytewise, so every line arrives in pieces); false when ../shared is missing.
bool enqueueFixture(FakeProviderServer &server, const QString &name)
{
    const QString path = FakeProviderServer::fixturePath(name);
    if (!QFile::exists(path))
        return false;
    FakeProviderServer::Response r = FakeProviderServer::fromFixture(path);
    r.chunking = FakeProviderServer::Chunking::Bytewise;
    server.enqueue(r);
    return true;
}

} // namespace

void TestCliOllama::toolsStream()
{
    FakeProviderServer server;
    QVERIFY(server.isListening());
    if (!enqueueFixture(server, u"ollama-chat-stream-tools.ndjson.txt"_s))
        QSKIP("fixture missing: ../shared is not beside the checkout");
    const CliResult got = runAgainst(server);
    QVERIFY2(got.exitCode == 0, got.err.constData());
    const QJsonObject o = got.json();
    QCOMPARE(o[u"status"_s].toString(), u"ok"_s);
    QCOMPARE(o[u"provider"_s].toString(), u"ollama"_s);
    QCOMPARE(o[u"model"_s].toString(), u"llama3.2"_s);
    QCOMPARE(o[u"text"_s].toString(), QString());
    // By hand from the fixture: one call get_weather {"city":"Tokyo"} without an id, then the done
    // line: done_reason "stop", prompt_eval_count 169, eval_count 15.
    const QJsonArray calls = o[u"tool_calls"_s].toArray();
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls[0].toObject()[u"id"_s].toString(), u"call_0"_s);
    QCOMPARE(calls[0].toObject()[u"name"_s].toString(), u"get_weather"_s);
    QCOMPARE(calls[0].toObject()[u"arguments"_s].toObject(), (QJsonObject{{u"city"_s, u"Tokyo"_s}}));
    QCOMPARE(o[u"finish_reason"_s].toString(), u"stop"_s);
    const QJsonObject usage = o[u"usage"_s].toObject();
    QCOMPARE(usage[u"input_tokens"_s].toInteger(-1), 169);
    QCOMPARE(usage[u"output_tokens"_s].toInteger(-1), 15);
    QVERIFY(o[u"error"_s].isNull());

    QCOMPARE(server.requests().size(), 1);
    const FakeProviderServer::ReceivedRequest req = server.requests().first();
    QCOMPARE(req.target, "/api/chat"_ba);
    QVERIFY(headerValue(req.headers, "authorization").isEmpty());
    const QJsonObject body = QJsonDocument::fromJson(req.body).object();
    QCOMPARE(body[u"model"_s].toString(), u"llama3.2"_s);
    QCOMPARE(body[u"stream"_s].toBool(), true);
    const QJsonArray messages = body[u"messages"_s].toArray();
    QCOMPARE(messages.last().toObject()[u"content"_s].toString(), u"Weather in Tokyo?"_s);
}

void TestCliOllama::textStream()
{
    FakeProviderServer server;
    if (!enqueueFixture(server, u"ollama-chat-stream-text.ndjson.txt"_s))
        QSKIP("fixture missing: ../shared is not beside the checkout");
    const CliResult got = runAgainst(server);
    QVERIFY2(got.exitCode == 0, got.err.constData());
    const QJsonObject o = got.json();
    QCOMPARE(o[u"status"_s].toString(), u"ok"_s);
    QCOMPARE(o[u"text"_s].toString(), u"The"_s);
    QCOMPARE(o[u"tool_calls"_s].toArray().size(), 0);
    QCOMPARE(o[u"finish_reason"_s].toString(), u"stop"_s); // no done_reason: stop
    const QJsonObject usage = o[u"usage"_s].toObject();
    QCOMPARE(usage[u"input_tokens"_s].toInteger(-1), 26);
    QCOMPARE(usage[u"output_tokens"_s].toInteger(-1), 282);
}

void TestCliOllama::midstreamError()
{
    FakeProviderServer server;
    if (!enqueueFixture(server, u"ollama-error-midstream.ndjson.txt"_s))
        QSKIP("fixture missing: ../shared is not beside the checkout");
    const CliResult got = runAgainst(server);
    QCOMPARE(got.exitCode, 3);
    const QJsonObject o = got.json();
    QCOMPARE(o[u"status"_s].toString(), u"error"_s);
    QCOMPARE(o[u"text"_s].toString(), u" Yes.Ican"_s); // the four lines before the error line
    const QJsonObject e = o[u"error"_s].toObject();
    QCOMPARE(e[u"class"_s].toString(), u"server"_s);
    QCOMPARE(e[u"message"_s].toString(), u"an error was encountered while running the model"_s);
}

void TestCliOllama::unknownModel()
{
    FakeProviderServer server;
    FakeProviderServer::Response r;
    r.status = 404;
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    r.body = R"({"error":"model 'llama3.2' not found, try pulling it first"})";
    server.enqueue(r);
    const CliResult got = runAgainst(server);
    QCOMPARE(got.exitCode, 3);
    const QJsonObject e = got.json()[u"error"_s].toObject();
    QCOMPARE(e[u"class"_s].toString(), u"not-found"_s);
    QCOMPARE(e[u"http_status"_s].toInt(), 404);
    QVERIFY(got.err.contains("crucible-cli: error: not-found (HTTP 404)"));
}

QTEST_GUILESS_MAIN(TestCliOllama)
#include "tst_cli_ollama.moc"
