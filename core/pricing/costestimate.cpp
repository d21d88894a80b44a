#include "pricing/costestimate.h"

#include "simulator/simtokenizer.h"
#include "simulator/simulatorscript.h"
#include "tokenizer/tokenizer.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

constexpr std::int64_t TokensPerMessage = 3; // <|start|>{role}<|message|>{content}<|end|> minus role/content
constexpr std::int64_t ReplyPriming = 3;     // <|start|>assistant<|message|>

QString roleName(ChatMessage::Role role)
{
    switch (role) {
    case ChatMessage::Role::System: return u"system"_s;
    case ChatMessage::Role::Developer: return u"developer"_s;
    case ChatMessage::Role::User: return u"user"_s;
    case ChatMessage::Role::Assistant: return u"assistant"_s;
    }
    return u"user"_s;
}

} // namespace

Result<std::int64_t> countChatTokensO200k(const ChatRequest &request)
{
    const auto tokenizer = O200kTokenizer::instance();
    if (!tokenizer)
        return tokenizer.error();
    std::int64_t tokens = ReplyPriming;
    for (const ChatMessage &m : request.messages)
        tokens += TokensPerMessage + tokenizer.value()->count(roleName(m.role)) + tokenizer.value()->count(m.text);
    return tokens;
}

Result<CostEstimate> estimateCost(const ChatRequest &request, const ModelInfo &model, const ModelPrice *price)
{
    CostEstimate e;
    QStringList notes;
    if (model.tokenizer == u"simulator") {
        e.inputTokens = SimTokenizer::count(SimulatorScript::renderPrompt(request));
        e.inputExact = true;
        e.tokenizer = u"simulator"_s;
    } else {
        const auto counted = countChatTokensO200k(request);
        if (!counted)
            return counted.error();
        e.inputTokens = counted.value();
        e.inputExact = model.tokenizer == u"o200k_base";
        e.tokenizer = e.inputExact ? u"o200k_base"_s : u"o200k_base (approximate)"_s;
        if (!e.inputExact) {
            notes.append(u"input tokens estimated with o200k_base: %1 has no public tokenizer here"_s.arg(
                model.id.isEmpty() ? u"the model"_s : model.id));
        }
    }

    if (request.maxOutputTokens && *request.maxOutputTokens > 0)
        e.maxOutputTokens = *request.maxOutputTokens;
    else if (model.maxOutputTokens)
        e.maxOutputTokens = *model.maxOutputTokens;
    else
        notes.append(u"no maximum output known: the upper cost needs a max tokens value"_s);

    if (!price) {
        notes.append(u"no price for %1"_s.arg(model.id.isEmpty() ? u"the model"_s : model.id));
    } else {
        Usage inputOnly;
        inputOnly.inputTokens = e.inputTokens;
        inputOnly.outputTokens = 0;
        e.minMicroUsd = PriceTable::costMicroUsd(*price, inputOnly);
        if (e.maxOutputTokens) {
            // The dearer of output and reasoning prices, at the tier this prompt falls in.
            const ModelPrice flat = price->forPrompt(e.inputTokens);
            Usage worst = inputOnly;
            worst.outputTokens = *e.maxOutputTokens;
            if (flat.reasoningMicroPerM && *flat.reasoningMicroPerM > flat.outputMicroPerM)
                worst.reasoningTokens = *e.maxOutputTokens;
            e.maxMicroUsd = PriceTable::costMicroUsd(*price, worst);
        }
    }
    e.note = notes.join(u"; "_s);
    return e;
}

} // namespace Crucible
