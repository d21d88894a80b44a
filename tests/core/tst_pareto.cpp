#include <QTest>

#include "compare/repeatstats.h"

#include <limits>

using namespace Qt::StringLiterals;
using namespace Crucible;

class TestPareto : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fiveHandPlacedPoints()
    {
        //  latency
        //  900 | 0
        //  600 |           3
        //  500 |      1
        //  300 |           2    4
        //      +---------------------- cost (0.001 … 0.004)
        const QList<CostLatencyPoint> points{
            {0.001, 900}, // 0: cheapest
            {0.002, 500}, // 1: cheaper than 2, slower
            {0.003, 300}, // 2: fastest
            {0.003, 600}, // 3: dominated by 2 (same cost, slower) and by 1
            {0.004, 300}, // 4: dominated by 2 (same latency, dearer)
        };
        QCOMPARE(paretoFrontier(points), (QList<int>{0, 1, 2}));
    }

    void sortedByCost()
    {
        const QList<CostLatencyPoint> points{{0.5, 10}, {0.1, 90}, {0.3, 50}, {0.2, 95}};
        QCOMPARE(paretoFrontier(points), (QList<int>{1, 2, 0})); // 3 is dominated by 1
    }

    void duplicatesAllOnFrontier()
    {
        const QList<CostLatencyPoint> points{{1, 100}, {2, 50}, {1, 100}, {2, 60}};
        QCOMPARE(paretoFrontier(points), (QList<int>{0, 2, 1}));
    }

    void edgeCases()
    {
        QVERIFY(paretoFrontier({}).isEmpty());
        QCOMPARE(paretoFrontier({{0, 0}}), (QList<int>{0}));
        const double nan = std::numeric_limits<double>::quiet_NaN();
        // The NaN point neither counts nor dominates; 0 would be dominated by (0, 0) if it did count.
        QCOMPARE(paretoFrontier({{1, 1}, {nan, 0}, {0, nan}}), (QList<int>{0}));
    }
};

QTEST_GUILESS_MAIN(TestPareto)
#include "tst_pareto.moc"
