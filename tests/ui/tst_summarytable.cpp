#include <QAbstractItemModelTester>
#include <QLabel>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

#include "compare/summarytable.h"
#include "comparetestkit.h"

using namespace Qt::StringLiterals;
using Crucible::ColumnSummary;
using Crucible::FieldAgreement;
using Crucible::SummaryModel;
using Crucible::SummaryTable;
using Crucible::Test::testDistribution;

namespace {

/// cost < 0: not priced; total < 0: no timing.
ColumnSummary column(const QString &key, double costMean, double totalP50, double ttftP50 = -1)
{
    ColumnSummary s;
    s.targetKey = key;
    s.label = u"sim · "_s + key;
    s.runs = 3;
    s.okRuns = 3;
    if (costMean >= 0) {
        s.costUsd = testDistribution(costMean, costMean, costMean);
        s.totalCostMicroUsd = std::llround(costMean * 3e6);
    }
    if (totalP50 >= 0)
        s.totalMs = testDistribution(totalP50, totalP50 * 2);
    if (ttftP50 >= 0)
        s.ttftMs = testDistribution(ttftP50, ttftP50 + 100);
    return s;
}

QStringList targetColumn(const QAbstractItemModel *model)
{
    QStringList keys;
    for (int row = 0; row < model->rowCount(); ++row)
        keys.append(model->index(row, SummaryModel::Target).data(Qt::UserRole).toString());
    return keys;
}

} // namespace

class TestSummaryTable : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowsColumnsAndFormatting();
    void unknownIsDash();
    void sortsByCostUnknownLast();
    void sortsByTtftUnknownLast();
    void paretoRowsAreStarredAndBold();
    void liveUpdateKeepsRowsAndSort();
    void changedColumnsResetRows();
    void agreementLine();
    void toolTipsShowDistributionsAndRepeatAgreement();
    void modelTester();
    void screenshot();
};

void TestSummaryTable::rowsColumnsAndFormatting()
{
    SummaryTable table;
    ColumnSummary a = column(u"a"_s, 0.0185, 1234.4, 412.6);
    a.runs = 4;
    a.errorRuns = 1;
    a.tokensPerSecond = testDistribution(87.25, 95);
    a.totalCostMicroUsd = 37'000;
    a.inputTokens = 1200;
    a.outputTokens = 345;
    a.identicalPct = 100.0 / 3 * 2; // 66.67
    a.jsonPct = 100;
    a.schemaValidPct = 50;
    table.setSummaries({a});

    const SummaryModel *m = table.model();
    QCOMPARE(m->rowCount(), 1);
    QCOMPARE(m->columnCount(), int(SummaryModel::ColumnCount));
    QCOMPARE(m->columnCount(), 14);
    auto text = [m](SummaryModel::Column c) { return m->index(0, c).data().toString(); };
    QCOMPARE(text(SummaryModel::Target), u"★ sim · a"_s); // the only point is on the frontier
    QCOMPARE(text(SummaryModel::Runs), u"3/4 (1 failed)"_s);
    QCOMPARE(text(SummaryModel::CostMean), u"$0.0185"_s);
    QCOMPARE(text(SummaryModel::CostTotal), u"$0.0370"_s);
    QCOMPARE(text(SummaryModel::TtftP50), u"413"_s);
    QCOMPARE(text(SummaryModel::TtftP95), u"513"_s);
    QCOMPARE(text(SummaryModel::RateP50), u"87.3"_s);
    QCOMPARE(text(SummaryModel::TotalP50), u"1234"_s);
    QCOMPARE(text(SummaryModel::TotalP95), u"2469"_s);
    QCOMPARE(text(SummaryModel::TokensIn), u"1200"_s);
    QCOMPARE(text(SummaryModel::TokensOut), u"345"_s);
    QCOMPARE(text(SummaryModel::IdenticalPct), u"66.7 %"_s);
    QCOMPARE(text(SummaryModel::JsonPct), u"100 %"_s);
    QCOMPARE(text(SummaryModel::SchemaValidPct), u"50 %"_s);
    QCOMPARE(m->index(0, SummaryModel::CostMean).data(Qt::UserRole).toDouble(), 0.0185);
    QCOMPARE(m->index(0, SummaryModel::TtftP50).data(Qt::UserRole).toDouble(), 412.6);
    QCOMPARE(m->headerData(SummaryModel::TtftP50, Qt::Horizontal).toString(), u"TTFT p50\n(ms)"_s);
    QCOMPARE(m->headerData(SummaryModel::Target, Qt::Horizontal).toString(), u"Target"_s);
}

void TestSummaryTable::unknownIsDash()
{
    SummaryModel m;
    ColumnSummary s;
    s.targetKey = u"bare"_s; // no label: the key is the title
    m.setSummaries({s});
    QCOMPARE(m.index(0, SummaryModel::Target).data().toString(), u"bare"_s);
    QCOMPARE(m.index(0, SummaryModel::Runs).data().toString(), u"0/0"_s);
    for (int c = SummaryModel::CostMean; c < SummaryModel::ColumnCount; ++c) {
        QCOMPARE(m.index(0, c).data().toString(), u"—"_s);
        QVERIFY(!m.index(0, c).data(Qt::UserRole).isValid());
    }
    QVERIFY(!m.isPareto(0)); // no point: not on the frontier
}

