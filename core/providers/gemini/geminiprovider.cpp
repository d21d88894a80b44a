#include "providers/gemini/geminiprovider.h"

#include <QRegularExpression>

#include <algorithm>

#include "providers/gemini/geminidecoder.h"
#include "providers/requestutil.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using ordered_json = nlohmann::ordered_json;

namespace {

constexpr int s_listPageSize = 1000; // the API's maximum

using RequestUtil::utf8;

/// Gemini version of a "gemini-M[.m]-…" model name; nullopt for other names.
std::optional<std::pair<int, int>> geminiVersion(const QString &model)
{
    static const QRegularExpression re(u"^gemini-(\\d+)(?:\\.(\\d+))?(?:-|$)"_s);
    const auto m = re.match(model.toLower());
    if (!m.hasMatch())
        return std::nullopt;
    return std::pair{m.captured(1).toInt(), m.captured(2).isEmpty() ? 0 : m.captured(2).toInt()};
}

/// {base}[/v1beta]/models/{model}{method}: the base path is kept; "/v1beta" is added unless it
/// already ends in an API version ("/v1", "/v1beta", "/v1alpha", "/v1beta1").
QUrl endpoint(QUrl base, const QString &tail)
{
    static const QRegularExpression version(u"/v\\d+(?:(?:alpha|beta)\\d*)?$"_s);
    QString path = RequestUtil::trimmedPath(base, QUrl::FullyEncoded);
    if (!version.match(path).hasMatch())
        path += "/v1beta"_L1;
    base.setPath(path + u'/' + tail, QUrl::TolerantMode);
    base.setQuery(QString());
    base.setFragment(QString());
    return base;
}

QString encodedModel(const QString &model)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(GeminiProvider::modelId(model)));
}

/// One Content per user/assistant message; system and developer text as systemInstruction.
void putMessages(const ChatRequest &request, ordered_json &body)
{
    ordered_json contents = ordered_json::array();
    ordered_json systemParts = ordered_json::array();
    for (const ChatMessage &m : request.messages) {
        ordered_json part = {{"text", utf8(m.text)}};
        switch (m.role) {
        case ChatMessage::Role::System:
        case ChatMessage::Role::Developer:
            systemParts.push_back(std::move(part));
            break;
        case ChatMessage::Role::User:
        case ChatMessage::Role::Assistant:
            contents.push_back({{"role", m.role == ChatMessage::Role::User ? "user" : "model"},
                                {"parts", ordered_json::array({std::move(part)})}});
            break;
        }
    }
    if (!systemParts.empty())
        body["systemInstruction"] = {{"parts", std::move(systemParts)}};
    body["contents"] = std::move(contents);
}

Result<void> checkRequest(const ChatRequest &request, const QString &displayName)
{
    if (auto e = RequestUtil::checkModel(GeminiProvider::modelId(request.model), displayName))
        return *e;
    const bool hasTurn = std::any_of(request.messages.begin(), request.messages.end(), [](const ChatMessage &m) {
        return m.role == ChatMessage::Role::User || m.role == ChatMessage::Role::Assistant;
    });
    if (!hasTurn)
        return Error{Error::Kind::Usage, u"Nothing to send: the request has no user message"_s};
    if (auto e = RequestUtil::checkMaxTokens(request))
        return *e;
    return {};
}

