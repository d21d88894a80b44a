#pragma once

#include <QByteArray>

#include "transport/sseparser.h"
#include "transport/streamdecoder.h"

namespace Crucible {

/// Decodes an Ollama native stream (providers.md §7.2, §7.3, §2.8, §16): NDJSON, one JSON object
/// per line (LF or CRLF; the last line may lack its newline). Both /api/chat lines and
/// /api/generate lines ("response" / "thinking" at the top level) are read.
///
/// Events per line, in this order: ReasoningDelta for message.thinking (or "thinking"); TextDelta
/// for message.content (or "response"); one ToolCall per message.tool_calls entry (calls arrive
/// whole: id from the call or "call_<n>", n counting the stream's calls from 0; name
/// function.name; function.arguments, a JSON object, dumped compact — a string is parsed first,
/// kept as a JSON string when it is not JSON; "{}" when absent). Empty texts give no event.
/// The line with "done": true ends the stream: Usage (inputTokens = prompt_eval_count, outputTokens
/// = eval_count; each only when present: prompt_eval_count is left out when the whole prompt came
/// from the KV cache, so the input count is then unknown, not 0), then Finish from done_reason,
/// lower-cased, "stop" when empty or absent. Ollama sends no response id: no Meta. Everything after
/// the done line is ignored.
///
/// Errors (terminal, at most one, nothing after it):
/// - a line with "error" (a string, Ollama's shape, or an object): classified by its words
///   (ErrorClassifier), and a message saying "... not found" is not-found; httpStatus 0.
/// - a complete line that is not a JSON object -> Malformed. When the very first line is not JSON
///   the body may be one pretty-printed JSON document (an error object): it is then read whole at
///   EOF (an error, or a done object).
/// - non-2xx: the whole body through classifyHttpError() in finish() (404 "model ... not found").
/// - EOF without a done line -> Truncated, also when EOF cuts a JSON line short; a last line that
///   is not the start of JSON is Malformed.
/// Threading: whichever thread drives it; not shared.
class OllamaDecoder : public StreamDecoder
{
public:
    void begin(int httpStatus, const HttpHeaders &headers) override;
    void feed(QByteArrayView bytes, std::vector<StreamEvent> &out) override;
    void finish(std::vector<StreamEvent> &out) override;

    bool sawDone() const { return m_done; }

private:
    enum class Mode { Lines, WholeBody, Ignoring };
    void handleLine(const QByteArray &line, bool atEof, std::vector<StreamEvent> &out);
    void fail(ProviderError error, std::vector<StreamEvent> &out);

    int m_status = 0;
    HttpHeaders m_headers;
    Mode m_mode = Mode::Lines;
    NdjsonSplitter m_splitter;
    std::vector<QByteArray> m_lines; ///< scratch
    QByteArray m_buffer;  ///< error body, whole JSON body, or the raw bytes before the first line
    bool m_sawLine = false; ///< a line was read as JSON: the body is NDJSON
    int m_toolCalls = 0;
    bool m_done = false;
    bool m_failed = false;
};

} // namespace Crucible
