#pragma once

#include <QList>
#include <QString>
#include <QUrl>

#include <QStringList>

#include <chrono>
#include <cstdint>
#include <optional>

namespace Crucible {

struct ChatMessage
{
    enum class Role { System, Developer, User, Assistant };
    Role role = Role::User;
    QString text;
};

/// What the user asked for, provider-neutral. Providers translate it to their wire format.
struct ChatRequest
{
    QString model;
    QList<ChatMessage> messages;
    std::optional<int> maxOutputTokens;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<std::int64_t> seed;
    QStringList stop;        ///< stop sequences; empty: none
    QString reasoningEffort; ///< "none" "minimal" "low" "medium" "high" "xhigh" "max"; empty: model default
    /// Wire name of the max-output field when the model catalog knows it ("max_tokens",
    /// "max_completion_tokens"); empty: the adapter decides. Only OpenAI-compatible adapters read it.
    QString maxTokensField;
    QString jsonSchema; ///< optional JSON Schema text (Simulator answers with an instance of it)
};

/// Per-request timeouts. Zero means "no limit".
struct Timeouts
{
    std::chrono::milliseconds connect{10000};
    std::chrono::milliseconds idle{60000};  ///< no byte received for this long
    std::chrono::milliseconds total{0};     ///< whole request, from send to end
};

/// Where and how to reach a provider. apiKey lives in memory only; it is never serialized.
struct ProviderSettings
{
    QUrl baseUrl;   ///< empty: the provider's default
    QString apiKey; ///< empty: none (local servers)
    Timeouts timeouts;
};

} // namespace Crucible
