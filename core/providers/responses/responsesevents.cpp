#include "providers/responses/responsesevents_p.h"

#include "providers/errorclassifier_p.h"

using namespace Qt::StringLiterals;

namespace Crucible::ResponsesEvents {

using JsonUtil::json;

namespace {

int intMember(const json &object, const char *key)
{
    const auto v = JsonUtil::integer(object, key);
    return v && *v < (1 << 30) ? int(*v) : -1;
}

/// Arguments as compact JSON (streamevent.h ToolCall::argumentsJson).
QString compactArguments(const QString &text)
{
    if (text.trimmed().isEmpty())
        return u"{}"_s;
    const QByteArray bytes = text.toUtf8();
    const json parsed = JsonUtil::parse(bytes);
    const json value = parsed.is_discarded() ? json(bytes.toStdString()) : parsed;
    return QString::fromStdString(value.dump(-1, ' ', false, json::error_handler_t::replace));
}

State::Call *findCall(State &state, const QString &itemId, int outputIndex)
{
    for (State::Call &call : state.calls) {
        if (!itemId.isEmpty() ? call.itemId == itemId : (outputIndex >= 0 && call.outputIndex == outputIndex))
            return &call;
    }
    return nullptr;
}

/// The call an event or item talks about, created when this is the first word of it.
State::Call &callFor(State &state, const QString &itemId, int outputIndex)
{
    if (State::Call *call = findCall(state, itemId, outputIndex))
        return *call;
    state.calls.append(State::Call{itemId, outputIndex, {}, {}, {}, false});
    return state.calls.last();
}

/// Takes what a function_call item says (call_id, name, arguments when final).
void absorbItem(State::Call &call, const json &item, bool final)
{
    if (const QString v = JsonUtil::string(item, "call_id"); !v.isEmpty())
        call.callId = v;
    if (const QString v = JsonUtil::string(item, "name"); !v.isEmpty())
        call.name = v;
    if (const json *args = JsonUtil::member(item, "arguments"); final && args && args->is_string())
        call.arguments = QString::fromStdString(args->get_ref<const std::string &>());
    if (final)
        call.ready = true;
}

/// Emits the ready calls in start order; with `all`, every call (the stream is over).
void emitCalls(State &state, std::vector<StreamEvent> &out, bool all = false)
{
    while (state.emittedCalls < state.calls.size()) {
        const State::Call &call = state.calls.at(state.emittedCalls);
        if (!call.ready && !all)
            return;
        ToolCall done;
        done.id = !call.callId.isEmpty() ? call.callId
                  : !call.itemId.isEmpty() ? call.itemId
                                           : u"call_%1"_s.arg(state.emittedCalls);
        done.name = call.name;
        done.argumentsJson = compactArguments(call.arguments);
        out.push_back(StreamEvent::toolCallDone(std::move(done)));
        ++state.emittedCalls;
    }
}

void sendMeta(const json *response, State &state, std::vector<StreamEvent> &out)
{
    if (state.metaSent || !response)
        return;
    if (const QString id = JsonUtil::string(*response, "id"); !id.isEmpty()) {
        state.metaSent = true;
        out.push_back(StreamEvent::meta(id));
    }
}

/// ResponseUsage (§4.3). Missing detail counts are 0 (a recorded stream omits cache_write_tokens).
void sendUsage(const json *response, std::vector<StreamEvent> &out)
{
    const json *usage = response ? JsonUtil::member(*response, "usage") : nullptr;
    if (!usage || !usage->is_object())
        return;
    Usage u;
    u.inputTokens = JsonUtil::integer(*usage, "input_tokens");
    u.outputTokens = JsonUtil::integer(*usage, "output_tokens");
    static const json none = json::object();
    const json *in = JsonUtil::member(*usage, "input_tokens_details");
    const json *outDetails = JsonUtil::member(*usage, "output_tokens_details");
    in = in && in->is_object() ? in : &none;
    outDetails = outDetails && outDetails->is_object() ? outDetails : &none;
    if (u.inputTokens) {
        u.cachedInputTokens = JsonUtil::integer(*in, "cached_tokens").value_or(0);
        u.cacheWriteInputTokens = JsonUtil::integer(*in, "cache_write_tokens").value_or(0);
    }
    if (u.outputTokens)
        u.reasoningTokens = JsonUtil::integer(*outDetails, "reasoning_tokens").value_or(0);
    if (!u.isEmpty())
        out.push_back(StreamEvent::usageReport(u));
}

/// A delta event: `kind` text, keyed by its part so the matching ".done" knows it was streamed.
void sendDelta(const json &event, const QString &key, bool reasoning, State &state, std::vector<StreamEvent> &out)
{
    const QString delta = JsonUtil::string(event, "delta");
    if (delta.isEmpty())
        return;
    state.streamedParts.insert(key);
    out.push_back(reasoning ? StreamEvent::reasoningDelta(delta) : StreamEvent::textDelta(delta));
}

/// A ".done" event: its full text only when no delta of that part was seen.
void sendDone(const json &event, const char *field, const QString &key, bool reasoning, State &state,
              std::vector<StreamEvent> &out)
{
    const QString text = JsonUtil::string(event, field);
    if (text.isEmpty() || state.streamedParts.contains(key))
        return;
    state.streamedParts.insert(key);
    out.push_back(reasoning ? StreamEvent::reasoningDelta(text) : StreamEvent::textDelta(text));
}

QString partKey(const char *kind, const json &event, const char *indexField)
{
    return u"%1/%2/%3/%4"_s.arg(QLatin1StringView(kind), JsonUtil::string(event, "item_id"))
        .arg(intMember(event, "output_index")).arg(intMember(event, indexField));
}

QString incompleteReason(const json *response)
{
    const json *details = response ? JsonUtil::member(*response, "incomplete_details") : nullptr;
    const QString reason = details ? JsonUtil::string(*details, "reason").toLower() : QString();
    if (reason == "max_output_tokens"_L1 || reason == "max_tokens"_L1) // the spec example says max_tokens
        return u"length"_s;
    return reason.isEmpty() ? u"incomplete"_s : reason;
}

ProviderError failedError(const json *response)
{
    const json *error = response ? JsonUtil::member(*response, "error") : nullptr;
    if (error && error->is_object())
        return ErrorClassifier::fromStreamJson(*error);
    ProviderError e;
    e.errorClass = ErrorClass::Server;
    e.message = u"The response failed without an error message"_s;
    return e;
}

/// Output items of a whole response (or of a terminal event, for items never streamed).
void readOutputItems(const json *response, State &state, bool textToo, std::vector<StreamEvent> &out)
{
    const json *output = response ? JsonUtil::member(*response, "output") : nullptr;
    if (!output || !output->is_array())
        return;
    for (const json &item : *output) {
        const QString type = JsonUtil::string(item, "type");
        if (type == "function_call"_L1) {
            State::Call &call = callFor(state, JsonUtil::string(item, "id"), -1);
            if (!call.ready)
                absorbItem(call, item, true);
            continue;
        }
        if (!textToo)
            continue;
        const bool reasoning = type == "reasoning"_L1;
        for (const char *list : {"summary", "content"}) {
            const json *parts = JsonUtil::member(item, list);
            if (!parts || !parts->is_array())
                continue;
            for (const json &part : *parts) {
                const QString partType = JsonUtil::string(part, "type");
                QString text = JsonUtil::string(part, partType == "refusal"_L1 ? "refusal" : "text");
                if (!text.isEmpty())
                    out.push_back(reasoning ? StreamEvent::reasoningDelta(text) : StreamEvent::textDelta(text));
            }
        }
    }
}

/// response.completed / response.incomplete: calls, usage, finish.
void finishResponse(const json *response, bool complete, State &state, std::vector<StreamEvent> &out)
{
    sendMeta(response, state, out);
    readOutputItems(response, state, false, out); // calls the stream never showed
    emitCalls(state, out, true);
    sendUsage(response, out);
    if (complete)
        out.push_back(StreamEvent::finish(state.calls.isEmpty() ? u"stop"_s : u"tool_calls"_s));
    else
        out.push_back(StreamEvent::finish(incompleteReason(response)));
    state.terminal = true;
}

} // namespace

std::optional<ProviderError> read(const json &event, const QByteArray &sseName, State &state,
                                  std::vector<StreamEvent> &out)
{
    QString type = JsonUtil::string(event, "type");
    if (type.isEmpty())
        type = QString::fromUtf8(sseName);
    const json *error = JsonUtil::member(event, "error");
    if (type == "error"_L1 || (type.isEmpty() && error && !error->is_null()))
        return ErrorClassifier::fromStreamJson(event);
    if (!type.startsWith("response."_L1))
        return std::nullopt;
    const QStringView name = QStringView(type).sliced(9);
    const json *response = JsonUtil::member(event, "response");

    if (name == u"created" || name == u"in_progress" || name == u"queued") {
        sendMeta(response, state, out);
    } else if (name == u"output_text.delta") {
        sendDelta(event, partKey("text", event, "content_index"), false, state, out);
    } else if (name == u"output_text.done") {
        sendDone(event, "text", partKey("text", event, "content_index"), false, state, out);
    } else if (name == u"refusal.delta") { // a refusal is shown as answer text
        sendDelta(event, partKey("text", event, "content_index"), false, state, out);
    } else if (name == u"refusal.done") {
        sendDone(event, "refusal", partKey("text", event, "content_index"), false, state, out);
    } else if (name == u"reasoning_summary_text.delta") {
        sendDelta(event, partKey("summary", event, "summary_index"), true, state, out);
    } else if (name == u"reasoning_summary_text.done") {
        sendDone(event, "text", partKey("summary", event, "summary_index"), true, state, out);
    } else if (name == u"reasoning_text.delta") {
        sendDelta(event, partKey("reasoning", event, "content_index"), true, state, out);
    } else if (name == u"reasoning_text.done") {
        sendDone(event, "text", partKey("reasoning", event, "content_index"), true, state, out);
    } else if (name == u"output_item.added" || name == u"output_item.done") {
        const json *item = JsonUtil::member(event, "item");
        if (item && JsonUtil::string(*item, "type") == "function_call"_L1) {
            State::Call &call = callFor(state, JsonUtil::string(*item, "id"), intMember(event, "output_index"));
            call.outputIndex = intMember(event, "output_index");
            absorbItem(call, *item, name == u"output_item.done");
            emitCalls(state, out);
        }
    } else if (name == u"function_call_arguments.delta") {
        State::Call &call = callFor(state, JsonUtil::string(event, "item_id"), intMember(event, "output_index"));
        if (!call.ready)
            call.arguments += JsonUtil::string(event, "delta");
    } else if (name == u"function_call_arguments.done") {
        State::Call &call = callFor(state, JsonUtil::string(event, "item_id"), intMember(event, "output_index"));
        if (const json *args = JsonUtil::member(event, "arguments"); args && args->is_string())
            call.arguments = QString::fromStdString(args->get_ref<const std::string &>());
        if (const QString n = JsonUtil::string(event, "name"); !n.isEmpty())
            call.name = n;
        // The call id and name come with the item: wait for output_item.done when they are unknown.
        if (!call.callId.isEmpty() && !call.name.isEmpty())
            call.ready = true;
        emitCalls(state, out);
    } else if (name == u"completed") {
        finishResponse(response, true, state, out);
    } else if (name == u"incomplete") {
        finishResponse(response, false, state, out);
    } else if (name == u"failed") {
        sendMeta(response, state, out);
        sendUsage(response, out);
        return failedError(response);
    }
    return std::nullopt;
}

std::optional<ProviderError> readWholeResponse(const json &response, State &state, std::vector<StreamEvent> &out)
{
    sendMeta(&response, state, out);
    readOutputItems(&response, state, true, out);
    const QString status = JsonUtil::string(response, "status");
    if (status == "failed"_L1) {
        sendUsage(&response, out);
        return failedError(&response);
    }
    if (status == "completed"_L1 || status == "incomplete"_L1) {
        finishResponse(&response, status == "completed"_L1, state, out);
        return std::nullopt;
    }
    ProviderError e;
    e.errorClass = status == "cancelled"_L1 ? ErrorClass::Cancelled : ErrorClass::Truncated;
    e.message = u"The response ended with status \"%1\""_s.arg(status);
    return e;
}

} // namespace Crucible::ResponsesEvents
