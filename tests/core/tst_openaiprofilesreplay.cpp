#include <QFile>
#include <QTest>

#include "adaptertestkit.h"
#include "fakeproviderserver.h"
#include "providers/openaichatprovider.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::FakeProviderServer;

// Streams and failures of the OpenAI-compatible profiles (providers.md §8, §10, §16): hand-written
// streams for the documented quirks (no complete raw transcript exists for them, §14), the
// mistral-* and llamacpp-* fixtures, and a fault matrix per profile. Every stream is decoded whole,
// byte by byte and at random splits, and replayed through the real transport.
//
// 402 (OpenRouter / DeepSeek out of credits) is classified rate-limit: like OpenAI's
// insufficient_quota 429 it means "no more requests until the account changes" and is not worth
// an automatic retry (providers.md §10.2); the provider's message says why.

namespace {

using Server = FakeProviderServer;
const QString Key = u"test-key-4242"_s;

#define SKIP_WITHOUT_SHARED(name)                                                                  \
    if (!QFile::exists(Server::fixturePath(name)))                                                 \
    QSKIP("fixture missing: ../shared is not beside the checkout")

OpenAIChatProfile profileNamed(const QString &id)
{
    for (const OpenAIChatProfile &p : OpenAIProfiles::compatibleProfiles()) {
        if (p.id == id)
            return p;
    }
    qFatal("unknown profile %s", qPrintable(id));
    return {};
}

Server::Response sseResponse(const QByteArray &body)
{
    Server::Response r;
    r.headers = {{"Content-Type", "text/event-stream"}};
    r.body = body;
    return r;
}

struct Stream
{
    const char *name;
    QString profile;
    QByteArray body;
    QStringList expected;
};

// OpenRouter: processing comments before and between chunks; usage (with cost) on a last chunk
// that still has a choice; reasoning in delta.reasoning.
const QByteArray openRouterText = R"SSE(: OPENROUTER PROCESSING

: OPENROUTER PROCESSING

data: {"id":"gen-1761-abc","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","created":1761000000,"choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":null},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}

: OPENROUTER PROCESSING

data: {"id":"gen-1761-abc","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","created":1761000000,"choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Short."},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}

data: {"id":"gen-1761-abc","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","created":1761000000,"choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}

data: {"id":"gen-1761-abc","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","created":1761000000,"choices":[{"index":0,"delta":{"role":"assistant","content":" there"},"finish_reason":"stop","native_finish_reason":"stop","logprobs":null}]}

data: {"id":"gen-1761-abc","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","created":1761000000,"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null,"native_finish_reason":null,"logprobs":null}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,"cost":0.0000045,"is_byok":false,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":1}}}

data: [DONE]

)SSE";

// OpenRouter mid-generation error: a normal chunk with a top-level error and finish_reason "error".
const QByteArray openRouterError = R"SSE(: OPENROUTER PROCESSING

data: {"id":"gen-2","object":"chat.completion.chunk","created":1761000001,"model":"anthropic/claude-sonnet-4.5","provider":"Anthropic","choices":[{"index":0,"delta":{"role":"assistant","content":"Partial"},"finish_reason":null}]}

: OPENROUTER PROCESSING

data: {"id":"gen-2","object":"chat.completion.chunk","created":1761000001,"model":"anthropic/claude-sonnet-4.5","provider":"Anthropic","error":{"code":"server_error","message":"Provider disconnected unexpectedly"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error","native_finish_reason":"error"}]}

data: [DONE]

)SSE";

// The same with a numeric code (OpenRouter codes are HTTP-like numbers).
const QByteArray openRouterNumericError = R"SSE(data: {"id":"gen-3","object":"chat.completion.chunk","created":1,"model":"google/gemini-2.5-flash","choices":[{"index":0,"delta":{"content":"A"},"finish_reason":null}]}

data: {"id":"gen-3","object":"chat.completion.chunk","created":1,"model":"google/gemini-2.5-flash","error":{"code":429,"message":"Upstream rate limit exceeded","metadata":{"provider_name":"Google"}},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}

)SSE";

