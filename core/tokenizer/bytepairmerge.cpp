#include "bytepairmerge.h"

#include "ranktable.h"

#include <cstdint>
#include <cstring>
#include <functional>
#include <queue>

namespace Crucible {

namespace {
constexpr std::uint32_t None = RankTable::None;
}

void BytePairMerge::encode(const RankTable &ranks, std::string_view piece, std::vector<int> &out)
{
    if (piece.size() == 1) {
        out.push_back(int(ranks.byteRank(static_cast<unsigned char>(piece[0]))));
        return;
    }
    if (const std::uint32_t whole = ranks.rank(piece); whole != None) {
        out.push_back(int(whole));
        return;
    }
    if (piece.size() <= SmallPiece)
        mergeSmall(ranks, piece, out);
    else
        mergeLarge(ranks, piece, out);
}

void BytePairMerge::mergeSmall(const RankTable &ranks, std::string_view piece, std::vector<int> &out)
{
    // start[0..m]: part boundaries (start[m] == n); rank[i]: rank of parts i and i+1 joined.
    const std::size_t n = piece.size();
    std::vector<std::uint32_t> heapStart, heapRank;
    std::uint32_t stackStart[SmallPiece + 1], stackRank[SmallPiece + 1];
    std::uint32_t *start = stackStart, *rank = stackRank;
    if (n > SmallPiece) { // only when a test calls this path directly
        heapStart.resize(n + 1);
        heapRank.resize(n + 1);
        start = heapStart.data();
        rank = heapRank.data();
    }
    const auto joined = [&](std::size_t from, std::size_t to) { return ranks.rank(piece.substr(from, to - from)); };

    for (std::size_t i = 0; i <= n; ++i)
        start[i] = std::uint32_t(i);
    for (std::size_t i = 0; i + 1 < n; ++i)
        rank[i] = joined(i, i + 2);
    rank[n - 1] = None;

    std::size_t m = n;
    for (;;) {
        std::uint32_t best = None;
        std::size_t at = 0;
        for (std::size_t i = 0; i + 1 < m; ++i) {
            if (rank[i] < best) {
                best = rank[i];
                at = i;
            }
        }
        if (best == None)
            break;
        std::memmove(start + at + 1, start + at + 2, (m - at - 1) * sizeof(std::uint32_t));
        std::memmove(rank + at + 1, rank + at + 2, (m - at - 2) * sizeof(std::uint32_t));
        --m;
        rank[at] = at + 1 < m ? joined(start[at], start[at + 2]) : None;
        if (at > 0)
            rank[at - 1] = joined(start[at - 1], start[at + 1]);
    }
    for (std::size_t i = 0; i < m; ++i)
        out.push_back(int(joined(start[i], start[i + 1])));
}

void BytePairMerge::mergeLarge(const RankTable &ranks, std::string_view piece, std::vector<int> &out)
{
    // Parts are named by their first byte offset; next/prev link them, rank[i] is the rank of
    // part i joined with its successor (None when absent or when i was merged away). The heap
    // holds (rank << 32 | start), so the minimum is the lowest rank, leftmost on ties; entries
    // whose rank no longer matches are stale and skipped.
    const auto n = std::uint32_t(piece.size());
    std::vector<std::uint32_t> next(n), prev(n), rank(n, None);
    const auto joined = [&](std::uint32_t from, std::uint32_t to) { return ranks.rank(piece.substr(from, to - from)); };
    std::vector<std::uint64_t> storage;
    storage.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        next[i] = i + 1;
        prev[i] = i - 1;
        if (i + 1 < n) {
            rank[i] = joined(i, i + 2);
            if (rank[i] != None)
                storage.push_back(std::uint64_t(rank[i]) << 32 | i);
        }
    }
    std::priority_queue<std::uint64_t, std::vector<std::uint64_t>, std::greater<>> heap(std::greater<>{},
                                                                                        std::move(storage));
    while (!heap.empty()) {
        const std::uint64_t top = heap.top();
        heap.pop();
        const auto i = std::uint32_t(top);
        if (rank[i] != std::uint32_t(top >> 32))
            continue;
        const std::uint32_t j = next[i];
        const std::uint32_t k = next[j];
        next[i] = k;
        if (k < n)
            prev[k] = i;
        rank[j] = None;
        rank[i] = k < n ? joined(i, next[k]) : None;
        if (rank[i] != None)
            heap.push(std::uint64_t(rank[i]) << 32 | i);
        if (i > 0) {
            const std::uint32_t p = prev[i];
            rank[p] = joined(p, k);
            if (rank[p] != None)
                heap.push(std::uint64_t(rank[p]) << 32 | p);
        }
    }
    for (std::uint32_t i = 0; i < n; i = next[i])
        out.push_back(int(joined(i, next[i])));
}

} // namespace Crucible
