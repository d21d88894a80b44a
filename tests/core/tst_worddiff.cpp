#include <QRandomGenerator>
#include <QTest>

#include "compare/worddiff.h"

#include <vector>

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

using Op = DiffSegment::Op;

QString joined(const QList<DiffSegment> &segments, Op skip)
{
    QString out;
    for (const DiffSegment &s : segments) {
        if (s.op != skip)
            out += s.text;
    }
    return out;
}

/// Length of the longest common subsequence of the token lists (plain DP, small inputs only).
int lcsLength(const QList<QString> &a, const QList<QString> &b)
{
    std::vector<std::vector<int>> t(a.size() + 1, std::vector<int>(b.size() + 1, 0));
    for (qsizetype i = 1; i <= a.size(); ++i) {
        for (qsizetype j = 1; j <= b.size(); ++j)
            t[i][j] = a.at(i - 1) == b.at(j - 1) ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
    }
    return t[a.size()][b.size()];
}

int equalTokenCount(const QList<DiffSegment> &segments)
{
    int n = 0;
    for (const DiffSegment &s : segments) {
        if (s.op == Op::Equal)
            n += int(diffTokens(s.text).size());
    }
    return n;
}

} // namespace

class TestWordDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokens()
    {
        QCOMPARE(diffTokens(u"Hello, world!"_s), (QList<QString>{u"Hello"_s, u","_s, u" "_s, u"world"_s, u"!"_s}));
        QCOMPARE(diffTokens(u"don't snake_case 'q' _x"_s),
                 (QList<QString>{u"don't"_s, u" "_s, u"snake_case"_s, u" "_s, u"'"_s, u"q"_s, u"'"_s, u" "_s,
                                 u"_"_s, u"x"_s}));
        QCOMPARE(diffTokens(u"a  \n\tb2c"_s), (QList<QString>{u"a"_s, u"  \n\t"_s, u"b2c"_s}));
        QCOMPARE(diffTokens(u"Grüße, Łódź café"_s),
                 (QList<QString>{u"Grüße"_s, u","_s, u" "_s, u"Łódź"_s, u" "_s, u"café"_s}));
        QCOMPARE(diffTokens(u"x😀y"_s), (QList<QString>{u"x"_s, u"😀"_s, u"y"_s})); // one code point
        QCOMPARE(diffTokens(u"a->b"_s), (QList<QString>{u"a"_s, u"-"_s, u">"_s, u"b"_s}));
        QVERIFY(diffTokens(QString()).isEmpty());
    }

    void quickBrownFox()
    {
        const QList<DiffSegment> expected{
            {Op::Equal, u"the "_s},   {Op::Removed, u"quick"_s}, {Op::Inserted, u"slow"_s},
            {Op::Equal, u" brown "_s}, {Op::Removed, u"fox"_s},   {Op::Inserted, u"dog"_s},
        };
        QCOMPARE(wordDiff(u"the quick brown fox"_s, u"the slow brown dog"_s), expected);
    }

    void insertionsAndRemovals()
    {
        QCOMPARE(wordDiff(u"a c"_s, u"a b c"_s),
                 (QList<DiffSegment>{{Op::Equal, u"a "_s}, {Op::Inserted, u"b "_s}, {Op::Equal, u"c"_s}}));
        QCOMPARE(wordDiff(u"one two three."_s, u"one three."_s),
                 (QList<DiffSegment>{{Op::Equal, u"one "_s}, {Op::Removed, u"two "_s}, {Op::Equal, u"three."_s}}));
        QCOMPARE(wordDiff(u"same"_s, u"same"_s), (QList<DiffSegment>{{Op::Equal, u"same"_s}}));
        QCOMPARE(wordDiff(QString(), u"new text"_s), (QList<DiffSegment>{{Op::Inserted, u"new text"_s}}));
        QCOMPARE(wordDiff(u"old"_s, QString()), (QList<DiffSegment>{{Op::Removed, u"old"_s}}));
        QVERIFY(wordDiff(QString(), QString()).isEmpty());
        // Interleaved changes between two equal runs come out as one Removed, then one Inserted.
        QCOMPARE(wordDiff(u"x a-b y"_s, u"x c+d y"_s),
                 (QList<DiffSegment>{{Op::Equal, u"x "_s}, {Op::Removed, u"a-b"_s}, {Op::Inserted, u"c+d"_s},
                                     {Op::Equal, u" y"_s}}));
    }

    void shortestScriptOnRandomTexts()
    {
        QRandomGenerator random(20240605); // fixed seed: the same cases every run
        const QStringList words{u"a"_s, u"b"_s, u"c"_s, u" "_s, u"."_s, u"dd"_s};
        for (int round = 0; round < 300; ++round) {
            QString before, after;
            const int n = random.bounded(0, 25);
            const int m = random.bounded(0, 25);
            for (int i = 0; i < n; ++i)
                before += words.at(random.bounded(int(words.size())));
            for (int i = 0; i < m; ++i)
                after += words.at(random.bounded(int(words.size())));
            const QList<DiffSegment> diff = wordDiff(before, after);
            QCOMPARE(joined(diff, Op::Inserted), before);
            QCOMPARE(joined(diff, Op::Removed), after);
            // Shortest edit script ⇔ as many equal tokens as the longest common subsequence.
            QCOMPARE(equalTokenCount(diff), lcsLength(diffTokens(before), diffTokens(after)));
            for (qsizetype i = 1; i < diff.size(); ++i) {
                QVERIFY(diff.at(i).op != diff.at(i - 1).op); // merged
                QVERIFY(!(diff.at(i - 1).op == Op::Inserted && diff.at(i).op == Op::Removed));
            }
        }
    }

    void shortestScriptWithOneSidedTokens()
    {
        // A wide vocabulary: many tokens occur on one side only (set aside before the Myers pass).
        QRandomGenerator random(77);
        for (int round = 0; round < 300; ++round) {
            QString before, after;
            const int n = random.bounded(0, 30);
            const int m = random.bounded(0, 30);
            for (int i = 0; i < n; ++i)
                before += u"t%1 "_s.arg(random.bounded(40));
            for (int i = 0; i < m; ++i)
                after += u"t%1"_s.arg(random.bounded(40)) + (random.bounded(3) == 0 ? u", "_s : u" "_s);
            const QList<DiffSegment> diff = wordDiff(before, after);
            QCOMPARE(joined(diff, Op::Inserted), before);
            QCOMPARE(joined(diff, Op::Removed), after);
            QCOMPARE(equalTokenCount(diff), lcsLength(diffTokens(before), diffTokens(after)));
        }
    }

    void veryDifferentLargeTextsStayValid()
    {
        // Word salad over a small vocabulary: a long edit script (beyond the exact-search bound),
        // still a valid diff of the two texts.
        QRandomGenerator random(5);
        const QStringList words{u"the"_s, u"a"_s, u"of"_s, u"model"_s, u"and"_s, u"to"_s, u"is"_s, u"in"_s};
        QString before, after;
        for (int i = 0; i < 3000; ++i) {
            before += words.at(random.bounded(int(words.size()))) + u' ';
            after += words.at(random.bounded(int(words.size()))) + u' ';
        }
        const QList<DiffSegment> diff = wordDiff(before, after);
        QCOMPARE(joined(diff, Op::Inserted), before);
        QCOMPARE(joined(diff, Op::Removed), after);
        for (qsizetype i = 1; i < diff.size(); ++i)
            QVERIFY(diff.at(i).op != diff.at(i - 1).op);
        const DiffCounts counts = diffCounts(before, after);
        QCOMPARE(counts.equalTokens + counts.removedTokens, 3000);
        QCOMPARE(counts.equalTokens + counts.insertedTokens, 3000);
        QVERIFY(counts.equalTokens > 0);
    }

    void largeTextsReassemble()
    {
        // Two ~49 KB texts with scattered edits: the diff is exact and complete (no timing asserted).
        QString before, after;
        for (int i = 0; i < 10000; ++i) {
            const QString word = u"w%1 "_s.arg(i % 997);
            before += word;
            after += (i % 500 == 7) ? u"changed "_s : word;
            if (i % 1000 == 3)
                after += u"extra "_s;
        }
        QVERIFY(before.size() > 48000); // ~50 KB
        const QList<DiffSegment> diff = wordDiff(before, after);
        QCOMPARE(joined(diff, Op::Inserted), before);
        QCOMPARE(joined(diff, Op::Removed), after);
        const DiffCounts counts = diffCounts(before, after);
        QCOMPARE(counts.removedTokens, 20);
        QCOMPARE(counts.insertedTokens, 20 + 10);
        QCOMPARE(counts.equalTokens, 10000 - 20);
    }

    void counts()
    {
        const DiffCounts c = diffCounts(u"the quick brown fox"_s, u"the slow brown dog"_s);
        QCOMPARE(c.equalTokens, 2); // the, brown (whitespace not counted)
        QCOMPARE(c.removedTokens, 2);
        QCOMPARE(c.insertedTokens, 2);
        QCOMPARE(c.similarityPct, 50.0);
        QCOMPARE(diffCounts(u"a b"_s, u"a b"_s).similarityPct, 100.0);
        QCOMPARE(diffCounts(QString(), QString()).similarityPct, 100.0);
        QCOMPARE(diffCounts(u"words"_s, u"  "_s).similarityPct, 0.0);
        const DiffCounts grown = diffCounts(u"a b"_s, u"a b c d"_s);
        QCOMPARE(grown.insertedTokens, 2);
        QCOMPARE(grown.similarityPct, 50.0);
    }
};

QTEST_GUILESS_MAIN(TestWordDiff)
#include "tst_worddiff.moc"
