#include <QTest>

#include "pricing/pricetable.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

QByteArray tableWithInput(const QByteArray &inputLiteral)
{
    return R"({"formatVersion":1,"asOf":"2026-10-24","currency":"USD","unit":"per_1m_tokens","models":[
        {"provider":"p","model":"m","input":)" + inputLiteral + R"(,"output":"1"}]})";
}

// Hand-computed costs below use these rows.
const QByteArray Table = R"({"formatVersion":1,"asOf":"2026-10-24","models":[
    {"provider":"openai","model":"gpt-5.4","input":"2.50","cached_input":"0.25","output":"15.00","as_of":"2026-06-04","source":"a"},
    {"provider":"openai","model":"gpt-5.4-mini","input":"0.75","cached_input":"0.075","output":"4.50","as_of":"2026-06-04","source":"b"},
    {"provider":"anthropic","model":"claude-sonnet-4-5","input":"3.00","cached_input":"0.30","cache_write":"3.75","output":"15.00","source":"c"},
    {"provider":"x","model":"half","input":"0.5","output":"0.2"}
]})";

} // namespace

class TestPriceTable : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decimals_data()
    {
        QTest::addColumn<QByteArray>("literal");
        QTest::addColumn<qint64>("micro"); // -1: must be rejected
        QTest::newRow("string 0.075") << R"("0.075")"_ba << qint64(75'000);
        QTest::newRow("number 0.075") << "0.075"_ba << qint64(75'000);
        QTest::newRow("string 5.00") << R"("5.00")"_ba << qint64(5'000'000);
        QTest::newRow("string 0.0028") << R"("0.0028")"_ba << qint64(2'800);
        QTest::newRow("number 0.003625") << "0.003625"_ba << qint64(3'625);
        QTest::newRow("number 2.5") << "2.5"_ba << qint64(2'500'000);
        QTest::newRow("integer 12") << "12"_ba << qint64(12'000'000);
        QTest::newRow("string 180") << R"("180")"_ba << qint64(180'000'000);
        QTest::newRow("exponent") << R"("1e-05")"_ba << qint64(10);
        QTest::newRow("number 0.1") << "0.1"_ba << qint64(100'000);
        QTest::newRow("trailing zeros past 6") << R"("0.12000000")"_ba << qint64(120'000);
        QTest::newRow("too fine") << R"("0.0000001")"_ba << qint64(-1);
        QTest::newRow("negative") << R"("-1")"_ba << qint64(-1);
        QTest::newRow("text") << R"("cheap")"_ba << qint64(-1);
        QTest::newRow("bool") << "true"_ba << qint64(-1);
    }
    void decimals()
    {
        QFETCH(QByteArray, literal);
        QFETCH(qint64, micro);
        const auto table = PriceTable::fromJson(tableWithInput(literal));
        if (micro < 0) {
            QVERIFY(!table.ok());
            QCOMPARE(table.error().kind, Error::Kind::Parse);
            return;
        }
        QVERIFY2(table.ok(), qPrintable(table.ok() ? QString() : table.error().message));
        const ModelPrice *price = table.value().find(u"p"_s, u"m"_s);
        QVERIFY(price);
        QCOMPARE(price->inputMicroPerM, micro);
        QCOMPARE(price->outputMicroPerM, qint64(1'000'000));
        QCOMPARE(price->asOf, u"2026-10-24"_s); // row without as_of inherits the table's
    }

    void find_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("expected"); // empty: not found
        QTest::newRow("exact") << u"openai"_s << u"gpt-5.4"_s << u"gpt-5.4"_s;
        QTest::newRow("exact longer") << u"openai"_s << u"gpt-5.4-mini"_s << u"gpt-5.4-mini"_s;
        QTest::newRow("dated snapshot") << u"openai"_s << u"gpt-5.4-mini-2026-03-01"_s << u"gpt-5.4-mini"_s;
        QTest::newRow("snapshot of shorter") << u"openai"_s << u"gpt-5.4-2026-03-01"_s << u"gpt-5.4"_s;
        QTest::newRow("no dash boundary") << u"openai"_s << u"gpt-5.4mini"_s << QString();
        QTest::newRow("any provider") << QString() << u"claude-sonnet-4-5-20250929"_s << u"claude-sonnet-4-5"_s;
        QTest::newRow("wrong provider") << u"openai"_s << u"claude-sonnet-4-5"_s << QString();
        QTest::newRow("unknown") << u"openai"_s << u"llama3"_s << QString();
        QTest::newRow("empty model") << u"openai"_s << QString() << QString();
    }
    void find()
    {
        QFETCH(QString, provider);
        QFETCH(QString, model);
        QFETCH(QString, expected);
        const auto table = PriceTable::fromJson(Table);
        QVERIFY(table.ok());
        const ModelPrice *price = table.value().find(provider, model);
        QCOMPARE(price ? price->model : QString(), expected);
    }

    void cost_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<qint64>("input");
        QTest::addColumn<qint64>("cached");
        QTest::addColumn<qint64>("written");
        QTest::addColumn<qint64>("output");
        QTest::addColumn<qint64>("micro");
        // 800×0.75 + 200×0.075 + 500×4.50 = 600 + 15 + 2250 = 2865 µ$ (÷1M tokens → ×1 µ$)
        QTest::newRow("mini cached") << u"gpt-5.4-mini"_s << qint64(1000) << qint64(200) << qint64(0) << qint64(500) << qint64(2865);
        // 5000×3 + 2000×0.30 + 3000×3.75 + 1000×15 = 15000 + 600 + 11250 + 15000 = 41850 µ$
        QTest::newRow("sonnet cache write") << u"claude-sonnet-4-5"_s << qint64(10000) << qint64(2000) << qint64(3000) << qint64(1000) << qint64(41850);
        // 1×0.5 + 0×0.2 = 0.5 µ$ → half up → 1
        QTest::newRow("half rounds up") << u"half"_s << qint64(1) << qint64(0) << qint64(0) << qint64(0) << qint64(1);
        // 1×0.5 + 1×0.2 = 0.7 → 1; 0×… + 2×0.2 = 0.4 → 0
        QTest::newRow("sum then round") << u"half"_s << qint64(1) << qint64(0) << qint64(0) << qint64(1) << qint64(1);
        QTest::newRow("rounds down") << u"half"_s << qint64(0) << qint64(0) << qint64(0) << qint64(2) << qint64(0);
        // 3×0.2 = 0.6 → 1 (one rounding of the sum, not per part)
        QTest::newRow("one rounding") << u"half"_s << qint64(0) << qint64(0) << qint64(0) << qint64(3) << qint64(1);
        // 1M input at 2.50 + 1M output at 15 = 17.5 $
        QTest::newRow("million") << u"gpt-5.4"_s << qint64(1'000'000) << qint64(0) << qint64(0) << qint64(1'000'000) << qint64(17'500'000);
    }
    void cost()
    {
        QFETCH(QString, model);
        QFETCH(qint64, input);
        QFETCH(qint64, cached);
        QFETCH(qint64, written);
        QFETCH(qint64, output);
        QFETCH(qint64, micro);
        const auto table = PriceTable::fromJson(Table);
        QVERIFY(table.ok());
        const ModelPrice *price = table.value().find({}, model);
        QVERIFY(price);
        Usage usage;
        usage.inputTokens = input;
        usage.cachedInputTokens = cached;
        usage.cacheWriteInputTokens = written;
        usage.outputTokens = output;
        QCOMPARE(PriceTable::costMicroUsd(*price, usage), std::optional<std::int64_t>(micro));
    }

    void costUnknownWithoutCounts()
    {
        const auto table = PriceTable::fromJson(Table);
        const ModelPrice *price = table.value().find({}, u"gpt-5.4"_s);
        QVERIFY(price);
        Usage usage;
        usage.inputTokens = 10;
        QVERIFY(!PriceTable::costMicroUsd(*price, usage));
        usage = {};
        usage.outputTokens = 10;
        QVERIFY(!PriceTable::costMicroUsd(*price, usage));
    }

    void formatUsd_data()
    {
        QTest::addColumn<qint64>("micro");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << u"$0.000000"_s;
        QTest::newRow("micro") << qint64(123) << u"$0.000123"_s;
        QTest::newRow("below cent") << qint64(9999) << u"$0.009999"_s;
        QTest::newRow("cent") << qint64(10000) << u"$0.0100"_s;
        QTest::newRow("round up") << qint64(1234567) << u"$1.2346"_s;
        QTest::newRow("round down") << qint64(1234549) << u"$1.2345"_s;
        QTest::newRow("dollars") << qint64(17'500'000) << u"$17.5000"_s;
    }
    void formatUsd()
    {
        QFETCH(qint64, micro);
        QFETCH(QString, text);
        QCOMPARE(Crucible::formatUsd(micro), text);
    }

    void rejectsBadDocuments_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not json") << "{nope"_ba;
        QTest::newRow("array") << "[]"_ba;
        QTest::newRow("newer format") << R"({"formatVersion":2,"models":[]})"_ba;
        QTest::newRow("other currency") << R"({"formatVersion":1,"currency":"EUR","models":[]})"_ba;
        QTest::newRow("no models") << R"({"formatVersion":1})"_ba;
        QTest::newRow("no output") << R"({"formatVersion":1,"models":[{"model":"m","input":"1"}]})"_ba;
        QTest::newRow("no model") << R"({"formatVersion":1,"models":[{"input":"1","output":"1"}]})"_ba;
    }
    void rejectsBadDocuments()
    {
        QFETCH(QByteArray, json);
        const auto table = PriceTable::fromJson(json);
        QVERIFY(!table.ok());
        QVERIFY(!table.error().message.isEmpty());
    }

    void builtInTable()
    {
        const auto table = PriceTable::builtIn();
        QVERIFY2(table.ok(), qPrintable(table.ok() ? QString() : table.error().message));
        QCOMPARE(table.value().asOf(), u"2026-10-24"_s);
        QVERIFY(table.value().size() >= 9);
        const ModelPrice *mini = table.value().find(u"openai"_s, u"gpt-5.4-mini"_s);
        QVERIFY(mini);
        QCOMPARE(mini->inputMicroPerM, qint64(750'000));
        QCOMPARE(mini->cachedInputMicroPerM, std::optional<std::int64_t>(75'000));
        QCOMPARE(mini->outputMicroPerM, qint64(4'500'000));
        QCOMPARE(mini->asOf, u"2026-06-04"_s);
        QVERIFY(!mini->source.isEmpty());
        const ModelPrice *flash = table.value().find(u"deepseek"_s, u"deepseek-v4-flash"_s);
        QVERIFY(flash);
        QCOMPARE(flash->cachedInputMicroPerM, std::optional<std::int64_t>(2'800));
        for (const QString &model : {u"sim-a"_s, u"sim-b"_s, u"sim-fast"_s, u"sim-slow"_s}) {
            const ModelPrice *sim = table.value().find(u"simulator"_s, model);
            QVERIFY2(sim, qPrintable(model));
            QCOMPARE(sim->inputMicroPerM, mini->inputMicroPerM);
            QCOMPARE(sim->outputMicroPerM, mini->outputMicroPerM);
            QVERIFY(sim->source.startsWith(u"simulated"_s));
        }
    }
};

QTEST_GUILESS_MAIN(TestPriceTable)
#include "tst_pricetable.moc"
