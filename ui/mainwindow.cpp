#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

#include "catalog/modelcatalog.h"
#include "compare/comparecolumn.h"
#include "compare/comparecontroller.h"
#include "compare/compareview.h"
#include "crucible/version.h"
#include "keys/keystore.h"
#include "prompt/promptpanel.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "run/targetbar.h"
#include "settings/providerprefs.h"
#include "settings/settingsdialog.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {
constexpr char HookedProperty[] = "crucibleWindowHooked";
constexpr char KeyHintSerialProperty[] = "crucibleKeyHintSerial";
} // namespace

MainWindow::MainWindow(const ProviderRegistry &providers, KeyStore *keys, QWidget *parent)
    : QMainWindow(parent)
    , m_providers(providers)
    , m_keys(keys ? keys : new KeyStore(this))
    , m_prefs(new ProviderPrefs(this))
{
    setWindowTitle(u"Crucible"_s);
    resize(1440, 860);

    QString overrideError;
    m_catalog = std::make_unique<ModelCatalog>(ModelCatalog::withUserOverrides(&overrideError));

    auto *central = new QWidget(this);
    m_prompt = new PromptPanel(central);
    m_compare = new CompareView(providers, *m_keys, m_catalog.get(), m_prompt, central);

    auto *splitter = new QSplitter(Qt::Horizontal, central);
    splitter->setObjectName(u"mainSplitter"_s);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_prompt);
    splitter->addWidget(m_compare);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({340, 1100});

    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 4);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);

    connect(m_compare, &CompareView::statusMessage, statusBar(),
            [this](const QString &text) { statusBar()->showMessage(text); });

    // Base URL overrides from the settings, and the key hints, follow each column's provider.
    connect(m_compare, &CompareView::columnsChanged, this, &MainWindow::hookColumns);
    hookColumns();
    connect(m_prefs, &ProviderPrefs::baseUrlChanged, this, [this](const QString &id) {
        if (compareController()->isRunning())
            return;
        for (CompareColumn *column : m_compare->columns()) {
            const Provider *current = column->target()->provider();
            if (current && current->id() == id)
                column->target()->setBaseUrl(m_prefs->baseUrl(id));
        }
    });
    connect(m_keys, &KeyStore::keyChanged, this, &MainWindow::updateKeyHints);
    connect(m_keys, &KeyStore::backendChanged, this, &MainWindow::updateKeyHints);

    createMenus();
    statusBar()->showMessage(overrideError.isEmpty()
                                 ? tr("Ready. Ctrl+Enter runs the prompt in every column.")
                                 : tr("Model overrides not loaded: %1").arg(overrideError));
    m_prompt->setFocus();
}

MainWindow::~MainWindow()
{
    // The compare view (and its runs) before the key store and the preferences it uses.
    delete m_compare;
}

CompareController *MainWindow::compareController() const
{
    return m_compare->controller();
}

TargetBar *MainWindow::targetBar() const
{
    return m_compare->column(0)->target();
}

OutputPane *MainWindow::outputPane() const
{
    return m_compare->column(0)->output();
}

ReadoutBar *MainWindow::readoutBar() const
{
    return m_compare->column(0)->readout();
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    // The view's actions carry their shortcuts; the view holds them, so they work anywhere in
    // the window, menu open or not.
    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_compare->runAllAction());
    run->addAction(m_compare->stopAllAction());
    run->addSeparator();
    run->addAction(m_compare->addColumnAction());
    run->addAction(m_compare->duplicateColumnAction());
    run->addSeparator();
    run->addAction(tr("Retries…"), m_compare, &CompareView::editRetryPolicy);

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
        connect(m_settings, &SettingsDialog::pricesChanged, compareController(),
                &CompareController::reloadPrices);
    }
    // The first column that talks to a real provider chooses the page.
    for (const CompareColumn *column : m_compare->columns()) {
        const Provider *current = column->target()->provider();
        if (current && !current->isSimulated()) {
            m_settings->selectProvider(current->id());
            break;
        }
    }
    m_settings->show();
    m_settings->raise();
    m_settings->activateWindow();
    return m_settings;
}

SettingsDialog *MainWindow::settingsDialog() const
{
    return m_settings;
}

void MainWindow::hookColumns()
{
    for (CompareColumn *column : m_compare->columns()) {
        if (column->property(HookedProperty).toBool())
            continue;
        column->setProperty(HookedProperty, true);
        connect(column->target(), &TargetBar::providerChanged, column,
                [this, column] { onProviderChanged(column); });
        // A new column starts with its provider's base URL override (a duplicate copies its
        // source's URL after this) and the key hint.
        if (column->target()->baseUrl().isEmpty()) {
            if (const Provider *current = column->target()->provider())
                column->target()->setBaseUrl(m_prefs->baseUrl(current->id()));
        }
        updateKeyHint(column);
    }
}

void MainWindow::onProviderChanged(CompareColumn *column)
{
    if (const Provider *current = column->target()->provider())
        column->target()->setBaseUrl(m_prefs->baseUrl(current->id()));
    updateKeyHint(column);
}

void MainWindow::updateKeyHints()
{
    for (CompareColumn *column : m_compare->columns())
        updateKeyHint(column);
}

void MainWindow::updateKeyHint(CompareColumn *column)
{
    // Names where a key could come from; the key itself is never shown.
    TargetBar *target = column->target();
    const Provider *current = target->provider();
    const int serial = ++m_keyHintSerial;
    column->setProperty(KeyHintSerialProperty, serial);
    if (!current || !current->requiresApiKey() || current->apiKeyEnvVars().isEmpty()) {
        target->setKeyHint({}, {});
        return;
    }
    const QPointer<CompareColumn> guard(column);
    m_keys->read(*current, [guard, serial, current](const KeyStore::Lookup &lookup) {
        if (!guard || guard->property(KeyHintSerialProperty).toInt() != serial)
            return;
        if (lookup.source != KeyStore::Source::None)
            return guard->target()->setKeyHint({}, {});
        const QString var = current->apiKeyEnvVars().value(0);
        guard->target()->setKeyHint(tr("no key"),
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
