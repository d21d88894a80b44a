#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace Crucible {

/// Token bytes <-> rank for a BPE vocabulary: an open-addressing hash table over byte strings
/// that live in one arena. Filled once (add() in rank order, then seal()), immutable afterwards
/// and safe to read from any number of threads.
class RankTable
{
public:
    static constexpr std::uint32_t None = 0xFFFFFFFFu;

    /// Appends `bytes` as the next rank (size() before the call); duplicates surface in seal().
    void add(std::string_view bytes);
    /// Builds the hash index. Returns false when a byte string occurs twice or a single byte
    /// has no rank (BPE needs all 256).
    bool seal();

    std::uint32_t size() const { return std::uint32_t(m_offsets.size() - 1); }
    /// Rank of exactly these bytes, or None.
    std::uint32_t rank(std::string_view bytes) const;
    std::uint32_t byteRank(unsigned char byte) const { return m_byteRanks[byte]; }
    /// Bytes of `rank`; empty for an unknown rank.
    std::string_view bytes(std::uint32_t rank) const;

private:
    struct Slot
    {
        std::uint32_t rank = None;
        std::uint32_t tag = 0;
    };
    bool insert(std::uint32_t rank);

    std::string m_arena;
    std::vector<std::uint32_t> m_offsets{0};
    std::vector<Slot> m_slots;
    std::uint64_t m_mask = 0;
    std::uint32_t m_byteRanks[256] = {};
};

} // namespace Crucible
