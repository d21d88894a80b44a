#pragma once

#include "common/result.h"

#include <QString>

namespace Crucible {

/// A token count and whether it is the provider's own number.
struct TokenCount
{
    qsizetype tokens = 0;
    bool isExact = false; ///< false: an o200k_base estimate, shown with "≈"

    /// "1234" when exact, "≈1234" otherwise.
    QString display() const;
};

/// Counts prompt tokens for a model id. OpenAI models that use o200k_base (gpt-4o*, chatgpt-4o*,
/// gpt-4.1*, gpt-4.5*, gpt-5*, gpt-oss*, o1*, o3*, o4*, codex-mini*, also with an "openai/" or
/// "ft:" prefix) get the exact count; every other model an o200k_base estimate with
/// isExact == false. Thread-safe; the first call loads the ranks (see O200kTokenizer::instance).
class TokenCounter
{
public:
    /// True when `modelId` tokenizes with o200k_base, so count() is exact for it.
    static bool isExactFor(QStringView modelId);
    /// Fails only when the tokenizer ranks cannot be loaded.
    static Result<TokenCount> count(QStringView modelId, QStringView text);
};

} // namespace Crucible
