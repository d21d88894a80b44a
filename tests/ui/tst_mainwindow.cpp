#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

#include "common/clock.h"
#include "compare/comparecolumn.h"
#include "compare/comparecontroller.h"
#include "compare/compareview.h"
#include "engine/modelrun.h"
#include "keys/keystore.h"
#include "mainwindow.h"
#include "pricing/pricetable.h"
#include "prompt/promptpanel.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "run/outputpane.h"
#include "run/readoutbar.h"
#include "run/targetbar.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Field = ReadoutBar::Field;

namespace {

constexpr int RunTimeoutMs = 15000;
const QString FastSimulator = u"simulator://local?ttft_ms=20&tokens_per_s=400&tokens=60"_s;
const QString SlowSimulator = u"simulator://local?ttft_ms=20&tokens_per_s=5&tokens=400"_s;

} // namespace

/// Drives the window as a user would: types, presses Ctrl+Return / Esc, reads the readouts.
class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void simulatorIsTheDefault();
    void runShowsReplyAndReadouts();
    void escapeCancelsASlowRun();
    void errorsAreShownAsData_data();
    void errorsAreShownAsData();
    void emptyPromptDoesNotRun();

private:
    QPlainTextEdit *typePrompt(const QString &text);
    QString statusBarText() const { return m_window->statusBar()->currentMessage(); }
    QString readout(Field field) const { return m_window->readoutBar()->text(field); }

    std::unique_ptr<ProviderRegistry> m_providers;
    std::unique_ptr<KeyStore> m_keys;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::init()
{
    m_providers = std::make_unique<ProviderRegistry>();
    KeyStore::Options memoryOnly; // hermetic: never the developer's own keychain
    memoryOnly.memoryOnly = true;
    m_keys = std::make_unique<KeyStore>(memoryOnly);
    m_window = std::make_unique<MainWindow>(*m_providers, m_keys.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_keys.reset();
    m_providers.reset();
}

QPlainTextEdit *TestMainWindow::typePrompt(const QString &text)
{
    auto *editor = m_window->findChild<QPlainTextEdit *>(u"userEditor"_s);
    if (!editor)
        return nullptr;
    editor->setFocus();
    QTest::keyClicks(editor, text);
    return editor;
}

void TestMainWindow::simulatorIsTheDefault()
{
    QCOMPARE(m_window->windowTitle(), u"Crucible"_s);
    const Provider *provider = m_window->targetBar()->provider();
    QVERIFY(provider);
    QCOMPARE(provider->id(), u"simulator"_s);
    QVERIFY(provider->isSimulated());
    QVERIFY(!m_window->targetBar()->model().isEmpty());
    QVERIFY(m_window->outputPane()->isSimulatedBadgeVisible());
    QVERIFY(m_window->compareView()->runAllAction()->isEnabled());
    QVERIFY(!m_window->compareView()->stopAllAction()->isEnabled());
    // The prompt left, the compare view right; the Run menu carries the view's actions.
    QCOMPARE(m_window->compareView()->columnCount(), 1);
    QVERIFY(m_window->compareView()->isVisible());
    QVERIFY(m_window->promptPanel()->x() < m_window->compareView()->x());
    QMenu *run = nullptr;
    for (QAction *action : m_window->menuBar()->actions()) {
        if (action->text() == u"&Run"_s)
            run = action->menu();
    }
    QVERIFY(run);
    QVERIFY(run->actions().contains(m_window->compareView()->runAllAction()));
    QVERIFY(run->actions().contains(m_window->compareView()->stopAllAction()));
    QVERIFY(run->actions().contains(m_window->compareView()->addColumnAction()));
    QVERIFY(run->actions().contains(m_window->compareView()->duplicateColumnAction()));
}

void TestMainWindow::runShowsReplyAndReadouts()
{
    m_window->targetBar()->setBaseUrl(FastSimulator);
    QPlainTextEdit *editor = typePrompt(u"Name three uses of a crucible."_s);
    QVERIFY(editor);
    QCOMPARE(m_window->promptPanel()->userText(), u"Name three uses of a crucible."_s);
    CompareController *controller = m_window->compareController();
    QSignalSpy finished(controller, &CompareController::runFinished);

    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(controller->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, RunTimeoutMs);
    QCOMPARE(readout(Field::Status), u"done"_s);
    QVERIFY(statusBarText().contains(u"Done"_s));
    QVERIFY(m_window->compareView()->runAllAction()->isEnabled());

    const QList<RunOutcome> outcomes = controller->outcomes(m_window->compareView()->column(0));
    QCOMPARE(outcomes.size(), 1);
    const RunOutcome &outcome = outcomes.first();
    QCOMPARE(outcome.status, RunOutcome::Status::Ok);
    QVERIFY(!outcome.text.isEmpty());
    QCOMPARE(m_window->outputPane()->text(), outcome.text);
    QCOMPARE(m_window->promptPanel()->userText(), u"Name three uses of a crucible."_s); // no stray newline
    QVERIFY(m_window->outputPane()->isSimulatedBadgeVisible());

    const RunMetrics &m = outcome.metrics;
    QVERIFY(m.ttftMs());
    QCOMPARE(readout(Field::Ttft), u"%1 ms"_s.arg(*m.ttftMs(), 0, 'f', 0));
    const std::optional<double> rate = m.outputTokensPerSecond(m.endNs);
    QVERIFY(rate);
    QVERIFY(!m.isTokenRateEstimated());
    QCOMPARE(readout(Field::TokenRate), u"%1 tok/s"_s.arg(*rate, 0, 'f', 1)); // final: no "≈"
    QVERIFY(readout(Field::Elapsed).endsWith(u" s"_s));
    QVERIFY(m.usage.inputTokens && m.usage.outputTokens);
    QVERIFY(readout(Field::InputTokens).startsWith(QString::number(*m.usage.inputTokens)));
    QCOMPARE(readout(Field::OutputTokens).section(u' ', 0, 0), QString::number(*m.usage.outputTokens));
    QVERIFY(m.costMicroUsd);
    // The estimate made before the run stays beside the actual: "est. ≤$… → $…".
    QVERIFY2(readout(Field::Cost).startsWith(u"est. ≤$"_s), qPrintable(readout(Field::Cost)));
    QVERIFY2(readout(Field::Cost).endsWith(u" → "_s + formatUsd(*m.costMicroUsd)), qPrintable(readout(Field::Cost)));
    QCOMPARE(readout(Field::Finish), m.finishReason);
    QVERIFY(!m.finishReason.isEmpty());
}

void TestMainWindow::escapeCancelsASlowRun()
{
    m_window->targetBar()->setBaseUrl(SlowSimulator);
    QPlainTextEdit *editor = typePrompt(u"Write a long essay."_s);
    QVERIFY(editor);
    CompareController *controller = m_window->compareController();
    QSignalSpy finished(controller, &CompareController::runFinished);
    QTest::keyClick(editor, Qt::Key_Enter, Qt::ControlModifier); // keypad Enter works too
    QVERIFY(controller->isRunning());
    QVERIFY(m_window->compareView()->stopAllAction()->isEnabled());
    QVERIFY(!m_window->compareView()->runAllAction()->isEnabled());

    // Live numbers while streaming: the rate is an estimate until usage arrives.
    QTRY_VERIFY_WITH_TIMEOUT(readout(Field::TokenRate).startsWith(u"≈"_s), RunTimeoutMs);
    QCOMPARE(readout(Field::Status), u"streaming"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->outputPane()->text().isEmpty(), RunTimeoutMs);

    QTest::keyClick(editor, Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, RunTimeoutMs);
    const QList<RunOutcome> outcomes = controller->outcomes(m_window->compareView()->column(0));
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.first().status, RunOutcome::Status::Cancelled);
    QVERIFY(readout(Field::Status).contains(u"cancelled"_s));
    QVERIFY2(statusBarText().contains(u"cancelled"_s, Qt::CaseInsensitive), qPrintable(statusBarText()));
    QCOMPARE(m_window->outputPane()->text(), outcomes.first().text); // the partial reply stays
    QVERIFY(m_window->compareView()->runAllAction()->isEnabled());
    QVERIFY(!m_window->compareView()->stopAllAction()->isEnabled());
}

