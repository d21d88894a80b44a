#include "providers/anthropic/anthropicprovider.h"

#include <QRegularExpression>
#include <QUrlQuery>

#include "providers/anthropic/anthropicdecoder.h"
#include "providers/requestutil.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using ordered_json = nlohmann::ordered_json;

namespace {

constexpr int s_minThinkingBudget = 1024;

void addHeader(HttpRequest &http, const char *name, const char *value)
{
    http.headers.append({QByteArray(name), QByteArray(value)});
}

using RequestUtil::utf8;

/// The budget for an older model's {"type":"enabled"} thinking; 0 for an unknown effort.
int budgetFor(const QString &effort)
{
    if (effort == "minimal"_L1) return 1024;
    if (effort == "low"_L1) return 2048;
    if (effort == "medium"_L1) return 8192;
    if (effort == "high"_L1) return 16384;
    if (effort == "xhigh"_L1) return 24576;
    if (effort == "max"_L1) return 32000;
    return 0;
}

/// model, system (when any), messages: the part every Messages request shares.
Result<ordered_json> conversation(const ChatRequest &request, const QString &providerName)
{
    if (auto e = RequestUtil::checkModel(request.model, providerName))
        return *e;
    ordered_json messages = ordered_json::array();
    const QStringList system = RequestUtil::splitSystem(request, true, [&messages](const ChatMessage &m) {
        messages.push_back({{"role", m.role == ChatMessage::Role::User ? "user" : "assistant"},
                            {"content", utf8(m.text)}});
    });
    if (messages.empty())
        return Error{Error::Kind::Usage,
                     u"Nothing to send: the request has no user or assistant messages"_s};
    ordered_json body;
    body["model"] = utf8(request.model.trimmed());
    if (!system.isEmpty())
        body["system"] = utf8(system.join(u"\n\n"_s));
    body["messages"] = std::move(messages);
    return body;
}

} // namespace

AnthropicProvider::AnthropicProvider()
    : HttpProvider(Identity{u"anthropic"_s, u"Anthropic (Messages)"_s, QUrl(u"https://api.anthropic.com"_s),
                   {u"ANTHROPIC_API_KEY"_s}, true,
                   {u"claude-sonnet-5-5"_s, u"claude-opus-5-5"_s, u"claude-haiku-4-5"_s}})
{
}

