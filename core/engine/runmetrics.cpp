#include "engine/runmetrics.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

constexpr double NsPerMs = 1e6;

std::optional<double> msBetween(std::int64_t fromNs, std::int64_t toNs)
{
    if (fromNs == 0 || toNs == 0)
        return std::nullopt;
    return double(std::max<std::int64_t>(0, toNs - fromNs)) / NsPerMs;
}

} // namespace

std::optional<double> RunMetrics::ttftMs() const
{
    return msBetween(sentNs, firstTextNs);
}

std::optional<double> RunMetrics::timeToFirstReasoningMs() const
{
    return msBetween(sentNs, firstReasoningNs);
}

double RunMetrics::elapsedMs(std::int64_t nowNs) const
{
    if (sentNs == 0)
        return 0.0;
    const std::int64_t until = endNs != 0 ? endNs : nowNs;
    return double(std::max<std::int64_t>(0, until - sentNs)) / NsPerMs;
}

// Rate over the generation window: n tokens that arrive between the first and the last token span
// n − 1 intervals, so an evenly paced stream of r tokens/s measures exactly r.
std::optional<double> RunMetrics::outputTokensPerSecond(std::int64_t nowNs) const
{
    Q_UNUSED(nowNs) // the window ends at the last token, live or final
    std::int64_t firstNs = 0;
    if (firstTextNs != 0 && firstReasoningNs != 0)
        firstNs = std::min(firstTextNs, firstReasoningNs);
    else
        firstNs = firstTextNs != 0 ? firstTextNs : firstReasoningNs;
    if (firstNs == 0 || lastTokenNs <= firstNs)
        return std::nullopt;
    const std::int64_t tokens = usage.outputTokens.value_or(textDeltas + reasoningDeltas);
    if (tokens < 2)
        return std::nullopt;
    const double seconds = double(lastTokenNs - firstNs) / 1e9;
    return double(tokens - 1) / seconds;
}

QString phaseName(RunMetrics::Phase phase)
{
    switch (phase) {
    case RunMetrics::Phase::Idle: return u"idle"_s;
    case RunMetrics::Phase::Connecting: return u"connecting"_s;
    case RunMetrics::Phase::Waiting: return u"waiting"_s;
    case RunMetrics::Phase::Streaming: return u"streaming"_s;
    case RunMetrics::Phase::Done: return u"done"_s;
    case RunMetrics::Phase::Truncated: return u"truncated"_s;
    case RunMetrics::Phase::Error: return u"error"_s;
    case RunMetrics::Phase::Cancelled: return u"cancelled"_s;
    }
    return {};
}

} // namespace Crucible
