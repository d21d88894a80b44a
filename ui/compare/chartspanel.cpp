#include "compare/chartspanel.h"
#include "compare/chartspanel_p.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QEvent>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTabWidget>
#include <QToolButton>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

#include "pricing/pricetable.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

QChartView *makeView(QChart *chart, QWidget *parent)
{
    chart->setAnimationOptions(QChart::NoAnimation); // live updates at 4/s must not wobble
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(6, 6, 6, 6));
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setFrameShape(QFrame::NoFrame);
    view->setMinimumSize(320, 220);
    return view;
}

} // namespace

ChartsPanel::Private::Bars ChartsPanel::Private::makeBars(QChart *chart, const QString &valueTitle)
{
    ChartsPanel::Private::Bars bars;
    bars.series = new QBarSeries(chart);
    bars.p50 = new QBarSet(ChartsPanel::tr("p50"));
    bars.p95 = new QBarSet(ChartsPanel::tr("p95"));
    bars.series->append(bars.p50); // the series owns its sets
    bars.series->append(bars.p95);
    chart->addSeries(bars.series);
    bars.categories = new QBarCategoryAxis(chart);
    bars.categories->setTitleText(ChartsPanel::tr("Column"));
    bars.values = new QValueAxis(chart);
    bars.values->setTitleText(valueTitle);
    bars.values->setLabelFormat(u"%.0f"_s);
    bars.values->setRange(0, 1);
    chart->addAxis(bars.categories, Qt::AlignBottom);
    chart->addAxis(bars.values, Qt::AlignLeft);
    bars.series->attachAxis(bars.categories);
    bars.series->attachAxis(bars.values);
    return bars;
}

namespace {

void setValue(QBarSet *set, int index, double value)
{
    if (set->at(index) != value)
        set->replace(index, value);
}

} // namespace

ChartsPanel::ChartsPanel(QWidget *parent)
    : QWidget(parent)
    , d(new Private)
{
    auto *scatter = new QChart;
    scatter->setTitle(tr("Cost vs latency"));
    d->latencyAxis = new QValueAxis(scatter);
    d->latencyAxis->setTitleText(tr("Total time p50 (ms)"));
    d->latencyAxis->setLabelFormat(u"%.0f"_s);
    d->costAxis = new QValueAxis(scatter);
    d->costAxis->setTitleText(tr("Mean cost per run (USD)"));
    d->costAxis->setLabelFormat(u"$%.4f"_s);
    scatter->addAxis(d->latencyAxis, Qt::AlignBottom);
    scatter->addAxis(d->costAxis, Qt::AlignLeft);
    d->frontier = new QLineSeries(scatter);
    d->frontier->setName(tr("Pareto frontier"));
    d->frontier->setPointsVisible(true);
    scatter->addSeries(d->frontier);
    d->frontier->attachAxis(d->latencyAxis);
    d->frontier->attachAxis(d->costAxis);
    Private::niceRange(d->latencyAxis, 0, Private::LatencyDecimals);
    Private::niceRange(d->costAxis, 0, Private::CostDecimals);

    auto *ttft = new QChart;
    ttft->setTitle(tr("Time to first token"));
    d->bars[0] = Private::makeBars(ttft, tr("TTFT (ms)"));
    auto *rate = new QChart;
    rate->setTitle(tr("Output speed"));
    d->bars[1] = Private::makeBars(rate, tr("Output tokens per second"));

    const QString units[2] = {tr("ms"), tr("tokens/s")};
    for (int i = 0; i < 2; ++i) {
        connect(d->bars[i].series, &QBarSeries::hovered, this, [this, unit = units[i]](bool state, int index, QBarSet *set) {
            if (!state || index < 0 || index >= m_titles.size()) {
                QToolTip::hideText();
                return;
            }
            QToolTip::showText(QCursor::pos(), tr("%1 %2: %3 %4")
                                                   .arg(m_titles.at(index), set->label())
                                                   .arg(set->at(index), 0, 'f', unit == tr("ms") ? 0 : 1)
                                                   .arg(unit));
        });
    }

    d->tabs = new QTabWidget(this);
    d->tabs->setDocumentMode(true);
    d->views[0] = makeView(scatter, d->tabs);
    d->views[1] = makeView(ttft, d->tabs);
    d->views[2] = makeView(rate, d->tabs);
    d->tabs->addTab(d->views[0], tr("Cost vs latency"));
    d->tabs->addTab(d->views[1], tr("TTFT"));
    d->tabs->addTab(d->views[2], tr("Tokens/s"));

    d->exportButton = new QToolButton(d->tabs);
    d->exportButton->setText(tr("Export…"));
    d->exportButton->setToolTip(tr("Save the chart shown as PNG or SVG"));
    d->exportButton->setAutoRaise(true);
    connect(d->exportButton, &QToolButton::clicked, this, &ChartsPanel::exportCurrent);
    d->tabs->setCornerWidget(d->exportButton, Qt::TopRightCorner);

    d->note = new QLabel(this);
    d->note->setWordWrap(true);
    d->note->setForegroundRole(QPalette::PlaceholderText);
    d->note->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(d->tabs, 1);
    layout->addWidget(d->note);
    applyPalette();
}

