#include <QTest>

#include "catalog/modelcatalog.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

ChatRequest everything(const QString &model)
{
    ChatRequest r;
    r.model = model;
    r.messages = {{ChatMessage::Role::User, u"hi"_s}};
    r.maxOutputTokens = 100;
    r.temperature = 0.5;
    r.topP = 0.9;
    r.seed = 7;
    r.stop = {u"END"_s};
    return r;
}

} // namespace

class TestModelCatalogSanitize : public QObject
{
    Q_OBJECT

    ModelCatalog m_catalog;

private Q_SLOTS:
    void initTestCase()
    {
        auto c = ModelCatalog::builtIn();
        QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().message));
        m_catalog = c.value();
    }

    void gpt5DropsSamplingUnlessEffortNone()
    {
        const ModelInfo m = m_catalog.lookup(u"openai"_s, u"gpt-5.4"_s);
        ChatRequest r = everything(u"gpt-5.4"_s);
        r.reasoningEffort = u"high"_s;
        SanitizedRequest s = sanitizeRequest(r, m);
        QVERIFY(!s.request.temperature);
        QVERIFY(!s.request.topP);
        QVERIFY(!s.request.seed);
        QVERIFY(s.request.stop.isEmpty());
        QCOMPARE(s.request.reasoningEffort, u"high"_s);
        QCOMPARE(s.request.maxTokensField, u"max_completion_tokens"_s);
        QCOMPARE(s.request.maxOutputTokens, std::optional<int>(100));
        QCOMPARE(s.dropped, (QStringList{u"temperature: gpt-5.4 accepts it only with reasoning effort \"none\""_s,
                                         u"top_p: gpt-5.4 accepts it only with reasoning effort \"none\""_s,
                                         u"seed: not accepted by gpt-5.4"_s, u"stop: not accepted by gpt-5.4"_s}));

        r.reasoningEffort = u"none"_s;
        s = sanitizeRequest(r, m);
        QCOMPARE(s.request.temperature, std::optional<double>(0.5));
        QCOMPARE(s.request.topP, std::optional<double>(0.9));
        QCOMPARE(s.dropped.size(), 2); // seed, stop

        r.reasoningEffort.clear(); // model default: reasoning may be on, so sampling is dropped
        s = sanitizeRequest(r, m);
        QVERIFY(!s.request.temperature);
    }

    void unsupportedEffortIsDropped()
    {
        ChatRequest r = everything(u"o3"_s);
        r.reasoningEffort = u"xhigh"_s;
        const SanitizedRequest s = sanitizeRequest(r, m_catalog.lookup(u"openai"_s, u"o3"_s));
        QVERIFY(s.request.reasoningEffort.isEmpty());
        QVERIFY(s.dropped.contains(u"reasoning effort: \"xhigh\" not accepted by o3 (accepts low, medium, high)"_s));
        QVERIFY(s.dropped.contains(u"temperature: not accepted by o3"_s));

        ChatRequest old = everything(u"gpt-4o"_s);
        old.reasoningEffort = u"low"_s;
        const SanitizedRequest s2 = sanitizeRequest(old, m_catalog.lookup(u"openai"_s, u"gpt-4o"_s));
        QCOMPARE(s2.dropped, QStringList{u"reasoning effort: gpt-4o has no reasoning effort control"_s});
        QCOMPARE(s2.request.temperature, std::optional<double>(0.5));
        QCOMPARE(s2.request.seed, std::optional<std::int64_t>(7));
    }

    void claudeRules()
    {
        const SanitizedRequest newer = sanitizeRequest(everything(u"claude-opus-5-5"_s),
                                                       m_catalog.lookup(u"anthropic"_s, u"claude-opus-5-5"_s));
        QCOMPARE(newer.dropped, (QStringList{u"temperature: not accepted by claude-opus-5-5"_s,
                                             u"top_p: not accepted by claude-opus-5-5"_s,
                                             u"seed: not accepted by claude-opus-5-5"_s}));
        QCOMPARE(newer.request.stop, QStringList{u"END"_s});
        QVERIFY(newer.request.maxTokensField.isEmpty());

        const SanitizedRequest older = sanitizeRequest(everything(u"claude-haiku-4-5"_s),
                                                       m_catalog.lookup(u"anthropic"_s, u"claude-haiku-4-5"_s));
        QCOMPARE(older.request.temperature, std::optional<double>(0.5));
        QVERIFY(!older.request.topP);
        QVERIFY(older.dropped.contains(u"top_p: claude-haiku-4-5 accepts temperature or top_p, not both (temperature kept)"_s));
    }

    void responsesHasNoStopOrSeed()
    {
        const SanitizedRequest s = sanitizeRequest(everything(u"gpt-4.1"_s),
                                                   m_catalog.lookup(u"openai-responses"_s, u"gpt-4.1"_s));
        QCOMPARE(s.dropped, (QStringList{u"seed: not accepted by gpt-4.1"_s, u"stop: not accepted by gpt-4.1"_s}));
        QCOMPARE(s.request.temperature, std::optional<double>(0.5));
    }

    void mistralGetsMaxTokensField()
    {
        const SanitizedRequest s = sanitizeRequest(everything(u"mistral-small-latest"_s),
                                                   m_catalog.lookup(u"mistral"_s, u"mistral-small-latest"_s));
        QCOMPARE(s.request.maxTokensField, u"max_tokens"_s);
        QVERIFY(s.dropped.isEmpty());
        QCOMPARE(s.request.seed, std::optional<std::int64_t>(7));
    }

    void unknownModelSendsOnlyModelMessagesMaxTokens()
    {
        ChatRequest r = everything(u"llama3.2"_s);
        r.reasoningEffort = u"high"_s;
        r.jsonSchema = uR"j({"type":"object"})j"_s;
        const SanitizedRequest s = sanitizeRequest(r, m_catalog.lookup(u"ollama"_s, u"llama3.2"_s));
        QVERIFY(!s.request.temperature && !s.request.topP && !s.request.seed);
        QVERIFY(s.request.stop.isEmpty() && s.request.reasoningEffort.isEmpty() && s.request.jsonSchema.isEmpty());
        QCOMPARE(s.request.model, u"llama3.2"_s);
        QCOMPARE(s.request.messages.size(), 1);
        QCOMPARE(s.request.maxOutputTokens, std::optional<int>(100));
        QCOMPARE(s.dropped.size(), 6);
        for (const QString &d : s.dropped)
            QVERIFY2(d.contains(u"unknown model llama3.2"_s), qPrintable(d));
        QVERIFY(s.dropped.first().startsWith(u"reasoning effort:"_s));
    }

    void nothingToDropLeavesRequestAlone()
    {
        ChatRequest r;
        r.model = u"gpt-5.4"_s;
        r.messages = {{ChatMessage::Role::User, u"hi"_s}};
        r.maxTokensField = u"custom"_s;
        const SanitizedRequest s = sanitizeRequest(r, m_catalog.lookup(u"ollama"_s, u"x"_s));
        QVERIFY(s.dropped.isEmpty());
        QCOMPARE(s.request.maxTokensField, u"custom"_s); // catalog has none: the request's stays
    }

    void simulatorAcceptsEverything()
    {
        ChatRequest r = everything(u"sim-a"_s);
        r.reasoningEffort = u"medium"_s;
        r.jsonSchema = uR"j({"type":"object"})j"_s;
        const SanitizedRequest s = sanitizeRequest(r, m_catalog.lookup(u"simulator"_s, u"sim-a"_s));
        QVERIFY2(s.dropped.isEmpty(), qPrintable(s.dropped.join(u"; "_s)));
        QCOMPARE(s.request.jsonSchema, uR"j({"type":"object"})j"_s);
    }
};

QTEST_GUILESS_MAIN(TestModelCatalogSanitize)
#include "tst_modelcatalogsanitize.moc"
