#pragma once

#include <QByteArray>
#include <QObject>

#include <functional>

#include "providers/streamevent.h"
#include "transport/httprequest.h"
#include "transport/httptransport.h"

namespace Crucible {

/// The whole of one non-streaming HTTP exchange (model lists, token counts).
struct HttpFetchResult
{
    int status = 0;          ///< 0 when no response arrived
    HttpHeaders headers;
    QByteArray body;         ///< the whole body (kept for non-2xx too)
    /// None on a 2xx response. Otherwise the transport failure (network, timeout, cancelled) or
    /// the non-2xx response classified by classifyHttpError; messages redacted with the
    /// request's secrets.
    ProviderError error;
    bool ok() const { return !error.isError(); }
};

/// Runs `request` through `transport` to completion, buffering the body, then calls `done` once
/// on the transport's thread (not when `context` is destroyed first: the fetch is cancelled).
/// Bodies above maxBodyBytes fail with a Malformed error.
using HttpFetchCallback = std::function<void(const HttpFetchResult &)>;
HttpTransport::TransferId httpFetch(HttpTransport &transport, HttpRequest request, QObject *context,
                                    HttpFetchCallback done);

/// Blocking helper for command-line use: runs a local QEventLoop until the fetch ends. Call it on
/// the transport's thread, never from a slot that must not re-enter the event loop.
HttpFetchResult httpFetchBlocking(HttpTransport &transport, HttpRequest request);

constexpr qsizetype HttpFetchMaxBodyBytes = 64 * 1024 * 1024;

} // namespace Crucible
