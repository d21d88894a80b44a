#pragma once

#include "providers/provider.h"
#include "transport/httprequest.h"
#include "transport/streamdecoder.h"

namespace Crucible {

/// Base of every provider that speaks HTTP: subclasses say how to build the request and how to
/// decode the response; createSource() wires them to the transport (HttpStreamSource).
class HttpProvider : public Provider
{
public:
    /// What a provider says about itself; the Provider getters below return it.
    struct Identity
    {
        QString id;
        QString displayName;
        QUrl defaultBaseUrl;
        QStringList apiKeyEnvVars; ///< lookup order; the first is apiKeyEnvVar()
        bool requiresApiKey = false;
        QStringList suggestedModels;
    };

    QString id() const override { return m_identity.id; }
    QString displayName() const override { return m_identity.displayName; }
    QUrl defaultBaseUrl() const override { return m_identity.defaultBaseUrl; }
    QString apiKeyEnvVar() const override { return m_identity.apiKeyEnvVars.value(0); }
    QStringList apiKeyEnvVars() const override { return m_identity.apiKeyEnvVars; }
    bool requiresApiKey() const override { return m_identity.requiresApiKey; }
    QStringList suggestedModels() const override { return m_identity.suggestedModels; }

    Result<std::unique_ptr<StreamSource>> createSource(const ChatRequest &request,
                                                       const ProviderSettings &settings,
                                                       HttpTransport &transport) const override;

    /// The exact request this provider would send (also used for request previews and exports).
    /// Fails with a Usage error on an invalid base URL or a missing required key.
    virtual Result<HttpRequest> buildRequest(const ChatRequest &request,
                                             const ProviderSettings &settings) const = 0;
    virtual std::unique_ptr<StreamDecoder> createDecoder() const = 0;

    /// Listing models (providers.md §11): the GET request, and the parse of its whole body
    /// (2xx only; the caller classifies non-2xx with classifyHttpError). Model ids in the order
    /// the provider gave them, every page's request built by the caller with the returned cursor.
    /// Default: not supported (Usage error).
    struct ModelPage
    {
        QStringList models;
        QString nextCursor; ///< empty: last page (Anthropic after_id / has_more, Gemini nextPageToken)
    };
    virtual Result<HttpRequest> buildListModelsRequest(const ProviderSettings &settings,
                                                       const QString &cursor = {}) const;
    virtual Result<ModelPage> parseModelList(const QByteArray &body) const;

    /// A provider-side token counter (Anthropic /v1/messages/count_tokens, Gemini :countTokens).
    /// Default: none (canCountTokens false, Usage errors).
    virtual bool canCountTokens() const { return false; }
    virtual Result<HttpRequest> buildCountTokensRequest(const ChatRequest &request,
                                                        const ProviderSettings &settings) const;
    /// The input token count from a 2xx body.
    virtual Result<std::int64_t> parseCountTokens(const QByteArray &body) const;

    /// True for hosts where a server needs no key: localhost, *.localhost, *.local, loopback and
    /// private IPv4 (127/8, 10/8, 172.16/12, 192.168/16, 169.254/16), ::1, fc00::/7, fe80::/10.
    static bool isLocalHost(const QString &host);

protected:
    explicit HttpProvider(Identity identity) : m_identity(std::move(identity)) {}

    /// settings.baseUrl or the default; Usage error unless it is an absolute http(s) URL.
    Result<QUrl> resolveBaseUrl(const ProviderSettings &settings) const;
    /// resolveBaseUrl(), then, when keyRequired, a Usage error for an empty key unless the host is
    /// local (isLocalHost): "<name> needs an API key for <host>: set <apiKeyEnvVars joined by or>".
    Result<QUrl> checkedBaseUrl(const ProviderSettings &settings, bool keyRequired = true) const;

private:
    Identity m_identity;
};

} // namespace Crucible
