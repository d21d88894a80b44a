#include "settings/pricespage.h"

#include <QColor>
#include <QComboBox>
#include <QDate>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

#include "providers/provider.h"
#include "providers/providerregistry.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

/// JSON field of each price column (resources/prices.json names).
QString fieldOf(int column)
{
    switch (column) {
    case PricesPage::InputColumn: return u"input"_s;
    case PricesPage::CachedColumn: return u"cached_input"_s;
    case PricesPage::CacheWriteColumn: return u"cache_write"_s;
    case PricesPage::OutputColumn: return u"output"_s;
    default: return {};
    }
}

/// 75'000 → "0.075", 5'000'000 → "5.00" (at least two decimals, like the built-in file).
QString decimal(std::int64_t micro)
{
    QString frac = u"%1"_s.arg(micro % 1'000'000, 6, 10, QLatin1Char('0'));
    while (frac.size() > 2 && frac.endsWith(u'0'))
        frac.chop(1);
    return u"%1.%2"_s.arg(micro / 1'000'000).arg(frac);
}

void putPrice(QJsonObject &row, const QString &key, const std::optional<std::int64_t> &micro)
{
    if (micro)
        row.insert(key, decimal(*micro));
}

const QRegularExpression &priceSyntax()
{
    static const QRegularExpression re(u"^[0-9]{1,9}(\\.[0-9]{1,6})?$"_s);
    return re;
}

} // namespace

QString PricesPage::overrideKey(const QString &provider, const QString &model)
{
    return provider + u'\n' + model;
}

PricesPage::PricesPage(const ProviderRegistry &providers, QWidget *parent)
    : QWidget(parent)
    , m_providers(providers)
    , m_catalog(ModelCatalog::withUserOverrides())
    , m_provider(new QComboBox(this))
    , m_table(new QTableWidget(this))
    , m_message(new QLabel(this))
    , m_save(new QPushButton(tr("&Save prices"), this))
{
    setObjectName(u"pricesPage"_s);
    if (auto table = PriceTable::builtIn())
        m_builtIn = std::move(table).value();

    m_provider->setObjectName(u"pricesProvider"_s);
    for (const Provider *provider : providers.all())
        m_provider->addItem(provider->displayName(), provider->id());

    m_table->setObjectName(u"pricesTable"_s);
    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels({tr("Model"), tr("Context window"), tr("Input $/1M"),
                                        tr("Cached input $/1M"), tr("Cache write $/1M"),
                                        tr("Output $/1M"), tr("As of"), QString()});
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(ModelColumn, QHeaderView::Stretch);
    for (int c = ContextColumn; c < ColumnCount; ++c)
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);

    m_message->setObjectName(u"pricesMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_save->setObjectName(u"savePrices"_s);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Provider:"), this));
    top->addWidget(m_provider);
    top->addStretch(1);
    auto *hint = new QLabel(tr("Prices in USD per 1M tokens. Double-click a price to override it; "
                               "overrides are saved to %1.")
                                .arg(QDir::toNativeSeparators(PriceTable::userOverridesPath())),
                            this);
    hint->setWordWrap(true);
    hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_message, 1);
    bottom->addWidget(m_save);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(hint);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);

    connect(m_provider, &QComboBox::currentIndexChanged, this, &PricesPage::fillTable);
    connect(m_table, &QTableWidget::itemChanged, this, &PricesPage::onItemChanged);
    connect(m_save, &QPushButton::clicked, this, &PricesPage::save);

    loadFile();
    fillTable();
}

bool PricesPage::selectProvider(const QString &id)
{
    const int index = m_provider->findData(id);
    if (index < 0)
        return false;
    m_provider->setCurrentIndex(index);
    return true;
}

QString PricesPage::currentProvider() const
{
    return m_provider->currentData().toString();
}

int PricesPage::rowOf(const QString &model) const
{
    return int(m_models.indexOf(model));
}

QString PricesPage::priceProviderOf(const QString &model) const
{
    // The built-in row's provider, so an override replaces it (aliases share one row).
    const ModelPrice *price = m_builtIn ? m_builtIn->find(currentProvider(), model) : nullptr;
    return price && price->model == model ? price->provider : currentProvider();
}

