#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Crucible {

/// Tells an SSE body from bytes that are not SSE, incrementally and for any split of the stream.
/// A good line is empty, a ':' comment, or starts with a known field name ("data", "event", "id",
/// "retry") followed by ':' or the line end. Anything else (binary junk, an HTML page, a bare JSON
/// line) is a bad line; a decoder then reports the stream as malformed (or reads a bare JSON error
/// line). A leading UTF-8 BOM must be removed by the caller. One instance per stream, any thread.
class SseLineChecker
{
public:
    /// Scans `bytes`; returns the index of the byte at which the first bad line became evident, or
    /// -1 when every line so far is good. After a bad line, badLinePrefix() + bytes.mid(index) is
    /// that line's text (up to and past its end); further calls return 0.
    qsizetype scan(QByteArrayView bytes);
    /// Bytes of the bad line that arrived before the byte scan() pointed at.
    QByteArray badLinePrefix() const { return m_name; }
    bool isBad() const { return m_bad; }

private:
    enum class State { LineStart, Name, Rest };
    bool nameIsKnown() const;
    State m_state = State::LineStart;
    QByteArray m_name;
    bool m_skipLF = false; ///< the previous byte was CR: a LF now ends the same line
    bool m_bad = false;
};

} // namespace Crucible
