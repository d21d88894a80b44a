#pragma once

#include <QList>

#include "compare/chartspanel.h"

class QBarSeries;
class QLabel;
class QTabWidget;
class QToolButton;
class QValueAxis;

namespace Crucible {

/// ChartsPanel's widgets and chart objects (all owned by Qt parents; the struct only points).
struct ChartsPanel::Private
{
    struct Bars
    {
        QBarSeries *series = nullptr;
        QBarSet *p50 = nullptr;
        QBarSet *p95 = nullptr;
        QBarCategoryAxis *categories = nullptr;
        QValueAxis *values = nullptr;
    };

    QTabWidget *tabs = nullptr;
    QChartView *views[3] = {};
    QLabel *note = nullptr;
    QToolButton *exportButton = nullptr;
    QValueAxis *latencyAxis = nullptr;
    QValueAxis *costAxis = nullptr;
    QList<QScatterSeries *> columnSeries;
    QLineSeries *frontier = nullptr;
    Bars bars[2]; ///< TTFT, tokens/s

    /// A p50/p95 bar series with a category axis (bottom) and a value axis titled valueTitle (left).
    static Bars makeBars(QChart *chart, const QString &valueTitle);

    static constexpr int LatencyDecimals = 0;
    static constexpr int CostDecimals = -1; ///< "as many as the tick step needs", at least 2
    /// Sets axis to 0 … a "nice" bound above maxValue (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^n, ≥ 10 % headroom) with
    /// round ticks (3–5 intervals), only when that bound changes. decimals: label decimals (CostDecimals: from the step,
    /// with a "$" prefix).
    static void niceRange(QValueAxis *axis, double maxValue, int decimals);
};

} // namespace Crucible
