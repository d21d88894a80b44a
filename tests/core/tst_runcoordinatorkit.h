#pragma once

// Shared by tst_runcoordinator*.cpp: OpenAI Chat replies (tests/support/openaichatsse.h), jobs for the
// `openai-compatible` provider pointed at a FakeProviderServer, and a log of every coordinator
// signal in one text form so tests compare whole sequences.

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include "adaptertestkit.h"
#include "engine/modelrun.h"
#include "engine/runcoordinator.h"
#include "fakeproviderserver.h"
#include "openaichatsse.h"
#include "providers/provider.h"

namespace Crucible::Test {

using namespace Qt::StringLiterals;

/// One text delta `text`, finish "stop", usage (prompt in, completion out), [DONE].
inline FakeProviderServer::Response okResponse(const QByteArray &text = "Hello", int in = 10, int out = 5)
{
    return chatStreamResponse({text}, in, out);
}

/// Visible text "Partial", then an OpenAI error object mid-stream (class server).
inline FakeProviderServer::Response midStreamErrorResponse()
{
    return chatMidStreamErrorResponse({"Partial"});
}

inline FakeProviderServer::Response errorResponse(int status, const HttpHeaders &extra = {})
{
    HttpHeaders headers{{"Content-Type", "application/json"}};
    headers += extra;
    return faultResponse(status, R"({"error":{"message":"test failure","type":"test_error"}})", headers);
}

inline RunJob jobFor(const Provider *provider, const FakeProviderServer &server, const QString &target,
                     std::optional<std::int64_t> estimate = std::nullopt)
{
    RunJob job;
    job.targetKey = target;
    job.provider = provider;
    job.request.model = u"m1"_s;
    job.request.messages = {{ChatMessage::Role::User, u"Hi"_s}};
    job.settings.baseUrl = QUrl(server.baseUrl().toString() + u"/v1"_s);
    job.settings.apiKey = u"test-key"_s;
    job.estimateMaxMicroUsd = estimate;
    return job;
}

/// Every signal as one line: "queued J A", "started J A", "finished J A STATUS[ CLASS]",
/// "retry J NEXT DELAY CLASS", "job J END STATUS", "budget SPENT NEEDED CAP", "idle".
/// attemptProgress is counted per "J/A" instead (its number varies with chunking).
class SignalLog : public QObject
{
public:
    explicit SignalLog(RunCoordinator &c) : m_c(c)
    {
        connect(&c, &RunCoordinator::attemptQueued, this,
                [this](int j, int a) { lines << u"queued %1 %2"_s.arg(j).arg(a); });
        connect(&c, &RunCoordinator::attemptStarted, this, [this](int j, int a, ModelRun *run) {
            lines << u"started %1 %2"_s.arg(j).arg(a);
            ++inFlight;
            maxInFlight = std::max(maxInFlight, inFlight);
            maxRunning = std::max(maxRunning, m_c.runningCount());
            startOrder << j;
            if (run)
                ++providerInFlight[run->provider().id()];
            for (auto it = providerInFlight.cbegin(); it != providerInFlight.cend(); ++it)
                maxProviderInFlight[it.key()] = std::max(maxProviderInFlight.value(it.key()), it.value());
            budgetOk = budgetOk && (!m_c.budgetMicroUsd()
                                    || m_c.spentMicroUsd() + m_c.reservedMicroUsd() <= *m_c.budgetMicroUsd());
            providerOf[j] = run ? run->provider().id() : QString();
        });
        connect(&c, &RunCoordinator::attemptProgress, this,
                [this](int j, int a, const RunMetrics &) { ++progress[u"%1/%2"_s.arg(j).arg(a)]; });
        connect(&c, &RunCoordinator::attemptFinished, this, [this](int j, int a, const RunOutcome &o) {
            QString line = u"finished %1 %2 %3"_s.arg(j).arg(a).arg(statusName(o.status));
            if (o.error.isError())
                line += u' ' + errorClassName(o.error.errorClass);
            lines << line;
            --inFlight;
            --providerInFlight[providerOf.value(j)];
        });
        connect(&c, &RunCoordinator::retryScheduled, this, [this](int j, int next, int delay, const ProviderError &e) {
            lines << u"retry %1 %2 %3 %4"_s.arg(j).arg(next).arg(delay).arg(errorClassName(e.errorClass));
        });
        connect(&c, &RunCoordinator::jobFinished, this, [this](int j, const JobResult &r) {
            static const char *const ends[] = {"finished", "cancelled", "skipped"};
            lines << u"job %1 %2 %3"_s.arg(j).arg(QLatin1StringView(ends[int(r.end)])).arg(statusName(r.outcome.status));
        });
        connect(&c, &RunCoordinator::budgetExhausted, this, [this](std::int64_t s, std::int64_t n, std::int64_t cap) {
            lines << u"budget %1 %2 %3"_s.arg(s).arg(n).arg(cap);
        });
        connect(&c, &RunCoordinator::idle, this, [this] { lines << u"idle"_s; });
    }

    QStringList lines;
    QList<int> startOrder;
    QHash<QString, int> progress;
    QHash<QString, int> providerInFlight;
    QHash<QString, int> maxProviderInFlight;
    QHash<int, QString> providerOf;
    int inFlight = 0;
    int maxInFlight = 0;
    int maxRunning = 0;
    bool budgetOk = true;

private:
    RunCoordinator &m_c;
};

} // namespace Crucible::Test
