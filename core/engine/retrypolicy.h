#pragma once

#include <QList>
#include <QString>

#include <optional>

#include "providers/streamevent.h"

namespace Crucible {

/// When and how long to wait before a failed attempt is tried again. A value type the user sets
/// (Compare toolbar, `crucible-cli compare --retries`); the RunCoordinator applies it.
///
/// Backoff for retry number r (1 = the first retry): base * multiplier^(r-1), capped at maxDelayMs,
/// then spread by ±jitter (uniform: delay * (1 - jitter + 2 * jitter * random01)), rounded to ms.
/// When the error carries a server wait (Retry-After, retry-after-ms, Gemini retryDelay) and
/// honourRetryAfter is set, the delay is max(server wait, backoff without jitter) — never shorter
/// than what the server asked for; a server wait longer than maxRetryAfterMs means "do not retry"
/// (the error stands, with its retry-after shown). A server wait is rounded up to whole ms.
/// Without honourRetryAfter the server wait is ignored (backoff with jitter, no maxRetryAfterMs rule).
struct RetryPolicy
{
    int maxRetries = 2;          ///< retries after the first attempt; 0 = never retry (0..10)
    int baseDelayMs = 1000;
    double multiplier = 2.0;
    int maxDelayMs = 30000;
    double jitter = 0.2;         ///< 0..1
    bool honourRetryAfter = true;
    int maxRetryAfterMs = 120000;
    /// An attempt that already streamed visible text is not retried by default: its tokens are
    /// billed and the user saw them.
    bool retryAfterOutput = false;
    QList<ErrorClass> retryOn = {ErrorClass::RateLimit, ErrorClass::Overloaded, ErrorClass::Server,
                                 ErrorClass::Network, ErrorClass::Timeout};

    /// The error's class is one to retry (does not look at counts or waits).
    bool isRetryable(const ProviderError &error) const;
    /// ms to wait before retry number `retry` (1-based) after `error`; nullopt: do not retry
    /// (not retryable, retry > maxRetries, or the server wait exceeds maxRetryAfterMs).
    /// random01 in [0, 1) drives the jitter (tests pass fixed values).
    std::optional<int> delayBeforeRetry(int retry, const ProviderError &error, double random01) const;
    /// Clamps every field to its documented range: maxRetries 0..10, baseDelayMs 0..600000,
    /// multiplier 1..10, maxDelayMs baseDelayMs..600000, jitter 0..1, maxRetryAfterMs 0..3600000.
    /// delayBeforeRetry() works on the normalized policy.
    RetryPolicy normalized() const;
    /// "2 retries, 1 s ×2 up to 30 s, ±20 %, honours Retry-After" / "no retries".
    QString describe() const;
};

} // namespace Crucible
