#include "fakeproviderserver.h"

#include "fakeproviderconnection.h"

#include <cerrno>
#include <condition_variable>
#include <list>
#include <mutex>
#include <optional>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Crucible::Test {

struct FakeProviderServer::Impl
{
    struct Connection
    {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };

    int listenFd = -1;
    int wakeRead = -1;  ///< readable once the server stops: every poll() watches it
    int wakeWrite = -1;
    std::list<Connection> connections; ///< touched by the accept thread only

    // std primitives rather than QMutex/QWaitCondition: ThreadSanitizer understands them fully.
    mutable std::mutex mutex; ///< guards everything below
    mutable std::condition_variable requestArrived;
    QList<Response> queue;
    std::optional<Response> last;
    QList<ReceivedRequest> requests;

    Response respond(ReceivedRequest request);
    void reap(bool all);
};

FakeProviderServer::Response FakeProviderServer::Impl::respond(ReceivedRequest request)
{
    const std::lock_guard lock(mutex);
    requests.append(std::move(request));
    requestArrived.notify_all();
    if (!queue.isEmpty())
        last = queue.takeFirst();
    if (last)
        return *last;
    Response error;
    error.status = 500;
    error.headers = {{"Content-Type", "application/json"}};
    error.body = R"({"error":{"message":"FakeProviderServer: no response queued","type":"fake_server_error"}})";
    error.framing = Framing::ContentLength;
    return error;
}

void FakeProviderServer::Impl::reap(bool all)
{
    for (auto it = connections.begin(); it != connections.end();) {
        if (all || it->done->load()) {
            it->thread.join();
            it = connections.erase(it);
        } else {
            ++it;
        }
    }
}

FakeProviderServer::FakeProviderServer()
    : d(std::make_unique<Impl>())
{
    int wake[2];
    if (::pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    d->wakeRead = wake[0];
    d->wakeWrite = wake[1];

    d->listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (d->listenFd < 0)
        return;
    const int yes = 1;
    ::setsockopt(d->listenFd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK); // loopback only, never INADDR_ANY
    address.sin_port = 0;                            // ephemeral
    socklen_t length = sizeof address;
    if (::bind(d->listenFd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::listen(d->listenFd, 64) != 0
        || ::getsockname(d->listenFd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return;
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { serve(); });
}

FakeProviderServer::~FakeProviderServer()
{
    if (d->wakeWrite >= 0) {
        const char byte = 'x';
        [[maybe_unused]] const ssize_t written = ::write(d->wakeWrite, &byte, 1);
    }
    if (m_thread.joinable())
        m_thread.join(); // serve() joins every connection thread before it returns
    for (int fd : {d->listenFd, d->wakeRead, d->wakeWrite}) {
        if (fd >= 0)
            ::close(fd);
    }
}

void FakeProviderServer::serve()
{
    for (;;) {
        pollfd fds[2] = {{d->listenFd, POLLIN, 0}, {d->wakeRead, POLLIN, 0}};
        const int ready = ::poll(fds, 2, 200);
        if (ready < 0 && errno != EINTR)
            break;
        if (fds[1].revents != 0)
            break;
        d->reap(false);
        if (ready <= 0 || (fds[0].revents & POLLIN) == 0)
            continue;
        const int fd = ::accept4(d->listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        ++m_accepted;
        const int yes = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        auto done = std::make_shared<std::atomic<bool>>(false);
        Impl *impl = d.get();
        d->connections.push_back({std::thread([impl, fd, done] {
                                      FakeProviderConnection connection(
                                          fd, impl->wakeRead,
                                          [impl](ReceivedRequest request) { return impl->respond(std::move(request)); });
                                      connection.run();
                                      done->store(true);
                                  }),
                                  done});
    }
    d->reap(true);
}

QUrl FakeProviderServer::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_port));
}

void FakeProviderServer::enqueue(Response response)
{
    const std::lock_guard lock(d->mutex);
    d->queue.append(std::move(response));
}

void FakeProviderServer::clearQueue()
{
    const std::lock_guard lock(d->mutex);
    d->queue.clear();
    d->last.reset();
}

QList<FakeProviderServer::ReceivedRequest> FakeProviderServer::requests() const
{
    const std::lock_guard lock(d->mutex);
    return d->requests;
}

int FakeProviderServer::requestCount() const
{
    const std::lock_guard lock(d->mutex);
    return int(d->requests.size());
}

bool FakeProviderServer::waitForRequests(int count, std::chrono::milliseconds timeout) const
{
    std::unique_lock lock(d->mutex);
    return d->requestArrived.wait_for(lock, timeout, [&] { return d->requests.size() >= count; });
}

} // namespace Crucible::Test
