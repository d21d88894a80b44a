#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTest>

#include "catalog/modelcatalog.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

class TestModelCatalog : public QObject
{
    Q_OBJECT

private:
    ModelCatalog catalog()
    {
        auto c = ModelCatalog::builtIn();
        if (!c)
            qFatal("built-in catalog: %s", qPrintable(c.error().message));
        return c.value();
    }

private Q_SLOTS:
    void builtInLoadsWithDate()
    {
        const ModelCatalog c = catalog();
        QCOMPARE(c.asOf(), u"2026-10-24"_s);
        for (const QString &p : {u"openai"_s, u"openai-responses"_s, u"anthropic"_s, u"gemini"_s, u"mistral"_s,
                                 u"deepseek"_s, u"groq"_s, u"openrouter"_s, u"simulator"_s})
            QVERIFY2(!c.models(p).isEmpty(), qPrintable(p));
        QVERIFY(c.models(u"ollama"_s).isEmpty());
        QVERIFY(c.models(u"openai-compatible"_s).isEmpty());
        QVERIFY(c.providers().contains(u"ollama"_s));
    }

    void everySection12ModelIsListed()
    {
        const ModelCatalog c = catalog();
        const QList<QPair<QString, QString>> expected = {
            {u"openai"_s, u"gpt-5.5"_s}, {u"openai"_s, u"gpt-5.5-pro"_s}, {u"openai"_s, u"gpt-5.4"_s},
            {u"openai"_s, u"gpt-5.4-mini"_s}, {u"openai"_s, u"gpt-5.4-nano"_s}, {u"openai"_s, u"gpt-5.4-pro"_s},
            {u"openai"_s, u"o3"_s}, {u"openai"_s, u"o4-mini"_s}, {u"openai"_s, u"gpt-4.1"_s}, {u"openai"_s, u"gpt-4o"_s},
            {u"anthropic"_s, u"claude-fable-5-1"_s}, {u"anthropic"_s, u"claude-opus-5-5"_s},
            {u"anthropic"_s, u"claude-opus-5"_s}, {u"anthropic"_s, u"claude-opus-4-8"_s},
            {u"anthropic"_s, u"claude-opus-4-7"_s}, {u"anthropic"_s, u"claude-opus-4-6"_s},
            {u"anthropic"_s, u"claude-opus-4-5"_s}, {u"anthropic"_s, u"claude-sonnet-5-5"_s},
            {u"anthropic"_s, u"claude-sonnet-5"_s}, {u"anthropic"_s, u"claude-sonnet-4-6"_s},
            {u"anthropic"_s, u"claude-sonnet-4-5"_s}, {u"anthropic"_s, u"claude-haiku-5-5"_s},
            {u"anthropic"_s, u"claude-haiku-4-5"_s},
            {u"gemini"_s, u"gemini-3.8-flash"_s}, {u"gemini"_s, u"gemini-3.5-flash"_s},
            {u"gemini"_s, u"gemini-3.5-flash-lite"_s}, {u"gemini"_s, u"gemini-3.1-pro-preview"_s},
            {u"gemini"_s, u"gemini-2.5-pro"_s}, {u"gemini"_s, u"gemini-2.5-flash"_s},
            {u"mistral"_s, u"mistral-medium-latest"_s}, {u"mistral"_s, u"mistral-large-latest"_s},
            {u"mistral"_s, u"mistral-small-latest"_s}, {u"mistral"_s, u"magistral-medium-latest"_s},
            {u"mistral"_s, u"magistral-small-latest"_s}, {u"mistral"_s, u"codestral-latest"_s},
            {u"mistral"_s, u"devstral-latest"_s},
            {u"deepseek"_s, u"deepseek-v4-flash"_s}, {u"deepseek"_s, u"deepseek-v4-pro"_s},
        };
        for (const auto &[provider, id] : expected) {
            const ModelInfo m = c.lookup(provider, id);
            QVERIFY2(m.known, qPrintable(provider + u' ' + id));
            QCOMPARE(m.catalogId, id);
            QVERIFY2(!m.source.isEmpty(), qPrintable(id));
        }
    }

