// ChartsPanel: axis ranges, colours from the palette, PNG/SVG export.
#include "compare/chartspanel.h"
#include "compare/chartspanel_p.h"

#include <QAbstractAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFileDialog>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QImage>
#include <QLegend>
#include <QLineSeries>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QScatterSeries>
#include <QToolButton>
#include <QValueAxis>

#include <cmath>

#ifdef CRUCIBLE_HAVE_QTSVG
#include <QSvgGenerator>
#endif

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

/// Distinguishable on white and on dark grey (Okabe–Ito based, yellow replaced).
const char *const ColumnColors[] = {"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
                                    "#7f63b8", "#8c6d31", "#17becf", "#bcbd22", "#e377c2", "#7f7f7f"};

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

void styleAxis(QAbstractAxis *axis, const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(40);
    QColor line = text;
    line.setAlpha(110);
    axis->setLabelsColor(text);
    axis->setTitleBrush(text);
    axis->setGridLineColor(grid);
    axis->setLinePenColor(line);
    QFont title = axis->titleFont();
    title.setBold(false);
    axis->setTitleFont(title);
}

/// Paints the chart of view at size (logical pixels) with painter's origin at its top left: the chart
/// is laid out at that size for the paint and put back afterwards (all synchronous, nothing shown).
void renderChart(QChartView *view, QPainter *painter, const QSize &size)
{
    QChart *chart = view->chart();
    const QRectF oldGeometry = chart->geometry();
    const QRectF target(QPointF(0, 0), QSizeF(size));
    chart->setGeometry(QRectF(oldGeometry.topLeft(), QSizeF(size)));
    if (chart->layout())
        chart->layout()->activate();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    view->scene()->render(painter, target, QRectF(oldGeometry.topLeft(), QSizeF(size)));
    chart->setGeometry(oldGeometry);
    if (chart->layout())
        chart->layout()->activate();
}

} // namespace

void ChartsPanel::Private::niceRange(QValueAxis *axis, double maxValue, int decimals)
{
    const bool cost = decimals == CostDecimals;
    // Multiplier of the power of ten, and the number of intervals that gives round steps.
    constexpr struct { double multiplier; int intervals; } Steps[] = {
        {1, 5}, {1.5, 3}, {2, 4}, {2.5, 5}, {3, 3}, {4, 4}, {5, 5}, {6, 3}, {8, 4}, {10, 5}};
    double bound = cost ? 0.001 : 10;
    int intervals = 5;
    if (maxValue > 0) {
        const double target = maxValue * 1.1;
        const double magnitude = std::pow(10.0, std::floor(std::log10(target)));
        for (const auto &step : Steps) {
            if (step.multiplier * magnitude >= target * (1 - 1e-9)) {
                bound = step.multiplier * magnitude;
                intervals = step.intervals;
                break;
            }
        }
    }
    if (axis->min() == 0 && axis->max() == bound && axis->tickCount() == intervals + 1)
        return;
    axis->setTickCount(intervals + 1);
    axis->setRange(0, bound);
    if (cost) {
        const double step = bound / intervals;
        int places = 2;
        while (places < 8 && std::abs(step * std::pow(10.0, places) - std::round(step * std::pow(10.0, places))) > 1e-6)
            ++places;
        axis->setLabelFormat(u"$%.%1f"_s.arg(places));
    } else {
        axis->setLabelFormat(u"%.%1f"_s.arg(std::max(0, decimals)));
    }
}

