#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include "transport/httprequest.h"
#include "transport/sseparser.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

/// "event|data|id" per event: one comparable line per event, readable in a failure message.
QByteArrayList describe(const std::vector<SseEvent> &events)
{
    QByteArrayList out;
    for (const SseEvent &e : events)
        out << e.event + '|' + e.data + '|' + e.id;
    return out;
}

struct ParseResult
{
    QByteArrayList events;
    bool pending = false;
};

/// Feeds wire cut at the given ascending offsets (each in 1..size-1).
ParseResult parseSplit(const QByteArray &wire, const QList<qsizetype> &cuts)
{
    SseParser parser;
    std::vector<SseEvent> events;
    qsizetype from = 0;
    for (qsizetype cut : cuts) {
        parser.feed(QByteArrayView(wire).sliced(from, cut - from), events);
        from = cut;
    }
    parser.feed(QByteArrayView(wire).sliced(from), events);
    return {describe(events), parser.hasPendingData()};
}

ParseResult parseBytewise(const QByteArray &wire)
{
    SseParser parser;
    std::vector<SseEvent> events;
    for (qsizetype i = 0; i < wire.size(); ++i)
        parser.feed(QByteArrayView(wire).sliced(i, 1), events);
    return {describe(events), parser.hasPendingData()};
}

/// Fixture body: the leading "# source: ..." line(s) are annotations, not wire data.
QByteArray fixtureBody(const QString &name)
{
    QFile file(QStringLiteral(CRUCIBLE_SHARED_DIR) + u"/reference/fixtures/"_s + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray bytes = file.readAll();
    while (bytes.startsWith("# ")) {
        const qsizetype lf = bytes.indexOf('\n');
        bytes = lf < 0 ? QByteArray() : bytes.mid(lf + 1);
    }
    return bytes;
}

QByteArrayList ev(const char *event, const char *data, const char *id = "")
{
    return {QByteArray(event) + '|' + QByteArray(data) + '|' + QByteArray(id)};
}

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void events_data();
    void events();
    void fixtures_data();
    void fixtures();
    void resetClearsState();
    void ndjson_data();
    void ndjson();
    void headerLookup();
};

void TestSseParser::events_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QByteArrayList>("expected");
    QTest::addColumn<bool>("pending");

    QTest::newRow("lf") << "data: a\n\n"_ba << ev("", "a") << false;
    QTest::newRow("crlf") << "data: a\r\n\r\n"_ba << ev("", "a") << false;
    QTest::newRow("cr") << "data: a\r\rdata: b\r\r"_ba << (ev("", "a") + ev("", "b")) << false;
    QTest::newRow("mixed line ends")
        << "data: a\r\ndata: b\rdata: c\n\r\n"_ba << ev("", "a\nb\nc") << false;
    QTest::newRow("no space after colon") << "data:{\"x\":1}\n\n"_ba << ev("", "{\"x\":1}") << false;
    QTest::newRow("only one space stripped") << "data:  two\n\n"_ba << ev("", " two") << false;
    QTest::newRow("multi-line data") << "data: a\ndata: b\ndata:\n\n"_ba << ev("", "a\nb\n") << false;
    QTest::newRow("empty data dispatches") << "data:\n\n"_ba << ev("", "") << false;
    QTest::newRow("field without colon") << "data\n\n"_ba << ev("", "") << false;
    QTest::newRow("comment") << ": ping\n\n"_ba << QByteArrayList{} << false;
    QTest::newRow("comments between data")
        << ": OPENROUTER PROCESSING\ndata: x\n: keep-alive\ndata: y\n\n"_ba << ev("", "x\ny") << false;
    QTest::newRow("event name") << "event: ping\ndata: {}\n\n"_ba << ev("ping", "{}") << false;
    QTest::newRow("event name resets") << "event: a\ndata: 1\n\ndata: 2\n\n"_ba
                                       << (ev("a", "1") + ev("", "2")) << false;
    QTest::newRow("event without data dropped")
        << "event: lonely\n\nevent: x\ndata: y\n\n"_ba << ev("x", "y") << false;
    QTest::newRow("id persists") << "id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n"_ba
                                 << (ev("", "a", "7") + ev("", "b", "7") + ev("", "c")) << false;
    QTest::newRow("retry and unknown ignored") << "retry: 10\nfoo: bar\ndata: z\n\n"_ba
                                               << ev("", "z") << false;
    QTest::newRow("colon in value") << "data: a: b :c\n\n"_ba << ev("", "a: b :c") << false;
    QTest::newRow("padded json")
        << "event: message_stop\ndata: {\"type\":\"message_stop\"       }\n\n"_ba
        << ev("message_stop", "{\"type\":\"message_stop\"       }") << false;
    QTest::newRow("done") << "data: [DONE]\n\n"_ba << ev("", "[DONE]") << false;
    QTest::newRow("bom") << "\xEF\xBB\xBF" "data: a\n\n"_ba << ev("", "a") << false;
    QTest::newRow("utf8 data") << "data: h\xC3\xA9llo \xE2\x9C\x93\n\n"_ba
                               << ev("", "h\xC3\xA9llo \xE2\x9C\x93") << false;
    QTest::newRow("unterminated event") << "data: a\n\ndata: b\n"_ba << ev("", "a") << true;
    QTest::newRow("unterminated line") << "data: a\n\ndata: b"_ba << ev("", "a") << true;
    QTest::newRow("trailing cr is a line end") << "data: a\r\r"_ba << ev("", "a") << false;
    QTest::newRow("blank lines only") << "\n\r\n\r\n"_ba << QByteArrayList{} << false;
    QTest::newRow("empty") << QByteArray() << QByteArrayList{} << false;
}

