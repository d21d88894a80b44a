#include <QFile>
#include <QTest>

#include "adaptertestkit.h"
#include "providers/ollama/ollamadecoder.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using namespace Crucible::Test;

class TestOllamaDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chatTextFixture();
    void chatToolsFixture();
    void generateFixture();
    void midstreamErrorFixture();
    void errorJsonFixture();
    void synthetic_data();
    void synthetic();
    void httpErrors();
    void truncation_data();
    void truncation();
};

namespace {

using Server = FakeProviderServer;

const DecoderFactory make = [] { return std::make_unique<OllamaDecoder>(); };

Server::Response ndjson(const QByteArray &body, int status = 200)
{
    Server::Response r;
    r.status = status;
    r.headers = {{"Content-Type", status == 200 ? "application/x-ndjson" : "application/json"}};
    r.body = body;
    return r;
}

/// Whole, byte by byte and five random slicings must all give `expected`.
void checkAllSplits(const Server::Response &r, const QStringList &expected)
{
    QCOMPARE(decodeWhole(make, r), expected);
    QCOMPARE(decodeBytewise(make, r), expected);
    for (quint32 seed = 1; seed <= 5; ++seed)
        QCOMPARE(decodeRandom(make, r, seed, int(seed) * 7), expected);
}

const QByteArray garbage("\x00\xff\xfe garbage \x01\x02", 14);

} // namespace

void TestOllamaDecoder::chatTextFixture()
{
    SKIP_WITHOUT_SHARED(u"ollama-chat-stream-text.ndjson.txt"_s);
    const Server::Response r = Server::fromFixtureName(u"ollama-chat-stream-text.ndjson.txt"_s);
    QCOMPARE(r.status, 200);
    // The done line has no done_reason: "stop". prompt_eval_count 26, eval_count 282; Ollama
    // reports no cached or reasoning split (-1 = not reported).
    checkAllSplits(r, {u"text The"_s, u"usage in=26 cached=-1 write=-1 out=282 reasoning=-1"_s, u"finish stop"_s});
}

void TestOllamaDecoder::chatToolsFixture()
{
    SKIP_WITHOUT_SHARED(u"ollama-chat-stream-tools.ndjson.txt"_s);
    const Server::Response r = Server::fromFixtureName(u"ollama-chat-stream-tools.ndjson.txt"_s);
    // The call has no id: "call_0". arguments is an object, dumped compact.
    checkAllSplits(r, {u"tool call_0 get_weather {\"city\":\"Tokyo\"}"_s,
                       u"usage in=169 cached=-1 write=-1 out=15 reasoning=-1"_s, u"finish stop"_s});
}

void TestOllamaDecoder::generateFixture()
{
    SKIP_WITHOUT_SHARED(u"ollama-generate-stream.ndjson.txt"_s);
    const Server::Response r = Server::fromFixtureName(u"ollama-generate-stream.ndjson.txt"_s);
    // /api/generate lines: "response" is the text; the done line carries "!" and no counts.
    checkAllSplits(r, {u"text That"_s, u"text '"_s, u"text s"_s, u"text  a"_s, u"text  fantastic"_s,
                       u"text  question"_s, u"text !"_s, u"finish stop"_s});
}

void TestOllamaDecoder::midstreamErrorFixture()
{
    SKIP_WITHOUT_SHARED(u"ollama-error-midstream.ndjson.txt"_s);
    const Server::Response r = Server::fromFixtureName(u"ollama-error-midstream.ndjson.txt"_s);
    checkAllSplits(r, {u"text  Yes"_s, u"text ."_s, u"text I"_s, u"text can"_s,
                       u"error server 0: an error was encountered while running the model"_s});
}

