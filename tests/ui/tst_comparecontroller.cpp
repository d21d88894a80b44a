#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

#include "compare/comparecolumn.h"
#include "compare/comparecontroller.h"
#include "compare/compareview.h"
#include "fakeproviderserver.h"
#include "keys/keystore.h"
#include "mainwindow.h"
#include "openaichatsse.h"
#include "prompt/promptpanel.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "run/outputpane.h"
#include "run/readoutbar.h"
#include "run/targetbar.h"
#include "uitestkit.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::FakeProviderServer;
using Field = ReadoutBar::Field;

namespace {

constexpr int RunTimeoutMs = 20000;
const QByteArray KeyVar = "OPENAI_COMPATIBLE_API_KEY";
const QString Secret = u"planted-test-key-5e6f7a8b-never-shown"_s; // not key-shaped on purpose

/// A small OpenAI Chat stream (the words as deltas, then usage in, out), sent in random pieces.
FakeProviderServer::Response goodStream(const QList<QByteArray> &words, int in, int out)
{
    FakeProviderServer::Response r = Crucible::Test::chatStreamResponse(words, in, out);
    r.chunking = FakeProviderServer::Chunking::Random;
    r.chunkSize = 30;
    return r;
}

FakeProviderServer::Response rateLimited()
{
    FakeProviderServer::Response r;
    r.status = 429;
    r.headers = {{"Content-Type", "application/json"}, {"retry-after-ms", "200"}};
    r.body = R"({"error":{"message":"Rate limit reached for test-model","type":"requests","code":"rate_limit_exceeded"}})";
    return r;
}

} // namespace

/// The compare controller against OpenAI-compatible servers on 127.0.0.1: one server per column,
/// so each column's responses are its own. Failures stay in their column.
class TestCompareController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void threeColumnsRetryAndErrorStayApart();
    void keyComesFromTheStoreAndIsNeverShown();
    void badBaseUrlStopsOnlyItsColumn();
    void unreachableServerIsAnErrorInItsColumn();

private:
    CompareView *view() const { return m_fixture.window->compareView(); }
    CompareController *controller() const { return view()->controller(); }
    CompareColumn *compatibleColumn(int index, const QString &baseUrl);
    void runAndWait();

    Crucible::Test::MainWindowFixture m_fixture;
    QByteArray m_savedKey;
};

void TestCompareController::init()
{
    m_savedKey = qgetenv(KeyVar.constData());
    qunsetenv(KeyVar.constData());
    QVERIFY(m_fixture.open());
    RetryPolicy policy; // quick and exact: no jitter, server waits honoured
    policy.maxRetries = 2;
    policy.baseDelayMs = 50;
    policy.jitter = 0;
    view()->setRetryPolicy(policy);
    m_fixture.window->promptPanel()->setUserText(u"Say hi"_s);
}

void TestCompareController::cleanup()
{
    m_fixture.close();
    if (m_savedKey.isNull())
        qunsetenv(KeyVar.constData());
    else
        qputenv(KeyVar.constData(), m_savedKey);
}

CompareColumn *TestCompareController::compatibleColumn(int index, const QString &baseUrl)
{
    while (view()->columnCount() <= index)
        view()->addColumn();
    CompareColumn *column = view()->column(index);
    if (!column->target()->setProvider(u"openai-compatible"_s))
        return nullptr;
    column->target()->setModel(u"test-model"_s);
    column->target()->setBaseUrl(baseUrl);
    return column;
}

void TestCompareController::runAndWait()
{
    QSignalSpy finished(controller(), &CompareController::runFinished);
    QVERIFY(controller()->runAll());
    QVERIFY(controller()->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, RunTimeoutMs);
    QVERIFY(!controller()->isRunning());
}

