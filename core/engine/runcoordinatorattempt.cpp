// RunCoordinator: one attempt's life — start, progress, end, retry.

#include "common/clock.h"
#include "engine/modelrun.h"
#include "engine/runcoordinator.h"
#include "engine/runcoordinator_p.h"
#include "providers/provider.h"

using namespace Qt::StringLiterals;

namespace Crucible {

void RunCoordinator::startAttempt(int jobId)
{
    Private::Job *job = d->find(jobId);
    if (!job || job->state != Private::State::Queued || !job->job.provider)
        return;
    job->reserved = m_budget ? job->job.estimateMaxMicroUsd.value_or(0) : 0;
    d->setState(*job, jobId, Private::State::Running);
    job->startedNs = monotonicNs();
    const int attempt = job->attempt;
    auto *run = new ModelRun(*job->job.provider, job->job.request, job->job.settings, d->transport,
                             d->prices, this);
    job->run = run;
    connect(run, &ModelRun::metricsChanged, this, [this, jobId, attempt, run](const RunMetrics &metrics) {
        const Private::Job *j = d->find(jobId);
        if (j && j->run == run && j->state == Private::State::Running)
            Q_EMIT attemptProgress(jobId, attempt, metrics);
    });
    connect(run, &ModelRun::finished, this,
            [this, jobId, run](const RunOutcome &outcome) { onRunFinished(jobId, run, outcome); });

    const QPointer<RunCoordinator> self(this);
    const QPointer<ModelRun> guard(run);
    Q_EMIT attemptStarted(jobId, attempt, run);
    if (!self || !guard || guard->isFinished())
        return; // a receiver cancelled it (finished already handled) or destroyed us
    job = d->find(jobId);
    if (job && job->run == run && job->state == Private::State::Running)
        run->start();
}

void RunCoordinator::onRunFinished(int jobId, ModelRun *run, const RunOutcome &outcome)
{
    Private::Job *job = d->find(jobId);
    if (!job || job->run != run || job->state != Private::State::Running)
        return;
    run->deleteLater();
    job->run = nullptr;
    d->spent += outcome.metrics.costMicroUsd.value_or(0);
    d->setState(*job, jobId, Private::State::Finishing); // slot and reservation released

    AttemptRecord record;
    record.attempt = job->attempt;
    record.queuedNs = job->queuedNs;
    record.startedNs = job->startedNs;
    record.outcome = outcome;
    bool retryRefusedByBudget = false;
    const bool failed = outcome.status == RunOutcome::Status::Error
        || outcome.status == RunOutcome::Status::Truncated;
    if (!job->cancelRequested && failed && (m_policy.retryAfterOutput || outcome.text.isEmpty())) {
        record.retryDelayMs = m_policy.delayBeforeRetry(job->attempt, outcome.error, d->random());
        if (record.retryDelayMs && d->exhausted) {
            record.retryDelayMs.reset(); // nothing more is sent after a budget stop
            retryRefusedByBudget = true;
        }
    }
    const std::optional<int> delay = record.retryDelayMs;
    job->result.attempts.append(record);

    const QPointer<RunCoordinator> self(this);
    Q_EMIT attemptFinished(jobId, record.attempt, outcome);
    if (!self)
        return;
    job = d->find(jobId);
    if (!job || job->state != Private::State::Finishing)
        return;
    if (job->cancelRequested) {
        job->result.attempts.last().retryDelayMs.reset();
        endJob(jobId, JobResult::End::Cancelled);
    } else if (delay) {
        scheduleRetry(jobId, *delay, outcome.error);
    } else if (retryRefusedByBudget) {
        endJob(jobId, JobResult::End::SkippedForBudget);
    } else {
        endJob(jobId, outcome.status == RunOutcome::Status::Cancelled ? JobResult::End::Cancelled
                                                                       : JobResult::End::Finished);
    }
    if (self)
        schedulePump(); // a slot is free: next starts come from the event loop, not from here
}

void RunCoordinator::scheduleRetry(int jobId, int delayMs, const ProviderError &cause)
{
    Private::Job *job = d->find(jobId);
    if (!job)
        return;
    ++job->attempt;
    job->queuedNs = monotonicNs();
    d->setState(*job, jobId, Private::State::Waiting);
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer); // a coarse timer may fire up to 5 % early
    connect(timer, &QTimer::timeout, this, [this, jobId] { onRetryDue(jobId); });
    job->retryTimer = timer;
    timer->start(delayMs);

    const int next = job->attempt;
    const QPointer<RunCoordinator> self(this);
    Q_EMIT retryScheduled(jobId, next, delayMs, cause);
    if (!self)
        return;
    job = d->find(jobId);
    if (job && job->state == Private::State::Waiting && job->attempt == next)
        Q_EMIT attemptQueued(jobId, next);
}

void RunCoordinator::onRetryDue(int jobId)
{
    Private::Job *job = d->find(jobId);
    if (!job || job->state != Private::State::Waiting)
        return;
    d->setState(*job, jobId, Private::State::Queued); // deletes the timer (later)
    pump();
}

} // namespace Crucible
