#pragma once

#include "common/result.h"
#include "tokenizer/ranktable.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <string_view>
#include <vector>

namespace Crucible {

/// OpenAI's o200k_base BPE (GPT-4o, GPT-4.1, GPT-5, o-series), reproducing tiktoken's
/// `encode_ordinary` id for id: special-token text such as "<|endoftext|>" is ordinary text.
/// The ranks come from :/crucible/tokenizers/o200k_base.tiktoken, compiled into core, and are
/// checked against their published sha256 before use. An instance is immutable; every method is
/// const and may be called from any thread at once.
class O200kTokenizer
{
public:
    static constexpr std::string_view ExpectedSha256 =
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d";
    static constexpr int EndOfText = 199999;   ///< <|endoftext|> (decode only)
    static constexpr int EndOfPrompt = 200018; ///< <|endofprompt|> (decode only)

    /// The shared instance, loaded from the resource on first call (thread-safe, once; later
    /// calls return the same pointer or the same error).
    static Result<std::shared_ptr<const O200kTokenizer>> instance();
    /// Loads a .tiktoken file; Error::Kind::Io when unreadable, Parse on a sha256 mismatch or a
    /// malformed line. Used by instance(), and by tests with corrupted copies.
    static Result<std::shared_ptr<const O200kTokenizer>> loadFromFile(const QString &path);
    /// Same from bytes already in memory.
    static Result<std::shared_ptr<const O200kTokenizer>> loadFromData(const QByteArray &data);

    /// Token ids of `text`. Unpaired surrogates are encoded as U+FFFD (what tiktoken does).
    std::vector<int> encode(QStringView text) const;
    /// Token ids of UTF-8 `text`; ill-formed sequences become U+FFFD first (as Python's
    /// decode("utf-8", "replace") would give tiktoken), so the result is always defined.
    std::vector<int> encodeUtf8(std::string_view text) const;
    /// Number of tokens encode() would return, without building the id list.
    qsizetype count(QStringView text) const;
    qsizetype countUtf8(std::string_view text) const;
    /// The bytes of `ids` joined (may split a UTF-8 sequence, as tiktoken's decode_bytes).
    /// EndOfText/EndOfPrompt decode to their text; other unknown ids are skipped.
    QByteArray decode(const std::vector<int> &ids) const;

    /// Ordinary (mergeable) tokens in the vocabulary: 199998 for o200k_base.
    int vocabularySize() const { return int(m_ranks.size()); }
    const RankTable &ranks() const { return m_ranks; }

private:
    O200kTokenizer() = default;
    template <typename Sink>
    void forEachPiece(std::string_view validUtf8, Sink &&sink) const;

    RankTable m_ranks;
};

} // namespace Crucible
