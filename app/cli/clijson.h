#pragma once

#include <QByteArray>
#include <QStringList>

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
QByteArray outcomeJson(const RunOutcome &outcome, const QStringList &secrets);

/// A JSON string literal (quotes included) for text.
QByteArray jsonString(const QString &text);

} // namespace Crucible::Cli
