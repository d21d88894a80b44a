#include "providers/ollama/ollamaprovider.h"

#include "providers/jsonutil.h"
#include "providers/ollama/ollamadecoder.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using ordered_json = nlohmann::ordered_json;

namespace {

std::string utf8(const QString &s)
{
    return s.toStdString();
}

const char *roleName(ChatMessage::Role role)
{
    switch (role) {
    case ChatMessage::Role::System:
    case ChatMessage::Role::Developer: return "system";
    case ChatMessage::Role::User: return "user";
    case ChatMessage::Role::Assistant: return "assistant";
    }
    return "user";
}

} // namespace

QString OllamaProvider::id() const
{
    return u"ollama"_s;
}

QString OllamaProvider::displayName() const
{
    return u"Ollama (native)"_s;
}

QUrl OllamaProvider::defaultBaseUrl() const
{
    return QUrl(u"http://localhost:11434"_s);
}

QString OllamaProvider::apiKeyEnvVar() const
{
    return u"OLLAMA_API_KEY"_s;
}

QStringList OllamaProvider::suggestedModels() const
{
    return {u"llama3.2"_s, u"qwen3"_s, u"gpt-oss:20b"_s, u"gemma3"_s};
}

QString OllamaProvider::thinkValue(const QString &effortText)
{
    const QString effort = effortText.trimmed().toLower();
    if (effort.isEmpty())
        return {};
    if (effort == "none"_L1)
        return u"false"_s;
    if (effort == "minimal"_L1 || effort == "low"_L1)
        return u"\"low\""_s;
    if (effort == "medium"_L1)
        return u"\"medium\""_s;
    if (effort == "high"_L1 || effort == "xhigh"_L1)
        return u"\"high\""_s;
    if (effort == "max"_L1)
        return u"\"max\""_s;
    return u"true"_s;
}

Result<HttpRequest> OllamaProvider::makeRequest(const ProviderSettings &settings, QLatin1StringView suffix) const
{
    Result<QUrl> base = resolveBaseUrl(settings);
    if (!base)
        return base.error();
    QUrl url = base.value();
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    if (!path.endsWith("/api"_L1))
        path += "/api"_L1;
    url.setPath(path + suffix);

    HttpRequest http;
    http.url = url;
    const QString key = settings.apiKey.trimmed();
    if (!key.isEmpty()) {
        http.headers.append({"Authorization", "Bearer " + key.toUtf8()});
        http.secrets << key;
    }
    http.timeouts = settings.timeouts;
    return http;
}

Result<HttpRequest> OllamaProvider::buildRequest(const ChatRequest &request, const ProviderSettings &settings) const
{
    Result<HttpRequest> made = makeRequest(settings, "/chat"_L1);
    if (!made)
        return made.error();
    if (request.model.trimmed().isEmpty())
        return Error{Error::Kind::Usage, u"No model given for %1"_s.arg(displayName())};
    if (request.messages.isEmpty())
        return Error{Error::Kind::Usage, u"Nothing to send: the request has no messages"_s};
    if (request.maxOutputTokens && *request.maxOutputTokens <= 0)
        return Error{Error::Kind::Usage, u"The maximum number of output tokens must be positive"_s};

    ordered_json body;
    body["model"] = utf8(request.model.trimmed());
    ordered_json messages = ordered_json::array();
    for (const ChatMessage &m : request.messages)
        messages.push_back({{"role", roleName(m.role)}, {"content", utf8(m.text)}});
    body["messages"] = std::move(messages);
    body["stream"] = true;

    ordered_json options = ordered_json::object();
    if (request.maxOutputTokens)
        options["num_predict"] = *request.maxOutputTokens;
    if (request.temperature)
        options["temperature"] = *request.temperature;
    if (request.topP)
        options["top_p"] = *request.topP;
    if (request.seed)
        options["seed"] = *request.seed;
    ordered_json stop = ordered_json::array();
    for (const QString &s : request.stop) {
        if (!s.isEmpty())
            stop.push_back(utf8(s));
    }
    if (!stop.empty())
        options["stop"] = std::move(stop);
    if (!options.empty())
        body["options"] = std::move(options);

    if (const QString think = thinkValue(request.reasoningEffort); !think.isEmpty())
        body["think"] = ordered_json::parse(think.toStdString());
    if (!request.jsonSchema.trimmed().isEmpty()) {
        const QByteArray schemaText = request.jsonSchema.toUtf8();
        ordered_json schema = ordered_json::parse(schemaText.begin(), schemaText.end(), nullptr, false);
        if (schema.is_discarded() || !schema.is_object())
            return Error{Error::Kind::Usage, u"The JSON schema is not a valid JSON object"_s};
        body["format"] = std::move(schema);
    }

    HttpRequest http = std::move(made).value();
    http.method = "POST";
    http.headers.prepend({"Accept", "application/x-ndjson"});
    http.headers.prepend({"Content-Type", "application/json"});
    http.body = QByteArray::fromStdString(body.dump(-1, ' ', false, ordered_json::error_handler_t::replace));
    return http;
}

std::unique_ptr<StreamDecoder> OllamaProvider::createDecoder() const
{
    return std::make_unique<OllamaDecoder>();
}

Result<HttpRequest> OllamaProvider::buildListModelsRequest(const ProviderSettings &settings, const QString &) const
{
    Result<HttpRequest> made = makeRequest(settings, "/tags"_L1);
    if (!made)
        return made.error();
    HttpRequest http = std::move(made).value();
    http.method = "GET";
    http.headers.prepend({"Accept", "application/json"});
    return http;
}

Result<HttpProvider::ModelPage> OllamaProvider::parseModelList(const QByteArray &body) const
{
    const JsonUtil::json doc = JsonUtil::parse(body);
    const JsonUtil::json *models = JsonUtil::member(doc, "models");
    if (!models || !models->is_array()) {
        return Error{Error::Kind::Parse,
                     u"%1 answered the model list with something that is not a list of models"_s.arg(displayName())};
    }
    ModelPage page;
    for (const JsonUtil::json &model : *models) {
        QString name = JsonUtil::string(model, "name");
        if (name.isEmpty())
            name = JsonUtil::string(model, "model");
        if (!name.isEmpty() && !page.models.contains(name))
            page.models << name;
    }
    return page;
}

} // namespace Crucible
