#pragma once

// Private to core/providers: the classifier on already parsed JSON (decoders use it so a
// mid-stream error object is not parsed twice). Includes nlohmann_json: never from a public header.

#include "providers/errorclassifier.h"
#include "providers/jsonutil.h"

namespace Crucible::ErrorClassifier {

/// classifyStreamError() on a parsed value (the event object or the error object).
ProviderError fromStreamJson(const JsonUtil::json &value);

/// One line, trimmed, at most maxMessageLength characters ("…" marks a cut).
QString oneLine(const QString &text);

} // namespace Crucible::ErrorClassifier
