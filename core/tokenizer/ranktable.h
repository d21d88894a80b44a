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
    std::uint32_t rank(std::string_view bytes) const
    {
        if (bytes.size() == 2)
            return m_pairRanks[std::size_t(static_cast<unsigned char>(bytes[0])) << 8
                               | static_cast<unsigned char>(bytes[1])];
        return lookup(bytes);
    }
    std::uint32_t byteRank(unsigned char byte) const { return m_byteRanks[byte]; }
    /// Bytes of `rank`; empty for an unknown rank.
    std::string_view bytes(std::uint32_t rank) const;

private:
    /// One cache line holds four slots. Keys of up to 8 bytes are compared in the slot alone
    /// (`head` is the key zero-padded); longer ones also against the arena.
    struct Slot
    {
        std::uint64_t head = 0;
        std::uint32_t rank = None;
        std::uint32_t meta = 0; ///< hash tag (high 24 bits) | min(length, 255)
    };
    std::uint32_t lookup(std::string_view bytes) const;
    bool insert(std::uint32_t rank);

    std::string m_arena;
    std::vector<std::uint32_t> m_offsets{0};
    std::vector<Slot> m_slots;
    std::uint64_t m_mask = 0;
    std::uint32_t m_byteRanks[256] = {};
    std::vector<std::uint32_t> m_pairRanks; ///< all 65536 two-byte strings, the commonest lookup
    /// Most lookups during a merge miss; this 256 KB filter (two bits per key in one word,
    /// ~3 % false positives) answers most of them without touching the 8 MB slot array.
    std::vector<std::uint64_t> m_filter;
    std::size_t m_maxLength = 0;
};

} // namespace Crucible
