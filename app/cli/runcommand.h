#pragma once

#include <QObject>

#include <memory>

#include "cliargs.h"
#include "clijson.h"
#include "clischema.h"
#include "engine/runoutcome.h"
#include "pricing/pricetable.h"
#include "providers/chatrequest.h"
#include "providers/providerregistry.h"

namespace Crucible {
class HttpTransport;
class ModelRun;
}

namespace Crucible::Cli {

class SigintNotifier;

/// Exit codes of crucible-cli: part of its public contract.
enum ExitCode { ExitOk = 0, ExitUsage = 2, ExitProvider = 3, ExitBudget = 5, ExitInterrupted = 130 };

/// `crucible-cli run`: validates the options, streams one ModelRun and reports it. Lives on the
/// main thread. start() returns an exit code at once for usage errors (nullopt when the run
/// started); otherwise done(exitCode) fires once when the run has been reported. Text goes to
/// stdout as it arrives (or one JSON object at the end with --json); errors are one line on stderr.
class RunCommand : public QObject
{
    Q_OBJECT
public:
    explicit RunCommand(RunOptions options, QObject *parent = nullptr);
    ~RunCommand() override;

    std::optional<int> start();

Q_SIGNALS:
    void done(int exitCode);

private:
    std::optional<int> prepare(ChatRequest &request, ProviderSettings &settings);
    void onText(const QString &chunk);
    void onFinished(const RunOutcome &outcome);
    void onInterrupted();

    RunOptions m_options;
    ProviderRegistry m_registry;
    std::optional<PriceTable> m_prices;
    LoadedSchema m_schema; ///< --schema
    RunExtras m_extras; ///< catalog notes and the cost estimate, reported with the outcome
    std::unique_ptr<HttpTransport> m_transport;
    std::unique_ptr<ModelRun> m_run;
    SigintNotifier *m_sigint = nullptr;
    QStringList m_secrets;
    bool m_interrupted = false;
    bool m_endsWithNewline = true;
};

/// One line "crucible-cli: error: <message>" on stderr.
void printError(const QString &message);

} // namespace Crucible::Cli
