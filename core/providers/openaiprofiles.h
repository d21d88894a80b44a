#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include "transport/httprequest.h"

namespace Crucible {

/// What one server speaking OpenAI Chat Completions accepts (providers.md §8.2): the capability
/// profile an OpenAIChatProvider is built from. Plain data; the decoder is the same for every
/// profile (it accepts every documented variant: reasoning_content / reasoning / Mistral thinking
/// parts, usage on any chunk or in x_groq, SSE comments, "data:" without a space).
struct OpenAIChatProfile
{
    enum class Reasoning {
        None,   ///< reasoning effort is never sent
        Effort, ///< "reasoning_effort": "high"  (OpenAI, Groq, Ollama /v1, vLLM)
        Object, ///< "reasoning": {"effort": "high"}  (OpenRouter)
    };
    enum class StructuredOutput {
        JsonSchema, ///< response_format {"type":"json_schema","json_schema":{"name","schema"}}
        JsonObject, ///< response_format {"type":"json_object"} (DeepSeek: JSON mode, no schema)
    };

    QString id;          ///< CLI name ("mistral")
    QString displayName; ///< "Mistral"
    QUrl defaultBaseUrl; ///< empty: the user must give one (openai-compatible)
    QString apiKeyEnvVar;
    /// true: a key is needed unless the base URL is a local host; false: never needed (a key given
    /// is still sent as Bearer).
    bool keyRequired = true;
    QStringList suggestedModels;
    /// Max-output field used when the request names none: empty means "by host" (OpenAI's own hosts
    /// max_completion_tokens, any other server max_tokens).
    QString maxTokensField;
    /// true: always maxTokensField, whatever ChatRequest::maxTokensField says (the server rejects or
    /// ignores the other name: Mistral 422, DeepSeek).
    bool maxTokensFieldFixed = false;
    QString seedField = QStringLiteral("seed"); ///< "random_seed" (Mistral); empty: seed never sent
    bool topP = true;
    bool stop = true;
    int maxStopSequences = 0; ///< more is a Usage error; 0: no limit known
    bool streamOptions = true; ///< send stream_options.include_usage (Mistral: rejected, usage comes anyway)
    Reasoning reasoning = Reasoning::Effort;
    StructuredOutput structuredOutput = StructuredOutput::JsonSchema;
    HttpHeaders extraHeaders; ///< sent with every request (OpenRouter X-Title)
};

/// The built-in profiles, in registry order after "openai".
namespace OpenAIProfiles {
OpenAIChatProfile openAI();           ///< "openai": api.openai.com, max tokens field by host
OpenAIChatProfile mistral();          ///< "mistral": max_tokens only, random_seed, no stream_options
OpenAIChatProfile deepSeek();         ///< "deepseek": max_tokens, json_object only, no seed
OpenAIChatProfile groq();             ///< "groq": never n/logprobs; usage also in x_groq.usage
OpenAIChatProfile openRouter();       ///< "openrouter": X-Title header, reasoning object, vendor/model ids
OpenAIChatProfile openAICompatible(); ///< "openai-compatible": no default URL, key optional
/// mistral, deepseek, groq, openrouter, openai-compatible (not openai).
QList<OpenAIChatProfile> compatibleProfiles();
} // namespace OpenAIProfiles

} // namespace Crucible
