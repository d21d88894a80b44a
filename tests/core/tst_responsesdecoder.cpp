#include <QFile>
#include <QTest>

#include "adaptertestkit.h"
#include "providers/responses/responsesdecoder.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using namespace Crucible::Test;

class TestResponsesDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordedTextStream();
    void failedSyntheticStream();
    void specExampleAsWritten();
    void specExampleWithoutPlaceholder();
    void recordedRateLimitBody();
    void reasoningAndToolCalls();
    void callOnlyInTheCompletedResponse();
    void incompleteReasons_data();
    void incompleteReasons();
    void errorEvents_data();
    void errorEvents();
    void doneTextWithoutDeltasAndRefusal();
    void wholeJsonBody();
    void httpErrors();
    void truncation_data();
    void truncation();
    void lastEventWithoutBlankLineIsRead();
};

namespace {

using Server = FakeProviderServer;

const DecoderFactory make = [] { return std::make_unique<ResponsesDecoder>(); };

Server::Response sse(const QByteArray &body, int status = 200)
{
    Server::Response r;
    r.status = status;
    r.headers = {{"Content-Type", status == 200 ? "text/event-stream" : "application/json"}};
    r.body = body;
    return r;
}

/// One SSE event with its "event:" line, the way OpenAI frames them.
QByteArray ev(const QByteArray &type, const QByteArray &json)
{
    return "event: " + type + "\ndata: " + json + "\n\n";
}

/// Whole, byte by byte and five random slicings must all give `expected`.
void checkAllSplits(const Server::Response &r, const QStringList &expected)
{
    QCOMPARE(decodeWhole(make, r), expected);
    QCOMPARE(decodeBytewise(make, r), expected);
    for (quint32 seed = 1; seed <= 5; ++seed)
        QCOMPARE(decodeRandom(make, r, seed, int(seed) * 7), expected);
}

const QStringList textFixtureEvents{
    u"meta resp_0f9c4b2f224d858000695fa062bf048197a680f357bbb09000"_s,
    u"text Why"_s, u"text  did"_s, u"text  the"_s, u"text  scare"_s, u"text crow"_s, u"text  win"_s,
    u"text  an"_s, u"text  award"_s, u"text ?\n\n"_s, u"text Because"_s, u"text  he"_s, u"text  was"_s,
    u"text  outstanding"_s, u"text  in"_s, u"text  his"_s, u"text  field"_s, u"text !"_s,
    // usage {"input_tokens":11,"input_tokens_details":{"cached_tokens":0},"output_tokens":18,
    // "output_tokens_details":{"reasoning_tokens":0}}: no cache_write_tokens -> 0
    u"usage in=11 cached=0 write=0 out=18 reasoning=0"_s,
    u"finish stop"_s,
};

const QByteArray specId = "resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654";

/// A reasoning summary, then two function calls: one closed by function_call_arguments.done, one
/// only by output_item.done (arguments with spaces, compacted), then completed with usage.
QByteArray toolStream()
{
    return ev("response.created", R"({"type":"response.created","sequence_number":0,"response":{"id":"resp_tool1","object":"response","status":"in_progress","output":[],"usage":null}})")
        + ev("response.output_item.added", R"({"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"rs_1","type":"reasoning","summary":[]}})")
        + ev("response.reasoning_summary_text.delta", R"({"type":"response.reasoning_summary_text.delta","sequence_number":2,"item_id":"rs_1","output_index":0,"summary_index":0,"delta":"Need the"})")
        + ev("response.reasoning_summary_text.delta", R"({"type":"response.reasoning_summary_text.delta","sequence_number":3,"item_id":"rs_1","output_index":0,"summary_index":0,"delta":" weather tool."})")
        + ev("response.reasoning_summary_text.done", R"({"type":"response.reasoning_summary_text.done","sequence_number":4,"item_id":"rs_1","output_index":0,"summary_index":0,"text":"Need the weather tool."})")
        + ev("response.output_item.added", R"({"type":"response.output_item.added","sequence_number":5,"output_index":1,"item":{"id":"fc_1","type":"function_call","status":"in_progress","arguments":"","call_id":"call_abc","name":"get_weather"}})")
        + ev("response.function_call_arguments.delta", R"({"type":"response.function_call_arguments.delta","sequence_number":6,"item_id":"fc_1","output_index":1,"delta":"{\"city\":"})")
        + ev("response.function_call_arguments.delta", R"({"type":"response.function_call_arguments.delta","sequence_number":7,"item_id":"fc_1","output_index":1,"delta":"\"Paris\"}"})")
        + ev("response.function_call_arguments.done", R"({"type":"response.function_call_arguments.done","sequence_number":8,"item_id":"fc_1","output_index":1,"arguments":"{\"city\":\"Paris\"}"})")
        + ev("response.output_item.done", R"({"type":"response.output_item.done","sequence_number":9,"output_index":1,"item":{"id":"fc_1","type":"function_call","status":"completed","arguments":"{\"city\":\"Paris\"}","call_id":"call_abc","name":"get_weather"}})")
        + ev("response.output_item.added", R"({"type":"response.output_item.added","sequence_number":10,"output_index":2,"item":{"id":"fc_2","type":"function_call","status":"in_progress","arguments":"","call_id":"call_def","name":"get_time"}})")
        + ev("response.function_call_arguments.delta", R"({"type":"response.function_call_arguments.delta","sequence_number":11,"item_id":"fc_2","output_index":2,"delta":"{ \"tz\" : \"CET\" }"})")
        + ev("response.output_item.done", R"({"type":"response.output_item.done","sequence_number":12,"output_index":2,"item":{"id":"fc_2","type":"function_call","status":"completed","arguments":"{ \"tz\" : \"CET\" }","call_id":"call_def","name":"get_time"}})")
        + ev("response.completed", R"({"type":"response.completed","sequence_number":13,"response":{"id":"resp_tool1","object":"response","status":"completed","output":[{"id":"fc_1","type":"function_call","arguments":"{\"city\":\"Paris\"}","call_id":"call_abc","name":"get_weather"},{"id":"fc_2","type":"function_call","arguments":"{ \"tz\" : \"CET\" }","call_id":"call_def","name":"get_time"}],"usage":{"input_tokens":120,"input_tokens_details":{"cached_tokens":64},"output_tokens":58,"output_tokens_details":{"reasoning_tokens":40},"total_tokens":178}}})");
}

