#pragma once

// Private to core/providers/gemini: the JSON side of GeminiDecoder (includes nlohmann_json).

#include <optional>
#include <vector>

#include "providers/gemini/geminidecoder.h"
#include "providers/jsonutil.h"

namespace Crucible::GeminiChunk {

/// Appends the events of one GenerateContentResponse, in the order Meta, parts of candidate 0
/// (reasoning, text, tool calls as they come), Usage, Finish. Returns the error to report when
/// promptFeedback says the prompt was blocked (its Usage is appended first).
std::optional<ProviderError> read(const JsonUtil::json &response, GeminiDecoder::ChunkState &state,
                                  std::vector<StreamEvent> &out);

/// usageMetadata in Crucible's convention (see GeminiDecoder); nullopt when it has no count.
std::optional<Usage> usageFrom(const JsonUtil::json &usageMetadata);

} // namespace Crucible::GeminiChunk
