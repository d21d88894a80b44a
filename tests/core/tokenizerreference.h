#pragma once

// The specification of o200k_base rebuilt independently of the product, for tst_tokenizer only:
// the official split pattern run by PCRE2, a plain O(n^2) byte-pair merge over ranks parsed with
// QByteArray::fromBase64, and a generator of random text from long-assigned code points.

#include <QRandomGenerator>
#include <QString>

#include <climits>
#include <string>
#include <unordered_map>
#include <vector>

#ifdef CRUCIBLE_HAVE_PCRE2
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif

namespace {

using Ids = std::vector<int>;
using Pieces = std::vector<std::string>;
using RefRanks = std::unordered_map<std::string, int>;

// tiktoken_ext/openai_public.py, o200k_base pat_str, verbatim.
const char OfficialPattern[] =
    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
    "|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
    "|\\p{N}{1,3}"
    "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*"
    "|\\s*[\\r\\n]+"
    "|\\s+(?!\\S)"
    "|\\s+";

// Rust's \s is Unicode White_Space; PCRE2's \s also takes U+180E, so spell the property out.
const char WhiteSpace[] = "\\t\\n\\x{0B}\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}"
                          "\\x{205F}\\x{3000}";

std::string pcrePattern()
{
    std::string p = OfficialPattern;
    const auto replaceAll = [&p](const std::string &from, const std::string &to) {
        for (std::size_t at = p.find(from); at != std::string::npos; at = p.find(from, at + to.size()))
            p.replace(at, from.size(), to);
    };
    replaceAll("[^\\s", std::string("[^") + WhiteSpace);
    replaceAll("\\S", std::string("[^") + WhiteSpace + "]");
    replaceAll("\\s", std::string("[") + WhiteSpace + "]");
    return p;
}

/// The reference pre-tokenizer: PCRE2 with the official pattern. Empty on a gap (cannot happen
/// with this pattern, so a gap fails the comparison).
class ReferenceSplitter
{
public:
    ReferenceSplitter()
    {
#ifdef CRUCIBLE_HAVE_PCRE2
        const std::string pattern = pcrePattern();
        int code = 0;
        PCRE2_SIZE offset = 0;
        m_code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.c_str()), pattern.size(),
                               PCRE2_UTF | PCRE2_UCP, &code, &offset, nullptr);
        m_match = pcre2_match_data_create(4, nullptr);
#endif
    }
    ~ReferenceSplitter()
    {
#ifdef CRUCIBLE_HAVE_PCRE2
        pcre2_match_data_free(m_match);
        pcre2_code_free(m_code);
#endif
    }
    bool isAvailable() const { return m_code != nullptr; }

    Pieces split(const std::string &text) const
    {
        Pieces pieces;
#ifdef CRUCIBLE_HAVE_PCRE2
        for (std::size_t pos = 0; pos < text.size();) {
            const int rc = pcre2_match(m_code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), pos, 0,
                                       m_match, nullptr);
            const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m_match);
            if (rc < 0 || ov[0] != pos || ov[1] <= pos)
                return {};
            pieces.emplace_back(text.substr(pos, ov[1] - pos));
            pos = ov[1];
        }
#else
        Q_UNUSED(text);
#endif
        return pieces;
    }

private:
#ifdef CRUCIBLE_HAVE_PCRE2
    pcre2_code *m_code = nullptr;
    pcre2_match_data *m_match = nullptr;
#else
    void *m_code = nullptr;
#endif
};

/// tiktoken's merge rule, written the obvious way: whole piece if it is a token, else join the
/// lowest-ranked adjacent pair (leftmost on ties) until none is a token.
Ids referenceBpe(const std::string &piece, const RefRanks &ranks)
{
    if (const auto it = ranks.find(piece); it != ranks.end())
        return {it->second};
    std::vector<std::string> parts;
    for (const char c : piece)
        parts.emplace_back(1, c);
    for (;;) {
        int best = INT_MAX;
        std::size_t at = 0;
        for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
            const auto it = ranks.find(parts[i] + parts[i + 1]);
            if (it != ranks.end() && it->second < best) {
                best = it->second;
                at = i;
            }
        }
        if (best == INT_MAX)
            break;
        parts[at] += parts[at + 1];
        parts.erase(parts.begin() + std::ptrdiff_t(at) + 1);
    }
    Ids ids;
    for (const std::string &p : parts)
        ids.push_back(ranks.at(p));
    return ids;
}

std::string utf8(const QString &s)
{
    const QByteArray b = s.toUtf8();
    return std::string(b.constData(), std::size_t(b.size()));
}

