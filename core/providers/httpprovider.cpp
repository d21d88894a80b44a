#include "providers/httpprovider.h"

#include "providers/redactingdecoder.h"
#include "transport/httpstreamsource.h"

using namespace Qt::StringLiterals;

namespace Crucible {

Result<std::unique_ptr<StreamSource>> HttpProvider::createSource(const ChatRequest &request,
                                                                 const ProviderSettings &settings,
                                                                 HttpTransport &transport) const
{
    Result<HttpRequest> built = buildRequest(request, settings);
    if (!built)
        return built.error();
    HttpRequest http = std::move(built).value();
    std::unique_ptr<StreamDecoder> decoder = createDecoder();
    if (!http.secrets.isEmpty()) // error bodies may echo the key: never let it through
        decoder = std::make_unique<RedactingDecoder>(std::move(decoder), http.secrets);
    std::unique_ptr<StreamSource> source =
        std::make_unique<HttpStreamSource>(transport, std::move(http), std::move(decoder));
    return source;
}

Result<HttpRequest> HttpProvider::buildListModelsRequest(const ProviderSettings &, const QString &) const
{
    return Error{Error::Kind::Usage, u"%1 cannot list its models"_s.arg(displayName())};
}

Result<HttpProvider::ModelPage> HttpProvider::parseModelList(const QByteArray &) const
{
    return Error{Error::Kind::Usage, u"%1 cannot list its models"_s.arg(displayName())};
}

Result<HttpRequest> HttpProvider::buildCountTokensRequest(const ChatRequest &, const ProviderSettings &) const
{
    return Error{Error::Kind::Usage, u"%1 has no token-counting endpoint"_s.arg(displayName())};
}

Result<std::int64_t> HttpProvider::parseCountTokens(const QByteArray &) const
{
    return Error{Error::Kind::Usage, u"%1 has no token-counting endpoint"_s.arg(displayName())};
}

Result<QUrl> HttpProvider::resolveBaseUrl(const ProviderSettings &settings) const
{
    const QUrl url = settings.baseUrl.isEmpty() ? defaultBaseUrl() : settings.baseUrl;
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.isRelative() || url.host().isEmpty()
        || (scheme != "http"_L1 && scheme != "https"_L1)) {
        // Never echo user info (it may hold a password).
        const QString shown = url.toDisplayString(QUrl::RemoveUserInfo);
        return Error{Error::Kind::Usage,
                     u"Invalid base URL \"%1\": expected an absolute http:// or https:// URL"_s.arg(shown)};
    }
    return url;
}

} // namespace Crucible