void TestSummaryTable::sortsByCostUnknownLast()
{
    SummaryTable table;
    table.setSummaries({column(u"mid"_s, 0.02, 900), column(u"unpriced"_s, -1, 500),
                        column(u"cheap"_s, 0.001, 3000), column(u"dear"_s, 0.5, 400)});
    table.view()->sortByColumn(SummaryModel::CostMean, Qt::AscendingOrder);
    QCOMPARE(targetColumn(table.proxy()), (QStringList{u"sim · cheap"_s, u"sim · mid"_s, u"sim · dear"_s,
                                                      u"sim · unpriced"_s}));
    table.view()->sortByColumn(SummaryModel::CostMean, Qt::DescendingOrder);
    QCOMPARE(targetColumn(table.proxy()), (QStringList{u"sim · dear"_s, u"sim · mid"_s, u"sim · cheap"_s,
                                                      u"sim · unpriced"_s}));
}

void TestSummaryTable::sortsByTtftUnknownLast()
{
    SummaryTable table;
    table.setSummaries({column(u"a"_s, 0.01, 900, 300), column(u"b"_s, 0.01, 900), column(u"c"_s, 0.01, 900, 120),
                        column(u"d"_s, 0.01, 900), column(u"e"_s, 0.01, 900, 2000)});
    table.view()->sortByColumn(SummaryModel::TtftP50, Qt::AscendingOrder);
    QCOMPARE(targetColumn(table.proxy()), (QStringList{u"sim · c"_s, u"sim · a"_s, u"sim · e"_s, u"sim · b"_s,
                                                      u"sim · d"_s}));
    table.view()->sortByColumn(SummaryModel::TtftP50, Qt::DescendingOrder);
    QCOMPARE(targetColumn(table.proxy()), (QStringList{u"sim · e"_s, u"sim · a"_s, u"sim · c"_s, u"sim · b"_s,
                                                      u"sim · d"_s}));
}

void TestSummaryTable::paretoRowsAreStarredAndBold()
{
    SummaryModel m;
    // (cost, total p50): a (0.01, 1000) and c (0.03, 400) are on the frontier; b (0.02, 1200) is
    // dominated by a; d is not priced; e (0.03, 400) duplicates c and is on it too.
    m.setSummaries({column(u"a"_s, 0.01, 1000), column(u"b"_s, 0.02, 1200), column(u"c"_s, 0.03, 400),
                    column(u"d"_s, -1, 100), column(u"e"_s, 0.03, 400)});
    const QList<bool> expected{true, false, true, false, true};
    for (int row = 0; row < 5; ++row) {
        QCOMPARE(m.isPareto(row), expected.at(row));
        const QString target = m.index(row, SummaryModel::Target).data().toString();
        QCOMPARE(target.startsWith(u"★ "_s), expected.at(row));
        const QVariant font = m.index(row, SummaryModel::CostMean).data(Qt::FontRole);
        QCOMPARE(font.isValid() && font.value<QFont>().bold(), expected.at(row));
    }
}

