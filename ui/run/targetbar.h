#pragma once

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Crucible {

class Provider;
class ProviderRegistry;

/// Where a run goes: provider (from the ProviderRegistry, Simulator first and default), model
/// (editable, filled from Provider::suggestedModels()), base URL (HTTP providers only; empty means
/// the provider's default), and the Run (Ctrl+Enter / Ctrl+Return) and Stop (Esc) buttons.
/// runAction()/stopAction() carry the shortcuts; the window adds them to its menu and to itself.
/// Holds choices only: RunController reads them. The registry must outlive the bar.
class TargetBar : public QWidget
{
    Q_OBJECT
public:
    explicit TargetBar(const ProviderRegistry &providers, QWidget *parent = nullptr);

    const Provider *provider() const; ///< nullptr only with an empty registry
    QString model() const;            ///< trimmed
    QString baseUrl() const;          ///< trimmed; empty: the provider's default

    bool setProvider(const QString &id); ///< false when the id is unknown
    void setModel(const QString &model);
    void setBaseUrl(const QString &url); ///< also for the Simulator (pace keys), though hidden

    /// Enables Stop and disables Run (and the target fields) while a run is live.
    void setRunning(bool running);

    QAction *runAction() const { return m_runAction; }
    QAction *stopAction() const { return m_stopAction; }

Q_SIGNALS:
    void runRequested();
    void stopRequested();
    void providerChanged(const Crucible::Provider *provider);

private:
    void onProviderIndexChanged(int index);
    void updateKeyHint();

    const ProviderRegistry &m_providers;
    QComboBox *m_provider = nullptr;
    QComboBox *m_model = nullptr;
    QLabel *m_baseUrlLabel = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QLabel *m_keyHint = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    QAction *m_runAction = nullptr;
    QAction *m_stopAction = nullptr;
};

} // namespace Crucible
