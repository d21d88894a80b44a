#include "providers/anthropic/anthropicdecoder.h"

#include "providers/anthropic/anthropicevents_p.h"
#include "providers/errorclassifier_p.h"
#include "providers/ssejsondecoder_p.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using DecoderText::excerpt;
using DecoderText::makeError;
using JsonUtil::json;

namespace {

/// {"type":"error",...}, or any object with a non-null top-level "error" (proxies).
bool isErrorObject(const json &object, const QString &type)
{
    return type == "error"_L1 || DecoderJson::hasError(object);
}

} // namespace

AnthropicDecoder::AnthropicDecoder()
    : SseJsonDecoder(Options{.acceptsJsonArrayBody = false, .keepsBareJson = false})
{
}

void AnthropicDecoder::handleEvent(const SseEvent &event, std::vector<StreamEvent> &out)
{
    const QByteArray data = event.data.trimmed();
    if (data.isEmpty()) // "event: ping" with an empty data line, or any other empty event
        return;
    const json object = JsonUtil::parse(data);
    if (object.is_discarded() || !object.is_object()) {
        if (event.event == "error") { // an error event whose text is not JSON still ends the stream
            ProviderError e = makeError(ErrorClass::Server, u"The provider reported an error: "_s + excerpt(data));
            fail(e, out);
            return;
        }
        failNotJson(data, out);
        return;
    }
    QString type = JsonUtil::string(object, "type");
    if (type.isEmpty())
        type = QString::fromUtf8(event.event);
    if (isErrorObject(object, type) || event.event == "error") {
        fail(ErrorClassifier::fromStreamJson(object), out);
        return;
    }
    if (auto e = AnthropicEvents::read(object, type, m_state, out)) {
        fail(*e, out);
        return;
    }
    if (m_state.stopped)
        stopReading();
}

void AnthropicDecoder::finishStream(std::vector<StreamEvent> &out)
{
    failTruncated(u"message_stop"_s, out);
}

std::optional<ProviderError> AnthropicDecoder::bareLineError(const QByteArray &line)
{
    const json value = JsonUtil::parse(line);
    if (!value.is_discarded() && value.is_object() && isErrorObject(value, JsonUtil::string(value, "type")))
        return ErrorClassifier::fromStreamJson(value);
    return std::nullopt;
}

void AnthropicDecoder::finishJsonBody(std::vector<StreamEvent> &out)
{
    const json body = JsonUtil::parse(buffer());
    if (body.is_discarded() || !body.is_object()) {
        failBadBody(out);
        return;
    }
    const QString type = JsonUtil::string(body, "type");
    if (isErrorObject(body, type)) {
        ProviderError e = ErrorClassifier::fromStreamJson(body);
        e.httpStatus = httpStatus();
        fail(e, out);
        return;
    }
    if (type != "message"_L1 && !JsonUtil::member(body, "content")) {
        failBadBody(out, u"a message"_s);
        return;
    }
    AnthropicEvents::readMessage(body, m_state, out); // a whole answer is complete by definition
    stopReading();
}

void AnthropicDecoder::beforeFailure(std::vector<StreamEvent> &out)
{
    AnthropicEvents::flushToolUses(m_state, out); // what arrived of an open call is still shown
}

} // namespace Crucible
