#include "providers/openaichatprovider.h"

#include "providers/openaichatdecoder.h"
#include "providers/requestutil.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using ordered_json = nlohmann::ordered_json;

namespace {

using RequestUtil::utf8;

HttpProvider::Identity identityOf(const OpenAIChatProfile &p)
{
    return {p.id, p.displayName, p.defaultBaseUrl,
            p.apiKeyEnvVar.isEmpty() ? QStringList() : QStringList{p.apiKeyEnvVar}, p.keyRequired,
            p.suggestedModels};
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
    : OpenAIChatProvider(OpenAIProfiles::openAI())
{
}

OpenAIChatProvider::OpenAIChatProvider(OpenAIChatProfile profile)
    : HttpProvider(identityOf(profile)), m_profile(std::move(profile))
{
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
    return checkedBaseUrl(settings, m_profile.keyRequired);
}

void OpenAIChatProvider::addAuth(HttpRequest &http, const ProviderSettings &settings) const
{
    RequestUtil::addApiKey(http, settings.apiKey, "Authorization", "Bearer ");
    http.headers.append(m_profile.extraHeaders);
}

Result<HttpRequest> OpenAIChatProvider::buildRequest(const ChatRequest &request,
                                                     const ProviderSettings &settings) const
{
    Result<QUrl> base = checkedBase(settings);
    if (!base)
        return base.error();
    if (auto e = RequestUtil::checkModelAndMessages(request, displayName()))
        return *e;
    if (auto e = RequestUtil::checkMaxTokens(request))
        return *e;
    const ordered_json stops = RequestUtil::stringArray(request.stop, true);
    const auto stopCount = qsizetype(stops.size());
    if (m_profile.maxStopSequences > 0 && stopCount > m_profile.maxStopSequences && m_profile.stop) {
        return Error{Error::Kind::Usage, u"%1 accepts at most %2 stop sequences (%3 given)"_s.arg(
                                             displayName()).arg(m_profile.maxStopSequences).arg(stopCount)};
    }

    const bool openAI = isOpenAIHost(base.value().host());
    ordered_json body;
    body["model"] = utf8(request.model.trimmed());
    body["messages"] = RequestUtil::chatMessages(request, openAI);
    if (request.maxOutputTokens)
        body[utf8(maxTokensFieldFor(m_profile, request, openAI))] = *request.maxOutputTokens;
    if (request.temperature)
        body["temperature"] = *request.temperature;
    if (request.topP && m_profile.topP)
        body["top_p"] = *request.topP;
    if (request.seed && !m_profile.seedField.isEmpty())
        body[utf8(m_profile.seedField)] = *request.seed;
    if (!stops.empty() && m_profile.stop)
        body["stop"] = stops;
    if (const QString effort = request.reasoningEffort.trimmed(); !effort.isEmpty()) {
        if (m_profile.reasoning == OpenAIChatProfile::Reasoning::Effort)
            body["reasoning_effort"] = utf8(effort);
        else if (m_profile.reasoning == OpenAIChatProfile::Reasoning::Object)
            body["reasoning"] = {{"effort", utf8(effort)}};
    }
    if (!request.jsonSchema.trimmed().isEmpty()) {
        Result<ordered_json> schema = RequestUtil::parseSchema(request.jsonSchema);
        if (!schema)
            return schema.error();
        if (m_profile.structuredOutput == OpenAIChatProfile::StructuredOutput::JsonObject)
            body["response_format"] = {{"type", "json_object"}}; // JSON mode: the prompt must describe the shape
        else
            body["response_format"] = {{"type", "json_schema"},
                                       {"json_schema", {{"name", "response"}, {"schema", std::move(schema).value()}}}};
    }
    body["stream"] = true;
    if (m_profile.streamOptions)
        body["stream_options"] = {{"include_usage", true}};

    HttpRequest http = RequestUtil::makeRequest("POST", RequestUtil::endpoint(base.value(), u"/chat/completions"), settings);
    http.headers = {{"Content-Type", "application/json"}, {"Accept", "text/event-stream"}};
    addAuth(http, settings);
    http.body = QByteArray::fromStdString(body.dump());
    return http;
}

Result<HttpRequest> OpenAIChatProvider::buildListModelsRequest(const ProviderSettings &settings,
                                                               const QString &) const
{
    Result<QUrl> base = checkedBase(settings);
    if (!base)
        return base.error();
    HttpRequest http = RequestUtil::makeRequest("GET", RequestUtil::endpoint(base.value(), u"/models"), settings);
    http.headers = {{"Accept", "application/json"}};
    addAuth(http, settings);
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
    if (!list)
        return RequestUtil::notAModelList(displayName());
    ModelPage page;
    page.models = RequestUtil::modelIds(*list, {"id", "name", "model"}, true);
    return page;
}

std::unique_ptr<StreamDecoder> OpenAIChatProvider::createDecoder() const
{
    return std::make_unique<OpenAIChatDecoder>();
}

} // namespace Crucible
