#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>

#include "common/result.h"

namespace Crucible {

/// Builds a JSON instance that conforms to a JSON Schema, deterministically from a seed:
/// objects get every property (required ones and all listed in "properties"), arrays 1–3 items
/// within minItems/maxItems, enum a seeded pick, const its value, strings honour format
/// (date, date-time, time, email, uri, uuid, hostname, ipv4, ipv6) and minLength/maxLength,
/// integers/numbers stay within minimum/maximum (exclusive too) and multipleOf, anyOf/oneOf take
/// their first branch, allOf merges its object branches, $ref resolves "#..." JSON pointers
/// (#/$defs/X, #/definitions/X). "pattern" is not honoured. Parse error when the schema text is not
/// JSON. The result is pretty-printed JSON (2-space indent).
class SimulatorSchema
{
public:
    static Result<QString> instance(const QString &schemaText, const QStringList &keywords,
                                    std::uint64_t seed);
};

} // namespace Crucible