QByteArray incompleteStream(const QByteArray &reason)
{
    return ev("response.created", R"({"type":"response.created","response":{"id":"resp_inc","status":"in_progress"}})")
        + ev("response.output_text.delta", R"({"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Once"})")
        + ev("response.incomplete", R"({"type":"response.incomplete","response":{"id":"resp_inc","status":"incomplete","incomplete_details":{"reason":")"
             + reason + R"("},"usage":{"input_tokens":20,"input_tokens_details":{"cached_tokens":0,"cache_write_tokens":5},"output_tokens":16,"output_tokens_details":{"reasoning_tokens":15},"total_tokens":36}}})");
}

} // namespace

void TestResponsesDecoder::recordedTextStream()
{
    SKIP_WITHOUT_SHARED(u"openai-responses-stream-text.txt"_s);
    const Server::Response r = Server::fromFixtureName(u"openai-responses-stream-text.txt"_s);
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.endsWith("\"sequence_number\":24}\n")); // no blank line after the last event
    checkAllSplits(r, textFixtureEvents);
}

void TestResponsesDecoder::failedSyntheticStream()
{
    SKIP_WITHOUT_SHARED(u"openai-responses-stream-failed-synthetic.txt"_s);
    const Server::Response r = Server::fromFixtureName(u"openai-responses-stream-failed-synthetic.txt"_s);
    // response.failed: response.error {"code":"server_error",...} -> server, no HTTP status.
    checkAllSplits(r, {u"meta resp_123"_s, u"text Hello"_s,
                       u"error server 0: The model failed to generate a response."_s});
}

