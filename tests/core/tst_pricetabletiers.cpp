#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTest>

#include "pricing/pricetable.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

// Every expected cost below is computed by hand from the prices in resources/prices.json
// (providers.md §12): tokens × µ$ per 1M tokens ÷ 1M, summed, rounded once half up.

namespace {

QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
}

Usage usage(std::int64_t input, std::int64_t output, std::int64_t cached = 0, std::int64_t written = 0,
            std::optional<std::int64_t> reasoning = std::nullopt)
{
    Usage u;
    u.inputTokens = input;
    u.outputTokens = output;
    u.cachedInputTokens = cached;
    u.cacheWriteInputTokens = written;
    u.reasoningTokens = reasoning;
    return u;
}

const QDateTime Now = utc("2026-11-01T12:00:00Z");

} // namespace

class TestPriceTableTiers : public QObject
{
    Q_OBJECT

    PriceTable m_table;

    std::optional<std::int64_t> cost(const QString &provider, const QString &model, const Usage &u,
                                     const QDateTime &when = Now)
    {
        const ModelPrice *p = m_table.find(provider, model, when);
        if (!p)
            return std::nullopt;
        return PriceTable::costMicroUsd(*p, u);
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto t = PriceTable::builtIn();
        QVERIFY2(t.ok(), t.ok() ? "" : qPrintable(t.error().message));
        m_table = t.value();
    }

    void everySection12RowIsPriced()
    {
        const QStringList openai = {u"gpt-5.5"_s, u"gpt-5.5-pro"_s, u"gpt-5.4"_s, u"gpt-5.4-mini"_s, u"gpt-5.4-nano"_s, u"gpt-5.4-pro"_s};
        const QStringList anthropic = {u"claude-fable-5-1"_s, u"claude-opus-5-5"_s, u"claude-opus-5"_s, u"claude-opus-4-8"_s,
                                       u"claude-opus-4-7"_s, u"claude-opus-4-6"_s, u"claude-opus-4-5"_s, u"claude-sonnet-5-5"_s,
                                       u"claude-sonnet-5"_s, u"claude-sonnet-4-6"_s, u"claude-sonnet-4-5"_s,
                                       u"claude-haiku-5-5"_s, u"claude-haiku-4-5"_s};
        const QStringList gemini = {u"gemini-3.8-flash"_s, u"gemini-3.5-flash"_s, u"gemini-3.5-flash-lite"_s,
                                    u"gemini-3.1-pro-preview"_s, u"gemini-2.5-pro"_s, u"gemini-2.5-flash"_s};
        const QStringList mistral = {u"mistral-medium-latest"_s, u"mistral-large-latest"_s, u"mistral-small-latest"_s,
                                     u"magistral-medium-latest"_s, u"magistral-small-latest"_s, u"codestral-latest"_s,
                                     u"devstral-latest"_s};
        const QStringList deepseek = {u"deepseek-v4-flash"_s, u"deepseek-v4-pro"_s};
        const QList<QPair<QString, QStringList>> all = {{u"openai"_s, openai}, {u"anthropic"_s, anthropic},
                                                        {u"gemini"_s, gemini}, {u"mistral"_s, mistral},
                                                        {u"deepseek"_s, deepseek}};
        for (const auto &[provider, models] : all) {
            for (const QString &model : models) {
                const ModelPrice *p = m_table.find(provider, model, Now);
                QVERIFY2(p && p->model == model, qPrintable(provider + u' ' + model));
                QVERIFY(!p->source.isEmpty());
                QVERIFY(!p->asOf.isEmpty());
            }
        }
        QCOMPARE(m_table.find(u"anthropic"_s, u"claude-opus-5-5"_s, Now)->cacheWrite1hInputMicroPerM,
                 std::optional<std::int64_t>(8'000'000));
    }

