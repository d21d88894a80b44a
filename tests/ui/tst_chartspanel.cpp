#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

#include "compare/chartspanel.h"
#include "comparetestkit.h"
#include "uitestkit.h"

using namespace Qt::StringLiterals;
using Crucible::ChartsPanel;
using Crucible::ColumnSummary;
using Chart = Crucible::ChartsPanel::Chart;
using Crucible::Test::testDistribution;

namespace {

/// cost < 0: not priced. ttft/rate < 0: unknown.
ColumnSummary column(const QString &label, double cost, double totalP50, double ttft = -1, double rate = -1)
{
    ColumnSummary s;
    s.targetKey = u"sim/"_s + label;
    s.label = label;
    s.runs = 5;
    s.okRuns = 5;
    if (cost >= 0)
        s.costUsd = testDistribution(cost * 0.9, cost * 1.2, cost); // the chart uses the mean
    s.totalMs = testDistribution(totalP50, totalP50 * 1.5);
    if (ttft >= 0)
        s.ttftMs = testDistribution(ttft, ttft * 2);
    if (rate >= 0)
        s.tokensPerSecond = testDistribution(rate, rate * 1.25);
    return s;
}

QList<ColumnSummary> fourColumns()
{
    // (latency, cost): fast (400, 0.03), cheap (2000, 0.001), mid (900, 0.01), bad (2500, 0.02, dominated
    // by mid and cheap). Frontier by cost: cheap, mid, fast.
    return {column(u"fast"_s, 0.03, 400, 120, 150), column(u"cheap"_s, 0.001, 2000, 600, 40),
            column(u"mid"_s, 0.01, 900, 300, 80), column(u"bad"_s, 0.02, 2500, 800)};
}

QList<QPointF> pointsOf(const QXYSeries *series)
{
    return series->points();
}

} // namespace

class TestChartsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scatterOnePointPerColumn();
    void frontierHoldsParetoPoints();
    void unpricedColumnIsNotPlotted();
    void barSetsHoldPercentiles();
    void updateInPlaceKeepsSeries();
    void changedColumnsRebuildCategories();
    void duplicateTitlesStayDistinct();
    void exportPng();
    void exportSvg();
    void screenshot_data();
    void screenshot();
};

void TestChartsPanel::scatterOnePointPerColumn()
{
    ChartsPanel panel;
    panel.setSummaries(fourColumns());
    const QList<QScatterSeries *> series = panel.columnSeries();
    QCOMPARE(series.size(), 4);
    const QList<QPointF> expected{{400, 0.03}, {2000, 0.001}, {900, 0.01}, {2500, 0.02}};
    const QStringList names{u"fast"_s, u"cheap"_s, u"mid"_s, u"bad"_s};
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(series.at(i)->name(), names.at(i));
        QCOMPARE(pointsOf(series.at(i)), QList<QPointF>{expected.at(i)});
        QVERIFY(panel.chart(Chart::CostLatency)->series().contains(series.at(i)));
    }
    QCOMPARE(panel.scatterPoints().size(), 4);
    QCOMPARE(panel.scatterPoints().at(2).latency, 900.0);
    QCOMPARE(panel.scatterPoints().at(2).cost, 0.01);
    QCOMPARE(panel.pointColumns(), (QList<int>{0, 1, 2, 3}));
    // Axes cover every point.
    const auto *x = qobject_cast<QValueAxis *>(panel.chart(Chart::CostLatency)->axes(Qt::Horizontal).first());
    const auto *y = qobject_cast<QValueAxis *>(panel.chart(Chart::CostLatency)->axes(Qt::Vertical).first());
    QVERIFY(x && y);
    QCOMPARE(x->min(), 0.0);
    QVERIFY(x->max() >= 2500);
    QVERIFY(y->max() >= 0.03);
    QVERIFY(x->titleText().contains(u"(ms)"_s));
    QVERIFY(y->titleText().contains(u"USD"_s));
}

void TestChartsPanel::frontierHoldsParetoPoints()
{
    ChartsPanel panel;
    panel.setSummaries(fourColumns());
    QCOMPARE(panel.frontier(), (QList<int>{1, 2, 0})); // cheap, mid, fast by cost
    QCOMPARE(pointsOf(panel.frontierSeries()), (QList<QPointF>{{2000, 0.001}, {900, 0.01}, {400, 0.03}}));
    QVERIFY(panel.chart(Chart::CostLatency)->series().contains(panel.frontierSeries()));
    QVERIFY(panel.frontierSeries()->pointsVisible());
}

