#include "providers/gemini/geminidecoder.h"

#include "providers/errorclassifier_p.h"
#include "providers/gemini/geminichunk_p.h"
#include "providers/ssejsondecoder_p.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using DecoderJson::hasError;
using DecoderText::makeError;
using JsonUtil::json;

GeminiDecoder::GeminiDecoder()
    : SseJsonDecoder(Options{.acceptsJsonArrayBody = true, .keepsBareJson = true})
{
}

void GeminiDecoder::handleEvent(const SseEvent &event, std::vector<StreamEvent> &out)
{
    const QByteArray data = event.data.trimmed();
    if (data.isEmpty() || data == "[DONE]")
        return; // not Gemini's, but harmless from a proxy
    const json chunk = JsonUtil::parse(data);
    if (chunk.is_discarded() || !chunk.is_object()) {
        failNotJson(data, out);
        return;
    }
    if (hasError(chunk) || event.event == "error") {
        fail(ErrorClassifier::fromStreamJson(chunk), out);
        return;
    }
    if (auto e = GeminiChunk::read(chunk, m_state, out))
        fail(*e, out);
}

void GeminiDecoder::finishStream(std::vector<StreamEvent> &out)
{
    if (m_state.finishSent)
        return; // Gemini has no terminator: EOF after a finishReason is the normal end
    failTruncated(u"a finishReason"_s, out);
}

std::optional<ProviderError> GeminiDecoder::bareLineError(const QByteArray &line)
{
    const json value = JsonUtil::parse(line);
    if (!value.is_discarded() && hasError(value))
        return ErrorClassifier::fromStreamJson(value);
    return std::nullopt;
}

void GeminiDecoder::finishJsonBody(std::vector<StreamEvent> &out)
{
    const json body = JsonUtil::parse(buffer());
    if (body.is_discarded() || (!body.is_object() && !body.is_array())) {
        failBadBody(out);
        return;
    }
    const auto readOne = [&](const json &response) {
        if (!response.is_object()) {
            failBadBody(out, u"a Gemini response"_s);
            return;
        }
        if (hasError(response)) {
            // An error document under a 2xx status: classify it like the HTTP error it names.
            const auto code = JsonUtil::integer(response["error"], "code");
            if (code && *code >= 400 && *code < 600) {
                const QByteArray text = QByteArray::fromStdString(response.dump());
                fail(classifyHttpError(int(*code), headers(), text), out);
            } else {
                fail(ErrorClassifier::fromStreamJson(response), out);
            }
            return;
        }
        if (auto e = GeminiChunk::read(response, m_state, out))
            fail(*e, out);
    };
    if (body.is_array()) { // the stream without alt=sse: [{…},{…}]
        for (const json &response : body) {
            readOne(response);
            if (failed())
                return;
        }
    } else {
        readOne(body);
        if (failed())
            return;
    }
    if (!m_state.finishSent)
        fail(makeError(ErrorClass::Truncated, u"The answer ended before a finishReason"_s), out);
}

} // namespace Crucible
