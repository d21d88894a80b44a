#include "compare/summarytable.h"

#include <QFont>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

#include "pricing/pricetable.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

const QString Dash = u"—"_s;

QString formatMs(double ms)
{
    return QString::number(std::llround(ms));
}

QString formatPct(double pct)
{
    const bool whole = std::abs(pct - std::round(pct)) < 0.05;
    return u"%1 %"_s.arg(pct, 0, 'f', whole ? 0 : 1);
}

QString usdFromDouble(double usd)
{
    return formatUsd(std::llround(usd * 1e6));
}

QVariant optionalNumber(const std::optional<Distribution> &d, double Distribution::*field)
{
    return d ? QVariant((*d).*field) : QVariant();
}

QVariant optionalNumber(const std::optional<double> &v)
{
    return v ? QVariant(*v) : QVariant();
}

} // namespace

QString SummaryModel::cellToolTip(const ColumnSummary &s, int column)
{
    // The whole distribution behind a cell: mean, p50, p95, min and max over the repeats.
    const auto describe = [](const std::optional<Distribution> &d, const auto &format) -> QString {
        if (!d)
            return {};
        const QString runs = d->count == 1 ? tr("1 run") : tr("%1 runs").arg(d->count);
        return tr("mean %1 · p50 %2 · p95 %3\nmin %4 · max %5 · %6")
            .arg(format(d->mean), format(d->p50), format(d->p95), format(d->min), format(d->max), runs);
    };
    const auto ms = [](double v) { return formatMs(v) + u" ms"_s; };
    const auto rate = [](double v) { return QString::number(v, 'f', 1) + u" tok/s"_s; };
    switch (column) {
    case CostMean:
    case CostTotal: return describe(s.costUsd, usdFromDouble);
    case TtftP50:
    case TtftP95: return describe(s.ttftMs, ms);
    case RateP50: return describe(s.tokensPerSecond, rate);
    case TotalP50:
    case TotalP95: return describe(s.totalMs, ms);
    case IdenticalPct:
    case JsonPct:
    case SchemaValidPct:
        // How the repeats of this column agree, field by field, for JSON answers.
        if (s.fields.isEmpty())
            return {};
        return tr("Fields across the repeats:") + u"\n"_s
            + SummaryTable::describeAgreement(s.fields).replace(u" · "_s, u"\n"_s);
    default: return {};
    }
}

QString SummaryModel::title(const ColumnSummary &s)
{
    return s.label.isEmpty() ? s.targetKey : s.label;
}

SummaryModel::SummaryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void SummaryModel::setSummaries(const QList<ColumnSummary> &summaries)
{
    bool samePrefix = summaries.size() >= m_rows.size();
    for (qsizetype i = 0; samePrefix && i < m_rows.size(); ++i)
        samePrefix = m_rows.at(i).targetKey == summaries.at(i).targetKey;

    const int oldCount = int(m_rows.size());
    if (!samePrefix) {
        // Columns were removed or moved: a reset is the honest signal (the proxy keeps its sort).
        beginResetModel();
        m_rows = summaries;
        m_pareto = computePareto(m_rows);
        endResetModel();
        return;
    }
    // Same columns (maybe more appended): change data in place so views keep selection and scroll.
    if (summaries.size() > oldCount) {
        beginInsertRows({}, oldCount, int(summaries.size()) - 1);
        m_rows = summaries;
        m_pareto = computePareto(m_rows);
        endInsertRows();
    } else {
        m_rows = summaries;
        m_pareto = computePareto(m_rows);
    }
    if (oldCount > 0)
        Q_EMIT dataChanged(index(0, 0), index(oldCount - 1, ColumnCount - 1));
}

QList<int> SummaryModel::computePareto(const QList<ColumnSummary> &rows)
{
    QList<CostLatencyPoint> points;
    QList<int> rowOfPoint;
    for (int i = 0; i < rows.size(); ++i) {
        const ColumnSummary &s = rows.at(i);
        if (!s.costUsd || !s.totalMs)
            continue;
        points.append({s.costUsd->mean, s.totalMs->p50});
        rowOfPoint.append(i);
    }
    QList<int> result;
    for (int p : paretoFrontier(points))
        result.append(rowOfPoint.at(p));
    return result;
}

bool SummaryModel::isPareto(int row) const
{
    return m_pareto.contains(row);
}

int SummaryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SummaryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SummaryModel::rawValue(const ColumnSummary &s, int column)
{
    switch (Column(column)) {
    case Target: return title(s);
    case Runs: return s.okRuns;
    case CostMean: return optionalNumber(s.costUsd, &Distribution::mean);
    case CostTotal: return s.costUsd ? QVariant(double(s.totalCostMicroUsd) / 1e6) : QVariant();
    case TtftP50: return optionalNumber(s.ttftMs, &Distribution::p50);
    case TtftP95: return optionalNumber(s.ttftMs, &Distribution::p95);
    case RateP50: return optionalNumber(s.tokensPerSecond, &Distribution::p50);
    case TotalP50: return optionalNumber(s.totalMs, &Distribution::p50);
    case TotalP95: return optionalNumber(s.totalMs, &Distribution::p95);
    // Usage that was never reported sums to 0: shown as unknown rather than as "0 tokens".
    case TokensIn: return s.inputTokens > 0 ? QVariant(qlonglong(s.inputTokens)) : QVariant();
    case TokensOut: return s.outputTokens > 0 ? QVariant(qlonglong(s.outputTokens)) : QVariant();
    case IdenticalPct: return optionalNumber(s.identicalPct);
    case JsonPct: return optionalNumber(s.jsonPct);
    case SchemaValidPct: return optionalNumber(s.schemaValidPct);
    case ColumnCount: break;
    }
    return {};
}

