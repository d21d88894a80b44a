#pragma once

#include <QStringList>
#include <QStringView>

namespace Crucible {

/// A BPE-like pre-tokenizer the Simulator uses to cut its replies into tokens and to estimate the
/// prompt's size. It is an estimate, not any real model's tokenizer: the Simulator's token counts
/// are simulated. Rules (close to GPT-style pre-tokenization):
///  - a word keeps one leading space (" hello"); words longer than 6 letters are cut into near-equal
///    pieces of at most 6 letters (" conforming" → " confo" + "rming");
///  - digits come in groups of up to 3; apostrophe suffixes ("'s", "'re") are their own piece;
///  - punctuation runs of up to 3 characters are one piece (with one leading space);
///  - newline runs and other whitespace runs are one piece each; CJK and other symbols one per char.
/// Concatenating pieces() gives back the input exactly.
class SimTokenizer
{
public:
    static QStringList pieces(QStringView text);
    static int count(QStringView text);
};

} // namespace Crucible
