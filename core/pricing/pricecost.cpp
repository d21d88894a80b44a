#include "pricing/pricetable.h"

#include <algorithm>
#include <limits>
#include <tuple>

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

constexpr std::int64_t MicroPerUnit = 1'000'000;
constexpr std::int64_t TokensPerPriceUnit = 1'000'000; // prices are per 1M tokens

template <typename T>
void replaceIfSet(T &target, const std::optional<std::int64_t> &value)
{
    if (value)
        target = *value;
}

} // namespace

ModelPrice ModelPrice::forPrompt(std::int64_t promptTokens) const
{
    ModelPrice out = *this;
    out.tiers.clear();
    for (const PriceTier &tier : tiers) { // ascending: the last one below the prompt wins
        if (promptTokens <= tier.promptAbove)
            break;
        replaceIfSet(out.inputMicroPerM, tier.inputMicroPerM);
        replaceIfSet(out.cachedInputMicroPerM, tier.cachedInputMicroPerM);
        replaceIfSet(out.cacheWriteInputMicroPerM, tier.cacheWriteInputMicroPerM);
        replaceIfSet(out.cacheWrite1hInputMicroPerM, tier.cacheWrite1hInputMicroPerM);
        replaceIfSet(out.outputMicroPerM, tier.outputMicroPerM);
        replaceIfSet(out.reasoningMicroPerM, tier.reasoningMicroPerM);
    }
    return out;
}

bool ModelPrice::validAt(const QDateTime &when) const
{
    if (validFrom.isValid() && when < validFrom)
        return false;
    if (validUntil.isValid() && when >= validUntil)
        return false;
    return true;
}

const ModelPrice *PriceTable::find(const QString &provider, const QString &model, const QDateTime &when) const
{
    if (model.isEmpty())
        return nullptr;
    const QDateTime at = when.isValid() ? when.toUTC() : QDateTime::currentDateTimeUtc();
    const QStringList aliases = provider.isEmpty() ? QStringList() : aliasesOf(provider);
    const ModelPrice *best = nullptr;
    // Ranking, most important first: exact id, longer prefix, the provider's own row (not an
    // alias's), later start, has an end (a promotion beats the open-ended list price).
    using Rank = std::tuple<int, qsizetype, int, qint64, int>;
    Rank bestRank{};
    for (const ModelPrice &price : m_prices) {
        const bool own = provider.isEmpty() || price.provider == provider;
        if (!own && !aliases.contains(price.provider))
            continue;
        int exact = 0;
        if (price.model == model) {
            exact = 1;
        } else {
            const qsizetype n = price.model.size();
            if (!(model.size() > n && model.startsWith(price.model) && model.at(n) == u'-'))
                continue;
        }
        if (!price.validAt(at))
            continue;
        const Rank rank{exact, price.model.size(), own ? 1 : 0,
                        price.validFrom.isValid() ? price.validFrom.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min(),
                        price.validUntil.isValid() ? 1 : 0};
        if (!best || rank > bestRank) {
            best = &price;
            bestRank = rank;
        }
    }
    return best;
}

std::optional<std::int64_t> PriceTable::costMicroUsd(const ModelPrice &row, const Usage &usage)
{
    if (!usage.inputTokens || !usage.outputTokens)
        return std::nullopt;
    const std::int64_t input = std::max<std::int64_t>(0, *usage.inputTokens);
    const ModelPrice price = row.forPrompt(input);
    const std::int64_t cached = std::max<std::int64_t>(0, usage.cachedInputTokens.value_or(0));
    const std::int64_t written = std::max<std::int64_t>(0, usage.cacheWriteInputTokens.value_or(0));
    const std::int64_t uncached = std::max<std::int64_t>(0, input - cached - written);
    const std::int64_t output = std::max<std::int64_t>(0, *usage.outputTokens);
    const std::int64_t reasoning = price.reasoningMicroPerM
        ? std::clamp<std::int64_t>(usage.reasoningTokens.value_or(0), 0, output)
        : 0;
    // token × micro$/1M tokens: one sum, one rounding (half up) at the end.
    const std::int64_t scaled = uncached * price.inputMicroPerM
        + cached * price.cachedInputMicroPerM.value_or(price.inputMicroPerM)
        + written * price.cacheWriteInputMicroPerM.value_or(price.inputMicroPerM)
        + (output - reasoning) * price.outputMicroPerM
        + reasoning * price.reasoningMicroPerM.value_or(price.outputMicroPerM);
    return (scaled + TokensPerPriceUnit / 2) / TokensPerPriceUnit;
}

QString formatUsd(std::int64_t microUsd)
{
    const bool negative = microUsd < 0;
    const std::int64_t value = negative ? -microUsd : microUsd;
    QString text;
    if (value < 10'000) { // below one cent: every micro-dollar
        text = u"%1.%2"_s.arg(value / MicroPerUnit).arg(value % MicroPerUnit, 6, 10, QLatin1Char('0'));
    } else {
        const std::int64_t tenThousandths = (value + 50) / 100; // half up
        text = u"%1.%2"_s.arg(tenThousandths / 10'000).arg(tenThousandths % 10'000, 4, 10, QLatin1Char('0'));
    }
    return (negative ? u"-$"_s : u"$"_s) + text;
}

} // namespace Crucible
