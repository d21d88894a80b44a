#include <QTest>

#include "compare/repeatstats.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

constexpr qint64 Ms = 1000000;
constexpr qint64 Origin = 7000 * Ms; // arbitrary monotonic origin

/// An outcome sent at Origin: first text after ttft ms, tokens output tokens spread evenly until
/// lastMs, over at totalMs.
RunOutcome outcome(RunOutcome::Status status, const QString &text, double ttft, qint64 lastMs, qint64 totalMs,
                   qint64 tokens, std::optional<qint64> costMicro = std::nullopt)
{
    RunOutcome o;
    o.status = status;
    o.text = text;
    o.metrics.sentNs = Origin;
    o.metrics.firstTextNs = Origin + qint64(ttft * Ms);
    o.metrics.lastTokenNs = Origin + lastMs * Ms;
    o.metrics.endNs = Origin + totalMs * Ms;
    o.metrics.usage.inputTokens = 100;
    o.metrics.usage.outputTokens = tokens;
    o.metrics.costMicroUsd = costMicro;
    return o;
}

} // namespace

class TestRepeatStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void distributionOfFourSamples()
    {
        const auto d = distributionOf({30, 10, 20, 40});
        QVERIFY(d);
        QCOMPARE(d->count, 4);
        QCOMPARE(d->mean, 25.0);
        QCOMPARE(d->p50, 20.0); // rank ceil(0.5·4) = 2
        QCOMPARE(d->p95, 40.0); // rank ceil(0.95·4) = 4
        QCOMPARE(d->min, 10.0);
        QCOMPARE(d->max, 40.0);
    }

    void distributionNearestRank()
    {
        QList<double> twenty;
        for (int i = 20; i >= 1; --i)
            twenty.append(i);
        const auto d = distributionOf(twenty);
        QCOMPARE(d->p50, 10.0);
        QCOMPARE(d->p95, 19.0); // rank 19, not 20 (no interpolation, no float drift)
        QCOMPARE(d->mean, 10.5);

        const auto one = distributionOf({7});
        QCOMPARE(one->p50, 7.0);
        QCOMPARE(one->p95, 7.0);
        QCOMPARE(one->count, 1);

        const auto three = distributionOf({3, 1, 2});
        QCOMPARE(three->p50, 2.0); // rank ceil(1.5) = 2
        QCOMPARE(three->p95, 3.0);
        QVERIFY(!distributionOf({}));
    }

    void extractJsonForms()
    {
        QCOMPARE(extractJson(u"  {\"b\": 1, \"a\": [true, null]}\n"_s), u"{\"a\":[true,null],\"b\":1}"_s);
        QCOMPARE(extractJson(u"```json\n{\"a\": 1}\n```"_s), u"{\"a\":1}"_s);
        QCOMPARE(extractJson(u"\n```\n[1, 2]\n```\n"_s), u"[1,2]"_s);
        QCOMPARE(extractJson(u"```JSON\n\"x\"\n```"_s), u"\"x\""_s);
        QCOMPARE(extractJson(u"42"_s), u"42"_s);
        QVERIFY(!extractJson(u""_s));
        QVERIFY(!extractJson(u"Here it is: {\"a\": 1}"_s));
        QVERIFY(!extractJson(u"```python\n{\"a\": 1}\n```"_s));
        QVERIFY(!extractJson(u"```json\n{\"a\": 1}\n```\n```json\n{\"b\": 2}\n```"_s)); // two fences
        QVERIFY(!extractJson(u"{\"a\": 1"_s));
    }

    void summarizeTimingAndUsage()
    {
        QList<RunOutcome> runs;
        // 11 tokens over 1000 ms of generation → 10 tokens/s; 21 over 1000 → 20/s.
        runs << outcome(RunOutcome::Status::Ok, u"same"_s, 100, 1100, 1200, 11, 1000)
             << outcome(RunOutcome::Status::Ok, u"same"_s, 300, 1300, 1500, 21, 3000)
             << outcome(RunOutcome::Status::Ok, u"other"_s, 200, 1200, 1800, 11)
             << outcome(RunOutcome::Status::Error, QString(), 400, 1400, 2100, 11, 500);
        RunOutcome cancelled;
        cancelled.status = RunOutcome::Status::Cancelled; // never sent: no timings
        runs << cancelled;

        const ColumnSummary s = summarizeColumn(u"sim/fast"_s, u"simulator · sim-fast"_s, runs);
        QCOMPARE(s.targetKey, u"sim/fast"_s);
        QCOMPARE(s.label, u"simulator · sim-fast"_s);
        QCOMPARE(s.runs, 5);
        QCOMPARE(s.okRuns, 3);
        QCOMPARE(s.errorRuns, 1);
        QCOMPARE(s.ttftMs->count, 4);
        QCOMPARE(s.ttftMs->mean, 250.0);
        QCOMPARE(s.ttftMs->p50, 200.0);
        QCOMPARE(s.ttftMs->p95, 400.0);
        QCOMPARE(s.tokensPerSecond->count, 4);
        QCOMPARE(s.tokensPerSecond->mean, 12.5);
        QCOMPARE(s.tokensPerSecond->max, 20.0);
        QCOMPARE(s.totalMs->count, 4);
        QCOMPARE(s.totalMs->mean, 1650.0);
        QCOMPARE(s.totalMs->min, 1200.0);
        QCOMPARE(s.costUsd->count, 3);
        QCOMPARE(s.costUsd->max, 0.003);
        QCOMPARE(s.costUsd->p50, 0.001);
        QCOMPARE(s.totalCostMicroUsd, qint64(4500));
        QCOMPARE(s.inputTokens, qint64(400));
        QCOMPARE(s.outputTokens, qint64(54));
        QCOMPARE(s.reasoningTokens, qint64(0));
        QVERIFY(qAbs(*s.identicalPct - 200.0 / 3) < 1e-9); // "same" twice of 3 Ok runs
        QCOMPARE(s.jsonRuns, 0);
        QCOMPARE(*s.jsonPct, 0.0);
        QVERIFY(!s.schemaValidPct); // no check given
        QVERIFY(s.fields.isEmpty());
    }

    void summarizeWithoutOkRuns()
    {
        const ColumnSummary empty = summarizeColumn(u"k"_s, u"l"_s, {});
        QCOMPARE(empty.runs, 0);
        QVERIFY(!empty.ttftMs && !empty.totalMs && !empty.costUsd && !empty.tokensPerSecond);
        QVERIFY(!empty.identicalPct && !empty.jsonPct && !empty.schemaValidPct);

        const ColumnSummary failed = summarizeColumn(
            u"k"_s, u"l"_s, {outcome(RunOutcome::Status::Truncated, u"{\"a\":1}"_s, 10, 20, 30, 5)},
            [](const QString &) { return true; });
        QCOMPARE(failed.errorRuns, 1);
        QCOMPARE(failed.okRuns, 0);
        QVERIFY(!failed.identicalPct && !failed.jsonPct && !failed.schemaValidPct);
        QCOMPARE(failed.jsonRuns, 0); // text statistics only look at Ok runs
    }

    void summarizeJsonAndSchema()
    {
        QList<RunOutcome> runs;
        runs << outcome(RunOutcome::Status::Ok, u"{\"name\": \"Ada\", \"age\": 36}"_s, 1, 2, 3, 5)
             << outcome(RunOutcome::Status::Ok, u"```json\n{\"name\": \"Ada\", \"age\": 37}\n```"_s, 1, 2, 3, 5)
             << outcome(RunOutcome::Status::Ok, u"{\"name\": \"Bob\"}"_s, 1, 2, 3, 5)
             << outcome(RunOutcome::Status::Ok, u"not json"_s, 1, 2, 3, 5);
        QStringList checked;
        const SchemaCheck hasAge = [&checked](const QString &json) {
            checked.append(json);
            return json.contains(u"\"age\""_s);
        };
        const ColumnSummary s = summarizeColumn(u"k"_s, u"l"_s, runs, hasAge);
        QCOMPARE(s.okRuns, 4);
        QCOMPARE(*s.identicalPct, 25.0); // all texts differ
        QCOMPARE(s.jsonRuns, 3);
        QCOMPARE(*s.jsonPct, 75.0);
        QCOMPARE(*s.schemaValidPct, 50.0); // 2 of 4 Ok runs; "not json" counts as invalid
        QCOMPARE(checked, (QStringList{u"{\"age\":36,\"name\":\"Ada\"}"_s, u"{\"age\":37,\"name\":\"Ada\"}"_s,
                                       u"{\"name\":\"Bob\"}"_s}));
        QCOMPARE(s.fields.size(), 2);
        QCOMPARE(s.fields.at(0).pointer, u"/age"_s);
        QCOMPARE(s.fields.at(0).present, 2);
        QCOMPARE(s.fields.at(0).agreeing, 1);
        QCOMPARE(s.fields.at(0).modalValue, u"36"_s); // tie: first seen
        QCOMPARE(s.fields.at(1).pointer, u"/name"_s);
        QCOMPARE(s.fields.at(1).present, 3);
        QCOMPARE(s.fields.at(1).agreeing, 2);
        QCOMPARE(s.fields.at(1).modalValue, u"\"Ada\""_s);
        QVERIFY(qAbs(s.fields.at(1).agreementPct() - 200.0 / 3) < 1e-9);
    }

    void identicalWithOneRun()
    {
        const ColumnSummary s
            = summarizeColumn(u"k"_s, u"l"_s, {outcome(RunOutcome::Status::Ok, u"x"_s, 1, 2, 3, 5)});
        QCOMPARE(*s.identicalPct, 100.0);
    }
};

QTEST_GUILESS_MAIN(TestRepeatStats)
#include "tst_repeatstats.moc"
