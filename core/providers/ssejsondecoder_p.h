#pragma once

// Private to core/providers: the JSON side shared by the stream decoders (includes nlohmann_json).

#include "providers/jsonutil.h"

namespace Crucible::DecoderJson {

/// True when `value` has a non-null top-level "error" member (the error report most providers
/// and proxies send, in a stream or as a whole body).
inline bool hasError(const JsonUtil::json &value)
{
    const JsonUtil::json *error = JsonUtil::member(value, "error");
    return error && !error->is_null();
}

} // namespace Crucible::DecoderJson
