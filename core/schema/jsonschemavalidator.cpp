#include "schema/jsonschemavalidator.h"

#include "compare/jsontext.h"

// valijson reports schema problems by throwing only with this set (else it aborts).
#define VALIJSON_USE_EXCEPTIONS 1
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <exception>

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

/// `$defs` → `definitions` (merged into an existing `definitions`), "#/$defs/…" refs → "#/definitions/…".
void rewriteDefs(nlohmann::json &node)
{
    if (node.is_array()) {
        for (nlohmann::json &item : node)
            rewriteDefs(item);
        return;
    }
    if (!node.is_object())
        return;
    const auto ref = node.find("$ref");
    if (ref != node.end() && ref->is_string()) {
        const std::string target = ref->get<std::string>();
        const std::string prefix = "#/$defs/";
        if (target.rfind(prefix, 0) == 0)
            *ref = "#/definitions/" + target.substr(prefix.size());
        else if (target == "#/$defs")
            *ref = "#/definitions";
    }
    const auto defs = node.find("$defs");
    if (defs != node.end() && defs->is_object()) {
        nlohmann::json moved = std::move(*defs);
        node.erase("$defs");
        nlohmann::json &definitions = node["definitions"];
        if (!definitions.is_object())
            definitions = nlohmann::json::object();
        for (auto it = moved.begin(); it != moved.end(); ++it) {
            if (!definitions.contains(it.key()))
                definitions[it.key()] = std::move(it.value());
        }
    }
    for (auto it = node.begin(); it != node.end(); ++it)
        rewriteDefs(it.value());
}

valijson::SchemaParser::Version versionOf(const nlohmann::json &schema)
{
    if (schema.is_object()) {
        const auto it = schema.find("$schema");
        if (it != schema.end() && it->is_string() && it->get<std::string>().find("draft-04") != std::string::npos)
            return valijson::SchemaParser::kDraft4;
    }
    return valijson::SchemaParser::kDraft7;
}

/// ["<root>", "[items]", "[0]"] → "/items/0".
QString pointerOf(const std::vector<std::string> &context)
{
    QString pointer;
    for (const std::string &part : context) {
        if (part == "<root>")
            continue;
        QString token = QString::fromStdString(part);
        if (token.startsWith(u'[') && token.endsWith(u']'))
            token = token.mid(1, token.size() - 2);
        token.replace(u'~', u"~0"_s);
        token.replace(u'/', u"~1"_s);
        pointer += u'/' + token;
    }
    return pointer;
}

/// The messages valijson adds for each enclosing item or property of a deeper error.
bool isWrapperMessage(const std::string &message)
{
    for (const char *prefix : {"Failed to validate item #", "Failed to validate against schema associated with",
                               "Failed to validate against child schema #"}) {
        if (message.rfind(prefix, 0) == 0)
            return true;
    }
    return false;
}

/// "line 3, column 7: syntax error while parsing object - unexpected '}'; expected string literal",
/// line and column (1-based, in characters) counted in the whole answer.
QString describeParseError(const nlohmann::json::parse_error &e, const QByteArray &utf8,
                           const QString &answer, qsizetype offset)
{
    const qsizetype byte = std::clamp<qsizetype>(qsizetype(e.byte) - 1, 0, utf8.size());
    const qsizetype at = offset + QString::fromUtf8(utf8.left(byte)).size();
    const QStringView before = QStringView(answer).left(at);
    const qsizetype line = before.count(u'\n') + 1;
    const qsizetype column = at - (before.lastIndexOf(u'\n') + 1) + 1;
    QString what = QString::fromUtf8(e.what());
    const qsizetype colon = what.indexOf(u": "_s, what.indexOf(u"parse error"_s));
    if (colon >= 0)
        what = what.mid(colon + 2);
    return u"line %1, column %2: %3"_s.arg(line).arg(column).arg(what);
}

} // namespace

struct JsonSchemaValidator::Impl
{
    nlohmann::json document;
    valijson::Schema schema;
};

JsonSchemaValidator::JsonSchemaValidator() : d(std::make_unique<Impl>()) {}

JsonSchemaValidator::~JsonSchemaValidator() = default;

Result<std::shared_ptr<const JsonSchemaValidator>> JsonSchemaValidator::create(const QString &schemaText)
{
    std::shared_ptr<JsonSchemaValidator> validator(new JsonSchemaValidator());
    const QByteArray utf8 = schemaText.toUtf8();
    try {
        validator->d->document = nlohmann::json::parse(utf8.cbegin(), utf8.cend());
    } catch (const nlohmann::json::parse_error &e) {
        return Error{Error::Kind::Parse,
                     u"The schema is not JSON: %1"_s.arg(describeParseError(e, utf8, schemaText, 0))};
    }
    if (!validator->d->document.is_object() && !validator->d->document.is_boolean())
        return Error{Error::Kind::Parse, u"The schema is not a JSON object."_s};
    rewriteDefs(validator->d->document);
    try {
        valijson::SchemaParser parser(versionOf(validator->d->document));
        const valijson::adapters::NlohmannJsonAdapter adapter(validator->d->document);
        parser.populateSchema(adapter, validator->d->schema);
    } catch (const std::exception &e) {
        return Error{Error::Kind::Parse, u"The schema cannot be used: %1"_s.arg(QString::fromUtf8(e.what()))};
    }
    return std::shared_ptr<const JsonSchemaValidator>(std::move(validator));
}

std::function<bool(const QString &)> JsonSchemaValidator::validityCheck() const
{
    return [this](const QString &answer) { return validate(answer).valid; };
}

ValidationResult JsonSchemaValidator::validate(const QString &answer) const
{
    ValidationResult result;
    const JsonCandidate candidate = jsonCandidate(answer);
    const QByteArray utf8 = candidate.text.toUtf8();
    nlohmann::json instance;
    try {
        instance = nlohmann::json::parse(utf8.cbegin(), utf8.cend());
    } catch (const nlohmann::json::parse_error &e) {
        result.notJson = true;
        result.parseError = describeParseError(e, utf8, answer, candidate.offset);
        return result;
    }

    valijson::ValidationResults errors;
    try {
        valijson::Validator validator;
        const valijson::adapters::NlohmannJsonAdapter adapter(instance);
        result.valid = validator.validate(d->schema, adapter, &errors);
    } catch (const std::exception &e) {
        result.valid = false;
        result.errors.append({QString(), u"Validation failed: %1"_s.arg(QString::fromUtf8(e.what()))});
        return result;
    }
    if (result.valid)
        return result;

    bool onlyWrappers = true;
    for (const valijson::ValidationResults::Error &error : errors)
        onlyWrappers = onlyWrappers && isWrapperMessage(error.description);
    for (const valijson::ValidationResults::Error &error : errors) {
        if (!onlyWrappers && isWrapperMessage(error.description))
            continue;
        const SchemaError item{pointerOf(error.context), QString::fromStdString(error.description)};
        const bool seen = std::any_of(result.errors.cbegin(), result.errors.cend(), [&item](const SchemaError &e) {
            return e.pointer == item.pointer && e.message == item.message;
        });
        if (!seen)
            result.errors.append(item);
    }
    if (result.errors.isEmpty())
        result.errors.append({QString(), u"The value does not match the schema."_s});
    return result;
}

} // namespace Crucible
