#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include "providers/ssejsondecoder.h"

namespace Crucible {

/// Decodes an OpenAI Chat Completions stream (providers.md §3.5, §8, §16) and the same shape from
/// compatible servers (Ollama /v1, llama.cpp, vLLM, LM Studio, OpenRouter, Groq, Mistral, DeepSeek).
///
/// Events, in wire order: Meta once (the chunk "id"); ReasoningDelta for delta.reasoning_content or
/// delta.reasoning and Mistral "thinking" parts; TextDelta for delta.content (string or typed parts)
/// and for delta.refusal (a refusal is shown as answer text; finish_reason still tells how it
/// ended); Finish once for the first non-null finish_reason of choice 0; Usage for every non-null
/// usage (or x_groq.usage) on any chunk. Empty strings give no event.
/// Tool calls: fragments are assembled per index (a fragment without index continues the last
/// call unless it brings a new id; Groq-style whole calls in one chunk work the same). One ToolCall
/// event per call, in index order: all of them just before the Finish event of the chunk that
/// carries the first finish_reason (so the order is ..., text, tool calls, finish, usage);
/// calls that never saw a finish_reason are reported at "data: [DONE]", or at EOF just before the
/// Truncated error (their arguments then usually do not parse and become a JSON string). Calls
/// are not reported when the stream ends with a provider error or malformed data.
/// Errors (terminal, at most one, nothing after it): a top-level "error" object in a data event
/// (or a Mistral/vLLM {"object":"error","message":...} object), or finish_reason "error"; a data event that is not JSON, or a line that is not SSE -> Malformed;
/// a non-2xx status -> the whole body classified by classifyHttpError() in finish(); EOF without
/// "data: [DONE]" -> Truncated, even after a finish_reason. Everything after [DONE] is ignored.
/// At EOF, an event whose lines all ended but whose closing blank line is missing is still read
/// (recorded streams end with "data: [DONE]\n"); an event cut inside a line is not.
/// A 2xx body that is one JSON document (a server that ignored "stream") is read as a whole
/// chat.completion or error object at EOF.
/// Threading: whichever thread drives it (the transport's network thread); not shared.
class OpenAIChatDecoder : public SseJsonDecoder
{
public:
    OpenAIChatDecoder();

    struct ToolCall
    {
        int index = 0;
        QString id;
        QString name;
        QString arguments; ///< concatenated argument fragments (JSON text when complete)
        bool emitted = false; ///< its ToolCall event was sent
    };

    const QList<ToolCall> &toolCalls() const { return m_chunks.toolCalls; }
    bool sawDone() const { return m_done; }

    /// What the chunk reader remembers between chunks (used by openaichatdecoder.cpp only).
    struct ChunkState
    {
        bool metaSent = false;
        bool finishSent = false;
        QList<ToolCall> toolCalls;
    };

private:
    void handleEvent(const SseEvent &event, std::vector<StreamEvent> &out) override;
    void finishJsonBody(std::vector<StreamEvent> &out) override;
    void finishStream(std::vector<StreamEvent> &out) override;
    std::optional<ProviderError> bareLineError(const QByteArray &line) override;

    ChunkState m_chunks;
    bool m_done = false;
};

} // namespace Crucible
