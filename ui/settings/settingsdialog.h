#pragma once

#include <QDialog>

class QLabel;
class QListWidget;
class QStackedWidget;
class QTabWidget;

namespace Crucible {

class KeyStore;
class PricesPage;
class ProviderKeyEditor;
class ProviderPrefs;
class ProviderRegistry;

/// Settings (Ctrl+,). Providers page: one entry per provider of the registry (list on the left,
/// its ProviderKeyEditor on the right) and a banner when no keychain answers ("keys are kept in
/// memory only until you quit"). Models and prices page: PricesPage (price overrides; emits
/// pricesChanged() after a save). The registry, key store and prefs must outlive the dialog.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(const ProviderRegistry &providers, KeyStore &keys, ProviderPrefs &prefs,
                   QWidget *parent = nullptr);

    /// Shows the page of that provider; false when it is not in the registry.
    bool selectProvider(const QString &id);
    ProviderKeyEditor *currentEditor() const;
    QList<ProviderKeyEditor *> editors() const;
    bool isBannerVisible() const;
    PricesPage *pricesPage() const { return m_prices; }
    /// Shows the Models and prices tab.
    void showPricesPage();

Q_SIGNALS:
    /// The user price overrides file was saved.
    void pricesChanged();

private:
    void updateBanner();

    KeyStore &m_keys;
    QLabel *m_banner = nullptr;
    QListWidget *m_list = nullptr;
    QStackedWidget *m_pages = nullptr;
    QTabWidget *m_tabs = nullptr;
    PricesPage *m_prices = nullptr;
};

} // namespace Crucible
