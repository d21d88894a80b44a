#pragma once

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "transport/httprequest.h"

namespace Crucible::Test {

/// A scripted HTTP/1.1 server on 127.0.0.1:<ephemeral port> for provider tests. It runs on its own
/// thread (POSIX sockets + poll, one extra thread per connection), answers each incoming request
/// with the next queued Response (the last one repeats when the queue runs dry; nothing ever
/// queued: 500 with a JSON error body), records every request, and injects faults. It never
/// listens on anything but loopback. Destroying it stops accepting, closes every connection
/// (stalled ones too) and joins all threads promptly.
///
/// Connections are kept alive after a complete ContentLength/Chunked response unless the request
/// says "Connection: close" (or is HTTP/1.0); CloseDelimited framing and every fault end the
/// connection. An absolute request-target (forward-proxy style, "http://host/path") is recorded
/// as sent and answered like any other request. "Expect: 100-continue" is honoured, and request
/// bodies may use Content-Length or Transfer-Encoding: chunked.
class FakeProviderServer
{
public:
    /// How the (possibly fault-shortened) body is cut into send() calls. With Chunked framing
    /// every piece also becomes one HTTP chunk. Accepted sockets use TCP_NODELAY.
    enum class Chunking { Whole, Bytewise, Random, Fixed };
    enum class Framing { ContentLength, Chunked, CloseDelimited };
    enum class Fault {
        None,
        ResetAfter,  ///< send faultAfterBytes body bytes, then RST (SO_LINGER 0)
        StallAfter,  ///< send faultAfterBytes body bytes, then keep the socket open, silent
        CloseAfter,  ///< send faultAfterBytes body bytes, then a clean FIN (truncation)
        Garbage,     ///< body replaced by garbageBytes (binary junk) after faultAfterBytes bytes;
                     ///< framed correctly (declared length/chunks cover the junk), ends normally
    };

    struct Response
    {
        int status = 200;
        QString reason;                    ///< empty: standard reason phrase
        HttpHeaders headers;               ///< Content-Type etc. (framing headers are added;
                                           ///< Content-Length/Transfer-Encoding/Connection here
                                           ///< are ignored)
        QByteArray body;
        Chunking chunking = Chunking::Whole;
        int chunkSize = 64;                ///< Fixed chunking
        quint32 seed = 1;                  ///< Random chunking: sizes 1..chunkSize
        Framing framing = Framing::Chunked; ///< ContentLength declares the full body size even
                                            ///< when a fault cuts it short
        std::chrono::milliseconds headerDelay{0}; ///< wait before sending the status line
        std::chrono::milliseconds pacing{0};      ///< wait between body chunks (slow drip)
                                                  ///< every wait ends at once when the server dies
        Fault fault = Fault::None;
        qsizetype faultAfterBytes = 0;     ///< body bytes (not wire bytes) before the fault
        QByteArray garbageBytes = QByteArray("\x00\xff\xfe garbage \x01\x02", 14); ///< 14 bytes, NUL first
    };

    /// Reads a file of shared/reference/fixtures: drops the leading "# source:" line(s); when the
    /// next line is an HTTP status line ("HTTP/1.1 404", "HTTP/2.0 400 Bad Request"), parses status,
    /// headers and body from it (Content-Length/Transfer-Encoding dropped: framing is ours);
    /// otherwise the rest is the body, status 200, Content-Type guessed (text/event-stream for
    /// SSE, application/x-ndjson for NDJSON, application/json for a JSON document). Bodies are
    /// kept byte-exact (CRLF stays CRLF); only the file's final newline is dropped when the
    /// recorded Content-Length says it is not part of the body. A status line without a reason
    /// leaves reason empty. Returns a Response with status 0 and the error in reason when the
    /// file cannot be read.
    static Response fromFixture(const QString &path);
    /// Absolute path of a fixture in ../shared/reference/fixtures (CRUCIBLE_SHARED_DIR).
    static QString fixturePath(const QString &name);
    /// fromFixture(fixturePath(name)).
    static Response fromFixtureName(const QString &name);
    /// File names (not paths) of every fixture, sorted.
    static QStringList fixtureNames();
    /// Standard reason phrase for an HTTP status ("Too Many Requests"); "Unknown" otherwise.
    static QByteArray reasonPhrase(int status);

    struct ReceivedRequest
    {
        QByteArray method;
        QByteArray target; ///< request-target as sent ("/v1/chat/completions", or absolute via proxy)
        HttpHeaders headers;
        QByteArray body;
    };

    FakeProviderServer();
    ~FakeProviderServer();
    FakeProviderServer(const FakeProviderServer &) = delete;
    FakeProviderServer &operator=(const FakeProviderServer &) = delete;

    bool isListening() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    QUrl baseUrl() const; ///< http://127.0.0.1:<port>

    void enqueue(Response response); ///< thread-safe
    void clearQueue(); ///< thread-safe; also forgets the repeating last response (next: 500)
    int requestCount() const; ///< thread-safe; requests fully received so far
    /// Blocks the calling thread (no event loop!) until at least count requests were received or
    /// timeout passed; true when reached. With a Qt event loop use QTRY_VERIFY(requestCount() >= n).
    bool waitForRequests(int count, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
    QList<ReceivedRequest> requests() const; ///< thread-safe snapshot
    int connectionsAccepted() const { return m_accepted.load(); }

private:
    void serve();
    struct Impl;
    std::unique_ptr<Impl> d;
    quint16 m_port = 0;
    std::atomic<int> m_accepted{0};
    std::thread m_thread;
};

} // namespace Crucible::Test

/// First statement of a test function that replays a fixture of ../shared: skips the test
/// (QSKIP, so ctest still passes without ../shared; tests/CMakeLists.txt looks for this name)
/// when the fixture file is absent.
#define SKIP_WITHOUT_SHARED(name)                                                                  \
    if (!QFile::exists(::Crucible::Test::FakeProviderServer::fixturePath(name)))                   \
    QSKIP("fixture missing: ../shared is not beside the checkout")
