#pragma once

#include <QList>
#include <QString>

#include <memory>

#include "common/result.h"

namespace Crucible {

/// One validation error: where (JSON Pointer into the instance, "" for the root) and what.
struct SchemaError
{
    QString pointer;
    QString message;
};

/// The verdict on one output.
struct ValidationResult
{
    bool valid = false;
    bool notJson = false;          ///< the text is not JSON
    QString parseError;            ///< with notJson: "line 3, column 7: unexpected '}'"
    QList<SchemaError> errors;     ///< schema errors (empty when valid or notJson)
};

/// Validates JSON text against a JSON Schema with valijson (nlohmann adapter). Accepts draft 4 / 7
/// and the 2019+ spelling users write: `$defs` is mapped to `definitions` (and "#/$defs/…" refs
/// rewritten), `$schema` values valijson does not know are treated as draft 7. Thread-safe after
/// construction (validate is const).
class JsonSchemaValidator
{
public:
    /// Fails (with a message) when the schema text is not JSON or valijson cannot parse it.
    static Result<std::shared_ptr<const JsonSchemaValidator>> create(const QString &schemaText);
    ~JsonSchemaValidator();

    /// answer: the model's text; extractJson() rules apply (trim, one ```json fence).
    ValidationResult validate(const QString &answer) const;

private:
    JsonSchemaValidator();
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace Crucible
