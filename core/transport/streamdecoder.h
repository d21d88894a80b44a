#pragma once

#include <QByteArrayView>

#include <vector>

#include "providers/streamevent.h"
#include "transport/httprequest.h"

namespace Crucible {

/// Turns one HTTP response into normalized StreamEvents. One instance per request, created by the
/// provider, driven by the transport on the network thread (or directly by tests) in this order:
///   begin(status, headers) once, feed() 0..n times with arbitrary slices of the body (any split
///   must give the same events), then finish() once at EOF.
/// For a non-2xx status the decoder buffers the whole body and reports one Error event in
/// finish(), even when Content-Type says text/event-stream. finish() must report an EOF before the
/// provider's terminator as ErrorClass::Truncated — never as a normal finish. After an Error event
/// the decoder emits nothing more.
class StreamDecoder
{
public:
    virtual ~StreamDecoder() = default;
    virtual void begin(int httpStatus, const HttpHeaders &headers) = 0;
    virtual void feed(QByteArrayView bytes, std::vector<StreamEvent> &out) = 0;
    virtual void finish(std::vector<StreamEvent> &out) = 0;
};

} // namespace Crucible
