#include "providers/responses/responsesdecoder.h"

#include "providers/errorclassifier_p.h"
#include "providers/ssejsondecoder_p.h"
#include "providers/responses/responsesevents_p.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using JsonUtil::json;

ResponsesDecoder::ResponsesDecoder()
    : SseJsonDecoder(Options{.acceptsJsonArrayBody = false, .keepsBareJson = false})
    , m_state(std::make_unique<ResponsesEvents::State>())
{
}

ResponsesDecoder::~ResponsesDecoder() = default;

void ResponsesDecoder::handleEvent(const SseEvent &event, std::vector<StreamEvent> &out)
{
    const QByteArray data = event.data.trimmed();
    const json object = JsonUtil::parse(data);
    if (object.is_discarded() || !object.is_object()) {
        failNotJson(data, out);
        return;
    }
    if (auto e = ResponsesEvents::read(object, event.event, *m_state, out)) {
        fail(*e, out);
        return;
    }
    if (m_state->terminal)
        stopReading();
}

void ResponsesDecoder::finishStream(std::vector<StreamEvent> &out)
{
    failTruncated(u"response.completed"_s, out);
}

std::optional<ProviderError> ResponsesDecoder::bareLineError(const QByteArray &line)
{
    const json value = JsonUtil::parse(line);
    if (!value.is_discarded() && DecoderJson::hasError(value))
        return ErrorClassifier::fromStreamJson(value);
    return std::nullopt;
}

void ResponsesDecoder::finishJsonBody(std::vector<StreamEvent> &out)
{
    const json body = JsonUtil::parse(buffer());
    if (body.is_discarded() || !body.is_object()) {
        failBadBody(out);
        return;
    }
    const bool isResponse = JsonUtil::string(body, "object") == "response"_L1 || JsonUtil::member(body, "output");
    if (!isResponse && DecoderJson::hasError(body)) {
        ProviderError e = ErrorClassifier::fromStreamJson(body);
        e.httpStatus = httpStatus();
        fail(e, out);
        return;
    }
    if (!isResponse) {
        failBadBody(out, u"a response"_s);
        return;
    }
    if (auto e = ResponsesEvents::readWholeResponse(body, *m_state, out)) {
        fail(*e, out);
        return;
    }
    stopReading();
}

} // namespace Crucible
