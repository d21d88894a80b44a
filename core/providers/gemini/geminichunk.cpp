#include "providers/gemini/geminichunk_p.h"

#include "providers/errorclassifier_p.h"

using namespace Qt::StringLiterals;

namespace Crucible::GeminiChunk {

using JsonUtil::json;

namespace {

/// The candidate with index 0 (a missing index is 0); nullptr when there is none.
const json *firstCandidate(const json &response)
{
    const json *candidates = JsonUtil::member(response, "candidates");
    if (!candidates || !candidates->is_array())
        return nullptr;
    for (const json &c : *candidates) {
        if (c.is_object() && JsonUtil::integer(c, "index").value_or(0) == 0)
            return &c;
    }
    return nullptr;
}

bool isTrue(const json &object, const char *key)
{
    const json *v = JsonUtil::member(object, key);
    return v && v->is_boolean() && v->get<bool>();
}

void readParts(const json &candidate, GeminiDecoder::ChunkState &state, std::vector<StreamEvent> &out)
{
    const json *content = JsonUtil::member(candidate, "content");
    const json *parts = content ? JsonUtil::member(*content, "parts") : nullptr;
    if (!parts || !parts->is_array())
        return;
    for (const json &part : *parts) {
        if (const json *call = JsonUtil::member(part, "functionCall"); call && call->is_object()) {
            ToolCall tc;
            tc.id = JsonUtil::string(*call, "id");
            if (tc.id.isEmpty())
                tc.id = u"call_%1"_s.arg(state.toolCalls);
            ++state.toolCalls;
            tc.name = JsonUtil::string(*call, "name");
            const json *args = JsonUtil::member(*call, "args");
            tc.argumentsJson = !args || args->is_null() ? u"{}"_s : QString::fromStdString(args->dump());
            out.push_back(StreamEvent::toolCallDone(std::move(tc)));
            continue;
        }
        const QString text = JsonUtil::string(part, "text");
        if (text.isEmpty())
            continue; // thoughtSignature-only parts, inline data, code execution parts
        out.push_back(isTrue(part, "thought") ? StreamEvent::reasoningDelta(text) : StreamEvent::textDelta(text));
    }
}

/// promptFeedback.blockReason as an error; nullopt when the prompt was not blocked.
std::optional<ProviderError> blocked(const json &response)
{
    const json *feedback = JsonUtil::member(response, "promptFeedback");
    if (!feedback)
        return std::nullopt;
    const QString reason = JsonUtil::string(*feedback, "blockReason");
    if (reason.isEmpty() || reason == "BLOCK_REASON_UNSPECIFIED"_L1)
        return std::nullopt;
    ProviderError e;
    e.errorClass = ErrorClass::BadRequest;
    e.providerType = u"PROMPT_BLOCKED"_s;
    e.providerCode = reason;
    QString message = u"Gemini blocked the prompt (%1)"_s.arg(reason);
    if (const QString why = JsonUtil::string(*feedback, "blockReasonMessage"); !why.isEmpty())
        message += u": "_s + why;
    e.message = ErrorClassifier::oneLine(message);
    return e;
}

} // namespace

std::optional<Usage> usageFrom(const json &usageMetadata)
{
    const auto count = [&](const char *key) { return JsonUtil::integer(usageMetadata, key); };
    const auto prompt = count("promptTokenCount");
    const auto cached = count("cachedContentTokenCount");
    const auto candidates = count("candidatesTokenCount");
    const auto thoughts = count("thoughtsTokenCount");
    const auto toolPrompt = count("toolUsePromptTokenCount");
    if (!prompt && !cached && !candidates && !thoughts && !toolPrompt)
        return std::nullopt;
    Usage u;
    u.inputTokens = prompt.value_or(0) + toolPrompt.value_or(0);
    u.cachedInputTokens = cached.value_or(0);
    u.outputTokens = candidates.value_or(0) + thoughts.value_or(0);
    u.reasoningTokens = thoughts.value_or(0);
    return u;
}

std::optional<ProviderError> read(const json &response, GeminiDecoder::ChunkState &state,
                                  std::vector<StreamEvent> &out)
{
    if (!state.metaSent) {
        if (const QString id = JsonUtil::string(response, "responseId"); !id.isEmpty()) {
            state.metaSent = true;
            out.push_back(StreamEvent::meta(id));
        }
    }
    const json *candidate = firstCandidate(response);
    if (candidate)
        readParts(*candidate, state, out);
    if (const json *metadata = JsonUtil::member(response, "usageMetadata")) {
        if (const auto usage = usageFrom(*metadata); usage && (!state.usageSent || !(*usage == state.lastUsage))) {
            state.usageSent = true;
            state.lastUsage = *usage;
            out.push_back(StreamEvent::usageReport(*usage));
        }
    }
    if (auto e = blocked(response))
        return e;
    if (candidate && !state.finishSent) {
        const QString reason = JsonUtil::string(*candidate, "finishReason");
        if (!reason.isEmpty() && reason != "FINISH_REASON_UNSPECIFIED"_L1) {
            state.finishSent = true;
            out.push_back(StreamEvent::finish(reason.toLower()));
        }
    }
    return std::nullopt;
}

} // namespace Crucible::GeminiChunk