void TestMainWindow::errorsAreShownAsData_data()
{
    QTest::addColumn<QString>("failClass");
    QTest::newRow("rate limit before first token") << u"rate-limit"_s;
    QTest::newRow("server error mid-stream") << u"server"_s;
    QTest::newRow("auth") << u"auth"_s;
}

void TestMainWindow::errorsAreShownAsData()
{
    QFETCH(QString, failClass);
    RetryPolicy noRetries; // a rate limit would be retried otherwise
    noRetries.maxRetries = 0;
    m_window->compareView()->setRetryPolicy(noRetries);
    m_window->targetBar()->setBaseUrl(FastSimulator + u"&fail="_s + failClass);
    QPlainTextEdit *editor = typePrompt(u"hello"_s);
    QVERIFY(editor);
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->compareController()->isRunning(), RunTimeoutMs);
    QCOMPARE(readout(Field::Status), u"error · "_s + failClass);
    QVERIFY2(statusBarText().contains(failClass), qPrintable(statusBarText()));
    auto *line = m_window->outputPane()->findChild<QLabel *>(u"errorLine"_s);
    QVERIFY(line && line->isVisible());
    QVERIFY(line->text().startsWith(failClass));
    QVERIFY(!m_window->findChild<QWidget *>(u"qt_msgbox_label"_s)); // no modal dialog
}

void TestMainWindow::emptyPromptDoesNotRun()
{
    auto *editor = m_window->findChild<QPlainTextEdit *>(u"userEditor"_s);
    QVERIFY(editor);
    editor->setFocus();
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(!m_window->compareController()->isRunning());
    QVERIFY(statusBarText().contains(u"message"_s));
    QCOMPARE(readout(Field::Status), u"idle"_s);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
