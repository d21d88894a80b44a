#include "compare/myersdiff.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace Crucible {

namespace {

class MyersDiff
{
public:
    MyersDiff(const std::vector<int> &a, const std::vector<int> &b)
        : m_a(a), m_b(b), m_maxCost(std::max(256, int(std::sqrt(double(a.size() + b.size())))))
    {
    }

    std::vector<SequenceEdit> run()
    {
        m_edits.reserve(m_a.size() + m_b.size());
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
            m_edits.push_back({SequenceEdit::Op::Equal, i, bBegin + (i - aBegin)});
        bBegin += prefixEnd - aBegin;
        aBegin = prefixEnd;

        int suffix = 0;
        while (aEnd - suffix > aBegin && bEnd - suffix > bBegin && m_a[aEnd - suffix - 1] == m_b[bEnd - suffix - 1])
            ++suffix;
        aEnd -= suffix;
        bEnd -= suffix;

        if (aBegin == aEnd || bBegin == bEnd) {
            replace(aBegin, aEnd, bBegin, bEnd);
        } else {
            const auto [x, y] = middle(aBegin, aEnd, bBegin, bEnd);
            if ((x == aBegin && y == bBegin) || (x == aEnd && y == bEnd)) {
                replace(aBegin, aEnd, bBegin, bEnd); // cannot happen; never recurse without progress
            } else {
                diff(aBegin, x, bBegin, y);
                diff(x, aEnd, y, bEnd);
            }
        }
        for (int i = aEnd; i < aEnd + suffix; ++i)
            m_edits.push_back({SequenceEdit::Op::Equal, i, bEnd + (i - aEnd)});
    }

    void replace(int aBegin, int aEnd, int bBegin, int bEnd)
    {
        for (int i = aBegin; i < aEnd; ++i)
            m_edits.push_back({SequenceEdit::Op::Removed, i, bBegin});
        for (int j = bBegin; j < bEnd; ++j)
            m_edits.push_back({SequenceEdit::Op::Inserted, aEnd, j});
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
            if (d >= m_maxCost) {
                // Too costly to be sure: split at the forward point that got furthest.
                int bestX = -1, bestY = -1;
                for (int k = -d + fStart; k <= d - fEnd; k += 2) {
                    const int x = m_forward[offset + k];
                    const int y = x - k;
                    if (x >= 0 && x <= n && y >= 0 && y <= m && x + y > bestX + bestY)
                        bestX = x, bestY = y;
                }
                if (bestX >= 0)
                    return {aBegin + bestX, bBegin + bestY};
            }
        }
        return {aBegin, bBegin}; // no overlap found: the caller removes all, then inserts all
    }

    const std::vector<int> &m_a;
    const std::vector<int> &m_b;
    const int m_maxCost;
    std::vector<int> m_forward;
    std::vector<int> m_reverse;
    std::vector<SequenceEdit> m_edits;
};

} // namespace

std::vector<SequenceEdit> myersDiff(const std::vector<int> &a, const std::vector<int> &b)
{
    return MyersDiff(a, b).run();
}

} // namespace Crucible
