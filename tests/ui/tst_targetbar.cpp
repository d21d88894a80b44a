#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

#include "catalog/modelcatalog.h"
#include "compare/comparecolumn.h"
#include "compare/comparecontroller.h"
#include "compare/compareview.h"
#include "keys/keystore.h"
#include "mainwindow.h"
#include "prompt/promptpanel.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "run/paramsbar.h"
#include "run/readoutbar.h"
#include "run/targetbar.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

/// The target bar against the real registry and the built-in catalog: every provider is offered,
/// its catalog models are listed, what a model rejects is disabled with a reason, unknown models
/// are flagged, and the run's request is sanitized.
class TestTargetBar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void pickerListsEveryProvider();
    void modelComboListsCatalogModels();
    void gpt5DisablesTemperatureUntilReasoningIsOff();
    void rejectedParametersAreDisabledWithAReason();
    void unknownModelShowsTheNote();
    void runRequestIsSanitized();
    void stopSequencesParse();
    void estimateIsShownBeforeTheRun();

private:
    template <typename T>
    T *child(const char *name) const
    {
        return m_window->targetBar()->findChild<T *>(QString::fromLatin1(name));
    }
    void select(const QString &provider, const QString &model);

    ModelCatalog m_catalog;
    std::unique_ptr<ProviderRegistry> m_providers;
    std::unique_ptr<KeyStore> m_keys;
    std::unique_ptr<MainWindow> m_window;
};

void TestTargetBar::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // no user model overrides, no user settings
    Result<ModelCatalog> catalog = ModelCatalog::builtIn();
    QVERIFY2(catalog, qPrintable(catalog ? QString() : catalog.error().message));
    m_catalog = std::move(catalog).value();
}

