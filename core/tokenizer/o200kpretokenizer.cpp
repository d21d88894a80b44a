#include "o200kpretokenizer.h"

#include <QChar>

#include <array>
#include <cstdint>

namespace Crucible {

namespace {

enum Flag : std::uint8_t {
    Upper = 1,  ///< [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
    Lower = 2,  ///< [\p{Ll}\p{Lm}\p{Lo}\p{M}]
    Letter = 4, ///< \p{L}
    Number = 8, ///< \p{N}
    Space = 16, ///< \s: Unicode White_Space
    CrLf = 32,  ///< \r or \n
};

constexpr std::array<std::uint8_t, 128> asciiFlags()
{
    std::array<std::uint8_t, 128> t{};
    for (int c = 'A'; c <= 'Z'; ++c)
        t[c] = Upper | Letter;
    for (int c = 'a'; c <= 'z'; ++c)
        t[c] = Lower | Letter;
    for (int c = '0'; c <= '9'; ++c)
        t[c] = Number;
    for (int c : {'\t', '\n', '\v', '\f', '\r', ' '})
        t[c] = Space;
    t['\r'] |= CrLf;
    t['\n'] |= CrLf;
    return t;
}
constexpr std::array<std::uint8_t, 128> kAscii = asciiFlags();

bool isWhiteSpace(char32_t cp)
{
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028
           || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

std::uint8_t nonAsciiFlags(char32_t cp)
{
    std::uint8_t f = 0;
    switch (QChar::category(cp)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Titlecase:
        f = Upper | Letter;
        break;
    case QChar::Letter_Lowercase:
        f = Lower | Letter;
        break;
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
        f = Upper | Lower | Letter;
        break;
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
        f = Upper | Lower;
        break;
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
        f = Number;
        break;
    default:
        break;
    }
    if (isWhiteSpace(cp))
        f |= Space;
    return f;
}

struct Ch
{
    std::uint8_t flags;
    std::uint8_t len;
};

/// A scanner over well-formed UTF-8; each helper returns an end offset, 0 meaning "no match"
/// (a match always ends after its start, so 0 is never a real end).
class Scanner
{
public:
    explicit Scanner(std::string_view s) : m_p(reinterpret_cast<const unsigned char *>(s.data())), m_n(s.size()) {}

    Ch at(std::size_t i) const
    {
        const unsigned b0 = m_p[i];
        if (b0 < 0x80)
            return {kAscii[b0], 1};
        char32_t cp;
        std::uint8_t len;
        if (b0 < 0xE0) {
            cp = (char32_t(b0 & 0x1F) << 6) | (m_p[i + 1] & 0x3F);
            len = 2;
        } else if (b0 < 0xF0) {
            cp = (char32_t(b0 & 0x0F) << 12) | (char32_t(m_p[i + 1] & 0x3F) << 6) | (m_p[i + 2] & 0x3F);
            len = 3;
        } else {
            cp = (char32_t(b0 & 0x07) << 18) | (char32_t(m_p[i + 1] & 0x3F) << 12)
                 | (char32_t(m_p[i + 2] & 0x3F) << 6) | (m_p[i + 3] & 0x3F);
            len = 4;
        }
        return {nonAsciiFlags(cp), len};
    }

    /// [Upper]*[Lower]+ from p, backtracking the Upper run as a regex engine would.
    std::size_t lowerWord(std::size_t p) const
    {
        std::size_t q = p, lastLower = 0;
        while (q < m_n) {
            const Ch c = at(q);
            if (!(c.flags & Upper)) {
                if (c.flags & Lower)
                    return lowerRun(q + c.len);
                break;
            }
            q += c.len;
            if (c.flags & Lower)
                lastLower = q;
        }
        return lastLower;
    }

    /// [Upper]+[Lower]* from p.
    std::size_t upperWord(std::size_t p) const
    {
        std::size_t q = p;
        while (q < m_n) {
            const Ch c = at(q);
            if (!(c.flags & Upper))
                break;
            q += c.len;
        }
        return q == p ? 0 : lowerRun(q);
    }

    std::size_t lowerRun(std::size_t r) const
    {
        while (r < m_n) {
            const Ch c = at(r);
            if (!(c.flags & Lower))
                break;
            r += c.len;
        }
        return r;
    }

    /// (?i:'s|'t|'re|'ve|'m|'ll|'d)? after a word ending at e.
    std::size_t contraction(std::size_t e) const
    {
        if (e + 1 >= m_n || m_p[e] != '\'')
            return e;
        const unsigned c1 = m_p[e + 1] | 0x20u;
        if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd')
            return e + 2;
        if (m_p[e + 1] == 0xC5 && e + 2 < m_n && m_p[e + 2] == 0xBF) // U+017F folds to s
            return e + 3;
        if (e + 2 < m_n) {
            const unsigned c2 = m_p[e + 2] | 0x20u;
            if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l'))
                return e + 3;
        }
        return e;
    }

    static bool isPunct(Ch c) { return !(c.flags & (Space | Letter | Number)); }

    std::size_t pieceEnd(std::size_t i) const;

private:
    const unsigned char *m_p;
    std::size_t m_n;
};

std::size_t Scanner::pieceEnd(std::size_t i) const
{
    const Ch c = at(i);
    const bool prefix = !(c.flags & (Letter | Number | CrLf)); // [^\r\n\p{L}\p{N}]
    const bool wordChar = c.flags & (Upper | Lower);

    // Alternatives 1 and 2, each first with the optional prefix character, then without.
    if (prefix && i + c.len < m_n) {
        if (const std::size_t e = lowerWord(i + c.len))
            return contraction(e);
    }
    if (wordChar) {
        if (const std::size_t e = lowerWord(i))
            return contraction(e);
    }
    if (prefix && i + c.len < m_n) {
        if (const std::size_t e = upperWord(i + c.len))
            return contraction(e);
    }
    if (wordChar) {
        if (const std::size_t e = upperWord(i))
            return contraction(e);
    }
    // \p{N}{1,3}
    if (c.flags & Number) {
        std::size_t j = i + c.len;
        for (int k = 1; k < 3 && j < m_n; ++k) {
            const Ch d = at(j);
            if (!(d.flags & Number))
                break;
            j += d.len;
        }
        return j;
    }
    // " ?[^\s\p{L}\p{N}]+[\r\n/]*"
    std::size_t j = 0;
    if (m_p[i] == ' ' && i + 1 < m_n && isPunct(at(i + 1)))
        j = i + 1;
    else if (isPunct(c))
        j = i;
    else
        j = m_n + 1;
    if (j <= m_n) {
        do {
            j += at(j).len;
        } while (j < m_n && isPunct(at(j)));
        while (j < m_n && (m_p[j] == '\r' || m_p[j] == '\n' || m_p[j] == '/'))
            ++j;
        return j;
    }
    // \s*[\r\n]+ | \s+(?!\S) | \s+  — c is white space here.
    std::size_t w = i, lastStart = i, afterNewline = 0;
    int count = 0;
    while (w < m_n) {
        const Ch d = at(w);
        if (!(d.flags & Space))
            break;
        lastStart = w;
        w += d.len;
        ++count;
        if (d.flags & CrLf)
            afterNewline = w;
    }
    if (afterNewline)
        return afterNewline; // the run up to its last \r or \n
    if (w == m_n || count < 2)
        return w > i ? w : i + c.len; // whole run at the end; a lone space before a non-space
    return lastStart; // the last space is left for the next word
}

} // namespace

std::size_t O200kPreTokenizer::pieceEnd(std::string_view text, std::size_t pos)
{
    const Scanner scanner(text);
    const std::size_t end = scanner.pieceEnd(pos);
    return Q_LIKELY(end > pos) ? end : pos + scanner.at(pos).len; // progress, whatever happens
}

std::vector<std::string_view> O200kPreTokenizer::split(std::string_view text)
{
    std::vector<std::string_view> pieces;
    const Scanner scanner(text);
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = scanner.pieceEnd(pos);
        if (Q_UNLIKELY(end <= pos))
            end = pos + scanner.at(pos).len;
        pieces.push_back(text.substr(pos, end - pos));
        pos = end;
    }
    return pieces;
}

} // namespace Crucible