// DeepSeek: keep-alive comments while queued, reasoning_content, usage with cache hit/miss on the
// finish chunk.
const QByteArray deepSeekReasoning = R"SSE(: keep-alive

: keep-alive

data: {"id":"5f1a-ds","object":"chat.completion.chunk","created":1761000002,"model":"deepseek-v4-pro","system_fingerprint":"fp_ds_1","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":""},"logprobs":null,"finish_reason":null}]}

data: {"id":"5f1a-ds","object":"chat.completion.chunk","created":1761000002,"model":"deepseek-v4-pro","system_fingerprint":"fp_ds_1","choices":[{"index":0,"delta":{"content":null,"reasoning_content":"The user"},"logprobs":null,"finish_reason":null}]}

: keep-alive

data: {"id":"5f1a-ds","object":"chat.completion.chunk","created":1761000002,"model":"deepseek-v4-pro","system_fingerprint":"fp_ds_1","choices":[{"index":0,"delta":{"content":null,"reasoning_content":" greets."},"logprobs":null,"finish_reason":null}]}

data: {"id":"5f1a-ds","object":"chat.completion.chunk","created":1761000002,"model":"deepseek-v4-pro","system_fingerprint":"fp_ds_1","choices":[{"index":0,"delta":{"content":"Hi","reasoning_content":null},"logprobs":null,"finish_reason":null}]}

data: {"id":"5f1a-ds","object":"chat.completion.chunk","created":1761000002,"model":"deepseek-v4-pro","system_fingerprint":"fp_ds_1","choices":[{"index":0,"delta":{"content":"!","reasoning_content":null},"logprobs":null,"finish_reason":null}]}

data: {"id":"5f1a-ds","object":"chat.completion.chunk","created":1761000002,"model":"deepseek-v4-pro","system_fingerprint":"fp_ds_1","choices":[{"index":0,"delta":{"content":"","reasoning_content":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":16},"completion_tokens_details":{"reasoning_tokens":5},"prompt_cache_hit_tokens":16,"prompt_cache_miss_tokens":4}}

data: [DONE]

)SSE";

// A proxy that writes "data:" without the space, in front of DeepSeek-style usage with only the
// hit/miss split (no prompt_tokens): input = hit + miss.
const QByteArray noSpaceProxy = "data:{\"id\":\"p1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Tight\"},\"finish_reason\":null}]}\n\n"
                                "data:{\"id\":\"p1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n"
                                "data:{\"id\":\"p1\",\"choices\":[],\"usage\":{\"completion_tokens\":1,\"prompt_cache_hit_tokens\":128,\"prompt_cache_miss_tokens\":22}}\n\n"
                                "data:[DONE]\n\n";

// Groq: x_groq on the first chunk (id, seed) and x_groq.usage with timing fields on the finish chunk.
const QByteArray groqText = R"SSE(data: {"id":"chatcmpl-g1","object":"chat.completion.chunk","created":1761000003,"model":"llama-3.3-70b-versatile","system_fingerprint":"fp_groq","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"x_groq":{"id":"req_01abc","seed":12345}}

data: {"id":"chatcmpl-g1","object":"chat.completion.chunk","created":1761000003,"model":"llama-3.3-70b-versatile","system_fingerprint":"fp_groq","choices":[{"index":0,"delta":{"content":"Fast"},"logprobs":null,"finish_reason":null}]}

data: {"id":"chatcmpl-g1","object":"chat.completion.chunk","created":1761000003,"model":"llama-3.3-70b-versatile","system_fingerprint":"fp_groq","choices":[{"index":0,"delta":{"content":" answer"},"logprobs":null,"finish_reason":null}]}

data: {"id":"chatcmpl-g1","object":"chat.completion.chunk","created":1761000003,"model":"llama-3.3-70b-versatile","system_fingerprint":"fp_groq","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"x_groq":{"id":"req_01abc","usage":{"queue_time":0.021,"prompt_tokens":18,"prompt_time":0.0012,"completion_tokens":2,"completion_time":0.004,"total_tokens":20,"total_time":0.0052}}}

data: [DONE]

)SSE";

// Groq tool call: whole in one chunk, then usage both top-level and in x_groq on the finish chunk.
const QByteArray groqTool = R"SSE(data: {"id":"chatcmpl-g2","object":"chat.completion.chunk","created":1,"model":"openai/gpt-oss-20b","choices":[{"index":0,"delta":{"role":"assistant","content":null},"finish_reason":null}],"x_groq":{"id":"req_2"}}

data: {"id":"chatcmpl-g2","object":"chat.completion.chunk","created":1,"model":"openai/gpt-oss-20b","choices":[{"index":0,"delta":{"tool_calls":[{"id":"fc_7","type":"function","function":{"name":"get_weather","arguments":"{\"city\": \"Oslo\", \"unit\": \"c\"}"},"index":0}]},"finish_reason":null}]}

data: {"id":"chatcmpl-g2","object":"chat.completion.chunk","created":1,"model":"openai/gpt-oss-20b","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":90,"completion_tokens":25,"total_tokens":115,"completion_tokens_details":{"reasoning_tokens":10}},"x_groq":{"id":"req_2","usage":{"prompt_tokens":90,"completion_tokens":25,"total_tokens":115}}}

data: [DONE]

)SSE";

