#pragma once

#include <QList>
#include <QString>
#include <QUrl>

#include <chrono>
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