void TestTargetBar::init()
{
    m_providers = std::make_unique<ProviderRegistry>();
    KeyStore::Options memoryOnly;
    memoryOnly.memoryOnly = true;
    m_keys = std::make_unique<KeyStore>(memoryOnly);
    m_window = std::make_unique<MainWindow>(*m_providers, m_keys.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestTargetBar::cleanup()
{
    m_window.reset();
    m_keys.reset();
    m_providers.reset();
}

void TestTargetBar::select(const QString &provider, const QString &model)
{
    QVERIFY(m_window->targetBar()->setProvider(provider));
    m_window->targetBar()->setModel(model);
    QCOMPARE(m_window->targetBar()->model(), model);
}

void TestTargetBar::pickerListsEveryProvider()
{
    auto *combo = child<QComboBox>("providerCombo");
    QVERIFY(combo);
    QStringList ids;
    for (int i = 0; i < combo->count(); ++i)
        ids << combo->itemData(i).toString();
    QCOMPARE(ids, m_providers->ids()); // every registered provider, registry order
    QVERIFY(ids.size() >= 2);
    for (const Provider *provider : m_providers->all())
        QVERIFY(combo->findText(provider->displayName()) >= 0);
}

void TestTargetBar::modelComboListsCatalogModels()
{
    auto *combo = child<QComboBox>("modelCombo");
    QVERIFY(combo && combo->isEditable());
    int checked = 0;
    for (const Provider *provider : m_providers->all()) {
        QVERIFY(m_window->targetBar()->setProvider(provider->id()));
        for (const ModelInfo &info : m_catalog.models(provider->id())) {
            QVERIFY2(combo->findText(info.id) >= 0, qPrintable(provider->id() + u' ' + info.id));
            ++checked;
        }
    }
    QVERIFY(checked >= 10); // the catalog really has models for the registered providers
    // Any text stays possible.
    QVERIFY(m_window->targetBar()->setProvider(u"openai"_s));
    m_window->targetBar()->setModel(u"my-own-model"_s);
    QCOMPARE(m_window->targetBar()->model(), u"my-own-model"_s);
}

void TestTargetBar::gpt5DisablesTemperatureUntilReasoningIsOff()
{
    QStringList gpt5;
    for (const ModelInfo &info : m_catalog.models(u"openai"_s)) {
        if (info.id.startsWith(u"gpt-5."_s) && info.params.samplingOnlyWithoutReasoning)
            gpt5 << info.id;
    }
    QVERIFY(!gpt5.isEmpty());
    auto *temperature = child<QDoubleSpinBox>("temperatureSpin");
    auto *effort = child<QComboBox>("effortCombo");
    QVERIFY(temperature && effort);
    for (const QString &model : gpt5) {
        select(u"openai"_s, model);
        QVERIFY2(!temperature->isEnabled(), qPrintable(model));
        QVERIFY2(temperature->toolTip().contains(u"reasoning effort"_s), qPrintable(temperature->toolTip()));
        QVERIFY(temperature->toolTip().contains(model));
    }
    // With reasoning effort "none" a GPT-5.x model takes temperature again.
    const QString model = gpt5.first();
    select(u"openai"_s, model);
    const int none = effort->findData(u"none"_s);
    if (none >= 0) {
        effort->setCurrentIndex(none);
        QVERIFY(temperature->isEnabled());
        effort->setCurrentIndex(effort->findData(QString())); // "default": reasoning on
        QVERIFY(!temperature->isEnabled());
    }
    // A model that accepts temperature has it enabled.
    select(u"openai"_s, u"gpt-4.1"_s);
    QVERIFY(m_window->targetBar()->modelInfo().known);
    QVERIFY(temperature->isEnabled());
}

void TestTargetBar::rejectedParametersAreDisabledWithAReason()
{
    auto *seed = child<QSpinBox>("seedSpin");
    auto *stop = child<QLineEdit>("stopEdit");
    auto *effort = child<QComboBox>("effortCombo");
    auto *temperature = child<QDoubleSpinBox>("temperatureSpin");
    QVERIFY(seed && stop && effort && temperature);
    int rejecting = 0;
    for (const ModelInfo &info : m_catalog.models()) {
        if (!m_providers->find(info.provider))
            continue;
        select(info.provider, info.id);
        const ModelParams &p = info.params;
        QCOMPARE(seed->isEnabled(), p.seed);
        QCOMPARE(stop->isEnabled(), p.stop);
        QCOMPARE(effort->isEnabled(), !p.reasoningEfforts.isEmpty());
        if (!p.temperature) {
            QVERIFY(!temperature->isEnabled());
            QVERIFY2(temperature->toolTip().contains(u"does not accept temperature"_s),
                     qPrintable(temperature->toolTip()));
            ++rejecting;
        }
        if (!p.seed)
            QVERIFY(seed->toolTip().contains(info.id));
    }
    QVERIFY(rejecting > 0); // the catalog has models without temperature (o-series)
}

void TestTargetBar::unknownModelShowsTheNote()
{
    TargetBar *bar = m_window->targetBar();
    auto *note = child<QLabel>("modelNote");
    QVERIFY(note);
    select(u"openai"_s, u"gpt-4.1"_s);
    QVERIFY(!bar->isModelNoteVisible());
    QVERIFY(!note->isVisible());

    select(u"openai"_s, u"crucible-no-such-model-7"_s);
    QVERIFY(!bar->modelInfo().known);
    QVERIFY(bar->isModelNoteVisible());
    QVERIFY(note->isVisible());
    QVERIFY(note->text().contains(u"unknown model"_s));
    QVERIFY(!bar->modelNote().isEmpty());
    // Safe defaults: sampling controls are off, with the reason.
    auto *temperature = child<QDoubleSpinBox>("temperatureSpin");
    QVERIFY(!temperature->isEnabled());
    QVERIFY(temperature->toolTip().contains(u"nknown model"_s));
}

void TestTargetBar::runRequestIsSanitized()
{
    const ModelInfo gpt = m_catalog.lookup(u"openai"_s, u"gpt-5.4"_s);
    if (!gpt.known || !gpt.params.reasoningEfforts.contains(u"none"_s))
        QSKIP("catalog has no gpt-5.4 with reasoning effort none");
    select(u"openai"_s, u"gpt-5.4"_s);
    m_window->promptPanel()->setUserText(u"hello"_s);
    auto *effort = child<QComboBox>("effortCombo");
    auto *temperature = child<QDoubleSpinBox>("temperatureSpin");
    effort->setCurrentIndex(effort->findData(u"none"_s));
    temperature->setValue(0.7);
    const CompareColumn &column = *m_window->compareView()->column(0);
    SanitizedRequest sanitized = m_window->compareController()->buildRequest(column);
    QVERIFY(sanitized.request.temperature);
    QCOMPARE(*sanitized.request.temperature, 0.7);
    QCOMPARE(sanitized.request.reasoningEffort, u"none"_s);
    QCOMPARE(sanitized.request.maxTokensField, gpt.params.maxTokensField); // catalog applied
    QVERIFY(sanitized.dropped.isEmpty());

    effort->setCurrentIndex(effort->findData(u"high"_s) >= 0 ? effort->findData(u"high"_s) : 0);
    sanitized = m_window->compareController()->buildRequest(column);
    QVERIFY(!sanitized.request.temperature); // reasoning on: temperature not sent
}

void TestTargetBar::stopSequencesParse()
{
    QCOMPARE(ParamsBar::parseStops(u"END|\\n\\n||###"_s), (QStringList{u"END"_s, u"\n\n"_s, u"###"_s}));
    QCOMPARE(ParamsBar::parseStops(QString()), QStringList());
}

void TestTargetBar::estimateIsShownBeforeTheRun()
{
    QVERIFY(m_window->targetBar()->setProvider(u"simulator"_s));
    auto *editor = m_window->findChild<QPlainTextEdit *>(u"userEditor"_s);
    QVERIFY(editor);
    editor->setFocus();
    QTest::keyClicks(editor, u"Estimate me"_s);
    // Debounced: the estimate appears shortly after typing, before anything runs.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->readoutBar()->text(ReadoutBar::Field::Cost).startsWith(u"est. "_s),
                             5000);
    QVERIFY(!m_window->compareController()->isRunning());
    QVERIFY(m_window->compareController()->outcomes(m_window->compareView()->column(0)).isEmpty());
    QVERIFY(!m_window->readoutBar()->text(ReadoutBar::Field::Cost).contains(u"→"_s));
}

QTEST_MAIN(TestTargetBar)
#include "tst_targetbar.moc"
