#include "engine/runcoordinator.h"

#include <random>

#include "common/clock.h"
#include "engine/modelrun.h"
#include "engine/runcoordinator_p.h"
#include "pricing/pricetable.h"
#include "providers/provider.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

std::function<double()> defaultRandom()
{
    auto engine = std::make_shared<std::mt19937>(std::random_device{}());
    return [engine] {
        const double r = std::uniform_real_distribution<double>(0.0, 1.0)(*engine);
        return r < 1.0 ? r : 0.0;
    };
}

} // namespace

std::int64_t JobResult::costMicroUsd() const
{
    std::int64_t sum = 0;
    for (const AttemptRecord &a : attempts)
        sum += a.outcome.metrics.costMicroUsd.value_or(0);
    return sum;
}

void RunCoordinator::Private::setState(Job &job, int id, State next)
{
    if (job.state == next)
        return;
    switch (job.state) {
    case State::Queued: queued.erase(id); break;
    case State::Waiting:
        --waiting;
        if (job.retryTimer) {
            job.retryTimer->stop();
            job.retryTimer->deleteLater();
        }
        break;
    case State::Running:
        --running;
        --runningPerProvider[job.providerId];
        reserved -= job.reserved;
        job.reserved = 0;
        break;
    case State::Finishing:
    case State::Done: break;
    }
    job.state = next;
    switch (next) {
    case State::Queued: queued.insert(id); break;
    case State::Waiting: ++waiting; break;
    case State::Running:
        ++running;
        ++runningPerProvider[job.providerId];
        reserved += job.reserved;
        break;
    case State::Finishing: break;
    case State::Done: --active; break;
    }
}

RunCoordinator::RunCoordinator(HttpTransport &transport, const PriceTable *prices, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(transport, prices))
{
    qRegisterMetaType<JobResult>();
    qRegisterMetaType<RunOutcome>();
    qRegisterMetaType<RunMetrics>();
    qRegisterMetaType<ProviderError>();
    d->random = defaultRandom();
}

RunCoordinator::~RunCoordinator()
{
    // Stop transfers in flight before the private state goes; nothing is emitted any more.
    for (auto &[id, job] : d->jobs) {
        if (job.run) {
            disconnect(job.run, nullptr, this, nullptr);
            delete job.run.data();
        }
    }
}

void RunCoordinator::setLimits(const Limits &limits)
{
    m_limits = limits;
    m_limits.global = std::max(1, m_limits.global);
    m_limits.defaultPerProvider = std::max(1, m_limits.defaultPerProvider);
    for (auto it = m_limits.perProvider.begin(); it != m_limits.perProvider.end(); ++it)
        it.value() = std::max(1, it.value());
    schedulePump();
}

void RunCoordinator::setRetryPolicy(const RetryPolicy &policy)
{
    m_policy = policy.normalized();
}

void RunCoordinator::setBudgetMicroUsd(std::optional<std::int64_t> cap)
{
    m_budget = cap;
    schedulePump();
}

void RunCoordinator::setRandomSource(std::function<double()> random)
{
    d->random = random ? std::move(random) : defaultRandom();
}

QList<int> RunCoordinator::submitRepeats(const QList<RunJob> &targets, int repeats)
{
    QList<int> ids;
    ids.reserve(targets.size() * std::max(repeats, 0));
    for (int repeat = 0; repeat < repeats; ++repeat) {
        for (RunJob job : targets) {
            job.repeat = repeat;
            ids.append(submit(std::move(job)));
        }
    }
    return ids;
}

int RunCoordinator::submit(RunJob job)
{
    const int id = d->nextId++;
    Private::Job j;
    j.providerId = job.provider ? job.provider->id() : QString();
    j.result.jobId = id;
    j.result.targetKey = job.targetKey;
    j.result.repeat = job.repeat;
    j.result.testCase = job.testCase;
    j.job = std::move(job);
    j.queuedNs = monotonicNs();
    d->jobs.emplace(id, std::move(j));
    d->queued.insert(id);
    d->unsignalled.insert(id);
    ++d->active;
    d->busy = true;
    schedulePump();
    return id;
}

