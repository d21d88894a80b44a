#include "transport/httpstreamsource.h"

using namespace Qt::StringLiterals;

namespace Crucible {

HttpStreamSource::HttpStreamSource(HttpTransport &transport, HttpRequest request,
                                   std::unique_ptr<StreamDecoder> decoder, QObject *parent)
    : StreamSource(parent),
      m_transport(transport),
      m_request(std::move(request)),
      m_decoder(std::move(decoder)),
      m_transportGuard(&transport)
{
}

HttpStreamSource::~HttpStreamSource()
{
    if (m_id != 0 && !m_finished && m_transportGuard)
        m_transportGuard->cancel(m_id);
}

void HttpStreamSource::start()
{
    if (m_id != 0 || m_finished || !m_decoder)
        return;
    m_id = m_transport.start(m_request, std::move(m_decoder), this,
                             [this](const TransferUpdate &update) {
                                 if (update.finished)
                                     m_finished = true;
                                 Q_EMIT updated(update);
                             });
}

void HttpStreamSource::cancel()
{
    if (m_finished)
        return;
    if (m_id != 0) {
        if (m_transportGuard)
            m_transportGuard->cancel(m_id);
        return;
    }
    // Never started: still report the one final update, queued like every other.
    m_finished = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            TransferUpdate update;
            update.finished = true;
            update.transportError.errorClass = ErrorClass::Cancelled;
            update.transportError.message = u"cancelled"_s;
            Q_EMIT updated(update);
        },
        Qt::QueuedConnection);
}

} // namespace Crucible