// Mistral: thinking parts in a content array, usage and the last token on the finish chunk.
const QByteArray mistralThinking = R"SSE(data: {"id":"9c1e7a","object":"chat.completion.chunk","created":1761000004,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

data: {"id":"9c1e7a","object":"chat.completion.chunk","created":1761000004,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":"Two plus two"}]}]},"finish_reason":null}]}

data: {"id":"9c1e7a","object":"chat.completion.chunk","created":1761000004,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":" is four."}]}]},"finish_reason":null}]}

data: {"id":"9c1e7a","object":"chat.completion.chunk","created":1761000004,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"content":"The answer"},"finish_reason":null}]}

data: {"id":"9c1e7a","object":"chat.completion.chunk","created":1761000004,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"content":" is 4."},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"total_tokens":25,"completion_tokens":15}}

data: [DONE]

)SSE";

// llama.cpp: comment ping, reasoning_content, usage with cached_tokens plus a timings object.
const QByteArray llamaCppText = R"SSE(: ping

data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1761000005,"id":"chatcmpl-ll1","model":"gpt-oss-20b","system_fingerprint":"b6000-00dc805","object":"chat.completion.chunk"}

data: {"choices":[{"finish_reason":null,"index":0,"delta":{"reasoning_content":"Think"}}],"created":1761000005,"id":"chatcmpl-ll1","model":"gpt-oss-20b","system_fingerprint":"b6000-00dc805","object":"chat.completion.chunk"}

data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Done"}}],"created":1761000005,"id":"chatcmpl-ll1","model":"gpt-oss-20b","system_fingerprint":"b6000-00dc805","object":"chat.completion.chunk"}

data: {"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"created":1761000005,"id":"chatcmpl-ll1","model":"gpt-oss-20b","system_fingerprint":"b6000-00dc805","object":"chat.completion.chunk","usage":{"completion_tokens":12,"prompt_tokens":30,"total_tokens":42,"prompt_tokens_details":{"cached_tokens":24}},"timings":{"cache_n":24,"prompt_n":6,"prompt_ms":12.5,"prompt_per_second":480.0,"predicted_n":12,"predicted_ms":80.1,"predicted_per_second":149.8}}

data: [DONE]

)SSE";

