#pragma once

#include <QList>
#include <QTimer>
#include <QWidget>

#include "engine/runmetrics.h"

class QLabel;

namespace Crucible {

/// The row of live numbers under the output: status, TTFT, tokens/s, elapsed, input and output
/// tokens, cost and finish reason. Every number comes from core (RunMetrics, transport
/// timestamps); the only clock read here is monotonicNs() for "now" while a run is live, about
/// every 100 ms, so elapsed time and the live tokens/s estimate ("≈") keep moving between events.
/// GUI thread only.
class ReadoutBar : public QWidget
{
    Q_OBJECT
public:
    enum class Field { Status, Ttft, TokenRate, Elapsed, InputTokens, OutputTokens, Cost, Finish };
    static constexpr int TickIntervalMs = 100;

    explicit ReadoutBar(QWidget *parent = nullptr);

    void reset();                             ///< idle, every number "—"
    void setMetrics(const RunMetrics &metrics); ///< live or final; the tick runs while isRunning()
    /// Status detail shown after the phase, e.g. the error class ("error · rate-limit").
    void setStatusDetail(const QString &detail);

    QString text(Field field) const; ///< what the value label shows
    const RunMetrics &metrics() const { return m_metrics; }

private:
    void refresh();
    void addField(Field field, const char *id, const QString &caption, const QString &toolTip);
    QLabel *label(Field field) const { return m_values.at(int(field)); }

    RunMetrics m_metrics;
    QString m_statusDetail;
    QList<QLabel *> m_values; ///< indexed by Field
    QTimer m_tick;
};

} // namespace Crucible