    void responsesUsesOpenAiRows()
    {
        const ModelPrice *p = m_table.find(u"openai-responses"_s, u"gpt-5.4"_s, Now);
        QVERIFY(p);
        QCOMPARE(p->provider, u"openai"_s);
        QCOMPARE(p->inputMicroPerM, qint64(2'500'000));
        QVERIFY(!m_table.find(u"openai-responses"_s, u"claude-haiku-4-5"_s, Now));
        QVERIFY(!m_table.find(u"mistral"_s, u"gpt-5.4"_s, Now)); // no alias there
    }

    void ownProviderRowBeatsAlias()
    {
        auto t = PriceTable::fromJson(R"j({"provider_aliases":{"b":["a"]},"models":[
            {"provider":"a","model":"m","input":"1","output":"1"},
            {"provider":"b","model":"m","input":"2","output":"2"}]})j");
        QVERIFY(t.ok());
        QCOMPARE(t.value().find(u"b"_s, u"m"_s)->inputMicroPerM, qint64(2'000'000));
        QCOMPARE(t.value().find(u"a"_s, u"m"_s)->inputMicroPerM, qint64(1'000'000));
    }

    void haikuPromptTier()
    {
        const QString haiku = u"claude-haiku-5-5"_s;
        // 100,000 is not above 100K: 100000×0.10 + 1000×0.50 = 10000 + 500
        QCOMPARE(cost(u"anthropic"_s, haiku, usage(100'000, 1000)), std::optional<std::int64_t>(10'500));
        // 100,001: whole request at the tier: 100001×0.50 = 50000.5, + 1000×2.50 = 2500 → 52500.5 → 52501
        QCOMPARE(cost(u"anthropic"_s, haiku, usage(100'001, 1000)), std::optional<std::int64_t>(52'501));
        // the tier counts cache reads and writes: 20000 uncached + 90000 read + 10000 written = 120000 > 100K:
        // 20000×0.50 + 90000×0.05 + 10000×0.625 + 2000×2.50 = 10000 + 4500 + 6250 + 5000
        QCOMPARE(cost(u"anthropic"_s, haiku, usage(120'000, 2000, 90'000, 10'000)), std::optional<std::int64_t>(25'750));
        // below: 20000×0.10 + 30000×0.01 + 10000×0.125 + 2000×0.50 = 2000 + 300 + 1250 + 1000
        QCOMPARE(cost(u"anthropic"_s, haiku, usage(60'000, 2000, 30'000, 10'000)), std::optional<std::int64_t>(4'550));
    }

    void geminiProTier()
    {
        const QString pro = u"gemini-3.1-pro-preview"_s;
        // 200000×2.00 + 1000×12.00 = 400000 + 12000
        QCOMPARE(cost(u"gemini"_s, pro, usage(200'000, 1000)), std::optional<std::int64_t>(412'000));
        // 200001×4.00 + 1000×18.00 = 800004 + 18000
        QCOMPARE(cost(u"gemini"_s, pro, usage(200'001, 1000)), std::optional<std::int64_t>(818'004));
        // tier leaves the cached price: 200000×4.00 + 50000×0.20 = 800000 + 10000
        QCOMPARE(cost(u"gemini"_s, pro, usage(250'000, 0, 50'000)), std::optional<std::int64_t>(810'000));
        // 2.5 Pro tier changes only input: 300000×2.50 + 100×10.00 = 750000 + 1000
        QCOMPARE(cost(u"gemini"_s, u"gemini-2.5-pro"_s, usage(300'000, 100)), std::optional<std::int64_t>(751'000));
    }

    void anthropicCacheWrite()
    {
        // 6000×3.00 + 4000×3.75 + 100×15.00 = 18000 + 15000 + 1500
        QCOMPARE(cost(u"anthropic"_s, u"claude-sonnet-4-6"_s, usage(10'000, 100, 0, 4000)), std::optional<std::int64_t>(34'500));
        // Opus 5.5: 1000×4.00 + 2000×0.20 + 3000×5.00 + 10×20.00 = 4000 + 400 + 15000 + 200
        QCOMPARE(cost(u"anthropic"_s, u"claude-opus-5-5"_s, usage(6000, 10, 2000, 3000)), std::optional<std::int64_t>(19'600));
        // Sonnet 5.5 has no published cache write: billed as input. 1000×2.00 = 2000
        QCOMPARE(cost(u"anthropic"_s, u"claude-sonnet-5-5"_s, usage(1000, 0, 0, 1000)), std::optional<std::int64_t>(2000));
    }

    void reasoningPrice()
    {
        auto t = PriceTable::fromJson(R"j({"models":[
            {"provider":"x","model":"r","input":"1","output":"10.00","reasoning":"20.00"},
            {"provider":"x","model":"plain","input":"1","output":"10.00"}]})j");
        QVERIFY(t.ok());
        const ModelPrice *r = t.value().find(u"x"_s, u"r"_s);
        // 600×10 + 400×20 = 6000 + 8000
        QCOMPARE(PriceTable::costMicroUsd(*r, usage(0, 1000, 0, 0, 400)), std::optional<std::int64_t>(14'000));
        // reasoning above output is capped at output: 1000×20
        QCOMPARE(PriceTable::costMicroUsd(*r, usage(0, 1000, 0, 0, 5000)), std::optional<std::int64_t>(20'000));
        // unknown reasoning count: all at output
        QCOMPARE(PriceTable::costMicroUsd(*r, usage(0, 1000)), std::optional<std::int64_t>(10'000));
        // without a reasoning price reasoning bills as output: 1000×10
        QCOMPARE(PriceTable::costMicroUsd(*t.value().find(u"x"_s, u"plain"_s), usage(0, 1000, 0, 0, 400)),
                 std::optional<std::int64_t>(10'000));
    }

    void datedRows()
    {
        const QString flash = u"gemini-3.8-flash"_s;
        // 1M in + 1M out: 0.75 + 3.75 = 4.50 $ through 2026; 1.50 + 7.50 = 9.00 $ from 2027-01-01
        const Usage million = usage(1'000'000, 1'000'000);
        QCOMPARE(cost(u"gemini"_s, flash, million, utc("2026-12-31T23:59:59Z")), std::optional<std::int64_t>(4'500'000));
        QCOMPARE(cost(u"gemini"_s, flash, million, utc("2027-01-01T00:00:00Z")), std::optional<std::int64_t>(9'000'000));

        const QString pro = u"deepseek-v4-pro"_s;
        const auto cached = [&](const char *when) {
            return m_table.find(u"deepseek"_s, pro, utc(when))->cachedInputMicroPerM.value_or(-1);
        };
        QCOMPARE(cached("2026-04-01T00:00:00Z"), qint64(145'000)); // before the 2026-04-26 cut
        QCOMPARE(cached("2026-05-01T00:00:00Z"), qint64(3'625));   // promotion
        QCOMPARE(cached("2026-05-31T15:58:59Z"), qint64(3'625));
        QCOMPARE(cached("2026-05-31T15:59:00Z"), qint64(14'500));  // list price again
        // promo: 1000×0.435 + 138×0.003625 (cached) + 1000×0.87 = 435 + 0.50025 + 870 → 1305.50025 → 1306
        QCOMPARE(cost(u"deepseek"_s, pro, usage(1138, 1000, 138), utc("2026-05-01T00:00:00Z")), std::optional<std::int64_t>(1306));

        const auto sonnetHit = [&](const char *when) {
            return m_table.find(u"anthropic"_s, u"claude-sonnet-5-5"_s, utc(when))->cachedInputMicroPerM.value_or(-1);
        };
        QCOMPARE(sonnetHit("2026-10-06T23:00:00Z"), qint64(200'000));
        QCOMPARE(sonnetHit("2026-10-07T00:00:00Z"), qint64(100'000));

        auto future = PriceTable::fromJson(R"j({"models":[{"model":"f","input":"1","output":"1","valid_from":"2030-01-01"}]})j");
        QVERIFY(future.ok());
        QVERIFY(!future.value().find({}, u"f"_s, utc("2029-12-31T00:00:00Z")));
        QVERIFY(future.value().find({}, u"f"_s, utc("2030-01-01T00:00:00Z")));
    }

    void badRowsAreErrors_data()
    {
        QTest::addColumn<QByteArray>("row");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad date") << R"j({"model":"m","input":"1","output":"1","valid_from":"soon"})j"_ba << u"valid_from"_s;
        QTest::newRow("from after until") << R"j({"model":"m","input":"1","output":"1","valid_from":"2027-01-01","valid_until":"2026-01-01"})j"_ba
                                          << u"before"_s;
        QTest::newRow("tier without threshold") << R"j({"model":"m","input":"1","output":"1","tiers":[{"input":"2"}]})j"_ba << u"prompt_above"_s;
        QTest::newRow("tier bad price") << R"j({"model":"m","input":"1","output":"1","tiers":[{"prompt_above":5,"input":"x"}]})j"_ba << u"input"_s;
        QTest::newRow("bad reasoning") << R"j({"model":"m","input":"1","output":"1","reasoning":"-2"})j"_ba << u"reasoning"_s;
    }
    void badRowsAreErrors()
    {
        QFETCH(QByteArray, row);
        QFETCH(QString, message);
        const auto t = PriceTable::fromJson(R"j({"models":[)j" + row + "]}");
        QVERIFY(!t.ok());
        QVERIFY2(t.error().message.contains(message), qPrintable(t.error().message));
    }

    void overridesReplaceAModelsRows()
    {
        PriceTable table = m_table;
        const auto ok = table.applyOverrides(R"j({"models":[
            {"provider":"gemini","model":"gemini-3.8-flash","input":"1.00","output":"2.00"}]})j");
        QVERIFY2(ok.ok(), ok.ok() ? "" : qPrintable(ok.error().message));
        const Usage million = usage(1'000'000, 1'000'000);
        // one user row, valid at every date, replaces both dated built-in rows: 1.00 + 2.00
        QCOMPARE(PriceTable::costMicroUsd(*table.find(u"gemini"_s, u"gemini-3.8-flash"_s, utc("2027-06-01T00:00:00Z")), million),
                 std::optional<std::int64_t>(3'000'000));
        QCOMPARE(table.find(u"gemini"_s, u"gemini-3.8-flash"_s, Now)->source, u"user override"_s);
        QCOMPARE(table.size(), m_table.size() - 1);
        // others untouched
        QCOMPARE(table.find(u"openai"_s, u"gpt-5.4"_s, Now)->inputMicroPerM, qint64(2'500'000));

        const auto broken = table.applyOverrides(R"j({"models":[{"provider":"openai","model":"gpt-5.4","input":"1"}]})j");
        QVERIFY(!broken.ok());
        QVERIFY(broken.error().message.contains(u"needs \"input\" and \"output\""_s));
        QCOMPARE(table.find(u"openai"_s, u"gpt-5.4"_s, Now)->inputMicroPerM, qint64(2'500'000));
    }

    void userOverridesFile()
    {
        QStandardPaths::setTestModeEnabled(true);
        const QString path = PriceTable::userOverridesPath();
        QVERIFY(path.endsWith(u"/prices.json"_s));
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(R"j({"models":[{"provider":"openai","model":"gpt-5.4","input":"9","output":"9"}]})j");
        file.close();
        QString error;
        auto table = PriceTable::withUserOverrides(&error);
        QVERIFY(table.ok());
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(table.value().find(u"openai"_s, u"gpt-5.4"_s, Now)->inputMicroPerM, qint64(9'000'000));

        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("not json");
        file.close();
        table = PriceTable::withUserOverrides(&error);
        QVERIFY(table.ok());
        QVERIFY2(error.contains(u"built-in prices stay in use"_s), qPrintable(error));
        QCOMPARE(table.value().find(u"openai"_s, u"gpt-5.4"_s, Now)->inputMicroPerM, qint64(2'500'000));
        QFile::remove(path);
    }
};

QTEST_GUILESS_MAIN(TestPriceTableTiers)
#include "tst_pricetabletiers.moc"
