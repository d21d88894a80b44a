#include <QTest>

#include "adaptertestkit.h"
#include "providers/openaichatprovider.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::openAIProfileNamed;

// The OpenAI-compatible profiles' model listing (providers.md §8): the GET request each one
// builds and the model lists it parses. Split from tst_openaiprofiles.cpp.

namespace {

const QString Key = u"test-key-4242"_s;

} // namespace

class TestOpenAIProfilesModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listModelsRequest_data();
    void listModelsRequest();
    void parseModelList_data();
    void parseModelList();
};

void TestOpenAIProfilesModels::listModelsRequest_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("url");
    QTest::newRow("mistral") << u"mistral"_s << u"https://api.mistral.ai/v1/models"_s;
    QTest::newRow("deepseek") << u"deepseek"_s << u"https://api.deepseek.com/models"_s;
    QTest::newRow("groq") << u"groq"_s << u"https://api.groq.com/openai/v1/models"_s;
    QTest::newRow("openrouter") << u"openrouter"_s << u"https://openrouter.ai/api/v1/models"_s;
    QTest::newRow("openai") << u"openai"_s << u"https://api.openai.com/v1/models"_s;
}

void TestOpenAIProfilesModels::listModelsRequest()
{
    QFETCH(QString, id);
    QFETCH(QString, url);
    ProviderSettings settings;
    settings.apiKey = Key;
    const OpenAIChatProvider provider(openAIProfileNamed(id));
    const Result<HttpRequest> built = provider.buildListModelsRequest(settings);
    QVERIFY(built.ok());
    QCOMPARE(built.value().method, "GET"_ba);
    QCOMPARE(built.value().url, QUrl(url));
    QVERIFY(built.value().body.isEmpty());
    QCOMPARE(headerValue(built.value().headers, "authorization"), "Bearer test-key-4242"_ba);
    QCOMPARE(built.value().secrets, QStringList{Key});
    QCOMPARE(headerValue(built.value().headers, "x-title"), id == "openrouter"_L1 ? "Crucible"_ba : QByteArray());
    // A user base URL with a trailing slash.
    settings.baseUrl = QUrl(u"http://127.0.0.1:8080/v1/"_s);
    QCOMPARE(provider.buildListModelsRequest(settings).value().url, QUrl(u"http://127.0.0.1:8080/v1/models"_s));
}

void TestOpenAIProfilesModels::parseModelList_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("models"); // empty + "!" first: an error
    QTest::newRow("openai-shape") << R"({"object":"list","data":[{"id":"gpt-5.4-mini","object":"model","created":1,"owned_by":"system"},{"id":"gpt-5.5","object":"model","created":2,"owned_by":"system"}]})"_ba
                                  << QStringList{u"gpt-5.4-mini"_s, u"gpt-5.5"_s};
    QTest::newRow("openrouter-vendor-ids") << R"({"data":[{"id":"openai/gpt-4o-mini","name":"OpenAI: GPT-4o-mini","context_length":128000,"pricing":{"prompt":"0.00000015"}},{"id":"anthropic/claude-sonnet-4.5","name":"Anthropic: Claude Sonnet 4.5"}]})"_ba
                                           << QStringList{u"openai/gpt-4o-mini"_s, u"anthropic/claude-sonnet-4.5"_s};
    QTest::newRow("llamacpp-one-model") << R"({"models":[{"name":"/models/qwen3-8b-q4_k_m.gguf","model":"/models/qwen3-8b-q4_k_m.gguf"}],"object":"list","data":[{"id":"/models/qwen3-8b-q4_k_m.gguf","object":"model","created":1735000000,"owned_by":"llamacpp","meta":{"vocab_type":2,"n_vocab":151936,"n_ctx_train":40960,"n_embd":4096,"n_params":8190735360,"size":5027783488}}]})"_ba
                                        << QStringList{u"/models/qwen3-8b-q4_k_m.gguf"_s};
    QTest::newRow("ollama-v1") << R"({"object":"list","data":[{"id":"qwen3:8b","object":"model","created":1730000000,"owned_by":"library"},{"id":"me/custom:latest","object":"model","created":1730000001,"owned_by":"me"}]})"_ba
                               << QStringList{u"qwen3:8b"_s, u"me/custom:latest"_s};
    QTest::newRow("mistral-extra-fields") << R"({"object":"list","data":[{"id":"mistral-medium-latest","object":"model","capabilities":{"completion_chat":true},"max_context_length":128000,"aliases":["mistral-medium-2508"]}]})"_ba
                                          << QStringList{u"mistral-medium-latest"_s};
    QTest::newRow("empty-list") << R"({"object":"list","data":[]})"_ba << QStringList();
    QTest::newRow("not-a-list") << R"({"error":{"message":"nope"}})"_ba << QStringList{u"!"_s};
    QTest::newRow("not-json") << "<html>502</html>"_ba << QStringList{u"!"_s};
}

void TestOpenAIProfilesModels::parseModelList()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, models);
    for (const OpenAIChatProfile &profile : OpenAIProfiles::compatibleProfiles()) {
        const auto page = OpenAIChatProvider(profile).parseModelList(body);
        if (models.value(0) == "!"_L1) {
            QVERIFY2(!page.ok(), qPrintable(profile.id));
            continue;
        }
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().message));
        QCOMPARE(page.value().models, models);
        QVERIFY(page.value().nextCursor.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestOpenAIProfilesModels)
#include "tst_openaiprofilesmodels.moc"
