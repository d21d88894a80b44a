#include <QTest>

#include "compare/repeatstats.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

ColumnSummary columnWithFields(const QList<std::pair<QString, QString>> &modal)
{
    ColumnSummary c;
    for (const auto &[pointer, value] : modal) {
        FieldAgreement f;
        f.pointer = pointer;
        f.present = 1;
        f.agreeing = 1;
        f.modalValue = value;
        c.fields.append(f);
    }
    return c;
}

} // namespace

class TestFieldAgreement : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void leavesOfNestedDocument()
    {
        const QList<JsonLeaf> leaves = jsonLeaves(
            u"{\"items\": [{\"name\": \"a\", \"tags\": []}, 2.5], \"a/b\": {\"c~d\": null}, \"e\": {}, \"t\": true}"_s);
        const QList<JsonLeaf> expected{
            {u"/a~1b/c~0d"_s, u"null"_s},
            {u"/e"_s, u"{}"_s},
            {u"/items/0/name"_s, u"\"a\""_s},
            {u"/items/0/tags"_s, u"[]"_s},
            {u"/items/1"_s, u"2.5"_s},
            {u"/t"_s, u"true"_s},
        };
        QCOMPARE(leaves, expected);
    }

    void leavesOfScalarsAndNonJson()
    {
        QCOMPARE(jsonLeaves(u"\"hi\""_s), (QList<JsonLeaf>{{QString(), u"\"hi\""_s}}));
        QCOMPARE(jsonLeaves(u"[]"_s), (QList<JsonLeaf>{{QString(), u"[]"_s}}));
        QVERIFY(jsonLeaves(u"{oops"_s).isEmpty());
    }

    void pointerOrder()
    {
        QVERIFY(pointerLess(u"/a/2"_s, u"/a/10"_s));
        QVERIFY(!pointerLess(u"/a/10"_s, u"/a/2"_s));
        QVERIFY(pointerLess(u"/a"_s, u"/a/0"_s));
        QVERIFY(pointerLess(u""_s, u"/a"_s));
        QVERIFY(pointerLess(u"/a/x"_s, u"/b"_s));
        QVERIFY(pointerLess(u"/10"_s, u"/a"_s)); // "1" < "a"
        QVERIFY(!pointerLess(u"/a"_s, u"/a"_s));
    }

    void agreementOverRepeats()
    {
        const QList<FieldAgreement> fields = fieldAgreement({
            u"{\"answer\": \"yes\", \"score\": 1, \"list\": [1, 2]}"_s,
            u"{\"answer\": \"no\", \"score\": 1, \"list\": [1]}"_s,
            u"{\"answer\": \"no\", \"score\": 1}"_s,
            u"not json"_s,
            u"{\"answer\": \"yes\", \"score\": 2}"_s,
        });
        QCOMPARE(fields.size(), 4);
        QCOMPARE(fields.at(0).pointer, u"/answer"_s);
        QCOMPARE(fields.at(0).present, 4);
        QCOMPARE(fields.at(0).agreeing, 2);
        QCOMPARE(fields.at(0).modalValue, u"\"yes\""_s); // 2 vs 2: the first seen wins
        QCOMPARE(fields.at(0).agreementPct(), 50.0);
        QCOMPARE(fields.at(1).pointer, u"/list/0"_s);
        QCOMPARE(fields.at(1).present, 2);
        QCOMPARE(fields.at(1).agreeing, 2);
        QCOMPARE(fields.at(2).pointer, u"/list/1"_s);
        QCOMPARE(fields.at(2).present, 1);
        QCOMPARE(fields.at(2).modalValue, u"2"_s);
        QCOMPARE(fields.at(3).pointer, u"/score"_s);
        QCOMPARE(fields.at(3).present, 4);
        QCOMPARE(fields.at(3).agreeing, 3);
        QCOMPARE(fields.at(3).agreementPct(), 75.0);
        QCOMPARE(fields.at(3).modalValue, u"1"_s);
    }

    void valuesCompareAsCompactJson()
    {
        // Same value written differently agrees; 1 and 1.0 and "1" do not.
        const QList<FieldAgreement> fields = fieldAgreement({
            u"{\"v\": {\"x\": [ ]}}"_s,
            u"{\"v\":{\"x\":[]}}"_s,
        });
        QCOMPARE(fields.size(), 1);
        QCOMPARE(fields.at(0).pointer, u"/v/x"_s);
        QCOMPARE(fields.at(0).agreeing, 2);
        const QList<FieldAgreement> numbers = fieldAgreement({u"1"_s, u"1.0"_s, u"\"1\""_s});
        QCOMPARE(numbers.size(), 1);
        QCOMPARE(numbers.at(0).pointer, QString());
        QCOMPARE(numbers.at(0).present, 3);
        QCOMPARE(numbers.at(0).agreeing, 1);
        QCOMPARE(numbers.at(0).modalValue, u"1"_s);
        QVERIFY(fieldAgreement({}).isEmpty());
        QCOMPARE(FieldAgreement().agreementPct(), 0.0);
    }

    void acrossColumns()
    {
        const QList<ColumnSummary> columns{
            columnWithFields({{u"/a"_s, u"1"_s}, {u"/b"_s, u"\"x\""_s}}),
            columnWithFields({{u"/a"_s, u"2"_s}, {u"/b"_s, u"\"x\""_s}}),
            columnWithFields({{u"/a"_s, u"2"_s}, {u"/c/10"_s, u"true"_s}, {u"/c/9"_s, u"false"_s}}),
            columnWithFields({}), // a column without JSON
        };
        const QList<FieldAgreement> cross = crossColumnAgreement(columns);
        QCOMPARE(cross.size(), 4);
        QCOMPARE(cross.at(0).pointer, u"/a"_s);
        QCOMPARE(cross.at(0).present, 3);
        QCOMPARE(cross.at(0).agreeing, 2);
        QCOMPARE(cross.at(0).modalValue, u"2"_s);
        QCOMPARE(cross.at(1).pointer, u"/b"_s);
        QCOMPARE(cross.at(1).present, 2);
        QCOMPARE(cross.at(1).agreeing, 2);
        QCOMPARE(cross.at(2).pointer, u"/c/9"_s); // numeric order of indices
        QCOMPARE(cross.at(3).pointer, u"/c/10"_s);
        QCOMPARE(cross.at(3).present, 1);
        QVERIFY(crossColumnAgreement({}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFieldAgreement)
#include "tst_fieldagreement.moc"
