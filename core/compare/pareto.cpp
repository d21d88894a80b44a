#include "compare/repeatstats.h"

#include <algorithm>
#include <cmath>

namespace Crucible {

QList<int> paretoFrontier(const QList<CostLatencyPoint> &points)
{
    const auto usable = [](const CostLatencyPoint &p) { return !std::isnan(p.cost) && !std::isnan(p.latency); };
    QList<int> frontier;
    for (int i = 0; i < points.size(); ++i) {
        const CostLatencyPoint &p = points.at(i);
        if (!usable(p))
            continue;
        const bool dominated = std::any_of(points.cbegin(), points.cend(), [&p, &usable](const CostLatencyPoint &q) {
            return usable(q) && q.cost <= p.cost && q.latency <= p.latency
                && (q.cost < p.cost || q.latency < p.latency);
        });
        if (!dominated)
            frontier.append(i);
    }
    std::stable_sort(frontier.begin(), frontier.end(), [&points](int a, int b) {
        const CostLatencyPoint &pa = points.at(a);
        const CostLatencyPoint &pb = points.at(b);
        return pa.cost != pb.cost ? pa.cost < pb.cost : pa.latency < pb.latency;
    });
    return frontier;
}

} // namespace Crucible
