#include <QFile>
#include <QTest>

#include "adaptertestkit.h"
#include "fakeproviderserver.h"
#include "providers/openaichatdecoder.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::FakeProviderServer;

namespace {

struct Wire
{
    int status = 200;
    HttpHeaders headers;
    QByteArray body;
};

/// Runs one decoder over the body cut at the given offsets (ascending).
QStringList decode(const Wire &wire, const QList<qsizetype> &cuts,
                   QList<OpenAIChatDecoder::ToolCall> *toolCalls = nullptr)
{
    OpenAIChatDecoder decoder;
    std::vector<StreamEvent> events;
    decoder.begin(wire.status, wire.headers);
    qsizetype from = 0;
    for (qsizetype cut : cuts) {
        decoder.feed(QByteArrayView(wire.body).sliced(from, cut - from), events);
        from = cut;
    }
    decoder.feed(QByteArrayView(wire.body).sliced(from), events);
    decoder.finish(events);
    if (toolCalls)
        *toolCalls = decoder.toolCalls();
    return Test::describeEvents(events);
}

/// Whole, byte by byte, and split at every byte boundary: each must give `expected`. For the
/// boundary at k the first k bytes go in one at a time (a copy of that decoder is taken) and the
/// rest in one piece, so every boundary is tested without re-decoding every prefix.
void checkEverySplit(const Wire &wire, const QStringList &expected)
{
    const QStringList whole = decode(wire, {});
    if (whole != expected) {
        qWarning().noquote() << "got:\n " << whole.join(u"\n  "_s);
        QCOMPARE(whole, expected);
    }
    QList<qsizetype> every;
    for (qsizetype i = 1; i < wire.body.size(); ++i)
        every << i;
    QCOMPARE(decode(wire, every), expected);

    OpenAIChatDecoder prefix;
    std::vector<StreamEvent> prefixEvents;
    prefix.begin(wire.status, wire.headers);
    for (qsizetype cut = 0; cut <= wire.body.size(); ++cut) {
        OpenAIChatDecoder decoder = prefix;
        std::vector<StreamEvent> events = prefixEvents;
        decoder.feed(QByteArrayView(wire.body).sliced(cut), events);
        decoder.finish(events);
        const QStringList got = Test::describeEvents(events);
        if (got != expected)
            QFAIL(qPrintable(u"split at byte %1 differs:\n  %2"_s.arg(cut).arg(got.join(u"\n  "_s))));
        if (cut < wire.body.size())
            prefix.feed(QByteArrayView(wire.body).sliced(cut, 1), prefixEvents);
    }
}

QStringList texts(const QStringList &pieces)
{
    QStringList out;
    for (const QString &p : pieces)
        out << u"text "_s + p;
    return out;
}

HttpHeaders sse()
{
    return {{"Content-Type", "text/event-stream"}};
}

/// One chunk line as OpenAI sends it: data: {"id":"c1",...,"choices":[{"index":0,"delta":DELTA,"finish_reason":FINISH}]}
QByteArray chunk(const QByteArray &delta, const QByteArray &finish = "null", const QByteArray &extra = {})
{
    return R"(data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":)" + delta
        + R"(,"finish_reason":)" + finish + "}]" + extra + "}\n\n";
}

} // namespace

class TestOpenAIChatDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fixtures_data();
    void fixtures();
    void synthetic_data();
    void synthetic();
    void toolCallsAssembled();
};