void RunCoordinator::cancel(int jobId)
{
    Private::Job *job = d->find(jobId);
    if (!job)
        return;
    switch (job->state) {
    case Private::State::Queued:
    case Private::State::Waiting:
        job->cancelRequested = true;
        endJob(jobId, JobResult::End::Cancelled, u"cancelled"_s);
        break;
    case Private::State::Running: {
        job->cancelRequested = true;
        const QPointer<ModelRun> run = job->run;
        if (run)
            run->cancel(); // finished() may arrive right here or later; onRunFinished ends the job
        break;
    }
    case Private::State::Finishing: job->cancelRequested = true; break;
    case Private::State::Done: break;
    }
}

void RunCoordinator::cancelAll()
{
    QList<int> ids;
    for (const auto &[id, job] : d->jobs) {
        if (job.state != Private::State::Done)
            ids.append(id);
    }
    for (int id : ids)
        cancel(id);
}

bool RunCoordinator::reset()
{
    if (!isIdle())
        return false;
    d->jobs.clear();
    d->queued.clear();
    d->unsignalled.clear();
    d->finishedOrder.clear();
    d->runningPerProvider.clear();
    d->spent = 0;
    d->reserved = 0;
    d->exhausted = false;
    return true;
}

bool RunCoordinator::isIdle() const { return d->active == 0; }
int RunCoordinator::runningCount() const { return d->running; }
int RunCoordinator::queuedCount() const { return int(d->queued.size()) + d->waiting; }

ModelRun *RunCoordinator::activeRun(int jobId) const
{
    const Private::Job *job = d->find(jobId);
    return job && job->state == Private::State::Running ? job->run.data() : nullptr;
}

const JobResult *RunCoordinator::result(int jobId) const
{
    const Private::Job *job = d->find(jobId);
    return job && job->state == Private::State::Done ? &job->result : nullptr;
}

QList<JobResult> RunCoordinator::results() const
{
    QList<JobResult> out;
    out.reserve(d->finishedOrder.size());
    for (int id : std::as_const(d->finishedOrder)) {
        if (const Private::Job *job = d->find(id))
            out.append(job->result);
    }
    return out;
}

std::int64_t RunCoordinator::spentMicroUsd() const { return d->spent; }
std::int64_t RunCoordinator::reservedMicroUsd() const { return d->reserved; }
bool RunCoordinator::isBudgetExhausted() const { return d->exhausted; }

void RunCoordinator::schedulePump()
{
    if (d->pumpScheduled)
        return;
    d->pumpScheduled = true;
    QMetaObject::invokeMethod(this, [this] { pump(); }, Qt::QueuedConnection);
}

void RunCoordinator::flushQueuedSignal(int jobId)
{
    if (d->unsignalled.erase(jobId) == 1)
        Q_EMIT attemptQueued(jobId, 1);
}

void RunCoordinator::pump()
{
    d->pumpScheduled = false;
    const QPointer<RunCoordinator> self(this);
    // Receivers may submit or cancel from any signal below: every step looks the job up again.
    while (!d->unsignalled.empty()) {
        flushQueuedSignal(*d->unsignalled.begin());
        if (!self)
            return;
    }
    for (;;) {
        if (d->exhausted) {
            exhaustBudget(0, std::nullopt); // jobs submitted or requeued after the stop
            return;
        }
        if (d->running >= m_limits.global)
            return;
        int next = 0;
        for (int id : d->queued) {
            const Private::Job &job = d->jobs.at(id);
            if (!job.job.provider) {
                next = id;
                break;
            }
            const int limit = m_limits.perProvider.value(job.providerId, m_limits.defaultPerProvider);
            if (d->runningPerProvider.value(job.providerId) < limit) {
                next = id;
                break;
            }
        }
        if (next == 0)
            return;
        const Private::Job &job = d->jobs.at(next);
        if (!job.job.provider) {
            endJob(next, JobResult::End::Finished, u"no provider"_s);
        } else if (m_budget) {
            const std::optional<std::int64_t> estimate = job.job.estimateMaxMicroUsd;
            if (!estimate) {
                exhaustBudget(next, std::nullopt);
                return;
            }
            if (d->spent + d->reserved + *estimate > *m_budget) {
                if (d->running > 0)
                    return; // wait for the runs in flight: they may cost less than reserved
                exhaustBudget(next, estimate);
                return;
            }
            startAttempt(next);
        } else {
            startAttempt(next);
        }
        if (!self)
            return;
    }
}

