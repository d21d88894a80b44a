#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryFile>
#include <QTest>

#include <csignal>

#include "clitestkit.h"
#include "fakeproviderserver.h"
#include "providers/chatrequest.h"
#include "simulator/simtokenizer.h"
#include "simulator/simulatorconfig.h"
#include "simulator/simulatorscript.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::CliResult;
using Crucible::Test::cliEnvironment;
using Crucible::Test::runCli;
using Crucible::Test::FakeProviderServer;

namespace {

const QString Fast = u"simulator://local?ttft_ms=5&tokens_per_s=5000"_s;

/// What the Simulator must answer for one user prompt (the same code, in this process).
SimulatorScript expectedScript(const QString &model, const QString &prompt, const QString &baseUrl)
{
    ChatRequest request;
    request.model = model;
    request.messages = {{ChatMessage::Role::User, prompt}};
    return SimulatorScript::build(request, SimulatorConfig::parse(QUrl(baseUrl), model).value());
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void version()
    {
        const CliResult r = runCli({u"--version"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("crucible-cli "));
        QVERIFY(r.out.trimmed().size() > 13);
        const CliResult help = runCli({u"--help"_s});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--prompt-file"));
    }

    void simulatorJson()
    {
        const QString prompt = u"Explain quicksort partitioning in simple terms"_s;
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"simulator"_s, u"--model"_s, u"sim-a"_s,
                                 u"--prompt"_s, prompt, u"--base-url"_s, Fast, u"--json"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.isEmpty());
        QCOMPARE(r.out.count('\n'), 1); // one JSON object, one line
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(o.value(u"status"_s).toString(), u"ok"_s);
        QCOMPARE(o.value(u"provider"_s).toString(), u"simulator"_s);
        QCOMPARE(o.value(u"model"_s).toString(), u"sim-a"_s);
        QCOMPARE(o.value(u"simulated"_s).toBool(), true);
        QVERIFY(o.value(u"error"_s).isNull());
        QCOMPARE(o.value(u"finish_reason"_s).toString(), u"stop"_s);
        QCOMPARE(o.value(u"reasoning"_s).toString(), QString());

        const QString text = o.value(u"text"_s).toString();
        const SimulatorScript script = expectedScript(u"sim-a"_s, prompt, Fast);
        QCOMPARE(text, script.pieces.join(QString()));

        const QJsonObject usage = o.value(u"usage"_s).toObject();
        const qint64 input = usage.value(u"input_tokens"_s).toInteger(-1);
        const qint64 output = usage.value(u"output_tokens"_s).toInteger(-1);
        QCOMPARE(output, qint64(SimTokenizer::count(text)));
        QCOMPARE(input, script.inputTokens);
        QCOMPARE(usage.value(u"cached_input_tokens"_s).toInteger(-1), 0);
        QCOMPARE(usage.value(u"reasoning_tokens"_s).toInteger(-1), 0);
        QVERIFY(usage.contains(u"cache_write_input_tokens"_s));

        const QJsonObject timing = o.value(u"timing"_s).toObject();
        QVERIFY(timing.value(u"ttft_ms"_s).toDouble(-1) > 0);
        QVERIFY(timing.value(u"total_ms"_s).toDouble(-1) >= timing.value(u"ttft_ms"_s).toDouble());
        QVERIFY(timing.value(u"output_tokens_per_s"_s).toDouble(-1) > 0);

        // priced like gpt-5.4-mini: 0.75 $/M in, 4.50 $/M out, rounded once to a micro-dollar
        const qint64 micro = (input * 750'000 + output * 4'500'000 + 500'000) / 1'000'000;
        QCOMPARE(qRound64(o.value(u"cost_usd"_s).toDouble() * 1e6), micro);
    }

    void textStreams()
    {
        const QString slow = u"simulator://local?ttft_ms=50&tokens_per_s=60&tokens=60"_s;
        QProcess process;
        process.setProcessEnvironment(cliEnvironment());
        int reads = 0;
        QByteArray out;
        connect(&process, &QProcess::readyReadStandardOutput, this, [&] {
            ++reads;
            out += process.readAllStandardOutput();
        });
        process.start(QStringLiteral(CRUCIBLE_CLI_PATH),
                      {u"run"_s, u"--provider"_s, u"simulator"_s, u"--prompt"_s, u"Tell me about rivers"_s,
                       u"--base-url"_s, slow});
        QVERIFY(process.waitForFinished(60000));
        out += process.readAllStandardOutput();
        QCOMPARE(process.exitCode(), 0);
        const QString expected = expectedScript(u"sim-a"_s, u"Tell me about rivers"_s, slow).pieces.join(QString());
        QCOMPARE(QString::fromUtf8(out), expected + u'\n');
        QVERIFY2(reads > 3, "text should arrive in several pieces, as it streams");
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        const QStringList base = {u"run"_s, u"--provider"_s, u"simulator"_s};
        QTest::newRow("no arguments") << QStringList{};
        QTest::newRow("unknown command") << QStringList{u"walk"_s};
        QTest::newRow("unknown flag") << base + QStringList{u"--prompt"_s, u"hi"_s, u"--bogus"_s};
        QTest::newRow("missing prompt") << base;
        QTest::newRow("missing provider") << QStringList{u"run"_s, u"--prompt"_s, u"hi"_s};
        QTest::newRow("missing value") << base + QStringList{u"--prompt"_s};
        QTest::newRow("nonexistent prompt file") << base + QStringList{u"--prompt-file"_s, u"/nonexistent/prompt.txt"_s};
        QTest::newRow("bad base url") << base + QStringList{u"--prompt"_s, u"hi"_s, u"--base-url"_s, u"not a url"_s};
        QTest::newRow("relative base url") << QStringList{u"run"_s, u"--provider"_s, u"openai"_s, u"--prompt"_s, u"hi"_s, u"--base-url"_s, u"/v1"_s};
        QTest::newRow("ftp base url") << QStringList{u"run"_s, u"--provider"_s, u"openai"_s, u"--prompt"_s, u"hi"_s, u"--base-url"_s, u"ftp://127.0.0.1/v1"_s};
        QTest::newRow("bad simulator url") << base + QStringList{u"--prompt"_s, u"hi"_s, u"--base-url"_s, u"simulator://local?speed=9"_s};
        QTest::newRow("unknown provider") << QStringList{u"run"_s, u"--provider"_s, u"nope"_s, u"--prompt"_s, u"hi"_s};
        QTest::newRow("bad max tokens") << base + QStringList{u"--prompt"_s, u"hi"_s, u"--max-tokens"_s, u"-3"_s};
        QTest::newRow("bad temperature") << base + QStringList{u"--prompt"_s, u"hi"_s, u"--temperature"_s, u"hot"_s};
        QTest::newRow("bad timeout") << base + QStringList{u"--prompt"_s, u"hi"_s, u"--timeout"_s, u"0"_s};
        QTest::newRow("both prompts") << base + QStringList{u"--prompt"_s, u"hi"_s, u"--prompt-file"_s, u"-"_s};
        QTest::newRow("missing key") << QStringList{u"run"_s, u"--provider"_s, u"openai"_s, u"--prompt"_s, u"hi"_s,
                                                    u"--base-url"_s, u"https://api.example.invalid/v1"_s};
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        const CliResult r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.startsWith("crucible-cli: error: "), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1); // one line
    }

