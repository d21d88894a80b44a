#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

#include <cstdint>
#include <optional>

namespace Crucible {

/// How a request failed. The names (errorClassName) are part of the CLI JSON contract.
enum class ErrorClass {
    None,
    Auth,          ///< 401, bad/missing key
    Permission,    ///< 403
    NotFound,      ///< 404, unknown model
    BadRequest,    ///< 400/413/422 other than context length
    ContextLength, ///< prompt too long for the model
    RateLimit,     ///< 429 (retry_after_s when known)
    Overloaded,    ///< 503 overloaded / 529 / provider "Overloaded" stream errors
    Server,        ///< 5xx, mid-stream server_error
    Network,       ///< DNS, connect refused, reset, TLS
    Timeout,       ///< connect / idle / total timeout
    Truncated,     ///< EOF before the provider's terminator
    Cancelled,     ///< user stop / SIGINT
    Malformed,     ///< bytes that are not the provider's protocol
};

/// "auth", "permission", "not-found", "bad-request", "context-length", "rate-limit", "overloaded",
/// "server", "network", "timeout", "truncated", "cancelled", "malformed"; "" for None.
QString errorClassName(ErrorClass c);
std::optional<ErrorClass> errorClassFromName(const QString &name);

/// A provider or transport failure, normalized. message never contains an API key.
struct ProviderError
{
    ErrorClass errorClass = ErrorClass::None;
    QString message;
    int httpStatus = 0;                     ///< 0 when no HTTP status applies (mid-stream, network)
    std::optional<double> retryAfterSeconds; ///< Retry-After / retry-after-ms / RetryInfo.retryDelay
    QString providerType;                   ///< e.g. "rate_limit_error", "RESOURCE_EXHAUSTED"
    QString providerCode;                   ///< e.g. "context_length_exceeded"
    bool isError() const { return errorClass != ErrorClass::None; }
};

/// Token usage in one convention for every provider (see README "Usage numbers"):
/// inputTokens counts every input token, cached ones included; cachedInputTokens is the part read
/// from a cache; cacheWriteInputTokens the part written to one; outputTokens counts every billed
/// output token, reasoning included; reasoningTokens is the reasoning part. nullopt = not reported.
struct Usage
{
    std::optional<std::int64_t> inputTokens;
    std::optional<std::int64_t> cachedInputTokens;
    std::optional<std::int64_t> cacheWriteInputTokens;
    std::optional<std::int64_t> outputTokens;
    std::optional<std::int64_t> reasoningTokens;
    bool isEmpty() const
    {
        return !inputTokens && !cachedInputTokens && !cacheWriteInputTokens && !outputTokens
            && !reasoningTokens;
    }
    /// Field-wise "last reported value wins": fields other reports replace ours; absent ones stay.
    void mergeLatest(const Usage &other);
    friend bool operator==(const Usage &, const Usage &) = default;
};

/// One complete tool (function) call the model asked for, normalized across providers.
struct ToolCall
{
    QString id;            ///< provider's call id ("call_abc", "toolu_01…"); Gemini/Ollama: generated "call_<n>"
    QString name;          ///< function name
    /// The arguments as compact JSON text (nlohmann dump()), assembled from every streamed fragment.
    /// Arguments that arrived as an object (Gemini, Ollama) are dumped as they are. When the
    /// assembled text is not valid JSON (a stream cut short), the raw text as a JSON string.
    /// Empty arguments are "{}".
    QString argumentsJson;
    friend bool operator==(const ToolCall &, const ToolCall &) = default;
};

/// One normalized thing a provider said. Decoders emit these; ModelRun consumes them.
struct StreamEvent
{
    enum class Kind {
        TextDelta,      ///< text: visible answer text
        ReasoningDelta, ///< text: reasoning / thinking text
        Usage,          ///< usage: replaces earlier values field-wise (never summed)
        Finish,         ///< finishReason: provider's reason, normalized lower-case ("stop", "length", ...)
        Error,          ///< error: terminal; nothing after it counts
        Meta,           ///< text: provider request / response id
        ToolCall,       ///< toolCall: one complete call, emitted once when its last fragment arrived
                        ///< (block stop / finish / end of stream), in the order the calls started
    };
    Kind kind = Kind::TextDelta;
    QString text;
    Crucible::Usage usage;
    QString finishReason;
    ProviderError error;
    Crucible::ToolCall toolCall;

    static StreamEvent textDelta(QString t) { return {Kind::TextDelta, std::move(t), {}, {}, {}, {}}; }
    static StreamEvent reasoningDelta(QString t) { return {Kind::ReasoningDelta, std::move(t), {}, {}, {}, {}}; }
    static StreamEvent usageReport(const Crucible::Usage &u) { return {Kind::Usage, {}, u, {}, {}, {}}; }
    static StreamEvent finish(QString reason) { return {Kind::Finish, {}, {}, std::move(reason), {}, {}}; }
    static StreamEvent failure(ProviderError e) { return {Kind::Error, {}, {}, {}, std::move(e), {}}; }
    static StreamEvent meta(QString id) { return {Kind::Meta, std::move(id), {}, {}, {}, {}}; }
    static StreamEvent toolCallDone(Crucible::ToolCall c) { return {Kind::ToolCall, {}, {}, {}, {}, std::move(c)}; }
};

/// A StreamEvent stamped with the monotonic arrival time (ns, clock.h) of the bytes that carried it.
struct TimedEvent
{
    std::int64_t atNs = 0;
    StreamEvent event;
};

} // namespace Crucible

Q_DECLARE_METATYPE(Crucible::ProviderError)
Q_DECLARE_METATYPE(Crucible::Usage)
Q_DECLARE_METATYPE(Crucible::ToolCall)
