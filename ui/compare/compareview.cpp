#include "compare/compareview.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include "compare/chartspanel.h"
#include "compare/comparecolumn.h"
#include "compare/comparecontroller.h"
#include "compare/diffpanel.h"
#include "compare/runplan.h"
#include "compare/summarytable.h"
#include "providers/provider.h"
#include "run/outputpane.h"
#include "run/targetbar.h"

using namespace Qt::StringLiterals;

// Construction and the column list. The toolbar (actions, repeats, budget, retries, estimate)
// is built in compareviewtoolbar.cpp.

namespace Crucible {

namespace {
constexpr int ColumnMinWidth = 340;
} // namespace

CompareView::CompareView(const ProviderRegistry &providers, KeyStore &keys, const ModelCatalog *catalog,
                         PromptPanel *prompt, QWidget *parent)
    : QWidget(parent)
    , m_providers(providers)
    , m_catalog(catalog)
{
    setObjectName(u"compareView"_s);
    m_controller = new CompareController(providers, keys, catalog, prompt, this, this);

    m_runAll = new QAction(tr("Run all"), this);
    m_runAll->setObjectName(u"runAllAction"_s);
    m_runAll->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_runAll->setToolTip(tr("Send the prompt to every column (Ctrl+Enter)"));
    m_stopAll = new QAction(tr("Stop all"), this);
    m_stopAll->setObjectName(u"stopAllAction"_s);
    m_stopAll->setShortcut(QKeySequence(Qt::Key_Escape));
    m_stopAll->setToolTip(tr("Cancel every request of this run (Esc)"));
    m_stopAll->setEnabled(false);
    m_addColumn = new QAction(tr("Add column"), this);
    m_addColumn->setObjectName(u"addColumnAction"_s);
    m_addColumn->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_addColumn->setToolTip(tr("Add a column (Ctrl+Shift+N); at most %1").arg(MaxColumns));
    m_duplicate = new QAction(tr("Duplicate column"), this);
    m_duplicate->setObjectName(u"duplicateColumnAction"_s);
    m_duplicate->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_duplicate->setToolTip(tr("Copy the last column's target and prompt into a new column (Ctrl+Shift+D)"));
    // The shortcuts work anywhere in the window the view is in.
    addActions({m_runAll, m_stopAll, m_addColumn, m_duplicate});

    connect(m_runAll, &QAction::triggered, this, [this] {
        if (m_budgetInvalid) {
            Q_EMIT statusMessage(tr("The budget is not an amount in dollars (e.g. 0.50)."));
            return;
        }
        m_controller->runAll();
    });
    connect(m_stopAll, &QAction::triggered, m_controller, &CompareController::stopAll);
    connect(m_addColumn, &QAction::triggered, this, [this] { addColumn(); });
    connect(m_duplicate, &QAction::triggered, this, [this] { duplicateColumn(columnCount() - 1); });

    QWidget *toolbar = buildToolbar();

    auto *row = new QWidget;
    row->setObjectName(u"compareColumnsRow"_s);
    m_row = new QHBoxLayout(row);
    m_row->setContentsMargins(0, 0, 0, 0);
    m_row->setSpacing(6);
    m_scroll = new QScrollArea;
    m_scroll->setObjectName(u"compareColumnsArea"_s);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_scroll->setWidget(row);

    m_summary = new SummaryTable;
    m_diff = new DiffPanel;
    m_charts = new ChartsPanel;
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(u"compareResultTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_summary, tr("Summary"));
    m_tabs->addTab(m_diff, tr("Diff"));
    // The charts need ~300 px; scrolling them lets the results pane stay low under the columns.
    auto *chartsArea = new QScrollArea;
    chartsArea->setObjectName(u"compareChartsArea"_s);
    chartsArea->setWidgetResizable(true);
    chartsArea->setFrameShape(QFrame::NoFrame);
    chartsArea->setWidget(m_charts);
    m_tabs->addTab(chartsArea, tr("Charts"));

    m_splitter = new QSplitter(Qt::Vertical);
    m_splitter->setObjectName(u"compareSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_scroll);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({640, 190});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(toolbar);
    layout->addWidget(m_splitter, 1);

    connect(m_controller, &CompareController::statusMessage, this, &CompareView::statusMessage);
    connect(m_controller, &CompareController::runningChanged, this, &CompareView::onRunningChanged);
    connect(m_controller, &CompareController::estimateChanged, this, &CompareView::showEstimate);
    connect(m_controller, &CompareController::summaryChanged, this, &CompareView::refreshResults);
    connect(m_controller, &CompareController::budgetStopped, m_estimate, &QLabel::setText);
    connect(m_controller, &CompareController::runFinished, this, [this] {
        if (!m_controller->budgetText().isEmpty())
            m_estimate->setText(m_controller->budgetText());
        else
            m_estimate->setText(describePlan(m_controller->planEstimate()) + u" · "_s
                                + tr("spent %1").arg(formatUsd(m_controller->coordinator()->spentMicroUsd())));
    });
    connect(this, &CompareView::columnsChanged, this, &CompareView::refreshResults);

    addColumn();
}

CompareView::~CompareView()
{
    // The controller routes into the columns: it goes first.
    delete m_controller;
    m_controller = nullptr;
}

int CompareView::columnCount() const
{
    return int(m_columns.size());
}

CompareColumn *CompareView::column(int index) const
{
    return m_columns.value(index);
}

QList<CompareColumn *> CompareView::columns() const
{
    return m_columns;
}

int CompareView::indexOf(const QObject *column) const
{
    for (int i = 0; i < m_columns.size(); ++i) {
        if (m_columns.at(i) == column)
            return i;
    }
    return -1;
}

CompareColumn *CompareView::insertColumn(int index)
{
    if (columnCount() >= MaxColumns)
        return nullptr;
    auto *column = new CompareColumn(m_providers, m_catalog);
    column->setMinimumWidth(ColumnMinWidth);
    CompareController::columnId(column); // its stable id, from now on
    m_columns.insert(index, column);
    m_row->insertWidget(index, column, 1);

    connect(column, &CompareColumn::moveLeftRequested, this, [this, column] {
        const int at = indexOf(column);
        moveColumn(at, at - 1);
    });
    connect(column, &CompareColumn::moveRightRequested, this, [this, column] {
        const int at = indexOf(column);
        moveColumn(at, at + 1);
    });
    connect(column, &CompareColumn::duplicateRequested, this, [this, column] {
        duplicateColumn(indexOf(column));
    });
    connect(column, &CompareColumn::removeRequested, this, [this, column] {
        if (!removeColumn(indexOf(column)) && m_controller->isRunning())
            Q_EMIT statusMessage(tr("Columns cannot be removed while a run is going on."));
    });
    connect(column, &CompareColumn::stopRequested, this, [this, column] {
        m_controller->stopColumn(column);
    });
    connect(column, &CompareColumn::changed, m_controller, &CompareController::scheduleEstimate);
    // The SIMULATED badge follows the provider while idle (a run sets it for what it sends).
    auto badge = [this, column] {
        const Provider *provider = column->target()->provider();
        if (!m_controller->isRunning())
            column->output()->setSimulated(provider && provider->isSimulated());
    };
    connect(column->target(), &TargetBar::providerChanged, column, badge);
    badge();
    relayout();
    m_controller->scheduleEstimate();
    return column;
}

CompareColumn *CompareView::addColumn()
{
    return insertColumn(columnCount());
}

CompareColumn *CompareView::duplicateColumn(int index)
{
    const CompareColumn *source = column(index);
    if (!source || columnCount() >= MaxColumns)
        return nullptr;
    CompareColumn *copy = insertColumn(index + 1);
    if (copy) {
        copy->copySettingsFrom(*source);
        relayout(); // the title follows the copied target
    }
    return copy;
}

bool CompareView::removeColumn(int index)
{
    CompareColumn *gone = column(index);
    if (!gone || columnCount() <= 1 || m_controller->isRunning())
        return false;
    m_controller->forgetColumn(gone);
    m_columns.removeAt(index);
    m_row->removeWidget(gone);
    gone->hide();
    gone->disconnect(this);
    gone->deleteLater(); // it may be the sender of the request
    relayout();
    return true;
}

bool CompareView::moveColumn(int from, int to)
{
    if (from < 0 || to < 0 || from >= columnCount() || to >= columnCount() || from == to)
        return false;
    m_columns.move(from, to);
    relayout();
    return true;
}

void CompareView::relayout()
{
    for (int i = 0; i < m_columns.size(); ++i) {
        CompareColumn *c = m_columns.at(i);
        if (m_row->indexOf(c) != i) {
            m_row->removeWidget(c);
            m_row->insertWidget(i, c, 1);
        }
        c->setIndex(i);
    }
    m_addColumn->setEnabled(columnCount() < MaxColumns);
    m_duplicate->setEnabled(columnCount() < MaxColumns);
    Q_EMIT columnsChanged();
}

void CompareView::refreshResults()
{
    const QList<ColumnSummary> summaries = m_controller->summaries();
    m_summary->setSummaries(summaries);
    m_charts->setSummaries(summaries);
    QStringList titles;
    QStringList texts;
    for (const CompareColumn *c : std::as_const(m_columns)) {
        titles << c->title();
        texts << m_controller->latestAnswer(c);
    }
    m_diff->setTexts(titles, texts);
    // The panel keeps its pair; one picked while there was a single column becomes 1 and 2.
    if (m_columns.size() >= 2 && m_diff->left() == m_diff->right())
        m_diff->setPair(0, 1);
}

void CompareView::onRunningChanged(bool running)
{
    m_runAll->setEnabled(!running);
    m_stopAll->setEnabled(running);
    m_repeats->setEnabled(!running);
    m_budget->setEnabled(!running);
    m_retriesButton->setEnabled(!running);
}

} // namespace Crucible
