// The compare view with N concurrent OpenAI Chat streams (default 8 × 200 tokens/s for 10 s), side
// by side with the same view and event loop idle for the same time, in the same run. Prints the
// event-loop stall (drift of a precise timer: actual minus expected interval), CPU as % of one
// core (process, and the GUI thread alone) and peak RSS (VmHWM).
//
// The fake servers run in a forked child process (forked before any thread exists), so the CPU and
// memory figures are the GUI process's own: view, controller, coordinator, transport, decoders.

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "compare/comparecolumn.h"
#include "compare/comparecontroller.h"
#include "compare/compareview.h"
#include "fakeproviderserver.h"
#include "keys/keystore.h"
#include "prompt/promptpanel.h"
#include "providers/providerregistry.h"
#include "run/targetbar.h"

using namespace Qt::StringLiterals;
using Crucible::Test::FakeProviderServer;

namespace {

struct Options
{
    int streams = 8;
    double seconds = 10;
    double rate = 200; ///< tokens (SSE events) per second per stream
    int tickMs = 5;
    int tokens() const { return std::max(1, int(std::lround(seconds * rate))); }
    int pacingMs() const { return std::max(1, int(std::lround(1000.0 / rate))); }
};

bool parseOptions(int argc, char **argv, Options &o)
{
    for (int i = 1; i < argc; ++i) {
        const char *name = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : nullptr;
        if (!value)
            return false;
        if (!std::strcmp(name, "--streams"))
            o.streams = std::atoi(value);
        else if (!std::strcmp(name, "--seconds"))
            o.seconds = std::atof(value);
        else if (!std::strcmp(name, "--rate"))
            o.rate = std::atof(value);
        else if (!std::strcmp(name, "--tick-ms"))
            o.tickMs = std::atoi(value);
        else
            return false;
        ++i;
    }
    return o.streams >= 1 && o.streams <= Crucible::CompareView::MaxColumns && o.seconds > 0 && o.rate > 0
        && o.rate <= 1000 && o.tickMs >= 1;
}

/// `json` padded with spaces before its closing brace to `width` bytes, as one SSE event.
QByteArray paddedEvent(QByteArray json, qsizetype width)
{
    json.insert(json.size() - 1, QByteArray(width - 8 - json.size(), ' '));
    return "data: " + json + "\n\n";
}

/// tokens content deltas, a stop + usage chunk and [DONE]: every event exactly `eventBytes` long.
QByteArray streamBody(int tokens, qsizetype &eventBytes)
{
    const auto content = [](int i) {
        return "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" w" + QByteArray::number(i).rightJustified(6, '0')
            + "\"},\"finish_reason\":null}]}";
    };
    const QByteArray last = "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":"
                            "{\"prompt_tokens\":3,\"completion_tokens\":" + QByteArray::number(tokens) + "}}";
    eventBytes = std::max(content(0).size(), last.size()) + 8;
    QByteArray body;
    body.reserve(eventBytes * (tokens + 2));
    for (int i = 0; i < tokens; ++i)
        body += paddedEvent(content(i), eventBytes);
    body += paddedEvent(last, eventBytes);
    const QByteArray done = "data: [DONE]\n\n";
    body += ':' + QByteArray(eventBytes - done.size() - 2, ' ') + '\n' + done; // a comment line pads it
    return body;
}

struct ServerChild
{
    pid_t pid = -1;
    int keepAlive = -1; ///< closing it ends the child
    std::vector<quint16> ports;
};

/// Forks a process that serves one stream per FakeProviderServer until keepAlive closes.
ServerChild spawnServers(const Options &o, qsizetype &eventBytes)
{
    const QByteArray body = streamBody(o.tokens(), eventBytes);
    int portsPipe[2], keepPipe[2];
    if (::pipe(portsPipe) != 0 || ::pipe(keepPipe) != 0)
        return {};
    ServerChild child;
    child.pid = ::fork();
    if (child.pid == 0) {
        ::close(portsPipe[0]);
        ::close(keepPipe[1]);
        {
            std::vector<std::unique_ptr<FakeProviderServer>> servers;
            for (int i = 0; i < o.streams; ++i) {
                auto server = std::make_unique<FakeProviderServer>();
                FakeProviderServer::Response r;
                r.headers = {{"Content-Type", "text/event-stream"}};
                r.body = body;
                r.chunking = FakeProviderServer::Chunking::Fixed;
                r.chunkSize = int(eventBytes);
                r.pacing = std::chrono::milliseconds(o.pacingMs());
                server->enqueue(r);
                const quint16 port = server->port();
                [[maybe_unused]] const ssize_t n = ::write(portsPipe[1], &port, sizeof port);
                servers.push_back(std::move(server));
            }
            ::close(portsPipe[1]);
            char c;
            while (::read(keepPipe[0], &c, 1) > 0) {
            }
        }
        ::_exit(0);
    }
    ::close(portsPipe[1]);
    ::close(keepPipe[0]);
    child.keepAlive = keepPipe[1];
    quint16 port = 0;
    while (int(child.ports.size()) < o.streams && ::read(portsPipe[0], &port, sizeof port) == sizeof port)
        child.ports.push_back(port);
    ::close(portsPipe[0]);
    return child;
}

/// Records actual-minus-expected intervals of a precise repeating timer.
class StallProbe : public QObject
{
public:
    explicit StallProbe(int tickMs) : m_tickMs(tickMs)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(tickMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last >= 0)
                m_driftMs.push_back(double(now - m_last) / 1e6 - m_tickMs);
            m_last = now;
        });
    }
    void start()
    {
        m_driftMs.clear();
        m_last = -1;
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    std::vector<double> drift() const { return m_driftMs; }

private:
    int m_tickMs;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    std::vector<double> m_driftMs;
};

