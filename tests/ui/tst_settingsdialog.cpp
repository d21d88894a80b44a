#include <QAbstractButton>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>

#include "fakeproviderserver.h"
#include "keys/keystore.h"
#include "mainwindow.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "run/targetbar.h"
#include "settings/providerkeyeditor.h"
#include "settings/providerprefs.h"
#include "settings/settingsdialog.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::FakeProviderServer;

namespace {

const QString TestKey = u"test-key-4242"_s;

/// Every piece of text a widget tree shows: labels, fields (text and placeholder), editors,
/// combo texts, buttons, list items, tooltips, window titles, status bars.
QStringList visibleTexts(const QWidget &root)
{
    QStringList texts{root.windowTitle(), root.toolTip()};
    for (const QWidget *w : root.findChildren<QWidget *>()) {
        texts << w->toolTip() << w->windowTitle() << w->accessibleName();
        if (auto *label = qobject_cast<const QLabel *>(w))
            texts << label->text();
        else if (auto *edit = qobject_cast<const QLineEdit *>(w))
            texts << edit->text() << edit->placeholderText() << edit->displayText();
        else if (auto *editor = qobject_cast<const QPlainTextEdit *>(w))
            texts << editor->toPlainText();
        else if (auto *combo = qobject_cast<const QComboBox *>(w))
            texts << combo->currentText();
        else if (auto *button = qobject_cast<const QAbstractButton *>(w))
            texts << button->text();
        else if (auto *bar = qobject_cast<const QStatusBar *>(w))
            texts << bar->currentMessage();
        else if (auto *list = qobject_cast<const QListWidget *>(w)) {
            for (int i = 0; i < list->count(); ++i)
                texts << list->item(i)->text() << list->item(i)->toolTip();
        }
    }
    return texts;
}

QString findKey(const QWidget &root, const QString &key)
{
    for (const QString &text : visibleTexts(root)) {
        if (text.contains(key))
            return text.left(80);
    }
    return {};
}

} // namespace

/// The settings dialog's Providers page with a memory-only key store (the keychain case of
/// KeyStore itself is covered by tst_keystore).
class TestSettingsDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void listsEveryProvider();
    void bannerWhenNoKeychain();
    void saveAndRemoveInMemory();
    void environmentKeyIsNamedNotShown();
    void testListsModels();
    void testFailureIsClassified();
    void opensFromTheSettingsShortcut();

private:
    ProviderKeyEditor *editorFor(const QString &id);
    template <typename T>
    T *in(ProviderKeyEditor *editor, const char *name)
    {
        return editor->findChild<T *>(QString::fromLatin1(name));
    }

    std::unique_ptr<ProviderRegistry> m_providers;
    std::unique_ptr<KeyStore> m_keys;
    std::unique_ptr<ProviderPrefs> m_prefs;
    std::unique_ptr<SettingsDialog> m_dialog;
    QByteArray m_savedEnv;
};

void TestSettingsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // base URL overrides go to a test settings file
}

void TestSettingsDialog::init()
{
    m_savedEnv = qgetenv("OPENAI_API_KEY");
    qunsetenv("OPENAI_API_KEY");
    m_providers = std::make_unique<ProviderRegistry>();
    KeyStore::Options options;
    options.memoryOnly = true;
    options.memoryOnlyReason = u"no keychain in this test"_s;
    m_keys = std::make_unique<KeyStore>(options);
    m_prefs = std::make_unique<ProviderPrefs>();
    m_prefs->setBaseUrl(u"openai"_s, {});
    m_dialog = std::make_unique<SettingsDialog>(*m_providers, *m_keys, *m_prefs);
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
}

void TestSettingsDialog::cleanup()
{
    m_dialog.reset();
    if (m_prefs)
        m_prefs->setBaseUrl(u"openai"_s, {});
    m_prefs.reset();
    m_keys.reset();
    m_providers.reset();
    if (m_savedEnv.isNull())
        qunsetenv("OPENAI_API_KEY");
    else
        qputenv("OPENAI_API_KEY", m_savedEnv);
}

