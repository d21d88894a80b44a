#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

#include "transport/httprequest.h"
#include "transport/streamdecoder.h"
#include "transport/transferupdate.h"

namespace Crucible {

class NetworkThread;

/// Streams HTTP requests with libcurl's multi interface, driven from one network thread that this
/// object owns. The decoder of each transfer runs on the network thread, so events are stamped
/// with the arrival time of the bytes that carried them.
///
/// Threading: the HttpTransport lives on one thread (GUI or CLI main). start() and cancel() must be
/// called from that thread, and every onUpdate callback runs there, queued, in order, never after
/// the context object is destroyed. cancel() takes effect on the network thread within
/// milliseconds (curl_multi_wakeup) and still yields the final update (transportError Cancelled).
/// When the context object is destroyed first, the transfer is cancelled and nothing more is
/// delivered for it. A null context means this transport. activeTransfers() counts transfers
/// whose final update has not been delivered yet.
/// Honours the usual proxy environment (http_proxy, https_proxy, no_proxy) through libcurl.
/// Destroying the transport aborts every transfer and joins the thread.
class HttpTransport : public QObject
{
    Q_OBJECT
public:
    using TransferId = quint64;
    using UpdateFn = std::function<void(const TransferUpdate &)>;

    explicit HttpTransport(QObject *parent = nullptr);
    ~HttpTransport() override;

    TransferId start(HttpRequest request, std::unique_ptr<StreamDecoder> decoder,
                     QObject *context, UpdateFn onUpdate);
    void cancel(TransferId id);
    int activeTransfers() const { return int(m_receivers.size()); }

private:
    void deliver(TransferId id, const TransferUpdate &update); // on this object's thread

    struct Receiver
    {
        QPointer<QObject> context;
        UpdateFn fn;
        QMetaObject::Connection contextWatch; ///< context destroyed → transfer cancelled, silent
    };
    void forget(TransferId id); // drop the receiver (and its context watch)
    QHash<TransferId, Receiver> m_receivers;
    TransferId m_nextId = 1;
    std::unique_ptr<NetworkThread> m_thread;
    friend class NetworkThread;
};

} // namespace Crucible
