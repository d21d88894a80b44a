#include "compare/comparecontroller.h"

#include "compare/comparecolumn.h"
#include "compare/comparecontroller_p.h"
#include "compare/compareview.h"
#include "engine/modelrun.h"
#include "run/outputpane.h"

using namespace Qt::StringLiterals;

// Stopping, routing the RunCoordinator's signals to the columns, keeping outcomes, summaries.

namespace Crucible {

namespace {

QString secondsText(int ms)
{
    return ms < 10000 ? QString::number(ms / 1000.0, 'f', 1) : QString::number((ms + 500) / 1000);
}

} // namespace

void CompareController::stopAll()
{
    if (!d->running)
        return;
    if (d->awaitingKeys) {
        d->awaitingKeys = false;
        ++d->startSerial;
        d->prepared.clear();
        d->keyByProvider.clear();
        Q_EMIT statusMessage(tr("Run cancelled."));
        finishRun();
        return;
    }
    Q_EMIT statusMessage(tr("Cancelling…"));
    m_coordinator->cancelAll();
    if (m_coordinator->isIdle())
        finishRun();
}

void CompareController::stopColumn(CompareColumn *column)
{
    if (!d->running || !column)
        return;
    const QString id = columnId(column);
    for (auto it = d->jobs.cbegin(); it != d->jobs.cend(); ++it) {
        if (it->columnId == id && !m_coordinator->result(it.key()))
            m_coordinator->cancel(it.key());
    }
}

void CompareController::onAttemptStarted(int jobId, int attempt, ModelRun *run)
{
    const JobInfo info = d->jobs.value(jobId);
    CompareColumn *column = info.column;
    if (!column || !run)
        return;
    // The column shows the latest repeat that started (a retry of the shown job restarts it).
    const int shown = d->shownJob.value(info.columnId, 0);
    if (shown != 0 && shown != jobId && d->jobs.value(shown).repeat > info.repeat)
        return;
    d->shownJob.insert(info.columnId, jobId);
    column->resetForRun(info.simulated);
    column->setQueued(info.repeat + 1, m_repeats); // becomes "repeat r of n" once it streams
    const QString id = info.columnId;
    connect(run, &ModelRun::textDelta, column, [this, column, id, jobId](const QString &chunk) {
        if (d->shownJob.value(id) == jobId)
            column->appendText(chunk);
    });
    connect(run, &ModelRun::reasoningDelta, column, [this, column, id, jobId](const QString &chunk) {
        if (d->shownJob.value(id) == jobId)
            column->appendReasoning(chunk);
    });
    if (attempt > 1)
        Q_EMIT statusMessage(tr("Column %1: attempt %2 started.").arg(column->index() + 1).arg(attempt));
}

void CompareController::onAttemptProgress(int jobId, const RunMetrics &metrics)
{
    const JobInfo info = d->jobs.value(jobId);
    if (info.column && d->shownJob.value(info.columnId) == jobId)
        info.column->setMetrics(metrics);
}

void CompareController::onAttemptFinished(int jobId, const RunOutcome &outcome)
{
    const JobInfo info = d->jobs.value(jobId);
    if (info.column && d->shownJob.value(info.columnId) == jobId) {
        info.column->flush();
        info.column->setMetrics(outcome.metrics);
    }
}

void CompareController::onRetryScheduled(int jobId, int nextAttempt, int delayMs,
                                         const ProviderError &cause)
{
    const JobInfo info = d->jobs.value(jobId);
    if (!info.column)
        return;
    ProviderError shown = cause;
    shown.message = redactedText(shown.message);
    const int maxAttempts = d->policy.maxRetries + 1;
    const int current = d->shownJob.value(info.columnId, 0);
    if (current == 0 || current == jobId || d->jobs.value(current).repeat <= info.repeat)
        info.column->setRetrying(delayMs, nextAttempt, maxAttempts, shown);
    Q_EMIT statusMessage(tr("Column %1: %2 — retrying in %3 s (attempt %4 of %5).")
                             .arg(info.column->index() + 1)
                             .arg(errorClassName(cause.errorClass), secondsText(delayMs))
                             .arg(nextAttempt)
                             .arg(maxAttempts));
}

void CompareController::onJobFinished(int jobId, const JobResult &result)
{
    const JobInfo info = d->jobs.value(jobId);
    const QString id = info.columnId;
    CompareColumn *column = info.column;
    const int open = --d->openJobs[id];
    if (result.end == JobResult::End::SkippedForBudget) {
        ++d->skipped;
        if (column && d->shownJob.value(id, 0) == 0)
            column->setBudgetSkipped(redactedText(result.outcome.error.message));
    } else if (!result.attempts.isEmpty()) {
        RunOutcome outcome = result.outcome;
        outcome.error.message = redactedText(outcome.error.message);
        d->outcomes[id].insert(info.repeat, outcome);
        if (column && d->shownJob.value(id) == jobId) {
            column->flush();
            column->setMetrics(outcome.metrics);
            if ((outcome.status == RunOutcome::Status::Error
                 || outcome.status == RunOutcome::Status::Truncated)
                && outcome.error.isError())
                column->showError(outcome.error);
        }
        if (column && outcome.status == RunOutcome::Status::Error)
            Q_EMIT statusMessage(tr("Column %1: error — %2")
                                     .arg(column->index() + 1)
                                     .arg(describeError(outcome.error)));
    }
    if (column && open <= 0)
        column->setRunning(false);
    if (!d->summaryTimer.isActive())
        d->summaryTimer.start();
}

void CompareController::onBudgetExhausted(std::int64_t spent, std::int64_t needed, std::int64_t cap)
{
    d->budgetText = tr("stopped by budget: spent %1 of %2").arg(formatUsd(spent), formatUsd(cap));
    Q_EMIT statusMessage(tr("%1 (the next request needs up to %2); the rest is not sent.")
                             .arg(d->budgetText, formatUsd(needed)));
    Q_EMIT budgetStopped(d->budgetText);
}

void CompareController::finishRun()
{
    if (!d->running || d->awaitingKeys)
        return;
    d->running = false;
    d->summaryTimer.stop();
    if (d->view) {
        for (CompareColumn *column : d->view->columns()) {
            column->flush();
            column->setRunning(false);
        }
    }
    int ok = 0;
    int errors = 0;
    int cancelled = 0;
    QStringList failures; ///< "column 2: rate-limit", once per column and class
    const QList<CompareColumn *> columns = d->view ? d->view->columns() : QList<CompareColumn *>();
    for (const CompareColumn *column : columns) {
        for (const RunOutcome &outcome : d->outcomes.value(columnId(column))) {
            ok += outcome.status == RunOutcome::Status::Ok;
            cancelled += outcome.status == RunOutcome::Status::Cancelled;
            if (outcome.status == RunOutcome::Status::Error || outcome.status == RunOutcome::Status::Truncated) {
                ++errors;
                const QString what = tr("column %1: %2")
                                         .arg(column->index() + 1)
                                         .arg(errorClassName(outcome.status == RunOutcome::Status::Truncated
                                                                 && !outcome.error.isError()
                                                             ? ErrorClass::Truncated
                                                             : outcome.error.errorClass));
                if (!failures.contains(what))
                    failures << what;
            }
        }
    }
    const std::int64_t spent = m_coordinator->spentMicroUsd();
    if (m_coordinator->isBudgetExhausted() && d->budget)
        d->budgetText = tr("stopped by budget: spent %1 of %2").arg(formatUsd(spent), formatUsd(*d->budget));
    QStringList parts{tr("%1 ok").arg(ok)};
    if (errors) {
        parts << (errors == 1 ? tr("1 error") : tr("%1 errors").arg(errors))
                     + u" ("_s + failures.mid(0, 3).join(u", "_s)
                     + (failures.size() > 3 ? u", …)"_s : u")"_s);
    }
    if (cancelled)
        parts << tr("%1 cancelled").arg(cancelled);
    if (d->skipped)
        parts << tr("%1 not sent").arg(d->skipped);
    parts << tr("spent %1").arg(formatUsd(spent));
    QString status = tr("Done: %1.").arg(parts.join(u" · "_s));
    if (!d->budgetText.isEmpty())
        status += u' ' + d->budgetText[0].toUpper() + d->budgetText.mid(1) + u'.';
    Q_EMIT summaryChanged();
    Q_EMIT statusMessage(status);
    Q_EMIT runningChanged(false);
    Q_EMIT runFinished();
}

QList<ColumnSummary> CompareController::summaries() const
{
    QList<ColumnSummary> result;
    const SchemaCheck check = d->validator ? d->validator->validityCheck() : SchemaCheck{};
    if (!d->view)
        return result;
    for (const CompareColumn *column : d->view->columns())
        result.append(summarizeColumn(columnId(column), column->title(), outcomes(column), check));
    return result;
}

QList<RunOutcome> CompareController::outcomes(const CompareColumn *column) const
{
    return d->outcomes.value(columnId(column)).values();
}

QString CompareController::latestAnswer(const CompareColumn *column) const
{
    const QMap<int, RunOutcome> kept = d->outcomes.value(columnId(column));
    if (!kept.isEmpty() && !d->running)
        return kept.last().text;
    return column ? column->output()->text() : QString();
}

} // namespace Crucible
