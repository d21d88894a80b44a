#pragma once

#include <QWidget>

#include "catalog/modelcatalog.h"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Crucible {

class ParamsBar;
class Provider;
class ProviderRegistry;

/// Where a run goes: provider (every provider of the ProviderRegistry, Simulator first and
/// default), model (editable; the catalog's models for the provider, then the provider's own
/// suggestions), an "unknown model" note for models the catalog does not know, base URL (HTTP
/// providers only; empty means the provider's default), a key hint, and the Run (Ctrl+Enter /
/// Ctrl+Return) and Stop (Esc) buttons; below, the request parameters (ParamsBar), with what the
/// model rejects disabled. runAction()/stopAction() carry the shortcuts; the window adds them to
/// its menu and to itself. Holds choices only: RunController reads them. The registry and the
/// catalog (may be null: every model is then taken as known with default parameters) must
/// outlive the bar.
///
/// setEmbedded(true) is the compare column's variant: no Run/Stop buttons, their actions disabled
/// and without shortcuts (the compare view owns Run all / Stop all), provider and model on one row,
/// the base URL below and the parameters two per row, for a column of about 320–420 px.
class TargetBar : public QWidget
{
    Q_OBJECT
public:
    explicit TargetBar(const ProviderRegistry &providers, const ModelCatalog *catalog = nullptr,
                       QWidget *parent = nullptr);

    const Provider *provider() const; ///< nullptr only with an empty registry
    QString model() const;            ///< trimmed
    QString baseUrl() const;          ///< trimmed; empty: the provider's default
    ModelInfo modelInfo() const;      ///< the catalog's view of provider + model
    ParamsBar *params() const { return m_params; }
    bool isModelNoteVisible() const;
    QString modelNote() const;
    /// The key hint after the base URL ("no key"); empty text hides it. Never a key.
    void setKeyHint(const QString &text, const QString &toolTip);

    bool setProvider(const QString &id); ///< false when the id is unknown
    void setModel(const QString &model);
    void setBaseUrl(const QString &url); ///< also for the Simulator (pace keys), though hidden

    /// Enables Stop and disables Run (and the target fields) while a run is live.
    void setRunning(bool running);

    /// Compare-column mode (see the class comment). Reversible.
    void setEmbedded(bool embedded);
    bool isEmbedded() const { return m_embedded; }
    /// Copies provider, model, base URL and every parameter value from `other`.
    void copySettingsFrom(const TargetBar &other);

    QAction *runAction() const { return m_runAction; }
    QAction *stopAction() const { return m_stopAction; }

Q_SIGNALS:
    void runRequested();
    void stopRequested();
    void providerChanged(const Crucible::Provider *provider);
    /// Provider, model, base URL or a parameter changed (e.g. to refresh the cost estimate).
    void targetChanged();

private:
    void onProviderIndexChanged(int index);
    void onModelChanged();
    void relayout();

    const ProviderRegistry &m_providers;
    const ModelCatalog *m_catalog;
    bool m_embedded = false;
    bool m_running = false;
    QList<QKeySequence> m_runShortcuts;
    QKeySequence m_stopShortcut;
    QLabel *m_providerLabel = nullptr;
    QLabel *m_modelLabel = nullptr;
    QComboBox *m_provider = nullptr;
    QComboBox *m_model = nullptr;
    QLabel *m_baseUrlLabel = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QLabel *m_keyHint = nullptr;
    QLabel *m_modelNote = nullptr;
    ParamsBar *m_params = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    QAction *m_runAction = nullptr;
    QAction *m_stopAction = nullptr;
};

} // namespace Crucible