void TestOpenAIChatDecoder::fixtures_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("text-usage") << u"openai-chat-stream-text-usage.txt"_s
        << (QStringList{u"meta chatcmpl-ABfw031mOJeYCSHe4yI2ZjOA6kMJL"_s}
            + texts({u"I'm"_s, u" unable"_s, u" to"_s, u" provide"_s, u" real"_s, u"-time"_s, u" weather"_s,
                     u" updates"_s, u"."_s, u" To"_s, u" get"_s, u" the"_s, u" current"_s, u" weather"_s,
                     u" in"_s, u" San"_s, u" Francisco"_s, u","_s, u" I"_s, u" recommend"_s, u" checking"_s,
                     u" a"_s, u" reliable"_s, u" weather"_s, u" website"_s, u" or"_s, u" a"_s, u" weather"_s,
                     u" app"_s, u"."_s})
            + QStringList{u"finish stop"_s, u"usage in=14 cached=-1 write=-1 out=30 reasoning=0"_s});
    QTest::newRow("length-json-schema") << u"openai-chat-stream-length-json-schema.txt"_s
        << QStringList{u"meta chatcmpl-ABfw3Oqj8RD0z6aJiiX37oTjV2HFh"_s, u"text {\""_s, u"finish length"_s,
                       u"usage in=79 cached=-1 write=-1 out=1 reasoning=0"_s};
    QTest::newRow("midstream-error") << u"openai-chat-stream-midstream-error.txt"_s
        << QStringList{u"meta chatcmpl-BwoiPTGRbKkY5rncfaM0s9KtWrq5N"_s, u"text The"_s, u"text  question"_s,
                       u"text  \""_s,
                       u"error server 0: The server had an error while processing your request. Sorry about that!"_s};
    QTest::newRow("tool-calls") << u"openai-chat-stream-tool-calls.txt"_s
        << QStringList{u"meta chatcmpl-ABfwERreu9s99xXsVuOWtIB2UOx62"_s,
                       u"tool call_4XzlGBLtUe9dy3GVNV4jhq7h get_weather {\"city\":\"New York City\"}"_s,
                       u"finish tool_calls"_s,
                       u"usage in=44 cached=-1 write=-1 out=16 reasoning=0"_s};
    QTest::newRow("gemini-openai-compat") << u"gemini-openai-compat-stream-text.txt"_s
        << QStringList{u"meta SzpyaZuaHu_WxN8P9M-PgA4"_s, u"text Hello World"_s, u"finish stop"_s};
    QTest::newRow("error-400-context-length") << u"openai-chat-error-400-context-length.txt"_s
        << QStringList{u"error context-length 400: Input tokens exceed the configured limit of 272000 tokens. "
                       "Your messages resulted in 3148588 tokens. Please reduce the length of the messages."_s};
    QTest::newRow("error-404-json-under-sse-content-type") << u"gemini-error-404-on-stream.txt"_s
        << QStringList{u"error not-found 404: models/custom-gemini-2.0-flash is not found for API version v1beta, "
                       "or is not supported for generateContent. Call ListModels to see the list of available "
                       "models and their supported methods."_s};
    QTest::newRow("error-429-responses") << u"openai-responses-error-429.txt"_s
        << QStringList{u"error rate-limit 429: Rate limit exceeded. Please try again in 20 seconds."_s};
}

void TestOpenAIChatDecoder::fixtures()
{
    QFETCH(QString, fixture);
    QFETCH(QStringList, expected);
    if (!QFile::exists(FakeProviderServer::fixturePath(fixture)))
        QSKIP("fixture missing: ../shared is not beside the checkout");
    const FakeProviderServer::Response r = FakeProviderServer::fromFixtureName(fixture);
    QVERIFY2(r.status != 0, qPrintable(r.reason));
    checkEverySplit(Wire{r.status, r.headers, r.body}, expected);
}