void TestOllamaDecoder::errorJsonFixture()
{
    // The documented error body, pretty-printed over four lines. The fixture has no status line,
    // so it arrives as a 200 body: the first line "{" is not JSON, the body is read whole.
    SKIP_WITHOUT_SHARED(u"ollama-error-json.txt"_s);
    Server::Response r = Server::fromFixtureName(u"ollama-error-json.txt"_s);
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.startsWith("{\n"));
    checkAllSplits(r, {u"error server 0: the model failed to generate a response"_s});
    r.status = 500; // the same body as an HTTP error
    checkAllSplits(r, {u"error server 500: the model failed to generate a response"_s});
}

void TestOllamaDecoder::synthetic_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("thinking, content, length, prompt from cache")
        << R"({"model":"qwen3","message":{"role":"assistant","content":"","thinking":"Let me"},"done":false}
{"model":"qwen3","message":{"role":"assistant","content":"","thinking":" think."},"done":false}
{"model":"qwen3","message":{"role":"assistant","content":"Hi"},"done":false}
{"model":"qwen3","message":{"role":"assistant","content":""},"done":true,"done_reason":"length","total_duration":5,"eval_count":3,"eval_duration":2}
)"_ba
        << QStringList{u"reasoning Let me"_s, u"reasoning  think."_s, u"text Hi"_s,
                       u"usage in=-1 cached=-1 write=-1 out=3 reasoning=-1"_s, u"finish length"_s};
    QTest::newRow("CRLF, blank lines, last line without newline")
        << "{\"message\":{\"content\":\"a\"},\"done\":false}\r\n\r\n{\"message\":{\"content\":\"b\"},\"done\":true,\"done_reason\":\"STOP\",\"prompt_eval_count\":0,\"eval_count\":2}"_ba
        << QStringList{u"text a"_s, u"text b"_s, u"usage in=0 cached=-1 write=-1 out=2 reasoning=-1"_s, u"finish stop"_s};
    QTest::newRow("tool calls: id kept, string arguments, numbering")
        << R"({"message":{"role":"assistant","content":"","tool_calls":[{"id":"call_x1","function":{"index":0,"name":"a","arguments":"{ \"n\" : 1 }"}},{"function":{"name":"b","arguments":{}}}]},"done":false}
{"message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"c"}},{"function":{"name":"d","arguments":"not json"}}]},"done":false}
{"message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":10,"eval_count":4}
)"_ba
        << QStringList{u"tool call_x1 a {\"n\":1}"_s, u"tool call_1 b {}"_s, u"tool call_2 c {}"_s,
                       u"tool call_3 d \"not json\""_s, u"usage in=10 cached=-1 write=-1 out=4 reasoning=-1"_s,
                       u"finish stop"_s};
    QTest::newRow("model not found mid-stream")
        << "{\"error\":\"model 'llama9' not found, try pulling it first\"}\n"_ba
        << QStringList{u"error not-found 0: model 'llama9' not found, try pulling it first"_s};
    QTest::newRow("error object line")
        << "{\"message\":{\"content\":\"x\"},\"done\":false}\n{\"error\":{\"message\":\"server busy, overloaded\"}}\n{\"message\":{\"content\":\"late\"},\"done\":false}\n"_ba
        << QStringList{u"text x"_s, u"error overloaded 0: server busy, overloaded"_s};
    QTest::newRow("anything after done is ignored")
        << "{\"response\":\"ok\",\"done\":true}\n{\"response\":\"more\",\"done\":false}\n\x01junk"_ba
        << QStringList{u"text ok"_s, u"finish stop"_s};
    QTest::newRow("a line that is not JSON")
        << "{\"message\":{\"content\":\"x\"},\"done\":false}\n<html>oops</html>\n{\"done\":true}\n"_ba
        << QStringList{u"text x"_s, u"error malformed 0: The stream carried a line that is not JSON: <html>oops</html>"_s};
    QTest::newRow("a JSON line that is not an object")
        << "{\"message\":{\"content\":\"x\"},\"done\":false}\n42\n"_ba
        << QStringList{u"text x"_s, u"error malformed 0: The stream carried a line that is not JSON: 42"_s};
    QTest::newRow("garbage from the start")
        << garbage
        << QStringList{u"error malformed 0: The stream carried a line that is not JSON: "_s + QString::fromUtf8(garbage)};
    QTest::newRow("garbage after a line")
        << "{\"message\":{\"content\":\"x\"},\"done\":false}\n"_ba + garbage
        << QStringList{u"text x"_s, u"error malformed 0: The stream carried a line that is not JSON: "_s + QString::fromUtf8(garbage)};
    QTest::newRow("HTML page with status 200")
        << "<html>\n<body>Bad gateway</body>\n</html>\n"_ba
        << QStringList{u"error malformed 0: The stream carried a line that is not JSON: <html> <body>Bad gateway</body> </html>"_s};
    QTest::newRow("done false only")
        << "{\"message\":{\"content\":\"x\"},\"done\":false}\n"_ba
        << QStringList{u"text x"_s, u"error truncated 0: The stream ended before \"done\": true"_s};
}

