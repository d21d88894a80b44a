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

protected:
    /// settings.baseUrl or the default; Usage error unless it is an absolute http(s) URL.
    Result<QUrl> resolveBaseUrl(const ProviderSettings &settings) const;
};

} // namespace Crucible
