#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTest>

#include "engine/modelrun.h"
#include "fakeproviderserver.h"
#include "keys/keystore.h"
#include "mainwindow.h"
#include "prompt/promptpanel.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "run/outputpane.h"
#include "run/readoutbar.h"
#include "run/runcontroller.h"
#include "run/targetbar.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::FakeProviderServer;
using Field = ReadoutBar::Field;

namespace {

constexpr int RunTimeoutMs = 15000;
const QByteArray KeyVar = "OPENAI_API_KEY";
const QString Secret = u"planted-test-key-9f8e7d6c5b4a-never-shown"_s; // not key-shaped on purpose

bool haveFixtures()
{
    return QFile::exists(FakeProviderServer::fixturePath(u"openai-chat-stream-text-usage.txt"_s));
}

/// Every piece of text the window shows (labels, fields, editors, tooltips, status bar).
QStringList visibleTexts(const QWidget &window)
{
    QStringList texts{window.windowTitle()};
    for (const QWidget *w : window.findChildren<QWidget *>()) {
        texts << w->toolTip();
        if (auto *label = qobject_cast<const QLabel *>(w))
            texts << label->text();
        else if (auto *edit = qobject_cast<const QLineEdit *>(w))
            texts << edit->text() << edit->placeholderText();
        else if (auto *editor = qobject_cast<const QPlainTextEdit *>(w))
            texts << editor->toPlainText();
        else if (auto *combo = qobject_cast<const QComboBox *>(w))
            texts << combo->currentText();
        else if (auto *bar = qobject_cast<const QStatusBar *>(w))
            texts << bar->currentMessage();
    }
    return texts;
}

} // namespace

/// The run controller against an OpenAI-compatible server on 127.0.0.1 (fake server replaying
/// ../shared fixtures) and against bad targets: errors end up as data in the window.
class TestRunController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void streamsFromLoopbackServer_data();
    void streamsFromLoopbackServer();
    void failuresAreShownAsData_data();
    void failuresAreShownAsData();
    void invalidBaseUrlDoesNotStart();

private:
    void runPrompt(const QString &baseUrl);
    QString readout(Field field) const { return m_window->readoutBar()->text(field); }

    std::unique_ptr<ProviderRegistry> m_providers;
    std::unique_ptr<KeyStore> m_keys;
    std::unique_ptr<MainWindow> m_window;
    QByteArray m_savedKey;
};