// Ollama /v1: delta.reasoning, usage chunk with choices [] (no details).
const QByteArray ollamaV1Reasoning = R"SSE(data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1761000006,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Okay, the"},"finish_reason":null}]}

data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1761000006,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":" user asks."},"finish_reason":null}]}

data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1761000006,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"Four."},"finish_reason":null}]}

data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1761000006,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}

data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1761000006,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":40,"total_tokens":51}}

data: [DONE]

)SSE";

const QList<Stream> &streams()
{
    static const QList<Stream> all{
        {"openrouter-comments-reasoning-usage", u"openrouter"_s, openRouterText,
         {u"meta gen-1761-abc"_s, u"reasoning Short."_s, u"text Hello"_s, u"text  there"_s, u"finish stop"_s,
          u"usage in=12 cached=0 write=-1 out=3 reasoning=1"_s}},
        {"openrouter-midstream-error", u"openrouter"_s, openRouterError,
         {u"meta gen-2"_s, u"text Partial"_s, u"error server 0: Provider disconnected unexpectedly"_s}},
        {"openrouter-numeric-code-error", u"openrouter"_s, openRouterNumericError,
         {u"meta gen-3"_s, u"text A"_s, u"error rate-limit 0: Upstream rate limit exceeded"_s}},
        {"deepseek-keepalive-reasoning-cache", u"deepseek"_s, deepSeekReasoning,
         {u"meta 5f1a-ds"_s, u"reasoning The user"_s, u"reasoning  greets."_s, u"text Hi"_s, u"text !"_s,
          u"finish stop"_s, u"usage in=20 cached=16 write=-1 out=9 reasoning=5"_s}},
        {"proxy-data-without-space", u"deepseek"_s, noSpaceProxy,
         {u"meta p1"_s, u"text Tight"_s, u"finish length"_s, u"usage in=150 cached=128 write=-1 out=1 reasoning=-1"_s}},
        {"groq-x_groq-usage", u"groq"_s, groqText,
         {u"meta chatcmpl-g1"_s, u"text Fast"_s, u"text  answer"_s, u"finish stop"_s,
          u"usage in=18 cached=-1 write=-1 out=2 reasoning=-1"_s}},
        {"groq-whole-tool-call", u"groq"_s, groqTool,
         {u"meta chatcmpl-g2"_s, u"tool fc_7 get_weather {\"city\":\"Oslo\",\"unit\":\"c\"}"_s, u"finish tool_calls"_s,
          u"usage in=90 cached=-1 write=-1 out=25 reasoning=10"_s}},
        {"mistral-thinking-usage-on-finish", u"mistral"_s, mistralThinking,
         {u"meta 9c1e7a"_s, u"reasoning Two plus two"_s, u"reasoning  is four."_s, u"text The answer"_s,
          u"text  is 4."_s, u"finish stop"_s, u"usage in=10 cached=-1 write=-1 out=15 reasoning=-1"_s}},
        {"llamacpp-ping-reasoning-timings", u"openai-compatible"_s, llamaCppText,
         {u"meta chatcmpl-ll1"_s, u"reasoning Think"_s, u"text Done"_s, u"finish stop"_s,
          u"usage in=30 cached=24 write=-1 out=12 reasoning=-1"_s}},
        {"ollama-v1-reasoning", u"openai-compatible"_s, ollamaV1Reasoning,
         {u"meta chatcmpl-123"_s, u"reasoning Okay, the"_s, u"reasoning  user asks."_s, u"text Four."_s,
          u"finish stop"_s, u"usage in=11 cached=-1 write=-1 out=40 reasoning=-1"_s}},
    };
    return all;
}

/// The profile's normal stream (for the transport faults).
QByteArray streamFor(const QString &profile)
{
    for (const Stream &s : streams()) {
        if (s.profile == profile && !QByteArrayView(s.name).contains("error"))
            return s.body;
    }
    return {};
}

