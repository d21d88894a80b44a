#include "providers/anthropic/anthropicdecoder.h"

#include "providers/anthropic/anthropicevents_p.h"
#include "providers/errorclassifier_p.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using JsonUtil::json;

namespace {

constexpr qsizetype s_maxBufferedBody = 4 * 1024 * 1024; // error bodies, whole-JSON answers
constexpr QByteArrayView s_bom("\xEF\xBB\xBF", 3);

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

ProviderError makeError(ErrorClass c, const QString &message)
{
    ProviderError e;
    e.errorClass = c;
    e.message = ErrorClassifier::oneLine(message);
    return e;
}

/// Index of the first CR or LF, -1 when none.
qsizetype lineEnd(QByteArrayView bytes)
{
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == '\r' || bytes[i] == '\n')
            return i;
    }
    return -1;
}

QString excerpt(QByteArrayView bytes)
{
    return QString::fromUtf8(bytes.first(std::min<qsizetype>(bytes.size(), 120)));
}

/// {"type":"error",...}, or any object with a non-null top-level "error" (proxies).
bool isErrorObject(const json &object, const QString &type)
{
    if (type == "error"_L1)
        return true;
    const json *error = JsonUtil::member(object, "error");
    return error && !error->is_null();
}

} // namespace

void AnthropicDecoder::begin(int httpStatus, const HttpHeaders &headers)
{
    m_status = httpStatus;
    m_headers = headers;
}

void AnthropicDecoder::feed(QByteArrayView bytes, std::vector<StreamEvent> &out)
{
    if (m_failed || m_mode == Mode::Ignoring || bytes.isEmpty())
        return;
    const bool httpOk = m_status >= 200 && m_status < 300;
    if (!httpOk || m_mode == Mode::JsonBody) { // whole body, read in finish()
        if (m_buffer.size() < s_maxBufferedBody)
            m_buffer.append(bytes.first(std::min(bytes.size(), s_maxBufferedBody - m_buffer.size())));
        return;
    }
    if (m_mode == Mode::Sniffing) {
        m_buffer.append(bytes);
        if (s_bom.startsWith(QByteArrayView(m_buffer)))
            return; // a BOM may still be arriving
        QByteArrayView rest(m_buffer);
        if (rest.startsWith(s_bom))
            rest = rest.sliced(s_bom.size());
        qsizetype first = 0;
        while (first < rest.size() && isBlank(rest[first]))
            ++first;
        if (first == rest.size())
            return; // only blanks so far: undecided
        if (rest[first] == '{') {
            m_mode = Mode::JsonBody;
            return; // the buffer keeps the body
        }
        m_mode = Mode::Sse;
        const QByteArray sniffed = rest.sliced(first).toByteArray();
        m_buffer.clear();
        feedSse(sniffed, out);
        return;
    }
    if (m_mode == Mode::BadLine) {
        const qsizetype end = lineEnd(bytes);
        m_buffer.append(end < 0 ? bytes : bytes.first(end));
        if (end >= 0 || m_buffer.size() >= s_maxBufferedBody)
            finishBadLine(out);
        return;
    }
    feedSse(bytes, out);
}

void AnthropicDecoder::feedSse(QByteArrayView bytes, std::vector<StreamEvent> &out)
{
    m_lastByte = bytes.back();
    const qsizetype bad = m_lines.scan(bytes);
    const QByteArrayView good = bad < 0 ? bytes : bytes.first(bad);
    m_events.clear();
    m_sse.feed(good, m_events);
    for (const SseEvent &event : m_events) {
        handleEvent(event, out);
        if (m_failed || m_mode == Mode::Ignoring)
            return;
    }
    if (bad >= 0) {
        m_mode = Mode::BadLine;
        m_buffer = m_lines.badLinePrefix();
        feed(bytes.sliced(bad), out);
    }
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
        fail(makeError(ErrorClass::Malformed, u"The stream carried data that is not JSON: "_s + excerpt(data)), out);
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
        m_mode = Mode::Ignoring;
}

void AnthropicDecoder::finish(std::vector<StreamEvent> &out)
{
    if (m_failed)
        return;
    if (m_status < 200 || m_status >= 300) {
        fail(classifyHttpError(m_status, m_headers, m_buffer), out);
        return;
    }
    switch (m_mode) {
    case Mode::Ignoring:
        return;
    case Mode::JsonBody:
        finishJsonBody(out);
        return;
    case Mode::BadLine:
        finishBadLine(out);
        return;
    case Mode::Sniffing:
        fail(makeError(ErrorClass::Truncated, u"The server closed the connection without sending an answer"_s), out);
        return;
    case Mode::Sse:
        break;
    }
    if (m_sse.hasPendingData() && (m_lastByte == '\n' || m_lastByte == '\r')) {
        // Every line arrived but the closing blank line did not: the event is complete enough.
        m_events.clear();
        m_sse.feed("\n\n", m_events);
        for (const SseEvent &event : m_events) {
            handleEvent(event, out);
            if (m_failed || m_mode == Mode::Ignoring)
                return;
        }
    }
    fail(makeError(ErrorClass::Truncated,
                   m_sse.hasPendingData()
                       ? u"The stream ended in the middle of an event, before message_stop"_s
                       : u"The stream ended before message_stop"_s),
         out);
}

void AnthropicDecoder::finishBadLine(std::vector<StreamEvent> &out)
{
    // A bare JSON error line (no "data:") is still an error report; anything else is junk.
    const json line = JsonUtil::parse(m_buffer);
    if (!line.is_discarded() && line.is_object() && isErrorObject(line, JsonUtil::string(line, "type")))
        fail(ErrorClassifier::fromStreamJson(line), out);
    else
        fail(makeError(ErrorClass::Malformed, u"The stream is not server-sent events: "_s + excerpt(m_buffer)), out);
}

void AnthropicDecoder::finishJsonBody(std::vector<StreamEvent> &out)
{
    const json body = JsonUtil::parse(m_buffer);
    if (body.is_discarded() || !body.is_object()) {
        fail(makeError(ErrorClass::Malformed, u"The answer is not valid JSON: "_s + excerpt(m_buffer)), out);
        return;
    }
    const QString type = JsonUtil::string(body, "type");
    if (isErrorObject(body, type)) {
        ProviderError e = ErrorClassifier::fromStreamJson(body);
        e.httpStatus = m_status;
        fail(e, out);
        return;
    }
    if (type != "message"_L1 && !JsonUtil::member(body, "content")) {
        fail(makeError(ErrorClass::Malformed, u"The answer is JSON but not a message: "_s + excerpt(m_buffer)), out);
        return;
    }
    AnthropicEvents::readMessage(body, m_state, out); // a whole answer is complete by definition
    m_mode = Mode::Ignoring;
}

void AnthropicDecoder::fail(ProviderError error, std::vector<StreamEvent> &out)
{
    if (m_failed)
        return;
    AnthropicEvents::flushToolUses(m_state, out); // what arrived of an open call is still shown
    m_failed = true;
    m_mode = Mode::Ignoring;
    out.push_back(StreamEvent::failure(std::move(error)));
}

} // namespace Crucible
