#pragma once

#include <QList>
#include <QTimer>
#include <QWidget>

#include "engine/runmetrics.h"
#include "pricing/costestimate.h"

#include <optional>

class QLabel;

namespace Crucible {

/// The row of live numbers under the output: status, TTFT, tokens/s, elapsed, input and output
/// tokens, cost and finish reason. Every number comes from core (RunMetrics, transport
/// timestamps); the only clock read here is monotonicNs() for "now" while a run is live, about
/// every 100 ms, so elapsed time and the live tokens/s estimate ("≈") keep moving between events.
/// Cost shows the estimate before the run and the actual after it: "est. ≤$0.0012 → $0.0009"
/// (upper bound: input + max output; "≈" when the input count is not exact).
/// setCompact(true) is the compare column's variant: each field reads "Caption value" on one line
/// and the fields wrap into as many rows as the width needs.
/// GUI thread only.
class ReadoutBar : public QWidget
{
    Q_OBJECT
public:
    enum class Field { Status, Ttft, TokenRate, Elapsed, InputTokens, OutputTokens, Cost, Finish };
    static constexpr int TickIntervalMs = 100;
    static constexpr int CoalesceMs = 30; ///< live setMetrics() in the same phase are batched

    explicit ReadoutBar(QWidget *parent = nullptr);

    void reset();                             ///< idle, every number "—" (the estimate stays)
    /// The estimate of the run that starts / runs / ran (nullopt: none). With forNextRun the
    /// estimate is for the prompt as it is now: the last run's actual is no longer shown next to it.
    void setEstimate(const std::optional<CostEstimate> &estimate, bool forNextRun = false);
    /// "≤$0.0012", "≈ ≤$0.0012", "≥$0.0003", "not priced"; empty for nullopt.
    static QString estimateText(const std::optional<CostEstimate> &estimate);
    void setMetrics(const RunMetrics &metrics); ///< live or final; the tick runs while isRunning()
    /// Status detail shown after the phase, e.g. the error class ("error · rate-limit").
    void setStatusDetail(const QString &detail);

    QString text(Field field) const; ///< what the value label shows
    /// Fields inline and wrapping (narrow columns) instead of one row of caption-over-value boxes.
    void setCompact(bool compact);
    bool isCompact() const { return m_compact; }
    void setFieldVisible(Field field, bool visible); ///< e.g. Finish when shown elsewhere
    const RunMetrics &metrics() const { return m_metrics; }

private:
    void refresh();
    void refreshIfDirty() const;
    /// Sets a value label's text when it changed. The label keeps a fixed size that only grows
    /// (from a wide sample), so a new number does not send a layout request up the column.
    void setValue(Field field, const QString &text);
    void relayout();
    QString costToolTip() const;
    void addField(Field field, const char *id, const QString &caption, const QString &toolTip);
    QLabel *label(Field field) const { return m_values.at(int(field)); }

    RunMetrics m_metrics;
    QString m_statusDetail;
    std::optional<CostEstimate> m_estimate;
    bool m_estimateForNextRun = false;
    QWidget *m_costBox = nullptr;
    QList<QLabel *> m_values; ///< indexed by Field
    QList<QWidget *> m_boxes; ///< caption + value, indexed by Field
    bool m_compact = false;
    QTimer m_tick;
    QTimer m_coalesce;         ///< live metrics within one phase: at most one refresh per interval
    mutable bool m_dirty = false; ///< metrics newer than the labels (text() refreshes first)
    QString m_costTip;
};

} // namespace Crucible
