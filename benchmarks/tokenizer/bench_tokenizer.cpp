// Prints o200k_base load time and single-threaded encode MB/s on a generated mixed-language corpus
// (>= 10 MB, deterministic), per kind of text and overall, beside a baseline run in the same
// process: PCRE2 (JIT) running tiktoken's regex as the pre-tokenizer, with the same BPE.
#include "tokenizer/bytepairmerge.h"
#include "tokenizer/tokenizer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#ifdef CRUCIBLE_HAVE_PCRE2
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

class Generator
{
public:
    explicit Generator(unsigned seed) : m_rng(seed) {}
    std::size_t below(std::size_t n) { return std::size_t(m_rng() % n); }
    template <typename T, std::size_t N>
    const T &pick(const T (&items)[N]) { return items[below(N)]; }

    std::string english(std::size_t bytes)
    {
        static const char *const words[] = {
            "the", "of", "and", "to", "in", "is", "that", "it", "was", "for", "on", "are", "with", "they", "be",
            "at", "one", "have", "this", "from", "by", "hot", "word", "but", "what", "some", "we", "can", "out",
            "other", "were", "all", "there", "when", "up", "use", "your", "how", "said", "each", "she", "which",
            "their", "time", "will", "way", "about", "many", "then", "them", "would", "write", "like", "so",
            "these", "her", "long", "make", "thing", "see", "him", "two", "has", "look", "more", "day", "could",
            "go", "come", "did", "number", "sound", "no", "most", "people", "my", "over", "know", "water",
            "than", "call", "first", "who", "may", "down", "side", "been", "now", "find", "don't", "it's",
            "tokenization", "extraordinarily", "benchmark", "Crucible", "OpenAI", "London", "Tuesday"};
        std::string s;
        while (s.size() < bytes) {
            const std::size_t n = 5 + below(20);
            for (std::size_t i = 0; i < n; ++i) {
                std::string w = pick(words);
                if (i == 0)
                    w[0] = char(std::toupper(static_cast<unsigned char>(w[0])));
                s += w;
                s += i + 1 == n ? pick({". ", "! ", "? ", ".\n\n"}) : below(12) == 0 ? ", " : " ";
            }
        }
        return s;
    }

    std::string code(std::size_t bytes)
    {
        static const char *const parts[] = {"user", "Count", "index", "Buffer", "parse", "Token", "next",
                                            "value", "size", "Map", "get", "HTTP", "Request", "id", "tmp"};
        static const char *const ops[] = {" = ", " += ", " == ", " != ", " && ", " -> ", "->", ".", "::"};
        std::string s;
        int depth = 0;
        while (s.size() < bytes) {
            s.append(std::size_t(depth) * 4, ' ');
            const std::string a = std::string(pick(parts)) + pick(parts);
            const std::string b = std::string(pick(parts)) + "_" + pick(parts);
            switch (below(6)) {
            case 0:
                if (depth < 6) {
                    s += "if (" + a + pick(ops) + b + ") {\n";
                    ++depth;
                    break;
                }
                [[fallthrough]];
            case 1:
                if (depth > 0) {
                    --depth;
                    s.resize(s.size() - 4);
                    s += "}\n";
                    break;
                }
                [[fallthrough]];
            case 2:
                s += "for (int i = 0; i < " + a + ".size(); ++i)\n";
                break;
            case 3:
                s += "return " + a + "(" + b + ", " + std::to_string(below(100000)) + ");\n";
                break;
            case 4:
                s += "// " + english(40) + "\n";
                break;
            default:
                s += "auto " + b + pick(ops) + a + "[" + std::to_string(below(64)) + "];\n";
            }
        }
        return s;
    }

    std::string json(std::size_t bytes)
    {
        static const char *const keys[] = {"id", "name", "created_at", "tokens", "model", "choices", "delta",
                                           "content", "usage", "finish_reason", "index", "logprobs"};
        std::string s = "[\n";
        while (s.size() < bytes) {
            s += "  {\"" + std::string(pick(keys)) + "\": " + std::to_string(below(1000000)) + ", \""
                 + pick(keys) + "\": \"" + english(30 + below(60)) + "\", \"" + pick(keys) + "\": ["
                 + std::to_string(below(100)) + ", " + std::to_string(below(1000)) + "." + std::to_string(below(100))
                 + ", null, true], \"" + pick(keys) + "\": {\"" + pick(keys) + "\": \"chatcmpl-"
                 + std::to_string(below(1u << 30)) + "\"}},\n";
        }
        return s + "]\n";
    }

