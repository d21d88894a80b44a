#include "ranktable.h"

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

/// A fast 64-bit hash over short byte strings (most tokens are under 16 bytes).
inline std::uint64_t hashBytes(const char *p, std::size_t n)
{
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xBF58476D1CE4E5B9ull);
    while (n >= 8) {
        std::uint64_t v;
        std::memcpy(&v, p, 8);
        h = (h ^ v) * 0x94D049BB133111EBull;
        h = std::rotl(h, 29);
        p += 8;
        n -= 8;
    }
    if (n >= 4) {
        std::uint32_t a, b;
        std::memcpy(&a, p, 4);
        std::memcpy(&b, p + n - 4, 4);
        h = (h ^ (std::uint64_t(a) << 32 | b)) * 0x94D049BB133111EBull;
    } else if (n > 0) {
        const std::uint64_t v = std::uint64_t(static_cast<unsigned char>(p[0])) << 16
                                | std::uint64_t(static_cast<unsigned char>(p[n >> 1])) << 8
                                | static_cast<unsigned char>(p[n - 1]);
        h = (h ^ v) * 0x94D049BB133111EBull;
    }
    return mix(h);
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
    for (std::uint32_t r = 0; r < size(); ++r) {
        if (!insert(r))
            return false;
    }
    for (int b = 0; b < 256; ++b) {
        const char c = char(b);
        m_byteRanks[b] = rank(std::string_view(&c, 1));
        if (m_byteRanks[b] == None)
            return false;
    }
    return true;
}

bool RankTable::insert(std::uint32_t r)
{
    const std::string_view key = bytes(r);
    const std::uint64_t h = hashBytes(key.data(), key.size());
    const auto tag = std::uint32_t(h >> 32);
    for (std::uint64_t i = h & m_mask;; i = (i + 1) & m_mask) {
        Slot &slot = m_slots[i];
        if (slot.rank == None) {
            slot = {r, tag};
            return true;
        }
        if (slot.tag == tag && bytes(slot.rank) == key)
            return false;
    }
}

std::uint32_t RankTable::rank(std::string_view key) const
{
    const std::uint64_t h = hashBytes(key.data(), key.size());
    const auto tag = std::uint32_t(h >> 32);
    for (std::uint64_t i = h & m_mask;; i = (i + 1) & m_mask) {
        const Slot &slot = m_slots[i];
        if (slot.rank == None)
            return None;
        if (slot.tag == tag) {
            const std::uint32_t begin = m_offsets[slot.rank];
            const std::uint32_t end = m_offsets[slot.rank + 1];
            if (end - begin == key.size() && std::memcmp(m_arena.data() + begin, key.data(), key.size()) == 0)
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