void TestOllamaDecoder::synthetic()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, expected);
    checkAllSplits(ndjson(body), expected);
}

void TestOllamaDecoder::httpErrors()
{
    checkAllSplits(ndjson(R"({"error":"model 'llama9' not found, try pulling it first"})", 404),
                   {u"error not-found 404: model 'llama9' not found, try pulling it first"_s});
    checkAllSplits(ndjson(R"({"error":"registry.ollama.ai/library/x:latest does not support thinking"})", 400),
                   {u"error bad-request 400: registry.ollama.ai/library/x:latest does not support thinking"_s});
    Server::Response busy = ndjson(R"({"error":"server busy, please try again.  maximum pending requests exceeded"})", 503);
    checkAllSplits(busy, {u"error server 503: server busy, please try again. maximum pending requests exceeded"_s});
    checkAllSplits(ndjson("", 502), {u"error server 502: HTTP 502"_s});
}

void TestOllamaDecoder::truncation_data()
{
    QTest::addColumn<int>("cut"); // bytes kept of the tools fixture; -N: all but N
    QTest::addColumn<QStringList>("expected");
    const QString cutLine = u"error truncated 0: The stream ended in the middle of a line, before \"done\": true"_s;
    const QString noDone = u"error truncated 0: The stream ended before \"done\": true"_s;
    const QString tool = u"tool call_0 get_weather {\"city\":\"Tokyo\"}"_s;
    QTest::newRow("nothing") << 0 << QStringList{u"error truncated 0: The server closed the connection without sending an answer"_s};
    QTest::newRow("inside the first line") << 40 << QStringList{cutLine};
    QTest::newRow("first line without its newline") << -(1 + 290) << QStringList{tool, noDone};
    QTest::newRow("after the first line") << -290 << QStringList{tool, noDone};
    QTest::newRow("inside the done line") << -30 << QStringList{tool, cutLine};
    QTest::newRow("done line without its newline") << -1 << QStringList{tool, u"usage in=169 cached=-1 write=-1 out=15 reasoning=-1"_s, u"finish stop"_s};
}

void TestOllamaDecoder::truncation()
{
    QFETCH(int, cut);
    QFETCH(QStringList, expected);
    SKIP_WITHOUT_SHARED(u"ollama-chat-stream-tools.ndjson.txt"_s);
    Server::Response r = Server::fromFixtureName(u"ollama-chat-stream-tools.ndjson.txt"_s);
    const QList<QByteArray> lines = r.body.split('\n');
    QCOMPARE(lines.size(), 3); // two lines and the final newline
    QCOMPARE(lines.at(1).size(), 289); // the done line: "-290" cuts right after the first line
    r.body.truncate(cut >= 0 ? cut : r.body.size() + cut);
    checkAllSplits(r, expected);
}

QTEST_GUILESS_MAIN(TestOllamaDecoder)
#include "tst_ollamadecoder.moc"