void TestResponsesDecoder::specExampleAsWritten()
{
    // The documented example holds a literal "..." line standing for elided deltas. It is not
    // an SSE line (no field name, no colon), and this decoder treats lines that are not SSE as
    // a broken stream: Malformed right after the "Hi" delta, nothing after it. A real stream
    // never contains it (the fixture's own header says so); the next test removes it.
    SKIP_WITHOUT_SHARED(u"openai-responses-stream-spec-example.txt"_s);
    const Server::Response r = Server::fromFixtureName(u"openai-responses-stream-spec-example.txt"_s);
    QVERIFY(r.body.contains("\n\n...\n\n"));
    checkAllSplits(r, {u"meta "_s + QString::fromLatin1(specId), u"text Hi"_s,
                       u"error malformed 0: The stream is not server-sent events: ..."_s});
}

void TestResponsesDecoder::specExampleWithoutPlaceholder()
{
    SKIP_WITHOUT_SHARED(u"openai-responses-stream-spec-example.txt"_s);
    Server::Response r = Server::fromFixtureName(u"openai-responses-stream-spec-example.txt"_s);
    r.body.replace("\n\n...\n\n", "\n\n");
    // output_text.done repeats "Hi there! ..." but a delta of that part was seen: not repeated.
    // usage {"input_tokens":37,"output_tokens":11,"output_tokens_details":{"reasoning_tokens":0}}
    checkAllSplits(r, {u"meta "_s + QString::fromLatin1(specId), u"text Hi"_s,
                       u"usage in=37 cached=0 write=0 out=11 reasoning=0"_s, u"finish stop"_s});
}

void TestResponsesDecoder::recordedRateLimitBody()
{
    SKIP_WITHOUT_SHARED(u"openai-responses-error-429.txt"_s);
    const Server::Response r = Server::fromFixtureName(u"openai-responses-error-429.txt"_s);
    QCOMPARE(r.status, 429);
    checkAllSplits(r, {u"error rate-limit 429: Rate limit exceeded. Please try again in 20 seconds."_s});
}

void TestResponsesDecoder::reasoningAndToolCalls()
{
    checkAllSplits(sse(toolStream()),
                   {u"meta resp_tool1"_s, u"reasoning Need the"_s, u"reasoning  weather tool."_s,
                    u"tool call_abc get_weather {\"city\":\"Paris\"}"_s, u"tool call_def get_time {\"tz\":\"CET\"}"_s,
                    u"usage in=120 cached=64 write=0 out=58 reasoning=40"_s, u"finish tool_calls"_s});
}

void TestResponsesDecoder::callOnlyInTheCompletedResponse()
{
    // A call the stream never showed (a proxy that drops item events) still counts.
    const QByteArray body = ev("response.completed", R"({"type":"response.completed","response":{"id":"resp_x","status":"completed","output":[{"id":"fc_9","type":"function_call","arguments":"","call_id":"call_9","name":"ping"}]}})");
    checkAllSplits(sse(body), {u"meta resp_x"_s, u"tool call_9 ping {}"_s, u"finish tool_calls"_s});
}

void TestResponsesDecoder::incompleteReasons_data()
{
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QString>("finish");
    QTest::newRow("max_output_tokens") << "max_output_tokens"_ba << u"length"_s;
    QTest::newRow("max_tokens (spec example)") << "max_tokens"_ba << u"length"_s;
    QTest::newRow("content_filter") << "content_filter"_ba << u"content_filter"_s;
}

void TestResponsesDecoder::incompleteReasons()
{
    QFETCH(QByteArray, reason);
    QFETCH(QString, finish);
    checkAllSplits(sse(incompleteStream(reason)),
                   {u"meta resp_inc"_s, u"text Once"_s, u"usage in=20 cached=0 write=5 out=16 reasoning=15"_s,
                    u"finish "_s + finish});
}

