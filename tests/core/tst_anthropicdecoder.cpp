#include <QFile>
#include <QTest>

#include "adaptertestkit.h"
#include "providers/anthropic/anthropicdecoder.h"
#include "tst_anthropicexpected.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::FakeProviderServer;

namespace {

using Server = FakeProviderServer;

std::unique_ptr<StreamDecoder> makeDecoder()
{
    return std::make_unique<AnthropicDecoder>();
}

Server::Response sseResponse(const QByteArray &body, int status = 200)
{
    Server::Response r;
    r.status = status;
    r.headers = {{"Content-Type", status == 200 ? "text/event-stream" : "application/json"}};
    r.body = body;
    return r;
}

/// One SSE event as Anthropic frames it.
QByteArray ev(const QByteArray &name, const QByteArray &json)
{
    return "event: " + name + "\ndata: " + json + "\n\n";
}

QByteArray messageStart(const QByteArray &usage = R"({"input_tokens":10,"output_tokens":1})")
{
    return ev("message_start", R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"m","stop_reason":null,"stop_sequence":null,"usage":)"
                                   + usage + "}}");
}

QByteArray textBlock(int index, const QByteArray &text)
{
    const QByteArray i = QByteArray::number(index);
    return ev("content_block_start", R"({"type":"content_block_start","index":)" + i + R"(,"content_block":{"type":"text","text":""}})")
        + ev("content_block_delta", R"({"type":"content_block_delta","index":)" + i + R"(,"delta":{"type":"text_delta","text":")" + text + "\"}}")
        + ev("content_block_stop", R"({"type":"content_block_stop","index":)" + i + "}");
}

QByteArray messageDelta(const QByteArray &stopReason, const QByteArray &usage)
{
    return ev("message_delta", R"({"type":"message_delta","delta":{"stop_reason":)" + stopReason
                                   + R"(,"stop_sequence":null},"usage":)" + usage + "}");
}

const QByteArray stop = ev("message_stop", R"({"type":"message_stop"})");

/// Whole, byte by byte, random slices, and split at every byte boundary: each must give `expected`.
void checkEverySplit(const Server::Response &r, const QStringList &expected)
{
    const QStringList whole = Test::decodeWhole(makeDecoder, r);
    if (whole != expected) {
        qWarning().noquote() << "got:\n " << whole.join(u"\n  "_s);
        QCOMPARE(whole, expected);
    }
    QCOMPARE(Test::decodeBytewise(makeDecoder, r), expected);
    for (quint32 seed : {1u, 2u, 3u, 4u, 5u})
        QCOMPARE(Test::decodeRandom(makeDecoder, r, seed), expected);

    // Boundary k: the first k bytes one at a time (copying that decoder), the rest in one piece.
    AnthropicDecoder prefix;
    std::vector<StreamEvent> prefixEvents;
    prefix.begin(r.status, r.headers);
    for (qsizetype cut = 0; cut <= r.body.size(); ++cut) {
        AnthropicDecoder decoder = prefix;
        std::vector<StreamEvent> events = prefixEvents;
        decoder.feed(QByteArrayView(r.body).sliced(cut), events);
        decoder.finish(events);
        const QStringList got = Test::describeEvents(events);
        if (got != expected)
            QFAIL(qPrintable(u"split at byte %1 differs:\n  %2"_s.arg(cut).arg(got.join(u"\n  "_s))));
        if (cut < r.body.size())
            prefix.feed(QByteArrayView(r.body).sliced(cut, 1), prefixEvents);
    }
}

} // namespace

class TestAnthropicDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fixtures_data();
    void fixtures();
    void synthetic_data();
    void synthetic();
    void truncatedFixture_data();
    void truncatedFixture();
    void sawMessageStop();
};

void TestAnthropicDecoder::fixtures_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QStringList>("expected");
    for (const auto &[name, expected] : AnthropicExpected::fixtures())
        QTest::newRow(name.toUtf8().constData()) << name << expected;
}

void TestAnthropicDecoder::fixtures()
{
    QFETCH(QString, fixture);
    QFETCH(QStringList, expected);
    if (!QFile::exists(Server::fixturePath(fixture)))
        QSKIP("fixture missing: ../shared is not beside the checkout");
    const Server::Response r = Server::fromFixtureName(fixture);
    QVERIFY2(r.status != 0, qPrintable(r.reason));
    checkEverySplit(r, expected);
}