Test::ReplayOutcome run(const QString &profile, Server &server, std::chrono::milliseconds idle = std::chrono::milliseconds(10000))
{
    ProviderSettings settings;
    settings.apiKey = Key;
    settings.timeouts.idle = idle;
    return Test::replay(OpenAIChatProvider(profileNamed(profile)), server, Test::sampleRequest(u"m"_s), settings,
                        u"/v1"_s);
}

} // namespace

class TestOpenAIProfilesReplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quirkStreams_data();
    void quirkStreams();
    void errorFixtures_data();
    void errorFixtures();
    void faultMatrix_data();
    void faultMatrix();
};

void TestOpenAIProfilesReplay::quirkStreams_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("expected");
    for (const Stream &s : streams()) {
        QTest::newRow(s.name) << s.profile << s.body << s.expected;
        QTest::newRow((QByteArray(s.name) + "-crlf").constData())
            << s.profile << QByteArray(s.body).replace("\n", "\r\n") << s.expected;
    }
}

void TestOpenAIProfilesReplay::quirkStreams()
{
    QFETCH(QString, profile);
    QFETCH(QByteArray, body);
    QFETCH(QStringList, expected);
    const OpenAIChatProvider provider(profileNamed(profile));
    const Test::DecoderFactory make = [&provider] { return provider.createDecoder(); };
    const Server::Response r = sseResponse(body);
    QCOMPARE(Test::decodeWhole(make, r), expected);
    QCOMPARE(Test::decodeBytewise(make, r), expected);
    for (quint32 seed = 1; seed <= 8; ++seed)
        QCOMPARE(Test::decodeRandom(make, r, seed, 1 + int(seed) * 7), expected);
    for (const Server::Chunking chunking : {Server::Chunking::Bytewise, Server::Chunking::Random}) {
        Server server;
        Server::Response sent = r;
        sent.chunking = chunking;
        sent.chunkSize = 40;
        server.enqueue(sent);
        const Test::ReplayOutcome got = run(profile, server);
        QCOMPARE(got.finishedUpdates, 1);
        QCOMPARE(got.transportError.errorClass, ErrorClass::None);
        QCOMPARE(got.events, expected);
    }
}

void TestOpenAIProfilesReplay::errorFixtures_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("profile");
    QTest::addColumn<int>("status"); // the status the fixture's source reports (the files hold only the body)
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("mistral-422-extra-forbidden") << u"mistral-error-422-extra-forbidden.txt"_s << u"mistral"_s << 422
        << QStringList{u"error bad-request 422: Extra inputs are not permitted (body.max_completion_tokens)"_s};
    QTest::newRow("mistral-429-rate-limited") << u"mistral-error-429-rate-limited.txt"_s << u"mistral"_s << 429
        << QStringList{u"error rate-limit 429: Rate limit exceeded"_s};
    QTest::newRow("llamacpp-503-loading") << u"llamacpp-error-503-loading.txt"_s << u"openai-compatible"_s << 503
        << QStringList{u"error overloaded 503: Loading model"_s};
    // Served with 200 (a proxy that lost the status): still an error, from the body alone.
    QTest::newRow("mistral-422-as-200") << u"mistral-error-422-extra-forbidden.txt"_s << u"mistral"_s << 200
        << QStringList{u"error bad-request 200: Extra inputs are not permitted (body.max_completion_tokens)"_s};
    QTest::newRow("llamacpp-503-as-200") << u"llamacpp-error-503-loading.txt"_s << u"openai-compatible"_s << 200
        << QStringList{u"error overloaded 200: Loading model"_s};
}

