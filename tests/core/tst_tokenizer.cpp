// o200k_base must reproduce tiktoken id for id. tiktoken cannot run here, so besides the published
// vectors every case is checked against the specification, rebuilt independently in this file:
// the official split pattern run by PCRE2, and a plain O(n^2) byte-pair merge over ranks parsed
// here with QByteArray::fromBase64 (not the product's loader).
#include <QtTest>

#include "tokenizer/bytepairmerge.h"
#include "tokenizer/o200kpretokenizer.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/utf8text.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <climits>
#include <string>
#include <unordered_map>

using namespace Qt::StringLiterals;
using namespace Crucible;

#include "tokenizerreference.h"


class TestTokenizer : public QObject
{
    Q_OBJECT
public:
    Ids reference(const std::string &text) const
    {
        Ids ids;
        for (const std::string &piece : m_splitter.split(text)) {
            const Ids part = referenceBpe(piece, m_refRanks);
            ids.insert(ids.end(), part.begin(), part.end());
        }
        return ids;
    }

private Q_SLOTS:
    void initTestCase();
    void publishedVectors_data();
    void publishedVectors();
    void pieces_data();
    void pieces();
    void piecesMatchPcre2();
    void encodeMatchesReference_data();
    void encodeMatchesReference();
    void randomEncodeMatchesReference();
    void roundTrip();
    void countMatchesEncode();
    void mergeStrategiesAgree();
    void longWords();
    void surrogatesAndInvalidUtf8_data();
    void surrogatesAndInvalidUtf8();
    void decodeSpecialAndUnknown();

private:
    std::shared_ptr<const O200kTokenizer> m_tok;
    RefRanks m_refRanks;
    ReferenceSplitter m_splitter;
};

