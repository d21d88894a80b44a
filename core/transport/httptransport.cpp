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
    m_receivers.insert(id, Receiver{context ? context : this, std::move(onUpdate)});
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
        m_receivers.erase(it);
    } else if (!receiver.context) { // nobody listens any more: stop paying for the transfer
        m_receivers.erase(it);
        m_thread->cancel(id);
        return;
    }
    if (receiver.context && receiver.fn)
        receiver.fn(update);
}

} // namespace Crucible
