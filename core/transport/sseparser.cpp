#include "transport/sseparser.h"

#include <cstring>

namespace Crucible {

namespace {

/// Index of the first CR or LF in [begin, end), or end.
const char *findLineEnd(const char *begin, const char *end)
{
    // memchr is vectorised; most streams use LF, so look for it first and only then for a CR
    // before it (CR-only and CRLF streams pay for a second, bounded scan).
    const auto *lf = static_cast<const char *>(std::memchr(begin, '\n', size_t(end - begin)));
    const char *limit = lf ? lf : end;
    const auto *cr = static_cast<const char *>(std::memchr(begin, '\r', size_t(limit - begin)));
    return cr ? cr : limit;
}

constexpr QByteArrayView kBom("\xEF\xBB\xBF", 3);

} // namespace

void SseParser::feed(QByteArrayView bytes, std::vector<SseEvent> &out)
{
    const char *p = bytes.data();
    const char *const end = p + bytes.size();
    if (p == end)
        return;
    if (m_lastWasCR) { // the CR that ended the previous chunk already ended its line
        m_lastWasCR = false;
        if (*p == '\n')
            ++p;
    }
    while (p < end) {
        const char *eol = findLineEnd(p, end);
        if (eol == end) { // incomplete line: keep it for the next chunk
            m_buffer.append(p, qsizetype(end - p));
            return;
        }
        if (m_buffer.isEmpty()) {
            processLine(QByteArrayView(p, eol - p), out);
        } else {
            m_buffer.append(p, qsizetype(eol - p));
            processLine(m_buffer, out);
            m_buffer.resize(0); // keeps the capacity, unlike clear()
        }
        p = eol + 1;
        if (*eol == '\r') {
            if (p == end)
                m_lastWasCR = true; // a LF may start the next chunk
            else if (*p == '\n')
                ++p;
        }
    }
}

void SseParser::processLine(QByteArrayView line, std::vector<SseEvent> &out)
{
    if (m_firstLine) {
        m_firstLine = false;
        if (line.startsWith(kBom)) // a UTF-8 BOM may open the stream (WHATWG)
            line = line.sliced(kBom.size());
    }
    if (line.isEmpty()) { // blank line: dispatch
        if (m_hasData)
            out.push_back(SseEvent{std::move(m_current.event), std::move(m_current.data), m_lastId});
        m_current = {};
        m_hasData = false;
        return;
    }
    if (line.front() == ':') // comment / keep-alive
        return;

    QByteArrayView field = line;
    QByteArrayView value;
    if (const qsizetype colon = line.indexOf(':'); colon >= 0) {
        field = line.first(colon);
        value = line.sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
    }
    if (field == "data") {
        if (m_hasData) {
            m_current.data.append('\n');
            m_current.data.append(value);
        } else {
            m_current.data = value.toByteArray(); // one exact allocation for the common case
        }
        m_hasData = true;
    } else if (field == "event") {
        // Streams repeat a handful of names: share the previous copy instead of allocating.
        if (value != m_lastEventName)
            m_lastEventName = value.toByteArray();
        m_current.event = m_lastEventName;
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastId = value.toByteArray();
    }
    // "retry" and unknown fields are ignored.
}

bool SseParser::hasPendingData() const
{
    return !m_buffer.isEmpty() || m_hasData || !m_current.event.isEmpty();
}

void SseParser::reset()
{
    *this = SseParser();
}

void NdjsonSplitter::feed(QByteArrayView bytes, std::vector<QByteArray> &lines)
{
    const char *p = bytes.data();
    const char *const end = p + bytes.size();
    while (p < end) {
        const auto *lf = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
        if (!lf) {
            m_buffer.append(p, qsizetype(end - p));
            return;
        }
        QByteArray line;
        if (m_buffer.isEmpty()) {
            line = QByteArray(p, qsizetype(lf - p));
        } else {
            m_buffer.append(p, qsizetype(lf - p));
            line = std::exchange(m_buffer, {});
        }
        if (line.endsWith('\r'))
            line.chop(1);
        if (!line.trimmed().isEmpty())
            lines.push_back(std::move(line));
        p = lf + 1;
    }
}

void NdjsonSplitter::finish(std::vector<QByteArray> &lines)
{
    QByteArray line = std::exchange(m_buffer, {});
    if (line.endsWith('\r'))
        line.chop(1);
    if (!line.trimmed().isEmpty())
        lines.push_back(std::move(line));
}

} // namespace Crucible