void TestRunController::init()
{
    m_savedKey = qgetenv(KeyVar.constData());
    qunsetenv(KeyVar.constData());
    m_providers = std::make_unique<ProviderRegistry>();
    KeyStore::Options memoryOnly; // hermetic: never the developer's own keychain
    memoryOnly.memoryOnly = true;
    m_keys = std::make_unique<KeyStore>(memoryOnly);
    m_window = std::make_unique<MainWindow>(*m_providers, m_keys.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QVERIFY(m_window->targetBar()->setProvider(u"openai"_s));
    QVERIFY(!m_window->outputPane()->isSimulatedBadgeVisible());
}

void TestRunController::cleanup()
{
    m_window.reset();
    m_keys.reset();
    m_providers.reset();
    if (m_savedKey.isNull())
        qunsetenv(KeyVar.constData());
    else
        qputenv(KeyVar.constData(), m_savedKey);
}

void TestRunController::runPrompt(const QString &baseUrl)
{
    m_window->targetBar()->setBaseUrl(baseUrl);
    auto *editor = m_window->findChild<QPlainTextEdit *>(u"userEditor"_s);
    QVERIFY(editor);
    editor->setFocus();
    QTest::keyClicks(editor, u"Say hi"_s);
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
}

void TestRunController::streamsFromLoopbackServer_data()
{
    QTest::addColumn<bool>("withKey");
    QTest::newRow("local server, no key") << false;
    QTest::newRow("key from OPENAI_API_KEY") << true;
}

void TestRunController::streamsFromLoopbackServer()
{
    QFETCH(bool, withKey);
    if (!haveFixtures())
        QSKIP("no ../shared fixtures");
    if (withKey)
        qputenv(KeyVar.constData(), Secret.toUtf8());
    FakeProviderServer server;
    QVERIFY(server.isListening());
    FakeProviderServer::Response response =
        FakeProviderServer::fromFixtureName(u"openai-chat-stream-text-usage.txt"_s);
    response.chunking = FakeProviderServer::Chunking::Random;
    response.chunkSize = 40;
    server.enqueue(response);

    runPrompt(server.baseUrl().toString() + u"/v1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(readout(Field::Status), u"done"_s, RunTimeoutMs);

    const ModelRun *run = m_window->runController()->currentRun();
    QVERIFY(run && !run->text().isEmpty());
    QCOMPARE(m_window->outputPane()->text(), run->text());
    QVERIFY(!m_window->outputPane()->isSimulatedBadgeVisible());
    const RunMetrics &m = run->metrics();
    QVERIFY(m.usage.inputTokens && m.usage.outputTokens);
    QCOMPARE(readout(Field::InputTokens), QString::number(*m.usage.inputTokens));
    QCOMPARE(readout(Field::OutputTokens), QString::number(*m.usage.outputTokens));
    QCOMPARE(readout(Field::Finish), u"stop"_s);
    QVERIFY(readout(Field::Ttft).endsWith(u" ms"_s));

    QCOMPARE(server.requestCount(), 1);
    const auto request = server.requests().first();
    QCOMPARE(request.target, "/v1/chat/completions"_ba);
    QVERIFY(request.body.contains("Say hi"));
    const QByteArray auth = headerValue(request.headers, "Authorization");
    QCOMPARE(auth, withKey ? "Bearer "_ba + Secret.toUtf8() : QByteArray());
    for (const QString &text : visibleTexts(*m_window))
        QVERIFY2(!text.contains(Secret), qPrintable(u"key shown in: "_s + text.left(60)));
}

void TestRunController::failuresAreShownAsData_data()
{
    QTest::addColumn<QString>("fixture"); // empty: no server (connection refused)
    QTest::addColumn<QString>("baseUrl"); // used when fixture is empty
    QTest::addColumn<QString>("errorClass");
    QTest::newRow("400 context length") << u"openai-chat-error-400-context-length.txt"_s << QString()
                                        << u"context-length"_s;
    QTest::newRow("error inside 200 stream") << u"openai-chat-stream-midstream-error.txt"_s
                                             << QString() << u"server"_s;
    QTest::newRow("unreachable host") << QString() << u"http://127.0.0.1:1/v1"_s << u"network"_s;
    QTest::newRow("not an http url") << QString() << u"ftp://127.0.0.1/v1"_s << u"bad-request"_s;
}

void TestRunController::failuresAreShownAsData()
{
    QFETCH(QString, fixture);
    QFETCH(QString, baseUrl);
    QFETCH(QString, errorClass);
    FakeProviderServer server;
    if (!fixture.isEmpty()) {
        if (!haveFixtures())
            QSKIP("no ../shared fixtures");
        server.enqueue(FakeProviderServer::fromFixtureName(fixture));
        baseUrl = server.baseUrl().toString() + u"/v1"_s;
    }
    runPrompt(baseUrl);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->runController()->currentRun()
                                 && !m_window->runController()->isRunning(),
                             RunTimeoutMs);
    QCOMPARE(readout(Field::Status), u"error · "_s + errorClass);
    const QString status = m_window->statusBar()->currentMessage();
    QVERIFY2(status.contains(errorClass), qPrintable(status));
    auto *line = m_window->outputPane()->findChild<QLabel *>(u"errorLine"_s);
    QVERIFY(line && line->isVisible());
    QVERIFY2(line->text().startsWith(errorClass), qPrintable(line->text()));
    QVERIFY(m_window->targetBar()->runAction()->isEnabled()); // ready for the next try
}

void TestRunController::invalidBaseUrlDoesNotStart()
{
    runPrompt(u"not a url"_s);
    QVERIFY(!m_window->runController()->currentRun());
    QVERIFY(m_window->statusBar()->currentMessage().contains(u"Invalid base URL"_s));
    QVERIFY(m_window->targetBar()->runAction()->isEnabled());
}

QTEST_MAIN(TestRunController)
#include "tst_runcontroller.moc"
