#include "comparecommand.h"

#include <cstdio>

#include "clicommon.h"
#include "common/redact.h"
#include "engine/modelrun.h"
#include "providers/httpprovider.h"
#include "runcommand.h"
#include "sigint.h"
#include "transport/httptransport.h"

using namespace Qt::StringLiterals;

namespace Crucible::Cli {

CompareCommand::CompareCommand(CompareOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_transport(std::make_unique<HttpTransport>())
{
}

CompareCommand::~CompareCommand()
{
    m_coordinator.reset(); // its runs use the transport
}

std::optional<int> CompareCommand::prepareTarget(const CompareTarget &target, const QString &prompt,
                                                 const ModelCatalog &catalog)
{
    const Provider *provider = findProvider(m_registry, target.provider);
    if (!provider)
        return ExitUsage;
    const RunOptions &o = m_options.request;
    const bool http = dynamic_cast<const HttpProvider *>(provider) != nullptr;
    if (!m_settingsByProvider.contains(provider->id())) {
        ProviderSettings settings;
        if (const auto failed = fillSettings(*provider, http ? o.baseUrl : QString(), QString(), o.timeoutSeconds, settings))
            return *failed;
        if (!settings.apiKey.isEmpty())
            m_secrets << settings.apiKey;
        m_settingsByProvider.insert(provider->id(), settings);
    }
    CompareTargetPlan plan;
    plan.key = target.key();
    plan.provider = provider;
    plan.settings = m_settingsByProvider.value(provider->id());
    plan.request.model = target.model;
    fillRequest(plan.request, o, prompt, m_schema.text);
    applyCatalog(*provider, catalog, m_prices ? &*m_prices : nullptr, plan.request, plan.extras);
    for (const QString &note : std::as_const(plan.extras.notes))
        printNote(plan.key + u": "_s + note);

    if (const Result<void> check = dryRun(*provider, plan.request, plan.settings, *m_transport); !check) {
        if (failsOnlyForMissingKey(*provider, plan.request, plan.settings, *m_transport)) {
            const QString variable = provider->apiKeyEnvVars().value(0);
            printError(variable.isEmpty() ? u"missing API key for %1"_s.arg(provider->id())
                                          : u"missing API key for %1: set %2"_s.arg(provider->id(), variable));
        } else {
            printError(plan.key + u": "_s + redacted(check.error().message, m_secrets));
        }
        return ExitUsage;
    }
    m_targets.append(std::move(plan));
    return std::nullopt;
}

std::optional<int> CompareCommand::prepare()
{
    const std::optional<QString> prompt = promptText(m_options.request);
    if (!prompt)
        return ExitUsage;
    if (const auto failed = loadSchema(m_options.request, m_schema))
        return failed;
    if (const auto url = parseBaseUrl(m_options.request.baseUrl); !url) {
        printError(url.error().message);
        return ExitUsage;
    }
    const ModelCatalog catalog = loadCatalog();
    for (const CompareTarget &target : std::as_const(m_options.targets)) {
        if (const auto failed = prepareTarget(target, *prompt, catalog))
            return failed;
    }
    return std::nullopt;
}

std::optional<int> CompareCommand::start()
{
    m_prices = loadPrices();
    if (const auto exitCode = prepare())
        return exitCode;
    m_coordinator = std::make_unique<RunCoordinator>(*m_transport, m_prices ? &*m_prices : nullptr);
    RunCoordinator::Limits limits;
    limits.global = m_options.concurrency;
    limits.defaultPerProvider = m_options.concurrency;
    m_coordinator->setLimits(limits);
    RetryPolicy policy;
    policy.maxRetries = m_options.retries;
    m_coordinator->setRetryPolicy(policy);
    m_coordinator->setBudgetMicroUsd(m_options.budgetMicroUsd);
    connect(m_coordinator.get(), &RunCoordinator::jobFinished, this, &CompareCommand::onJobFinished);
    connect(m_coordinator.get(), &RunCoordinator::budgetExhausted, this, &CompareCommand::onBudgetExhausted);
    connect(m_coordinator.get(), &RunCoordinator::idle, this, &CompareCommand::finish);
    m_sigint = new SigintNotifier(this);
    connect(m_sigint, &SigintNotifier::interrupted, this, &CompareCommand::onInterrupted);
    submitAll();
    return std::nullopt;
}

void CompareCommand::submitAll()
{
    QList<RunJob> jobs;
    for (const CompareTargetPlan &plan : std::as_const(m_targets)) {
        RunJob job;
        job.targetKey = plan.key;
        job.provider = plan.provider;
        job.request = plan.request;
        job.settings = plan.settings;
        if (plan.extras.estimate)
            job.estimateMaxMicroUsd = plan.extras.estimate->maxMicroUsd;
        jobs.append(std::move(job));
    }
    const QList<int> ids = m_coordinator->submitRepeats(jobs, m_options.repeat);
    for (int i = 0; i < ids.size(); ++i) {
        m_jobs.append(ids[i]);
        m_jobTarget.insert(ids[i], int(i % jobs.size()));
        m_jobRepeat.insert(ids[i], int(i / jobs.size()) + 1);
    }
}

void CompareCommand::onJobFinished(int jobId, const JobResult &result)
{
    m_results.insert(jobId, result);
    if (m_options.json || m_finished || result.end != JobResult::End::Finished
        || result.outcome.status == RunOutcome::Status::Cancelled)
        return;
    const int target = m_jobTarget.value(jobId);
    const CompareRun run{target, m_jobRepeat.value(jobId), int(result.attempts.size()), result.outcome};
    writeOut(compareRunBlock(m_targets.at(target), run, m_secrets));
}

void CompareCommand::onBudgetExhausted(std::int64_t, std::int64_t neededMicroUsd, std::int64_t)
{
    if (!m_budgetNeeded)
        m_budgetNeeded = neededMicroUsd;
}

void CompareCommand::onInterrupted()
{
    if (m_interrupted) { // second Ctrl+C: report what finished and stop waiting
        finish();
        return;
    }
    m_interrupted = true;
    m_coordinator->cancelAll();
}

QList<CompareRun> CompareCommand::finishedRuns() const
{
    QList<CompareRun> runs;
    for (const int id : m_jobs) {
        const auto it = m_results.constFind(id);
        if (it == m_results.cend() || it->end != JobResult::End::Finished
            || it->outcome.status == RunOutcome::Status::Cancelled)
            continue;
        runs.append({m_jobTarget.value(id), m_jobRepeat.value(id), int(it->attempts.size()), it->outcome});
    }
    return runs;
}

void CompareCommand::printBudgetLine(int runsReported) const
{
    // The first job the budget refused names what did not fit.
    QString next;
    bool unknown = false;
    for (const int id : m_jobs) {
        const auto it = m_results.constFind(id);
        if (it != m_results.cend() && it->end == JobResult::End::SkippedForBudget) {
            const CompareTargetPlan &plan = m_targets.at(m_jobTarget.value(id));
            next = plan.key;
            unknown = !plan.extras.estimate || !plan.extras.estimate->maxMicroUsd;
            break;
        }
    }
    const auto usd = [](std::int64_t micro) { return u"$"_s + QString::fromLatin1(dollarsJson(micro)); };
    const std::int64_t cap = m_options.budgetMicroUsd.value_or(0);
    QString line = u"stopped after %1 of %2 requests: spent %3 of the %4 cap"_s.arg(runsReported)
                       .arg(m_jobs.size())
                       .arg(usd(m_coordinator->spentMicroUsd()), usd(cap));
    if (unknown)
        line += u"; the next request (%1) has no maximum cost (no price or no output limit), so it cannot be bounded"_s.arg(next);
    else
        line += u"; the next request (%1) needs up to %2"_s.arg(next, usd(m_budgetNeeded.value_or(0)));
    const QByteArray bytes = "crucible-cli: budget: " + line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

void CompareCommand::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    const QList<CompareRun> runs = finishedRuns();
    writeOut(m_options.json ? compareJson(m_targets, runs, m_secrets, m_schema.validator.get()) + '\n'
                              : compareTable(m_targets, runs, m_schema.validator.get()));

    int exitCode = ExitOk;
    for (const CompareRun &run : runs) {
        if (run.outcome.status == RunOutcome::Status::Ok)
            continue;
        exitCode = ExitProvider;
        const ProviderError &e = run.outcome.error;
        printError(redacted(u"%1 #%2: %3: %4"_s.arg(m_targets.at(run.target).key).arg(run.repeat)
                                .arg(errorHeadline(e), e.message.isEmpty() ? statusName(run.outcome.status) : e.message),
                            m_secrets));
    }
    if (m_budgetNeeded || (m_coordinator && m_coordinator->isBudgetExhausted())) {
        printBudgetLine(int(runs.size()));
        exitCode = ExitBudget;
    }
    if (m_interrupted) {
        printError(u"interrupted"_s);
        exitCode = ExitInterrupted;
    }
    Q_EMIT done(exitCode);
}

} // namespace Crucible::Cli
