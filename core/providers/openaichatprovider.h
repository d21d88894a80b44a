#pragma once

#include "providers/httpprovider.h"

namespace Crucible {

/// OpenAI Chat Completions (providers.md §3) and every server that speaks it (§8): Ollama
/// http://127.0.0.1:11434/v1, llama.cpp, vLLM, LM Studio, OpenRouter, Groq, Mistral, DeepSeek.
///
/// Request: POST {base}/chat/completions, streaming with stream_options.include_usage. The key
/// (Authorization: Bearer) is required except for a local base URL (loopback, private network,
/// *.local), where no key means no Authorization header. The max-token field is
/// max_completion_tokens for OpenAI's own hosts and max_tokens for any other server (Ollama ignores
/// the former, Mistral rejects it); likewise other servers get role "system" for Developer messages.
/// A ChatRequest::jsonSchema becomes response_format json_schema. Stateless; any thread.
class OpenAIChatProvider : public HttpProvider
{
public:
    QString id() const override;
    QString displayName() const override;
    QUrl defaultBaseUrl() const override;
    QString apiKeyEnvVar() const override;
    bool requiresApiKey() const override { return true; }
    QStringList suggestedModels() const override;

    Result<HttpRequest> buildRequest(const ChatRequest &request,
                                     const ProviderSettings &settings) const override;
    std::unique_ptr<StreamDecoder> createDecoder() const override;

    /// True for hosts where a server needs no key: localhost, *.localhost, *.local, loopback and
    /// private IPv4 (127/8, 10/8, 172.16/12, 192.168/16, 169.254/16), ::1, fc00::/7, fe80::/10.
    static bool isLocalHost(const QString &host);
    /// True for OpenAI's own API hosts (api.openai.com, *.openai.azure.com).
    static bool isOpenAIHost(const QString &host);
};

} // namespace Crucible