QString PricesPage::keyOf(const QString &model) const
{
    return overrideKey(priceProviderOf(model), model);
}

bool PricesPage::isOverridden(const QString &model) const
{
    return m_overrides.contains(keyOf(model));
}

QJsonObject PricesPage::baseRow(const QString &model) const
{
    QJsonObject row{{u"provider"_s, priceProviderOf(model)}, {u"model"_s, model}};
    const ModelPrice *price = m_builtIn ? m_builtIn->find(currentProvider(), model) : nullptr;
    if (!price || price->model != model)
        return row;
    row.insert(u"input"_s, decimal(price->inputMicroPerM));
    putPrice(row, u"cached_input"_s, price->cachedInputMicroPerM);
    putPrice(row, u"cache_write"_s, price->cacheWriteInputMicroPerM);
    putPrice(row, u"cache_write_1h"_s, price->cacheWrite1hInputMicroPerM);
    row.insert(u"output"_s, decimal(price->outputMicroPerM));
    putPrice(row, u"reasoning"_s, price->reasoningMicroPerM);
    QJsonArray tiers;
    for (const PriceTier &t : price->tiers) {
        QJsonObject tier{{u"prompt_above"_s, qint64(t.promptAbove)}};
        putPrice(tier, u"input"_s, t.inputMicroPerM);
        putPrice(tier, u"cached_input"_s, t.cachedInputMicroPerM);
        putPrice(tier, u"cache_write"_s, t.cacheWriteInputMicroPerM);
        putPrice(tier, u"cache_write_1h"_s, t.cacheWrite1hInputMicroPerM);
        putPrice(tier, u"output"_s, t.outputMicroPerM);
        putPrice(tier, u"reasoning"_s, t.reasoningMicroPerM);
        tiers.append(tier);
    }
    if (!tiers.isEmpty())
        row.insert(u"tiers"_s, tiers);
    if (!price->note.isEmpty())
        row.insert(u"note"_s, price->note);
    return row;
}

void PricesPage::fillTable()
{
    m_filling = true;
    m_models.clear();
    QList<ModelInfo> models = m_catalog.models(currentProvider());
    if (models.isEmpty() && m_builtIn) {
        for (const QString &alias : m_builtIn->aliasesOf(currentProvider()))
            models += m_catalog.models(alias);
    }
    for (const ModelInfo &info : std::as_const(models))
        m_models.append(info.id);
    m_table->clearContents();
    m_table->setRowCount(int(m_models.size()));
    for (int row = 0; row < m_models.size(); ++row) {
        const ModelInfo &info = models.at(row);
        auto *name = new QTableWidgetItem(info.id);
        name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        if (!info.displayName.isEmpty() && info.displayName != info.id)
            name->setToolTip(info.displayName);
        m_table->setItem(row, ModelColumn, name);
        auto *context = new QTableWidgetItem(
            info.contextWindow ? QLocale(QLocale::English).toString(qlonglong(*info.contextWindow))
                               : QString());
        context->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        context->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(row, ContextColumn, context);
        auto *reset = new QPushButton(tr("Reset to built-in"), m_table);
        reset->setObjectName(u"reset:"_s + info.id);
        connect(reset, &QPushButton::clicked, this, [this, id = info.id] { resetToBuiltIn(id); });
        m_table->setCellWidget(row, ResetColumn, reset);
        fillRow(row);
    }
    if (m_fileError.isEmpty())
        showMessage(m_models.isEmpty() ? tr("The catalog lists no models for this provider.") : QString(), false);
    m_filling = false;
}

