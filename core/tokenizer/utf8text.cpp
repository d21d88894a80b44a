#include "utf8text.h"

#include <cstdint>
#include <cstring>

namespace Crucible {

namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";

void appendCodePoint(std::string &out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xC0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xE0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    }
}

/// Length of the well-formed sequence at `i`, or 0; `*valid` gets the length of the maximal
/// subpart (lead byte plus the continuation bytes that were still acceptable), at least 1.
std::size_t sequenceLength(const unsigned char *p, std::size_t n, std::size_t *valid)
{
    const unsigned b0 = p[0];
    *valid = 1;
    if (b0 < 0x80)
        return 1;
    std::size_t need = 0;
    unsigned lo = 0x80, hi = 0xBF; // allowed range of the first continuation byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        if (b0 == 0xE0)
            lo = 0xA0;
        else if (b0 == 0xED)
            hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        if (b0 == 0xF0)
            lo = 0x90;
        else if (b0 == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    for (std::size_t k = 1; k <= need; ++k) {
        if (k >= n)
            return 0;
        const unsigned b = p[k];
        if (b < lo || b > hi)
            return 0;
        lo = 0x80;
        hi = 0xBF;
        *valid = k + 1;
    }
    return need + 1;
}

} // namespace

std::string Utf8Text::fromUtf16(QStringView text)
{
    std::string out;
    out.reserve(std::size_t(text.size()) * 3 / 2 + 16);
    const char16_t *u = text.utf16();
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = u[i];
        if (c < 0x80) {
            out.push_back(char(c));
        } else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) {
            appendCodePoint(out, 0x10000 + ((char32_t(c) - 0xD800) << 10) + (u[i + 1] - 0xDC00));
            ++i;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            out.append(kReplacement, 3);
        } else {
            appendCodePoint(out, c);
        }
    }
    return out;
}

bool Utf8Text::isValid(std::string_view bytes)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) { // ASCII runs, eight bytes at a time
            std::uint64_t v;
            std::memcpy(&v, p + i, 8);
            if ((v & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        std::size_t valid = 0;
        const std::size_t len = sequenceLength(p + i, n - i, &valid);
        if (len == 0)
            return false;
        i += len;
    }
    return true;
}

std::string Utf8Text::sanitized(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size() + 16);
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        std::size_t valid = 0;
        const std::size_t len = sequenceLength(p + i, n - i, &valid);
        if (len == 0) {
            out.append(kReplacement, 3);
            i += valid;
        } else {
            out.append(bytes.data() + i, len);
            i += len;
        }
    }
    return out;
}

} // namespace Crucible
