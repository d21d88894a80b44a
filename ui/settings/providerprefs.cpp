#include "settings/providerprefs.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

QString baseUrlKey(const QString &providerId)
{
    return u"providers/"_s + providerId + u"/baseUrl"_s;
}

} // namespace

ProviderPrefs::ProviderPrefs(QObject *parent)
    : QObject(parent)
{
}

QString ProviderPrefs::baseUrl(const QString &providerId) const
{
    return QSettings().value(baseUrlKey(providerId)).toString();
}

void ProviderPrefs::setBaseUrl(const QString &providerId, const QString &url)
{
    const QString trimmed = url.trimmed();
    if (trimmed == baseUrl(providerId))
        return;
    QSettings settings;
    if (trimmed.isEmpty())
        settings.remove(baseUrlKey(providerId));
    else
        settings.setValue(baseUrlKey(providerId), trimmed);
    Q_EMIT baseUrlChanged(providerId);
}

} // namespace Crucible
