#pragma once

#include <QMainWindow>
#include <QPointer>

#include <memory>

namespace Crucible {

class CompareColumn;
class CompareController;
class CompareView;
class KeyStore;
class ModelCatalog;
class OutputPane;
class PromptPanel;
class ProviderPrefs;
class ProviderRegistry;
class ReadoutBar;
class SettingsDialog;
class TargetBar;

/// The window: a splitter with the prompt panel left and the compare view right (1–12 columns
/// side by side, the first one on the Simulator; Summary / Diff / Charts below); menus File, Run
/// (Run all Ctrl+Enter, Stop all Esc, Add column Ctrl+Shift+N, Duplicate column Ctrl+Shift+D),
/// Settings (Ctrl+,), Help; run status and errors in the status bar (no dialogs for run errors).
/// Only assembles panels and menus; CompareController holds the run logic. Owns the model
/// catalog (built in + user overrides) and the per-provider preferences: a column whose provider
/// changes takes that provider's base URL override, and shows a "no key" hint when no key is
/// found. The key store is the caller's when given (it must outlive the window), else the window
/// makes its own. The registry must outlive the window.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const ProviderRegistry &providers, KeyStore *keys = nullptr,
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    PromptPanel *promptPanel() const { return m_prompt; }
    CompareView *compareView() const { return m_compare; }
    CompareController *compareController() const;
    /// The first column's target bar, output and readout (the single-run view of old).
    TargetBar *targetBar() const;
    OutputPane *outputPane() const;
    ReadoutBar *readoutBar() const;
    KeyStore *keyStore() const { return m_keys; }
    ProviderPrefs *providerPrefs() const { return m_prefs; }
    /// Opens (or raises) the settings dialog; returns it.
    SettingsDialog *openSettings();
    SettingsDialog *settingsDialog() const; ///< null until opened (deleted when closed)

private:
    void createMenus();
    void showAbout();
    void hookColumns();
    void onProviderChanged(CompareColumn *column);
    void updateKeyHint(CompareColumn *column);
    void updateKeyHints();

    const ProviderRegistry &m_providers;
    std::unique_ptr<ModelCatalog> m_catalog;
    KeyStore *m_keys = nullptr;
    ProviderPrefs *m_prefs = nullptr;
    PromptPanel *m_prompt = nullptr;
    CompareView *m_compare = nullptr;
    QPointer<SettingsDialog> m_settings;
    int m_keyHintSerial = 0;
};

} // namespace Crucible