void TestOpenAIChatDecoder::synthetic_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("headers"); // "name: value" lines; empty: text/event-stream
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("expected");
    const QByteArray done = "data: [DONE]\n\n";
    const QByteArray role = chunk(R"({"role":"assistant","content":""})");

    QTest::newRow("crlf") << 200 << QByteArray()
        << QByteArray(role + chunk(R"({"content":"Hi"})") + chunk("{}", R"("stop")") + done).replace("\n", "\r\n")
        << QStringList{u"meta c1"_s, u"text Hi"_s, u"finish stop"_s};
    QTest::newRow("data-without-space") << 200 << QByteArray()
        << QByteArray(chunk(R"({"content":"A"})") + done).replace("data: ", "data:")
        << QStringList{u"meta c1"_s, u"text A"_s};
    QTest::newRow("keep-alive-comments") << 200 << QByteArray()
        << ": OPENROUTER PROCESSING\n\n" + role + ": keep-alive\n\n" + chunk(R"({"content":"B"})")
               + ":\n" + chunk("{}", R"("stop")") + done
        << QStringList{u"meta c1"_s, u"text B"_s, u"finish stop"_s};
    QTest::newRow("reasoning_content-deepseek") << 200 << QByteArray()
        << role + chunk(R"({"reasoning_content":"Think.","content":null})") + chunk(R"({"content":"Answer"})")
               + chunk("{}", R"("stop")")
               + R"(data: {"id":"c1","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":20,"total_tokens":30,"prompt_cache_hit_tokens":4,"prompt_cache_miss_tokens":6,"completion_tokens_details":{"reasoning_tokens":12}}})"
               + "\n\n" + done
        << QStringList{u"meta c1"_s, u"reasoning Think."_s, u"text Answer"_s, u"finish stop"_s,
                       u"usage in=10 cached=4 write=-1 out=20 reasoning=12"_s};
    QTest::newRow("reasoning-ollama") << 200 << QByteArray()
        << chunk(R"({"role":"assistant","content":"","reasoning":"Hmm"})") + chunk(R"({"content":"Yes"})")
               + chunk(R"({"content":""})", R"("stop")")
               + R"(data: {"id":"c1","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}})"
               + "\n\n" + done
        << QStringList{u"meta c1"_s, u"reasoning Hmm"_s, u"text Yes"_s, u"finish stop"_s, u"usage in=5 cached=-1 write=-1 out=7 reasoning=-1"_s};
    QTest::newRow("mistral-array-content-usage-on-finish") << 200 << QByteArray()
        << chunk(R"({"role":"assistant","content":[{"type":"thinking","thinking":[{"type":"text","text":"Let me see"}]}]})")
               + chunk(R"({"content":[{"type":"text","text":"Paris"}]})")
               + chunk(R"({"content":"."})", R"("stop")",
                       R"(,"usage":{"prompt_tokens":9,"total_tokens":12,"completion_tokens":3})")
               + done
        << QStringList{u"meta c1"_s, u"reasoning Let me see"_s, u"text Paris"_s, u"text ."_s, u"finish stop"_s,
                       u"usage in=9 cached=-1 write=-1 out=3 reasoning=-1"_s};
    QTest::newRow("groq-x_groq-usage") << 200 << QByteArray()
        << chunk(R"({"content":"G"})", R"("stop")",
                 R"(,"x_groq":{"id":"req_1","usage":{"prompt_tokens":3,"completion_tokens":1,"prompt_tokens_details":{"cached_tokens":2}}})")
               + done
        << QStringList{u"meta c1"_s, u"text G"_s, u"finish stop"_s, u"usage in=3 cached=2 write=-1 out=1 reasoning=-1"_s};
    QTest::newRow("refusal-as-text") << 200 << QByteArray()
        << chunk(R"({"role":"assistant","content":null,"refusal":""})") + chunk(R"({"refusal":"I can't help."})")
               + chunk("{}", R"("stop")") + done
        << QStringList{u"meta c1"_s, u"text I can't help."_s, u"finish stop"_s};
    QTest::newRow("error-in-200-stream-then-nothing") << 200 << QByteArray()
        << role + chunk(R"({"content":"x"})")
               + R"(data: {"error":{"message":"Rate limited mid-stream","type":"rate_limit_error","code":"rate_limit_exceeded"}})"
               + "\n\n" + chunk(R"({"content":"ignored"})") + done
        << QStringList{u"meta c1"_s, u"text x"_s, u"error rate-limit 0: Rate limited mid-stream"_s};
    QTest::newRow("vllm-object-error-in-stream") << 200 << QByteArray()
        << chunk(R"({"content":"v"})")
               + R"(data: {"object":"error","message":"This model's maximum context length is 8192 tokens. However, you requested 9000 tokens (8900 in the messages, 100 in the completion).","type":"BadRequestError","param":null,"code":400})"
               + "\n\n" + done
        << QStringList{u"meta c1"_s, u"text v"_s,
                       u"error context-length 0: This model's maximum context length is 8192 tokens. However, you requested 9000 tokens (8900 in the messages, 100 in the completion)."_s};
    QTest::newRow("openrouter-finish-error") << 200 << QByteArray()
        << chunk(R"({"content":"y"})") + ": OPENROUTER PROCESSING\n\n"
               + R"(data: {"id":"c1","error":{"code":502,"message":"Upstream died"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]})"
               + "\n\n"
        << QStringList{u"meta c1"_s, u"text y"_s, u"error server 0: Upstream died"_s};
    QTest::newRow("finish-error-without-object") << 200 << QByteArray()
        << chunk(R"({"content":"z"})", R"("error")") + done
        << QStringList{u"meta c1"_s, u"text z"_s, u"error server 0: The provider ended the stream with finish_reason \"error\""_s};
    QTest::newRow("sse-event-error") << 200 << QByteArray()
        << "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"_ba
        << QStringList{u"error overloaded 0: Overloaded"_s};
    QTest::newRow("401") << 401 << "Content-Type: application/json"_ba
        << R"({"error":{"message":"Incorrect API key provided: sk-abc***.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})"_ba
        << QStringList{u"error auth 401: Incorrect API key provided: sk-abc***."_s};
    QTest::newRow("404-sse-content-type") << 404 << "Content-Type: text/event-stream"_ba
        << R"({"error":{"message":"model 'llama9' not found","type":"not_found_error","param":null,"code":null}})"_ba
        << QStringList{u"error not-found 404: model 'llama9' not found"_s};
    QTest::newRow("429-retry-after") << 429 << "Content-Type: application/json\nRetry-After: 7"_ba
        << R"({"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}})"_ba
        << QStringList{u"error rate-limit 429 retry=7: Rate limit reached for requests"_s};
    QTest::newRow("500") << 500 << "Content-Type: text/event-stream"_ba
        << R"({"error":{"message":"Internal error","type":"server_error"}})"_ba
        << QStringList{u"error server 500: Internal error"_s};
    QTest::newRow("503-llamacpp-loading") << 503 << "Content-Type: application/json"_ba
        << R"({"error":{"code":503,"message":"Loading model","type":"unavailable_error"}})"_ba
        << QStringList{u"error overloaded 503: Loading model"_s};
    QTest::newRow("eof-after-finish-without-done") << 200 << QByteArray()
        << role + chunk(R"({"content":"Hi"})") + chunk("{}", R"("stop")")
        << QStringList{u"meta c1"_s, u"text Hi"_s, u"finish stop"_s, u"error truncated 0: The stream ended before [DONE]"_s};
    QTest::newRow("eof-inside-event") << 200 << QByteArray()
        << role + R"(data: {"id":"c1","choices":[{"index":0,"delta":{"content":"cut)"_ba
        << QStringList{u"meta c1"_s, u"error truncated 0: The stream ended in the middle of an event, before [DONE]"_s};
    QTest::newRow("done-without-blank-line") << 200 << QByteArray()
        << chunk(R"({"content":"ok"})") + "data: [DONE]\n"
        << QStringList{u"meta c1"_s, u"text ok"_s};
    QTest::newRow("empty-body") << 200 << QByteArray() << QByteArray()
        << QStringList{u"error truncated 0: The server closed the connection without sending an answer"_s};
    QTest::newRow("garbage") << 200 << QByteArray() << QByteArray("\x00\xff\xfe garbage \x01\x02", 14)
        << QStringList{u"error malformed 0: The stream is not server-sent events: "_s
                       + QString::fromUtf8(QByteArray("\x00\xff\xfe garbage \x01\x02", 14))};
    QTest::newRow("garbage-after-chunks") << 200 << QByteArray()
        << chunk(R"({"content":"a"})") + "<html>oops</html>\n" + chunk(R"({"content":"never"})") + done
        << QStringList{u"meta c1"_s, u"text a"_s, u"error malformed 0: The stream is not server-sent events: <html>oops</html>"_s};
    QTest::newRow("bad-json-data") << 200 << QByteArray()
        << chunk(R"({"content":"a"})") + "data: {\"id\":\"c1\",\"choi\n\n" + done
        << QStringList{u"meta c1"_s, u"text a"_s, u"error malformed 0: The stream carried data that is not JSON: {\"id\":\"c1\",\"choi"_s};
    QTest::newRow("bare-json-error-line") << 200 << QByteArray()
        << chunk(R"({"content":"a"})") + "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}\n"
        << QStringList{u"meta c1"_s, u"text a"_s, u"error server 0: boom"_s};
    QTest::newRow("after-done-ignored") << 200 << QByteArray()
        << chunk(R"({"content":"a"})") + done + "\x01garbage\n" + chunk(R"({"content":"b"})")
        << QStringList{u"meta c1"_s, u"text a"_s};
    QTest::newRow("bom") << 200 << QByteArray() << "\xEF\xBB\xBF" + chunk(R"({"content":"a"})") + done
        << QStringList{u"meta c1"_s, u"text a"_s};
    QTest::newRow("whole-json-completion") << 200 << "Content-Type: application/json"_ba
        << R"({"id":"chatcmpl-9","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Whole"},"finish_reason":"stop"}],"usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}})"_ba
        << QStringList{u"meta chatcmpl-9"_s, u"text Whole"_s, u"finish stop"_s, u"usage in=2 cached=-1 write=-1 out=1 reasoning=-1"_s};
    QTest::newRow("whole-json-error-200") << 200 << "Content-Type: application/json"_ba
        << "\n  {\"error\": {\"message\": \"bad thing\", \"type\": \"invalid_request_error\"}}"_ba
        << QStringList{u"error bad-request 200: bad thing"_s};
    // Tool calls: reported once each, in index order, just before the Finish of their choice.
    QTest::newRow("tool-calls-two-interleaved") << 200 << QByteArray()
        << chunk(R"({"role":"assistant","content":"Checking.","tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_time","arguments":""}}]})")
               + chunk(R"({"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\": "}}]})")
               + chunk(R"({"tool_calls":[{"index":1,"function":{"arguments":"{\"tz\":\"UTC\"}"}},{"index":0,"function":{"arguments":"\"Paris\" }"}}]})")
               + chunk("{}", R"("tool_calls")")
               + R"(data: {"id":"c1","choices":[],"usage":{"prompt_tokens":50,"completion_tokens":20,"total_tokens":70}})"
               + "\n\n" + done
        << QStringList{u"meta c1"_s, u"text Checking."_s,
                       u"tool call_a get_weather {\"city\":\"Paris\"}"_s,
                       u"tool call_b get_time {\"tz\":\"UTC\"}"_s, u"finish tool_calls"_s,
                       u"usage in=50 cached=-1 write=-1 out=20 reasoning=-1"_s};
    QTest::newRow("tool-call-groq-whole-in-finish-chunk") << 200 << QByteArray()
        << chunk(R"({"role":"assistant","content":null})")
               + chunk(R"({"tool_calls":[{"id":"call_g1","type":"function","function":{"name":"add","arguments":"{\"a\":1,\"b\":[2, 3]}"},"index":0}]})",
                       R"("tool_calls")",
                       R"(,"x_groq":{"id":"req_9","usage":{"queue_time":0.01,"prompt_tokens":30,"completion_tokens":12,"total_tokens":42}})")
               + done
        << QStringList{u"meta c1"_s, u"tool call_g1 add {\"a\":1,\"b\":[2,3]}"_s, u"finish tool_calls"_s,
                       u"usage in=30 cached=-1 write=-1 out=12 reasoning=-1"_s};
    QTest::newRow("tool-call-without-finish-reported-at-done") << 200 << QByteArray()
        << chunk(R"({"tool_calls":[{"index":0,"type":"function","function":{"name":"ping","arguments":""}}]})") + done
        << QStringList{u"meta c1"_s, u"tool call_0 ping {}"_s};
    QTest::newRow("tool-call-no-index-mistral-style") << 200 << QByteArray()
        << chunk(R"({"tool_calls":[{"id":"m1","function":{"name":"f","arguments":"{\"x\":"}}]})")
               + chunk(R"({"tool_calls":[{"function":{"arguments":"1}"}}]})")
               + chunk(R"({"tool_calls":[{"id":"m2","function":{"name":"g","arguments":{"y":true}}}]})", R"("tool_calls")")
               + done
        << QStringList{u"meta c1"_s, u"tool m1 f {\"x\":1}"_s, u"tool m2 g {\"y\":true}"_s, u"finish tool_calls"_s};
    QTest::newRow("tool-call-cut-by-eof") << 200 << QByteArray()
        << chunk(R"({"tool_calls":[{"index":0,"id":"call_z","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Ly"}}]})")
        << QStringList{u"meta c1"_s, u"tool call_z get_weather \"{\\\"city\\\":\\\"Ly\""_s,
                       u"error truncated 0: The stream ended before [DONE]"_s};
    QTest::newRow("tool-call-then-provider-error-not-reported") << 200 << QByteArray()
        << chunk(R"({"tool_calls":[{"index":0,"id":"call_e","type":"function","function":{"name":"f","arguments":"{}"}}]})")
               + R"(data: {"error":{"message":"Internal failure","type":"server_error"}})" + "\n\n"
        << QStringList{u"meta c1"_s, u"error server 0: Internal failure"_s};
    QTest::newRow("whole-json-tool-calls") << 200 << "Content-Type: application/json"_ba
        << R"({"id":"chatcmpl-t","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"a","arguments":"{\"k\": \"v\"}"}},{"id":"call_2","type":"function","function":{"name":"b","arguments":""}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":8,"completion_tokens":9,"total_tokens":17}})"_ba
        << QStringList{u"meta chatcmpl-t"_s, u"tool call_1 a {\"k\":\"v\"}"_s, u"tool call_2 b {}"_s,
                       u"finish tool_calls"_s, u"usage in=8 cached=-1 write=-1 out=9 reasoning=-1"_s};
    // Usage mapping (streamevent.h convention).
    QTest::newRow("usage-deepseek-hit-miss-without-prompt_tokens") << 200 << QByteArray()
        << chunk(R"({"content":"k"})", R"("stop")")
               + R"(data: {"id":"c1","choices":[],"usage":{"completion_tokens":5,"prompt_cache_hit_tokens":64,"prompt_cache_miss_tokens":36}})"
               + "\n\n" + done
        << QStringList{u"meta c1"_s, u"text k"_s, u"finish stop"_s, u"usage in=100 cached=64 write=-1 out=5 reasoning=-1"_s};
    QTest::newRow("usage-openai-details") << 200 << QByteArray()
        << chunk(R"({"content":"k"})", R"("stop")")
               + R"(data: {"id":"c1","choices":[],"usage":{"prompt_tokens":2000,"completion_tokens":300,"total_tokens":2300,"prompt_tokens_details":{"cached_tokens":1536,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":256,"audio_tokens":0}}})"
               + "\n\n" + done
        << QStringList{u"meta c1"_s, u"text k"_s, u"finish stop"_s, u"usage in=2000 cached=1536 write=-1 out=300 reasoning=256"_s};
    QTest::newRow("second-choice-ignored") << 200 << QByteArray()
        << R"(data: {"id":"c1","choices":[{"index":1,"delta":{"content":"other"},"finish_reason":null},{"index":0,"delta":{"content":"mine"},"finish_reason":null}]})"
               "\n\n"_ba + done
        << QStringList{u"meta c1"_s, u"text mine"_s};
}

