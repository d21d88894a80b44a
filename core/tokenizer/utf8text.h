#pragma once

#include <QStringView>

#include <string>
#include <string_view>

namespace Crucible {

/// UTF-8 helpers for the tokenizer. tiktoken encodes Python `str`, never raw bytes, so every input
/// is first made well-formed the way Python would: lone UTF-16 surrogates become U+FFFD (tiktoken
/// re-decodes such text with "surrogatepass"/"replace" before encoding), and ill-formed UTF-8
/// becomes U+FFFD per maximal subpart, as `bytes.decode("utf-8", "replace")` does.
class Utf8Text
{
public:
    /// UTF-16 to UTF-8; each unpaired surrogate becomes U+FFFD (EF BF BD).
    static std::string fromUtf16(QStringView text);
    /// True when `bytes` is well-formed UTF-8: no overlongs, no surrogates, nothing above U+10FFFF.
    static bool isValid(std::string_view bytes);
    /// `bytes` with each maximal ill-formed subpart replaced by U+FFFD; valid input is unchanged.
    static std::string sanitized(std::string_view bytes);
};

} // namespace Crucible
