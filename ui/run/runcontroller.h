#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>
#include <optional>

#include "engine/modelrun.h"
#include "engine/runoutcome.h"
#include "pricing/pricetable.h"

namespace Crucible {

class HttpTransport;
class OutputPane;
class PromptPanel;
class ProviderRegistry;
class ReadoutBar;
class TargetBar;

/// Owns the lifetime of the window's runs. start() builds a ChatRequest from the prompt panel and
/// the target bar, takes the API key from the provider's environment variable (in memory only;
/// never shown or logged), creates a ModelRun on the one shared HttpTransport with the built-in
/// price table and wires it to the output pane and readout bar. stop() cancels. One run at a
/// time; the last run stays readable through currentRun() until the next start().
/// GUI thread only. The registry and the widgets must outlive the controller.
class RunController : public QObject
{
    Q_OBJECT
public:
    RunController(const ProviderRegistry &providers, PromptPanel *prompt, TargetBar *target,
                  OutputPane *output, ReadoutBar *readout, QObject *parent = nullptr);
    ~RunController() override;

    /// Starts a run; returns false (and says why in statusMessage) when nothing could start.
    bool start();
    void stop();

    bool isRunning() const;
    ModelRun *currentRun() const { return m_run; }
    const PriceTable *prices() const { return m_prices ? &*m_prices : nullptr; }

Q_SIGNALS:
    /// One line for the status bar: progress, errors (class + message), never a secret.
    void statusMessage(const QString &text);
    void runningChanged(bool running);
    /// After the panes show the final state; fires once per started run.
    void runFinished(const Crucible::RunOutcome &outcome);

private:
    void onFinished(const RunOutcome &outcome);

    const ProviderRegistry &m_providers;
    PromptPanel *m_prompt;
    TargetBar *m_target;
    OutputPane *m_output;
    ReadoutBar *m_readout;
    std::unique_ptr<HttpTransport> m_transport;
    std::optional<PriceTable> m_prices;
    QPointer<ModelRun> m_run; ///< child of this
    QString m_secret;         ///< the current run's key, only to redact it from messages
};

} // namespace Crucible