bool AnthropicProvider::usesAdaptiveThinking(const QString &model)
{
    // claude-opus-4-6, claude-sonnet-4-20250514, claude-3-7-sonnet-20250219, anthropic.claude-...
    static const QRegularExpression version(u"claude-(?:[a-z]+-)*?(\\d+)(?:[-.](\\d{1,2})(?!\\d))?"_s,
                                            QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = version.match(model);
    if (!m.hasMatch())
        return true; // a name we cannot date: assume a current model
    const int major = m.captured(1).toInt();
    const int minor = m.captured(2).isEmpty() ? 0 : m.captured(2).toInt();
    return major > 4 || (major == 4 && minor >= 6);
}

Result<HttpRequest> AnthropicProvider::prepare(const ProviderSettings &settings, const QByteArray &method,
                                               const QString &path) const
{
    Result<QUrl> base = checkedBaseUrl(settings);
    if (!base)
        return base.error();
    HttpRequest http = RequestUtil::makeRequest(method, RequestUtil::endpointUnder(base.value(), u"/v1", path,
                                                                                   Qt::CaseInsensitive),
                                                settings);
    http.headers = {{"anthropic-version", "2023-06-01"}};
    RequestUtil::addApiKey(http, settings.apiKey, "x-api-key");
    return http;
}

Result<HttpRequest> AnthropicProvider::buildRequest(const ChatRequest &request,
                                                    const ProviderSettings &settings) const
{
    Result<HttpRequest> prepared = prepare(settings, "POST", u"/messages"_s);
    if (!prepared)
        return prepared.error();
    Result<ordered_json> shared = conversation(request, displayName());
    if (!shared)
        return shared.error();
    if (auto e = RequestUtil::checkMaxTokens(request))
        return *e;
    ordered_json body = std::move(shared).value();

    int maxTokens = request.maxOutputTokens.value_or(defaultMaxTokens);
    ordered_json thinking;
    ordered_json outputConfig = ordered_json::object();
    const QString effort = request.reasoningEffort.trimmed().toLower();
    if (!effort.isEmpty() && effort != "none"_L1) {
        const int budget = budgetFor(effort);
        if (budget == 0) {
            return Error{Error::Kind::Usage,
                         u"Unknown reasoning effort \"%1\" (expected none, minimal, low, medium, high, xhigh or max)"_s
                             .arg(request.reasoningEffort)};
        }
        if (usesAdaptiveThinking(request.model)) {
            thinking = {{"type", "adaptive"}};
            outputConfig["effort"] = effort == "minimal"_L1 ? "low" : utf8(effort);
        } else if (!request.maxOutputTokens) {
            thinking = {{"type", "enabled"}, {"budget_tokens", budget}};
            maxTokens = budget + defaultMaxTokens;
        } else {
            const int fitted = std::min(budget, maxTokens - 1);
            if (fitted < s_minThinkingBudget) {
                return Error{Error::Kind::Usage,
                             u"Thinking needs a budget of at least %1 tokens below max tokens: raise the "
                             "maximum output tokens above %1 or set the reasoning effort to none"_s
                                 .arg(s_minThinkingBudget)};
            }
            thinking = {{"type", "enabled"}, {"budget_tokens", fitted}};
        }
    }
    if (!request.jsonSchema.trimmed().isEmpty()) {
        Result<ordered_json> schema = RequestUtil::parseSchema(request.jsonSchema);
        if (!schema)
            return schema.error();
        outputConfig["format"] = {{"type", "json_schema"}, {"schema", std::move(schema).value()}};
    }

    body["max_tokens"] = maxTokens;
    if (request.temperature)
        body["temperature"] = *request.temperature;
    if (request.topP)
        body["top_p"] = *request.topP;
    if (!request.stop.isEmpty())
        body["stop_sequences"] = RequestUtil::stringArray(request.stop);
    if (!thinking.is_null())
        body["thinking"] = std::move(thinking);
    if (!outputConfig.empty())
        body["output_config"] = std::move(outputConfig);
    body["stream"] = true;

    HttpRequest http = std::move(prepared).value();
    addHeader(http, "content-type", "application/json");
    addHeader(http, "accept", "text/event-stream");
    http.body = QByteArray::fromStdString(body.dump());
    return http;
}

std::unique_ptr<StreamDecoder> AnthropicProvider::createDecoder() const
{
    return std::make_unique<AnthropicDecoder>();
}

Result<HttpRequest> AnthropicProvider::buildCountTokensRequest(const ChatRequest &request,
                                                               const ProviderSettings &settings) const
{
    Result<HttpRequest> prepared = prepare(settings, "POST", u"/messages/count_tokens"_s);
    if (!prepared)
        return prepared.error();
    Result<ordered_json> body = conversation(request, displayName());
    if (!body)
        return body.error();
    HttpRequest http = std::move(prepared).value();
    addHeader(http, "content-type", "application/json");
    addHeader(http, "accept", "application/json");
    http.body = QByteArray::fromStdString(body.value().dump());
    return http;
}

Result<std::int64_t> AnthropicProvider::parseCountTokens(const QByteArray &body) const
{
    const JsonUtil::json root = JsonUtil::parse(body);
    if (const auto n = JsonUtil::integer(root, "input_tokens"))
        return *n;
    return Error{Error::Kind::Parse,
                 u"The token count answer has no input_tokens: %1"_s.arg(QString::fromUtf8(body.left(120)))};
}

Result<HttpRequest> AnthropicProvider::buildListModelsRequest(const ProviderSettings &settings,
                                                              const QString &cursor) const
{
    Result<HttpRequest> prepared = prepare(settings, "GET", u"/models"_s);
    if (!prepared)
        return prepared.error();
    HttpRequest http = std::move(prepared).value();
    QUrlQuery query(http.url);
    query.addQueryItem(u"limit"_s, u"1000"_s);
    if (!cursor.isEmpty())
        query.addQueryItem(u"after_id"_s, QString::fromLatin1(QUrl::toPercentEncoding(cursor)));
    http.url.setQuery(query);
    addHeader(http, "accept", "application/json");
    return http;
}

Result<HttpProvider::ModelPage> AnthropicProvider::parseModelList(const QByteArray &body) const
{
    using JsonUtil::json;
    const json root = JsonUtil::parse(body);
    const json *data = JsonUtil::member(root, "data");
    if (!data || !data->is_array()) {
        return Error{Error::Kind::Parse,
                     u"The model list is not {\"data\": [...]}: %1"_s.arg(QString::fromUtf8(body.left(120)))};
    }
    ModelPage page;
    for (const json &model : *data) {
        if (const QString id = JsonUtil::string(model, "id"); !id.isEmpty())
            page.models << id;
    }
    const json *more = JsonUtil::member(root, "has_more");
    if (more && more->is_boolean() && more->get<bool>()) {
        page.nextCursor = JsonUtil::string(root, "last_id");
        if (page.nextCursor.isEmpty() && !page.models.isEmpty())
            page.nextCursor = page.models.last();
    }
    return page;
}

} // namespace Crucible