/// generationConfig.thinkingConfig for the request (see the table in geminiprovider.h); a null
/// value when none is sent.
Result<ordered_json> thinkingConfig(const ChatRequest &request)
{
    const QString effort = request.reasoningEffort.trimmed().toLower();
    const QString model = GeminiProvider::modelId(request.model).toLower();
    if (effort.isEmpty()) {
        if (GeminiProvider::thinksByDefault(model))
            return ordered_json{{"includeThoughts", true}};
        return ordered_json();
    }
    static const QStringList known{u"none"_s, u"minimal"_s, u"low"_s, u"medium"_s,
                                   u"high"_s, u"xhigh"_s, u"max"_s};
    const qsizetype level = known.indexOf(effort);
    if (level < 0) {
        return Error{Error::Kind::Usage,
                     u"Unknown reasoning effort \"%1\" (expected %2)"_s.arg(request.reasoningEffort,
                                                                           known.join(u", "_s))};
    }
    ordered_json config;
    const auto version = geminiVersion(model);
    if (version && version->first >= 3) {
        static const char *const levels[] = {"MINIMAL", "MINIMAL", "LOW", "MEDIUM", "HIGH", "HIGH", "HIGH"};
        config["thinkingLevel"] = levels[level];
    } else {
        const int top = model.contains("pro"_L1) ? 32768 : 24576;
        const int budgets[] = {0, 512, 1024, 8192, 24576, top, top};
        config["thinkingBudget"] = budgets[level];
    }
    config["includeThoughts"] = effort != "none"_L1;
    return config;
}

/// A request to `url` with Content-Type (POST), x-goog-api-key (when a key is given) and timeouts.
HttpRequest baseRequest(const QByteArray &method, const QUrl &url, const ProviderSettings &settings)
{
    HttpRequest http = RequestUtil::makeRequest(method, url, settings);
    if (method == "POST")
        http.headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
    RequestUtil::addApiKey(http, settings.apiKey, "x-goog-api-key");
    return http;
}

} // namespace

GeminiProvider::GeminiProvider()
    : HttpProvider(Identity{u"gemini"_s, u"Google Gemini"_s, QUrl(u"https://generativelanguage.googleapis.com"_s),
                   {u"GEMINI_API_KEY"_s, u"GOOGLE_API_KEY"_s}, true,
                   {u"gemini-2.5-flash"_s, u"gemini-2.5-pro"_s, u"gemini-2.5-flash-lite"_s}})
{
}

QString GeminiProvider::modelId(const QString &model)
{
    QString id = model.trimmed();
    if (id.startsWith("models/"_L1))
        id = id.mid(7);
    return id;
}

bool GeminiProvider::thinksByDefault(const QString &model)
{
    const QString id = modelId(model).toLower();
    if (id.contains("thinking"_L1))
        return true;
    if (const auto v = geminiVersion(id))
        return v->first > 2 || (v->first == 2 && v->second >= 5);
    // Aliases of the current generation ("gemini-flash-latest", "gemini-pro-latest").
    return id.startsWith("gemini-flash"_L1) || id.startsWith("gemini-pro"_L1);
}

Result<HttpRequest> GeminiProvider::buildRequest(const ChatRequest &request, const ProviderSettings &settings) const
{
    Result<QUrl> base = checkedBaseUrl(settings);
    if (!base)
        return base.error();
    if (Result<void> checked = checkRequest(request, displayName()); !checked)
        return checked.error();
    Result<ordered_json> thinking = thinkingConfig(request);
    if (!thinking)
        return thinking.error();

    ordered_json body;
    putMessages(request, body);
    ordered_json config = ordered_json::object();
    if (request.maxOutputTokens)
        config["maxOutputTokens"] = *request.maxOutputTokens;
    if (request.temperature)
        config["temperature"] = *request.temperature;
    if (request.topP)
        config["topP"] = *request.topP;
    if (request.seed)
        config["seed"] = *request.seed;
    if (!request.stop.isEmpty())
        config["stopSequences"] = RequestUtil::stringArray(request.stop);
    if (!thinking.value().is_null())
        config["thinkingConfig"] = std::move(thinking).value();
    if (!request.jsonSchema.trimmed().isEmpty()) {
        Result<ordered_json> schema = RequestUtil::parseSchema(request.jsonSchema);
        if (!schema)
            return schema.error();
        config["responseMimeType"] = "application/json";
        config["responseJsonSchema"] = std::move(schema).value();
    }
    if (!config.empty())
        body["generationConfig"] = std::move(config);

    QUrl url = endpoint(base.value(), u"models/"_s + encodedModel(request.model) + ":streamGenerateContent"_L1);
    url.setQuery(u"alt=sse"_s);
    HttpRequest http = baseRequest("POST", url, settings);
    http.headers.append({QByteArray("Accept"), QByteArray("text/event-stream")});
    http.body = QByteArray::fromStdString(body.dump());
    return http;
}

