// GeminiDecoder on hand-made streams shaped like providers.md §6.4/§6.5: thought parts, function
// calls, usage that repeats and changes, finish reasons, blocked prompts, errors in and around
// the stream, whole-JSON bodies. Each stream is checked whole, byte by byte and at random splits.

#include <QTest>

#include "adaptertestkit.h"
#include "providers/gemini/geminidecoder.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using namespace Crucible::Test;

namespace {

using Server = FakeProviderServer;

std::unique_ptr<StreamDecoder> makeDecoder()
{
    return std::make_unique<GeminiDecoder>();
}

/// One SSE data event per chunk, CRLF-framed like the real API (or LF).
Server::Response stream(const QList<QByteArray> &chunks, const QByteArray &eol = "\r\n")
{
    Server::Response r;
    r.headers = {{"Content-Type", "text/event-stream"}};
    for (const QByteArray &c : chunks)
        r.body += "data: " + c + eol + eol;
    return r;
}

void checkSplits(const Server::Response &r, const QStringList &expected)
{
    const QStringList whole = decodeWhole(makeDecoder, r);
    if (whole != expected)
        qWarning().noquote() << "got:\n " << whole.join(u"\n  "_s);
    QCOMPARE(whole, expected);
    QCOMPARE(decodeBytewise(makeDecoder, r), expected);
    for (quint32 seed = 1; seed <= 4; ++seed)
        QCOMPARE(decodeRandom(makeDecoder, r, seed, 9), expected);
}

} // namespace

class TestGeminiChunks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void thoughtParts();
    void functionCalls();
    void usageRepeatsAndChanges();
    void finishReasonsAreLowerCaseAndOnce_data();
    void finishReasonsAreLowerCaseAndOnce();
    void onlyCandidateZeroCounts();
    void blockedPrompt();
    void errorInADataEvent_data();
    void errorInADataEvent();
    void bareJsonErrorLine();
    void notJsonIsMalformed();
    void garbageIsMalformed();
    void httpErrors_data();
    void httpErrors();
    void wholeJsonBodies();
};

void TestGeminiChunks::thoughtParts()
{
    // With thinkingConfig.includeThoughts, summaries come as parts with "thought": true; a
    // thoughtSignature may ride on a part of its own with empty text.
    const Server::Response r = stream({
        R"({"candidates":[{"content":{"parts":[{"text":"**Counting**\n\nThe user wants numbers.","thought":true}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-2.5-pro","responseId":"th-1"})",
        R"({"candidates":[{"content":{"parts":[{"text":"1, 2","thoughtSignature":"c2lnbmF0dXJl"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":3,"thoughtsTokenCount":41,"totalTokenCount":53},"responseId":"th-1"})",
        R"({"candidates":[{"content":{"parts":[{"text":", 3"},{"text":"","thoughtSignature":"c2ln"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":7,"thoughtsTokenCount":41,"totalTokenCount":57},"responseId":"th-1"})",
    });
    checkSplits(r, {u"meta th-1"_s, u"reasoning **Counting**\n\nThe user wants numbers."_s,
                    u"usage in=9 cached=0 write=-1 out=0 reasoning=0"_s, u"text 1, 2"_s,
                    u"usage in=9 cached=0 write=-1 out=44 reasoning=41"_s, // 3 + 41
                    u"text , 3"_s, u"usage in=9 cached=0 write=-1 out=48 reasoning=41"_s, // 7 + 41
                    u"finish stop"_s});
}

void TestGeminiChunks::functionCalls()
{
    // Calls arrive whole, args an object; the recorded shape ends with finishMessage and STOP.
    const Server::Response r = stream({
        R"({"candidates":[{"content":{"parts":[{"text":"Checking."}],"role":"model"},"index":0}],"responseId":"fc-1"})",
        R"({"candidates":[{"content":{"parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris","units":{"temp":"C"},"days":[1, 2]}},"thoughtSignature":"abc"},{"functionCall":{"id":"fc-77","name":"get_time","args":{}}},{"functionCall":{"name":"ping"}}],"role":"model"},"finishReason":"STOP","finishMessage":"Model generated function call(s).","index":0}],"usageMetadata":{"promptTokenCount":30,"candidatesTokenCount":25,"totalTokenCount":55},"responseId":"fc-1"})",
    });
    checkSplits(r, {u"meta fc-1"_s, u"text Checking."_s,
                    u"tool call_0 get_weather {\"city\":\"Paris\",\"days\":[1,2],\"units\":{\"temp\":\"C\"}}"_s,
                    u"tool fc-77 get_time {}"_s, u"tool call_2 ping {}"_s,
                    u"usage in=30 cached=0 write=-1 out=25 reasoning=0"_s, u"finish stop"_s});
}

