#pragma once

#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace Crucible {

class Provider;

/// Every provider Crucible knows, in display order (Simulator first: it is the default).
class ProviderRegistry
{
public:
    ProviderRegistry();
    ~ProviderRegistry();
    const Provider *find(const QString &id) const; ///< nullptr when unknown
    QList<const Provider *> all() const;
    QStringList ids() const;

private:
    std::vector<std::unique_ptr<Provider>> m_providers;
};

} // namespace Crucible
