#pragma once

// Shared machinery for provider adapter tests: one text form for StreamEvents, decoding a
// response directly (whole / byte by byte / at given cut points), and replaying it through the
// real HttpTransport against a FakeProviderServer. Every adapter test uses these, so expectations
// written by hand from a fixture read the same everywhere.

#include <QStringList>

#include <functional>
#include <memory>

#include "fakeproviderserver.h"
#include "providers/chatrequest.h"
#include "providers/streamevent.h"

namespace Crucible {
class HttpProvider;
class StreamDecoder;
}

namespace Crucible::Test {

/// One line per event:
///   "meta ID" | "text T" | "reasoning T" | "finish R" | "tool ID NAME ARGS"
///   "usage in=N cached=N write=N out=N reasoning=N"   (-1 for a field not reported)
///   "error CLASS STATUS[ retry=S]: MESSAGE"
QString describeEvent(const StreamEvent &event);
QStringList describeEvents(const std::vector<StreamEvent> &events);

using DecoderFactory = std::function<std::unique_ptr<StreamDecoder>()>;

/// Feeds response.body to a fresh decoder in one piece (the reference result).
QStringList decodeWhole(const DecoderFactory &make, const FakeProviderServer::Response &response);
/// Feeds it one byte at a time.
QStringList decodeBytewise(const DecoderFactory &make, const FakeProviderServer::Response &response);
/// Feeds it in random slices of 1..maxSlice bytes (deterministic for a seed).
QStringList decodeRandom(const DecoderFactory &make, const FakeProviderServer::Response &response,
                         quint32 seed, int maxSlice = 48);

/// The result of one request through HttpProvider::createSource + HttpTransport.
struct ReplayOutcome
{
    QStringList events;          ///< describeEvent() of every event, in order
    ProviderError transportError;
    int httpStatus = 0;
    int finishedUpdates = 0;     ///< must be exactly 1
    QString setupError;          ///< createSource() failure (Usage error text); events empty
};

/// Sends `request` through `provider` to `server` (settings.baseUrl is replaced by
/// server.baseUrl() + basePath, e.g. "/v1" for OpenAI-style providers, "" for Anthropic/Gemini)
/// and collects everything until the final update (20 s limit). Spins a Qt event loop.
ReplayOutcome replay(const HttpProvider &provider, FakeProviderServer &server, const ChatRequest &request,
                     ProviderSettings settings = {}, const QString &basePath = {});

/// A two-message request (system + user) for model `model`, maxOutputTokens 100.
ChatRequest sampleRequest(const QString &model);

} // namespace Crucible::Test
