#pragma once

#include <chrono>
#include <cstdint>

namespace Crucible {

/// Monotonic nanoseconds (steady_clock). Every timing in core — transport marks, simulator pacing,
/// TTFT, tokens/s — uses this clock so numbers come from transport time, never from UI time.
inline std::int64_t monotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace Crucible
