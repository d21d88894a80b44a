#include "settings/providerkeyeditor.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QUrl>

#include "keys/keystore.h"
#include "providers/httpprovider.h"
#include "settings/modellister.h"
#include "settings/providerprefs.h"

using namespace Qt::StringLiterals;

namespace Crucible {

ProviderKeyEditor::ProviderKeyEditor(const Provider &provider, KeyStore &keys, ProviderPrefs &prefs,
                                     QWidget *parent)
    : QWidget(parent)
    , m_provider(provider)
    , m_keys(keys)
    , m_prefs(prefs)
    , m_lister(new ModelLister(this))
    , m_keyEdit(new QLineEdit(this))
    , m_save(new QPushButton(this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_source(new QLabel(this))
    , m_baseUrl(new QLineEdit(this))
    , m_test(new QPushButton(tr("&Test — list models"), this))
    , m_status(new QLabel(this))
    , m_models(new QPlainTextEdit(this))
{
    const bool http = dynamic_cast<const HttpProvider *>(&provider) != nullptr && !provider.isSimulated();
    const QStringList vars = provider.apiKeyEnvVars();
    const bool takesKey = http && !vars.isEmpty();

    auto *title = new QLabel(u"<b>%1</b>"_s.arg(provider.displayName().toHtmlEscaped()), this);
    title->setObjectName(u"providerTitle"_s);

    m_keyEdit->setObjectName(u"keyEdit"_s);
    m_keyEdit->setEchoMode(QLineEdit::Password);
    m_keyEdit->setClearButtonEnabled(true);
    m_keyEdit->setPlaceholderText(tr("paste a key, then Save"));
    m_save->setObjectName(u"saveKeyButton"_s);
    m_remove->setObjectName(u"removeKeyButton"_s);
    m_remove->setToolTip(tr("Forget the saved key (environment variables are not changed)"));
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyEdit, 1);
    keyRow->addWidget(m_save);
    keyRow->addWidget(m_remove);

    m_source->setObjectName(u"keySource"_s);
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *varsLabel = new QLabel(vars.isEmpty() ? tr("none") : vars.join(u", "_s), this);
    varsLabel->setObjectName(u"keyEnvVars"_s);
    varsLabel->setToolTip(tr("Used when no key is saved, in this order"));

    m_baseUrl->setObjectName(u"baseUrlEdit"_s);
    m_baseUrl->setClearButtonEnabled(true);
    m_baseUrl->setPlaceholderText(provider.requiresBaseUrl() ? tr("required, e.g. http://127.0.0.1:8080/v1")
                                                              : provider.defaultBaseUrl().toString());
    m_baseUrl->setText(prefs.baseUrl(provider.id()));
    m_baseUrl->setToolTip(tr("Empty: the provider's default. Used by new runs and by Test."));
    connect(m_baseUrl, &QLineEdit::editingFinished, this,
            [this] { m_prefs.setBaseUrl(m_provider.id(), m_baseUrl->text()); });

    m_test->setObjectName(u"testButton"_s);
    m_test->setToolTip(tr("Lists the provider's models with the key in the field, or the key in use"));
    m_status->setObjectName(u"statusLabel"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_models->setObjectName(u"modelList"_s);
    m_models->setReadOnly(true);
    m_models->setPlaceholderText(tr("models appear here after Test"));
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_status, 1);

    auto *form = new QFormLayout;
    auto *keyLabel = new QLabel(tr("API &key:"), this);
    keyLabel->setBuddy(m_keyEdit);
    form->addRow(keyLabel, keyRow);
    form->addRow(tr("Key in use:"), m_source);
    form->addRow(tr("Environment:"), varsLabel);
    form->addRow(tr("&Base URL:"), m_baseUrl);
    form->addRow(QString(), testRow);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addLayout(form);
    layout->addWidget(m_models, 1);

    if (!takesKey) {
        m_keyEdit->setEnabled(false);
        m_save->setEnabled(false);
        m_remove->setEnabled(false);
        m_keyEdit->setPlaceholderText(provider.isSimulated() ? tr("the Simulator runs here and needs no key")
                                                             : tr("this provider takes no key"));
    }
    if (!http) {
        m_baseUrl->setEnabled(false);
        m_test->setEnabled(false);
        m_models->setVisible(false);
    }

    connect(m_save, &QPushButton::clicked, this, &ProviderKeyEditor::save);
    connect(m_remove, &QPushButton::clicked, this, &ProviderKeyEditor::removeKey);
    connect(m_test, &QPushButton::clicked, this, &ProviderKeyEditor::test);
    connect(m_keyEdit, &QLineEdit::returnPressed, this, &ProviderKeyEditor::save);
    connect(&m_keys, &KeyStore::backendChanged, this, [this] {
        updateSaveButton();
        refresh();
    });
    connect(&m_keys, &KeyStore::keyChanged, this, [this](const QString &id) {
        if (id == m_provider.id())
            refresh();
    });
    connect(m_lister, &ModelLister::finished, this,
            [this](bool ok, const QStringList &models, const QString &error) {
                m_test->setEnabled(true);
                if (!ok) {
                    m_models->clear();
                    return showStatus(tr("Test failed — %1").arg(error), true);
                }
                m_models->setPlainText(models.join(u'\n'));
                showStatus(tr("OK: %n model(s)", nullptr, int(models.size())), false);
            });
    updateSaveButton();
    refresh();
}

void ProviderKeyEditor::updateSaveButton()
{
    switch (m_keys.backend()) {
    case KeyStore::Backend::Keychain:
        m_save->setText(tr("&Save to keychain"));
        m_save->setToolTip(tr("Stores the key in the system keychain (Secret Service / KWallet)"));
        break;
    case KeyStore::Backend::MemoryOnly:
        m_save->setText(tr("&Save (memory only)"));
        m_save->setToolTip(tr("No keychain service: the key is kept in memory until you quit"));
        break;
    case KeyStore::Backend::Probing:
        m_save->setText(tr("&Save"));
        m_save->setToolTip(tr("Waiting for the keychain to answer"));
        break;
    }
}

QString ProviderKeyEditor::sourceText() const
{
    return m_source->text();
}

void ProviderKeyEditor::refresh()
{
    const QStringList vars = m_provider.apiKeyEnvVars();
    if (vars.isEmpty()) {
        m_source->setText(m_provider.isSimulated() ? tr("no key needed") : tr("none"));
        return;
    }
    const int serial = ++m_refreshSerial;
    const QPointer<ProviderKeyEditor> self(this);
    m_keys.read(m_provider, [self, serial](const KeyStore::Lookup &lookup) {
        if (!self || serial != self->m_refreshSerial)
            return;
        QString text = KeyStore::describeSource(lookup); // names the place, never the key
        if (lookup.source == KeyStore::Source::None)
            text = tr("none — save one here or set $%1").arg(self->m_provider.apiKeyEnvVars().value(0));
        self->m_source->setText(text);
        self->m_remove->setEnabled(lookup.source == KeyStore::Source::Keychain
                                   || lookup.source == KeyStore::Source::Memory);
    });
}

void ProviderKeyEditor::save()
{
    const QString key = m_keyEdit->text().trimmed();
    if (key.isEmpty())
        return showStatus(tr("Paste a key first."), true);
    m_save->setEnabled(false);
    const QPointer<ProviderKeyEditor> self(this);
    m_keys.write(m_provider.id(), key, [self](bool ok, const QString &error) {
        if (!self)
            return;
        self->m_save->setEnabled(true);
        if (!ok)
            return self->showStatus(error, true);
        self->m_keyEdit->clear(); // the key leaves the widget once it is stored
        self->showStatus(self->m_keys.backend() == KeyStore::Backend::Keychain
                             ? tr("Saved to the keychain.")
                             : tr("Kept in memory until you quit (no keychain)."),
                         false);
        self->refresh();
    });
}

void ProviderKeyEditor::removeKey()
{
    const QPointer<ProviderKeyEditor> self(this);
    m_keys.remove(m_provider.id(), [self](bool ok, const QString &error) {
        if (!self)
            return;
        self->showStatus(ok ? tr("Removed.") : error, !ok);
        self->refresh();
    });
}

void ProviderKeyEditor::test()
{
    const auto *http = dynamic_cast<const HttpProvider *>(&m_provider);
    if (!http)
        return;
    m_prefs.setBaseUrl(m_provider.id(), m_baseUrl->text());
    ProviderSettings settings;
    const QString baseUrl = m_baseUrl->text().trimmed();
    if (!baseUrl.isEmpty())
        settings.baseUrl = QUrl(baseUrl, QUrl::StrictMode);
    m_test->setEnabled(false);
    m_models->clear();
    showStatus(tr("Listing models…"), false);

    const QString typed = m_keyEdit->text().trimmed();
    const QPointer<ProviderKeyEditor> self(this);
    auto run = [self, http, settings](const QString &key) mutable {
        if (!self)
            return;
        settings.apiKey = key;
        self->m_lister->list(*http, settings);
    };
    if (!typed.isEmpty())
        return run(typed);
    m_keys.read(m_provider, [run](const KeyStore::Lookup &lookup) mutable { run(lookup.key); });
}

void ProviderKeyEditor::showStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"QLabel { color: #b3261e; }"_s : QString());
}

} // namespace Crucible
