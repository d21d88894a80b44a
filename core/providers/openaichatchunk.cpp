#include "providers/openaichatchunk_p.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Crucible::OpenAIChatChunk {

using JsonUtil::json;

namespace {

QString text(const json *v)
{
    return v && v->is_string() ? QString::fromStdString(v->get_ref<const std::string &>()) : QString();
}

/// Mistral thinking part: {"type":"thinking","thinking":[{"type":"text","text":"..."}]} (or a string).
QString thinkingText(const json *v)
{
    if (!v)
        return {};
    if (v->is_string())
        return text(v);
    QString all;
    if (v->is_array()) {
        for (const json &part : *v)
            all += part.is_string() ? text(&part) : JsonUtil::string(part, "text");
    }
    return all;
}

/// delta.content / message.content: a string, or an array of typed parts (Mistral, some proxies).
void readContent(const json *content, QString &answer, QString &reasoning)
{
    if (!content)
        return;
    if (content->is_string()) {
        answer += text(content);
        return;
    }
    if (!content->is_array())
        return;
    for (const json &part : *content) {
        if (part.is_string()) {
            answer += text(&part);
            continue;
        }
        const QString type = JsonUtil::string(part, "type");
        if (type == "thinking"_L1 || type == "reasoning"_L1)
            reasoning += thinkingText(JsonUtil::member(part, type == "thinking"_L1 ? "thinking" : "text"));
        else if (type.isEmpty() || type == "text"_L1 || type == "output_text"_L1)
            answer += JsonUtil::string(part, "text");
    }
}

void readToolCalls(const json *calls, QList<OpenAIChatDecoder::ToolCall> &toolCalls)
{
    if (!calls || !calls->is_array())
        return;
    for (const json &fragment : *calls) {
        const QString id = JsonUtil::string(fragment, "id");
        std::optional<std::int64_t> index = JsonUtil::integer(fragment, "index");
        if (!index) {
            // No index (some Mistral versions, proxies): a new id starts a call, anything else
            // continues the last one.
            const bool continues = !toolCalls.isEmpty() && (id.isEmpty() || id == toolCalls.last().id);
            index = continues ? toolCalls.last().index : (toolCalls.isEmpty() ? 0 : toolCalls.last().index + 1);
        }
        auto it = std::find_if(toolCalls.begin(), toolCalls.end(),
                               [&index](const auto &c) { return c.index == *index; });
        if (it == toolCalls.end()) {
            toolCalls.append(OpenAIChatDecoder::ToolCall{int(*index), {}, {}, {}, false});
            it = toolCalls.end() - 1;
        }
        if (it->emitted)
            continue; // already reported (a fragment after the finish): keep the report as it was
        if (!id.isEmpty())
            it->id = id;
        if (const json *fn = JsonUtil::member(fragment, "function")) {
            if (const QString name = JsonUtil::string(*fn, "name"); !name.isEmpty())
                it->name = name;
            const json *args = JsonUtil::member(*fn, "arguments");
            if (args && args->is_string())
                it->arguments += text(args);
            else if (args && (args->is_object() || args->is_array())) // arguments sent whole, as JSON
                it->arguments += QString::fromStdString(args->dump());
        }
    }
}

/// The assembled arguments as compact JSON (streamevent.h ToolCall::argumentsJson).
QString compactArguments(const QString &raw)
{
    if (raw.trimmed().isEmpty())
        return u"{}"_s;
    const QByteArray bytes = raw.toUtf8();
    const json parsed = JsonUtil::parse(bytes);
    if (parsed.is_discarded())
        return QString::fromStdString(json(bytes.toStdString()).dump());
    return QString::fromStdString(parsed.dump());
}

} // namespace

void flushToolCalls(OpenAIChatDecoder::ChunkState &state, std::vector<StreamEvent> &out)
{
    QList<OpenAIChatDecoder::ToolCall *> pending;
    for (OpenAIChatDecoder::ToolCall &call : state.toolCalls) {
        if (!call.emitted)
            pending << &call;
    }
    std::stable_sort(pending.begin(), pending.end(), [](const auto *a, const auto *b) { return a->index < b->index; });
    for (OpenAIChatDecoder::ToolCall *call : pending) {
        call->emitted = true;
        ToolCall done;
        done.id = call->id.isEmpty() ? u"call_%1"_s.arg(call->index) : call->id;
        done.name = call->name;
        done.argumentsJson = compactArguments(call->arguments);
        out.push_back(StreamEvent::toolCallDone(std::move(done)));
    }
}

