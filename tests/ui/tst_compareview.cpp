#include <QAction>
#include <QCheckBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTest>
#include <QTimer>

#include "compare/comparecolumn.h"
#include "compare/comparecontroller.h"
#include "compare/compareview.h"
#include "keys/keystore.h"
#include "mainwindow.h"
#include "prompt/promptpanel.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "run/outputpane.h"
#include "run/readoutbar.h"
#include "run/targetbar.h"
#include "uitestkit.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Field = ReadoutBar::Field;

namespace {

constexpr int RunTimeoutMs = 15000;
const QString FastSimulator = u"simulator://local?ttft_ms=20&tokens_per_s=400&tokens=30"_s;
const QString SlowSimulator = u"simulator://local?ttft_ms=20&tokens_per_s=5&tokens=400"_s;

/// "3 · simulator · sim-fast" → 3
int titleNumber(const CompareColumn *column)
{
    return column->title().section(u" · "_s, 0, 0).toInt();
}

} // namespace

/// The compare view's column list (add, duplicate, remove, move, limits, titles) and its keyboard,
/// driven through the main window as a user would.
class TestCompareView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void startsWithOneSimulatorColumn();
    void addAndRemoveRespectTheLimits();
    void duplicateCopiesTheTarget();
    void moveKeepsTitlesAndIds();
    void columnButtonsAreWired();
    void ctrlEnterRunsAllAndEscStops();
    void emptyPromptDoesNotRun();
    void invalidBudgetDoesNotRun();
    void retriesDialogSetsThePolicy();

private:
    CompareView *view() const { return m_fixture.window->compareView(); }
    void typePrompt(const QString &text);

    Crucible::Test::MainWindowFixture m_fixture;
};

void TestCompareView::init()
{
    QVERIFY(m_fixture.open());
}

void TestCompareView::cleanup()
{
    m_fixture.close();
}

void TestCompareView::typePrompt(const QString &text)
{
    QPlainTextEdit *editor = m_fixture.window->promptPanel()->userEditor();
    editor->setFocus();
    QTest::keyClicks(editor, text);
}

void TestCompareView::startsWithOneSimulatorColumn()
{
    QCOMPARE(view()->columnCount(), 1);
    CompareColumn *first = view()->column(0);
    QVERIFY(first);
    QCOMPARE(m_fixture.window->targetBar(), first->target());
    QCOMPARE(first->target()->provider()->id(), u"simulator"_s);
    QVERIFY(first->title().startsWith(u"1 · simulator · "_s));
    QVERIFY(m_fixture.window->outputPane()->isSimulatedBadgeVisible());
    QVERIFY(view()->runAllAction()->isEnabled());
    QVERIFY(!view()->stopAllAction()->isEnabled());
    QCOMPARE(view()->resultTabs()->count(), 3);
    QCOMPARE(view()->repeatsBox()->minimum(), 1);
    QCOMPARE(view()->repeatsBox()->maximum(), 50);
    QVERIFY(first->minimumWidth() >= 320);
}

