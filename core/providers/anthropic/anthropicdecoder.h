#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

#include "providers/ssejsondecoder.h"

namespace Crucible {

/// Decodes an Anthropic Messages stream (providers.md §5.4, §5.5, §10, §16): SSE with "event:"
/// and "data:" lines, the JSON "type" of each data object deciding what it is (the event name
/// when the object has no type). JSON padded with spaces is fine.
///
/// Events, in wire order:
///   message_start        -> Meta (message.id, once) and Usage (message.usage)
///   content_block_delta  -> TextDelta (text_delta), ReasoningDelta (thinking_delta); signature_delta,
///                           citations_delta and redacted_thinking blocks give nothing
///   content_block_stop   -> ToolCall for a tool_use block: its input_json_delta fragments joined
///                           (the content_block_start "input" when there were none), compact JSON
///   message_delta        -> Finish (delta.stop_reason, lower-case, verbatim: "end_turn",
///                           "max_tokens", "stop_sequence", "tool_use", "refusal", "pause_turn", ...)
///                           once, then Usage
///   message_stop         -> the terminator; everything after it is ignored
///   ping, unknown types  -> nothing
/// Usage is cumulative on the wire: each report replaces the fields it carries (null or absent
/// fields keep their last value, nothing is added up) and every Usage event carries the complete
/// totals so far: inputTokens = input_tokens + cache_read_input_tokens +
/// cache_creation_input_tokens, cachedInputTokens = cache_read, cacheWriteInputTokens =
/// cache_creation, outputTokens = output_tokens, reasoningTokens =
/// output_tokens_details.thinking_tokens.
/// Errors (terminal, at most one, nothing after it): "event: error" / {"type":"error"} mid-stream,
/// classified by its error.type and message (overloaded_error or "Overloaded" -> Overloaded);
/// data that is not a JSON object, or a line that is not SSE -> Malformed; a non-2xx status -> the
/// whole body classified by classifyHttpError() in finish(); EOF before message_stop -> Truncated.
/// Tool calls still open when the stream ends or fails are reported (arguments as they arrived)
/// before the Error event. At EOF, an event whose lines all ended but whose closing blank line is
/// missing is still read. A 2xx body that is one JSON document (a whole Message, or an error
/// object) is read as a whole at EOF.
/// Threading: whichever thread drives it (the transport's network thread); not shared.
class AnthropicDecoder : public SseJsonDecoder
{
public:
    AnthropicDecoder();

    bool sawMessageStop() const { return m_state.stopped; }

    /// A tool_use block still receiving input_json_delta fragments.
    struct OpenToolUse
    {
        qint64 index = 0;
        QString id;
        QString name;
        QString partialJson;  ///< input_json_delta fragments joined
        QString initialInput; ///< content_block_start "input", compact JSON ("{}" usually)
    };
    /// What the event reader remembers between events (used by anthropicevents.cpp only).
    struct State
    {
        bool metaSent = false;
        bool finishSent = false;
        bool stopped = false; ///< message_stop seen
        QList<OpenToolUse> toolUses;
        std::optional<std::int64_t> inputTokens;
        std::optional<std::int64_t> cacheReadTokens;
        std::optional<std::int64_t> cacheCreationTokens;
        std::optional<std::int64_t> outputTokens;
        std::optional<std::int64_t> thinkingTokens;
    };

private:
    void handleEvent(const SseEvent &event, std::vector<StreamEvent> &out) override;
    void finishJsonBody(std::vector<StreamEvent> &out) override;
    void finishStream(std::vector<StreamEvent> &out) override;
    std::optional<ProviderError> bareLineError(const QByteArray &line) override;
    void beforeFailure(std::vector<StreamEvent> &out) override;

    State m_state;
};

} // namespace Crucible
