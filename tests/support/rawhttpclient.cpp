#include "rawhttpclient.h"

#include <cerrno>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Crucible::Test {

RawHttpClient::RawHttpClient(quint16 port)
{
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        m_error = errno;
        ::close(m_fd);
        m_fd = -1;
    }
}

RawHttpClient::~RawHttpClient()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool RawHttpClient::send(const QByteArray &data)
{
    qsizetype offset = 0;
    while (m_fd >= 0 && offset < data.size()) {
        const ssize_t n = ::send(m_fd, data.constData() + offset, size_t(data.size() - offset), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        offset += n;
    }
    return m_fd >= 0;
}

bool RawHttpClient::readMore(int timeoutMs)
{
    if (m_fd < 0 || m_eof || m_error != 0)
        return false;
    pollfd fd{m_fd, POLLIN, 0};
    const int ready = ::poll(&fd, 1, timeoutMs);
    if (ready == 0) {
        m_error = ETIMEDOUT;
        return false;
    }
    char chunk[16384];
    const ssize_t n = ready < 0 ? -1 : ::recv(m_fd, chunk, sizeof chunk, 0);
    if (n > 0) {
        m_received.append(chunk, n);
        return true;
    }
    if (n == 0)
        m_eof = true;
    else if (errno != EINTR)
        m_error = errno;
    return n < 0 && errno == EINTR;
}

RawHttpClient::Response RawHttpClient::readResponse(int timeoutMs)
{
    for (;;) {
        Response response = parse(m_received.mid(m_offset), m_eof);
        if (response.complete || !readMore(timeoutMs)) {
            response = parse(m_received.mid(m_offset), m_eof);
            m_offset += response.consumed;
            return response;
        }
    }
}

void RawHttpClient::readUntilClosed(int timeoutMs)
{
    while (readMore(timeoutMs)) {
    }
}

void RawHttpClient::readAtLeast(qsizetype size, int timeoutMs)
{
    while (m_received.size() < size && readMore(timeoutMs)) {
    }
}

bool RawHttpClient::staysSilent(int waitMs)
{
    pollfd fd{m_fd, POLLIN, 0};
    return m_fd >= 0 && ::poll(&fd, 1, waitMs) == 0;
}

RawHttpClient::Response RawHttpClient::parse(const QByteArray &raw, bool atEof)
{
    Response response;
    qsizetype start = 0;
    qsizetype headEnd = -1;
    for (;;) { // skip interim 1xx responses
        headEnd = raw.indexOf("\r\n\r\n", start);
        if (headEnd < 0)
            return response;
        if (!raw.mid(start, headEnd - start).startsWith("HTTP/1.1 1"))
            break;
        start = headEnd + 4;
    }
    const QList<QByteArray> lines = raw.mid(start, headEnd - start).split('\n');
    const QByteArray statusLine = lines.value(0).trimmed();
    response.status = statusLine.mid(9, 3).toInt();
    response.reason = statusLine.mid(13);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            response.headers.append({lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
    }
    response.headComplete = true;
    QByteArray transferEncoding;
    QByteArray contentLength;
    for (const auto &[name, value] : response.headers) {
        if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0)
            transferEncoding = value;
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
            contentLength = value;
    }
    qsizetype pos = headEnd + 4;
    if (transferEncoding.compare("chunked", Qt::CaseInsensitive) == 0) {
        for (;;) {
            const qsizetype lineEnd = raw.indexOf("\r\n", pos);
            if (lineEnd < 0)
                break;
            bool ok = false;
            const qsizetype size = raw.mid(pos, lineEnd - pos).toLongLong(&ok, 16);
            if (!ok)
                break;
            if (size == 0) {
                response.complete = raw.mid(lineEnd + 2, 2) == "\r\n";
                if (response.complete)
                    pos = lineEnd + 4;
                break;
            }
            const QByteArray data = raw.mid(lineEnd + 2, size);
            response.body += data; // a partial chunk still counts as received body
            if (data.size() < size || raw.mid(lineEnd + 2 + size, 2) != "\r\n")
                break;
            response.chunkSizes.append(size);
            pos = lineEnd + 2 + size + 2;
        }
    } else if (!contentLength.isEmpty()) {
        const qsizetype length = contentLength.toLongLong();
        response.body = raw.mid(pos, length);
        response.complete = response.body.size() == length;
        pos += response.body.size();
    } else {
        response.body = raw.mid(pos);
        response.complete = atEof;
        pos = raw.size();
    }
    response.consumed = pos;
    return response;
}

QByteArray RawHttpClient::request(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                                  const HttpHeaders &headers)
{
    QByteArray out = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    bool chunked = false;
    for (const auto &[name, value] : headers) {
        out += name + ": " + value + "\r\n";
        chunked = chunked || name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0;
    }
    if (!chunked && (!body.isEmpty() || method == "POST"))
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return out + "\r\n" + body;
}

} // namespace Crucible::Test
