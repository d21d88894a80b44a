#pragma once

// Helpers shared by the HttpTransport tests (tst_httptransport, tst_httptransportfaults).

#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fakeproviderserver.h"
#include "transport/httptransport.h"
#include "transport/sseparser.h"

namespace TransportTest {

using namespace Qt::StringLiterals;
using namespace Crucible;
using Server = Crucible::Test::FakeProviderServer;

/// Test decoder: one TextDelta per SSE event (its data); finish() reports Finish("eof"), or
/// Truncated when the stream ended inside an event. Records what the transport told it.
class SseTextDecoder : public StreamDecoder
{
public:
    struct Log
    {
        int begins = 0;
        int finishes = 0;
        int status = 0;
        HttpHeaders headers;
    };
    explicit SseTextDecoder(std::shared_ptr<Log> log = std::make_shared<Log>()) : m_log(std::move(log)) {}
    void begin(int httpStatus, const HttpHeaders &headers) override
    {
        ++m_log->begins;
        m_log->status = httpStatus;
        m_log->headers = headers;
    }
    void feed(QByteArrayView bytes, std::vector<StreamEvent> &out) override
    {
        std::vector<SseEvent> events;
        m_parser.feed(bytes, events);
        for (const SseEvent &e : events)
            out.push_back(StreamEvent::textDelta(QString::fromUtf8(e.data)));
    }
    void finish(std::vector<StreamEvent> &out) override
    {
        ++m_log->finishes;
        if (m_parser.hasPendingData()) {
            ProviderError error;
            error.errorClass = ErrorClass::Truncated;
            out.push_back(StreamEvent::failure(error));
        } else
            out.push_back(StreamEvent::finish(u"eof"_s));
    }

private:
    std::shared_ptr<Log> m_log;
    SseParser m_parser;
};

/// Collects every update of one transfer on the test thread.
struct Collector
{
    QList<TransferUpdate> updates;
    bool isFinished() const { return !updates.isEmpty() && updates.last().finished; }
    int finishedCount() const
    {
        return int(std::count_if(updates.begin(), updates.end(),
                                 [](const TransferUpdate &u) { return u.finished; }));
    }
    QStringList texts() const
    {
        QStringList out;
        for (const TransferUpdate &u : updates)
            for (const TimedEvent &e : u.events)
                if (e.event.kind == StreamEvent::Kind::TextDelta)
                    out << e.event.text;
        return out;
    }
    const TransferUpdate &last() const { return updates.last(); }
    HttpTransport::UpdateFn fn()
    {
        return [this](const TransferUpdate &u) { updates << u; };
    }
};

inline QByteArray sseBody(int events)
{
    QByteArray body;
    for (int i = 0; i < events; ++i)
        body += "data: {\"n\":" + QByteArray::number(i) + "}\n\n";
    return body;
}

inline Server::Response sseResponse(const QByteArray &body)
{
    Server::Response r;
    r.headers = {{"Content-Type", "text/event-stream"}, {"X-Request-Id", "req_42"}};
    r.body = body;
    return r;
}

inline HttpRequest requestTo(const Server &server, const QString &path = u"/v1/chat/completions"_s)
{
    HttpRequest request;
    QUrl url = server.baseUrl();
    url.setPath(path);
    request.url = url;
    request.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer sk-test-123456"}};
    request.body = "{\"stream\":true}";
    request.secrets = {u"sk-test-123456"_s};
    request.timeouts.connect = std::chrono::milliseconds(5000);
    request.timeouts.idle = std::chrono::milliseconds(10000);
    return request;
}

inline quint16 closedPort() // a port nobody listens on (bound, then released)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

inline bool waitFor(const std::function<bool()> &done, int ms = 10000)
{
    return QTest::qWaitFor(done, ms);
}

/// Hermetic proxy settings: nothing may reroute 127.0.0.1.
inline void isolateFromProxyEnvironment()
{
    for (const char *name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
        qunsetenv(name);
    qputenv("no_proxy", "127.0.0.1,localhost");
}

} // namespace TransportTest