void TestOpenAIProfilesReplay::errorFixtures()
{
    QFETCH(QString, fixture);
    QFETCH(QString, profile);
    QFETCH(int, status);
    QFETCH(QStringList, expected);
    SKIP_WITHOUT_SHARED(fixture);
    Server::Response r = Server::fromFixtureName(fixture);
    QVERIFY2(r.status != 0, qPrintable(r.reason));
    r.status = status;
    const OpenAIChatProvider provider(profileNamed(profile));
    const Test::DecoderFactory make = [&provider] { return provider.createDecoder(); };
    QCOMPARE(Test::decodeWhole(make, r), expected);
    QCOMPARE(Test::decodeBytewise(make, r), expected);
    QCOMPARE(Test::decodeRandom(make, r, 3), expected);
    for (const Server::Chunking chunking : {Server::Chunking::Whole, Server::Chunking::Bytewise, Server::Chunking::Random}) {
        Server server;
        r.chunking = chunking;
        server.enqueue(r);
        const Test::ReplayOutcome got = run(profile, server);
        QCOMPARE(got.httpStatus, status);
        QCOMPARE(got.finishedUpdates, 1);
        QCOMPARE(got.events, expected);
    }
}

void TestOpenAIProfilesReplay::faultMatrix_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("fault"); // "http", "reset", "close", "stall", "garbage"
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("headers"); // one "Name: value" or empty
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected"); // the last event, or "transport CLASS"

    // The error body in each provider's own shape (providers.md §10.1).
    auto body = [](const QString &profile, int code, const QByteArray &type, const QByteArray &message) {
        if (profile == "openrouter"_L1)
            return R"({"error":{"code":)" + QByteArray::number(code) + R"(,"message":")" + message
                + R"(","metadata":{"provider_name":null}}})";
        if (profile == "mistral"_L1)
            return R"({"object":"error","message":")" + message + R"(","type":")" + type
                + R"(","param":null,"code":")" + QByteArray::number(code) + R"("})";
        return R"({"error":{"message":")" + message + R"(","type":")" + type + R"(","param":null,"code":null}})";
    };
    for (const OpenAIChatProfile &p : OpenAIProfiles::compatibleProfiles()) {
        const QString id = p.id;
        auto row = [&id](const char *name) -> QTestData & { return QTest::newRow(qPrintable(id + u'/' + QLatin1StringView(name))); };
        row("400") << id << u"http"_s << 400 << QByteArray()
                   << body(id, 400, "invalid_request_error", "Invalid value for temperature: 3")
                   << u"error bad-request 400: Invalid value for temperature: 3"_s;
        // Mistral's 401 is a bare {"message":...}.
        row("401") << id << u"http"_s << 401 << QByteArray()
                   << (id == "mistral"_L1 ? R"({"message":"Unauthorized","request_id":"9d1f"})"_ba
                                          : body(id, 401, "authentication_error", "Unauthorized"))
                   << u"error auth 401: Unauthorized"_s;
        row("402-out-of-credits") << id << u"http"_s << 402 << QByteArray()
                                  << body(id, 402, "payment_required", "Insufficient credits. Add more using https://openrouter.ai/credits")
                                  << u"error rate-limit 402: Insufficient credits. Add more using https://openrouter.ai/credits"_s;
        row("403") << id << u"http"_s << 403 << QByteArray()
                   << body(id, 403, "permission_error", "Country, region, or territory not supported")
                   << u"error permission 403: Country, region, or territory not supported"_s;
        row("404") << id << u"http"_s << 404 << QByteArray()
                   << body(id, 404, "not_found_error", "The model m does not exist")
                   << u"error not-found 404: The model m does not exist"_s;
        row("context-length") << id << u"http"_s << 400 << QByteArray()
                              << body(id, 400, "invalid_request_error",
                                      "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.")
                              << u"error context-length 400: This model's maximum context length is 8192 tokens. However, you requested 9000 tokens."_s;
        row("422-extra-forbidden") << id << u"http"_s << 422 << QByteArray()
                                   << R"({"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","n"],"msg":"Extra inputs are not permitted","input":2}]},"type":"invalid_request_error","param":null,"code":null})"_ba
                                   << u"error bad-request 422: Extra inputs are not permitted (body.n)"_s;
        row("429-retry-after") << id << u"http"_s << 429 << "Retry-After: 7"_ba
                               << body(id, 429, "rate_limit_exceeded", "Rate limit reached")
                               << u"error rate-limit 429 retry=7: Rate limit reached"_s;
        row("500") << id << u"http"_s << 500 << QByteArray() << body(id, 500, "server_error", "Internal server error")
                   << u"error server 500: Internal server error"_s;
        row("503-loading") << id << u"http"_s << 503 << QByteArray()
                           << R"({"error":{"code":503,"message":"Loading model","type":"unavailable_error"}})"_ba
                           << u"error overloaded 503: Loading model"_s;
        const QByteArray stream = streamFor(id);
        row("reset") << id << u"reset"_s << 200 << QByteArray() << stream << u"transport network"_s;
        row("close") << id << u"close"_s << 200 << QByteArray() << stream << u"error truncated 0:"_s;
        row("stall") << id << u"stall"_s << 200 << QByteArray() << stream << u"transport timeout"_s;
        row("garbage") << id << u"garbage"_s << 200 << QByteArray() << stream << u"error malformed 0:"_s;
    }
}