QString SummaryModel::displayText(const ColumnSummary &s, int column, bool pareto)
{
    const QVariant raw = rawValue(s, column);
    switch (Column(column)) {
    case Target: return pareto ? u"★ "_s + title(s) : title(s);
    case Runs: return s.errorRuns > 0 ? u"%1/%2 (%3 failed)"_s.arg(s.okRuns).arg(s.runs).arg(s.errorRuns)
                                      : u"%1/%2"_s.arg(s.okRuns).arg(s.runs);
    case CostTotal: return raw.isValid() ? formatUsd(s.totalCostMicroUsd) : Dash;
    default: break;
    }
    if (!raw.isValid())
        return Dash;
    switch (Column(column)) {
    case CostMean: return usdFromDouble(raw.toDouble());
    case TtftP50: case TtftP95: case TotalP50: case TotalP95: return formatMs(raw.toDouble());
    case RateP50: return QString::number(raw.toDouble(), 'f', 1);
    case TokensIn: case TokensOut: return QString::number(raw.toLongLong());
    case IdenticalPct: case JsonPct: case SchemaValidPct: return formatPct(raw.toDouble());
    default: return raw.toString();
    }
}

QVariant SummaryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= ColumnCount)
        return {};
    const ColumnSummary &s = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(s, index.column(), isPareto(index.row()));
    case Qt::UserRole:
        return rawValue(s, index.column());
    case Qt::TextAlignmentRole:
        return index.column() == Target ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                        : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        if (isPareto(index.row())) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Target) {
            QString tip = s.targetKey;
            if (isPareto(index.row()))
                tip += u"\n"_s + tr("★ Pareto-optimal: no other column is both cheaper and faster");
            return tip;
        }
        if (index.column() == CostMean && !s.costUsd)
            return tr("Not priced");
        return cellToolTip(s, index.column());
    default:
        return {};
    }
}

QVariant SummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case Runs: return tr("Successful runs / all runs");
        case CostMean: return tr("Mean actual cost of one run (priced runs only)");
        case CostTotal: return tr("Sum of the known costs of all runs");
        case TtftP50: case TtftP95: return tr("Time to first token, median and 95th percentile");
        case RateP50: return tr("Output tokens per second, median");
        case TotalP50: case TotalP95: return tr("Request sent → end of reply, median and 95th percentile");
        case IdenticalPct: return tr("Share of successful runs whose text equals the most common text");
        case JsonPct: return tr("Share of successful runs whose answer is JSON");
        case SchemaValidPct: return tr("Share of successful runs valid under the schema");
        default: return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return section == Target ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Target: return tr("Target");
    case Runs: return tr("Runs\nok");
    case CostMean: return tr("Cost\n/ run");
    case CostTotal: return tr("Cost\ntotal");
    case TtftP50: return tr("TTFT p50\n(ms)");
    case TtftP95: return tr("TTFT p95\n(ms)");
    case RateP50: return tr("Tokens/s\np50");
    case TotalP50: return tr("Total p50\n(ms)");
    case TotalP95: return tr("Total p95\n(ms)");
    case TokensIn: return tr("Tokens\nin");
    case TokensOut: return tr("Tokens\nout");
    case IdenticalPct: return tr("Identical");
    case JsonPct: return tr("JSON");
    case SchemaValidPct: return tr("Schema\nvalid");
    case ColumnCount: break;
    }
    return {};
}

bool SummarySortProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    // Unknown values go to the bottom in both directions (the descending sort swaps the arguments).
    const bool descending = sortOrder() == Qt::DescendingOrder;
    if (!l.isValid() || !r.isValid()) {
        if (l.isValid() == r.isValid())
            return false; // the sort is stable: unknowns keep the column order
        return !l.isValid() ? descending : !descending;
    }
    if (l.typeId() == QMetaType::QString)
        return QString::localeAwareCompare(l.toString(), r.toString()) < 0;
    return l.toDouble() < r.toDouble();
}

SummaryTable::SummaryTable(QWidget *parent)
    : QWidget(parent)
    , m_model(new SummaryModel(this))
    , m_proxy(new SummarySortProxy(this))
    , m_view(new QTableView(this))
    , m_agreement(new QLabel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(Qt::UserRole);
    m_proxy->setDynamicSortFilter(true);

    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // column order until the user clicks a header
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(false);

    m_agreement->setWordWrap(true);
    m_agreement->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_agreement->setForegroundRole(QPalette::PlaceholderText);
    m_agreement->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_agreement);
}

void SummaryTable::setSummaries(const QList<ColumnSummary> &summaries)
{
    m_model->setSummaries(summaries);
    m_agreementText = summaries.size() >= 2 ? describeAgreement(crossColumnAgreement(summaries)) : QString();
    m_agreement->setText(m_agreementText.isEmpty() ? QString() : tr("JSON fields across columns: %1").arg(m_agreementText));
    m_agreement->setVisible(!m_agreementText.isEmpty());
}

QString SummaryTable::agreementText() const
{
    return m_agreementText;
}

QString SummaryTable::describeAgreement(const QList<FieldAgreement> &fields)
{
    constexpr int MaxShown = 8;
    QStringList parts;
    for (const FieldAgreement &f : fields) {
        if (parts.size() == MaxShown) {
            parts.append(tr("%n more field(s)", nullptr, int(fields.size()) - MaxShown));
            break;
        }
        const QString name = f.pointer.isEmpty() ? tr("(document)") : f.pointer;
        parts.append(tr("%1 %2 of %3 agree").arg(name).arg(f.agreeing).arg(f.present));
    }
    return parts.join(u" · "_s);
}

} // namespace Crucible
