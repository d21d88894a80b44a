#pragma once

#include "providers/httpprovider.h"

namespace Crucible {

/// Ollama's native API (providers.md §7): id "ollama", base http://localhost:11434, no key needed
/// (a key, for https://ollama.com, is sent as Authorization: Bearer; OLLAMA_API_KEY).
///
/// Request: POST {base}/api/chat (a base ending in "/api", like https://ollama.com/api, is taken
/// as the API root), "stream": true. Messages keep their order; System and Developer become role
/// "system". options {num_predict, temperature, top_p, seed, stop} carries what is set (no
/// "options" when nothing is). A reasoning effort becomes "think" (§7.1): "none" -> false,
/// "minimal"/"low" -> "low", "medium" -> "medium", "high"/"xhigh" -> "high", "max" -> "max",
/// anything else -> true. A JSON schema becomes "format": the schema object.
/// Model list: GET {base}/api/tags, models[].name. No token counter. Decoding: OllamaDecoder.
/// Stateless; any thread.
class OllamaProvider : public HttpProvider
{
public:
    OllamaProvider();

    Result<HttpRequest> buildRequest(const ChatRequest &request,
                                     const ProviderSettings &settings) const override;
    std::unique_ptr<StreamDecoder> createDecoder() const override;

    Result<HttpRequest> buildListModelsRequest(const ProviderSettings &settings,
                                               const QString &cursor = {}) const override;
    /// {"models":[{"name":…}]} ("model" when a row has no name).
    Result<ModelPage> parseModelList(const QByteArray &body) const override;

    /// The "think" value for a reasoning effort (see the class comment): "false", "true" or a
    /// quoted level, as JSON text; empty for an empty effort.
    static QString thinkValue(const QString &effort);

private:
    /// {base}/api{suffix} with Authorization (when a key is given) and timeouts.
    Result<HttpRequest> makeRequest(const ProviderSettings &settings, const QByteArray &method,
                                    QStringView suffix) const;
};

} // namespace Crucible
