#include "providers/ollama/ollamaprovider.h"

#include "providers/ollama/ollamadecoder.h"
#include "providers/requestutil.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using ordered_json = nlohmann::ordered_json;

using RequestUtil::utf8;

OllamaProvider::OllamaProvider()
    : HttpProvider(Identity{u"ollama"_s, u"Ollama (native)"_s, QUrl(u"http://localhost:11434"_s),
                   {u"OLLAMA_API_KEY"_s}, false,
                   {u"llama3.2"_s, u"qwen3"_s, u"gpt-oss:20b"_s, u"gemma3"_s}})
{
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

Result<HttpRequest> OllamaProvider::makeRequest(const ProviderSettings &settings, const QByteArray &method,
                                                QStringView suffix) const
{
    Result<QUrl> base = resolveBaseUrl(settings);
    if (!base)
        return base.error();
    HttpRequest http = RequestUtil::makeRequest(method, RequestUtil::endpointUnder(base.value(), u"/api", suffix),
                                                settings);
    RequestUtil::addApiKey(http, settings.apiKey, "Authorization", "Bearer ");
    return http;
}

Result<HttpRequest> OllamaProvider::buildRequest(const ChatRequest &request, const ProviderSettings &settings) const
{
    Result<HttpRequest> made = makeRequest(settings, "POST", u"/chat");
    if (!made)
        return made.error();
    if (auto e = RequestUtil::checkModelAndMessages(request, displayName()))
        return *e;
    if (auto e = RequestUtil::checkMaxTokens(request))
        return *e;

    ordered_json body;
    body["model"] = utf8(request.model.trimmed());
    body["messages"] = RequestUtil::chatMessages(request, false);
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
    ordered_json stop = RequestUtil::stringArray(request.stop, true);
    if (!stop.empty())
        options["stop"] = std::move(stop);
    if (!options.empty())
        body["options"] = std::move(options);

    if (const QString think = thinkValue(request.reasoningEffort); !think.isEmpty())
        body["think"] = ordered_json::parse(think.toStdString());
    if (!request.jsonSchema.trimmed().isEmpty()) {
        Result<ordered_json> schema = RequestUtil::parseSchema(request.jsonSchema);
        if (!schema)
            return schema.error();
        body["format"] = std::move(schema).value();
    }

    HttpRequest http = std::move(made).value();
    http.headers.prepend({"Accept", "application/x-ndjson"});
    http.headers.prepend({"Content-Type", "application/json"});
    http.body = RequestUtil::lenientDump(body);
    return http;
}

std::unique_ptr<StreamDecoder> OllamaProvider::createDecoder() const
{
    return std::make_unique<OllamaDecoder>();
}

Result<HttpRequest> OllamaProvider::buildListModelsRequest(const ProviderSettings &settings, const QString &) const
{
    Result<HttpRequest> http = makeRequest(settings, "GET", u"/tags");
    if (http)
        http.value().headers.prepend({"Accept", "application/json"});
    return http;
}

Result<HttpProvider::ModelPage> OllamaProvider::parseModelList(const QByteArray &body) const
{
    ModelPage page;
    if (!RequestUtil::modelIdsAt(body, "models", {"name", "model"}, page.models))
        return RequestUtil::notAModelList(displayName());
    return page;
}

} // namespace Crucible
