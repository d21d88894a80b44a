#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "engine/retrypolicy.h"
#include "engine/runoutcome.h"
#include "providers/chatrequest.h"

namespace Crucible {

class HttpTransport;
class ModelRun;
class PriceTable;
class Provider;

/// One request to make, possibly several times (attempts). Built by the compare view / CLI.
struct RunJob
{
    QString targetKey;          ///< which column / --target it belongs to ("c3", "simulator:sim-fast")
    int repeat = 0;             ///< 0-based repeat index
    int testCase = -1;          ///< test case index; -1: none
    const Provider *provider = nullptr; ///< must outlive the coordinator
    ChatRequest request;
    ProviderSettings settings;  ///< the key lives only here, in memory
    /// Upper bound of this request's cost (CostEstimate::maxMicroUsd); nullopt: unknown.
    std::optional<std::int64_t> estimateMaxMicroUsd;
};

/// One attempt of a job, as it ended.
struct AttemptRecord
{
    int attempt = 1;                 ///< 1-based
    std::int64_t queuedNs = 0;       ///< monotonic: queued (or retry scheduled)
    std::int64_t startedNs = 0;      ///< monotonic: ModelRun::start()
    RunOutcome outcome;
    std::optional<int> retryDelayMs; ///< wait scheduled after this attempt; nullopt: none
};

/// Everything about one job once it is over.
struct JobResult
{
    enum class End { Finished, Cancelled, SkippedForBudget };
    int jobId = 0;
    QString targetKey;
    int repeat = 0;
    int testCase = -1;
    End end = End::Finished;
    QList<AttemptRecord> attempts;   ///< empty when skipped or cancelled while queued
    /// The last attempt's outcome; for a job that never started: status Cancelled with an error
    /// message saying why ("cancelled", "budget: …").
    RunOutcome outcome;
    std::int64_t costMicroUsd() const; ///< sum of every attempt's actual cost (unknown counts 0)
};

/// The one place that schedules provider requests (window and CLI alike). Lives on the thread of
/// the transport (GUI or CLI main thread).
///
/// Jobs start in submission order as limits allow: at most `global` attempts in flight, and at most
/// perProvider[id] (else defaultPerProvider) per provider id. A failed attempt is retried as the
/// RetryPolicy says (the wait does not hold a concurrency slot). Signals per attempt, each exactly
/// once: attemptQueued → attemptStarted → attemptProgress (0..n) → attemptFinished; then either
/// retryScheduled (and the next attempt's attemptQueued) or jobFinished exactly once per job.
/// Every attempt is recorded in its JobResult. attemptQueued(id, 1) goes out from the event loop
/// after submit() returned (or just before jobFinished when the job ends first), so receivers
/// already know the id. A job cancelled or skipped while queued gets attemptQueued and
/// jobFinished only. No signal is emitted from inside submit(); attempts start from a queued call.
///
/// Budget: with a cap set, an attempt is started only when spent (actual cost of every finished
/// attempt) + reserved (estimateMaxMicroUsd of attempts in flight) + its own estimateMaxMicroUsd
/// ≤ cap. When it does not fit and other attempts are in flight, it waits for them; when nothing
/// is in flight (or its estimate is unknown) the budget is exhausted: that job and every queued
/// job end as SkippedForBudget, budgetExhausted() fires once, and nothing more is sent until
/// reset(). Jobs already in flight finish normally.
///
/// cancel(jobId) / cancelAll(): queued and waiting-to-retry jobs end Cancelled at once; running
/// ones are cancelled and end when their ModelRun reports it. idle() fires when no job is left.
///
/// Details: a job waiting to retry when the budget stops (or whose retry would come after the
/// stop) ends SkippedForBudget with its attempts kept; a job cancelled while waiting keeps its last
/// attempt's outcome (the error) with end Cancelled. Only Error/Truncated outcomes are retried (and
/// only classes in RetryPolicy::retryOn). A job without a provider ends Finished with an Error
/// outcome "no provider". retryPolicy() returns the normalized policy. Budget accounting uses
/// RunMetrics::costMicroUsd of each finished attempt (unknown: 0) and reserves nothing without a cap.
class RunCoordinator : public QObject
{
    Q_OBJECT
public:
    struct Limits
    {
        int global = 6;
        int defaultPerProvider = 4;
        QHash<QString, int> perProvider; ///< provider id → limit (≥ 1)
    };

