#pragma once

#include <QByteArray>
#include <QList>

#include "transport/httprequest.h"

namespace Crucible::Test {

/// A minimal blocking HTTP/1.1 client over a POSIX socket to 127.0.0.1, for tests that must see
/// the wire exactly (chunk sizes, missing terminators, resets) rather than what libcurl makes of
/// it. Every read gives up after timeoutMs so a broken server fails the test instead of hanging.
/// Not thread-safe; one object per connection. The destructor closes the socket.
class RawHttpClient
{
public:
    struct Response
    {
        int status = 0;
        QByteArray reason;
        HttpHeaders headers;
        QByteArray body;              ///< de-chunked when Transfer-Encoding: chunked
        QList<qsizetype> chunkSizes;  ///< sizes of the HTTP chunks received (chunked only)
        bool headComplete = false;    ///< status line and headers fully received
        bool complete = false;        ///< framing says the body is whole (0-chunk, length, EOF)
        qsizetype consumed = 0;       ///< bytes of the input this response used
    };

    explicit RawHttpClient(quint16 port);
    ~RawHttpClient();
    RawHttpClient(const RawHttpClient &) = delete;
    RawHttpClient &operator=(const RawHttpClient &) = delete;

    bool isConnected() const { return m_fd >= 0; }
    bool send(const QByteArray &data);
    /// Reads until a complete response (keep-alive friendly), EOF, an error or the timeout.
    Response readResponse(int timeoutMs = 5000);
    /// Reads until the peer closes or resets; everything received is kept in received().
    void readUntilClosed(int timeoutMs = 5000);
    /// Reads until received() holds at least size bytes (or EOF/error/timeout).
    void readAtLeast(qsizetype size, int timeoutMs = 5000);
    /// True when nothing arrives within waitMs (and the connection is still open).
    bool staysSilent(int waitMs);

    const QByteArray &received() const { return m_received; }
    bool sawEof() const { return m_eof; }
    int error() const { return m_error; } ///< errno of a failed recv (ECONNRESET...), ETIMEDOUT, or 0

    /// Parses raw as one response; atEof makes a close-delimited body complete.
    static Response parse(const QByteArray &raw, bool atEof);
    /// "POST <target> HTTP/1.1" with Host, Content-Length (when body or POST) and extra headers.
    static QByteArray request(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                              const HttpHeaders &headers = {});

private:
    bool readMore(int timeoutMs);

    int m_fd = -1;
    QByteArray m_received;
    qsizetype m_offset = 0; ///< start of the next response in m_received
    bool m_eof = false;
    int m_error = 0;
};

} // namespace Crucible::Test
