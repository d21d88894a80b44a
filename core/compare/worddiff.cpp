#include "compare/worddiff.h"

#include <QHash>

#include "compare/myersdiff.h"

#include <algorithm>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

enum class CharClass { Word, Joiner, Space, Other };

char32_t codePointAt(QStringView text, qsizetype i, qsizetype *length)
{
    const QChar c = text.at(i);
    if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
        *length = 2;
        return QChar::surrogateToUcs4(c, text.at(i + 1));
    }
    *length = 1;
    return c.unicode();
}

CharClass classOf(char32_t c)
{
    if (c < 0x80) { // ASCII without the Unicode tables
        if ((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9'))
            return CharClass::Word;
        if (c == u' ' || (c >= u'\t' && c <= u'\r'))
            return CharClass::Space;
        return c == u'_' || c == u'\'' ? CharClass::Joiner : CharClass::Other;
    }
    if (c == U'\u2019')
        return CharClass::Joiner;
    if (QChar::isLetterOrNumber(c) || QChar::isMark(c))
        return CharClass::Word;
    if (QChar::isSpace(c))
        return CharClass::Space;
    return CharClass::Other;
}

/// [begin, end) of each token (see diffTokens).
std::vector<std::pair<qsizetype, qsizetype>> tokenRanges(QStringView text)
{
    std::vector<std::pair<qsizetype, qsizetype>> ranges;
    ranges.reserve(text.size() / 3);
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        qsizetype len = 0;
        const CharClass cls = classOf(codePointAt(text, i, &len));
        qsizetype end = i + len;
        if (cls == CharClass::Word || cls == CharClass::Space) {
            while (end < n) {
                qsizetype nextLen = 0;
                const CharClass next = classOf(codePointAt(text, end, &nextLen));
                if (next == cls) {
                    end += nextLen;
                    continue;
                }
                // A joiner stays inside a word when a word character follows it.
                if (cls == CharClass::Word && next == CharClass::Joiner && end + nextLen < n) {
                    qsizetype afterLen = 0;
                    if (classOf(codePointAt(text, end + nextLen, &afterLen)) == CharClass::Word) {
                        end += nextLen + afterLen;
                        continue;
                    }
                }
                break;
            }
        }
        ranges.emplace_back(i, end);
        i = end;
    }
    return ranges;
}

enum class TokenOp { Equal, Removed, Inserted };

struct TokenEdit
{
    TokenOp op;
    int index; ///< into before's tokens for Equal/Removed, into after's for Inserted
};

struct TokenDiff
{
    std::vector<QStringView> before;
    std::vector<QStringView> after;
    std::vector<TokenEdit> edits;
    QStringView text(const TokenEdit &e) const { return (e.op == TokenOp::Inserted ? after : before)[e.index]; }
};

std::vector<QStringView> tokenViews(QStringView text)
{
    const auto ranges = tokenRanges(text);
    std::vector<QStringView> out;
    out.reserve(ranges.size());
    for (const auto &[begin, end] : ranges)
        out.push_back(text.mid(begin, end - begin));
    return out;
}

/// Tokens that occur on one side only can never be Equal: they are set aside before the Myers
/// diff (which keeps it exact and makes very different texts cheap) and put back in order.
TokenDiff tokenDiff(const QString &before, const QString &after)
{
    TokenDiff t;
    t.before = tokenViews(before);
    t.after = tokenViews(after);
    QHash<QStringView, int> ids;
    ids.reserve(int(std::min<std::size_t>(t.before.size() + t.after.size(), 1 << 20)));
    std::vector<std::pair<int, int>> counts; // per id: occurrences in before, in after
    const auto idsOf = [&](const std::vector<QStringView> &tokens, bool isBefore) {
        std::vector<int> out;
        out.reserve(tokens.size());
        for (const QStringView &token : tokens) {
            auto it = ids.constFind(token);
            if (it == ids.cend()) {
                it = ids.insert(token, int(counts.size()));
                counts.emplace_back(0, 0);
            }
            ++(isBefore ? counts[*it].first : counts[*it].second);
            out.push_back(*it);
        }
        return out;
    };
    const std::vector<int> a = idsOf(t.before, true);
    const std::vector<int> b = idsOf(t.after, false);
    std::vector<int> keptA, keptB, originalA, originalB;
    for (int i = 0; i < int(a.size()); ++i) {
        if (counts[a[i]].second > 0)
            keptA.push_back(a[i]), originalA.push_back(i);
    }
    for (int j = 0; j < int(b.size()); ++j) {
        if (counts[b[j]].first > 0)
            keptB.push_back(b[j]), originalB.push_back(j);
    }
    originalA.push_back(int(a.size())); // sentinels: "the end" of each side
    originalB.push_back(int(b.size()));

    t.edits.reserve(a.size() + b.size());
    int nextA = 0, nextB = 0; // next original index not yet in an edit
    const auto removeUntil = [&](int i) {
        for (; nextA < i; ++nextA)
            t.edits.push_back({TokenOp::Removed, nextA});
    };
    const auto insertUntil = [&](int j) {
        for (; nextB < j; ++nextB)
            t.edits.push_back({TokenOp::Inserted, nextB});
    };
    for (const SequenceEdit &e : myersDiff(keptA, keptB)) {
        if (e.op != SequenceEdit::Op::Inserted)
            removeUntil(originalA[e.a]);
        if (e.op != SequenceEdit::Op::Removed)
            insertUntil(originalB[e.b]);
        if (e.op == SequenceEdit::Op::Equal) {
            t.edits.push_back({TokenOp::Equal, nextA++});
            ++nextB;
        } else if (e.op == SequenceEdit::Op::Removed) {
            t.edits.push_back({TokenOp::Removed, nextA++});
        } else {
            t.edits.push_back({TokenOp::Inserted, nextB++});
        }
    }
    removeUntil(int(a.size()));
    insertUntil(int(b.size()));
    return t;
}

bool isSpaceToken(QStringView token)
{
    return !token.isEmpty() && token.front().isSpace();
}

} // namespace

