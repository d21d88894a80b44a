#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

#include "keys/keystore.h"
#include "pricing/pricetable.h"
#include "providers/providerregistry.h"
#include "settings/pricespage.h"
#include "settings/providerprefs.h"
#include "settings/settingsdialog.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

QJsonArray savedRows()
{
    QFile file(PriceTable::userOverridesPath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(u"models"_s).toArray();
}

} // namespace

class TestPricesPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void editSaveReopenReset();
    void invalidInputRefused();
    void keepsOtherRowsOfTheFile();
    void brokenFileIsNotOverwritten();
    void dialogHasThePageAndSignals();

private:
    ProviderRegistry m_providers;
};

void TestPricesPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // never the user's real config
    QVERIFY(PriceTable::userOverridesPath().contains(u"qttest"_s));
}

void TestPricesPage::init()
{
    QFile::remove(PriceTable::userOverridesPath());
}

void TestPricesPage::editSaveReopenReset()
{
    {
        PricesPage page(m_providers);
        QVERIFY(page.selectProvider(u"openai"_s));
        const int row = page.rowOf(u"gpt-5.4"_s);
        QVERIFY(row >= 0);
        // Built in (resources/prices.json): gpt-5.4 input "2.50", output "15.00".
        QCOMPARE(page.table()->item(row, PricesPage::InputColumn)->text(), u"2.50"_s);
        QCOMPARE(page.table()->item(row, PricesPage::OutputColumn)->text(), u"15.00"_s);
        QVERIFY(!page.isOverridden(u"gpt-5.4"_s));
        QVERIFY(!page.table()->item(row, PricesPage::InputColumn)->font().bold());

        // Typing in the cell, as a user would.
        page.table()->item(row, PricesPage::InputColumn)->setText(u"2.125"_s);
        QVERIFY(page.isOverridden(u"gpt-5.4"_s));
        QVERIFY(page.table()->item(row, PricesPage::InputColumn)->font().bold());
        QVERIFY(!page.table()->item(row, PricesPage::OutputColumn)->font().bold());
        QVERIFY(page.table()->item(row, PricesPage::AsOfColumn)->text().contains(u"your override"_s));

        QSignalSpy saved(&page, &PricesPage::pricesSaved);
        QVERIFY(page.save());
        QCOMPARE(saved.count(), 1);
    }
    const QJsonArray rows = savedRows();
    QCOMPARE(rows.size(), 1);
    const QJsonObject row = rows.at(0).toObject();
    QCOMPARE(row.value(u"provider"_s).toString(), u"openai"_s);
    QCOMPARE(row.value(u"model"_s).toString(), u"gpt-5.4"_s);
    QCOMPARE(row.value(u"input"_s).toString(), u"2.125"_s);
    QCOMPARE(row.value(u"cached_input"_s).toString(), u"0.25"_s);
    QCOMPARE(row.value(u"output"_s).toString(), u"15.00"_s);

    // The core reads it: built in + overrides gives the new price, other models unchanged.
    auto table = PriceTable::builtIn();
    QVERIFY(table);
    QFile file(PriceTable::userOverridesPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(table.value().applyOverrides(file.readAll()));
    const ModelPrice *price = table.value().find(u"openai"_s, u"gpt-5.4"_s);
    QVERIFY(price);
    QCOMPARE(price->inputMicroPerM, 2'125'000);
    QCOMPARE(price->outputMicroPerM, 15'000'000);
    QCOMPARE(table.value().find(u"openai"_s, u"gpt-5.4-mini"_s)->inputMicroPerM, 750'000);
    QString error;
    auto withUser = PriceTable::withUserOverrides(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(withUser.value().find(u"openai"_s, u"gpt-5.4"_s)->inputMicroPerM, 2'125'000);

    // Reopened: still shown as the override; Reset + Save removes it from the file.
    PricesPage page(m_providers);
    QVERIFY(page.selectProvider(u"openai"_s));
    const int r = page.rowOf(u"gpt-5.4"_s);
    QVERIFY(page.isOverridden(u"gpt-5.4"_s));
    QCOMPARE(page.table()->item(r, PricesPage::InputColumn)->text(), u"2.125"_s);
    QVERIFY(page.table()->item(r, PricesPage::InputColumn)->font().bold());
    auto *reset = page.findChild<QPushButton *>(u"reset:gpt-5.4"_s);
    QVERIFY(reset && reset->isEnabled());
    reset->click();
    QVERIFY(!page.isOverridden(u"gpt-5.4"_s));
    QCOMPARE(page.table()->item(r, PricesPage::InputColumn)->text(), u"2.50"_s);
    QVERIFY(page.save());
    QCOMPARE(savedRows().size(), 0);
}

void TestPricesPage::invalidInputRefused()
{
    PricesPage page(m_providers);
    QVERIFY(page.selectProvider(u"anthropic"_s));
    const int row = page.rowOf(u"claude-opus-4-6"_s);
    QVERIFY(row >= 0);
    QVERIFY(page.editPrice(u"claude-opus-4-6"_s, PricesPage::OutputColumn, u"24.5"_s));
    QVERIFY(page.save());

    for (const QString &bad : {u"-1"_s, u"abc"_s, u"1,5"_s, u"0.0000001"_s, u"1e3"_s}) {
        QVERIFY2(!page.editPrice(u"claude-opus-4-6"_s, PricesPage::InputColumn, bad), qPrintable(bad));
        QVERIFY2(page.message().contains(u"not a price"_s), qPrintable(page.message()));
    }
    QVERIFY(!page.editPrice(u"claude-opus-4-6"_s, PricesPage::OutputColumn, u""_s));
    QVERIFY(page.message().contains(u"cannot be empty"_s));
    // Typed into the cell: refused, the cell shows the price again.
    page.table()->item(row, PricesPage::InputColumn)->setText(u"-3"_s);
    QCOMPARE(page.table()->item(row, PricesPage::InputColumn)->text(), u"5.00"_s);
    QCOMPARE(page.table()->item(row, PricesPage::OutputColumn)->text(), u"24.5"_s);
    QVERIFY(!page.hasUnsavedChanges());

    // What was saved is still there.
    const QJsonArray rows = savedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0).toObject().value(u"output"_s).toString(), u"24.5"_s);
    QCOMPARE(rows.at(0).toObject().value(u"input"_s).toString(), u"5.00"_s);
}

void TestPricesPage::keepsOtherRowsOfTheFile()
{
    QDir().mkpath(QFileInfo(PriceTable::userOverridesPath()).absolutePath());
    QFile file(PriceTable::userOverridesPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"formatVersion": 1, "asOf": "2026-01-01", "models": [
        {"provider": "mylab", "model": "house-model", "input": "0.01", "output": "0.02"},
        {"provider": "openai", "model": "gpt-4o", "input": "1.00", "output": "4.00"}]})");
    file.close();

    PricesPage page(m_providers);
    QVERIFY(page.selectProvider(u"openai"_s));
    QVERIFY(page.isOverridden(u"gpt-4o"_s));
    QVERIFY(page.editPrice(u"gpt-4.1"_s, PricesPage::CachedColumn, u"0.4"_s));
    QVERIFY(page.save());

    const QJsonArray rows = savedRows();
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(0).toObject().value(u"model"_s).toString(), u"house-model"_s);
    QCOMPARE(rows.at(0).toObject().value(u"input"_s).toString(), u"0.01"_s);
    QCOMPARE(rows.at(1).toObject().value(u"model"_s).toString(), u"gpt-4o"_s);
    QCOMPARE(rows.at(1).toObject().value(u"input"_s).toString(), u"1.00"_s);
    QCOMPARE(rows.at(2).toObject().value(u"model"_s).toString(), u"gpt-4.1"_s);
    QCOMPARE(rows.at(2).toObject().value(u"cached_input"_s).toString(), u"0.4"_s);
    QCOMPARE(rows.at(2).toObject().value(u"input"_s).toString(), u"2.00"_s);
}