void TestOpenAIChatDecoder::synthetic()
{
    QFETCH(int, status);
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, body);
    QFETCH(QStringList, expected);
    Wire wire{status, {}, body};
    for (const QByteArray &line : headers.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            wire.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    if (headers.isEmpty())
        wire.headers = sse();
    checkEverySplit(wire, expected);
}

void TestOpenAIChatDecoder::toolCallsAssembled()
{
    if (!QFile::exists(FakeProviderServer::fixturePath(u"openai-chat-stream-tool-calls.txt"_s)))
        QSKIP("fixture missing: ../shared is not beside the checkout");
    const FakeProviderServer::Response r =
        FakeProviderServer::fromFixtureName(u"openai-chat-stream-tool-calls.txt"_s);
    const Wire wire{r.status, r.headers, r.body};
    QList<qsizetype> every;
    for (qsizetype i = 1; i < wire.body.size(); ++i)
        every << i;
    for (const QList<qsizetype> &cuts : {QList<qsizetype>{}, every}) {
        QList<OpenAIChatDecoder::ToolCall> calls;
        decode(wire, cuts, &calls);
        QCOMPARE(calls.size(), 1);
        QCOMPARE(calls[0].index, 0);
        QCOMPARE(calls[0].id, u"call_4XzlGBLtUe9dy3GVNV4jhq7h"_s);
        QCOMPARE(calls[0].name, u"get_weather"_s);
        QCOMPARE(calls[0].arguments, u"{\"city\":\"New York City\"}"_s);
    }
}

QTEST_GUILESS_MAIN(TestOpenAIChatDecoder)
#include "tst_openaichatdecoder.moc"
