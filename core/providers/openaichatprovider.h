#pragma once

#include "providers/httpprovider.h"
#include "providers/openaiprofiles.h"

namespace Crucible {

/// OpenAI Chat Completions (providers.md §3) and every server that speaks it (§8), configured by a
/// capability profile (openaiprofiles.h): "openai", "mistral", "deepseek", "groq", "openrouter",
/// "openai-compatible" (Ollama /v1, llama.cpp, vLLM, LM Studio).
///
/// Request: POST {base}/chat/completions, "stream": true, stream_options.include_usage unless the
/// profile forbids it. The key (Authorization: Bearer) is required except for a local base URL
/// (loopback, private network, *.local) or a keyless profile; no key means no Authorization header.
/// Max-output field: the profile's fixed field if it has one; else ChatRequest::maxTokensField when
/// set (the catalog's choice; for the by-host "openai" profile only on OpenAI's own hosts); else the
/// profile default (by host: max_completion_tokens for OpenAI's hosts, max_tokens elsewhere).
/// Developer messages keep role "developer" on OpenAI's hosts only ("system" elsewhere). temperature,
/// top_p, seed (under the profile's name), stop (array; a profile limit is a Usage error) and
/// reasoning effort are sent when set and the profile supports them; n, logprobs and friends never.
/// A ChatRequest::jsonSchema becomes response_format json_schema (or json_object for JSON-mode-only
/// profiles). Model list: GET {base}/models, data[].id. Stateless; any thread.
class OpenAIChatProvider : public HttpProvider
{
public:
    OpenAIChatProvider(); ///< the "openai" profile
    explicit OpenAIChatProvider(OpenAIChatProfile profile);

    const OpenAIChatProfile &profile() const { return m_profile; }

    bool requiresBaseUrl() const override { return m_profile.defaultBaseUrl.isEmpty(); }

    Result<HttpRequest> buildRequest(const ChatRequest &request,
                                     const ProviderSettings &settings) const override;
    std::unique_ptr<StreamDecoder> createDecoder() const override;

    Result<HttpRequest> buildListModelsRequest(const ProviderSettings &settings,
                                               const QString &cursor = {}) const override;
    /// {"data":[{"id":...}]} (OpenAI list shape; OpenRouter ids contain '/'); a bare array of
    /// model objects and {"models":[{"id"|"name"|"model"}]} are accepted too.
    Result<ModelPage> parseModelList(const QByteArray &body) const override;

    /// True for OpenAI's own API hosts (api.openai.com, *.openai.azure.com).
    static bool isOpenAIHost(const QString &host);

private:
    /// Base URL (the profile's or the user's) and the trimmed key; Usage errors for a missing base
    /// URL, a bad one, or a missing required key.
    Result<QUrl> checkedBase(const ProviderSettings &settings) const;
    /// Authorization (when a key is given) and the profile's extra headers.
    void addAuth(HttpRequest &http, const ProviderSettings &settings) const;

    OpenAIChatProfile m_profile;
};

} // namespace Crucible
