#include <QTest>

#include "schema/jsonschemavalidator.h"

#include <atomic>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

const QString PersonSchema = u"{\n"
                             u"  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
                             u"  \"type\": \"object\",\n"
                             u"  \"required\": [\"name\", \"items\"],\n"
                             u"  \"properties\": {\n"
                             u"    \"name\": {\"type\": \"string\", \"minLength\": 1},\n"
                             u"    \"items\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/item\"}}\n"
                             u"  },\n"
                             u"  \"additionalProperties\": false,\n"
                             u"  \"$defs\": {\n"
                             u"    \"item\": {\n"
                             u"      \"type\": \"object\",\n"
                             u"      \"required\": [\"id\"],\n"
                             u"      \"properties\": {\"id\": {\"type\": \"integer\"}, \"a/b\": {\"type\": \"boolean\"}}\n"
                             u"    }\n"
                             u"  }\n"
                             u"}"_s;

std::shared_ptr<const JsonSchemaValidator> makeValidator(const QString &schema)
{
    const auto created = JsonSchemaValidator::create(schema);
    if (!created.ok())
        qWarning("%s", qPrintable(created.error().message));
    return created.ok() ? created.value() : nullptr;
}

QStringList pointers(const ValidationResult &r)
{
    QStringList out;
    for (const SchemaError &e : r.errors)
        out.append(e.pointer);
    return out;
}

} // namespace

