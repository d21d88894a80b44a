#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTest>

#include "compare/comparecolumn.h"
#include "compare/comparecontroller.h"
#include "compare/compareview.h"
#include "compare/diffpanel.h"
#include "compare/summarytable.h"
#include "engine/modelrun.h"
#include "keys/keystore.h"
#include "mainwindow.h"
#include "prompt/promptpanel.h"
#include "providers/providerregistry.h"
#include "run/targetbar.h"
#include "uitestkit.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

constexpr int RunTimeoutMs = 20000;
const QString FastSimulator = u"simulator://local?ttft_ms=10&tokens_per_s=1000&tokens=30"_s;
/// Longer than any max tokens used here: the reply is cut at the request's max, so the actual
/// output count is known before the run.
const QString LongSimulator = u"simulator://local?ttft_ms=10&tokens_per_s=2000&tokens=300"_s;

} // namespace

/// Repeats (statistics from the outcomes, repeat-major order) and the budget cap, on the Simulator.
class TestCompareControllerStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void repeatsGiveStatisticsPerColumn();
    void budgetCapSendsExactlyWhatFits();

private:
    CompareView *view() const { return m_fixture.window->compareView(); }
    CompareController *controller() const { return view()->controller(); }
    void runAndWait();

    Crucible::Test::MainWindowFixture m_fixture;
};

void TestCompareControllerStats::init()
{
    QVERIFY(m_fixture.open());
}

void TestCompareControllerStats::cleanup()
{
    m_fixture.close();
}

void TestCompareControllerStats::runAndWait()
{
    QSignalSpy finished(controller(), &CompareController::runFinished);
    view()->runAllAction()->trigger();
    QVERIFY(controller()->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, RunTimeoutMs);
}

void TestCompareControllerStats::repeatsGiveStatisticsPerColumn()
{
    // "user: Say hi\n" is 5 Simulator tokens: "user" ":" " Say" " hi" "\n".
    m_fixture.window->promptPanel()->setUserText(u"Say hi"_s);
    view()->column(0)->target()->setModel(u"sim-a"_s);
    view()->column(0)->target()->setBaseUrl(FastSimulator);
    CompareColumn *second = view()->addColumn();
    second->target()->setModel(u"sim-b"_s);
    second->target()->setBaseUrl(FastSimulator);
    view()->repeatsBox()->setValue(3);
    QCOMPARE(controller()->repeats(), 3);

    QList<int> startOrder;
    connect(controller()->coordinator(), &RunCoordinator::attemptStarted, this,
            [&](int jobId, int, ModelRun *) { startOrder.append(jobId); });
    QSignalSpy summaryChanged(controller(), &CompareController::summaryChanged);
    runAndWait();
    QVERIFY(summaryChanged.count() >= 1);

    // Repeat-major: both columns' first repeat, then both second ones, then the third.
    QHash<int, JobResult> byId;
    for (const JobResult &result : controller()->coordinator()->results())
        byId.insert(result.jobId, result);
    QCOMPARE(byId.size(), 6);
    QCOMPARE(startOrder.size(), 6);
    const QString first = CompareController::columnId(view()->column(0));
    const QString other = CompareController::columnId(second);
    for (int i = 0; i < 6; ++i) {
        QCOMPARE(byId.value(startOrder.at(i)).repeat, i / 2);
        QCOMPARE(byId.value(startOrder.at(i)).targetKey, i % 2 == 0 ? first : other);
    }

    const QList<ColumnSummary> summaries = controller()->summaries();
    QCOMPARE(summaries.size(), 2);
    for (int c = 0; c < 2; ++c) {
        const QList<RunOutcome> outcomes = controller()->outcomes(view()->column(c));
        const ColumnSummary &s = summaries.at(c);
        QCOMPARE(outcomes.size(), 3);
        QCOMPARE(s.targetKey, CompareController::columnId(view()->column(c)));
        QCOMPARE(s.label, view()->column(c)->title());
        QCOMPARE(s.runs, 3);
        QCOMPARE(s.okRuns, 3);
        QCOMPARE(s.errorRuns, 0);
        // Identical %: how many Ok texts equal the most common one, by hand.
        QHash<QString, int> counts;
        std::int64_t cost = 0;
        std::int64_t output = 0;
        for (const RunOutcome &o : outcomes) {
            QCOMPARE(o.status, RunOutcome::Status::Ok);
            ++counts[o.text];
            QVERIFY(o.metrics.costMicroUsd);
            cost += *o.metrics.costMicroUsd;
            QCOMPARE(o.metrics.usage.inputTokens, std::optional<std::int64_t>(5));
            output += o.metrics.usage.outputTokens.value_or(0);
        }
        int modal = 0;
        for (int n : std::as_const(counts))
            modal = std::max(modal, n);
        QVERIFY(s.identicalPct);
        QCOMPARE(*s.identicalPct, 100.0 * modal / 3);
        QCOMPARE(s.totalCostMicroUsd, cost);
        QCOMPARE(s.inputTokens, 15);
        QCOMPARE(s.outputTokens, output);
        QVERIFY(s.ttftMs && s.totalMs);
        QCOMPARE(s.ttftMs->count, 3);
        QCOMPARE(s.totalMs->count, 3);
    }
    // The diff compares columns 1 and 2 (the first column was alone when the panel was set up).
    QCOMPARE(view()->diffPanel()->left(), 0);
    QCOMPARE(view()->diffPanel()->right(), 1);
    // The table shows them, in column order.
    QCOMPARE(view()->summaryTable()->model()->rowCount(), 2);
    QCOMPARE(view()->summaryTable()->model()->summaries().at(1).targetKey, other);
}