QList<QString> diffTokens(const QString &text)
{
    QList<QString> tokens;
    for (const auto &[begin, end] : tokenRanges(text))
        tokens.append(text.mid(begin, end - begin));
    return tokens;
}

QList<DiffSegment> wordDiff(const QString &before, const QString &after)
{
    const TokenDiff t = tokenDiff(before, after);
    QList<DiffSegment> out;
    QString equal, removed, inserted;
    const auto flushChanges = [&] {
        if (!removed.isEmpty())
            out.append({DiffSegment::Op::Removed, std::exchange(removed, QString())});
        if (!inserted.isEmpty())
            out.append({DiffSegment::Op::Inserted, std::exchange(inserted, QString())});
    };
    for (const TokenEdit &e : t.edits) {
        if (e.op == TokenOp::Equal) {
            flushChanges();
            equal += t.before[e.index];
            continue;
        }
        if (!equal.isEmpty())
            out.append({DiffSegment::Op::Equal, std::exchange(equal, QString())});
        (e.op == TokenOp::Removed ? removed : inserted) += t.text(e);
    }
    flushChanges();
    if (!equal.isEmpty())
        out.append({DiffSegment::Op::Equal, equal});
    return out;
}

DiffCounts diffCounts(const QString &before, const QString &after)
{
    const TokenDiff t = tokenDiff(before, after);
    DiffCounts c;
    for (const TokenEdit &e : t.edits) {
        if (isSpaceToken(t.text(e)))
            continue;
        if (e.op == TokenOp::Equal)
            ++c.equalTokens;
        else if (e.op == TokenOp::Removed)
            ++c.removedTokens;
        else
            ++c.insertedTokens;
    }
    const int afterWords = c.equalTokens + c.insertedTokens;
    if (afterWords > 0)
        c.similarityPct = 100.0 * c.equalTokens / afterWords;
    else
        c.similarityPct = c.removedTokens == 0 ? 100 : 0;
    return c;
}

} // namespace Crucible
