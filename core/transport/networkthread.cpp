#include "transport/networkthread.h"

#include <curl/curl.h>

#include <QPointer>

#include <algorithm>
#include <limits>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/logging.h"
#include "transport/curltransfer.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

/// Progress of every transfer is posted together at most this often: with many streams the
/// transport's thread (the GUI thread) wakes ~125 times a second, not once per received chunk.
/// Events carry their own timestamps (TimedEvent::atNs), so no number changes; final updates go
/// at once.
constexpr std::int64_t kPostIntervalNs = 8'000'000;
constexpr int kMaxPollMs = 1000; // commands wake the loop anyway; this only bounds a lost wakeup

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

} // namespace

NetworkThread::NetworkThread(HttpTransport *transport) : m_transport(transport)
{
    initCurlOnce();
    m_multi = curl_multi_init();
    CRUCIBLE_CHECK(m_multi, return);
    m_thread = std::thread([this] { run(); });
}

NetworkThread::~NetworkThread()
{
    m_stopping = true;
    if (m_multi)
        curl_multi_wakeup(m_multi);
    if (m_thread.joinable())
        m_thread.join();
    if (m_multi)
        curl_multi_cleanup(m_multi);
}

void NetworkThread::start(Id id, HttpRequest request, std::unique_ptr<StreamDecoder> decoder)
{
    push(Command{Command::Kind::Start, id, std::move(request), std::move(decoder)});
}

void NetworkThread::cancel(Id id)
{
    push(Command{Command::Kind::Cancel, id, {}, {}});
}

void NetworkThread::push(Command command)
{
    {
        const std::lock_guard lock(m_mutex);
        m_commands.push_back(std::move(command));
    }
    if (m_multi)
        curl_multi_wakeup(m_multi);
}

void NetworkThread::run()
{
    while (!m_stopping) {
        processCommands();
        if (m_stopping)
            break;
        int running = 0;
        curl_multi_perform(m_multi, &running);
        processDone();
        checkIdle();
        postUpdates();
        curl_multi_poll(m_multi, nullptr, 0, pollTimeoutMs(), nullptr);
    }
    // Shutting down: abort everything silently (the transport is being destroyed).
    for (auto &[id, transfer] : m_transfers)
        detach(*transfer);
    m_transfers.clear();
    const std::lock_guard lock(m_mutex);
    m_commands.clear();
}

void NetworkThread::processCommands()
{
    std::deque<Command> commands;
    {
        const std::lock_guard lock(m_mutex);
        commands.swap(m_commands);
    }
    for (Command &command : commands) {
        if (command.kind == Command::Kind::Cancel) {
            const auto it = m_transfers.find(command.id);
            if (it == m_transfers.end() || it->second->isFinished())
                continue; // already over: its last update is on its way
            detach(*it->second);
            it->second->fail(ErrorClass::Cancelled, u"cancelled"_s, monotonicNs());
            continue;
        }
        auto transfer = std::make_unique<CurlTransfer>(command.id, std::move(command.request),
                                                       std::move(command.decoder));
        if (transfer->setup()) {
            transfer->markSent(monotonicNs());
            if (const CURLMcode rc = curl_multi_add_handle(m_multi, transfer->easy()); rc != CURLM_OK)
                transfer->fail(ErrorClass::Network,
                               u"could not start the transfer: %1"_s
                                   .arg(QString::fromUtf8(curl_multi_strerror(rc))),
                               monotonicNs());
        }
        m_transfers.emplace(command.id, std::move(transfer));
    }
}

void NetworkThread::processDone()
{
    int left = 0;
    while (CURLMsg *msg = curl_multi_info_read(m_multi, &left)) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        CurlTransfer *transfer = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &transfer);
        const CURLcode code = msg->data.result; // read before remove_handle invalidates msg
        if (!transfer)
            continue;
        detach(*transfer);
        transfer->complete(int(code), monotonicNs());
    }
}

void NetworkThread::checkIdle()
{
    const std::int64_t now = monotonicNs();
    for (auto &[id, transfer] : m_transfers) {
        if (transfer->isFinished() || transfer->idleRemainingNs(now) > 0)
            continue;
        detach(*transfer);
        transfer->fail(ErrorClass::Timeout,
                       u"idle timeout: no data received for %1 ms"_s.arg(transfer->idleTimeoutMs()),
                       now);
    }
}

void NetworkThread::postUpdates()
{
    const std::int64_t now = monotonicNs();
    const bool due = now - m_lastPostNs >= kPostIntervalNs;
    std::vector<std::pair<Id, TransferUpdate>> batch;
    for (auto it = m_transfers.begin(); it != m_transfers.end();) {
        CurlTransfer &transfer = *it->second;
        if (transfer.hasUpdate() && (due || transfer.isFinished()))
            batch.emplace_back(transfer.id(), transfer.takeUpdate());
        if (transfer.isFinished())
            it = m_transfers.erase(it); // its final update was just taken
        else
            ++it;
    }
    if (batch.empty())
        return;
    if (due)
        m_lastPostNs = now;
    HttpTransport *transport = m_transport;
    QMetaObject::invokeMethod(
        transport,
        [guard = QPointer<HttpTransport>(transport), batch = std::move(batch)] {
            for (const auto &[id, update] : batch) {
                if (!guard)
                    return; // a receiver destroyed the transport
                guard->deliver(id, update);
            }
        },
        Qt::QueuedConnection);
}

int NetworkThread::pollTimeoutMs() const
{
    const std::int64_t now = monotonicNs();
    std::int64_t remaining = std::numeric_limits<std::int64_t>::max();
    for (const auto &[id, transfer] : m_transfers) {
        remaining = std::min(remaining, transfer->idleRemainingNs(now));
        if (transfer->hasUpdate()) // progress waiting for the next post
            remaining = std::min(remaining, m_lastPostNs + kPostIntervalNs - now);
    }
    if (remaining <= 0)
        return 0;
    if (remaining >= std::int64_t(kMaxPollMs) * 1'000'000)
        return kMaxPollMs;
    const std::int64_t ms = (remaining + 999'999) / 1'000'000; // round up: don't wake early
    return int(ms); // libcurl shortens it for its own timers
}

void NetworkThread::detach(CurlTransfer &transfer)
{
    if (transfer.easy())
        curl_multi_remove_handle(m_multi, transfer.easy()); // no-op when not attached
}

} // namespace Crucible