void TestSummaryTable::liveUpdateKeepsRowsAndSort()
{
    SummaryTable table;
    table.setSummaries({column(u"a"_s, 0.03, 900), column(u"b"_s, 0.01, 900)});
    table.view()->sortByColumn(SummaryModel::CostMean, Qt::AscendingOrder);
    QSignalSpy resets(table.model(), &QAbstractItemModel::modelReset);
    QSignalSpy removed(table.model(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(table.model(), &QAbstractItemModel::dataChanged);

    // a gets cheaper than b while running: same rows, new order, no reset.
    table.setSummaries({column(u"a"_s, 0.005, 900), column(u"b"_s, 0.01, 900)});
    QCOMPARE(resets.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(targetColumn(table.proxy()), (QStringList{u"sim · a"_s, u"sim · b"_s}));
    QCOMPARE(table.proxy()->sortColumn(), int(SummaryModel::CostMean));

    // A third column appended: inserted, still sorted.
    QSignalSpy inserted(table.model(), &QAbstractItemModel::rowsInserted);
    table.setSummaries({column(u"a"_s, 0.005, 900), column(u"b"_s, 0.01, 900), column(u"c"_s, 0.001, 2000)});
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(targetColumn(table.proxy()), (QStringList{u"sim · c"_s, u"sim · a"_s, u"sim · b"_s}));
}

void TestSummaryTable::changedColumnsResetRows()
{
    SummaryModel m;
    m.setSummaries({column(u"a"_s, 0.01, 900), column(u"b"_s, 0.01, 900)});
    QSignalSpy resets(&m, &QAbstractItemModel::modelReset);
    m.setSummaries({column(u"b"_s, 0.01, 900)}); // a removed
    QCOMPARE(resets.count(), 1);
    QCOMPARE(m.rowCount(), 1);
    QCOMPARE(m.summaries().first().targetKey, u"b"_s);
}

void TestSummaryTable::agreementLine()
{
    SummaryTable table;
    ColumnSummary a = column(u"a"_s, 0.01, 900);
    ColumnSummary b = column(u"b"_s, 0.01, 900);
    ColumnSummary c = column(u"c"_s, 0.01, 900);
    auto field = [](const QString &pointer, const QString &value) {
        FieldAgreement f;
        f.pointer = pointer;
        f.present = 3;
        f.agreeing = 3;
        f.modalValue = value;
        return f;
    };
    a.fields = {field(u"/answer"_s, u"42"_s), field(u"/unit"_s, u"\"m\""_s)};
    b.fields = {field(u"/answer"_s, u"42"_s), field(u"/unit"_s, u"\"km\""_s)};
    c.fields = {field(u"/answer"_s, u"41"_s)};
    table.setSummaries({a, b, c});
    // /answer: three columns have it, two share the modal 42; /unit: two have it, "m" first seen.
    QCOMPARE(table.agreementText(), u"/answer 2 of 3 agree · /unit 1 of 2 agree"_s);
    QVERIFY(table.findChild<QLabel *>()->text().contains(table.agreementText()));

    table.setSummaries({a}); // one column: nothing to agree on
    QCOMPARE(table.agreementText(), QString());
}

void TestSummaryTable::toolTipsShowDistributionsAndRepeatAgreement()
{
    SummaryModel model;
    ColumnSummary a = column(u"a"_s, 0.002, 1500, 240);
    a.ttftMs = testDistribution(240, 410, 275.4); // 5 runs; min = p50, max = p95
    FieldAgreement name;
    name.pointer = u"/name"_s;
    name.present = 5;
    name.agreeing = 5;
    FieldAgreement age = name;
    age.pointer = u"/age"_s;
    age.agreeing = 3;
    a.fields = {age, name};
    model.setSummaries({a, column(u"b"_s, -1, -1)});
    const auto tip = [&model](int row, int column) {
        return model.index(row, column).data(Qt::ToolTipRole).toString();
    };
    QCOMPARE(tip(0, SummaryModel::TtftP50), u"mean 275 ms · p50 240 ms · p95 410 ms\nmin 240 ms · max 410 ms · 5 runs"_s);
    QCOMPARE(tip(0, SummaryModel::TtftP95), tip(0, SummaryModel::TtftP50));
    QCOMPARE(tip(0, SummaryModel::CostTotal), u"mean $0.002000 · p50 $0.002000 · p95 $0.002000\nmin $0.002000 · max $0.002000 · 5 runs"_s);
    QCOMPARE(tip(0, SummaryModel::JsonPct), u"Fields across the repeats:\n/age 3 of 5 agree\n/name 5 of 5 agree"_s);
    QCOMPARE(tip(0, SummaryModel::IdenticalPct), tip(0, SummaryModel::JsonPct));
    // Unknown numbers and no JSON fields: no tooltip.
    QCOMPARE(tip(1, SummaryModel::TtftP50), QString());
    QCOMPARE(tip(1, SummaryModel::JsonPct), QString());
}

void TestSummaryTable::modelTester()
{
    SummaryModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setSummaries({column(u"a"_s, 0.01, 900)});
    m.setSummaries({column(u"a"_s, 0.02, 900), column(u"b"_s, -1, -1)});
    m.setSummaries({column(u"b"_s, 0.02, 900)});
    m.setSummaries({});
    QCOMPARE(m.rowCount(), 0);
}

void TestSummaryTable::screenshot()
{
    // For a human to look at: CRUCIBLE_SCREENSHOT_DIR=/tmp writes crucible_summarytable.png there.
    const QString dir = qEnvironmentVariable("CRUCIBLE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set CRUCIBLE_SCREENSHOT_DIR to write a screenshot");
    SummaryTable table;
    ColumnSummary a = column(u"sim-fast"_s, 0.0021, 820, 140);
    a.tokensPerSecond = testDistribution(120.4, 131);
    a.inputTokens = 812;
    a.outputTokens = 2400;
    a.identicalPct = 100;
    a.jsonPct = 100;
    ColumnSummary b = column(u"sim-slow"_s, 0.0008, 2600, 600);
    b.tokensPerSecond = testDistribution(40.2, 44);
    b.runs = 4;
    b.errorRuns = 1;
    ColumnSummary c = column(u"sim-dear"_s, 0.0185, 3100, 420);
    ColumnSummary d = column(u"local"_s, -1, 1500, 90);
    table.setSummaries({a, b, c, d});
    table.resize(1100, 220);
    table.show();
    QVERIFY(QTest::qWaitForWindowExposed(&table));
    QVERIFY(table.grab().save(dir + u"/crucible_summarytable.png"_s));
}

QTEST_MAIN(TestSummaryTable)
#include "tst_summarytable.moc"
