#pragma once

#include <QByteArray>

#include <chrono>
#include <functional>

#include "fakeproviderserver.h"

namespace Crucible::Test {

/// One accepted client socket of FakeProviderServer (internal). run() executes on the
/// connection's own thread: it reads requests (Content-Length or chunked bodies, Expect:
/// 100-continue), hands each to the handler (which records it and picks the Response), and
/// writes the response with the requested chunking, framing, pacing and fault. Every wait polls
/// the server's wake fd too, so destruction interrupts delays, stalls and blocked sends at once.
/// run() closes the socket before it returns (RST for ResetAfter, FIN otherwise).
class FakeProviderConnection
{
public:
    using Handler = std::function<FakeProviderServer::Response(FakeProviderServer::ReceivedRequest)>;

    /// Takes ownership of fd (non-blocking); wakeFd becomes readable when the server stops.
    FakeProviderConnection(int fd, int wakeFd, Handler handler);
    ~FakeProviderConnection();
    FakeProviderConnection(const FakeProviderConnection &) = delete;
    FakeProviderConnection &operator=(const FakeProviderConnection &) = delete;

    void run();

private:
    enum class Next { KeepAlive, Close, Reset, Stall };

    bool readRequest(FakeProviderServer::ReceivedRequest &request, bool &keepAlive);
    bool readHead(QByteArray &head);
    bool readBody(const FakeProviderServer::ReceivedRequest &request, QByteArray &body);
    bool readChunkedBody(QByteArray &body);
    bool readLine(QByteArray &line);
    bool fill();
    Next writeResponse(const FakeProviderServer::Response &response, bool keepAlive, bool isHead);
    bool sendAll(const QByteArray &data);
    bool pause(std::chrono::milliseconds delay);
    void stall();

    int m_fd = -1;
    int m_wakeFd = -1;
    Handler m_handler;
    QByteArray m_buffer; ///< received but not yet consumed
};

} // namespace Crucible::Test
