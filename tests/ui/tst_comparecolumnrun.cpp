#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <QTextDocument>
#include <QToolButton>

#include "compare/comparecolumn.h"
#include "providers/chatrequest.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "providers/streamevent.h"
#include "run/outputpane.h"
#include "run/paramsbar.h"
#include "run/readoutbar.h"
#include "run/targetbar.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

/// One compare column while CompareController drives it: 30 ms batching of answer and reasoning,
/// the attempt status line (queue, retry countdown, budget skip), the readout numbers and errors
/// kept to their own column. No catalog: every model counts as known, default params.
class TestCompareColumnRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void textAndReasoningAreBatched();
    void flushMovesEverythingAtOnce();
    void resetForRunClearsTheRun();
    void retryCountdownTicksEverySecond();
    void queuedThenRunningShowsTheRepeat();
    void budgetSkipIsShown();
    void metricsShowHandComputedNumbers();
    void errorStaysInItsColumn();

private:
    std::unique_ptr<ProviderRegistry> m_providers;
    std::unique_ptr<CompareColumn> m_column;
};

void TestCompareColumnRun::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestCompareColumnRun::init()
{
    m_providers = std::make_unique<ProviderRegistry>();
    m_column = std::make_unique<CompareColumn>(*m_providers, nullptr);
    QVERIFY(m_column->target()->setProvider(u"simulator"_s));
    m_column->target()->setModel(u"sim-fast"_s);
}

void TestCompareColumnRun::cleanup()
{
    m_column.reset();
    m_providers.reset();
}

void TestCompareColumnRun::textAndReasoningAreBatched()
{
    m_column->resetForRun(true);
    QSignalSpy answerEdits(m_column->output()->view()->document(), &QTextDocument::contentsChange);
    QString expectedReasoning;
    for (int i = 0; i < 200; ++i) {
        m_column->appendText(u"tok%1 "_s.arg(i));
        m_column->appendReasoning(u"r%1,"_s.arg(i));
        expectedReasoning += u"r%1,"_s.arg(i);
    }
    // Nothing reaches the views before the 30 ms timer fires (no event loop has run yet).
    QCOMPARE(m_column->output()->text(), QString());
    QCOMPARE(m_column->reasoningText(), QString());
    QCOMPARE(m_column->reasoningHeader(), u"Reasoning (0 chars)"_s);
    QCOMPARE(answerEdits.count(), 0);

    QTRY_COMPARE(m_column->reasoningText(), expectedReasoning);
    QTRY_VERIFY(m_column->output()->text().startsWith(u"tok0 tok1 "_s));
    QVERIFY(m_column->output()->text().endsWith(u"tok199 "_s));
    QVERIFY2(answerEdits.count() <= 3, qPrintable(u"%1 document changes"_s.arg(answerEdits.count())));
    QCOMPARE(m_column->reasoningHeader(),
             u"Reasoning (%1 chars)"_s.arg(QLocale().toString(expectedReasoning.size())));
    QVERIFY(!m_column->isReasoningExpanded()); // collapsed by default
}

void TestCompareColumnRun::flushMovesEverythingAtOnce()
{
    m_column->appendText(u"Hello"_s);
    m_column->appendReasoning(u"Think"_s);
    m_column->appendReasoning(u"ing."_s);
    m_column->flush();
    QCOMPARE(m_column->output()->text(), u"Hello"_s);
    QCOMPARE(m_column->reasoningText(), u"Thinking."_s);
    QCOMPARE(m_column->reasoningHeader(), u"Reasoning (9 chars)"_s);

    m_column->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_column.get()));
    auto *view = m_column->findChild<QPlainTextEdit *>(u"reasoningView"_s);
    QVERIFY(!view->isVisible());
    m_column->findChild<QToolButton *>(u"reasoningToggle"_s)->click();
    QVERIFY(m_column->isReasoningExpanded());
    QVERIFY(view->isVisible());
    m_column->setReasoningExpanded(false);
    QVERIFY(!view->isVisible());
}

