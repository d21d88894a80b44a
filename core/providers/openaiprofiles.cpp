#include "providers/openaiprofiles.h"

using namespace Qt::StringLiterals;

namespace Crucible::OpenAIProfiles {

// Sources: providers.md §3.2 (OpenAI), §8.1 (deviation table), §10 (errors), §11 (model lists),
// §12 (model ids). Where §8.1 marks a fact unconfirmed, the profile takes the choice that cannot
// make the server reject the request (a field is left out rather than risked).

namespace {

/// A profile with the fields every profile sets; the rest at their defaults.
OpenAIChatProfile named(const QString &id, const QString &displayName, const QString &defaultBaseUrl,
                        const QString &apiKeyEnvVar, const QStringList &suggestedModels)
{
    OpenAIChatProfile p;
    p.id = id;
    p.displayName = displayName;
    p.defaultBaseUrl = defaultBaseUrl.isEmpty() ? QUrl() : QUrl(defaultBaseUrl);
    p.apiKeyEnvVar = apiKeyEnvVar;
    p.suggestedModels = suggestedModels;
    return p;
}

} // namespace

OpenAIChatProfile openAI()
{
    OpenAIChatProfile p = named(u"openai"_s, u"OpenAI (Chat Completions)"_s,
                                u"https://api.openai.com/v1"_s, u"OPENAI_API_KEY"_s,
                                {u"gpt-5.4-mini"_s, u"gpt-5.4"_s, u"gpt-5.4-nano"_s, u"gpt-5.5"_s});
    p.maxTokensField.clear(); // by host: max_completion_tokens on OpenAI's hosts, max_tokens elsewhere
    p.maxStopSequences = 4;
    return p;
}

OpenAIChatProfile mistral()
{
    OpenAIChatProfile p = named(u"mistral"_s, u"Mistral"_s,
                                u"https://api.mistral.ai/v1"_s, u"MISTRAL_API_KEY"_s,
                                {u"mistral-medium-latest"_s, u"mistral-large-latest"_s, u"mistral-small-latest"_s,
                                 u"magistral-medium-latest"_s, u"magistral-small-latest"_s, u"codestral-latest"_s,
                                 u"devstral-latest"_s});
    p.maxTokensField = u"max_tokens"_s; // max_completion_tokens -> 422 extra_forbidden
    p.maxTokensFieldFixed = true;
    p.seedField = u"random_seed"_s;
    // Usage arrives on the finish chunk without asking, and stream_options was reported rejected
    // (422 extra_forbidden, like every unknown field): never send it.
    p.streamOptions = false;
    p.reasoning = OpenAIChatProfile::Reasoning::None; // not a documented field: it would be a 422
    return p;
}

OpenAIChatProfile deepSeek()
{
    OpenAIChatProfile p = named(u"deepseek"_s, u"DeepSeek"_s,
                                u"https://api.deepseek.com"_s, u"DEEPSEEK_API_KEY"_s,
                                {u"deepseek-v4-flash"_s, u"deepseek-v4-pro"_s});
    p.maxTokensField = u"max_tokens"_s;
    p.maxTokensFieldFixed = true;
    p.seedField.clear(); // not a DeepSeek parameter
    p.maxStopSequences = 16;
    p.reasoning = OpenAIChatProfile::Reasoning::None; // reasoning is chosen by model (v4-pro / reasoner)
    p.structuredOutput = OpenAIChatProfile::StructuredOutput::JsonObject;
    return p;
}

OpenAIChatProfile groq()
{
    OpenAIChatProfile p = named(u"groq"_s, u"Groq"_s,
                                u"https://api.groq.com/openai/v1"_s, u"GROQ_API_KEY"_s,
                                {u"openai/gpt-oss-120b"_s, u"llama-3.3-70b-versatile"_s, u"openai/gpt-oss-20b"_s,
                                 u"llama-3.1-8b-instant"_s});
    p.maxTokensField = u"max_tokens"_s; // both names accepted; the catalog may pick the other
    p.maxStopSequences = 4;
    // n, logprobs, top_logprobs, logit_bias and messages[].name give a 400: none is ever sent.
    return p;
}

OpenAIChatProfile openRouter()
{
    OpenAIChatProfile p = named(u"openrouter"_s, u"OpenRouter"_s,
                                u"https://openrouter.ai/api/v1"_s, u"OPENROUTER_API_KEY"_s,
                                {u"openai/gpt-4o-mini"_s, u"openai/gpt-4.1"_s, u"anthropic/claude-sonnet-4.5"_s,
                                 u"google/gemini-2.5-flash"_s, u"meta-llama/llama-3.3-70b-instruct"_s});
    p.maxTokensField = u"max_tokens"_s;
    p.maxStopSequences = 4;
    p.reasoning = OpenAIChatProfile::Reasoning::Object;
    p.extraHeaders = {{"X-Title", "Crucible"}};
    return p;
}

OpenAIChatProfile openAICompatible()
{
    // No default URL: llama.cpp, vLLM, LM Studio, Ollama /v1...: the user says where.
    OpenAIChatProfile p = named(u"openai-compatible"_s, u"OpenAI-compatible server"_s, QString(),
                                u"OPENAI_COMPATIBLE_API_KEY"_s, {});
    p.keyRequired = false;
    p.maxTokensField = u"max_tokens"_s; // Ollama /v1 ignores max_completion_tokens
    return p;
}

QList<OpenAIChatProfile> compatibleProfiles()
{
    return {mistral(), deepSeek(), groq(), openRouter(), openAICompatible()};
}

} // namespace Crucible::OpenAIProfiles
