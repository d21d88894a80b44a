#pragma once

// Internal to core: how an answer's JSON document is found. Not part of the public API.

#include <QString>

namespace Crucible {

/// Where the JSON document of an answer is: the text to parse and its offset in the answer.
struct JsonCandidate
{
    QString text;          ///< trimmed, without the ```json fence
    qsizetype offset = 0;  ///< index of text[0] in the answer
};

/// Trims whitespace; a single fence around the whole answer (``` or ```json, any case, on its own
/// first line, closing ``` at the end, no other ``` inside) is removed and the body trimmed again.
JsonCandidate jsonCandidate(const QString &answer);

} // namespace Crucible
