// Prints MB/s of Crucible::SseParser on a generated ~20 MB SSE stream fed in random slices, side
// by side with a naive baseline (std::string buffer, find("\n\n"), erase from the front) that
// most hand-written clients start with. Both must report the same events (count + checksum).

#include <QByteArray>
#include <QHashFunctions>
#include <QRandomGenerator>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "transport/sseparser.h"

namespace {

struct Tally
{
    std::size_t events = 0;
    std::size_t dataBytes = 0;
    std::uint64_t checksum = 0;
    void add(const char *event, std::size_t eventLen, const char *data, std::size_t dataLen)
    {
        ++events;
        dataBytes += dataLen;
        const std::uint64_t h = qHash(QByteArrayView(event, qsizetype(eventLen)), 1)
            ^ (qHash(QByteArrayView(data, qsizetype(dataLen)), 2) * 31);
        checksum = checksum * 1099511628211ULL + h; // order-sensitive
    }
    bool operator==(const Tally &) const = default;
};

/// Anthropic/OpenAI-like traffic: named events, JSON deltas, keep-alive comments, some
/// multi-line data.
QByteArray generateStream(qsizetype targetBytes)
{
    QRandomGenerator rng(1234);
    const QByteArray eol = "\n";
    QByteArray out;
    out.reserve(targetBytes + 4096);
    static const char *words[] = {"Hello", " world", " the", " quick", " brown", " fox", "\\n", " jumps",
                                  " over", " lazy", " dogs", " and", " tokens", " stream", "!"};
    int n = 0;
    while (out.size() < targetBytes) {
        const quint32 kind = rng.bounded(100);
        if (kind < 3) {
            out += ": keep-alive" + eol + eol;
            continue;
        }
        if (kind < 60)
            out += "event: content_block_delta" + eol;
        QByteArray text;
        for (quint32 i = 0, words_n = 1 + rng.bounded(6); i < words_n; ++i)
            text += words[rng.bounded(int(std::size(words)))];
        out += "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
            + text + "\"},\"n\":" + QByteArray::number(++n) + "}" + eol;
        if (kind >= 97)
            out += "data: {\"continued\":true}" + eol;
        out += eol;
    }
    return out;
}

std::vector<qsizetype> randomSlices(qsizetype total, quint32 maxSlice)
{
    QRandomGenerator rng(77);
    std::vector<qsizetype> sizes;
    for (qsizetype at = 0; at < total;) {
        const qsizetype n = std::min<qsizetype>(1 + rng.bounded(maxSlice), total - at);
        sizes.push_back(n);
        at += n;
    }
    return sizes;
}

Tally runParser(const QByteArray &stream, const std::vector<qsizetype> &slices)
{
    Crucible::SseParser parser;
    std::vector<Crucible::SseEvent> events;
    Tally tally;
    qsizetype at = 0;
    for (qsizetype n : slices) {
        parser.feed(QByteArrayView(stream).sliced(at, n), events);
        at += n;
        for (const auto &e : events)
            tally.add(e.event.constData(), std::size_t(e.event.size()), e.data.constData(),
                      std::size_t(e.data.size()));
        events.clear();
    }
    return tally;
}

/// The naive baseline: LF only, buffer the whole tail, cut on "\n\n", erase from the front.
Tally runNaive(const QByteArray &stream, const std::vector<qsizetype> &slices)
{
    std::string buffer;
    Tally tally;
    qsizetype at = 0;
    for (qsizetype n : slices) {
        buffer.append(stream.constData() + at, std::size_t(n));
        at += n;
        std::size_t end;
        while ((end = buffer.find("\n\n")) != std::string::npos) {
            const std::string block = buffer.substr(0, end);
            buffer.erase(0, end + 2);
            std::string event, data;
            bool hasData = false;
            std::size_t lineStart = 0;
            while (lineStart <= block.size()) {
                std::size_t lineEnd = block.find('\n', lineStart);
                if (lineEnd == std::string::npos)
                    lineEnd = block.size();
                const std::string line = block.substr(lineStart, lineEnd - lineStart);
                lineStart = lineEnd + 1;
                if (line.empty() || line[0] == ':')
                    continue;
                const std::size_t colon = line.find(':');
                const std::string field = line.substr(0, colon);
                std::string value = colon == std::string::npos ? std::string() : line.substr(colon + 1);
                if (!value.empty() && value[0] == ' ')
                    value.erase(0, 1);
                if (field == "data") {
                    if (hasData)
                        data += '\n';
                    data += value;
                    hasData = true;
                } else if (field == "event") {
                    event = value;
                }
            }
            if (hasData)
                tally.add(event.data(), event.size(), data.data(), data.size());
        }
    }
    return tally;
}

template <typename Fn>
double bestMBps(const QByteArray &stream, int rounds, Fn &&fn, Tally &tally)
{
    double best = 0;
    for (int r = 0; r < rounds; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        tally = fn();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best = std::max(best, double(stream.size()) / 1e6 / s);
    }
    return best;
}

} // namespace

int main()
{
    constexpr qsizetype kBytes = 20 * 1000 * 1000;
    constexpr int kRounds = 3;
    const QByteArray lf = generateStream(kBytes);
    const QByteArray crlf = QByteArray(lf).replace("\n", "\r\n"); // same events, Gemini framing

#ifdef NDEBUG
    const char *build = "optimized";
#else
    const char *build = "NOT optimized (configure with -DCMAKE_BUILD_TYPE=Release for real numbers)";
#endif
    std::printf("SSE framing, %.1f MB generated stream, best of %d rounds, %s build\n",
                double(lf.size()) / 1e6, kRounds, build);
    std::printf("%-12s %-34s %10s %10s %12s\n", "slices", "implementation", "MB/s", "events", "checksum");
    bool same = true;
    for (quint32 maxSlice : {64u, 1500u, 16384u}) {
        const auto slices = randomSlices(lf.size(), maxSlice);
        const auto crlfSlices = randomSlices(crlf.size(), maxSlice);
        Tally parser, naive, parserCrlf;
        const double p = bestMBps(lf, kRounds, [&] { return runParser(lf, slices); }, parser);
        const double n = bestMBps(lf, kRounds, [&] { return runNaive(lf, slices); }, naive);
        const double pc = bestMBps(crlf, kRounds, [&] { return runParser(crlf, crlfSlices); }, parserCrlf);
        const QByteArray label = "1.." + QByteArray::number(maxSlice);
        std::printf("%-12s %-34s %10.1f %10zu %12llx\n", label.constData(), "Crucible::SseParser (LF)", p,
                    parser.events, static_cast<unsigned long long>(parser.checksum));
        std::printf("%-12s %-34s %10.1f %10zu %12llx\n", label.constData(), "naive string::find (LF only)", n,
                    naive.events, static_cast<unsigned long long>(naive.checksum));
        std::printf("%-12s %-34s %10.1f %10zu %12llx\n", label.constData(), "Crucible::SseParser (CRLF)", pc,
                    parserCrlf.events, static_cast<unsigned long long>(parserCrlf.checksum));
        std::printf("%-12s speed-up over naive: %.2fx\n", "", p / n);
        same = same && parser == naive && parserCrlf == parser;
    }
    std::printf("results identical across implementations and line ends: %s\n", same ? "yes" : "NO");
    return same ? 0 : 1;
}