Pieces ours(const std::string &text)
{
    Pieces pieces;
    for (const std::string_view v : O200kPreTokenizer::split(text))
        pieces.emplace_back(v);
    return pieces;
}

QByteArray show(const Pieces &pieces)
{
    QStringList parts;
    for (const std::string &p : pieces)
    {
        QString escaped;
        for (const QChar c : QString::fromUtf8(p.data(), qsizetype(p.size())))
            escaped += c.unicode() < 0x20 ? u"\\x"_s + QString::number(c.unicode(), 16) : QString(c);
        parts << u"\""_s + escaped + u"\""_s;
    }
    return parts.join(u", "_s).toUtf8();
}

/// Random text from long-assigned code points (Unicode <= 8, so Qt's and PCRE2's tables agree)
/// and fragments that stress the pattern: contractions, case changes, digit runs, CR/LF mixes.
class TextGenerator
{
public:
    explicit TextGenerator(quint32 seed) : m_rng(seed) {}

    QString next(int maxItems)
    {
        static const std::vector<std::pair<char32_t, char32_t>> ranges = {
            {U'a', U'z'}, {U'A', U'Z'}, {U'0', U'9'}, {U'!', U'/'}, {U':', U'@'}, {U'[', U'`'}, {U'{', U'~'},
            {0xC0, 0xFF}, {0x100, 0x17F}, {0x1C4, 0x1CC}, {0x2B0, 0x2C1}, {0x300, 0x36F}, {0x391, 0x3A9},
            {0x3B1, 0x3C9}, {0x410, 0x44F}, {0x5D0, 0x5EA}, {0x627, 0x64A}, {0x64B, 0x652}, {0x660, 0x669},
            {0x915, 0x939}, {0x93E, 0x94D}, {0x966, 0x96F}, {0xE01, 0xE3A}, {0x2000, 0x200D}, {0x2010, 0x2027},
            {0x2070, 0x2079}, {0x20A0, 0x20B9}, {0x20D0, 0x20E0}, {0x2160, 0x2188}, {0x2460, 0x249B},
            {0x3000, 0x3005}, {0x3041, 0x3096}, {0x30A1, 0x30FC}, {0x4E00, 0x4FFF}, {0xAC00, 0xACFF},
            {0xFE00, 0xFE0F}, {0xFF10, 0xFF5A}, {0x1F300, 0x1F64F}, {0x1F3FB, 0x1F3FF}, {0x1D400, 0x1D433},
        };
        static const QStringList fragments = {
            u" "_s, u"  "_s, u"   "_s, u"\n"_s, u"\r\n"_s, u"\n\n"_s, u"\t"_s, u" \n "_s, u"\r"_s,
            u"'s"_s, u"'S"_s, u"'t"_s, u"'re"_s, u"'VE"_s, u"'m"_s, u"'ll"_s, u"'LL"_s, u"'d"_s, u"'D"_s,
            u"'ſ"_s, u"'x"_s, u"'"_s, u"\u2019s"_s, u"don't"_s, u"HTTP"_s, u"camelCase"_s, u"XMLHttp"_s,
            u"1234567"_s, u"3.14"_s, u"-42"_s, u"a/b"_s, u"//"_s, u"\u00A0"_s, u"\u3000"_s, u"\u2028"_s,
            u"\u0085"_s, u"\v"_s, u"\f"_s, u"\u200D"_s, u"\uFE0F"_s, u"<|endoftext|>"_s, u"\u0000"_s,
            u"\u0001"_s, u"\u001F"_s, u"\u200B"_s, u"e\u0301"_s, u"\u0301"_s,
            u"\u01C5"_s, u"\u02BC"_s, u"\U0001F468\u200D\U0001F469\u200D\U0001F467"_s,
            u"\U0001F44D\U0001F3FD"_s, u"\u0928\u092E\u0938\u094D\u0924\u0947"_s,
        };
        QString s;
        const int items = int(m_rng.bounded(maxItems + 1));
        for (int i = 0; i < items; ++i) {
            if (m_rng.bounded(3) == 0) {
                s += fragments.at(int(m_rng.bounded(int(fragments.size()))));
                continue;
            }
            const auto &[lo, hi] = ranges[m_rng.bounded(quint32(ranges.size()))];
            const int run = 1 + int(m_rng.bounded(4));
            for (int k = 0; k < run; ++k) {
                const char32_t cp = lo + m_rng.bounded(hi - lo + 1);
                s += QString::fromUcs4(&cp, 1);
            }
        }
        return s;
    }

private:
    QRandomGenerator m_rng;
};

} // namespace
