#pragma once

#include <QString>

#include <cstdint>
#include <optional>

#include "catalog/modelcatalog.h"
#include "common/result.h"
#include "pricing/pricetable.h"
#include "providers/chatrequest.h"

namespace Crucible {

/// What a run will cost at most and at least, before it is sent.
struct CostEstimate
{
    std::int64_t inputTokens = 0;    ///< prompt tokens (exact or estimated, see inputExact)
    bool inputExact = false;         ///< counted with the model's own tokenizer
    QString tokenizer;               ///< what counted: "o200k_base", "simulator", "o200k_base (approximate)"
    std::optional<std::int64_t> maxOutputTokens; ///< the request's max, else the model's; nullopt: unknown
    std::optional<std::int64_t> minMicroUsd;     ///< input only, no cache hits; nullopt: no price
    std::optional<std::int64_t> maxMicroUsd;     ///< input + max output; nullopt: no price or no max
    QString note;                    ///< why something is approximate or missing (empty when exact)

    bool exact() const { return inputExact; } ///< the input count is exact (costs are a range anyway)
};

/// Counts the request's prompt and prices it. Input tokens: exact with o200k_base when the catalog
/// says the model uses it (the messages' text plus chat framing: 3 tokens per message and 3 for
/// the reply, OpenAI's published count for this family), exact with the Simulator's own tokenizer
/// for the Simulator, else an o200k_base estimate marked approximate. Output: the request's max
/// tokens, else the model's maximum. The long-context tier is chosen from the input count.
/// `price` may be null (no price known). Fails only when the o200k ranks cannot be loaded.
Result<CostEstimate> estimateCost(const ChatRequest &request, const ModelInfo &model, const ModelPrice *price);

/// The o200k_base count of messages with chat framing (see estimateCost).
Result<std::int64_t> countChatTokensO200k(const ChatRequest &request);

} // namespace Crucible