void TestResponsesDecoder::errorEvents_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("error event, top-level code")
        << ev("response.created", R"({"type":"response.created","response":{"id":"resp_e"}})")
               + ev("error", R"({"type":"error","code":"rate_limit_exceeded","message":"Too many requests","param":null,"sequence_number":1})")
               + ev("response.output_text.delta", R"({"type":"response.output_text.delta","delta":"late"})")
        << QStringList{u"meta resp_e"_s, u"error rate-limit 0: Too many requests"_s};
    QTest::newRow("error event, nested object")
        << ev("error", R"({"type":"error","error":{"type":"invalid_request_error","code":"context_length_exceeded","message":"Your input exceeds the context window of this model."}})")
        << QStringList{u"error context-length 0: Your input exceeds the context window of this model."_s};
    QTest::newRow("data without type carrying an error")
        << "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n"_ba
        << QStringList{u"error server 0: The server had an error"_s};
    QTest::newRow("failed without error object")
        << ev("response.failed", R"({"type":"response.failed","response":{"id":"resp_f","status":"failed","error":null}})")
        << QStringList{u"meta resp_f"_s, u"error server 0: The response failed without an error message"_s};
    QTest::newRow("data that is not JSON")
        << ev("response.created", R"({"type":"response.created","response":{"id":"resp_m"}})") + "data: {nope\n\n"
        << QStringList{u"meta resp_m"_s, u"error malformed 0: The stream carried data that is not JSON: {nope"_s};
    QTest::newRow("bare JSON error line")
        << ev("response.created", R"({"type":"response.created","response":{"id":"resp_b"}})") + "{\"error\":{\"message\":\"Invalid API key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}\n"_ba
        << QStringList{u"meta resp_b"_s, u"error auth 0: Invalid API key"_s};
    QTest::newRow("JSON error document with status 200")
        << "{\"error\":{\"message\":\"Invalid API key\",\"code\":\"invalid_api_key\"}}"_ba
        << QStringList{u"error auth 200: Invalid API key"_s};
    QTest::newRow("garbage")
        << QByteArray("\x00\xff\xfe garbage \x01\x02", 14)
        << QStringList{u"error malformed 0: The stream is not server-sent events: "_s + QString::fromUtf8(QByteArray("\x00\xff\xfe garbage \x01\x02", 14))};
}

void TestResponsesDecoder::errorEvents()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, expected);
    checkAllSplits(sse(body), expected);
}

void TestResponsesDecoder::doneTextWithoutDeltasAndRefusal()
{
    // No deltas for a part: its ".done" text is the text. A refusal is shown as answer text.
    // No "event:" lines and no "type" in the delta: the SSE name is used.
    const QByteArray body = "data: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_d\"}}\n\n"
                            "data: {\"type\":\"response.output_text.done\",\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"text\":\"Whole\"}\n\n"
                            "event: response.refusal.delta\ndata: {\"item_id\":\"m\",\"output_index\":0,\"content_index\":1,\"delta\":\"No.\"}\n\n"
                            "data: {\"type\":\"response.refusal.done\",\"item_id\":\"m\",\"output_index\":0,\"content_index\":1,\"refusal\":\"No.\"}\n\n"
                            "data: {\"type\":\"response.reasoning_text.delta\",\"item_id\":\"r\",\"output_index\":1,\"content_index\":0,\"delta\":\"hmm\"}\n\n"
                            "data: {\"type\":\"response.some_future_event\",\"x\":1}\n\n"
                            "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_d\",\"status\":\"completed\"}}\n\n"
                            "data: not even json, after the end\n\n";
    checkAllSplits(sse(body), {u"meta resp_d"_s, u"text Whole"_s, u"text No."_s, u"reasoning hmm"_s, u"finish stop"_s});
}

