#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "transport/httptransport.h"

using CURLM = void; // as in <curl/multi.h>, which stays out of headers

namespace Crucible {

class CurlTransfer;

/// The transport's network thread: one std::thread driving one libcurl multi handle. Private to
/// HttpTransport. start()/cancel() may be called from any thread: they queue a command under a
/// mutex and wake the loop with curl_multi_wakeup(), so a cancel takes effect at once. Each loop
/// turn performs I/O, ends transfers that completed or sat idle too long, then posts at most one
/// TransferUpdate per transfer to the HttpTransport (queued), the finished one last.
/// Destruction aborts every transfer without posting anything more and joins the thread; the
/// HttpTransport must outlive this object.
class NetworkThread
{
public:
    using Id = HttpTransport::TransferId;

    explicit NetworkThread(HttpTransport *transport);
    ~NetworkThread();
    NetworkThread(const NetworkThread &) = delete;
    NetworkThread &operator=(const NetworkThread &) = delete;

    void start(Id id, HttpRequest request, std::unique_ptr<StreamDecoder> decoder);
    void cancel(Id id);

private:
    struct Command
    {
        enum class Kind { Start, Cancel } kind = Kind::Start;
        Id id = 0;
        HttpRequest request;
        std::unique_ptr<StreamDecoder> decoder;
    };

    void push(Command command);
    void run();
    void processCommands();
    void processDone();
    void checkIdle();
    void postUpdates();
    int pollTimeoutMs() const;
    void detach(CurlTransfer &transfer);

    HttpTransport *m_transport;
    CURLM *m_multi = nullptr;
    std::mutex m_mutex;
    std::deque<Command> m_commands; ///< guarded by m_mutex
    std::atomic<bool> m_stopping{false};
    std::unordered_map<Id, std::unique_ptr<CurlTransfer>> m_transfers; ///< network thread only
    std::int64_t m_lastPostNs = 0; ///< when progress was last posted (network thread only)
    std::thread m_thread;
};

} // namespace Crucible
