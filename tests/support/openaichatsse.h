#pragma once

// OpenAI Chat Completions streams written by hand for FakeProviderServer: the `openai-compatible`
// provider pointed at a test server reads them like a real reply. The decoder ignores "id",
// "created" and "model", so every chunk carries the same fixed ones.

#include <QByteArray>
#include <QList>

#include "fakeproviderserver.h"

namespace Crucible::Test {

/// One `data:` event with a chat.completion.chunk whose only choice has `delta` (a JSON object)
/// and `finish` (a JSON value: null or a quoted reason).
QByteArray chatChunk(const QByteArray &delta, const QByteArray &finish = "null");

/// The usage event: no choices; prompt, completion and total tokens.
QByteArray chatUsageChunk(int promptTokens, int completionTokens);

/// A whole reply: each of `texts` as one content delta (the first with the assistant role),
/// finish "stop", the usage event, then [DONE]. Quotes and backslashes in the texts are escaped.
QByteArray chatStream(const QList<QByteArray> &texts, int promptTokens, int completionTokens);

/// chatStream() as a 200 text/event-stream response.
FakeProviderServer::Response chatStreamResponse(const QList<QByteArray> &texts, int promptTokens,
                                                int completionTokens);

/// The texts as deltas (the first with the assistant role), then an OpenAI error object inside
/// the 200 stream ("The server had an error while processing your request.", type
/// server_error: class server) and no [DONE].
FakeProviderServer::Response chatMidStreamErrorResponse(const QList<QByteArray> &texts);

} // namespace Crucible::Test
