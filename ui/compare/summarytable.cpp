#include "compare/summarytable.h"

// Implementation lands with issue 5 (contract header committed first).

namespace Crucible {
SummaryModel::SummaryModel(QObject *parent) : QAbstractTableModel(parent) {}
int SummaryModel::rowCount(const QModelIndex &) const { return 0; }
int SummaryModel::columnCount(const QModelIndex &) const { return 0; }
QVariant SummaryModel::data(const QModelIndex &, int) const { return {}; }
QVariant SummaryModel::headerData(int, Qt::Orientation, int) const { return {}; }
SummaryTable::SummaryTable(QWidget *parent) : QWidget(parent) {}
} // namespace Crucible
