#include "providers/anthropic/anthropicevents_p.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Crucible::AnthropicEvents {

using JsonUtil::json;

namespace {

QString text(const json *v)
{
    return v && v->is_string() ? QString::fromStdString(v->get_ref<const std::string &>()) : QString();
}

QString compactInput(const json *input)
{
    if (!input || input->is_null())
        return {};
    return QString::fromStdString(input->dump());
}

void readMessageStart(const json &event, AnthropicDecoder::State &state, std::vector<StreamEvent> &out)
{
    const json *message = JsonUtil::member(event, "message");
    if (!message || !message->is_object())
        return;
    if (!state.metaSent) {
        if (const QString id = JsonUtil::string(*message, "id"); !id.isEmpty()) {
            out.push_back(StreamEvent::meta(id));
            state.metaSent = true;
        }
    }
    if (const json *usage = JsonUtil::member(*message, "usage"); usage && usage->is_object())
        out.push_back(StreamEvent::usageReport(mergeUsage(*usage, state)));
}

void readBlockStart(const json &event, AnthropicDecoder::State &state, std::vector<StreamEvent> &out)
{
    const json *block = JsonUtil::member(event, "content_block");
    if (!block || !block->is_object())
        return;
    const QString type = JsonUtil::string(*block, "type");
    if (type == "text"_L1) {
        if (const QString t = JsonUtil::string(*block, "text"); !t.isEmpty())
            out.push_back(StreamEvent::textDelta(t));
    } else if (type == "thinking"_L1) {
        if (const QString t = JsonUtil::string(*block, "thinking"); !t.isEmpty())
            out.push_back(StreamEvent::reasoningDelta(t));
    } else if (type == "tool_use"_L1) {
        // server_tool_use and mcp_tool_use run on Anthropic's side: not calls for the client.
        AnthropicDecoder::OpenToolUse use;
        use.index = JsonUtil::integer(event, "index").value_or(state.toolUses.size());
        use.id = JsonUtil::string(*block, "id");
        use.name = JsonUtil::string(*block, "name");
        use.initialInput = compactInput(JsonUtil::member(*block, "input"));
        state.toolUses.append(use);
    }
    // redacted_thinking (encrypted), server tool results, ...: nothing to show
}

void readBlockDelta(const json &event, AnthropicDecoder::State &state, std::vector<StreamEvent> &out)
{
    const json *delta = JsonUtil::member(event, "delta");
    if (!delta || !delta->is_object())
        return;
    const QString type = JsonUtil::string(*delta, "type");
    if (type == "text_delta"_L1) {
        if (const QString t = JsonUtil::string(*delta, "text"); !t.isEmpty())
            out.push_back(StreamEvent::textDelta(t));
    } else if (type == "thinking_delta"_L1) {
        if (const QString t = JsonUtil::string(*delta, "thinking"); !t.isEmpty())
            out.push_back(StreamEvent::reasoningDelta(t));
    } else if (type == "input_json_delta"_L1) {
        const auto index = JsonUtil::integer(event, "index");
        auto it = std::find_if(state.toolUses.begin(), state.toolUses.end(),
                               [&](const auto &u) { return index && u.index == *index; });
        if (it != state.toolUses.end())
            it->partialJson += text(JsonUtil::member(*delta, "partial_json"));
    }
    // signature_delta (verifies a thinking block), citations_delta, unknown: nothing to show
}

ToolCall toolCallFrom(const AnthropicDecoder::OpenToolUse &use)
{
    const QString raw = use.partialJson.isEmpty() ? use.initialInput : use.partialJson;
    return ToolCall{use.id, use.name, compactArguments(raw)};
}

void readBlockStop(const json &event, AnthropicDecoder::State &state, std::vector<StreamEvent> &out)
{
    const auto index = JsonUtil::integer(event, "index");
    auto it = std::find_if(state.toolUses.begin(), state.toolUses.end(),
                           [&](const auto &u) { return index && u.index == *index; });
    if (it == state.toolUses.end())
        return;
    out.push_back(StreamEvent::toolCallDone(toolCallFrom(*it)));
    state.toolUses.erase(it);
}

void readMessageDelta(const json &event, AnthropicDecoder::State &state, std::vector<StreamEvent> &out)
{
    if (const json *delta = JsonUtil::member(event, "delta"); delta && !state.finishSent) {
        if (const QString reason = JsonUtil::string(*delta, "stop_reason").toLower(); !reason.isEmpty()) {
            out.push_back(StreamEvent::finish(reason));
            state.finishSent = true;
        }
    }
    if (const json *usage = JsonUtil::member(event, "usage"); usage && usage->is_object())
        out.push_back(StreamEvent::usageReport(mergeUsage(*usage, state)));
}

} // namespace

