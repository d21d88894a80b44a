#pragma once

// Private to core/catalog: type checks of a models.json document (built-in file or user overrides),
// so that a broken file is reported as one clear error before anything of it is used.

#include <QString>

#include <string>

#include "common/result.h"
#include "providers/jsonutil.h"

namespace Crucible::CatalogValidate {

/// QString from a UTF-8 std::string.
QString qs(const std::string &s);
/// Checks formatVersion, asOf, the providers blocks and every model row's field types.
/// modelsRequired: the built-in document must have a "models" array; overrides may omit it.
Result<void> validateDocument(const nlohmann::json &doc, bool modelsRequired);

} // namespace Crucible::CatalogValidate