void TestChartsPanel::unpricedColumnIsNotPlotted()
{
    ChartsPanel panel;
    panel.setSummaries({column(u"priced"_s, 0.01, 900), column(u"free"_s, -1, 300)});
    QCOMPARE(panel.columnSeries().size(), 2);
    QCOMPARE(panel.columnSeries().at(1)->count(), 0);
    QCOMPARE(panel.scatterPoints().size(), 1);
    QCOMPARE(panel.pointColumns(), QList<int>{0});
    QCOMPARE(panel.frontier(), QList<int>{0});
    QCOMPARE(pointsOf(panel.frontierSeries()), QList<QPointF>{QPointF(900, 0.01)});
    const QList<QLegendMarker *> markers =
        panel.chart(Chart::CostLatency)->legend()->markers(panel.columnSeries().at(1));
    QCOMPARE(markers.size(), 1);
    QVERIFY(!markers.first()->isVisible());
}

void TestChartsPanel::barSetsHoldPercentiles()
{
    ChartsPanel panel;
    panel.setSummaries(fourColumns());
    const QStringList titles{u"fast"_s, u"cheap"_s, u"mid"_s, u"bad"_s};
    QCOMPARE(panel.categoryAxis(Chart::Ttft)->categories(), titles);
    QCOMPARE(panel.categoryAxis(Chart::TokenRate)->categories(), titles);
    QCOMPARE(panel.barSet(Chart::Ttft, false)->label(), u"p50"_s);
    QCOMPARE(panel.barSet(Chart::Ttft, true)->label(), u"p95"_s);
    const QList<double> ttft50{120, 600, 300, 800};
    const QList<double> ttft95{240, 1200, 600, 1600};
    const QList<double> rate50{150, 40, 80, 0}; // bad has no rate: no bar
    const QList<double> rate95{187.5, 50, 100, 0};
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(panel.barSet(Chart::Ttft, false)->at(i), ttft50.at(i));
        QCOMPARE(panel.barSet(Chart::Ttft, true)->at(i), ttft95.at(i));
        QCOMPARE(panel.barSet(Chart::TokenRate, false)->at(i), rate50.at(i));
        QCOMPARE(panel.barSet(Chart::TokenRate, true)->at(i), rate95.at(i));
    }
    QCOMPARE(panel.barSet(Chart::CostLatency, false), nullptr);
    const auto *ttftAxis = qobject_cast<QValueAxis *>(panel.chart(Chart::Ttft)->axes(Qt::Vertical).first());
    QVERIFY(ttftAxis->max() >= 1600);
    QVERIFY(ttftAxis->titleText().contains(u"(ms)"_s));
}

void TestChartsPanel::updateInPlaceKeepsSeries()
{
    ChartsPanel panel;
    panel.setSummaries(fourColumns());
    const QList<QScatterSeries *> series = panel.columnSeries();
    QLineSeries *frontier = panel.frontierSeries();
    QBarSet *ttft50 = panel.barSet(Chart::Ttft, false);
    QBarSet *rate95 = panel.barSet(Chart::TokenRate, true);
    const QList<QAbstractSeries *> chartSeries = panel.chart(Chart::CostLatency)->series();
    const QList<QAbstractAxis *> axes = panel.chart(Chart::Ttft)->axes();

    QList<ColumnSummary> next = fourColumns();
    next[3] = column(u"bad"_s, 0.0005, 350, 90, 60); // "bad" becomes the best in both
    next[0].ttftMs = testDistribution(111, 222);
    panel.setSummaries(next);

    QCOMPARE(panel.columnSeries(), series);
    QCOMPARE(panel.frontierSeries(), frontier);
    QCOMPARE(panel.barSet(Chart::Ttft, false), ttft50);
    QCOMPARE(panel.barSet(Chart::TokenRate, true), rate95);
    QCOMPARE(panel.chart(Chart::CostLatency)->series(), chartSeries);
    QCOMPARE(panel.chart(Chart::Ttft)->axes(), axes);
    QCOMPARE(pointsOf(series.at(3)), QList<QPointF>{QPointF(350, 0.0005)});
    QCOMPARE(panel.frontier(), QList<int>{3});
    QCOMPARE(pointsOf(frontier), QList<QPointF>{QPointF(350, 0.0005)});
    QCOMPARE(ttft50->at(0), 111.0);
    QCOMPARE(ttft50->at(3), 90.0);
    QCOMPARE(rate95->at(3), 75.0);
    QCOMPARE(ttft50->count(), 4);
}

