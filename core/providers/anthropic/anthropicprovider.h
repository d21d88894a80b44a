#pragma once

#include "providers/httpprovider.h"

namespace Crucible {

/// Anthropic Messages API (providers.md §5).
///
/// Request: POST {base}/v1/messages ("/v1" is not added again when the base path already ends in
/// /v1), headers x-api-key (required except for a local base URL, HttpProvider::isLocalHost),
/// anthropic-version: 2023-06-01, content-type, accept: text/event-stream. Body: model, system
/// (System and Developer messages joined by a blank line; omitted when there are none), messages
/// (user/assistant, text content), max_tokens (always sent: maxOutputTokens, else 4096),
/// temperature, top_p, stop_sequences (when given), stream: true. There is no seed on this API:
/// ChatRequest::seed is not sent.
///
/// Reasoning effort -> extended thinking (§5.2). Empty (model default) and "none" send no
/// thinking field at all. Other efforts depend on the model generation:
///   Adaptive models (Claude 4.6 and later, Claude 5, and model names this table cannot date):
///     thinking {"type":"adaptive"} + output_config.effort: minimal -> "low", low, medium, high,
///     xhigh, max as they are.
///   Older models (Claude 3.x, 4, 4.1, 4.5): thinking {"type":"enabled","budget_tokens":B} with B =
///     1024 (minimal), 2048 (low), 8192 (medium), 16384 (high), 24576 (xhigh), 32000 (max).
///     The budget counts toward max_tokens: without maxOutputTokens, max_tokens is B + 4096; with
///     it, B is lowered to maxOutputTokens - 1, and a Usage error says so when that is below the
///     API's minimum budget of 1024.
///   An effort this table does not know is a Usage error.
/// ChatRequest::jsonSchema -> output_config.format {"type":"json_schema","schema":...} (§5.3; the
/// reply is a normal text block holding the JSON).
///
/// Token counting: POST {base}/v1/messages/count_tokens with model, system and messages;
/// the answer's input_tokens. Models: GET {base}/v1/models?limit=1000[&after_id=cursor]; the
/// next cursor is last_id while has_more is true. Stateless; any thread.
class AnthropicProvider : public HttpProvider
{
public:
    static constexpr int defaultMaxTokens = 4096;

    AnthropicProvider();

    Result<HttpRequest> buildRequest(const ChatRequest &request,
                                     const ProviderSettings &settings) const override;
    std::unique_ptr<StreamDecoder> createDecoder() const override;

    Result<HttpRequest> buildListModelsRequest(const ProviderSettings &settings,
                                               const QString &cursor = {}) const override;
    Result<ModelPage> parseModelList(const QByteArray &body) const override;

    bool canCountTokens() const override { return true; }
    Result<HttpRequest> buildCountTokensRequest(const ChatRequest &request,
                                                const ProviderSettings &settings) const override;
    Result<std::int64_t> parseCountTokens(const QByteArray &body) const override;

    /// True when the model takes thinking {"type":"adaptive"} and output_config.effort (see above).
    static bool usesAdaptiveThinking(const QString &model);

private:
    /// Base URL checked, key checked, the common headers set (x-api-key, anthropic-version).
    Result<HttpRequest> prepare(const ProviderSettings &settings, const QByteArray &method,
                                const QString &path) const;
};

} // namespace Crucible
