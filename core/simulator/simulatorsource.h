#pragma once

#include <QTimer>

#include "engine/streamsource.h"
#include "providers/chatrequest.h"
#include "simulator/simulatorscript.h"

namespace Crucible {

/// Plays a SimulatorScript as a stream: a single-shot QTimer on the caller's thread wakes up when the
/// next piece is due and emits every piece due by then in one update, stamped with monotonicNs().
/// Updates, in order: simulated headers (status 200 + Meta request id, or the HTTP-like failure
/// and the end), text deltas, then the final update — Usage (input = script.inputTokens, output =
/// pieces emitted, cached 0, reasoning 0) and Finish on success; an Error event (server, truncated,
/// malformed, HTTP-like) or transportError (network, timeout, cancelled) on failure.
/// cancel() ends the stream synchronously (transportError Cancelled). Timeouts.total is honoured
/// (transportError Timeout); connect and idle limits never trigger.
class SimulatorSource : public StreamSource
{
    Q_OBJECT
public:
    SimulatorSource(SimulatorScript script, Timeouts timeouts, QObject *parent = nullptr);
    void start() override;
    void cancel() override;
    const SimulatorScript &script() const { return m_script; }

private:
    void step();
    void schedule(std::int64_t elapsedNs);
    void end(TransferUpdate &update, std::int64_t nowNs);
    std::int64_t endOffsetNs() const; ///< when the final update is due
    qsizetype pieceLimit() const;     ///< pieces streamed before the end

    SimulatorScript m_script;
    Timeouts m_timeouts;
    QTimer m_timer;
    std::int64_t m_startNs = 0;
    qsizetype m_next = 0;
    std::int64_t m_bytes = 0;
    bool m_started = false;
    bool m_headersSent = false;
    bool m_finished = false;
};

} // namespace Crucible
