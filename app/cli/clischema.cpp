// --schema FILE: loading the schema and reporting each answer's validation.
#include "clischema.h"

#include <QFile>

#include "cliargs.h"
#include "clijson.h"
#include "common/redact.h"
#include "engine/runoutcome.h"
#include "runcommand.h"
#include "schema/jsonschemavalidator.h"

using namespace Qt::StringLiterals;

namespace Crucible::Cli {

std::optional<int> loadSchema(const RunOptions &options, LoadedSchema &schema)
{
    if (options.schemaFile.isEmpty())
        return std::nullopt;
    QFile file(options.schemaFile);
    const bool opened = file.open(QIODevice::ReadOnly);
    const QByteArray bytes = opened ? file.readAll() : QByteArray();
    if (!opened || file.error() != QFileDevice::NoError) {
        printError(u"cannot read schema %1: %2"_s.arg(options.schemaFile, file.errorString()));
        return ExitUsage;
    }
    const QString text = QString::fromUtf8(bytes);
    auto validator = JsonSchemaValidator::create(text);
    if (!validator) {
        printError(u"invalid schema %1: %2"_s.arg(options.schemaFile, validator.error().message));
        return ExitUsage;
    }
    schema.text = text;
    schema.validator = std::move(validator).value();
    return std::nullopt;
}

QByteArray validationJson(const RunOutcome &outcome, const JsonSchemaValidator &validator,
                          const QStringList &secrets)
{
    if (outcome.status != RunOutcome::Status::Ok)
        return "null"_ba;
    const ValidationResult result = validator.validate(outcome.text);
    QList<SchemaError> errors = result.errors;
    if (result.notJson)
        errors = {SchemaError{QString(), u"not JSON: "_s + result.parseError}};
    QByteArray list = "[";
    for (const SchemaError &e : std::as_const(errors)) {
        list += (list.size() > 1 ? ","_ba : QByteArray()) + "{\"pointer\":" + jsonString(redacted(e.pointer, secrets))
            + ",\"message\":" + jsonString(redacted(e.message, secrets)) + '}';
    }
    list += ']';
    const bool valid = result.valid && !result.notJson;
    return "{\"valid\":" + (valid ? "true"_ba : "false"_ba) + ",\"errors\":" + list + '}';
}

QByteArray withValidation(QByteArray object, const RunOutcome &outcome, const JsonSchemaValidator *validator,
                          const QStringList &secrets)
{
    if (!validator || !object.endsWith('}'))
        return object;
    object.chop(1);
    return object + ",\"validation\":" + validationJson(outcome, *validator, secrets) + '}';
}

} // namespace Crucible::Cli
