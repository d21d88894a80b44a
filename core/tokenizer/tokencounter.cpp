#include "tokencounter.h"

#include "tokenizer/tokenizer.h"

using namespace Qt::StringLiterals;

namespace Crucible {

QString TokenCount::display() const
{
    return isExact ? QString::number(tokens) : u"≈"_s + QString::number(tokens);
}

bool TokenCounter::isExactFor(QStringView modelId)
{
    QString id = modelId.trimmed().toString().toLower();
    if (id.startsWith(u"openai/"))
        id.remove(0, 7);
    if (id.startsWith(u"ft:"))
        id.remove(0, 3);
    // A family name matches alone or followed by a separator ("o1", "o1-mini", "gpt-4o-2024-08-06",
    // "gpt-5.1"), never as the start of another word ("o10", "gpt-4"  is cl100k and not listed).
    static const QLatin1StringView families[] = {
        "gpt-4o"_L1, "chatgpt-4o"_L1, "gpt-4.1"_L1, "gpt-4.5"_L1, "gpt-5"_L1, "gpt-oss"_L1,
        "o1"_L1,     "o3"_L1,         "o4"_L1,      "codex-mini"_L1,
    };
    for (const QLatin1StringView family : families) {
        if (!id.startsWith(family))
            continue;
        if (id.size() == family.size())
            return true;
        const QChar next = id.at(family.size());
        if (next == u'-' || next == u'.' || next == u':' || next == u'_')
            return true;
    }
    return false;
}

Result<TokenCount> TokenCounter::count(QStringView modelId, QStringView text)
{
    const auto tokenizer = O200kTokenizer::instance();
    if (!tokenizer)
        return tokenizer.error();
    return TokenCount{tokenizer.value()->count(text), isExactFor(modelId)};
}

} // namespace Crucible