double cpuSeconds(int who)
{
    rusage u{};
    ::getrusage(who, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// A field of /proc/self/status in kB ("VmHWM", "VmRSS").
long statusKb(const char *field)
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

struct Phase
{
    double wallS = 0;
    double cpuPct = 0;
    double guiCpuPct = 0;
    double p50 = 0, p99 = 0, max = 0;
    int ticks = 0;
    long hwmKb = 0;
};

double nearestRank(std::vector<double> v, double pct)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v.at(std::size_t(std::max(1.0, std::ceil(pct / 100.0 * double(v.size())))) - 1);
}

/// Measures while `run` drives the event loop (it returns when the phase is over).
template<typename Run>
Phase measure(StallProbe &probe, Run run)
{
    QElapsedTimer wall;
    const double cpu0 = cpuSeconds(RUSAGE_SELF), gui0 = cpuSeconds(RUSAGE_THREAD);
    wall.start();
    probe.start();
    run();
    probe.stop();
    Phase p;
    p.wallS = double(wall.nsecsElapsed()) / 1e9;
    p.cpuPct = 100.0 * (cpuSeconds(RUSAGE_SELF) - cpu0) / p.wallS;
    p.guiCpuPct = 100.0 * (cpuSeconds(RUSAGE_THREAD) - gui0) / p.wallS;
    const std::vector<double> d = probe.drift();
    p.ticks = int(d.size());
    p.p50 = nearestRank(d, 50);
    p.p99 = nearestRank(d, 99);
    p.max = d.empty() ? 0 : *std::max_element(d.begin(), d.end());
    p.hwmKb = statusKb("VmHWM");
    return p;
}

void row(const char *label, const QByteArray &idle, const QByteArray &busy, const char *target = "")
{
    std::printf("%-34s %14s %14s   %s\n", label, idle.constData(), busy.constData(), target);
}

QByteArray num(double v, int decimals = 2)
{
    return QByteArray::number(v, 'f', decimals);
}

} // namespace