    void openAiFamilies()
    {
        const ModelCatalog c = catalog();
        const ModelInfo gpt = c.lookup(u"openai"_s, u"gpt-5.4-mini"_s);
        QVERIFY(gpt.known);
        QCOMPARE(gpt.tokenizer, u"o200k_base"_s);
        QCOMPARE(gpt.params.maxTokensField, u"max_completion_tokens"_s);
        QVERIFY(gpt.params.samplingOnlyWithoutReasoning);
        QVERIFY(gpt.params.reasoningEfforts.contains(u"none"_s));
        QCOMPARE(gpt.structuredOutput, u"openai-json-schema"_s);
        QVERIFY(!gpt.params.stop);

        const ModelInfo o3 = c.lookup(u"openai"_s, u"o3"_s);
        QVERIFY(!o3.params.temperature);
        QVERIFY(!o3.params.stop);
        QCOMPARE(o3.tokenizer, u"o200k_base"_s);

        const ModelInfo old = c.lookup(u"openai"_s, u"gpt-4o"_s);
        QVERIFY(old.params.temperature && old.params.topP && old.params.seed && old.params.stop);
        QVERIFY(old.params.reasoningEfforts.isEmpty());
        QCOMPARE(old.contextWindow, std::optional<std::int64_t>(128000));
    }

    void responsesAliasSharesOpenAiRows()
    {
        const ModelCatalog c = catalog();
        QCOMPARE(c.models(u"openai-responses"_s).size(), c.models(u"openai"_s).size());
        const ModelInfo m = c.lookup(u"openai-responses"_s, u"gpt-4.1"_s);
        QVERIFY(m.known);
        QCOMPARE(m.provider, u"openai-responses"_s);
        QVERIFY(m.params.temperature);
        QVERIFY(!m.params.stop); // Responses has no stop and no seed (§4.1)
        QVERIFY(!m.params.seed);
        QCOMPARE(m.params.maxTokensField, QString());
        QCOMPARE(m.structuredOutput, u"openai-responses"_s);
        QCOMPARE(m.tokenizer, u"o200k_base"_s);
    }

    void claudeSamplingRules()
    {
        const ModelCatalog c = catalog();
        const ModelInfo newer = c.lookup(u"anthropic"_s, u"claude-opus-4-7"_s);
        QVERIFY(!newer.params.temperature);
        QVERIFY(!newer.params.topP);
        QVERIFY(newer.params.stop);
        QVERIFY(!newer.params.seed);
        QVERIFY(newer.tokenizer.isEmpty());
        const ModelInfo older = c.lookup(u"anthropic"_s, u"claude-opus-4-6"_s);
        QVERIFY(older.params.temperature);
        QVERIFY(older.params.oneOfTemperatureTopP);
    }

    void datedSnapshotMatchesByPrefix()
    {
        const ModelCatalog c = catalog();
        const ModelInfo m = c.lookup(u"openai"_s, u"gpt-5.4-mini-2026-03-17"_s);
        QVERIFY(m.known);
        QCOMPARE(m.id, u"gpt-5.4-mini-2026-03-17"_s);
        QCOMPARE(m.catalogId, u"gpt-5.4-mini"_s);
        // exact beats prefix: gemini-3.5-flash-lite is its own row, not gemini-3.5-flash
        QCOMPARE(c.lookup(u"gemini"_s, u"gemini-3.5-flash-lite"_s).catalogId, u"gemini-3.5-flash-lite"_s);
        // a prefix must end at '-': gpt-5.45 is not gpt-5.4
        QVERIFY(!c.lookup(u"openai"_s, u"gpt-5.45"_s).known);
        // extra prefixes of a row (Mistral dated ids)
        QCOMPARE(c.lookup(u"mistral"_s, u"mistral-medium-2508"_s).catalogId, u"mistral-medium-latest"_s);
        // every sim-* name is the simulator row
        QCOMPARE(c.lookup(u"simulator"_s, u"sim-a"_s).catalogId, u"sim"_s);
        QCOMPARE(c.lookup(u"simulator"_s, u"sim-fast"_s).catalogId, u"sim-fast"_s);
        // rows of another provider do not match
        QVERIFY(!c.lookup(u"anthropic"_s, u"gpt-4o"_s).known);
    }

    void unknownModelGetsSafeDefaults()
    {
        const ModelCatalog c = catalog();
        const ModelInfo m = c.lookup(u"ollama"_s, u"llama3.2"_s);
        QVERIFY(!m.known);
        QCOMPARE(m.id, u"llama3.2"_s);
        QVERIFY(!m.params.temperature && !m.params.topP && !m.params.seed && !m.params.stop);
        QVERIFY(m.params.reasoningEfforts.isEmpty());
        QVERIFY(m.tokenizer.isEmpty());
        QVERIFY2(m.note.contains(u"unknown model llama3.2"_s), qPrintable(m.note));
        QCOMPARE(c.lookup(u"openai-compatible"_s, u"x"_s).params.maxTokensField, u"max_tokens"_s);
        QCOMPARE(c.lookup(u"openai"_s, u"my-finetune"_s).params.maxTokensField, QString()); // adapter decides
        const ModelInfo nowhere = c.lookup(u"no-such-provider"_s, u"m"_s);
        QVERIFY(!nowhere.known);
        QVERIFY(!nowhere.params.temperature);
        QVERIFY(nowhere.note.contains(u"unknown model m"_s));
        // The Simulator takes any name and every parameter.
        const ModelInfo sim = c.lookup(u"simulator"_s, u"anything"_s);
        QVERIFY(!sim.known);
        QVERIFY(sim.params.temperature && sim.params.seed);
        QCOMPARE(sim.tokenizer, u"simulator"_s);
    }

