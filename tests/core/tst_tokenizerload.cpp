// The o200k tokenizer as a resource: hash check at load, errors, one shared instance, and the
// TokenCounter's model routing (exact for the o200k family, "≈" elsewhere). Encoding itself is
// checked in tst_tokenizer.cpp.

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>
#include <vector>

#include "tokenizer/tokencounter.h"
#include "tokenizer/tokenizer.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

class TestTokenizerLoad : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void shaMismatchIsRejected();
    void missingFileIsIoError();
    void instanceIsSharedAcrossThreads();
    void tokenCounter_data();
    void tokenCounter();

private:
    std::shared_ptr<const O200kTokenizer> m_tok;
};

void TestTokenizerLoad::initTestCase()
{
    const auto loaded = O200kTokenizer::instance();
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    m_tok = loaded.value();
}

void TestTokenizerLoad::shaMismatchIsRejected()
{
    QFile original(u":/crucible/tokenizers/o200k_base.tiktoken"_s);
    QVERIFY(original.open(QIODevice::ReadOnly));
    QByteArray data = original.readAll();
    QVERIFY(O200kTokenizer::loadFromData(data).ok());

    data[1000] = data[1000] == 'A' ? 'B' : 'A'; // one base64 letter: still parses, wrong hash
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"o200k_base.tiktoken"_s);
    QFile corrupt(path);
    QVERIFY(corrupt.open(QIODevice::WriteOnly));
    corrupt.write(data);
    corrupt.close();

    const auto loaded = O200kTokenizer::loadFromFile(path);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().kind, Error::Kind::Parse);
    QVERIFY2(loaded.error().message.contains(u"sha256 mismatch"_s), qPrintable(loaded.error().message));
    QVERIFY(loaded.error().message.contains(QLatin1StringView(O200kTokenizer::ExpectedSha256.data())));

    QVERIFY(!O200kTokenizer::loadFromData(data.left(data.size() - 1)).ok()); // truncated
}

void TestTokenizerLoad::missingFileIsIoError()
{
    const auto loaded = O200kTokenizer::loadFromFile(u"/nonexistent/o200k_base.tiktoken"_s);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().kind, Error::Kind::Io);
}

void TestTokenizerLoad::instanceIsSharedAcrossThreads()
{
    std::vector<const O200kTokenizer *> seen(4, nullptr);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        threads.emplace_back([&seen, i] {
            const auto t = O200kTokenizer::instance();
            seen[i] = t.ok() ? t.value().get() : nullptr;
            if (t.ok())
                (void)t.value()->encode(u"concurrent use of one instance"_s);
        });
    }
    for (std::thread &t : threads)
        t.join();
    for (const O200kTokenizer *p : seen)
        QCOMPARE(p, m_tok.get());
}

void TestTokenizerLoad::tokenCounter_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("exact");
    QTest::newRow("gpt-4o") << u"gpt-4o"_s << true;
    QTest::newRow("gpt-4o-mini dated") << u"gpt-4o-mini-2024-07-18"_s << true;
    QTest::newRow("chatgpt-4o") << u"chatgpt-4o-latest"_s << true;
    QTest::newRow("gpt-4.1-nano") << u"gpt-4.1-nano"_s << true;
    QTest::newRow("gpt-4.5-preview") << u"gpt-4.5-preview"_s << true;
    QTest::newRow("gpt-5") << u"gpt-5"_s << true;
    QTest::newRow("gpt-5.1") << u"gpt-5.1"_s << true;
    QTest::newRow("gpt-5-mini") << u"gpt-5-mini"_s << true;
    QTest::newRow("o1") << u"o1"_s << true;
    QTest::newRow("o3-mini") << u"o3-mini"_s << true;
    QTest::newRow("o4-mini") << u"o4-mini"_s << true;
    QTest::newRow("openrouter prefix") << u"openai/gpt-4o"_s << true;
    QTest::newRow("fine-tuned") << u"ft:gpt-4o-mini:org::id"_s << true;
    QTest::newRow("upper case") << u"GPT-4O"_s << true;
    QTest::newRow("gpt-4 is cl100k") << u"gpt-4"_s << false;
    QTest::newRow("gpt-4-turbo") << u"gpt-4-turbo"_s << false;
    QTest::newRow("gpt-3.5") << u"gpt-3.5-turbo"_s << false;
    QTest::newRow("o10 is not o1") << u"o10"_s << false;
    QTest::newRow("claude") << u"claude-sonnet-4-5"_s << false;
    QTest::newRow("gemini") << u"gemini-2.5-pro"_s << false;
    QTest::newRow("llama") << u"llama3.1:8b"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestTokenizerLoad::tokenCounter()
{
    QFETCH(QString, model);
    QFETCH(bool, exact);
    const QString text = u"Count me, please: 12345 tokens?"_s;
    QCOMPARE(TokenCounter::isExactFor(model), exact);
    const auto counted = TokenCounter::count(model, text);
    QVERIFY(counted.ok());
    QCOMPARE(counted.value().isExact, exact);
    QCOMPARE(counted.value().tokens, qsizetype(m_tok->encode(text).size()));
    const QString shown = counted.value().display();
    QCOMPARE(shown, (exact ? QString() : u"\u2248"_s) + QString::number(counted.value().tokens));
}

QTEST_GUILESS_MAIN(TestTokenizerLoad)
#include "tst_tokenizerload.moc"
