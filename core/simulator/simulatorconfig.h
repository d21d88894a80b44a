#pragma once

#include <QString>
#include <QUrl>

#include <chrono>
#include <cstdint>
#include <optional>

#include "common/result.h"
#include "providers/streamevent.h"

namespace Crucible {

/// How the Simulator behaves for one request. Read from ProviderSettings::baseUrl, whose scheme must
/// be "simulator" (or empty: all defaults), e.g.
///   simulator://local?ttft_ms=300&tokens_per_s=40&fail=rate-limit&fail_after=5&max_tokens=64
/// Query keys (all optional):
///   ttft_ms=N        time to first token, ms (default: 150–600, seeded by the model name)
///   tokens_per_s=X   mean token rate, > 0 (default: 25–90, seeded by the model name)
///   jitter=P         per-token pacing jitter in percent, 0–90 (default 25)
///   tokens=N         reply length target in tokens (default: 40–120, seeded); JSON replies ignore it
///   max_tokens=N     cut the reply after N tokens, finish "length" (like ChatRequest::maxOutputTokens;
///                    the smaller of the two applies)
///   fail=CLASS       fail with an error class name (errorClassName: rate-limit, auth, server, ...).
///                    HTTP-like classes fail before the first token with their usual status;
///                    server, truncated, network, timeout, malformed, cancelled fail after fail_after
///                    tokens
///   fail_after=N     tokens streamed before a mid-stream failure (default 5)
///   retry_after_s=X  Retry-After reported with fail=rate-limit / overloaded (default 2)
///   seed=S           extra seed mixed into the reply (same prompt, different text)
/// Model names: "sim-fast" (TTFT 60 ms, 400 tokens/s) and "sim-slow" (TTFT 1500 ms, 6 tokens/s)
/// have fixed paces; every other name seeds its own.
struct SimulatorConfig
{
    std::chrono::milliseconds ttft{300};
    double tokensPerSecond = 40.0;
    int jitterPercent = 25;
    std::optional<int> replyTokens;
    std::optional<int> maxTokens;
    std::optional<ErrorClass> fail;
    int failAfter = 5;
    double retryAfterSeconds = 2.0;
    std::uint64_t extraSeed = 0;

    /// Pace defaults for a model name (deterministic).
    static SimulatorConfig defaultsFor(const QString &model);
    /// defaultsFor(model) overridden by the URL's query. Usage error on a wrong scheme, an unknown
    /// key or a bad value.
    static Result<SimulatorConfig> parse(const QUrl &baseUrl, const QString &model);
};

/// True for classes the Simulator reports as an HTTP error before any token.
bool simulatorFailsBeforeFirstToken(ErrorClass errorClass);
/// The HTTP status a real API would send for an HTTP-like class (0 for stream-level classes).
int simulatorHttpStatus(ErrorClass errorClass);

} // namespace Crucible