class TestJsonSchemaValidator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validDocument()
    {
        const auto v = makeValidator(PersonSchema);
        QVERIFY(v);
        const ValidationResult r = v->validate(u"{\"name\": \"Ada\", \"items\": [{\"id\": 1}, {\"id\": 2}]}"_s);
        QVERIFY(r.valid);
        QVERIFY(!r.notJson);
        QVERIFY(r.errors.isEmpty());
        QVERIFY(r.parseError.isEmpty());
    }

    void fencedAnswer()
    {
        const auto v = makeValidator(PersonSchema);
        QVERIFY(v->validate(u"```json\n{\"name\": \"Ada\", \"items\": []}\n```\n"_s).valid);
        QVERIFY(v->validate(u"  ```\n{\"name\": \"Ada\", \"items\": []}\n```"_s).valid);
    }

    void invalidWithPointers()
    {
        const auto v = makeValidator(PersonSchema);
        // items/1/id has the wrong type (through the $defs ref); "extra" is not allowed.
        const ValidationResult r
            = v->validate(u"{\"name\": \"Ada\", \"items\": [{\"id\": 1}, {\"id\": \"two\"}], \"extra\": 1}"_s);
        QVERIFY(!r.valid);
        QVERIFY(!r.notJson);
        const QStringList where = pointers(r);
        QVERIFY2(where.contains(u"/items/1/id"_s), qPrintable(where.join(u", "_s)));
        QVERIFY2(where.contains(QString()), qPrintable(where.join(u", "_s))); // additionalProperties at the root
        for (const SchemaError &e : r.errors)
            QVERIFY2(!e.message.startsWith(u"Failed to validate item #"_s), qPrintable(e.message)); // wrappers dropped
    }

    void missingRequiredAtRoot()
    {
        const auto v = makeValidator(PersonSchema);
        const ValidationResult r = v->validate(u"{\"items\": []}"_s);
        QVERIFY(!r.valid);
        QCOMPARE(r.errors.size(), 1);
        QCOMPARE(r.errors.at(0).pointer, QString());
        QVERIFY2(r.errors.at(0).message.contains(u"name"_s), qPrintable(r.errors.at(0).message));
    }

    void pointerEscaping()
    {
        const auto v = makeValidator(PersonSchema);
        const ValidationResult r = v->validate(u"{\"name\": \"A\", \"items\": [{\"id\": 1, \"a/b\": 3}]}"_s);
        QVERIFY(!r.valid);
        QCOMPARE(pointers(r), QStringList{u"/items/0/a~1b"_s});
    }

    void notJsonWithPosition()
    {
        const auto v = makeValidator(PersonSchema);
        const ValidationResult r = v->validate(u"{\n  \"name\": \"Ada\",\n}"_s);
        QVERIFY(!r.valid);
        QVERIFY(r.notJson);
        QVERIFY(r.errors.isEmpty());
        QVERIFY2(r.parseError.startsWith(u"line 3, column 1: "_s), qPrintable(r.parseError));
        QVERIFY2(r.parseError.contains(u"'}'"_s), qPrintable(r.parseError));

        // Positions count in the answer, fence and leading lines included.
        const ValidationResult fenced = v->validate(u"\n```json\n{\"name\": tru}\n```"_s);
        QVERIFY(fenced.notJson);
        QVERIFY2(fenced.parseError.startsWith(u"line 3, column "_s), qPrintable(fenced.parseError));

        const ValidationResult prose = v->validate(u"Sure! Here is the JSON."_s);
        QVERIFY(prose.notJson);
        QVERIFY2(prose.parseError.startsWith(u"line 1, column 1: "_s), qPrintable(prose.parseError));

        const ValidationResult empty = v->validate(QString());
        QVERIFY(empty.notJson);
        QVERIFY(!empty.parseError.isEmpty());
    }

    void definitionsAndDraft4()
    {
        const auto v = makeValidator(u"{\n"
                                     u"  \"$schema\": \"http://json-schema.org/draft-04/schema#\",\n"
                                     u"  \"definitions\": {\"n\": {\"type\": \"number\", \"maximum\": 10, \"exclusiveMaximum\": true}},\n"
                                     u"  \"type\": \"array\", \"items\": {\"$ref\": \"#/definitions/n\"}\n"
                                     u"}"_s);
        QVERIFY(v);
        QVERIFY(v->validate(u"[1, 9.5]"_s).valid);
        const ValidationResult r = v->validate(u"[1, 10]"_s);
        QVERIFY(!r.valid);
        QCOMPARE(pointers(r), QStringList{u"/1"_s});
    }

    void unknownSchemaVersionIsDraft7()
    {
        const auto v = makeValidator(u"{\"$schema\": \"https://example.com/my-dialect\", \"const\": 3}"_s);
        QVERIFY(v);
        QVERIFY(v->validate(u"3"_s).valid); // "const" exists from draft 6 on
        QVERIFY(!v->validate(u"4"_s).valid);
    }

    void badSchemas()
    {
        const auto notJson = JsonSchemaValidator::create(u"{\"type\": "_s);
        QVERIFY(!notJson.ok());
        QCOMPARE(notJson.error().kind, Error::Kind::Parse);
        QVERIFY2(notJson.error().message.contains(u"line 1"_s), qPrintable(notJson.error().message));

        const auto wrongShape = JsonSchemaValidator::create(u"[1, 2]"_s);
        QVERIFY(!wrongShape.ok());

        // valijson throws on these: reported, not crashed.
        const auto badType = JsonSchemaValidator::create(u"{\"type\": 5}"_s);
        QVERIFY(!badType.ok());
        QCOMPARE(badType.error().kind, Error::Kind::Parse);
        const auto danglingRef = JsonSchemaValidator::create(u"{\"$ref\": \"#/$defs/missing\"}"_s);
        QVERIFY(!danglingRef.ok());
        const auto remoteRef = JsonSchemaValidator::create(u"{\"$ref\": \"https://example.com/s.json\"}"_s);
        QVERIFY(!remoteRef.ok());
    }

    void trueSchemaAcceptsAnything()
    {
        const auto v = makeValidator(u"{}"_s);
        QVERIFY(v);
        QVERIFY(v->validate(u"[1, {\"a\": null}]"_s).valid);
        QVERIFY(v->validate(u"\"text\""_s).valid);
    }

    void concurrentValidation()
    {
        const auto v = makeValidator(PersonSchema);
        std::atomic<int> wrong = 0;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&v, &wrong] {
                for (int i = 0; i < 200; ++i) {
                    const bool valid = v->validate(u"{\"name\": \"x\", \"items\": [{\"id\": %1}]}"_s.arg(i)).valid;
                    const bool invalid = !v->validate(u"{\"name\": \"\", \"items\": []}"_s).valid;
                    if (!valid || !invalid)
                        ++wrong;
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(wrong.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestJsonSchemaValidator)
#include "tst_jsonschemavalidator.moc"
