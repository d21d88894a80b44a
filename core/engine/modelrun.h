#pragma once

#include <QObject>
#include <QPointer>

#include <memory>

#include "engine/runoutcome.h"
#include "providers/chatrequest.h"

namespace Crucible {

class HttpTransport;
class PriceTable;
class Provider;
class StreamSource;
struct TransferUpdate;

/// Streams one prompt's reply from one model. Lives on the thread of the transport (GUI or CLI
/// main thread); transport events arrive queued from the network thread.
/// After start(): textDelta()/reasoningDelta() fire 0..n times, metricsChanged() whenever a number
/// changes, then finished() exactly once — also after cancel() or when start() fails (status Error,
/// class from the failure). provider, transport and prices must outlive the run.
class ModelRun : public QObject
{
    Q_OBJECT
public:
    ModelRun(const Provider &provider, ChatRequest request, ProviderSettings settings,
             HttpTransport &transport, const PriceTable *prices, QObject *parent = nullptr);
    ~ModelRun() override;

    void start();
    void cancel();

    const ChatRequest &request() const { return m_request; }
    const Provider &provider() const { return m_provider; }
    const RunMetrics &metrics() const { return m_metrics; }
    const QString &text() const { return m_text; }
    const QString &reasoning() const { return m_reasoning; }
    const QList<ToolCall> &toolCalls() const { return m_toolCalls; }
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    void textDelta(const QString &chunk);
    void reasoningDelta(const QString &chunk);
    void toolCallReceived(const Crucible::ToolCall &call);
    void metricsChanged(const Crucible::RunMetrics &metrics);
    void finished(const Crucible::RunOutcome &outcome);

private:
    void apply(const TransferUpdate &update);
    void finish(RunOutcome::Status status, const ProviderError &error);
    void updateCost();

    const Provider &m_provider;
    ChatRequest m_request;
    ProviderSettings m_settings;
    HttpTransport &m_transport;
    const PriceTable *m_prices;
    std::unique_ptr<StreamSource> m_source;
    RunMetrics m_metrics;
    QString m_text;
    QString m_reasoning;
    QList<ToolCall> m_toolCalls;
    ProviderError m_error;   ///< first error event seen
    bool m_sawFinish = false;
    bool m_finished = false;
};

} // namespace Crucible
