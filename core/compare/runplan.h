#pragma once

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

#include "pricing/costestimate.h"
#include "pricing/pricetable.h"

namespace Crucible {

/// The estimate of a whole compare run, shown before anything is sent.
struct PlanEstimate
{
    int requests = 0;              ///< columns × repeats × max(1, test cases)
    std::int64_t minMicroUsd = 0;  ///< sum over priced columns of minMicroUsd × repeats × cases
    std::int64_t maxMicroUsd = 0;  ///< same with maxMicroUsd
    int unpricedColumns = 0;       ///< columns without a max estimate (or no estimate): the total is
                                   ///< incomplete
    int pricedColumns = 0;         ///< columns that count in min/max
    bool inputExact = true;        ///< every column has an estimate and its input count is exact
    bool isComplete() const { return unpricedColumns == 0; }
};

/// columns: one estimate per column (nullopt: could not estimate). repeats ≥ 1, testCases ≥ 0
/// (smaller values count as 1 repeat, 1 case). A column with maxMicroUsd is priced and adds its
/// minMicroUsd (0 when unset) and maxMicroUsd, each × repeats × cases.
PlanEstimate estimatePlan(const QList<std::optional<CostEstimate>> &columns, int repeats, int testCases);

/// One line, money through formatUsd():
///   "est. $0.002100–$0.0370 for 12 requests"   (min–max; one amount when min == max)
///   "≈ $0.002100–$0.0370 for 12 requests"      (some input count is not exact)
///   "… for 1 request (2 columns not priced)"   (suffix when unpricedColumns > 0, "1 column")
///   "cost unknown for 12 requests (3 columns not priced)" (no priced column)
///   "no requests"                              (requests == 0)
QString describePlan(const PlanEstimate &plan);

/// Parses a budget typed by the user into micro-USD: surrounding whitespace and one leading "$"
/// are ignored; the decimal separator is "." or a single "," (when there is no "."); ASCII digits,
/// at most 12 before the separator; beyond 6 decimals rounds half up ("0.0000005" → 1).
/// "0.50", "$0.5", "0,50" → 500000; " 2 " → 2000000; ".5" → 500000; "0" → 0.
/// nullopt: empty, "$", negative, exponent ("1e999"), thousands separators, anything else.
std::optional<std::int64_t> parseBudgetUsd(const QString &text);

// Money is shown with formatUsd() from pricing/pricetable.h, the same as the run readout:
// below one cent every micro-dollar ("$0.002223"), from one cent on 4 decimals rounded half up
// ("$0.0185", "$1.2346", "$17.5000"), negative amounts "-$…".

} // namespace Crucible
