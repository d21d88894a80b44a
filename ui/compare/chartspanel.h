#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include "compare/repeatstats.h"

class QChartView;
class QChart;

namespace Crucible {

/// Qt Charts for a compare run, updated live from ColumnSummary lists:
///  - cost vs latency scatter (x: total time p50 ms, y: mean cost $), one point per column with its
///    title, the Pareto frontier (paretoFrontier()) highlighted as a separate series joined by a line;
///  - TTFT bars (p50 and p95 per column) and tokens/s bars (p50 and p95 per column).
/// Export writes the chart shown (or all three, stacked) to PNG (QPixmap grab) or SVG (QSvgGenerator
/// when Qt Svg is available, else the SVG option is hidden and exportSvg() returns false).
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

    bool exportPng(Chart which, const QString &path) const;
    bool exportSvg(Chart which, const QString &path) const;
    static bool svgSupported();

private:
    struct Private;
    Private *d = nullptr; ///< child-owned widgets; plain pointer to the struct deleted in dtor
    QList<CostLatencyPoint> m_points;
    QList<int> m_frontier;
public:
    ~ChartsPanel() override;
};

} // namespace Crucible
