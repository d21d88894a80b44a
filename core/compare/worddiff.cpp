#include "compare/worddiff.h"

#include <QHash>

#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

enum class CharClass { Word, Joiner, Space, Other };

char32_t codePointAt(const QString &text, qsizetype i, qsizetype *length)
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
    if (c == u'_' || c == u'\'' || c == U'\u2019')
        return CharClass::Joiner;
    if (QChar::isLetterOrNumber(c) || QChar::isMark(c))
        return CharClass::Word;
    if (QChar::isSpace(c))
        return CharClass::Space;
    return CharClass::Other;
}

} // namespace

QList<QString> diffTokens(const QString &text)
{
    QList<QString> tokens;
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
        tokens.append(text.mid(i, end - i));
        i = end;
    }
    return tokens;
}

namespace {

enum class TokenOp { Equal, Removed, Inserted };

struct TokenEdit
{
    TokenOp op;
    int index; ///< into a for Equal/Removed, into b for Inserted
};

/// Myers' O(ND) difference in linear space: the middle snake splits the problem in two
/// (the bisection of Myers 1986, section 4b), common prefixes and suffixes are peeled first.
class MyersDiff
{
public:
    MyersDiff(const std::vector<int> &a, const std::vector<int> &b) : m_a(a), m_b(b) {}

    std::vector<TokenEdit> run()
    {
        diff(0, int(m_a.size()), 0, int(m_b.size()));
        return std::move(m_edits);
    }

private:
    void diff(int aBegin, int aEnd, int bBegin, int bEnd)
    {
        int prefixEnd = aBegin;
        while (prefixEnd < aEnd && bBegin + (prefixEnd - aBegin) < bEnd
               && m_a[prefixEnd] == m_b[bBegin + (prefixEnd - aBegin)])
            ++prefixEnd;
        for (int i = aBegin; i < prefixEnd; ++i)
            m_edits.push_back({TokenOp::Equal, i});
        bBegin += prefixEnd - aBegin;
        aBegin = prefixEnd;

        int suffix = 0;
        while (aEnd - suffix > aBegin && bEnd - suffix > bBegin && m_a[aEnd - suffix - 1] == m_b[bEnd - suffix - 1])
            ++suffix;
        aEnd -= suffix;
        bEnd -= suffix;

        if (aBegin == aEnd) {
            for (int j = bBegin; j < bEnd; ++j)
                m_edits.push_back({TokenOp::Inserted, j});
        } else if (bBegin == bEnd) {
            for (int i = aBegin; i < aEnd; ++i)
                m_edits.push_back({TokenOp::Removed, i});
        } else {
            const auto [x, y] = middle(aBegin, aEnd, bBegin, bEnd);
            if ((x == aBegin && y == bBegin) || (x == aEnd && y == bEnd)) {
                for (int i = aBegin; i < aEnd; ++i)
                    m_edits.push_back({TokenOp::Removed, i});
                for (int j = bBegin; j < bEnd; ++j)
                    m_edits.push_back({TokenOp::Inserted, j});
            } else {
                diff(aBegin, x, bBegin, y);
                diff(x, aEnd, y, bEnd);
            }
        }
        for (int i = aEnd; i < aEnd + suffix; ++i)
            m_edits.push_back({TokenOp::Equal, i});
    }

    /// A point (x, y) on a shortest edit path of the non-empty ranges (which differ in their first
    /// and last tokens): where the forward and the reverse search first overlap. The bookkeeping
    /// (searches stop extending diagonals that left the grid) follows diff-match-patch's bisect.
    std::pair<int, int> middle(int aBegin, int aEnd, int bBegin, int bEnd)
    {
        const int n = aEnd - aBegin;
        const int m = bEnd - bBegin;
        const int maxD = (n + m + 1) / 2;
        const int offset = maxD;
        const int size = 2 * maxD + 2;
        m_forward.assign(size, -1);
        m_reverse.assign(size, -1);
        m_forward[offset + 1] = 0;
        m_reverse[offset + 1] = 0;
        const int delta = n - m;
        const bool odd = delta % 2 != 0;
        int fStart = 0, fEnd = 0, rStart = 0, rEnd = 0;
        for (int d = 0; d < maxD; ++d) {
            for (int k = -d + fStart; k <= d - fEnd; k += 2) {
                const int ko = offset + k;
                int x = (k == -d || (k != d && m_forward[ko - 1] < m_forward[ko + 1])) ? m_forward[ko + 1]
                                                                                        : m_forward[ko - 1] + 1;
                int y = x - k;
                while (x < n && y < m && m_a[aBegin + x] == m_b[bBegin + y])
                    ++x, ++y;
                m_forward[ko] = x;
                if (x > n) {
                    fEnd += 2;
                } else if (y > m) {
                    fStart += 2;
                } else if (odd) {
                    const int ro = offset + delta - k; // the same diagonal seen from the end
                    if (ro >= 0 && ro < size && m_reverse[ro] != -1 && x >= n - m_reverse[ro])
                        return {aBegin + x, bBegin + y};
                }
            }
            for (int k = -d + rStart; k <= d - rEnd; k += 2) {
                const int ko = offset + k;
                int x = (k == -d || (k != d && m_reverse[ko - 1] < m_reverse[ko + 1])) ? m_reverse[ko + 1]
                                                                                        : m_reverse[ko - 1] + 1;
                int y = x - k;
                while (x < n && y < m && m_a[aEnd - 1 - x] == m_b[bEnd - 1 - y])
                    ++x, ++y;
                m_reverse[ko] = x;
                if (x > n) {
                    rEnd += 2;
                } else if (y > m) {
                    rStart += 2;
                } else if (!odd) {
                    const int fo = offset + delta - k;
                    if (fo >= 0 && fo < size && m_forward[fo] != -1) {
                        const int fx = m_forward[fo];
                        if (fx >= n - x)
                            return {aBegin + fx, bBegin + fx - (fo - offset)};
                    }
                }
            }
        }
        return {aBegin, bBegin}; // no overlap found: the caller removes all, then inserts all
    }

    const std::vector<int> &m_a;
    const std::vector<int> &m_b;
    std::vector<int> m_forward;
    std::vector<int> m_reverse;
    std::vector<TokenEdit> m_edits;
};

struct TokenDiff
{
    QList<QString> before;
    QList<QString> after;
    std::vector<TokenEdit> edits;
};

TokenDiff tokenDiff(const QString &before, const QString &after)
{
    TokenDiff t;
    t.before = diffTokens(before);
    t.after = diffTokens(after);
    QHash<QString, int> ids;
    const auto idsOf = [&ids](const QList<QString> &tokens) {
        std::vector<int> out;
        out.reserve(tokens.size());
        for (const QString &token : tokens) {
            auto it = ids.constFind(token);
            if (it == ids.cend())
                it = ids.insert(token, int(ids.size()));
            out.push_back(*it);
        }
        return out;
    };
    const std::vector<int> a = idsOf(t.before);
    const std::vector<int> b = idsOf(t.after);
    t.edits = MyersDiff(a, b).run();
    return t;
}

bool isSpaceToken(const QString &token)
{
    return !token.isEmpty() && token.front().isSpace();
}

} // namespace

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
            equal += t.before.at(e.index);
            continue;
        }
        if (!equal.isEmpty())
            out.append({DiffSegment::Op::Equal, std::exchange(equal, QString())});
        (e.op == TokenOp::Removed ? removed : inserted) += (e.op == TokenOp::Removed ? t.before : t.after).at(e.index);
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
        const QString &token = (e.op == TokenOp::Inserted ? t.after : t.before).at(e.index);
        if (isSpaceToken(token))
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
