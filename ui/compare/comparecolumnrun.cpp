// CompareColumn: what CompareController drives during a run (text, reasoning, metrics, status).
#include "compare/comparecolumn.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextCursor>
#include <QToolButton>

#include <cmath>
#include <utility>

#include "providers/streamevent.h"
#include "run/outputpane.h"
#include "run/readoutbar.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

QString errorClassText(const ProviderError &error)
{
    const QString name = errorClassName(error.errorClass);
    return name.isEmpty() ? u"error"_s : name;
}

} // namespace

void CompareColumn::resetForRun(bool simulated)
{
    m_reasoningFlush.stop();
    m_pendingReasoning.clear();
    m_reasoning->clear();
    updateReasoningHeader();
    m_output->reset(simulated);
    m_readout->reset();
    m_countdown.stop();
    m_repeat = 0;
    m_repeats = 0;
    m_waiting = false;
    setStatus({}, false);
    m_details->clear();
    m_details->hide();
}

void CompareColumn::appendText(const QString &chunk)
{
    m_output->appendDelta(chunk);
}

void CompareColumn::appendReasoning(const QString &chunk)
{
    if (chunk.isEmpty())
        return;
    m_pendingReasoning += chunk;
    if (!m_reasoningFlush.isActive())
        m_reasoningFlush.start();
}

void CompareColumn::flush()
{
    m_output->flush();
    flushReasoning();
}

void CompareColumn::flushReasoning()
{
    m_reasoningFlush.stop();
    if (m_pendingReasoning.isEmpty())
        return;
    QScrollBar *bar = m_reasoning->verticalScrollBar();
    const bool follow = bar->value() == bar->maximum(); // keep the tail in view unless scrolled up
    QTextCursor cursor(m_reasoning->document());
    cursor.beginEditBlock(); // no per-move cursor x (it shapes the last line); one layout pass
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(std::exchange(m_pendingReasoning, {}));
    cursor.endEditBlock();
    if (follow)
        bar->setValue(bar->maximum());
    updateReasoningHeader();
}

void CompareColumn::setMetrics(const RunMetrics &metrics)
{
    const bool started = metrics.phase != RunMetrics::Phase::Idle;
    if (started && m_waiting) // the (re)try went out: no more "queued" or countdown
        showRepeat();
    if (started && !metrics.isRunning())
        flush(); // the run is over: everything pending goes on screen now
    m_readout->setMetrics(metrics);

    QStringList details;
    if (!metrics.finishReason.isEmpty())
        details.append(tr("finish: %1").arg(metrics.finishReason));
    if (!metrics.requestId.isEmpty())
        details.append(tr("request id: %1").arg(metrics.requestId));
    m_details->setText(details.join(u" · "_s));
    m_details->setVisible(!details.isEmpty());
}

void CompareColumn::setEstimate(const std::optional<CostEstimate> &estimate, bool forNextRun)
{
    m_readout->setEstimate(estimate, forNextRun);
}

void CompareColumn::setQueued(int repeat, int repeats)
{
    m_countdown.stop();
    m_repeat = repeat;
    m_repeats = repeats;
    setStatus(repeats > 1 ? tr("queued · repeat %1 of %2").arg(repeat).arg(repeats) : tr("queued"), false);
    m_waiting = true;
}

void CompareColumn::showRepeat()
{
    m_countdown.stop();
    m_waiting = false;
    setStatus(m_repeats > 1 ? tr("repeat %1 of %2").arg(m_repeat).arg(m_repeats) : QString(), false);
}

void CompareColumn::setRetrying(int delayMs, int nextAttempt, int maxAttempts, const ProviderError &cause)
{
    m_retryRemainingMs = std::max(0, delayMs);
    m_retryClock.start();
    m_retryText = tr("(attempt %1 of %2) · %3").arg(nextAttempt).arg(maxAttempts).arg(errorClassText(cause));
    m_status->setToolTip(describeError(cause));
    m_countdown.start();
    updateCountdown();
    m_waiting = true;
}

void CompareColumn::updateCountdown()
{
    const qint64 left = m_retryRemainingMs - m_retryClock.elapsed();
    if (left <= 0) {
        m_countdown.stop();
        setStatus(tr("retrying now %1").arg(m_retryText), true);
        return;
    }
    const int seconds = int(std::ceil(double(left) / 1000.0));
    setStatus(tr("retrying in %1 s %2").arg(seconds).arg(m_retryText), true);
}

void CompareColumn::showError(const ProviderError &error)
{
    m_countdown.stop();
    flushReasoning();
    m_output->showError(error);
    m_readout->setStatusDetail(errorClassText(error));
    if (m_waiting)
        showRepeat();
}

void CompareColumn::setBudgetSkipped(const QString &reason)
{
    m_countdown.stop();
    m_waiting = false;
    setStatus(reason.isEmpty() ? tr("not sent: budget reached") : tr("not sent: %1").arg(reason), true);
}

QString CompareColumn::statusLine() const
{
    return m_status->text();
}

QString CompareColumn::detailsLine() const
{
    return m_details->text();
}

void CompareColumn::setStatus(const QString &text, bool accent)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    if (!accent)
        m_status->setToolTip({});
    // Amber reads on light and dark backgrounds alike; everything else keeps the palette's text.
    m_status->setStyleSheet(accent ? u"QLabel { color: #c77c02; }"_s : QString());
}

} // namespace Crucible