ChartsPanel::~ChartsPanel()
{
    delete d;
}

QChart *ChartsPanel::chart(Chart which) const
{
    return chartView(which)->chart();
}

QChartView *ChartsPanel::chartView(Chart which) const
{
    return d->views[int(which)];
}

QList<QScatterSeries *> ChartsPanel::columnSeries() const
{
    return d->columnSeries;
}

QLineSeries *ChartsPanel::frontierSeries() const
{
    return d->frontier;
}

QBarSet *ChartsPanel::barSet(Chart which, bool p95) const
{
    if (which == Chart::CostLatency)
        return nullptr;
    const Private::Bars &bars = d->bars[which == Chart::Ttft ? 0 : 1];
    return p95 ? bars.p95 : bars.p50;
}

QBarCategoryAxis *ChartsPanel::categoryAxis(Chart which) const
{
    if (which == Chart::CostLatency)
        return nullptr;
    return d->bars[which == Chart::Ttft ? 0 : 1].categories;
}

ChartsPanel::Chart ChartsPanel::currentChart() const
{
    return Chart(d->tabs->currentIndex());
}

void ChartsPanel::setCurrentChart(Chart which)
{
    d->tabs->setCurrentIndex(int(which));
}

void ChartsPanel::setSummaries(const QList<ColumnSummary> &summaries)
{
    QStringList keys;
    QStringList titles;
    for (const ColumnSummary &s : summaries) {
        keys.append(s.targetKey);
        const QString base = s.label.isEmpty() ? s.targetKey : s.label;
        QString title = base;
        for (int n = 2; titles.contains(title); ++n) // categories must be unique
            title = u"%1 (%2)"_s.arg(base).arg(n);
        titles.append(title);
    }
    if (keys != m_keys || titles != m_titles)
        rebuildColumns(keys, titles);
    updateScatter(summaries);
    updateBars(summaries);
}

