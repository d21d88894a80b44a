// GeminiDecoder against the captured Gemini fixtures (expectations written by hand from the files)
// and against the framing rules: CRLF and LF, any split, truncation. Chunk contents (thoughts,
// function calls, usage, finish reasons, blocked prompts, errors): tst_geminichunks.cpp.

#include <QFile>
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

const QString MultiId = u"otSfaMfSOu3xn9kP5pnMyQ4"_s;

/// The text pieces of gemini-stream-text-multichunk.txt, copied from its six data events.
const QStringList MultiTexts{
    u"Rain"_s,
    u" lashed against the bakery window. Inside, Mrs. Higgins kneaded dough, her"_s,
    u" face etched with worry. The town was flooded, no customers in sight. Suddenly"_s,
    u", a drenched figure stumbled in, eyes wide with fear. \"My baby,\" he croaked, \"stranded upstairs.\"\n\nWithout a word, Mrs. Higgins grabbed a rope"_s,
    u" and her sturdiest loaf. \"He'll need this later,\" she muttered, handing it to him. Then, facing the storm, she secured"_s,
    u" the rope, urging him to follow her. One by one, they pulled themselves towards the house, the smell of warm bread a beacon in the tempest.\n"_s,
};

/// Hand-written from each file. Usage: promptTokenCount is 12 on the first five chunks (only
/// the first is reported: the rest repeat it) and 11 on the last, with candidatesTokenCount 132
/// and no thoughts: in=11 out=132+0. Thoughts fixture: prompt 8, candidates 7, thoughts 23 ->
/// out = 7 + 23 = 30 (totalTokenCount 38 = 8 + 30).
QMap<QString, QStringList> expectations()
{
    QStringList multi{u"meta "_s + MultiId, u"text "_s + MultiTexts[0],
                      u"usage in=12 cached=0 write=-1 out=0 reasoning=0"_s};
    for (int i = 1; i < MultiTexts.size(); ++i)
        multi << u"text "_s + MultiTexts[i];
    multi << u"usage in=11 cached=0 write=-1 out=132 reasoning=0"_s << u"finish stop"_s;
    return {
        {u"gemini-stream-text-multichunk.txt"_s, multi},
        {u"gemini-stream-single-chunk-thoughts.txt"_s,
         {u"meta 4HkhaaajEJaY0-kPyI_b2A4"_s, u"text 1, 2, 3"_s,
          u"usage in=8 cached=0 write=-1 out=30 reasoning=23"_s, u"finish stop"_s}},
        {u"gemini-error-404-on-stream.txt"_s,
         {u"error not-found 404: models/custom-gemini-2.0-flash is not found for API version v1beta, or is "
          "not supported for generateContent. Call ListModels to see the list of available models and their "
          "supported methods."_s}},
        // No status line: served as 200 with the JSON error document, classified by its code.
        {u"gemini-error-429-resource-exhausted.txt"_s,
         {u"error rate-limit 429 retry=53: You exceeded your current quota... Please retry in 53.016342224s."_s}},
    };
}

bool isGeminiNativeFixture(const QString &name)
{
    return name.startsWith("gemini-"_L1) && !name.startsWith("gemini-openai-compat-"_L1);
}

/// Whole, byte by byte and random splits (several seeds and slice sizes) must all give `expected`.
void checkSplits(const Server::Response &r, const QStringList &expected)
{
    const QStringList whole = decodeWhole(makeDecoder, r);
    if (whole != expected)
        qWarning().noquote() << "got:\n " << whole.join(u"\n  "_s);
    QCOMPARE(whole, expected);
    QCOMPARE(decodeBytewise(makeDecoder, r), expected);
    for (quint32 seed = 1; seed <= 6; ++seed) {
        QCOMPARE(decodeRandom(makeDecoder, r, seed, 5), expected);
        QCOMPARE(decodeRandom(makeDecoder, r, seed, 64), expected);
    }
}

Server::Response sseResponse(const QByteArray &body)
{
    Server::Response r;
    r.headers = {{"Content-Type", "text/event-stream"}};
    r.body = body;
    return r;
}