    void overridesReplaceFieldsAndAddRows()
    {
        ModelCatalog c = catalog();
        const auto ok = c.applyOverrides(R"j({"models":[
            {"provider":"openai","id":"gpt-4o","context_window":64000,"params":{"seed":false}},
            {"provider":"ollama","id":"llama3.2","display_name":"Llama 3.2 (local)","params":{"temperature":true},
             "context_window":8192}],
            "providers":{"openai":{"unknown":{"params":{"max_tokens_field":"max_tokens"}}}}})j");
        QVERIFY2(ok.ok(), ok.ok() ? "" : qPrintable(ok.error().message));
        const ModelInfo gpt = c.lookup(u"openai"_s, u"gpt-4o"_s);
        QCOMPARE(gpt.contextWindow, std::optional<std::int64_t>(64000));
        QVERIFY(!gpt.params.seed);
        QVERIFY(gpt.params.temperature);                                   // untouched field kept
        QCOMPARE(gpt.maxOutputTokens, std::optional<std::int64_t>(16384)); // untouched field kept
        const ModelInfo local = c.lookup(u"ollama"_s, u"llama3.2"_s);
        QVERIFY(local.known);
        QCOMPARE(local.displayName, u"Llama 3.2 (local)"_s);
        QVERIFY(local.params.temperature);
        QCOMPARE(c.lookup(u"openai"_s, u"unknown-x"_s).params.maxTokensField, u"max_tokens"_s);
        // the openai row change is visible through the openai-responses alias too
        QCOMPARE(c.lookup(u"openai-responses"_s, u"gpt-4o"_s).contextWindow, std::optional<std::int64_t>(64000));
    }

    void brokenOverridesChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("{") << u"not a JSON object"_s;
        QTest::newRow("models not array") << QByteArray(R"j({"models":{}})j") << u"\"models\" must be an array"_s;
        QTest::newRow("row without id") << QByteArray(R"j({"models":[{"provider":"openai"}]})j") << u"needs \"provider\" and \"id\""_s;
        QTest::newRow("bad flag") << QByteArray(R"j({"models":[{"provider":"openai","id":"gpt-4o","params":{"temperature":"yes"}}]})j")
                                  << u"params.temperature must be true or false"_s;
        QTest::newRow("negative limit") << QByteArray(R"j({"models":[{"provider":"openai","id":"x","context_window":-5}]})j")
                                        << u"context_window"_s;
        QTest::newRow("version") << QByteArray(R"j({"formatVersion":2})j") << u"formatVersion"_s;
    }

    void brokenOverridesChangeNothing()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        ModelCatalog c = catalog();
        const auto result = c.applyOverrides(json);
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.contains(message), qPrintable(result.error().message));
        QCOMPARE(result.error().kind, Error::Kind::Parse);
        QCOMPARE(c.lookup(u"openai"_s, u"gpt-4o"_s).contextWindow, std::optional<std::int64_t>(128000));
        QCOMPARE(c.models().size(), catalog().models().size());
    }

    void userOverridesFile()
    {
        QStandardPaths::setTestModeEnabled(true);
        const QString path = ModelCatalog::userOverridesPath();
        QVERIFY(path.endsWith(u"/models.json"_s));
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(R"j({"models":[{"provider":"openai","id":"gpt-4o","context_window":1000}]})j");
        file.close();
        QString error;
        ModelCatalog c = ModelCatalog::withUserOverrides(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(c.lookup(u"openai"_s, u"gpt-4o"_s).contextWindow, std::optional<std::int64_t>(1000));

        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{ broken");
        file.close();
        c = ModelCatalog::withUserOverrides(&error);
        QVERIFY2(error.contains(u"built-in data stays in use"_s) && error.contains(u"models.json"_s), qPrintable(error));
        QCOMPARE(c.lookup(u"openai"_s, u"gpt-4o"_s).contextWindow, std::optional<std::int64_t>(128000));
        QFile::remove(path);
    }
};

QTEST_GUILESS_MAIN(TestModelCatalog)
#include "tst_modelcatalog.moc"
