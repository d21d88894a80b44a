#include <QTest>

#include "pricing/costestimate.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

// Hand-computed expectations. o200k_base: "hello" is one token (24912, shared vector
// "hello world" = [24912, 2375]), "hello world" two; the role names "system" and "user" are one token
// each; chat framing adds 3 per message and 3 for the reply. Prices from resources/prices.json.

namespace {

ChatRequest request(const QString &model, std::optional<int> maxTokens,
                    const QList<ChatMessage> &messages = {{ChatMessage::Role::User, u"hello"_s}})
{
    ChatRequest r;
    r.model = model;
    r.messages = messages;
    r.maxOutputTokens = maxTokens;
    return r;
}

} // namespace

class TestCostEstimate : public QObject
{
    Q_OBJECT

    ModelCatalog m_catalog;
    PriceTable m_prices;

    CostEstimate estimate(const QString &provider, const ChatRequest &r)
    {
        const ModelInfo model = m_catalog.lookup(provider, r.model);
        const ModelPrice *price = m_prices.find(provider, r.model);
        const auto e = estimateCost(r, model, price);
        if (!e)
            qFatal("estimate: %s", qPrintable(e.error().message));
        return e.value();
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto c = ModelCatalog::builtIn();
        auto p = PriceTable::builtIn();
        QVERIFY(c.ok() && p.ok());
        m_catalog = c.value();
        m_prices = p.value();
    }

    void o200kModelIsExact()
    {
        // (3 + "user" 1 + "hello" 1) + 3 = 8 tokens; gpt-4o 2.50 / 10.00:
        // min 8×2.50 = 20 µ$; max 20 + 10×10.00 = 120 µ$
        const CostEstimate e = estimate(u"openai"_s, request(u"gpt-4o"_s, 10));
        QCOMPARE(e.inputTokens, qint64(8));
        QVERIFY(e.inputExact);
        QVERIFY(e.exact());
        QCOMPARE(e.tokenizer, u"o200k_base"_s);
        QCOMPARE(e.maxOutputTokens, std::optional<std::int64_t>(10));
        QCOMPARE(e.minMicroUsd, std::optional<std::int64_t>(20));
        QCOMPARE(e.maxMicroUsd, std::optional<std::int64_t>(120));
        QVERIFY2(e.note.isEmpty(), qPrintable(e.note));
    }

