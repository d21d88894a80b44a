#pragma once

#include "providers/httpprovider.h"

namespace Crucible {

/// Google Gemini, Gemini Developer API (providers.md §6): streamGenerateContent with alt=sse.
///
/// Request: POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse ("/v1beta" is not
/// added when the base path already ends in an API version such as /v1beta or /v1; a "models/"
/// prefix on the model, as model listings give it, is dropped; the model is percent-encoded).
/// The key goes in the x-goog-api-key header (never in the URL) and is required except for a
/// local base URL (HttpProvider::isLocalHost). Body, camelCase: contents (roles user/model),
/// systemInstruction from System and Developer messages, generationConfig {maxOutputTokens,
/// temperature, topP, seed, stopSequences, thinkingConfig, responseMimeType, responseJsonSchema}.
///
/// Reasoning effort -> generationConfig.thinkingConfig (§6.2):
///   Gemini 3 and later (thinkingLevel): none/minimal -> MINIMAL, low -> LOW, medium -> MEDIUM,
///     high/xhigh/max -> HIGH.
///   Others, e.g. 2.5 (thinkingBudget tokens): none -> 0 (thinking off), minimal -> 512,
///     low -> 1024, medium -> 8192, high -> 24576, xhigh/max -> 32768 for "pro" models, else 24576.
///   includeThoughts is true unless the effort is "none", so thought summaries stream as reasoning.
///   Empty effort (model default): thinkingConfig {includeThoughts: true} only for models that
///   think by default (gemini-2.5 and later); older models get no thinkingConfig, since they
///   reject it. An effort this table does not know is a Usage error.
/// ChatRequest::jsonSchema -> responseMimeType "application/json" + responseJsonSchema (standard
/// JSON Schema; responseSchema would need Gemini's upper-case OpenAPI subset).
///
/// Models: GET {base}/v1beta/models?pageSize=1000[&pageToken=cursor]; models that list
/// supportedGenerationMethods without generateContent (embedding models, ...) are left out.
/// Tokens: POST {base}/v1beta/models/{model}:countTokens with {contents}, or
/// {generateContentRequest: {model, contents, systemInstruction}} when there is a system prompt.
/// Stateless; any thread.
class GeminiProvider : public HttpProvider
{
public:
    GeminiProvider();

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

    /// The model as it goes in the URL path: "models/" prefix dropped, trimmed.
    static QString modelId(const QString &model);
    /// True for models that think by default (gemini-2.5 and later, "*thinking*").
    static bool thinksByDefault(const QString &model);
};

} // namespace Crucible
