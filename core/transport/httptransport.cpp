#include "transport/httptransport.h"

#include "common/logging.h"
#include "transport/networkthread.h"

namespace Crucible {

HttpTransport::HttpTransport(QObject *parent)
    : QObject(parent), m_thread(std::make_unique<NetworkThread>(this))
{
}

HttpTransport::~HttpTransport()
{
    m_thread.reset(); // aborts every transfer and joins; updates still queued die with this object
    m_receivers.clear();
}

HttpTransport::TransferId HttpTransport::start(HttpRequest request,
                                               std::unique_ptr<StreamDecoder> decoder,
                                               QObject *context, UpdateFn onUpdate)
{
    const TransferId id = m_nextId++;
    Receiver receiver{context ? context : this, std::move(onUpdate), {}};
    if (context && context != this) {
        receiver.contextWatch = connect(context, &QObject::destroyed, this, [this, id] {
            if (m_receivers.remove(id) > 0) // a context that is gone wants no more work done
                m_thread->cancel(id);
        });
    }
    m_receivers.insert(id, std::move(receiver));
    m_thread->start(id, std::move(request), std::move(decoder));
    return id;
}

void HttpTransport::cancel(TransferId id)
{
    if (m_receivers.contains(id)) // unknown or already finished: nothing to do
        m_thread->cancel(id);
}

void HttpTransport::deliver(TransferId id, const TransferUpdate &update)
{
    const auto it = m_receivers.find(id);
    if (it == m_receivers.end())
        return;
    const Receiver receiver = *it; // the callback may start or cancel transfers
    if (update.finished) {
        forget(id);
    } else if (!receiver.context) { // nobody listens any more: stop paying for the transfer
        forget(id);
        m_thread->cancel(id);
        return;
    }
    if (receiver.context && receiver.fn)
        receiver.fn(update);
}

void HttpTransport::forget(TransferId id)
{
    const auto it = m_receivers.find(id);
    if (it == m_receivers.end())
        return;
    disconnect(it->contextWatch);
    m_receivers.erase(it);
}

} // namespace Crucible