void TestAnthropicDecoder::synthetic_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("expected");

    // Usage with cache fields: 5 + 3000 read + 1200 written = 4205 input. message_delta repeats
    // the input fields (must not double), then omits them, then sends them as null.
    QTest::newRow("usage-cache-cumulative") << 200
        << messageStart(R"({"input_tokens":5,"cache_creation_input_tokens":1200,"cache_read_input_tokens":3000,"output_tokens":1})")
               + textBlock(0, "Hi")
               + messageDelta("null", R"({"input_tokens":5,"cache_creation_input_tokens":1200,"cache_read_input_tokens":3000,"output_tokens":42})")
               + messageDelta(R"("end_turn")", R"({"output_tokens":50})")
               + messageDelta("null", R"({"input_tokens":null,"cache_read_input_tokens":null,"output_tokens":57,"output_tokens_details":{"thinking_tokens":20}})")
               + stop
        << QStringList{u"meta msg_1"_s, u"usage in=4205 cached=3000 write=1200 out=1 reasoning=-1"_s, u"text Hi"_s,
                       u"usage in=4205 cached=3000 write=1200 out=42 reasoning=-1"_s, u"finish end_turn"_s,
                       u"usage in=4205 cached=3000 write=1200 out=50 reasoning=-1"_s,
                       u"usage in=4205 cached=3000 write=1200 out=57 reasoning=20"_s};
    // message_delta reporting input fields for the first time (2026 schema): 7 + 0 + 64 = 71.
    QTest::newRow("usage-input-late") << 200
        << messageStart(R"({"input_tokens":7,"output_tokens":1})") + textBlock(0, "x")
               + messageDelta(R"("max_tokens")", R"({"cache_read_input_tokens":64,"cache_creation_input_tokens":0,"output_tokens":3})")
               + stop
        << QStringList{u"meta msg_1"_s, u"usage in=7 cached=-1 write=-1 out=1 reasoning=-1"_s, u"text x"_s,
                       u"finish max_tokens"_s, u"usage in=71 cached=64 write=0 out=3 reasoning=-1"_s};
    // Only the TTL split of the writes: 100 + 50 = 150 written; 10 + 150 = 160 input.
    QTest::newRow("usage-cache-creation-split") << 200
        << messageStart(R"({"input_tokens":10,"cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":50},"output_tokens":1})")
               + messageDelta(R"("end_turn")", R"({"output_tokens":2})") + stop
        << QStringList{u"meta msg_1"_s, u"usage in=160 cached=-1 write=150 out=1 reasoning=-1"_s, u"finish end_turn"_s,
                       u"usage in=160 cached=-1 write=150 out=2 reasoning=-1"_s};
    // Thinking first (signature_delta ignored), a redacted_thinking block (nothing), then text.
    QTest::newRow("thinking-signature") << 200
        << messageStart()
               + ev("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}})")
               + ev("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think"}})")
               + ev("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":" twice."}})")
               + ev("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"}})")
               + ev("content_block_stop", R"({"type":"content_block_stop","index":0})")
               + ev("content_block_start", R"({"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"}})")
               + ev("content_block_stop", R"({"type":"content_block_stop","index":1})")
               + textBlock(2, "Four.")
               + messageDelta(R"("end_turn")", R"({"output_tokens":30,"output_tokens_details":{"thinking_tokens":12}})") + stop
        << QStringList{u"meta msg_1"_s, u"usage in=10 cached=-1 write=-1 out=1 reasoning=-1"_s,
                       u"reasoning Let me think"_s, u"reasoning  twice."_s, u"text Four."_s, u"finish end_turn"_s,
                       u"usage in=10 cached=-1 write=-1 out=30 reasoning=12"_s};
    // Two tool calls: one assembled from pieces (spaces dropped), one with no deltas ("{}"),
    // one whose input came whole in content_block_start.
    QTest::newRow("tool-use-assembled") << 200
        << messageStart()
               + ev("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_A","name":"lookup","input":{}}})")
               + ev("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":""}})")
               + ev("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"q\": [1, "}})")
               + ev("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"2], \"deep\": {\"x\": true}}"}})")
               + ev("content_block_stop", R"({"type":"content_block_stop","index":0})")
               + ev("content_block_start", R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_B","name":"now","input":{}}})")
               + ev("content_block_stop", R"({"type":"content_block_stop","index":1})")
               + ev("content_block_start", R"({"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_C","name":"echo","input":{"a": 1}}})")
               + ev("content_block_stop", R"({"type":"content_block_stop","index":2})")
               + messageDelta(R"("tool_use")", R"({"output_tokens":9})") + stop
        << QStringList{u"meta msg_1"_s, u"usage in=10 cached=-1 write=-1 out=1 reasoning=-1"_s,
                       u"tool toolu_A lookup {\"deep\":{\"x\":true},\"q\":[1,2]}"_s, u"tool toolu_B now {}"_s,
                       u"tool toolu_C echo {\"a\":1}"_s, u"finish tool_use"_s,
                       u"usage in=10 cached=-1 write=-1 out=9 reasoning=-1"_s};
    // A tool call cut short: its raw text is reported as a JSON string, then truncation.
    QTest::newRow("tool-use-truncated") << 200
        << messageStart()
               + ev("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_A","name":"lookup","input":{}}})")
               + ev("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Par"}})")
        << QStringList{u"meta msg_1"_s, u"usage in=10 cached=-1 write=-1 out=1 reasoning=-1"_s,
                       u"tool toolu_A lookup \"{\\\"city\\\": \\\"Par\""_s,
                       u"error truncated 0: The stream ended before message_stop"_s};
    QTest::newRow("stop-sequence-padded-crlf") << 200
        << QByteArray(messageStart() + textBlock(0, "a")
                      + "event: message_delta\ndata:   {\"type\" : \"message_delta\" , \"delta\" : {\"stop_reason\" : \"stop_sequence\", \"stop_sequence\" : \"END\"} , \"usage\" : {\"output_tokens\" : 4}  }  \n\n"
                      + "event: message_stop\ndata: {\"type\":\"message_stop\"       }\n\n")
               .replace("\n", "\r\n")
        << QStringList{u"meta msg_1"_s, u"usage in=10 cached=-1 write=-1 out=1 reasoning=-1"_s, u"text a"_s,
                       u"finish stop_sequence"_s, u"usage in=10 cached=-1 write=-1 out=4 reasoning=-1"_s};
    // Unknown events, block types and delta types are ignored; so are comments and events after message_stop.
    QTest::newRow("unknown-ignored") << 200
        << messageStart() + ": keep-alive\n\n" + ev("ping", R"({"type": "ping"})") + "event: ping\ndata:\n\n"
               + ev("future_event", R"({"type":"future_event","x":[1,2]})")
               + ev("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}})")
               + ev("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{}"}})")
               + ev("content_block_stop", R"({"type":"content_block_stop","index":0})")
               + ev("content_block_delta", R"({"type":"content_block_delta","index":1,"delta":{"type":"citations_delta","citation":{}}})")
               + textBlock(1, "ok") + messageDelta(R"("pause_turn")", R"({"output_tokens":5})") + stop
               + textBlock(2, "after the end")
        << QStringList{u"meta msg_1"_s, u"usage in=10 cached=-1 write=-1 out=1 reasoning=-1"_s, u"text ok"_s,
                       u"finish pause_turn"_s, u"usage in=10 cached=-1 write=-1 out=5 reasoning=-1"_s};
    QTest::newRow("midstream-overloaded_error") << 200
        << messageStart() + textBlock(0, "par")
               + ev("error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})") + stop
        << QStringList{u"meta msg_1"_s, u"usage in=10 cached=-1 write=-1 out=1 reasoning=-1"_s, u"text par"_s,
                       u"error overloaded 0: Overloaded"_s};
    QTest::newRow("midstream-rate-limit") << 200
        << messageStart() + ev("error", R"({"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}})")
        << QStringList{u"meta msg_1"_s, u"usage in=10 cached=-1 write=-1 out=1 reasoning=-1"_s,
                       u"error rate-limit 0: Number of request tokens has exceeded your per-minute rate limit"_s};
    QTest::newRow("midstream-api-error") << 200
        << messageStart() + ev("error", R"({"type":"error","error":{"type":"api_error","message":"Internal server error"}})")
        << QStringList{u"meta msg_1"_s, u"usage in=10 cached=-1 write=-1 out=1 reasoning=-1"_s,
                       u"error server 0: Internal server error"_s};
    QTest::newRow("data-not-json") << 200
        << messageStart() + "event: content_block_delta\ndata: {\"type\":\"content_blo\n\n" + stop
        << QStringList{u"meta msg_1"_s, u"usage in=10 cached=-1 write=-1 out=1 reasoning=-1"_s,
                       u"error malformed 0: The stream carried data that is not JSON: {\"type\":\"content_blo"_s};
    QTest::newRow("not-sse") << 200 << QByteArray("<html><body>Bad gateway</body></html>\n")
        << QStringList{u"error malformed 0: The stream is not server-sent events: <html><body>Bad gateway</body></html>"_s};
    QTest::newRow("empty-body") << 200 << QByteArray()
        << QStringList{u"error truncated 0: The server closed the connection without sending an answer"_s};
    // A server that ignored "stream": one whole Message.
    QTest::newRow("whole-message-json") << 200
        << QByteArray(R"({"id":"msg_W","type":"message","role":"assistant","model":"m","content":[{"type":"thinking","thinking":"hm","signature":"x"},{"type":"text","text":"Hello"},{"type":"tool_use","id":"toolu_W","name":"f","input":{"k": "v"}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":3,"cache_read_input_tokens":4,"cache_creation_input_tokens":0,"output_tokens":8}})")
        << QStringList{u"meta msg_W"_s, u"reasoning hm"_s, u"text Hello"_s, u"tool toolu_W f {\"k\":\"v\"}"_s,
                       u"finish tool_use"_s, u"usage in=7 cached=4 write=0 out=8 reasoning=-1"_s};
    QTest::newRow("http-529") << 529
        << QByteArray(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"})")
        << QStringList{u"error overloaded 529: Overloaded"_s};
    QTest::newRow("http-401-sse-body-ignored") << 401
        << QByteArray(R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_2"})")
        << QStringList{u"error auth 401: invalid x-api-key"_s};
}