void TestCompareController::threeColumnsRetryAndErrorStayApart()
{
    FakeProviderServer serverA, serverB, serverC;
    serverA.enqueue(rateLimited());
    serverA.enqueue(goodStream({"Hello", " from", " A"}, 11, 7));
    serverB.enqueue(Crucible::Test::chatMidStreamErrorResponse({"The", " question"}));
    serverC.enqueue(goodStream({"Hi", " there"}, 13, 5));
    CompareColumn *a = compatibleColumn(0, serverA.baseUrl().toString() + u"/v1"_s);
    CompareColumn *b = compatibleColumn(1, serverB.baseUrl().toString() + u"/v1"_s);
    CompareColumn *c = compatibleColumn(2, serverC.baseUrl().toString() + u"/v1"_s);
    QVERIFY(a && b && c);

    // While A waits for its retry, its status line says so (seen when the retry is scheduled).
    QString retryLine;
    int retryDelay = -1;
    connect(controller()->coordinator(), &RunCoordinator::retryScheduled, this,
            [&](int, int nextAttempt, int delayMs, const ProviderError &cause) {
                QCOMPARE(nextAttempt, 2);
                QCOMPARE(cause.errorClass, ErrorClass::RateLimit);
                retryDelay = delayMs;
                retryLine = a->statusLine();
            });
    runAndWait();

    // A: 429 then a good stream → ok after 2 attempts; the wait is the server's 200 ms (> 50 ms backoff).
    QCOMPARE(retryDelay, 200);
    QVERIFY2(retryLine.startsWith(u"retrying"_s) && retryLine.contains(u"attempt 2 of 3"_s), qPrintable(retryLine));
    QCOMPARE(serverA.requestCount(), 2);
    const QList<JobResult> results = controller()->coordinator()->results();
    QCOMPARE(results.size(), 3);
    for (const JobResult &result : results) {
        const bool isA = result.targetKey == CompareController::columnId(a);
        QCOMPARE(result.attempts.size(), isA ? 2 : 1);
        if (isA) {
            QCOMPARE(result.attempts.first().outcome.error.errorClass, ErrorClass::RateLimit);
            QCOMPARE(result.attempts.first().retryDelayMs, std::optional<int>(200));
        }
    }
    const QList<RunOutcome> outA = controller()->outcomes(a);
    QCOMPARE(outA.size(), 1);
    QCOMPARE(outA.first().status, RunOutcome::Status::Ok);
    QCOMPARE(a->output()->text(), u"Hello from A"_s); // the failed attempt left nothing behind
    QCOMPARE(a->readout()->text(Field::Status), u"done"_s);
    QVERIFY(a->readout()->text(Field::InputTokens).startsWith(u"11"_s));
    QCOMPARE(a->readout()->text(Field::OutputTokens).section(u' ', 0, 0), u"7"_s);
    QCOMPARE(a->readout()->text(Field::Finish), u"stop"_s);

    // B: the error inside the 200 stream is B's alone; its partial text stays.
    QCOMPARE(serverB.requestCount(), 1); // text was shown: not retried
    const QList<RunOutcome> outB = controller()->outcomes(b);
    QCOMPARE(outB.size(), 1);
    QCOMPARE(outB.first().status, RunOutcome::Status::Error);
    QCOMPARE(outB.first().error.errorClass, ErrorClass::Server);
    QCOMPARE(b->output()->text(), u"The question"_s);
    QCOMPARE(b->readout()->text(Field::Status), u"error · server"_s);
    auto *errorLine = b->output()->findChild<QLabel *>(u"errorLine"_s);
    QVERIFY(errorLine && errorLine->isVisible());
    QVERIFY(errorLine->text().startsWith(u"server"_s));
    for (CompareColumn *other : {a, c}) {
        auto *line = other->output()->findChild<QLabel *>(u"errorLine"_s);
        QVERIFY(line && !line->isVisible());
    }

    // C: untouched by both.
    QCOMPARE(serverC.requestCount(), 1);
    const QList<RunOutcome> outC = controller()->outcomes(c);
    QCOMPARE(outC.size(), 1);
    QCOMPARE(outC.first().status, RunOutcome::Status::Ok);
    QCOMPARE(c->output()->text(), u"Hi there"_s);
    QVERIFY(c->readout()->text(Field::InputTokens).startsWith(u"13"_s));
    QCOMPARE(c->readout()->text(Field::OutputTokens).section(u' ', 0, 0), u"5"_s);

    // Summaries follow the column order, one run each; the status bar counts them.
    const QList<ColumnSummary> summaries = controller()->summaries();
    QCOMPARE(summaries.size(), 3);
    QCOMPARE(summaries.at(0).okRuns, 1);
    QCOMPARE(summaries.at(0).inputTokens, 11);
    QCOMPARE(summaries.at(1).errorRuns, 1);
    QCOMPARE(summaries.at(2).outputTokens, 5);
    const QString status = m_fixture.window->statusBar()->currentMessage();
    QVERIFY2(status.contains(u"2 ok"_s) && status.contains(u"1 error"_s), qPrintable(status));

    // Every request carried the shared prompt to its own server.
    for (FakeProviderServer *server : {&serverA, &serverB, &serverC}) {
        const auto request = server->requests().last();
        QCOMPARE(request.target, "/v1/chat/completions"_ba);
        QVERIFY(request.body.contains("Say hi"));
        QVERIFY(request.body.contains("test-model"));
    }
}

