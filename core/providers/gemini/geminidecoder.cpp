#include "providers/gemini/geminidecoder.h"

#include "providers/errorclassifier_p.h"
#include "providers/gemini/geminichunk_p.h"

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

void append(QByteArray &buffer, QByteArrayView bytes)
{
    if (buffer.size() < s_maxBufferedBody)
        buffer.append(bytes.first(std::min(bytes.size(), s_maxBufferedBody - buffer.size())));
}

bool hasError(const json &object)
{
    const json *error = JsonUtil::member(object, "error");
    return error && !error->is_null();
}

} // namespace

void GeminiDecoder::begin(int httpStatus, const HttpHeaders &headers)
{
    m_status = httpStatus;
    m_headers = headers;
}

void GeminiDecoder::feed(QByteArrayView bytes, std::vector<StreamEvent> &out)
{
    if (m_failed || bytes.isEmpty())
        return;
    const bool httpOk = m_status >= 200 && m_status < 300;
    if (!httpOk || m_mode == Mode::JsonBody || m_mode == Mode::BareJson) { // read in finish()
        append(m_buffer, bytes);
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
        if (rest[first] == '{' || rest[first] == '[') {
            m_mode = Mode::JsonBody; // the buffer keeps the body
            return;
        }
        m_mode = Mode::Sse;
        const QByteArray sniffed = rest.sliced(first).toByteArray();
        m_buffer.clear();
        feedSse(sniffed, out);
        return;
    }
    if (m_mode == Mode::BadLine) {
        feedBadLine(bytes, out);
        return;
    }
    feedSse(bytes, out);
}

void GeminiDecoder::feedSse(QByteArrayView bytes, std::vector<StreamEvent> &out)
{
    m_lastByte = bytes.back();
    const qsizetype bad = m_lines.scan(bytes);
    const QByteArrayView good = bad < 0 ? bytes : bytes.first(bad);
    m_events.clear();
    m_sse.feed(good, m_events);
    for (const SseEvent &event : m_events) {
        handleEvent(event, out);
        if (m_failed)
            return;
    }
    if (bad < 0)
        return;
    // Not SSE. A line that starts a JSON value may be a bare error object (the framing of
    // mid-stream errors is unconfirmed, §6.5), possibly spread over lines: keep it all for EOF.
    m_buffer = m_lines.badLinePrefix();
    const QByteArrayView rest = bytes.sliced(bad);
    QByteArray start = m_buffer + rest.first(std::min<qsizetype>(rest.size(), 16)).toByteArray();
    start = start.trimmed();
    if (start.startsWith('{') || start.startsWith('[')) {
        m_mode = Mode::BareJson;
        append(m_buffer, rest);
        return;
    }
    m_mode = Mode::BadLine;
    feedBadLine(rest, out);
}

void GeminiDecoder::feedBadLine(QByteArrayView bytes, std::vector<StreamEvent> &out)
{
    const qsizetype end = lineEnd(bytes);
    append(m_buffer, end < 0 ? bytes : bytes.first(end));
    if (end >= 0 || m_buffer.size() >= s_maxBufferedBody)
        finishBadLine(out);
}

void GeminiDecoder::handleEvent(const SseEvent &event, std::vector<StreamEvent> &out)
{
    const QByteArray data = event.data.trimmed();
    if (data.isEmpty() || data == "[DONE]")
        return; // not Gemini's, but harmless from a proxy
    const json chunk = JsonUtil::parse(data);
    if (chunk.is_discarded() || !chunk.is_object()) {
        fail(makeError(ErrorClass::Malformed, u"The stream carried data that is not JSON: "_s + excerpt(data)), out);
        return;
    }
    if (hasError(chunk) || event.event == "error") {
        fail(ErrorClassifier::fromStreamJson(chunk), out);
        return;
    }
    if (auto e = GeminiChunk::read(chunk, m_state, out))
        fail(*e, out);
}

void GeminiDecoder::finish(std::vector<StreamEvent> &out)
{
    if (m_failed)
        return;
    if (m_status < 200 || m_status >= 300) {
        fail(classifyHttpError(m_status, m_headers, m_buffer), out);
        return;
    }
    switch (m_mode) {
    case Mode::JsonBody:
        finishJsonBody(out);
        return;
    case Mode::BadLine:
    case Mode::BareJson:
        finishBadLine(out);
        return;
    case Mode::Sniffing:
        fail(makeError(ErrorClass::Truncated, u"The server closed the connection without sending an answer"_s), out);
        return;
    case Mode::Sse:
        finishSse(out);
        return;
    }
}

void GeminiDecoder::finishSse(std::vector<StreamEvent> &out)
{
    if (m_sse.hasPendingData() && (m_lastByte == '\n' || m_lastByte == '\r')) {
        // Every line arrived but the closing blank line did not: the event is complete enough.
        m_events.clear();
        m_sse.feed("\r\n\r\n", m_events);
        for (const SseEvent &event : m_events) {
            handleEvent(event, out);
            if (m_failed)
                return;
        }
    }
    if (m_state.finishSent)
        return; // Gemini has no terminator: EOF after a finishReason is the normal end
    fail(makeError(ErrorClass::Truncated,
                   m_sse.hasPendingData()
                       ? u"The stream ended in the middle of an event, before a finishReason"_s
                       : u"The stream ended before a finishReason"_s),
         out);
}

void GeminiDecoder::finishBadLine(std::vector<StreamEvent> &out)
{
    // A bare JSON error (no "data:") is still an error report; anything else is junk.
    const json value = JsonUtil::parse(m_buffer);
    if (!value.is_discarded() && hasError(value))
        fail(ErrorClassifier::fromStreamJson(value), out);
    else
        fail(makeError(ErrorClass::Malformed, u"The stream is not server-sent events: "_s + excerpt(m_buffer)), out);
}

void GeminiDecoder::finishJsonBody(std::vector<StreamEvent> &out)
{
    const json body = JsonUtil::parse(m_buffer);
    if (body.is_discarded() || (!body.is_object() && !body.is_array())) {
        fail(makeError(ErrorClass::Malformed, u"The answer is not valid JSON: "_s + excerpt(m_buffer)), out);
        return;
    }
    const auto readOne = [&](const json &response) {
        if (!response.is_object()) {
            fail(makeError(ErrorClass::Malformed, u"The answer is JSON but not a Gemini response: "_s + excerpt(m_buffer)), out);
            return;
        }
        if (hasError(response)) {
            // An error document under a 2xx status: classify it like the HTTP error it names.
            const auto code = JsonUtil::integer(response["error"], "code");
            if (code && *code >= 400 && *code < 600) {
                const QByteArray text = QByteArray::fromStdString(response.dump());
                fail(classifyHttpError(int(*code), m_headers, text), out);
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
            if (m_failed)
                return;
        }
    } else {
        readOne(body);
        if (m_failed)
            return;
    }
    if (!m_state.finishSent)
        fail(makeError(ErrorClass::Truncated, u"The answer ended before a finishReason"_s), out);
}

void GeminiDecoder::fail(ProviderError error, std::vector<StreamEvent> &out)
{
    if (m_failed)
        return;
    m_failed = true;
    out.push_back(StreamEvent::failure(std::move(error)));
}

} // namespace Crucible
