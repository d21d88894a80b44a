#pragma once

#include <QByteArray>

#include "providers/ssejsondecoder.h"
#include "providers/streamevent.h"

namespace Crucible {

/// Decodes a Gemini streamGenerateContent?alt=sse response (providers.md §6.4, §2, §16): SSE with
/// data lines only, LF or CRLF framing, every event one whole GenerateContentResponse.
///
/// Events per chunk, in this order: Meta once (the first responseId); for the candidate with
/// index 0, each part in order: ReasoningDelta for text parts with "thought": true, TextDelta for
/// other text parts, ToolCall for functionCall parts (they arrive whole: id from the call or
/// "call_<n>", n counting the stream's calls from 0; args dumped as compact JSON, "{}" when
/// absent); Usage when usageMetadata differs from the last one reported; Finish once, for the
/// first finishReason other than FINISH_REASON_UNSPECIFIED, lower-cased ("stop", "max_tokens",
/// "safety", "recitation", "malformed_function_call", ...). Empty texts give no event.
///
/// Usage: usageMetadata repeats on many chunks and changes (promptTokenCount 12 then 11): the
/// latest one is reported as totals, never summed. inputTokens = promptTokenCount (cached ones
/// included) + toolUsePromptTokenCount; cachedInputTokens = cachedContentTokenCount;
/// outputTokens = candidatesTokenCount + thoughtsTokenCount; reasoningTokens =
/// thoughtsTokenCount. Absent counts are 0 (proto3 JSON leaves zeros out).
///
/// Errors (terminal, at most one, nothing after it):
/// - A prompt blocked by promptFeedback.blockReason (no candidates): its Usage, then an Error of
///   class bad-request, providerType "PROMPT_BLOCKED", providerCode the block reason ("SAFETY"),
///   message "Gemini blocked the prompt (SAFETY)…". Blocking is a verdict on the request, and a
///   Finish would make an empty answer look like a normal one.
/// - An "error" object in a data event, or a bare JSON line with one (mid-stream framing is
///   unconfirmed): classified by its status/code words, httpStatus 0.
/// - A data event that is not JSON, or bytes that are not SSE: Malformed.
/// - Non-2xx: the whole body through classifyHttpError() in finish() (the body is plain JSON even
///   under Content-Type text/event-stream).
/// - Gemini has no terminator: EOF after a chunk with a finishReason ends the stream normally;
///   EOF before one -> Truncated. At EOF an event whose lines all ended but whose blank line is
///   missing is still read.
/// A 2xx body that is one JSON document (a server that ignored alt=sse: one response object or
/// an array of them; or an error object) is read whole at EOF; an error object there is
/// classified like an HTTP error with its "code" as the status.
/// Threading: whichever thread drives it; not shared.
class GeminiDecoder : public SseJsonDecoder
{
public:
    GeminiDecoder();

    bool sawFinishReason() const { return m_state.finishSent; }

    /// What the chunk reader remembers between chunks (geminichunk.cpp).
    struct ChunkState
    {
        bool metaSent = false;
        bool finishSent = false;
        int toolCalls = 0;
        bool usageSent = false;
        Usage lastUsage;
    };

private:
    void handleEvent(const SseEvent &event, std::vector<StreamEvent> &out) override;
    void finishJsonBody(std::vector<StreamEvent> &out) override;
    void finishStream(std::vector<StreamEvent> &out) override;
    std::optional<ProviderError> bareLineError(const QByteArray &line) override;

    ChunkState m_state;
};

} // namespace Crucible
