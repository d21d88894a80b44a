#pragma once

#include <QStringList>
#include <QUrl>

#include <memory>

#include "common/result.h"
#include "providers/chatrequest.h"

namespace Crucible {

class HttpTransport;
class StreamSource;

/// A way to get a model's answer: an HTTP API, or the built-in Simulator. Stateless and shared;
/// every call creates a new source for one attempt.
class Provider
{
public:
    virtual ~Provider() = default;
    virtual QString id() const = 0;          ///< CLI name: "openai", "simulator"
    virtual QString displayName() const = 0; ///< "OpenAI (Chat Completions)"
    virtual bool isSimulated() const { return false; }
    virtual QUrl defaultBaseUrl() const = 0;
    virtual QString apiKeyEnvVar() const { return {}; } ///< "OPENAI_API_KEY"; empty: none
    /// Every environment variable that may hold the key, in lookup order (Gemini: GEMINI_API_KEY,
    /// GOOGLE_API_KEY). Default: apiKeyEnvVar() alone.
    virtual QStringList apiKeyEnvVars() const
    {
        return apiKeyEnvVar().isEmpty() ? QStringList() : QStringList{apiKeyEnvVar()};
    }
    /// True when the provider needs a base URL from the user (openai-compatible): no default.
    virtual bool requiresBaseUrl() const { return false; }
    virtual bool requiresApiKey() const { return false; }
    virtual QStringList suggestedModels() const { return {}; }
    virtual QString defaultModel() const { return suggestedModels().value(0); }

    /// Validates and prepares one attempt. Errors (bad base URL, missing key) are Usage errors.
    virtual Result<std::unique_ptr<StreamSource>> createSource(const ChatRequest &request,
                                                               const ProviderSettings &settings,
                                                               HttpTransport &transport) const = 0;
};

} // namespace Crucible
