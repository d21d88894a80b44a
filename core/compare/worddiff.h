#pragma once

#include <QList>
#include <QString>

namespace Crucible {

/// One run of a word-level diff.
struct DiffSegment
{
    enum class Op { Equal, Removed, Inserted };
    Op op = Op::Equal;
    QString text; ///< exact text, whitespace included; concatenating Equal+Removed gives `before`,
                  ///< Equal+Inserted gives `after`
    friend bool operator==(const DiffSegment &, const DiffSegment &) = default;
};

/// Splits into diff tokens: runs of letters/digits (Unicode, with _ ' inside words), single
/// punctuation/symbol characters, and runs of whitespace.
QList<QString> diffTokens(const QString &text);

/// Word-level diff (Myers O(ND) over diffTokens, shortest edit script), adjacent segments of the same
/// op merged; when both change, the Removed segment comes before the Inserted one.
QList<DiffSegment> wordDiff(const QString &before, const QString &after);

struct DiffCounts
{
    int equalTokens = 0;
    int removedTokens = 0;
    int insertedTokens = 0;
    /// Share of `after`'s non-whitespace tokens that are Equal (100 for two identical texts;
    /// 100 for two empty texts).
    double similarityPct = 100;
};
DiffCounts diffCounts(const QString &before, const QString &after);

} // namespace Crucible
