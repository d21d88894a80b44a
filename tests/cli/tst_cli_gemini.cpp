// The real crucible-cli, `run --provider gemini`, against FakeProviderServer replaying a captured
// Gemini stream: text, usage and finish reason in the --json output.

#include <QFile>
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

const QString Key = u"test-key-4242"_s;

CliResult runCli(const QStringList &args)
{
    return Crucible::Test::runCli(args, cliEnvironment({{u"GEMINI_API_KEY"_s, Key}}));
}

} // namespace

class TestCliGemini : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void runAgainstFakeServer()
    {
        const QString fixture = FakeProviderServer::fixturePath(u"gemini-stream-text-multichunk.txt"_s);
        if (!QFile::exists(fixture))
            QSKIP("fixture missing: ../shared is not beside the checkout");
        // The text is every chunk's parts[0].text, read from the file here; the usage numbers
        // are the last chunk's, by hand: promptTokenCount 11, candidatesTokenCount 132, no thoughts.
        QFile file(fixture);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString expectedText;
        int chunks = 0;
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (!line.startsWith("data: {"))
                continue;
            ++chunks;
            const QJsonObject chunk = QJsonDocument::fromJson(line.mid(6).trimmed()).object();
            expectedText += chunk[u"candidates"_s][0][u"content"_s][u"parts"_s][0][u"text"_s].toString();
        }
        QCOMPARE(chunks, 6);
        QVERIFY(expectedText.startsWith(u"Rain lashed against the bakery window."_s));
        QVERIFY(expectedText.endsWith(u"a beacon in the tempest.\n"_s));

        FakeProviderServer server;
        QVERIFY(server.isListening());
        FakeProviderServer::Response response = FakeProviderServer::fromFixture(fixture);
        response.chunking = FakeProviderServer::Chunking::Random;
        response.chunkSize = 40;
        server.enqueue(response);
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"gemini"_s, u"--base-url"_s,
                                    server.baseUrl().toString(), u"--model"_s, u"gemini-2.5-pro"_s,
                                    u"--prompt"_s, u"Tell me a story about a bakery in the rain."_s, u"--json"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = r.json();
        QCOMPARE(o[u"status"_s].toString(), u"ok"_s);
        QCOMPARE(o[u"provider"_s].toString(), u"gemini"_s);
        QCOMPARE(o[u"model"_s].toString(), u"gemini-2.5-pro"_s);
        QCOMPARE(o[u"simulated"_s].toBool(), false);
        QCOMPARE(o[u"text"_s].toString(), expectedText);
        QCOMPARE(o[u"reasoning"_s].toString(), QString());
        QCOMPARE(o[u"finish_reason"_s].toString(), u"stop"_s);
        QVERIFY(o[u"error"_s].isNull());
        const QJsonObject usage = o[u"usage"_s].toObject();
        QCOMPARE(usage[u"input_tokens"_s].toInteger(-1), 11);    // the last value, not 12, not a sum
        QCOMPARE(usage[u"output_tokens"_s].toInteger(-1), 132);  // candidates 132 + thoughts 0
        QCOMPARE(usage[u"reasoning_tokens"_s].toInteger(-1), 0);
        QCOMPARE(usage[u"cached_input_tokens"_s].toInteger(-1), 0);
        QVERIFY(!r.out.contains(Key.toUtf8()));
        QVERIFY(!r.err.contains(Key.toUtf8()));

        QCOMPARE(server.requests().size(), 1);
        const FakeProviderServer::ReceivedRequest req = server.requests().first();
        QCOMPARE(req.target, "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse"_ba);
        QCOMPARE(headerValue(req.headers, "x-goog-api-key"), Key.toUtf8());
    }

    void notFoundOnTheStreamingUrl()
    {
        const QString fixture = FakeProviderServer::fixturePath(u"gemini-error-404-on-stream.txt"_s);
        if (!QFile::exists(fixture))
            QSKIP("fixture missing: ../shared is not beside the checkout");
        FakeProviderServer server;
        server.enqueue(FakeProviderServer::fromFixture(fixture));
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"gemini"_s, u"--base-url"_s,
                                    server.baseUrl().toString(), u"--model"_s, u"custom-gemini-2.0-flash"_s,
                                    u"--prompt"_s, u"hi"_s, u"--json"_s});
        QCOMPARE(r.exitCode, 3);
        const QJsonObject e = r.json()[u"error"_s].toObject();
        QCOMPARE(e[u"class"_s].toString(), u"not-found"_s);
        QCOMPARE(e[u"http_status"_s].toInt(), 404);
        QVERIFY(e[u"message"_s].toString().startsWith(u"models/custom-gemini-2.0-flash is not found"_s));
    }
};

QTEST_GUILESS_MAIN(TestCliGemini)
#include "tst_cli_gemini.moc"
