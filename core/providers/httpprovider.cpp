#include "providers/httpprovider.h"

#include "providers/redactingdecoder.h"
#include "transport/httpstreamsource.h"

#include <array>
#include <optional>

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

/// Dotted-quad IPv4 as four octets; nullopt for anything else.
std::optional<std::array<int, 4>> ipv4(const QString &host)
{
    const QStringList parts = host.split(u'.');
    if (parts.size() != 4)
        return std::nullopt;
    std::array<int, 4> octets{};
    for (int i = 0; i < 4; ++i) {
        bool ok = false;
        octets[i] = parts[i].toInt(&ok);
        if (!ok || octets[i] < 0 || octets[i] > 255)
            return std::nullopt;
    }
    return octets;
}

} // namespace

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

Result<QUrl> HttpProvider::checkedBaseUrl(const ProviderSettings &settings, bool keyRequired) const
{
    Result<QUrl> base = resolveBaseUrl(settings);
    if (!base)
        return base.error();
    const QString host = base.value().host();
    if (keyRequired && settings.apiKey.trimmed().isEmpty() && !isLocalHost(host)) {
        return Error{Error::Kind::Usage,
                     u"%1 needs an API key for %2: set %3 (a local server needs none)"_s.arg(
                         displayName(), host, apiKeyEnvVars().join(u" or "_s))};
    }
    return base;
}

bool HttpProvider::isLocalHost(const QString &hostName)
{
    const QString host = hostName.toLower();
    if (host == "localhost"_L1 || host.endsWith(".localhost"_L1) || host.endsWith(".local"_L1))
        return true;
    if (const auto ip = ipv4(host)) {
        const auto &o = *ip;
        return o[0] == 127 || o[0] == 10 || (o[0] == 172 && o[1] >= 16 && o[1] <= 31)
            || (o[0] == 192 && o[1] == 168) || (o[0] == 169 && o[1] == 254)
            || (o[0] == 0 && o[1] == 0 && o[2] == 0 && o[3] == 0);
    }
    if (host.contains(u':')) { // IPv6 (QUrl::host() has no brackets)
        return host == "::1"_L1 || host.startsWith("fc"_L1) || host.startsWith("fd"_L1)
            || host.startsWith("fe8"_L1) || host.startsWith("fe9"_L1) || host.startsWith("fea"_L1)
            || host.startsWith("feb"_L1) || host.startsWith("::ffff:127."_L1);
    }
    return false;
}

} // namespace Crucible
