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

QUrl endpoint(QUrl base, QLatin1StringView suffix)
{
    QString path = base.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    base.setPath(path + suffix);
    return base;
}

/// The max-output field to send (see the class comment).
QString maxTokensFieldFor(const OpenAIChatProfile &profile, const ChatRequest &request, bool openAIHost)
{
    const QString asked = request.maxTokensField.trimmed();
    if (profile.maxTokensFieldFixed && !profile.maxTokensField.isEmpty())
        return profile.maxTokensField;
    if (profile.maxTokensField.isEmpty()) { // by host
        if (!openAIHost)
            return u"max_tokens"_s;
        return asked.isEmpty() ? u"max_completion_tokens"_s : asked;
    }
    return asked.isEmpty() ? profile.maxTokensField : asked;
}

} // namespace

OpenAIChatProvider::OpenAIChatProvider()
    : m_profile(OpenAIProfiles::openAI())
{
}

OpenAIChatProvider::OpenAIChatProvider(OpenAIChatProfile profile)
    : m_profile(std::move(profile))
{
}

QString OpenAIChatProvider::id() const
{
    return m_profile.id;
}

QString OpenAIChatProvider::displayName() const
{
    return m_profile.displayName;
}

QUrl OpenAIChatProvider::defaultBaseUrl() const
{
    return m_profile.defaultBaseUrl;
}

QString OpenAIChatProvider::apiKeyEnvVar() const
{
    return m_profile.apiKeyEnvVar;
}

