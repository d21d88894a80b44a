#pragma once

// Private to core/providers/anthropic: the JSON side of AnthropicDecoder (includes nlohmann_json).

#include <optional>
#include <vector>

#include "providers/anthropic/anthropicdecoder.h"
#include "providers/jsonutil.h"

namespace Crucible::AnthropicEvents {

/// Appends the StreamEvents of one stream event object (message_start, content_block_*,
/// message_delta, message_stop, ping, ...; `type` is the object's "type", or the SSE event name
/// when it has none). Returns the error to report for an error event (nothing is appended then).
std::optional<ProviderError> read(const JsonUtil::json &event, const QString &type,
                                  AnthropicDecoder::State &state, std::vector<StreamEvent> &out);

/// Appends the events of a whole (non-streamed) Message object: Meta, reasoning, text and tool
/// calls in block order, Finish, Usage. Marks the state stopped.
void readMessage(const JsonUtil::json &message, AnthropicDecoder::State &state, std::vector<StreamEvent> &out);

/// Reports every tool_use block still open (arguments as far as they arrived), in start order.
void flushToolUses(AnthropicDecoder::State &state, std::vector<StreamEvent> &out);

/// Updates the running totals from a usage object (non-null fields replace) and returns them in
/// Crucible's convention (streamevent.h).
Usage mergeUsage(const JsonUtil::json &usage, AnthropicDecoder::State &state);

/// Assembled tool input as compact JSON: "{}" when empty, the raw text as a JSON string when it
/// is not valid JSON.
QString compactArguments(const QString &text);

} // namespace Crucible::AnthropicEvents
