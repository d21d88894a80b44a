#include "sigint.h"

#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Crucible::Cli {

namespace {

int s_fds[2] = {-1, -1};
struct sigaction s_previous = {};

extern "C" void onSigint(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(s_fds[0], &byte, 1);
}

} // namespace

SigintNotifier::SigintNotifier(QObject *parent) : QObject(parent)
{
    if (s_fds[0] != -1 || ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s_fds) != 0)
        return;
    ::fcntl(s_fds[0], F_SETFL, O_NONBLOCK);
    ::fcntl(s_fds[1], F_SETFL, O_NONBLOCK);
    m_notifier = new QSocketNotifier(s_fds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SigintNotifier::drain);
    struct sigaction action = {};
    action.sa_handler = onSigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &s_previous);
}

SigintNotifier::~SigintNotifier()
{
    if (!m_notifier)
        return;
    ::sigaction(SIGINT, &s_previous, nullptr);
    delete m_notifier;
    m_notifier = nullptr;
    ::close(s_fds[0]);
    ::close(s_fds[1]);
    s_fds[0] = s_fds[1] = -1;
}

void SigintNotifier::drain()
{
    char buffer[16];
    while (::read(s_fds[1], buffer, sizeof buffer) > 0) {
    }
    Q_EMIT interrupted();
}

} // namespace Crucible::Cli