void TestTokenizer::initTestCase()
{
    const auto loaded = O200kTokenizer::instance();
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    m_tok = loaded.value();
    QCOMPARE(m_tok->vocabularySize(), 199998);
#ifdef CRUCIBLE_HAVE_PCRE2
    QVERIFY2(m_splitter.isAvailable(), "the official pattern did not compile in PCRE2");
#endif

    // Independent ranks for the reference merge: the same shipped file, parsed the simple way.
    QFile file(QStringLiteral(CRUCIBLE_SOURCE_DIR "/resources/tokenizers/o200k_base.tiktoken"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    m_refRanks.reserve(200000);
    for (const QByteArray &line : file.readAll().split('\n')) {
        const qsizetype space = line.indexOf(' ');
        if (space < 0)
            continue;
        const QByteArray bytes = QByteArray::fromBase64(line.left(space));
        m_refRanks.emplace(std::string(bytes.constData(), std::size_t(bytes.size())), line.mid(space + 1).toInt());
    }
    QCOMPARE(m_refRanks.size(), std::size_t(199998));
}

void TestTokenizer::publishedVectors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("expected");
    QFile file(QStringLiteral(CRUCIBLE_SHARED_DIR "/data/o200k_vectors_small.json"));
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QJsonArray vectors = QJsonDocument::fromJson(file.readAll()).object().value(u"o200k_base"_s).toArray();
    int row = 0;
    for (const QJsonValue &v : vectors) {
        QList<int> ids;
        for (const QJsonValue &id : v[u"ids"_s].toArray())
            ids << id.toInt();
        QTest::addRow("vector %d", row++) << v[u"text"_s].toString() << ids;
    }
}

void TestTokenizer::publishedVectors()
{
    if (!QFile::exists(QStringLiteral(CRUCIBLE_SHARED_DIR "/data/o200k_vectors_small.json")))
        QSKIP("no ../shared/data/o200k_vectors_small.json");
    QFETCH(QString, text);
    QFETCH(QList<int>, expected);
    const Ids ids = m_tok->encode(text);
    QCOMPARE(QList<int>(ids.begin(), ids.end()), expected);
    QCOMPARE(m_tok->count(text), expected.size());
    QCOMPARE(m_tok->decode(ids), text.toUtf8());
}

void TestTokenizer::pieces_data()
{
    // Expected splits worked out by hand from the pattern (leftmost-first alternation).
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("punctuation") << u"Hello, World!"_s << QStringList{u"Hello"_s, u","_s, u" World"_s, u"!"_s};
    QTest::newRow("contractions") << u"I'm can't won't they'll"_s
                                  << QStringList{u"I'm"_s, u" can't"_s, u" won't"_s, u" they'll"_s};
    QTest::newRow("upper contractions") << u"don'T WE'LL IT'S"_s
                                        << QStringList{u"don'T"_s, u" WE'LL"_s, u" IT'S"_s};
    QTest::newRow("one contraction only") << u"x's's"_s << QStringList{u"x's"_s, u"'s"_s};
    QTest::newRow("long s folds") << u"it'\u017F"_s << QStringList{u"it'\u017F"_s};
    QTest::newRow("no contraction") << u"it'x"_s << QStringList{u"it"_s, u"'x"_s};
    QTest::newRow("curly apostrophe") << u"it\u2019s"_s << QStringList{u"it"_s, u"\u2019s"_s};
    QTest::newRow("caps then lower") << u"HELLOworld"_s << QStringList{u"HELLOworld"_s};
    QTest::newRow("camel") << u"helloWorldXML"_s << QStringList{u"hello"_s, u"World"_s, u"XML"_s};
    QTest::newRow("titlecase") << u"\u01C5emal"_s << QStringList{u"\u01C5emal"_s};
    QTest::newRow("digits 1") << u"7"_s << QStringList{u"7"_s};
    QTest::newRow("digits 2") << u"42"_s << QStringList{u"42"_s};
    QTest::newRow("digits 3") << u"123"_s << QStringList{u"123"_s};
    QTest::newRow("digits 4") << u"1234"_s << QStringList{u"123"_s, u"4"_s};
    QTest::newRow("digits 5") << u"12345"_s << QStringList{u"123"_s, u"45"_s};
    QTest::newRow("digits 6") << u"123456"_s << QStringList{u"123"_s, u"456"_s};
    QTest::newRow("digits 7") << u"1234567"_s << QStringList{u"123"_s, u"456"_s, u"7"_s};
    QTest::newRow("arabic digits") << u"\u0661\u0662\u0663\u0664"_s
                                   << QStringList{u"\u0661\u0662\u0663"_s, u"\u0664"_s};
    QTest::newRow("space digits") << u" 12"_s << QStringList{u" "_s, u"12"_s};
    QTest::newRow("money") << u"$100"_s << QStringList{u"$"_s, u"100"_s};
    QTest::newRow("two spaces word") << u"  hello"_s << QStringList{u" "_s, u" hello"_s};
    QTest::newRow("spaces newlines") << u"hello  \n\n  world"_s
                                     << QStringList{u"hello"_s, u"  \n\n"_s, u" "_s, u" world"_s};
    QTest::newRow("crlf") << u"a\r\n\r\nb"_s << QStringList{u"a"_s, u"\r\n\r\n"_s, u"b"_s};
    QTest::newRow("cr alone") << u"a\rb"_s << QStringList{u"a"_s, u"\r"_s, u"b"_s};
    QTest::newRow("trailing spaces") << u"end   "_s << QStringList{u"end"_s, u"   "_s};
    QTest::newRow("spaces newline spaces end") << u"    \n\n\n   "_s << QStringList{u"    \n\n\n"_s, u"   "_s};
    QTest::newRow("tabs") << u"\t\tx"_s << QStringList{u"\t"_s, u"\tx"_s};
    QTest::newRow("lone space") << u"a b"_s << QStringList{u"a"_s, u" b"_s};
    QTest::newRow("punct newlines") << u"x.\n\ny"_s << QStringList{u"x"_s, u".\n\n"_s, u"y"_s};
    QTest::newRow("slashes") << u"a/b//c"_s << QStringList{u"a"_s, u"/b"_s, u"//"_s, u"c"_s};
    QTest::newRow("punct newline slash") << u";\n/x"_s << QStringList{u";\n/"_s, u"x"_s};
    QTest::newRow("space quote") << u" 'tis"_s << QStringList{u" '"_s, u"tis"_s};
    QTest::newRow("special text") << u"<|endoftext|>"_s << QStringList{u"<|"_s, u"endoftext"_s, u"|>"_s};
    QTest::newRow("nbsp") << u"a\u00A0b"_s << QStringList{u"a"_s, u"\u00A0b"_s};
    QTest::newRow("ideographic space") << u"\u3000\u3000\u65E5"_s << QStringList{u"\u3000"_s, u"\u3000\u65E5"_s};
    QTest::newRow("combining inside") << u"nai\u0308ve"_s << QStringList{u"nai\u0308ve"_s};
    QTest::newRow("leading mark") << u"\u0301abc"_s << QStringList{u"\u0301abc"_s};
    QTest::newRow("caps mark end") << u"ABC\u0301"_s << QStringList{u"ABC\u0301"_s};
    QTest::newRow("caps mark caps") << u"ABC\u0301D"_s << QStringList{u"ABC\u0301"_s, u"D"_s};
    QTest::newRow("cjk") << u"\u65E5\u672C\u8A9E\u306E\u30C6\u30AD\u30B9\u30C8"_s
                         << QStringList{u"\u65E5\u672C\u8A9E\u306E\u30C6\u30AD\u30B9\u30C8"_s};
    QTest::newRow("emoji") << u"\U0001F600\U0001F600 ok"_s << QStringList{u"\U0001F600\U0001F600"_s, u" ok"_s};
    QTest::newRow("zwj family") << u"\U0001F468\u200D\U0001F469 x"_s
                                << QStringList{u"\U0001F468\u200D\U0001F469"_s, u" x"_s};
    QTest::newRow("devanagari") << u"\u0928\u092E\u0938\u094D\u0924\u0947 \u0926\u0941\u0928\u093F\u092F\u093E"_s
                                << QStringList{u"\u0928\u092E\u0938\u094D\u0924\u0947"_s,
                                               u" \u0926\u0941\u0928\u093F\u092F\u093E"_s};
    QTest::newRow("arabic") << u"\u0645\u0631\u062D\u0628\u0627 \u0628\u0627\u0644"_s
                            << QStringList{u"\u0645\u0631\u062D\u0628\u0627"_s, u" \u0628\u0627\u0644"_s};
    QTest::newRow("control") << u"\u0000\u0001 control"_s << QStringList{u"\u0000\u0001"_s, u" control"_s};
}

void TestTokenizer::pieces()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    Pieces want;
    for (const QString &p : expected)
        want.push_back(utf8(p));
    const Pieces got = ours(utf8(text));
    QVERIFY2(got == want, (show(got) + " != " + show(want)).constData());
    if (m_splitter.isAvailable()) {
        const Pieces pcre = m_splitter.split(utf8(text));
        QVERIFY2(pcre == want, ("PCRE2 disagrees with the hand split: " + show(pcre)).constData());
    }
}

