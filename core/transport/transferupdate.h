#pragma once

#include <QList>
#include <QMetaType>

#include <cstdint>

#include "providers/streamevent.h"
#include "transport/httprequest.h"

namespace Crucible {

/// Monotonic timestamps (ns, clock.h) of one transfer. 0 = not reached (yet).
struct TransferMarks
{
    std::int64_t sentNs = 0;      ///< request handed to the socket layer (transfer started)
    std::int64_t headersNs = 0;   ///< response headers complete
    std::int64_t firstByteNs = 0; ///< first body byte
    std::int64_t lastChunkNs = 0; ///< most recent body chunk
    std::int64_t endNs = 0;       ///< transfer over (EOF, error, cancel or timeout)
};

/// What happened to one transfer since the previous update. Delivered in order; exactly one update
/// per transfer has finished == true, and it is the last.
struct TransferUpdate
{
    bool headersArrived = false; ///< true in the one update that first carries status + headers
    int httpStatus = 0;
    HttpHeaders headers;
    QList<TimedEvent> events;    ///< decoder output, stamped with chunk arrival times
    TransferMarks marks;         ///< snapshot, cumulative
    std::int64_t bytesReceived = 0;
    bool finished = false;
    /// Set when the transfer itself failed (network, timeout, cancelled). Provider-level errors
    /// (HTTP status, error events, truncation) come through events instead.
    ProviderError transportError;
};

} // namespace Crucible

Q_DECLARE_METATYPE(Crucible::TransferUpdate)
