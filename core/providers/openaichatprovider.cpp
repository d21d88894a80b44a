#include "providers/openaichatprovider.h"

#include "providers/jsonutil.h"
#include "providers/openaichatdecoder.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using ordered_json = nlohmann::ordered_json;

namespace {

std::string utf8(const QString &s)
{
    return s.toStdString();
}

const char *roleName(ChatMessage::Role role, bool openAIHost)
{
    switch (role) {
    case ChatMessage::Role::System: return "system";
    case ChatMessage::Role::Developer: return openAIHost ? "developer" : "system";
    case ChatMessage::Role::User: return "user";
    case ChatMessage::Role::Assistant: return "assistant";
    }
    return "user";
}

/// Dotted-quad IPv4 as four octets; nullopt for anything else.
std::optional<std::array<int, 4>> ipv4(const QString &host)
{
    const QStringList parts = host.split(u'.');
    if (parts.size() != 4)
        return std::nullopt;
    std::array<int, 4> octets{};
    for (int i = 0; i < 4; ++i) {
        bool ok = false;
        octets[i] = parts[i].toInt(&ok);
        if (!ok || octets[i] < 0 || octets[i] > 255)
            return std::nullopt;
    }
    return octets;
}

QUrl endpoint(QUrl base)
{
    QString path = base.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    base.setPath(path + "/chat/completions"_L1);
    return base;
}

} // namespace

QString OpenAIChatProvider::id() const
{
    return u"openai"_s;
}

QString OpenAIChatProvider::displayName() const
{
    return u"OpenAI (Chat Completions)"_s;
}

QUrl OpenAIChatProvider::defaultBaseUrl() const
{
    return QUrl(u"https://api.openai.com/v1"_s);
}

QString OpenAIChatProvider::apiKeyEnvVar() const
{
    return u"OPENAI_API_KEY"_s;
}

QStringList OpenAIChatProvider::suggestedModels() const
{
    return {u"gpt-5.4-mini"_s, u"gpt-5.4"_s, u"gpt-5.4-nano"_s, u"gpt-5.5"_s};
}

bool OpenAIChatProvider::isLocalHost(const QString &hostName)
{
    const QString host = hostName.toLower();
    if (host == "localhost"_L1 || host.endsWith(".localhost"_L1) || host.endsWith(".local"_L1))
        return true;
    if (const auto ip = ipv4(host)) {
        const auto &o = *ip;
        return o[0] == 127 || o[0] == 10 || (o[0] == 172 && o[1] >= 16 && o[1] <= 31)
            || (o[0] == 192 && o[1] == 168) || (o[0] == 169 && o[1] == 254)
            || (o[0] == 0 && o[1] == 0 && o[2] == 0 && o[3] == 0);
    }
    if (host.contains(u':')) { // IPv6 (QUrl::host() has no brackets)
        return host == "::1"_L1 || host.startsWith("fc"_L1) || host.startsWith("fd"_L1)
            || host.startsWith("fe8"_L1) || host.startsWith("fe9"_L1) || host.startsWith("fea"_L1)
            || host.startsWith("feb"_L1) || host.startsWith("::ffff:127."_L1);
    }
    return false;
}

bool OpenAIChatProvider::isOpenAIHost(const QString &hostName)
{
    const QString host = hostName.toLower();
    return host == "api.openai.com"_L1 || host.endsWith(".openai.azure.com"_L1);
}

Result<HttpRequest> OpenAIChatProvider::buildRequest(const ChatRequest &request,
                                                     const ProviderSettings &settings) const
{
    Result<QUrl> base = resolveBaseUrl(settings);
    if (!base)
        return base.error();
    const QString host = base.value().host();
    const QString key = settings.apiKey.trimmed();
    if (key.isEmpty() && !isLocalHost(host)) {
        return Error{Error::Kind::Usage,
                     u"%1 needs an API key for %2: set %3 (a local server needs none)"_s.arg(
                         displayName(), host, apiKeyEnvVar())};
    }
    if (request.model.trimmed().isEmpty())
        return Error{Error::Kind::Usage, u"No model given for %1"_s.arg(displayName())};
    if (request.messages.isEmpty())
        return Error{Error::Kind::Usage, u"Nothing to send: the request has no messages"_s};
    if (request.maxOutputTokens && *request.maxOutputTokens <= 0)
        return Error{Error::Kind::Usage, u"The maximum number of output tokens must be positive"_s};

    const bool openAI = isOpenAIHost(host);
    ordered_json body;
    body["model"] = utf8(request.model.trimmed());
    ordered_json messages = ordered_json::array();
    for (const ChatMessage &m : request.messages)
        messages.push_back({{"role", roleName(m.role, openAI)}, {"content", utf8(m.text)}});
    body["messages"] = std::move(messages);
    if (request.maxOutputTokens)
        body[openAI ? "max_completion_tokens" : "max_tokens"] = *request.maxOutputTokens;
    if (request.temperature)
        body["temperature"] = *request.temperature;
    if (!request.jsonSchema.trimmed().isEmpty()) {
        const QByteArray schemaText = request.jsonSchema.toUtf8();
        ordered_json schema = ordered_json::parse(schemaText.begin(), schemaText.end(), nullptr, false);
        if (schema.is_discarded() || !schema.is_object())
            return Error{Error::Kind::Usage, u"The JSON schema is not a valid JSON object"_s};
        body["response_format"] = {{"type", "json_schema"},
                                   {"json_schema", {{"name", "response"}, {"schema", std::move(schema)}}}};
    }
    body["stream"] = true;
    body["stream_options"] = {{"include_usage", true}};

    HttpRequest http;
    http.method = "POST";
    http.url = endpoint(base.value());
    http.headers = {{"Content-Type", "application/json"}, {"Accept", "text/event-stream"}};
    if (!key.isEmpty()) {
        http.headers.append({"Authorization", "Bearer " + key.toUtf8()});
        http.secrets << key;
    }
    http.body = QByteArray::fromStdString(body.dump());
    http.timeouts = settings.timeouts;
    return http;
}

std::unique_ptr<StreamDecoder> OpenAIChatProvider::createDecoder() const
{
    return std::make_unique<OpenAIChatDecoder>();
}

} // namespace Crucible
