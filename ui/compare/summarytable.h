#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QWidget>

#include "compare/repeatstats.h"

class QSortFilterProxyModel;
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

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ColumnSummary> m_rows;
    QList<int> m_pareto;
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
    QString agreementText() const;

private:
    SummaryModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    class QLabel *m_agreement = nullptr;
};

} // namespace Crucible
