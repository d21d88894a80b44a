#pragma once

#include <QMetaType>
#include <QString>

#include <cstdint>
#include <optional>

#include "providers/streamevent.h"

namespace Crucible {

/// Live and final numbers of one run. All times come from transport/monotonic timestamps.
struct RunMetrics
{
    enum class Phase { Idle, Connecting, Waiting, Streaming, Done, Truncated, Error, Cancelled };
    Phase phase = Phase::Idle;

    std::int64_t sentNs = 0;       ///< request sent (monotonic ns); elapsed counts from here
    std::int64_t firstTextNs = 0;  ///< first non-empty visible text delta
    std::int64_t firstReasoningNs = 0;
    std::int64_t lastTokenNs = 0;  ///< last text or reasoning delta
    std::int64_t endNs = 0;        ///< run over

    std::int64_t textDeltas = 0;      ///< non-empty text delta events seen
    std::int64_t reasoningDeltas = 0; ///< non-empty reasoning delta events seen
    Usage usage;                      ///< as reported by the provider (last value wins)
    QString finishReason;
    QString requestId;
    std::optional<std::int64_t> costMicroUsd; ///< from usage and the price table; nullopt: unknown
    bool priced = false;                      ///< model found in the price table

    /// ms from send to first visible text (TTFT). nullopt until then.
    std::optional<double> ttftMs() const;
    /// ms from send to first reasoning text.
    std::optional<double> timeToFirstReasoningMs() const;
    /// ms from send to endNs, or to nowNs while running.
    double elapsedMs(std::int64_t nowNs) const;
    /// Output tokens per second over the generation time (first token → last token).
    /// Uses reported output tokens when known (final), else the count of deltas (live estimate:
    /// isTokenRateEstimated() is then true). nullopt with < 2 tokens or no duration yet.
    std::optional<double> outputTokensPerSecond(std::int64_t nowNs) const;
    bool isTokenRateEstimated() const { return !usage.outputTokens.has_value(); }
    bool isRunning() const
    {
        return phase == Phase::Connecting || phase == Phase::Waiting || phase == Phase::Streaming;
    }
};

QString phaseName(RunMetrics::Phase phase); ///< "connecting", "streaming", "done", ...

} // namespace Crucible

Q_DECLARE_METATYPE(Crucible::RunMetrics)
