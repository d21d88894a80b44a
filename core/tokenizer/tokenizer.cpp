#include "tokenizer.h"

#include "tokenizer/bytepairmerge.h"
#include "tokenizer/o200kpretokenizer.h"
#include "tokenizer/utf8text.h"

#include <QCryptographicHash>
#include <QFile>

#include <array>

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

/// Decodes standard base64 (no line breaks) into `out`; false on a bad character or length.
bool decodeBase64(std::string_view in, std::string &out)
{
    static constexpr auto table = [] {
        std::array<signed char, 256> t{};
        t.fill(-1);
        constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 64; ++i)
            t[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
        return t;
    }();
    out.clear();
    while (!in.empty() && in.back() == '=')
        in.remove_suffix(1);
    if (in.size() % 4 == 1)
        return false;
    std::uint32_t acc = 0;
    int bits = 0;
    for (const char ch : in) {
        const int v = table[static_cast<unsigned char>(ch)];
        if (v < 0)
            return false;
        acc = (acc << 6) | std::uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(char((acc >> bits) & 0xFF));
        }
    }
    return true;
}

Error parseError(const QString &what)
{
    return Error{Error::Kind::Parse, u"o200k_base.tiktoken: "_s + what};
}

} // namespace

Result<std::shared_ptr<const O200kTokenizer>> O200kTokenizer::instance()
{
    static const Result<std::shared_ptr<const O200kTokenizer>> s_instance =
        loadFromFile(u":/crucible/tokenizers/o200k_base.tiktoken"_s);
    return s_instance;
}

Result<std::shared_ptr<const O200kTokenizer>> O200kTokenizer::loadFromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{Error::Kind::Io, u"cannot read tokenizer ranks %1: %2"_s.arg(path, file.errorString())};
    return loadFromData(file.readAll());
}

Result<std::shared_ptr<const O200kTokenizer>> O200kTokenizer::loadFromData(const QByteArray &data)
{
    const QByteArray digest = QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
    if (std::string_view(digest.constData(), std::size_t(digest.size())) != ExpectedSha256) {
        return parseError(u"sha256 mismatch (expected %1, got %2): the file is corrupt or a different version"_s.arg(
            QLatin1StringView(ExpectedSha256.data(), qsizetype(ExpectedSha256.size())), QString::fromLatin1(digest)));
    }
    std::shared_ptr<O200kTokenizer> tokenizer(new O200kTokenizer);
    const std::string_view text(data.constData(), std::size_t(data.size()));
    std::string bytes;
    std::size_t pos = 0;
    int line = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        const std::string_view row = text.substr(pos, eol - pos);
        pos = eol + 1;
        if (row.empty())
            continue;
        ++line;
        const std::size_t space = row.find(' ');
        if (space == std::string_view::npos || !decodeBase64(row.substr(0, space), bytes) || bytes.empty())
            return parseError(u"malformed line %1"_s.arg(line));
        const std::string_view number = row.substr(space + 1);
        std::uint32_t rank = 0;
        for (const char d : number) {
            if (d < '0' || d > '9' || rank > 100'000'000)
                return parseError(u"malformed rank on line %1"_s.arg(line));
            rank = rank * 10 + std::uint32_t(d - '0');
        }
        if (number.empty() || rank != tokenizer->m_ranks.size())
            return parseError(u"rank out of order on line %1"_s.arg(line));
        tokenizer->m_ranks.add(bytes);
    }
    if (!tokenizer->m_ranks.seal())
        return parseError(u"duplicate token or missing single-byte token"_s);
    return std::shared_ptr<const O200kTokenizer>(std::move(tokenizer));
}

template <typename Sink>
void O200kTokenizer::forEachPiece(std::string_view validUtf8, Sink &&sink) const
{
    for (std::size_t pos = 0; pos < validUtf8.size();) {
        const std::size_t end = O200kPreTokenizer::pieceEnd(validUtf8, pos);
        sink(validUtf8.substr(pos, end - pos));
        pos = end;
    }
}

std::vector<int> O200kTokenizer::encode(QStringView text) const
{
    return encodeUtf8(Utf8Text::fromUtf16(text));
}

std::vector<int> O200kTokenizer::encodeUtf8(std::string_view text) const
{
    if (!Utf8Text::isValid(text)) {
        const std::string fixed = Utf8Text::sanitized(text);
        return encodeUtf8(fixed);
    }
    std::vector<int> ids;
    ids.reserve(text.size() / 3 + 4);
    forEachPiece(text, [&](std::string_view piece) { BytePairMerge::encode(m_ranks, piece, ids); });
    return ids;
}

qsizetype O200kTokenizer::count(QStringView text) const
{
    return countUtf8(Utf8Text::fromUtf16(text));
}

qsizetype O200kTokenizer::countUtf8(std::string_view text) const
{
    if (!Utf8Text::isValid(text))
        return countUtf8(Utf8Text::sanitized(text));
    qsizetype total = 0;
    std::vector<int> scratch;
    forEachPiece(text, [&](std::string_view piece) {
        if (piece.size() == 1 || m_ranks.rank(piece) != RankTable::None) {
            ++total;
            return;
        }
        scratch.clear();
        BytePairMerge::encode(m_ranks, piece, scratch);
        total += qsizetype(scratch.size());
    });
    return total;
}

QByteArray O200kTokenizer::decode(const std::vector<int> &ids) const
{
    QByteArray out;
    for (const int id : ids) {
        if (id == EndOfText) {
            out += "<|endoftext|>";
        } else if (id == EndOfPrompt) {
            out += "<|endofprompt|>";
        } else if (id >= 0) {
            const std::string_view bytes = m_ranks.bytes(std::uint32_t(id));
            out.append(bytes.data(), qsizetype(bytes.size()));
        }
    }
    return out;
}

} // namespace Crucible