void RunCoordinator::exhaustBudget(int jobId, std::optional<std::int64_t> needed)
{
    const QPointer<RunCoordinator> self(this);
    const std::int64_t cap = m_budget.value_or(0);
    if (!d->exhausted) {
        d->exhausted = true;
        Q_EMIT budgetExhausted(d->spent, needed.value_or(-1), cap);
        if (!self)
            return;
    }
    if (jobId != 0) {
        if (const Private::Job *job = d->find(jobId); job && job->state == Private::State::Queued) {
            const QString why = needed
                ? u"budget: this request may cost up to %1; %2 of the %3 cap is spent or reserved"_s.arg(
                      formatUsd(*needed), formatUsd(d->spent + d->reserved), formatUsd(cap))
                : u"budget: the cost of this request is unknown and a budget cap is set"_s;
            endJob(jobId, JobResult::End::SkippedForBudget, why);
            if (!self)
                return;
        }
    }
    QList<int> ids;
    for (const auto &[id, job] : d->jobs) {
        if (job.state == Private::State::Queued || job.state == Private::State::Waiting)
            ids.append(id);
    }
    const QString why = u"budget: the %1 cap is reached"_s.arg(formatUsd(cap));
    for (int id : std::as_const(ids)) {
        const Private::Job *job = d->find(id);
        if (job && (job->state == Private::State::Queued || job->state == Private::State::Waiting)) {
            endJob(id, JobResult::End::SkippedForBudget, why);
            if (!self)
                return;
        }
    }
}

void RunCoordinator::endJob(int jobId, JobResult::End end, const QString &why)
{
    Private::Job *job = d->find(jobId);
    if (!job || job->state == Private::State::Done)
        return;
    const QPointer<RunCoordinator> self(this);
    flushQueuedSignal(jobId);
    if (!self)
        return;
    job = d->find(jobId);
    if (!job || job->state == Private::State::Done)
        return;
    d->setState(*job, jobId, Private::State::Done);
    JobResult &r = job->result;
    r.end = end;
    if (!r.attempts.isEmpty()) {
        r.outcome = r.attempts.constLast().outcome;
    } else {
        RunOutcome o;
        const bool cancelled = end != JobResult::End::Finished;
        o.status = cancelled ? RunOutcome::Status::Cancelled : RunOutcome::Status::Error;
        if (const Provider *p = job->job.provider) {
            o.providerId = p->id();
            o.simulated = p->isSimulated();
            o.model = job->job.request.model.isEmpty() ? p->defaultModel() : job->job.request.model;
        }
        o.error.errorClass = cancelled ? ErrorClass::Cancelled : ErrorClass::BadRequest;
        o.error.message = why;
        o.metrics.phase = cancelled ? RunMetrics::Phase::Cancelled : RunMetrics::Phase::Error;
        r.outcome = o;
    }
    d->finishedOrder.append(jobId);
    const JobResult copy = r; // receivers may reset() the coordinator
    Q_EMIT jobFinished(jobId, copy);
    if (!self)
        return;
    if (d->active == 0 && d->busy) {
        d->busy = false;
        Q_EMIT idle();
    }
}

} // namespace Crucible
