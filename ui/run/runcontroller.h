#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>

#include "engine/modelrun.h"
#include "catalog/modelcatalog.h"
#include "engine/runoutcome.h"
#include "pricing/costestimate.h"
#include "pricing/pricetable.h"

namespace Crucible {

class HttpTransport;
class KeyStore;
class OutputPane;
class Provider;
class PromptPanel;
class ProviderRegistry;
class ReadoutBar;
class TargetBar;

/// Owns the lifetime of the window's runs. start() builds a ChatRequest from the prompt panel and
/// the target bar (model, parameters), passes it through sanitizeRequest() with the catalog's
/// view of the model (what the model rejects is not sent, and the status line says so), asks the
/// KeyStore for the API key (keychain / memory / environment; in memory only, never shown or
/// logged), creates a ModelRun on the one shared HttpTransport with the built-in price table and
/// wires it to the output pane and readout bar. The cost estimate (estimateCost()) is shown
/// before the run — refreshed while idle as the prompt or target changes — and stays beside the
/// actual after it. stop() cancels (also while the key is being looked up). One run at a time;
/// the last run stays readable through currentRun() until the next start().
/// GUI thread only. The registry, key store and widgets must outlive the controller.
class RunController : public QObject
{
    Q_OBJECT
public:
    static constexpr int EstimateDelayMs = 250;

    RunController(const ProviderRegistry &providers, KeyStore &keys, PromptPanel *prompt,
                  TargetBar *target, OutputPane *output, ReadoutBar *readout,
                  QObject *parent = nullptr);
    ~RunController() override;

    /// Starts a run; returns false (and says why in statusMessage) when nothing could start.
    /// With a provider that takes a key, the run itself starts once the key store answered
    /// (at once for memory and environment keys).
    bool start();
    void stop();

    bool isRunning() const; ///< a run is live, or its key is being looked up
    /// The request start() would send now (sanitized), and what was dropped from it.
    SanitizedRequest buildRequest(const Provider &provider) const;
    /// Recomputes the estimate for the prompt and target as they are now (idle only).
    void updateEstimate();
    ModelRun *currentRun() const { return m_run; }
    const PriceTable *prices() const { return m_prices ? &*m_prices : nullptr; }
    /// Rereads the prices (built in + the user's overrides file) and refreshes the estimate.
    void reloadPrices();

Q_SIGNALS:
    /// One line for the status bar: progress, errors (class + message), never a secret.
    void statusMessage(const QString &text);
    void runningChanged(bool running);
    /// After the panes show the final state; fires once per started run.
    void runFinished(const Crucible::RunOutcome &outcome);

private:
    void onFinished(const RunOutcome &outcome);
    void launch(const Provider &provider, SanitizedRequest sanitized, ProviderSettings settings);
    std::optional<CostEstimate> estimate(const Provider &provider, const ChatRequest &request) const;

    const ProviderRegistry &m_providers;
    KeyStore &m_keys;
    PromptPanel *m_prompt;
    TargetBar *m_target;
    OutputPane *m_output;
    ReadoutBar *m_readout;
    std::unique_ptr<HttpTransport> m_transport;
    std::optional<PriceTable> m_prices;
    QPointer<ModelRun> m_run; ///< child of this
    QString m_secret;         ///< the current run's key, only to redact it from messages
    bool m_awaitingKey = false;
    int m_startSerial = 0;    ///< a stop() while the key is looked up invalidates that answer
    QTimer m_estimateTimer;
};

} // namespace Crucible
