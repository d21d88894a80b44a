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

// crucible-cli run --json: "cost_estimate_usd" and "notes" (parameters the catalog drops).
// Expected numbers by hand from resources/prices.json and resources/models.json.

namespace {

const QString Fast = u"simulator://local?ttft_ms=5&tokens_per_s=5000"_s;

} // namespace

class TestCliEstimate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void simulatorEstimate()
    {
        // The Simulator sees "user: hi\n" = "user" ":" " hi" "\n" = 4 tokens, priced 0.75 / 4.50 per 1M:
        // min 4 × 0.75 = 3 µ$ = 0.000003; max 3 + 100 × 4.50 = 453 µ$ = 0.000453.
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"simulator"_s, u"--model"_s, u"sim-a"_s, u"--prompt"_s,
                                    u"hi"_s, u"--max-tokens"_s, u"100"_s, u"--base-url"_s, Fast, u"--json"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        const QJsonObject o = r.json();
        const QJsonObject e = o.value(u"cost_estimate_usd"_s).toObject();
        QCOMPARE(e.value(u"min"_s).toDouble(), 0.000003);
        QCOMPARE(e.value(u"max"_s).toDouble(), 0.000453);
        QCOMPARE(e.value(u"exact"_s).toBool(), true);
        QCOMPARE(e.value(u"input_tokens"_s).toInteger(), 4);
        QCOMPARE(e.value(u"max_output_tokens"_s).toInteger(), 100);
        QCOMPARE(e.value(u"tokenizer"_s).toString(), u"simulator"_s);
        QVERIFY(e.value(u"note"_s).isNull());
        // the estimate's input count is the Simulator's own
        QCOMPARE(o.value(u"usage"_s).toObject().value(u"input_tokens"_s).toInteger(), 4);
        QCOMPARE(o.value(u"notes"_s).toArray(), QJsonArray());
        // the actual cost sits beside it and never exceeds the maximum
        QVERIFY(o.value(u"cost_usd"_s).toDouble() <= 0.000453);
        QVERIFY(o.value(u"cost_usd"_s).toDouble() >= 0.000003);
        // raw text: keys in contract order, the estimate right after cost_usd
        QVERIFY(r.out.indexOf("\"cost_usd\"") < r.out.indexOf("\"cost_estimate_usd\""));
        QVERIFY(r.out.indexOf("\"cost_estimate_usd\"") < r.out.indexOf("\"simulated\""));
    }

    void simulatorEstimateUsesModelMax()
    {
        // "system: Be brief.\nuser: hi\n": "system" ":" " Be" " brief" "." "\n" "user" ":" " hi" "\n" = 10 tokens;
        // no --max-tokens: the catalog's 4096 for sim-*. min 10 × 0.75 = 7.5 → 8 µ$;
        // max 7.5 + 4096 × 4.50 = 18439.5 → 18440 µ$.
        const CliResult r = runCli({u"run"_s, u"--provider"_s, u"simulator"_s, u"--model"_s, u"sim-b"_s, u"--system"_s,
                                    u"Be brief."_s, u"--prompt"_s, u"hi"_s, u"--base-url"_s, Fast, u"--json"_s});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject e = r.json().value(u"cost_estimate_usd"_s).toObject();
        QCOMPARE(e.value(u"input_tokens"_s).toInteger(), 10);
        QCOMPARE(e.value(u"max_output_tokens"_s).toInteger(), 4096);
        QCOMPARE(e.value(u"min"_s).toDouble(), 0.000008);
        QCOMPARE(e.value(u"max"_s).toDouble(), 0.01844);
    }

    void openAiDropsAndEstimates()
    {
        FakeProviderServer server;
        FakeProviderServer::Response r;
        r.headers = {{"Content-Type", "text/event-stream"}};
        r.body = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
                 "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                 "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":1,\"total_tokens\":9}}\n\n"
                 "data: [DONE]\n\n";
        server.enqueue(r);
        const CliResult got = runCli({u"run"_s, u"--provider"_s, u"openai"_s, u"--model"_s, u"gpt-5.4"_s, u"--base-url"_s,
                                      server.baseUrl().toString() + u"/v1"_s, u"--prompt"_s, u"hi"_s, u"--temperature"_s,
                                      u"0.3"_s, u"--seed"_s, u"5"_s, u"--reasoning-effort"_s, u"low"_s,
                                      u"--max-tokens"_s, u"50"_s, u"--json"_s});
        QVERIFY2(got.exitCode == 0, got.err.constData());
        const QJsonObject o = got.json();
        QCOMPARE(o.value(u"text"_s).toString(), u"Hi"_s);
        const QJsonArray notes = o.value(u"notes"_s).toArray();
        QCOMPARE(notes.size(), 2);
        QCOMPARE(notes.at(0).toString(), u"temperature: gpt-5.4 accepts it only with reasoning effort \"none\""_s);
        QCOMPARE(notes.at(1).toString(), u"seed: not accepted by gpt-5.4"_s);
        QVERIFY(got.err.contains("crucible-cli: note: temperature: gpt-5.4 accepts it only"));
        QVERIFY(got.err.contains("crucible-cli: note: seed: not accepted by gpt-5.4"));

        const QJsonObject sent = QJsonDocument::fromJson(server.requests().first().body).object();
        QVERIFY(!sent.contains(u"temperature"_s));
        QVERIFY(!sent.contains(u"seed"_s));
        // the field name at a non-OpenAI host is the adapter's choice; the value is ours
        QCOMPARE(sent.value(u"max_completion_tokens"_s).toInt() + sent.value(u"max_tokens"_s).toInt(), 50);
        QCOMPARE(sent.value(u"reasoning_effort"_s).toString(), u"low"_s);

        // o200k_base: (3 + "user" 1 + "hi" 1) + 3 = 8 tokens, exact; gpt-5.4 2.50 / 15.00:
        // min 8 × 2.50 = 20 µ$; max 20 + 50 × 15.00 = 770 µ$. Actual: 8 × 2.50 + 1 × 15.00 = 35 µ$.
        const QJsonObject e = o.value(u"cost_estimate_usd"_s).toObject();
        QCOMPARE(e.value(u"input_tokens"_s).toInteger(), 8);
        QCOMPARE(e.value(u"exact"_s).toBool(), true);
        QCOMPARE(e.value(u"tokenizer"_s).toString(), u"o200k_base"_s);
        QCOMPARE(e.value(u"min"_s).toDouble(), 0.00002);
        QCOMPARE(e.value(u"max"_s).toDouble(), 0.00077);
        QCOMPARE(o.value(u"cost_usd"_s).toDouble(), 0.000035);
    }

    void unknownModelIsNoted()
    {
        FakeProviderServer server;
        FakeProviderServer::Response r;
        r.headers = {{"Content-Type", "text/event-stream"}};
        r.body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        server.enqueue(r);
        const CliResult got = runCli({u"run"_s, u"--provider"_s, u"openai-compatible"_s, u"--model"_s, u"local-llm"_s,
                                      u"--base-url"_s, server.baseUrl().toString() + u"/v1"_s, u"--prompt"_s, u"hi"_s,
                                      u"--top-p"_s, u"0.5"_s, u"--json"_s});
        QVERIFY2(got.exitCode == 0, got.err.constData());
        const QJsonObject o = got.json();
        const QJsonArray notes = o.value(u"notes"_s).toArray();
        QCOMPARE(notes.size(), 2);
        QVERIFY(notes.at(0).toString().startsWith(u"unknown model local-llm for openai-compatible"_s));
        QCOMPARE(notes.at(1).toString(), u"top_p: unknown model local-llm, only model, messages and max tokens are sent"_s);
        QVERIFY(!QJsonDocument::fromJson(server.requests().first().body).object().contains(u"top_p"_s));
        // no price, no max: the count is still given, marked approximate
        const QJsonObject e = o.value(u"cost_estimate_usd"_s).toObject();
        QCOMPARE(e.value(u"exact"_s).toBool(), false);
        QCOMPARE(e.value(u"input_tokens"_s).toInteger(), 8);
        QVERIFY(e.value(u"min"_s).isNull());
        QVERIFY(e.value(u"max"_s).isNull());
        QVERIFY(e.value(u"note"_s).toString().contains(u"no price"_s));
    }
};

QTEST_GUILESS_MAIN(TestCliEstimate)
#include "tst_cli_estimate.moc"