void TestCompareControllerStats::budgetCapSendsExactlyWhatFits()
{
    // Per request: input "user: say hi\n" = 5 Simulator tokens ("user" ":" " say" " hi" "\n"), max
    // output 40 (the reply is cut there, so the actual equals the estimate). Simulator price:
    // $0.75 in / $4.50 out per 1M tokens:
    //   (5 × 750 000 + 40 × 4 500 000) / 1 000 000 = 183.75 micro-$ → 184 (rounded half up).
    // Cap $0.000652 = 652 micro-$: 3 × 184 = 552 fits, 4 × 184 = 736 does not.
    constexpr std::int64_t PerRequest = 184;
    constexpr std::int64_t Cap = 652;
    m_fixture.window->promptPanel()->setUserText(u"say hi"_s);
    CompareColumn *first = view()->column(0);
    first->target()->setModel(u"sim-a"_s);
    first->target()->setBaseUrl(LongSimulator);
    auto *maxTokens = first->target()->findChild<QSpinBox *>(u"maxTokensSpin"_s);
    QVERIFY(maxTokens && maxTokens->isEnabled());
    maxTokens->setValue(40);
    CompareColumn *second = view()->duplicateColumn(0);
    QVERIFY(second);
    QCOMPARE(second->target()->findChild<QSpinBox *>(u"maxTokensSpin"_s)->value(), 40);
    view()->repeatsBox()->setValue(3);
    QTest::keyClicks(view()->budgetField(), u"$0.000652"_s);

    controller()->updateEstimate();
    const PlanEstimate plan = controller()->planEstimate();
    QCOMPARE(plan.requests, 6);
    QCOMPARE(plan.maxMicroUsd, 6 * PerRequest);
    QVERIFY(view()->estimateLabel()->text().contains(u"6 requests"_s));

    QSignalSpy budgetStopped(controller(), &CompareController::budgetStopped);
    runAndWait();
    RunCoordinator *coordinator = controller()->coordinator();
    int sent = 0;
    int skipped = 0;
    for (const JobResult &result : coordinator->results()) {
        if (result.end == JobResult::End::SkippedForBudget) {
            ++skipped;
            QVERIFY(result.attempts.isEmpty());
        } else {
            ++sent;
            QCOMPARE(result.costMicroUsd(), PerRequest);
        }
    }
    QCOMPARE(sent, 3);
    QCOMPARE(skipped, 3);
    QCOMPARE(coordinator->spentMicroUsd(), 3 * PerRequest);
    QVERIFY(coordinator->spentMicroUsd() <= Cap);
    // Repeat-major: column 1 ran repeats 1 and 2, column 2 only repeat 1.
    QCOMPARE(controller()->outcomes(first).size(), 2);
    QCOMPARE(controller()->outcomes(second).size(), 1);
    QCOMPARE(controller()->summaries().at(0).runs, 2);

    QCOMPARE(budgetStopped.count(), 1);
    const QString expected = u"stopped by budget: spent %1 of %2"_s.arg(formatUsd(3 * PerRequest), formatUsd(Cap));
    QCOMPARE(view()->estimateLabel()->text(), expected);
    const QString status = m_fixture.window->statusBar()->currentMessage();
    QVERIFY2(status.contains(u"3 not sent"_s) && status.contains(expected.mid(1)), qPrintable(status));
}

QTEST_MAIN(TestCompareControllerStats)
#include "tst_comparecontrollerstats.moc"
