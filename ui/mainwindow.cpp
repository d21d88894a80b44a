#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QFrame>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

#include "catalog/modelcatalog.h"
#include "crucible/version.h"
#include "keys/keystore.h"
#include "prompt/promptpanel.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "run/outputpane.h"
#include "run/readoutbar.h"
#include "run/runcontroller.h"
#include "run/targetbar.h"
#include "settings/providerprefs.h"
#include "settings/settingsdialog.h"

using namespace Qt::StringLiterals;

namespace Crucible {

MainWindow::MainWindow(const ProviderRegistry &providers, KeyStore *keys, QWidget *parent)
    : QMainWindow(parent)
    , m_providers(providers)
    , m_keys(keys ? keys : new KeyStore(this))
    , m_prefs(new ProviderPrefs(this))
{
    setWindowTitle(u"Crucible"_s);
    resize(1200, 760);

    QString overrideError;
    m_catalog = std::make_unique<ModelCatalog>(ModelCatalog::withUserOverrides(&overrideError));

    auto *central = new QWidget(this);
    m_target = new TargetBar(providers, m_catalog.get(), central);
    m_prompt = new PromptPanel(central);

    auto *right = new QWidget(central);
    m_output = new OutputPane(right);
    m_readout = new ReadoutBar(right);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *rule = new QFrame(right);
    rule->setFrameShape(QFrame::HLine);
    rule->setFrameShadow(QFrame::Sunken);
    rightLayout->addWidget(m_output, 1);
    rightLayout->addWidget(rule);
    rightLayout->addWidget(m_readout);

    auto *splitter = new QSplitter(Qt::Horizontal, central);
    splitter->setObjectName(u"mainSplitter"_s);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_prompt);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({470, 700});

    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 4);
    layout->addWidget(m_target);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);

    m_controller = new RunController(providers, *m_keys, m_prompt, m_target, m_output, m_readout, this);
    connect(m_controller, &RunController::statusMessage, statusBar(),
            [this](const QString &text) { statusBar()->showMessage(text); });

    // Base URL overrides from the settings, and the key hint, follow the provider.
    connect(m_target, &TargetBar::providerChanged, this, &MainWindow::onProviderChanged);
    connect(m_prefs, &ProviderPrefs::baseUrlChanged, this, [this](const QString &id) {
        const Provider *current = m_target->provider();
        if (current && current->id() == id && !m_controller->isRunning())
            m_target->setBaseUrl(m_prefs->baseUrl(id));
    });
    connect(m_keys, &KeyStore::keyChanged, this, &MainWindow::updateKeyHint);
    connect(m_keys, &KeyStore::backendChanged, this, &MainWindow::updateKeyHint);
    onProviderChanged();

    createMenus();
    statusBar()->showMessage(overrideError.isEmpty()
                                 ? tr("Ready. Ctrl+Enter runs the prompt.")
                                 : tr("Model overrides not loaded: %1").arg(overrideError));
    m_prompt->setFocus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_target->runAction());
    run->addAction(m_target->stopAction());
    // Shortcuts work anywhere in the window, menu open or not.
    addAction(m_target->runAction());
    addAction(m_target->stopAction());

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    QAction *preferences = settings->addAction(tr("&Configure Crucible…"), this, &MainWindow::openSettings);
    preferences->setObjectName(u"settingsAction"_s);
    preferences->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    preferences->setMenuRole(QAction::PreferencesRole);
    addAction(preferences);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Crucible"), this, &MainWindow::showAbout);
}

SettingsDialog *MainWindow::openSettings()
{
    if (!m_settings) {
        m_settings = new SettingsDialog(m_providers, *m_keys, *m_prefs, this);
        m_settings->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_settings, &SettingsDialog::pricesChanged, m_controller, &RunController::reloadPrices);
    }
    if (const Provider *current = m_target->provider(); current && !current->isSimulated())
        m_settings->selectProvider(current->id());
    m_settings->show();
    m_settings->raise();
    m_settings->activateWindow();
    return m_settings;
}

SettingsDialog *MainWindow::settingsDialog() const
{
    return m_settings;
}

void MainWindow::onProviderChanged()
{
    if (const Provider *current = m_target->provider())
        m_target->setBaseUrl(m_prefs->baseUrl(current->id()));
    updateKeyHint();
}

void MainWindow::updateKeyHint()
{
    // Names where a key could come from; the key itself is never shown.
    const Provider *current = m_target->provider();
    const int serial = ++m_keyHintSerial;
    if (!current || !current->requiresApiKey() || current->apiKeyEnvVars().isEmpty()) {
        m_target->setKeyHint({}, {});
        return;
    }
    const QPointer<MainWindow> self(this);
    m_keys->read(*current, [self, serial, current](const KeyStore::Lookup &lookup) {
        if (!self || serial != self->m_keyHintSerial)
            return;
        if (lookup.source != KeyStore::Source::None)
            return self->m_target->setKeyHint({}, {});
        const QString var = current->apiKeyEnvVars().value(0);
        self->m_target->setKeyHint(tr("no key"),
                                   tr("Save a key in Settings → Providers (Ctrl+,) or set %1. "
                                      "A server on this machine (127.0.0.1, localhost) needs no key.")
                                       .arg(var));
    });
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Crucible"),
                       tr("<h3>Crucible %1</h3><p>A native workbench for prompt engineering.</p>"
                          "<p>Built with Qt %2.</p>")
                           .arg(QLatin1StringView(CRUCIBLE_VERSION_STRING),
                                QLatin1StringView(qVersion())));
}

} // namespace Crucible
