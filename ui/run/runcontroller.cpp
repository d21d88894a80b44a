#include "run/runcontroller.h"

#include <QPlainTextEdit>
#include <QUrl>

#include "common/redact.h"
#include "engine/modelrun.h"
#include "keys/keystore.h"
#include "prompt/promptpanel.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "run/outputpane.h"
#include "run/paramsbar.h"
#include "run/readoutbar.h"
#include "run/targetbar.h"
#include "transport/httptransport.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

QString doneMessage(const RunMetrics &metrics)
{
    QString text = RunController::tr("Done: %1 s").arg(metrics.elapsedMs(metrics.endNs) / 1000.0, 0,
                                                       'f', 2);
    if (metrics.usage.outputTokens)
        text += RunController::tr(", %1 output tokens").arg(*metrics.usage.outputTokens);
    if (metrics.costMicroUsd)
        text += u", "_s + formatUsd(*metrics.costMicroUsd);
    return text + u'.';
}

} // namespace

RunController::RunController(const ProviderRegistry &providers, KeyStore &keys, PromptPanel *prompt,
                             TargetBar *target, OutputPane *output, ReadoutBar *readout,
                             QObject *parent)
    : QObject(parent)
    , m_providers(providers)
    , m_keys(keys)
    , m_prompt(prompt)
    , m_target(target)
    , m_output(output)
    , m_readout(readout)
    , m_transport(std::make_unique<HttpTransport>())
{
    if (Result<PriceTable> prices = PriceTable::withUserOverrides())
        m_prices = std::move(prices).value();

    connect(m_target, &TargetBar::runRequested, this, &RunController::start);
    connect(m_target, &TargetBar::stopRequested, this, &RunController::stop);
    connect(m_target, &TargetBar::providerChanged, this, [this](const Provider *provider) {
        if (!isRunning())
            m_output->setSimulated(provider && provider->isSimulated());
    });
    const Provider *initial = m_target->provider();
    m_output->setSimulated(initial && initial->isSimulated());

    // The estimate follows the prompt and the target while idle (debounced: it tokenizes).
    m_estimateTimer.setSingleShot(true);
    m_estimateTimer.setInterval(EstimateDelayMs);
    connect(&m_estimateTimer, &QTimer::timeout, this, &RunController::updateEstimate);
    auto later = [this] { m_estimateTimer.start(); };
    connect(m_target, &TargetBar::targetChanged, this, later);
    connect(m_prompt->systemEditor(), &QPlainTextEdit::textChanged, this, later);
    connect(m_prompt->userEditor(), &QPlainTextEdit::textChanged, this, later);
    m_estimateTimer.start();
}

void RunController::reloadPrices()
{
    QString overrideError;
    Result<PriceTable> prices = PriceTable::withUserOverrides(&overrideError);
    if (prices)
        m_prices = std::move(prices).value();
    if (!overrideError.isEmpty())
        Q_EMIT statusMessage(overrideError);
    if (!isRunning())
        m_estimateTimer.start();
}

RunController::~RunController()
{
    // Runs use the transport: they go first, the transport (a member) after.
    const QList<ModelRun *> runs = findChildren<ModelRun *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(runs);
}

bool RunController::isRunning() const
{
    return m_awaitingKey || (m_run && !m_run->isFinished());
}

SanitizedRequest RunController::buildRequest(const Provider &provider) const
{
    ChatRequest request;
    request.model = m_target->model();
    if (request.model.isEmpty())
        request.model = provider.defaultModel();
    if (!m_prompt->systemText().trimmed().isEmpty())
        request.messages.append({ChatMessage::Role::System, m_prompt->systemText()});
    request.messages.append({ChatMessage::Role::User, m_prompt->userText()});
    m_target->params()->apply(request);
    ModelInfo info = m_target->modelInfo();
    if (info.id.isEmpty())
        info.id = request.model;
    return sanitizeRequest(request, info);
}

std::optional<CostEstimate> RunController::estimate(const Provider &provider,
                                                    const ChatRequest &request) const
{
    const ModelPrice *price = m_prices ? m_prices->find(provider.id(), request.model) : nullptr;
    Result<CostEstimate> result = estimateCost(request, m_target->modelInfo(), price);
    if (!result)
        return std::nullopt;
    return std::move(result).value();
}

void RunController::updateEstimate()
{
    const Provider *provider = m_target->provider();
    if (isRunning() || !provider)
        return;
    if (m_prompt->userText().trimmed().isEmpty() && m_prompt->systemText().trimmed().isEmpty()) {
        m_readout->setEstimate(std::nullopt, true);
        return;
    }
    m_readout->setEstimate(estimate(*provider, buildRequest(*provider).request), true);
}

