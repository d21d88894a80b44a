#include "providers/responses/responsesprovider.h"

#include "providers/requestutil.h"
#include "providers/responses/responsesdecoder.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using ordered_json = nlohmann::ordered_json;

namespace {

using RequestUtil::utf8;

/// model, instructions and input: the part of the body the count-tokens endpoint takes too.
ordered_json conversation(const ChatRequest &request)
{
    ordered_json body;
    body["model"] = utf8(request.model.trimmed());
    ordered_json input = ordered_json::array();
    const QStringList instructions = RequestUtil::splitSystem(request, false, [&input](const ChatMessage &m) {
        if (m.role == ChatMessage::Role::User)
            input.push_back({{"role", "user"},
                             {"content", ordered_json::array({{{"type", "input_text"}, {"text", utf8(m.text)}}})}});
        else
            input.push_back({{"role", "assistant"}, {"content", utf8(m.text)}});
    });
    if (!instructions.isEmpty())
        body["instructions"] = utf8(instructions.join(u"\n\n"_s));
    body["input"] = std::move(input);
    return body;
}

} // namespace

OpenAIResponsesProvider::OpenAIResponsesProvider()
    : HttpProvider(Identity{u"openai-responses"_s, u"OpenAI (Responses)"_s, QUrl(u"https://api.openai.com/v1"_s),
                   {u"OPENAI_API_KEY"_s}, true,
                   {u"gpt-5.4-mini"_s, u"gpt-5.4"_s, u"gpt-5.4-nano"_s, u"gpt-5.5"_s}})
{
}

Result<HttpRequest> OpenAIResponsesProvider::makeRequest(const ProviderSettings &settings, const QByteArray &method,
                                                         QStringView suffix) const
{
    Result<QUrl> base = checkedBaseUrl(settings);
    if (!base)
        return base.error();
    HttpRequest http = RequestUtil::makeRequest(method, RequestUtil::endpoint(base.value(), suffix), settings);
    RequestUtil::addApiKey(http, settings.apiKey, "Authorization", "Bearer ");
    return http;
}

Result<HttpRequest> OpenAIResponsesProvider::buildRequest(const ChatRequest &request,
                                                          const ProviderSettings &settings) const
{
    Result<HttpRequest> made = makeRequest(settings, "POST", u"/responses");
    if (!made)
        return made.error();
    if (auto e = RequestUtil::checkModelAndMessages(request, displayName()))
        return *e;
    if (auto e = RequestUtil::checkMaxTokens(request))
        return *e;

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
        Result<ordered_json> schema = RequestUtil::parseSchema(request.jsonSchema);
        if (!schema)
            return schema.error();
        body["text"] = {{"format", {{"type", "json_schema"}, {"name", "response"}, {"schema", std::move(schema).value()}}}};
    }
    body["store"] = false;
    body["stream"] = true;

    HttpRequest http = std::move(made).value();
    http.headers.prepend({"Accept", "text/event-stream"});
    http.headers.prepend({"Content-Type", "application/json"});
    http.body = RequestUtil::lenientDump(body);
    return http;
}

std::unique_ptr<StreamDecoder> OpenAIResponsesProvider::createDecoder() const
{
    return std::make_unique<ResponsesDecoder>();
}

Result<HttpRequest> OpenAIResponsesProvider::buildListModelsRequest(const ProviderSettings &settings,
                                                                    const QString &) const
{
    Result<HttpRequest> http = makeRequest(settings, "GET", u"/models");
    if (http)
        http.value().headers.prepend({"Accept", "application/json"});
    return http;
}

Result<HttpProvider::ModelPage> OpenAIResponsesProvider::parseModelList(const QByteArray &body) const
{
    ModelPage page;
    if (!RequestUtil::modelIdsAt(body, "data", {"id"}, page.models))
        return RequestUtil::notAModelList(displayName());
    return page;
}

Result<HttpRequest> OpenAIResponsesProvider::buildCountTokensRequest(const ChatRequest &request,
                                                                     const ProviderSettings &settings) const
{
    Result<HttpRequest> made = makeRequest(settings, "POST", u"/responses/input_tokens");
    if (!made)
        return made.error();
    if (auto e = RequestUtil::checkModelAndMessages(request, displayName()))
        return *e;
    HttpRequest http = std::move(made).value();
    http.headers.prepend({"Accept", "application/json"});
    http.headers.prepend({"Content-Type", "application/json"});
    http.body = RequestUtil::lenientDump(conversation(request));
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