QByteArray toLf(QByteArray body)
{
    return body.replace("\r\n", "\n");
}

} // namespace

class TestGeminiDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyGeminiFixtureHasAnExpectation();
    void fixtures_data();
    void fixtures();
    void lfFramingGivesTheSameEvents();
    void crOnlyFramingGivesTheSameEvents();
    void missingFinalBlankLineIsStillRead();
    void eofBeforeFinishReasonIsTruncated_data();
    void eofBeforeFinishReasonIsTruncated();
    void emptyBodyIsTruncated();
    void usageIsNeverSummed();
    void commentsAndBomAreSkipped();
};

void TestGeminiDecoder::everyGeminiFixtureHasAnExpectation()
{
    SKIP_WITHOUT_SHARED(u"gemini-stream-text-multichunk.txt"_s);
    const QMap<QString, QStringList> known = expectations();
    for (const QString &name : known.keys())
        QVERIFY2(QFile::exists(Server::fixturePath(name)), qPrintable(name));
    for (const QString &name : Server::fixtureNames()) {
        if (isGeminiNativeFixture(name) && !known.contains(name))
            qWarning("%s: no hand-written expectation yet (checked for split consistency only)", qPrintable(name));
    }
}

void TestGeminiDecoder::fixtures_data()
{
    QTest::addColumn<QString>("fixture");
    QStringList names = Server::fixtureNames();
    if (names.isEmpty())
        names = expectations().keys(); // no ../shared: the rows skip
    for (const QString &name : names) {
        if (isGeminiNativeFixture(name))
            QTest::newRow(qPrintable(name)) << name;
    }
}

void TestGeminiDecoder::fixtures()
{
    QFETCH(QString, fixture);
    SKIP_WITHOUT_SHARED(fixture);
    const Server::Response r = Server::fromFixtureName(fixture);
    QVERIFY2(r.status != 0, qPrintable(r.reason));
    const QMap<QString, QStringList> known = expectations();
    if (known.contains(fixture)) {
        checkSplits(r, known.value(fixture));
        return;
    }
    // A capture without an expectation: every split agrees, and the stream ends in a verdict.
    const QStringList whole = decodeWhole(makeDecoder, r);
    checkSplits(r, whole);
    QVERIFY(!whole.isEmpty());
    QVERIFY2(whole.last().startsWith(u"finish "_s) || whole.last().startsWith(u"error "_s), qPrintable(whole.last()));
}

void TestGeminiDecoder::lfFramingGivesTheSameEvents()
{
    SKIP_WITHOUT_SHARED(u"gemini-stream-text-multichunk.txt"_s);
    for (const QString &name : {u"gemini-stream-text-multichunk.txt"_s, u"gemini-stream-single-chunk-thoughts.txt"_s}) {
        Server::Response r = Server::fromFixtureName(name);
        QVERIFY(r.body.contains("\r\n\r\n")); // the captures are CRLF
        r.body = toLf(r.body);
        QVERIFY(!r.body.contains('\r'));
        checkSplits(r, expectations().value(name));
    }
}

void TestGeminiDecoder::crOnlyFramingGivesTheSameEvents()
{
    SKIP_WITHOUT_SHARED(u"gemini-stream-single-chunk-thoughts.txt"_s);
    Server::Response r = Server::fromFixtureName(u"gemini-stream-single-chunk-thoughts.txt"_s);
    r.body.replace("\r\n", "\r");
    checkSplits(r, expectations().value(u"gemini-stream-single-chunk-thoughts.txt"_s));
}

void TestGeminiDecoder::missingFinalBlankLineIsStillRead()
{
    SKIP_WITHOUT_SHARED(u"gemini-stream-text-multichunk.txt"_s);
    Server::Response r = Server::fromFixtureName(u"gemini-stream-text-multichunk.txt"_s);
    QVERIFY(r.body.endsWith("}\r\n\r\n"));
    r.body.chop(2); // "data: {…}\r\n" then EOF: every line ended
    checkSplits(r, expectations().value(u"gemini-stream-text-multichunk.txt"_s));
    r.body = toLf(r.body);
    checkSplits(r, expectations().value(u"gemini-stream-text-multichunk.txt"_s));
}