void ChartsPanel::applyPalette()
{
    const QPalette pal = palette();
    const bool dark = isDark(pal);
    const QColor text = pal.color(QPalette::Text);
    for (QChartView *view : d->views) {
        QChart *c = view->chart();
        c->setBackgroundBrush(pal.color(QPalette::Base));
        c->setBackgroundPen(Qt::NoPen);
        c->setTitleBrush(text);
        QFont titleFont = c->titleFont();
        titleFont.setBold(true);
        titleFont.setPointSizeF(font().pointSizeF() * 1.1);
        c->setTitleFont(titleFont);
        c->legend()->setLabelColor(text);
        for (QAbstractAxis *axis : c->axes())
            styleAxis(axis, pal);
        view->setBackgroundBrush(pal.color(QPalette::Base));
    }
    for (int i = 0; i < d->columnSeries.size(); ++i) {
        QScatterSeries *series = d->columnSeries.at(i);
        const QColor color(QLatin1StringView(ColumnColors[i % std::size(ColumnColors)]));
        series->setColor(color);
        series->setBorderColor(dark ? color.lighter(150) : color.darker(140));
        series->setPointLabelsColor(text);
    }
    const QColor frontier = dark ? QColor(u"#ffc857"_s) : QColor(u"#b35c00"_s);
    QPen frontierPen(frontier, 2.5, Qt::DashLine);
    d->frontier->setPen(frontierPen);
    d->frontier->setColor(frontier);
    const QColor p50 = dark ? QColor(u"#6fa8dc"_s) : QColor(u"#2f6da8"_s);
    const QColor p95 = dark ? QColor(u"#f6a04d"_s) : QColor(u"#e0822b"_s);
    for (Private::Bars &bars : d->bars) {
        bars.p50->setColor(p50);
        bars.p50->setBorderColor(p50);
        bars.p95->setColor(p95);
        bars.p95->setBorderColor(p95);
        bars.p50->setLabelColor(text);
        bars.p95->setLabelColor(text);
    }
}

bool ChartsPanel::svgSupported()
{
#ifdef CRUCIBLE_HAVE_QTSVG
    return true;
#else
    return false;
#endif
}

QSize ChartsPanel::exportSize(Chart which) const
{
    const QChartView *view = chartView(which);
    if (view->isVisible())
        return view->size();
    const QChartView *shown = chartView(currentChart());
    return shown->isVisible() ? shown->size() : QSize(900, 540);
}

bool ChartsPanel::exportPng(Chart which, const QString &path) const
{
    QChartView *view = chartView(which);
    const QSize size = exportSize(which);
    const qreal ratio = view->devicePixelRatioF();
    QImage image(size * ratio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    image.fill(view->chart()->backgroundBrush().color());
    QPainter painter(&image);
    renderChart(view, &painter, size);
    painter.end();
    return image.save(path, "PNG");
}

bool ChartsPanel::exportSvg(Chart which, const QString &path) const
{
#ifdef CRUCIBLE_HAVE_QTSVG
    QChartView *view = chartView(which);
    const QSize size = exportSize(which);
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(view->chart()->title());
    generator.setDescription(tr("Crucible compare chart"));
    QPainter painter;
    if (!painter.begin(&generator))
        return false;
    painter.fillRect(QRect(QPoint(0, 0), size), view->chart()->backgroundBrush());
    renderChart(view, &painter, size);
    painter.end();
    return QFileInfo(path).size() > 0;
#else
    Q_UNUSED(which);
    Q_UNUSED(path);
    return false;
#endif
}

void ChartsPanel::exportCurrent()
{
    QMenu menu(this);
    menu.addAction(tr("Save as PNG…"));
    QAction *svg = svgSupported() ? menu.addAction(tr("Save as SVG…")) : nullptr;
    QAction *chosen = menu.exec(d->exportButton->mapToGlobal(QPoint(0, d->exportButton->height())));
    if (!chosen)
        return;
    const bool asSvg = chosen == svg;
    const QString filter = asSvg ? tr("SVG image (*.svg)") : tr("PNG image (*.png)");
    QString path = QFileDialog::getSaveFileName(this, tr("Export chart"), QString(), filter);
    if (path.isEmpty())
        return;
    const QString suffix = asSvg ? u".svg"_s : u".png"_s;
    if (!path.endsWith(suffix, Qt::CaseInsensitive))
        path += suffix;
    const bool ok = asSvg ? exportSvg(currentChart(), path) : exportPng(currentChart(), path);
    if (!ok)
        QMessageBox::warning(this, tr("Export chart"), tr("Could not write %1.").arg(path));
}

} // namespace Crucible
