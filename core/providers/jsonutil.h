#pragma once

// Private to core/providers: nlohmann_json helpers for decoders and the error classifier.
// Never include this from a public header (nlohmann_json is a PRIVATE dependency of core).

#include <QByteArrayView>
#include <QString>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

namespace Crucible::JsonUtil {

using json = nlohmann::json;

/// Parses without throwing; a discarded value (is_discarded()) on malformed input.
inline json parse(QByteArrayView bytes)
{
    return json::parse(bytes.begin(), bytes.end(), nullptr, false);
}

/// The member, or nullptr when `object` is not an object or has no such key.
inline const json *member(const json &object, const char *key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

/// String member as QString; empty when absent or not a string.
inline QString string(const json &object, const char *key)
{
    const json *v = member(object, key);
    if (!v || !v->is_string())
        return {};
    return QString::fromStdString(v->get_ref<const std::string &>());
}

/// A string, a number (integers without ".0") or a bool as text; empty for null/absent/containers.
inline QString scalarText(const json *v)
{
    if (!v)
        return {};
    if (v->is_string())
        return QString::fromStdString(v->get_ref<const std::string &>());
    if (v->is_number_integer())
        return QString::number(v->get<std::int64_t>());
    if (v->is_number_unsigned())
        return QString::number(v->get<std::uint64_t>());
    if (v->is_number_float())
        return QString::number(v->get<double>());
    if (v->is_boolean())
        return v->get<bool>() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

/// Non-negative integer member (floats with an integral value accepted); nullopt otherwise.
inline std::optional<std::int64_t> integer(const json &object, const char *key)
{
    const json *v = member(object, key);
    if (!v)
        return std::nullopt;
    if (v->is_number_integer())
        return v->get<std::int64_t>();
    if (v->is_number_unsigned())
        return std::int64_t(v->get<std::uint64_t>());
    if (v->is_number_float()) {
        const double d = v->get<double>();
        if (d >= 0 && d < 9.0e18 && d == double(std::int64_t(d)))
            return std::int64_t(d);
    }
    return std::nullopt;
}

} // namespace Crucible::JsonUtil
