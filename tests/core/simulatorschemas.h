#pragma once
// JSON Schemas for tst_simulator and a small structural validator (enough for these schemas).
// Kept out of the Q_OBJECT test file: moc skips classes in files with such raw strings.

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>
#include <QStringList>

#include <cmath>

namespace SimulatorSchemas {

using namespace Qt::StringLiterals;

inline constexpr char Person[] = R"({
  "type": "object",
  "properties": {
    "kind": {"const": "person"},
    "name": {"type": "string", "minLength": 3, "maxLength": 40},
    "age": {"type": "integer", "minimum": 18, "maximum": 30},
    "born": {"type": "string", "format": "date"},
    "updated": {"type": "string", "format": "date-time"},
    "email": {"type": "string", "format": "email"},
    "homepage": {"type": "string", "format": "uri"},
    "score": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
    "active": {"type": "boolean"},
    "role": {"type": "string", "enum": ["admin", "editor", "viewer"]},
    "nickname": {"type": ["string", "null"]},
    "nothing": {"type": "null"},
    "tags": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2}
  },
  "required": ["kind", "name", "age", "born", "email", "role"],
  "additionalProperties": false
})";

inline constexpr char Refs[] = R"({
  "$defs": {"point": {"type": "object", "properties": {"x": {"type": "number"}, "y": {"type": "number"}}, "required": ["x", "y"]}},
  "definitions": {"color": {"type": "string", "enum": ["red", "green"]}},
  "type": "object",
  "properties": {
    "origin": {"$ref": "#/$defs/point"},
    "path": {"type": "array", "items": {"$ref": "#/$defs/point"}, "minItems": 1, "maxItems": 3},
    "color": {"$ref": "#/definitions/color"},
    "label": {"anyOf": [{"type": "string", "maxLength": 5}, {"type": "integer"}]},
    "meta": {"allOf": [
      {"type": "object", "properties": {"a": {"type": "integer", "minimum": 1, "maximum": 1}}, "required": ["a"]},
      {"properties": {"b": {"type": "boolean"}}, "required": ["b"]}
    ]}
  },
  "required": ["origin", "path", "color", "label", "meta"],
  "additionalProperties": false
})";

inline constexpr char NestedArray[] = R"({
  "type": "array", "minItems": 1, "maxItems": 3,
  "items": {
    "type": "object",
    "properties": {
      "id": {"type": "integer", "minimum": 1000, "maximum": 1005, "multipleOf": 5},
      "children": {"type": "array", "items": {"type": "string", "format": "uuid"}, "maxItems": 1}
    },
    "required": ["id", "children"]
  }
})";

inline bool matchesType(const QJsonValue &v, const QString &type)
{
    if (type == u"integer")
        return v.isDouble() && std::floor(v.toDouble()) == v.toDouble();
    if (type == u"number")
        return v.isDouble();
    if (type == u"string")
        return v.isString();
    if (type == u"boolean")
        return v.isBool();
    if (type == u"null")
        return v.isNull();
    if (type == u"object")
        return v.isObject();
    if (type == u"array")
        return v.isArray();
    return false;
}

/// Empty when value conforms to schema; otherwise the first problem found.
inline QString validate(const QJsonValue &value, const QJsonObject &schema, const QJsonObject &root,
                        const QString &at = u"$"_s)
{
    if (schema.contains(u"$ref"_s)) {
        QJsonValue target = root;
        const QStringList parts = schema.value(u"$ref"_s).toString().mid(2).split(u'/');
        for (const QString &part : parts)
            target = target.toObject().value(part);
        return validate(value, target.toObject(), root, at);
    }
    if (schema.contains(u"const"_s) && value != schema.value(u"const"_s))
        return at + u": not the const"_s;
    if (schema.contains(u"enum"_s) && !schema.value(u"enum"_s).toArray().contains(value))
        return at + u": not in enum"_s;
    if (schema.contains(u"anyOf"_s)) {
        for (const QJsonValue &branch : schema.value(u"anyOf"_s).toArray()) {
            if (validate(value, branch.toObject(), root, at).isEmpty())
                return {};
        }
        return at + u": no anyOf branch matches"_s;
    }
    for (const QJsonValue &branch : schema.value(u"allOf"_s).toArray()) {
        if (const QString p = validate(value, branch.toObject(), root, at); !p.isEmpty())
            return p;
    }
    if (schema.contains(u"type"_s)) {
        const QJsonValue type = schema.value(u"type"_s);
        bool ok = false;
        if (type.isArray()) {
            for (const QJsonValue &t : type.toArray())
                ok = ok || matchesType(value, t.toString());
        } else {
            ok = matchesType(value, type.toString());
        }
        if (!ok)
            return at + u": wrong type"_s;
    }
    if (value.isString()) {
        const QString s = value.toString();
        if (s.size() < schema.value(u"minLength"_s).toInt(0) || s.size() > schema.value(u"maxLength"_s).toInt(1 << 30))
            return at + u": length out of range"_s;
        const QString format = schema.value(u"format"_s).toString();
        const QHash<QString, QString> patterns = {
            {u"date"_s, u"^\\d{4}-\\d{2}-\\d{2}$"_s},
            {u"date-time"_s, u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})$"_s},
            {u"email"_s, u"^[^@\\s]+@[^@\\s]+\\.[a-z]+$"_s},
            {u"uri"_s, u"^[a-z][a-z0-9+.-]*:\\S+$"_s},
            {u"uuid"_s, u"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"_s},
        };
        if (patterns.contains(format) && !QRegularExpression(patterns.value(format)).match(s).hasMatch())
            return at + u": not a "_s + format;
    }
    if (value.isDouble()) {
        const double d = value.toDouble();
        if ((schema.contains(u"minimum"_s) && d < schema.value(u"minimum"_s).toDouble())
            || (schema.contains(u"maximum"_s) && d > schema.value(u"maximum"_s).toDouble())
            || (schema.contains(u"exclusiveMinimum"_s) && d <= schema.value(u"exclusiveMinimum"_s).toDouble())
            || (schema.contains(u"exclusiveMaximum"_s) && d >= schema.value(u"exclusiveMaximum"_s).toDouble()))
            return at + u": out of range"_s;
        if (schema.contains(u"multipleOf"_s) && std::fmod(d, schema.value(u"multipleOf"_s).toDouble()) != 0.0)
            return at + u": not a multiple"_s;
    }
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        const QJsonObject props = schema.value(u"properties"_s).toObject();
        for (const QJsonValue &name : schema.value(u"required"_s).toArray()) {
            if (!o.contains(name.toString()))
                return at + u": missing "_s + name.toString();
        }
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (props.contains(it.key())) {
                if (const QString p = validate(it.value(), props.value(it.key()).toObject(), root, at + u'.' + it.key()); !p.isEmpty())
                    return p;
            } else if (schema.value(u"additionalProperties"_s) == QJsonValue(false)) {
                return at + u": unexpected "_s + it.key();
            }
        }
    }
    if (value.isArray()) {
        const QJsonArray a = value.toArray();
        if (a.size() < schema.value(u"minItems"_s).toInt(0) || a.size() > schema.value(u"maxItems"_s).toInt(1 << 30))
            return at + u": item count out of range"_s;
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (const QString p = validate(a.at(i), schema.value(u"items"_s).toObject(), root, at + u"[%1]"_s.arg(i)); !p.isEmpty())
                return p;
        }
    }
    return {};
}

} // namespace SimulatorSchemas