Usage usageFrom(const json &u)
{
    Usage usage;
    usage.inputTokens = JsonUtil::integer(u, "prompt_tokens");
    usage.outputTokens = JsonUtil::integer(u, "completion_tokens");
    if (const json *details = JsonUtil::member(u, "prompt_tokens_details")) {
        usage.cachedInputTokens = JsonUtil::integer(*details, "cached_tokens");
        usage.cacheWriteInputTokens = JsonUtil::integer(*details, "cache_write_tokens");
    }
    // DeepSeek: prompt_cache_hit_tokens + prompt_cache_miss_tokens = prompt_tokens.
    const std::optional<std::int64_t> hit = JsonUtil::integer(u, "prompt_cache_hit_tokens");
    const std::optional<std::int64_t> miss = JsonUtil::integer(u, "prompt_cache_miss_tokens");
    if (!usage.cachedInputTokens)
        usage.cachedInputTokens = hit;
    if (!usage.inputTokens && hit && miss)
        usage.inputTokens = *hit + *miss;
    if (const json *details = JsonUtil::member(u, "completion_tokens_details"))
        usage.reasoningTokens = JsonUtil::integer(*details, "reasoning_tokens");
    return usage;
}

std::optional<ProviderError> read(const json &object, OpenAIChatDecoder::ChunkState &state,
                                  std::vector<StreamEvent> &out)
{
    if (!state.metaSent) {
        if (const QString id = JsonUtil::string(object, "id"); !id.isEmpty()) {
            out.push_back(StreamEvent::meta(id));
            state.metaSent = true;
        }
    }
    QString finishReason;
    if (const json *choices = JsonUtil::member(object, "choices"); choices && choices->is_array()) {
        for (const json &choice : *choices) {
            if (JsonUtil::integer(choice, "index").value_or(0) != 0)
                continue; // we ask for one choice; ignore any others
            const json *delta = JsonUtil::member(choice, "delta");
            if (!delta)
                delta = JsonUtil::member(choice, "message"); // whole chat.completion
            if (delta && delta->is_object()) {
                QString answer;
                QString reasoning = text(JsonUtil::member(*delta, "reasoning_content"));
                if (reasoning.isEmpty())
                    reasoning = text(JsonUtil::member(*delta, "reasoning"));
                readContent(JsonUtil::member(*delta, "content"), answer, reasoning);
                answer += text(JsonUtil::member(*delta, "refusal"));
                readToolCalls(JsonUtil::member(*delta, "tool_calls"), state.toolCalls);
                if (!reasoning.isEmpty())
                    out.push_back(StreamEvent::reasoningDelta(reasoning));
                if (!answer.isEmpty())
                    out.push_back(StreamEvent::textDelta(answer));
            }
            if (finishReason.isEmpty())
                finishReason = text(JsonUtil::member(choice, "finish_reason")).toLower();
        }
    }
    std::optional<ProviderError> error;
    if (finishReason == "error"_L1) {
        ProviderError e;
        e.errorClass = ErrorClass::Server;
        e.message = u"The provider ended the stream with finish_reason \"error\""_s;
        error = e;
    } else if (!finishReason.isEmpty() && !state.finishSent) {
        flushToolCalls(state, out); // the choice is complete: its calls first, then the Finish
        out.push_back(StreamEvent::finish(finishReason));
        state.finishSent = true;
    }
    const json *usage = JsonUtil::member(object, "usage");
    if (!usage || !usage->is_object()) {
        if (const json *groq = JsonUtil::member(object, "x_groq"))
            usage = JsonUtil::member(*groq, "usage");
    }
    if (usage && usage->is_object()) {
        if (const Usage u = usageFrom(*usage); !u.isEmpty())
            out.push_back(StreamEvent::usageReport(u));
    }
    return error;
}

} // namespace Crucible::OpenAIChatChunk
