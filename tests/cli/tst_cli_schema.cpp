#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "clitestkit.h"
#include "fakeproviderserver.h"
#include "openaichatsse.h"

using namespace Qt::StringLiterals;
using Crucible::Test::chatStreamResponse;
using Crucible::Test::CliResult;
using Crucible::Test::cliEnvironment;
using Crucible::Test::FakeProviderServer;
using Crucible::Test::runCli;

// crucible-cli run/compare --schema FILE: the schema is sent with the request, every ok answer is
// validated ("validation" per run, "schema_valid_pct" per compare target). The fake server plays
// openai:gpt-5.4 (the catalog knows it has structured output, so the schema is sent; an unknown
// openai-compatible model would have it dropped) and answers JSON that breaks the schema.

namespace {

/// name (string) and age (integer) are required; nothing else is allowed.
const QByteArray PersonSchema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
                                "\"age\":{\"type\":\"integer\"}},\"required\":[\"name\",\"age\"],\"additionalProperties\":false}";

QProcessEnvironment withKey()
{
    return cliEnvironment({{u"OPENAI_API_KEY"_s, u"test-key"_s}});
}

QString v1(const FakeProviderServer &server)
{
    return server.baseUrl().toString() + u"/v1"_s;
}

/// Writes `content` to `name` in dir; its path.
QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

} // namespace

