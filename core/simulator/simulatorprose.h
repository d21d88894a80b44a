#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>

namespace Crucible {

/// The Simulator's word bank: plausible English prose that echoes a few of the prompt's keywords.
/// Pure functions, deterministic for a given seed.
class SimulatorProse
{
public:
    /// Up to max distinct keywords of the prompt (words of 4+ letters, stop words dropped,
    /// lower-cased unless spelled with inner capitals), longest first.
    static QStringList keywords(const QString &prompt, int max = 3);
    /// A reply of about targetTokens tokens (SimTokenizer), ending with a full sentence.
    static QString reply(const QStringList &keywords, std::uint64_t seed, int targetTokens);
    /// A few words for a JSON string value.
    static QString phrase(const QStringList &keywords, std::uint64_t seed);
};

} // namespace Crucible