ProviderKeyEditor *TestSettingsDialog::editorFor(const QString &id)
{
    if (!m_dialog->selectProvider(id))
        return nullptr;
    ProviderKeyEditor *editor = m_dialog->currentEditor();
    return editor && editor->provider().id() == id ? editor : nullptr;
}

void TestSettingsDialog::listsEveryProvider()
{
    QStringList ids;
    for (const ProviderKeyEditor *editor : m_dialog->editors())
        ids << editor->provider().id();
    QCOMPARE(ids, m_providers->ids());
    auto *list = m_dialog->findChild<QListWidget *>(u"providerList"_s);
    QVERIFY(list);
    QCOMPARE(list->count(), ids.size());
    QVERIFY(!m_dialog->selectProvider(u"no-such-provider"_s));
    // The Simulator needs no key: its key field is off.
    ProviderKeyEditor *simulator = editorFor(u"simulator"_s);
    QVERIFY(simulator);
    QVERIFY(!in<QLineEdit>(simulator, "keyEdit")->isEnabled());
    QVERIFY(!in<QPushButton>(simulator, "testButton")->isEnabled());
}

void TestSettingsDialog::bannerWhenNoKeychain()
{
    QVERIFY(m_dialog->isBannerVisible());
    auto *banner = m_dialog->findChild<QLabel *>(u"keychainBanner"_s);
    QVERIFY(banner && banner->isVisible());
    QVERIFY2(banner->text().contains(u"memory only until you quit"_s), qPrintable(banner->text()));
    QVERIFY(banner->text().contains(u"no keychain in this test"_s)); // the reason is given
    ProviderKeyEditor *openai = editorFor(u"openai"_s);
    QVERIFY(openai);
    QVERIFY(in<QPushButton>(openai, "saveKeyButton")->text().contains(u"memory"_s));
}

void TestSettingsDialog::saveAndRemoveInMemory()
{
    ProviderKeyEditor *editor = editorFor(u"openai"_s);
    QVERIFY(editor);
    auto *keyEdit = in<QLineEdit>(editor, "keyEdit");
    QVERIFY(keyEdit);
    QCOMPARE(keyEdit->echoMode(), QLineEdit::Password);
    QVERIFY(editor->sourceText().startsWith(u"none"_s));
    QVERIFY(!in<QPushButton>(editor, "removeKeyButton")->isEnabled());

    keyEdit->setFocus();
    QTest::keyClicks(keyEdit, TestKey);
    QVERIFY(keyEdit->displayText() != TestKey); // password echo
    QTest::mouseClick(in<QPushButton>(editor, "saveKeyButton"), Qt::LeftButton);

    QTRY_COMPARE(editor->sourceText(), u"memory (until you quit)"_s);
    QVERIFY(keyEdit->text().isEmpty()); // the key left the widget once stored
    const KeyStore::Lookup stored = m_keys->readBlocking(*m_providers->find(u"openai"_s));
    QCOMPARE(stored.key, TestKey);
    QCOMPARE(stored.source, KeyStore::Source::Memory);
    QVERIFY(in<QPushButton>(editor, "removeKeyButton")->isEnabled());
    // No label, field, tooltip or title anywhere in the dialog shows the key.
    QCOMPARE(findKey(*m_dialog, TestKey), QString());

    QTest::mouseClick(in<QPushButton>(editor, "removeKeyButton"), Qt::LeftButton);
    QTRY_VERIFY(editor->sourceText().startsWith(u"none"_s));
    QCOMPARE(m_keys->readBlocking(*m_providers->find(u"openai"_s)).source, KeyStore::Source::None);
    QVERIFY(in<QLabel>(editor, "statusLabel")->text().contains(u"Removed"_s));
}

void TestSettingsDialog::environmentKeyIsNamedNotShown()
{
    qputenv("OPENAI_API_KEY", TestKey.toUtf8());
    ProviderKeyEditor *editor = editorFor(u"openai"_s);
    QVERIFY(editor);
    editor->refresh();
    QTRY_COMPARE(editor->sourceText(), u"environment $OPENAI_API_KEY"_s);
    QVERIFY(!in<QPushButton>(editor, "removeKeyButton")->isEnabled()); // nothing saved to remove
    QCOMPARE(findKey(*m_dialog, TestKey), QString());
}

