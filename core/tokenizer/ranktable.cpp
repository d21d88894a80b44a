#include "ranktable.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace Crucible {

namespace {

inline std::uint64_t mix(std::uint64_t h)
{
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    h ^= h >> 32;
    return h;
}

struct KeyHash
{
    std::uint64_t head; ///< first min(8, n) bytes, zero-padded
    std::uint64_t hash;
};

/// A fast 64-bit hash over short byte strings (most tokens are under 16 bytes).
inline KeyHash hashBytes(const char *p, std::size_t n)
{
    std::uint64_t head = 0;
    std::memcpy(&head, p, n < 8 ? n : 8);
    std::uint64_t h = (head ^ (n * 0xBF58476D1CE4E5B9ull)) * 0x94D049BB133111EBull;
    for (std::size_t at = 8; at < n; at += 8) {
        std::uint64_t v = 0;
        std::memcpy(&v, p + at, n - at < 8 ? n - at : 8);
        h = std::rotl(h, 29) ^ v;
        h *= 0x94D049BB133111EBull;
    }
    return {head, mix(h)};
}

constexpr std::size_t FilterWords = std::size_t(1) << 15;

inline std::uint64_t filterBits(std::uint64_t hash)
{
    return (std::uint64_t(1) << ((hash >> 34) & 63)) | (std::uint64_t(1) << ((hash >> 50) & 63));
}

inline std::size_t filterWord(std::uint64_t hash)
{
    return std::size_t(hash >> 19) & (FilterWords - 1);
}

inline std::uint32_t metaOf(std::uint64_t hash, std::size_t n)
{
    return (std::uint32_t(hash >> 40) << 8) | std::uint32_t(n < 255 ? n : 255);
}

} // namespace

void RankTable::add(std::string_view bytes)
{
    m_arena.append(bytes);
    m_offsets.push_back(std::uint32_t(m_arena.size()));
}

bool RankTable::seal()
{
    std::size_t capacity = 1024;
    while (capacity < std::size_t(size()) * 5 / 2)
        capacity <<= 1;
    m_slots.assign(capacity, Slot{});
    m_mask = capacity - 1;
    m_filter.assign(FilterWords, 0);
    for (std::uint32_t r = 0; r < size(); ++r) {
        if (!insert(r))
            return false;
    }
    for (int b = 0; b < 256; ++b) {
        const char c = char(b);
        m_byteRanks[b] = lookup(std::string_view(&c, 1));
        if (m_byteRanks[b] == None)
            return false;
    }
    m_pairRanks.resize(65536);
    for (int p = 0; p < 65536; ++p) {
        const char pair[2] = {char(p >> 8), char(p & 0xFF)};
        m_pairRanks[std::size_t(p)] = lookup(std::string_view(pair, 2));
    }
    return true;
}

bool RankTable::insert(std::uint32_t r)
{
    const std::string_view key = bytes(r);
    const KeyHash k = hashBytes(key.data(), key.size());
    const std::uint32_t meta = metaOf(k.hash, key.size());
    for (std::uint64_t i = k.hash & m_mask;; i = (i + 1) & m_mask) {
        Slot &slot = m_slots[i];
        if (slot.rank == None) {
            slot = {k.head, r, meta};
            m_filter[filterWord(k.hash)] |= filterBits(k.hash);
            m_maxLength = std::max(m_maxLength, key.size());
            return true;
        }
        if (slot.meta == meta && slot.head == k.head && bytes(slot.rank) == key)
            return false;
    }
}

std::uint32_t RankTable::lookup(std::string_view key) const
{
    if (key.size() > m_maxLength)
        return None;
    const KeyHash k = hashBytes(key.data(), key.size());
    const std::uint64_t bits = filterBits(k.hash);
    if ((m_filter[filterWord(k.hash)] & bits) != bits)
        return None;
    const std::uint32_t meta = metaOf(k.hash, key.size());
    for (std::uint64_t i = k.hash & m_mask;; i = (i + 1) & m_mask) {
        const Slot &slot = m_slots[i];
        if (slot.rank == None)
            return None;
        if (slot.meta == meta && slot.head == k.head) {
            if (key.size() <= 8)
                return slot.rank;
            const std::uint32_t begin = m_offsets[slot.rank];
            if (m_offsets[slot.rank + 1] - begin == key.size()
                && std::memcmp(m_arena.data() + begin + 8, key.data() + 8, key.size() - 8) == 0)
                return slot.rank;
        }
    }
}

std::string_view RankTable::bytes(std::uint32_t r) const
{
    if (r >= size())
        return {};
    return std::string_view(m_arena.data() + m_offsets[r], m_offsets[r + 1] - m_offsets[r]);
}

} // namespace Crucible
