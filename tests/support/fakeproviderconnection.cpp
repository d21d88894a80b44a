#include "fakeproviderconnection.h"

#include <QByteArrayView>

#include <algorithm>
#include <cerrno>
#include <random>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Crucible::Test {

namespace {

using Response = FakeProviderServer::Response;

constexpr qsizetype MaxHeadBytes = 1024 * 1024;

bool sameName(const QByteArray &a, QByteArrayView b)
{
    return QByteArrayView(a).compare(b, Qt::CaseInsensitive) == 0;
}

QByteArray findHeader(const HttpHeaders &headers, QByteArrayView name)
{
    for (const auto &header : headers) {
        if (sameName(header.first, name))
            return header.second;
    }
    return {};
}

/// The send() pieces of body, per the response's chunking. Never yields an empty piece.
QList<QByteArray> splitBody(const QByteArray &body, const Response &response)
{
    QList<QByteArray> pieces;
    if (body.isEmpty())
        return pieces;
    const qsizetype maxPiece = std::max(1, response.chunkSize);
    std::mt19937 random(response.seed);
    std::uniform_int_distribution<qsizetype> size(1, maxPiece);
    qsizetype offset = 0;
    while (offset < body.size()) {
        qsizetype length = body.size() - offset;
        switch (response.chunking) {
        case FakeProviderServer::Chunking::Whole: break;
        case FakeProviderServer::Chunking::Bytewise: length = 1; break;
        case FakeProviderServer::Chunking::Fixed: length = std::min(length, maxPiece); break;
        case FakeProviderServer::Chunking::Random: length = std::min(length, size(random)); break;
        }
        pieces.append(body.mid(offset, length));
        offset += length;
    }
    return pieces;
}

} // namespace

FakeProviderConnection::FakeProviderConnection(int fd, int wakeFd, Handler handler)
    : m_fd(fd)
    , m_wakeFd(wakeFd)
    , m_handler(std::move(handler))
{
}

FakeProviderConnection::~FakeProviderConnection()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void FakeProviderConnection::run()
{
    for (;;) {
        FakeProviderServer::ReceivedRequest request;
        bool keepAlive = true;
        if (!readRequest(request, keepAlive))
            break;
        const bool isHead = request.method == "HEAD";
        const Response response = m_handler(std::move(request));
        const Next next = writeResponse(response, keepAlive, isHead);
        if (next == Next::KeepAlive)
            continue;
        if (next == Next::Reset) {
            const linger abort{1, 0}; // close() now sends RST instead of FIN
            ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
        } else {
            if (next == Next::Stall)
                stall();
            ::shutdown(m_fd, SHUT_WR);
        }
        break;
    }
    ::close(m_fd);
    m_fd = -1;
}

bool FakeProviderConnection::readRequest(FakeProviderServer::ReceivedRequest &request, bool &keepAlive)
{
    QByteArray head;
    if (!readHead(head))
        return false;
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() < 2)
        return false;
    request.method = requestLine.at(0);
    request.target = requestLine.at(1);
    const QByteArray version = requestLine.value(2);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    const QByteArray connection = findHeader(request.headers, "Connection").toLower();
    keepAlive = version == "HTTP/1.0" ? connection.contains("keep-alive") : !connection.contains("close");
    return readBody(request, request.body);
}

bool FakeProviderConnection::readHead(QByteArray &head)
{
    for (;;) {
        while (m_buffer.startsWith("\r\n") || m_buffer.startsWith('\n')) // tolerated before a request
            m_buffer.remove(0, m_buffer.startsWith('\n') ? 1 : 2);
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end >= 0) {
            head = m_buffer.left(end);
            m_buffer.remove(0, end + 4);
            return true;
        }
        if (m_buffer.size() > MaxHeadBytes || !fill())
            return false;
    }
}

bool FakeProviderConnection::readBody(const FakeProviderServer::ReceivedRequest &request, QByteArray &body)
{
    const bool chunked = findHeader(request.headers, "Transfer-Encoding").toLower().contains("chunked");
    const QByteArray lengthText = findHeader(request.headers, "Content-Length");
    const qsizetype length = lengthText.toLongLong();
    if ((chunked || length > 0) && findHeader(request.headers, "Expect").toLower() == "100-continue") {
        if (!sendAll("HTTP/1.1 100 Continue\r\n\r\n"))
            return false;
    }
    if (chunked)
        return readChunkedBody(body);
    while (m_buffer.size() < length) {
        if (!fill())
            return false;
    }
    body = m_buffer.left(length);
    m_buffer.remove(0, length);
    return true;
}

bool FakeProviderConnection::readChunkedBody(QByteArray &body)
{
    for (;;) {
        QByteArray sizeLine;
        if (!readLine(sizeLine))
            return false;
        bool ok = false;
        const qsizetype extension = sizeLine.indexOf(';');
        const qsizetype size = (extension < 0 ? sizeLine : sizeLine.left(extension)).trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0)
            return false;
        if (size == 0) { // trailers until the empty line
            QByteArray trailer;
            do {
                if (!readLine(trailer))
                    return false;
            } while (!trailer.isEmpty());
            return true;
        }
        while (m_buffer.size() < size + 2) {
            if (!fill())
                return false;
        }
        body += m_buffer.left(size);
        m_buffer.remove(0, size + 2);
    }
}