void TestSseParser::events()
{
    QFETCH(QByteArray, wire);
    QFETCH(QByteArrayList, expected);
    QFETCH(bool, pending);

    const ParseResult whole = parseSplit(wire, {});
    QCOMPARE(whole.events, expected);
    QCOMPARE(whole.pending, pending);

    const ParseResult bytewise = parseBytewise(wire);
    QCOMPARE(bytewise.events, expected);
    QCOMPARE(bytewise.pending, pending);

    for (qsizetype i = 1; i < wire.size(); ++i) {
        const ParseResult r = parseSplit(wire, {i});
        QVERIFY2(r.events == expected && r.pending == pending, qPrintable(u"split at %1"_s.arg(i)));
        for (qsizetype j = i + 1; j < wire.size(); ++j) { // and every pair of cuts: 3 slices
            const ParseResult r3 = parseSplit(wire, {i, j});
            QVERIFY2(r3.events == expected && r3.pending == pending,
                     qPrintable(u"split at %1 and %2"_s.arg(i).arg(j)));
        }
    }
}

void TestSseParser::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("count");      // events by the spec (a last event without blank line is not one)
    QTest::addColumn<bool>("pending");   // the fixture ends inside an event
    QTest::addColumn<QByteArray>("firstEvent");
    QTest::addColumn<QByteArray>("lastData");

    QTest::newRow("gemini crlf") << u"gemini-stream-single-chunk-thoughts.txt"_s << 1 << false
                                 << QByteArray() << QByteArray();
    QTest::newRow("gemini multichunk crlf") << u"gemini-stream-text-multichunk.txt"_s << 6 << false
                                            << QByteArray() << QByteArray();
    QTest::newRow("openai chat") << u"openai-chat-stream-text-usage.txt"_s << 34 << false
                                 << QByteArray() << "[DONE]"_ba;
    // The recorded Anthropic bodies stop right after the last data line (no blank line).
    QTest::newRow("anthropic") << u"anthropic-stream-text.txt"_s << 8 << true << "message_start"_ba
                               << "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                                  "\"stop_sequence\":null},\"usage\":{\"output_tokens\":6}}"_ba;
    QTest::newRow("anthropic padded json") << u"anthropic-stream-midstream-error.txt"_s << 3 << true
                                           << "message_start"_ba << "{\"type\": \"ping\"}"_ba;
    QTest::newRow("openai responses") << u"openai-responses-stream-text.txt"_s << 24 << true
                                      << "response.created"_ba << QByteArray();
}

