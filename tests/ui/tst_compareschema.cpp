#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include "compare/comparecolumn.h"
#include "compare/comparecontroller.h"
#include "compare/compareview.h"
#include "mainwindow.h"
#include "openaichatsse.h"
#include "prompt/promptpanel.h"
#include "run/targetbar.h"
#include "uitestkit.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using Crucible::Test::FakeProviderServer;

namespace {

constexpr int RunTimeoutMs = 20000;
const QByteArray PersonSchema =
    "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"}},"
    "\"required\":[\"name\",\"age\"],\"additionalProperties\":false}";

} // namespace

/// The compare view's schema: loading (and refusing) schema files, the schema in every request,
/// and the schema-valid share of each column's answers.
class TestCompareSchema : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void badFilesAreRefusedAndKeepThePreviousSchema();
    void validShareFollowsTheAnswers();

private:
    CompareView *view() const { return m_fixture.window->compareView(); }
    CompareController *controller() const { return view()->controller(); }
    QString writeFile(const QString &name, const QByteArray &content);

    Crucible::Test::MainWindowFixture m_fixture;
    QTemporaryDir m_dir;
};

void TestCompareSchema::init()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_fixture.open());
}

void TestCompareSchema::cleanup()
{
    m_fixture.close();
}

QString TestCompareSchema::writeFile(const QString &name, const QByteArray &content)
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    return file.fileName();
}

void TestCompareSchema::badFilesAreRefusedAndKeepThePreviousSchema()
{
    QCOMPARE(view()->schemaButton()->text(), u"Schema: none"_s);
    const QString good = writeFile(u"person.json"_s, PersonSchema);
    QVERIFY(view()->loadSchemaFile(good));
    QCOMPARE(view()->schemaButton()->text(), u"Schema: person.json"_s);
    QCOMPARE(controller()->schemaText(), QString::fromUtf8(PersonSchema));

    QSignalSpy status(view(), &CompareView::statusMessage);
    QVERIFY(!view()->loadSchemaFile(m_dir.filePath(u"missing.json"_s)));
    QVERIFY(!view()->loadSchemaFile(writeFile(u"notjson.json"_s, "{\"type\":")));
    QVERIFY(!view()->loadSchemaFile(writeFile(u"badtype.json"_s, "{\"type\":5}")));
    QCOMPARE(status.count(), 3);
    QVERIFY(status.at(0).at(0).toString().startsWith(u"Cannot read the schema"_s));
    QVERIFY(status.at(2).at(0).toString().startsWith(u"Not a usable JSON Schema"_s));
    // The previous schema stays in force.
    QCOMPARE(view()->schemaButton()->text(), u"Schema: person.json"_s);
    QCOMPARE(controller()->schemaText(), QString::fromUtf8(PersonSchema));

    QVERIFY(view()->loadSchemaFile(QString()));
    QCOMPARE(view()->schemaButton()->text(), u"Schema: none"_s);
    QVERIFY(controller()->schemaText().isEmpty());
}

void TestCompareSchema::validShareFollowsTheAnswers()
{
    // Column 1: the Simulator answers with an instance of the schema. Column 2: a server answers
    // JSON that breaks it ("age" is a string), then prose that is no JSON at all.
    FakeProviderServer server;
    QVERIFY(server.isListening());
    server.enqueue(Crucible::Test::chatStreamResponse({"{\"name\":\"Ada\",", "\"age\":\"old\"}"}, 9, 8));
    server.enqueue(Crucible::Test::chatStreamResponse({"Ada is 36."}, 9, 4));
    QVERIFY(view()->loadSchemaFile(writeFile(u"person.json"_s, PersonSchema)));

    m_fixture.window->promptPanel()->setUserText(u"Who is Ada?"_s);
    view()->column(0)->target()->setModel(u"sim-a"_s);
    view()->column(0)->target()->setBaseUrl(u"simulator://local?ttft_ms=5&tokens_per_s=2000"_s);
    CompareColumn *second = view()->addColumn();
    QVERIFY(second->target()->setProvider(u"openai-compatible"_s));
    second->target()->setModel(u"test-model"_s);
    second->target()->setBaseUrl(server.baseUrl().toString());
    view()->repeatsBox()->setValue(2);

    QSignalSpy finished(controller(), &CompareController::runFinished);
    QVERIFY(controller()->runAll());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, RunTimeoutMs);

    const QList<ColumnSummary> summaries = controller()->summaries();
    QCOMPARE(summaries.size(), 2);
    QCOMPARE(summaries[0].okRuns, 2);
    QCOMPARE(summaries[0].jsonPct, std::optional<double>(100.0));
    QCOMPARE(summaries[0].schemaValidPct, std::optional<double>(100.0));
    QCOMPARE(summaries[1].okRuns, 2);
    QCOMPARE(summaries[1].jsonRuns, 1);
    QCOMPARE(summaries[1].schemaValidPct, std::optional<double>(0.0));

    // Without a schema the share is unknown again.
    QVERIFY(view()->loadSchemaFile(QString()));
    QVERIFY(!controller()->summaries()[0].schemaValidPct.has_value());
}

QTEST_MAIN(TestCompareSchema)
#include "tst_compareschema.moc"
