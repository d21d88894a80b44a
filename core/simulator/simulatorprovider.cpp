#include "simulator/simulatorprovider.h"

#include "simulator/simulatorconfig.h"
#include "simulator/simulatorscript.h"
#include "simulator/simulatorsource.h"

using namespace Qt::StringLiterals;

namespace Crucible {

QString SimulatorProvider::id() const
{
    return u"simulator"_s;
}

QString SimulatorProvider::displayName() const
{
    return u"Simulator (offline)"_s;
}

QUrl SimulatorProvider::defaultBaseUrl() const
{
    return QUrl(u"simulator://local"_s);
}

QStringList SimulatorProvider::suggestedModels() const
{
    return {u"sim-a"_s, u"sim-b"_s, u"sim-fast"_s, u"sim-slow"_s};
}

Result<std::unique_ptr<StreamSource>> SimulatorProvider::createSource(const ChatRequest &request,
                                                                      const ProviderSettings &settings,
                                                                      HttpTransport &transport) const
{
    Q_UNUSED(transport)
    ChatRequest effective = request;
    if (effective.model.isEmpty())
        effective.model = defaultModel();
    const auto config = SimulatorConfig::parse(settings.baseUrl, effective.model);
    if (!config)
        return config.error();
    std::unique_ptr<StreamSource> source = std::make_unique<SimulatorSource>(
        SimulatorScript::build(effective, config.value()), settings.timeouts);
    return source;
}

} // namespace Crucible