void TestGeminiDecoder::eofBeforeFinishReasonIsTruncated_data()
{
    QTest::addColumn<int>("cut");      // 0: before the last event; 1: inside it; 2: inside its data line
    QTest::addColumn<QString>("message");
    QTest::newRow("between events") << 0 << u"The stream ended before a finishReason"_s;
    QTest::newRow("inside the last line") << 1 << u"The stream ended in the middle of an event, before a finishReason"_s;
    QTest::newRow("after data:") << 2 << u"The stream ended in the middle of an event, before a finishReason"_s;
}

void TestGeminiDecoder::eofBeforeFinishReasonIsTruncated()
{
    QFETCH(int, cut);
    QFETCH(QString, message);
    SKIP_WITHOUT_SHARED(u"gemini-stream-text-multichunk.txt"_s);
    Server::Response r = Server::fromFixtureName(u"gemini-stream-text-multichunk.txt"_s);
    const qsizetype last = r.body.lastIndexOf("data: ");
    QVERIFY(last > 0);
    const qsizetype at = cut == 0 ? last : cut == 1 ? r.body.indexOf("finishReason", last) : last + 6;
    r.body.truncate(at);
    // Five complete chunks: their text and first usage, no finish, then the verdict.
    QStringList expected{u"meta "_s + MultiId, u"text "_s + MultiTexts[0],
                         u"usage in=12 cached=0 write=-1 out=0 reasoning=0"_s};
    for (int i = 1; i < 5; ++i)
        expected << u"text "_s + MultiTexts[i];
    expected << u"error truncated 0: "_s + message;
    checkSplits(r, expected);
}

void TestGeminiDecoder::emptyBodyIsTruncated()
{
    checkSplits(sseResponse({}), {u"error truncated 0: The server closed the connection without sending an answer"_s});
    checkSplits(sseResponse("\r\n\r\n"), {u"error truncated 0: The server closed the connection without sending an answer"_s});
}

void TestGeminiDecoder::usageIsNeverSummed()
{
    SKIP_WITHOUT_SHARED(u"gemini-stream-text-multichunk.txt"_s);
    // ModelRun merges usage events field by field; the result must be the last chunk's numbers,
    // not 5 x 12 + 11 prompt tokens.
    const Server::Response r = Server::fromFixtureName(u"gemini-stream-text-multichunk.txt"_s);
    GeminiDecoder decoder;
    std::vector<StreamEvent> events;
    decoder.begin(r.status, r.headers);
    decoder.feed(r.body, events);
    decoder.finish(events);
    Usage merged;
    int reports = 0;
    for (const StreamEvent &e : events) {
        if (e.kind == StreamEvent::Kind::Usage) {
            merged.mergeLatest(e.usage);
            ++reports;
        }
    }
    QCOMPARE(reports, 2); // 12 once (repeated four times unchanged), then 11/132
    QCOMPARE(merged.inputTokens, std::optional<std::int64_t>(11));
    QCOMPARE(merged.outputTokens, std::optional<std::int64_t>(132));
    QCOMPARE(merged.reasoningTokens, std::optional<std::int64_t>(0));
    QCOMPARE(merged.cachedInputTokens, std::optional<std::int64_t>(0));
    QVERIFY(!merged.cacheWriteInputTokens);
    QVERIFY(decoder.sawFinishReason());
}

void TestGeminiDecoder::commentsAndBomAreSkipped()
{
    const QByteArray chunk = R"({"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"finishReason":"STOP"}],"responseId":"r1"})";
    const QByteArray body = "\xEF\xBB\xBF: keep-alive\r\n\r\ndata:" + chunk + "\r\n\r\n: bye\r\n\r\n";
    checkSplits(sseResponse(body), {u"meta r1"_s, u"text Hi"_s, u"finish stop"_s});
}

QTEST_GUILESS_MAIN(TestGeminiDecoder)
#include "tst_geminidecoder.moc"