void TestCompareController::keyComesFromTheStoreAndIsNeverShown()
{
    qputenv(KeyVar.constData(), Secret.toUtf8());
    FakeProviderServer server;
    FakeProviderServer::Response denied;
    denied.status = 401;
    denied.headers = {{"Content-Type", "application/json"}};
    // A server that echoes the key back: the column must not show it.
    denied.body = "{\"error\":{\"message\":\"Incorrect API key provided: " + Secret.toUtf8()
        + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";
    server.enqueue(denied);
    CompareColumn *column = compatibleColumn(0, server.baseUrl().toString() + u"/v1"_s);
    CompareColumn *second = view()->duplicateColumn(0); // same provider: one key lookup, two requests
    QVERIFY(column && second);
    runAndWait();
    QCOMPARE(server.requestCount(), 2);
    for (const auto &request : server.requests())
        QCOMPARE(headerValue(request.headers, "Authorization"), "Bearer "_ba + Secret.toUtf8());
    QCOMPARE(controller()->outcomes(column).value(0).error.errorClass, ErrorClass::Auth);
    QVERIFY(!controller()->outcomes(column).value(0).error.message.contains(Secret));
    QCOMPARE(column->readout()->text(Field::Status), u"error · auth"_s);
    for (const QWidget *w : m_fixture.window->findChildren<QWidget *>()) {
        if (auto *label = qobject_cast<const QLabel *>(w))
            QVERIFY2(!label->text().contains(Secret), qPrintable(label->text().left(60)));
        if (auto *edit = qobject_cast<const QPlainTextEdit *>(w))
            QVERIFY(!edit->toPlainText().contains(Secret));
        QVERIFY(!w->toolTip().contains(Secret));
    }
    QVERIFY(!m_fixture.window->statusBar()->currentMessage().contains(Secret));
}

void TestCompareController::badBaseUrlStopsOnlyItsColumn()
{
    FakeProviderServer server;
    server.enqueue(goodStream({"Fine"}, 3, 1));
    CompareColumn *good = compatibleColumn(0, server.baseUrl().toString() + u"/v1"_s);
    CompareColumn *bad = compatibleColumn(1, u"not a url"_s);
    QVERIFY(good && bad);
    runAndWait();
    QCOMPARE(controller()->outcomes(good).value(0).status, RunOutcome::Status::Ok);
    QVERIFY(controller()->outcomes(bad).isEmpty()); // nothing was sent
    auto *line = bad->output()->findChild<QLabel *>(u"errorLine"_s);
    QVERIFY(line && line->isVisible());
    QVERIFY2(line->text().contains(u"Invalid base URL"_s), qPrintable(line->text()));

    // With no column able to run, nothing starts and the status bar says why.
    view()->removeColumn(0);
    QVERIFY(!controller()->runAll());
    QVERIFY(!controller()->isRunning());
    QVERIFY(m_fixture.window->statusBar()->currentMessage().contains(u"Invalid base URL"_s));
    QVERIFY(view()->runAllAction()->isEnabled());
}

void TestCompareController::unreachableServerIsAnErrorInItsColumn()
{
    RetryPolicy noRetries;
    noRetries.maxRetries = 0;
    view()->setRetryPolicy(noRetries);
    CompareColumn *column = compatibleColumn(0, u"http://127.0.0.1:1/v1"_s);
    QVERIFY(column);
    runAndWait();
    QCOMPARE(controller()->outcomes(column).value(0).error.errorClass, ErrorClass::Network);
    QCOMPARE(column->readout()->text(Field::Status), u"error · network"_s);
    QVERIFY(m_fixture.window->statusBar()->currentMessage().contains(u"1 error"_s));
}

QTEST_MAIN(TestCompareController)
#include "tst_comparecontroller.moc"
