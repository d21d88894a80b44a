#pragma once

#include <QList>
#include <QWidget>

#include <optional>

#include "engine/retrypolicy.h"

class QAction;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QSplitter;
class QTabWidget;

namespace Crucible {

class ChartsPanel;
class CompareColumn;
class CompareController;
class DiffPanel;
class KeyStore;
class ModelCatalog;
class PromptPanel;
class ProviderRegistry;
class SummaryTable;

/// The side-by-side view: a toolbar (Add column, Run all (Ctrl+Enter / Ctrl+Return), Stop all (Esc),
/// Repeats 1–50, Budget $ field, Retries… (RetryPolicy dialog), the plan estimate
/// "est. $0.0021–$0.0370 for 8 requests"), a horizontally scrolling row of 1–12 CompareColumns
/// (each at least ~320 px wide, equal stretch), and below a splitter with tabs Summary
/// (SummaryTable), Diff (DiffPanel), Charts (ChartsPanel). Column order is the view's: moving,
/// duplicating and removing keep indices and titles in sync. The last column cannot be removed;
/// the 13th cannot be added (the actions disable). Owns its CompareController.
/// GUI thread only. registry, keys, catalog and prompt must outlive the view.
class CompareView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int MaxColumns = 12;

    CompareView(const ProviderRegistry &providers, KeyStore &keys, const ModelCatalog *catalog,
                PromptPanel *prompt, QWidget *parent = nullptr);
    ~CompareView() override;

    int columnCount() const;
    CompareColumn *column(int index) const;
    QList<CompareColumn *> columns() const;
    CompareColumn *addColumn();                 ///< null at MaxColumns; copies nothing
    CompareColumn *duplicateColumn(int index);  ///< inserted right after index; null at MaxColumns
    bool removeColumn(int index);               ///< false for the last column or while running
    bool moveColumn(int from, int to);

    CompareController *controller() const { return m_controller; }
    SummaryTable *summaryTable() const { return m_summary; }
    DiffPanel *diffPanel() const { return m_diff; }
    ChartsPanel *chartsPanel() const { return m_charts; }
    QSpinBox *repeatsBox() const { return m_repeats; }
    QLineEdit *budgetField() const { return m_budget; }
    QLabel *estimateLabel() const { return m_estimate; }
    QAction *runAllAction() const { return m_runAll; }
    QAction *stopAllAction() const { return m_stopAll; }
    QAction *addColumnAction() const { return m_addColumn; }
    QTabWidget *resultTabs() const { return m_tabs; }

    // Additions (not in the first contract):
    QAction *duplicateColumnAction() const { return m_duplicate; } ///< duplicates the last column
    QPushButton *retriesButton() const { return m_retriesButton; }
    RetryPolicy retryPolicy() const { return m_policy; }
    void setRetryPolicy(const RetryPolicy &policy); ///< normalized; passed to the controller
    /// Opens the "Retries" dialog (modal; returns when closed). Accepting applies its policy.
    void editRetryPolicy();
    /// The schema button: a menu with "Load JSON Schema…" and "No schema".
    QPushButton *schemaButton() const { return m_schemaButton; }
    /// Loads a JSON Schema file the answers must satisfy (CompareController::setSchema); an empty
    /// path clears it. False, with the reason in statusMessage, when the file cannot be read or is
    /// not a schema; the previous schema then stays.
    bool loadSchemaFile(const QString &path);
    QString schemaPath() const { return m_schemaPath; }
    QScrollArea *columnsArea() const { return m_scroll; }
    QSplitter *splitter() const { return m_splitter; }

Q_SIGNALS:
    void columnsChanged();
    void statusMessage(const QString &text);

private:
    void relayout();
    QWidget *buildToolbar();          ///< compareviewtoolbar.cpp
    CompareColumn *insertColumn(int index);
    int indexOf(const QObject *column) const;
    void refreshResults();
    void showEstimate();
    void onRunningChanged(bool running);
    void onBudgetEdited();

    const ProviderRegistry &m_providers;
    const ModelCatalog *m_catalog;
    QList<CompareColumn *> m_columns;
    CompareController *m_controller = nullptr;
    QScrollArea *m_scroll = nullptr;
    QHBoxLayout *m_row = nullptr;
    QSplitter *m_splitter = nullptr;
    QTabWidget *m_tabs = nullptr;
    SummaryTable *m_summary = nullptr;
    DiffPanel *m_diff = nullptr;
    ChartsPanel *m_charts = nullptr;
    QSpinBox *m_repeats = nullptr;
    QLineEdit *m_budget = nullptr;
    QLabel *m_estimate = nullptr;
    QAction *m_runAll = nullptr;
    QAction *m_stopAll = nullptr;
    QAction *m_addColumn = nullptr;
    QAction *m_duplicate = nullptr;
    QPushButton *m_retriesButton = nullptr;
    QPushButton *m_schemaButton = nullptr;
    QString m_schemaPath;
    RetryPolicy m_policy;
    bool m_budgetInvalid = false;
};

} // namespace Crucible
