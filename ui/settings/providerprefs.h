#pragma once

#include <QObject>
#include <QString>

namespace Crucible {

/// Per-provider preferences that are not secret: the base URL override. Persisted with QSettings
/// ("providers/<id>/baseUrl"); API keys never go here (KeyStore holds them). GUI thread only.
class ProviderPrefs : public QObject
{
    Q_OBJECT
public:
    explicit ProviderPrefs(QObject *parent = nullptr);

    QString baseUrl(const QString &providerId) const; ///< empty: the provider's default
    /// Trimmed; empty removes the override. Emits baseUrlChanged() when the value changes.
    void setBaseUrl(const QString &providerId, const QString &url);

Q_SIGNALS:
    void baseUrlChanged(const QString &providerId);
};

} // namespace Crucible
