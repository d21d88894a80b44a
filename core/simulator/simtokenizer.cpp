#include "simulator/simtokenizer.h"

namespace Crucible {

namespace {

constexpr qsizetype MaxWordPiece = 6;
constexpr qsizetype MaxDigits = 3;
constexpr qsizetype MaxPunct = 3;

bool isWideChar(QChar c)
{
    return c.unicode() >= 0x2E80 && c.unicode() < 0xD800; // CJK and friends: ~1 token per char
}

bool isWordChar(QChar c)
{
    return c.isLetter() && !isWideChar(c) && !c.isSurrogate();
}

bool isPunct(QChar c)
{
    return !c.isLetterOrNumber() && !c.isSpace() && !c.isSurrogate() && !isWideChar(c);
}

/// Splits a word of n letters into ceil(n / 6) near-equal pieces.
void appendWord(QStringView word, qsizetype prefix, QStringList &out)
{
    const qsizetype letters = word.size() - prefix;
    const qsizetype parts = (letters + MaxWordPiece - 1) / MaxWordPiece;
    qsizetype pos = 0;
    for (qsizetype i = 0; i < parts; ++i) {
        qsizetype len = letters / parts + (i < letters % parts ? 1 : 0);
        if (i == 0)
            len += prefix;
        out.append(word.mid(pos, len).toString());
        pos += len;
    }
}

} // namespace

QStringList SimTokenizer::pieces(QStringView text)
{
    QStringList out;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const qsizetype start = i;
        const QChar c = text.at(i);
        // one leading space joins the following word, number or punctuation
        const bool spaceLead = c == u' ' && i + 1 < n && !text.at(i + 1).isSpace()
            && !text.at(i + 1).isSurrogate() && !isWideChar(text.at(i + 1));
        const qsizetype body = spaceLead ? i + 1 : i;
        const QChar b = text.at(body);
        if (b == u'\n' || b == u'\r') {
            while (i < n && (text.at(i) == u'\n' || text.at(i) == u'\r'))
                ++i;
            out.append(text.mid(start, i - start).toString());
        } else if (b.isSpace()) {
            qsizetype j = i;
            while (j < n && text.at(j).isSpace() && text.at(j) != u'\n' && text.at(j) != u'\r')
                ++j;
            // leave the run's last space to lead the next word
            if (j - i > 1 && j < n && text.at(j - 1) == u' ' && !text.at(j).isSpace())
                --j;
            i = j;
            out.append(text.mid(start, i - start).toString());
        } else if (b.isHighSurrogate() && body + 1 < n) {
            i = body + 2;
            out.append(text.mid(start, i - start).toString());
        } else if (isWordChar(b)) {
            i = body;
            while (i < n && isWordChar(text.at(i)))
                ++i;
            appendWord(text.mid(start, i - start), body - start, out);
        } else if (b.isDigit()) {
            i = body;
            while (i < n && text.at(i).isDigit() && i - body < MaxDigits)
                ++i;
            out.append(text.mid(start, i - start).toString());
        } else if (b == u'\'' && body + 1 < n && isWordChar(text.at(body + 1))) {
            i = body + 1;
            while (i < n && isWordChar(text.at(i)) && i - body <= 2)
                ++i;
            out.append(text.mid(start, i - start).toString());
        } else if (isPunct(b)) {
            i = body;
            while (i < n && isPunct(text.at(i)) && i - body < MaxPunct)
                ++i;
            out.append(text.mid(start, i - start).toString());
        } else {
            i = body + 1; // wide char, lone surrogate, other
            out.append(text.mid(start, i - start).toString());
        }
    }
    return out;
}

int SimTokenizer::count(QStringView text)
{
    return int(pieces(text).size());
}

} // namespace Crucible
