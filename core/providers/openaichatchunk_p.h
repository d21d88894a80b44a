#pragma once

// Private to core/providers: the JSON side of OpenAIChatDecoder (includes nlohmann_json).

#include <optional>
#include <vector>

#include "providers/jsonutil.h"
#include "providers/openaichatdecoder.h"

namespace Crucible::OpenAIChatChunk {

/// Appends the events of one chat.completion.chunk (choices[].delta) or one whole chat.completion
/// (choices[].message) object, in the order Meta, reasoning, text, ToolCall (every call not yet
/// reported, in index order, when this chunk carries choice 0's first finish_reason), Finish,
/// Usage. Returns the error to report when the chunk ends the stream with finish_reason "error"
/// (nothing is appended for the finish or the calls then).
std::optional<ProviderError> read(const JsonUtil::json &object,
                                  OpenAIChatDecoder::ChunkState &state,
                                  std::vector<StreamEvent> &out);

/// One ToolCall event per call not reported yet, in index order (arguments as compact JSON; text
/// that does not parse as a JSON string; empty as "{}"; a missing id becomes "call_<index>").
void flushToolCalls(OpenAIChatDecoder::ChunkState &state, std::vector<StreamEvent> &out);

/// CompletionUsage (prompt_tokens, prompt_tokens_details.cached_tokens, completion_tokens,
/// completion_tokens_details.reasoning_tokens; DeepSeek prompt_cache_hit_tokens) in Crucible's
/// convention (streamevent.h). DeepSeek: input = prompt_cache_hit_tokens + prompt_cache_miss_tokens
/// when prompt_tokens is absent, cached = prompt_cache_hit_tokens when no cached_tokens detail.
Usage usageFrom(const JsonUtil::json &usage);

} // namespace Crucible::OpenAIChatChunk
