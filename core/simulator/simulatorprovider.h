#pragma once

#include "providers/provider.h"

namespace Crucible {

/// The built-in offline provider ("simulator"): no key, no network. Any model name works; the name
/// and the prompt seed the reply and its pace (see SimulatorConfig for the simulator:// base URL
/// keys and SimulatorScript for what a reply contains). Its token counts are simulated.
class SimulatorProvider : public Provider
{
public:
    QString id() const override;
    QString displayName() const override;
    bool isSimulated() const override { return true; }
    QUrl defaultBaseUrl() const override;
    QStringList suggestedModels() const override;

    /// Never touches the transport. Usage error on a bad simulator:// URL.
    Result<std::unique_ptr<StreamSource>> createSource(const ChatRequest &request,
                                                       const ProviderSettings &settings,
                                                       HttpTransport &transport) const override;
};

} // namespace Crucible
