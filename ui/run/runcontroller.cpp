#include "run/runcontroller.h"

#include <QUrl>

#include "common/redact.h"
#include "engine/modelrun.h"
#include "prompt/promptpanel.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "run/outputpane.h"
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

RunController::RunController(const ProviderRegistry &providers, PromptPanel *prompt,
                             TargetBar *target, OutputPane *output, ReadoutBar *readout,
                             QObject *parent)
    : QObject(parent)
    , m_providers(providers)
    , m_prompt(prompt)
    , m_target(target)
    , m_output(output)
    , m_readout(readout)
    , m_transport(std::make_unique<HttpTransport>())
{
    Result<PriceTable> prices = PriceTable::builtIn();
    if (prices)
        m_prices = std::move(prices).value();

    connect(m_target, &TargetBar::runRequested, this, &RunController::start);
    connect(m_target, &TargetBar::stopRequested, this, &RunController::stop);
    connect(m_target, &TargetBar::providerChanged, this, [this](const Provider *provider) {
        if (!isRunning())
            m_output->setSimulated(provider && provider->isSimulated());
    });
    const Provider *initial = m_target->provider();
    m_output->setSimulated(initial && initial->isSimulated());
}

RunController::~RunController()
{
    // Runs use the transport: they go first, the transport (a member) after.
    const QList<ModelRun *> runs = findChildren<ModelRun *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(runs);
}

bool RunController::isRunning() const
{
    return m_run && !m_run->isFinished();
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

    ChatRequest request;
    request.model = m_target->model();
    if (request.model.isEmpty())
        request.model = provider->defaultModel();
    if (!m_prompt->systemText().trimmed().isEmpty())
        request.messages.append({ChatMessage::Role::System, m_prompt->systemText()});
    request.messages.append({ChatMessage::Role::User, userText});

    ProviderSettings settings;
    const QString baseUrl = m_target->baseUrl();
    if (!baseUrl.isEmpty()) {
        settings.baseUrl = QUrl(baseUrl, QUrl::StrictMode);
        if (!settings.baseUrl.isValid() || settings.baseUrl.isRelative()) {
            Q_EMIT statusMessage(tr("Invalid base URL: %1").arg(baseUrl));
            return false;
        }
    }
    const QString keyVar = provider->apiKeyEnvVar();
    if (!keyVar.isEmpty())
        settings.apiKey = qEnvironmentVariable(keyVar.toLocal8Bit().constData());
    m_secret = settings.apiKey;

    if (m_run)
        m_run->deleteLater();
    m_output->reset(provider->isSimulated());
    m_readout->reset();
    m_run = new ModelRun(*provider, std::move(request), std::move(settings), *m_transport,
                         prices(), this);
    connect(m_run, &ModelRun::textDelta, m_output, &OutputPane::appendDelta);
    connect(m_run, &ModelRun::metricsChanged, m_readout, &ReadoutBar::setMetrics);
    connect(m_run, &ModelRun::finished, this, &RunController::onFinished);

    m_target->setRunning(true);
    Q_EMIT runningChanged(true);
    Q_EMIT statusMessage(tr("Running %1 on %2…").arg(m_run->request().model,
                                                      provider->displayName()));
    m_run->start(); // may finish at once (e.g. a missing key): onFinished() then ran already
    return true;
}

void RunController::stop()
{
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