void TestTokenizer::piecesMatchPcre2()
{
    if (!m_splitter.isAvailable())
        QSKIP("built without PCRE2");
    TextGenerator gen(20240601);
    for (int i = 0; i < 6000; ++i) {
        const std::string text = utf8(gen.next(i % 7 == 0 ? 120 : 24));
        const Pieces want = m_splitter.split(text);
        const Pieces got = ours(text);
        QVERIFY2(got == want, ("case " + QByteArray::number(i) + ": " + show(got) + " != " + show(want)).constData());
    }
}

void TestTokenizer::encodeMatchesReference_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("special tokens as text") << u"<|endoftext|><|endofprompt|> <|fim_prefix|>"_s;
    QTest::newRow("contractions mixed case") << u"She'S HE'LL we'Ve THEY'RE I'M you'D it'T"_s;
    QTest::newRow("digit runs") << u"1 12 123 1234 12345 123456 1234567 0.000001 1e10"_s;
    QTest::newRow("whitespace runs") << u"a  b   c    d\t\te \n f\n\n\ng   \n   h     "_s;
    QTest::newRow("crlf mixes") << u"line\r\nline\n\rline\r\r\n\n  \r\n x\r"_s;
    QTest::newRow("emoji zwj") << u"\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466 \U0001F3F3\uFE0F\u200D\U0001F308"_s;
    QTest::newRow("skin tones") << u"\U0001F44D\U0001F3FB\U0001F44D\U0001F3FF \U0001F44B\U0001F3FD"_s;
    QTest::newRow("cjk") << u"\u4EBA\u5DE5\u667A\u80FD\u662F\u8BA1\u7B97\u673A\u79D1\u5B66\u7684\u4E00\u4E2A\u5206\u652F\u3002"_s;
    QTest::newRow("japanese") << u"\u6771\u4EAC\u306F\u65E5\u672C\u306E\u9996\u90FD\u3067\u3059\u3002\u30AB\u30BF\u30AB\u30CA\u30FC"_s;
    QTest::newRow("korean") << u"\uC548\uB155\uD558\uC138\uC694 \uC138\uACC4"_s;
    QTest::newRow("arabic") << u"\u0627\u0644\u0633\u064E\u0651\u0644\u0627\u0645 \u0639\u0644\u064A\u0643\u0645 \u0661\u0662\u0663"_s;
    QTest::newRow("devanagari") << u"\u0939\u093F\u0928\u094D\u0926\u0940 \u092D\u093E\u0937\u093E \u0967\u0968\u0969"_s;
    QTest::newRow("cyrillic") << u"\u041F\u0440\u0438\u0432\u0435\u0442, \u041C\u0418\u0420! \u0401\u0436"_s;
    QTest::newRow("greek") << u"\u0395\u03BB\u03BB\u03B7\u03BD\u03B9\u03BA\u03AC \u03B1\u03B2\u03B3"_s;
    QTest::newRow("code") << u"for (int i = 0; i < n; ++i) {\n\treturn a->b[i] != nullptr && x >= 0x7f;\n}\n"_s;
    QTest::newRow("json") << u"{\"key\": [1, 2.5, null, true], \"n\\u00e9\": \"\\n\"}"_s;
    QTest::newRow("url") << u"https://example.com/path/to?q=a+b&x=%20#frag"_s;
    QTest::newRow("combining stack") << u"Z\u0351\u036B\u0343\u036A\u0302a\u0308\u0301l\u0363g\u0310o"_s;
    QTest::newRow("titlecase digraphs") << u"\u01C5\u01C6\u01C4 \u01C8ubljana \u01CBa"_s;
    QTest::newRow("modifier letters") << u"a\u02B0b\u02BCc \u3005\u3005"_s;
    QTest::newRow("fullwidth") << u"\uFF21\uFF22\uFF23\uFF11\uFF12\uFF13\uFF41"_s;
    QTest::newRow("math letters") << u"\U0001D400\U0001D41A\U0001D7CE \u2160\u2161\u00BD\u00B2"_s;
    QTest::newRow("control chars") << u"\u0000\u0001\u0002\u001F\u007F\u0085\u200B\u2028x"_s;
    QTest::newRow("long s") << u"it'\u017F \u017Fo'\u017F"_s;
    QTest::newRow("repeats") << QString(300, u'=') + QString(200, u' ') + QString(150, u'\n');
}

