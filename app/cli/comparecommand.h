#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <optional>

#include "cliargs.h"
#include "clijson.h"
#include "clischema.h"
#include "engine/runcoordinator.h"
#include "pricing/pricetable.h"
#include "providers/chatrequest.h"
#include "providers/providerregistry.h"

namespace Crucible {
class HttpTransport;
class Provider;
}

namespace Crucible::Cli {

class SigintNotifier;

/// One --target, ready to send: the sanitized request, its settings and what run --json reports
/// beside the outcome (catalog notes, cost estimate).
struct CompareTargetPlan
{
    QString key; ///< "P:MODEL"
    const Provider *provider = nullptr;
    ChatRequest request;
    ProviderSettings settings;
    RunExtras extras;
};

/// One finished run of a compare, as reported.
struct CompareRun
{
    int target = 0; ///< index into the targets
    int repeat = 1; ///< 1-based
    int attempts = 1;
    RunOutcome outcome;
};

/// {"runs":[...],"summary":[...]} (one line, no newline): each run is outcomeJson() plus "target",
/// "repeat" and "attempts"; one summary entry per target in target order (summarizeColumn()).
/// With a validator (--schema) every run gains "validation" (validationJson()) and the summary's
/// "schema_valid_pct" is set (else null).
QByteArray compareJson(const QList<CompareTargetPlan> &targets, const QList<CompareRun> &runs,
                       const QStringList &secrets, const JsonSchemaValidator *validator = nullptr);
/// "== P:MODEL #n ==" and the answer (or the error), for the text output.
QByteArray compareRunBlock(const CompareTargetPlan &target, const CompareRun &run, const QStringList &secrets);
/// The summary as a text table, one row per target; a "schema" column with a validator.
QByteArray compareTable(const QList<CompareTargetPlan> &targets, const QList<CompareRun> &runs,
                        const JsonSchemaValidator *validator = nullptr);

/// `crucible-cli compare`: runs every target --repeat times through one RunCoordinator (limits,
/// retries, budget) and reports them. Lives on the main thread. start() returns an exit code at
/// once for usage errors (nullopt when the runs were queued); otherwise done(exitCode) fires once
/// after the report: 0 all ok, 3 any run failed, 5 budget reached, 130 interrupted.
class CompareCommand : public QObject
{
    Q_OBJECT
public:
    explicit CompareCommand(CompareOptions options, QObject *parent = nullptr);
    ~CompareCommand() override;

    std::optional<int> start();

Q_SIGNALS:
    void done(int exitCode);

private:
    std::optional<int> prepare();
    std::optional<int> prepareTarget(const CompareTarget &target, const QString &prompt, const ModelCatalog &catalog);
    void submitAll();
    void onJobFinished(int jobId, const JobResult &result);
    void onBudgetExhausted(std::int64_t spentMicroUsd, std::int64_t neededMicroUsd, std::int64_t capMicroUsd);
    void onInterrupted();
    void finish();
    QList<CompareRun> finishedRuns() const;
    void printBudgetLine(int runsReported) const;

    CompareOptions m_options;
    ProviderRegistry m_registry;
    std::optional<PriceTable> m_prices;
    std::unique_ptr<HttpTransport> m_transport;
    std::unique_ptr<RunCoordinator> m_coordinator;
    LoadedSchema m_schema; ///< --schema
    QList<CompareTargetPlan> m_targets;
    QHash<QString, ProviderSettings> m_settingsByProvider; ///< one key lookup per provider
    QList<int> m_jobs;                  ///< job ids in submission order (repeat-major)
    QHash<int, int> m_jobTarget;        ///< job id → target index
    QHash<int, int> m_jobRepeat;        ///< job id → 1-based repeat
    QHash<int, JobResult> m_results;    ///< finished jobs
    QStringList m_secrets;
    SigintNotifier *m_sigint = nullptr;
    bool m_interrupted = false;
    bool m_finished = false;
    std::optional<std::int64_t> m_budgetNeeded; ///< set when the budget stopped the run
};

} // namespace Crucible::Cli
