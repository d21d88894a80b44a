#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include "compare/repeatstats.h"

class QBarCategoryAxis;
class QBarSet;
class QChartView;
class QChart;
class QLineSeries;
class QScatterSeries;

namespace Crucible {

/// Qt Charts for a compare run, updated live from ColumnSummary lists:
///  - cost vs latency scatter (x: total time p50 ms, y: mean cost $), one point per column with its
///    title, the Pareto frontier (paretoFrontier()) highlighted as a separate series joined by a line;
///  - TTFT bars (p50 and p95 per column) and tokens/s bars (p50 and p95 per column).
/// Export writes the chart shown (or all three, stacked) to PNG (QPixmap grab) or SVG (QSvgGenerator
/// when Qt Svg is available, else the SVG option is hidden and exportSvg() returns false).
///
/// Layout: one tab per chart, an Export… button (PNG / SVG of the chart shown) and a note naming the
/// columns that cannot be placed on the scatter (not priced or no timing yet).
/// Live updates: while the column set (target keys and titles, in order) is unchanged, every series,
/// bar set and axis object stays the same and only values change (no animation, axis ranges only
/// move when the "nice" range changes). A changed column set recreates the per-column scatter series
/// and the bar categories; the bar sets and frontier series are still the same objects.
class ChartsPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Chart { CostLatency, Ttft, TokenRate };
    explicit ChartsPanel(QWidget *parent = nullptr);
    void setSummaries(const QList<ColumnSummary> &summaries);

    QChart *chart(Chart which) const;
    QChartView *chartView(Chart which) const;
    /// Points of the scatter (x = latency ms, y = cost USD) and the indices on the frontier, as drawn.
    QList<CostLatencyPoint> scatterPoints() const { return m_points; }
    QList<int> frontier() const { return m_frontier; }
    /// For each scatter point, the index of its column in the last setSummaries() list.
    QList<int> pointColumns() const { return m_pointColumns; }

    /// One scatter series per column (in column order, named by the column's title; 0 or 1 point).
    QList<QScatterSeries *> columnSeries() const;
    /// The frontier: the Pareto points (x = latency, y = cost), by cost ascending, joined by a line.
    QLineSeries *frontierSeries() const;
    /// The p50 (p95 = false) or p95 bar set of the TTFT or TokenRate chart; null for CostLatency.
    /// Unknown values are 0 (no bar).
    QBarSet *barSet(Chart which, bool p95) const;
    /// Category axis of a bar chart: the column titles (made unique with " (2)", " (3)" …).
    QBarCategoryAxis *categoryAxis(Chart which) const;
    /// The column titles as the charts show them (unique).
    QStringList categories() const { return m_titles; }

    Chart currentChart() const;
    void setCurrentChart(Chart which);

    /// PNG of one chart at exportSize() × device pixel ratio; SVG of it with that size as viewBox.
    /// The chart is laid out at that size just for the paint; the screen does not change.
    bool exportPng(Chart which, const QString &path) const;
    bool exportSvg(Chart which, const QString &path) const;
    /// The chart's view size when shown; a chart in a hidden tab takes the shown chart's size;
    /// 900 × 540 when the panel is not shown.
    QSize exportSize(Chart which) const;
    static bool svgSupported();

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuildColumns(const QStringList &keys, const QStringList &titles);
    void updateScatter(const QList<ColumnSummary> &summaries);
    void updateBars(const QList<ColumnSummary> &summaries);
    void applyPalette();
    void exportCurrent();

    struct Private;
    Private *d = nullptr; ///< child-owned widgets; plain pointer to the struct deleted in dtor
    QList<CostLatencyPoint> m_points;
    QList<int> m_frontier;
    QList<int> m_pointColumns;
    QStringList m_keys;
    QStringList m_titles;
public:
    ~ChartsPanel() override;
};

} // namespace Crucible
