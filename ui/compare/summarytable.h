#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QSortFilterProxyModel>
#include <QWidget>

#include "compare/repeatstats.h"

class QLabel;
class QTableView;

namespace Crucible {

/// Rows: one ColumnSummary per compare column. Columns (Column enum): target, runs (ok/total),
/// cost mean ($), total cost ($), TTFT p50 / p95 (ms), tokens/s p50, total time p50 / p95 (ms),
/// tokens in / out, identical %, JSON %, schema-valid %. DisplayRole is formatted text ("—" when
/// unknown); Qt::UserRole is the raw number for sorting (unknown sorts last ascending); the Pareto
/// members (cost mean × total p50) are marked with a ★ in the target cell and bold.
class SummaryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Target, Runs, CostMean, CostTotal, TtftP50, TtftP95, RateP50, TotalP50, TotalP95,
                  TokensIn, TokensOut, IdenticalPct, JsonPct, SchemaValidPct, ColumnCount };
    explicit SummaryModel(QObject *parent = nullptr);

    void setSummaries(const QList<ColumnSummary> &summaries); ///< keeps the sort; no reset flicker
    const QList<ColumnSummary> &summaries() const { return m_rows; }
    bool isPareto(int row) const;
    /// The tooltip of a cell: the distribution behind a timing or cost cell (mean, p50, p95, min,
    /// max, runs); for the identical / JSON / schema cells how the repeats agree per JSON field.
    static QString cellToolTip(const ColumnSummary &summary, int column);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The column's title: its label, or its target key when the label is empty.
    static QString title(const ColumnSummary &summary);
    /// Qt::UserRole of one cell: a number (QString for Target), invalid when unknown. Token sums of 0
    /// count as unknown (usage not reported); total cost is unknown when no run was priced.
    static QVariant rawValue(const ColumnSummary &summary, int column);
    /// Qt::DisplayRole of one cell: "$0.0012", "412" (ms), "87.5 %", "3/4 (1 failed)", "—".
    static QString displayText(const ColumnSummary &summary, int column, bool pareto);
    /// Rows on the cost mean × total p50 frontier (rows with both known), as paretoFrontier() orders them.
    static QList<int> computePareto(const QList<ColumnSummary> &rows);

private:
    QList<ColumnSummary> m_rows;
    QList<int> m_pareto;
};

/// Sorts on Qt::UserRole numerically (strings locale-aware); unknown (invalid) values sort last in
/// both directions, ties keep the column order.
class SummarySortProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
};

/// The sortable summary table (QTableView over a QSortFilterProxyModel sorting on Qt::UserRole) plus
/// a line under it with the cross-column JSON field agreement ("/answer 3 of 4 agree · …").
class SummaryTable : public QWidget
{
    Q_OBJECT
public:
    explicit SummaryTable(QWidget *parent = nullptr);
    void setSummaries(const QList<ColumnSummary> &summaries);
    SummaryModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QString agreementText() const; ///< "" with fewer than two columns or no JSON fields
    /// "/answer 3 of 4 agree · /score 2 of 4 agree" (at most 8 fields, then "N more fields").
    static QString describeAgreement(const QList<FieldAgreement> &fields);

private:
    SummaryModel *m_model = nullptr;
    SummarySortProxy *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_agreement = nullptr;
    QString m_agreementText;
};

} // namespace Crucible
