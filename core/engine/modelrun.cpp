#include "engine/modelrun.h"

#include <QTimer>

#include "common/clock.h"
#include "common/logging.h"
#include "engine/streamsource.h"
#include "pricing/pricetable.h"
#include "providers/provider.h"
#include "transport/transferupdate.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

ErrorClass classForSetupError(const Error &error)
{
    switch (error.kind) {
    case Error::Kind::Network: return ErrorClass::Network;
    case Error::Kind::Cancelled: return ErrorClass::Cancelled;
    case Error::Kind::Parse: return ErrorClass::Malformed;
    default: return ErrorClass::BadRequest;
    }
}

RunOutcome::Status statusForError(const ProviderError &error)
{
    switch (error.errorClass) {
    case ErrorClass::Cancelled: return RunOutcome::Status::Cancelled;
    case ErrorClass::Truncated: return RunOutcome::Status::Truncated;
    default: return RunOutcome::Status::Error;
    }
}

RunMetrics::Phase phaseForStatus(RunOutcome::Status status)
{
    switch (status) {
    case RunOutcome::Status::Ok: return RunMetrics::Phase::Done;
    case RunOutcome::Status::Truncated: return RunMetrics::Phase::Truncated;
    case RunOutcome::Status::Error: return RunMetrics::Phase::Error;
    case RunOutcome::Status::Cancelled: return RunMetrics::Phase::Cancelled;
    }
    return RunMetrics::Phase::Error;
}

} // namespace

ModelRun::ModelRun(const Provider &provider, ChatRequest request, ProviderSettings settings,
                   HttpTransport &transport, const PriceTable *prices, QObject *parent)
    : QObject(parent)
    , m_provider(provider)
    , m_request(std::move(request))
    , m_settings(std::move(settings))
    , m_transport(transport)
    , m_prices(prices)
{
    if (m_request.model.isEmpty())
        m_request.model = m_provider.defaultModel();
}

ModelRun::~ModelRun()
{
    if (m_source)
        disconnect(m_source.get(), nullptr, this, nullptr);
    // Destroying the source stops its transfer / timer.
}

void ModelRun::start()
{
    if (m_source || m_finished || m_metrics.phase != RunMetrics::Phase::Idle)
        return;
    m_metrics.phase = RunMetrics::Phase::Connecting;
    auto source = m_provider.createSource(m_request, m_settings, m_transport);
    if (!source) {
        ProviderError error;
        error.errorClass = classForSetupError(source.error());
        error.message = source.error().message;
        // Queued, so callers may connect to finished() after start().
        QTimer::singleShot(0, this, [this, error] { finish(RunOutcome::Status::Error, error); });
        return;
    }
    m_source = std::move(source).value();
    connect(m_source.get(), &StreamSource::updated, this, &ModelRun::apply);
    m_metrics.sentNs = monotonicNs(); // replaced by the transport's mark when it arrives
    Q_EMIT metricsChanged(m_metrics);
    m_source->start();
}

void ModelRun::cancel()
{
    if (m_finished)
        return;
    if (m_source) {
        m_source->cancel(); // its final update (Cancelled) finishes the run
        if (m_finished)
            return;
    }
    if (!m_source) {
        ProviderError error;
        error.errorClass = ErrorClass::Cancelled;
        error.message = u"cancelled before start"_s;
        finish(RunOutcome::Status::Cancelled, error);
    }
}