void TestTokenizer::encodeMatchesReference()
{
    if (!m_splitter.isAvailable())
        QSKIP("built without PCRE2");
    QFETCH(QString, text);
    const Ids got = m_tok->encode(text);
    QCOMPARE(got, reference(utf8(text)));
    QCOMPARE(m_tok->decode(got), text.toUtf8());
}

void TestTokenizer::randomEncodeMatchesReference()
{
    if (!m_splitter.isAvailable())
        QSKIP("built without PCRE2");
    TextGenerator gen(77);
    for (int i = 0; i < 2500; ++i) {
        const QString text = gen.next(i % 10 == 0 ? 80 : 20);
        const Ids got = m_tok->encode(text);
        QVERIFY2(got == reference(utf8(text)), ("case " + QByteArray::number(i) + ": " + text.toUtf8().toHex(' ')).constData());
    }
}

void TestTokenizer::roundTrip()
{
    TextGenerator gen(4242);
    for (int i = 0; i < 5000; ++i) {
        const QString text = gen.next(40);
        const Ids ids = m_tok->encode(text);
        QVERIFY2(m_tok->decode(ids) == text.toUtf8(), text.toUtf8().toHex(' ').constData());
        for (const int id : ids)
            QVERIFY(id >= 0 && id < m_tok->vocabularySize());
    }
}

void TestTokenizer::countMatchesEncode()
{
    TextGenerator gen(99);
    for (int i = 0; i < 1000; ++i) {
        const QString text = gen.next(30);
        QCOMPARE(m_tok->count(text), qsizetype(m_tok->encode(text).size()));
    }
}

void TestTokenizer::mergeStrategiesAgree()
{
    // Both merge paths on raw pieces (no pre-tokenizer), including pieces far above SmallPiece.
    TextGenerator gen(5);
    QRandomGenerator rng(6);
    for (int i = 0; i < 400; ++i) {
        std::string piece = utf8(gen.next(i % 4 == 0 ? 60 : 12));
        if (i % 3 == 0)
            piece = std::string(1 + rng.bounded(300), char('a' + rng.bounded(3))) + piece;
        if (piece.empty())
            continue;
        Ids small, large;
        BytePairMerge::mergeSmall(m_tok->ranks(), piece, small);
        BytePairMerge::mergeLarge(m_tok->ranks(), piece, large);
        QCOMPARE(large, small);
        // The reference takes the whole-piece shortcut first; compare the merge without it.
        if (m_refRanks.count(piece) == 0)
            QCOMPARE(small, referenceBpe(piece, m_refRanks));
    }
}

