#pragma once

#include <QList>
#include <QString>

#include <functional>
#include <memory>

#include "common/result.h"

namespace Crucible {

/// One validation error: where (JSON Pointer into the instance, "" for the root, "~0"/"~1" escaping)
/// and what (valijson's English description, e.g. "Missing required property 'name'.").
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
    QString parseError;            ///< with notJson: "line 3, column 7: syntax error while parsing object -
                                   ///< unexpected '}'; expected string literal" (1-based, characters,
                                   ///< counted in the whole answer, fence lines included)
    QList<SchemaError> errors;     ///< schema errors (empty when valid or notJson), in valijson's order,
                                   ///< duplicates and valijson's "Failed to validate item #…" /
                                   ///< "…associated with property name…" wrappers of deeper errors removed
};

/// Validates JSON text against a JSON Schema with valijson (nlohmann adapter). Accepts draft 4 / 7
/// and the 2019+ spelling users write: `$defs` is mapped to `definitions` (and "#/$defs/…" refs
/// rewritten), a `$schema` containing "draft-04" selects draft 4, anything else (or none) draft 7.
/// Remote `$ref`s are not fetched (create fails). `format` is checked for date, time, date-time only.
/// Thread-safe after construction (validate is const).
class JsonSchemaValidator
{
public:
    /// Fails (Error::Kind::Parse, with a message) when the schema text is not JSON, is neither an
    /// object nor a boolean, or valijson cannot parse it (bad keyword values, dangling or remote refs).
    static Result<std::shared_ptr<const JsonSchemaValidator>> create(const QString &schemaText);
    ~JsonSchemaValidator();

    /// answer: the model's text; extractJson() rules apply (trim, one ```json fence).
    ValidationResult validate(const QString &answer) const;
    /// The verdict alone, as summarizeColumn()'s SchemaCheck wants it. The function refers to this
    /// validator: use it while the validator lives.
    std::function<bool(const QString &)> validityCheck() const;

private:
    JsonSchemaValidator();
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace Crucible