    std::string fromCodePoints(std::size_t bytes, const std::vector<std::pair<char32_t, char32_t>> &ranges,
                               const std::vector<std::string> &separators, std::size_t maxRun)
    {
        std::string s;
        while (s.size() < bytes) {
            const auto &[lo, hi] = ranges[below(ranges.size())];
            const std::size_t run = 1 + below(maxRun);
            for (std::size_t i = 0; i < run; ++i) {
                const char32_t cp = lo + char32_t(below(hi - lo + 1));
                s += QString::fromUcs4(&cp, 1).toStdString();
            }
            s += separators[below(separators.size())];
        }
        return s;
    }

    std::string cjk(std::size_t bytes)
    {
        return fromCodePoints(bytes, {{0x4E00, 0x62FF}, {0x3041, 0x3093}, {0x30A1, 0x30F3}, {0xAC00, 0xB0FF}},
                              {"", "", "\u3001", "\u3002", "\uFF0C", " ", "\n"}, 6);
    }

    std::string cyrillic(std::size_t bytes)
    {
        static const char *const words[] = {"\u043F\u0440\u0438\u0432\u0435\u0442", "\u043C\u0438\u0440",
                                            "\u0438", "\u0432", "\u043D\u0435", "\u0447\u0442\u043E",
                                            "\u041C\u043E\u0441\u043A\u0432\u0430", "\u0441\u043B\u043E\u0432\u043E",
                                            "\u043F\u0440\u043E\u0433\u0440\u0430\u043C\u043C\u0430",
                                            "\u0434\u0430\u043D\u043D\u044B\u0435", "\u0442\u0435\u043A\u0441\u0442"};
        std::string s;
        while (s.size() < bytes) {
            s += pick(words);
            s += below(10) == 0 ? ".\n" : below(6) == 0 ? ", " : " ";
        }
        return s;
    }

    std::string emoji(std::size_t bytes)
    {
        static const char *const items[] = {"\U0001F600", "\U0001F44D\U0001F3FD", "\U0001F389", " ok ", " nice! ",
                                            "\U0001F468\u200D\U0001F469\u200D\U0001F467", "\u2764\uFE0F", "\n",
                                            " \U0001F680\U0001F680 ", "lol", "\U0001F1E9\U0001F1EA"};
        std::string s;
        while (s.size() < bytes)
            s += pick(items);
        return s;
    }

    std::string numbers(std::size_t bytes)
    {
        std::string s;
        while (s.size() < bytes) {
            s += "2024-" + std::to_string(1 + below(12)) + "-" + std::to_string(1 + below(28)) + ", "
                 + std::to_string(below(10000000)) + ", " + std::to_string(below(1000)) + "."
                 + std::to_string(below(1000000)) + ", -" + std::to_string(below(500)) + "\n";
        }
        return s;
    }

private:
    std::mt19937 m_rng;
};

double mbPerSecond(std::size_t bytes, qint64 nsecs)
{
    return nsecs > 0 ? double(bytes) / 1e6 / (double(nsecs) / 1e9) : 0.0;
}

/// Best of `runs` wall times of `work`, in ns.
template <typename F>
qint64 bestOf(int runs, F &&work)
{
    qint64 best = -1;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        work();
        const qint64 ns = t.nsecsElapsed();
        if (best < 0 || ns < best)
            best = ns;
    }
    return best;
}

#ifdef CRUCIBLE_HAVE_PCRE2
/// The baseline pre-tokenizer: tiktoken's pattern in PCRE2 with JIT (\s spelled as White_Space).
class PcreSplitter
{
public:
    PcreSplitter()
    {
        const std::string ws = "\\t\\n\\x{0B}\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}"
                               "\\x{202F}\\x{205F}\\x{3000}";
        const std::string pattern =
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
            "|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
            "|\\p{N}{1,3}| ?[^" + ws + "\\p{L}\\p{N}]+[\\r\\n/]*|[" + ws + "]*[\\r\\n]+|[" + ws + "]+(?![^" + ws
            + "])|[" + ws + "]+";
        int error = 0;
        PCRE2_SIZE offset = 0;
        m_code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.c_str()), pattern.size(), PCRE2_UTF | PCRE2_UCP,
                               &error, &offset, nullptr);
        m_jit = m_code && pcre2_jit_compile(m_code, PCRE2_JIT_COMPLETE) == 0;
        m_match = pcre2_match_data_create(2, nullptr);
    }
    ~PcreSplitter()
    {
        pcre2_match_data_free(m_match);
        pcre2_code_free(m_code);
    }
    bool jit() const { return m_jit; }

    std::vector<int> encode(const RankTable &ranks, std::string_view text) const
    {
        std::vector<int> ids;
        for (std::size_t pos = 0; pos < text.size();) {
            if (pcre2_match(m_code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), pos, PCRE2_NO_UTF_CHECK,
                            m_match, nullptr) < 0)
                break;
            const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m_match);
            BytePairMerge::encode(ranks, text.substr(ov[0], ov[1] - ov[0]), ids);
            pos = ov[1];
        }
        return ids;
    }

