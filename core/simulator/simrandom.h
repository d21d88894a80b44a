#pragma once

#include <QByteArrayView>
#include <QString>

#include <cstdint>

namespace Crucible {

/// 64-bit FNV-1a over bytes. Stable across platforms, compilers and runs (unlike std::hash), so the
/// Simulator's replies are reproducible everywhere.
inline std::uint64_t fnv1a64(QByteArrayView bytes, std::uint64_t hash = 0xcbf29ce484222325ULL)
{
    for (const char c : bytes) {
        hash ^= std::uint8_t(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

inline std::uint64_t fnv1a64(const QString &text, std::uint64_t hash = 0xcbf29ce484222325ULL)
{
    return fnv1a64(QByteArrayView(text.toUtf8()), hash);
}

/// Small deterministic generator (SplitMix64). Same seed, same sequence, on every platform.
class SimRandom
{
public:
    explicit SimRandom(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    /// Uniform integer in [lo, hi] (inclusive); lo when hi < lo.
    std::int64_t range(std::int64_t lo, std::int64_t hi)
    {
        if (hi <= lo)
            return lo;
        return lo + std::int64_t(next() % std::uint64_t(hi - lo + 1));
    }
    /// Uniform in [0, 1).
    double unit() { return double(next() >> 11) * 0x1.0p-53; }
    bool chance(int percent) { return range(0, 99) < percent; }

private:
    std::uint64_t m_state;
};

} // namespace Crucible