void TestSettingsDialog::testListsModels()
{
    FakeProviderServer server;
    QVERIFY(server.isListening());
    FakeProviderServer::Response response;
    response.headers = {{"Content-Type", "application/json"}};
    response.body = R"({"object":"list","data":[{"id":"gpt-test-a","object":"model"},)"
                    R"({"id":"gpt-test-b","object":"model"}]})";
    server.enqueue(response);

    ProviderKeyEditor *editor = editorFor(u"openai"_s);
    QVERIFY(editor);
    auto *baseUrl = in<QLineEdit>(editor, "baseUrlEdit");
    baseUrl->setText(server.baseUrl().toString() + u"/v1"_s);
    QTest::keyClicks(in<QLineEdit>(editor, "keyEdit"), TestKey);
    QTest::mouseClick(in<QPushButton>(editor, "testButton"), Qt::LeftButton);

    auto *status = in<QLabel>(editor, "statusLabel");
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(u"OK"_s), 15000);
    QVERIFY2(status->text().contains(u"2 model"_s), qPrintable(status->text()));
    QCOMPARE(in<QPlainTextEdit>(editor, "modelList")->toPlainText(), u"gpt-test-a\ngpt-test-b"_s);
    QCOMPARE(server.requestCount(), 1);
    const auto request = server.requests().first();
    QCOMPARE(request.target, "/v1/models"_ba);
    QCOMPARE(headerValue(request.headers, "Authorization"), "Bearer "_ba + TestKey.toUtf8());
    // The base URL override was kept (not secret); the typed key was not saved by Test.
    QCOMPARE(m_prefs->baseUrl(u"openai"_s), server.baseUrl().toString() + u"/v1"_s);
    QCOMPARE(m_keys->readBlocking(*m_providers->find(u"openai"_s)).source, KeyStore::Source::None);
}

void TestSettingsDialog::testFailureIsClassified()
{
    FakeProviderServer server;
    FakeProviderServer::Response response;
    response.status = 401;
    response.headers = {{"Content-Type", "application/json"}};
    // A server that echoes the key back: the dialog must still not show it.
    response.body = "{\"error\":{\"message\":\"Incorrect API key provided: " + TestKey.toUtf8()
                    + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";
    server.enqueue(response);

    ProviderKeyEditor *editor = editorFor(u"openai"_s);
    in<QLineEdit>(editor, "baseUrlEdit")->setText(server.baseUrl().toString() + u"/v1"_s);
    QTest::keyClicks(in<QLineEdit>(editor, "keyEdit"), TestKey);
    QTest::mouseClick(in<QPushButton>(editor, "testButton"), Qt::LeftButton);
    auto *status = in<QLabel>(editor, "statusLabel");
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(u"Test failed"_s), 15000);
    QVERIFY2(status->text().contains(u"auth (401)"_s), qPrintable(status->text()));
    QVERIFY(status->text().contains(u"[redacted]"_s));
    in<QLineEdit>(editor, "keyEdit")->clear();
    QCOMPARE(findKey(*m_dialog, TestKey), QString());
}

void TestSettingsDialog::opensFromTheSettingsShortcut()
{
    MainWindow window(*m_providers, m_keys.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(!window.settingsDialog());
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    QTRY_VERIFY(window.settingsDialog() && window.settingsDialog()->isVisible());
    QVERIFY(window.settingsDialog()->isBannerVisible());
    // A key saved there is used by the window: the "no key" hint goes away.
    QVERIFY(window.targetBar()->setProvider(u"openai"_s));
    auto *hint = window.findChild<QLabel *>(u"keyHint"_s);
    QVERIFY(hint);
    QTRY_VERIFY(hint->isVisible());
    bool saved = false;
    m_keys->write(u"openai"_s, TestKey, [&](bool ok, const QString &) { saved = ok; });
    QTRY_VERIFY(saved);
    QTRY_VERIFY(!hint->isVisible());
    QCOMPARE(findKey(window, TestKey), QString());
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