void TestGeminiChunks::usageRepeatsAndChanges()
{
    // Repeated identical usage is reported once; a change is reported as the new totals.
    // cachedContentTokenCount is part of promptTokenCount; toolUsePromptTokenCount is input too.
    const Server::Response r = stream({
        R"({"candidates":[{"content":{"parts":[{"text":"a"}],"role":"model"}}],"usageMetadata":{"promptTokenCount":1000,"cachedContentTokenCount":800,"totalTokenCount":1000}})",
        R"({"candidates":[{"content":{"parts":[{"text":"b"}],"role":"model"}}],"usageMetadata":{"promptTokenCount":1000,"cachedContentTokenCount":800,"totalTokenCount":1000}})",
        R"({"candidates":[{"content":{"parts":[{"text":"c"}],"role":"model"}}],"usageMetadata":{}})",
        R"({"candidates":[{"content":{"parts":[{"text":"d"}],"role":"model"},"finishReason":"MAX_TOKENS"}],"usageMetadata":{"promptTokenCount":999,"cachedContentTokenCount":800,"candidatesTokenCount":16,"thoughtsTokenCount":4,"toolUsePromptTokenCount":5,"totalTokenCount":1024}})",
    }, "\n");
    checkSplits(r, {u"text a"_s, u"usage in=1000 cached=800 write=-1 out=0 reasoning=0"_s, u"text b"_s,
                    u"text c"_s, u"text d"_s,
                    u"usage in=1004 cached=800 write=-1 out=20 reasoning=4"_s, // 999 + 5; 16 + 4
                    u"finish max_tokens"_s});
}

void TestGeminiChunks::finishReasonsAreLowerCaseAndOnce_data()
{
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QString>("expected");
    for (const char *r : {"STOP", "MAX_TOKENS", "SAFETY", "RECITATION", "LANGUAGE", "OTHER", "BLOCKLIST",
                          "PROHIBITED_CONTENT", "SPII", "MALFORMED_FUNCTION_CALL", "IMAGE_SAFETY",
                          "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS"})
        QTest::newRow(r) << QByteArray(r) << QString::fromLatin1(r).toLower();
}

void TestGeminiChunks::finishReasonsAreLowerCaseAndOnce()
{
    QFETCH(QByteArray, reason);
    QFETCH(QString, expected);
    const Server::Response r = stream({
        R"({"candidates":[{"content":{"parts":[{"text":"x"}],"role":"model"},"finishReason":"FINISH_REASON_UNSPECIFIED"}]})",
        R"({"candidates":[{"content":{"parts":[],"role":"model"},"finishReason":")" + reason + R"("}]})",
        R"({"candidates":[{"finishReason":"OTHER"}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":1}})",
    });
    checkSplits(r, {u"text x"_s, u"finish "_s + expected, u"usage in=3 cached=0 write=-1 out=1 reasoning=0"_s});
}

void TestGeminiChunks::onlyCandidateZeroCounts()
{
    const Server::Response r = stream({
        R"({"candidates":[{"content":{"parts":[{"text":"second"}],"role":"model"},"index":1,"finishReason":"STOP"},{"content":{"parts":[{"text":"first"}],"role":"model"},"index":0}]})",
        R"({"candidates":[{"content":{"parts":[{"text":"!"}],"role":"model"},"finishReason":"STOP"}]})",
    });
    checkSplits(r, {u"text first"_s, u"text !"_s, u"finish stop"_s});
}

void TestGeminiChunks::blockedPrompt()
{
    // No candidates, promptFeedback.blockReason on the first (only) chunk: usage, then the error.
    const Server::Response r = stream({
        R"({"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":12,"totalTokenCount":12},"modelVersion":"gemini-2.5-flash","responseId":"blk"})",
        R"({"candidates":[{"content":{"parts":[{"text":"never"}]},"finishReason":"STOP"}]})",
    });
    checkSplits(r, {u"meta blk"_s, u"usage in=12 cached=0 write=-1 out=0 reasoning=0"_s,
                    u"error bad-request 0: Gemini blocked the prompt (PROHIBITED_CONTENT)"_s});
    GeminiDecoder decoder;
    std::vector<StreamEvent> events;
    decoder.begin(200, {});
    decoder.feed(R"(data: {"promptFeedback":{"blockReason":"SAFETY","blockReasonMessage":"Unsafe."}})" "\n\n", events);
    decoder.finish(events);
    QCOMPARE(events.size(), size_t(1));
    QCOMPARE(events[0].error.providerType, u"PROMPT_BLOCKED"_s);
    QCOMPARE(events[0].error.providerCode, u"SAFETY"_s);
    QCOMPARE(events[0].error.message, u"Gemini blocked the prompt (SAFETY): Unsafe."_s);
}

void TestGeminiChunks::errorInADataEvent_data()
{
    QTest::addColumn<QByteArray>("error");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unavailable") << R"({"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}})"_ba
        << u"error overloaded 0: The model is overloaded. Please try again later."_s;
    QTest::newRow("internal") << R"({"error":{"code":500,"message":"An internal error has occurred.","status":"INTERNAL"}})"_ba
        << u"error server 0: An internal error has occurred."_s;
    QTest::newRow("quota") << R"({"error":{"code":429,"message":"Resource exhausted.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"30s"}]}})"_ba
        << u"error rate-limit 0 retry=30: Resource exhausted."_s;
}

