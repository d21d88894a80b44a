#include "compare/jsontext.h"

#include "compare/repeatstats.h"

#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

/// [begin, end) of text without leading and trailing whitespace.
std::pair<qsizetype, qsizetype> trimmedRange(const QString &text, qsizetype begin, qsizetype end)
{
    while (begin < end && text.at(begin).isSpace())
        ++begin;
    while (end > begin && text.at(end - 1).isSpace())
        --end;
    return {begin, end};
}

} // namespace

JsonCandidate jsonCandidate(const QString &answer)
{
    auto [begin, end] = trimmedRange(answer, 0, answer.size());
    const QString fence = u"```"_s;
    const QStringView body(answer.constData() + begin, end - begin);
    if (body.size() >= 6 && body.startsWith(fence) && body.endsWith(fence)) {
        const qsizetype newline = body.indexOf(u'\n');
        if (newline > 0) {
            const QStringView info = body.mid(3, newline - 3).trimmed();
            const QStringView inner = body.mid(newline + 1, body.size() - 3 - (newline + 1));
            const bool knownInfo = info.isEmpty() || info.compare(u"json"_s, Qt::CaseInsensitive) == 0;
            if (newline + 1 <= body.size() - 3 && knownInfo && !inner.contains(fence)) {
                const auto inside = trimmedRange(answer, begin + newline + 1, end - 3);
                begin = inside.first;
                end = inside.second;
            }
        }
    }
    return {answer.mid(begin, end - begin), begin};
}

std::optional<QString> extractJson(const QString &answer)
{
    const QByteArray utf8 = jsonCandidate(answer).text.toUtf8();
    const nlohmann::json doc = nlohmann::json::parse(utf8.cbegin(), utf8.cend(), nullptr, false);
    if (doc.is_discarded())
        return std::nullopt;
    return QString::fromStdString(doc.dump());
}

} // namespace Crucible