void TestChartsPanel::changedColumnsRebuildCategories()
{
    ChartsPanel panel;
    panel.setSummaries(fourColumns());
    QBarSet *ttft50 = panel.barSet(Chart::Ttft, false);
    panel.setSummaries({column(u"mid"_s, 0.01, 900, 300), column(u"new"_s, 0.002, 700, 200)});
    QCOMPARE(panel.columnSeries().size(), 2);
    QCOMPARE(panel.columnSeries().at(1)->name(), u"new"_s);
    // Only the two column series and the frontier are left on the scatter.
    QCOMPARE(panel.chart(Chart::CostLatency)->series().size(), 3);
    QCOMPARE(panel.categoryAxis(Chart::Ttft)->categories(), (QStringList{u"mid"_s, u"new"_s}));
    QCOMPARE(panel.barSet(Chart::Ttft, false), ttft50);
    QCOMPARE(ttft50->count(), 2);
    QCOMPARE(ttft50->at(1), 200.0);
    QCOMPARE(panel.frontier(), QList<int>{1}); // new: cheaper and faster than mid
}

void TestChartsPanel::duplicateTitlesStayDistinct()
{
    ChartsPanel panel;
    ColumnSummary a = column(u"sim"_s, 0.01, 900, 100);
    ColumnSummary b = column(u"sim"_s, 0.01, 900, 200);
    b.targetKey = u"sim/other"_s;
    panel.setSummaries({a, b});
    QCOMPARE(panel.categories(), (QStringList{u"sim"_s, u"sim (2)"_s}));
    QCOMPARE(panel.categoryAxis(Chart::Ttft)->count(), 2);
    QCOMPARE(panel.barSet(Chart::Ttft, false)->at(1), 200.0);
    // Identical points are both on the frontier.
    QCOMPARE(panel.frontier(), (QList<int>{0, 1}));
}

void TestChartsPanel::exportPng()
{
    QTemporaryDir dir;
    ChartsPanel panel;
    panel.setSummaries(fourColumns());
    panel.resize(800, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    for (Chart which : {Chart::CostLatency, Chart::Ttft, Chart::TokenRate}) {
        const QString path = dir.filePath(u"chart%1.png"_s.arg(int(which)));
        QVERIFY(panel.exportPng(which, path));
        QImage image;
        QVERIFY(image.load(path, "PNG"));
        // Every chart at the size of the one shown (the others are in hidden tabs).
        const QChartView *shown = panel.chartView(panel.currentChart());
        QCOMPARE(image.size(), shown->size() * shown->devicePixelRatio());
        QVERIFY(shown->width() > 600 && shown->height() > 350);
        // Not blank: the chart draws something other than its background.
        const QRgb background = image.pixel(2, 2);
        bool drawn = false;
        for (int y = 0; y < image.height() && !drawn; y += 7)
            for (int x = 0; x < image.width() && !drawn; x += 7)
                drawn = image.pixel(x, y) != background;
        QVERIFY(drawn);
    }
    QVERIFY(!panel.exportPng(Chart::Ttft, dir.filePath(u"no/such/dir/x.png"_s)));
}

void TestChartsPanel::exportSvg()
{
    if (!ChartsPanel::svgSupported())
        QSKIP("built without Qt Svg");
    QTemporaryDir dir;
    ChartsPanel panel;
    panel.setSummaries(fourColumns());
    const QString path = dir.filePath(u"chart.svg"_s); // panel never shown: 900 × 540
    QVERIFY(panel.exportSvg(Chart::CostLatency, path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray svg = file.readAll();
    QVERIFY(svg.contains("<svg"));
    QVERIFY(svg.contains("Cost vs latency")); // the title is text in the vector image
    QVERIFY2(svg.contains("viewBox=\"0 0 900 540\""), svg.left(700).constData());
}

void TestChartsPanel::screenshot_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestChartsPanel::screenshot()
{
    const QString dir = qEnvironmentVariable("CRUCIBLE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set CRUCIBLE_SCREENSHOT_DIR to write screenshots");
    QFETCH(bool, dark);
    ChartsPanel panel;
    if (dark)
        panel.setPalette(Crucible::Test::darkTestPalette());
    QList<ColumnSummary> columns = fourColumns();
    columns.append(column(u"local"_s, -1, 1500, 90, 30));
    panel.setSummaries(columns);
    panel.resize(820, 460);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QString suffix = dark ? u"_dark.png"_s : u"_light.png"_s;
    QVERIFY(panel.grab().save(dir + u"/crucible_charts_panel"_s + suffix));
    QVERIFY(panel.exportPng(Chart::CostLatency, dir + u"/crucible_chart_cost"_s + suffix));
    QVERIFY(panel.exportPng(Chart::Ttft, dir + u"/crucible_chart_ttft"_s + suffix));
    QVERIFY(panel.exportPng(Chart::TokenRate, dir + u"/crucible_chart_rate"_s + suffix));
}

QTEST_MAIN(TestChartsPanel)
#include "tst_chartspanel.moc"
