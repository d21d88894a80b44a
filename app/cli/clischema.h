#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>


namespace Crucible {
class JsonSchemaValidator;
struct RunOutcome;
}

namespace Crucible::Cli {

struct RunOptions;

/// The --schema FILE of run and compare: its text (sent as ChatRequest::jsonSchema) and the
/// compiled validator. Both empty without --schema.
struct LoadedSchema
{
    QString text;
    std::shared_ptr<const JsonSchemaValidator> validator;
    explicit operator bool() const { return bool(validator); }
};

/// Reads and compiles options.schemaFile (nothing to do without one). On failure prints
/// "cannot read schema FILE: reason" or the validator's message and returns ExitUsage.
std::optional<int> loadSchema(const RunOptions &options, LoadedSchema &schema);

/// The "validation" value of a run: null unless the status is ok, else
/// {"valid":bool,"errors":[{"pointer","message"}]}; an answer that is not JSON gives valid false
/// and one error {"pointer":"","message":"not JSON: <parse error>"}. secrets are redacted.
QByteArray validationJson(const RunOutcome &outcome, const JsonSchemaValidator &validator,
                          const QStringList &secrets);

/// `object` (a JSON object text) with ,"validation":validationJson() before its closing brace;
/// unchanged without a validator.
QByteArray withValidation(QByteArray object, const RunOutcome &outcome, const JsonSchemaValidator *validator,
                          const QStringList &secrets);

} // namespace Crucible::Cli
