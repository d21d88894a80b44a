#pragma once

// Private to core/providers: what the providers' request builders share (validation, endpoint
// paths, message flattening, key headers, JSON pieces). Includes nlohmann_json through
// jsonutil.h: include it from .cpp files only, never from a public header.

#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>
#include <string>

#include "common/result.h"
#include "providers/chatrequest.h"
#include "providers/jsonutil.h"
#include "transport/httprequest.h"

namespace Crucible::RequestUtil {

using ordered_json = nlohmann::ordered_json;

inline std::string utf8(const QString &s)
{
    return s.toStdString();
}

/// "No model given for <provider>" unless `model` (already normalised by the caller) is non-empty.
std::optional<Error> checkModel(const QString &model, const QString &displayName);
/// A model is given and there is at least one message ("Nothing to send: ... no messages").
std::optional<Error> checkModelAndMessages(const ChatRequest &request, const QString &displayName);
/// maxOutputTokens, when set, is positive.
std::optional<Error> checkMaxTokens(const ChatRequest &request);

/// The base path without trailing slashes; `options` as for QUrl::path().
QString trimmedPath(const QUrl &base, QUrl::ComponentFormattingOptions options = QUrl::PrettyDecoded);
/// {base path}{suffix}: trailing slashes of the base path dropped first.
QUrl endpoint(QUrl base, QStringView suffix);
/// {base path}[root]{suffix}: `root` ("/v1", "/api") is added unless the base path already ends in it.
QUrl endpointUnder(QUrl base, QStringView root, QStringView suffix, Qt::CaseSensitivity cs = Qt::CaseSensitive);

/// The trimmed key as `header: prefix + key` (and in http.secrets); nothing for an empty key.
void addApiKey(HttpRequest &http, const QString &apiKey, const QByteArray &header,
               const QByteArray &prefix = {});
/// A request with method, url and the settings' timeouts; nothing else.
HttpRequest makeRequest(const QByteArray &method, const QUrl &url, const ProviderSettings &settings);

/// System and Developer texts, in order (empty texts left out when skipEmpty); every User and
/// Assistant message goes to `turn`, in order. Callers join the texts with a blank line.
QStringList splitSystem(const ChatRequest &request, bool skipEmpty,
                    const std::function<void(const ChatMessage &)> &turn);
/// [{"role", "content"}] of every message, Chat Completions style: System -> "system", Developer
/// -> "developer" when keepDeveloper, else "system".
ordered_json chatMessages(const ChatRequest &request, bool keepDeveloper);

/// A JSON array of the strings (empty ones left out when skipEmpty).
ordered_json stringArray(const QStringList &strings, bool skipEmpty = false);
/// The body as compact JSON, invalid UTF-8 replaced (U+FFFD) rather than thrown on.
QByteArray lenientDump(const ordered_json &body);
/// ChatRequest::jsonSchema parsed; Usage error unless it is a JSON object.
Result<ordered_json> parseSchema(const QString &jsonSchema);

/// "<provider> answered the model list with something that is not a list of models".
Error notAModelList(const QString &displayName);
/// Model ids of a list, each from the first non-empty of `keys` (a bare string element counts when
/// acceptStrings), without duplicates, in order.
QStringList modelIds(const JsonUtil::json &list, std::initializer_list<const char *> keys,
                     bool acceptStrings = false);
/// modelIds() of the array under `listKey` of the JSON body into `ids`; false when there is none.
bool modelIdsAt(const QByteArray &body, const char *listKey, std::initializer_list<const char *> keys,
                QStringList &ids);

} // namespace Crucible::RequestUtil