void TestGeminiChunks::errorInADataEvent()
{
    QFETCH(QByteArray, error);
    QFETCH(QString, expected);
    const Server::Response r = stream({
        R"({"candidates":[{"content":{"parts":[{"text":"Once"}],"role":"model"}}],"responseId":"e1"})",
        error,
        R"({"candidates":[{"content":{"parts":[{"text":"never"}]},"finishReason":"STOP"}]})",
    });
    checkSplits(r, {u"meta e1"_s, u"text Once"_s, expected});
}

void TestGeminiChunks::bareJsonErrorLine()
{
    // Mid-stream error framing is unconfirmed (§6.5): a pretty-printed error without "data:".
    Server::Response r = stream({R"({"candidates":[{"content":{"parts":[{"text":"Once"}],"role":"model"}}]})"});
    r.body += "{\n  \"error\": {\n    \"code\": 503,\n    \"message\": \"Overloaded\",\n    \"status\": \"UNAVAILABLE\"\n  }\n}\n";
    checkSplits(r, {u"text Once"_s, u"error overloaded 0: Overloaded"_s});
}

void TestGeminiChunks::notJsonIsMalformed()
{
    const Server::Response r = stream({R"({"candidates":[{"content":{"parts":[{"text":"Once"}]}}]})", "{not json"});
    checkSplits(r, {u"text Once"_s, u"error malformed 0: The stream carried data that is not JSON: {not json"_s});
}

void TestGeminiChunks::garbageIsMalformed()
{
    Server::Response r = stream({R"({"candidates":[{"content":{"parts":[{"text":"Once"}]}}]})"});
    r.body += QByteArray("\x00\xff\xfe garbage \x01\x02", 14);
    const QStringList got = decodeWhole(makeDecoder, r);
    QCOMPARE(got.size(), 2);
    QVERIFY2(got.last().startsWith(u"error malformed 0: The stream is not server-sent events"_s), qPrintable(got.last()));
    QCOMPARE(decodeBytewise(makeDecoder, r), got);
    Server::Response html;
    html.body = "<html><body>Bad gateway</body></html>\n";
    QCOMPARE(decodeWhole(makeDecoder, html),
             QStringList{u"error malformed 0: The stream is not server-sent events: <html><body>Bad gateway</body></html>"_s});
}

void TestGeminiChunks::httpErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    QTest::newRow("400 invalid argument") << 400 << R"({"error":{"code":400,"message":"* GenerateContentRequest.contents: contents is not specified\n","status":"INVALID_ARGUMENT"}})"_ba
        << u"error bad-request 400: * GenerateContentRequest.contents: contents is not specified"_s;
    QTest::newRow("400 key invalid") << 400 << R"({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}})"_ba
        << u"error auth 400: API key not valid. Please pass a valid API key."_s;
    QTest::newRow("400 context") << 400 << R"({"error":{"code":400,"message":"The input token count (1212345) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}})"_ba
        << u"error context-length 400: The input token count (1212345) exceeds the maximum number of tokens allowed (1048576)."_s;
    QTest::newRow("403") << 403 << R"({"error":{"code":403,"message":"Method doesn't allow unregistered callers.","status":"PERMISSION_DENIED"}})"_ba
        << u"error permission 403: Method doesn't allow unregistered callers."_s;
    QTest::newRow("429 retryDelay") << 429 << R"({"error":{"code":429,"message":"Quota exceeded.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"30s"}]}})"_ba
        << u"error rate-limit 429 retry=30: Quota exceeded."_s;
    QTest::newRow("503") << 503 << R"({"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}})"_ba
        << u"error overloaded 503: The model is overloaded. Please try again later."_s;
}

void TestGeminiChunks::httpErrors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    Server::Response r;
    r.status = status;
    r.headers = {{"Content-Type", "text/event-stream"}}; // plain JSON under an SSE type (§2.7)
    r.body = body;
    checkSplits(r, {expected});
}

void TestGeminiChunks::wholeJsonBodies()
{
    // A server that ignored alt=sse: the stream as one JSON array, or one response object.
    Server::Response r;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = R"([{"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"}}],"responseId":"arr"},
{"candidates":[{"content":{"parts":[{"text":"lo"}],"role":"model"},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":2,"candidatesTokenCount":2}}])";
    checkSplits(r, {u"meta arr"_s, u"text Hel"_s, u"text lo"_s, u"usage in=2 cached=0 write=-1 out=2 reasoning=0"_s,
                    u"finish stop"_s});
    r.body = R"({"candidates":[{"content":{"parts":[{"text":"cut"}],"role":"model"}}]})";
    checkSplits(r, {u"text cut"_s, u"error truncated 0: The answer ended before a finishReason"_s});
    r.body = R"([{"candidates":[{"content":{"parts":[{"text":"cut"}]}}])";
    QVERIFY(decodeWhole(makeDecoder, r).value(0).startsWith(u"error malformed 0: The answer is not valid JSON"_s));
}

QTEST_GUILESS_MAIN(TestGeminiChunks)
#include "tst_geminichunks.moc"
