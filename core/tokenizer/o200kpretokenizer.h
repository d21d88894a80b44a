#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace Crucible {

/// The pre-tokenizer of tiktoken's o200k_base, hand-coded: it yields exactly the matches of
///
///   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///  |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///  |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
///
/// under leftmost-first (backtracking) semantics, as fancy-regex runs it in tiktoken. \s is
/// Unicode White_Space (Rust regex), categories come from QChar::category (Qt's Unicode tables,
/// so code points assigned after Qt's Unicode version are classified as unassigned). The
/// case-insensitive contraction letter s also matches U+017F (long s), as Unicode folding does.
/// Every position starts a match, so the pieces tile the text. Stateless and thread-safe.
class O200kPreTokenizer
{
public:
    /// Byte offset where the piece starting at `pos` ends (> pos). `text` must be well-formed
    /// UTF-8 (see Utf8Text) and `pos` < text.size() on a code point boundary.
    static std::size_t pieceEnd(std::string_view text, std::size_t pos);
    /// All pieces of `text`, in order (views into `text`).
    static std::vector<std::string_view> split(std::string_view text);
};

} // namespace Crucible