void TestSseParser::fixtures()
{
    QFETCH(QString, file);
    QFETCH(int, count);
    QFETCH(bool, pending);
    QFETCH(QByteArray, firstEvent);
    QFETCH(QByteArray, lastData);

    const QByteArray wire = fixtureBody(file);
    QVERIFY2(!wire.isEmpty(), qPrintable(file));
    QVERIFY(!wire.startsWith('#'));

    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed(wire, events);
    QCOMPARE(int(events.size()), count);
    QCOMPARE(parser.hasPendingData(), pending);
    QCOMPARE(events.front().event, firstEvent);
    if (!lastData.isEmpty())
        QCOMPARE(events.back().data, lastData);
    for (const SseEvent &e : events) {
        QVERIFY2(!e.data.contains('\r') && !e.data.contains('\n'), e.data.constData());
        if (e.data != "[DONE]") {
            QJsonParseError error;
            QJsonDocument::fromJson(e.data, &error);
            QVERIFY2(error.error == QJsonParseError::NoError, e.data.constData());
        }
    }
    const QByteArrayList expected = describe(events);

    QCOMPARE(parseBytewise(wire).events, expected);
    for (qsizetype i = 1; i < wire.size(); ++i) {
        const ParseResult r = parseSplit(wire, {i});
        QVERIFY2(r.events == expected && r.pending == pending, qPrintable(u"split at %1"_s.arg(i)));
    }
    QRandomGenerator rng(42);
    for (int round = 0; round < 50; ++round) {
        QList<qsizetype> cuts;
        for (qsizetype at = rng.bounded(1, 40); at < wire.size(); at += rng.bounded(1, 40))
            cuts << at;
        QCOMPARE(parseSplit(wire, cuts).events, expected);
    }
}

void TestSseParser::resetClearsState()
{
    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed("id: 1\nevent: x\ndata: half", events);
    QVERIFY(parser.hasPendingData());
    parser.reset();
    QVERIFY(!parser.hasPendingData());
    parser.feed("data: y\n\n", events);
    QCOMPARE(describe(events), ev("", "y"));
}

void TestSseParser::ndjson_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QByteArrayList>("expected");

    QTest::newRow("lf") << "{\"a\":1}\n{\"b\":2}\n"_ba << QByteArrayList{"{\"a\":1}", "{\"b\":2}"};
    QTest::newRow("crlf") << "{\"a\":1}\r\n{\"b\":2}\r\n"_ba << QByteArrayList{"{\"a\":1}", "{\"b\":2}"};
    QTest::newRow("empty lines skipped") << "\n{\"a\":1}\n\n\r\n  \n{\"b\":2}\n"_ba
                                         << QByteArrayList{"{\"a\":1}", "{\"b\":2}"};
    QTest::newRow("no final newline") << "{\"a\":1}\n{\"b\":2}"_ba
                                      << QByteArrayList{"{\"a\":1}", "{\"b\":2}"};
    QTest::newRow("empty") << QByteArray() << QByteArrayList{};
    const QByteArray ollama = fixtureBody(u"ollama-generate-stream.ndjson.txt"_s);
    QTest::newRow("ollama fixture") << ollama << ollama.trimmed().split('\n');
}

void TestSseParser::ndjson()
{
    QFETCH(QByteArray, wire);
    QFETCH(QByteArrayList, expected);

    auto run = [&](qsizetype step, qsizetype firstCut) {
        NdjsonSplitter splitter;
        std::vector<QByteArray> lines;
        qsizetype from = 0;
        if (firstCut > 0) {
            splitter.feed(QByteArrayView(wire).first(firstCut), lines);
            from = firstCut;
        }
        for (; from < wire.size(); from += step)
            splitter.feed(QByteArrayView(wire).sliced(from, qMin(step, wire.size() - from)), lines);
        splitter.finish(lines);
        return QByteArrayList(lines.begin(), lines.end());
    };
    QCOMPARE(run(wire.size() + 1, 0), expected);
    QCOMPARE(run(1, 0), expected);
    for (qsizetype i = 1; i < wire.size(); ++i)
        QVERIFY2(run(wire.size(), i) == expected, qPrintable(u"split at %1"_s.arg(i)));
}

void TestSseParser::headerLookup()
{
    const HttpHeaders headers{{"Content-Type", "text/event-stream"},
                              {"x-request-id", "req_1"},
                              {"X-Request-Id", "req_2"}};
    QCOMPARE(headerValue(headers, "content-type"), "text/event-stream"_ba);
    QCOMPARE(headerValue(headers, "CONTENT-TYPE"), "text/event-stream"_ba);
    QCOMPARE(headerValue(headers, "X-REQUEST-ID"), "req_1"_ba); // first one wins
    QCOMPARE(headerValue(headers, "retry-after"), QByteArray());
    QCOMPARE(headerValue(headers, "content-typ"), QByteArray());
    QCOMPARE(headerValue({}, "a"), QByteArray());
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
