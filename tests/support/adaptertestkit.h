#pragma once

// Shared machinery for provider adapter tests: one text form for StreamEvents, decoding a
// response directly (whole / byte by byte / at given cut points), and replaying it through the
// real HttpTransport against a FakeProviderServer. Every adapter test uses these, so expectations
// written by hand from a fixture read the same everywhere.

#include <QList>
#include <QPair>
#include <QStringList>

#include <chrono>

#include <functional>
#include <memory>

#include "fakeproviderserver.h"
#include "providers/chatrequest.h"
#include "providers/openaiprofiles.h"
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

/// OpenAIProfiles::openAI() for "openai", else the compatible profile with that id (qFatal if none).
OpenAIChatProfile openAIProfileNamed(const QString &id);

/// Runs one request against a FakeProviderServer (a test's lambda around replay()).
using ReplayRunner = std::function<ReplayOutcome(FakeProviderServer &, const ProviderSettings &)>;

/// One way to deliver a body in a replay matrix: row label suffix, chunking, framing, seed.
struct Delivery
{
    QByteArray label;
    FakeProviderServer::Chunking chunking;
    FakeProviderServer::Framing framing;
    quint32 seed = 1;
};

/// whole (Content-Length), bytewise (chunked), random-1 and -2 (chunked), random-3 (close-delimited).
QList<Delivery> standardDeliveries();

/// Columns fixture, chunking, framing, seed, lastEvent (written by hand from the fixture; empty:
/// the decoder tests check the whole list by hand); one row
/// "<fixture without .txt>/<label>" for every fixture × delivery.
void addReplayRows(const QList<QPair<QString, QString>> &fixturesAndLastEvents,
                   const QList<Delivery> &deliveries = standardDeliveries());

/// The body of an addReplayRows() row, called after the test's SKIP_WITHOUT_SHARED(fixture):
/// decodes the fixture whole (the reference), checks its last event is the row's lastEvent (when
/// `expected` is empty) or that it equals `expected`, then replays it with the row's delivery
/// (chunkSize for Random) and checks one final update, no transport error, the fixture's status
/// and exactly the reference events.
void checkReplayRow(const DecoderFactory &decoder, const ReplayRunner &run, int chunkSize,
                    const QStringList &expected = {});

/// An HTTP error reply: `status`, `headers`, `body`.
FakeProviderServer::Response faultResponse(int status, const QByteArray &body,
                                           const HttpHeaders &headers = {{"Content-Type", "application/json"}});

/// Columns status, retryAfter, body, expected (one describeEvent() line) of an HTTP error matrix.
void addHttpErrorColumns();

/// The body of an addHttpErrorColumns() row: faultResponse(status, body, headers + `retryHeader`
/// when retryAfter is set), delivered with `chunking` (`chunkSize`); checks the status, one final update, no
/// transport error and exactly the one expected Error event.
void checkHttpErrorRow(const ReplayRunner &run, const HttpHeaders &headers,
                       FakeProviderServer::Chunking chunking, int chunkSize = 64,
                       const QByteArray &retryHeader = "Retry-After");

/// Fixture `name` (must exist) with `fault` after `afterBytes(body)` body bytes.
FakeProviderServer::Response fixtureWithFault(const QString &name, FakeProviderServer::Fault fault,
                                              const std::function<qsizetype(const QByteArray &)> &afterBytes);

/// Replays `r` (a ResetAfter fault) and checks: one final update, transport error "network" with a
/// message, and none of the events that did arrive is a finish or an error. Fills *got.
void checkResetIsNetwork(const ReplayRunner &run, const FakeProviderServer::Response &r, ReplayOutcome *got);

/// Replays `r` (a CloseAfter fault) and checks: one final update, no transport error (a clean
/// close is the decoder's call), last event starts with `prefix`. Fills *got.
void checkCloseIsTruncated(const ReplayRunner &run, const FakeProviderServer::Response &r, ReplayOutcome *got,
                           const QString &prefix = QStringLiteral("error truncated 0:"));

/// Replays `r` (a StallAfter fault) with an idle timeout of `idle` and checks: one final update,
/// transport error "timeout". Fills *got.
void checkStallIsTimeout(const ReplayRunner &run, const FakeProviderServer::Response &r,
                         std::chrono::milliseconds idle, ReplayOutcome *got);

/// Fixture `name` with garbage at the very start and after `firstEventEnd(body)` bytes, randomly
/// chunked: no transport error, last event starts with `prefix`, and the events number 1 (garbage
/// first) and `eventsWhenLate` (garbage after the first event).
void checkGarbageIsMalformed(const ReplayRunner &run, const QString &name,
                             const std::function<qsizetype(const QByteArray &)> &firstEventEnd, int eventsWhenLate,
                             const QString &prefix = QStringLiteral("error malformed 0:"));

} // namespace Crucible::Test
