#pragma once

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

#include "pricing/costestimate.h"

namespace Crucible {

/// The estimate of a whole compare run, shown before anything is sent.
struct PlanEstimate
{
    int requests = 0;              ///< columns × repeats × max(1, test cases)
    std::int64_t minMicroUsd = 0;  ///< sum over priced columns of minMicroUsd × repeats × cases
    std::int64_t maxMicroUsd = 0;  ///< same with maxMicroUsd
    int unpricedColumns = 0;       ///< columns without a max estimate: the total is incomplete
    bool inputExact = true;        ///< every column's input count is exact
    bool isComplete() const { return unpricedColumns == 0; }
};

/// columns: one estimate per column (nullopt: could not estimate). repeats ≥ 1, testCases ≥ 0.
PlanEstimate estimatePlan(const QList<std::optional<CostEstimate>> &columns, int repeats, int testCases);

/// "est. $0.0021–$0.0370 for 12 requests" / "≈ …" when not exact / "… (2 columns not priced)".
QString describePlan(const PlanEstimate &plan);

/// Parses a budget typed by the user: "0.50", "$0.5", "0,50" → micro-USD; nullopt for empty,
/// negative or not a number.
std::optional<std::int64_t> parseBudgetUsd(const QString &text);

/// "$0.0012" style formatting used by the compare view and the CLI (4 significant decimals
/// below $1, 2 decimals above).
QString formatUsd(std::int64_t microUsd);

} // namespace Crucible