    /// transport and prices (may be null) must outlive the coordinator.
    RunCoordinator(HttpTransport &transport, const PriceTable *prices, QObject *parent = nullptr);
    ~RunCoordinator() override;

    void setLimits(const Limits &limits);
    const Limits &limits() const { return m_limits; }
    void setRetryPolicy(const RetryPolicy &policy);
    const RetryPolicy &retryPolicy() const { return m_policy; }
    void setBudgetMicroUsd(std::optional<std::int64_t> cap);
    std::optional<std::int64_t> budgetMicroUsd() const { return m_budget; }
    /// Jitter source, [0, 1); default: a seeded std::mt19937. Tests pass a constant.
    void setRandomSource(std::function<double()> random);

    int submit(RunJob job);          ///< returns the job id (> 0); queued at once, started async
    /// Submits each of `targets` `repeats` times, repeat-major (every target's first repeat before
    /// any second one), RunJob::repeat set from 0. Returns the ids in submission order: the i-th
    /// belongs to targets[i % targets.size()], repeat i / targets.size().
    QList<int> submitRepeats(const QList<RunJob> &targets, int repeats);
    void cancel(int jobId);
    void cancelAll();
    /// Forgets finished jobs, spent money and a budget stop (only when idle; false otherwise).
    bool reset();

    bool isIdle() const;
    int runningCount() const;
    int queuedCount() const;         ///< waiting for a slot or a retry
    ModelRun *activeRun(int jobId) const; ///< the attempt in flight; null otherwise
    const JobResult *result(int jobId) const; ///< null until the job is over
    QList<JobResult> results() const; ///< finished jobs, in the order they finished
    std::int64_t spentMicroUsd() const;
    std::int64_t reservedMicroUsd() const;
    bool isBudgetExhausted() const;

Q_SIGNALS:
    void attemptQueued(int jobId, int attempt);
    void attemptStarted(int jobId, int attempt, Crucible::ModelRun *run);
    void attemptProgress(int jobId, int attempt, const Crucible::RunMetrics &metrics);
    void attemptFinished(int jobId, int attempt, const Crucible::RunOutcome &outcome);
    void retryScheduled(int jobId, int nextAttempt, int delayMs, const Crucible::ProviderError &cause);
    void jobFinished(int jobId, const Crucible::JobResult &result);
    /// Once per budget stop, before the skipped jobs' jobFinished: what was spent, what the refused
    /// attempt needed at most (-1: its estimate is unknown), the cap.
    void budgetExhausted(std::int64_t spentMicroUsd, std::int64_t neededMicroUsd, std::int64_t capMicroUsd);
    void idle();

private:
    struct Private;
    void schedulePump();
    void pump(); // emits pending attemptQueued(…, 1), starts what fits, applies the budget
    void flushQueuedSignal(int jobId);
    void startAttempt(int jobId);
    void onRunFinished(int jobId, ModelRun *run, const RunOutcome &outcome);
    void scheduleRetry(int jobId, int delayMs, const ProviderError &cause);
    void onRetryDue(int jobId);
    void exhaustBudget(int jobId, std::optional<std::int64_t> needed);
    /// Ends a job: result filled, jobFinished, then idle() when it was the last. `why` becomes the
    /// outcome's error message when the job has no attempt.
    void endJob(int jobId, JobResult::End end, const QString &why = {});
    std::unique_ptr<Private> d;
    Limits m_limits;
    RetryPolicy m_policy;
    std::optional<std::int64_t> m_budget;
};

} // namespace Crucible

Q_DECLARE_METATYPE(Crucible::JobResult)
