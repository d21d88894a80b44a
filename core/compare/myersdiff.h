#pragma once

// Internal to core: the sequence diff under wordDiff(). Not part of the public API.

#include <vector>

namespace Crucible {

/// One step of an edit script over two int sequences a → b.
struct SequenceEdit
{
    enum class Op { Equal, Removed, Inserted };
    Op op;
    int a; ///< index into a (Equal, Removed), else the position reached in a
    int b; ///< index into b (Equal, Inserted), else the position reached in b
};

/// Myers' O((N+M)·D) diff in linear space (the middle-snake bisection of Myers 1986, section 4b,
/// with the bookkeeping of diff-match-patch's bisect); common prefixes and suffixes are peeled at
/// every level. Edits come in order of a and b. The script is a shortest one as long as each
/// bisection finds its middle snake within max(256, √(N+M)) steps (git's xdiff uses the same
/// bound); beyond that, on very different inputs, the furthest forward point splits instead and
/// the script is valid but may be longer than the shortest.
std::vector<SequenceEdit> myersDiff(const std::vector<int> &a, const std::vector<int> &b);

} // namespace Crucible
