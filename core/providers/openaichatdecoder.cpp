#include "providers/openaichatdecoder.h"

#include "providers/errorclassifier_p.h"
#include "providers/openaichatchunk_p.h"

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

/// {"error": {...}} (OpenAI, OpenRouter, llama.cpp, Ollama /v1) or {"object":"error", "message"...}
/// (Mistral, vLLM: also inside a stream).
bool isErrorReport(const JsonUtil::json &value)
{
    const JsonUtil::json *error = JsonUtil::member(value, "error");
    return (error && !error->is_null()) || JsonUtil::string(value, "object") == "error"_L1;
}

QString excerpt(QByteArrayView bytes)
{
    return QString::fromUtf8(bytes.first(std::min<qsizetype>(bytes.size(), 120)));
}

} // namespace

void OpenAIChatDecoder::begin(int httpStatus, const HttpHeaders &headers)
{
    m_status = httpStatus;
    m_headers = headers;
}

void OpenAIChatDecoder::feed(QByteArrayView bytes, std::vector<StreamEvent> &out)
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
        if (rest[first] == '{' || rest[first] == '[') {
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

void OpenAIChatDecoder::feedSse(QByteArrayView bytes, std::vector<StreamEvent> &out)
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

void OpenAIChatDecoder::handleEvent(const SseEvent &event, std::vector<StreamEvent> &out)
{
    const QByteArray data = event.data.trimmed();
    if (data.startsWith("[DONE]")) {
        OpenAIChatChunk::flushToolCalls(m_chunks, out);
        m_done = true;
        m_mode = Mode::Ignoring;
        return;
    }
    const json chunk = JsonUtil::parse(data);
    if (chunk.is_discarded() || !chunk.is_object()) {
        fail(makeError(ErrorClass::Malformed, u"The stream carried data that is not JSON: "_s + excerpt(data)), out);
        return;
    }
    if (isErrorReport(chunk) || event.event == "error") {
        fail(ErrorClassifier::fromStreamJson(chunk), out);
        return;
    }
    if (auto e = OpenAIChatChunk::read(chunk, m_chunks, out))
        fail(*e, out);
}

void OpenAIChatDecoder::finish(std::vector<StreamEvent> &out)
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
        // Every line arrived but the closing blank line did not (recorded streams end with
        // "data: [DONE]\n"): the event is complete enough to read.
        m_events.clear();
        m_sse.feed("\n\n", m_events);
        for (const SseEvent &event : m_events) {
            handleEvent(event, out);
            if (m_failed || m_mode == Mode::Ignoring)
                return;
        }
    }
    OpenAIChatChunk::flushToolCalls(m_chunks, out); // what arrived of them; the error says it is cut
    fail(makeError(ErrorClass::Truncated,
                   m_sse.hasPendingData()
                       ? u"The stream ended in the middle of an event, before [DONE]"_s
                       : u"The stream ended before [DONE]"_s),
         out);
}

void OpenAIChatDecoder::finishBadLine(std::vector<StreamEvent> &out)
{
    // A bare JSON error line (no "data:") is still an error report; anything else is junk.
    const json line = JsonUtil::parse(m_buffer);
    if (!line.is_discarded() && isErrorReport(line))
        fail(ErrorClassifier::fromStreamJson(line), out);
    else
        fail(makeError(ErrorClass::Malformed, u"The stream is not server-sent events: "_s + excerpt(m_buffer)), out);
}

void OpenAIChatDecoder::finishJsonBody(std::vector<StreamEvent> &out)
{
    const json body = JsonUtil::parse(m_buffer);
    if (body.is_discarded() || !body.is_object()) {
        fail(makeError(ErrorClass::Malformed, u"The answer is not valid JSON: "_s + excerpt(m_buffer)), out);
        return;
    }
    if (isErrorReport(body)) {
        ProviderError e = ErrorClassifier::fromStreamJson(body);
        e.httpStatus = m_status;
        fail(e, out);
        return;
    }
    if (!JsonUtil::member(body, "choices")) {
        fail(makeError(ErrorClass::Malformed, u"The answer is JSON but not a chat completion: "_s + excerpt(m_buffer)), out);
        return;
    }
    if (auto e = OpenAIChatChunk::read(body, m_chunks, out)) {
        fail(*e, out);
        return;
    }
    OpenAIChatChunk::flushToolCalls(m_chunks, out); // a whole answer without finish_reason
    m_done = true; // a whole answer is complete by definition
    m_mode = Mode::Ignoring;
}

void OpenAIChatDecoder::fail(ProviderError error, std::vector<StreamEvent> &out)
{
    if (m_failed)
        return;
    m_failed = true;
    m_mode = Mode::Ignoring;
    out.push_back(StreamEvent::failure(std::move(error)));
}

} // namespace Crucible