int main(int argc, char **argv)
{
    Options o;
    if (!parseOptions(argc, argv, o)) {
        std::fprintf(stderr, "usage: bench_ui_streams [--streams N (1-12)] [--seconds S] [--rate TOK_PER_S (≤ 1000)] "
                             "[--tick-ms MS]\n");
        return 2;
    }
    qsizetype eventBytes = 0;
    ServerChild servers = spawnServers(o, eventBytes); // before any thread exists
    if (int(servers.ports.size()) != o.streams) {
        std::fprintf(stderr, "bench_ui_streams: the fake servers did not start\n");
        return 1;
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    Crucible::ProviderRegistry registry;
    Crucible::KeyStore::Options keyOptions;
    keyOptions.memoryOnly = true;
    Crucible::KeyStore keys(keyOptions);
    Crucible::PromptPanel prompt;
    prompt.setUserText(u"Count."_s);
    Crucible::CompareView view(registry, keys, nullptr, &prompt);
    while (view.columnCount() < o.streams)
        view.addColumn();
    for (int i = 0; i < o.streams; ++i) {
        Crucible::TargetBar *target = view.column(i)->target();
        target->setProvider(u"openai-compatible"_s);
        target->setModel(u"bench"_s);
        target->setBaseUrl(u"http://127.0.0.1:%1/v1"_s.arg(servers.ports.at(std::size_t(i))));
    }
    Crucible::CompareController *controller = view.controller();
    controller->setLimits({o.streams, o.streams, {}});
    Crucible::RetryPolicy noRetries;
    noRetries.maxRetries = 0;
    controller->setRetryPolicy(noRetries);
    view.resize(1600, 1000);
    view.show();
    QApplication::processEvents();

    { // warm-up: first layout and paint of the shown view happen before anything is measured
        QEventLoop loop;
        QTimer::singleShot(1000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    StallProbe probe(o.tickMs);
    const int phaseMs = int(o.seconds * 1000);
    const Phase idle = measure(probe, [phaseMs] {
        QEventLoop loop;
        QTimer::singleShot(phaseMs, &loop, &QEventLoop::quit);
        loop.exec();
    });
    bool started = false;
    const Phase busy = measure(probe, [&] {
        QEventLoop loop;
        QObject::connect(controller, &Crucible::CompareController::runFinished, &loop, &QEventLoop::quit);
        QTimer::singleShot(phaseMs * 3 + 10000, &loop, &QEventLoop::quit); // safety net
        started = controller->runAll();
        if (started)
            loop.exec();
    });

    int complete = 0;
    for (const Crucible::CompareColumn *column : view.columns()) {
        const QList<Crucible::RunOutcome> outcomes = controller->outcomes(column);
        if (!outcomes.isEmpty() && outcomes.last().status == Crucible::RunOutcome::Status::Ok
            && outcomes.last().metrics.textDeltas == o.tokens())
            ++complete;
    }
    ::close(servers.keepAlive);
    ::waitpid(servers.pid, nullptr, 0);

    std::printf("bench_ui_streams: %d streams x %d tokens at %g tokens/s (one %lld-byte SSE event per %d ms), "
                "%d ms precise timer, offscreen\n\n",
                o.streams, o.tokens(), o.rate, static_cast<long long>(eventBytes), o.pacingMs(), o.tickMs);
    std::printf("%-34s %14s %14s   %s\n", "", "idle (baseline)", "streaming", "target");
    row("wall time s", num(idle.wallS), num(busy.wallS));
    row("timer ticks", QByteArray::number(idle.ticks), QByteArray::number(busy.ticks));
    row("stall (timer drift) p50 ms", num(idle.p50, 3), num(busy.p50, 3));
    row("stall (timer drift) p99 ms", num(idle.p99, 3), num(busy.p99, 3), "< 16");
    row("stall (timer drift) max ms", num(idle.max, 3), num(busy.max, 3));
    row("CPU % of one core (process)", num(idle.cpuPct, 1), num(busy.cpuPct, 1), "< 25");
    row("CPU % of one core (GUI thread)", num(idle.guiCpuPct, 1), num(busy.guiCpuPct, 1));
    row("peak RSS MB (VmHWM, cumulative)", num(idle.hwmKb / 1024.0, 1), num(busy.hwmKb / 1024.0, 1));
    row("streams complete", "-", QByteArray::number(complete) + '/' + QByteArray::number(o.streams));
    std::printf("\np99 stall %s 16 ms, CPU %s 25 %%\n", busy.p99 < 16 ? "<" : ">=", busy.cpuPct < 25 ? "<" : ">=");
    std::fflush(stdout);
    return started && complete == o.streams ? 0 : 1;
}