class TestCliSchema : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_schema = writeFile(m_dir, u"person.json"_s, PersonSchema);
    }

    void simulatorAnswerIsValid()
    {
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"simulator"_s, u"--base-url"_s,
                                    u"simulator://local?ttft_ms=0&tokens_per_s=5000"_s, u"--prompt"_s, u"a person"_s,
                                    u"--schema"_s, m_schema, u"--json"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = r.json();
        QCOMPARE(o.value(u"status"_s).toString(), u"ok"_s);
        // the simulator answers with an instance of the schema it was sent
        const QJsonObject answer = QJsonDocument::fromJson(o.value(u"text"_s).toString().toUtf8()).object();
        QVERIFY2(answer.value(u"name"_s).isString(), qPrintable(o.value(u"text"_s).toString()));
        const QJsonObject validation = o.value(u"validation"_s).toObject();
        QCOMPARE(validation.value(u"valid"_s).toBool(), true);
        QCOMPARE(validation.value(u"errors"_s).toArray().size(), 0);
    }

    void invalidAnswerHasPointerAndMessage()
    {
        FakeProviderServer server;
        server.enqueue(chatStreamResponse({"{\"name\":\"Ada\",", "\"age\":\"old\"}"}, 8, 9));
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"openai"_s, u"--model"_s, u"gpt-5.4"_s, u"--base-url"_s,
                                    v1(server), u"--prompt"_s, u"a person"_s, u"--schema"_s, m_schema, u"--json"_s},
                                   withKey());
        QVERIFY2(r.exitCode == 0, r.err.constData()); // no exit code for invalid answers (yet)
        const QJsonObject validation = r.json().value(u"validation"_s).toObject();
        QCOMPARE(validation.value(u"valid"_s).toBool(), false);
        const QJsonArray errors = validation.value(u"errors"_s).toArray();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.at(0).toObject().value(u"pointer"_s).toString(), u"/age"_s);
        QCOMPARE(errors.at(0).toObject().value(u"message"_s).toString(),
                 u"Value type not permitted by 'type' constraint."_s);

        // the schema went out as OpenAI structured output
        QCOMPARE(server.requestCount(), 1);
        const QJsonObject body = QJsonDocument::fromJson(server.requests().at(0).body).object();
        const QJsonObject format = body.value(u"response_format"_s).toObject();
        QCOMPARE(format.value(u"type"_s).toString(), u"json_schema"_s);
        QCOMPARE(format.value(u"json_schema"_s).toObject().value(u"schema"_s).toObject(),
                 QJsonDocument::fromJson(PersonSchema).object());
    }

    void missingPropertyAtRoot()
    {
        FakeProviderServer server;
        server.enqueue(chatStreamResponse({"{\"name\":\"Ada\"}"}, 8, 5));
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"openai"_s, u"--model"_s, u"gpt-5.4"_s, u"--base-url"_s,
                                    v1(server), u"--prompt"_s, u"a person"_s, u"--schema"_s, m_schema, u"--json"_s},
                                   withKey());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray errors = r.json().value(u"validation"_s).toObject().value(u"errors"_s).toArray();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.at(0).toObject().value(u"pointer"_s).toString(), QString());
        QCOMPARE(errors.at(0).toObject().value(u"message"_s).toString(), u"Missing required property 'age'."_s);
    }

    void notJsonAnswer()
    {
        FakeProviderServer server;
        server.enqueue(chatStreamResponse({"Sure! Here it is."}, 8, 5));
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"openai"_s, u"--model"_s, u"gpt-5.4"_s, u"--base-url"_s,
                                    v1(server), u"--prompt"_s, u"a person"_s, u"--schema"_s, m_schema, u"--json"_s},
                                   withKey());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject validation = r.json().value(u"validation"_s).toObject();
        QCOMPARE(validation.value(u"valid"_s).toBool(), false);
        const QJsonArray errors = validation.value(u"errors"_s).toArray();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.at(0).toObject().value(u"pointer"_s).toString(), QString());
        const QString message = errors.at(0).toObject().value(u"message"_s).toString();
        QVERIFY2(message.startsWith(u"not JSON: line 1, column 1: "_s), qPrintable(message));
    }

    void failedRunHasNullValidation()
    {
        FakeProviderServer server;
        FakeProviderServer::Response bad;
        bad.status = 400;
        bad.headers = {{"Content-Type", "application/json"}};
        bad.body = "{\"error\":{\"message\":\"no such model\",\"type\":\"invalid_request_error\"}}";
        server.enqueue(bad);
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"openai"_s, u"--model"_s, u"gpt-5.4"_s, u"--base-url"_s,
                                    v1(server), u"--prompt"_s, u"a person"_s, u"--schema"_s, m_schema, u"--json"_s},
                                   withKey());
        QCOMPARE(r.exitCode, 3);
        const QJsonObject o = r.json();
        QCOMPARE(o.value(u"status"_s).toString(), u"error"_s);
        QVERIFY(o.contains(u"validation"_s));
        QVERIFY(o.value(u"validation"_s).isNull());
    }

    void compareValidAndInvalid()
    {
        FakeProviderServer server;
        server.enqueue(chatStreamResponse({"{\"name\":\"Ada\",\"age\":\"old\"}"}, 8, 9));
        const CliResult r = runCli({u"compare"_s, u"--target"_s, u"simulator:sim-fast"_s, u"--target"_s,
                                    u"openai:gpt-5.4"_s, u"--repeat"_s, u"2"_s, u"--base-url"_s, v1(server),
                                    u"--prompt"_s, u"a person"_s, u"--schema"_s, m_schema, u"--json"_s},
                                   withKey());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = r.json();
        const QJsonArray runs = o.value(u"runs"_s).toArray();
        QCOMPARE(runs.size(), 4);
        for (const QJsonValue &value : runs) {
            const QJsonObject run = value.toObject();
            const bool simulated = run.value(u"target"_s).toString() == u"simulator:sim-fast"_s;
            const QJsonObject validation = run.value(u"validation"_s).toObject();
            QCOMPARE(validation.value(u"valid"_s).toBool(), simulated);
            QCOMPARE(validation.value(u"errors"_s).toArray().size(), simulated ? 0 : 1);
        }
        const QJsonArray summary = o.value(u"summary"_s).toArray();
        QCOMPARE(summary.size(), 2);
        QCOMPARE(summary.at(0).toObject().value(u"target"_s).toString(), u"simulator:sim-fast"_s);
        QCOMPARE(summary.at(0).toObject().value(u"schema_valid_pct"_s).toDouble(), 100.0);
        QCOMPARE(summary.at(1).toObject().value(u"schema_valid_pct"_s).toDouble(), 0.0);
        QVERIFY(summary.at(1).toObject().value(u"schema_valid_pct"_s).isDouble());
        // both requests to the server carried the schema
        QCOMPARE(server.requestCount(), 2);
        for (const auto &request : server.requests())
            QVERIFY(request.body.contains("\"response_format\""));
    }

    void compareTableHasSchemaColumn()
    {
        const CliResult r = runCli({u"compare"_s, u"--target"_s, u"simulator:sim-fast"_s, u"--prompt"_s, u"a person"_s,
                                    u"--schema"_s, m_schema});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QVERIFY2(lines.size() >= 2, r.out.constData());
        QVERIFY2(lines.at(lines.size() - 2).simplified().endsWith(" json schema"), r.out.constData());
        QVERIFY2(lines.last().simplified().endsWith("100 % 100 %"), r.out.constData());
    }

    void withoutSchemaNothingChanges()
    {
        const CliResult run = runCli({u"run"_s, u"--provider"_s, u"simulator"_s, u"--prompt"_s, u"hi"_s, u"--json"_s});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(!run.json().contains(u"validation"_s));

        const CliResult compare = runCli({u"compare"_s, u"--target"_s, u"simulator:sim-fast"_s, u"--prompt"_s, u"hi"_s,
                                          u"--json"_s});
        QVERIFY2(compare.exitCode == 0, compare.err.constData());
        const QJsonObject o = compare.json();
        QVERIFY(!o.value(u"runs"_s).toArray().at(0).toObject().contains(u"validation"_s));
        const QJsonObject summary = o.value(u"summary"_s).toArray().at(0).toObject();
        QVERIFY(summary.contains(u"schema_valid_pct"_s));
        QVERIFY(summary.value(u"schema_valid_pct"_s).isNull());

        const CliResult table = runCli({u"compare"_s, u"--target"_s, u"simulator:sim-fast"_s, u"--prompt"_s, u"hi"_s});
        QVERIFY2(table.exitCode == 0, table.err.constData());
        QVERIFY2(!table.out.contains(" schema"), table.out.constData());
    }

    void unreadableSchemaIsUsageError()
    {
        const QString missing = m_dir.filePath(u"nope.json"_s);
        for (const QString &command : {u"run"_s, u"compare"_s}) {
            const QStringList target = command == u"run" ? QStringList{u"--provider"_s, u"simulator"_s}
                                                          : QStringList{u"--target"_s, u"simulator:sim-fast"_s};
            const CliResult r = runCli(QStringList{command} + target
                                       + QStringList{u"--prompt"_s, u"hi"_s, u"--schema"_s, missing});
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.startsWith("crucible-cli: error: cannot read schema " + missing.toUtf8() + ": "),
                     r.err.constData());
            QVERIFY(r.out.isEmpty());
        }
    }

    void invalidSchemaIsUsageError()
    {
        const QString notJson = writeFile(m_dir, u"broken.json"_s, "{\"type\": ");
        const QString badRef = writeFile(m_dir, u"badref.json"_s, "{\"$ref\": \"#/definitions/missing\"}");
        for (const QString &schema : {notJson, badRef}) {
            for (const QString &command : {u"run"_s, u"compare"_s}) {
                const QStringList target = command == u"run" ? QStringList{u"--provider"_s, u"simulator"_s}
                                                              : QStringList{u"--target"_s, u"simulator:sim-fast"_s};
                const CliResult r = runCli(QStringList{command} + target
                                           + QStringList{u"--prompt"_s, u"hi"_s, u"--schema"_s, schema});
                QCOMPARE(r.exitCode, 2);
                QVERIFY2(r.err.startsWith("crucible-cli: error: invalid schema " + schema.toUtf8() + ": "),
                         r.err.constData());
                QVERIFY(r.out.isEmpty());
            }
        }
        const CliResult empty = runCli({u"run"_s, u"--provider"_s, u"simulator"_s, u"--prompt"_s, u"hi"_s, u"--schema="_s});
        QCOMPARE(empty.exitCode, 2);
    }

private:
    QTemporaryDir m_dir;
    QString m_schema;
};

QTEST_GUILESS_MAIN(TestCliSchema)
#include "tst_cli_schema.moc"
