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

/// Splits into diff tokens: runs of letters/digits/marks (Unicode, with _ ' ’ inside words: a joiner
/// between two word characters, "don't", "snake_case"), single punctuation/symbol characters
/// (one code point, "_" or "'" outside a word too), and runs of whitespace. Concatenated, the tokens
/// give the text back.
QList<QString> diffTokens(const QString &text);

/// Word-level diff (Myers O(ND) over diffTokens, shortest edit script, linear space; tokens found on
/// one side only are set aside first, which keeps it exact and makes unrelated texts cheap). Only
/// when a bisection needs more than max(256, √(N+M)) steps (word salad, very different long texts)
/// does it settle for a valid, possibly longer script — see compare/myersdiff.h. Between two
/// Equal segments every removed token is gathered into one Removed segment, followed by one
/// Inserted segment with every inserted token, so Equal and change blocks alternate.
/// "the quick brown fox" → "the slow brown dog":
///   Equal "the ", Removed "quick", Inserted "slow", Equal " brown ", Removed "fox", Inserted "dog".
QList<DiffSegment> wordDiff(const QString &before, const QString &after);

/// Counts of non-whitespace tokens (the whitespace runs between words are not counted).
struct DiffCounts
{
    int equalTokens = 0;
    int removedTokens = 0;
    int insertedTokens = 0;
    /// Share of `after`'s non-whitespace tokens that are Equal (100 for two identical texts;
    /// 100 for two empty texts; 0 when `after` has no words but `before` has).
    double similarityPct = 100;
};
DiffCounts diffCounts(const QString &before, const QString &after);

} // namespace Crucible