void TestOpenAIProfilesReplay::faultMatrix()
{
    QFETCH(QString, profile);
    QFETCH(QString, fault);
    QFETCH(int, status);
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    QVERIFY(!body.isEmpty());
    Server server;
    Server::Response r;
    r.status = status;
    r.headers = {{"Content-Type", status == 200 ? "text/event-stream" : "application/json"}};
    if (const qsizetype colon = headers.indexOf(':'); colon > 0)
        r.headers.append({headers.left(colon), headers.mid(colon + 1).trimmed()});
    r.body = body;
    r.chunking = Server::Chunking::Random;
    r.chunkSize = 32;
    const qsizetype firstEvent = body.indexOf("\n\n") + 2;
    if (fault == "reset"_L1) {
        r.fault = Server::Fault::ResetAfter;
        r.faultAfterBytes = body.size() / 2;
    } else if (fault == "close"_L1) {
        r.fault = Server::Fault::CloseAfter;
        r.faultAfterBytes = body.size() / 2;
        r.framing = Server::Framing::CloseDelimited;
    } else if (fault == "stall"_L1) {
        r.fault = Server::Fault::StallAfter;
        r.faultAfterBytes = body.size() / 2;
    } else if (fault == "garbage"_L1) {
        r.fault = Server::Fault::Garbage;
        r.faultAfterBytes = firstEvent;
    }
    server.enqueue(r);
    const Test::ReplayOutcome got = run(profile, server, std::chrono::milliseconds(fault == "stall"_L1 ? 400 : 10000));
    QCOMPARE(got.setupError, QString());
    QCOMPARE(got.finishedUpdates, 1);
    QCOMPARE(got.httpStatus, status);
    if (expected.startsWith(u"transport "_s)) {
        QCOMPARE(errorClassName(got.transportError.errorClass), expected.mid(10));
        for (const QString &e : got.events) // partial output only: no verdict from the decoder
            QVERIFY2(!e.startsWith(u"error"_s) && !e.startsWith(u"usage"_s), qPrintable(e));
        return;
    }
    QCOMPARE(got.transportError.errorClass, ErrorClass::None);
    QVERIFY(!got.events.isEmpty());
    if (fault == "http"_L1)
        QCOMPARE(got.events, QStringList{expected});
    else
        QVERIFY2(got.events.last().startsWith(expected), qPrintable(got.events.join(u'\n')));
    if (fault == "garbage"_L1) { // junk right after the first event: nothing after it is believed
        for (const QString &e : got.events)
            QVERIFY2(!e.startsWith(u"finish"_s) && !e.startsWith(u"usage"_s), qPrintable(e));
    }
}

QTEST_GUILESS_MAIN(TestOpenAIProfilesReplay)
#include "tst_openaiprofilesreplay.moc"
