#include "settings/settingsdialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>

#include "keys/keystore.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "settings/pricespage.h"
#include "settings/providerkeyeditor.h"

using namespace Qt::StringLiterals;

namespace Crucible {

SettingsDialog::SettingsDialog(const ProviderRegistry &providers, KeyStore &keys,
                               ProviderPrefs &prefs, QWidget *parent)
    : QDialog(parent)
    , m_keys(keys)
    , m_banner(new QLabel(this))
    , m_list(new QListWidget(this))
    , m_pages(new QStackedWidget(this))
{
    setWindowTitle(tr("Settings"));
    setObjectName(u"settingsDialog"_s);
    resize(860, 520);

    m_banner->setObjectName(u"keychainBanner"_s);
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setStyleSheet(u"QLabel { background: #fff4ce; color: #5c4400; border: 1px solid #e0c36b;"
                            " border-radius: 3px; padding: 6px; }"_s);

    m_list->setObjectName(u"providerList"_s);
    m_list->setMaximumWidth(240);
    for (const Provider *provider : providers.all()) {
        auto *item = new QListWidgetItem(provider->displayName(), m_list);
        item->setData(Qt::UserRole, provider->id());
        item->setToolTip(provider->id());
        m_pages->addWidget(new ProviderKeyEditor(*provider, keys, prefs, m_pages));
    }
    connect(m_list, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    auto *page = new QWidget(this);
    auto *row = new QHBoxLayout;
    row->addWidget(m_list);
    row->addWidget(m_pages, 1);
    auto *pageLayout = new QVBoxLayout(page);
    pageLayout->addWidget(m_banner);
    pageLayout->addLayout(row, 1);

    auto *tabs = new QTabWidget(this);
    m_tabs = tabs;
    tabs->addTab(page, tr("&Providers"));
    m_prices = new PricesPage(providers, tabs);
    tabs->addTab(m_prices, tr("&Models and prices"));
    connect(m_prices, &PricesPage::pricesSaved, this, &SettingsDialog::pricesChanged);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs, 1);
    layout->addWidget(buttons);

    // Open on the first provider that takes a key (the Simulator needs none).
    int first = 0;
    for (int i = 0; i < m_list->count(); ++i) {
        if (!editors().at(i)->provider().apiKeyEnvVars().isEmpty()) {
            first = i;
            break;
        }
    }
    m_list->setCurrentRow(first);
    connect(&m_keys, &KeyStore::backendChanged, this, &SettingsDialog::updateBanner);
    updateBanner();
}

bool SettingsDialog::selectProvider(const QString &id)
{
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->data(Qt::UserRole).toString() == id) {
            m_list->setCurrentRow(i);
            return true;
        }
    }
    return false;
}

ProviderKeyEditor *SettingsDialog::currentEditor() const
{
    return qobject_cast<ProviderKeyEditor *>(m_pages->currentWidget());
}

QList<ProviderKeyEditor *> SettingsDialog::editors() const
{
    QList<ProviderKeyEditor *> out;
    for (int i = 0; i < m_pages->count(); ++i)
        out.append(qobject_cast<ProviderKeyEditor *>(m_pages->widget(i)));
    return out;
}

void SettingsDialog::showPricesPage()
{
    m_tabs->setCurrentWidget(m_prices);
}

bool SettingsDialog::isBannerVisible() const
{
    return !m_banner->isHidden();
}

void SettingsDialog::updateBanner()
{
    switch (m_keys.backend()) {
    case KeyStore::Backend::MemoryOnly:
        m_banner->setText(tr("<b>No keychain available</b> (%1): keys are kept in memory only "
                             "until you quit. Nothing is written to disk.")
                              .arg(m_keys.unavailableReason().toHtmlEscaped()));
        m_banner->setVisible(true);
        break;
    case KeyStore::Backend::Probing:
        m_banner->setText(tr("Checking the keychain…"));
        m_banner->setVisible(true);
        break;
    case KeyStore::Backend::Keychain:
        m_banner->clear();
        m_banner->setVisible(false);
        break;
    }
}

} // namespace Crucible