void TestResponsesDecoder::wholeJsonBody()
{
    // A server that ignored "stream": one Response object.
    Server::Response r = sse(R"({"id":"resp_j","object":"response","status":"completed","output":[{"type":"reasoning","summary":[{"type":"summary_text","text":"Think."}]},{"type":"message","content":[{"type":"output_text","text":"Done."}]}],"usage":{"input_tokens":5,"output_tokens":3}})");
    r.headers = {{"Content-Type", "application/json"}};
    checkAllSplits(r, {u"meta resp_j"_s, u"reasoning Think."_s, u"text Done."_s,
                       u"usage in=5 cached=0 write=0 out=3 reasoning=0"_s, u"finish stop"_s});
}

void TestResponsesDecoder::httpErrors()
{
    Server::Response r = sse(R"({"error":{"message":"This model's maximum context length is 128000 tokens.","type":"invalid_request_error","param":"input","code":"context_length_exceeded"}})", 400);
    checkAllSplits(r, {u"error context-length 400: This model's maximum context length is 128000 tokens."_s});
    r = sse("<html><title>502 Bad Gateway</title></html>", 502);
    checkAllSplits(r, {u"error server 502: 502 Bad Gateway"_s});
}

void TestResponsesDecoder::truncation_data()
{
    QTest::addColumn<QByteArray>("marker"); // cut right before this text (empty: at byte 0)
    QTest::addColumn<int>("offset");        // ... plus this many bytes
    QTest::addColumn<int>("eventsKept");    // events of the full stream seen before the cut
    QTest::newRow("empty body") << QByteArray() << 0 << 0;
    QTest::newRow("after created") << "event: response.in_progress"_ba << 0 << 1;
    QTest::newRow("inside a delta line") << "\"delta\":\" award\""_ba << 5 << 8;
    QTest::newRow("delta line without blank line") << "\"obfuscation\":\"uKq4X8mT1jl9\",\"output_index\":0,\"sequence_number\":9}"_ba << -1 << 7;
    QTest::newRow("before completed") << "event: response.completed"_ba << 0 << 18;
    QTest::newRow("completed cut short") << "\"usage\":{\"input_tokens\":11"_ba << 0 << 18;
}

void TestResponsesDecoder::truncation()
{
    QFETCH(QByteArray, marker);
    QFETCH(int, offset);
    QFETCH(int, eventsKept);
    SKIP_WITHOUT_SHARED(u"openai-responses-stream-text.txt"_s);
    Server::Response r = Server::fromFixtureName(u"openai-responses-stream-text.txt"_s);
    qsizetype cut = 0;
    if (!marker.isEmpty()) {
        cut = r.body.indexOf(marker);
        QVERIFY(cut > 0);
        cut += offset < 0 ? marker.size() + 1 : offset; // -1: keep the marker and its newline
    }
    r.body.truncate(cut);
    const QStringList got = decodeWhole(make, r);
    QCOMPARE(got, decodeBytewise(make, r));
    QCOMPARE(got.size(), eventsKept + 1);
    QCOMPARE(got.mid(0, eventsKept), textFixtureEvents.mid(0, eventsKept));
    QVERIFY2(got.last().startsWith(u"error truncated 0: "_s), qPrintable(got.last()));
}

void TestResponsesDecoder::lastEventWithoutBlankLineIsRead()
{
    // The recorded stream ends "...}\n" without the blank line: complete. Cut one more byte
    // (the line end) and the completed event is incomplete: truncated.
    SKIP_WITHOUT_SHARED(u"openai-responses-stream-text.txt"_s);
    Server::Response r = Server::fromFixtureName(u"openai-responses-stream-text.txt"_s);
    QCOMPARE(decodeWhole(make, r).last(), u"finish stop"_s);
    r.body.chop(1);
    const QStringList got = decodeWhole(make, r);
    QCOMPARE(got.size(), textFixtureEvents.size() - 1);
    QVERIFY(got.last().startsWith(u"error truncated 0: The stream ended in the middle of an event"_s));
}

QTEST_GUILESS_MAIN(TestResponsesDecoder)
#include "tst_responsesdecoder.moc"