bool RunController::start()
{
    if (isRunning())
        return false;
    const Provider *provider = m_target->provider();
    if (!provider) {
        Q_EMIT statusMessage(tr("No provider selected."));
        return false;
    }
    const QString userText = m_prompt->userText();
    if (userText.trimmed().isEmpty()) {
        Q_EMIT statusMessage(tr("Type a user message first."));
        return false;
    }

    ProviderSettings settings;
    const QString baseUrl = m_target->baseUrl();
    if (!baseUrl.isEmpty()) {
        settings.baseUrl = QUrl(baseUrl, QUrl::StrictMode);
        if (!settings.baseUrl.isValid() || settings.baseUrl.isRelative()) {
            Q_EMIT statusMessage(tr("Invalid base URL: %1").arg(baseUrl));
            return false;
        }
    }
    SanitizedRequest sanitized = buildRequest(*provider);
    m_estimateTimer.stop();
    m_readout->reset();
    m_readout->setEstimate(estimate(*provider, sanitized.request));

    if (provider->apiKeyEnvVars().isEmpty()) {
        launch(*provider, std::move(sanitized), std::move(settings));
        return true;
    }
    // The key: keychain / memory / environment. May answer at once.
    m_awaitingKey = true;
    m_target->setRunning(true);
    const int serial = ++m_startSerial;
    const QPointer<RunController> self(this);
    m_keys.read(*provider, [self, serial, provider, sanitized = std::move(sanitized),
                            settings = std::move(settings)](const KeyStore::Lookup &lookup) mutable {
        if (!self || serial != self->m_startSerial)
            return; // stopped meanwhile
        self->m_awaitingKey = false;
        settings.apiKey = lookup.key;
        self->launch(*provider, std::move(sanitized), std::move(settings));
    });
    return true;
}

void RunController::launch(const Provider &provider, SanitizedRequest sanitized, ProviderSettings settings)
{
    m_secret = settings.apiKey;
    if (m_run)
        m_run->deleteLater();
    m_output->reset(provider.isSimulated());
    m_run = new ModelRun(provider, std::move(sanitized.request), std::move(settings), *m_transport,
                         prices(), this);
    connect(m_run, &ModelRun::textDelta, m_output, &OutputPane::appendDelta);
    connect(m_run, &ModelRun::metricsChanged, m_readout, &ReadoutBar::setMetrics);
    connect(m_run, &ModelRun::finished, this, &RunController::onFinished);

    m_target->setRunning(true);
    Q_EMIT runningChanged(true);
    QString status = tr("Running %1 on %2…").arg(m_run->request().model, provider.displayName());
    if (!sanitized.dropped.isEmpty())
        status += tr(" Not sent: %1.").arg(sanitized.dropped.join(u"; "_s));
    Q_EMIT statusMessage(status);
    m_run->start(); // may finish at once (e.g. a missing key): onFinished() then ran already
}

void RunController::stop()
{
    if (m_awaitingKey) {
        m_awaitingKey = false;
        ++m_startSerial;
        m_target->setRunning(false);
        Q_EMIT statusMessage(tr("Run cancelled."));
        return;
    }
    if (!isRunning())
        return;
    Q_EMIT statusMessage(tr("Cancelling…"));
    m_run->cancel();
}

void RunController::onFinished(const RunOutcome &outcome)
{
    m_output->flush();
    m_readout->setMetrics(outcome.metrics);

    ProviderError error = outcome.error;
    if (!m_secret.isEmpty())
        error.message = redacted(error.message, {m_secret});
    m_secret.clear();
    const QString what = describeError(error);

    switch (outcome.status) {
    case RunOutcome::Status::Ok:
        m_readout->setStatusDetail({});
        Q_EMIT statusMessage(doneMessage(outcome.metrics));
        break;
    case RunOutcome::Status::Cancelled:
        m_readout->setStatusDetail({});
        Q_EMIT statusMessage(tr("Run cancelled."));
        break;
    case RunOutcome::Status::Truncated:
        m_readout->setStatusDetail(errorClassName(ErrorClass::Truncated));
        if (error.isError())
            m_output->showError(error);
        Q_EMIT statusMessage(tr("Reply truncated: %1").arg(what));
        break;
    case RunOutcome::Status::Error:
        m_readout->setStatusDetail(errorClassName(error.errorClass));
        m_output->showError(error);
        Q_EMIT statusMessage(tr("Error — %1").arg(what));
        break;
    }
    m_target->setRunning(false);
    Q_EMIT runningChanged(false);
    Q_EMIT runFinished(outcome);
}

} // namespace Crucible