    void twoMessages()
    {
        // (3 + 1 + "hello world" 2) + (3 + 1 + "hello" 1) + 3 = 14; gpt-5.4-mini 0.75 / 4.50, no request max:
        // model max 128000 → min 14×0.75 = 10.5 → 11 µ$; max 10.5 + 128000×4.50 = 576010.5 → 576011 µ$
        const CostEstimate e = estimate(u"openai"_s, request(u"gpt-5.4-mini"_s, std::nullopt,
                                                             {{ChatMessage::Role::System, u"hello world"_s},
                                                              {ChatMessage::Role::User, u"hello"_s}}));
        QCOMPARE(e.inputTokens, qint64(14));
        QCOMPARE(e.maxOutputTokens, std::optional<std::int64_t>(128000));
        QCOMPARE(e.minMicroUsd, std::optional<std::int64_t>(11));
        QCOMPARE(e.maxMicroUsd, std::optional<std::int64_t>(576'011));
    }

    void responsesAliasIsPricedToo()
    {
        const CostEstimate e = estimate(u"openai-responses"_s, request(u"gpt-4o"_s, 10));
        QCOMPARE(e.minMicroUsd, std::optional<std::int64_t>(20));
        QVERIFY(e.inputExact);
    }

    void simulatorCountsLikeTheSimulator()
    {
        // The Simulator sees "user: hi\n" = "user" ":" " hi" "\n" = 4 tokens (sim 0.75 / 4.50):
        // min 4×0.75 = 3 µ$; max 3 + 100×4.50 = 453 µ$
        const CostEstimate e = estimate(u"simulator"_s, request(u"sim-a"_s, 100, {{ChatMessage::Role::User, u"hi"_s}}));
        QCOMPARE(e.inputTokens, qint64(4));
        QVERIFY(e.inputExact);
        QCOMPARE(e.tokenizer, u"simulator"_s);
        QCOMPARE(e.minMicroUsd, std::optional<std::int64_t>(3));
        QCOMPARE(e.maxMicroUsd, std::optional<std::int64_t>(453));
        // no request max: the catalog's 4096 → 3 + 4096×4.50 = 18435
        const CostEstimate e2 = estimate(u"simulator"_s, request(u"sim-a"_s, std::nullopt, {{ChatMessage::Role::User, u"hi"_s}}));
        QCOMPARE(e2.maxMicroUsd, std::optional<std::int64_t>(18'435));
    }

    void claudeIsApproximate()
    {
        // o200k estimate, 8 tokens as above; haiku 4.5 1.00 / 5.00: min 8, max 8 + 10×5 = 58
        const CostEstimate e = estimate(u"anthropic"_s, request(u"claude-haiku-4-5"_s, 10));
        QCOMPARE(e.inputTokens, qint64(8));
        QVERIFY(!e.inputExact);
        QCOMPARE(e.tokenizer, u"o200k_base (approximate)"_s);
        QVERIFY2(e.note.contains(u"estimated"_s), qPrintable(e.note));
        QCOMPARE(e.minMicroUsd, std::optional<std::int64_t>(8));
        QCOMPARE(e.maxMicroUsd, std::optional<std::int64_t>(58));
    }

    void longPromptUsesTheTier()
    {
        // "hello" + 100000 × " hello": o200k counts N tokens (about 100001, checked below as > 100000);
        // Haiku 5.5 above 100K bills the whole prompt at 0.50 and output at 2.50.
        QString text = u"hello"_s;
        text.reserve(600'010);
        for (int i = 0; i < 100'000; ++i)
            text += u" hello"_s;
        const CostEstimate e = estimate(u"anthropic"_s, request(u"claude-haiku-5-5"_s, 1000, {{ChatMessage::Role::User, text}}));
        QVERIFY(e.inputTokens > 100'000);
        const std::int64_t n = e.inputTokens;
        QCOMPARE(e.minMicroUsd, std::optional<std::int64_t>((n * 500'000 + 500'000) / 1'000'000));
        QCOMPARE(e.maxMicroUsd, std::optional<std::int64_t>((n * 500'000 + std::int64_t(1000) * 2'500'000 + 500'000) / 1'000'000));
    }

    void unknownModelWithoutPriceOrMax()
    {
        const CostEstimate e = estimate(u"ollama"_s, request(u"llama3.2"_s, std::nullopt));
        QCOMPARE(e.inputTokens, qint64(8));
        QVERIFY(!e.inputExact);
        QVERIFY(!e.maxOutputTokens);
        QVERIFY(!e.minMicroUsd);
        QVERIFY(!e.maxMicroUsd);
        QVERIFY2(e.note.contains(u"no price for llama3.2"_s), qPrintable(e.note));
        QVERIFY2(e.note.contains(u"no maximum output"_s), qPrintable(e.note));
        // with a max but still no price: the count and the max are known
        const CostEstimate e2 = estimate(u"ollama"_s, request(u"llama3.2"_s, 50));
        QCOMPARE(e2.maxOutputTokens, std::optional<std::int64_t>(50));
        QVERIFY(!e2.maxMicroUsd);
    }

    void reasoningPriceRaisesTheMax()
    {
        auto table = PriceTable::fromJson(R"j({"models":[{"provider":"openai","model":"gpt-4o","input":"1","output":"2","reasoning":"8"}]})j");
        QVERIFY(table.ok());
        const ModelInfo model = m_catalog.lookup(u"openai"_s, u"gpt-4o"_s);
        // 8 tokens × 1 = 8; max output 10 at the dearer reasoning price 8 → 8 + 80 = 88
        const auto e = estimateCost(request(u"gpt-4o"_s, 10), model, table.value().find(u"openai"_s, u"gpt-4o"_s));
        QVERIFY(e.ok());
        QCOMPARE(e.value().maxMicroUsd, std::optional<std::int64_t>(88));
    }
};

QTEST_GUILESS_MAIN(TestCostEstimate)
#include "tst_costestimate.moc"
