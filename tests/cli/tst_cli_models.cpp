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
using Crucible::Test::runCli;
using Crucible::Test::FakeProviderServer;

// crucible-cli models, the real binary: from the built-in catalog (no key) and from a provider's
// model list (a fake server on 127.0.0.1, which needs no key).

namespace {

FakeProviderServer::Response json(int status, const QByteArray &body)
{
    FakeProviderServer::Response r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = body;
    return r;
}

} // namespace

class TestCliModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void catalogWithoutKey()
    {
        const CliResult r = runCli({u"models"_s, u"--provider"_s, u"anthropic"_s});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.split('\n');
        // resources/models.json order; 13 Anthropic rows (providers.md §12.2)
        QCOMPARE(lines.size(), 14);
        QCOMPARE(lines.at(0), "claude-fable-5-1"_ba);
        QCOMPARE(lines.at(1), "claude-opus-5-5"_ba);
        QCOMPARE(lines.at(12), "claude-haiku-4-5"_ba);
        QVERIFY2(r.err.contains("built-in catalog") && r.err.contains("ANTHROPIC_API_KEY"), r.err.constData());
    }

    void catalogJson()
    {
        const CliResult r = runCli({u"models"_s, u"--provider"_s, u"openai-responses"_s, u"--json"_s});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = r.json();
        QCOMPARE(o.value(u"provider"_s).toString(), u"openai-responses"_s);
        QCOMPARE(o.value(u"source"_s).toString(), u"catalog"_s);
        QCOMPARE(o.value(u"as_of"_s).toString(), u"2026-10-24"_s);
        QVERIFY(o.value(u"base_url"_s).isNull());
        const QJsonArray models = o.value(u"models"_s).toArray();
        QCOMPARE(models.first().toObject().value(u"id"_s).toString(), u"gpt-5.5"_s);
        bool sawMini = false;
        for (const QJsonValue &v : models) {
            const QJsonObject m = v.toObject();
            if (m.value(u"id"_s).toString() != u"gpt-5.4-mini")
                continue;
            sawMini = true;
            QCOMPARE(m.value(u"known"_s).toBool(), true);
            QCOMPARE(m.value(u"tokenizer"_s).toString(), u"o200k_base"_s);
            QCOMPARE(m.value(u"structured_output"_s).toString(), u"openai-responses"_s);
            QCOMPARE(m.value(u"context_window"_s).toInteger(), 400000);
        }
        QVERIFY(sawMini);
    }

    void catalogFlagSkipsTheProvider()
    {
        FakeProviderServer server;
        const CliResult r = runCli({u"models"_s, u"--provider"_s, u"openai"_s, u"--catalog"_s, u"--base-url"_s,
                                    server.baseUrl().toString() + u"/v1"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("gpt-5.5\n"));
        QCOMPARE(server.requestCount(), 0);
        QVERIFY(r.err.contains("--catalog"));
    }

    void fromAFakeServer()
    {
        FakeProviderServer server;
        server.enqueue(json(200, R"j({"object":"list","data":[{"id":"gpt-5.4","object":"model","created":1,"owned_by":"openai"},
            {"id":"my-local-model","object":"model","created":2,"owned_by":"library"}]})j"));
        const QString base = server.baseUrl().toString() + u"/v1"_s;
        CliResult r = runCli({u"models"_s, u"--provider"_s, u"openai"_s, u"--base-url"_s, base});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, "gpt-5.4\nmy-local-model\n"_ba);
        QVERIFY2(r.err.contains("2 models from openai at http://127.0.0.1"), r.err.constData());
        QCOMPARE(server.requests().first().target, "/v1/models"_ba);
        QCOMPARE(server.requests().first().method, "GET"_ba);

        r = runCli({u"models"_s, u"--provider"_s, u"openai"_s, u"--base-url"_s, base, u"--json"_s});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = r.json();
        QCOMPARE(o.value(u"source"_s).toString(), u"provider"_s);
        QCOMPARE(o.value(u"base_url"_s).toString(), base);
        QVERIFY(o.value(u"as_of"_s).isNull());
        const QJsonArray models = o.value(u"models"_s).toArray();
        QCOMPARE(models.size(), 2);
        QCOMPARE(models.at(0).toObject().value(u"known"_s).toBool(), true);
        QCOMPARE(models.at(0).toObject().value(u"max_output_tokens"_s).toInteger(), 128000);
        QCOMPARE(models.at(1).toObject().value(u"id"_s).toString(), u"my-local-model"_s);
        QCOMPARE(models.at(1).toObject().value(u"known"_s).toBool(), false);
        QVERIFY(models.at(1).toObject().value(u"tokenizer"_s).isNull());
    }

    void providerErrorExitsThree()
    {
        FakeProviderServer server;
        server.enqueue(json(401, R"j({"error":{"message":"Incorrect API key provided: test-key-4242","type":"invalid_request_error"}})j"));
        QProcessEnvironment env = cliEnvironment();
        env.insert(u"MISTRAL_API_KEY"_s, u"test-key-4242"_s);
        const CliResult r = runCli({u"models"_s, u"--provider"_s, u"mistral"_s, u"--base-url"_s,
                                    server.baseUrl().toString() + u"/v1"_s}, env);
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("auth (HTTP 401)"), r.err.constData());
        QVERIFY(!r.err.contains("test-key-4242"));
        QCOMPARE(headerValue(server.requests().first().headers, "authorization"), "Bearer test-key-4242"_ba);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("no provider") << QStringList{u"models"_s} << "needs --provider"_ba;
        QTest::newRow("unknown provider") << QStringList{u"models"_s, u"--provider"_s, u"nope"_s} << "unknown provider"_ba;
        QTest::newRow("bad base url") << QStringList{u"models"_s, u"--provider"_s, u"openai"_s, u"--base-url"_s, u"not a url"_s}
                                      << "invalid base URL"_ba;
        QTest::newRow("stray argument") << QStringList{u"models"_s, u"--provider"_s, u"openai"_s, u"extra"_s} << "unexpected argument"_ba;
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const CliResult r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliModels)
#include "tst_cli_models.moc"
