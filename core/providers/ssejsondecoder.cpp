#include "providers/ssejsondecoder.h"

#include "providers/errorclassifier.h"
#include "providers/errorclassifier_p.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

constexpr QByteArrayView s_bom("\xEF\xBB\xBF", 3);

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
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

} // namespace

ProviderError DecoderText::makeError(ErrorClass c, const QString &message)
{
    ProviderError e;
    e.errorClass = c;
    e.message = ErrorClassifier::oneLine(message);
    return e;
}

QString DecoderText::excerpt(QByteArrayView bytes)
{
    return QString::fromUtf8(bytes.first(std::min<qsizetype>(bytes.size(), 120)));
}

void DecoderText::appendCapped(QByteArray &buffer, QByteArrayView bytes)
{
    if (buffer.size() < maxBufferedBody)
        buffer.append(bytes.first(std::min(bytes.size(), maxBufferedBody - buffer.size())));
}

SseJsonDecoder::SseJsonDecoder(Options options)
    : m_options(options)
{
}

void SseJsonDecoder::begin(int httpStatus, const HttpHeaders &headers)
{
    m_status = httpStatus;
    m_headers = headers;
}

void SseJsonDecoder::feed(QByteArrayView bytes, std::vector<StreamEvent> &out)
{
    if (m_failed || m_mode == Mode::Ignoring || bytes.isEmpty())
        return;
    const bool httpOk = m_status >= 200 && m_status < 300;
    if (!httpOk || m_mode == Mode::JsonBody || m_mode == Mode::BareJson) { // read in finish()
        DecoderText::appendCapped(m_buffer, bytes);
        return;
    }
    switch (m_mode) {
    case Mode::Sniffing:
        sniff(bytes, out);
        return;
    case Mode::BadLine:
        feedBadLine(bytes, out);
        return;
    default:
        feedSse(bytes, out);
        return;
    }
}

void SseJsonDecoder::sniff(QByteArrayView bytes, std::vector<StreamEvent> &out)
{
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
    if (rest[first] == '{' || (m_options.acceptsJsonArrayBody && rest[first] == '[')) {
        m_mode = Mode::JsonBody;
        return; // the buffer keeps the body
    }
    m_mode = Mode::Sse;
    const QByteArray sniffed = rest.sliced(first).toByteArray();
    m_buffer.clear();
    feedSse(sniffed, out);
}

void SseJsonDecoder::feedSse(QByteArrayView bytes, std::vector<StreamEvent> &out)
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
    if (bad < 0)
        return;
    m_buffer = m_lines.badLinePrefix();
    const QByteArrayView rest = bytes.sliced(bad);
    if (m_options.keepsBareJson) {
        // A line that starts a JSON value may be a bare error object, possibly spread over
        // lines: keep it all for EOF.
        QByteArray start = m_buffer + rest.first(std::min<qsizetype>(rest.size(), 16)).toByteArray();
        start = start.trimmed();
        if (start.startsWith('{') || start.startsWith('[')) {
            m_mode = Mode::BareJson;
            DecoderText::appendCapped(m_buffer, rest);
            return;
        }
    }
    m_mode = Mode::BadLine;
    feedBadLine(rest, out);
}

void SseJsonDecoder::feedBadLine(QByteArrayView bytes, std::vector<StreamEvent> &out)
{
    const qsizetype end = lineEnd(bytes);
    DecoderText::appendCapped(m_buffer, end < 0 ? bytes : bytes.first(end));
    if (end >= 0 || m_buffer.size() >= DecoderText::maxBufferedBody)
        finishBadLine(out);
}

void SseJsonDecoder::finish(std::vector<StreamEvent> &out)
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
    case Mode::BareJson:
        finishBadLine(out);
        return;
    case Mode::Sniffing:
        fail(DecoderText::makeError(ErrorClass::Truncated,
                                    u"The server closed the connection without sending an answer"_s),
             out);
        return;
    case Mode::Sse:
        finishSse(out);
        return;
    }
}

void SseJsonDecoder::finishSse(std::vector<StreamEvent> &out)
{
    if (m_sse.hasPendingData() && (m_lastByte == '\n' || m_lastByte == '\r')) {
        // Every line arrived but the closing blank line did not (recorded streams often end
        // that way): the event is complete enough to read.
        m_events.clear();
        m_sse.feed("\n\n", m_events);
        for (const SseEvent &event : m_events) {
            handleEvent(event, out);
            if (m_failed || m_mode == Mode::Ignoring)
                return;
        }
    }
    finishStream(out);
}

void SseJsonDecoder::finishBadLine(std::vector<StreamEvent> &out)
{
    // A bare JSON error line (no "data:") is still an error report; anything else is junk.
    if (std::optional<ProviderError> e = bareLineError(m_buffer))
        fail(std::move(*e), out);
    else
        fail(DecoderText::makeError(ErrorClass::Malformed,
                                    u"The stream is not server-sent events: "_s + DecoderText::excerpt(m_buffer)),
             out);
}

void SseJsonDecoder::failNotJson(QByteArrayView data, std::vector<StreamEvent> &out)
{
    fail(DecoderText::makeError(ErrorClass::Malformed,
                                u"The stream carried data that is not JSON: "_s + DecoderText::excerpt(data)),
         out);
}

void SseJsonDecoder::failBadBody(std::vector<StreamEvent> &out, const QString &what)
{
    const QString text = what.isEmpty() ? u"The answer is not valid JSON: "_s
                                        : u"The answer is JSON but not %1: "_s.arg(what);
    fail(DecoderText::makeError(ErrorClass::Malformed, text + DecoderText::excerpt(m_buffer)), out);
}

void SseJsonDecoder::failTruncated(const QString &terminator, std::vector<StreamEvent> &out)
{
    fail(DecoderText::makeError(ErrorClass::Truncated,
                                m_sse.hasPendingData()
                                    ? u"The stream ended in the middle of an event, before "_s + terminator
                                    : u"The stream ended before "_s + terminator),
         out);
}

void SseJsonDecoder::beforeFailure(std::vector<StreamEvent> &)
{
}

void SseJsonDecoder::fail(ProviderError error, std::vector<StreamEvent> &out)
{
    if (m_failed)
        return;
    beforeFailure(out);
    m_failed = true;
    m_mode = Mode::Ignoring;
    out.push_back(StreamEvent::failure(std::move(error)));
}

} // namespace Crucible