private:
    pcre2_code *m_code = nullptr;
    pcre2_match_data *m_match = nullptr;
    bool m_jit = false;
};
#endif

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);

    QElapsedTimer timer;
    timer.start();
    const auto shared = O200kTokenizer::instance();
    const qint64 firstInstanceNs = timer.nsecsElapsed();
    if (!shared) {
        std::fprintf(stderr, "load failed: %s\n", qPrintable(shared.error().message));
        return 1;
    }
    const O200kTokenizer &tok = *shared.value();
    timer.restart();
    QFile resource(u":/crucible/tokenizers/o200k_base.tiktoken"_s);
    resource.open(QIODevice::ReadOnly);
    const QByteArray raw = resource.readAll();
    const qint64 readNs = timer.nsecsElapsed();
    const qint64 parseNs = bestOf(3, [&] { (void)O200kTokenizer::loadFromData(raw); });
    std::printf("load: first instance() %.1f ms (resource read+decompress %.1f ms, sha256+parse+index %.1f ms)\n",
                double(firstInstanceNs) / 1e6, double(readNs) / 1e6, double(parseNs) / 1e6);

    Generator gen(20250101);
    const std::vector<std::pair<const char *, std::string>> parts = {
        {"english", gen.english(3'000'000)}, {"code", gen.code(2'000'000)},         {"json", gen.json(1'500'000)},
        {"cjk", gen.cjk(1'500'000)},         {"cyrillic", gen.cyrillic(1'000'000)}, {"emoji", gen.emoji(600'000)},
        {"numbers", gen.numbers(900'000)},
    };
    std::string corpus;
    for (const auto &part : parts)
        corpus += part.second;
    std::printf("corpus: %.2f MB (deterministic, seed 20250101)\n\n", double(corpus.size()) / 1e6);

    std::printf("%-10s %9s %12s %12s\n", "text", "MB", "tokens", "MB/s");
    for (const auto &part : parts) {
        const std::string &text = part.second;
        const char *name = part.first;
        std::size_t tokens = 0;
        const qint64 ns = bestOf(3, [&] { tokens = tok.encodeUtf8(text).size(); });
        std::printf("%-10s %9.2f %12zu %12.1f\n", name, double(text.size()) / 1e6, tokens, mbPerSecond(text.size(), ns));
    }

    std::vector<int> ids;
    const qint64 encodeNs = bestOf(3, [&] { ids = tok.encodeUtf8(corpus); });
    qsizetype counted = 0;
    const qint64 countNs = bestOf(3, [&] { counted = tok.countUtf8(corpus); });
    const QString wide = QString::fromStdString(corpus);
    const qint64 utf16Ns = bestOf(3, [&] { (void)tok.encode(wide); });
    std::printf("\nall (single thread): encodeUtf8 %.1f MB/s, count %.1f MB/s, encode(QString) %.1f MB/s; "
                "%zu tokens (count %lld)\n",
                mbPerSecond(corpus.size(), encodeNs), mbPerSecond(corpus.size(), countNs),
                mbPerSecond(corpus.size(), utf16Ns), ids.size(), static_cast<long long>(counted));

    const bool roundTrip = tok.decode(ids) == QByteArray::fromStdString(corpus);
    std::printf("decode(encode(corpus)) == corpus: %s\n", roundTrip ? "yes" : "NO");

#ifdef CRUCIBLE_HAVE_PCRE2
    const PcreSplitter pcre;
    std::vector<int> baselineIds;
    const qint64 baselineNs = bestOf(1, [&] { baselineIds = pcre.encode(tok.ranks(), corpus); });
    std::printf("baseline PCRE2%s regex + same BPE: %.1f MB/s; identical ids: %s\n", pcre.jit() ? " (JIT)" : "",
                mbPerSecond(corpus.size(), baselineNs), baselineIds == ids ? "yes" : "NO");
#else
    std::printf("baseline: built without PCRE2\n");
#endif

    std::string word;
    std::mt19937 rng(7);
    for (int i = 0; i < 100'000; ++i)
        word += char('a' + rng() % 26);
    std::size_t wordTokens = 0;
    const qint64 wordNs = bestOf(1, [&] { wordTokens = tok.encodeUtf8(word).size(); });
    std::printf("one 100k-letter word: %.1f ms, %zu tokens\n", double(wordNs) / 1e6, wordTokens);
    return roundTrip ? 0 : 1;
}
