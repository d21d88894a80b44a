#pragma once

// Shared by the compare tests (header only): hand-made repeat statistics.

#include "compare/repeatstats.h"

namespace Crucible::Test {

/// A Distribution of 5 samples with the given p50 and p95; mean defaults to p50, min is
/// p50 and max is p95.
inline Distribution testDistribution(double p50, double p95, double mean = -1)
{
    Distribution d;
    d.count = 5;
    d.p50 = p50;
    d.p95 = p95;
    d.mean = mean < 0 ? p50 : mean;
    d.min = p50;
    d.max = p95;
    return d;
}

} // namespace Crucible::Test
