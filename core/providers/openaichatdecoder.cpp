#include "providers/openaichatdecoder.h"

#include "providers/errorclassifier_p.h"
#include "providers/openaichatchunk_p.h"
#include "providers/ssejsondecoder_p.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using JsonUtil::json;

namespace {

/// {"error": {...}} (OpenAI, OpenRouter, llama.cpp, Ollama /v1) or {"object":"error", "message"...}
/// (Mistral, vLLM: also inside a stream).
bool isErrorReport(const JsonUtil::json &value)
{
    return DecoderJson::hasError(value) || JsonUtil::string(value, "object") == "error"_L1;
}

} // namespace

OpenAIChatDecoder::OpenAIChatDecoder()
    : SseJsonDecoder(Options{.acceptsJsonArrayBody = true, .keepsBareJson = false})
{
}

void OpenAIChatDecoder::handleEvent(const SseEvent &event, std::vector<StreamEvent> &out)
{
    const QByteArray data = event.data.trimmed();
    if (data.startsWith("[DONE]")) {
        OpenAIChatChunk::flushToolCalls(m_chunks, out);
        m_done = true;
        stopReading();
        return;
    }
    const json chunk = JsonUtil::parse(data);
    if (chunk.is_discarded() || !chunk.is_object()) {
        failNotJson(data, out);
        return;
    }
    if (isErrorReport(chunk) || event.event == "error") {
        fail(ErrorClassifier::fromStreamJson(chunk), out);
        return;
    }
    if (auto e = OpenAIChatChunk::read(chunk, m_chunks, out))
        fail(*e, out);
}

void OpenAIChatDecoder::finishStream(std::vector<StreamEvent> &out)
{
    OpenAIChatChunk::flushToolCalls(m_chunks, out); // what arrived of them; the error says it is cut
    failTruncated(u"[DONE]"_s, out);
}

std::optional<ProviderError> OpenAIChatDecoder::bareLineError(const QByteArray &line)
{
    const json value = JsonUtil::parse(line);
    if (!value.is_discarded() && isErrorReport(value))
        return ErrorClassifier::fromStreamJson(value);
    return std::nullopt;
}

void OpenAIChatDecoder::finishJsonBody(std::vector<StreamEvent> &out)
{
    const json body = JsonUtil::parse(buffer());
    if (body.is_discarded() || !body.is_object()) {
        failBadBody(out);
        return;
    }
    if (isErrorReport(body)) {
        ProviderError e = ErrorClassifier::fromStreamJson(body);
        e.httpStatus = httpStatus();
        fail(e, out);
        return;
    }
    if (!JsonUtil::member(body, "choices")) {
        failBadBody(out, u"a chat completion"_s);
        return;
    }
    if (auto e = OpenAIChatChunk::read(body, m_chunks, out)) {
        fail(*e, out);
        return;
    }
    OpenAIChatChunk::flushToolCalls(m_chunks, out); // a whole answer without finish_reason
    m_done = true; // a whole answer is complete by definition
    stopReading();
}

} // namespace Crucible
