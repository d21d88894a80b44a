#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>

#include "catalog/modelcatalog.h"
#include "compare/repeatstats.h"
#include "compare/runplan.h"
#include "engine/retrypolicy.h"
#include "engine/runcoordinator.h"
#include "pricing/pricetable.h"

namespace Crucible {

class CompareColumn;
class CompareView;
class HttpTransport;
class KeyStore;
class PromptPanel;
class ProviderRegistry;

/// Runs the compare view. runAll(): for every column builds the request (shared prompt or the
/// column's variant, its target and parameters, sanitizeRequest() with the catalog), asks the
/// KeyStore for each provider's key once, computes the plan estimate and — with a budget set —
/// hands the cap to the RunCoordinator, then submits columns × repeats jobs (repeat-major: every
/// column's first repeat before any second one). Coordinator signals are routed to the column of
/// the job; text and reasoning go through the columns' 30 ms batching. Outcomes are kept per column
/// (all repeats) and summarized with summarizeColumn(); summaryChanged() fires at most every
/// 250 ms while running and once at the end, so tables and charts update live.
/// The estimate (estimatePlan) is refreshed while idle, debounced, whenever the prompt, a column,
/// the repeats or the budget change. GUI thread only.
class CompareController : public QObject
{
    Q_OBJECT
public:
    CompareController(const ProviderRegistry &providers, KeyStore &keys, const ModelCatalog *catalog,
                      PromptPanel *prompt, CompareView *view, QObject *parent = nullptr);
    ~CompareController() override;

    bool runAll();          ///< false (statusMessage says why) when nothing could start
    void stopAll();
    void stopColumn(CompareColumn *column);
    bool isRunning() const;

    void setRepeats(int repeats);           ///< 1..50
    int repeats() const { return m_repeats; }
    void setBudgetMicroUsd(std::optional<std::int64_t> cap);
    void setRetryPolicy(const RetryPolicy &policy);
    /// The JSON Schema the answers must satisfy (empty: none). It is sent with every request (the
    /// provider's native structured output, where the model supports it) and each column's summary
    /// gets its schema-valid share. Returns false, with the reason in *error, when the text is not
    /// a schema the validator accepts; the previous schema then stays.
    bool setSchema(const QString &schemaText, QString *error = nullptr);
    QString schemaText() const;
    void setLimits(const RunCoordinator::Limits &limits);

    PlanEstimate planEstimate() const { return m_plan; }
    void updateEstimate();                  ///< recompute now (idle only)
    /// One summary per column, in column order (empty columns: runs == 0).
    QList<ColumnSummary> summaries() const;
    /// The outcomes of a column's repeats so far, in repeat order.
    QList<RunOutcome> outcomes(const CompareColumn *column) const;
    RunCoordinator *coordinator() const { return m_coordinator.get(); }
    const PriceTable *prices() const;
    void reloadPrices();

    // Additions for the view and tests (not in the first contract):
    static constexpr int EstimateDelayMs = 250;
    static constexpr int SummaryIntervalMs = 250;
    /// The stable id of a column ("c3"): outcomes are kept by it, so moving a column keeps them.
    /// Assigned on first use and carried by the column for its whole life.
    static QString columnId(const CompareColumn *column);
    /// The request runAll() would send for the column now (sanitized), and what was dropped.
    /// Needs the column's provider (null provider: an empty request).
    SanitizedRequest buildRequest(const CompareColumn &column) const;
    /// The column's latest answer: its last finished repeat's text, else what it shows.
    QString latestAnswer(const CompareColumn *column) const;
    /// After the last run stopped for the budget: "stopped by budget: spent $X of $Y"; else empty.
    QString budgetText() const;
    /// Refreshes the estimate a moment later (debounced; idle only).
    void scheduleEstimate();
    /// Drops what is kept for a removed column.
    void forgetColumn(const CompareColumn *column);

Q_SIGNALS:
    void statusMessage(const QString &text);
    void runningChanged(bool running);
    void estimateChanged(const Crucible::PlanEstimate &plan);
    void summaryChanged();
    /// The run stopped for the budget: spent so far and the cap, ready to show.
    void budgetStopped(const QString &explanation);
    void runFinished();

private:
    void submitAll();
    void finishRun();
    void onAttemptStarted(int jobId, int attempt, ModelRun *run);
    void onAttemptProgress(int jobId, const RunMetrics &metrics);
    void onAttemptFinished(int jobId, const RunOutcome &outcome);
    void onRetryScheduled(int jobId, int nextAttempt, int delayMs, const ProviderError &cause);
    void onJobFinished(int jobId, const JobResult &result);
    void onBudgetExhausted(std::int64_t spent, std::int64_t needed, std::int64_t cap);
    std::optional<CostEstimate> estimate(const CompareColumn &column, const ChatRequest &request) const;
    QString redactedText(const QString &text) const;

    struct Private;
    std::unique_ptr<Private> d;
    std::unique_ptr<HttpTransport> m_transport;
    std::unique_ptr<RunCoordinator> m_coordinator;
    int m_repeats = 1;
    PlanEstimate m_plan;
};

} // namespace Crucible