void TestTokenizer::longWords()
{
    // A 3k-letter word against the reference; 10k and 100k ones against the array merge and
    // round trip. The 100k case finishes in well under a second only because the long-piece merge
    // is O(n log n) (the ctest timeout catches a quadratic one); its speed is in bench_tokenizer.
    QRandomGenerator rng(11);
    const auto word = [&rng](int n) {
        QString s;
        for (int i = 0; i < n; ++i)
            s += QChar(u'a' + rng.bounded(26));
        return s;
    };
    const QString w3k = word(3000);
    QCOMPARE(m_tok->encode(w3k), reference(utf8(w3k)));

    const QString w10k = word(10000);
    const Ids ids10k = m_tok->encode(w10k);
    Ids small;
    BytePairMerge::mergeSmall(m_tok->ranks(), utf8(w10k), small);
    QCOMPARE(ids10k, small);
    QCOMPARE(m_tok->decode(ids10k), w10k.toUtf8());

    const QString w100k = word(100000) + u"'s"_s;
    const Ids ids100k = m_tok->encode(w100k);
    QCOMPARE(m_tok->decode(ids100k), w100k.toUtf8());
    QVERIFY(ids100k.size() > 10000);

    const QString same(100000, u'a');
    QCOMPARE(m_tok->decode(m_tok->encode(same)), same.toUtf8());
}

void TestTokenizer::surrogatesAndInvalidUtf8_data()
{
    // Python's bytes.decode("utf-8", "replace") gives one U+FFFD per maximal ill-formed subpart.
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("meaning");
    QTest::newRow("stray continuation") << "a\x80z"_ba << u"a\uFFFDz"_s;
    QTest::newRow("invalid byte ff") << "\xFF\xFE"_ba << u"\uFFFD\uFFFD"_s;
    QTest::newRow("overlong c0") << "\xC0\xAF"_ba << u"\uFFFD\uFFFD"_s;
    QTest::newRow("truncated emoji") << "x\xF0\x9F\x98 y"_ba << u"x\uFFFD y"_s;
    QTest::newRow("surrogate bytes") << "\xED\xA0\x80"_ba << u"\uFFFD\uFFFD\uFFFD"_s;
    QTest::newRow("e0 80") << "\xE0\x80\x80"_ba << u"\uFFFD\uFFFD\uFFFD"_s;
    QTest::newRow("above 10ffff") << "\xF4\x90\x80\x80"_ba << u"\uFFFD\uFFFD\uFFFD\uFFFD"_s;
    QTest::newRow("truncated at end") << "ab\xE2\x82"_ba << u"ab\uFFFD"_s;
    QTest::newRow("valid") << "caf\xC3\xA9 \xE2\x82\xAC"_ba << u"caf\u00E9 \u20AC"_s;
}

void TestTokenizer::surrogatesAndInvalidUtf8()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, meaning);
    const std::string_view bytes(input.constData(), std::size_t(input.size()));
    QCOMPARE(QByteArray::fromStdString(Utf8Text::sanitized(bytes)), meaning.toUtf8());
    QCOMPARE(Utf8Text::isValid(bytes), input == meaning.toUtf8());
    QCOMPARE(m_tok->encodeUtf8(bytes), m_tok->encode(meaning));
    QCOMPARE(m_tok->countUtf8(bytes), m_tok->count(meaning));

    // Lone UTF-16 surrogates become U+FFFD too (tiktoken's surrogatepass/replace round trip).
    const QString lone = u"a"_s + QChar(char16_t(0xD83D)) + u"b"_s + QChar(char16_t(0xDE00));
    QCOMPARE(m_tok->encode(lone), m_tok->encode(u"a\uFFFDb\uFFFD"_s));
    QCOMPARE(m_tok->encode(u"\U0001F600"_s), m_tok->encodeUtf8("\xF0\x9F\x98\x80"));
}

void TestTokenizer::decodeSpecialAndUnknown()
{
    QCOMPARE(m_tok->decode({O200kTokenizer::EndOfText}), "<|endoftext|>"_ba);
    QCOMPARE(m_tok->decode({O200kTokenizer::EndOfPrompt}), "<|endofprompt|>"_ba);
    const Ids hello = m_tok->encode(u"hello"_s);
    Ids withJunk = hello;
    withJunk.push_back(-1);
    withJunk.push_back(250000);
    QCOMPARE(m_tok->decode(withJunk), "hello"_ba);
    // Special-token text encodes as ordinary text, never as the special id.
    const Ids ids = m_tok->encode(u"<|endoftext|>"_s);
    QVERIFY(std::find(ids.begin(), ids.end(), O200kTokenizer::EndOfText) == ids.end());
}

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
