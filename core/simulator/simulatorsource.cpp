#include "simulator/simulatorsource.h"

#include <algorithm>

#include "common/clock.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

constexpr std::int64_t TailNs = 2'000'000; // final chunk 2 ms after the last token

bool isTransportClass(ErrorClass c)
{
    return c == ErrorClass::Network || c == ErrorClass::Timeout || c == ErrorClass::Cancelled;
}

} // namespace

SimulatorSource::SimulatorSource(SimulatorScript script, Timeouts timeouts, QObject *parent)
    : StreamSource(parent), m_script(std::move(script)), m_timeouts(timeouts)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &SimulatorSource::step);
}

void SimulatorSource::start()
{
    if (m_started || m_finished)
        return;
    m_started = true;
    m_startNs = monotonicNs();
    schedule(0);
}

void SimulatorSource::cancel()
{
    if (m_finished)
        return;
    m_timer.stop();
    TransferUpdate update;
    update.transportError = {ErrorClass::Cancelled, u"cancelled"_s, 0, {}, {}, {}};
    end(update, monotonicNs());
}

qsizetype SimulatorSource::pieceLimit() const
{
    const qsizetype all = m_script.pieces.size();
    if (m_script.failure.isError())
        return m_script.failBeforeHeaders ? 0 : std::min<qsizetype>(m_script.failAfter, all);
    return all;
}

std::int64_t SimulatorSource::endOffsetNs() const
{
    if (m_script.failBeforeHeaders)
        return m_script.headersNs;
    const qsizetype limit = pieceLimit();
    if (m_script.failure.isError() && limit < m_script.pieces.size())
        return m_script.dueNs[std::size_t(limit)]; // fails when the next token was due
    const std::int64_t last = m_script.dueNs.empty() ? m_script.headersNs : m_script.dueNs.back();
    return last + TailNs;
}

void SimulatorSource::schedule(std::int64_t elapsedNs)
{
    std::int64_t nextNs = endOffsetNs();
    if (!m_headersSent)
        nextNs = m_script.headersNs;
    else if (m_next < pieceLimit())
        nextNs = m_script.dueNs[std::size_t(m_next)];
    if (m_timeouts.total.count() > 0)
        nextNs = std::min<std::int64_t>(nextNs, std::int64_t(m_timeouts.total.count()) * 1'000'000);
    const std::int64_t waitMs = std::max<std::int64_t>(0, (nextNs - elapsedNs + 999'999) / 1'000'000);
    m_timer.start(int(std::min<std::int64_t>(waitMs, 24LL * 3600 * 1000)));
}

void SimulatorSource::step()
{
    if (m_finished)
        return;
    const std::int64_t now = monotonicNs();
    const std::int64_t elapsed = now - m_startNs;
    TransferUpdate update;
    update.marks.sentNs = m_startNs;
    if (!m_headersSent && elapsed >= m_script.headersNs) {
        m_headersSent = true;
        update.headersArrived = true;
        const bool httpFailure = m_script.failBeforeHeaders && m_script.failure.isError();
        update.httpStatus = httpFailure ? m_script.failure.httpStatus : 200;
        update.headers = {{"content-type", httpFailure ? "application/json" : "text/event-stream"},
                          {"x-request-id", m_script.requestId.toUtf8()}};
        if (m_script.failure.retryAfterSeconds)
            update.headers.append({"retry-after", QByteArray::number(*m_script.failure.retryAfterSeconds)});
        update.events.append({now, StreamEvent::meta(m_script.requestId)});
        if (httpFailure) {
            update.events.append({now, StreamEvent::failure(m_script.failure)});
            end(update, now);
            return;
        }
    }
    if (m_headersSent) {
        const qsizetype limit = pieceLimit();
        while (m_next < limit && m_script.dueNs[std::size_t(m_next)] <= elapsed) {
            // Stamped with the scheduled arrival time, like a transport stamps bytes on arrival
            // even when the receiving thread is busy and handles them later.
            const std::int64_t arrivedNs = m_startNs + m_script.dueNs[std::size_t(m_next)];
            const QString &piece = m_script.pieces.at(m_next++);
            m_bytes += piece.toUtf8().size();
            update.events.append({arrivedNs, StreamEvent::textDelta(piece)});
        }
        if (m_next >= limit && elapsed >= endOffsetNs()) {
            const std::int64_t endNs = m_startNs + endOffsetNs();
            const ProviderError &failure = m_script.failure;
            if (!failure.isError()) {
                Usage usage;
                usage.inputTokens = m_script.inputTokens;
                usage.cachedInputTokens = 0;
                usage.outputTokens = m_next;
                usage.reasoningTokens = 0;
                update.events.append({endNs, StreamEvent::usageReport(usage)});
                update.events.append({endNs, StreamEvent::finish(m_script.finishReason)});
            } else if (isTransportClass(failure.errorClass)) {
                update.transportError = failure;
            } else {
                update.events.append({endNs, StreamEvent::failure(failure)});
            }
            end(update, endNs);
            return;
        }
    }
    if (m_timeouts.total.count() > 0 && elapsed >= std::int64_t(m_timeouts.total.count()) * 1'000'000) {
        update.transportError = {ErrorClass::Timeout,
                                 u"simulated: total timeout of %1 ms reached"_s.arg(m_timeouts.total.count()),
                                 0, {}, {}, {}};
        end(update, now);
        return;
    }
    if (update.headersArrived || !update.events.isEmpty()) {
        update.bytesReceived = m_bytes;
        update.marks.headersNs = m_startNs + m_script.headersNs;
        update.marks.firstByteNs = update.marks.headersNs;
        update.marks.lastChunkNs = now;
        Q_EMIT updated(update);
        if (m_finished)
            return; // a receiver cancelled us
    }
    schedule(elapsed);
}

void SimulatorSource::end(TransferUpdate &update, std::int64_t nowNs)
{
    m_finished = true;
    m_timer.stop();
    update.finished = true;
    update.bytesReceived = m_bytes;
    update.marks.sentNs = m_startNs != 0 ? m_startNs : nowNs;
    if (m_headersSent) {
        update.marks.headersNs = m_startNs + m_script.headersNs;
        update.marks.firstByteNs = update.marks.headersNs;
    }
    update.marks.lastChunkNs = nowNs;
    update.marks.endNs = nowNs;
    Q_EMIT updated(update);
}

} // namespace Crucible
