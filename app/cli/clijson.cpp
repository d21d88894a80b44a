#include "clijson.h"

#include <QStringList>

#include <cmath>

#include "common/redact.h"
#include "engine/runoutcome.h"

using namespace Qt::StringLiterals;

namespace Crucible::Cli {

namespace {

QByteArray null()
{
    return "null"_ba;
}

QByteArray integer(const std::optional<std::int64_t> &value)
{
    return value ? QByteArray::number(qint64(*value)) : null();
}

/// Exact dollars from integer micro-dollars: 2865 → 0.002865.
QByteArray dollars(const std::optional<std::int64_t> &micro)
{
    if (!micro)
        return null();
    const std::int64_t value = *micro < 0 ? -*micro : *micro;
    QByteArray text = QByteArray::number(qint64(value / 1'000'000)) + '.'
        + QByteArray::number(qint64(value % 1'000'000)).rightJustified(6, '0');
    while (text.endsWith('0'))
        text.chop(1);
    if (text.endsWith('.'))
        text.chop(1);
    return (*micro < 0 ? "-"_ba : QByteArray()) + text;
}

QByteArray object(const QList<QPair<const char *, QByteArray>> &fields)
{
    QByteArray out = "{";
    for (const auto &field : fields) {
        if (out.size() > 1)
            out += ',';
        out += '"' + QByteArray(field.first) + "\":" + field.second;
    }
    return out + '}';
}

} // namespace

QByteArray decimalJson(const std::optional<double> &value, int decimals)
{
    if (!value || !std::isfinite(*value))
        return null();
    QByteArray text = QByteArray::number(*value, 'f', decimals);
    if (text.contains('.')) {
        while (text.endsWith('0'))
            text.chop(1);
        if (text.endsWith('.'))
            text.chop(1);
    }
    return text == "-0" ? "0"_ba : text;
}

QByteArray jsonString(const QString &text)
{
    QByteArray out = "\"";
    for (const char c : text.toUtf8()) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += "\\u00" + QByteArray::number(int(c), 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    return out + '"';
}

QByteArray dollarsJson(const std::optional<std::int64_t> &micro)
{
    return dollars(micro);
}

QByteArray estimateJson(const CostEstimate &e)
{
    return object({
        {"min", dollars(e.minMicroUsd)},
        {"max", dollars(e.maxMicroUsd)},
        {"exact", e.exact() ? "true"_ba : "false"_ba},
        {"input_tokens", QByteArray::number(qint64(e.inputTokens))},
        {"max_output_tokens", integer(e.maxOutputTokens)},
        {"tokenizer", jsonString(e.tokenizer)},
        {"note", e.note.isEmpty() ? null() : jsonString(e.note)},
    });
}

QByteArray outcomeJson(const RunOutcome &outcome, const QStringList &secrets, const RunExtras &extras)
{
    const RunMetrics &m = outcome.metrics;
    const auto str = [&secrets](const QString &text) { return jsonString(redacted(text, secrets)); };
    const QByteArray usage = object({
        {"input_tokens", integer(m.usage.inputTokens)},
        {"cached_input_tokens", integer(m.usage.cachedInputTokens)},
        {"cache_write_input_tokens", integer(m.usage.cacheWriteInputTokens)},
        {"output_tokens", integer(m.usage.outputTokens)},
        {"reasoning_tokens", integer(m.usage.reasoningTokens)},
    });
    const std::optional<double> total = m.sentNs != 0 ? std::optional(m.elapsedMs(m.endNs)) : std::nullopt;
    const QByteArray timing = object({
        {"ttft_ms", decimalJson(m.ttftMs(), 3)},
        {"total_ms", decimalJson(total, 3)},
        {"output_tokens_per_s", decimalJson(m.outputTokensPerSecond(m.endNs), 2)},
    });
    QByteArray toolCalls = "[";
    for (const ToolCall &call : outcome.toolCalls) {
        if (toolCalls.size() > 1)
            toolCalls += ',';
        // argumentsJson is JSON text produced by the decoder (nlohmann dump): embed it as a value.
        const QString args = redacted(call.argumentsJson, secrets);
        toolCalls += object({{"id", str(call.id)},
                             {"name", str(call.name)},
                             {"arguments", args.isEmpty() ? "{}"_ba : args.toUtf8()}});
    }
    toolCalls += ']';
    QByteArray notes = "[";
    for (const QString &note : extras.notes)
        notes += (notes.size() > 1 ? ","_ba : QByteArray()) + str(note);
    notes += ']';
    QByteArray error = null();
    if (outcome.status != RunOutcome::Status::Ok) {
        const ProviderError &e = outcome.error;
        error = object({
            {"class", e.isError() ? str(errorClassName(e.errorClass)) : null()},
            {"message", e.message.isEmpty() ? null() : str(e.message)},
            {"http_status", e.httpStatus != 0 ? QByteArray::number(e.httpStatus) : null()},
            {"retry_after_s", decimalJson(e.retryAfterSeconds, 3)},
        });
    }
    return object({
        {"status", str(statusName(outcome.status))},
        {"provider", str(outcome.providerId)},
        {"model", str(outcome.model)},
        {"text", str(outcome.text)},
        {"reasoning", str(outcome.reasoning)},
        {"tool_calls", toolCalls},
        {"finish_reason", m.finishReason.isEmpty() ? null() : str(m.finishReason)},
        {"usage", usage},
        {"timing", timing},
        {"cost_usd", dollars(m.costMicroUsd)},
        {"cost_estimate_usd", extras.estimate ? estimateJson(*extras.estimate) : null()},
        {"simulated", outcome.simulated ? "true"_ba : "false"_ba},
        {"notes", notes},
        {"error", error},
    });
}

} // namespace Crucible::Cli
