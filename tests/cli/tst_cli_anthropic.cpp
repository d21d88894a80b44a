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

namespace {

const QString s_key = u"test-key-4242"_s;

CliResult runCli(const QStringList &args, bool withKey = true)
{
    return Crucible::Test::runCli(args, withKey ? cliEnvironment({{u"ANTHROPIC_API_KEY"_s, s_key}}) : cliEnvironment());
}

/// crucible-cli run --provider anthropic against `server` replaying `fixture`, --json.
CliResult runAgainst(FakeProviderServer &server, const QString &fixture)
{
    server.enqueue(FakeProviderServer::fromFixtureName(fixture));
    return runCli({u"run"_s, u"--provider"_s, u"anthropic"_s, u"--base-url"_s, server.baseUrl().toString(),
                   u"--model"_s, u"claude-sonnet-5-5"_s, u"--prompt"_s, u"What's the weather in Paris?"_s,
                   u"--json"_s});
}

} // namespace

class TestCliAnthropic : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void textStream()
    {
        SKIP_WITHOUT_SHARED(u"anthropic-stream-text.txt"_s);
        FakeProviderServer server;
        QVERIFY(server.isListening());
        const CliResult r = runAgainst(server, u"anthropic-stream-text.txt"_s);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = r.json();
        QCOMPARE(o.value(u"status"_s).toString(), u"ok"_s);
        QCOMPARE(o.value(u"provider"_s).toString(), u"anthropic"_s);
        QCOMPARE(o.value(u"model"_s).toString(), u"claude-sonnet-5-5"_s);
        QCOMPARE(o.value(u"simulated"_s).toBool(), false);
        QCOMPARE(o.value(u"text"_s).toString(), u"Hello there!"_s); // "Hello" + " there" + "!"
        QCOMPARE(o.value(u"finish_reason"_s).toString(), u"end_turn"_s);
        QCOMPARE(o.value(u"tool_calls"_s).toArray(), QJsonArray());
        QVERIFY(o.value(u"error"_s).isNull());
        const QJsonObject usage = o.value(u"usage"_s).toObject();
        QCOMPARE(usage.value(u"input_tokens"_s).toInteger(-1), 11); // message_start
        QCOMPARE(usage.value(u"output_tokens"_s).toInteger(-1), 6); // cumulative message_delta
        QVERIFY(!r.out.contains(s_key.toUtf8()));

        QCOMPARE(server.requests().size(), 1);
        const FakeProviderServer::ReceivedRequest req = server.requests().first();
        QCOMPARE(req.target, "/v1/messages"_ba);
        QCOMPARE(headerValue(req.headers, "x-api-key"), s_key.toUtf8());
        QCOMPARE(headerValue(req.headers, "anthropic-version"), "2023-06-01"_ba);
        const QJsonObject body = QJsonDocument::fromJson(req.body).object();
        QCOMPARE(body.value(u"model"_s).toString(), u"claude-sonnet-5-5"_s);
        QVERIFY(body.value(u"max_tokens"_s).toInt() > 0);
        QCOMPARE(body.value(u"stream"_s).toBool(), true);
    }

    void toolUse()
    {
        SKIP_WITHOUT_SHARED(u"anthropic-stream-tool-use.txt"_s);
        FakeProviderServer server;
        const CliResult r = runAgainst(server, u"anthropic-stream-tool-use.txt"_s);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = r.json();
        QCOMPARE(o.value(u"status"_s).toString(), u"ok"_s);
        QCOMPARE(o.value(u"text"_s).toString(), u"I'll check the current weather in Paris for you."_s);
        QCOMPARE(o.value(u"finish_reason"_s).toString(), u"tool_use"_s);
        const QJsonArray calls = o.value(u"tool_calls"_s).toArray();
        QCOMPARE(calls.size(), 1);
        const QJsonObject call = calls.first().toObject();
        QCOMPARE(call.value(u"id"_s).toString(), u"toolu_01NRLabsLyVHZPKxbKvkfSMn"_s);
        QCOMPARE(call.value(u"name"_s).toString(), u"get_weather"_s);
        QCOMPARE(call.value(u"arguments"_s).toObject(), (QJsonObject{{u"location"_s, u"Paris"_s}}));
        const QJsonObject usage = o.value(u"usage"_s).toObject();
        QCOMPARE(usage.value(u"input_tokens"_s).toInteger(-1), 377);
        QCOMPARE(usage.value(u"cached_input_tokens"_s).toInteger(-1), 0);
        QCOMPARE(usage.value(u"cache_write_input_tokens"_s).toInteger(-1), 0);
        QCOMPARE(usage.value(u"output_tokens"_s).toInteger(-1), 65);
    }

    void midStreamErrorIsOverloaded()
    {
        SKIP_WITHOUT_SHARED(u"anthropic-stream-midstream-error.txt"_s);
        FakeProviderServer server;
        const CliResult r = runAgainst(server, u"anthropic-stream-midstream-error.txt"_s);
        QCOMPARE(r.exitCode, 3);
        const QJsonObject e = r.json().value(u"error"_s).toObject();
        QCOMPARE(e.value(u"class"_s).toString(), u"overloaded"_s);
        QCOMPARE(e.value(u"message"_s).toString(), u"Overloaded"_s);
    }

    void missingKeyNamesTheVariable()
    {
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"anthropic"_s, u"--model"_s, u"claude-sonnet-5-5"_s,
                                    u"--base-url"_s, u"https://api.example.invalid"_s, u"--prompt"_s, u"hi"_s},
                                   false);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("ANTHROPIC_API_KEY"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliAnthropic)
#include "tst_cli_anthropic.moc"
