#pragma once

#include <QByteArrayView>
#include <QDateTime>

#include <optional>

#include "providers/streamevent.h"
#include "transport/httprequest.h"

namespace Crucible {

/// Normalizes provider errors (providers.md §10) into ProviderError. Pure functions, any thread.
///
/// Understood bodies: OpenAI-style {"error":{message,type,param,code}} (code string or number),
/// Anthropic {"type":"error","error":{type,message}}, Gemini {"error":{code,message,status,details}}
/// (google.rpc.RetryInfo.retryDelay "53s" becomes retryAfterSeconds), Ollama {"error":"text"},
/// Mistral/vLLM {"object":"error","message":text|object,"type","code"}, FastAPI {"detail":[...]}.
/// Any other body: the message is a trimmed one-line prefix of the text. Messages are the
/// provider's own words, on one line, at most maxMessageLength characters, never prefixed; they
/// are not redacted here (the caller knows the secrets, see redact.h).
namespace ErrorClassifier {
constexpr int maxMessageLength = 300;
}

/// A non-2xx HTTP response. Class by status: 401 auth, 403 permission, 404 not-found, 400/413/422
/// (other 4xx too) bad-request unless the body says the context is too long (context-length),
/// 402 and 429 rate-limit (quota errors keep the class; their message says "quota"), 408/504
/// timeout, 503 overloaded when the body says overloaded/unavailable/"Loading model" (else server),
/// 529 overloaded, other 5xx server. retryAfterSeconds from retry-after-ms, Retry-After (seconds or
/// HTTP-date, relative to `now`), or the body's RetryInfo, in that order.
ProviderError classifyHttpError(int status, const HttpHeaders &headers, QByteArrayView body,
                                const QDateTime &now = QDateTime::currentDateTimeUtc());

/// An error reported inside a 2xx stream: the JSON text of the event ({"error":{...}},
/// {"type":"error","error":{...}}) or of the error object itself. Class from type/code/status/
/// message (overloaded_error or "Overloaded" -> overloaded, rate_limit_error -> rate-limit,
/// server_error/api_error -> server, ...); server when nothing more specific is known.
/// httpStatus stays 0. Text that is not JSON gives a Malformed error.
ProviderError classifyStreamError(QByteArrayView json);

/// retry-after-ms, then Retry-After (delta-seconds or HTTP-date relative to `now`, never negative).
std::optional<double> retryAfterFromHeaders(const HttpHeaders &headers,
                                            const QDateTime &now = QDateTime::currentDateTimeUtc());

} // namespace Crucible