void TestAnthropicDecoder::synthetic()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QStringList, expected);
    checkEverySplit(sseResponse(body, status), expected);
}

void TestAnthropicDecoder::truncatedFixture_data()
{
    QTest::addColumn<QByteArray>("cutBefore"); // the body is cut where this text starts
    QTest::addColumn<int>("offset");           // ...plus this many bytes
    QTest::addColumn<QStringList>("expected");
    const QString meta = u"meta msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK"_s;
    const QString usage1 = u"usage in=11 cached=-1 write=-1 out=1 reasoning=-1"_s;
    const QString before = u"error truncated 0: The stream ended before message_stop"_s;
    const QString inside = u"error truncated 0: The stream ended in the middle of an event, before message_stop"_s;
    QTest::newRow("inside-message_start") << QByteArray("\"usage\"") << 0 << QStringList{inside};
    QTest::newRow("after-message_start") << QByteArray("event: content_block_start") << 0 << QStringList{meta, usage1, before};
    QTest::newRow("inside-text-delta") << QByteArray("\" there\"") << 0
        << QStringList{meta, usage1, u"text Hello"_s, inside};
    QTest::newRow("after-message_delta") << QByteArray("event: message_stop") << 0
        << QStringList{meta, usage1, u"text Hello"_s, u"text  there"_s, u"text !"_s, u"finish end_turn"_s,
                       u"usage in=11 cached=-1 write=-1 out=6 reasoning=-1"_s, before};
    // "data: {"type":"message_stop"}" without its line end: the line itself may be incomplete.
    QTest::newRow("message_stop-line-unended") << QByteArray("{\"type\":\"message_stop\"}") << 23
        << QStringList{meta, usage1, u"text Hello"_s, u"text  there"_s, u"text !"_s, u"finish end_turn"_s,
                       u"usage in=11 cached=-1 write=-1 out=6 reasoning=-1"_s, inside};
}

void TestAnthropicDecoder::truncatedFixture()
{
    QFETCH(QByteArray, cutBefore);
    QFETCH(int, offset);
    QFETCH(QStringList, expected);
    const QString name = u"anthropic-stream-text.txt"_s;
    if (!QFile::exists(Server::fixturePath(name)))
        QSKIP("fixture missing: ../shared is not beside the checkout");
    Server::Response r = Server::fromFixtureName(name);
    const qsizetype at = r.body.indexOf(cutBefore);
    QVERIFY(at > 0);
    r.body.truncate(at + offset);
    checkEverySplit(r, expected);
}

void TestAnthropicDecoder::sawMessageStop()
{
    AnthropicDecoder decoder;
    std::vector<StreamEvent> events;
    decoder.begin(200, {});
    decoder.feed(messageStart() + textBlock(0, "a"), events);
    QVERIFY(!decoder.sawMessageStop());
    decoder.feed(stop, events);
    QVERIFY(decoder.sawMessageStop());
    decoder.finish(events);
    QCOMPARE(Test::describeEvents(events).last(), u"text a"_s);
}

QTEST_GUILESS_MAIN(TestAnthropicDecoder)
#include "tst_anthropicdecoder.moc"