std::unique_ptr<StreamDecoder> GeminiProvider::createDecoder() const
{
    return std::make_unique<GeminiDecoder>();
}

Result<HttpRequest> GeminiProvider::buildListModelsRequest(const ProviderSettings &settings,
                                                           const QString &cursor) const
{
    Result<QUrl> base = checkedBaseUrl(settings);
    if (!base)
        return base.error();
    QUrl url = endpoint(base.value(), u"models"_s);
    QString query = u"pageSize=%1"_s.arg(s_listPageSize);
    if (!cursor.isEmpty()) // page tokens may hold '+', '/', '=': encode every reserved byte
        query += "&pageToken="_L1 + QString::fromLatin1(QUrl::toPercentEncoding(cursor));
    url.setQuery(query, QUrl::TolerantMode);
    return baseRequest("GET", url, settings);
}

Result<HttpProvider::ModelPage> GeminiProvider::parseModelList(const QByteArray &body) const
{
    using JsonUtil::json;
    const json root = JsonUtil::parse(body);
    const json *models = JsonUtil::member(root, "models");
    if (root.is_discarded() || !root.is_object() || (models && !models->is_array()))
        return Error{Error::Kind::Parse, u"The model list from %1 is not the expected JSON"_s.arg(displayName())};
    ModelPage page;
    if (models) {
        for (const json &m : *models) {
            const QString name = modelId(JsonUtil::string(m, "name"));
            if (name.isEmpty())
                continue;
            if (const json *methods = JsonUtil::member(m, "supportedGenerationMethods"); methods && methods->is_array()) {
                const bool generates = std::any_of(methods->begin(), methods->end(), [](const json &v) {
                    return v.is_string()
                        && (v.get_ref<const std::string &>() == "generateContent"
                            || v.get_ref<const std::string &>() == "streamGenerateContent");
                });
                if (!generates)
                    continue;
            }
            page.models << name;
        }
    }
    page.nextCursor = JsonUtil::string(root, "nextPageToken");
    return page;
}

Result<HttpRequest> GeminiProvider::buildCountTokensRequest(const ChatRequest &request,
                                                            const ProviderSettings &settings) const
{
    Result<QUrl> base = checkedBaseUrl(settings);
    if (!base)
        return base.error();
    if (Result<void> checked = checkRequest(request, displayName()); !checked)
        return checked.error();
    ordered_json inner;
    putMessages(request, inner);
    ordered_json body;
    if (inner.contains("systemInstruction")) {
        // countTokens has no systemInstruction of its own: the whole request carries it.
        ordered_json whole;
        whole["model"] = utf8(u"models/"_s + modelId(request.model));
        whole["contents"] = std::move(inner["contents"]);
        whole["systemInstruction"] = std::move(inner["systemInstruction"]);
        body["generateContentRequest"] = std::move(whole);
    } else {
        body["contents"] = std::move(inner["contents"]);
    }
    const QUrl url = endpoint(base.value(), u"models/"_s + encodedModel(request.model) + ":countTokens"_L1);
    HttpRequest http = baseRequest("POST", url, settings);
    http.body = QByteArray::fromStdString(body.dump());
    return http;
}

Result<std::int64_t> GeminiProvider::parseCountTokens(const QByteArray &body) const
{
    const JsonUtil::json root = JsonUtil::parse(body);
    auto total = root.is_discarded() ? std::nullopt : JsonUtil::integer(root, "totalTokens");
    if (!total && root.is_object() && root.empty())
        total = 0; // proto3 JSON leaves zero counts out
    if (!total)
        return Error{Error::Kind::Parse, u"The token count from %1 has no totalTokens"_s.arg(displayName())};
    return *total;
}

} // namespace Crucible