void TestPricesPage::brokenFileIsNotOverwritten()
{
    QDir().mkpath(QFileInfo(PriceTable::userOverridesPath()).absolutePath());
    const QByteArray broken = "{\"models\": [ this is not json";
    QFile file(PriceTable::userOverridesPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(broken);
    file.close();

    PricesPage page(m_providers);
    QVERIFY(page.message().contains(u"cannot be read"_s));
    QVERIFY(page.selectProvider(u"openai"_s));
    QVERIFY(page.editPrice(u"gpt-5.4"_s, PricesPage::InputColumn, u"3"_s));
    QVERIFY(!page.save());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), broken);
}

void TestPricesPage::dialogHasThePageAndSignals()
{
    KeyStore::Options options;
    options.memoryOnly = true;
    options.memoryOnlyReason = u"no keychain in this test"_s;
    KeyStore keys(options);
    ProviderPrefs prefs;
    SettingsDialog dialog(m_providers, keys, prefs);
    QVERIFY(dialog.pricesPage());
    QSignalSpy changed(&dialog, &SettingsDialog::pricesChanged);
    dialog.showPricesPage();
    dialog.resize(1000, 560);
    dialog.show();
    QVERIFY(dialog.pricesPage()->selectProvider(u"anthropic"_s));
    QVERIFY(dialog.pricesPage()->editPrice(u"claude-sonnet-4-6"_s, PricesPage::InputColumn, u"2.75"_s));
    if (const QByteArray shot = qgetenv("CRUCIBLE_PRICES_SCREENSHOT"); !shot.isEmpty())
        dialog.grab().save(QString::fromLocal8Bit(shot));
    QVERIFY(dialog.pricesPage()->save());
    QCOMPARE(changed.count(), 1);
}

QTEST_MAIN(TestPricesPage)
#include "tst_pricespage.moc"