void ChartsPanel::rebuildColumns(const QStringList &keys, const QStringList &titles)
{
    m_keys = keys;
    m_titles = titles;
    QChart *scatter = chart(Chart::CostLatency);
    for (QScatterSeries *series : std::as_const(d->columnSeries)) {
        scatter->removeSeries(series);
        delete series;
    }
    d->columnSeries.clear();
    for (const QString &title : titles) {
        auto *series = new QScatterSeries(scatter);
        series->setName(title);
        series->setMarkerShape(QScatterSeries::MarkerShapeCircle);
        series->setMarkerSize(13);
        series->setPointLabelsFormat(title); // one point per series: its label is the title
        series->setPointLabelsVisible(true);
        series->setPointLabelsClipping(false);
        connect(series, &QScatterSeries::hovered, this, [this, title](const QPointF &point, bool state) {
            if (!state) {
                QToolTip::hideText();
                return;
            }
            QToolTip::showText(QCursor::pos(), tr("%1\n%2 ms · %3 per run")
                                                   .arg(title)
                                                   .arg(qRound64(point.x()))
                                                   .arg(formatUsd(qRound64(point.y() * 1e6))));
        });
        scatter->addSeries(series);
        series->attachAxis(d->latencyAxis);
        series->attachAxis(d->costAxis);
        d->columnSeries.append(series);
    }
    for (Private::Bars &bars : d->bars) {
        bars.categories->clear();
        bars.categories->append(titles);
        bars.p50->remove(0, bars.p50->count());
        bars.p95->remove(0, bars.p95->count());
        for (qsizetype i = 0; i < titles.size(); ++i) {
            bars.p50->append(0);
            bars.p95->append(0);
        }
    }
    applyPalette();
}

void ChartsPanel::updateScatter(const QList<ColumnSummary> &summaries)
{
    m_points.clear();
    m_pointColumns.clear();
    QStringList unplaced;
    for (int i = 0; i < summaries.size(); ++i) {
        const ColumnSummary &s = summaries.at(i);
        QScatterSeries *series = d->columnSeries.at(i);
        const bool known = s.costUsd && s.totalMs;
        if (known) {
            const QPointF point(s.totalMs->p50, s.costUsd->mean);
            if (series->count() != 1)
                series->replace(QList<QPointF>{point});
            else if (series->at(0) != point)
                series->replace(0, point);
            m_points.append({s.costUsd->mean, s.totalMs->p50});
            m_pointColumns.append(i);
        } else {
            if (series->count() > 0)
                series->clear();
            unplaced.append(s.runs > 0 && !s.costUsd && s.totalMs ? tr("%1 (not priced)").arg(m_titles.at(i))
                                                                   : m_titles.at(i));
        }
        const QList<QLegendMarker *> markers = chart(Chart::CostLatency)->legend()->markers(series);
        for (QLegendMarker *marker : markers)
            marker->setVisible(known);
    }
    m_frontier = paretoFrontier(m_points);

    QList<QPointF> frontierPoints;
    double maxLatency = 0;
    double maxCost = 0;
    for (int index : std::as_const(m_frontier))
        frontierPoints.append(QPointF(m_points.at(index).latency, m_points.at(index).cost));
    for (const CostLatencyPoint &p : std::as_const(m_points)) {
        maxLatency = std::max(maxLatency, p.latency);
        maxCost = std::max(maxCost, p.cost);
    }
    if (d->frontier->points() != frontierPoints)
        d->frontier->replace(frontierPoints);
    Private::niceRange(d->latencyAxis, maxLatency, Private::LatencyDecimals);
    Private::niceRange(d->costAxis, maxCost, Private::CostDecimals);

    d->note->setText(unplaced.isEmpty() ? QString()
                                        : tr("Not on the cost chart (no cost or timing yet): %1")
                                              .arg(unplaced.join(u", "_s)));
    d->note->setVisible(!unplaced.isEmpty());
}

void ChartsPanel::updateBars(const QList<ColumnSummary> &summaries)
{
    const std::optional<Distribution> ColumnSummary::*fields[2] = {&ColumnSummary::ttftMs,
                                                                   &ColumnSummary::tokensPerSecond};
    for (int chartIndex = 0; chartIndex < 2; ++chartIndex) {
        Private::Bars &bars = d->bars[chartIndex];
        double maxValue = 0;
        for (int i = 0; i < summaries.size(); ++i) {
            const std::optional<Distribution> &dist = summaries.at(i).*fields[chartIndex];
            setValue(bars.p50, i, dist ? dist->p50 : 0);
            setValue(bars.p95, i, dist ? dist->p95 : 0);
            if (dist)
                maxValue = std::max({maxValue, dist->p50, dist->p95});
        }
        Private::niceRange(bars.values, maxValue, 0);
    }
}

void ChartsPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

} // namespace Crucible
