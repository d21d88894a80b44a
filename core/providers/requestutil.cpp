#include "providers/requestutil.h"

using namespace Qt::StringLiterals;

namespace Crucible::RequestUtil {

std::optional<Error> checkModel(const QString &model, const QString &displayName)
{
    if (model.trimmed().isEmpty())
        return Error{Error::Kind::Usage, u"No model given for %1"_s.arg(displayName)};
    return std::nullopt;
}

std::optional<Error> checkModelAndMessages(const ChatRequest &request, const QString &displayName)
{
    if (auto e = checkModel(request.model, displayName))
        return e;
    if (request.messages.isEmpty())
        return Error{Error::Kind::Usage, u"Nothing to send: the request has no messages"_s};
    return std::nullopt;
}

std::optional<Error> checkMaxTokens(const ChatRequest &request)
{
    if (request.maxOutputTokens && *request.maxOutputTokens <= 0)
        return Error{Error::Kind::Usage, u"The maximum number of output tokens must be positive"_s};
    return std::nullopt;
}

QString trimmedPath(const QUrl &base, QUrl::ComponentFormattingOptions options)
{
    QString path = base.path(options);
    while (path.endsWith(u'/'))
        path.chop(1);
    return path;
}

QUrl endpoint(QUrl base, QStringView suffix)
{
    base.setPath(trimmedPath(base).append(suffix));
    return base;
}

QUrl endpointUnder(QUrl base, QStringView root, QStringView suffix, Qt::CaseSensitivity cs)
{
    QString path = trimmedPath(base);
    if (!path.endsWith(root, cs))
        path += root;
    base.setPath(path.append(suffix));
    return base;
}

void addApiKey(HttpRequest &http, const QString &apiKey, const QByteArray &header, const QByteArray &prefix)
{
    const QString key = apiKey.trimmed();
    if (key.isEmpty())
        return;
    http.headers.append({header, prefix + key.toUtf8()});
    http.secrets << key;
}

HttpRequest makeRequest(const QByteArray &method, const QUrl &url, const ProviderSettings &settings)
{
    HttpRequest http;
    http.method = method;
    http.url = url;
    http.timeouts = settings.timeouts;
    return http;
}

QStringList splitSystem(const ChatRequest &request, bool skipEmpty,
                    const std::function<void(const ChatMessage &)> &turn)
{
    QStringList system;
    for (const ChatMessage &m : request.messages) {
        switch (m.role) {
        case ChatMessage::Role::System:
        case ChatMessage::Role::Developer:
            if (!skipEmpty || !m.text.isEmpty())
                system << m.text;
            break;
        case ChatMessage::Role::User:
        case ChatMessage::Role::Assistant:
            turn(m);
            break;
        }
    }
    return system;
}

ordered_json chatMessages(const ChatRequest &request, bool keepDeveloper)
{
    ordered_json messages = ordered_json::array();
    for (const ChatMessage &m : request.messages) {
        const char *role = "user";
        switch (m.role) {
        case ChatMessage::Role::System: role = "system"; break;
        case ChatMessage::Role::Developer: role = keepDeveloper ? "developer" : "system"; break;
        case ChatMessage::Role::User: role = "user"; break;
        case ChatMessage::Role::Assistant: role = "assistant"; break;
        }
        messages.push_back({{"role", role}, {"content", utf8(m.text)}});
    }
    return messages;
}

ordered_json stringArray(const QStringList &strings, bool skipEmpty)
{
    ordered_json array = ordered_json::array();
    for (const QString &s : strings) {
        if (!skipEmpty || !s.isEmpty())
            array.push_back(utf8(s));
    }
    return array;
}

QByteArray lenientDump(const ordered_json &body)
{
    return QByteArray::fromStdString(body.dump(-1, ' ', false, ordered_json::error_handler_t::replace));
}

Result<ordered_json> parseSchema(const QString &jsonSchema)
{
    const QByteArray schemaText = jsonSchema.toUtf8();
    ordered_json schema = ordered_json::parse(schemaText.begin(), schemaText.end(), nullptr, false);
    if (schema.is_discarded() || !schema.is_object())
        return Error{Error::Kind::Usage, u"The JSON schema is not a valid JSON object"_s};
    return schema;
}

Error notAModelList(const QString &displayName)
{
    return Error{Error::Kind::Parse,
                 u"%1 answered the model list with something that is not a list of models"_s.arg(displayName)};
}

QStringList modelIds(const JsonUtil::json &list, std::initializer_list<const char *> keys, bool acceptStrings)
{
    QStringList ids;
    for (const JsonUtil::json &model : list) {
        QString id;
        if (acceptStrings && model.is_string())
            id = QString::fromStdString(model.get<std::string>());
        for (const char *key : keys) {
            if (!id.isEmpty())
                break;
            id = JsonUtil::string(model, key);
        }
        if (!id.isEmpty() && !ids.contains(id))
            ids << id;
    }
    return ids;
}

bool modelIdsAt(const QByteArray &body, const char *listKey, std::initializer_list<const char *> keys,
                QStringList &ids)
{
    const JsonUtil::json doc = JsonUtil::parse(body);
    const JsonUtil::json *list = JsonUtil::member(doc, listKey);
    if (!list || !list->is_array())
        return false;
    ids = modelIds(*list, keys);
    return true;
}

} // namespace Crucible::RequestUtil
