#include "providers/providerregistry.h"

#include "providers/anthropic/anthropicprovider.h"
#include "providers/gemini/geminiprovider.h"
#include "providers/ollama/ollamaprovider.h"
#include "providers/openaichatprovider.h"
#include "providers/responses/responsesprovider.h"
#include "simulator/simulatorprovider.h"

namespace Crucible {

ProviderRegistry::ProviderRegistry()
{
    m_providers.push_back(std::make_unique<SimulatorProvider>());
    m_providers.push_back(std::make_unique<OpenAIChatProvider>());
    m_providers.push_back(std::make_unique<OpenAIResponsesProvider>());
    m_providers.push_back(std::make_unique<OllamaProvider>());
    m_providers.push_back(std::make_unique<AnthropicProvider>());
    m_providers.push_back(std::make_unique<GeminiProvider>());
    for (OpenAIChatProfile &profile : OpenAIProfiles::compatibleProfiles()) // mistral … openai-compatible
        m_providers.push_back(std::make_unique<OpenAIChatProvider>(std::move(profile)));
}

ProviderRegistry::~ProviderRegistry() = default;

const Provider *ProviderRegistry::find(const QString &id) const
{
    for (const auto &provider : m_providers) {
        if (provider->id() == id)
            return provider.get();
    }
    return nullptr;
}

QList<const Provider *> ProviderRegistry::all() const
{
    QList<const Provider *> out;
    for (const auto &provider : m_providers)
        out.append(provider.get());
    return out;
}

QStringList ProviderRegistry::ids() const
{
    QStringList out;
    for (const auto &provider : m_providers)
        out.append(provider->id());
    return out;
}

} // namespace Crucible
