#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <vector>

namespace Crucible {

/// One Server-Sent Event: "event:" name (empty when absent) and "data:" lines joined with '\n'.
struct SseEvent
{
    QByteArray event;
    QByteArray data;
    QByteArray id; ///< the last "id:" seen so far in the stream (persists across events, WHATWG)
    friend bool operator==(const SseEvent &, const SseEvent &) = default;
};

/// Incremental SSE framing (WHATWG rules): events end at a blank line; lines end with LF, CRLF or
/// CR; ':' lines are comments/keep-alives and are skipped; "data:" with or without the space;
/// several data lines are joined with '\n'; an event with no data line is dropped. Correct for any
/// split of the byte stream: feeding the same bytes in any slices yields the same events. A CR that
/// ends one chunk and a LF that starts the next are one line end. Not thread-safe; one per stream.
class SseParser
{
public:
    void feed(QByteArrayView bytes, std::vector<SseEvent> &out);
    /// At EOF: dispatches nothing (an unterminated event is incomplete by the spec) and reports
    /// whether unconsumed bytes were left, so decoders can classify truncation.
    bool hasPendingData() const;
    void reset();

private:
    void processLine(QByteArrayView line, std::vector<SseEvent> &out);
    QByteArray m_buffer;   ///< bytes of an incomplete line
    SseEvent m_current;
    bool m_hasData = false;
    bool m_lastWasCR = false; ///< previous chunk ended with CR: a leading LF belongs to it
    bool m_firstLine = true;  ///< a UTF-8 BOM is skipped at the start of the stream
    QByteArray m_lastId;      ///< WHATWG "last event ID buffer"
    QByteArray m_lastEventName; ///< shared with emitted events (names repeat)
};

/// Incremental NDJSON splitting: one complete line per element (LF or CRLF; empty lines skipped).
class NdjsonSplitter
{
public:
    void feed(QByteArrayView bytes, std::vector<QByteArray> &lines);
    /// At EOF: a last line without a newline is returned (servers may omit the final LF).
    void finish(std::vector<QByteArray> &lines);

private:
    QByteArray m_buffer;
};

} // namespace Crucible
