#include "compare/comparecontroller.h"

#include <QPlainTextEdit>
#include <QUrl>

#include <algorithm>

#include "common/redact.h"
#include "engine/modelrun.h"
#include "compare/comparecolumn.h"
#include "compare/comparecontroller_p.h"
#include "compare/compareview.h"
#include "keys/keystore.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "run/outputpane.h"
#include "run/paramsbar.h"
#include "run/targetbar.h"
#include "transport/httptransport.h"

using namespace Qt::StringLiterals;

// Setup, requests, estimates and starting a run. Routing the coordinator's signals to the columns
// lives in comparecontrollerjobs.cpp.

namespace Crucible {

namespace {

/// The user message a column sends: its own variant, else the shared one.
QString userTextFor(const CompareColumn &column, const PromptPanel *prompt)
{
    if (std::optional<QString> variant = column.promptVariant())
        return *variant;
    return prompt ? prompt->userText() : QString();
}

ProviderError usageError(const QString &message)
{
    ProviderError error;
    error.errorClass = ErrorClass::BadRequest;
    error.message = message;
    return error;
}

} // namespace

CompareController::CompareController(const ProviderRegistry &providers, KeyStore &keys,
                                     const ModelCatalog *catalog, PromptPanel *prompt,
                                     CompareView *view, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(providers, keys, catalog, prompt, view))
    , m_transport(std::make_unique<HttpTransport>())
{
    if (Result<PriceTable> prices = PriceTable::withUserOverrides()) {
        d->prices = std::move(prices).value();
        d->havePrices = true;
    }
    m_coordinator = std::make_unique<RunCoordinator>(*m_transport, &d->prices);
    m_coordinator->setRetryPolicy(d->policy);

    RunCoordinator *c = m_coordinator.get();
    connect(c, &RunCoordinator::attemptStarted, this, &CompareController::onAttemptStarted);
    connect(c, &RunCoordinator::attemptProgress, this,
            [this](int jobId, int, const RunMetrics &metrics) { onAttemptProgress(jobId, metrics); });
    connect(c, &RunCoordinator::attemptFinished, this,
            [this](int jobId, int, const RunOutcome &outcome) { onAttemptFinished(jobId, outcome); });
    connect(c, &RunCoordinator::retryScheduled, this, &CompareController::onRetryScheduled);
    connect(c, &RunCoordinator::jobFinished, this, &CompareController::onJobFinished);
    connect(c, &RunCoordinator::budgetExhausted, this, &CompareController::onBudgetExhausted);
    connect(c, &RunCoordinator::idle, this, &CompareController::finishRun);

    // Tables and charts update live, but at most every SummaryIntervalMs.
    d->summaryTimer.setSingleShot(true);
    d->summaryTimer.setInterval(SummaryIntervalMs);
    connect(&d->summaryTimer, &QTimer::timeout, this, &CompareController::summaryChanged);

    // The estimate follows the prompt, the columns, the repeats and the budget (debounced: it tokenizes).
    d->estimateTimer.setSingleShot(true);
    d->estimateTimer.setInterval(EstimateDelayMs);
    connect(&d->estimateTimer, &QTimer::timeout, this, &CompareController::updateEstimate);
    if (prompt) {
        connect(prompt->systemEditor(), &QPlainTextEdit::textChanged, this, &CompareController::scheduleEstimate);
        connect(prompt->userEditor(), &QPlainTextEdit::textChanged, this, &CompareController::scheduleEstimate);
    }
    d->estimateTimer.start();
}

CompareController::~CompareController()
{
    // No more routing into columns that may be going away; runs end with the coordinator.
    m_coordinator->disconnect(this);
    ++d->startSerial;
}

QString CompareController::columnId(const CompareColumn *column)
{
    if (!column)
        return {};
    QString id = column->property(ColumnIdProperty).toString();
    if (id.isEmpty()) {
        static int s_next = 0;
        id = u"c%1"_s.arg(++s_next);
        const_cast<CompareColumn *>(column)->setProperty(ColumnIdProperty, id);
    }
    return id;
}

bool CompareController::isRunning() const
{
    return d->running;
}

void CompareController::setRepeats(int repeats)
{
    m_repeats = std::clamp(repeats, 1, 50);
    scheduleEstimate();
}

void CompareController::setBudgetMicroUsd(std::optional<std::int64_t> cap)
{
    d->budget = cap;
    if (!d->running)
        m_coordinator->setBudgetMicroUsd(cap);
    scheduleEstimate();
}

void CompareController::setRetryPolicy(const RetryPolicy &policy)
{
    d->policy = policy.normalized();
    m_coordinator->setRetryPolicy(d->policy);
}

bool CompareController::setSchema(const QString &schemaText, QString *error)
{
    if (schemaText.trimmed().isEmpty()) {
        d->schemaText.clear();
        d->validator.reset();
    } else {
        Result<std::shared_ptr<const JsonSchemaValidator>> validator = JsonSchemaValidator::create(schemaText);
        if (!validator) {
            if (error)
                *error = validator.error().message;
            return false;
        }
        d->schemaText = schemaText;
        d->validator = std::move(validator).value();
    }
    scheduleEstimate(); // the schema is part of the request
    d->summaryTimer.start();
    return true;
}

QString CompareController::schemaText() const
{
    return d->schemaText;
}

void CompareController::setLimits(const RunCoordinator::Limits &limits)
{
    m_coordinator->setLimits(limits);
}

const PriceTable *CompareController::prices() const
{
    return d->havePrices ? &d->prices : nullptr;
}

void CompareController::reloadPrices()
{
    QString overrideError;
    if (Result<PriceTable> prices = PriceTable::withUserOverrides(&overrideError)) {
        d->prices = std::move(prices).value();
        d->havePrices = true;
    }
    if (!overrideError.isEmpty())
        Q_EMIT statusMessage(overrideError);
    scheduleEstimate();
}

void CompareController::scheduleEstimate()
{
    if (!d->running)
        d->estimateTimer.start();
}

SanitizedRequest CompareController::buildRequest(const CompareColumn &column) const
{
    const TargetBar *target = column.target();
    const Provider *provider = target->provider();
    ChatRequest request;
    request.model = target->model();
    if (request.model.isEmpty() && provider)
        request.model = provider->defaultModel();
    if (d->prompt && !d->prompt->systemText().trimmed().isEmpty())
        request.messages.append({ChatMessage::Role::System, d->prompt->systemText()});
    request.messages.append({ChatMessage::Role::User, userTextFor(column, d->prompt)});
    target->params()->apply(request);
    request.jsonSchema = d->schemaText;
    ModelInfo info = target->modelInfo();
    if (info.id.isEmpty())
        info.id = request.model;
    return sanitizeRequest(request, info);
}

std::optional<CostEstimate> CompareController::estimate(const CompareColumn &column,
                                                        const ChatRequest &request) const
{
    const Provider *provider = column.target()->provider();
    if (!provider)
        return std::nullopt;
    const ModelPrice *price = d->havePrices ? d->prices.find(provider->id(), request.model) : nullptr;
    Result<CostEstimate> result = estimateCost(request, column.target()->modelInfo(), price);
    if (!result)
        return std::nullopt;
    return std::move(result).value();
}

void CompareController::updateEstimate()
{
    if (d->running || !d->view)
        return;
    QList<std::optional<CostEstimate>> perColumn;
    for (CompareColumn *column : d->view->columns()) {
        std::optional<CostEstimate> estimated;
        if (column->target()->provider() && !userTextFor(*column, d->prompt).trimmed().isEmpty())
            estimated = estimate(*column, buildRequest(*column).request);
        column->setEstimate(estimated, true);
        perColumn.append(estimated);
    }
    m_plan = estimatePlan(perColumn, m_repeats, 0);
    Q_EMIT estimateChanged(m_plan);
}

bool CompareController::runAll()
{
    if (d->running || !d->view)
        return false;
    const QList<CompareColumn *> columns = d->view->columns();
    bool anyText = false;
    for (const CompareColumn *column : columns)
        anyText = anyText || !userTextFor(*column, d->prompt).trimmed().isEmpty();
    if (!anyText) {
        Q_EMIT statusMessage(tr("Type a user message first."));
        return false;
    }
    if (!m_coordinator->isIdle())
        return false; // the last run's cancelled attempts are still winding down
    d->estimateTimer.stop();
    m_coordinator->reset();
    m_coordinator->setBudgetMicroUsd(d->budget);
    m_coordinator->setRetryPolicy(d->policy);
    d->outcomes.clear();
    d->jobs.clear();
    d->shownJob.clear();
    d->openJobs.clear();
    d->prepared.clear();
    d->keyByProvider.clear();
    d->secrets.clear();
    d->submitted = d->skipped = 0;
    d->budgetText.clear();

    // Prepare every column; one that cannot run says why in its own pane and the others go on.
    QStringList problems;
    QStringList dropped;
    QList<std::optional<CostEstimate>> estimates;
    for (CompareColumn *column : columns) {
        const Provider *provider = column->target()->provider();
        const bool simulated = provider && provider->isSimulated();
        column->resetForRun(simulated);
        ProviderError problem;
        ProviderSettings settings;
        const QString baseUrl = column->target()->baseUrl();
        if (!provider) {
            problem = usageError(tr("No provider selected."));
        } else if (userTextFor(*column, d->prompt).trimmed().isEmpty()) {
            problem = usageError(tr("Type a user message first."));
        } else if (!baseUrl.isEmpty()) {
            settings.baseUrl = QUrl(baseUrl, QUrl::StrictMode);
            if (!settings.baseUrl.isValid() || settings.baseUrl.isRelative())
                problem = usageError(tr("Invalid base URL: %1").arg(baseUrl));
        }
        if (problem.isError()) {
            column->showError(problem);
            problems << tr("column %1: %2").arg(column->index() + 1).arg(problem.message);
            continue;
        }
        SanitizedRequest sanitized = buildRequest(*column);
        for (const QString &what : std::as_const(sanitized.dropped))
            dropped << tr("column %1: %2").arg(column->index() + 1).arg(what);
        const std::optional<CostEstimate> estimated = estimate(*column, sanitized.request);
        column->setEstimate(estimated, false);
        estimates.append(estimated);
        column->setQueued(1, m_repeats);
        column->setRunning(true);
        PreparedColumn prepared;
        prepared.column = column;
        prepared.id = columnId(column);
        prepared.provider = provider;
        prepared.request = std::move(sanitized.request);
        prepared.settings = std::move(settings);
        if (estimated)
            prepared.estimateMax = estimated->maxMicroUsd;
        d->prepared.append(std::move(prepared));
    }
    if (d->prepared.isEmpty()) {
        Q_EMIT statusMessage(problems.value(0, tr("Nothing to run.")));
        return false;
    }

    d->running = true;
    m_plan = estimatePlan(estimates, m_repeats, 0); // what this run sends
    Q_EMIT estimateChanged(m_plan);
    Q_EMIT runningChanged(true);
    QString status = tr("Running %n request(s)…", nullptr, int(d->prepared.size()) * m_repeats);
    if (!problems.isEmpty())
        status += u' ' + tr("Not started: %1.").arg(problems.join(u"; "_s));
    if (!dropped.isEmpty())
        status += u' ' + tr("Not sent: %1.").arg(dropped.join(u"; "_s));
    Q_EMIT statusMessage(status);

    // One key lookup per provider that takes a key; the jobs go out once every answer is in.
    QList<const Provider *> needKeys;
    for (const PreparedColumn &p : std::as_const(d->prepared)) {
        if (!p.provider->apiKeyEnvVars().isEmpty() && !needKeys.contains(p.provider))
            needKeys.append(p.provider);
    }
    if (needKeys.isEmpty()) {
        submitAll();
        return true;
    }
    d->awaitingKeys = true;
    d->keysPending = int(needKeys.size());
    const int serial = ++d->startSerial;
    const QPointer<CompareController> self(this);
    for (const Provider *provider : std::as_const(needKeys)) {
        const QString id = provider->id();
        d->keys.read(*provider, [self, serial, id](const KeyStore::Lookup &lookup) {
            if (!self || serial != self->d->startSerial)
                return; // stopped meanwhile
            self->d->keyByProvider.insert(id, lookup.key);
            if (!lookup.key.isEmpty())
                self->d->secrets.append(lookup.key);
            if (--self->d->keysPending == 0) {
                self->d->awaitingKeys = false;
                self->submitAll();
            }
        });
    }
    return true;
}

void CompareController::submitAll()
{
    QList<RunJob> jobs;
    QList<const PreparedColumn *> columns; // parallel to jobs
    for (const PreparedColumn &p : std::as_const(d->prepared)) {
        if (!p.column)
            continue;
        RunJob job;
        job.targetKey = p.id;
        job.provider = p.provider;
        job.request = p.request;
        job.settings = p.settings;
        job.settings.apiKey = d->keyByProvider.value(p.provider->id());
        job.estimateMaxMicroUsd = p.estimateMax;
        jobs.append(std::move(job));
        columns.append(&p);
    }
    // Repeat-major: every column's first repeat before any second one.
    const QList<int> ids = m_coordinator->submitRepeats(jobs, m_repeats);
    for (int i = 0; i < ids.size(); ++i) {
        const PreparedColumn &p = *columns[i % columns.size()];
        d->jobs.insert(ids[i], {p.column, p.id, int(i / columns.size()), p.provider->isSimulated()});
        ++d->openJobs[p.id];
        ++d->submitted;
    }
    d->prepared.clear(); // the keys stay only inside the coordinator's jobs
    d->keyByProvider.clear();
    if (d->submitted == 0)
        finishRun();
}

void CompareController::forgetColumn(const CompareColumn *column)
{
    const QString id = columnId(column);
    d->outcomes.remove(id);
    d->shownJob.remove(id);
    scheduleEstimate();
}

QString CompareController::budgetText() const
{
    return d->budgetText;
}

QString CompareController::redactedText(const QString &text) const
{
    return d->secrets.isEmpty() ? text : redacted(text, d->secrets);
}

} // namespace Crucible
