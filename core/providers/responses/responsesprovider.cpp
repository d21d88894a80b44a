#include "providers/responses/responsesprovider.h"

#include "providers/jsonutil.h"
#include "providers/openaichatprovider.h"
#include "providers/responses/responsesdecoder.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using ordered_json = nlohmann::ordered_json;

namespace {

std::string utf8(const QString &s)
{
    return s.toStdString();
}

QUrl endpoint(QUrl base, QLatin1StringView suffix)
{
    QString path = base.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    base.setPath(path + suffix);
    return base;
}

/// Checks shared by the stream and count-tokens requests.
std::optional<Error> checkRequest(const ChatRequest &request, const QString &displayName)
{
    if (request.model.trimmed().isEmpty())
        return Error{Error::Kind::Usage, u"No model given for %1"_s.arg(displayName)};
    if (request.messages.isEmpty())
        return Error{Error::Kind::Usage, u"Nothing to send: the request has no messages"_s};
    return std::nullopt;
}

/// model, instructions and input: the part of the body the count-tokens endpoint takes too.
ordered_json conversation(const ChatRequest &request)
{
    ordered_json body;
    body["model"] = utf8(request.model.trimmed());
    QStringList instructions;
    ordered_json input = ordered_json::array();
    for (const ChatMessage &m : request.messages) {
        switch (m.role) {
        case ChatMessage::Role::System:
        case ChatMessage::Role::Developer:
            instructions << m.text;
            break;
        case ChatMessage::Role::User:
            input.push_back({{"role", "user"},
                             {"content", ordered_json::array({{{"type", "input_text"}, {"text", utf8(m.text)}}})}});
            break;
        case ChatMessage::Role::Assistant:
            input.push_back({{"role", "assistant"}, {"content", utf8(m.text)}});
            break;
        }
    }
    if (!instructions.isEmpty())
        body["instructions"] = utf8(instructions.join(u"\n\n"_s));
    body["input"] = std::move(input);
    return body;
}

} // namespace

QString OpenAIResponsesProvider::id() const
{
    return u"openai-responses"_s;
}

QString OpenAIResponsesProvider::displayName() const
{
    return u"OpenAI (Responses)"_s;
}

QUrl OpenAIResponsesProvider::defaultBaseUrl() const
{
    return QUrl(u"https://api.openai.com/v1"_s);
}

QString OpenAIResponsesProvider::apiKeyEnvVar() const
{
    return u"OPENAI_API_KEY"_s;
}

QStringList OpenAIResponsesProvider::suggestedModels() const
{
    return {u"gpt-5.4-mini"_s, u"gpt-5.4"_s, u"gpt-5.4-nano"_s, u"gpt-5.5"_s};
}

Result<QUrl> OpenAIResponsesProvider::checkedBase(const ProviderSettings &settings) const
{
    Result<QUrl> base = resolveBaseUrl(settings);
    if (!base)
        return base.error();
    const QString host = base.value().host();
    if (settings.apiKey.trimmed().isEmpty() && !OpenAIChatProvider::isLocalHost(host)) {
        return Error{Error::Kind::Usage,
                     u"%1 needs an API key for %2: set %3 (a local server needs none)"_s.arg(
                         displayName(), host, apiKeyEnvVar())};
    }
    return base;
}

HttpRequest OpenAIResponsesProvider::makeRequest(const QUrl &base, QLatin1StringView suffix,
                                                 const ProviderSettings &settings) const
{
    HttpRequest http;
    http.url = endpoint(base, suffix);
    const QString key = settings.apiKey.trimmed();
    if (!key.isEmpty()) {
        http.headers.append({"Authorization", "Bearer " + key.toUtf8()});
        http.secrets << key;
    }
    http.timeouts = settings.timeouts;
    return http;
}

