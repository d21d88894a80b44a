#include "providers/anthropic/anthropicprovider.h"

#include <QRegularExpression>
#include <QUrlQuery>

#include "providers/anthropic/anthropicdecoder.h"
#include "providers/jsonutil.h"
#include "providers/openaichatprovider.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using ordered_json = nlohmann::ordered_json;

namespace {

constexpr int s_minThinkingBudget = 1024;

void addHeader(HttpRequest &http, const char *name, const char *value)
{
    http.headers.append({QByteArray(name), QByteArray(value)});
}

std::string utf8(const QString &s)
{
    return s.toStdString();
}

/// {base path}/v1/{path}, without doubling a /v1 the base already ends in.
QUrl endpoint(QUrl base, const QString &path)
{
    QString prefix = base.path();
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    if (!prefix.endsWith("/v1"_L1, Qt::CaseInsensitive))
        prefix += "/v1"_L1;
    base.setPath(prefix + u'/' + path);
    return base;
}

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
    if (request.model.trimmed().isEmpty())
        return Error{Error::Kind::Usage, u"No model given for %1"_s.arg(providerName)};
    QStringList system;
    ordered_json messages = ordered_json::array();
    for (const ChatMessage &m : request.messages) {
        switch (m.role) {
        case ChatMessage::Role::System:
        case ChatMessage::Role::Developer:
            if (!m.text.isEmpty())
                system << m.text;
            break;
        case ChatMessage::Role::User:
            messages.push_back({{"role", "user"}, {"content", utf8(m.text)}});
            break;
        case ChatMessage::Role::Assistant:
            messages.push_back({{"role", "assistant"}, {"content", utf8(m.text)}});
            break;
        }
    }
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

QString AnthropicProvider::id() const
{
    return u"anthropic"_s;
}

QString AnthropicProvider::displayName() const
{
    return u"Anthropic (Messages)"_s;
}

QUrl AnthropicProvider::defaultBaseUrl() const
{
    return QUrl(u"https://api.anthropic.com"_s);
}

QString AnthropicProvider::apiKeyEnvVar() const
{
    return u"ANTHROPIC_API_KEY"_s;
}

QStringList AnthropicProvider::suggestedModels() const
{
    return {u"claude-sonnet-5-5"_s, u"claude-opus-5-5"_s, u"claude-haiku-4-5"_s};
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

Result<HttpRequest> AnthropicProvider::prepare(const ProviderSettings &settings, const QString &path) const
{
    Result<QUrl> base = resolveBaseUrl(settings);
    if (!base)
        return base.error();
    const QString host = base.value().host();
    const QString key = settings.apiKey.trimmed();
    if (key.isEmpty() && !OpenAIChatProvider::isLocalHost(host)) {
        return Error{Error::Kind::Usage,
                     u"%1 needs an API key for %2: set %3 (a local server needs none)"_s.arg(
                         displayName(), host, apiKeyEnvVar())};
    }
    HttpRequest http;
    http.url = endpoint(base.value(), path);
    http.headers = {{"anthropic-version", "2023-06-01"}};
    if (!key.isEmpty()) {
        http.headers.append({"x-api-key", key.toUtf8()});
        http.secrets << key;
    }
    http.timeouts = settings.timeouts;
    return http;
}

Result<HttpRequest> AnthropicProvider::buildRequest(const ChatRequest &request,
                                                    const ProviderSettings &settings) const
{
    Result<HttpRequest> prepared = prepare(settings, u"messages"_s);
    if (!prepared)
        return prepared.error();
    Result<ordered_json> shared = conversation(request, displayName());
    if (!shared)
        return shared.error();
    if (request.maxOutputTokens && *request.maxOutputTokens <= 0)
        return Error{Error::Kind::Usage, u"The maximum number of output tokens must be positive"_s};
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
        const QByteArray schemaText = request.jsonSchema.toUtf8();
        ordered_json schema = ordered_json::parse(schemaText.begin(), schemaText.end(), nullptr, false);
        if (schema.is_discarded() || !schema.is_object())
            return Error{Error::Kind::Usage, u"The JSON schema is not a valid JSON object"_s};
        outputConfig["format"] = {{"type", "json_schema"}, {"schema", std::move(schema)}};
    }

    body["max_tokens"] = maxTokens;
    if (request.temperature)
        body["temperature"] = *request.temperature;
    if (request.topP)
        body["top_p"] = *request.topP;
    if (!request.stop.isEmpty()) {
        ordered_json stops = ordered_json::array();
        for (const QString &s : request.stop)
            stops.push_back(utf8(s));
        body["stop_sequences"] = std::move(stops);
    }
    if (!thinking.is_null())
        body["thinking"] = std::move(thinking);
    if (!outputConfig.empty())
        body["output_config"] = std::move(outputConfig);
    body["stream"] = true;

    HttpRequest http = std::move(prepared).value();
    http.method = "POST";
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
    Result<HttpRequest> prepared = prepare(settings, u"messages/count_tokens"_s);
    if (!prepared)
        return prepared.error();
    Result<ordered_json> body = conversation(request, displayName());
    if (!body)
        return body.error();
    HttpRequest http = std::move(prepared).value();
    http.method = "POST";
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
    Result<HttpRequest> prepared = prepare(settings, u"models"_s);
    if (!prepared)
        return prepared.error();
    HttpRequest http = std::move(prepared).value();
    http.method = "GET";
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
