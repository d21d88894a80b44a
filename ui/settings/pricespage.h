#pragma once

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QWidget>

#include "catalog/modelcatalog.h"
#include "pricing/pricetable.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QTableWidgetItem;

namespace Crucible {

class ProviderRegistry;

/// Settings → Models and prices: one provider's catalog models with context window and prices
/// (USD per 1M tokens). Price cells are editable; an edited model becomes "your override" (bold,
/// marked in the as-of column) until "Reset to built-in". Save writes only the overridden rows to
/// PriceTable::userOverridesPath() (same format as resources/prices.json, atomically), keeping the
/// file's other rows, and emits pricesSaved(). Input that is not a non-negative decimal is refused
/// with a message; a file that cannot be read disables Save so nothing in it is lost.
class PricesPage : public QWidget
{
    Q_OBJECT
public:
    enum Column { ModelColumn, ContextColumn, InputColumn, CachedColumn, CacheWriteColumn,
                  OutputColumn, AsOfColumn, ResetColumn, ColumnCount };

    explicit PricesPage(const ProviderRegistry &providers, QWidget *parent = nullptr);

    bool selectProvider(const QString &id);
    QString currentProvider() const;
    QTableWidget *table() const { return m_table; }
    /// Row of a model in the table; -1 when not shown.
    int rowOf(const QString &model) const;
    /// Sets a price cell as if typed; false (and the message shown) when refused.
    bool editPrice(const QString &model, Column column, const QString &text);
    bool isOverridden(const QString &model) const;
    void resetToBuiltIn(const QString &model);
    bool hasUnsavedChanges() const { return !m_dirty.isEmpty(); }
    /// Writes the override file; false with the reason shown (and nothing written) on error.
    bool save();
    QString message() const;

Q_SIGNALS:
    void pricesSaved();

private:
    /// Key of one override row: provider + model.
    static QString overrideKey(const QString &provider, const QString &model);
    void loadFile(); // pricespagefile.cpp
    void fillTable();
    void fillRow(int row);
    void onItemChanged(QTableWidgetItem *item);
    void showMessage(const QString &text, bool error);
    QString keyOf(const QString &model) const;
    QString priceProviderOf(const QString &model) const;
    QJsonObject baseRow(const QString &model) const;

    const ProviderRegistry &m_providers;
    ModelCatalog m_catalog;
    std::optional<PriceTable> m_builtIn;
    QJsonObject m_fileDoc;                   ///< the override file as last read/saved
    QString m_fileError;                     ///< non-empty: the file is unreadable, Save is off
    QHash<QString, QJsonObject> m_overrides; ///< "provider\nmodel" → the user's row
    QSet<QString> m_dirty;                   ///< keys changed since the last save
    QStringList m_models;                    ///< model ids of the rows shown
    bool m_filling = false;

    QComboBox *m_provider = nullptr;
    QTableWidget *m_table = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_save = nullptr;
};

} // namespace Crucible
