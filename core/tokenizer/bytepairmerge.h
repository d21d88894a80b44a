#pragma once

#include <string_view>
#include <vector>

namespace Crucible {

class RankTable;

/// tiktoken's byte-pair merge of one pre-tokenized piece: start from single bytes, repeatedly
/// join the adjacent pair whose joined bytes have the lowest rank (ties: leftmost) until no pair
/// has a rank. A piece that is itself a token is that one token. Short pieces use tiktoken's
/// array scan; long ones a heap over a linked list (O(n log n), so a 100k-byte word is fine).
class BytePairMerge
{
public:
    /// Appends the ranks of `piece` (non-empty) to `out`.
    static void encode(const RankTable &ranks, std::string_view piece, std::vector<int> &out);
    /// Pieces up to this many bytes take the array path.
    static constexpr std::size_t SmallPiece = 96;

    /// The two strategies, exposed so tests can run both on any piece.
    static void mergeSmall(const RankTable &ranks, std::string_view piece, std::vector<int> &out);
    static void mergeLarge(const RankTable &ranks, std::string_view piece, std::vector<int> &out);
};

} // namespace Crucible
