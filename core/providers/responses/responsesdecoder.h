#pragma once

#include <QByteArray>

#include <memory>

#include "providers/ssejsondecoder.h"

namespace Crucible {

namespace ResponsesEvents {
struct State;
}

/// Decodes an OpenAI Responses API stream (providers.md §4.3, §2, §10, §16): SSE with "event:" and
/// "data:" lines; each data object has a "type" equal to the event name (the SSE name is used when
/// "type" is missing). There is no [DONE]: the stream ends after a terminal event.
///
/// Events, in wire order:
/// - Meta once: response.id of the first response.created / in_progress / queued (or terminal) event.
/// - TextDelta: response.output_text.delta and response.refusal.delta (a refusal is shown as
///   answer text). ReasoningDelta: response.reasoning_summary_text.delta and
///   response.reasoning_text.delta. A ".done" event repeats its part's full text: ignored when
///   deltas of that part were seen, emitted once otherwise. Empty texts give no event.
/// - ToolCall: function_call items are assembled from response.output_item.added (call_id, name),
///   response.function_call_arguments.delta fragments, and the final arguments text of
///   .function_call_arguments.done or the item of response.output_item.done; a call is emitted
///   when it is complete (id = call_id), in the order the calls started. Calls still open at the
///   terminal event, or only listed in its response.output, are emitted then.
/// - response.completed: Usage, then Finish "tool_calls" when the response made function calls,
///   "stop" otherwise (the API reports only status "completed"; "tool_calls" is the word Chat
///   Completions uses, so a caller can tell an answer from a call the same way for both).
/// - response.incomplete: Usage, then Finish from incomplete_details.reason: "max_output_tokens"
///   (or the spec example's "max_tokens") -> "length", others as given ("content_filter"),
///   "incomplete" when none is given.
/// - Usage: inputTokens = input_tokens (cached included), cachedInputTokens =
///   input_tokens_details.cached_tokens, cacheWriteInputTokens = .cache_write_tokens,
///   outputTokens = output_tokens (reasoning included), reasoningTokens =
///   output_tokens_details.reasoning_tokens; missing detail counts are 0.
/// Errors (terminal, at most one, nothing after it):
/// - response.failed: Usage when present, then response.error classified by its code/message
///   (server_error -> server, rate_limit_exceeded -> rate-limit, ...), httpStatus 0.
/// - an "error" event (top-level code/message/param, or an "error" object), or a data object
///   without a type that carries an "error" object: classified the same way.
/// - a data event that is not a JSON object, or a line that is not SSE (the spec example's "..."
///   placeholder line is one) -> Malformed; a bare JSON line with an "error" object is classified.
/// - non-2xx: the whole body through classifyHttpError() in finish().
/// - EOF before response.completed / .incomplete / .failed / error -> Truncated. At EOF an event
///   whose lines all ended but whose closing blank line is missing is still read (recorded
///   streams end that way). Everything after a terminal event is ignored.
/// A 2xx body that is one JSON document (a server that ignored "stream") is read at EOF as a
/// whole Response object (output items, then its status) or an error object.
/// Threading: whichever thread drives it; not shared.
class ResponsesDecoder : public SseJsonDecoder
{
public:
    ResponsesDecoder();
    ~ResponsesDecoder() override;

    /// True once a terminal event (completed / incomplete / failed / error) was read.
    bool sawTerminalEvent() const { return stoppedReading(); }

private:
    void handleEvent(const SseEvent &event, std::vector<StreamEvent> &out) override;
    void finishJsonBody(std::vector<StreamEvent> &out) override;
    void finishStream(std::vector<StreamEvent> &out) override;
    std::optional<ProviderError> bareLineError(const QByteArray &line) override;

    std::unique_ptr<ResponsesEvents::State> m_state;
};

} // namespace Crucible
