#include "compare/repeatstats.h"

#include <QHash>

#include <algorithm>
#include <numeric>

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

/// Nearest rank: the smallest sample with at least `percent`% of the samples ≤ it (integer math,
/// so 95% of 20 is rank 19 exactly).
double nearestRank(const QList<double> &sorted, int percent)
{
    const qsizetype n = sorted.size();
    const qsizetype rank = std::max<qsizetype>(1, (percent * n + 99) / 100);
    return sorted.at(rank - 1);
}

double percentOf(int part, int whole)
{
    return 100.0 * part / whole;
}

} // namespace

std::optional<Distribution> distributionOf(QList<double> samples)
{
    if (samples.isEmpty())
        return std::nullopt;
    std::sort(samples.begin(), samples.end());
    Distribution d;
    d.count = int(samples.size());
    d.mean = std::accumulate(samples.cbegin(), samples.cend(), 0.0) / d.count;
    d.p50 = nearestRank(samples, 50);
    d.p95 = nearestRank(samples, 95);
    d.min = samples.first();
    d.max = samples.last();
    return d;
}

ColumnSummary summarizeColumn(const QString &targetKey, const QString &label,
                              const QList<RunOutcome> &outcomes, const SchemaCheck &schemaCheck)
{
    ColumnSummary s;
    s.targetKey = targetKey;
    s.label = label;
    s.runs = int(outcomes.size());

    QList<double> ttft, rate, total, cost;
    QHash<QString, int> textCounts;
    int modalTextCount = 0;
    int schemaValid = 0;
    QStringList jsonTexts;
    for (const RunOutcome &o : outcomes) {
        const RunMetrics &m = o.metrics;
        if (o.status == RunOutcome::Status::Ok)
            ++s.okRuns;
        else if (o.status == RunOutcome::Status::Error || o.status == RunOutcome::Status::Truncated)
            ++s.errorRuns;

        if (const auto v = m.ttftMs())
            ttft.append(*v);
        if (const auto v = m.outputTokensPerSecond(m.endNs))
            rate.append(*v);
        if (m.sentNs != 0 && m.endNs != 0)
            total.append(m.elapsedMs(m.endNs));
        if (m.costMicroUsd) {
            cost.append(double(*m.costMicroUsd) / 1e6);
            s.totalCostMicroUsd += *m.costMicroUsd;
        }
        s.inputTokens += m.usage.inputTokens.value_or(0);
        s.outputTokens += m.usage.outputTokens.value_or(0);
        s.reasoningTokens += m.usage.reasoningTokens.value_or(0);
        s.cachedInputTokens += m.usage.cachedInputTokens.value_or(0);

        if (o.status != RunOutcome::Status::Ok)
            continue;
        modalTextCount = std::max(modalTextCount, ++textCounts[o.text]);
        if (const auto json = extractJson(o.text)) {
            ++s.jsonRuns;
            jsonTexts.append(*json);
            if (schemaCheck && schemaCheck(*json))
                ++schemaValid;
        }
    }
    s.ttftMs = distributionOf(ttft);
    s.tokensPerSecond = distributionOf(rate);
    s.totalMs = distributionOf(total);
    s.costUsd = distributionOf(cost);
    if (s.okRuns > 0) {
        s.identicalPct = percentOf(modalTextCount, s.okRuns);
        s.jsonPct = percentOf(s.jsonRuns, s.okRuns);
        if (schemaCheck)
            s.schemaValidPct = percentOf(schemaValid, s.okRuns);
    }
    s.fields = fieldAgreement(jsonTexts);
    return s;
}

} // namespace Crucible
