#pragma once

#include "engine/streamsource.h"
#include "transport/httptransport.h"

namespace Crucible {

/// A StreamSource backed by one HttpTransport transfer. start() hands the request and decoder to
/// the transport; updates are re-emitted as updated(). Destroying it cancels the transfer.
/// start() runs once; cancel() before start() still yields one finished update (Cancelled, queued).
/// The transport should outlive the source; if it does not, the source notices (QPointer).
class HttpStreamSource : public StreamSource
{
    Q_OBJECT
public:
    HttpStreamSource(HttpTransport &transport, HttpRequest request,
                     std::unique_ptr<StreamDecoder> decoder, QObject *parent = nullptr);
    ~HttpStreamSource() override;
    void start() override;
    void cancel() override;
    const HttpRequest &request() const { return m_request; }

private:
    HttpTransport &m_transport;
    HttpRequest m_request;
    std::unique_ptr<StreamDecoder> m_decoder;
    HttpTransport::TransferId m_id = 0;
    bool m_finished = false;
    QPointer<HttpTransport> m_transportGuard; ///< m_transport, unless it was destroyed first
};

} // namespace Crucible