bool FakeProviderConnection::readLine(QByteArray &line)
{
    for (;;) {
        const qsizetype end = m_buffer.indexOf('\n');
        if (end >= 0) {
            line = m_buffer.left(end).trimmed();
            m_buffer.remove(0, end + 1);
            return true;
        }
        if (m_buffer.size() > MaxHeadBytes || !fill())
            return false;
    }
}

bool FakeProviderConnection::fill()
{
    for (;;) {
        pollfd fds[2] = {{m_fd, POLLIN, 0}, {m_wakeFd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (fds[1].revents != 0)
            return false;
        char chunk[16384];
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n > 0) {
            m_buffer.append(chunk, n);
            return true;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            continue;
        return false; // orderly shutdown by the client, or an error
    }
}

FakeProviderConnection::Next FakeProviderConnection::writeResponse(const Response &response, bool keepAlive,
                                                                   bool isHead)
{
    using Fault = FakeProviderServer::Fault;
    using Framing = FakeProviderServer::Framing;
    if (response.headerDelay.count() > 0 && !pause(response.headerDelay))
        return Next::Close;

    const bool cuts = response.fault == Fault::ResetAfter || response.fault == Fault::StallAfter
                      || response.fault == Fault::CloseAfter;
    const qsizetype after = std::max<qsizetype>(0, response.faultAfterBytes);
    const QByteArray body = response.fault == Fault::Garbage ? response.body.left(after) + response.garbageBytes
                                                             : response.body;
    const QByteArray sent = cuts ? body.left(after) : body;
    const bool chunked = response.framing == Framing::Chunked;
    const bool close = !keepAlive || cuts || response.framing == Framing::CloseDelimited;
    // RFC 9110: no content after HEAD, 1xx, 204 and 304 (and no framing headers for 204/304).
    const bool noContentStatus = response.status < 200 || response.status == 204 || response.status == 304;
    const bool bodyless = isHead || noContentStatus;

    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
                      + (response.reason.isEmpty() ? FakeProviderServer::reasonPhrase(response.status)
                                                   : response.reason.toUtf8())
                      + "\r\n";
    for (const auto &[name, value] : response.headers) {
        if (!sameName(name, "Content-Length") && !sameName(name, "Transfer-Encoding") && !sameName(name, "Connection"))
            head += name + ": " + value + "\r\n";
    }
    if (response.framing == Framing::ContentLength && !noContentStatus)
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    else if (chunked && !noContentStatus)
        head += "Transfer-Encoding: chunked\r\n";
    if (close)
        head += "Connection: close\r\n";
    head += "\r\n";
    if (!sendAll(head))
        return Next::Close;
    if (bodyless)
        return close ? Next::Close : Next::KeepAlive;

    const QList<QByteArray> pieces = splitBody(sent, response);
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        if (i > 0 && response.pacing.count() > 0 && !pause(response.pacing))
            return Next::Close;
        const QByteArray &piece = pieces.at(i);
        if (!sendAll(chunked ? QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n" : piece))
            return Next::Close;
    }
    switch (response.fault) {
    case Fault::ResetAfter: return Next::Reset;
    case Fault::StallAfter: return Next::Stall;
    case Fault::CloseAfter: return Next::Close; // chunked: no terminating 0-chunk
    case Fault::None:
    case Fault::Garbage: break;
    }
    if (chunked && !sendAll("0\r\n\r\n"))
        return Next::Close;
    return close ? Next::Close : Next::KeepAlive;
}

bool FakeProviderConnection::sendAll(const QByteArray &data)
{
    qsizetype offset = 0;
    while (offset < data.size()) {
        const ssize_t n = ::send(m_fd, data.constData() + offset, size_t(data.size() - offset), MSG_NOSIGNAL);
        if (n > 0) {
            offset += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return false;
        pollfd fds[2] = {{m_fd, POLLOUT, 0}, {m_wakeFd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0 && errno != EINTR)
            return false;
        if (fds[1].revents != 0 || (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL)) != 0)
            return false;
    }
    return true;
}

bool FakeProviderConnection::pause(std::chrono::milliseconds delay)
{
    pollfd wake{m_wakeFd, POLLIN, 0};
    return ::poll(&wake, 1, int(delay.count())) == 0;
}

void FakeProviderConnection::stall()
{
    for (;;) { // silent until the server stops or the client goes away
        pollfd fds[2] = {{m_fd, POLLIN, 0}, {m_wakeFd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        if (fds[1].revents != 0)
            return;
        char discard[4096];
        const ssize_t n = ::recv(m_fd, discard, sizeof discard, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            return;
    }
}

} // namespace Crucible::Test
