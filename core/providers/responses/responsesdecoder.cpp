#include "providers/responses/responsesdecoder.h"

#include "providers/errorclassifier_p.h"
#include "providers/responses/responsesevents_p.h"

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

} // namespace

ResponsesDecoder::ResponsesDecoder()
    : m_state(std::make_unique<ResponsesEvents::State>())
{
}

ResponsesDecoder::~ResponsesDecoder() = default;

void ResponsesDecoder::begin(int httpStatus, const HttpHeaders &headers)
{
    m_status = httpStatus;
    m_headers = headers;
}

void ResponsesDecoder::feed(QByteArrayView bytes, std::vector<StreamEvent> &out)
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

void ResponsesDecoder::feedSse(QByteArrayView bytes, std::vector<StreamEvent> &out)
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

void ResponsesDecoder::handleEvent(const SseEvent &event, std::vector<StreamEvent> &out)
{
    const QByteArray data = event.data.trimmed();
    const json object = JsonUtil::parse(data);
    if (object.is_discarded() || !object.is_object()) {
        fail(makeError(ErrorClass::Malformed, u"The stream carried data that is not JSON: "_s + excerpt(data)), out);
        return;
    }
    if (auto e = ResponsesEvents::read(object, event.event, *m_state, out)) {
        fail(*e, out);
        return;
    }
    if (m_state->terminal)
        m_mode = Mode::Ignoring;
}

void ResponsesDecoder::finish(std::vector<StreamEvent> &out)
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
                       ? u"The stream ended in the middle of an event, before response.completed"_s
                       : u"The stream ended before response.completed"_s),
         out);
}

void ResponsesDecoder::finishBadLine(std::vector<StreamEvent> &out)
{
    // A bare JSON error line (no "data:") is still an error report; anything else is junk.
    const json line = JsonUtil::parse(m_buffer);
    const json *error = line.is_discarded() ? nullptr : JsonUtil::member(line, "error");
    if (error && !error->is_null())
        fail(ErrorClassifier::fromStreamJson(line), out);
    else
        fail(makeError(ErrorClass::Malformed, u"The stream is not server-sent events: "_s + excerpt(m_buffer)), out);
}

void ResponsesDecoder::finishJsonBody(std::vector<StreamEvent> &out)
{
    const json body = JsonUtil::parse(m_buffer);
    if (body.is_discarded() || !body.is_object()) {
        fail(makeError(ErrorClass::Malformed, u"The answer is not valid JSON: "_s + excerpt(m_buffer)), out);
        return;
    }
    const json *error = JsonUtil::member(body, "error");
    const bool isResponse = JsonUtil::string(body, "object") == "response"_L1 || JsonUtil::member(body, "output");
    if (!isResponse && error && !error->is_null()) {
        ProviderError e = ErrorClassifier::fromStreamJson(body);
        e.httpStatus = m_status;
        fail(e, out);
        return;
    }
    if (!isResponse) {
        fail(makeError(ErrorClass::Malformed, u"The answer is JSON but not a response: "_s + excerpt(m_buffer)), out);
        return;
    }
    if (auto e = ResponsesEvents::readWholeResponse(body, *m_state, out)) {
        fail(*e, out);
        return;
    }
    m_mode = Mode::Ignoring;
}

void ResponsesDecoder::fail(ProviderError error, std::vector<StreamEvent> &out)
{
    if (m_failed)
        return;
    m_failed = true;
    m_mode = Mode::Ignoring;
    out.push_back(StreamEvent::failure(std::move(error)));
}

} // namespace Crucible