void ModelRun::apply(const TransferUpdate &update)
{
    if (m_finished)
        return;
    RunMetrics &m = m_metrics;
    bool changed = false;
    if (update.marks.sentNs != 0 && m.sentNs != update.marks.sentNs) {
        m.sentNs = update.marks.sentNs;
        changed = true;
    }
    if (update.headersArrived && m.phase == RunMetrics::Phase::Connecting) {
        m.phase = RunMetrics::Phase::Waiting;
        changed = true;
    }
    for (const TimedEvent &timed : update.events) {
        if (m_error.isError())
            break; // nothing after an error event counts
        const StreamEvent &event = timed.event;
        switch (event.kind) {
        case StreamEvent::Kind::TextDelta:
        case StreamEvent::Kind::ReasoningDelta: {
            if (event.text.isEmpty())
                break;
            const bool isText = event.kind == StreamEvent::Kind::TextDelta;
            std::int64_t &first = isText ? m.firstTextNs : m.firstReasoningNs;
            if (first == 0)
                first = timed.atNs;
            m.lastTokenNs = std::max(m.lastTokenNs, timed.atNs);
            if (m.phase == RunMetrics::Phase::Connecting || m.phase == RunMetrics::Phase::Waiting)
                m.phase = RunMetrics::Phase::Streaming;
            if (isText) {
                ++m.textDeltas;
                m_text += event.text;
                Q_EMIT textDelta(event.text);
            } else {
                ++m.reasoningDeltas;
                m_reasoning += event.text;
                Q_EMIT reasoningDelta(event.text);
            }
            if (m_finished)
                return; // a receiver cancelled the run
            changed = true;
            break;
        }
        case StreamEvent::Kind::Usage: {
            Usage merged = m.usage;
            merged.mergeLatest(event.usage);
            if (!(merged == m.usage)) {
                m.usage = merged;
                updateCost();
                changed = true;
            }
            break;
        }
        case StreamEvent::Kind::Finish:
            m_sawFinish = true;
            if (m.finishReason != event.finishReason) {
                m.finishReason = event.finishReason;
                changed = true;
            }
            break;
        case StreamEvent::Kind::Error:
            m_error = event.error;
            changed = true;
            break;
        case StreamEvent::Kind::Meta:
            if (!event.text.isEmpty() && m.requestId != event.text) {
                m.requestId = event.text;
                changed = true;
            }
            break;
        case StreamEvent::Kind::ToolCall:
            m_toolCalls.append(event.toolCall);
            Q_EMIT toolCallReceived(event.toolCall);
            if (m_finished)
                return; // a receiver cancelled the run
            break;
        }
    }
    if (update.finished) {
        m.endNs = update.marks.endNs != 0 ? update.marks.endNs : monotonicNs();
        if (m_error.isError()) {
            finish(statusForError(m_error), m_error);
        } else if (update.transportError.isError()) {
            finish(statusForError(update.transportError), update.transportError);
        } else if (m_sawFinish) {
            finish(RunOutcome::Status::Ok, {});
        } else {
            ProviderError error;
            error.errorClass = ErrorClass::Truncated;
            error.message = u"the stream ended without a finish reason"_s;
            finish(RunOutcome::Status::Truncated, error);
        }
        return; // finish() emitted metricsChanged once for this update
    }
    if (changed)
        Q_EMIT metricsChanged(m_metrics);
}

void ModelRun::finish(RunOutcome::Status status, const ProviderError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_metrics.phase = phaseForStatus(status);
    if (m_metrics.endNs == 0)
        m_metrics.endNs = monotonicNs();
    m_error = status == RunOutcome::Status::Ok ? ProviderError{} : error;
    if (m_error.isError())
        qCDebug(lcEngine) << "run ended:" << statusName(status) << errorClassName(m_error.errorClass);

    RunOutcome outcome;
    outcome.status = status;
    outcome.providerId = m_provider.id();
    outcome.model = m_request.model;
    outcome.simulated = m_provider.isSimulated();
    outcome.text = m_text;
    outcome.reasoning = m_reasoning;
    outcome.toolCalls = m_toolCalls;
    outcome.metrics = m_metrics;
    outcome.error = m_error;
    Q_EMIT metricsChanged(m_metrics);
    Q_EMIT finished(outcome);
}

void ModelRun::updateCost()
{
    const ModelPrice *price = m_prices ? m_prices->find(m_provider.id(), m_request.model) : nullptr;
    m_metrics.priced = price != nullptr;
    m_metrics.costMicroUsd = price ? PriceTable::costMicroUsd(*price, m_metrics.usage) : std::nullopt;
}

} // namespace Crucible