    void missingKeyNamesTheVariable()
    {
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"openai"_s, u"--prompt"_s, u"hi"_s,
                                 u"--api-key-env"_s, u"MY_TEST_KEY_VAR"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("MY_TEST_KEY_VAR"), r.err.constData());
    }

    void promptFromStdin()
    {
        const QString prompt = u"Summarize the history of lighthouses"_s;
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"simulator"_s, u"--prompt-file"_s, u"-"_s,
                                 u"--base-url"_s, Fast, u"--json"_s}, prompt.toUtf8());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(u"text"_s).toString(), expectedScript(u"sim-a"_s, prompt, Fast).pieces.join(QString()));
    }

    void promptFromFileWithSystem()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write("Compare sailing boats and canoes");
        file.close();
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"simulator"_s, u"--prompt-file"_s, file.fileName(),
                                 u"--system"_s, u"Be brief."_s, u"--max-tokens"_s, u"7"_s, u"--base-url"_s, Fast, u"--json"_s});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = r.json();
        QCOMPARE(o.value(u"finish_reason"_s).toString(), u"length"_s);
        QCOMPARE(o.value(u"usage"_s).toObject().value(u"output_tokens"_s).toInteger(), 7);
    }

    void simulatorFailures_data()
    {
        QTest::addColumn<QString>("fail");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("errorClass");
        QTest::addColumn<int>("httpStatus");
        QTest::newRow("rate-limit") << u"fail=rate-limit"_s << u"error"_s << u"rate-limit"_s << 429;
        QTest::newRow("auth") << u"fail=auth"_s << u"error"_s << u"auth"_s << 401;
        QTest::newRow("server") << u"fail=server&fail_after=3"_s << u"error"_s << u"server"_s << 0;
        QTest::newRow("truncated") << u"fail=truncated&fail_after=3"_s << u"truncated"_s << u"truncated"_s << 0;
        QTest::newRow("network") << u"fail=network&fail_after=2"_s << u"error"_s << u"network"_s << 0;
    }
    void simulatorFailures()
    {
        QFETCH(QString, fail);
        QFETCH(QString, status);
        QFETCH(QString, errorClass);
        QFETCH(int, httpStatus);
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"simulator"_s, u"--prompt"_s, u"hi"_s,
                                 u"--base-url"_s, Fast + u'&' + fail, u"--json"_s});
        QCOMPARE(r.exitCode, 3);
        const QJsonObject o = r.json();
        QCOMPARE(o.value(u"status"_s).toString(), status);
        const QJsonObject e = o.value(u"error"_s).toObject();
        QCOMPARE(e.value(u"class"_s).toString(), errorClass);
        QVERIFY(!e.value(u"message"_s).toString().isEmpty());
        if (httpStatus)
            QCOMPARE(e.value(u"http_status"_s).toInt(), httpStatus);
        else
            QVERIFY(e.value(u"http_status"_s).isNull());
        if (errorClass == u"rate-limit")
            QCOMPARE(e.value(u"retry_after_s"_s).toDouble(), 2.0);
        QVERIFY(r.err.startsWith("crucible-cli: error: " + errorClass.toUtf8()));
    }

    void sigint_data()
    {
        QTest::addColumn<bool>("json");
        QTest::newRow("text") << false;
        QTest::newRow("json") << true;
    }
    void sigint()
    {
        QFETCH(bool, json);
        const QString slow = u"simulator://local?ttft_ms=0&tokens_per_s=20&tokens=400"_s;
        QStringList args = {u"run"_s, u"--provider"_s, u"simulator"_s, u"--prompt"_s, u"Describe the ocean"_s,
                            u"--base-url"_s, slow};
        if (json)
            args << u"--json"_s;
        QProcess process;
        process.setProcessEnvironment(cliEnvironment());
        process.start(QStringLiteral(CRUCIBLE_CLI_PATH), args);
        QVERIFY(process.waitForStarted(10000));
        QByteArray out;
        if (json) {
            QTest::qWait(1500); // nothing to watch in JSON mode: let a few tokens stream (20 s run)
        } else {
            while (out.size() < 20 && process.waitForReadyRead(20000))
                out += process.readAllStandardOutput();
            QVERIFY(out.size() >= 20);
        }
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(20000));
        out += process.readAllStandardOutput();
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 130);
        const QString full = expectedScript(u"sim-a"_s, u"Describe the ocean"_s, slow).pieces.join(QString());
        QString partial;
        if (json) {
            const QJsonObject o = QJsonDocument::fromJson(out).object();
            QCOMPARE(o.value(u"status"_s).toString(), u"cancelled"_s);
            QCOMPARE(o.value(u"error"_s).toObject().value(u"class"_s).toString(), u"cancelled"_s);
            partial = o.value(u"text"_s).toString();
        } else {
            partial = QString::fromUtf8(out).chopped(1); // the closing newline
        }
        QVERIFY(!partial.isEmpty());
        QVERIFY(partial.size() < full.size());
        QVERIFY(full.startsWith(partial));
    }

    void openaiAgainstFakeServer()
    {
        const QString fixture = FakeProviderServer::fixturePath(u"openai-chat-stream-text-usage.txt"_s);
        if (!QFile::exists(fixture))
            QSKIP("../shared fixtures are not available");
        // Expected numbers come from the fixture itself: its text deltas and its usage chunk.
        QFile file(fixture);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString expectedText;
        QJsonObject expectedUsage;
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (!line.startsWith("data: {"))
                continue;
            const QJsonObject chunk = QJsonDocument::fromJson(line.mid(6)).object();
            for (const QJsonValue &choice : chunk.value(u"choices"_s).toArray())
                expectedText += choice.toObject().value(u"delta"_s).toObject().value(u"content"_s).toString();
            if (chunk.value(u"usage"_s).isObject())
                expectedUsage = chunk.value(u"usage"_s).toObject();
        }
        QVERIFY(!expectedUsage.isEmpty());

        FakeProviderServer server;
        QVERIFY(server.isListening());
        server.enqueue(FakeProviderServer::fromFixture(fixture));
        const QString base = server.baseUrl().toString() + u"/v1"_s;
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"openai"_s, u"--model"_s, u"gpt-4o"_s,
                                 u"--base-url"_s, base, u"--prompt"_s, u"What's the weather?"_s, u"--json"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = r.json();
        QCOMPARE(o.value(u"status"_s).toString(), u"ok"_s);
        QCOMPARE(o.value(u"simulated"_s).toBool(), false);
        QCOMPARE(o.value(u"text"_s).toString(), expectedText);
        const QJsonObject usage = o.value(u"usage"_s).toObject();
        QCOMPARE(usage.value(u"input_tokens"_s).toInteger(), expectedUsage.value(u"prompt_tokens"_s).toInteger());
        QCOMPARE(usage.value(u"output_tokens"_s).toInteger(), expectedUsage.value(u"completion_tokens"_s).toInteger());
        QVERIFY(o.value(u"timing"_s).toObject().value(u"ttft_ms"_s).toDouble(-1) >= 0);
        QCOMPARE(server.requests().size(), 1);
        QVERIFY(server.requests().first().target.endsWith("/v1/chat/completions"));
    }

    void unreachablePort()
    {
        QString base;
        {
            FakeProviderServer server; // take a free port, then close it
            base = server.baseUrl().toString() + u"/v1"_s;
        }
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"openai"_s, u"--base-url"_s, base,
                                 u"--prompt"_s, u"hi"_s, u"--timeout"_s, u"10"_s, u"--json"_s});
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"class"_s).toString(), u"network"_s);
        QVERIFY(r.err.startsWith("crucible-cli: error: network"));
    }

    void authFailureKeepsTheKeySecret()
    {
        FakeProviderServer server;
        FakeProviderServer::Response response;
        response.status = 401;
        response.headers = {{"Content-Type", "application/json"}};
        response.body = R"({"error":{"message":"Incorrect API key provided: sk-test-abc123secret.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})";
        server.enqueue(response);
        QProcessEnvironment env = cliEnvironment();
        env.insert(u"CRUCIBLE_TEST_KEY"_s, u"sk-test-abc123secret"_s);
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"openai"_s, u"--base-url"_s,
                                 server.baseUrl().toString() + u"/v1"_s, u"--api-key-env"_s, u"CRUCIBLE_TEST_KEY"_s,
                                 u"--prompt"_s, u"hi"_s, u"--json"_s}, {}, env);
        QCOMPARE(r.exitCode, 3);
        const QJsonObject e = r.json().value(u"error"_s).toObject();
        QCOMPARE(e.value(u"class"_s).toString(), u"auth"_s);
        QCOMPARE(e.value(u"http_status"_s).toInt(), 401);
        QVERIFY(!r.out.contains("sk-test-abc123secret"));
        QVERIFY(!r.err.contains("sk-test-abc123secret"));
        QCOMPARE(server.requests().size(), 1);
        QCOMPARE(headerValue(server.requests().first().headers, "authorization"), "Bearer sk-test-abc123secret"_ba);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
