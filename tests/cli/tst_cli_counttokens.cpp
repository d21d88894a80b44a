#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "clitestkit.h"
#include "fakeproviderserver.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::CliResult;
using Crucible::Test::cliEnvironment;
using Crucible::Test::runCli;
using Crucible::Test::FakeProviderServer;

// crucible-cli count-tokens, the real binary. Expected ids come from the shared tiktoken vectors
// (../shared/data/o200k_vectors_small.json) or are checked by hand against them: "hello" = 24912,
// "hello world" = [24912, 2375], "Hello, World!" = [13225, 11, 5922, 0].

namespace {

QList<int> idList(const QJsonArray &array)
{
    QList<int> out;
    for (const QJsonValue &v : array)
        out.append(v.toInt());
    return out;
}

} // namespace

class TestCliCountTokens : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countsHandCheckedStrings_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("count");
        QTest::addColumn<QByteArray>("ids");
        QTest::newRow("hello world gpt-4o") << u"gpt-4o"_s << "hello world"_ba << "2"_ba << "[24912,2375]"_ba;
        QTest::newRow("hello gpt-5.4") << u"gpt-5.4"_s << "hello"_ba << "1"_ba << "[24912]"_ba;
        QTest::newRow("punctuation o3") << u"o3"_s << "Hello, World!"_ba << "4"_ba << "[13225,11,5922,0]"_ba;
        QTest::newRow("dated snapshot") << u"gpt-4.1-2025-04-14"_s << "hello world"_ba << "2"_ba << "[24912,2375]"_ba;
        QTest::newRow("empty") << u"gpt-4o"_s << QByteArray() << "0"_ba << "[]"_ba;
    }
    void countsHandCheckedStrings()
    {
        QFETCH(QString, model);
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, count);
        QFETCH(QByteArray, ids);
        CliResult r = runCli({u"count-tokens"_s, u"--model"_s, model}, input);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, count + '\n');
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        r = runCli({u"count-tokens"_s, u"--model"_s, model, u"--ids"_s, u"-"_s}, input);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, ids + '\n');
    }

    void readsAFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"in.txt"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello world");
        f.close();
        const CliResult r = runCli({u"count-tokens"_s, u"--model"_s, u"gpt-4o-mini"_s, path});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, "2\n"_ba);
    }

    void jsonlOneResultPerLine()
    {
        // the JSON escape \n inside a string is a real newline: "tabs\tand\nnewlines\r\n" is a shared vector
        const QByteArray input = "\"hello world\"\n\"Hello, World!\"\r\n\"\"\n\"hello\"\n";
        CliResult r = runCli({u"count-tokens"_s, u"--model"_s, u"gpt-5.4"_s, u"--jsonl"_s}, input);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, "2\n4\n0\n1\n"_ba);
        r = runCli({u"count-tokens"_s, u"--model"_s, u"gpt-5.4"_s, u"--jsonl"_s, u"--ids"_s}, input);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, "[24912,2375]\n[13225,11,5922,0]\n[]\n[24912]\n"_ba);
    }

    void sharedVectors()
    {
        QFile file(QStringLiteral(CRUCIBLE_SHARED_DIR) + u"/data/o200k_vectors_small.json"_s);
        if (!file.open(QIODevice::ReadOnly))
            QSKIP("../shared/data/o200k_vectors_small.json not found (shared data missing)");
        const QJsonArray vectors = QJsonDocument::fromJson(file.readAll()).object().value(u"o200k_base"_s).toArray();
        QVERIFY(vectors.size() >= 20);
        QByteArray input;
        for (const QJsonValue &v : vectors)
            input += QJsonDocument(QJsonArray{v.toObject().value(u"text"_s)}).toJson(QJsonDocument::Compact).mid(1).chopped(1) + '\n';
        const CliResult ids = runCli({u"count-tokens"_s, u"--model"_s, u"gpt-4o"_s, u"--jsonl"_s, u"--ids"_s}, input);
        const CliResult counts = runCli({u"count-tokens"_s, u"--model"_s, u"gpt-4o"_s, u"--jsonl"_s}, input);
        QCOMPARE(ids.exitCode, 0);
        QCOMPARE(counts.exitCode, 0);
        const QList<QByteArray> idLines = ids.out.split('\n');
        const QList<QByteArray> countLines = counts.out.split('\n');
        QCOMPARE(idLines.size(), vectors.size() + 1); // final newline
        for (qsizetype i = 0; i < vectors.size(); ++i) {
            const QJsonArray expected = vectors.at(i).toObject().value(u"ids"_s).toArray();
            QCOMPARE(idList(QJsonDocument::fromJson(idLines.at(i)).array()), idList(expected));
            QCOMPARE(countLines.at(i).toLongLong(), qint64(expected.size()));
        }
        // and the whole text of one vector through a file/stdin (raw bytes, not JSON)
        const QJsonObject first = vectors.at(3).toObject();
        const CliResult raw = runCli({u"count-tokens"_s, u"--model"_s, u"gpt-4o"_s, u"--ids"_s},
                                     first.value(u"text"_s).toString().toUtf8());
        QCOMPARE(idList(QJsonDocument::fromJson(raw.out).array()), idList(first.value(u"ids"_s).toArray()));
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("message");
        const QStringList jsonl = {u"count-tokens"_s, u"--model"_s, u"gpt-4o"_s, u"--jsonl"_s};
        QTest::newRow("not json") << jsonl << "\"ok\"\nnope\n"_ba << "line 2 is not one JSON string"_ba;
        QTest::newRow("number") << jsonl << "42\n"_ba << "line 1"_ba;
        QTest::newRow("two strings") << jsonl << "\"a\", \"b\"\n"_ba << "line 1"_ba;
        QTest::newRow("blank line") << jsonl << "\"a\"\n\n\"b\"\n"_ba << "line 2"_ba;
        QTest::newRow("no model") << QStringList{u"count-tokens"_s, u"--ids"_s} << "x"_ba << "needs --model"_ba;
        QTest::newRow("unknown option") << QStringList{u"count-tokens"_s, u"--model"_s, u"gpt-4o"_s, u"--fast"_s} << "x"_ba
                                        << "unknown option"_ba;
        QTest::newRow("missing file") << QStringList{u"count-tokens"_s, u"--model"_s, u"gpt-4o"_s, u"/nonexistent/in.txt"_s}
                                      << QByteArray() << "cannot read"_ba;
        QTest::newRow("two files") << QStringList{u"count-tokens"_s, u"--model"_s, u"gpt-4o"_s, u"a"_s, u"b"_s} << QByteArray()
                                   << "second one"_ba;
        QTest::newRow("no public tokenizer") << QStringList{u"count-tokens"_s, u"--model"_s, u"claude-opus-5-5"_s} << "x"_ba
                                             << "no public tokenizer"_ba;
        QTest::newRow("provider without key") << QStringList{u"count-tokens"_s, u"--model"_s, u"claude-opus-5-5"_s,
                                                             u"--provider"_s, u"anthropic"_s} << "x"_ba << "ANTHROPIC_API_KEY"_ba;
        QTest::newRow("unknown provider") << QStringList{u"count-tokens"_s, u"--model"_s, u"m"_s, u"--provider"_s, u"nope"_s}
                                          << "x"_ba << "unknown provider"_ba;
    }
    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, message);
        const CliResult r = runCli(args, input);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(message), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }

    void approxIsMarked()
    {
        const CliResult r = runCli({u"count-tokens"_s, u"--model"_s, u"claude-opus-5-5"_s, u"--approx"_s}, "hello world");
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, "2\n"_ba);
        QVERIFY2(r.err.contains("approximate"), r.err.constData());
    }

    void providerCountEndpoint()
    {
        FakeProviderServer server;
        FakeProviderServer::Response ok;
        ok.headers = {{"Content-Type", "application/json"}};
        ok.body = R"j({"input_tokens":12})j";
        server.enqueue(ok);
        QProcessEnvironment env = cliEnvironment();
        env.insert(u"ANTHROPIC_API_KEY"_s, u"test-key-4242"_s);
        const QStringList args = {u"count-tokens"_s, u"--model"_s, u"claude-opus-5-5"_s, u"--provider"_s, u"anthropic"_s,
                                  u"--base-url"_s, server.baseUrl().toString()};
        CliResult r = runCli(args, "Count me", env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, "12\n"_ba);
        QVERIFY2(r.err.contains("counted by anthropic"), r.err.constData());
        QCOMPARE(server.requestCount(), 1);
        const auto request = server.requests().first();
        QVERIFY2(request.target.endsWith("messages/count_tokens"), request.target.constData());
        QCOMPARE(request.method, "POST"_ba);
        QCOMPARE(headerValue(request.headers, "x-api-key"), "test-key-4242"_ba);
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        QCOMPARE(body.value(u"model"_s).toString(), u"claude-opus-5-5"_s);
        QVERIFY(request.body.contains("Count me"));

        // --jsonl: one request and one count per line
        server.clearQueue();
        server.enqueue(ok);
        r = runCli(args + QStringList{u"--jsonl"_s}, "\"a\"\n\"b\"\n", env);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, "12\n12\n"_ba);
        QCOMPARE(server.requestCount(), 3);

        // a provider error is exit 3, key never shown
        server.clearQueue();
        FakeProviderServer::Response denied;
        denied.status = 401;
        denied.headers = {{"Content-Type", "application/json"}};
        denied.body = R"j({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key test-key-4242"}})j";
        server.enqueue(denied);
        r = runCli(args, "x", env);
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("auth (HTTP 401)"), r.err.constData());
        QVERIFY(!r.err.contains("test-key-4242"));
    }
};

QTEST_GUILESS_MAIN(TestCliCountTokens)
#include "tst_cli_counttokens.moc"