void PricesPage::fillRow(int row)
{
    const bool wasFilling = std::exchange(m_filling, true);
    const QString model = m_models.at(row);
    const auto over = m_overrides.constFind(keyOf(model));
    const bool overridden = over != m_overrides.cend();
    const QJsonObject base = baseRow(model);
    const QJsonObject shown = overridden ? *over : base;
    for (int column = InputColumn; column <= OutputColumn; ++column) {
        const QString field = fieldOf(column);
        const QJsonValue value = shown.value(field);
        // Items are updated in place: this runs inside their itemChanged signal.
        QTableWidgetItem *item = m_table->item(row, column);
        if (!item) {
            item = new QTableWidgetItem;
            m_table->setItem(row, column, item);
        }
        item->setText(value.isDouble() ? QString::number(value.toDouble()) : value.toString());
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        const bool mine = overridden && shown.value(field) != base.value(field);
        QFont font = item->font();
        font.setBold(mine);
        item->setFont(font);
        if (mine) {
            item->setBackground(QColor(0xff, 0xf4, 0xce));
            item->setForeground(QColor(0x5c, 0x44, 0x00));
            item->setToolTip(tr("Your override (built-in: %1)")
                                 .arg(base.value(field).toString(tr("none"))));
        } else {
            item->setData(Qt::BackgroundRole, QVariant());
            item->setData(Qt::ForegroundRole, QVariant());
            item->setToolTip(QString());
        }
    }
    const ModelPrice *price = m_builtIn ? m_builtIn->find(currentProvider(), model) : nullptr;
    auto *asOf = new QTableWidgetItem(overridden ? tr("your override, %1").arg(shown.value(u"as_of"_s).toString())
                                                 : price && price->model == model ? price->asOf : QString());
    asOf->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (overridden) {
        QFont font = asOf->font();
        font.setBold(true);
        asOf->setFont(font);
        asOf->setToolTip(tr("Saved in %1").arg(QDir::toNativeSeparators(PriceTable::userOverridesPath())));
    } else if (price && price->model == model) {
        asOf->setToolTip(price->source);
    }
    m_table->setItem(row, AsOfColumn, asOf);
    if (QWidget *reset = m_table->cellWidget(row, ResetColumn))
        reset->setEnabled(overridden);
    m_filling = wasFilling;
}

void PricesPage::onItemChanged(QTableWidgetItem *item)
{
    if (m_filling || item->column() < InputColumn || item->column() > OutputColumn)
        return;
    if (!editPrice(m_models.value(item->row()), Column(item->column()), item->text()))
        fillRow(item->row()); // the refused text goes; the saved/shown value comes back
}

bool PricesPage::editPrice(const QString &model, Column column, const QString &text)
{
    const int row = rowOf(model);
    const QString field = fieldOf(column);
    if (row < 0 || field.isEmpty())
        return false;
    const QString value = text.trimmed();
    const bool optionalField = column == CachedColumn || column == CacheWriteColumn;
    if (value.isEmpty() ? !optionalField : !priceSyntax().match(value).hasMatch()) {
        showMessage(value.isEmpty()
                        ? tr("%1 of %2 cannot be empty: enter a price such as 2.50.")
                              .arg(m_table->horizontalHeaderItem(column)->text(), model)
                        : tr("\"%1\" is not a price: enter a number that is not negative, in USD per "
                             "1M tokens, with at most 6 decimals (such as 2.50). Nothing was changed.")
                              .arg(value),
                    true);
        return false;
    }
    const QString key = keyOf(model);
    QJsonObject over = m_overrides.value(key, baseRow(model));
    const QJsonValue before = over.value(field);
    if (value.isEmpty())
        over.remove(field);
    else
        over.insert(field, value);
    if (!m_overrides.contains(key) && over.value(field) == before)
        return true; // retyped the built-in value
    over.remove(u"valid_from"_s);
    over.remove(u"valid_until"_s);
    over.insert(u"as_of"_s, QDate::currentDate().toString(Qt::ISODate));
    over.insert(u"source"_s, u"user override (Crucible settings)"_s);
    m_overrides.insert(key, over);
    m_dirty.insert(key);
    fillRow(row);
    showMessage(tr("Unsaved changes."), false);
    return true;
}

void PricesPage::resetToBuiltIn(const QString &model)
{
    const int row = rowOf(model);
    if (row < 0 || !m_overrides.remove(keyOf(model)))
        return;
    m_dirty.insert(keyOf(model));
    fillRow(row);
    showMessage(tr("%1 uses the built-in prices again once you save.").arg(model), false);
}

QString PricesPage::message() const
{
    return m_message->text();
}

void PricesPage::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? u"QLabel { color: #b00020; font-weight: bold; }"_s : QString());
}

} // namespace Crucible
