#include "engine/retrypolicy.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

/// "500 ms", "1 s", "1.5 s", "2 min".
QString formatDuration(int ms)
{
    if (ms < 1000)
        return u"%1 ms"_s.arg(ms);
    if (ms >= 60000 && ms % 60000 == 0)
        return u"%1 min"_s.arg(ms / 60000);
    return u"%1 s"_s.arg(QString::number(ms / 1000.0, 'g', 6));
}

} // namespace

bool RetryPolicy::isRetryable(const ProviderError &error) const
{
    return error.isError() && retryOn.contains(error.errorClass);
}

std::optional<int> RetryPolicy::delayBeforeRetry(int retry, const ProviderError &error, double random01) const
{
    const RetryPolicy p = normalized();
    if (retry < 1 || retry > p.maxRetries || !p.isRetryable(error))
        return std::nullopt;
    double backoff = p.baseDelayMs * std::pow(p.multiplier, retry - 1);
    backoff = std::min(backoff, double(p.maxDelayMs));
    if (p.honourRetryAfter && error.retryAfterSeconds) {
        // Never shorter than the server asked for: whole ms, rounded up (the epsilon keeps
        // 0.15 s at 150 ms despite binary fractions).
        const double serverMs = std::ceil(std::max(0.0, *error.retryAfterSeconds) * 1000.0 - 1e-6);
        if (serverMs > p.maxRetryAfterMs)
            return std::nullopt;
        return int(std::llround(std::max(serverMs, backoff)));
    }
    const double r = std::clamp(random01, 0.0, 1.0);
    const double jittered = backoff * (1.0 - p.jitter + 2.0 * p.jitter * r);
    return int(std::llround(std::max(0.0, jittered)));
}

RetryPolicy RetryPolicy::normalized() const
{
    RetryPolicy p = *this;
    p.maxRetries = std::clamp(p.maxRetries, 0, 10);
    p.baseDelayMs = std::clamp(p.baseDelayMs, 0, 600000);
    p.multiplier = std::isfinite(p.multiplier) ? std::clamp(p.multiplier, 1.0, 10.0) : 1.0;
    p.maxDelayMs = std::clamp(p.maxDelayMs, p.baseDelayMs, 600000);
    p.jitter = std::isfinite(p.jitter) ? std::clamp(p.jitter, 0.0, 1.0) : 0.0;
    p.maxRetryAfterMs = std::clamp(p.maxRetryAfterMs, 0, 3600000);
    return p;
}

QString RetryPolicy::describe() const
{
    const RetryPolicy p = normalized();
    if (p.maxRetries == 0 || p.retryOn.isEmpty())
        return u"no retries"_s;
    QString s = p.maxRetries == 1 ? u"1 retry"_s : u"%1 retries"_s.arg(p.maxRetries);
    s += u", "_s + formatDuration(p.baseDelayMs);
    if (p.multiplier != 1.0)
        s += u" ×"_s + QString::number(p.multiplier, 'g', 4) + u" up to "_s + formatDuration(p.maxDelayMs);
    if (p.jitter > 0.0)
        s += u", ±%1 %"_s.arg(QString::number(p.jitter * 100.0, 'g', 4));
    s += p.honourRetryAfter ? u", honours Retry-After"_s : u", ignores Retry-After"_s;
    if (p.retryAfterOutput)
        s += u", also after output"_s;
    return s;
}

} // namespace Crucible
