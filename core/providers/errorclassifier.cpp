#include "providers/errorclassifier.h"

#include <QRegularExpression>

#include "providers/errorclassifier_p.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using JsonUtil::json;

namespace {

/// What a provider said about an error, before classification.
struct Details
{
    QString message;
    QString type;                        ///< error.type, or Gemini's error.status
    QString code;                        ///< error.code as text ("context_length_exceeded", "1300", "429")
    std::optional<int> numericCode;      ///< error.code when it is a JSON number (Gemini, OpenRouter)
    std::optional<double> retryDelay;    ///< Gemini RetryInfo.retryDelay
};

QString detailText(const json &v);

QString messageText(const json *v)
{
    if (!v || v->is_null())
        return {};
    if (v->is_string())
        return QString::fromStdString(v->get_ref<const std::string &>());
    if (const json *detail = JsonUtil::member(*v, "detail"))
        return detailText(*detail); // Mistral 422: "message": {"detail": [...]}
    if (const json *inner = JsonUtil::member(*v, "message"))
        return messageText(inner);
    if (v->is_array())
        return detailText(*v);
    return QString::fromStdString(v->dump());
}

/// FastAPI validation details: [{"loc":["body","x"],"msg":"...","type":"..."}] -> "msg (body.x)".
QString detailText(const json &v)
{
    if (v.is_string())
        return QString::fromStdString(v.get_ref<const std::string &>());
    if (!v.is_array())
        return messageText(&v);
    QStringList parts;
    for (const json &item : v) {
        QString text = JsonUtil::string(item, "msg");
        if (text.isEmpty())
            text = messageText(&item);
        QStringList loc;
        if (const json *l = JsonUtil::member(item, "loc"); l && l->is_array()) {
            for (const json &piece : *l)
                loc << JsonUtil::scalarText(&piece);
        }
        parts << (loc.isEmpty() ? text : u"%1 (%2)"_s.arg(text, loc.join(u'.')));
    }
    return parts.join(u"; "_s);
}

std::optional<double> parseDuration(const json &v)
{
    if (v.is_string()) { // proto3 JSON Duration: "53s", "1.5s"
        QString s = QString::fromStdString(v.get_ref<const std::string &>()).trimmed();
        if (s.endsWith(u's'))
            s.chop(1);
        bool ok = false;
        const double d = s.toDouble(&ok);
        return ok && d >= 0 ? std::optional<double>(d) : std::nullopt;
    }
    if (v.is_object()) { // {"seconds": 53, "nanos": 0}
        const auto secs = JsonUtil::integer(v, "seconds");
        const auto nanos = JsonUtil::integer(v, "nanos");
        if (secs || nanos)
            return double(secs.value_or(0)) + double(nanos.value_or(0)) / 1e9;
    }
    return std::nullopt;
}

void readErrorObject(const json &e, Details &d)
{
    d.message = messageText(JsonUtil::member(e, "message"));
    if (d.message.isEmpty())
        d.message = messageText(JsonUtil::member(e, "detail"));
    d.type = JsonUtil::string(e, "type");
    if (d.type.isEmpty())
        d.type = JsonUtil::string(e, "status"); // Gemini: "RESOURCE_EXHAUSTED"
    const json *code = JsonUtil::member(e, "code");
    d.code = JsonUtil::scalarText(code);
    if (code && code->is_number_integer())
        d.numericCode = code->get<int>();
    if (const json *details = JsonUtil::member(e, "details"); details && details->is_array()) {
        for (const json &item : *details) {
            if (JsonUtil::string(item, "@type").endsWith("RetryInfo"_L1)) {
                if (const json *delay = JsonUtil::member(item, "retryDelay"))
                    d.retryDelay = parseDuration(*delay);
            }
        }
    }
}

Details fromJson(const json &root)
{
    Details d;
    const json *error = JsonUtil::member(root, "error");
    if (error && error->is_string())
        d.message = messageText(error); // Ollama native: {"error": "text"}
    else if (error && error->is_object())
        readErrorObject(*error, d); // OpenAI, Anthropic, Gemini, llama.cpp, OpenRouter
    else if (root.is_object())
        readErrorObject(root, d); // Mistral/vLLM {"object":"error",...}, FastAPI, bare error object
    if (d.type == "error"_L1) // Anthropic's envelope type, not the error's
        d.type.clear();
    return d;
}

/// A non-JSON body (HTML error page, proxy text): its <title> or its text without tags.
QString plainBodyText(const QString &text)
{
    static const QRegularExpression title(u"<title[^>]*>(.*?)</title>"_s,
                                          QRegularExpression::CaseInsensitiveOption
                                              | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression tag(u"<[^>]*>"_s);
    if (!text.trimmed().startsWith(u'<'))
        return text;
    if (const auto m = title.match(text); m.hasMatch() && !m.captured(1).trimmed().isEmpty())
        return m.captured(1);
    return QString(text).replace(tag, u" "_s);
}

bool containsAny(const QString &haystack, std::initializer_list<QLatin1StringView> needles)
{
    for (QLatin1StringView n : needles) {
        if (haystack.contains(n, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool saysContextLength(const Details &d)
{
    return containsAny(d.code + u' ' + d.type, {"context_length_exceeded"_L1})
        || containsAny(d.message, {"prompt is too long"_L1, "maximum context length"_L1,
                                   "context length"_L1, "context window"_L1,
                                   "input tokens exceed"_L1, "too many input tokens"_L1,
                                   "reduce the length of the messages"_L1,
                                   "exceeds the maximum number of tokens"_L1}); // Gemini
}

bool saysOverloaded(const Details &d)
{
    const QString all = d.message + u' ' + d.type + u' ' + d.code;
    return containsAny(all, {"overloaded"_L1, "unavailable"_L1, "loading model"_L1, "slow_down"_L1});
}

bool saysQuota(const Details &d)
{
    return containsAny(d.code + u' ' + d.type, {"insufficient_quota"_L1, "billing"_L1});
}

ErrorClass classFromStatus(int status, const Details &d)
{
    switch (status) {
    case 401: return ErrorClass::Auth;
    case 403: return ErrorClass::Permission;
    case 404: return ErrorClass::NotFound;
    case 402:
    case 429: return ErrorClass::RateLimit;
    case 408:
    case 504: return ErrorClass::Timeout;
    case 529: return ErrorClass::Overloaded;
    case 503: return saysOverloaded(d) ? ErrorClass::Overloaded : ErrorClass::Server;
    default: break;
    }
    // Gemini answers a bad or expired key with 400 INVALID_ARGUMENT (ErrorInfo API_KEY_INVALID).
    if (status == 400 && containsAny(d.message, {"API key not valid"_L1, "API key expired"_L1}))
        return ErrorClass::Auth;
    if (status >= 400 && status < 500)
        return saysContextLength(d) ? ErrorClass::ContextLength : ErrorClass::BadRequest;
    if (status >= 500 && status < 600)
        return saysContextLength(d) ? ErrorClass::ContextLength : ErrorClass::Server;
    return ErrorClass::None;
}

/// Mid-stream errors carry no HTTP status: classify by what the provider called the error.
ErrorClass classFromWords(const Details &d)
{
    auto is = [&](std::initializer_list<QLatin1StringView> names) {
        for (QLatin1StringView n : names) {
            if (d.type.compare(n, Qt::CaseInsensitive) == 0 || d.code.compare(n, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    };
    if (saysContextLength(d))
        return ErrorClass::ContextLength;
    if (is({"overloaded_error"_L1, "server_is_overloaded"_L1, "slow_down"_L1, "UNAVAILABLE"_L1,
            "unavailable_error"_L1})
        || d.message.contains("overloaded"_L1, Qt::CaseInsensitive))
        return ErrorClass::Overloaded;
    if (is({"rate_limit_error"_L1, "rate_limited"_L1, "rate_limit_exceeded"_L1,
            "insufficient_quota"_L1, "RESOURCE_EXHAUSTED"_L1, "billing_error"_L1}))
        return ErrorClass::RateLimit;
    if (is({"authentication_error"_L1, "invalid_api_key"_L1, "UNAUTHENTICATED"_L1}))
        return ErrorClass::Auth;
    if (is({"permission_error"_L1, "PERMISSION_DENIED"_L1}))
        return ErrorClass::Permission;
    if (is({"not_found_error"_L1, "model_not_found"_L1, "NOT_FOUND"_L1}))
        return ErrorClass::NotFound;
    if (is({"invalid_request_error"_L1, "INVALID_ARGUMENT"_L1, "FAILED_PRECONDITION"_L1,
            "request_too_large"_L1}))
        return ErrorClass::BadRequest;
    if (is({"timeout_error"_L1, "DEADLINE_EXCEEDED"_L1}))
        return ErrorClass::Timeout;
    if (d.numericCode) {
        if (const ErrorClass c = classFromStatus(*d.numericCode, d); c != ErrorClass::None)
            return c;
    }
    return ErrorClass::Server; // server_error, api_error, INTERNAL and anything unknown
}

ProviderError toError(ErrorClass c, const Details &d, int httpStatus, QString fallbackMessage)
{
    ProviderError e;
    e.errorClass = c;
    e.httpStatus = httpStatus;
    e.providerType = d.type;
    e.providerCode = d.code;
    e.retryAfterSeconds = d.retryDelay;
    QString message = ErrorClassifier::oneLine(d.message);
    if (message.isEmpty())
        message = std::move(fallbackMessage);
    if (c == ErrorClass::RateLimit && saysQuota(d) && !message.contains("quota"_L1, Qt::CaseInsensitive))
        message = ErrorClassifier::oneLine(u"Quota exhausted: "_s + message);
    e.message = message;
    return e;
}

} // namespace

QString ErrorClassifier::oneLine(const QString &text)
{
    QString s = text.simplified();
    if (s.size() > maxMessageLength)
        s = s.left(maxMessageLength - 1) + u'\u2026';
    return s;
}

std::optional<double> retryAfterFromHeaders(const HttpHeaders &headers, const QDateTime &now)
{
    bool ok = false;
    const QByteArray ms = headerValue(headers, "retry-after-ms").trimmed();
    if (const double v = ms.toDouble(&ok); ok && v >= 0)
        return v / 1000.0;
    const QByteArray ra = headerValue(headers, "retry-after").trimmed();
    if (ra.isEmpty())
        return std::nullopt;
    if (const double v = ra.toDouble(&ok); ok && v >= 0)
        return v;
    // HTTP-date (IMF-fixdate), e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    QString date = QString::fromLatin1(ra);
    if (date.endsWith(" GMT"_L1) || date.endsWith(" UTC"_L1))
        date = date.chopped(4) + " +0000"_L1;
    const QDateTime when = QDateTime::fromString(date, Qt::RFC2822Date);
    if (!when.isValid())
        return std::nullopt;
    return std::max(0.0, double(now.msecsTo(when)) / 1000.0);
}

ProviderError classifyHttpError(int status, const HttpHeaders &headers, QByteArrayView body,
                                const QDateTime &now)
{
    const json root = JsonUtil::parse(body);
    Details d;
    if (!root.is_discarded() && root.is_object())
        d = fromJson(root);
    else
        d.message = plainBodyText(QString::fromUtf8(body.data(), body.size()));
    ErrorClass c = classFromStatus(status, d);
    if (c == ErrorClass::None)
        c = classFromWords(d);
    ProviderError e = toError(c, d, status, u"HTTP %1"_s.arg(status));
    if (const auto headerDelay = retryAfterFromHeaders(headers, now))
        e.retryAfterSeconds = headerDelay;
    return e;
}

ProviderError ErrorClassifier::fromStreamJson(const json &value)
{
    const Details d = fromJson(value);
    return toError(classFromWords(d), d, 0, u"The provider reported an error in the stream"_s);
}

ProviderError classifyStreamError(QByteArrayView text)
{
    const json root = JsonUtil::parse(text);
    if (root.is_discarded() || !root.is_object()) {
        ProviderError e;
        e.errorClass = ErrorClass::Malformed;
        e.message = ErrorClassifier::oneLine(u"Unreadable error event: "_s
                                             + QString::fromUtf8(text.data(), text.size()));
        return e;
    }
    return ErrorClassifier::fromStreamJson(root);
}

} // namespace Crucible