void TestCompareView::addAndRemoveRespectTheLimits()
{
    QSignalSpy changed(view(), &CompareView::columnsChanged);
    for (int n = 2; n <= CompareView::MaxColumns; ++n) {
        QVERIFY(view()->addColumn());
        QCOMPARE(view()->columnCount(), n);
    }
    QCOMPARE(changed.count(), CompareView::MaxColumns - 1);
    QVERIFY(!view()->addColumnAction()->isEnabled());
    QVERIFY(!view()->addColumn()); // the 13th
    QVERIFY(!view()->duplicateColumn(0));
    QCOMPARE(view()->columnCount(), CompareView::MaxColumns);
    for (int i = 0; i < view()->columnCount(); ++i) {
        QCOMPARE(view()->column(i)->index(), i);
        QCOMPARE(titleNumber(view()->column(i)), i + 1);
    }
    // Ctrl+Shift+N is refused at the limit too.
    QTest::keyClick(m_fixture.window.get(), Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(view()->columnCount(), CompareView::MaxColumns);

    // Removing from the middle renumbers the rest.
    CompareColumn *third = view()->column(2);
    QVERIFY(view()->removeColumn(1));
    QCOMPARE(view()->column(1), third);
    QCOMPARE(titleNumber(third), 2);
    QVERIFY(view()->addColumnAction()->isEnabled());
    while (view()->columnCount() > 1)
        QVERIFY(view()->removeColumn(view()->columnCount() - 1));
    QVERIFY(!view()->removeColumn(0)); // the last column stays
    QVERIFY(!view()->removeColumn(5)); // out of range
    QCOMPARE(view()->columnCount(), 1);

    QTest::keyClick(m_fixture.window.get(), Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(view()->columnCount(), 2);
    QCOMPARE(view()->column(1)->target()->provider()->id(), u"simulator"_s); // a new column copies nothing
}

void TestCompareView::duplicateCopiesTheTarget()
{
    CompareColumn *source = view()->column(0);
    source->target()->setModel(u"sim-slow"_s);
    source->target()->setBaseUrl(FastSimulator);
    source->setPromptVariant(u"own question"_s);
    view()->addColumn();
    CompareColumn *copy = view()->duplicateColumn(0);
    QVERIFY(copy);
    QCOMPARE(view()->columnCount(), 3);
    QCOMPARE(view()->column(1), copy); // right after its source
    QCOMPARE(copy->target()->provider()->id(), u"simulator"_s);
    QCOMPARE(copy->target()->model(), u"sim-slow"_s);
    QCOMPARE(copy->target()->baseUrl(), FastSimulator);
    QCOMPARE(copy->promptVariant(), std::optional<QString>(u"own question"_s));
    QCOMPARE(copy->title(), u"2 · simulator · sim-slow"_s);
    QCOMPARE(titleNumber(view()->column(2)), 3);
    QVERIFY(CompareController::columnId(copy) != CompareController::columnId(source));

    // The menu's Duplicate column copies the last one.
    view()->duplicateColumnAction()->trigger();
    QCOMPARE(view()->columnCount(), 4);
    QCOMPARE(view()->column(3)->target()->model(), view()->column(2)->target()->model());
}

void TestCompareView::moveKeepsTitlesAndIds()
{
    view()->addColumn();
    view()->addColumn();
    CompareColumn *a = view()->column(0);
    CompareColumn *b = view()->column(1);
    CompareColumn *c = view()->column(2);
    a->target()->setModel(u"model-a"_s);
    c->target()->setModel(u"model-c"_s);
    const QString idA = CompareController::columnId(a);
    QVERIFY(view()->moveColumn(0, 2));
    QCOMPARE(view()->columns(), (QList<CompareColumn *>{b, c, a}));
    QCOMPARE(a->index(), 2);
    QCOMPARE(a->title(), u"3 · simulator · model-a"_s);
    QCOMPARE(c->title(), u"2 · simulator · model-c"_s);
    QCOMPARE(CompareController::columnId(a), idA); // outcomes stay with the column
    QVERIFY(!view()->moveColumn(2, 3));
    QVERIFY(!view()->moveColumn(-1, 0));
    QVERIFY(!view()->moveColumn(1, 1));
    QCOMPARE(view()->columns(), (QList<CompareColumn *>{b, c, a}));
}

void TestCompareView::columnButtonsAreWired()
{
    view()->addColumn();
    CompareColumn *a = view()->column(0);
    CompareColumn *b = view()->column(1);
    Q_EMIT a->moveRightRequested();
    QCOMPARE(view()->columns(), (QList<CompareColumn *>{b, a}));
    Q_EMIT a->moveLeftRequested();
    QCOMPARE(view()->columns(), (QList<CompareColumn *>{a, b}));
    Q_EMIT a->moveLeftRequested(); // already first: nothing happens
    QCOMPARE(view()->columns(), (QList<CompareColumn *>{a, b}));
    Q_EMIT b->duplicateRequested();
    QCOMPARE(view()->columnCount(), 3);
    Q_EMIT b->removeRequested();
    QCOMPARE(view()->columnCount(), 2);
    QVERIFY(!view()->columns().contains(b));
    QCOMPARE(view()->column(1)->index(), 1);
}

void TestCompareView::ctrlEnterRunsAllAndEscStops()
{
    view()->column(0)->target()->setBaseUrl(FastSimulator);
    CompareColumn *slow = view()->addColumn();
    slow->target()->setBaseUrl(SlowSimulator);
    typePrompt(u"Name three uses of a crucible."_s);
    QSignalSpy finished(view()->controller(), &CompareController::runFinished);

    QTest::keyClick(m_fixture.window->promptPanel()->userEditor(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(view()->controller()->isRunning());
    QVERIFY(!view()->runAllAction()->isEnabled());
    QVERIFY(view()->stopAllAction()->isEnabled());
    QCOMPARE(m_fixture.window->promptPanel()->userText(), u"Name three uses of a crucible."_s); // no stray newline

    // The fast column finishes while the slow one streams; then Esc stops the slow one only.
    QTRY_COMPARE_WITH_TIMEOUT(view()->controller()->outcomes(view()->column(0)).size(), 1, RunTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!slow->output()->text().isEmpty(), RunTimeoutMs);
    QCOMPARE(slow->readout()->text(Field::Status), u"streaming"_s);
    QTest::keyClick(m_fixture.window->promptPanel()->userEditor(), Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, RunTimeoutMs);

    const RunOutcome fast = view()->controller()->outcomes(view()->column(0)).value(0);
    QCOMPARE(fast.status, RunOutcome::Status::Ok);
    QCOMPARE(view()->column(0)->output()->text(), fast.text);
    QCOMPARE(view()->column(0)->readout()->text(Field::Status), u"done"_s);
    const QList<RunOutcome> stopped = view()->controller()->outcomes(slow);
    QCOMPARE(stopped.size(), 1);
    QCOMPARE(stopped.first().status, RunOutcome::Status::Cancelled);
    QCOMPARE(slow->output()->text(), stopped.first().text); // the partial reply stays
    QVERIFY(slow->readout()->text(Field::Status).contains(u"cancelled"_s));
    const QString status = m_fixture.window->statusBar()->currentMessage();
    QVERIFY2(status.contains(u"1 ok"_s) && status.contains(u"1 cancelled"_s), qPrintable(status));
    QVERIFY(view()->runAllAction()->isEnabled());
    QVERIFY(!view()->stopAllAction()->isEnabled());

    // Keypad Enter works too.
    QTest::keyClick(m_fixture.window->promptPanel()->userEditor(), Qt::Key_Enter, Qt::ControlModifier);
    QVERIFY(view()->controller()->isRunning());
    view()->stopAllAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, RunTimeoutMs);
}

void TestCompareView::emptyPromptDoesNotRun()
{
    QTest::keyClick(m_fixture.window->promptPanel()->userEditor(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(!view()->controller()->isRunning());
    QVERIFY(m_fixture.window->statusBar()->currentMessage().contains(u"message"_s));
    QCOMPARE(m_fixture.window->readoutBar()->text(Field::Status), u"idle"_s);
    QVERIFY(view()->controller()->outcomes(view()->column(0)).isEmpty());
}

void TestCompareView::invalidBudgetDoesNotRun()
{
    view()->column(0)->target()->setBaseUrl(FastSimulator);
    typePrompt(u"hello"_s);
    QTest::keyClicks(view()->budgetField(), u"lots"_s);
    view()->runAllAction()->trigger();
    QVERIFY(!view()->controller()->isRunning());
    QVERIFY(m_fixture.window->statusBar()->currentMessage().contains(u"budget"_s));
    view()->budgetField()->clear();
    QVERIFY(view()->controller()->runAll());
    QTRY_VERIFY_WITH_TIMEOUT(!view()->controller()->isRunning(), RunTimeoutMs);
}

void TestCompareView::retriesDialogSetsThePolicy()
{
    bool edited = false;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = view()->findChild<QDialog *>(u"retryDialog"_s);
        QVERIFY(dialog);
        dialog->findChild<QSpinBox *>(u"maxRetriesSpin"_s)->setValue(4);
        dialog->findChild<QSpinBox *>(u"baseDelaySpin"_s)->setValue(250);
        dialog->findChild<QSpinBox *>(u"maxDelaySpin"_s)->setValue(8000);
        dialog->findChild<QCheckBox *>(u"honourRetryAfterCheck"_s)->setChecked(false);
        dialog->accept();
        edited = true;
    });
    QTest::mouseClick(view()->retriesButton(), Qt::LeftButton);
    QVERIFY(edited);
    const RetryPolicy &applied = view()->controller()->coordinator()->retryPolicy();
    QCOMPARE(applied.maxRetries, 4);
    QCOMPARE(applied.baseDelayMs, 250);
    QCOMPARE(applied.maxDelayMs, 8000);
    QVERIFY(!applied.honourRetryAfter);
    QCOMPARE(view()->retryPolicy().maxRetries, 4);
    QCOMPARE(view()->retriesButton()->toolTip(), applied.describe());
}

QTEST_MAIN(TestCompareView)
#include "tst_compareview.moc"
