#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <csignal>

#include "clitestkit.h"
#include "fakeproviderserver.h"
#include "openaichatsse.h"

using namespace Qt::StringLiterals;
using Crucible::Test::chatStreamResponse;
using Crucible::Test::CliResult;
using Crucible::Test::cliEnvironment;
using Crucible::Test::FakeProviderServer;
using Crucible::Test::runCli;

// crucible-cli compare: targets × repeats through the RunCoordinator, the JSON report and its
// summary, the budget stop, retries. Costs by hand from resources/prices.json: gpt-5.4 input 2.50,
// output 15.00 per 1M tokens; the prompt "hi" is 8 o200k tokens with chat framing (tst_cli_estimate).

namespace {

QProcessEnvironment withKey()
{
    return cliEnvironment({{u"OPENAI_API_KEY"_s, u"test-key"_s}});
}

QString v1(const FakeProviderServer &server)
{
    return server.baseUrl().toString() + u"/v1"_s;
}

/// Nearest rank as summarizeColumn documents it.
double nearestRank(QList<double> v, double pct)
{
    std::sort(v.begin(), v.end());
    return v.at(qsizetype(std::ceil(pct / 100.0 * double(v.size()))) - 1);
}

} // namespace

class TestCliCompare : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void twoTargetsThreeRepeats()
    {
        // --concurrency 1: the openai repeats reach the server (its replies are queued) in order.
        FakeProviderServer server;
        server.enqueue(chatStreamResponse({"{\"a\":1}"}, 8, 1));
        server.enqueue(chatStreamResponse({"{\"a\":1}"}, 8, 2));
        server.enqueue(chatStreamResponse({"plain"}, 8, 3));
        const CliResult r = runCli({u"compare"_s, u"--target"_s, u"openai:gpt-5.4"_s, u"--target"_s,
                                    u"simulator:sim-fast"_s, u"--repeat"_s, u"3"_s, u"--base-url"_s, v1(server),
                                    u"--prompt"_s, u"hi"_s, u"--max-tokens"_s, u"400"_s, u"--concurrency"_s, u"1"_s, u"--json"_s},
                                   withKey());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = r.json();
        const QJsonArray runs = o.value(u"runs"_s).toArray();
        QCOMPARE(runs.size(), 6);
        // repeat-major: every target's repeat 1 before any repeat 2
        const QStringList targets = {u"openai:gpt-5.4"_s, u"simulator:sim-fast"_s};
        for (int i = 0; i < 6; ++i) {
            const QJsonObject run = runs.at(i).toObject();
            QCOMPARE(run.value(u"target"_s).toString(), targets.at(i % 2));
            QCOMPARE(run.value(u"repeat"_s).toInt(), i / 2 + 1);
            QCOMPARE(run.value(u"attempts"_s).toInt(), 1);
            QCOMPARE(run.value(u"status"_s).toString(), u"ok"_s);
            QCOMPARE(run.value(u"simulated"_s).toBool(), i % 2 == 1);
        }
        // the run --json object as it is, plus the three keys
        QCOMPARE(runs.at(0).toObject().value(u"text"_s).toString(), u"{\"a\":1}"_s);
        QCOMPARE(runs.at(4).toObject().value(u"text"_s).toString(), u"plain"_s);
        QCOMPARE(runs.at(2).toObject().value(u"usage"_s).toObject().value(u"output_tokens"_s).toInt(), 2);
        QCOMPARE(runs.at(0).toObject().value(u"cost_usd"_s).toDouble(), 0.000035);
        QCOMPARE(runs.at(0).toObject().value(u"cost_estimate_usd"_s).toObject().value(u"max"_s).toDouble(), 0.00602);
        QCOMPARE(server.requestCount(), 3);

        const QJsonArray summary = o.value(u"summary"_s).toArray();
        QCOMPARE(summary.size(), 2);
        const QJsonObject s0 = summary.at(0).toObject();
        QCOMPARE(s0.value(u"target"_s).toString(), u"openai:gpt-5.4"_s);
        QCOMPARE(s0.value(u"runs"_s).toInt(), 3);
        QCOMPARE(s0.value(u"ok"_s).toInt(), 3);
        QCOMPARE(s0.value(u"errors"_s).toInt(), 0);
        // costs 20 + 15 × {1, 2, 3} µ$ = 35, 50, 65: mean 50, p50 50 (rank 2), p95 65 (rank 3)
        const QJsonObject cost = s0.value(u"cost_usd"_s).toObject();
        QCOMPARE(cost.value(u"mean"_s).toDouble(), 0.00005);
        QCOMPARE(cost.value(u"p50"_s).toDouble(), 0.00005);
        QCOMPARE(cost.value(u"p95"_s).toDouble(), 0.000065);
        QCOMPARE(s0.value(u"total_cost_usd"_s).toDouble(), 0.00015);
        // two of three answers equal and JSON: 66.67 %
        QCOMPARE(s0.value(u"identical_pct"_s).toDouble(), 66.67);
        QCOMPARE(s0.value(u"json_pct"_s).toDouble(), 66.67);

        // timing statistics are those of the printed runs
        for (int t = 0; t < 2; ++t) {
            const QJsonObject s = summary.at(t).toObject();
            QList<double> ttft, total;
            for (int i = t; i < 6; i += 2) {
                const QJsonObject timing = runs.at(i).toObject().value(u"timing"_s).toObject();
                ttft << timing.value(u"ttft_ms"_s).toDouble();
                total << timing.value(u"total_ms"_s).toDouble();
            }
            const QJsonObject st = s.value(u"ttft_ms"_s).toObject();
            QVERIFY(std::abs(st.value(u"mean"_s).toDouble() - (ttft[0] + ttft[1] + ttft[2]) / 3) < 0.01);
            QVERIFY(std::abs(st.value(u"p50"_s).toDouble() - nearestRank(ttft, 50)) < 0.01);
            QVERIFY(std::abs(s.value(u"total_ms"_s).toObject().value(u"p95"_s).toDouble() - nearestRank(total, 95)) < 0.01);
        }
        // one text delta per fake reply: no generation time, no rate; the simulator streams many
        QVERIFY(summary.at(0).toObject().value(u"tokens_per_s"_s).isNull());
        QVERIFY(summary.at(1).toObject().value(u"tokens_per_s"_s).isObject());
        // the simulator answers the same prompt the same way
        const QJsonObject s1 = summary.at(1).toObject();
        QCOMPARE(s1.value(u"ok"_s).toInt(), 3);
        QCOMPARE(runs.at(1).toObject().value(u"text"_s), runs.at(3).toObject().value(u"text"_s));
        QCOMPARE(s1.value(u"identical_pct"_s).toDouble(), 100.0);
        double simCost = 0;
        for (int i = 1; i < 6; i += 2)
            simCost += runs.at(i).toObject().value(u"cost_usd"_s).toDouble();
        QVERIFY(std::abs(s1.value(u"total_cost_usd"_s).toDouble() - simCost) < 1e-9);
    }

    void budgetStopsBeforeTheRequestThatMightNotFit()
    {
        // Each request may cost 20 + 50 × 15 = 770 µ$ and costs 20 + 15 = 35 µ$. Cap 820 µ$:
        // #1 0 + 770 fits, #2 35 + 770 = 805 fits, #3 70 + 770 = 840 does not.
        FakeProviderServer server;
        server.enqueue(chatStreamResponse({"ok"}, 8, 1));
        const CliResult r = runCli({u"compare"_s, u"--target"_s, u"openai:gpt-5.4"_s, u"--repeat"_s, u"5"_s,
                                    u"--base-url"_s, v1(server), u"--prompt"_s, u"hi"_s, u"--max-tokens"_s, u"50"_s,
                                    u"--budget"_s, u"0.00082"_s, u"--json"_s},
                                   withKey());
        QCOMPARE(r.exitCode, 5);
        const QJsonArray runs = r.json().value(u"runs"_s).toArray();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs.at(1).toObject().value(u"repeat"_s).toInt(), 2);
        QCOMPARE(server.requestCount(), 2);
        QCOMPARE(r.json().value(u"summary"_s).toArray().at(0).toObject().value(u"total_cost_usd"_s).toDouble(), 0.00007);
        const QList<QByteArray> lines = r.err.trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.at(0).startsWith("crucible-cli: budget: stopped after 2 of 5 requests: spent $0.00007 of the "
                                        "$0.00082 cap; the next request (openai:gpt-5.4) needs up to $0.00077"),
                 r.err.constData());
    }

    void budgetTooSmallForOneRequest()
    {
        FakeProviderServer server;
        server.enqueue(chatStreamResponse({"ok"}, 8, 1));
        const CliResult r = runCli({u"compare"_s, u"--target"_s, u"openai:gpt-5.4"_s, u"--base-url"_s, v1(server),
                                    u"--prompt"_s, u"hi"_s, u"--max-tokens"_s, u"50"_s, u"--budget"_s, u"0.0007"_s,
                                    u"--json"_s},
                                   withKey());
        QCOMPARE(r.exitCode, 5);
        QCOMPARE(r.json().value(u"runs"_s).toArray().size(), 0);
        QCOMPARE(r.json().value(u"summary"_s).toArray().at(0).toObject().value(u"runs"_s).toInt(), 0);
        QCOMPARE(server.requestCount(), 0);
        QVERIFY(r.err.contains("stopped after 0 of 1 requests"));
    }

    void rateLimitIsRetried()
    {
        FakeProviderServer server;
        FakeProviderServer::Response limited;
        limited.status = 429;
        limited.headers = {{"Content-Type", "application/json"}, {"retry-after-ms", "20"}};
        limited.body = R"({"error":{"message":"slow down","type":"rate_limit_error"}})";
        limited.framing = FakeProviderServer::Framing::ContentLength;
        server.enqueue(limited);
        server.enqueue(chatStreamResponse({"second time"}, 5, 2));
        const CliResult r = runCli({u"compare"_s, u"--target"_s, u"openai-compatible:local-model"_s, u"--base-url"_s,
                                    v1(server), u"--prompt"_s, u"hi"_s, u"--json"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject run = r.json().value(u"runs"_s).toArray().at(0).toObject();
        QCOMPARE(run.value(u"attempts"_s).toInt(), 2);
        QCOMPARE(run.value(u"status"_s).toString(), u"ok"_s);
        QCOMPARE(run.value(u"text"_s).toString(), u"second time"_s);
        QCOMPARE(server.requestCount(), 2);
    }

    void failedRunGivesExit3()
    {
        FakeProviderServer server;
        FakeProviderServer::Response bad;
        bad.status = 400;
        bad.headers = {{"Content-Type", "application/json"}};
        bad.body = R"({"error":{"message":"no such model","type":"invalid_request_error"}})";
        server.enqueue(bad);
        const CliResult r = runCli({u"compare"_s, u"--target"_s, u"openai-compatible:m"_s, u"--base-url"_s, v1(server),
                                    u"--prompt"_s, u"hi"_s, u"--retries"_s, u"3"_s, u"--json"_s});
        QCOMPARE(r.exitCode, 3);
        const QJsonObject o = r.json();
        const QJsonObject run = o.value(u"runs"_s).toArray().at(0).toObject();
        QCOMPARE(run.value(u"status"_s).toString(), u"error"_s);
        QCOMPARE(run.value(u"attempts"_s).toInt(), 1); // a 400 is not retried
        QCOMPARE(run.value(u"error"_s).toObject().value(u"http_status"_s).toInt(), 400);
        const QJsonObject s = o.value(u"summary"_s).toArray().at(0).toObject();
        QCOMPARE(s.value(u"errors"_s).toInt(), 1);
        QCOMPARE(s.value(u"ok"_s).toInt(), 0);
        QVERIFY(s.value(u"identical_pct"_s).isNull());
        QCOMPARE(server.requestCount(), 1);
        QVERIFY(r.err.contains("crucible-cli: error: openai-compatible:m #1: "));
    }

    void textOutput()
    {
        FakeProviderServer server;
        server.enqueue(chatStreamResponse({"first answer"}, 5, 2));
        const CliResult r = runCli({u"compare"_s, u"--target"_s, u"openai-compatible:m"_s, u"--target"_s,
                                    u"simulator:sim-fast"_s, u"--repeat"_s, u"2"_s, u"--base-url"_s, v1(server),
                                    u"--prompt"_s, u"hi"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString out = QString::fromUtf8(r.out);
        for (const QString &head : {u"== openai-compatible:m #1 ==\nfirst answer\n"_s, u"== openai-compatible:m #2 ==\n"_s,
                                    u"== simulator:sim-fast #1 ==\n"_s, u"== simulator:sim-fast #2 ==\n"_s})
            QCOMPARE(out.count(head), 1);
        const QStringList lines = out.split(u'\n');
        const qsizetype header = lines.indexOf(lines.filter(u"target  "_s).value(0));
        QVERIFY(header > 0);
        // columns padded to the widest cell ("openai-compatible:m", 19) and two spaces apart
        QVERIFY2(lines.at(header).startsWith(u"target               runs  ok  errors  ttft ms"_s), qPrintable(lines.at(header)));
        QVERIFY(lines.at(header + 1).startsWith(u"openai-compatible:m  2     2   0       "_s));
        QVERIFY(lines.at(header + 2).startsWith(u"simulator:sim-fast   2     2   0       "_s));
        QVERIFY(lines.at(header + 1).contains(u"  100 %"_s)); // both answers "first answer"
    }

    void sigintCancelsAndReportsWhatFinished()
    {
        // sim-fast answers within a fraction of a second; sim-slow waits 1.5 s for its first token
        // and then writes 6 tokens/s: SIGINT right after sim-fast's block always finds it running.
        QProcess p;
        p.setProcessEnvironment(cliEnvironment());
        p.start(QStringLiteral(CRUCIBLE_CLI_PATH), {u"compare"_s, u"--target"_s, u"simulator:sim-fast"_s, u"--target"_s,
                                                   u"simulator:sim-slow"_s, u"--prompt"_s, u"hi"_s, u"--max-tokens"_s, u"5"_s});
        QVERIFY(p.waitForStarted());
        QByteArray out;
        while (!out.contains("== simulator:sim-fast #1 ==") && p.state() == QProcess::Running) {
            p.waitForReadyRead(200);
            out += p.readAllStandardOutput();
        }
        QCOMPARE(p.state(), QProcess::Running);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(10000));
        out += p.readAllStandardOutput();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY(!out.contains("== simulator:sim-slow"));
        QVERIFY(out.contains("\nsimulator:sim-fast  1     1   0 "));
        QVERIFY(out.contains("\nsimulator:sim-slow  0     0   0 "));
        QVERIFY(p.readAllStandardError().contains("crucible-cli: error: interrupted"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        const QStringList prompt = {u"--prompt"_s, u"hi"_s};
        QTest::newRow("no target") << prompt << "at least one --target"_ba;
        QTest::newRow("no colon") << (QStringList{u"--target"_s, u"simulator"_s} + prompt) << "PROVIDER:MODEL"_ba;
        QTest::newRow("no provider") << (QStringList{u"--target"_s, u":sim-a"_s} + prompt) << "PROVIDER:MODEL"_ba;
        QTest::newRow("no model") << (QStringList{u"--target"_s, u"simulator:"_s} + prompt) << "PROVIDER:MODEL"_ba;
        QTest::newRow("twice") << (QStringList{u"--target"_s, u"simulator:a"_s, u"--target"_s, u"simulator:a"_s} + prompt)
                               << "given twice"_ba;
        const QStringList target = {u"--target"_s, u"simulator:sim-fast"_s};
        QTest::newRow("repeat 0") << (target + prompt + QStringList{u"--repeat"_s, u"0"_s}) << "from 1 to 50"_ba;
        QTest::newRow("repeat 51") << (target + prompt + QStringList{u"--repeat=51"_s}) << "from 1 to 50"_ba;
        QTest::newRow("budget 0") << (target + prompt + QStringList{u"--budget"_s, u"0"_s}) << "--budget"_ba;
        QTest::newRow("retries 11") << (target + prompt + QStringList{u"--retries"_s, u"11"_s}) << "--retries"_ba;
        QTest::newRow("concurrency 0") << (target + prompt + QStringList{u"--concurrency"_s, u"0"_s}) << "--concurrency"_ba;
        QTest::newRow("no prompt") << target << "missing prompt"_ba;
        QTest::newRow("unknown provider") << (QStringList{u"--target"_s, u"nope:x"_s} + prompt) << "unknown provider"_ba;
        QTest::newRow("unknown option") << (target + prompt + QStringList{u"--model"_s, u"x"_s}) << "unknown option"_ba;
        QTest::newRow("compat without url") << (QStringList{u"--target"_s, u"openai-compatible:m"_s} + prompt)
                                            << "openai-compatible:m"_ba;
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const CliResult r = runCli(QStringList{u"compare"_s} + args + QStringList{u"--json"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("crucible-cli: error: ") && r.err.contains(message), r.err.constData());
    }

    void missingKeyIsAUsageError()
    {
        const CliResult r = runCli({u"compare"_s, u"--target"_s, u"simulator:sim-fast"_s, u"--target"_s,
                                    u"openai:gpt-5.4"_s, u"--prompt"_s, u"hi"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("missing API key for openai: set OPENAI_API_KEY"), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliCompare)
#include "tst_cli_compare.moc"
