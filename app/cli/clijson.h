#pragma once

#include <QByteArray>
#include <QStringList>

#include <optional>

#include "pricing/costestimate.h"

namespace Crucible {
struct RunOutcome;
}

namespace Crucible::Cli {

/// The public `crucible-cli run --json` object (one line, UTF-8, keys in contract order):
/// {"status","provider","model","text","reasoning","finish_reason",
///  "usage":{"input_tokens","cached_input_tokens","cache_write_input_tokens","output_tokens",
///           "reasoning_tokens"},
///  "timing":{"ttft_ms","total_ms","output_tokens_per_s"},"cost_usd","simulated",
///  "error":{"class","message","http_status","retry_after_s"}}
/// null where unknown; "error" is null when status is "ok". Later versions may add keys, never
/// remove or retype them. secrets are redacted from every string.
///
/// Added keys (issue 4): "cost_estimate_usd" right after "cost_usd" —
/// {"min","max","exact","input_tokens","max_output_tokens","tokenizer","note"} or null — and
/// "notes" (array of strings: parameters dropped for the model, unknown-model notes) after
/// "simulated".
struct RunExtras
{
    std::optional<CostEstimate> estimate;
    QStringList notes;
};
QByteArray outcomeJson(const RunOutcome &outcome, const QStringList &secrets, const RunExtras &extras = {});

/// {"min","max","exact","input_tokens","max_output_tokens","tokenizer","note"} of an estimate.
QByteArray estimateJson(const CostEstimate &estimate);
/// Exact dollars text from integer micro-dollars (2865 → 0.002865); null when unknown.
QByteArray dollarsJson(const std::optional<std::int64_t> &micro);

/// Fixed decimals with trailing zeros trimmed ("12.5", "3", never "-0"); null when unknown or
/// not finite.
QByteArray decimalJson(const std::optional<double> &value, int decimals);

/// A JSON string literal (quotes included) for text.
QByteArray jsonString(const QString &text);

} // namespace Crucible::Cli