void TestCompareColumnRun::resetForRunClearsTheRun()
{
    m_column->appendText(u"old"_s);
    m_column->appendReasoning(u"old thoughts"_s);
    m_column->flush();
    m_column->appendReasoning(u"pending"_s);
    RunMetrics done;
    done.phase = RunMetrics::Phase::Done;
    done.finishReason = u"stop"_s;
    m_column->setMetrics(done);
    m_column->setBudgetSkipped(u"budget"_s);

    m_column->resetForRun(false);
    QCOMPARE(m_column->output()->text(), QString());
    QCOMPARE(m_column->reasoningText(), QString());
    QCOMPARE(m_column->reasoningHeader(), u"Reasoning (0 chars)"_s);
    QCOMPARE(m_column->statusLine(), QString());
    QCOMPARE(m_column->detailsLine(), QString());
    QCOMPARE(m_column->readout()->text(ReadoutBar::Field::Status), u"idle"_s);
    QVERIFY(!m_column->output()->isSimulatedBadgeVisible());
    QTest::qWait(OutputPane::FlushIntervalMs * 3); // the pending reasoning was dropped, not delayed
    QCOMPARE(m_column->reasoningText(), QString());
}

void TestCompareColumnRun::retryCountdownTicksEverySecond()
{
    ProviderError cause;
    cause.errorClass = ErrorClass::RateLimit;
    cause.httpStatus = 429;
    cause.message = u"Too many requests"_s;
    m_column->setRetrying(3000, 2, 3, cause);
    QCOMPARE(m_column->statusLine(), u"retrying in 3 s (attempt 2 of 3) · rate-limit"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_column->statusLine(), u"retrying in 2 s (attempt 2 of 3) · rate-limit"_s, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_column->statusLine(), u"retrying in 1 s (attempt 2 of 3) · rate-limit"_s, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_column->statusLine(), u"retrying now (attempt 2 of 3) · rate-limit"_s, 5000);
    RunMetrics waiting;
    waiting.phase = RunMetrics::Phase::Waiting;
    m_column->setMetrics(waiting); // the retry is out
    QCOMPARE(m_column->statusLine(), QString());

    // The retried request starts: the countdown line goes away.
    m_column->setRetrying(60'000, 3, 3, cause);
    QVERIFY(m_column->statusLine().startsWith(u"retrying in 60 s (attempt 3 of 3)"_s));
    RunMetrics connecting;
    connecting.phase = RunMetrics::Phase::Connecting;
    m_column->setMetrics(connecting);
    QCOMPARE(m_column->statusLine(), QString());
}

void TestCompareColumnRun::queuedThenRunningShowsTheRepeat()
{
    m_column->setQueued(2, 5);
    QCOMPARE(m_column->statusLine(), u"queued · repeat 2 of 5"_s);
    RunMetrics streaming;
    streaming.phase = RunMetrics::Phase::Streaming;
    m_column->setMetrics(streaming);
    QCOMPARE(m_column->statusLine(), u"repeat 2 of 5"_s);

    m_column->setQueued(1, 1);
    QCOMPARE(m_column->statusLine(), u"queued"_s);
    m_column->setMetrics(streaming);
    QCOMPARE(m_column->statusLine(), QString());
}

void TestCompareColumnRun::budgetSkipIsShown()
{
    m_column->setBudgetSkipped(u"budget $0.05 reached"_s);
    QCOMPARE(m_column->statusLine(), u"not sent: budget $0.05 reached"_s);
}

void TestCompareColumnRun::metricsShowHandComputedNumbers()
{
    CostEstimate estimate;
    estimate.inputTokens = 84;
    estimate.inputExact = true;
    estimate.tokenizer = u"o200k_base"_s;
    estimate.maxOutputTokens = 1000;
    estimate.minMicroUsd = 210;
    estimate.maxMicroUsd = 10'210;
    m_column->setEstimate(estimate, false);
    QCOMPARE(m_column->readout()->text(ReadoutBar::Field::Cost), u"est. ≤$0.0102"_s);

    const std::int64_t sent = 5'000'000'000;
    RunMetrics m;
    m.phase = RunMetrics::Phase::Done;
    m.sentNs = sent;
    m.firstTextNs = sent + 412'000'000;           // TTFT 412 ms
    m.lastTokenNs = m.firstTextNs + 4'790'000'000; // 479 gaps over 4.79 s → 100.0 tok/s
    m.endNs = sent + 5'300'000'000;               // elapsed 5.30 s
    m.usage.inputTokens = 84;
    m.usage.cachedInputTokens = 20;
    m.usage.outputTokens = 480;
    m.usage.reasoningTokens = 120;
    m.costMicroUsd = 2223;
    m.priced = true;
    m.finishReason = u"stop"_s;
    m.requestId = u"req_0001"_s;
    m_column->setMetrics(m);

    const ReadoutBar *r = m_column->readout();
    QCOMPARE(r->text(ReadoutBar::Field::Status), u"done"_s);
    QCOMPARE(r->text(ReadoutBar::Field::Ttft), u"412 ms"_s);
    QCOMPARE(r->text(ReadoutBar::Field::TokenRate), u"100.0 tok/s"_s);
    QCOMPARE(r->text(ReadoutBar::Field::Elapsed), u"5.30 s"_s);
    QCOMPARE(r->text(ReadoutBar::Field::InputTokens), u"84 (20 cached)"_s);
    QCOMPARE(r->text(ReadoutBar::Field::OutputTokens), u"480 (120 reasoning)"_s);
    QCOMPARE(r->text(ReadoutBar::Field::Cost), u"est. ≤$0.0102 → $0.002223"_s);
    QCOMPARE(r->text(ReadoutBar::Field::Finish), u"stop"_s);
    QCOMPARE(m_column->detailsLine(), u"finish: stop · request id: req_0001"_s);

    // Live: the rate comes from deltas and is marked as estimated.
    RunMetrics live;
    live.phase = RunMetrics::Phase::Streaming;
    live.sentNs = sent;
    live.firstTextNs = sent + 100'000'000;
    live.lastTokenNs = live.firstTextNs + 2'000'000'000; // 41 deltas: 40 gaps over 2 s → 20 tok/s
    live.textDeltas = 41;
    m_column->setMetrics(live);
    QCOMPARE(r->text(ReadoutBar::Field::TokenRate), u"≈ 20.0 tok/s"_s);
    QCOMPARE(r->text(ReadoutBar::Field::Status), u"streaming"_s);
    QCOMPARE(r->text(ReadoutBar::Field::Cost), u"est. ≤$0.0102"_s); // no actual while running
    QCOMPARE(m_column->detailsLine(), QString());
}

void TestCompareColumnRun::errorStaysInItsColumn()
{
    CompareColumn other(*m_providers, nullptr);
    ProviderError error;
    error.errorClass = ErrorClass::RateLimit;
    error.httpStatus = 429;
    error.message = u"Too many requests"_s;
    m_column->appendText(u"partial"_s);
    m_column->showError(error);

    auto *line = m_column->output()->findChild<QLabel *>(u"errorLine"_s);
    auto *otherLine = other.output()->findChild<QLabel *>(u"errorLine"_s);
    QVERIFY(line && otherLine);
    QVERIFY(line->isVisibleTo(m_column.get()));
    QCOMPARE(line->text(), u"rate-limit (HTTP 429): Too many requests"_s);
    QCOMPARE(m_column->output()->text(), u"partial"_s); // flushed before the error line
    QVERIFY(!otherLine->isVisibleTo(&other));
    QCOMPARE(otherLine->text(), QString());

    RunMetrics failed;
    failed.phase = RunMetrics::Phase::Error;
    m_column->setMetrics(failed);
    other.setMetrics(failed);
    QCOMPARE(m_column->readout()->text(ReadoutBar::Field::Status), u"error · rate-limit"_s);
    QCOMPARE(other.readout()->text(ReadoutBar::Field::Status), u"error"_s);
}

QTEST_MAIN(TestCompareColumnRun)
#include "tst_comparecolumnrun.moc"