QStringList OpenAIChatProvider::suggestedModels() const
{
    return m_profile.suggestedModels;
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

Result<QUrl> OpenAIChatProvider::checkedBase(const ProviderSettings &settings) const
{
    if (settings.baseUrl.isEmpty() && m_profile.defaultBaseUrl.isEmpty()) {
        return Error{Error::Kind::Usage,
                     u"%1 needs a base URL: the server's OpenAI-style API root, for example "
                     "http://127.0.0.1:8080/v1 (llama.cpp), http://localhost:11434/v1 (Ollama), "
                     "http://localhost:8000/v1 (vLLM) or http://localhost:1234/v1 (LM Studio)"_s.arg(displayName())};
    }
    Result<QUrl> base = resolveBaseUrl(settings);
    if (!base)
        return base.error();
    const QString host = base.value().host();
    if (m_profile.keyRequired && settings.apiKey.trimmed().isEmpty() && !isLocalHost(host)) {
        return Error{Error::Kind::Usage,
                     u"%1 needs an API key for %2: set %3 (a local server needs none)"_s.arg(
                         displayName(), host, apiKeyEnvVar())};
    }
    return base;
}

void OpenAIChatProvider::addAuth(HttpRequest &http, const ProviderSettings &settings) const
{
    const QString key = settings.apiKey.trimmed();
    if (!key.isEmpty()) {
        http.headers.append({"Authorization", "Bearer " + key.toUtf8()});
        http.secrets << key;
    }
    http.headers.append(m_profile.extraHeaders);
}

Result<HttpRequest> OpenAIChatProvider::buildRequest(const ChatRequest &request,
                                                     const ProviderSettings &settings) const
{
    Result<QUrl> base = checkedBase(settings);
    if (!base)
        return base.error();
    if (request.model.trimmed().isEmpty())
        return Error{Error::Kind::Usage, u"No model given for %1"_s.arg(displayName())};
    if (request.messages.isEmpty())
        return Error{Error::Kind::Usage, u"Nothing to send: the request has no messages"_s};
    if (request.maxOutputTokens && *request.maxOutputTokens <= 0)
        return Error{Error::Kind::Usage, u"The maximum number of output tokens must be positive"_s};
    QStringList stops;
    for (const QString &s : request.stop) {
        if (!s.isEmpty())
            stops << s;
    }
    if (m_profile.maxStopSequences > 0 && stops.size() > m_profile.maxStopSequences && m_profile.stop) {
        return Error{Error::Kind::Usage, u"%1 accepts at most %2 stop sequences (%3 given)"_s.arg(
                                             displayName()).arg(m_profile.maxStopSequences).arg(stops.size())};
    }

    const bool openAI = isOpenAIHost(base.value().host());
    ordered_json body;
    body["model"] = utf8(request.model.trimmed());
    ordered_json messages = ordered_json::array();
    for (const ChatMessage &m : request.messages)
        messages.push_back({{"role", roleName(m.role, openAI)}, {"content", utf8(m.text)}});
    body["messages"] = std::move(messages);
    if (request.maxOutputTokens)
        body[utf8(maxTokensFieldFor(m_profile, request, openAI))] = *request.maxOutputTokens;
    if (request.temperature)
        body["temperature"] = *request.temperature;
    if (request.topP && m_profile.topP)
        body["top_p"] = *request.topP;
    if (request.seed && !m_profile.seedField.isEmpty())
        body[utf8(m_profile.seedField)] = *request.seed;
    if (!stops.isEmpty() && m_profile.stop) {
        ordered_json stop = ordered_json::array();
        for (const QString &s : stops)
            stop.push_back(utf8(s));
        body["stop"] = std::move(stop);
    }
    if (const QString effort = request.reasoningEffort.trimmed(); !effort.isEmpty()) {
        if (m_profile.reasoning == OpenAIChatProfile::Reasoning::Effort)
            body["reasoning_effort"] = utf8(effort);
        else if (m_profile.reasoning == OpenAIChatProfile::Reasoning::Object)
            body["reasoning"] = {{"effort", utf8(effort)}};
    }
    if (!request.jsonSchema.trimmed().isEmpty()) {
        const QByteArray schemaText = request.jsonSchema.toUtf8();
        ordered_json schema = ordered_json::parse(schemaText.begin(), schemaText.end(), nullptr, false);
        if (schema.is_discarded() || !schema.is_object())
            return Error{Error::Kind::Usage, u"The JSON schema is not a valid JSON object"_s};
        if (m_profile.structuredOutput == OpenAIChatProfile::StructuredOutput::JsonObject)
            body["response_format"] = {{"type", "json_object"}}; // JSON mode: the prompt must describe the shape
        else
            body["response_format"] = {{"type", "json_schema"},
                                       {"json_schema", {{"name", "response"}, {"schema", std::move(schema)}}}};
    }
    body["stream"] = true;
    if (m_profile.streamOptions)
        body["stream_options"] = {{"include_usage", true}};

    HttpRequest http;
    http.method = "POST";
    http.url = endpoint(base.value(), "/chat/completions"_L1);
    http.headers = {{"Content-Type", "application/json"}, {"Accept", "text/event-stream"}};
    addAuth(http, settings);
    http.body = QByteArray::fromStdString(body.dump());
    http.timeouts = settings.timeouts;
    return http;
}

Result<HttpRequest> OpenAIChatProvider::buildListModelsRequest(const ProviderSettings &settings,
                                                               const QString &) const
{
    Result<QUrl> base = checkedBase(settings);
    if (!base)
        return base.error();
    HttpRequest http;
    http.method = "GET";
    http.url = endpoint(base.value(), "/models"_L1);
    http.headers = {{"Accept", "application/json"}};
    addAuth(http, settings);
    http.timeouts = settings.timeouts;
    return http;
}

Result<HttpProvider::ModelPage> OpenAIChatProvider::parseModelList(const QByteArray &body) const
{
    const JsonUtil::json doc = JsonUtil::parse(body);
    const JsonUtil::json *list = nullptr;
    if (doc.is_array())
        list = &doc;
    else if (const JsonUtil::json *data = JsonUtil::member(doc, "data"); data && data->is_array())
        list = data;
    else if (const JsonUtil::json *models = JsonUtil::member(doc, "models"); models && models->is_array())
        list = models;
    if (!list) {
        return Error{Error::Kind::Parse,
                     u"%1 answered the model list with something that is not a list of models"_s.arg(displayName())};
    }
    ModelPage page;
    for (const JsonUtil::json &model : *list) {
        QString id = model.is_string() ? QString::fromStdString(model.get<std::string>()) : JsonUtil::string(model, "id");
        if (id.isEmpty())
            id = JsonUtil::string(model, "name");
        if (id.isEmpty())
            id = JsonUtil::string(model, "model");
        if (!id.isEmpty() && !page.models.contains(id))
            page.models << id;
    }
    return page;
}

std::unique_ptr<StreamDecoder> OpenAIChatProvider::createDecoder() const
{
    return std::make_unique<OpenAIChatDecoder>();
}

} // namespace Crucible
