#include <QTest>

#include "compare/runplan.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

CostEstimate estimate(std::optional<qint64> minMicro, std::optional<qint64> maxMicro, bool exact = true)
{
    CostEstimate e;
    e.inputTokens = 100;
    e.inputExact = exact;
    e.minMicroUsd = minMicro;
    e.maxMicroUsd = maxMicro;
    return e;
}

} // namespace

class TestRunPlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pricedColumns()
    {
        const PlanEstimate plan = estimatePlan({estimate(100, 1000), estimate(250, 5000)}, 3, 2);
        QCOMPARE(plan.requests, 12); // 2 columns × 3 repeats × 2 cases
        QCOMPARE(plan.minMicroUsd, qint64(350 * 6));
        QCOMPARE(plan.maxMicroUsd, qint64(6000 * 6));
        QCOMPARE(plan.unpricedColumns, 0);
        QCOMPARE(plan.pricedColumns, 2);
        QVERIFY(plan.inputExact);
        QVERIFY(plan.isComplete());
        QCOMPARE(describePlan(plan), u"est. $0.002100–$0.0360 for 12 requests"_s);
    }

    void noTestCasesCountsOnce()
    {
        const PlanEstimate plan = estimatePlan({estimate(20'000, 20'000)}, 1, 0);
        QCOMPARE(plan.requests, 1);
        QCOMPARE(describePlan(plan), u"est. $0.0200 for 1 request"_s); // min == max: one amount
    }

    void unpricedAndInexact()
    {
        const PlanEstimate plan
            = estimatePlan({estimate(100, 1000, false), estimate(100, std::nullopt), std::nullopt}, 2, 0);
        QCOMPARE(plan.requests, 6);
        QCOMPARE(plan.minMicroUsd, qint64(200));
        QCOMPARE(plan.maxMicroUsd, qint64(2000));
        QCOMPARE(plan.unpricedColumns, 2);
        QCOMPARE(plan.pricedColumns, 1);
        QVERIFY(!plan.inputExact);
        QVERIFY(!plan.isComplete());
        QCOMPARE(describePlan(plan), u"≈ $0.000200–$0.002000 for 6 requests (2 columns not priced)"_s);

        const PlanEstimate one = estimatePlan({estimate(10, 10), estimate(std::nullopt, std::nullopt)}, 1, 1);
        QVERIFY(one.inputExact); // the unpriced column still counted its input exactly
        QCOMPARE(describePlan(one), u"est. $0.000010 for 2 requests (1 column not priced)"_s);

        const PlanEstimate none = estimatePlan({std::nullopt, std::nullopt}, 5, 0);
        QVERIFY(!none.inputExact); // a column without an estimate has no exact count
        QCOMPARE(describePlan(none), u"cost unknown for 10 requests (2 columns not priced)"_s);
    }

    void freeModelIsPriced()
    {
        const PlanEstimate plan = estimatePlan({estimate(0, 0)}, 4, 0);
        QCOMPARE(plan.pricedColumns, 1);
        QCOMPARE(describePlan(plan), u"est. $0.000000 for 4 requests"_s);
    }

    void empty()
    {
        const PlanEstimate plan = estimatePlan({}, 3, 2);
        QCOMPARE(plan.requests, 0);
        QCOMPARE(describePlan(plan), u"no requests"_s);
    }

    void parseBudget_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("micro"); // -1: nullopt
        QTest::newRow("dot") << u"0.50"_s << qint64(500'000);
        QTest::newRow("dollar") << u"$0.5"_s << qint64(500'000);
        QTest::newRow("comma") << u"0,50"_s << qint64(500'000);
        QTest::newRow("spaces") << u" 2 "_s << qint64(2'000'000);
        QTest::newRow("dollar space") << u"$ 1.25"_s << qint64(1'250'000);
        QTest::newRow("leading dot") << u".5"_s << qint64(500'000);
        QTest::newRow("trailing dot") << u"3."_s << qint64(3'000'000);
        QTest::newRow("zero") << u"0"_s << qint64(0);
        QTest::newRow("micro") << u"0.000001"_s << qint64(1);
        QTest::newRow("round half up") << u"0.0000005"_s << qint64(1);
        QTest::newRow("round down") << u"0.0000014"_s << qint64(1);
        QTest::newRow("big") << u"123456789012"_s << qint64(123'456'789'012'000'000);
        QTest::newRow("empty") << u""_s << qint64(-1);
        QTest::newRow("blank") << u"   "_s << qint64(-1);
        QTest::newRow("only dollar") << u"$"_s << qint64(-1);
        QTest::newRow("only dot") << u"."_s << qint64(-1);
        QTest::newRow("negative") << u"-1"_s << qint64(-1);
        QTest::newRow("negative dollar") << u"$-1"_s << qint64(-1);
        QTest::newRow("letters") << u"abc"_s << qint64(-1);
        QTest::newRow("exponent") << u"1e999"_s << qint64(-1);
        QTest::newRow("too big") << u"1234567890123"_s << qint64(-1);
        QTest::newRow("thousands") << u"1,000.50"_s << qint64(-1);
        QTest::newRow("two commas") << u"1,0,0"_s << qint64(-1);
        QTest::newRow("two dots") << u"1.2.3"_s << qint64(-1);
        QTest::newRow("suffix") << u"5 USD"_s << qint64(-1);
        QTest::newRow("arabic digits") << u"٣"_s << qint64(-1);
    }
    void parseBudget()
    {
        QFETCH(QString, text);
        QFETCH(qint64, micro);
        const std::optional<qint64> parsed = parseBudgetUsd(text);
        if (micro < 0)
            QVERIFY2(!parsed, qPrintable(QString::number(parsed.value_or(0))));
        else
            QCOMPARE(parsed, std::optional<qint64>(micro));
    }

    void moneyFormatUsedByThePlan()
    {
        // The compare view shows money with pricing's formatUsd (see runplan.h).
        QCOMPARE(formatUsd(2223), u"$0.002223"_s);
        QCOMPARE(formatUsd(18'495), u"$0.0185"_s);
        QCOMPARE(formatUsd(1'250'000), u"$1.2500"_s);
    }
};

QTEST_GUILESS_MAIN(TestRunPlan)
#include "tst_runplan.moc"