Result<HttpRequest> OpenAIResponsesProvider::buildRequest(const ChatRequest &request,
                                                          const ProviderSettings &settings) const
{
    Result<QUrl> base = checkedBase(settings);
    if (!base)
        return base.error();
    if (auto e = checkRequest(request, displayName()))
        return *e;
    if (request.maxOutputTokens && *request.maxOutputTokens <= 0)
        return Error{Error::Kind::Usage, u"The maximum number of output tokens must be positive"_s};

    ordered_json body = conversation(request);
    if (request.maxOutputTokens)
        body["max_output_tokens"] = *request.maxOutputTokens;
    if (request.temperature)
        body["temperature"] = *request.temperature;
    if (request.topP)
        body["top_p"] = *request.topP;
    if (const QString effort = request.reasoningEffort.trimmed(); !effort.isEmpty()) {
        ordered_json reasoning = {{"effort", utf8(effort)}};
        if (effort != "none"_L1)
            reasoning["summary"] = "auto"; // reasoning text streams only as a summary
        body["reasoning"] = std::move(reasoning);
    }
    if (!request.jsonSchema.trimmed().isEmpty()) {
        const QByteArray schemaText = request.jsonSchema.toUtf8();
        ordered_json schema = ordered_json::parse(schemaText.begin(), schemaText.end(), nullptr, false);
        if (schema.is_discarded() || !schema.is_object())
            return Error{Error::Kind::Usage, u"The JSON schema is not a valid JSON object"_s};
        body["text"] = {{"format", {{"type", "json_schema"}, {"name", "response"}, {"schema", std::move(schema)}}}};
    }
    body["store"] = false;
    body["stream"] = true;

    HttpRequest http = makeRequest(base.value(), "/responses"_L1, settings);
    http.method = "POST";
    http.headers.prepend({"Accept", "text/event-stream"});
    http.headers.prepend({"Content-Type", "application/json"});
    http.body = QByteArray::fromStdString(body.dump(-1, ' ', false, ordered_json::error_handler_t::replace));
    return http;
}

std::unique_ptr<StreamDecoder> OpenAIResponsesProvider::createDecoder() const
{
    return std::make_unique<ResponsesDecoder>();
}

Result<HttpRequest> OpenAIResponsesProvider::buildListModelsRequest(const ProviderSettings &settings,
                                                                    const QString &) const
{
    Result<QUrl> base = checkedBase(settings);
    if (!base)
        return base.error();
    HttpRequest http = makeRequest(base.value(), "/models"_L1, settings);
    http.method = "GET";
    http.headers.prepend({"Accept", "application/json"});
    return http;
}

Result<HttpProvider::ModelPage> OpenAIResponsesProvider::parseModelList(const QByteArray &body) const
{
    const JsonUtil::json doc = JsonUtil::parse(body);
    const JsonUtil::json *data = JsonUtil::member(doc, "data");
    if (!data || !data->is_array()) {
        return Error{Error::Kind::Parse,
                     u"%1 answered the model list with something that is not a list of models"_s.arg(displayName())};
    }
    ModelPage page;
    for (const JsonUtil::json &model : *data) {
        const QString id = JsonUtil::string(model, "id");
        if (!id.isEmpty() && !page.models.contains(id))
            page.models << id;
    }
    return page;
}

Result<HttpRequest> OpenAIResponsesProvider::buildCountTokensRequest(const ChatRequest &request,
                                                                     const ProviderSettings &settings) const
{
    Result<QUrl> base = checkedBase(settings);
    if (!base)
        return base.error();
    if (auto e = checkRequest(request, displayName()))
        return *e;
    HttpRequest http = makeRequest(base.value(), "/responses/input_tokens"_L1, settings);
    http.method = "POST";
    http.headers.prepend({"Accept", "application/json"});
    http.headers.prepend({"Content-Type", "application/json"});
    http.body = QByteArray::fromStdString(
        conversation(request).dump(-1, ' ', false, ordered_json::error_handler_t::replace));
    return http;
}

Result<std::int64_t> OpenAIResponsesProvider::parseCountTokens(const QByteArray &body) const
{
    const JsonUtil::json doc = JsonUtil::parse(body);
    if (const auto n = JsonUtil::integer(doc, "input_tokens"))
        return *n;
    return Error{Error::Kind::Parse, u"%1 answered the token count without input_tokens"_s.arg(displayName())};
}

} // namespace Crucible
