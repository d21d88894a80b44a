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

protected:
    /// settings.baseUrl or the default; Usage error unless it is an absolute http(s) URL.
    Result<QUrl> resolveBaseUrl(const ProviderSettings &settings) const;
};

} // namespace Crucible
