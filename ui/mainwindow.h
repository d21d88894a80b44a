#pragma once

#include <QMainWindow>
#include <QPointer>

#include <memory>

namespace Crucible {

class KeyStore;
class ModelCatalog;
class OutputPane;
class PromptPanel;
class ProviderPrefs;
class ProviderRegistry;
class ReadoutBar;
class RunController;
class SettingsDialog;
class TargetBar;

/// The first window: target bar on top; a splitter with the prompt panel left and the output
/// plus readout bar right; menus File, Run, Settings (Ctrl+,), Help; run status and errors in
/// the status bar (no dialogs for run errors). Only assembles panels and menus; RunController
/// holds the run logic. Owns the model catalog (built in + user overrides) and the per-provider
/// preferences; the key store is the caller's when given (it must outlive the window), else the
/// window makes its own. The registry must outlive the window.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const ProviderRegistry &providers, KeyStore *keys = nullptr,
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    PromptPanel *promptPanel() const { return m_prompt; }
    TargetBar *targetBar() const { return m_target; }
    OutputPane *outputPane() const { return m_output; }
    ReadoutBar *readoutBar() const { return m_readout; }
    RunController *runController() const { return m_controller; }
    KeyStore *keyStore() const { return m_keys; }
    ProviderPrefs *providerPrefs() const { return m_prefs; }
    /// Opens (or raises) the settings dialog; returns it.
    SettingsDialog *openSettings();
    SettingsDialog *settingsDialog() const; ///< null until opened (deleted when closed)

private:
    void createMenus();
    void showAbout();
    void onProviderChanged();
    void updateKeyHint();

    const ProviderRegistry &m_providers;
    std::unique_ptr<ModelCatalog> m_catalog;
    KeyStore *m_keys = nullptr;
    ProviderPrefs *m_prefs = nullptr;
    PromptPanel *m_prompt = nullptr;
    TargetBar *m_target = nullptr;
    OutputPane *m_output = nullptr;
    ReadoutBar *m_readout = nullptr;
    RunController *m_controller = nullptr;
    QPointer<SettingsDialog> m_settings;
    int m_keyHintSerial = 0;
};

} // namespace Crucible