QString compactArguments(const QString &raw)
{
    if (raw.trimmed().isEmpty())
        return u"{}"_s;
    const QByteArray bytes = raw.toUtf8();
    const json parsed = JsonUtil::parse(bytes);
    if (parsed.is_discarded())
        return QString::fromStdString(json(raw.toStdString()).dump());
    return QString::fromStdString(parsed.dump());
}

Usage mergeUsage(const json &u, AnthropicDecoder::State &state)
{
    auto takeFrom = [](const json &object, const char *key, std::optional<std::int64_t> &field) {
        if (const auto v = JsonUtil::integer(object, key))
            field = v;
    };
    auto take = [&](const char *key, std::optional<std::int64_t> &field) { takeFrom(u, key, field); };
    take("input_tokens", state.inputTokens);
    take("cache_read_input_tokens", state.cacheReadTokens);
    take("cache_creation_input_tokens", state.cacheCreationTokens);
    take("output_tokens", state.outputTokens);
    if (const json *details = JsonUtil::member(u, "output_tokens_details"))
        takeFrom(*details, "thinking_tokens", state.thinkingTokens);
    if (!JsonUtil::integer(u, "cache_creation_input_tokens")) {
        // Only the split by TTL: its parts add up to the writes.
        if (const json *split = JsonUtil::member(u, "cache_creation"); split && split->is_object()) {
            std::optional<std::int64_t> sum;
            for (const char *key : {"ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens"}) {
                if (const auto v = JsonUtil::integer(*split, key))
                    sum = sum.value_or(0) + *v;
            }
            if (sum)
                state.cacheCreationTokens = sum;
        }
    }
    Usage usage;
    if (state.inputTokens || state.cacheReadTokens || state.cacheCreationTokens)
        usage.inputTokens = state.inputTokens.value_or(0) + state.cacheReadTokens.value_or(0)
            + state.cacheCreationTokens.value_or(0);
    usage.cachedInputTokens = state.cacheReadTokens;
    usage.cacheWriteInputTokens = state.cacheCreationTokens;
    usage.outputTokens = state.outputTokens;
    usage.reasoningTokens = state.thinkingTokens;
    return usage;
}

std::optional<ProviderError> read(const json &event, const QString &type, AnthropicDecoder::State &state,
                                  std::vector<StreamEvent> &out)
{
    if (type == "message_start"_L1)
        readMessageStart(event, state, out);
    else if (type == "content_block_start"_L1)
        readBlockStart(event, state, out);
    else if (type == "content_block_delta"_L1)
        readBlockDelta(event, state, out);
    else if (type == "content_block_stop"_L1)
        readBlockStop(event, state, out);
    else if (type == "message_delta"_L1)
        readMessageDelta(event, state, out);
    else if (type == "message_stop"_L1) {
        flushToolUses(state, out); // a block never stopped is as complete as it will get
        state.stopped = true;
    }
    // ping and anything unknown: nothing. Errors are the caller's (it sees them first).
    return std::nullopt;
}

void readMessage(const json &message, AnthropicDecoder::State &state, std::vector<StreamEvent> &out)
{
    if (const QString id = JsonUtil::string(message, "id"); !id.isEmpty() && !state.metaSent) {
        out.push_back(StreamEvent::meta(id));
        state.metaSent = true;
    }
    if (const json *content = JsonUtil::member(message, "content"); content && content->is_array()) {
        for (const json &block : *content) {
            const QString type = JsonUtil::string(block, "type");
            if (type == "text"_L1) {
                if (const QString t = JsonUtil::string(block, "text"); !t.isEmpty())
                    out.push_back(StreamEvent::textDelta(t));
            } else if (type == "thinking"_L1) {
                if (const QString t = JsonUtil::string(block, "thinking"); !t.isEmpty())
                    out.push_back(StreamEvent::reasoningDelta(t));
            } else if (type == "tool_use"_L1) {
                out.push_back(StreamEvent::toolCallDone(
                    ToolCall{JsonUtil::string(block, "id"), JsonUtil::string(block, "name"),
                             compactArguments(compactInput(JsonUtil::member(block, "input")))}));
            }
        }
    }
    if (const QString reason = JsonUtil::string(message, "stop_reason").toLower(); !reason.isEmpty()) {
        out.push_back(StreamEvent::finish(reason));
        state.finishSent = true;
    }
    if (const json *usage = JsonUtil::member(message, "usage"); usage && usage->is_object())
        out.push_back(StreamEvent::usageReport(mergeUsage(*usage, state)));
    state.stopped = true;
}

void flushToolUses(AnthropicDecoder::State &state, std::vector<StreamEvent> &out)
{
    for (const AnthropicDecoder::OpenToolUse &use : std::as_const(state.toolUses))
        out.push_back(StreamEvent::toolCallDone(toolCallFrom(use)));
    state.toolUses.clear();
}

} // namespace Crucible::AnthropicEvents
